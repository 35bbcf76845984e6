"""Extract group: article text and metadata (trafilatura) for each page in the partition."""

import hashlib

import dagster as dg
import pandas as pd

from assets._common import check, spec
from pipelines import articles, quality
from pipelines import warehouse as wh
from pipelines.extract import extractor_version
from pipelines.partitions import daily_partitions, single_run, window
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
    relevance, and the extraction error when the page yielded no text. Pages whose bytes
    and extractor are unchanged since the last run are not extracted again."""
    start, end = window(context)
    with warehouse.connect() as con:
        pages = con.execute("SELECT * FROM core.pages WHERE published_date BETWEEN ? AND ? ORDER BY article_id",
                            [start, end]).df()
        bases = con.execute("SELECT * FROM core.bases ORDER BY base_id").df()
        done = con.execute("""SELECT article_id, content_sha, extractor_version FROM core.articles
                              WHERE published_date BETWEEN ? AND ?""", [start, end]).df()
    version = extractor_version(hashlib.sha1(bases.to_json().encode("utf-8")).hexdigest())
    pages["published_date"] = pd.to_datetime(pages["published_date"]).dt.date
    current = set(zip(done["article_id"], done["content_sha"], done["extractor_version"], strict=True))
    todo = [p | {"version": version} for p in pages.to_dict("records")
            if (p["article_id"], p["content_sha"], version) not in current]
    extracted = 0
    with warehouse.connect() as con:
        for rows in articles.extract_articles(todo, bases, sources.cache()):
            for row in rows:
                row["extractor_version"] = version
            wh.upsert(con, "core.articles", articles.frame(rows, articles.ARTICLE_COLUMNS), key="article_id")
            extracted += len(rows)
        removed = wh.delete_stale(con, "core.articles", start, end, "article_id", pages)
        dupes = quality.duplicate_keys(con, "core.articles", "article_id")
        total, relevant, errors = con.execute(
            """SELECT count(*), count(*) FILTER (WHERE is_relevant), count(extraction_error) FROM core.articles
               WHERE published_date BETWEEN ? AND ?""", [start, end]).fetchone()
        preview = wh.markdown_preview(
            con, "SELECT published_date, language, is_relevant, title FROM core.articles "
                 "WHERE published_date BETWEEN ? AND ? ORDER BY is_relevant DESC, published_date", [start, end])
    yield dg.MaterializeResult(metadata={
        "articles": total, "relevant": relevant, "extraction_errors": errors, "extracted_now": extracted,
        "unchanged_skipped": len(pages) - extracted, "stale_removed": removed,
        "window": f"{start} .. {end}", "preview": dg.MetadataValue.md(preview)})
    yield check("unique_article_id", ARTICLES, dupes, blocking=True)
