"""Discover and read the pages sources offer for a window of publication dates.

Every page offered is accounted for: it becomes a page row (and later an article), or a
fetch-log row whose error says why not. Raw bytes go to a content-addressed cache so the
extract step reads only from there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from pipelines.dates import parse_iso_date
from pipelines.html import dateline, decode_html, extract_text, page_metadata
from pipelines.sources import (
    Offered,
    Source,
    SourceConfigError,
    archive_pages,
    article_id,
    canonical_url,
    read_archive_file,
)

EARLIEST_PLAUSIBLE = dt.date(2000, 1, 1)


class RawCache:
    """Page bytes stored by their SHA-256 under the raw dir (data/raw/ab/abcd....html)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha: str) -> Path:
        return self.root / sha[:2] / f"{sha}.html"

    def put(self, raw: bytes) -> str:
        sha = hashlib.sha256(raw).hexdigest()
        path = self.path_for(sha)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(raw)
            tmp.replace(path)  # atomic: a killed run never leaves half a page
        return sha

    def get(self, sha: str) -> bytes:
        return self.path_for(sha).read_bytes()


@dataclass
class FetchAttempt:
    url: str
    source: str
    fetched_at: dt.datetime
    status: int | None
    bytes: int | None
    from_cache: bool
    error: str | None
    published_date: dt.date | None = None
    location: str | None = None


@dataclass
class PageRow:
    article_id: str
    url: str
    source: str
    published_date: dt.date
    content_sha: str
    location: str
    title_hint: str | None
    language_hint: str | None
    published_from: str
    note: str | None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def read_offered(offered: Offered, cache: RawCache, today: dt.date) -> tuple[PageRow | None, FetchAttempt]:
    """Read one offered page: a page row, or None and an attempt whose error says why."""
    source = offered.source
    fallback_url = offered.sidecar.get("url") or f"archive://{source.name}/{Path(offered.location).name}"
    attempt = FetchAttempt(url=canonical_url(fallback_url), source=source.name, fetched_at=_now(), status=None,
                           bytes=None, from_cache=False, error=None, location=offered.location)
    try:
        raw = read_archive_file(offered.location)
    except (OSError, ValueError) as exc:
        attempt.error = f"unreadable: {exc}"
        return None, attempt
    attempt.bytes = len(raw)
    if b"\x00" in raw[:1024]:
        attempt.error = "not HTML: binary content"
        return None, attempt
    html = decode_html(raw)
    meta = page_metadata(html)
    url = canonical_url(offered.sidecar.get("url") or meta.url or fallback_url)
    attempt.url = url

    published = parse_iso_date(offered.sidecar.get("published"))
    published_from = "sidecar" if published else None
    if published is None and meta.published is not None:
        published, published_from = meta.published, meta.published_from
    if published is None:
        text = extract_text(html) or ""
        published = dateline(text, today)
        published_from = "dateline in text" if published else None
    if published is None:
        attempt.error = "undated: no date in sidecar, page metadata or visible text"
        return None, attempt
    if published > today or published < EARLIEST_PLAUSIBLE:
        attempt.error = f"implausible publication date {published.isoformat()}"
        return None, attempt
    attempt.published_date = published
    sha = cache.put(raw)
    row = PageRow(
        article_id=article_id(url), url=url, source=offered.sidecar.get("source") or meta.site_name or source.name,
        published_date=published, content_sha=sha, location=offered.location, title_hint=meta.title,
        language_hint=meta.language or source.language, published_from=published_from or "",
        note=offered.sidecar_error,
    )
    return row, attempt


def offered_pages(sources: Iterable[Source]) -> Iterable[Offered]:
    for source in sources:
        if source.kind == "archive":
            yield from archive_pages(source)
        else:
            raise SourceConfigError(f"source {source.name!r}: kind {source.kind!r} needs the HTTP fetcher (issue 5)")


def collect_pages(sources: Iterable[Source], start: dt.date, end: dt.date, cache: RawCache,
                  today: dt.date | None = None) -> tuple[list[PageRow], list[dict]]:
    """Pages published in [start, end] and the fetch log of this window.

    Logged: every page read for the window and every page that could not be dated or read
    (it belongs to no partition, so each run that looks at it says why).
    """
    today = today or dt.date.today()
    pages: dict[str, PageRow] = {}
    log: list[dict] = []
    for offered in offered_pages(sources):
        row, attempt = read_offered(offered, cache, today)
        if row is None:
            log.append(asdict(attempt))
            continue
        if not start <= row.published_date <= end:
            continue
        log.append(asdict(attempt))
        pages.setdefault(row.article_id, row)  # one article per canonical url
    return list(pages.values()), log
