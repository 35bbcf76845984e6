"""Incidents group: incidents merged across the mentions of every article.

The merge reads every mention, not only the partition's: an incident joins reports from
all outlets and neighbouring days. The asset is partitioned like the pages so that a
backfill of any range is one run; a partition marked materialized means "this day's
mentions are merged in".
"""

import dagster as dg
import pandas as pd

from assets._common import check, spec
from pipelines import articles, freshness, merge, quality
from pipelines import warehouse as wh
from pipelines.partitions import daily_partitions, single_run
from pipelines.resources import WarehouseResource

MENTIONS = ["core", "incident_mentions"]
INCIDENTS = ["core", "incidents"]


@dg.asset(
    key=INCIDENTS, group_name="incidents", kinds={"duckdb"}, pool="warehouse",
    deps=[dg.AssetKey(MENTIONS)], partitions_def=daily_partitions, backfill_policy=single_run,
    check_specs=[
        spec("unique_incident_id", INCIDENTS, "One row per incident id.", blocking=True),
        spec("vocabularies", INCIDENTS, "country, weapons, damage, claimed_by use the contract's words.",
             blocking=True),
        spec("not_after_first_report", INCIDENTS, "No incident is dated after its first report."),
        spec("merge_is_complete", INCIDENTS, "No two incidents that the merge rule would join."),
        spec("traceable", INCIDENTS, "Every incident links to at least one mention.", blocking=True),
        spec("figures_within_range", INCIDENTS, "Each reconciled figure lies within its min and max.",
             blocking=True),
    ],
)
def incidents(warehouse: WarehouseResource):
    """One row per real-world incident: mentions merged across articles and outlets, with
    reconciled figures, their min and max, and a stable incident_id (links in
    core.incident_links)."""
    with warehouse.connect() as con:
        merged_now = wh.last_build(con, freshness.INCIDENTS) != freshness.incidents_inputs(con)
        if merged_now:  # else nothing the merge reads has changed since it last ran
            mentions = con.execute("SELECT * FROM core.incident_mentions").df()
            previous = con.execute("SELECT * FROM core.incident_links").df()
            for col in ("incident_date", "published_date"):
                mentions[col] = pd.to_datetime(mentions[col]).dt.date
            mentions = mentions.astype(object).where(mentions.notna(), None)
            merged, links = merge.merge_incidents(mentions, previous)
            merged = articles.frame(merged.to_dict("records"), list(merged.columns))
            wh.replace_table(con, "core.incidents", merged)
            wh.replace_table(con, "core.incident_links", links)
            wh.record_build(con, freshness.INCIDENTS, freshness.incidents_inputs(con))
        n_incidents, n_links = (wh.count(con, "core.incidents"), wh.count(con, "core.incident_links"))
        results = [
            check("unique_incident_id", INCIDENTS, quality.duplicate_keys(con, "core.incidents", "incident_id"),
                  blocking=True),
            check("vocabularies", INCIDENTS, quality.vocabulary_violations(con, "core.incidents"), blocking=True),
            check("not_after_first_report", INCIDENTS, quality.incidents_after_first_report(con)),
            check("merge_is_complete", INCIDENTS,
                  quality.incidents_the_merge_would_join(con, merge.MERGE_WINDOW_DAYS)),
            check("traceable", INCIDENTS, quality.untraceable_incidents(con), blocking=True),
            check("figures_within_range", INCIDENTS, quality.figures_outside_range(con), blocking=True),
        ]
        by_country = con.execute("SELECT country, count(*) FROM core.incidents GROUP BY 1 ORDER BY 1").fetchall()
        preview = wh.markdown_preview(
            con, "SELECT incident_date, base_id, country, weapons, projectiles, n_articles, n_sources "
                 "FROM core.incidents ORDER BY incident_date", limit=15)
    yield dg.MaterializeResult(metadata={
        "incidents": n_incidents, "mentions_merged": n_links, "merged_now": merged_now,
        "by_country": dg.MetadataValue.json({str(c): n for c, n in by_country}),
        "preview": dg.MetadataValue.md(preview)})
    yield from results
