"""Start-up time of the commands that need no spaCy: median wall time of five runs each.

    python bench/startup.py [--runs 5]

Runs the installed `factpull` console script (the one beside this Python) in a subprocess, as a
user would, and prints the median, minimum and maximum wall time of each command, and the median
CPU time of the child process (on a machine busy with other work, wall time shows the queue). The target is
under 0.2 s for `factpull --help` and `factpull extract --help`. To see where the time goes:
`python -X importtime -m factpull extract --help 2> imports.txt`.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMANDS = (["--help"], ["extract", "--help"], ["check", "--help"], ["--version"])
TARGET = 0.2


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall time, and CPU time of the child (less disturbed by other processes on a busy machine)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    exe = Path(sys.executable).with_name("factpull")
    base = [str(exe)] if exe.exists() else [sys.executable, "-m", "factpull"]
    timed([*base, "--version"])  # warm the file cache and the bytecode
    for command in COMMANDS:
        runs = [timed([*base, *command]) for _ in range(args.runs)]
        walls = [wall for wall, _ in runs]
        median = statistics.median(walls)
        verdict = "ok" if median < TARGET else f"over {TARGET} s"
        print(f"factpull {' '.join(command):<16} median {median:.3f} s  "
              f"(min {min(walls):.3f}, max {max(walls):.3f}, {args.runs} runs; "
              f"CPU median {statistics.median(cpu for _, cpu in runs):.3f} s)  {verdict}")


if __name__ == "__main__":
    main()
