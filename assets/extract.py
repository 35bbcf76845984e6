"""Extract group: article text and metadata (trafilatura) for each page in the partition."""

import dagster as dg

from assets._common import check, spec
from pipelines import articles, quality
from pipelines import warehouse as wh
from pipelines.partitions import daily_partitions, single_run, window
from pipelines.registry import BaseMatcher
from pipelines.resources import SourcesResource, WarehouseResource

ARTICLES = ["core", "articles"]


@dg.asset(
    key=ARTICLES, group_name="extract", kinds={"duckdb"}, pool="warehouse",
    deps=[dg.AssetKey(["core", "pages"]), dg.AssetKey(["core", "bases"])],
    partitions_def=daily_partitions, backfill_policy=single_run,
    check_specs=[spec("unique_article_id", ARTICLES, "One article row per canonical url.", blocking=True)],
)
def articles_asset(context: dg.AssetExecutionContext, sources: SourcesResource, warehouse: WarehouseResource):
    """One row per distinct article published in the partition: text, title, language,
    relevance, and the extraction error when the page yielded no text."""
    start, end = window(context)
    cache = sources.cache()
    with warehouse.connect() as con:
        pages = con.execute("SELECT * FROM core.pages WHERE published_date BETWEEN ? AND ? ORDER BY article_id",
                            [start, end]).df()
        matcher = BaseMatcher(con.execute("SELECT * FROM core.bases").df())
    rows = []
    for page in pages.to_dict("records"):
        page["published_date"] = page["published_date"].date() if hasattr(page["published_date"], "date") \
            else page["published_date"]
        rows.append(articles.process_article(page, cache.get(page["content_sha"]), matcher).row)
    frame = articles.frame(rows, articles.ARTICLE_COLUMNS)
    with warehouse.connect() as con:
        wh.replace_window(con, "core.articles", frame, start, end, key="article_id")
        dupes = quality.duplicate_keys(con, "core.articles", "article_id")
        preview = wh.markdown_preview(
            con, "SELECT published_date, language, is_relevant, title FROM core.articles "
                 "WHERE published_date BETWEEN ? AND ? ORDER BY is_relevant DESC, published_date", [start, end])
    relevant = int(frame["is_relevant"].sum()) if len(frame) else 0
    errors = int(frame["extraction_error"].notna().sum()) if len(frame) else 0
    yield dg.MaterializeResult(metadata={
        "articles": len(frame), "relevant": relevant, "extraction_errors": errors,
        "window": f"{start} .. {end}", "preview": dg.MetadataValue.md(preview)})
    yield check("unique_article_id", ARTICLES, dupes, blocking=True)
