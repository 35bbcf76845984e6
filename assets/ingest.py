"""Ingest, extract and find incidents: one pass over a window's pages (pipelines/page_pass.py).

Four tables come out of the one pass so that each page is read and parsed once: core.pages
and core.fetch_log (ingest), core.articles (extract) and core.incident_mentions
(incidents). The asset can be subset: selecting articles and mentions without pages (as a
registry edit does) re-derives them from the pages already held, without reading sources.
"""

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd

from assets._common import check, spec
from pipelines import freshness, page_pass, quality
from pipelines import warehouse as wh
from pipelines.partitions import daily_partitions, single_run, window
from pipelines.resources import ReportsResource, SourcesResource, WarehouseResource

PAGES = ["core", "pages"]
FETCH_LOG = ["core", "fetch_log"]
ARTICLES = ["core", "articles"]
MENTIONS = ["core", "incident_mentions"]
BASES = dg.AssetKey(["core", "bases"])
# Share of a source's attempts in one run that may fail before the check warns; a few dead
# links are normal, a fifth means the site changed, blocks us or is down.
FAILURE_RATE_WARN = 0.2


@dg.multi_asset(
    specs=[
        dg.AssetSpec(PAGES, group_name="ingest", kinds={"duckdb"}, skippable=True,
                     description="One row per distinct page published in the partition."),
        dg.AssetSpec(FETCH_LOG, group_name="ingest", kinds={"duckdb"}, skippable=True,
                     description="One row per attempt to get a page, archive reads included, with the error."),
        dg.AssetSpec(ARTICLES, group_name="extract", kinds={"duckdb"}, deps=[PAGES, BASES], skippable=True,
                     description="One row per distinct article: text, title, language, relevance, and the "
                                 "extraction error when the page yielded no text."),
        dg.AssetSpec(MENTIONS, group_name="incidents", kinds={"duckdb"}, deps=[ARTICLES, BASES], skippable=True,
                     description="One row per incident an article reports, with the sentences each fact came "
                                 "from; recaps of earlier attacks have is_background = true."),
    ],
    check_specs=[
        spec("unique_article_id", PAGES, "One page row per canonical url.", blocking=True),
        spec("source_failure_rate", FETCH_LOG,
             f"No source had over {FAILURE_RATE_WARN:.0%} of its attempts fail in the run."),
        spec("every_source_available", FETCH_LOG,
             "Every configured source offered pages in the run: the partition is complete."),
        spec("unique_article_id", ARTICLES, "One article row per canonical url.", blocking=True),
        spec("unique_mention_id", MENTIONS, "One row per mention id.", blocking=True),
        spec("base_in_registry", MENTIONS, "Every base_id is a registry base or NULL.", blocking=True),
        spec("vocabularies", MENTIONS, "country, weapons, damage, claimed_by use the contract's words.",
             blocking=True),
        spec("not_after_article", MENTIONS, "No incident is dated after the article reporting it."),
    ],
    partitions_def=daily_partitions,
    backfill_policy=single_run,
    pool="warehouse",
    can_subset=True,
)
def pages_to_mentions(context: dg.AssetExecutionContext, sources: SourcesResource, warehouse: WarehouseResource,
                      reports: ReportsResource) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """Reads the pages the sources offer for the partition's days, extracts each page's
    text and incidents once, and writes pages, fetch log, articles and mentions. Unchanged
    files are not read again and unchanged pages are not extracted again."""
    start, end = window(context)
    selected = context.selected_asset_keys
    read_sources = bool({dg.AssetKey(PAGES), dg.AssetKey(FETCH_LOG)} & selected)
    configured = sources.load()
    with warehouse.connect() as con:
        bases = con.execute("SELECT * FROM core.bases ORDER BY base_id").df()
        done = page_pass.run_pass(con, configured, start, end, sources.cache(), bases, read_sources=read_sources)
        attempts = done.attempts.assign(run_id=context.run_id or str(uuid.uuid4()))
        if read_sources:
            wh.append(con, "core.fetch_log", attempts)
        if nothing_to_record(context, done, attempts, con, reports.dir):
            context.log.info("Nothing changed since the last run: no table rewritten, nothing downstream to "
                             "rebuild; this ephemeral instance records no materialization.")
            return
        per_source = failure_rates(attempts)
        results = _checks(con, selected, configured, attempts, per_source)
        previews = _previews(con, start, end)
    if dg.AssetKey(PAGES) in selected:
        yield dg.MaterializeResult(asset_key=PAGES, metadata={
            "pages": len(done.pages), "window": f"{start} .. {end}", "files_read": done.files_read,
            "files_unchanged": done.files_unchanged, "preview": dg.MetadataValue.md(previews["pages"])})
    if dg.AssetKey(FETCH_LOG) in selected:
        failed = attempts[attempts["error"].notna()]
        yield dg.MaterializeResult(asset_key=FETCH_LOG, metadata={
            "attempts": len(attempts), "failed": len(failed),
            "from_cache": int(attempts["from_cache"].fillna(False).astype(bool).sum()),
            "http_requests": int(pd.to_numeric(attempts["attempts"], errors="coerce").fillna(0).sum()),
            "by_source": dg.MetadataValue.md(per_source.to_markdown(index=False) if len(per_source) else "_none_"),
            "failures": dg.MetadataValue.md(failed[["url", "source", "error"]].head(20).to_markdown(index=False)
                                            if len(failed) else "_none_")})
    if dg.AssetKey(ARTICLES) in selected:
        yield dg.MaterializeResult(asset_key=ARTICLES, metadata={
            **previews["article_counts"], "extracted_now": done.extracted,
            "unchanged_skipped": len(done.pages) - done.extracted, "mentions_redone": done.mentions_redone,
            "stale_removed": done.stale_removed, "window": f"{start} .. {end}",
            "preview": dg.MetadataValue.md(previews["articles"])})
    if dg.AssetKey(MENTIONS) in selected:
        yield dg.MaterializeResult(asset_key=MENTIONS, metadata={
            **previews["mention_counts"], "preview": dg.MetadataValue.md(previews["mentions"])})
    yield from results


def nothing_to_record(context: dg.AssetExecutionContext, done: page_pass.PassSummary, attempts: pd.DataFrame,
                      con: duckdb.DuckDBPyConnection, reports_dir: Path) -> bool:
    """Whether this run may end here, recording nothing: the pass changed no table and
    failed on nothing, every table derived from the mentions is current, and the Dagster
    instance is ephemeral (`basewatch run` without DAGSTER_HOME), so no record of it is
    kept anyway. The steps downstream are then skipped too, which saves a rerun the
    thousands of per-day materialization events that it would otherwise write and discard.
    An instance that keeps history always gets its materializations."""
    return (context.instance.is_ephemeral and done.changed_nothing and not attempts["error"].notna().any()
            and not freshness.stale_derived(con, reports_dir))


def _checks(con: duckdb.DuckDBPyConnection, selected: set[dg.AssetKey], configured: list,
            attempts: pd.DataFrame, per_source: pd.DataFrame) -> list[dg.AssetCheckResult]:
    results = []
    if dg.AssetKey(PAGES) in selected:
        results.append(check("unique_article_id", PAGES, quality.duplicate_keys(con, "core.pages", "article_id"),
                             blocking=True))
    if dg.AssetKey(FETCH_LOG) in selected:
        over = per_source[per_source["failure_rate"] > FAILURE_RATE_WARN]
        results.append(check("source_failure_rate", FETCH_LOG,
                             [f"{r.source}: {r.failed} of {r.attempts} failed ({r.failure_rate:.0%})"
                              for r in over.itertuples()], what="sources"))
        results.append(check("every_source_available", FETCH_LOG, quality.unavailable_sources(configured, attempts),
                             what="sources"))
    if dg.AssetKey(ARTICLES) in selected:
        results.append(check("unique_article_id", ARTICLES,
                             quality.duplicate_keys(con, "core.articles", "article_id"), blocking=True))
    if dg.AssetKey(MENTIONS) in selected:
        results += [
            check("unique_mention_id", MENTIONS, quality.duplicate_keys(con, "core.incident_mentions", "mention_id"),
                  blocking=True),
            check("base_in_registry", MENTIONS, quality.unknown_bases(con, "core.incident_mentions"), blocking=True),
            check("vocabularies", MENTIONS, quality.vocabulary_violations(con, "core.incident_mentions"),
                  blocking=True),
            check("not_after_article", MENTIONS, quality.mentions_after_article(con)),
        ]
    return results


def _previews(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> dict:
    window_ = [start, end]
    total, relevant, errors = con.execute(
        """SELECT count(*), count(*) FILTER (WHERE is_relevant), count(extraction_error) FROM core.articles
           WHERE published_date BETWEEN ? AND ?""", window_).fetchone()
    mentions, news = con.execute(
        """SELECT count(*), count(*) FILTER (WHERE NOT is_background) FROM core.incident_mentions
           WHERE published_date BETWEEN ? AND ?""", window_).fetchone()
    return {
        "pages": wh.markdown_preview(con, "SELECT published_date, source, url FROM core.pages "
                                          "WHERE published_date BETWEEN ? AND ? ORDER BY 1, 3", window_),
        "articles": wh.markdown_preview(con, "SELECT published_date, language, is_relevant, title FROM core.articles "
                                             "WHERE published_date BETWEEN ? AND ? "
                                             "ORDER BY is_relevant DESC, published_date", window_),
        "mentions": wh.markdown_preview(con, "SELECT incident_date, base_id, country, weapons, projectiles, "
                                             "is_background FROM core.incident_mentions "
                                             "WHERE published_date BETWEEN ? AND ? ORDER BY 1", window_),
        "article_counts": {"articles": total, "relevant": relevant, "extraction_errors": errors},
        "mention_counts": {"mentions": mentions, "news_mentions": news, "background_mentions": mentions - news},
    }


def failure_rates(attempts: pd.DataFrame) -> pd.DataFrame:
    """Attempts, failures and failure rate per source in one run's fetch log."""
    if attempts.empty:
        return pd.DataFrame(columns=["source", "attempts", "failed", "failure_rate"])
    grouped = attempts.assign(failed=attempts["error"].notna()).groupby("source", as_index=False).agg(
        attempts=("url", "size"), failed=("failed", "sum"))
    grouped["failure_rate"] = (grouped["failed"] / grouped["attempts"]).round(3)
    return grouped.sort_values("source")
