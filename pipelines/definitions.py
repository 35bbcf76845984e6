"""The Dagster Definitions: assets, checks, jobs, the daily schedule and resources.

Runs execute in one process: every asset writes the same DuckDB file, and DuckDB allows
one writing process per file (dagster #16248, #19068). Across runs, the `warehouse`
pool (dagster.yaml) lets one run write at a time.
"""

from __future__ import annotations

import dagster as dg

from assets.analytics import analytics_assets
from assets.incidents import incidents
from assets.ingest import pages_to_mentions
from assets.registry import bases, troop_presence
from pipelines.partitions import daily_partitions
from pipelines.resources import default_resources

ALL_ASSETS = [pages_to_mentions, incidents, bases, troop_presence, *analytics_assets]

# Yesterday's partition of the partitioned assets and everything downstream of them.
daily_refresh = dg.define_asset_job(
    "daily_refresh",
    selection=dg.AssetSelection.all(),
    partitions_def=daily_partitions,
    description="Scrape, extract and merge one day of publications (or a range), then rebuild analytics.",
)
rebuild_analytics = dg.define_asset_job(
    "rebuild_incidents_and_analytics",
    selection=dg.AssetSelection.groups("registry", "analytics") | dg.AssetSelection.assets(["core", "incidents"]),
    partitions_def=daily_partitions,
    description="Re-merge incidents and rebuild the registry and analytics tables without scraping.",
)
# After an edit of data/registry/: the registry and what depends on it, never the pages.
# Articles and mentions are re-derived from stored text (no page is read or extracted).
apply_registry_edit = dg.define_asset_job(
    "apply_registry_edit",
    selection=dg.AssetSelection.groups("registry").downstream() - dg.AssetSelection.groups("ingest"),
    partitions_def=daily_partitions,
    description="Rebuild the registry tables and everything downstream of them, without reading any source.",
)
daily_schedule = dg.build_schedule_from_partitioned_job(daily_refresh, hour_of_day=3, minute_of_hour=0,
                                                         default_status=dg.DefaultScheduleStatus.STOPPED)

defs = dg.Definitions(
    assets=ALL_ASSETS,
    jobs=[daily_refresh, rebuild_analytics, apply_registry_edit],
    schedules=[daily_schedule],
    resources=default_resources(),
    executor=dg.in_process_executor,
)
