"""A polite, careful HTTP fetcher: robots.txt, per-host rate limit, retries, raw cache.

One httpx.Client serves the whole run. httpx over requests: it exposes the peer address
of each connection (the documented `network_stream` extension), so an address check
after DNS also catches a name that resolves differently when connecting (DNS
rebinding), and it gives per-phase timeouts and raw streaming to enforce size caps.

Every request: http(s) only; the host's addresses checked (no private, loopback,
link-local or reserved address unless the source allows it); robots.txt obeyed; the
host's rate limit kept; body read under a byte cap; redirects followed by hand so each
hop is checked again. Successes go to the content-addressed RawCache, with ETag and
Last-Modified in a url index beside it, so reruns ask again only when revalidation is due.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import ipaddress
import json
import os
import random
import socket
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from pipelines.sources import MAX_PAGE_BYTES, canonical_url

if TYPE_CHECKING:  # ingest imports this module; the cache is only passed in
    from pipelines.ingest import RawCache

PROJECT_URL = "https://github.com/basewatch/basewatch"
PAGE_TYPES = ("text/html", "application/xhtml+xml")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_ROBOTS_BYTES = 512 * 1024
ROBOTS_MAX_AGE = dt.timedelta(hours=24)   # RFC 9309: a robots.txt may be cached up to a day
_LABEL_ONLY = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "windows-1252", "cp1252"}


def user_agent() -> str:
    try:
        version = metadata.version("basewatch")
    except metadata.PackageNotFoundError:
        version = "dev"
    return f"basewatch/{version} (+{PROJECT_URL})"


class Refused(Exception):
    """A url basewatch will not request (scheme, address, robots.txt)."""


@dataclass
class Policy:
    """What one source allows: addresses, pace, size, patience, freshness."""

    allow_private: bool = False
    rate_limit: float = 1.0                       # requests per second per host
    timeout: float = 20.0                         # connect, and between bytes
    deadline: float = 120.0                       # whole response, so a trickling server cannot hold us
    max_bytes: int = MAX_PAGE_BYTES
    accept: tuple[str, ...] = PAGE_TYPES          # content types taken; empty: any
    max_age: dt.timedelta | None = None           # cached copy younger than this is used; None: always


@dataclass
class FetchResult:
    url: str                      # the url asked for (canonical)
    final_url: str | None = None  # after redirects
    status: int | None = None
    body: bytes | None = None
    sha: str | None = None
    content_type: str | None = None
    charset: str | None = None
    from_cache: bool = False
    error: str | None = None
    attempts: int = 0             # HTTP requests made, redirects and retries included
    cached_at: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.body is not None


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class UrlIndex:
    """url -> cached body hash and validators, as small JSON files under raw_dir/_urls/."""

    def __init__(self, root: Path) -> None:
        self.root = root / "_urls"

    def _path(self, url: str) -> Path:
        key = hashlib.sha1(url.encode("utf-8")).hexdigest()
        return self.root / key[:2] / f"{key}.json"

    def get(self, url: str) -> dict | None:
        try:
            return json.loads(self._path(url).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, url: str, record: dict) -> None:
        path = self._path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)

    def forget(self, url: str) -> None:
        self._path(url).unlink(missing_ok=True)


class HostLimiter:
    """Per-host pacing: each request takes the host's next free slot, sleeping outside the lock."""

    def __init__(self, clock: Callable[[], float], sleep: Callable[[float], None]) -> None:
        self._clock, self._sleep = clock, sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str, rate: float) -> float:
        with self._lock:
            now = self._clock()
            slot = max(now, self._next.get(host, now))
            self._next[host] = slot + 1.0 / rate
        if slot > now:
            self._sleep(slot - now)
        return slot - now


def address_problem(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address is not a public one, or None."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for name in ("loopback", "link_local", "unspecified", "multicast", "private", "reserved"):
        if getattr(ip, f"is_{name}"):
            return name.replace("_", "-")
    return None if ip.is_global else "non-public"


def resolve_host(host: str, port: int) -> list[str]:
    return [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def charset_for(raw: bytes, declared: str | None) -> str | None:
    """The charset to hand decode_html: the header's, unless the bytes contradict it.

    Valid UTF-8 with non-ASCII bytes is UTF-8 whatever the label (such text is almost never
    valid UTF-8 by chance); a server's default Latin-1 label says nothing about Arabic bytes.
    """
    if not raw.isascii():
        try:
            raw.decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError:
            pass
        if declared and declared.lower() in _LABEL_ONLY | {"utf-8", "utf8"}:
            return None  # let the page's meta charset, then detection, decide
    return declared


def _retry_after(value: str | None, now: dt.datetime) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    return max(0.0, (when - now).total_seconds())


class _Inflater:
    """Content-Encoding decoding under the byte cap (a gzip bomb stops at cap+1 bytes)."""

    def __init__(self, encoding: str) -> None:
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            self._decoder = None
        elif encoding in ("gzip", "x-gzip", "deflate"):
            self._decoder = zlib.decompressobj(47 if encoding != "deflate" else 15)
        else:
            raise ValueError(f"unsupported content encoding {encoding!r}")

    def feed(self, chunk: bytes, room: int) -> bytes:
        if self._decoder is None:
            return chunk
        out = self._decoder.decompress(chunk, room)
        # what max_length held back stays in unconsumed_tail; past the cap it no longer matters
        return out


@dataclass
class _Hop:
    status: int | None = None
    body: bytes | None = None
    headers: httpx.Headers = field(default_factory=httpx.Headers)
    location: str | None = None
    error: str | None = None
    retry_after: float | None = None
    retryable: bool = False


class Fetcher:
    """One HTTP client for a run; fetch() never raises for a bad url, it returns the reason."""

    def __init__(self, cache: RawCache, *, retries: int = 3, backoff: float = 1.0, max_wait: float = 60.0,
                 max_redirects: int = 5, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic, now: Callable[[], dt.datetime] = _utcnow,
                 resolve: Callable[[str, int], list[str]] = resolve_host,
                 jitter: Callable[[], float] = random.random, agent: str | None = None) -> None:
        self.cache = cache
        self.index = UrlIndex(cache.root)
        self.retries, self.backoff, self.max_wait, self.max_redirects = retries, backoff, max_wait, max_redirects
        self.sleep, self.clock, self.now, self.resolve, self.jitter = sleep, clock, now, resolve, jitter
        self.agent = agent or user_agent()
        self.limiter = HostLimiter(clock, sleep)
        self.requests = 0
        self._count_lock = threading.Lock()
        self._robots: dict[str, RobotFileParser | str] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._robots_guard = threading.Lock()
        self._crawl_rate: dict[str, float] = {}  # robots.txt Crawl-delay, as requests per second
        # trust_env off: a proxy from the environment would hide the peer address we check
        self.client = httpx.Client(
            headers={"User-Agent": self.agent, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=False, trust_env=False,
            limits=httpx.Limits(max_connections=16, max_keepalive_connections=8))

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- cache --------------------------------------------------------------------------

    def cached(self, url: str) -> dict | None:
        """The url index record of a url whose body is still in the raw cache."""
        record = self.index.get(canonical_url(url))
        if record and record.get("sha") and self.cache.path_for(record["sha"]).exists():
            return record
        return None

    def forget(self, url: str) -> None:
        """Drop a url from the index, so the next run fetches it again (e.g. it would not parse)."""
        self.index.forget(canonical_url(url))

    def _from_record(self, url: str, record: dict) -> FetchResult:
        body = self.cache.get(record["sha"])
        return FetchResult(url=url, final_url=record.get("final_url") or url, status=record.get("status"),
                           body=body, sha=record["sha"], content_type=record.get("content_type"),
                           charset=record.get("charset"), from_cache=True,
                           cached_at=dt.datetime.fromisoformat(record["fetched_at"]))

    # -- the request --------------------------------------------------------------------

    def fetch(self, url: str, policy: Policy | None = None) -> FetchResult:
        """Get a url through the cache, robots.txt, the rate limit and the safety checks."""
        policy = policy or Policy()
        url = canonical_url(url)
        result = FetchResult(url=url)
        record = self.cached(url)
        if record is not None:
            age = self.now() - dt.datetime.fromisoformat(record["fetched_at"])
            if policy.max_age is None or age < policy.max_age:
                return self._from_record(url, record)
        try:
            self._check_url(url, policy)
            self._check_robots(url, policy, result)
        except Refused as exc:
            result.error = f"refused: {exc}"
            return result
        conditional = {}
        if record is not None:
            if record.get("etag"):
                conditional["If-None-Match"] = record["etag"]
            if record.get("last_modified"):
                conditional["If-Modified-Since"] = record["last_modified"]
        hop = self._follow(url, policy, result, conditional)
        result.status = hop.status
        if hop.error:
            result.error = hop.error
            return result
        if hop.status == 304:
            if record is None:
                result.error = "HTTP 304 to an unconditional request"
                return result
            fresh = self._from_record(url, record)
            fresh.status, fresh.attempts = 304, result.attempts
            record["fetched_at"] = self.now().isoformat()
            self.index.put(url, record)
            return fresh
        return self._accept(url, hop, policy, result)

    def _accept(self, url: str, hop: _Hop, policy: Policy, result: FetchResult) -> FetchResult:
        content_type = hop.headers.get("content-type", "")
        media = content_type.split(";")[0].strip().lower()
        charset = None
        for param in content_type.split(";")[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset":
                charset = value.strip().strip("\"'") or None
        result.content_type, result.charset = media or None, charset
        assert hop.body is not None
        sniffed_html = hop.body.lstrip()[:200].lower().startswith((b"<!doctype html", b"<html"))
        if policy.accept and media not in policy.accept and (media or not sniffed_html):
            result.error = f"not HTML: content type {media or 'missing'!r}"
            return result
        if not hop.body:
            result.error = "empty response"
            return result
        result.body, result.sha = hop.body, self.cache.put(hop.body)
        result.cached_at = self.now()
        self.index.put(url, {
            "url": url, "final_url": result.final_url, "sha": result.sha, "status": hop.status,
            "content_type": result.content_type, "charset": charset, "etag": hop.headers.get("etag"),
            "last_modified": hop.headers.get("last-modified"), "fetched_at": result.cached_at.isoformat()})
        return result

    def _check_url(self, url: str, policy: Policy) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise Refused(f"scheme {parts.scheme or 'none'!r} is not http or https")
        if not parts.hostname:
            raise Refused("no host in url")
        if policy.allow_private:
            return
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise Refused(f"bad port: {exc}") from exc
        try:
            literal = ipaddress.ip_address(parts.hostname)
            addresses = [str(literal)]
        except ValueError:
            try:
                addresses = self.resolve(parts.hostname, port)
            except OSError as exc:
                raise Refused(f"cannot resolve {parts.hostname}: {exc}") from exc
        for address in addresses:
            problem = address_problem(ipaddress.ip_address(address.split("%")[0]))
            if problem:
                raise Refused(f"{parts.hostname} resolves to {address}, a {problem} address "
                              f"(the source does not set allow_private)")

    def _check_robots(self, url: str, policy: Policy, result: FetchResult) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._robots_guard:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:  # one robots.txt request per host, however many threads ask
            rules = self._robots.get(origin)
            if rules is None:
                rules = self._load_robots(origin, policy, result)
                self._robots[origin] = rules
        if isinstance(rules, str):
            raise Refused(rules)
        if not rules.can_fetch(self.agent, url):
            raise Refused("disallowed by robots.txt")

    def _load_robots(self, origin: str, policy: Policy, result: FetchResult) -> RobotFileParser | str:
        robots_url = f"{origin}/robots.txt"
        parser = RobotFileParser(robots_url)
        record = self.index.get(robots_url)
        if record and self.now() - dt.datetime.fromisoformat(record["fetched_at"]) < ROBOTS_MAX_AGE:
            status, text = record["status"], record.get("text", "")
        else:
            scratch = FetchResult(url=robots_url)
            hop = self._follow(robots_url, Policy(allow_private=policy.allow_private, rate_limit=policy.rate_limit,
                                                  timeout=policy.timeout, deadline=policy.deadline,
                                                  max_bytes=MAX_ROBOTS_BYTES, accept=()), scratch, {})
            result.attempts += scratch.attempts
            if hop.error and hop.status is None:
                # RFC 9309 2.3.1.4: an unreachable robots.txt means assume complete disallow
                return f"robots.txt unreachable ({hop.error}): not crawling {origin} this run"
            status = hop.status or 0
            text = (hop.body or b"").decode("utf-8", errors="replace") if status == 200 else ""
            if status < 500:
                self.index.put(robots_url, {"url": robots_url, "status": status, "text": text,
                                            "fetched_at": self.now().isoformat()})
        if status >= 500:
            return f"robots.txt unreachable (HTTP {status}): not crawling {origin} this run"
        if status == 200:
            parser.parse(text.splitlines())
        else:
            parser.allow_all = True  # RFC 9309 2.3.1.3: 4xx means no rules
        delay = parser.crawl_delay(self.agent) if status == 200 else None
        if delay:
            self._crawl_rate[urlsplit(origin).netloc] = 1.0 / max(float(delay), 0.001)
        return parser

    def _follow(self, url: str, policy: Policy, result: FetchResult, headers: dict[str, str]) -> _Hop:
        """GET with retries, following redirects by hand (each hop checked); the last hop."""
        seen = {url}
        current = url
        for _ in range(self.max_redirects + 1):
            hop = self._with_retries(current, policy, result, headers)
            result.final_url = current
            if hop.location is None:
                return hop
            target = canonical_url(urljoin(current, hop.location))
            if target in seen:
                return _Hop(status=hop.status, error=f"redirect loop: {current} -> {target}")
            seen.add(target)
            try:
                self._check_url(target, policy)
                if not target.endswith("/robots.txt"):
                    self._check_robots(target, policy, result)
            except Refused as exc:
                return _Hop(status=hop.status, error=f"refused redirect to {target}: {exc}")
            current = target
        return _Hop(status=None, error=f"too many redirects (over {self.max_redirects})")

    def _with_retries(self, url: str, policy: Policy, result: FetchResult, headers: dict[str, str]) -> _Hop:
        host = urlsplit(url).netloc
        for attempt in range(self.retries + 1):
            self.limiter.wait(host, min(policy.rate_limit, self._crawl_rate.get(host, policy.rate_limit)))
            result.attempts += 1
            with self._count_lock:
                self.requests += 1
            hop = self._once(url, policy, headers)
            if not hop.retryable or attempt == self.retries:
                return hop
            wait = hop.retry_after if hop.retry_after is not None else \
                self.backoff * (2 ** attempt) * (1 + self.jitter())
            if wait > self.max_wait:
                hop.error = f"{hop.error}; server asked to wait {wait:.0f} s, over the {self.max_wait:.0f} s cap"
                return hop
            self.sleep(wait)
        raise AssertionError("unreachable")

    def _once(self, url: str, policy: Policy, headers: dict[str, str]) -> _Hop:
        timeout = httpx.Timeout(policy.timeout)
        started = self.clock()
        try:
            with self.client.stream("GET", url, headers=headers, timeout=timeout) as resp:
                if not policy.allow_private:
                    peer = _peer(resp)
                    problem = address_problem(ipaddress.ip_address(peer.split("%")[0])) if peer else None
                    if problem:
                        return _Hop(error=f"refused: connected to {peer}, a {problem} address")
                hop = _Hop(status=resp.status_code, headers=resp.headers)
                if resp.status_code in (301, 302, 303, 307, 308):
                    hop.location = resp.headers.get("location")
                    if not hop.location:
                        hop.error = f"HTTP {resp.status_code} without a Location"
                    return hop
                if resp.status_code in RETRY_STATUSES:
                    hop.error, hop.retryable = f"HTTP {resp.status_code}", True
                    hop.retry_after = _retry_after(resp.headers.get("retry-after"), self.now())
                    return hop
                if resp.status_code == 304:
                    return hop
                if resp.status_code != 200:
                    hop.error = f"HTTP {resp.status_code}"
                    return hop
                declared = resp.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > policy.max_bytes:
                    hop.error = f"too large: Content-Length {declared} over the cap of {policy.max_bytes} bytes"
                    return hop
                try:
                    inflater = _Inflater(resp.headers.get("content-encoding", ""))
                except ValueError as exc:
                    hop.error = str(exc)
                    return hop
                body = bytearray()
                for chunk in resp.iter_raw(64 * 1024):
                    body += inflater.feed(chunk, policy.max_bytes + 1 - len(body))
                    if len(body) > policy.max_bytes:
                        hop.error = f"too large: over the cap of {policy.max_bytes} bytes"
                        return hop
                    if self.clock() - started > policy.deadline:
                        hop.error, hop.retryable = f"timeout: response took over {policy.deadline:.0f} s", True
                        return hop
                hop.body = bytes(body)
                return hop
        except httpx.TimeoutException as exc:
            return _Hop(error=f"timeout: {type(exc).__name__} after {policy.timeout:g} s", retryable=True)
        except httpx.TransportError as exc:
            return _Hop(error=f"connection error: {type(exc).__name__}: {exc}", retryable=True)
        except zlib.error as exc:
            return _Hop(error=f"corrupt compressed body: {exc}")
        except httpx.HTTPError as exc:
            return _Hop(error=f"HTTP error: {type(exc).__name__}: {exc}")


def _peer(resp: httpx.Response) -> str | None:
    stream = resp.extensions.get("network_stream")
    if stream is None:
        return None
    addr = stream.get_extra_info("server_addr")
    return addr[0] if addr else None
