"""Data-quality rules as SQL over the warehouse; each returns the offending rows.

The asset checks in assets/ run these; tests call them directly.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

COUNTRIES = ("IQ", "SY", "JO")
WEAPONS = ("drone", "rocket", "missile", "mortar", "ied")
DAMAGE = ("none", "damage")
CLAIMANTS = ("islamic_resistance_in_iraq", "kataib_hezbollah", "harakat_al_nujaba", "kataib_sayyid_al_shuhada")


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


def duplicate_keys(con: duckdb.DuckDBPyConnection, table: str, key: str) -> list[tuple]:
    return _rows(con, f"SELECT {key}, count(*) FROM {table} GROUP BY 1 HAVING count(*) > 1 LIMIT 20")


def unknown_bases(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    return _rows(con, f"""SELECT t.base_id, count(*) FROM {table} t
                          WHERE t.base_id IS NOT NULL AND t.base_id NOT IN (SELECT base_id FROM core.bases)
                          GROUP BY 1 LIMIT 20""")


def vocabulary_violations(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    """Rows whose country, weapons, damage or claimed_by fall outside the contract's vocabularies."""
    return _rows(con, f"""
        SELECT * FROM (
          SELECT 'country' AS field, country AS value FROM {table}
           WHERE country IS NOT NULL AND country NOT IN {COUNTRIES}
          UNION ALL SELECT 'weapons', w FROM (SELECT unnest(weapons) AS w FROM {table}) WHERE w NOT IN {WEAPONS}
          UNION ALL SELECT 'damage', damage FROM {table} WHERE damage IS NOT NULL AND damage NOT IN {DAMAGE}
          UNION ALL SELECT 'claimed_by', claimed_by FROM {table}
           WHERE claimed_by IS NOT NULL AND claimed_by NOT IN {CLAIMANTS}
          UNION ALL SELECT 'negative figure', 'row' FROM {table}
           WHERE least(projectiles, intercepted, killed, wounded) < 0
        ) LIMIT 20""")


def mentions_after_article(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return _rows(con, """SELECT mention_id, incident_date, published_date FROM core.incident_mentions
                         WHERE incident_date > published_date LIMIT 20""")


def incidents_after_first_report(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return _rows(con, """SELECT incident_id, incident_date, first_reported FROM core.incidents
                         WHERE incident_date > first_reported LIMIT 20""")


def troop_presence_mismatch(con: duckdb.DuckDBPyConnection, expected: list[tuple]) -> list[str]:
    """Differences between core.troop_presence and the registered rows (country, as_of, us, coalition, n_bases)."""
    have = {tuple(r) for r in _rows(con, """SELECT country, as_of, us_troops, coalition_troops, n_bases
                                             FROM core.troop_presence""")}
    want = {tuple(r) for r in expected}
    problems = [f"missing {row}" for row in sorted(want - have, key=str)]
    problems += [f"unexpected {row}" for row in sorted(have - want, key=str)]
    return problems


def incidents_the_merge_would_join(con: duckdb.DuckDBPyConnection, window_days: int) -> list[tuple]:
    """Pairs of incidents the merge rule would have joined: same base, dates within the
    window, compatible weapons, and no article reporting both (which keeps them apart)."""
    return _rows(con, f"""
        WITH arts AS (
            SELECT l.incident_id, list(DISTINCT m.article_id) AS articles
            FROM core.incident_links l JOIN core.incident_mentions m USING (mention_id) GROUP BY 1)
        SELECT a.incident_id, b.incident_id, a.base_id, a.incident_date, b.incident_date
        FROM core.incidents a JOIN core.incidents b
          ON a.base_id = b.base_id AND a.incident_id < b.incident_id
         AND abs(date_diff('day', a.incident_date, b.incident_date)) <= {int(window_days)}
        LEFT JOIN arts aa ON aa.incident_id = a.incident_id
        LEFT JOIN arts ab ON ab.incident_id = b.incident_id
        WHERE (len(coalesce(a.weapons, [])) = 0 OR len(coalesce(b.weapons, [])) = 0
               OR len(list_intersect(a.weapons, b.weapons)) > 0)
          AND len(list_intersect(coalesce(aa.articles, []), coalesce(ab.articles, []))) = 0
        ORDER BY a.incident_date LIMIT 20""")


def untraceable_incidents(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Incidents with no mention behind them in core.incident_links."""
    return _rows(con, """SELECT i.incident_id FROM core.incidents i
                         WHERE NOT EXISTS (SELECT 1 FROM core.incident_links l
                                           JOIN core.incident_mentions m USING (mention_id)
                                           WHERE l.incident_id = i.incident_id) LIMIT 20""")


def figures_outside_range(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Reconciled figures that fall outside the min..max the reports gave."""
    clauses = " OR ".join(f"NOT ({f} IS NULL OR {f} BETWEEN {f}_min AND {f}_max)"
                          for f in ("projectiles", "intercepted", "killed", "wounded"))
    return _rows(con, f"SELECT incident_id FROM core.incidents WHERE {clauses} LIMIT 20")


def unavailable_sources(sources: Iterable[Any], attempts: pd.DataFrame) -> list[str]:
    """Sources that offered nothing in a run, one line each saying why, so a partition
    built while a source was down is flagged as incomplete.

    `sources` are pipelines.sources.Source; `attempts` is the run's fetch log (url,
    source, error, kind). An archive source is down when its folder is missing, not a
    folder, unreadable or holds no page; a feed or sitemap source when no document of
    it was read without error; any source when every one of its attempts failed.
    """
    problems: list[str] = []
    log = attempts if len(attempts) else pd.DataFrame(columns=["source", "error", "kind"])
    for source in sources:
        mine = log[log["source"] == source.name]
        failed = mine["error"].notna()
        if source.kind == "archive":
            problem = _archive_problem(Path(source.path))
            if problem:
                problems.append(f"{source.name}: {problem}")
                continue
        else:
            docs = mine[mine["kind"].isin(["feed", "sitemap"])] if "kind" in mine else mine.iloc[0:0]
            if docs.empty:
                problems.append(f"{source.name}: no feed or sitemap was read")
                continue
            if docs["error"].notna().all():
                problems.append(f"{source.name}: feed or sitemap unavailable ({docs['error'].iloc[0]})")
                continue
        if len(mine) and failed.all():
            problems.append(f"{source.name}: all {len(mine)} attempts failed ({mine['error'].iloc[0]})")
    return problems


def _archive_problem(folder: Path) -> str | None:
    if not folder.exists():
        return f"folder {folder} is missing"
    if not folder.is_dir():
        return f"{folder} is not a folder"
    try:
        # scandir, not glob: glob hides a permission error as "no files"
        with os.scandir(folder) as entries:
            has_page = any(e.name.endswith(".html") for e in entries)
    except OSError as exc:
        return f"folder {folder} is unreadable ({exc.strerror or exc})"
    return None if has_page else f"folder {folder} holds no *.html page"
