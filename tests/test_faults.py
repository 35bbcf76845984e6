"""Faults: a run killed mid-backfill, two writers at once, an unusable warehouse file, a
full disk, a source down for a day, and `basewatch sql` staying read-only.

Real parts only: `basewatch` subprocesses, DuckDB files, a Dagster instance in a temp
DAGSTER_HOME, a tmpfs when one can be mounted. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

from pipelines import quality
from pipelines import warehouse as wh
from pipelines.config import PROJECT_ROOT
from pipelines.definitions import ALL_ASSETS
from pipelines.sources import load_sources

from .conftest import FIXTURES, materialize_range

BASEWATCH = str(Path(sys.executable).parent / "basewatch")
START, END = "2023-10-01", "2023-12-31"
# Columns that record when something ran, not what it found.
WHEN_COLUMNS = {"fetched_at", "extracted_at", "read_at", "built_at"}
EXTRA_PAGES = 300  # enough for the articles step to last a couple of seconds


def write_archive(folder: Path, extra: int = EXTRA_PAGES) -> None:
    """The fixture archive plus `extra` generated pages (copies of two fixture articles with
    their own urls, dates, outlets and figures), so a run lasts long enough to kill."""
    shutil.copytree(FIXTURES / "archive", folder)
    tanf = (FIXTURES / "archive" / "en_tanf_rockets.html").read_text(encoding="utf-8")
    asad = (FIXTURES / "archive" / "ar_asad_drones.html").read_text(encoding="utf-8")
    words = ["Two", "Three", "Four", "Five", "Six"]
    for i in range(extra):
        day = dt.date(2023, 10, 1) + dt.timedelta(days=i % 90)
        html = tanf.replace("Three rockets", f"{words[i % 5]} rockets") if i % 2 else asad
        (folder / f"x_{i:04d}.html").write_text(html, encoding="utf-8")
        (folder / f"x_{i:04d}.json").write_text(json.dumps(
            {"url": f"https://wire.test/n/{i}", "published": day.isoformat(), "source": f"wire{i % 3}"}),
            encoding="utf-8")


def sources_file(folder: Path, archives: dict[str, Path]) -> Path:
    lines = ["sources:"] + [f"  - name: {name}\n    kind: archive\n    path: {path}" for name, path in archives.items()]
    path = folder / "sources.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def env_for(folder: Path, sources: Path, db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BASEWATCH_", "DAGSTER_HOME"))}
    return env | {"BASEWATCH_WAREHOUSE": str(db), "BASEWATCH_SOURCES": str(sources),
                  "BASEWATCH_RAW_DIR": str(folder / f"raw-{db.stem}"), "BASEWATCH_REPORTS": str(folder / "reports"),
                  "PYTHONUNBUFFERED": "1"}


def basewatch(args: list[str], env: dict[str, str], timeout: float = 180, **kw: object
              ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([BASEWATCH, *args], env=env, capture_output=True, text=True, timeout=timeout,
                          cwd=PROJECT_ROOT, **kw)


def snapshot(db: Path) -> dict[str, list[str]]:
    """Every core and analytics table's rows (sorted, without run-time columns), and the
    fetch log as the set of (url, error) it holds: it is an append-only log of attempts."""
    out: dict[str, list[str]] = {}
    with duckdb.connect(str(db), read_only=True) as con:
        tables = con.execute("""SELECT table_schema || '.' || table_name FROM information_schema.tables
                                WHERE table_schema IN ('core', 'analytics') ORDER BY 1""").fetchall()
        for (table,) in tables:
            if table == "core.build_state":
                continue  # bookkeeping: what the merge and charts last ran on, paths included
            if table == "core.fetch_log":
                rows = con.execute("SELECT DISTINCT url, error FROM core.fetch_log").fetchall()
            else:
                schema, name = table.split(".")
                cols = [c for (c,) in con.execute("""SELECT column_name FROM information_schema.columns
                                                     WHERE table_schema = ? AND table_name = ?
                                                     ORDER BY ordinal_position""", [schema, name]).fetchall()
                        if c not in WHEN_COLUMNS]
                rows = con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
            out[table] = sorted(repr(r) for r in rows)
    return out


def assert_same_tables(got: dict[str, list[str]], want: dict[str, list[str]]) -> None:
    assert sorted(got) == sorted(want)
    for table in want:
        assert got[table] == want[table], f"{table}: {len(got[table])} rows against {len(want[table])}"


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A large archive and the tables an uninterrupted run builds from it (shared by the
    tests that compare against it)."""
    folder = tmp_path_factory.mktemp("big")
    write_archive(folder / "archive")
    sources = sources_file(folder, {"fixtures": folder / "archive"})
    db = folder / "reference.duckdb"
    done = basewatch(["run", "--start", START, "--end", END], env_for(folder, sources, db))
    assert done.returncode == 0, done.stderr
    want = snapshot(db)
    assert len(want["core.articles"]) == EXTRA_PAGES + 4 and len(want["core.incidents"]) > 10
    return {"folder": folder, "sources": sources, "want": want}


def run_until(args: list[str], env: dict[str, str], marker: str, delay: float) -> subprocess.Popen[str]:
    """Start `basewatch` and return it once `marker` appeared in its event log plus `delay` s."""
    proc = subprocess.Popen([BASEWATCH, *args, "--verbose"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, cwd=PROJECT_ROOT, start_new_session=True)
    assert proc.stdout is not None
    deadline = time.monotonic() + 120
    for line in proc.stdout:
        if marker in line:
            time.sleep(delay)
            return proc
        assert time.monotonic() < deadline, "the run never reached " + marker
    pytest.fail(f"the run ended before {marker!r}: exit {proc.wait()}")


# --- 1. SIGKILL in the middle of a backfill --------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize(("marker", "delay"), [
    ('Started execution of step "pages_to_mentions"', 2.0),  # pages read, articles half written
    ('Started execution of step "core__incidents"', 0.05),  # mentions done, incidents not merged
], ids=["during-articles", "before-incidents"])
def test_a_run_killed_mid_backfill_and_run_again_equals_an_uninterrupted_run(big: dict, tmp_path: Path,
                                                                             marker: str, delay: float):
    db = tmp_path / "killed.duckdb"
    env = env_for(tmp_path, big["sources"], db)
    proc = run_until(["run", "--start", START, "--end", END], env, marker, delay)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL
    with contextlib.suppress(ProcessLookupError):  # the article step's workers outlive their parent
        os.killpg(proc.pid, signal.SIGKILL)
    if proc.stdout:
        proc.stdout.close()
    half = snapshot(db)
    assert half != big["want"]  # the kill really cut the run short
    again = basewatch(["run", "--start", START, "--end", END], env)
    assert again.returncode == 0, again.stderr
    assert_same_tables(snapshot(db), big["want"])


# --- 2. two writers at once -------------------------------------------------------------------

@pytest.mark.slow
def test_two_runs_at_once_on_one_warehouse_both_succeed_and_equal_one_run(big: dict, tmp_path: Path):
    db = tmp_path / "shared.duckdb"
    env = env_for(tmp_path, big["sources"], db)
    procs = [subprocess.Popen([BASEWATCH, "run", "--start", START, "--end", END], env=env, cwd=PROJECT_ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    for proc, (_out, err) in zip(procs, outs, strict=True):
        assert proc.returncode == 0, err
        assert "lock" not in err.lower()
    assert_same_tables(snapshot(db), big["want"])
    with duckdb.connect(str(db), read_only=True) as con:
        # both runs logged their attempts: the log has two runs, each page read once per run
        runs = con.execute("SELECT count(DISTINCT run_id), count(*) FROM core.fetch_log").fetchone()
        assert runs[0] == 2


def test_a_writer_waits_for_the_lock_instead_of_failing(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    with wh.connect(db):
        pass
    holder = subprocess.Popen([sys.executable, "-c", (
        "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); "
        "con.execute('CREATE TABLE held (x INT)'); print('held', flush=True); time.sleep(2.5); con.close()"),
        str(db)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    began = time.monotonic()
    with wh.connect(db, timeout=60) as con:
        waited = time.monotonic() - began
        assert con.execute("SELECT count(*) FROM held").fetchone() == (0,)
    holder.wait(timeout=30)
    assert waited > 1.0  # it really waited for the other process


def test_a_writer_gives_up_after_its_timeout_naming_the_file(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    with wh.connect(db):
        pass
    holder = subprocess.Popen([sys.executable, "-c", (
        "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(30)"),
        str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(wh.WarehouseError, match="stayed locked") as err, wh.connect(db, timeout=1.0):
            pass
        assert str(db) in str(err.value)
    finally:
        holder.kill()
        holder.wait()


def test_the_instance_reads_the_warehouse_pool_so_queued_runs_wait(tmp_path: Path, monkeypatch):
    from dagster._core.op_concurrency_limits_counter import GlobalOpConcurrencyLimitsCounter
    from dagster._core.run_coordinator import QueuedRunCoordinator
    from dagster._core.storage.dagster_run import DagsterRun, DagsterRunStatus, RunOpConcurrency

    from pipelines.definitions import defs

    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    with dg.DagsterInstance.get() as instance:
        config = instance.get_concurrency_config()
        assert config.pool_config.pool_granularity.value == "run"
        assert config.pool_config.default_pool_limit == 1
        assert isinstance(instance.run_coordinator, QueuedRunCoordinator)
        assert config.run_queue_config.should_block_op_concurrency_limited_runs
        # every asset the schedule and backfills materialize is in the one pool
        for job in ("daily_refresh", "rebuild_incidents_and_analytics"):
            assert {op.pool for op in defs.resolve_job_def(job).graph.node_defs} == {"warehouse"}, job
        # the queue daemon's own counter: of two queued runs in the pool, the first
        # launches and the second waits while the first holds the pool
        runs = [DagsterRun(job_name="daily_refresh", run_id=f"run-{i}", status=DagsterRunStatus.NOT_STARTED,
                           run_op_concurrency=RunOpConcurrency(root_key_counts={"warehouse": 1},
                                                               has_unconstrained_root_nodes=False,
                                                               all_pools={"warehouse"}))
                for i in range(2)]
        storage = instance.event_log_storage

        def counter() -> GlobalOpConcurrencyLimitsCounter:
            return GlobalOpConcurrencyLimitsCounter(
                instance, runs, [], concurrency_keys=storage.get_concurrency_keys(),
                pool_limits=storage.get_pool_limits(), pool_granularity=config.pool_config.pool_granularity)

        counter()  # the daemon's first pass creates the pool at the default limit, as it would
        assert storage.get_concurrency_info("warehouse").slot_count == 1
        second_pass = counter()
        assert not second_pass.is_blocked(runs[0])
        second_pass.update_counters_with_launched_item(runs[0])
        assert second_pass.is_blocked(runs[1])


# --- 3. unusable warehouse file, full disk ----------------------------------------------------

def clean_failure(done: subprocess.CompletedProcess[str], db: Path) -> str:
    assert done.returncode != 0
    assert str(db) in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    return done.stderr


@pytest.mark.parametrize("kind", ["garbage", "directory"])
def test_an_unreadable_warehouse_file_is_a_clear_error_naming_it(workdir: Path, kind: str):
    db = workdir / "warehouse.duckdb"
    if kind == "garbage":
        db.write_bytes(hashlib.sha512(b"not a database").digest() * 200)
    else:
        db.mkdir()
    env = env_for(workdir, workdir / "sources.yaml", db)
    for args in (["run", "--start", "2023-10-01", "--end", "2023-10-31"], ["sql", "SELECT 1"]):
        err = clean_failure(basewatch(args, env), db)
        assert ("not a DuckDB database" if kind == "garbage" else "is a directory") in err
    if kind == "garbage":  # nothing overwrote the file
        assert db.read_bytes() == hashlib.sha512(b"not a database").digest() * 200


@contextlib.contextmanager
def read_only_folder(parent: Path, fill: Callable[[Path], None]) -> Iterator[Path]:
    """A folder filled by `fill` and then made read-only: a tmpfs remounted read-only when
    this process may mount (root ignores file modes), else chmod 555."""
    folder = parent / "ro"
    folder.mkdir()
    mounted = os.geteuid() == 0 and shutil.which("mount") is not None and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)], capture_output=True).returncode == 0
    if os.geteuid() == 0 and not mounted:
        pytest.skip("running as root without mount: file modes would not stop a write")
    try:
        fill(folder)
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        else:
            for path in folder.iterdir():
                path.chmod(0o444)
            folder.chmod(0o555)
        yield folder
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], check=False)
        else:
            folder.chmod(0o755)


def test_a_warehouse_in_a_read_only_folder_fails_to_write_but_still_reads(workdir: Path):
    def fill(folder: Path) -> None:
        with wh.connect(folder / "warehouse.duckdb") as con:
            con.execute("INSERT INTO core.bases (base_id) VALUES ('kept')")

    with read_only_folder(workdir, fill) as folder:
        db = folder / "warehouse.duckdb"
        before = db.read_bytes()
        env = env_for(workdir, workdir / "sources.yaml", db)
        err = clean_failure(basewatch(["run", "--start", "2023-10-01", "--end", "2023-10-31"], env), db)
        assert "permission denied" in err.lower() or "read-only" in err.lower(), err
        read = basewatch(["sql", "SELECT base_id FROM core.bases"], env)
        assert read.returncode == 0 and "kept" in read.stdout, read.stderr
        assert db.read_bytes() == before


def tiny_disk(folder: Path) -> tuple[Path, Callable[[], None] | None, Callable[[], None]]:
    """A 600 KB place for the warehouse: a tmpfs when this process may mount one, else a
    file-size limit (RLIMIT_FSIZE) in the child so its writes fail with EFBIG."""
    mount = folder / "tiny"
    mount.mkdir()
    if os.geteuid() == 0 and shutil.which("mount"):
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(mount)],
                              capture_output=True, text=True)
        if done.returncode == 0:
            return mount, None, lambda: subprocess.run(["umount", str(mount)], check=False)

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (600_000, 600_000))
    return mount, limit, lambda: None


@pytest.mark.slow
def test_a_full_disk_fails_the_run_with_a_clear_error_naming_the_file(big: dict, tmp_path: Path):
    mount, limit, cleanup = tiny_disk(tmp_path)
    try:
        db = mount / "warehouse.duckdb"
        done = basewatch(["run", "--start", START, "--end", END], env_for(tmp_path, big["sources"], db),
                         preexec_fn=limit)
        err = clean_failure(done, db)
        assert "disk is full or the file hit a size limit" in err, err
        assert "step " in err  # which step the failure stopped
    finally:
        cleanup()


def test_write_errors_in_the_body_become_warehouse_errors_and_sql_errors_do_not(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    with pytest.raises(duckdb.CatalogException), wh.connect(db) as con:
        con.execute("SELECT * FROM core.no_such_table")
    # a failed write shows up as "transaction aborted" in the cleanup; the disk's reason wins
    try:
        raise duckdb.IOException('IO Error: Could not write file "w.duckdb": No space left on device')
    except duckdb.IOException as first:
        try:
            raise duckdb.TransactionException("Current transaction is aborted (please ROLLBACK)") from first
        except duckdb.TransactionException as second:
            with pytest.raises(wh.WarehouseError, match="disk is full") as err, wh.connect(db):
                raise second
    assert str(db) in str(err.value)


# --- 4. a source down for a day ---------------------------------------------------------------

def split_fixtures(folder: Path) -> dict[str, Path]:
    """The fixture archive as two sources: the English pages and the Arabic ones."""
    en, ar = folder / "en", folder / "ar"
    for target, prefix in ((en, "en_"), (ar, "ar_")):
        target.mkdir()
        for page in (FIXTURES / "archive").glob(f"{prefix}*"):
            shutil.copy(page, target / page.name)
    return {"english": en, "arabic": ar}


def resources_for(folder: Path, sources: Path, db: Path) -> dict:
    from pipelines.resources import ReportsResource, SourcesResource, WarehouseResource

    return {"warehouse": WarehouseResource(path=str(db)),
            "sources": SourcesResource(sources_file=str(sources), raw_dir=str(folder / "raw")),
            "reports": ReportsResource(path=str(folder / "reports"))}


def test_a_source_down_for_a_run_lands_on_the_next_run_and_is_flagged(tmp_path: Path):
    archives = split_fixtures(tmp_path)
    sources = sources_file(tmp_path, archives)
    db = tmp_path / "w.duckdb"
    resources = resources_for(tmp_path, sources, db)
    away = tmp_path / "arabic-away"
    archives["arabic"].rename(away)  # the outlet is down: its folder is gone for this run

    result = dg.materialize(ALL_ASSETS, resources=resources, instance=dg.DagsterInstance.ephemeral(),
                            tags={ASSET_PARTITION_RANGE_START_TAG: "2023-10-01",
                                  ASSET_PARTITION_RANGE_END_TAG: "2023-10-31"}, raise_on_error=False)
    problems = quality.unavailable_sources(load_sources(sources), pd.DataFrame())
    assert problems == [f"arabic: folder {archives['arabic']} is missing"]
    # the other sources are ingested; the run says which source was down and why
    assert result.success
    check = next(e for e in result.get_asset_check_evaluations() if e.check_name == "every_source_available")
    assert not check.passed and str(archives["arabic"]) in check.metadata["offending sources"].text
    with duckdb.connect(str(db), read_only=True) as con:
        sources_in = {r[0] for r in con.execute("SELECT DISTINCT url FROM core.pages").fetchall()}
        down = con.execute("SELECT error FROM core.fetch_log WHERE source = 'arabic'").fetchall()
    assert sources_in and not any("asad" in u or "alqaeda" in u for u in sources_in)  # nothing of the down source
    assert len(down) == 1 and down[0][0].startswith("source unavailable") and str(archives["arabic"]) in down[0][0]

    away.rename(archives["arabic"])  # back the next day
    again = materialize_range(resources, "2023-10-01", "2023-10-31")
    assert again.success
    assert quality.unavailable_sources(load_sources(sources), pd.DataFrame()) == []
    clean = tmp_path / "clean.duckdb"
    assert materialize_range(resources_for(tmp_path, sources, clean), "2023-10-01", "2023-10-31").success
    got, want = snapshot(db), snapshot(clean)
    assert len(want["core.articles"]) == 4
    # the log keeps the day the source was down; every other table is as if it never was
    got["core.fetch_log"] = [r for r in got["core.fetch_log"] if "source unavailable" not in r]
    assert_same_tables(got, want)


def test_unavailable_sources_names_each_kind_of_outage(tmp_path: Path):
    from pipelines.sources import Source

    good, empty, not_dir = tmp_path / "good", tmp_path / "empty", tmp_path / "file.txt"
    good.mkdir()
    (good / "a.html").write_text("<p>x</p>", encoding="utf-8")
    empty.mkdir()
    not_dir.write_text("x", encoding="utf-8")

    def archive(name: str, path: Path) -> Source:
        return Source(name=name, kind="archive", path=path)

    def feed(name: str) -> Source:
        return Source(name=name, kind="rss", url=f"https://{name}.test/feed")

    log = pd.DataFrame([
        {"url": "https://up.test/feed", "source": "up", "error": None, "kind": "feed"},
        {"url": "https://up.test/a", "source": "up", "error": "HTTP 404", "kind": "page"},
        {"url": "https://down.test/feed", "source": "down", "error": "HTTP 503", "kind": "feed"},
        {"url": "archive://good/a.html", "source": "good", "error": None, "kind": None},
        {"url": "archive://broken/a.html", "source": "broken", "error": "unreadable: EIO", "kind": None},
        {"url": "archive://broken/b.html", "source": "broken", "error": "empty file", "kind": None},
    ])
    problems = quality.unavailable_sources(
        [archive("good", good), archive("empty", empty), archive("gone", tmp_path / "gone"),
         archive("notdir", not_dir), archive("broken", good), feed("up"), feed("down"), feed("silent")], log)
    assert problems == [
        f"empty: folder {empty} holds no *.html page",
        f"gone: folder {tmp_path / 'gone'} is missing",
        f"notdir: {not_dir} is not a folder",
        "broken: all 2 attempts failed (unreadable: EIO)",
        "down: feed or sitemap unavailable (HTTP 503)",
        "silent: no feed or sitemap was read",
    ]


# --- 7. `basewatch sql` is read-only ----------------------------------------------------------

@pytest.mark.parametrize("statement", [
    "INSERT INTO core.bases (base_id) VALUES ('evil')",
    "CREATE TABLE core.evil (x INTEGER)",
    "DELETE FROM core.bases",
    "DROP TABLE core.bases",
])
def test_basewatch_sql_refuses_writes_and_leaves_the_file_unchanged(tmp_path: Path, statement: str):
    db = tmp_path / "w.duckdb"
    with wh.connect(db) as con:
        con.execute("INSERT INTO core.bases (base_id) VALUES ('a'), ('b')")
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    env = env_for(tmp_path, tmp_path / "sources.yaml", db)
    done = basewatch(["sql", statement], env)
    assert done.returncode == 1
    assert "read-only" in done.stderr and str(db) in done.stderr and "Traceback" not in done.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert not Path(str(db) + ".wal").exists()
    read = basewatch(["sql", "SELECT count(*) AS n FROM core.bases"], env)
    assert read.returncode == 0 and read.stdout.split()[-1] == "2"


def test_basewatch_sql_prints_dates_as_dates(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    with wh.connect(db) as con:
        con.execute("INSERT INTO core.bases (base_id, hosting_from) VALUES ('a', DATE '2023-10-17')")
    done = basewatch(["sql", "SELECT base_id, hosting_from, TIMESTAMP '2024-01-02 03:04:05' AS ts FROM core.bases"],
                     env_for(tmp_path, tmp_path / "sources.yaml", db))
    assert done.returncode == 0, done.stderr
    row = done.stdout.splitlines()[-1].split()
    assert row[:2] == ["a", "2023-10-17"] and "00:00:00" not in done.stdout
    assert row[2:] == ["2024-01-02", "03:04:05"]  # a timestamp keeps its time
