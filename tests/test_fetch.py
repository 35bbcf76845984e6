"""The HTTP fetcher against a real server on 127.0.0.1: politeness, caching, hostile servers."""

from __future__ import annotations

import datetime as dt
import gzip
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from pipelines.fetch import Fetcher, Policy, address_problem, charset_for
from pipelines.html import decode_html
from pipelines.ingest import RawCache

PAGE = b"<!DOCTYPE html><html><head><title>t</title></head><body><p>hello</p></body></html>"
LOCAL = Policy(allow_private=True, rate_limit=1000.0, timeout=2.0)


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    return ("127.0.0.1", 0)


class Clock:
    """A virtual clock: sleeps are recorded and advance time instead of waiting."""

    def __init__(self) -> None:
        self.t = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.t += seconds

    @property
    def waits(self) -> list[float]:
        """Sleeps longer than a fast test rate limit's pacing: backoffs and Retry-After."""
        return [s for s in self.sleeps if s > 0.01]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(autouse=True)
def unknown_paths_are_404(httpserver: HTTPServer) -> None:
    httpserver.no_handler_status_code = 404  # so a site without robots.txt is one that allows all


@pytest.fixture
def fetcher(tmp_path: Path, clock: Clock) -> Iterator[Fetcher]:
    with Fetcher(RawCache(tmp_path / "raw"), sleep=clock.sleep, clock=clock, jitter=lambda: 0.5) as f:
        yield f


def in_turn(*responses: Response) -> Callable[[Request], Response]:
    """A handler that answers with each response in turn, then the last one again."""
    queue = list(responses)

    def handler(request: Request) -> Response:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return handler


def paths(server: HTTPServer) -> list[str]:
    return [request.path for request, _ in server.log]


def test_a_page_is_fetched_once_with_our_user_agent_then_served_from_the_cache(httpserver: HTTPServer,
                                                                                fetcher: Fetcher):
    httpserver.expect_request("/a.html").respond_with_data(PAGE, content_type="text/html; charset=utf-8",
                                                           headers={"ETag": '"v1"'})
    first = fetcher.fetch(httpserver.url_for("/a.html?utm_source=x"), LOCAL)
    assert first.ok and first.status == 200 and not first.from_cache and first.charset == "utf-8"
    assert first.url == httpserver.url_for("/a.html")  # tracking parameter stripped before asking
    second = fetcher.fetch(httpserver.url_for("/a.html"), LOCAL)
    assert second.from_cache and second.body == PAGE and second.attempts == 0
    assert paths(httpserver) == ["/robots.txt", "/a.html"]
    agent = httpserver.log[1][0].headers["User-Agent"]
    assert agent.startswith("basewatch/") and "(+http" in agent
    assert fetcher.cache.get(first.sha) == PAGE


def test_a_due_revalidation_sends_validators_and_a_304_counts_as_from_cache(httpserver: HTTPServer,
                                                                            fetcher: Fetcher):
    httpserver.expect_request("/feed.xml").respond_with_handler(in_turn(
        Response("<rss/>", content_type="application/rss+xml",
                 headers={"ETag": '"abc"', "Last-Modified": "Sat, 21 Oct 2023 10:00:00 GMT"}),
        Response("", status=304)))
    doc = Policy(allow_private=True, rate_limit=1000.0, accept=(), max_age=dt.timedelta(0))
    assert fetcher.fetch(httpserver.url_for("/feed.xml"), doc).ok
    again = fetcher.fetch(httpserver.url_for("/feed.xml"), doc)
    assert (again.status, again.from_cache, again.body) == (304, True, b"<rss/>")
    feed_requests = [r for r, _ in httpserver.log if r.path == "/feed.xml"]
    assert feed_requests[1].headers["If-None-Match"] == '"abc"'
    assert feed_requests[1].headers["If-Modified-Since"] == "Sat, 21 Oct 2023 10:00:00 GMT"


def test_404_is_an_error_and_is_asked_again_next_time(httpserver: HTTPServer, fetcher: Fetcher):
    httpserver.expect_request("/gone.html").respond_with_data("no", status=404)
    first = fetcher.fetch(httpserver.url_for("/gone.html"), LOCAL)
    assert (first.status, first.error, first.attempts) == (404, "HTTP 404", 2)  # robots.txt + the page
    assert not fetcher.fetch(httpserver.url_for("/gone.html"), LOCAL).from_cache
    assert paths(httpserver).count("/gone.html") == 2  # a failure is never cached as a success


def test_500_then_success_is_retried_with_exponential_backoff(httpserver: HTTPServer, fetcher: Fetcher,
                                                             clock: Clock):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/flaky.html").respond_with_handler(in_turn(
        Response("oops", status=500), Response("oops", status=503), Response(PAGE, content_type="text/html")))
    result = fetcher.fetch(httpserver.url_for("/flaky.html"), LOCAL)
    assert result.ok and result.status == 200 and result.attempts == 4
    assert clock.waits == [1.5, 3.0]  # backoff 1 s then 2 s, each with half the jitter range


def test_429_waits_as_long_as_retry_after_says(httpserver: HTTPServer, fetcher: Fetcher, clock: Clock):
    httpserver.expect_request("/busy.html").respond_with_handler(in_turn(
        Response("slow down", status=429, headers={"Retry-After": "7"}), Response(PAGE, content_type="text/html")))
    result = fetcher.fetch(httpserver.url_for("/busy.html"), LOCAL)
    assert result.ok
    assert clock.waits == [7.0] and result.attempts == 3


def test_a_retry_after_past_the_cap_gives_up_instead_of_hammering(httpserver: HTTPServer, fetcher: Fetcher,
                                                                  clock: Clock):
    httpserver.expect_request("/busy.html").respond_with_data("", status=503, headers={"Retry-After": "3600"})
    result = fetcher.fetch(httpserver.url_for("/busy.html"), LOCAL)
    assert result.error is not None and "3600 s, over the 60 s cap" in result.error
    assert paths(httpserver).count("/busy.html") == 1 and clock.waits == []


def test_a_slow_server_times_out_and_the_error_says_so(tmp_path: Path, clock: Clock):
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    try:
        def slow(request: Request) -> Response:
            time.sleep(1.0)
            return Response(PAGE, content_type="text/html")

        server.expect_request("/robots.txt").respond_with_data("", status=404)
        server.expect_request("/slow.html").respond_with_handler(slow)
        with Fetcher(RawCache(tmp_path), retries=1, sleep=clock.sleep, clock=clock) as fetcher:
            started = time.perf_counter()
            result = fetcher.fetch(server.url_for("/slow.html"),
                                   Policy(allow_private=True, rate_limit=1000.0, timeout=0.2))
            elapsed = time.perf_counter() - started
    finally:
        server.clear()
        server.stop()
    assert result.error is not None and result.error.startswith("timeout") and result.attempts == 3
    assert elapsed < 1.5  # two tries of 0.2 s, not the server's full second


def test_redirects_are_followed_and_a_loop_is_an_error(httpserver: HTTPServer, fetcher: Fetcher):
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/new"})
    httpserver.expect_request("/new").respond_with_data(PAGE, content_type="text/html")
    moved = fetcher.fetch(httpserver.url_for("/old"), LOCAL)
    assert moved.ok and moved.final_url == httpserver.url_for("/new")
    httpserver.expect_request("/ping").respond_with_data("", status=302, headers={"Location": "/pong"})
    httpserver.expect_request("/pong").respond_with_data("", status=302, headers={"Location": "/ping"})
    loop = fetcher.fetch(httpserver.url_for("/ping"), LOCAL)
    assert loop.error is not None and loop.error.startswith("redirect loop") and loop.body is None
    assert paths(httpserver).count("/ping") == 1


def test_a_redirect_to_a_non_http_scheme_is_refused(httpserver: HTTPServer, fetcher: Fetcher):
    httpserver.expect_request("/x").respond_with_data("", status=302, headers={"Location": "file:///etc/passwd"})
    result = fetcher.fetch(httpserver.url_for("/x"), LOCAL)
    assert result.error is not None and "refused redirect to file:///etc/passwd" in result.error


def test_a_page_over_the_size_cap_is_refused_while_streaming(httpserver: HTTPServer, fetcher: Fetcher):
    small = Policy(allow_private=True, rate_limit=1000.0, max_bytes=100_000)
    httpserver.expect_request("/big.html").respond_with_data(b"<html>" + b"x" * 200_000, content_type="text/html")
    declared = fetcher.fetch(httpserver.url_for("/big.html"), small)
    assert declared.error == "too large: Content-Length 200006 over the cap of 100000 bytes"

    def chunks() -> Iterator[bytes]:  # no Content-Length: the cap is enforced as bytes arrive
        yield b"<html>"
        for _ in range(40):
            yield b"y" * 10_000

    httpserver.expect_request("/stream.html").respond_with_response(Response(chunks(), content_type="text/html"))
    streamed = fetcher.fetch(httpserver.url_for("/stream.html"), small)
    assert streamed.error == "too large: over the cap of 100000 bytes" and streamed.body is None
    assert fetcher.cached(httpserver.url_for("/stream.html")) is None


def test_a_gzip_content_encoding_bomb_stops_at_the_cap(httpserver: HTTPServer, fetcher: Fetcher):
    squeeze = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = b"".join(squeeze.compress(b"\0" * 1_048_576) for _ in range(32)) + squeeze.flush()
    httpserver.expect_request("/bomb.html").respond_with_data(
        bomb, content_type="text/html", headers={"Content-Encoding": "gzip"})
    started = time.perf_counter()
    result = fetcher.fetch(httpserver.url_for("/bomb.html"), Policy(allow_private=True, rate_limit=1000.0,
                                                                     max_bytes=1_000_000))
    assert result.error == "too large: over the cap of 1000000 bytes"
    assert time.perf_counter() - started < 2
    httpserver.expect_request("/zipped.html").respond_with_data(
        gzip.compress(PAGE), content_type="text/html", headers={"Content-Encoding": "gzip"})
    assert fetcher.fetch(httpserver.url_for("/zipped.html"), LOCAL).body == PAGE


def test_content_types_other_than_html_are_refused_for_pages(httpserver: HTTPServer, fetcher: Fetcher):
    httpserver.expect_request("/doc.pdf").respond_with_data(b"%PDF-1.4", content_type="application/pdf")
    result = fetcher.fetch(httpserver.url_for("/doc.pdf"), LOCAL)
    assert result.error == "not HTML: content type 'application/pdf'"


def test_robots_txt_is_obeyed_and_read_once_per_host(httpserver: HTTPServer, fetcher: Fetcher):
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    httpserver.expect_request("/public.html").respond_with_data(PAGE, content_type="text/html")
    refused = fetcher.fetch(httpserver.url_for("/private/secret.html"), LOCAL)
    assert refused.error == "refused: disallowed by robots.txt"
    assert fetcher.fetch(httpserver.url_for("/public.html"), LOCAL).ok
    assert fetcher.fetch(httpserver.url_for("/private/other.html"), LOCAL).error is not None
    assert paths(httpserver) == ["/robots.txt", "/public.html"]


def test_a_robots_txt_that_fails_with_5xx_means_do_not_crawl(httpserver: HTTPServer, fetcher: Fetcher):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=500)
    result = fetcher.fetch(httpserver.url_for("/a.html"), LOCAL)
    assert result.error is not None and "robots.txt unreachable (HTTP 500)" in result.error
    assert "/a.html" not in paths(httpserver)


def test_each_host_keeps_its_rate_limit(httpserver: HTTPServer, fetcher: Fetcher, clock: Clock):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/p").respond_with_data(PAGE, content_type="text/html")
    polite = Policy(allow_private=True, rate_limit=2.0)
    for i in range(4):
        assert fetcher.fetch(httpserver.url_for(f"/p?n={i}"), polite).ok
    # five requests (robots.txt first) at 2 per second: four waits of half a second
    assert clock.sleeps == [0.5, 0.5, 0.5, 0.5]


def test_loopback_is_refused_unless_the_source_allows_private_addresses(httpserver: HTTPServer,
                                                                      fetcher: Fetcher):
    httpserver.expect_request("/a.html").respond_with_data(PAGE, content_type="text/html")
    public_only = Policy(allow_private=False, rate_limit=1000.0)
    by_name = fetcher.fetch(httpserver.url_for("/a.html").replace("127.0.0.1", "localhost"), public_only)
    assert by_name.error is not None and "localhost resolves to" in by_name.error and "loopback" in by_name.error
    literal = fetcher.fetch(httpserver.url_for("/a.html"), public_only)
    assert literal.error is not None and "127.0.0.1, a loopback address" in literal.error
    assert httpserver.log == []  # refused before any byte was sent
    for address, problem in [("10.1.2.3", "private"), ("169.254.169.254", "link-local"), ("::1", "loopback"),
                             ("::ffff:192.168.0.1", "private"), ("0.0.0.0", "unspecified"), ("8.8.8.8", None)]:
        import ipaddress

        assert address_problem(ipaddress.ip_address(address)) == problem, address


def test_a_name_that_resolves_publicly_but_connects_to_loopback_is_refused(httpserver: HTTPServer,
                                                                          tmp_path: Path, clock: Clock):
    # DNS rebinding: the check before connecting is fooled, the peer address check is not
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    with Fetcher(RawCache(tmp_path), sleep=clock.sleep, clock=clock, resolve=lambda host, port: ["8.8.8.8"]) as f:
        result = f.fetch(httpserver.url_for("/a.html").replace("127.0.0.1", "localhost"),
                         Policy(allow_private=False, rate_limit=1000.0))
    assert result.error is not None and "connected to" in result.error and "loopback" in result.error
    assert result.body is None


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/a", "file:///etc/passwd", "javascript:alert(1)", "gopher://x/"])
def test_non_http_schemes_are_refused(fetcher: Fetcher, url: str):
    result = fetcher.fetch(url, LOCAL)
    assert result.error is not None and result.error.startswith("refused: scheme")


ARABIC = "قصف صاروخي على حقل العمر"


@pytest.mark.parametrize(("raw", "label"), [
    (f"<html><body><p>{ARABIC}</p></body></html>".encode("cp1256"), "utf-8"),     # windows-1256 sent as UTF-8
    (f"<html><body><p>{ARABIC}</p></body></html>".encode(), "windows-1256"),      # UTF-8 sent as windows-1256
    (f"<html><body><p>{ARABIC}</p></body></html>".encode("cp1256"), "windows-1256"),
    (f"<html><body><p>{ARABIC}</p></body></html>".encode("cp1256"), "iso-8859-1"),  # a server's default label
])
def test_wrong_charset_labels_are_corrected(raw: bytes, label: str):
    assert ARABIC in decode_html(raw, charset_for(raw, label))
