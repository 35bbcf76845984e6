"""One pass over a window's pages: read, date, extract text, find incidents, write.

The expensive part of basewatch is trafilatura, so this module's job is to run it once
per page and never again while nothing changed:

- Saved pages are listed with their size and mtime. A file whose signature matches the
  manifest (core.archive_files) is not read at all: its date, url and hash come from
  the manifest. Only new or changed files are read, in pool workers, and a file that
  falls in the window is extracted by the same worker from the same parsed tree.
- A page whose article row has the same bytes (content_sha) and text version is not
  extracted again. When only the registry or the extraction code changed, its mentions
  are found again from the stored text, without reading the page.
- Rows are written in batches as workers return them, so memory stays flat over a
  backfill of any length. Workers are processes (trafilatura holds the GIL) started
  with spawn (the Dagster process runs threads of its own).
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import itertools
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from multiprocessing import get_context
from pathlib import Path

import duckdb
import pandas as pd

from pipelines import ingest
from pipelines import warehouse as wh
from pipelines.articles import ARTICLE_COLUMNS, MENTION_COLUMNS, Context, Outcome, Worker, frame
from pipelines.ingest import FetchAttempt, PageRow, RawCache, now
from pipelines.sources import Source, SourceConfigError, archive_folder

# Below this many tasks a process pool costs more to start than it saves.
PARALLEL_THRESHOLD = 40
BATCH_SIZE = 1024  # article rows written per transaction (about 5 MB of text)
CHUNK_SIZE = 8    # tasks sent to a worker at once
IN_FLIGHT = 1024  # tasks queued ahead of the writer
PAGE_COLUMNS = list(PageRow.__dataclass_fields__)
_ATTEMPT_DEFAULTS = {name: None if f.default is dataclasses.MISSING else f.default
                     for name, f in FetchAttempt.__dataclass_fields__.items()}
MANIFEST_COLUMNS = ["signature", "source_name", *PAGE_COLUMNS, "read_at"]


@dataclass
class PassSummary:
    """What one pass did, for the assets' metadata and the fetch log."""

    pages: pd.DataFrame
    attempts: pd.DataFrame
    files_read: int = 0
    files_unchanged: int = 0
    extracted: int = 0          # pages given to trafilatura
    mentions_redone: int = 0    # articles whose incidents were found again from stored text
    articles_unchanged: int = 0
    stale_removed: int = 0
    sources_down: list[str] = field(default_factory=list)

    @property
    def changed_nothing(self) -> bool:
        """Whether the pass left every table as it found it (fetch log aside): no file read
        (a file that fails is read again on every run), nothing extracted, re-derived or
        removed, and no source missing."""
        return not (self.files_read or self.extracted or self.mentions_redone or self.stale_removed
                    or self.sources_down)


def pool_size() -> int:
    """Worker processes for the pass: BASEWATCH_WORKERS when set (a pod given 4 cores of a
    64-core node must not start 64), else every core."""
    value = os.environ.get("BASEWATCH_WORKERS", "").strip()
    if value:
        if not value.isdigit() or int(value) < 1:
            raise ValueError(f"BASEWATCH_WORKERS must be a whole number of processes, at least 1: {value!r}")
        return int(value)
    return os.cpu_count() or 1


def listing(folder: Path) -> tuple[list[str], dict[str, str]]:
    """The saved pages of a folder, and the size and mtime of each and of its sidecar, from
    one listing of the folder.

    The pages are the names sources.archive_files lists (every name ending in .html, in name
    order, links included); a page's signature is what tells a changed file from an
    unchanged one without reading it, "unreadable" when it cannot be stat'ed. Plain names,
    not the Path objects of a glob: 0.15 s less per 20,000 pages, on every run."""
    pages: list[str] = []
    stats: dict[str, str] = {}
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                if name.endswith(".html"):
                    pages.append(name)
                elif not name.endswith(".json"):
                    continue
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                stats[name] = f"{info.st_size}:{info.st_mtime_ns}"
    except PermissionError:
        return [], {}  # a folder we may not list offers no page, as archive_files' glob has it
    pages.sort()
    return pages, {name: f"{stats[name]}|{stats.get(name[:-5] + '.json', '-')}" if name in stats else "unreadable"
                   for name in pages}


class _Offers:
    """The pages offered in the window, one per article: the first in source order and
    file order wins, whatever order the workers finish in."""

    def __init__(self) -> None:
        self.best: dict[str, tuple[tuple, dict]] = {}

    def offer(self, order: tuple, page: dict) -> bool:
        """Record a page; True when it is (for now) the one its article comes from."""
        held = self.best.get(page["article_id"])
        if held is not None and held[0] <= order:
            return False
        self.best[page["article_id"]] = (order, page)
        return True

    def pages(self) -> list[dict]:
        return [page for _, page in sorted(self.best.values(), key=lambda item: item[0])]


def _manifest(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    rows = con.execute(f"SELECT {', '.join(MANIFEST_COLUMNS)} FROM core.archive_files").fetchall()
    records = (dict(zip(MANIFEST_COLUMNS, row, strict=True)) for row in rows)
    return {record["location"]: record for record in records}


def _pool_map(ctx: Context, tasks: Iterable[dict], workers: int, expected: int) -> Iterator[Outcome]:
    """Outcomes of tasks in task order, on a process pool when there are enough of them
    (`expected` is how many tasks there will be).

    Chunks of tasks stay queued ahead of the caller (at most IN_FLIGHT tasks, so a
    backfill's tasks never all wait in memory) so workers never idle while the caller
    writes a batch. A worker that dies (the kernel's OOM killer, a crash in a C library on
    some page) breaks the whole pool; the unfinished tasks then run again one at a time on
    a fresh pool, and a task that kills its worker again gets a failed outcome naming why.
    """
    if workers <= 1 or expected < PARALLEL_THRESHOLD:
        worker = Worker(ctx)
        yield from (worker.run(t) for t in tasks)
        return
    tasks = iter(tasks)
    pool = _new_pool(ctx, workers)
    queued: collections.deque[tuple[list[dict], Future]] = collections.deque()
    try:
        while True:
            while len(queued) * CHUNK_SIZE < IN_FLIGHT and (chunk := list(itertools.islice(tasks, CHUNK_SIZE))):
                queued.append((chunk, pool.submit(_run_chunk, chunk)))
            if not queued:
                return
            chunk, future = queued.popleft()
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                retry = [*chunk, *(t for c, _ in queued for t in c)]
                queued.clear()
                pool.shutdown(cancel_futures=True)
                pool = _new_pool(ctx, workers)
                for task in retry:
                    try:
                        outcome = pool.submit(_run_in_worker, task).result()
                    except BrokenProcessPool:
                        pool.shutdown(cancel_futures=True)
                        pool = _new_pool(ctx, workers)
                        outcome = _died_on(task)
                    yield outcome
                continue
            yield from outcomes
    finally:
        pool.shutdown(cancel_futures=True)


def _new_pool(ctx: Context, workers: int) -> ProcessPoolExecutor:
    # spawn, not fork: the Dagster process that calls this runs threads of its own
    return ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"), initializer=_init_worker,
                               initargs=(ctx,))


def _died_on(task: dict) -> Outcome:
    """The outcome of a task whose worker died twice running it: kept, with the reason."""
    reason = "the worker process died on this page twice (out of memory, or a crash in a parser)"
    if task["kind"] == "file":
        return Outcome(attempt=asdict(FetchAttempt(
            url=f"archive://{task['source']}/{Path(task['location']).name}", source=task["source"],
            fetched_at=now(), status=None, bytes=None, from_cache=False, error=f"unparseable: {reason}",
            location=task["location"])))
    article = dict(task.get("article") or task["page"])
    row = {k: article.get(k) for k in ARTICLE_COLUMNS}
    row.update(extraction_error=reason, is_relevant=False, extracted_at=now())
    return Outcome(article=row, mentions=[])


_worker: list[Worker] = []


def _init_worker(ctx: Context) -> None:
    _worker.append(Worker(ctx))


def _run_in_worker(task: dict) -> Outcome:
    return _worker[0].run(task)


def _run_chunk(tasks: list[dict]) -> list[Outcome]:
    return [_worker[0].run(task) for task in tasks]


class _Writer:
    """Article and mention rows, written a batch at a time (whole DataFrames, never row
    loops: duckdb #10106)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.articles: list[dict] = []
        self.mentions: list[dict] = []
        # Into tables that held no row when the pass began (a first run, a backfill into a new
        # warehouse), only ids this writer wrote can have rows to replace: a batch of new ids
        # is inserted without the DELETE that scans both tables for its keys, a scan that
        # grows with the tables (0.92 -> 0.77 s of CPU for writing 20,000 articles; more on
        # a longer backfill). None: any id may have rows.
        empty = con.execute("SELECT NOT EXISTS (FROM core.articles) AND NOT EXISTS (FROM core.incident_mentions)")
        self.written: set[str] | None = set() if empty.fetchone()[0] else None

    def add(self, outcome: Outcome) -> None:
        assert outcome.article is not None
        self.articles.append(outcome.article)
        self.mentions.extend(outcome.mentions or [])
        if len(self.articles) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        if not self.articles:
            return
        articles = frame(self.articles, ARTICLE_COLUMNS)
        mentions = frame(self.mentions, MENTION_COLUMNS)
        ids = {row["article_id"] for row in self.articles}
        if self.written is not None and len(ids) == len(self.articles) and self.written.isdisjoint(ids):
            wh.append_together(self.con, [("core.articles", articles), ("core.incident_mentions", mentions)])
            self.written |= ids
        else:
            keys = articles[["article_id"]]
            wh.replace_keys_together(self.con, [
                ("core.articles", articles, "article_id", keys),
                ("core.incident_mentions", mentions, "article_id", keys)])
            if self.written is not None:
                self.written |= ids
        self.articles, self.mentions = [], []


def run_pass(con: duckdb.DuckDBPyConnection, sources: Iterable[Source], start: dt.date, end: dt.date,
             cache: RawCache, bases: pd.DataFrame, *, read_sources: bool = True, today: dt.date | None = None,
             workers: int | None = None) -> PassSummary:
    """Bring core.pages, core.articles and core.incident_mentions up to date for the
    publication dates start..end (both inclusive), and return the run's fetch log.

    With read_sources False the sources are not looked at: the window's pages are those
    core.pages already holds (a registry edit re-derives articles and mentions only).
    """
    from pipelines.articles import mentions_version, text_version

    sources = list(sources)
    today = today or dt.date.today()
    workers = workers or pool_size()
    ctx = Context(bases=bases, raw_dir=str(cache.root), start=start, end=end, today=today,
                  text_version=text_version(), mentions_version=mentions_version(bases))
    offers = _Offers()
    attempts: list[dict] = []
    summary = PassSummary(pages=pd.DataFrame(), attempts=pd.DataFrame())
    writer = _Writer(con)
    extracted_now: set[str] = set()

    if read_sources:
        file_tasks = _offer_sources(con, sources, start, end, cache, today, offers, attempts, summary)
        manifest_rows: list[dict] = []
        for task, outcome in zip(file_tasks, _pool_map(ctx, file_tasks, workers, len(file_tasks)), strict=True):
            page = outcome.page
            if page is None:
                attempts.append(outcome.attempt)  # unreadable or undated: logged on every run until fixed
                continue
            manifest_rows.append({**page, "location": task["location"], "signature": task["signature"],
                                  "source_name": task["source"], "read_at": now()})
            if not start <= page["published_date"] <= end:
                continue
            attempts.append(outcome.attempt)
            if offers.offer(task["order"], page) and outcome.article is not None:
                writer.add(outcome)
                extracted_now.add(page["article_id"])
        summary.files_read = len(file_tasks)
        wh.upsert(con, "core.archive_files", frame(manifest_rows, MANIFEST_COLUMNS), key="location")
    else:
        held = con.execute("SELECT * FROM core.pages WHERE published_date BETWEEN ? AND ? ORDER BY location",
                           [start, end]).df()
        for i, page in enumerate(_records(held, PAGE_COLUMNS)):
            offers.offer((0, i), page)

    pages = offers.pages()
    to_extract, to_redo = _stale_articles(con, [p for p in pages if p["article_id"] not in extracted_now], ctx)
    tasks = itertools.chain(({"kind": "page", "page": p} for p in to_extract), _text_tasks(con, to_redo))
    for outcome in _pool_map(ctx, tasks, workers, len(to_extract) + len(to_redo)):
        writer.add(outcome)
    writer.flush()
    summary.extracted = len(extracted_now) + len(to_extract)
    summary.mentions_redone = len(to_redo)
    summary.articles_unchanged = len(pages) - summary.extracted - summary.mentions_redone

    summary.pages = frame(pages, PAGE_COLUMNS)
    if read_sources:
        wh.replace_window(con, "core.pages", summary.pages, start, end, key="article_id")
    summary.stale_removed = wh.delete_stale(con, "core.articles", start, end, "article_id", summary.pages)
    con.execute("""DELETE FROM core.incident_mentions WHERE published_date BETWEEN ? AND ?
                   AND article_id NOT IN (SELECT article_id FROM core.articles)""", [start, end])
    summary.attempts = pd.DataFrame(attempts, columns=list(FetchAttempt.__dataclass_fields__))
    return summary


def _offer_sources(con: duckdb.DuckDBPyConnection, sources: list[Source], start: dt.date, end: dt.date,
                   cache: RawCache, today: dt.date, offers: _Offers, attempts: list[dict],
                   summary: PassSummary) -> list[dict]:
    """Offer every page the manifest vouches for, fetch the feeds' pages, and return one
    task per archive file that must be read."""
    known = _manifest(con)
    tasks: list[dict] = []
    fetched_at = now()
    for index, source in enumerate(sources):
        if source.kind != "archive":
            continue
        try:
            folder = archive_folder(source)
            names, sigs = listing(folder)
        except (SourceConfigError, OSError) as exc:
            # one missing folder must not stop the other sources; the check on the fetch log says so
            summary.sources_down.append(f"{source.name}: {exc}")
            attempts.append(asdict(FetchAttempt(
                url=f"archive://{source.name}/", source=source.name, fetched_at=now(), status=None, bytes=None,
                from_cache=False, error=f"source unavailable: {exc}", location=str(source.path), kind="source")))
            continue
        prefix = os.path.join(folder, "")  # what str(folder / name) puts before the name
        for position, name in enumerate(names):
            location = prefix + name
            sig = sigs[name]
            held = known.get(location)
            if held is not None and held["signature"] == sig:
                summary.files_unchanged += 1
                page = {k: held[k] for k in PAGE_COLUMNS}
                if start <= page["published_date"] <= end:
                    offers.offer((index, position), page)
                    # a plain dict: dataclasses.asdict deep-copies, 1 s per 20,000 unchanged files
                    attempts.append(dict(
                        _ATTEMPT_DEFAULTS, url=page["url"], source=source.name, fetched_at=fetched_at,
                        from_cache=True, published_date=page["published_date"], location=location))
                continue
            # the worker reads the sidecar with the page: 20,000 small JSON reads here would
            # take a core's time away from the workers
            tasks.append({"kind": "file", "order": (index, position), "source": source.name,
                          "language": source.language, "location": location, "signature": sig})
    rows, log = ingest.collect_pages(sources, start, end, cache, today)  # rss and sitemap sources only
    attempts.extend(log)
    order_of = {s.name: i for i, s in enumerate(sources)}
    source_of = {entry["url"]: entry["source"] for entry in log if entry["error"] is None}
    for position, row in enumerate(rows):
        offers.offer((order_of.get(source_of.get(row.url, ""), len(sources)), position), asdict(row))
    return tasks


def _records(frame_: pd.DataFrame, columns: list[str]) -> list[dict]:
    if frame_.empty:
        return []
    out = frame_[columns].astype(object).where(frame_[columns].notna(), None)
    records = out.to_dict("records")
    for record in records:
        if isinstance(record.get("published_date"), pd.Timestamp | dt.datetime):
            record["published_date"] = record["published_date"].date()
    return records


def _stale_articles(con: duckdb.DuckDBPyConnection, pages: list[dict], ctx: Context
                    ) -> tuple[list[dict], list[str]]:
    """The pages whose article must be extracted (missing, bytes or text version changed),
    and the article ids whose mentions only must be found again (registry or extraction
    code changed)."""
    if not pages:
        return [], []
    con.register("_ids", pd.DataFrame({"article_id": [p["article_id"] for p in pages]}))
    try:
        state = con.execute("""SELECT a.article_id, a.content_sha, a.extractor_version, a.mentions_version,
                                      a.published_date, a.url, a.source
                               FROM core.articles a JOIN _ids USING (article_id)""").fetchall()
    finally:
        con.unregister("_ids")
    held = {row[0]: row[1:] for row in state}
    extract: list[dict] = []
    redo: list[str] = []
    for page in pages:
        row = held.get(page["article_id"])
        same_page = row is not None and (row[0], row[3], row[4], row[5]) == (
            page["content_sha"], page["published_date"], page["url"], page["source"])
        if not same_page or row[1] != ctx.text_version:
            extract.append(page)
        elif row[2] != ctx.mentions_version:
            redo.append(page["article_id"])
    return extract, redo


def _text_tasks(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> Iterator[dict]:
    """Mention tasks with their stored article, read a batch at a time."""
    for start in range(0, len(article_ids), BATCH_SIZE):
        con.register("_redo", pd.DataFrame({"article_id": article_ids[start:start + BATCH_SIZE]}))
        try:
            stored = con.execute("SELECT a.* FROM core.articles a JOIN _redo USING (article_id)").df()
        finally:
            con.unregister("_redo")
        yield from ({"kind": "text", "article": article} for article in _records(stored, ARTICLE_COLUMNS))
