"""One very large input: peak memory of `factpull extract`, and offsets right up to its end.

    python bench/bigfile.py [--mb 50] [--jobs 1]

Builds a text of about MB megabytes from BBC articles (../shared/corpora/bbc_news/, else the
fixtures), separated by blank lines, runs `factpull extract --format jsonl` on it in a
subprocess, and reports wall time, the subprocess's peak resident memory, the number of claims,
and whether every claim's offsets match the text (checking in particular those in the last 1 %).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BBC = ROOT.parent / "shared" / "corpora" / "bbc_news"


def build_text(megabytes: float) -> str:
    paths = sorted(BBC.rglob("*.txt")) if BBC.is_dir() else []
    paths = paths or sorted((ROOT / "fixtures").rglob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
    articles = [p.read_text(encoding="utf-8").strip() for p in paths]
    target = int(megabytes * 1_000_000)
    parts: list[str] = []
    size = 0
    i = 0
    while size < target:
        parts.append(articles[i % len(articles)])
        size += len(parts[-1]) + 2
        i += 1
    return "\n\n".join(parts) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=50.0)
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args()

    text = build_text(args.mb)
    exe = Path(sys.executable).with_name("factpull")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "factpull"]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        path.write_text(text, encoding="utf-8")
        out = Path(tmp) / "out.jsonl"
        start = time.perf_counter()
        with out.open("w", encoding="utf-8") as sink:
            proc = subprocess.run([*cmd, "extract", "--format", "jsonl", "--jobs", str(args.jobs), str(path)],
                                  stdout=sink, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if proc.returncode != 0:
            sys.exit(f"factpull failed ({proc.returncode}): {proc.stderr[-500:]}")
        doc = json.loads(out.read_text(encoding="utf-8"))
    claims = doc["claims"]
    bad = [c for c in claims if text[c["start"]:c["end"]] != c["text"]]
    near_end = [c for c in claims if c["start"] > len(text) * 0.99]
    bad_end = [c for c in near_end if text[c["start"]:c["end"]] != c["text"]]
    print(f"input: {len(text) / 1e6:.1f} MB, {len(text.split()):,} words")
    print(f"time: {elapsed:.0f} s  peak memory: {peak_mb:,.0f} MB")
    print(f"claims: {len(claims):,}  offsets wrong: {len(bad)}  "
          f"claims in the last 1 %: {len(near_end):,} (offsets wrong: {len(bad_end)})")
    if near_end:
        last = near_end[-1]
        print(f"last claim: {last['type']} {last['text']!r} at {last['start']:,}")


if __name__ == "__main__":
    main()
