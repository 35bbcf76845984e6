"""Feeds and sitemaps: parsing, windows, and hostile XML (pure logic, no network)."""

from __future__ import annotations

import datetime as dt
import gzip
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest

from pipelines.discover import (
    MAX_URLS_PER_DOC,
    DiscoveryError,
    DocUnavailable,
    Entry,
    child_outside,
    discover,
    entry_outside,
    inflate,
    named_period,
    parse_document,
)

WEB = Path(__file__).parent / "fixtures" / "web"
BASE = "http://news.test"
OCT = (dt.date(2023, 10, 1), dt.date(2023, 10, 31))


def fixture(name: str) -> bytes:
    return (WEB / name).read_bytes().replace(b"http://SERVER", BASE.encode())


def test_rss_items_give_links_dates_and_titles():
    parsed = parse_document(fixture("feed.xml"), f"{BASE}/feed.xml")
    assert parsed.kind == "rss"
    by_url = {e.url.split("?")[0]: e for e in parsed.entries}
    drones = by_url[f"{BASE}/pages/ar_asad_drones.html"]
    assert (drones.published, drones.date_from, drones.title) == (dt.date(2023, 10, 21), "rss pubDate",
                                                                    "هجوم بمسيرتين على عين الأسد")
    assert by_url[f"{BASE}/pages/ar_alqaeda.html"].published == dt.date(2023, 10, 22)  # dc:date
    assert by_url[f"{BASE}/pages/en_tanf_rockets.html"].published == dt.date(2023, 10, 24)  # guid permalink
    omar = by_url[f"{BASE}/pages/ar_omar_cp1256.html"]  # relative link resolved against the feed
    assert omar.published is None
    assert len(parsed.entries) == 5


def test_atom_entries_use_alternate_links_and_updated_as_an_upper_bound():
    parsed = parse_document(fixture("atom.xml"), f"{BASE}/atom.xml")
    assert parsed.kind == "atom"
    urls = [e.url for e in parsed.entries]
    assert f"{BASE}/media/photo.jpg" not in urls and len(urls) == 3
    tanf, drones, stale = parsed.entries
    assert tanf.published == dt.date(2023, 10, 24) and tanf.date_from == "atom published"
    assert drones.published is None and drones.lastmod == dt.date(2023, 10, 21)
    assert entry_outside(stale, *OCT) and not entry_outside(drones, *OCT)


def test_google_news_sitemap_gives_publication_date_and_news_title_not_image_title():
    parsed = parse_document(fixture("news_sitemap.xml"), f"{BASE}/news_sitemap.xml")
    omar, old = parsed.entries
    assert omar.published == dt.date(2023, 10, 24) and omar.date_from == "news:publication_date"
    assert omar.title == "قصف صاروخي على حقل العمر"
    assert entry_outside(old, *OCT)


def test_sitemap_index_children_outside_the_window_are_skipped_by_name_or_lastmod():
    parsed = parse_document(fixture("sitemap_index.xml"), f"{BASE}/sitemap_index.xml")
    assert parsed.kind == "sitemapindex" and len(parsed.children) == 5
    skipped = {c.url for c in parsed.children if child_outside(c, *OCT)}
    assert skipped == {f"{BASE}/sitemaps/sitemap-2022-01.xml", f"{BASE}/sitemaps/posts.xml?page=7"}


@pytest.mark.parametrize(("url", "period"), [
    ("https://www.aljazeera.com/sitemap.xml?yyyy=2023&mm=10&dd=21", ("2023-10-21", "2023-10-21")),
    ("https://x.test/sitemap-2023-10.xml", ("2023-10-01", "2023-10-31")),
    ("https://x.test/sitemaps/2024/02/sitemap.xml", ("2024-02-01", "2024-02-29")),
    ("https://x.test/sitemap-posts-20231021.xml", ("2023-10-21", "2023-10-21")),
    ("https://x.test/sitemap-2022.xml", ("2022-01-01", "2022-12-31")),
    ("https://x.test/post-sitemap12.xml", None),
    ("https://x.test/sitemap.xml?page=2023", None),
])
def test_named_period(url: str, period: tuple[str, str] | None):
    got = named_period(url)
    assert (None if got is None else (got[0].isoformat(), got[1].isoformat())) == period


def test_malformed_xml_is_a_clear_error():
    with pytest.raises(DiscoveryError, match="malformed XML"):
        parse_document(b"<rss><channel><item><link>http://x.test/a</link></item>", BASE)
    with pytest.raises(DiscoveryError, match="not a feed or sitemap"):
        parse_document(b"<html><body>hello</body></html>", BASE)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://x.test/&lol9;</loc></url></urlset>"""


def test_billion_laughs_is_refused_before_any_expansion():
    tracemalloc.start()
    with pytest.raises(DiscoveryError, match="entity declarations are not allowed"):
        parse_document(BILLION_LAUGHS, BASE)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 5_000_000


def test_an_external_entity_is_refused_and_the_file_is_never_read():
    xxe = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
           b"<rss><channel><item><title>&xxe;</title><link>http://x.test/a</link></item></channel></rss>")
    with pytest.raises(DiscoveryError, match="external entity") as caught:
        parse_document(xxe, BASE)
    assert "root:" not in str(caught.value)


def test_a_gzip_bomb_stops_at_the_cap():
    squeeze = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = squeeze.compress(b"<urlset>") + b"".join(squeeze.compress(b"\0" * 1_048_576) for _ in range(64))
    bomb += squeeze.flush()
    assert len(bomb) < 200_000  # 64 MB inflated from a small download
    started = time.perf_counter()
    with pytest.raises(DiscoveryError, match="gzip bomb"):
        inflate(bomb, max_bytes=8 * 1024 * 1024)
    assert time.perf_counter() - started < 2
    assert inflate(gzip.compress(b"<urlset/>")) == b"<urlset/>"


def test_100k_url_sitemap_is_streamed_capped_and_fast():
    body = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<url><loc>{BASE}/a/{i}</loc><lastmod>2023-10-21</lastmod></url>" for i in range(100_000))
            + "</urlset>").encode()
    packed = gzip.compress(body, 6)
    started = time.perf_counter()
    tracemalloc.start()
    parsed = parse_document(packed, f"{BASE}/big.xml.gz")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    elapsed = time.perf_counter() - started
    assert len(parsed.entries) == MAX_URLS_PER_DOC and parsed.truncated
    assert parsed.entries[-1].url == f"{BASE}/a/{MAX_URLS_PER_DOC - 1}"
    assert elapsed < 10, elapsed  # about 1.5 s traced, 0.7 s untraced
    # the inflated text (~7 MB) and the entries kept; the parsed elements are dropped as we go
    assert peak < 60_000_000, peak


def test_discovery_recurses_guards_cycles_and_skips_dated_children():
    docs = {f"{BASE}/sitemap_index.xml": fixture("sitemap_index.xml"),
            f"{BASE}/sitemaps/sitemap-2023-10.xml.gz": gzip.compress(fixture("sitemap-2023-10.xml")),
            f"{BASE}/news_sitemap.xml": fixture("news_sitemap.xml")}
    asked: list[str] = []

    def fetch(url: str, lastmod: dt.date | None) -> bytes:
        asked.append(url)
        if url not in docs:
            raise DocUnavailable("HTTP 404")
        return docs[url]

    found = discover(f"{BASE}/sitemap_index.xml", fetch, *OCT)
    assert sorted(asked) == sorted(docs)  # the index once, despite listing itself; no skipped child
    assert sorted(found.skipped_children) == [f"{BASE}/sitemaps/posts.xml?page=7",
                                              f"{BASE}/sitemaps/sitemap-2022-01.xml"]
    assert len(found.entries) == 6 and all(d.error is None for d in found.docs)


def test_discovery_records_a_failed_document_and_goes_on():
    def fetch(url: str, lastmod: dt.date | None) -> bytes:
        if url.endswith("index.xml"):
            return (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    b"<sitemap><loc>http://x.test/bad.xml</loc></sitemap>"
                    b"<sitemap><loc>http://x.test/good.xml</loc></sitemap></sitemapindex>")
        if url.endswith("bad.xml"):
            return BILLION_LAUGHS
        return b"<urlset><url><loc>http://x.test/a</loc></url></urlset>"

    found = discover("http://x.test/index.xml", fetch, *OCT)
    assert [e.url for e in found.entries] == ["http://x.test/a"]
    errors = {d.url: d.error for d in found.docs if d.error}
    assert list(errors) == ["http://x.test/bad.xml"] and "entity" in errors["http://x.test/bad.xml"]


def test_entry_outside_window():
    assert entry_outside(Entry("u", published=dt.date(2023, 9, 30)), *OCT)
    assert not entry_outside(Entry("u", published=dt.date(2023, 10, 31)), *OCT)
    # lastmod is an upper bound on publication: after the window says nothing
    assert not entry_outside(Entry("u", lastmod=dt.date(2024, 1, 1)), *OCT)
    assert entry_outside(Entry("u", lastmod=dt.date(2023, 9, 1)), *OCT)
