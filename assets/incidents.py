"""Incidents group: mentions per article (partitioned) and incidents merged across them."""

import dagster as dg
import pandas as pd

from assets._common import check, spec
from pipelines import articles, merge, quality
from pipelines import warehouse as wh
from pipelines.extract import extract_mentions
from pipelines.partitions import daily_partitions, single_run, window
from pipelines.registry import BaseMatcher
from pipelines.resources import WarehouseResource

MENTIONS = ["core", "incident_mentions"]
INCIDENTS = ["core", "incidents"]


@dg.asset(
    key=MENTIONS, group_name="incidents", kinds={"duckdb"}, pool="warehouse",
    deps=[dg.AssetKey(["core", "articles"]), dg.AssetKey(["core", "bases"])],
    partitions_def=daily_partitions, backfill_policy=single_run,
    check_specs=[
        spec("unique_mention_id", MENTIONS, "One row per mention id.", blocking=True),
        spec("base_in_registry", MENTIONS, "Every base_id is a registry base or NULL.", blocking=True),
        spec("vocabularies", MENTIONS, "country, weapons, damage, claimed_by use the contract's words.",
             blocking=True),
        spec("not_after_article", MENTIONS, "No incident is dated after the article reporting it."),
    ],
)
def incident_mentions(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """One row per incident an article of the partition reports, with the sentences each
    fact came from; recaps of earlier attacks are kept with is_background = true."""
    start, end = window(context)
    with warehouse.connect() as con:
        relevant = con.execute("""SELECT article_id, published_date, source, text FROM core.articles
                                  WHERE published_date BETWEEN ? AND ? AND is_relevant""", [start, end]).df()
        matcher = BaseMatcher(con.execute("SELECT * FROM core.bases").df())
    rows: list[dict] = []
    for article in relevant.to_dict("records"):
        article["published_date"] = pd.Timestamp(article["published_date"]).date()
        found = extract_mentions(article["text"], article["published_date"], matcher)
        rows.extend(articles.mention_rows(article, found))
    frame = articles.frame(rows, articles.MENTION_COLUMNS)
    with warehouse.connect() as con:
        wh.replace_window(con, "core.incident_mentions", frame, start, end, key="article_id")
        results = [
            check("unique_mention_id", MENTIONS, quality.duplicate_keys(con, "core.incident_mentions", "mention_id"),
                  blocking=True),
            check("base_in_registry", MENTIONS, quality.unknown_bases(con, "core.incident_mentions"), blocking=True),
            check("vocabularies", MENTIONS, quality.vocabulary_violations(con, "core.incident_mentions"),
                  blocking=True),
            check("not_after_article", MENTIONS, quality.mentions_after_article(con)),
        ]
        preview = wh.markdown_preview(
            con, "SELECT incident_date, base_id, country, weapons, projectiles, is_background "
                 "FROM core.incident_mentions WHERE published_date BETWEEN ? AND ? ORDER BY 1", [start, end])
    news = int((~frame["is_background"].astype(bool)).sum()) if len(frame) else 0
    yield dg.MaterializeResult(metadata={"mentions": len(frame), "news_mentions": news,
                                         "background_mentions": len(frame) - news,
                                         "preview": dg.MetadataValue.md(preview)})
    yield from results


@dg.asset(
    key=INCIDENTS, group_name="incidents", kinds={"duckdb"}, pool="warehouse",
    deps=[dg.AssetKey(MENTIONS)],
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
        mentions = con.execute("SELECT * FROM core.incident_mentions").df()
        previous = con.execute("SELECT * FROM core.incident_links").df()
    for col in ("incident_date", "published_date"):
        mentions[col] = pd.to_datetime(mentions[col]).dt.date
    mentions = mentions.astype(object).where(mentions.notna(), None)
    merged, links = merge.merge_incidents(mentions, previous)
    merged = articles.frame(merged.to_dict("records"), list(merged.columns))
    with warehouse.connect() as con:
        wh.replace_table(con, "core.incidents", merged)
        wh.replace_table(con, "core.incident_links", links)
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
        "incidents": len(merged), "mentions_merged": len(links),
        "by_country": dg.MetadataValue.json({str(c): n for c, n in by_country}),
        "preview": dg.MetadataValue.md(preview)})
    yield from results
