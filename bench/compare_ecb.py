"""Run `compare` on ECB+ event groups (../shared/corpora/ecbplus_news/) and print every
disagreement and possible misquote, for reading by eye.

    python bench/compare_ecb.py [TOPIC ...] [--json]

A group is one topic's original ECB articles (`<topic>_<n>ecb.txt`): reports of one real event;
with `--part ecbplus`, the topic's ECB+ articles, reports of another event of the same kind (the
two are never mixed).
The pipeline is loaded once. Skips cleanly when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: ../shared beside the checkout (or beside the worktrees' folder).
ECB = next((p / "shared" / "corpora" / "ecbplus_news" for p in (ROOT.parent, ROOT.parent.parent)
            if (p / "shared").is_dir()), ROOT.parent / "shared" / "corpora" / "ecbplus_news")
#: Crime and disaster topics (the corpus README lists them): reports that carry counts and quotes.
TOPICS = ("3", "8", "12", "13", "14", "16", "18", "19", "20", "21", "22", "23", "24", "26", "30", "32",
          "33", "36", "37", "38", "41", "45")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("topics", nargs="*", default=list(TOPICS))
    parser.add_argument("--json", action="store_true", help="print the findings as JSON Lines")
    parser.add_argument("--part", choices=("ecb", "ecbplus"), default="ecb",
                        help="ecb: the original articles of each topic (one event); ecbplus: the "
                        "extension's articles (another event of the same kind)")
    args = parser.parse_args()
    if not ECB.is_dir():
        print(f"skipped: {ECB} not found", file=sys.stderr)
        return 0
    from factpull import kinds
    from factpull.batch import stream_reports
    from factpull.compare import compare_reports
    from factpull.io import iter_sources
    from factpull.pipeline import build_nlp

    types = [k.name for k in kinds.matched_kinds() if k.matching.comparing]
    nlp = build_nlp(types=types)
    totals = {"groups": 0, "sources": 0, "disagreement": 0, "possible_misquote": 0, "information": 0}
    for topic in args.topics:
        paths = sorted(str(p) for p in (ECB / topic).glob(f"{topic}_*{args.part}.txt"))
        sources = list(iter_sources(paths))
        reports = [r for r in stream_reports(sources, nlp, types=types) if r.error is None]
        result = compare_reports(reports, {s.name: s.text for s in sources if s.text is not None})
        totals["groups"] += 1
        totals["sources"] += len(reports)
        for t, n in result.summary.items():
            totals[t] += n
        for finding in result.findings:
            if finding.type == "information":
                continue
            if args.json:
                print(json.dumps({"topic": topic, **finding.model_dump(mode="json")}, ensure_ascii=False))
                continue
            print(f"[{topic}] {finding.type} {finding.kind}: {finding.message}")
            if finding.word_diff:
                print(f"    diff: {finding.word_diff}")
            for s in finding.sources:
                for c in s.claims:
                    print(f"    {Path(s.source).name} [{c['start']}:{c['end']}] {c['text'][:150]!r}"
                          + (f" — {c.get('speaker')}" if c["type"] == "quote" else ""))
    print(json.dumps(totals), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
