"""Place precision and recall on GUM's Wikinews documents (../shared/corpora/gum_news/).

    python bench/places_gum.py [-v] [--json] [--split train|dev|test] [--baseline]

Gold: GUM's `place` entities (coreference chains, `eid`) with at least one named or
Wikipedia-linked mention written as a proper name ("Texas", "the U.S.", not "the city").
Two gold sets are reported:
- `geographic`: factpull's definition of a place, i.e. without buildings and facilities (museums,
  stations, stadiums, airports, mosques ...), which GUM also types `place`;
- `all named`: recall only, every such chain including facilities.
A state or country that only qualifies a city ("Houston, Texas") is optional, as in the seed gold.

Matching is by offsets: a predicted place matches the gold chain of the gold mention its mentions
overlap (the one starting at the same character, else the shortest). Each chain matches once; a
second predicted place for the same chain is a false positive; a prediction overlapping only a
facility, an unnamed or an optional chain is neither right nor wrong; one overlapping no gold
place at all is a false positive. Skips cleanly when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: ../shared beside the checkout, or where FACTPULL_SHARED says (a git worktree lives elsewhere)
GUM = Path(os.environ.get("FACTPULL_SHARED") or ROOT.parent / "shared") / "corpora" / "gum_news"

#: Words marking a GUM place as a building or facility, which factpull does not count as a place.
FACILITY = re.compile(
    r"\b(Museum|Center|Centre|Station|Stadium|Arena|Hall|Airport|Base|Mosque|Masjid|Hotel|Bridge|Pad|"
    r"Temple|Planetarium|Towers?|House|Factory|booth|Asylum|manor|Cave|Batcave|headquarters|Complex|"
    r"gallery|Galleries|Facility|constituency|Council|street|Road|posts?|Memorial|Project|Force|"
    r"Place|Arkham|Dulles|Hospital|Park|room)\b",
    re.IGNORECASE,
)
#: What may stand before a place inside an organisation's own name: nothing ('Toronto Star') or
#: capitalised words and 'of' ('University of Sheffield', 'the Food Standards of Australia').
_NAME_PREFIX = re.compile(r"(?:[Tt]he )?(?:(?:[A-Z][\w&.'-]* )+of (?:the )?)?")
_PRONOUNS = {"here", "there", "it", "this", "that", "them", "they"}


def _proper(text: str) -> bool:
    text = re.sub(r"^(the|The)\s+", "", text)
    return bool(text[:1].isupper()) and text.lower() not in _PRONOUNS


def gold_chains(entities: list[dict]) -> dict[str, dict]:
    """eid -> {mentions: [(s, e, text)], qualifying: bool, facility: bool}, for place chains."""
    chains: dict[str, dict] = defaultdict(lambda: {"mentions": [], "qualifying": False, "facility": False,
                                                   "names": set()})
    for ent in entities:
        if ent["type"] != "place":
            continue
        # GUM sometimes splits one place into two chains; the Wikipedia link joins them.
        chain = chains[ent["wikipedia"] or ent["eid"]]
        s, e = ent["span"]
        chain["mentions"].append((s, e, ent["text"]))
        if (ent["named"] or ent["wikipedia"]) and _proper(ent["text"]):
            chain["qualifying"] = True
            chain["names"].add(ent["text"])
            if FACILITY.search(ent["text"]) or (ent["wikipedia"] and FACILITY.search(ent["wikipedia"])):
                chain["facility"] = True
    return dict(chains)


def optional_chains(chains: dict[str, dict], text: str, entities: list[dict]) -> set[str]:
    """Chains named only as the container after a comma ('Houston, Texas' -> Texas), or only inside
    an organisation's name ('University of Sheffield'), which factpull does not count."""
    orgs = [tuple(e["span"]) for e in entities if e["type"] == "organization"]
    places = [tuple(e["span"]) for e in entities if e["type"] == "place"]
    spans = [(s, e) for ch in chains.values() for s, e, _ in ch["mentions"]]
    ends = {e for _, e in spans}

    def qualifies_other(s: int, e: int) -> bool:
        after_place = (s - 2) in ends or any(s0 < s and e0 >= e for s0, e0 in spans)
        in_org = any(s0 <= s and e <= e0 and (s0, e0) != (s, e) and _NAME_PREFIX.fullmatch(text[s0:s])
                     for s0, e0 in orgs)
        # 'Mexico' inside 'Mexico City', 'Kowloon' inside 'Kowloon East': part of another name.
        in_name = any(s0 == s and e < e0 for s0, e0 in places)
        return in_org or in_name or (text[max(s - 2, 0):s] == ", " and after_place)

    optional = set()
    for eid, ch in chains.items():
        named = [(s, e) for s, e, t in ch["mentions"] if _proper(t)]
        if named and all(qualifies_other(s, e) for s, e in named):
            optional.add(eid)
    return optional


def match(pred_mentions: list[dict], chains: dict[str, dict]) -> str | None:
    """The gold chain a predicted place refers to (first mention that overlaps a gold place)."""
    index = [(s, e, eid) for eid, ch in chains.items() for s, e, _ in ch["mentions"]]
    for m in pred_mentions:
        over = [(s, e, eid) for s, e, eid in index if s < m["end"] and m["start"] < e]
        if not over:
            continue
        ms, me = m["start"], m["end"]

        def rank(x: tuple[int, int, str], ms: int = ms, me: int = me) -> tuple:
            overlap = min(x[1], me) - max(x[0], ms)
            return ((x[0], x[1]) != (ms, me), -overlap, not chains[x[2]]["qualifying"], x[1] - x[0])

        over.sort(key=rank)
        return over[0][2]
    return None


def baseline_places(doc) -> list[dict]:
    """Bare spaCy for comparison: every GPE/LOC entity, grouped by its text."""
    groups: dict[str, dict] = {}
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC"):
            name = re.sub(r"^(the|The)\s+", "", ent.text)
            place = groups.setdefault(name, {"name": name, "mentions": []})
            place["mentions"].append({"start": ent.start_char, "end": ent.end_char})
    return list(groups.values())


def run(verbose: bool, split: str | None = None, baseline: bool = False) -> dict:
    from factpull.components.base import CLAIMS_KEY
    from factpull.pipeline import build_nlp

    nlp = build_nlp()
    totals = {"tp": 0, "fp": 0, "fn": 0, "named_gold": 0, "named_found": 0}
    for txt in sorted(GUM.glob(f"{split or '*'}/*.txt")):
        text = txt.read_text(encoding="utf-8")
        entities = json.loads(txt.with_suffix(".entities.json").read_text(encoding="utf-8"))["entities"]
        chains = gold_chains(entities)
        optional = optional_chains(chains, text, entities)
        geo = {eid for eid, ch in chains.items() if ch["qualifying"] and not ch["facility"]} - optional
        named = {eid for eid, ch in chains.items() if ch["qualifying"]} - optional
        doc = nlp(text)
        places = [c for c in doc.user_data.get(CLAIMS_KEY, []) if c["type"] == "place"]
        if baseline:
            places = baseline_places(doc)
        matched: set[str] = set()
        fps: list[str] = []
        for place in places:
            eid = match(place["mentions"], chains)
            if eid is None or (eid in matched and eid in geo):
                fps.append(place["name"])
            elif eid in geo or eid in named:
                matched.add(eid)
        tp = len(matched & geo)
        totals["tp"] += tp
        totals["fp"] += len(fps)
        totals["fn"] += len(geo) - tp
        totals["named_gold"] += len(named)
        totals["named_found"] += len(matched & named)
        if verbose:
            missed = sorted(sorted(chains[eid]["names"])[0] for eid in geo - matched)
            print(f"{txt.stem}: tp {tp}/{len(geo)}  FP {fps}  missed {missed}")
    p = totals["tp"] / max(totals["tp"] + totals["fp"], 1)
    r = totals["tp"] / max(totals["tp"] + totals["fn"], 1)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3),
        "gold_geographic": totals["tp"] + totals["fn"], "tp": totals["tp"], "fp": totals["fp"],
        "recall_all_named": round(totals["named_found"] / max(totals["named_gold"], 1), 3),
        "gold_all_named": totals["named_gold"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and false positives")
    parser.add_argument("--json", action="store_true", help="print the totals as JSON")
    parser.add_argument("--baseline", action="store_true", help="score bare spaCy GPE/LOC entities instead")
    parser.add_argument("--split", choices=["train", "dev", "test"], help="only this GUM split")
    args = parser.parse_args()
    if not GUM.is_dir():
        print(f"skipped: {GUM} not found")
        return 0
    result = run(args.verbose, args.split, args.baseline)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"places on GUM news (geographic, {result['gold_geographic']} gold places): "
              f"P {result['precision']:.3f} R {result['recall']:.3f} F1 {result['f1']:.3f} "
              f"(tp {result['tp']}, fp {result['fp']}); recall over all {result['gold_all_named']} "
              f"named place chains incl. facilities {result['recall_all_named']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
