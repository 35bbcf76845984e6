"""A backfill launched from the UI against `basewatch run` over the same days (issue 7). Never run in CI.

    .venv/bin/python benchmarks/ui_backfill.py --pages 5000 --days 150     # --archive DIR, --keep

The window is --days publication days from the first partition (pipelines.config.PARTITIONS_START,
2023-10-01; 150 days end on 2024-02-27). In this order it:

  1. builds, or reuses, a scale archive of --pages pages under benchmarks/out/ with
     benchmarks/scale_archive.py's builder, its dates spread over exactly that window (the
     builder's own range, 2023-10-17 .. 2024-02-29, covers only 136 days, so its first and
     last day are set to the window's for this build); --archive DIR uses DIR as it is;
  2. runs `basewatch run --start D1 --end DN` into a fresh warehouse (a child process under
     benchmarks/measure.py, ephemeral Dagster instance) and times it;
  3. into a second fresh warehouse and raw folder, starts `dagster dev` (webserver and
     daemon) on a free port of 127.0.0.1 with a temp DAGSTER_HOME holding a copy of the
     repo's dagster.yaml; first materializes the registry group the way the UI's
     "Materialize" button does for unpartitioned assets (GraphQL launchRun of the implicit
     asset job with the group's assets selected; core.articles reads core.bases, so a fresh
     warehouse needs it), timed apart; then launches the backfill the way the asset graph's
     "Materialize selected" over a partition range does: launchPartitionBackfill with every
     asset but the registry group's, the window's day keys, fromFailure false and no tags;
  4. polls the backfill until it is done, lists the runs it created (runsOrError filtered by
     the tag dagster/backfill) with their start and end times, and reads both warehouses'
     row counts, which should agree;
  5. prints a table and writes it with everything measured to benchmarks/out/ui_backfill.json.

`dagster dev` runs in its own process group (webserver, daemon, code servers and the run
workers they start), which is killed on the way out, also on a failure or Ctrl-C.

Everything the children import comes from the checkout this file sits in (PYTHONPATH). Other
people may edit that checkout meanwhile; the script records HEAD and a digest of the diff under
pipelines/ and assets/ before and after each half and warns when they differ. To measure one
commit undisturbed, run it from an export of that commit with this venv's python:

    git archive HEAD | tar -x -C /tmp/snap && (cd /tmp/snap && /work/main/.venv/bin/python benchmarks/ui_backfill.py)

How many runs the backfill creates is reported, not assumed: the daemon starts a run per
step of the asset graph that must wait for another to finish (four with the registry group
selected too, at the time of writing), and the goal of issue 7 is one.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import scale_archive  # noqa: E402
from run_benchmark import step_times, warehouse_facts, workspace  # noqa: E402

from pipelines.config import PARTITIONS_START  # noqa: E402

OUT = scale_archive.OUT
BACKFILL_TAG = "dagster/backfill"
TERMINAL_RUN = {"SUCCESS", "FAILURE", "CANCELED"}
UNFINISHED_BACKFILL = {"REQUESTED", "CANCELING", "FAILING"}

LAUNCH_BACKFILL = """mutation($params: LaunchBackfillParams!) { launchPartitionBackfill(backfillParams: $params) {
  __typename ... on LaunchBackfillSuccess { backfillId } ... on PythonError { message }
  ... on PartitionSetNotFoundError { message } ... on InvalidStepError { invalidStepKey }
  ... on InvalidOutputError { invalidOutputName } ... on UnauthorizedError { message }
  ... on ConflictingExecutionParamsError { message } ... on NoModeProvidedError { message }
  ... on RunConflict { message } ... on InvalidSubsetError { message } } }"""
BACKFILL = """query($id: String!) { partitionBackfillOrError(backfillId: $id) { __typename
  ... on PartitionBackfill { status numPartitions timestamp endTimestamp }
  ... on PythonError { message } ... on BackfillNotFoundError { message } } }"""
LAUNCH_RUN = """mutation($params: ExecutionParams!) { launchRun(executionParams: $params) { __typename
  ... on LaunchRunSuccess { run { runId } } ... on PythonError { message } ... on InvalidSubsetError { message }
  ... on RunConfigValidationInvalid { errors { message } } ... on PipelineNotFoundError { message }
  ... on RunConflict { message } ... on UnauthorizedError { message } ... on PresetNotFoundError { message }
  ... on ConflictingExecutionParamsError { message } ... on NoModeProvidedError { message }
  ... on InvalidStepError { invalidStepKey } ... on InvalidOutputError { invalidOutputName } } }"""
RUN_FIELDS = """runId status creationTime startTime endTime assetSelection { path } tags { key value }
  stepStats { stepKey startTime endTime }"""
RUN = "query($id: ID!) { runOrError(runId: $id) { __typename ... on Run { " + RUN_FIELDS + " } } }"
RUNS = ("query($filter: RunsFilter) { runsOrError(filter: $filter) { __typename ... on Runs { results { "
        + RUN_FIELDS + " } } ... on PythonError { message } } }")
WORKSPACE = """{ workspaceOrError { __typename ... on Workspace { locationEntries { name loadStatus
  locationOrLoadError { __typename ... on PythonError { message } } } } } }"""
NODES = """{ assetNodes { assetKey { path } groupName isPartitioned repository { name location { name } } } }"""


def code_state() -> str:
    """HEAD and a digest of the uncommitted changes: other people edit this checkout meanwhile, and
    a benchmark whose two halves ran different code compares nothing."""
    def git(*args: str) -> bytes:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, check=False).stdout

    head = git("rev-parse", "--short", "HEAD").decode().strip()
    if not head:
        return "not a git checkout"
    dirty = git("diff", "HEAD", "--", "pipelines", "assets", "dagster.yaml", "workspace.yaml")
    return f"{head}+{hashlib.sha1(dirty).hexdigest()[:8]}" if dirty else head


def say(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", flush=True)


# ------------------------------------------------------------------ the archive and the window

def child_env(env: dict[str, str]) -> dict[str, str]:
    """The env with this checkout first on PYTHONPATH: `basewatch run`, the code server and the
    run workers import the code this script sits in, whatever the venv's editable install points at."""
    paths = [str(ROOT), *(p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p)]
    return {**env, "PYTHONPATH": os.pathsep.join(paths)}


def window(days: int) -> tuple[dt.date, dt.date]:
    first = dt.date.fromisoformat(PARTITIONS_START)
    return first, first + dt.timedelta(days=days - 1)


@contextlib.contextmanager
def archive_days(first: dt.date, last: dt.date) -> Iterator[None]:
    """scale_archive's builder with its publication dates spread over first..last."""
    saved = scale_archive.FIRST_DAY, scale_archive.LAST_DAY
    scale_archive.FIRST_DAY, scale_archive.LAST_DAY = first, last
    try:
        yield
    finally:
        scale_archive.FIRST_DAY, scale_archive.LAST_DAY = saved


def build_archive(pages: int, first: dt.date, last: dt.date, seed: int) -> Path:
    """benchmarks/out/ui_archive_N_FIRST_LAST, reused when its manifest has the same inputs."""
    out = OUT / f"ui_archive_{pages}_{first:%Y%m%d}_{last:%Y%m%d}"
    manifest_path = out / "manifest.json"
    stale = True
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        # build() checks pages, seed and corpus; the days are checked here, since they are set
        # from outside the builder
        stale = (manifest.get("first_day"), manifest.get("last_day")) != (first.isoformat(), last.isoformat())
    with archive_days(first, last):
        scale_archive.build(pages, out, seed, force=stale)
    return out


def archive_dates(archive: Path) -> dict[str, dt.date | None]:
    """Each page's publication date from its sidecar (None when it has none)."""
    dates: dict[str, dt.date | None] = {}
    for page in sorted(archive.glob("*.html")):
        published = None
        side = page.with_suffix(".json")
        if side.exists():
            with contextlib.suppress(ValueError, AttributeError, TypeError):
                published = dt.date.fromisoformat(json.loads(side.read_text(encoding="utf-8"))["published"][:10])
        dates[page.name] = published
    return dates


# ------------------------------------------------------------------ basewatch run

def measured(command: list[str], env: dict[str, str], log: Path) -> dict:
    """run_benchmark.measured, with measure.py and the command in a process group of their
    own that is killed if this script stops first (Ctrl-C, SIGTERM, a timeout)."""
    proc = subprocess.Popen([sys.executable, str(HERE / "measure.py"), str(log), "--", *command], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = proc.communicate()
    finally:
        if proc.poll() is None or _group_alive(proc.pid):
            stop_group(proc, grace=10)
    if proc.returncode != 0:
        raise SystemExit(f"measure.py failed: {stderr[-2000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    if result["returncode"] != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result['returncode']}); see {log}")
    result["steps_s"] = step_times(log)
    return result


# ------------------------------------------------------------------ dagster dev and GraphQL

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class GraphQLError(RuntimeError):
    pass


def graphql(port: int, query: str, variables: dict | None = None, timeout: float = 60) -> dict:
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        data = json.loads(response.read())
    if data.get("errors"):
        raise GraphQLError(json.dumps(data["errors"])[:2000])
    return data["data"]


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop_group(proc: subprocess.Popen, grace: float = 30) -> None:
    """SIGTERM to dagster dev's whole process group, SIGKILL to whatever is left after grace s."""
    pgid = proc.pid  # start_new_session: the leader's pid is the group's id
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=0.5)
        if proc.poll() is not None and not _group_alive(pgid):
            return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


@contextlib.contextmanager
def dagster_dev(env: dict[str, str], home: Path, log_path: Path, ready_timeout: float = 180) -> Iterator[int]:
    """`dagster dev` with its daemon on 127.0.0.1; yields the port once the asset graph is served."""
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "dagster.yaml", home / "dagster.yaml")
    port = free_port()
    dagster = Path(sys.executable).with_name("dagster")
    command = [str(dagster), "dev", "-w", str(ROOT / "workspace.yaml"), "-h", "127.0.0.1", "-p", str(port)]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(command, cwd=ROOT, env={**env, "DAGSTER_HOME": str(home)}, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + ready_timeout
            while True:
                with contextlib.suppress(OSError, GraphQLError, ValueError):
                    if graphql(port, "{ assetNodes { id } }", timeout=10).get("assetNodes"):
                        break
                    error = location_error(port)
                    if error:
                        raise SystemExit(f"dagster dev could not load the code location: {error}")
                if proc.poll() is not None:
                    raise SystemExit(f"dagster dev exited ({proc.returncode}): "
                                     f"{log_path.read_text(errors='replace')[-3000:]}")
                if time.monotonic() > deadline:
                    raise SystemExit(f"dagster dev served no asset graph within {ready_timeout:.0f} s; see {log_path}")
                time.sleep(1)
            yield port
        finally:
            stop_group(proc)


def location_error(port: int) -> str | None:
    """The load error of a code location that finished loading with one (the checkout's code
    does not import, say), else None: dagster dev keeps serving then, with no asset."""
    data = graphql(port, WORKSPACE, timeout=10)["workspaceOrError"]
    for entry in data.get("locationEntries") or []:
        loaded = entry.get("locationOrLoadError") or {}
        if entry.get("loadStatus") == "LOADED" and loaded.get("__typename") == "PythonError":
            return f"{entry['name']}: {loaded.get('message', '').strip()[-1500:]}"
    return None


def wait_for_run(port: int, run_id: str, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        run = graphql(port, RUN, {"id": run_id})["runOrError"]
        if run.get("status") in TERMINAL_RUN:
            return run
        if time.monotonic() > deadline:
            raise SystemExit(f"run {run_id} not finished after {timeout:.0f} s: {run}")
        time.sleep(0.5)


def materialize_registry(port: int, nodes: list[dict], timeout: float) -> dict:
    """The UI's "Materialize" on the registry group: launchRun of the implicit asset job with
    the group's assets selected (their checks come along, as in the UI)."""
    registry = [n for n in nodes if n["groupName"] == "registry"]
    if not registry:
        return {"assets": [], "note": "no registry group"}
    repo = registry[0]["repository"]
    params = {"selector": {"repositoryLocationName": repo["location"]["name"], "repositoryName": repo["name"],
                           "pipelineName": "__ASSET_JOB",
                           "assetSelection": [{"path": n["assetKey"]["path"]} for n in registry]},
              "mode": "default", "executionMetadata": {"tags": []}, "runConfigData": {}}
    started = time.monotonic()
    launched = graphql(port, LAUNCH_RUN, {"params": params})["launchRun"]
    if launched["__typename"] != "LaunchRunSuccess":
        raise SystemExit(f"launchRun of the registry group failed: {launched}")
    run = wait_for_run(port, launched["run"]["runId"], timeout)
    wall = time.monotonic() - started
    if run["status"] != "SUCCESS":
        raise SystemExit(f"the registry run ended {run['status']}: {run['runId']}")
    return {"assets": ["/".join(n["assetKey"]["path"]) for n in registry], "wall_s": wall, "run": summarize(run)}


def summarize(run: dict) -> dict:
    tags = {t["key"]: t["value"] for t in run.get("tags") or []}
    start, end = run.get("startTime"), run.get("endTime")
    return {"run_id": run["runId"], "status": run["status"],
            "assets": ["/".join(k["path"]) for k in run.get("assetSelection") or []],
            "partition_range": [tags.get("dagster/asset_partition_range_start"),
                                tags.get("dagster/asset_partition_range_end")],
            "partition": tags.get("dagster/partition"),
            "created": run.get("creationTime"), "started": start, "ended": end,
            "run_s": (end - start) if start and end else None,
            "created_to_end_s": (end - run["creationTime"]) if end and run.get("creationTime") else None,
            "steps_s": {st["stepKey"]: round(st["endTime"] - st["startTime"], 3)
                        for st in run.get("stepStats") or [] if st.get("startTime") and st.get("endTime")}}


def backfill(port: int, assets: list[list[str]], partitions: list[str], timeout: float) -> dict:
    """launchPartitionBackfill as the asset graph's "Materialize selected" sends it, then poll
    until the backfill and every run it created are done."""
    params = {"assetSelection": [{"path": key} for key in assets], "partitionNames": partitions,
              "fromFailure": False, "tags": []}
    started, started_at = time.monotonic(), time.time()
    launched = graphql(port, LAUNCH_BACKFILL, {"params": params})["launchPartitionBackfill"]
    if launched["__typename"] != "LaunchBackfillSuccess":
        raise SystemExit(f"launchPartitionBackfill failed: {launched}")
    backfill_id = launched["backfillId"]
    say(f"    backfill {backfill_id} launched: {len(assets)} assets x {len(partitions)} days")
    deadline, last_note = started + timeout, ""
    filter_ = {"filter": {"tags": [{"key": BACKFILL_TAG, "value": backfill_id}]}}
    while True:
        state = graphql(port, BACKFILL, {"id": backfill_id})["partitionBackfillOrError"]
        if state["__typename"] != "PartitionBackfill":
            raise SystemExit(f"backfill {backfill_id}: {state}")
        runs = graphql(port, RUNS, filter_)["runsOrError"].get("results") or []
        note = f"{state['status']}, runs {', '.join(r['status'] for r in reversed(runs)) or 'none yet'}"
        if note != last_note:
            say(f"    {note}")
            last_note = note
        if state["status"] not in UNFINISHED_BACKFILL and all(r["status"] in TERMINAL_RUN for r in runs):
            break
        if time.monotonic() > deadline:
            raise SystemExit(f"backfill {backfill_id} not done after {timeout:.0f} s: {note}")
        time.sleep(0.5)
    wall = time.monotonic() - started
    runs = sorted((summarize(r) for r in runs), key=lambda r: r["created"] or 0)
    run_s = [r["run_s"] for r in runs if r["run_s"] is not None]
    first_created = min((r["created"] for r in runs if r["created"]), default=None)
    last_end = max((r["ended"] for r in runs if r["ended"]), default=None)
    return {"backfill_id": backfill_id, "status": state["status"], "num_partitions": state["numPartitions"],
            "assets": ["/".join(k) for k in assets], "wall_s": wall, "launched_at": started_at,
            "backfill_record_s": (state["endTimestamp"] - state["timestamp"]) if state.get("endTimestamp") else None,
            "runs_created": len(runs), "runs_sum_s": sum(run_s),
            "first_created_to_last_end_s": (last_end - first_created) if first_created and last_end else None,
            "launch_to_first_run_created_s": (first_created - started_at) if first_created else None,
            "launch_to_last_run_end_s": (last_end - started_at) if last_end else None,
            "runs": runs}


# ------------------------------------------------------------------ the report

def fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def report(r: dict) -> str:
    bw, ui, reg = r["basewatch_run"], r["ui_backfill"], r["ui_registry"]
    n = r["pages_in_range"]
    rows = [
        ("pages in archive", f"{r['pages']:,}"),
        (f"pages in range {r['window'][0]} .. {r['window'][1]}",
         f"{n:,} on {r['days_with_pages']} of {r['days']} days"),
        ("basewatch run: wall s (process, imports included)", fmt(bw["wall_s"])),
        ("basewatch run: pages/s", fmt(n / bw["wall_s"])),
        ("UI registry run first (not in the backfill): wall s / run s",
         f"{fmt(reg.get('wall_s'))} / {fmt((reg.get('run') or {}).get('run_s'))}"),
        ("UI backfill: wall s, launch -> done", fmt(ui["wall_s"])),
        ("UI backfill: pages/s on the wall", fmt(n / ui["wall_s"])),
        ("  of which launch -> first run created s", fmt(ui["launch_to_first_run_created_s"])),
        ("  of which launch -> last run's end s", fmt(ui["launch_to_last_run_end_s"])),
        ("UI backfill: run s, sum of runs' start -> end", fmt(ui["runs_sum_s"])),
        ("UI backfill: pages/s on run time", fmt(n / ui["runs_sum_s"]) if ui["runs_sum_s"] else "-"),
        ("UI backfill: runs created", str(ui["runs_created"])),
        ("UI backfill: status", ui["status"]),
        ("ratio UI run s / basewatch run s", fmt(r["ratios"]["ui_run_over_basewatch"], 2)),
        ("ratio UI wall s / basewatch run s", fmt(r["ratios"]["ui_wall_over_basewatch"], 2)),
    ]
    width = max(len(k) for k, _ in rows)
    lines = [f"UI backfill vs basewatch run: {r['pages']:,} pages, {r['days']} days, {r['machine']}", "",
             f"| {'measurement':<{width}} | value", f"|{'-' * (width + 2)}|------"]
    lines += [f"| {k:<{width}} | {v}" for k, v in rows]
    lines += ["", "backfill runs (created order):"]
    for run in ui["runs"]:
        span = run["partition_range"] if run["partition_range"][0] else [run["partition"]]
        lines.append(f"  {run['run_id'][:8]} {run['status']:<8} run {fmt(run['run_s']):>7} s  "
                     f"(created->end {fmt(run['created_to_end_s'])} s)  {'..'.join(p or '-' for p in span)}  "
                     f"{', '.join(run['assets'])}")
    wb, wu = r["warehouse"]["basewatch_run"], r["warehouse"]["ui_backfill"]
    lines += ["", "warehouses (basewatch run | UI): " + ", ".join(
        f"{k} {wb.get(k)} | {wu.get(k)}" for k in ("articles", "relevant", "mentions", "incidents")),
        "same rows in both: " + ("yes" if wb == wu else "NO")]
    if not r["same_code"]:
        lines.append("WARNING: the checkout's code changed during the benchmark (commit+diff digest "
                     f"{' -> '.join(dict.fromkeys(r['code'].values()))}): the two halves ran different code")
    lines.append(f"load average at the end {', '.join(f'{x:.2f}' for x in r['load_average'])} "
                 f"({os.cpu_count()} cores): other work on the machine slows either half")
    steps_ui: dict[str, float] = {}
    for run in ui["runs"]:
        for key, value in run["steps_s"].items():
            steps_ui[key] = steps_ui.get(key, 0.0) + value
    steps_cli = bw.get("steps_s", {})
    shown = sorted((k for k in set(steps_cli) | set(steps_ui) if max(steps_cli.get(k, 0), steps_ui.get(k, 0)) >= 0.5),
                   key=lambda k: -max(steps_cli.get(k, 0), steps_ui.get(k, 0)))
    lines += ["", "steps over 0.5 s, seconds (basewatch run | UI backfill runs):"]
    lines += [f"  {k:<36} {fmt(steps_cli.get(k)):>7} | {fmt(steps_ui.get(k)):>7}" for k in shown]
    lines.append("run s is Dagster's RUN_START -> RUN_SUCCESS/FAILURE of each run (its process start and code "
                 "load excluded); wall s counts everything, from the mutation to the last run's end.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=5_000, help="scale archive size (default 5000)")
    parser.add_argument("--days", type=int, default=150, help="publication days from the first partition")
    parser.add_argument("--archive", type=Path, help="use this archive folder as it is instead of building one")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=3600, help="seconds to wait for the backfill")
    parser.add_argument("--keep", action="store_true", help="keep the temp warehouses, logs and DAGSTER_HOME")
    parser.add_argument("--json", type=Path, default=OUT / "ui_backfill.json")
    args = parser.parse_args(argv)
    if args.days < 1:
        parser.error("--days must be at least 1")

    # SIGTERM and SIGHUP unwind like Ctrl-C, so dagster dev's process group is killed on the way out
    def _exit(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _exit)

    first, last = window(args.days)
    if args.archive:
        archive = args.archive.resolve()
        if not any(archive.glob("*.html")):
            raise SystemExit(f"no *.html page in {archive}")
    else:
        say(f"1/4 scale archive of {args.pages} pages over {first} .. {last}")
        archive = build_archive(args.pages, first, last, args.seed)
    dates = archive_dates(archive)
    in_range = [d for d in dates.values() if d is not None and first <= d <= last]
    days_with_pages = len(set(in_range))
    say(f"    {archive}: {len(dates)} pages, {len(in_range)} dated in range, on {days_with_pages} days")
    if days_with_pages < args.days:
        say(f"    note: pages on {days_with_pages} of the window's {args.days} days")

    tmps: list[Path] = []
    try:
        cli_tmp, cli_env = workspace(archive, "basewatch-ui-cli-")
        tmps.append(cli_tmp)
        cli_env = child_env(cli_env)
        script = Path(sys.executable).with_name("basewatch")
        command = [str(script)] if script.exists() else [sys.executable, "-m", "pipelines.cli"]
        command += ["run", "--start", first.isoformat(), "--end", last.isoformat(), "--verbose"]
        code = {"before_basewatch_run": code_state()}
        say(f"2/4 basewatch run --start {first} --end {last}, fresh warehouse in {cli_tmp}")
        cli = measured(command, cli_env, cli_tmp / "run.log")
        say(f"    {cli['wall_s']:.1f} s")
        code["after_basewatch_run"] = code_state()

        ui_tmp, ui_env = workspace(archive, "basewatch-ui-dev-")
        tmps.append(ui_tmp)
        ui_env = child_env(ui_env)
        say(f"3/4 dagster dev over a fresh warehouse in {ui_tmp}")
        with dagster_dev(ui_env, ui_tmp / "dagster_home", ui_tmp / "dagster_dev.log") as port:
            nodes = graphql(port, NODES)["assetNodes"]
            say(f"    serving on 127.0.0.1:{port}; materializing the registry group first")
            registry = materialize_registry(port, nodes, args.timeout)
            say(f"    registry run: {registry.get('wall_s', 0):.1f} s ({', '.join(registry['assets'])})")
            selected = [n["assetKey"]["path"] for n in nodes if n["groupName"] != "registry"]
            keys = [(first + dt.timedelta(days=i)).isoformat() for i in range(args.days)]
            say(f"4/4 backfill of {len(selected)} assets over {len(keys)} days, as the UI launches it")
            code["before_ui_backfill"] = code_state()
            ui = backfill(port, selected, keys, args.timeout)
            code["after_ui_backfill"] = code_state()
        facts = {"basewatch_run": warehouse_facts(Path(cli_env["BASEWATCH_WAREHOUSE"])),
                 "ui_backfill": warehouse_facts(Path(ui_env["BASEWATCH_WAREHOUSE"]))}
    finally:
        if args.keep:
            say(f"kept: {', '.join(map(str, tmps))}")
        else:
            for path in tmps:
                shutil.rmtree(path, ignore_errors=True)

    results = {
        "measured_at": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
        "archive": str(archive), "pages": len(dates), "days": args.days,
        "window": [first.isoformat(), last.isoformat()], "pages_in_range": len(in_range),
        "days_with_pages": days_with_pages, "basewatch_run": cli, "ui_registry": registry, "ui_backfill": ui,
        "warehouse": facts, "code": code, "same_code": len(set(code.values())) == 1,
        "load_average": os.getloadavg(),
        "ratios": {"ui_run_over_basewatch": ui["runs_sum_s"] / cli["wall_s"],
                   "ui_wall_over_basewatch": ui["wall_s"] / cli["wall_s"]},
    }
    table = report(results)
    results["table"] = table
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2, default=str))
    print(table)
    say(f"written: {args.json}")
    return 0 if ui["status"] in ("COMPLETED", "COMPLETED_SUCCESS") and all(
        run["status"] == "SUCCESS" for run in ui["runs"]) else 1


if __name__ == "__main__":
    sys.exit(main())
