"""From cached page bytes to article rows and incident-mention rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from pipelines.extract import Mention, extract_mentions, is_relevant, mention_id
from pipelines.html import decode_html, extract_text, language_of, page_metadata
from pipelines.registry import BaseMatcher

ARTICLE_COLUMNS = ["article_id", "url", "source", "published_date", "title", "language", "text",
                   "is_relevant", "extraction_error", "content_sha", "extracted_at"]
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
