"""Hostile input shapes: time at two sizes and peak memory, against ordinary news of the same size.

    python bench/adversarial.py [--scale 1] [--shapes news,no-breaks,...] [--entries 9200] [--repeat 3]
    python bench/adversarial.py --shapes no-breaks --scale 4      # 1 MB and 2 MB without line breaks
    python bench/adversarial.py --shapes word,digits,quotes,expectations --sizes 10,20   # for memory

Each text shape is written to a file at two sizes (the second twice the first) and run through
`factpull extract --format jsonl` in a subprocess, as a user would; the bench prints the wall time,
the CPU time and the peak resident memory of that process (os.wait4, so per run, in a small
process started in between so that the bench's own size is not counted: see MEASURE), the claims found
and how many of their offsets are wrong (all of them, and those in the last 5 % of the text),
then the ratio of the two sizes' CPU times (linear: about 2; the issue allows up to 2.3) and each
shape's CPU time per megabyte against ordinary news, both after taking off the CPU time of a run on
a one-line input (imports and loading the model). CPU time is the figure to read on a machine
shared with other work; wall time is printed too.

Shapes: `news` (BBC articles from ../shared/corpora, else the fixtures, with their paragraphs),
`no-breaks` (the same news with every line break and run of spaces made one space), `quotes`
(nothing but quotation marks of every kind), `digits`, `punctuation`, `word` (one word of letters,
as long as the file). `expectations` is `factpull check`'s matching: an article's snapshot of N
and 2N entries (counts, amounts, quotes, places, operations, many alike), loaded from TOML and
checked against the claims it was written from, in a subprocess without spaCy (the article's
extraction is the `news` row's business); `failing` is the same snapshot checked against the
claims with every other one changed (values, spellings, speakers, words), so that half the entries
fail and check names the nearest claim of each. `--sizes` runs each shape at those sizes in MB
instead of its two defaults; `--repeat N` keeps the least CPU time of N runs of each size, the sizes
run in turn (the others' work on a shared machine only ever adds time).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the checkout (as CI lays it out), or two levels up from a worktree
BBC = next((d / "shared/corpora/bbc_news" for d in (ROOT.parent, ROOT.parent.parent)
            if (d / "shared/corpora/bbc_news").is_dir()), ROOT.parent / "shared/corpora/bbc_news")
MB = 1_000_000

#: shape -> the smaller of its two sizes in MB at --scale 1 (a token per character costs most)
SIZES = {"news": 0.25, "no-breaks": 0.25, "quotes": 0.1, "punctuation": 0.5, "digits": 1.0, "word": 1.0}
LINEAR = 2.3  # what doubling the size may at most do to the time
TOO_SMALL = 0.5  # CPU seconds after start-up below which a ratio says nothing (start-up varies so)
EXPECTATIONS = ("expectations", "failing")  # the shapes that are `factpull check` runs
ENTRIES_PER_MB = 18_400  # about what a MB of expectations file holds (counts, quotes, places)


def news(size: int) -> str:
    paths = sorted(BBC.rglob("*.txt")) if BBC.is_dir() else []
    paths = paths or sorted((ROOT / "fixtures").rglob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
    articles = [p.read_text(encoding="utf-8").strip() for p in paths]
    parts, total, i = [], 0, 0
    while total < size:
        parts.append(articles[i % len(articles)])
        total += len(parts[-1]) + 2
        i += 1
    text = "\n\n".join(parts)[:size]
    return text[: text.rfind(" ")] + "\n"


def build(shape: str, size: int) -> str:
    rng = random.Random(size)
    if shape == "news":
        return news(size)
    if shape == "no-breaks":
        return " ".join(news(size + size // 10).split())[:size]
    if shape == "quotes":
        return "".join(rng.choices("\"“”„'‘’«»`", k=size))
    if shape == "digits":
        return "".join(rng.choices("0123456789", k=size))
    if shape == "punctuation":
        return "".join(rng.choices(".,;:!?-()[]/*&%#@", k=size))
    if shape == "word":
        return "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=size))
    raise SystemExit(f"unknown shape {shape!r}")


#: Run by a small Python process in between, which starts the command, waits for it and prints
#: its exit code, CPU seconds and peak resident memory (KB). Linux counts a process's peak memory
#: from the size of the process it was forked from, kept through exec: run by this bench, which
#: holds the text it wrote (20 MB of quotation marks: a gigabyte of one-letter strings on the way),
#: a `factpull` would report the bench's size as its own; started from this one, 10 MB or so.
MEASURE = """import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime, usage.ru_maxrss, file=sys.stderr)
"""


def run(cmd: list[str], stdout_path: Path) -> tuple[float, float, float, int]:
    """Wall time, CPU time, peak RSS (MB) and exit code of one subprocess (through MEASURE)."""
    start = time.perf_counter()
    with stdout_path.open("w", encoding="utf-8") as sink:
        measured = subprocess.run([sys.executable, "-c", MEASURE, *cmd], stdout=sink,
                                  stderr=subprocess.PIPE, text=True, check=True)
    wall = time.perf_counter() - start
    code, cpu, peak_kb = measured.stderr.split()[-3:]
    return wall, float(cpu), int(peak_kb) / 1024, int(code)


def factpull() -> list[str]:
    exe = Path(sys.executable).with_name("factpull")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "factpull"]


def text_row(shape: str, size: int, tmp: Path) -> dict:
    text = build(shape, size)
    path = tmp / f"{shape}.txt"
    path.write_text(text, encoding="utf-8")
    out = tmp / "out.jsonl"
    wall, cpu, peak, code = run([*factpull(), "extract", "--format", "jsonl", str(path)], out)
    doc = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    spans = [s for c in doc["claims"] for s in [c, *(c.get("mentions") or [])]]
    wrong = [s for s in spans if text[s["start"]:s["end"]] != s["text"]]
    near_end = [s for s in spans if s["start"] > len(text) * 0.95]
    return {"shape": shape, "size": f"{size / MB:g} MB", "mb": size / MB, "wall": wall, "cpu": cpu,
            "peak": peak, "code": code, "claims": len(doc["claims"]),
            "wrong": f"{len(wrong)} ({sum(s in wrong for s in near_end)} of {len(near_end)} near the end)"}


# -- an expectations file of thousands of entries ------------------------------------------------
NOUNS = ["people", "immigrants", "officers", "homes", "votes", "cars", "schools", "jobs", "patients"]
PLACES = ["Denver", "Leeds", "Paris", "Boston", "Lagos", "Lima", "Perth", "Oslo", "Kyoto", "Cairo"]
SPEAKERS = ["Ana Ruiz", "Tom Homan", "ICE officials", "Li Wei", "Sara Cole", "the mayor"]
VOCABULARY = [f"w{i}" for i in range(3000)] + ["the", "we", "will", "and", "is", "to", "of"] * 50


def synthetic_claims(n: int) -> list[dict]:
    """n claims as an article of many thousand words yields them: counts and amounts with values
    that repeat ("two people"), quotes by a few speakers, places and operations named often."""
    rng = random.Random(n)
    claims, pos = [], 0

    def span(text: str) -> dict:
        nonlocal pos
        start, pos = pos, pos + len(text) + 40
        return {"text": text, "start": start, "end": start + len(text), "sentence": start // 200,
                "confidence": 0.9}

    for i in range(n):
        kind = ("count", "count", "amount", "quote", "place", "operation")[i % 6]
        if kind == "count":
            value, noun = rng.choice([2, 3, 10, 12] + list(range(1, 400))), rng.choice(NOUNS)
            claims.append({"type": "count", **span(f"{value} {noun}"), "value": value, "counted": noun,
                           "counted_head": noun, "place": rng.choice([None, *PLACES])})
        elif kind == "amount":
            value = rng.choice([1_000_000, 5, 2.5] + list(range(100, 2000)))
            claims.append({"type": "amount", **span(f"${value}"), "value": value, "unit": "USD"})
        elif kind == "quote":
            content = " ".join(rng.choices(VOCABULARY, k=rng.randint(6, 30)))
            claims.append({"type": "quote", **span(content), "content": content,
                           "speaker": rng.choice(SPEAKERS), "direct": True, "cue": "say"})
        else:
            name = rng.choice(PLACES) + ("" if rng.random() < 0.5 else f" {rng.randint(1, n // 20 + 1)}")
            s = span(name)
            mention = {k: s[k] for k in ("text", "start", "end", "sentence")}
            claims.append({"type": kind, **s, "name": name, "mentions": [mention],
                           **({"kind": "city"} if kind == "place" else {})})
    return claims


def check_child(report_path: str, facts_path: str) -> None:
    """What the subprocess runs: load the file, check the claims against it, print the JSON."""
    from factpull.check import check_report, write_check_json
    from factpull.expectations import load_expectations
    from factpull.models import Report

    report = Report.model_validate_json(Path(report_path).read_text(encoding="utf-8"))
    result = check_report(report, load_expectations(facts_path), facts_path)
    write_check_json(result, sys.stdout)


def perturbed(claims: list[dict]) -> list[dict]:
    """The claims with every other one changed as a later edit of the article would change it (a
    count's value, an amount, a place's spelling, a quote's speaker or words), so that a snapshot
    of the original fails on half its entries and `check` names the nearest claim of each."""
    changed = []
    for i, claim in enumerate(claims):
        claim = json.loads(json.dumps(claim))
        if i % 2:
            if claim["type"] in ("count", "amount"):
                claim["value"] = claim["value"] * 3 + 1000
            elif claim["type"] in ("place", "operation"):
                claim["name"] += "x"
                for mention in claim["mentions"]:
                    mention["text"] += "x"
            elif i % 4 == 1:
                claim["speaker"] = "Someone Else"
            else:
                content = claim["content"].split()
                claim["content"] = " ".join(content[:2] + content[3:])
        changed.append(claim)
    return changed


def expectations_row(entries: int, tmp: Path, failing: bool = False) -> dict:
    from factpull.expectations import expectations_from_report, write_expectations
    from factpull.models import Report

    claims = synthetic_claims(entries)
    snapshot = expectations_from_report(Report.model_validate({"source": "article.txt", "claims": claims}))
    checked = perturbed(claims) if failing else claims
    report = Report.model_validate({"source": "article.txt", "claims": checked})
    report_path, facts = tmp / "report.json", tmp / "article.facts.toml"
    report_path.write_text(report.model_dump_json(), encoding="utf-8")
    write_expectations(snapshot, facts)
    out = tmp / "check.json"
    cmd = [sys.executable, __file__, "--check-child", str(report_path), str(facts)]
    wall, cpu, peak, code = run(cmd, out)
    result = json.loads(out.read_text(encoding="utf-8"))
    size = f"{len(snapshot):,} entries ({facts.stat().st_size / MB:.1f} MB)"
    return {"shape": "failing" if failing else "expectations", "size": size, "mb": len(snapshot),
            "wall": wall, "cpu": cpu, "peak": peak, "code": code, "claims": len(report.claims),
            "wrong": f"{result['failed']} failed"}


def best_of(repeat: int, rows: list[Callable[[], dict]]) -> list[dict]:
    """Each row's run with the least CPU time of `repeat`, the rows run in turn (small, large,
    small, large...): on a shared machine, the others' work only ever adds time, so the least is
    the nearest to the cost of the input, and taking turns lets a change in that work fall on
    both sizes alike (on this 2-core machine, another busy process slows every process's
    instructions, not only its wall time)."""
    runs: list[list[dict]] = [[] for _ in rows]
    for _ in range(repeat):
        for k, row in enumerate(rows):
            runs[k].append(row())
    return [min(found, key=lambda r: r["cpu"]) for found in runs]


def rows_of(shape: str, args: argparse.Namespace, tmp: Path) -> list[dict]:
    """The shape's runs, smallest first: its two default sizes (times --scale), or --sizes."""
    if shape in EXPECTATIONS:
        counts = ([max(int(mb * ENTRIES_PER_MB), 6) for mb in args.sizes] if args.sizes
                  else [args.entries, 2 * args.entries])
        return best_of(args.repeat, [lambda n=n: expectations_row(n, tmp, shape == "failing")
                                     for n in counts])
    sizes = [int(mb * MB) for mb in args.sizes] if args.sizes else [
        int(SIZES[shape] * args.scale * MB), 2 * int(SIZES[shape] * args.scale * MB)]
    return best_of(args.repeat, [lambda size=size: text_row(shape, size, tmp) for size in sizes])


def verdict(rows: list[dict], work: list[float], k: int) -> str:
    """The CPU ratio of a row to the one before against their size ratio (linear: equal)."""
    if k == 0:
        return ""
    if work[k - 1] < TOO_SMALL:
        return "too quick to time"  # within the start-up's own variation between runs
    ratio, grew = work[k] / work[k - 1], rows[k]["mb"] / rows[k - 1]["mb"]
    allowed = grew * LINEAR / 2  # doubling may take LINEAR times the time
    return f"{ratio:.2f} for {grew:g}x " + ("ok" if ratio <= allowed else f"over {allowed:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shapes", default=",".join([*SIZES, *EXPECTATIONS]))
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every text size by this")
    ap.add_argument("--entries", type=int, default=9200, help="expectations at the smaller size")
    ap.add_argument("--sizes", type=lambda v: [float(x) for x in v.split(",")], default=None,
                    help="run each shape at these sizes in MB instead (expectations: "
                         f"{ENTRIES_PER_MB:,} entries a MB), e.g. 10,20")
    ap.add_argument("--repeat", type=int, default=1, help="run each size this many times, keep the "
                    "least CPU time")
    ap.add_argument("--check-child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.check_child:
        check_child(*args.check_child)
        return
    per_mb_news = None
    with tempfile.TemporaryDirectory() as tmp_name:  # what a run costs before any input: imports, model
        tmp = Path(tmp_name)
        (tmp / "tiny.txt").write_text("Police arrested 2 people.\n", encoding="utf-8")
        startup = {"text": min(run([*factpull(), "extract", "--format", "jsonl", str(tmp / "tiny.txt")],
                                   tmp / "out.jsonl")[1] for _ in range(args.repeat)),
                   "expectations": best_of(args.repeat, [lambda: expectations_row(6, tmp)])[0]["cpu"]}
    print(f"start-up CPU, taken off every row's CPU before the ratios: extract {startup['text']:.1f} s, "
          f"check {startup['expectations']:.1f} s")
    header = (f"{'shape':<13} {'size':<28} {'wall s':>7} {'CPU s':>7} {'peak MB':>8} {'claims':>7}  "
              f"{'offsets wrong / check':<30} {'CPU ratio for size ratio':>24} {'CPU/MB vs news':>15}")
    print(header)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for shape in args.shapes.split(","):
            rows = rows_of(shape, args, tmp)
            base = startup["expectations" if shape in EXPECTATIONS else "text"]
            work = [max(row["cpu"] - base, 1e-3) for row in rows]
            for k, row in enumerate(rows):
                vs_news = ""
                if shape not in EXPECTATIONS:
                    per_mb = work[k] / row["mb"]
                    if shape == "news" and k == 0:
                        per_mb_news = per_mb
                    vs_news = f"{per_mb / per_mb_news:.2f}x" if per_mb_news else ""
                failed = "" if row["code"] in (0, 1, 2) else f" exit {row['code']}"
                print(f"{shape:<13} {row['size']:<28} {row['wall']:>7.1f} {row['cpu']:>7.1f} "
                      f"{row['peak']:>8,.0f} {row['claims']:>7,}  {row['wrong'] + failed:<30} "
                      f"{verdict(rows, work, k):>24} {vs_news:>15}", flush=True)


if __name__ == "__main__":
    main()
