"""Sources (data/sources.yaml) and what they offer: saved-page archives, feeds, sitemaps.

A source of kind `archive` offers every `*.html` file of its folder; a sidecar NAME.json
may give url, published and source. Relative paths resolve against the folder of the
sources file (CONTRACT.md). Kinds `rss` and `sitemap` name a url; pipelines/discover.py
finds their articles and pipelines/fetch.py gets them, politely.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import yaml

KINDS = ("archive", "rss", "sitemap")
MAX_PAGE_BYTES = 5 * 1024 * 1024
MAX_SIDECAR_BYTES = 64 * 1024
# Leading bytes of formats that are not HTML (a PDF or a PNG saved as .html), for a clear reason.
_NOT_HTML = ((b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"),
             (b"\xff\xd8\xff", "a JPEG image"), (b"%PDF-", "a PDF document"), (b"PK\x03\x04", "a ZIP archive"),
             (b"\x1f\x8b", "gzip-compressed data"), (b"BZh", "bzip2-compressed data"),
             (b"\xfd7zXZ\x00", "xz-compressed data"), (b"\x7fELF", "an executable"))
DEFAULT_RATE_LIMIT = 1.0
DEFAULT_TIMEOUT = 20.0
DEFAULT_REFRESH_MINUTES = 60.0
_KNOWN = {"name", "kind", "path", "url", "language", "allow_private", "include", "exclude", "rate_limit",
          "timeout", "refresh_minutes"}
_TRACKING = ("utm_", "fbclid", "gclid", "mc_", "ocid", "cmpid", "at_medium", "at_campaign", "ref")


class SourceConfigError(ValueError):
    """The sources file is malformed: the message names the entry and the problem."""


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    path: Path | None = None
    url: str | None = None
    language: str | None = None
    allow_private: bool = False
    options: dict = field(default_factory=dict, hash=False, compare=False)
    include: tuple[str, ...] = ()           # url regexes: keep only urls matching one of them
    exclude: tuple[str, ...] = ()           # url regexes: drop urls matching any of them
    rate_limit: float = DEFAULT_RATE_LIMIT  # requests per second to each host
    timeout: float = DEFAULT_TIMEOUT        # seconds to connect, and between bytes read
    refresh_minutes: float = DEFAULT_REFRESH_MINUTES  # a feed or sitemap younger than this is not refetched

    def wants(self, url: str) -> bool:
        """Whether the url filters keep this url."""
        if self.include and not any(re.search(p, url) for p in self.include):
            return False
        return not any(re.search(p, url) for p in self.exclude)


def load_sources(path: Path) -> list[Source]:
    """Parse and check the sources file; relative archive paths resolve against its folder."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SourceConfigError(f"cannot read sources file {path}: {exc}") from exc
    sources: list[Source] = []
    seen: set[str] = set()
    for i, entry in enumerate(doc.get("sources") or []):
        name = str(entry.get("name") or "").strip()
        kind = entry.get("kind")
        if not name:
            raise SourceConfigError(f"{path}: source #{i + 1} has no name")
        if name in seen:
            raise SourceConfigError(f"{path}: source name {name!r} is used twice")
        if kind not in KINDS:
            raise SourceConfigError(f"{path}: source {name!r} has kind {kind!r}, expected one of {KINDS}")
        seen.add(name)
        folder = None
        if kind == "archive":
            if not entry.get("path"):
                raise SourceConfigError(f"{path}: archive source {name!r} needs a path")
            folder = Path(entry["path"])
            folder = folder if folder.is_absolute() else (path.parent / folder).resolve()
        elif not entry.get("url"):
            raise SourceConfigError(f"{path}: {kind} source {name!r} needs a url")
        elif urlsplit(str(entry["url"])).scheme.lower() not in ("http", "https"):
            raise SourceConfigError(f"{path}: {kind} source {name!r}: url {entry['url']!r} is not http or https")
        sources.append(Source(
            name=name, kind=kind, path=folder, url=entry.get("url"), language=entry.get("language"),
            allow_private=bool(entry.get("allow_private", False)),
            options={k: v for k, v in entry.items() if k not in _KNOWN},
            include=_patterns(path, name, entry, "include"), exclude=_patterns(path, name, entry, "exclude"),
            rate_limit=_positive(path, name, entry, "rate_limit", DEFAULT_RATE_LIMIT),
            timeout=_positive(path, name, entry, "timeout", DEFAULT_TIMEOUT),
            refresh_minutes=_positive(path, name, entry, "refresh_minutes", DEFAULT_REFRESH_MINUTES, zero_ok=True)))
    return sources


def _patterns(path: Path, name: str, entry: dict, key: str) -> tuple[str, ...]:
    value = entry.get(key) or []
    patterns = [value] if isinstance(value, str) else value
    if not isinstance(patterns, list):
        raise SourceConfigError(f"{path}: source {name!r}: {key} must be a regex or a list of them")
    for pattern in patterns:
        try:
            re.compile(str(pattern))
        except re.error as exc:
            raise SourceConfigError(f"{path}: source {name!r}: {key} pattern {pattern!r} is invalid: {exc}") from exc
    return tuple(str(p) for p in patterns)


def _positive(path: Path, name: str, entry: dict, key: str, default: float, zero_ok: bool = False) -> float:
    value = entry.get(key, default)
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = -1.0
    if number < 0 or (number == 0 and not zero_ok):
        raise SourceConfigError(f"{path}: source {name!r}: {key} must be a positive number, not {value!r}")
    return number


def canonical_url(url: str) -> str:
    """One spelling per article: lower-case host, no fragment, no tracking parameters."""
    parts = urlsplit(url.strip())
    if not parts.scheme:
        return url.strip()
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not k.lower().startswith(_TRACKING)])
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def article_id(url: str) -> str:
    """Stable article id: a hash of the canonical url."""
    return hashlib.sha1(canonical_url(url).encode("utf-8")).hexdigest()[:16]


def read_sidecar(page: str | Path) -> tuple[dict, str | None]:
    """The sidecar's url, published and source, and what was wrong with it (None when fine).

    A sidecar is read like a page (read_archive_file): a regular file in the archive, never
    through a symbolic link, within MAX_SIDECAR_BYTES. Its url must be an http or https
    url: a local path or file:// url is noted and ignored, never opened.
    """
    # plain strings, not Path objects: this runs for every page read (0.03 ms a page)
    folder, slash, name = os.fspath(page).rpartition("/")
    dot = name.rfind(".")
    name = f"{name[:dot] if 0 < dot < len(name) - 1 else name}.json"  # as Path.with_suffix(".json")
    sidecar = folder + slash + name
    try:
        data = json.loads(read_archive_file(sidecar, max_bytes=MAX_SIDECAR_BYTES, sniff=False).decode("utf-8"))
    except FileNotFoundError:
        return {}, None  # no sidecar (a broken link is found, and refused, by read_archive_file's lstat)
    except (OSError, ValueError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return {}, f"sidecar {name} ignored: {exc}"
    if not isinstance(data, dict):
        return {}, f"sidecar {name} ignored: not a JSON object"
    problems = [f"{k} {data[k]!r} is not a string" for k in ("url", "published", "source")
                if data.get(k) is not None and not isinstance(data[k], str)]
    kept = {k: data[k] for k in ("url", "published", "source") if isinstance(data.get(k), str)}
    url = kept.get("url")
    if url is not None:
        parts = urlsplit(url.strip())
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            problems.append(f"url {url!r} is not an http or https url")
            del kept["url"]
    if problems:
        return kept, f"sidecar {name}: ignored {'; '.join(problems)}"
    return kept, None


def archive_folder(source: Source) -> Path:
    """An archive source's folder; SourceConfigError when it does not exist."""
    if source.path is None or not source.path.is_dir():
        raise SourceConfigError(f"archive source {source.name!r}: folder {source.path} does not exist")
    return source.path


def archive_files(source: Source) -> list[Path]:
    """Every *.html file of an archive folder, in name order (symbolic links included, so
    that each is logged with the reason it is refused)."""
    folder = archive_folder(source)
    return sorted(folder.glob("*.html"), key=lambda path: path.name)  # by str: Path comparisons are slow


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def _read_capped(fd: int, size: int, limit: int) -> bytes:
    """At most `limit` bytes of an open file, read as its size on disk (plus one byte, to see
    its end) says: one read and one more that finds the end, where a buffered
    read(limit) would allocate `limit` bytes (5 MB) for every small page. A file longer
    than its size said (it grew, or its stat lies) is read on, still never past `limit`."""
    raw = os.read(fd, size)
    if len(raw) >= limit:
        return raw
    more = os.read(fd, limit - len(raw))
    if not more:
        return raw
    with os.fdopen(os.dup(fd), "rb") as handle:  # rare: read the rest through a buffer, capped
        return raw + more + handle.read(limit - len(raw) - len(more))


def read_archive_file(path: str, max_bytes: int = MAX_PAGE_BYTES, sniff: bool = True) -> bytes:
    """The bytes of a saved page; raises OSError or ValueError with a reason.

    Only a regular file is read, never through a symbolic link (a link in the archive could
    point anywhere: /etc/passwd, another user's files), never more than max_bytes + 1 bytes
    whatever its size on disk says (it may grow while read), and a file whose first bytes
    say it is an image, a PDF or an archive is refused as not HTML (unless sniff is False).
    """
    info = os.lstat(path)  # the entry itself, not what a link points to
    if stat.S_ISLNK(info.st_mode):
        raise ValueError(f"refused: a symbolic link (to {os.readlink(path)}), not followed: only regular files "
                         "in the archive folder are read")
    if not stat.S_ISREG(info.st_mode):
        raise ValueError("not a regular file (a folder, device or pipe)")
    # O_NOFOLLOW: a link swapped in after the check is refused too; O_NONBLOCK: so is a pipe
    fd = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file (a folder, device or pipe)")
        if info.st_size > max_bytes:
            raise ValueError(f"too large: {info.st_size} bytes over the cap of {max_bytes}")
        raw = _read_capped(fd, min(info.st_size, max_bytes) + 1, max_bytes + 1)
    finally:
        os.close(fd)
    if len(raw) > max_bytes:
        raise ValueError(f"too large: more than the cap of {max_bytes} bytes (it grew while being read)")
    if not raw:
        raise ValueError("empty file")
    if sniff:
        for magic, what in _NOT_HTML:
            if raw.startswith(magic):
                raise ValueError(f"not HTML: {what}")
    return raw
