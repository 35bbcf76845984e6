"""From cached page bytes to article rows and incident-mention rows."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import pandas as pd

from pipelines.extract import Mention, extract_mentions, is_relevant, mention_id
from pipelines.html import decode_html, extract_text, language_of, page_metadata
from pipelines.ingest import RawCache
from pipelines.registry import BaseMatcher

# Below this many pages a process pool costs more to start than it saves.
PARALLEL_THRESHOLD = 40
BATCH_SIZE = 256

ARTICLE_COLUMNS = ["article_id", "url", "source", "published_date", "title", "language", "text",
                   "is_relevant", "extraction_error", "content_sha", "extracted_at", "extractor_version"]
MENTION_COLUMNS = ["mention_id", "article_id", "incident_date", "base_id", "location_text", "country", "weapons",
                   "projectiles", "intercepted", "killed", "wounded", "damage", "claimed_by", "evidence",
                   "is_background", "claim_only", "casualty_groups", "published_date", "source"]


@dataclass
class ArticleResult:
    row: dict
    mentions: list[Mention]


def process_article(page: dict, raw: bytes, matcher: BaseMatcher) -> ArticleResult:
    """Extract one page's text and incidents. Never raises for a bad page: the reason goes
    into extraction_error and the article row is kept."""
    row = {k: page.get(k) for k in ("article_id", "url", "source", "published_date", "content_sha")}
    row.update(title=page.get("title_hint"), language=page.get("language_hint"), text=None,
               is_relevant=False, extraction_error=None,
               extracted_at=dt.datetime.now(dt.UTC).replace(tzinfo=None))
    mentions: list[Mention] = []
    try:
        html = decode_html(raw)
        meta = page_metadata(html)
        text = extract_text(html)
        row["title"] = row["title"] or meta.title
        row["language"] = language_of(meta, text, page.get("language_hint"))
        if not text or not text.strip():
            row["extraction_error"] = "no article text found in the page"
        else:
            row["text"] = text
            mentions = extract_mentions(text, page["published_date"], matcher)
            row["is_relevant"] = is_relevant(mentions)
    except Exception as exc:  # a hostile page must not stop the run; its reason is kept
        row["extraction_error"] = f"{type(exc).__name__}: {exc}"
    return ArticleResult(row, mentions)


_worker_state: dict = {}


def _init_worker(bases: pd.DataFrame, raw_dir: str) -> None:
    _worker_state["matcher"] = BaseMatcher(bases)
    _worker_state["cache"] = RawCache(Path(raw_dir))


def _process_in_worker(page: dict) -> dict:
    result = process_article(page, _worker_state["cache"].get(page["content_sha"]), _worker_state["matcher"])
    return result.row


def extract_articles(pages: list[dict], bases: pd.DataFrame, cache: RawCache,
                     workers: int | None = None) -> Iterator[list[dict]]:
    """Article rows for pages, in batches, using every core for trafilatura.

    Processes, not threads: trafilatura and lxml hold the GIL for most of their work.
    Pages go to workers by reference (their raw-cache hash), so only small rows cross
    process boundaries, and batches keep memory flat however many pages a backfill has.
    """
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(pages) < PARALLEL_THRESHOLD:
        matcher = BaseMatcher(bases)
        for start in range(0, len(pages), BATCH_SIZE):
            yield [process_article(p, cache.get(p["content_sha"]), matcher).row
                   for p in pages[start:start + BATCH_SIZE]]
        return
    # spawn, not fork: the Dagster process that calls this runs threads of its own
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"), initializer=_init_worker,
                             initargs=(bases, str(cache.root))) as pool:
        for start in range(0, len(pages), BATCH_SIZE):
            yield list(pool.map(_process_in_worker, pages[start:start + BATCH_SIZE], chunksize=8))


def mention_rows(article: dict, mentions: Iterable[Mention]) -> list[dict]:
    rows = []
    seen: dict[tuple, int] = {}
    for mention in mentions:
        key = (mention.incident_date, mention.base_id or mention.location_text)
        ordinal = seen.get(key, 0)
        seen[key] = ordinal + 1
        data = mention.as_dict()
        data["incident_date"] = mention.incident_date
        rows.append({
            **{k: data.get(k) for k in MENTION_COLUMNS if k in data},
            "mention_id": mention_id(article["article_id"], mention, ordinal),
            "article_id": article["article_id"],
            "published_date": article["published_date"],
            "source": article["source"],
        })
    return rows


def frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=columns)
    return out.astype(object).where(out.notna(), None) if not out.empty else out
