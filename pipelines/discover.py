"""Find article urls in RSS/Atom feeds and XML sitemaps (plain, index, gzip, Google News).

Pure logic: documents come through a `fetch(url, lastmod)` callable, so this module never
touches the network. XML is parsed with defusedxml on a streaming parser: entity
declarations (billion laughs, external entities) are refused, gzip is inflated under a
size cap, and a sitemap stops at a url cap, so a hostile document costs bounded memory.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qs, urljoin, urlsplit
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_et
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from pipelines.dates import parse_iso_date
from pipelines.sources import canonical_url

MAX_XML_BYTES = 50 * 1024 * 1024   # the sitemap protocol's limit, uncompressed
MAX_URLS_PER_DOC = 50_000          # the sitemap protocol's limit per file
MAX_DOCS_PER_SOURCE = 500          # sitemaps read for one source in one run
MAX_DEPTH = 4                      # index -> index -> ... -> urlset
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


class DiscoveryError(ValueError):
    """A feed or sitemap that cannot be used; the message says why."""


class DocUnavailable(Exception):
    """Raised by a fetch callable when a document could not be fetched (the reason is logged there)."""


@dataclass(frozen=True)
class Entry:
    """A url a feed or sitemap offers, with what the listing says about it."""

    url: str
    published: dt.date | None = None   # the listing's publication date
    date_from: str | None = None       # which field gave it
    title: str | None = None
    lastmod: dt.date | None = None     # last modified: the page was published on or before it


@dataclass
class Parsed:
    kind: str                                            # rss | atom | urlset | sitemapindex
    entries: list[Entry] = field(default_factory=list)   # articles (feeds, urlsets)
    children: list[Entry] = field(default_factory=list)  # sitemaps (indexes)
    truncated: bool = False


@dataclass
class DocOutcome:
    """One feed or sitemap read (or skipped) during discovery."""

    url: str
    kind: str | None
    error: str | None = None
    n_entries: int = 0


@dataclass
class Discovery:
    entries: list[Entry]
    docs: list[DocOutcome]
    skipped_children: list[str]   # dated sitemaps clearly outside the window, not fetched


def inflate(data: bytes, max_bytes: int = MAX_XML_BYTES) -> bytes:
    """Gunzip (or inflate zlib) data when it is compressed, never producing more than max_bytes."""
    if not data.startswith((b"\x1f\x8b", b"\x78\x9c", b"\x78\xda", b"\x78\x01")):
        if len(data) > max_bytes:
            raise DiscoveryError(f"too large: {len(data)} bytes over the cap of {max_bytes}")
        return data
    out = bytearray()
    decoder = zlib.decompressobj(47)  # 32 + 15: gzip or zlib header, detected
    pending = data
    try:
        while pending:
            # max_length bounds each step, so a bomb is stopped after cap+1 bytes, not after inflating
            out += decoder.decompress(pending, max_bytes + 1 - len(out))
            if len(out) > max_bytes:
                raise DiscoveryError(f"gzip bomb: inflates past the cap of {max_bytes} bytes")
            pending = decoder.unconsumed_tail
            if decoder.eof:
                if decoder.unused_data.startswith(b"\x1f\x8b"):  # concatenated gzip members
                    pending, decoder = decoder.unused_data, zlib.decompressobj(47)
                else:
                    break
    except zlib.error as exc:
        raise DiscoveryError(f"corrupt gzip data: {exc}") from exc
    return bytes(out)


def _local(tag: object) -> tuple[str, str]:
    if not isinstance(tag, str):
        return "", ""
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return ns, name.lower()
    return "", tag.lower()


def _text(el: Element | None) -> str | None:
    if el is None or el.text is None:
        return None
    return el.text.strip() or None


def parse_date(value: str | None) -> dt.date | None:
    """A date from W3C/ISO (sitemaps, Atom) or RFC 822 (RSS pubDate), as written in its own offset."""
    if not value:
        return None
    date = parse_iso_date(value)
    if date:
        return date
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _child(el: Element, name: str, ns: str | None = None) -> Element | None:
    for sub in el:
        sub_ns, sub_name = _local(sub.tag)
        if sub_name == name and (ns is None or sub_ns == ns):
            return sub
    return None


def _iter_news(el: Element) -> Iterator[Element]:
    for sub in el.iter():
        if _local(sub.tag)[0] == NEWS_NS:
            yield sub


def _url_entry(el: Element, base: str) -> Entry | None:
    loc = _text(_child(el, "loc"))
    if not loc:
        return None
    published = title = None
    for sub in _iter_news(el):
        name = _local(sub.tag)[1]
        if name == "publication_date":
            published = parse_date(_text(sub))
        elif name == "title":
            title = _text(sub)
    return Entry(url=urljoin(base, loc), published=published,
                 date_from="news:publication_date" if published else None, title=title,
                 lastmod=parse_date(_text(_child(el, "lastmod"))))


def _rss_item(el: Element, base: str) -> Entry | None:
    link = _text(_child(el, "link"))
    guid = _child(el, "guid")
    if not link and guid is not None and (guid.get("isPermaLink") or "true").lower() == "true":
        link = _text(guid)
    if not link:
        return None
    date_from, published = "rss pubDate", parse_date(_text(_child(el, "pubdate")))
    if published is None:
        date_from, published = "dc:date", parse_date(_text(_child(el, "date")))
    return Entry(url=urljoin(base, link), published=published, date_from=date_from if published else None,
                 title=_text(_child(el, "title")))


def _atom_entry(el: Element, base: str) -> Entry | None:
    href = None
    for sub in el:
        if _local(sub.tag)[1] == "link" and (sub.get("rel") or "alternate") == "alternate" and sub.get("href"):
            href = sub.get("href")
            break
    if not href:
        return None
    published = parse_date(_text(_child(el, "published")))
    # <updated> is not a publication date, but the entry was published on or before it
    return Entry(url=urljoin(base, href), published=published, date_from="atom published" if published else None,
                 title=_text(_child(el, "title")), lastmod=parse_date(_text(_child(el, "updated"))))


def parse_document(data: bytes, base_url: str = "", max_urls: int = MAX_URLS_PER_DOC,
                   max_bytes: int = MAX_XML_BYTES) -> Parsed:
    """Parse a feed or sitemap; raises DiscoveryError with the reason when it cannot be used."""
    xml = inflate(data, max_bytes)
    parsed: Parsed | None = None
    root: Element | None = None
    try:
        for event, el in safe_et.iterparse(io.BytesIO(xml), events=("start", "end"), forbid_dtd=False,
                                           forbid_entities=True, forbid_external=True):
            name = _local(el.tag)[1]
            if event == "start":
                if root is None:
                    root = el
                    kind = {"rss": "rss", "rdf": "rss", "feed": "atom", "urlset": "urlset",
                            "sitemapindex": "sitemapindex"}.get(name)
                    if kind is None:
                        raise DiscoveryError(f"not a feed or sitemap: root element <{name}>")
                    parsed = Parsed(kind=kind)
                continue
            assert parsed is not None and root is not None
            entry = None
            is_item = True
            if parsed.kind == "urlset" and name == "url":
                entry = _url_entry(el, base_url)
            elif parsed.kind == "sitemapindex" and name == "sitemap":
                loc = _text(_child(el, "loc"))
                if loc:
                    parsed.children.append(Entry(url=urljoin(base_url, loc),
                                                 lastmod=parse_date(_text(_child(el, "lastmod")))))
            elif parsed.kind == "rss" and name == "item":
                entry = _rss_item(el, base_url)
            elif parsed.kind == "atom" and name == "entry":
                entry = _atom_entry(el, base_url)
            else:
                is_item = False
            if entry is not None:
                parsed.entries.append(entry)
            if is_item:
                # drop what was read so memory stays flat over 100,000 urls
                el.clear()
                if len(root) > 1000:
                    del root[:]
                if len(parsed.entries) + len(parsed.children) >= max_urls:
                    parsed.truncated = True
                    break
    except (EntitiesForbidden, ExternalReferenceForbidden, DTDForbidden) as exc:
        raise DiscoveryError(f"refused XML: entity declarations are not allowed (entity expansion or external "
                             f"entity): {exc}") from exc
    except ParseError as exc:
        raise DiscoveryError(f"malformed XML: {exc}") from exc
    if parsed is None:
        raise DiscoveryError("malformed XML: empty document")
    return parsed


_DAY = re.compile(r"(?<!\d)(20\d\d)[-_/.]?(0[1-9]|1[0-2])[-_/.]?(0[1-9]|[12]\d|3[01])(?!\d)")
_MONTH = re.compile(r"(?<!\d)(20\d\d)[-_/.](0?[1-9]|1[0-2])(?!\d)")
_YEAR = re.compile(r"(?<![\d.])(20\d\d)(?![\d])")


def named_period(url: str) -> tuple[dt.date, dt.date] | None:
    """The days a dated sitemap's name covers (sitemap-2023-10.xml, ?yyyy=2023&mm=10), or None."""
    parts = urlsplit(url)
    query = {k.lower(): v[0] for k, v in parse_qs(parts.query).items()}
    year = query.get("yyyy") or query.get("year")
    if year and year.isdigit():
        month, day = query.get("mm") or query.get("month"), query.get("dd") or query.get("day")
        try:
            if month and month.isdigit() and day and day.isdigit():
                d = dt.date(int(year), int(month), int(day))
                return d, d
            if month and month.isdigit():
                return _month_span(int(year), int(month))
            return dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
        except ValueError:
            return None
    name = parts.path
    try:
        if m := _DAY.search(name):
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := _MONTH.search(name):
            return _month_span(int(m[1]), int(m[2]))
        if m := _YEAR.search(name):
            return dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31)
    except ValueError:
        return None
    return None


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def child_outside(child: Entry, start: dt.date, end: dt.date) -> bool:
    """A child sitemap that clearly holds nothing published in [start, end]."""
    if child.lastmod is not None and child.lastmod < start:
        return True  # not touched since before the window: nothing in it was published in the window
    period = named_period(child.url)
    return period is not None and (period[1] < start or period[0] > end)


def entry_outside(entry: Entry, start: dt.date, end: dt.date) -> bool:
    """An entry whose listing dates put it outside [start, end] (so it need not be fetched)."""
    if entry.published is not None:
        return not start <= entry.published <= end
    return entry.lastmod is not None and entry.lastmod < start


def discover(url: str, fetch: Callable[[str, dt.date | None], bytes], start: dt.date, end: dt.date,
             max_urls: int = MAX_URLS_PER_DOC, max_docs: int = MAX_DOCS_PER_SOURCE) -> Discovery:
    """Every article a feed or sitemap (recursively) offers, with one outcome per document.

    fetch(url, lastmod) returns the document's bytes or raises DocUnavailable.
    """
    entries: list[Entry] = []
    docs: list[DocOutcome] = []
    skipped: list[str] = []
    seen: set[str] = set()
    queue: list[tuple[Entry, int]] = [(Entry(url=url), 0)]
    while queue:
        doc, depth = queue.pop(0)
        key = canonical_url(doc.url)
        if key in seen:
            continue  # an index that lists itself, or two indexes listing one child
        seen.add(key)
        if len(docs) >= max_docs:
            docs.append(DocOutcome(doc.url, None, f"not read: over {max_docs} documents for one source"))
            continue
        try:
            data = fetch(doc.url, doc.lastmod)
        except DocUnavailable as exc:
            docs.append(DocOutcome(doc.url, None, str(exc)))
            continue
        try:
            parsed = parse_document(data, doc.url, max_urls=max_urls)
        except DiscoveryError as exc:
            docs.append(DocOutcome(doc.url, None, str(exc)))
            continue
        outcome = DocOutcome(doc.url, parsed.kind, n_entries=len(parsed.entries) + len(parsed.children))
        if parsed.truncated:
            outcome.error = f"truncated: more than {max_urls} urls, the rest were not read"
        docs.append(outcome)
        entries.extend(parsed.entries)
        for child in parsed.children:
            if depth + 1 > MAX_DEPTH:
                docs.append(DocOutcome(child.url, None, f"not read: sitemap indexes nested over {MAX_DEPTH} deep"))
            elif child_outside(child, start, end):
                skipped.append(child.url)
            else:
                queue.append((child, depth + 1))
    return Discovery(entries=entries, docs=docs, skipped_children=skipped)
