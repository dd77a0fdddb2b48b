"""The JSON contract on real text: offsets match and every document validates against the schema.

    python bench/contract.py [--articles 200] [--folder ../shared/corpora/bbc_news]

Runs `factpull extract --format jsonl` over the articles (spread over the folder's topics), then
checks every claim and mention: `input[start:end] == text`, and every document against the JSON
Schema that `factpull schema` prints (with the jsonschema package, from the `test` extra).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpora" / "bbc_news"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--folder", type=Path, default=DEFAULT)
    args = ap.parse_args()
    import jsonschema

    paths = sorted(args.folder.rglob("*.txt")) if args.folder.is_dir() else []
    if not paths:
        paths = sorted((ROOT / "fixtures").rglob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))
    paths = paths[:: max(len(paths) // args.articles, 1)][: args.articles]
    exe = Path(sys.executable).with_name("factpull")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "factpull"]
    schema = json.loads(subprocess.run([*cmd, "schema"], capture_output=True, text=True, check=True).stdout)
    validator = jsonschema.Draft202012Validator(schema)
    out = subprocess.run([*cmd, "extract", "--format", "jsonl", *map(str, paths)],
                         capture_output=True, text=True)
    docs = [json.loads(line) for line in out.stdout.splitlines()]
    assert [d["source"] for d in docs] == [str(p) for p in paths], "documents missing or out of order"
    invalid = bad_offsets = spans = 0
    types: Counter[str] = Counter()
    for path, doc in zip(paths, docs, strict=True):
        errors = list(validator.iter_errors(doc))
        invalid += bool(errors)
        for error in errors[:3]:
            print(f"{path}: schema: {error.message}")
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        for claim in doc["claims"]:
            types[claim["type"]] += 1
            for span in [claim, *(claim.get("mentions") or []), claim.get("speaker_mention") or None]:
                if span is None:
                    continue
                spans += 1
                if text[span["start"]:span["end"]] != span["text"]:
                    bad_offsets += 1
                    print(f"{path}: offsets {span['start']}-{span['end']} do not give {span['text']!r}")
    print(f"{len(docs)} documents, {sum(types.values())} claims ({dict(types)}), {spans} spans checked")
    print(f"documents failing the schema: {invalid}; spans whose offsets do not match: {bad_offsets}")
    sys.exit(1 if invalid or bad_offsets else 0)


if __name__ == "__main__":
    main()
