"""Summarize a py-spy raw profile of `basewatch run` (the pool's workers included).

    .venv/bin/pip install py-spy      # not a project dependency: only for profiling
    env -u DAGSTER_HOME BASEWATCH_SOURCES=... BASEWATCH_WAREHOUSE=... BASEWATCH_RAW_DIR=... \\
        .venv/bin/py-spy record --subprocesses --rate 50 --format raw -o benchmarks/out/profile/run.txt \\
        -- .venv/bin/python .venv/bin/basewatch run --start 2023-10-01 --end 2024-02-29
    .venv/bin/python benchmarks/profile_summary.py benchmarks/out/profile/run.txt

Prints, per process (main, pool workers), the share of samples under each function of
basewatch's own code and of the libraries it calls, inclusive of what they call: a sample
counts once for every distinct function on its stack.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

_FRAME = re.compile(r"^(?P<func>.+?) \((?P<file>[^():]+):\d+\)$")
# Functions worth naming: basewatch's code, and the library calls it makes.
INTERESTING = ("pipelines/", "assets/", "trafilatura/", "lxml/", "duckdb", "pandas/", "charset_normalizer/",
               "dagster/_core/execution/", "matplotlib/", "importlib", "multiprocessing/")


def parse(path: Path) -> tuple[Counter[str], dict[str, Counter[str]]]:
    """Samples per process role, and inclusive samples per (role, function)."""
    totals: Counter[str] = Counter()
    inclusive: dict[str, Counter[str]] = {}
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = stack.split(";")
        processes = [f for f in frames if f.startswith("process ")]
        role = "worker" if len(processes) > 1 else "main"
        n = int(count)
        totals[role] += n
        seen = set()
        for frame in frames:
            match = _FRAME.match(frame)
            if not match:
                continue
            file = match.group("file")
            if file.startswith("<frozen importlib"):
                key = "(imports) importlib"
            elif any(tag in file for tag in INTERESTING):
                key = f"{match.group('func')} ({file})"
            else:
                continue
            if key not in seen:
                seen.add(key)
                inclusive.setdefault(role, Counter())[key] += n
    return totals, inclusive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("profile", type=Path)
    parser.add_argument("--rate", type=float, default=50, help="py-spy's --rate, to turn samples into seconds")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    totals, inclusive = parse(args.profile)
    for role in ("main", "worker"):
        if not totals[role]:
            continue
        print(f"\n{role}: {totals[role]} samples = {totals[role] / args.rate:.1f} s of CPU or wait"
              + (" (all workers together)" if role == "worker" else ""))
        for key, n in inclusive[role].most_common(args.top):
            print(f"  {100 * n / totals[role]:5.1f}%  {n / args.rate:7.1f} s  {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
