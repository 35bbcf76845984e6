"""Discover and read the pages sources offer for a window of publication dates.

Every page offered is accounted for: it becomes a page row (and later an article), or a
fetch-log row whose error says why not. Fetched bytes go to a content-addressed cache;
saved pages stay where they are and are read from there. Archive folders are read from disk; rss and sitemap
sources are discovered (pipelines/discover.py) and fetched (pipelines/fetch.py), hosts in
parallel, each host at its own pace.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from pipelines.dates import parse_iso_date
from pipelines.discover import MAX_XML_BYTES, DocUnavailable, Entry, discover, entry_outside
from pipelines.fetch import PAGE_TYPES, Fetcher, FetchResult, Policy, charset_for
from pipelines.html import PageMeta, dateline, decode_html, extract_text, page_metadata, parse_html
from pipelines.sources import (
    MAX_PAGE_BYTES,
    Source,
    article_id,
    canonical_url,
    read_archive_file,
)

EARLIEST_PLAUSIBLE = dt.date(2000, 1, 1)
MAX_WORKERS = 8  # hosts fetched at once; each host still gets one request at a time


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
            # per-thread name: two hosts may serve the same bytes at the same moment
            tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
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
    kind: str | None = None             # page | feed | sitemap for HTTP sources; None for archive files
    attempts: int | None = None         # HTTP requests made (retries, redirects, robots.txt included)
    requested_url: str | None = None    # the url the feed or sitemap gave, before redirects and rel=canonical


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


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass
class ReadPage:
    """An archive file read and dated: the page row (None when it cannot be used), its
    fetch-log row, and the parsed tree and text so that extraction need not parse again."""

    page: PageRow | None
    attempt: FetchAttempt
    tree: HtmlElement | None = None
    meta: PageMeta | None = None
    text: str | None = None


def read_archive_page(source: str, location: str, today: dt.date, sidecar: dict | None = None,
                      sidecar_error: str | None = None, language: str | None = None) -> ReadPage:
    """Read and date one saved page; a page that cannot be read or dated gets the reason."""
    sidecar = sidecar or {}
    fallback_url = sidecar.get("url") or f"archive://{source}/{Path(location).name}"
    attempt = FetchAttempt(url=canonical_url(fallback_url), source=source, fetched_at=now(), status=None,
                           bytes=None, from_cache=False, error=None, location=location)
    try:
        raw = read_archive_file(location)
    except (OSError, ValueError) as exc:
        attempt.error = f"unreadable: {exc}"
        return ReadPage(None, attempt)
    attempt.bytes = len(raw)
    if b"\x00" in raw[:1024]:
        attempt.error = "not HTML: binary content"
        return ReadPage(None, attempt)
    text = None
    try:
        tree = parse_html(decode_html(raw))
        meta = page_metadata(tree) if tree is not None else PageMeta()
        url = canonical_url(sidecar.get("url") or _web_url(meta.url) or fallback_url)
        attempt.url = url
        published = parse_iso_date(sidecar.get("published"))
        published_from = "sidecar" if published else None
        if published is None and meta.published is not None:
            published, published_from = meta.published, meta.published_from
        if published is None and tree is not None:
            text = extract_text(tree)  # kept: the extract step needs it too
            published = dateline(tree, today, text)
            published_from = "dateline in text" if published else None
    except Exception as exc:  # a hostile page must not stop the run; its reason is kept
        attempt.error = f"unparseable: {type(exc).__name__}: {exc}"
        return ReadPage(None, attempt)
    if published is None:
        attempt.error = "undated: no date in sidecar, page metadata or visible text"
        return ReadPage(None, attempt)
    if published > today or published < EARLIEST_PLAUSIBLE:
        attempt.error = f"implausible publication date {published.isoformat()}"
        return ReadPage(None, attempt)
    attempt.published_date = published
    row = PageRow(
        article_id=article_id(url), url=url, source=sidecar.get("source") or meta.site_name or source,
        published_date=published, content_sha=hashlib.sha256(raw).hexdigest(), location=location,
        title_hint=meta.title, language_hint=meta.language or language, published_from=published_from or "",
        note=sidecar_error,
    )
    return ReadPage(row, attempt, tree, meta, text)


def _web_url(url: str | None) -> str | None:
    """A page's declared url when it is an absolute http(s) url: a saved page's canonical
    link may be relative, a local path or file://, none of which names the article."""
    parts = urlsplit((url or "").strip())
    return url.strip() if url and parts.scheme.lower() in ("http", "https") and parts.netloc else None


def page_policy(source: Source) -> Policy:
    return Policy(allow_private=source.allow_private, rate_limit=source.rate_limit, timeout=source.timeout,
                  max_bytes=MAX_PAGE_BYTES, accept=PAGE_TYPES, max_age=None)  # articles are not revalidated


def doc_policy(source: Source) -> Policy:
    return Policy(allow_private=source.allow_private, rate_limit=source.rate_limit, timeout=source.timeout,
                  max_bytes=MAX_XML_BYTES, accept=(), max_age=dt.timedelta(minutes=source.refresh_minutes))


def discover_source(source: Source, fetcher: Fetcher, start: dt.date, end: dt.date
                    ) -> tuple[list[Entry], list[FetchAttempt]]:
    """The entries a feed or sitemap source lists, and one log row per document read."""
    assert source.url is not None
    results: dict[str, FetchResult] = {}

    def fetch_doc(url: str, lastmod: dt.date | None) -> bytes:
        policy = doc_policy(source)
        record = fetcher.cached(url)
        if record and lastmod and dt.datetime.fromisoformat(record["fetched_at"]).date() > lastmod:
            policy.max_age = None  # the index says this sitemap has not changed since we got it
        result = fetcher.fetch(url, policy)
        results[canonical_url(url)] = result
        if not result.ok:
            raise DocUnavailable(result.error or "no body")
        assert result.body is not None
        return result.body

    found = discover(source.url, fetch_doc, start, end)
    default_kind = "feed" if source.kind == "rss" else "sitemap"
    log = []
    for doc in found.docs:
        result = results.get(canonical_url(doc.url))
        if doc.error and result is not None and result.ok and not doc.error.startswith("truncated"):
            fetcher.forget(doc.url)  # unusable: fetch it again next run rather than trust the cached copy
        log.append(FetchAttempt(
            url=canonical_url(doc.url), source=source.name, fetched_at=now(),
            status=result.status if result else None, bytes=len(result.body) if result and result.body else None,
            from_cache=bool(result and result.from_cache), error=doc.error,
            kind={"rss": "feed", "atom": "feed"}.get(doc.kind or "", "sitemap" if doc.kind else default_kind),
            attempts=result.attempts if result else 0, requested_url=doc.url))
    return [e for e in found.entries if source.wants(e.url)], log


def read_fetched(entry: Entry, source: Source, result: FetchResult, today: dt.date
                 ) -> tuple[PageRow | None, FetchAttempt]:
    """A fetched page: a page row, or None and an attempt whose error says why."""
    attempt = FetchAttempt(url=result.url, source=source.name, fetched_at=now(), status=result.status,
                           bytes=len(result.body) if result.body is not None else None, from_cache=result.from_cache,
                           error=result.error, location=result.final_url, kind="page", attempts=result.attempts,
                           requested_url=entry.url)
    if not result.ok:
        return None, attempt
    raw = result.body
    assert raw is not None and result.sha is not None
    html = decode_html(raw, charset_for(raw, result.charset))
    meta = page_metadata(html)
    url = canonical_url(result.final_url or result.url)
    if meta.url:
        declared = urljoin(url, meta.url.strip())
        if urlsplit(declared).scheme in ("http", "https"):
            url = canonical_url(declared)  # rel=canonical: one article, one row, whatever url led to it
    attempt.url = url
    published, published_from = entry.published, entry.date_from
    if published is None and meta.published is not None:
        published, published_from = meta.published, meta.published_from
    if published is None:
        published = dateline(html, today)
        published_from = "dateline in text" if published else None
    if published is None:
        attempt.error = "undated: no date in the feed or sitemap, page metadata or visible text"
        return None, attempt
    if published > today or published < EARLIEST_PLAUSIBLE:
        attempt.error = f"implausible publication date {published.isoformat()}"
        return None, attempt
    attempt.published_date = published
    row = PageRow(
        article_id=article_id(url), url=url, source=meta.site_name or source.name, published_date=published,
        content_sha=result.sha, location=result.final_url or result.url, title_hint=meta.title or entry.title,
        language_hint=meta.language or source.language, published_from=published_from or "", note=None)
    return row, attempt


def http_pages(sources: list[Source], start: dt.date, end: dt.date, fetcher: Fetcher, today: dt.date,
               workers: int = MAX_WORKERS) -> Iterable[tuple[PageRow | None, FetchAttempt]]:
    """Discover every rss/sitemap source, then fetch the entries that may fall in [start, end].

    Threads work on different hosts; within a host requests go one after another at the
    host's rate. Entries whose listing dates them outside the window are not fetched.
    """
    results: list[tuple[PageRow | None, FetchAttempt]] = []
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="discover") as pool:
        discovered = list(pool.map(lambda s: _discover_safely(s, fetcher, start, end), sources))
    wanted: list[tuple[Entry, Source]] = []
    seen: set[str] = set()
    for source, (entries, log) in zip(sources, discovered, strict=True):
        results.extend((None, attempt) for attempt in log)
        for entry in entries:
            key = canonical_url(entry.url)
            if key in seen or entry_outside(entry, start, end):
                continue
            seen.add(key)
            wanted.append((entry, source))
    by_host: dict[str, list[int]] = {}
    for i, (entry, _) in enumerate(wanted):
        by_host.setdefault(urlsplit(entry.url).netloc.lower(), []).append(i)
    fetched: dict[int, tuple[PageRow | None, FetchAttempt]] = {}

    def run_host(indexes: list[int]) -> None:
        for i in indexes:
            entry, source = wanted[i]
            try:
                fetched[i] = read_fetched(entry, source, fetcher.fetch(entry.url, page_policy(source)), today)
            except Exception as exc:  # a hostile page must not stop the run; its reason is kept
                fetched[i] = (None, FetchAttempt(url=canonical_url(entry.url), source=source.name, fetched_at=now(),
                                                 status=None, bytes=None, from_cache=False, kind="page",
                                                 error=f"failed: {type(exc).__name__}: {exc}",
                                                 requested_url=entry.url))

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch") as pool:
        list(pool.map(run_host, by_host.values()))
    results.extend(fetched[i] for i in range(len(wanted)))  # listing order, whatever thread finished first
    return results


def _discover_safely(source: Source, fetcher: Fetcher, start: dt.date, end: dt.date
                     ) -> tuple[list[Entry], list[FetchAttempt]]:
    try:
        return discover_source(source, fetcher, start, end)
    except Exception as exc:  # one broken source must not stop the others
        return [], [FetchAttempt(url=canonical_url(source.url or ""), source=source.name, fetched_at=now(),
                                 status=None, bytes=None, from_cache=False, kind="feed" if source.kind == "rss"
                                 else "sitemap", error=f"discovery failed: {type(exc).__name__}: {exc}")]


def collect_pages(sources: Iterable[Source], start: dt.date, end: dt.date, cache: RawCache,
                  today: dt.date | None = None, fetcher: Fetcher | None = None) -> tuple[list[PageRow], list[dict]]:
    """Pages of the rss and sitemap sources published in [start, end], and the fetch log
    of every url tried, from the network or the cache. (Archive folders are read by
    pipelines/page_pass.py, which reads each saved page once and only when it changed.)
    """
    today = today or dt.date.today()
    remote = [s for s in sources if s.kind in ("rss", "sitemap")]
    pages: dict[str, PageRow] = {}
    log: list[dict] = []
    if not remote:
        return [], log
    own = fetcher is None
    fetcher = fetcher or Fetcher(cache)
    try:
        for row, attempt in http_pages(remote, start, end, fetcher, today):
            log.append(asdict(attempt))  # a page outside the window was still requested: it is logged
            if row is not None and start <= row.published_date <= end:
                pages.setdefault(row.article_id, row)  # one article per canonical url
    finally:
        if own:
            fetcher.close()
    return list(pages.values()), log
