"""Whether the tables derived from the mentions are current.

A derived table (the merged incidents, each analytics table, the charts) records, when it
is built, a fingerprint of what it was built from: its input tables' contents and the code
that builds it (core.build_state). It is current while its inputs still give that
fingerprint. The merge and the charts use this to skip work; the page pass uses it to tell
a run in which nothing at all changed (see assets/ingest.py).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from pipelines import charts, merge
from pipelines import warehouse as wh

INCIDENTS = "incidents"
CHARTS = "attack_charts"
CHART_FILES = ("attacks_per_week.png", "attacks_per_base.png")


def analytics_name(table: str) -> str:
    return f"analytics.{table}"


def incidents_inputs(con: duckdb.DuckDBPyConnection) -> str:
    """The mentions, the links the last merge left (incident ids are kept stable through
    them) and the merge's code."""
    return wh.fingerprint(con, "core.incident_mentions", "core.incident_links", salt=merge.code_version())


def analytics_inputs(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """Every table the analytics SQL reads, and the SQL itself."""
    sql = hashlib.sha1(wh.ANALYTICS[table].encode()).hexdigest()[:12]
    return wh.fingerprint(con, "core.incidents", "core.bases", "core.troop_presence", salt=sql)


def charts_inputs(con: duckdb.DuckDBPyConnection, reports_dir: Path) -> str:
    """The incidents and the charts' code; a chart file gone from disk never counts as current."""
    present = all((reports_dir / name).exists() for name in CHART_FILES)
    return wh.fingerprint(con, "core.incidents", salt=f"{charts.code_version()}|{reports_dir}|{present}")


def current_inputs(con: duckdb.DuckDBPyConnection, reports_dir: Path) -> dict[str, str]:
    """Each derived table's name and the fingerprint its inputs give now."""
    out = {INCIDENTS: incidents_inputs(con), CHARTS: charts_inputs(con, reports_dir)}
    out.update({analytics_name(table): analytics_inputs(con, table) for table in wh.ANALYTICS})
    return out


def stale_derived(con: duckdb.DuckDBPyConnection, reports_dir: Path) -> list[str]:
    """The derived tables not built from their current inputs (never built ones included)."""
    return [name for name, inputs in current_inputs(con, reports_dir).items()
            if wh.last_build(con, name) != inputs]
