"""Dask scaling: one process against a LocalCluster of 1 and 2 workers on the same BBC articles.

    python bench/dask_scaling.py [--n 200] [--workers 1,2]

Needs the `factpull[dask]` extra and ../shared/corpora/bbc_news. The baseline is what a user
runs on one machine: `factpull extract --format jsonl` on the N files, in a subprocess (its wall
time includes loading the model). Then, for each worker count, a LocalCluster of that many
one-thread worker processes is started (not timed) and `factpull.dask.extract_bag` is computed
over the same files read as records `{"id": path, "text": ...}` (timed from submitting to the last
document, which includes each worker loading the model on its first task), then computed again
with the workers' pipelines loaded, as they stay for the rest of a long job. The bench checks that
every run gives exactly the documents of the baseline and prints the wall times and speed-ups, as
run and without start-up on either side (the baseline less its run on a one-line text).
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import tempfile
import time
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


def one_process(paths: list[Path]) -> tuple[float, list[dict]]:
    exe = Path(sys.executable).with_name("factpull")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "factpull"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.jsonl"
        start = time.perf_counter()
        with out.open("w", encoding="utf-8") as sink:
            subprocess.run([*cmd, "extract", "--format", "jsonl", *map(str, paths)], stdout=sink, check=True)
        elapsed = time.perf_counter() - start
        return elapsed, [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def start_up() -> float:
    """Wall time of `factpull extract` on a one-line text: imports and loading the model."""
    with tempfile.TemporaryDirectory() as tmp:
        tiny = Path(tmp) / "tiny.txt"
        tiny.write_text("Police arrested 2 people.\n", encoding="utf-8")
        return one_process([tiny])[0]


def on_cluster(paths: list[Path], workers: int) -> tuple[float, float, list[dict]]:
    """(seconds from submitting to the last document, the same with the workers' pipelines
    already loaded, the documents)."""
    import dask.bag as db
    from distributed import Client, LocalCluster

    from factpull.dask import DEFAULT_MODEL, extract_bag, worker_pipeline
    from factpull.io import read_text

    records = [{"id": str(p), "text": read_text(p)} for p in paths]  # decoded as the CLI does
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        bag = db.from_sequence(records, npartitions=8 * workers)  # small tasks balance the load
        start = time.perf_counter()
        docs = extract_bag(bag).compute(scheduler=client)
        cold = time.perf_counter() - start
        client.run(worker_pipeline, DEFAULT_MODEL, None)  # loaded already: a no-op, to be sure
        start = time.perf_counter()
        again = extract_bag(db.from_sequence(records, npartitions=8 * workers)).compute(scheduler=client)
        warm = time.perf_counter() - start
        assert again == docs
        return cold, warm, docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--workers", default="1,2")
    args = ap.parse_args()
    paths = articles(args.n)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    base_time, base_docs = one_process(paths)
    startup = start_up()
    base_work = base_time - startup
    claims = sum(len(d["claims"]) for d in base_docs)
    print(f"{len(paths)} BBC articles, {words:,} words, {claims:,} claims")
    print(f"one process (factpull extract): {base_time:6.1f} s, {base_work:6.1f} s after its start-up "
          f"({startup:.1f} s: imports, model)  {words / base_work:6,.0f} words/s")
    for workers in (int(w) for w in args.workers.split(",")):
        cold, warm, docs = on_cluster(paths, workers)
        same = docs == base_docs
        print(f"LocalCluster, {workers} worker{'s' if workers > 1 else ' '}:  {cold:6.1f} s with the model "
              f"loads, {warm:6.1f} s without  {words / warm:6,.0f} words/s  speed-up over one process: "
              f"{base_time / cold:.2f}x as run, {base_work / warm:.2f}x without start-up  "
              f"output {'identical' if same else 'DIFFERENT'}")
        if not same:
            diff = next(i for i, (a, b) in enumerate(zip(docs, base_docs, strict=False)) if a != b)
            print(f"  first difference: document {diff} ({base_docs[diff]['source']})")


if __name__ == "__main__":
    main()
