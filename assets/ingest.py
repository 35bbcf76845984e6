"""Ingest group: the pages sources offer, read into the raw cache, every attempt logged."""

import uuid

import dagster as dg
import pandas as pd

from assets._common import check, spec
from pipelines import ingest, quality
from pipelines import warehouse as wh
from pipelines.partitions import daily_partitions, single_run, window
from pipelines.resources import SourcesResource, WarehouseResource

PAGES = ["core", "pages"]
FETCH_LOG = ["core", "fetch_log"]
# Share of a source's attempts in one run that may fail before the check warns; a few dead
# links are normal, a fifth means the site changed, blocks us or is down.
FAILURE_RATE_WARN = 0.2


@dg.multi_asset(
    specs=[
        dg.AssetSpec(PAGES, group_name="ingest", kinds={"duckdb"},
                     description="One row per distinct page published in the partition, bytes in the raw cache."),
        dg.AssetSpec(FETCH_LOG, group_name="ingest", kinds={"duckdb"},
                     description="One row per attempt to get a page, archive reads included, with the error."),
    ],
    check_specs=[spec("unique_article_id", PAGES, "One page row per canonical url.", blocking=True),
                 spec("source_failure_rate", FETCH_LOG,
                      f"No source had over {FAILURE_RATE_WARN:.0%} of its attempts fail in the run.")],
    partitions_def=daily_partitions,
    backfill_policy=single_run,
    pool="warehouse",
)
def pages(context: dg.AssetExecutionContext, sources: SourcesResource, warehouse: WarehouseResource):
    """Reads every page the configured sources offer and keeps those published in the
    partition's days; undated or unreadable pages go to core.fetch_log with the reason."""
    start, end = window(context)
    rows, log = ingest.collect_pages(sources.load(), start, end, sources.cache())
    frame = pd.DataFrame([r.__dict__ for r in rows], columns=list(ingest.PageRow.__dataclass_fields__))
    attempts = pd.DataFrame(log, columns=[*ingest.FetchAttempt.__dataclass_fields__, "run_id"])
    attempts["run_id"] = context.run_id or str(uuid.uuid4())
    with warehouse.connect() as con:
        wh.replace_window(con, "core.pages", frame, start, end, key="article_id")
        wh.append(con, "core.fetch_log", attempts)
        dupes = quality.duplicate_keys(con, "core.pages", "article_id")
        preview = wh.markdown_preview(
            con, "SELECT published_date, source, url FROM core.pages WHERE published_date BETWEEN ? AND ? "
                 "ORDER BY 1, 3", [start, end])
    failed = attempts[attempts["error"].notna()]
    per_source = failure_rates(attempts)
    yield dg.MaterializeResult(asset_key=PAGES, metadata={
        "pages": len(frame), "window": f"{start} .. {end}", "preview": dg.MetadataValue.md(preview)})
    yield dg.MaterializeResult(asset_key=FETCH_LOG, metadata={
        "attempts": len(attempts), "failed": len(failed),
        "from_cache": int(attempts["from_cache"].fillna(False).astype(bool).sum()),
        "http_requests": int(pd.to_numeric(attempts["attempts"], errors="coerce").fillna(0).sum()),
        "by_source": dg.MetadataValue.md(per_source.to_markdown(index=False) if len(per_source) else "_none_"),
        "failures": dg.MetadataValue.md(failed[["url", "source", "error"]].head(20).to_markdown(index=False)
                                        if len(failed) else "_none_")})
    yield check("unique_article_id", PAGES, dupes, blocking=True)
    over = per_source[per_source["failure_rate"] > FAILURE_RATE_WARN]
    yield check("source_failure_rate", FETCH_LOG,
                [f"{r.source}: {r.failed} of {r.attempts} failed ({r.failure_rate:.0%})" for r in over.itertuples()],
                what="sources")


def failure_rates(attempts: pd.DataFrame) -> pd.DataFrame:
    """Attempts, failures and failure rate per source in one run's fetch log."""
    if attempts.empty:
        return pd.DataFrame(columns=["source", "attempts", "failed", "failure_rate"])
    grouped = attempts.assign(failed=attempts["error"].notna()).groupby("source", as_index=False).agg(
        attempts=("url", "size"), failed=("failed", "sum"))
    grouped["failure_rate"] = (grouped["failed"] / grouped["attempts"]).round(3)
    return grouped.sort_values("source")
