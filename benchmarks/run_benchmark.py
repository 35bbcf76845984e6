"""Benchmark basewatch against the floor that trafilatura sets (issue 7). Never run in CI.

    .venv/bin/python benchmarks/run_benchmark.py --pages 20000

On one scale archive (benchmarks/scale_archive.py) it measures, in this order:
  1. the floor: trafilatura.extract over every page in this one process;
  2. `basewatch run` end to end into a fresh warehouse (a child process, ephemeral Dagster
     instance), with wall time, per-step times and peak memory;
  3. the same run again, nothing changed;
  4. incident extraction alone (extract_mentions) over the relevant articles' texts;
  5. the `rebuild_incidents_and_analytics` job alone over the warehouse of 2;
  6. peak memory of a run like 2 at --memory-pages (default 5,000) pages, for the 20k/5k ratio;
and prints a table of times, pages per second and ratios against the issue's targets,
also written to benchmarks/out/latest.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import trafilatura  # noqa: E402
from scale_archive import OUT, build  # noqa: E402

from pipelines.extract import extract_mentions  # noqa: E402
from pipelines.html import decode_html  # noqa: E402
from pipelines.registry import BaseMatcher  # noqa: E402

# The same options as pipelines/html.py extract_text; called directly so that whatever
# basewatch adds around trafilatura counts as basewatch's cost, not the floor's.
TRAFILATURA_OPTIONS = {"include_comments": False, "include_tables": False, "deduplicate": False,
                       "with_metadata": False}
RUN_WINDOW = ("2023-10-01", "2024-02-29")  # covers every date the scale archive uses
GIB = 1024 ** 3
TARGETS = {
    "end_to_end_over_floor": 1.0,
    "rerun_over_first": 0.1,
    "incident_over_trafilatura_per_relevant_page": 0.2,
    "peak_memory_gib": 1.0,
    "memory_20k_over_5k": 1.3,
    "rebuild_s": 5.0,
}
_STEP_DONE = re.compile(r'Finished execution of step "([^"]+)" in (.+?)\.?\s*$')
_DURATION_PART = re.compile(r"([\d.]+)\s*(ms|s|m|h)")
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}


def seconds_of(text: str) -> float:
    """Dagster's human durations ("512ms", "3.21s", "1m 5s") in seconds."""
    return sum(float(n) * _UNIT_SECONDS[u] for n, u in _DURATION_PART.findall(text))


def step_times(log: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    for line in log.read_text(errors="replace").splitlines():
        match = _STEP_DONE.search(line)
        if match:
            out[match.group(1)] = round(seconds_of(match.group(2)), 3)
    return out


def floor(archive: Path) -> tuple[dict, dict[str, float]]:
    """trafilatura over every page in one process; reading and decoding are timed apart."""
    per_page: dict[str, float] = {}
    read_decode = 0.0
    for path in sorted(archive.glob("*.html")):
        t0 = time.perf_counter()
        html = decode_html(path.read_bytes())
        t1 = time.perf_counter()
        trafilatura.extract(html, **TRAFILATURA_OPTIONS)
        per_page[str(path)] = time.perf_counter() - t1
        read_decode += t1 - t0
    total = sum(per_page.values())
    return {"pages": len(per_page), "wall_s": total, "read_decode_s": read_decode,
            "pages_per_s": len(per_page) / total}, per_page


def basewatch_command(verbose: bool) -> list[str]:
    script = Path(sys.executable).with_name("basewatch")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "pipelines.cli"]
    return [*command, "run", "--start", RUN_WINDOW[0], "--end", RUN_WINDOW[1], *(["--verbose"] if verbose else [])]


def workspace(archive: Path, prefix: str) -> tuple[Path, dict[str, str]]:
    """A temp folder with a source list for the archive, and the env pointing basewatch at it."""
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    (tmp / "sources.yaml").write_text(f"sources:\n  - name: bench\n    kind: archive\n    path: {archive}\n")
    env = dict(os.environ)
    env.pop("DAGSTER_HOME", None)  # an ephemeral instance: no run history to write or read
    env.update(BASEWATCH_SOURCES=str(tmp / "sources.yaml"), BASEWATCH_WAREHOUSE=str(tmp / "warehouse.duckdb"),
               BASEWATCH_RAW_DIR=str(tmp / "raw"), BASEWATCH_REPORTS=str(tmp / "reports"))
    return tmp, env


def measured(command: list[str], env: dict[str, str], log: Path) -> dict:
    """Run command under measure.py, a fresh child, so its rusage is this command's alone."""
    done = subprocess.run([sys.executable, str(HERE / "measure.py"), str(log), "--", *command], env=env,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"measure.py failed: {done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["returncode"] != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result['returncode']}); see {log}")
    result["steps_s"] = step_times(log)
    return result


def warehouse_facts(db: Path) -> dict:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        articles, relevant = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE is_relevant) FROM core.articles").fetchone()
        return {"articles": articles, "relevant": relevant,
                "mentions": con.execute("SELECT count(*) FROM core.incident_mentions").fetchone()[0],
                "incidents": con.execute("SELECT count(*) FROM core.incidents").fetchone()[0],
                "not_ingested": con.execute(
                    "SELECT count(DISTINCT url) FROM core.fetch_log WHERE error IS NOT NULL").fetchone()[0]}


def incident_extraction(db: Path, floor_times: dict[str, float]) -> dict:
    """extract_mentions over the relevant articles' texts, against trafilatura on the same pages."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("""SELECT a.text, a.published_date, p.location FROM core.articles a
                              JOIN core.pages p USING (article_id) WHERE a.is_relevant""").fetchall()
        matcher = BaseMatcher(con.execute("SELECT * FROM core.bases").df())
    start = time.perf_counter()
    for text, published, _ in rows:
        extract_mentions(text, published, matcher)
    total = time.perf_counter() - start
    traf = [floor_times[loc] for _, _, loc in rows if loc in floor_times]
    per_page = total / max(len(rows), 1)
    traf_per_page = statistics.fmean(traf) if traf else float("nan")
    return {"relevant_pages": len(rows), "wall_s": total, "per_page_ms": per_page * 1000,
            "pages_per_s": len(rows) / total if total else float("nan"),
            "trafilatura_per_relevant_page_ms": traf_per_page * 1000}


_REBUILD = """
import json, time, warnings
warnings.filterwarnings("ignore")
import os
import dagster as dg
import duckdb
from pipelines.definitions import defs
# forget the last build's fingerprints: the merge and charts are timed doing their work
with duckdb.connect(os.environ["BASEWATCH_WAREHOUSE"]) as con:
    con.execute("DELETE FROM core.build_state")
    last_day = con.execute("SELECT max(published_date)::VARCHAR FROM core.articles").fetchone()[0]
job = defs.resolve_job_def("rebuild_incidents_and_analytics")
start = time.perf_counter()
result = job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), partition_key=last_day,
                                raise_on_error=False)
wall = time.perf_counter() - start
steps = {e.step_key: e.event_specific_data.duration_ms / 1000 for e in result.all_events
         if e.event_type_value == "STEP_SUCCESS"}
print(json.dumps({"success": result.success, "wall_s": wall, "steps_s": steps}))
"""


def rebuild(env: dict[str, str]) -> dict:
    """The incidents merge and analytics job alone, timed inside its process (imports excluded)."""
    done = subprocess.run([sys.executable, "-c", _REBUILD], env=env, capture_output=True, text=True,
                          cwd=ROOT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"rebuild job failed: {done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    steps = result["steps_s"]
    # the job also rebuilds the registry and draws PNG charts; the target is the merge
    # and the analytics tables
    result["merge_s"] = steps.get("core__incidents", 0.0)
    result["analytics_tables_s"] = sum(v for k, v in steps.items()
                                       if k.startswith("analytics__") and k != "analytics__attack_charts")
    result["merge_plus_analytics_s"] = result["merge_s"] + result["analytics_tables_s"]
    return result


def fmt_row(name: str, seconds: float | None, pages: int | None, note: str = "") -> str:
    secs = f"{seconds:9.1f}" if seconds is not None else " " * 9
    rate = f"{pages / seconds:9.1f}" if seconds and pages else " " * 9
    return f"| {name:<44} | {secs} | {rate} | {note}"


def verdict(value: float, target: float, below: bool = False) -> str:
    ok = value < target if below else value <= target
    return f"{value:.3f} ({'<' if below else '<='} {target}: {'met' if ok else 'MISSED'})"


def report(r: dict) -> str:
    n = r["pages"]
    e2e, rerun, fl, inc, rb = r["end_to_end"], r["rerun"], r["floor"], r["incident_extraction"], r["rebuild"]
    lines = [
        f"basewatch benchmark: {n} pages ({r['archive']['pages_relevant']} relevant by construction, "
        f"{r['warehouse']['relevant']} relevant in the warehouse), {r['machine']}",
        "",
        f"| {'measurement':<44} | {'seconds':>9} | {'pages/s':>9} | note",
        f"|{'-' * 46}|{'-' * 11}|{'-' * 11}|------",
        fmt_row("1. floor: trafilatura.extract, one process", fl["wall_s"], n,
                f"+ {fl['read_decode_s']:.1f}s read+decode, not counted"),
        fmt_row("2. basewatch run, fresh warehouse", e2e["wall_s"], n,
                f"peak RSS {e2e['tree_peak_rss'] / GIB:.2f} GiB tree, "
                f"{e2e['max_single_rss'] / GIB:.2f} GiB largest process"),
        *(fmt_row(f"     step {k}", v, None) for k, v in sorted(e2e["steps_s"].items(), key=lambda kv: -kv[1])
          if v >= 0.5),
        fmt_row("3. basewatch run again, nothing changed", rerun["wall_s"], n,
                f"peak RSS {rerun['tree_peak_rss'] / GIB:.2f} GiB tree"),
        *(fmt_row(f"     step {k}", v, None) for k, v in sorted(rerun["steps_s"].items(), key=lambda kv: -kv[1])
          if v >= 0.5),
        fmt_row("4. extract_mentions, relevant texts", inc["wall_s"], inc["relevant_pages"],
                f"{inc['per_page_ms']:.1f} ms/page vs trafilatura {inc['trafilatura_per_relevant_page_ms']:.1f}"
                " ms on the same pages"),
        fmt_row("5. rebuild_incidents_and_analytics job", rb["wall_s"], None,
                f"merge {rb['merge_s']:.2f}s + analytics tables {rb['analytics_tables_s']:.2f}s"),
    ]
    mem = r.get("memory_small")
    if mem:
        lines.append(fmt_row(f"6. basewatch run at {mem['pages']} pages (memory)", mem["wall_s"], mem["pages"],
                             f"peak RSS {mem['tree_peak_rss'] / GIB:.2f} GiB tree, "
                             f"{mem['max_single_rss'] / GIB:.2f} GiB largest process"))
    ratios = r["ratios"]
    lines += ["", "ratios against the issue's targets:",
              f"  end-to-end / floor:                          {verdict(ratios['end_to_end_over_floor'], 1.0)}",
              f"  rerun / first run:                           {verdict(ratios['rerun_over_first'], 0.1)}",
              f"  mentions / trafilatura, per relevant page:   "
              f"{verdict(ratios['incident_over_trafilatura_per_relevant_page'], 0.2)}",
              f"  peak memory (GiB, process tree):             {verdict(ratios['peak_memory_gib'], 1.0, True)}"]
    if "memory_20k_over_5k" in ratios:
        label = f"memory {n} / {mem['pages']} pages (process tree):"
        lines.append(f"  {label:<45}{verdict(ratios['memory_20k_over_5k'], 1.3)}")
    lines.append(f"  merge + analytics tables (s):                {verdict(ratios['rebuild_s'], 5.0, True)}")
    lines.append("memory: /proc polling every 0.2 s of the run and its pool workers (RSS summed), and "
                 "ru_maxrss of RUSAGE_CHILDREN in a fresh child per run (largest single process)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--memory-pages", type=int, default=5_000, help="the smaller run for the memory ratio")
    parser.add_argument("--skip-memory", action="store_true", help="skip the run at --memory-pages")
    parser.add_argument("--keep", action="store_true", help="keep the temp warehouses and logs")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, default=OUT / "latest.json")
    args = parser.parse_args(argv)

    def say(message: str) -> None:
        print(f"[{dt.datetime.now():%H:%M:%S}] {message}", flush=True)

    archive = OUT / f"archive_{args.pages}"
    say(f"scale archive: {archive}")
    manifest = build(args.pages, archive, args.seed)
    say("1/6 floor: trafilatura over every page, one process")
    floor_result, floor_times = floor(archive)
    tmp, env = workspace(archive, "basewatch-bench-")
    say(f"2/6 basewatch run, fresh warehouse in {tmp}")
    first = measured(basewatch_command(verbose=True), env, tmp / "run1.log")
    say("3/6 basewatch run again")
    again = measured(basewatch_command(verbose=True), env, tmp / "run2.log")
    db = Path(env["BASEWATCH_WAREHOUSE"])
    facts = warehouse_facts(db)
    say("4/6 extract_mentions over the relevant texts")
    incidents = incident_extraction(db, floor_times)
    say("5/6 rebuild_incidents_and_analytics job")
    rebuilt = rebuild(env)
    results: dict = {
        "pages": args.pages, "measured_at": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}", "archive": manifest,
        "warehouse": facts, "floor": floor_result, "end_to_end": first, "rerun": again,
        "incident_extraction": incidents, "rebuild": rebuilt,
    }
    ratios = {
        "end_to_end_over_floor": first["wall_s"] / floor_result["wall_s"],
        "rerun_over_first": again["wall_s"] / first["wall_s"],
        "incident_over_trafilatura_per_relevant_page":
            incidents["per_page_ms"] / incidents["trafilatura_per_relevant_page_ms"],
        "peak_memory_gib": max(first["tree_peak_rss"], again["tree_peak_rss"]) / GIB,
        "rebuild_s": rebuilt["merge_plus_analytics_s"],
    }
    tmps = [tmp]
    if not args.skip_memory:
        small = OUT / f"archive_{args.memory_pages}"
        say(f"6/6 memory: basewatch run at {args.memory_pages} pages")
        small_manifest = build(args.memory_pages, small, args.seed)
        small_tmp, small_env = workspace(small, "basewatch-bench-small-")
        tmps.append(small_tmp)
        mem = measured(basewatch_command(verbose=True), small_env, small_tmp / "run.log")
        mem["pages"] = args.memory_pages
        mem["relevant_by_construction"] = small_manifest["pages_relevant"]
        results["memory_small"] = mem
        ratios["memory_20k_over_5k"] = first["tree_peak_rss"] / mem["tree_peak_rss"]
        ratios["memory_single_process_20k_over_5k"] = first["max_single_rss"] / mem["max_single_rss"]
    results["ratios"] = ratios
    results["targets"] = TARGETS
    table = report(results)
    results["table"] = table
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2, default=str))
    print(table)
    if args.keep:
        say(f"kept: {', '.join(map(str, tmps))}")
    else:
        for path in tmps:
            shutil.rmtree(path, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
