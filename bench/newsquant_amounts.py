"""Amount precision, recall and F1 on NewsQuant's money and percentages (a benchmark, not a test).

    python bench/newsquant_amounts.py [--split dev|test|all] [-v] [--json]

Gold: `bench/newsquant_gold.py` (value + unit of every money amount and percentage NewsQuant
annotates). factpull's `amount` claims of each sentence are matched one to one: a prediction is
right when its `value` equals a gold value of the sentence (to six significant digits) and its
unit agrees (any dollar code matches NewsQuant's bare "dollar"). `-v` lists misses and false
positives with their sentence. Skips cleanly when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict

from newsquant_gold import DOLLARS, NEWSQUANT, records


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1e-9)


def same_unit(gold: str, predicted: str) -> bool:
    return gold == predicted or (gold == "dollar" and predicted in DOLLARS)


def match(gold: list[dict], predicted: list[dict]) -> tuple[int, list[dict], list[dict]]:
    """(true positives, missed gold, false positives) of one sentence."""
    used: set[int] = set()
    missed = []
    for g in gold:
        hit = next(
            (
                i
                for i, p in enumerate(predicted)
                if i not in used and same_value(g["value"], p["value"]) and same_unit(g["unit"], p["unit"])
            ),
            None,
        )
        if hit is None:
            missed.append(g)
        else:
            used.add(hit)
    return len(used), missed, [p for i, p in enumerate(predicted) if i not in used]


def score(split: str, verbose: bool) -> dict:
    from factpull.pipeline import build_nlp, claims_from_doc

    gold: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for record in records(NEWSQUANT, split):
        key = (record["split"], record["id"])
        gold.setdefault(key, [])
        if record["value"] is not None:
            gold[key].append(record)
    keys = sorted(gold)
    texts = [(NEWSQUANT / s / f"{i}.txt").read_text(encoding="utf-8") for s, i in keys]
    nlp = build_nlp(types=["amount"])
    tp = n_pred = n_gold = 0
    changes = [0, 0]
    for key, text, doc in zip(keys, texts, nlp.pipe(texts, batch_size=16), strict=True):
        predicted = claims_from_doc(doc, ["amount"])
        hits, missed, extra = match(gold[key], predicted)
        tp += hits
        n_pred += len(predicted)
        n_gold += len(gold[key])
        for g in gold[key]:
            if g["change"] and g not in missed:
                changes[1] += 1
                p = next(p for p in predicted if same_value(g["value"], p["value"]))
                changes[0] += p.get("change") == {"up": "rise", "down": "fall"}[g["change"]]
        if verbose and (missed or extra):
            print(f"{key[1]}: {text}")
            for g in missed:
                print(f"   miss {g['value']} {g['unit']} ({g['surface']})")
            for p in extra:
                print(f"   FP   {p['value']} {p['unit']} ({p['text']})")
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "split": split, "sentences": len(keys), "gold": n_gold, "predicted": n_pred, "right": tp,
        "p": round(p, 3), "r": round(r, 3), "f1": round(f1, 3),
        "change_agreement": f"{changes[0]}/{changes[1]}",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not NEWSQUANT.exists():
        print(f"skipped: {NEWSQUANT} not found", file=sys.stderr)
        return 0
    result = score(args.split, args.verbose)
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"amounts ({result['split']}, {result['sentences']} sentences): P {result['p']:.3f} "
            f"R {result['r']:.3f} F1 {result['f1']:.3f} ({result['right']} right of {result['predicted']} "
            f"predicted, {result['gold']} gold); change direction of the gold changes found: "
            f"{result['change_agreement']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
