"""Analytics group: tables derived from core for analysts (SQL in pipelines/warehouse.py)."""

import dagster as dg

from pipelines import warehouse as wh
from pipelines.resources import WarehouseResource

_UPSTREAM = {
    "incidents_enriched": [["core", "incidents"], ["core", "bases"], ["core", "troop_presence"]],
    "daily_attacks": [["core", "incidents"]],
    "base_summary": [["core", "incidents"], ["core", "bases"], ["core", "troop_presence"]],
    "claimant_summary": [["core", "incidents"]],
}
_DESCRIPTIONS = {
    "incidents_enriched": "Incidents joined with their base and the troop presence in force on the incident date.",
    "daily_attacks": "Attacks per day and country, by weapon, with projectiles, interceptions and casualties.",
    "base_summary": "Per base: attacks, first and last attack, projectiles, intercept rate, casualties, troops.",
    "claimant_summary": "Per claimant: attacks, bases hit, first and last attack, casualties.",
}


def _analytics_asset(name: str) -> dg.AssetsDefinition:
    @dg.asset(key=["analytics", name], group_name="analytics", kinds={"duckdb"}, pool="warehouse",
              deps=[dg.AssetKey(k) for k in _UPSTREAM[name]], description=_DESCRIPTIONS[name])
    def _table(warehouse: WarehouseResource) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            rows = wh.build_analytics(con, name)
            preview = wh.markdown_preview(con, f"SELECT * FROM analytics.{name}")
        return dg.MaterializeResult(metadata={"rows": rows, "preview": dg.MetadataValue.md(preview)})

    return _table


analytics_assets = [_analytics_asset(name) for name in wh.ANALYTICS]
