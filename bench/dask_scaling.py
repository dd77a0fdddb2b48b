"""Dask scaling: one process against a LocalCluster of 1 and 2 workers on the same BBC articles.

    python bench/dask_scaling.py [--n 200] [--workers 1,2] [--partitions 16] [--repeat 1] [--no-cli]

Needs the `factpull[dask]` extra and ../shared/corpora/bbc_news. What is timed (wall clock):

- one process: `factpull extract --format jsonl` on the N files, in a subprocess, from its start
  to its exit (imports, model load, reading, parsing, writing); its start-up is measured apart as
  the same command on a one-line text.
- extract_bag: a cluster of that many one-thread worker processes is started as
  `--scheduler local:N` starts it (factpull.dask.local_cluster; its start-up is printed, not
  counted), then the same files are read here as records `{"id": path, "text": ...}` and
  `extract_bag` is computed over them, timed from reading to the last document back here:
  "cold" is the first job, each worker loading the model on its first task; "warm" is the same
  job again, the pipelines loaded, as they stay for the rest of a long job. The bag has PARTITIONS partitions
  per worker.
- the command line: `factpull extract --format jsonl --scheduler local:N` on the files, in a
  subprocess, from start to exit: everything a user waits for, the cluster's start included.

Every run must give exactly the documents of the one process (the bench says which differ).
Beside wall times it prints CPU seconds (user + system): the one process's, the workers' and this
process's (scheduler, nannies and client), which depend far less than wall times on what else the
machine runs (though they grow too when other jobs share its cores and caches);
"CPU per article" compares the workers' with the one process's after its start-up; the "CPU-bound
estimate" divides the one process's CPU after start-up by the busiest worker's, an upper bound of
the speed-up a quiet machine would show (it leaves out waiting and this process's share of the
cores), printed because other jobs on a shared machine make wall times useless. "busy" is the
share of the workers' time (wall time x workers) spent running tasks, from Dask's task stream; the
rest is waiting: for the first task, for data, or at the end for the last partition on another
worker.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the checkout (as CI lays it out), or two levels up from a worktree
BBC = next((d / "shared/corpora/bbc_news" for d in (ROOT.parent, ROOT.parent.parent)
            if (d / "shared/corpora/bbc_news").is_dir()), ROOT.parent / "shared/corpora/bbc_news")


def articles(n: int) -> list[Path]:
    """N BBC articles spread over the corpus's sections (every k-th file in sorted order)."""
    paths = sorted(BBC.rglob("*.txt"))
    if not paths:
        sys.exit(f"no articles in {BBC}")
    step = max(1, len(paths) // n)
    return paths[::step][:n]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Run:
    wall: float
    cpu: float
    docs: list[dict]
    busy: float = 0.0  # of the workers' time in the job, the share spent running tasks
    busiest_cpu: float = 0.0  # CPU seconds of the worker that used the most


def command(paths: list[Path], *options: str) -> Run:
    """`factpull extract --format jsonl OPTIONS PATHS` in a subprocess: wall and CPU seconds
    (its own and its worker processes'), and its documents."""
    exe = Path(sys.executable).with_name("factpull")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "factpull"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.jsonl"
        cpu, start = _children_cpu(), time.perf_counter()
        with out.open("w", encoding="utf-8") as sink:
            subprocess.run([*cmd, "extract", "--format", "jsonl", *options, *map(str, paths)],
                           stdout=sink, check=True)
        wall, cpu = time.perf_counter() - start, _children_cpu() - cpu
        return Run(wall, cpu, [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()])


def start_up() -> Run:
    """`factpull extract` on a one-line text: imports and loading the model."""
    with tempfile.TemporaryDirectory() as tmp:
        tiny = Path(tmp) / "tiny.txt"
        tiny.write_text("Police arrested 2 people.\n", encoding="utf-8")
        return command([tiny])


@dataclass
class ClusterRuns:
    start: float  # seconds to start the cluster (not in the other figures)
    cold: Run  # cpu: the workers'
    warm: Run
    here_cpu: float  # this process (scheduler, nannies, client) over both jobs


def on_cluster(paths: list[Path], workers: int, partitions: int) -> ClusterRuns:
    import dask.bag as db
    from distributed import Client, get_task_stream

    from factpull.dask import extract_bag, local_cluster
    from factpull.io import read_text

    start = time.perf_counter()
    with local_cluster(workers) as cluster, Client(cluster) as client:
        started = time.perf_counter() - start
        here = time.process_time()

        def job() -> Run:
            before = client.run(time.process_time)
            with get_task_stream(client) as stream:
                begin = time.perf_counter()
                records = [{"id": str(p), "text": read_text(p)} for p in paths]  # decoded as the CLI does
                bag = db.from_sequence(records, npartitions=partitions * workers)
                docs = extract_bag(bag).compute(scheduler=client)
                wall = time.perf_counter() - begin
            running = sum(span["stop"] - span["start"] for task in stream.data
                          for span in task["startstops"] if span["action"] == "compute")
            used = [cpu - before[worker] for worker, cpu in client.run(time.process_time).items()]
            return Run(wall, sum(used), docs, running / (wall * workers), max(used))

        cold, warm = job(), job()
        return ClusterRuns(started, cold, warm, time.process_time() - here)


def compared(runs: list[Run], base: list[dict]) -> str:
    """Whether every run gave exactly the one process's documents, else where the first differs."""
    for run in runs:
        if len(run.docs) != len(base):
            return f"output DIFFERENT: {len(run.docs)} documents, not {len(base)}"
        if run.docs != base:
            first = next(i for i, (a, b) in enumerate(zip(run.docs, base, strict=True)) if a != b)
            return f"output DIFFERENT from document {first} ({base[first]['source']})"
    return "output identical"


def fastest(runs: list[Run]) -> Run:
    return min(runs, key=lambda run: run.wall)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--partitions", type=int, default=16,
                    help="bag partitions per worker: ~6 articles each for 200 on 2 workers, so a job does "
                    "not end with one worker parsing a long partition while the other waits")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run every measurement this many times (a new cluster each time) and print the "
                    "fastest of each, for a machine that other jobs share")
    ap.add_argument("--no-cli", action="store_true", help="skip the --scheduler local:N runs")
    args = ap.parse_args()
    paths = articles(args.n)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    bases = [command(paths) for _ in range(args.repeat)]
    base, tiny = fastest(bases), fastest([start_up() for _ in range(args.repeat)])
    if compared(bases, base.docs) != "output identical":
        sys.exit("one process gave different documents from one run to the next")
    work, work_cpu = base.wall - tiny.wall, base.cpu - tiny.cpu
    claims = sum(len(d["claims"]) for d in base.docs)
    best = f", fastest of {args.repeat} runs each" if args.repeat > 1 else ""
    print(f"{len(paths)} BBC articles, {words:,} words, {claims:,} claims{best}")
    print(f"one process (factpull extract --format jsonl): {base.wall:5.1f} s, {work:5.1f} s after its "
          f"start-up of {tiny.wall:.1f} s  CPU {base.cpu:5.1f} s ({work_cpu:5.1f} s after start-up)  "
          f"{words / work:6,.0f} words/s")
    for workers in (int(w) for w in args.workers.split(",")):
        clusters = [on_cluster(paths, workers, args.partitions) for _ in range(args.repeat)]
        name = f"{workers} worker{'s' if workers > 1 else ''}"
        print(f"extract_bag, LocalCluster of {name} (started in {min(c.start for c in clusters):.1f} s, "
              f"not counted), {args.partitions * workers} partitions:")
        colds, warms = [c.cold for c in clusters], [c.warm for c in clusters]
        for label, runs in (("cold (model loads)", colds), ("warm", warms)):
            run = fastest(runs)
            speed_up = base.wall / run.wall if runs is colds else work / run.wall
            against = "as run" if runs is colds else "after start-ups"
            print(f"  {label:18} {run.wall:5.1f} s  {speed_up:.2f}x one process {against}  "
                  f"workers' CPU {run.cpu:5.1f} s, busy {run.busy:4.0%}  {compared(runs, base.docs)}")
        here = min(c.here_cpu for c in clusters)
        print(f"  CPU of this process (scheduler, nannies, client) over both: {here:.1f} s; "
              f"workers' CPU per article, warm: {fastest(warms).cpu / work_cpu:.2f}x one process's")
        print(f"  CPU-bound estimate, not a measurement: one process's CPU after start-up over the "
              f"busiest worker's, warm: {work_cpu / fastest(warms).busiest_cpu:.2f}x (what the wall-time "
              f"speed-up would be if the workers had their cores to themselves and never waited)")
        if not args.no_cli:
            clis = [command(paths, "--scheduler", f"local:{workers}") for _ in range(args.repeat)]
            cli = fastest(clis)
            print(f"  factpull extract --scheduler local:{workers}: {cli.wall:5.1f} s, cluster start "
                  f"included  {base.wall / cli.wall:.2f}x one process as run  CPU {cli.cpu:5.1f} s  "
                  f"{compared(clis, base.docs)}")


if __name__ == "__main__":
    main()
