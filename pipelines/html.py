"""From page bytes to text and metadata: charset, canonical url, dates, site, language.

Metadata comes from the page's head in a fixed order (CONTRACT.md): canonical link,
article:published_time and similar meta, JSON-LD datePublished, <time datetime>, the site
name; then a dateline in the visible text. Text comes from trafilatura.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from dataclasses import dataclass

import lxml.html
import trafilatura
from charset_normalizer import from_bytes
from lxml.html import HtmlElement
from trafilatura.settings import Extractor
from trafilatura.utils import load_html

from pipelines.dates import find_dateline, parse_iso_date
from pipelines.textnorm import detect_language

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_DATE_META = ("article:published_time", "og:published_time", "datepublished", "publishdate", "pubdate",
              "date", "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date", "publish-date")


def decode_html(raw: bytes, declared: str | None = None) -> str:
    """Decode page bytes: BOM, then the declared charset (header or meta), then detection.

    A declared charset that fails to decode is a lie (old Arabic sites label windows-1256
    pages as UTF-8), so detection has the last word.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    candidates = []
    meta = _META_CHARSET.search(raw[:4096])
    for name in (declared, meta.group(1).decode("ascii") if meta else None, "utf-8"):
        if name and name.lower() not in candidates:
            candidates.append(name.lower())
    for name in candidates:
        try:
            return raw.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    best = from_bytes(raw).best()
    if best is not None:
        return str(best)
    return raw.decode("cp1256", errors="replace")


@dataclass
class PageMeta:
    url: str | None = None
    published: dt.date | None = None
    published_from: str | None = None  # where the date came from, for the fetch log
    title: str | None = None
    site_name: str | None = None
    language: str | None = None


def _jsonld_objects(scripts: list[HtmlElement]) -> list[dict]:
    found: list[dict] = []
    for script in scripts:
        try:
            data = json.loads(script.text_content() or "")
        except (ValueError, RecursionError):  # a hostile page nests its JSON-LD thousands deep
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                found.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return found


_META_TAGS = ("html", "link", "meta", "script", "time", "h1", "title")


def _meta_elements(doc: HtmlElement) -> dict[str, list[HtmlElement]]:
    """The elements page_metadata reads, in document order, from one walk of the tree
    (each XPath '//' is a walk of its own: seven of them cost as much as the rest of the
    page's bookkeeping)."""
    found: dict[str, list[HtmlElement]] = {tag: [] for tag in _META_TAGS}
    for element in doc.iter(*_META_TAGS):
        found[element.tag].append(element)
    return found


Page = str | HtmlElement  # markup, or the tree parse_html made of it


def parse_html(html: str) -> HtmlElement | None:
    """The page's tree, parsed once with trafilatura's own parser so that metadata, text and
    dateline all read the same tree (three parses cost more than trafilatura itself)."""
    try:
        return load_html(html)
    except (ValueError, TypeError, RecursionError, lxml.etree.ParserError):
        return None


def _tree(page: Page) -> HtmlElement | None:
    return page if isinstance(page, HtmlElement) else parse_html(page)


def page_metadata(page: Page) -> PageMeta:
    """Metadata from the page's own markup (no sidecar, no visible text)."""
    meta = PageMeta()
    doc = _tree(page)
    if doc is None:
        return meta
    found = _meta_elements(doc)
    canonical = [link.get("href") for link in found["link"]
                 if (link.get("rel") or "").lower() == "canonical" and link.get("href") is not None]
    og_url = [el.get("content") for el in found["meta"]
              if el.get("property") == "og:url" and el.get("content") is not None]
    meta.url = (canonical or og_url or [None])[0]
    metas = {}
    for el in found["meta"]:
        if el.get("content") is None:
            continue
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        if key and key not in metas:
            metas[key] = el.get("content")
    for key in _DATE_META:
        date = parse_iso_date(metas.get(key))
        if date:
            meta.published, meta.published_from = date, f"meta {key}"
            break
    scripts = [el for el in found["script"] if el.get("type") == "application/ld+json"]
    jsonld = _jsonld_objects(scripts) if scripts else []
    if meta.published is None:
        for obj in jsonld:
            date = parse_iso_date(obj.get("datePublished") or obj.get("dateCreated"))
            if date:
                meta.published, meta.published_from = date, "json-ld datePublished"
                break
    if meta.published is None:
        for el in found["time"]:
            date = parse_iso_date(el.get("datetime"))
            if date:
                meta.published, meta.published_from = date, "<time datetime>"
                break
    meta.site_name = metas.get("og:site_name") or metas.get("application-name")
    if not meta.site_name:
        for obj in jsonld:
            publisher = obj.get("publisher")
            if isinstance(publisher, dict) and publisher.get("name"):
                meta.site_name = publisher["name"]
                break
    # text nodes of the outermost headings only: a heading inside a heading is read once
    titles = [text for h1 in found["h1"] if next(h1.iterancestors("h1"), None) is None
              for text in h1.xpath(".//text()")]
    title_text = (found["title"][0].text or "") if found["title"] else ""
    meta.title = (metas.get("og:title") or " ".join(t.strip() for t in titles if t.strip())
                  or title_text.strip() or None)
    lang = doc.get("lang") or next((el.get("lang") for el in found["html"] if el.get("lang") is not None), None)
    meta.language = lang.split("-")[0].lower() if lang else None
    return meta


# trafilatura.extract(include_comments=False, include_tables=False, deduplicate=False,
# with_metadata=False), its options built once: building them per call (a ConfigParser read
# of eight settings) costs 0.03 ms a page. trafilatura copies the options before any change
# of its own (the recall retry), so one instance serves every call.
_EXTRACTOR = Extractor(comments=False, tables=False, dedup=False, with_metadata=False)


def extract_text(page: Page) -> str | None:
    """The article's main text (trafilatura), or None when the page has none.

    deduplicate stays off: trafilatura's dedup keeps a process-wide cache of paragraphs it
    has seen, so extracting the same page twice in one process (a rerun, a backfill that
    covers a day again) would return no text the second time.
    """
    text = trafilatura.extract(page, options=_EXTRACTOR)
    if text and _only_link_labels(page, text):
        return None
    return text


# A page with no article gives trafilatura nothing but its menus; their labels are not text.
_MAX_LABEL_LINES = 60


def _only_link_labels(page: Page, text: str) -> bool:
    """Whether every line trafilatura kept is the label of a link (a page of navigation)."""
    lines = {line.strip() for line in text.splitlines() if line.strip()}
    if len(lines) > _MAX_LABEL_LINES:
        return False
    doc = _tree(page)
    if doc is None:
        return False
    labels = {" ".join(a.text_content().split()) for a in doc.iter("a")}
    return all(" ".join(line.lstrip("-•* ").split()) in labels for line in lines)


def _visible_text(page: Page) -> str:
    """The page's visible text without scripts, styles, navigation and footers."""
    doc = _tree(page)
    if doc is None:
        return ""
    doc = copy.deepcopy(doc)  # the caller's tree stays whole
    for element in doc.xpath("//script|//style|//nav|//footer|//aside|//noscript"):
        element.drop_tree()
    # a space between elements: "<span>... 2024</span><p>يشكو" must not read as "2024يشكو"
    return re.sub(r"\s+", " ", " ".join(doc.itertext()))


def dateline(page: Page, today: dt.date, text: str | None = None) -> dt.date | None:
    """A full date written in the visible text, for pages with no date markup: first in the
    article text, then anywhere visible (a byline's "الثلاثاء 16 كانون الثاني 2024" sits
    outside the text trafilatura keeps)."""
    if text is None:
        text = extract_text(page)
    return find_dateline(text or "", today) or find_dateline(_visible_text(page), today)


def language_of(meta: PageMeta, text: str | None, hint: str | None) -> str:
    if text:
        return detect_language(text)
    return meta.language or hint or "en"
