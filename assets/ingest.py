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


@dg.multi_asset(
    specs=[
        dg.AssetSpec(PAGES, group_name="ingest", kinds={"duckdb"},
                     description="One row per distinct page published in the partition, bytes in the raw cache."),
        dg.AssetSpec(FETCH_LOG, group_name="ingest", kinds={"duckdb"},
                     description="One row per attempt to get a page, archive reads included, with the error."),
    ],
    check_specs=[spec("unique_article_id", PAGES, "One page row per canonical url.", blocking=True)],
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
    yield dg.MaterializeResult(asset_key=PAGES, metadata={
        "pages": len(frame), "window": f"{start} .. {end}", "preview": dg.MetadataValue.md(preview)})
    yield dg.MaterializeResult(asset_key=FETCH_LOG, metadata={
        "attempts": len(attempts), "failed": len(failed),
        "failures": dg.MetadataValue.md(failed[["url", "error"]].head(20).to_markdown(index=False)
                                        if len(failed) else "_none_")})
    yield check("unique_article_id", PAGES, dupes, blocking=True)
