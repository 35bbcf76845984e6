"""rss and sitemap sources end to end: a real server on 127.0.0.1, the real ingest and
warehouse, hostile pages, and a Dagster range run compared with the archive source."""

from __future__ import annotations

import datetime as dt
import gzip
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from pipelines.fetch import Fetcher
from pipelines.ingest import RawCache, collect_pages
from pipelines.resources import ReportsResource, SourcesResource, WarehouseResource
from pipelines.sources import load_sources

from .conftest import FIXTURES, materialize_range

WEB = FIXTURES / "web"
OCT_START, OCT_END = dt.date(2023, 10, 1), dt.date(2023, 10, 31)
TODAY = dt.date(2024, 3, 1)
HTML = "text/html"


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    return ("127.0.0.1", 0)


@pytest.fixture
def site(httpserver: HTTPServer) -> HTTPServer:
    """The test site: robots.txt, feeds, sitemaps (one gzipped) and four article pages.

    Two pages carry a wrong charset header: windows-1256 bytes labelled UTF-8, and UTF-8
    bytes labelled windows-1256.
    """
    httpserver.no_handler_status_code = 404
    base = httpserver.url_for("").rstrip("/").encode()

    def doc(name: str) -> bytes:
        return (WEB / name).read_bytes().replace(b"http://SERVER", base)

    httpserver.expect_request("/robots.txt").respond_with_data(doc("robots.txt"), content_type="text/plain")
    httpserver.expect_request("/feed.xml").respond_with_data(doc("feed.xml"), content_type="application/rss+xml")
    httpserver.expect_request("/atom.xml").respond_with_data(doc("atom.xml"), content_type="application/atom+xml")
    httpserver.expect_request("/sitemap_index.xml").respond_with_data(doc("sitemap_index.xml"),
                                                                      content_type="application/xml")
    httpserver.expect_request("/sitemaps/sitemap-2023-10.xml.gz").respond_with_data(
        gzip.compress(doc("sitemap-2023-10.xml")), content_type="application/x-gzip")
    httpserver.expect_request("/news_sitemap.xml").respond_with_data(doc("news_sitemap.xml"),
                                                                     content_type="application/xml")
    labels = {"ar_omar_cp1256.html": "utf-8", "ar_asad_drones.html": "windows-1256"}
    for page in sorted((WEB / "pages").glob("*.html")):
        content_type = f"{HTML}; charset={labels.get(page.name, 'utf-8')}"
        httpserver.expect_request(f"/pages/{page.name}").respond_with_data(page.read_bytes(),
                                                                           content_type=content_type)
    return httpserver


def write_sources(folder: Path, body: str) -> Path:
    path = folder / "sources.yaml"
    path.write_text("sources:\n" + body, encoding="utf-8")
    return path


def remote(name: str, kind: str, url: str, extra: str = "") -> str:
    return (f"  - name: {name}\n    kind: {kind}\n    url: {url}\n    allow_private: true\n"
            f"    rate_limit: 1000\n{extra}")


def requested(server: HTTPServer) -> list[str]:
    return [r.full_path.rstrip("?") for r, _ in server.log]


class Clock:
    def __init__(self) -> None:
        self.t, self.sleeps = 0.0, []

    def __call__(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.t += seconds


@pytest.fixture
def fetcher(tmp_path: Path) -> Iterator[Fetcher]:
    clock = Clock()
    with Fetcher(RawCache(tmp_path / "raw"), sleep=clock.sleep, clock=clock, jitter=lambda: 0.0) as f:
        yield f


def test_an_rss_source_becomes_pages_and_every_url_tried_is_logged(site: HTTPServer, tmp_path: Path,
                                                                   fetcher: Fetcher):
    sources = load_sources(write_sources(tmp_path, remote("wire", "rss", site.url_for("/feed.xml"))))
    pages, log = collect_pages(sources, OCT_START, OCT_END, fetcher.cache, TODAY, fetcher=fetcher)
    by_title = {p.title_hint.removesuffix(" غرب العراق"): p for p in pages}
    assert len(pages) == 4
    # the feed's date wins; a feed entry without one takes the page's
    assert by_title["هجوم بمسيرتين على عين الأسد"].published_from == "rss pubDate"
    assert by_title["قصف صاروخي على حقل العمر"].published_from == "meta article:published_time"
    assert {p.published_date for p in pages} == {dt.date(2023, 10, 21), dt.date(2023, 10, 22),
                                                 dt.date(2023, 10, 24)}
    # rel=canonical makes the article url, whatever link the feed gave (tracking parameters and all)
    assert by_title["هجوم بمسيرتين على عين الأسد"].url == "https://example-news.test/iraq/asad-drones"
    # the entry dated 1 September is outside the window: never requested
    assert "/pages/old-story.html" not in requested(site)
    assert [(row["kind"], row["error"]) for row in log if row["kind"] == "feed"] == [("feed", None)]
    page_rows = [row for row in log if row["kind"] == "page"]
    assert len(page_rows) == 4 and all(r["status"] == 200 and r["error"] is None for r in page_rows)
    assert all(r["requested_url"].startswith(site.url_for("/pages/")) for r in page_rows)


def test_wrong_charset_headers_still_give_the_right_text(site: HTTPServer, tmp_path: Path, fetcher: Fetcher):
    sources = load_sources(write_sources(tmp_path, remote("wire", "rss", site.url_for("/feed.xml"))))
    pages, _ = collect_pages(sources, OCT_START, OCT_END, fetcher.cache, TODAY, fetcher=fetcher)
    titles = {p.title_hint for p in pages}
    assert "قصف صاروخي على حقل العمر" in titles                # windows-1256 bytes sent as UTF-8
    assert "هجوم بمسيرتين على عين الأسد غرب العراق" in titles   # UTF-8 bytes sent as windows-1256


def test_a_gzip_sitemap_index_that_lists_itself_is_read_once_and_dated_children_are_skipped(
        site: HTTPServer, tmp_path: Path, fetcher: Fetcher):
    sources = load_sources(write_sources(tmp_path, remote(
        "maps", "sitemap", site.url_for("/sitemap_index.xml"), "    exclude: ['/tag/']\n")))
    pages, log = collect_pages(sources, OCT_START, OCT_END, fetcher.cache, TODAY, fetcher=fetcher)
    asked = requested(site)
    assert asked.count("/sitemap_index.xml") == 1
    assert "/sitemaps/sitemap-2023-10.xml.gz" in asked
    assert not any("2022-01" in a or "posts.xml" in a or "/tag/" in a or "old-story" in a for a in asked)
    assert len(pages) == 4
    omar = next(p for p in pages if p.url == "https://old-site.test/news/9911")
    assert omar.published_from == "news:publication_date"
    docs = [(r["requested_url"].rsplit("/", 1)[1], r["error"]) for r in log if r["kind"] == "sitemap"]
    assert sorted(docs) == [("news_sitemap.xml", None), ("sitemap-2023-10.xml.gz", None),
                            ("sitemap_index.xml", None)]


def in_turn(*responses: Response) -> Callable[[Request], Response]:
    queue = list(responses)
    return lambda request: queue.pop(0) if len(queue) > 1 else queue[0]


def hostile_feed(server: HTTPServer) -> str:
    items = ["ok", "gone", "flaky", "busy", "private/secret", "huge", "report.pdf", "loop", "undated"]
    return ("<rss><channel>" + "".join(
        f"<item><link>{server.url_for('/h/' + name if '/' not in name else '/' + name)}</link>"
        "<pubDate>Sat, 21 Oct 2023 10:00:00 GMT</pubDate></item>" for name in items)
        + "</channel></rss>")


def test_hostile_pages_are_logged_with_their_reason_and_retried_next_run(site: HTTPServer, tmp_path: Path,
                                                                          fetcher: Fetcher):
    page = b"<html><head><title>Rockets</title></head><body><p>Rockets hit a base.</p></body></html>"
    site.expect_request("/hostile.xml").respond_with_data(hostile_feed(site), content_type="application/rss+xml")
    site.expect_request("/h/ok").respond_with_data(page, content_type=HTML)
    site.expect_request("/h/gone").respond_with_data("", status=404)
    site.expect_request("/h/flaky").respond_with_handler(in_turn(Response("", status=500),
                                                                 Response(page.replace(b"Rockets", b"Shells"),
                                                                          content_type=HTML)))
    site.expect_request("/h/busy").respond_with_handler(in_turn(
        Response("", status=429, headers={"Retry-After": "5"}),
        Response(page.replace(b"Rockets", b"Drones"), content_type=HTML)))
    site.expect_request("/h/huge").respond_with_data(b"<html>" + b" " * (6 * 1024 * 1024), content_type=HTML)
    site.expect_request("/h/report.pdf").respond_with_data(b"%PDF-1.4", content_type="application/pdf")
    site.expect_request("/h/loop").respond_with_data("", status=302, headers={"Location": "/h/loop"})
    site.expect_request("/h/undated").respond_with_data(b"<html><body><p>no date</p></body></html>",
                                                        content_type=HTML)
    sources = load_sources(write_sources(tmp_path, remote("hostile", "rss", site.url_for("/hostile.xml"))))
    pages, log = collect_pages(sources, OCT_START, OCT_END, fetcher.cache, TODAY, fetcher=fetcher)
    errors = {r["requested_url"].rsplit("/", 1)[1]: r["error"] for r in log if r["kind"] == "page"}
    assert errors["ok"] is None and errors["flaky"] is None and errors["busy"] is None
    assert errors["gone"] == "HTTP 404"
    assert errors["secret"] == "refused: disallowed by robots.txt"
    assert errors["huge"].startswith("too large: Content-Length")
    assert errors["report.pdf"] == "not HTML: content type 'application/pdf'"
    assert errors["loop"].startswith("redirect loop")
    assert errors["undated"] is None  # no date in the page, but its feed entry has one
    attempts = {r["requested_url"].rsplit("/", 1)[1]: r["attempts"] for r in log if r["kind"] == "page"}
    assert attempts["flaky"] == 2 and attempts["busy"] == 2
    assert len(pages) == 4  # ok, flaky, busy, undated (dated by its feed entry)
    assert {p.title_hint for p in pages} == {"Rockets", "Shells", "Drones", None}
    assert "/private/secret" not in requested(site)

    # next run: the failures are asked for again, the successes come from the cache
    before = requested(site)
    _, again = collect_pages(sources, OCT_START, OCT_END, fetcher.cache, TODAY, fetcher=fetcher)
    new = requested(site)[len(before):]
    assert sorted(new) == ["/h/gone", "/h/huge", "/h/loop", "/h/report.pdf"]
    cached = {r["requested_url"].rsplit("/", 1)[1] for r in again if r["from_cache"]}
    assert {"ok", "flaky", "busy", "undated", "hostile.xml"} <= cached


def test_broken_feeds_are_logged_and_the_other_sources_go_on(site: HTTPServer, tmp_path: Path, fetcher: Fetcher):
    site.expect_request("/broken.xml").respond_with_data("<rss><channel><item>", content_type="application/xml")
    site.expect_request("/laughs.xml").respond_with_data(
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><rss>&b;</rss>',
        content_type="application/xml")
    site.expect_request("/xxe.xml").respond_with_data(
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><item>'
        "<link>&x;</link></item></channel></rss>", content_type="application/xml")
    body = (remote("broken", "rss", site.url_for("/broken.xml")) + remote("laughs", "rss", site.url_for("/laughs.xml"))
            + remote("xxe", "rss", site.url_for("/xxe.xml")) + remote("down", "sitemap", site.url_for("/none.xml"))
            + remote("wire", "rss", site.url_for("/atom.xml")))
    sources = load_sources(write_sources(tmp_path, body))
    pages, log = collect_pages(sources, OCT_START, OCT_END, fetcher.cache, TODAY, fetcher=fetcher)
    errors = {r["source"]: r["error"] for r in log if r["kind"] in ("feed", "sitemap")}
    assert errors["broken"].startswith("malformed XML")
    assert "entity declarations are not allowed" in errors["laughs"]
    assert "entity declarations are not allowed" in errors["xxe"] and "root:" not in errors["xxe"]
    assert errors["down"] == "HTTP 404" and errors["wire"] is None
    assert len(pages) == 2  # the Atom feed's two entries in October; the stale one is not fetched
    assert "/pages/stale.html" not in requested(site)
    # an unusable feed is not kept as a good copy: the next run asks for it again
    assert fetcher.cached(site.url_for("/broken.xml")) is None


def test_a_url_resolving_to_loopback_is_refused_without_allow_private(site: HTTPServer, tmp_path: Path,
                                                                      fetcher: Fetcher):
    url = site.url_for("/feed.xml").replace("127.0.0.1", "localhost")
    sources = load_sources(write_sources(tmp_path, f"  - name: public\n    kind: rss\n    url: {url}\n"))
    pages, log = collect_pages(sources, OCT_START, OCT_END, fetcher.cache, TODAY, fetcher=fetcher)
    assert pages == [] and site.log == []
    assert "a loopback address" in log[0]["error"] and log[0]["source"] == "public"


# -- through Dagster, on a real DuckDB file --------------------------------------------

ARTICLE_COLUMNS = "article_id, url, source, published_date, title, language, text, is_relevant, extraction_error"
MENTION_COLUMNS = "* EXCLUDE (published_date)"


def resources_for(folder: Path, sources_file: Path) -> dict:
    return {"warehouse": WarehouseResource(path=str(folder / "warehouse.duckdb")),
            "sources": SourcesResource(sources_file=str(sources_file), raw_dir=str(folder / "raw")),
            "reports": ReportsResource(path=str(folder / "reports"))}


def table(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return sorted(con.execute(sql).fetchall(), key=repr)


def test_a_range_run_over_a_feed_fills_the_tables_as_the_archive_does_and_a_rerun_fetches_nothing(
        site: HTTPServer, tmp_path: Path):
    archive_dir, web_dir = tmp_path / "archive_run", tmp_path / "web_run"
    archive_dir.mkdir()
    web_dir.mkdir()
    shutil.copytree(WEB / "pages", archive_dir / "pages")
    archive = write_sources(archive_dir, "  - name: wire\n    kind: archive\n    path: pages\n")
    web = write_sources(web_dir, remote("wire", "rss", site.url_for("/feed.xml")))
    assert materialize_range(resources_for(archive_dir, archive), "2023-10-01", "2023-10-31").success
    result = materialize_range(resources_for(web_dir, web), "2023-10-01", "2023-10-31")
    assert result.success
    a_db, w_db = archive_dir / "warehouse.duckdb", web_dir / "warehouse.duckdb"
    articles = table(w_db, f"SELECT {ARTICLE_COLUMNS} FROM core.articles")
    assert len(articles) == 4 and sum(1 for a in articles if a[7]) == 3
    assert articles == table(a_db, f"SELECT {ARTICLE_COLUMNS} FROM core.articles")
    mentions = table(w_db, f"SELECT {MENTION_COLUMNS} FROM core.incident_mentions")
    assert mentions and mentions == table(a_db, f"SELECT {MENTION_COLUMNS} FROM core.incident_mentions")
    assert table(w_db, "SELECT * EXCLUDE (first_reported) FROM core.incidents") == \
        table(a_db, "SELECT * EXCLUDE (first_reported) FROM core.incidents")
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks["source_failure_rate"] is True

    served = len(site.log)
    again = materialize_range(resources_for(web_dir, web), "2023-10-01", "2023-10-31")
    assert again.success
    assert len(site.log) == served  # nothing asked of the server: feed, robots.txt and pages all cached
    with duckdb.connect(str(w_db), read_only=True) as con:
        last = con.execute("""SELECT bool_and(from_cache), sum(attempts), count(*) FROM core.fetch_log
                              WHERE run_id = ?""", [again.run_id]).fetchone()
    assert last == (True, 0, 5)  # the feed and its four pages
    assert table(w_db, f"SELECT {ARTICLE_COLUMNS} FROM core.articles") == articles


def test_a_source_failing_past_the_threshold_is_named_by_the_check(site: HTTPServer, tmp_path: Path):
    site.expect_request("/dead.xml").respond_with_data(
        "<rss><channel>" + "".join(f"<item><link>{site.url_for(f'/dead/{i}')}</link></item>" for i in range(4))
        + "</channel></rss>", content_type="application/rss+xml")
    body = remote("wire", "rss", site.url_for("/feed.xml")) + remote("dead", "rss", site.url_for("/dead.xml"))
    result = materialize_range(resources_for(tmp_path, write_sources(tmp_path, body)), "2023-10-01", "2023-10-31")
    assert result.success  # a warning, not a failed run
    evaluation = next(e for e in result.get_asset_check_evaluations() if e.check_name == "source_failure_rate")
    assert not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.WARN
    offending = evaluation.metadata["offending sources"].text
    assert offending == "dead: 4 of 5 failed (80%)"
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
        reasons = con.execute("SELECT DISTINCT error FROM core.fetch_log WHERE source = 'dead' AND kind = 'page'"
                              ).fetchall()
    assert reasons == [("HTTP 404",)]


def test_the_example_sources_file_loads_with_real_feeds_and_sitemaps():
    from pipelines.config import DATA_DIR

    sources = load_sources(DATA_DIR / "sources.example.yaml")
    assert len(sources) >= 9 and {s.kind for s in sources} == {"rss", "sitemap"}
    assert all(s.url and s.url.startswith("https://") and not s.allow_private for s in sources)
    assert load_sources(DATA_DIR / "sources.yaml")[0].kind == "archive"  # the default needs no network
