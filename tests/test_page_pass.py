"""The one pass over a window's pages (pipelines/page_pass.py) on a real DuckDB file."""

import datetime as dt
import os
from pathlib import Path

import pytest

from pipelines import page_pass
from pipelines import warehouse as wh
from pipelines.config import REGISTRY_DIR
from pipelines.ingest import RawCache
from pipelines.registry import load_bases
from pipelines.sources import load_sources

OCT = (dt.date(2023, 10, 1), dt.date(2023, 10, 31))
TODAY = dt.date(2024, 1, 1)


def run(workdir: Path, bases=None) -> page_pass.PassSummary:
    bases = load_bases(REGISTRY_DIR / "bases.yaml") if bases is None else bases
    with wh.connect(workdir / "w.duckdb") as con:
        return page_pass.run_pass(con, load_sources(workdir / "sources.yaml"), *OCT, RawCache(workdir / "raw"),
                                  bases, today=TODAY, workers=1)


def test_unchanged_files_are_not_read_and_unchanged_pages_not_extracted(workdir: Path):
    offered = len(list((workdir / "archive").glob("*.html")))
    first = run(workdir)
    assert (first.files_read, first.extracted, len(first.pages)) == (offered, 4, 4)
    second = run(workdir)
    # only the undated page is read again: a page that failed is retried on every run
    assert (second.files_read, second.files_unchanged, second.extracted) == (1, offered - 1, 0)
    assert second.articles_unchanged == 4
    assert list(second.attempts["from_cache"]).count(True) == 4
    touched = workdir / "archive" / "en_tanf_rockets.html"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    third = run(workdir)
    assert (third.files_read, third.extracted) == (2, 1)  # read again; same bytes, but read pages are extracted
    with wh.connect(workdir / "w.duckdb", read_only=True) as con:
        assert wh.count(con, "core.articles") == 4 and wh.count(con, "core.pages") == 4


def test_a_registry_change_redoes_mentions_from_stored_text_only(workdir: Path):
    run(workdir)
    bases = load_bases(REGISTRY_DIR / "bases.yaml")
    fewer = bases[bases["base_id"] != "al_tanf"].reset_index(drop=True)
    again = run(workdir, fewer)
    assert (again.files_read, again.extracted, again.mentions_redone) == (1, 0, 4)
    with wh.connect(workdir / "w.duckdb", read_only=True) as con:
        assert wh.count(con, "core.incident_mentions", "base_id = 'al_tanf'") == 0
        assert wh.count(con, "core.articles", "mentions_version IS NULL") == 0


def test_a_missing_archive_folder_is_logged_and_the_other_sources_still_read(workdir: Path):
    (workdir / "sources.yaml").write_text(
        "sources:\n  - name: gone\n    kind: archive\n    path: nowhere\n"
        "  - name: fixtures\n    kind: archive\n    path: archive\n", encoding="utf-8")
    done = run(workdir)
    assert len(done.pages) == 4 and len(done.sources_down) == 1 and "nowhere" in done.sources_down[0]
    down = done.attempts[done.attempts["source"] == "gone"]
    assert len(down) == 1 and down["error"].iloc[0].startswith("source unavailable")


@pytest.mark.parametrize(("value", "want"), [("3", 3), ("", os.cpu_count() or 1)])
def test_pool_size_comes_from_basewatch_workers(monkeypatch: pytest.MonkeyPatch, value: str, want: int):
    monkeypatch.setenv("BASEWATCH_WORKERS", value)
    assert page_pass.pool_size() == want


@pytest.mark.parametrize("value", ["0", "two", "-1"])
def test_a_bad_basewatch_workers_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, value: str):
    monkeypatch.setenv("BASEWATCH_WORKERS", value)
    with pytest.raises(ValueError, match="BASEWATCH_WORKERS"):
        page_pass.pool_size()


def test_a_worker_killed_mid_pass_loses_no_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The OOM killer takes a pool worker: the batch runs again on a fresh pool and every
    page is still accounted for."""
    import json
    import multiprocessing
    import signal
    import threading
    import time

    from .conftest import FIXTURES

    archive = tmp_path / "archive"
    archive.mkdir()
    page = (FIXTURES / "archive" / "en_tanf_rockets.html").read_bytes()
    n = 600
    for i in range(n):
        (archive / f"p{i:04d}.html").write_bytes(page)
        (archive / f"p{i:04d}.json").write_text(json.dumps({"url": f"https://wire.test/n/{i}",
                                                            "published": "2023-10-24"}), encoding="utf-8")
    (tmp_path / "sources.yaml").write_text("sources:\n  - name: wire\n    kind: archive\n    path: archive\n",
                                           encoding="utf-8")
    done: dict = {}
    pools: list = []
    new_pool = page_pass._new_pool
    monkeypatch.setattr(page_pass, "_new_pool", lambda *a: pools.append(1) or new_pool(*a))

    def work() -> None:
        with wh.connect(tmp_path / "w.duckdb") as con:
            done["summary"] = page_pass.run_pass(con, load_sources(tmp_path / "sources.yaml"), *OCT,
                                                 RawCache(tmp_path / "raw"), load_bases(REGISTRY_DIR / "bases.yaml"),
                                                 today=TODAY, workers=2)

    thread = threading.Thread(target=work)
    thread.start()
    deadline = time.monotonic() + 60
    while not multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    victims = multiprocessing.active_children()
    assert victims, "the pass never started its pool"
    os.kill(victims[0].pid, signal.SIGKILL)
    thread.join(timeout=300)
    summary = done["summary"]
    assert len(pools) >= 2  # the kill broke the first pool, and a fresh one took over
    assert summary.files_read == n and len(summary.pages) == n
    with wh.connect(tmp_path / "w.duckdb", read_only=True) as con:
        assert wh.count(con, "core.articles") == n
        assert wh.count(con, "core.articles", "extraction_error IS NULL AND is_relevant") == n
