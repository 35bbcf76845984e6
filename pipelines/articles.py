"""One page's work: its bytes read and dated, its text extracted, its incidents found.

Everything here runs in pool workers (pipelines/page_pass.py sends the tasks) or, for a
handful of pages, in the calling process. Each page is parsed once: metadata, dateline
and trafilatura all read the same lxml tree. Nothing here raises for a bad page: the
reason goes into the fetch log (unreadable, undated) or the article's extraction_error.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import trafilatura

from pipelines.config import LEXICON_DIR
from pipelines.extract import Mention, extract_mentions, is_relevant, mention_id, might_report_incident
from pipelines.html import PageMeta, decode_html, extract_text, language_of, page_metadata, parse_html
from pipelines.ingest import RawCache, now, read_archive_page
from pipelines.registry import BaseMatcher
from pipelines.sources import read_archive_file, read_sidecar

ARTICLE_COLUMNS = ["article_id", "url", "source", "published_date", "title", "language", "text",
                   "is_relevant", "extraction_error", "content_sha", "extracted_at", "extractor_version",
                   "mentions_version"]
MENTION_COLUMNS = ["mention_id", "article_id", "incident_date", "base_id", "location_text", "country", "weapons",
                   "projectiles", "intercepted", "killed", "wounded", "damage", "claimed_by", "evidence",
                   "is_background", "claim_only", "casualty_groups", "published_date", "source"]
_HERE = Path(__file__).resolve().parent


def _digest(parts: Iterable[bytes]) -> str:
    digest = hashlib.sha1()
    for part in parts:
        digest.update(part)
    return digest.hexdigest()[:12]


def text_version() -> str:
    """What an article's text depends on besides its bytes: trafilatura and pipelines/html.py.
    A page whose bytes and text version are unchanged is never given to trafilatura again."""
    return _digest([trafilatura.__version__.encode(), (_HERE / "html.py").read_bytes()])


def mentions_version(bases: pd.DataFrame) -> str:
    """What an article's incidents depend on besides its text: the extraction code, the
    lexicons and the registry. A registry edit changes it, and only mentions are redone."""
    files = sorted([*(_HERE / n for n in ("extract.py", "textnorm.py", "numbers.py", "dates.py", "phrases.py",
                                          "registry.py")), *LEXICON_DIR.glob("*.yaml")])
    registry = bases.sort_values("base_id").to_json(date_format="iso").encode() if len(bases) else b""
    return _digest([*(f.read_bytes() for f in files), registry])


@dataclass
class ArticleResult:
    row: dict
    mentions: list[Mention]


def _blank_article(page: dict) -> dict:
    row = {k: page.get(k) for k in ("article_id", "url", "source", "published_date", "content_sha")}
    row.update(title=page.get("title_hint"), language=page.get("language_hint"), text=None, is_relevant=False,
               extraction_error=None, extracted_at=now())
    return row


def _find_mentions(text: str, published: dt.date, matcher: BaseMatcher) -> list[Mention]:
    # most of a news stream never mentions an attack at a base: a cheap look first
    if not might_report_incident(text, matcher):
        return []
    return extract_mentions(text, published, matcher)


def article_from_tree(page: dict, tree: object, meta: PageMeta, matcher: BaseMatcher,
                      text: str | None = None) -> ArticleResult:
    """The article row and incidents of a parsed page; never raises for a bad page."""
    row = _blank_article(page)
    mentions: list[Mention] = []
    try:
        if text is None:
            text = extract_text(tree) if tree is not None else None
        row["title"] = row["title"] or meta.title
        row["language"] = language_of(meta, text, page.get("language_hint"))
        if tree is None:
            row["extraction_error"] = "not HTML: the page could not be parsed"
        elif not text or not text.strip():
            row["extraction_error"] = "no article text found in the page"
        else:
            row["text"] = text
            mentions = _find_mentions(text, page["published_date"], matcher)
            row["is_relevant"] = is_relevant(mentions)
    except Exception as exc:  # a hostile page must not stop the run; its reason is kept
        row["extraction_error"] = f"{type(exc).__name__}: {exc}"
    return ArticleResult(row, mentions)


def process_article(page: dict, raw: bytes, matcher: BaseMatcher) -> ArticleResult:
    """Extract one page's text and incidents from its bytes."""
    try:
        tree = parse_html(decode_html(raw))
        meta = page_metadata(tree) if tree is not None else PageMeta()
    except Exception as exc:  # a hostile page must not stop the run; its reason is kept
        row = _blank_article(page)
        row["extraction_error"] = f"{type(exc).__name__}: {exc}"
        return ArticleResult(row, [])
    return article_from_tree(page, tree, meta, matcher)


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


@dataclass
class Context:
    """What every task of one window needs; sent to each worker once."""

    bases: pd.DataFrame
    raw_dir: str
    start: dt.date
    end: dt.date
    today: dt.date
    text_version: str
    mentions_version: str


@dataclass
class Outcome:
    """A task's result: small rows only, so that little crosses process boundaries."""

    page: dict | None = None        # a PageRow as a dict, when the file was read and dated
    attempt: dict | None = None     # the fetch-log row of a file read
    article: dict | None = None     # the article row, when the page falls in the window
    mentions: list[dict] | None = None


class Worker:
    """Runs tasks for one window; one per pool process (or one in the calling process)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.matcher = BaseMatcher(ctx.bases)
        self.cache = RawCache(Path(ctx.raw_dir))

    def run(self, task: dict) -> Outcome:
        kind = task["kind"]
        if kind == "file":
            return self.read_file(task)
        if kind == "page":
            return self.extract_page(task["page"])
        if kind == "text":
            return self.redo_mentions(task["article"])
        raise ValueError(f"unknown task kind {kind!r}")

    def _finish(self, result: ArticleResult) -> Outcome:
        result.row["extractor_version"] = self.ctx.text_version
        result.row["mentions_version"] = self.ctx.mentions_version
        return Outcome(article=result.row, mentions=mention_rows(result.row, result.mentions))

    def read_file(self, task: dict) -> Outcome:
        """An archive file read, dated and, when it falls in the window, extracted in the
        same pass over the same tree."""
        sidecar, problem = read_sidecar(task["location"])
        read = read_archive_page(task["source"], task["location"], self.ctx.today, sidecar, problem,
                                 task.get("language"))
        # vars(), not asdict(): the fields are plain values and asdict deep-copies each one
        outcome = Outcome(page=dict(vars(read.page)) if read.page else None, attempt=dict(vars(read.attempt)))
        if read.page is not None and self.ctx.start <= read.page.published_date <= self.ctx.end:
            done = self._finish(article_from_tree(outcome.page, read.tree, read.meta or PageMeta(), self.matcher,
                                                  read.text))
            outcome.article, outcome.mentions = done.article, done.mentions
        return outcome

    def page_bytes(self, page: dict) -> bytes:
        """A page's bytes: from the raw cache (fetched pages), else its archive file, which
        must still hold the bytes the page row was made from."""
        sha = page["content_sha"]
        if self.cache.path_for(sha).exists():
            return self.cache.get(sha)
        raw = read_archive_file(page["location"])
        if hashlib.sha256(raw).hexdigest() != sha:
            raise ValueError(f"{page['location']} changed since it was read; it is read again on the next run")
        return raw

    def extract_page(self, page: dict) -> Outcome:
        try:
            raw = self.page_bytes(page)
        except (OSError, ValueError) as exc:
            row = _blank_article(page)
            row["extraction_error"] = f"page bytes unavailable: {exc}"
            return self._finish(ArticleResult(row, []))
        return self._finish(process_article(page, raw, self.matcher))

    def redo_mentions(self, article: dict) -> Outcome:
        """The incidents of an article whose text is current but whose registry or
        extraction code changed: no page is read, no trafilatura runs."""
        row = dict(article)
        mentions: list[Mention] = []
        if row.get("text"):
            try:
                mentions = _find_mentions(row["text"], row["published_date"], self.matcher)
            except Exception as exc:  # a hostile text must not stop the run; its reason is kept
                row["extraction_error"] = f"{type(exc).__name__}: {exc}"
        row["is_relevant"] = is_relevant(mentions)
        row["mentions_version"] = self.ctx.mentions_version
        return Outcome(article=row, mentions=mention_rows(row, mentions))


def frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """Rows as a frame of plain Python values, None for a missing one (NaN, NaT, no key),
    ready for DuckDB.

    Built a column at a time as object columns: pandas' own inference from a list of dicts
    (Arrow strings, floats for an int column with a None, datetime64) and the conversion
    back cost the run's main process 0.4 s per 20,000 pages, while it should be reading
    the workers' results.
    """
    if not rows:
        return pd.DataFrame(rows, columns=columns)
    out = pd.DataFrame({column: pd.Series([row.get(column) for row in rows], dtype=object) for column in columns},
                       columns=columns)
    return out.where(out.notna(), None)
