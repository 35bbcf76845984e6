"""Run one command and report its wall time and peak memory as JSON on the last line.

    python benchmarks/measure.py OUTPUT.log -- COMMAND ...

The benchmark starts this as a fresh child for every measurement, so that
getrusage(RUSAGE_CHILDREN) here sees only that command and its own children. Two peaks:

- tree_peak_rss: the largest sum of RSS over the command and all its descendants (the
  extraction pool's workers included), sampled from /proc every POLL seconds. This is
  what the machine must hold; shared library pages count once per process, so it errs high.
- max_single_rss: ru_maxrss of RUSAGE_CHILDREN, the largest RSS any one waited-for
  descendant reached (exact, but a pool of workers is not summed).
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

POLL = 0.2
PAGE = os.sysconf("SC_PAGE_SIZE")


def _children_map() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue  # the process ended while we looked
        # the command name may hold spaces or parentheses: fields start after the last ')'
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_rss(root: int) -> int:
    """Bytes resident in root and all its descendants now."""
    tree, total, stack = _children_map(), 0, [root]
    while stack:
        pid = stack.pop()
        with contextlib.suppress(OSError, IndexError, ValueError):
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        stack.extend(tree.get(pid, []))
    return total


def main(argv: list[str]) -> int:
    log_path, sep, *command = argv
    if sep != "--" or not command:
        raise SystemExit("usage: measure.py OUTPUT.log -- COMMAND ...")
    peak = 0
    done = threading.Event()
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)

        def poll() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, tree_rss(proc.pid))
                done.wait(POLL)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        code = proc.wait()
        wall = time.perf_counter() - start
        done.set()
        poller.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"returncode": code, "wall_s": wall, "tree_peak_rss": peak,
                      "max_single_rss": usage.ru_maxrss * 1024,  # Linux reports KiB
                      "user_s": usage.ru_utime, "sys_s": usage.ru_stime}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
