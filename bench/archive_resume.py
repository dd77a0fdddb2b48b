"""`extract --db` on real news: two runs, an interrupted run resumed, all compared table by table.

    python bench/archive_resume.py [--articles 20] [--folder ../shared/corpora/bbc_news/politics]

Copies the articles into a temporary folder, then: a clean `--db` run (timed), the same run again
(timed: every document is skipped), the JSON Lines claim count to compare with, and a run sent
Ctrl-C (SIGINT) once `--after` documents are stored, then re-run; prints whether every table of the
resumed database equals the clean one row for row.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpora" / "bbc_news" / "politics"
TABLES = ("documents", "claims", "counts", "amounts", "places", "operations", "quotes", "dates", "mentions")


def _command() -> list[str]:
    exe = Path(sys.executable).with_name("factpull")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "factpull"]


def _timed(args: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True)
    return time.perf_counter() - start, done


def _dump(path: Path) -> dict[str, list[dict]]:
    db = sqlite_utils.Database(path)
    return {t: list(db[t].rows_where(order_by=db[t].pks[0])) for t in TABLES}


def _interrupted(args: list[str], db: Path, after: int) -> int:
    process = subprocess.Popen(args, stderr=subprocess.DEVNULL)
    while process.poll() is None:
        try:
            if sqlite_utils.Database(db)["documents"].count >= after:
                break
        except Exception:  # not created yet
            pass
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    return process.wait()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=20)
    ap.add_argument("--folder", type=Path, default=DEFAULT)
    ap.add_argument("--after", type=int, default=5, help="documents stored before Ctrl-C is sent")
    args = ap.parse_args()
    paths = sorted(args.folder.rglob("*.txt"))[: args.articles] if args.folder.is_dir() else []
    if not paths:
        sys.exit(f"no articles in {args.folder}")
    cmd = _command()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for path in paths:
            shutil.copy(path, folder / path.name)
        clean, resumed = Path(tmp) / "clean.db", Path(tmp) / "resumed.db"
        first, _ = _timed([*cmd, "extract", str(folder), "--db", str(clean)])
        second, again = _timed([*cmd, "extract", str(folder), "--db", str(clean)])
        jsonl = subprocess.run([*cmd, "extract", "--format", "jsonl", str(folder)],
                               capture_output=True, text=True)
        claims = sum(len(json.loads(line)["claims"]) for line in jsonl.stdout.splitlines())
        code = _interrupted([*cmd, "extract", str(folder), "--db", str(resumed)], resumed, args.after)
        stored = sqlite_utils.Database(resumed)["documents"].count
        _, rerun = _timed([*cmd, "extract", str(folder), "--db", str(resumed)])
        db = sqlite_utils.Database(clean)
        print(f"articles: {len(paths)}")
        print(f"first run: {first:.2f} s, {db['documents'].count} documents, "
              f"{db['claims'].count} claims rows (JSON Lines: {claims} claims)")
        print(f"second run: {second:.2f} s; {again.stderr.strip()}")
        print(f"interrupted run: exit {code} with {stored} documents; re-run: {rerun.stderr.strip()}")
        print(f"resumed database equals the clean one, every table: {_dump(resumed) == _dump(clean)}")


if __name__ == "__main__":
    main()
