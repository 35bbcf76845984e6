"""Analytics group: tables derived from core for analysts (SQL in pipelines/warehouse.py)."""

import base64
from pathlib import Path

import dagster as dg

from pipelines import charts, freshness
from pipelines import warehouse as wh
from pipelines.partitions import daily_partitions, single_run
from pipelines.resources import ReportsResource, WarehouseResource

# Whole-table rebuilds, partitioned like the pages only so that a backfill of any range is
# one run (mixed partitioning splits a backfill into several runs).
PARTITIONED = {"partitions_def": daily_partitions, "backfill_policy": single_run}

_UPSTREAM = {
    "incidents_enriched": [["core", "incidents"], ["core", "bases"], ["core", "troop_presence"]],
    "daily_attacks": [["core", "incidents"]],
    "base_summary": [["core", "incidents"], ["core", "bases"], ["core", "troop_presence"]],
    "claimant_summary": [["core", "incidents"]],
    "attack_tempo": [["core", "incidents"]],
    "attacks_per_troops": [["core", "incidents"], ["core", "troop_presence"]],
}
_DESCRIPTIONS = {
    "incidents_enriched": "Incidents joined with their base and the troop presence in force on the incident date.",
    "daily_attacks": "Attacks per day and country, by weapon, with projectiles, interceptions and casualties.",
    "base_summary": "Per base: attacks, first and last attack, projectiles, intercept rate, casualties, troops.",
    "claimant_summary": "Per claimant: attacks, bases hit, first and last attack, casualties.",
    "attack_tempo": "Attacks per day and country with a 7-day rolling mean and weekly totals (days without "
                    "attacks included as zeros).",
    "attacks_per_troops": "Attacks per country per 1,000 US and coalition troops present on the incident dates.",
}


def _analytics_asset(name: str) -> dg.AssetsDefinition:
    @dg.asset(key=["analytics", name], group_name="analytics", kinds={"duckdb"}, pool="warehouse",
              deps=[dg.AssetKey(k) for k in _UPSTREAM[name]], description=_DESCRIPTIONS[name], **PARTITIONED)
    def _table(warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            rows = wh.build_analytics(con, name)
            wh.record_build(con, freshness.analytics_name(name), freshness.analytics_inputs(con, name))
            preview = wh.markdown_preview(con, f"SELECT * FROM analytics.{name}")
        return dg.MaterializeResult(metadata={"rows": rows, "preview": dg.MetadataValue.md(preview)})

    return _table




@dg.asset(key=["analytics", "attack_charts"], group_name="analytics", kinds={"duckdb"}, pool="warehouse",
          deps=[dg.AssetKey(["core", "incidents"])], **PARTITIONED)
def attack_charts(warehouse: WarehouseResource, reports: ReportsResource) -> dg.MaterializeResult:
    """Charts of attacks per week by country and weapon, and per base, as PNG files under
    the reports folder; a small copy of each is shown in the asset's metadata."""
    weekly, per_base = (reports.dir / name for name in freshness.CHART_FILES)
    with warehouse.connect() as con:
        drawn_now = wh.last_build(con, freshness.CHARTS) != freshness.charts_inputs(con, reports.dir)
        incidents = con.execute("SELECT incident_date, country, base_id, weapons FROM core.incidents").df()
        if drawn_now:  # else the PNGs on disk already show these incidents
            charts.attacks_per_week(incidents, weekly)
            charts.attacks_per_base(incidents, per_base)
            wh.record_build(con, freshness.CHARTS, freshness.charts_inputs(con, reports.dir))

    def embed(path: Path) -> str:
        return f"![{path.stem}](data:image/png;base64,{base64.b64encode(charts.thumbnail_png(path)).decode()})"

    return dg.MaterializeResult(metadata={
        "weekly_chart": dg.MetadataValue.md(embed(weekly)),
        "base_chart": dg.MetadataValue.md(embed(per_base)),
        "files": dg.MetadataValue.json([str(weekly), str(per_base)]),
        "incidents": len(incidents), "drawn_now": drawn_now,
    })


analytics_assets = [*(_analytics_asset(name) for name in wh.ANALYTICS), attack_charts]
