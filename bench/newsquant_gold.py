"""A gold set of money and percentage amounts from NewsQuant (../shared/corpora/newsquant/).

    python bench/newsquant_gold.py [--split dev|test|all] [--out FILE]

NewsQuant annotates every quantity of 590 news sentences with a value and a unit (see its
README). This keeps the ones factpull calls amounts: a `normalized_unit` that is a percentage or
a currency, or a rate whose base is one ("dollar per barrel" is money: $58.24 a barrel). Each
record is `{"id", "split", "value", "value_high", "unit", "change", "surface"}`:

- `value` in whole units as factpull gives it: "19 cents" is 0.19 of a dollar, "18 sen" 0.18
  ringgit; `value_high` for a range ("252.0-287.0");
- `unit`: an ISO 4217 code or `percent`; `dollar` where NewsQuant says only "dollar" (the text's
  "$" may be any dollar: Australian articles write "$84"), which any dollar code matches;
- `change`: NewsQuant's direction (`up`/`down`, else null), kept for reading, not scored.

Sentences without an amount are listed too (`{"id", "split", "value": null}`), since a predicted
amount there is a false positive. Nothing from the corpus is copied into the project: the gold is
written where `--out` says (default: standard output). Skips cleanly when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: ../shared beside the checkout (/work/main), or two levels up from a worktree (/work/wt/NAME).
NEWSQUANT = next(
    (p / "shared" / "corpora" / "newsquant" for p in (ROOT.parent, ROOT.parent.parent)
     if (p / "shared" / "corpora" / "newsquant").exists()),
    ROOT.parent / "shared" / "corpora" / "newsquant",
)

#: NewsQuant's normalised currency units -> (code, factor to whole units).
CURRENCIES: dict[str, tuple[str, float]] = {
    "percentage": ("percent", 1.0),
    "dollar": ("dollar", 1.0),
    "united states dollar": ("USD", 1.0),
    "australian dollar": ("AUD", 1.0),
    "canadian dollar": ("CAD", 1.0),
    "hong kong dollar": ("HKD", 1.0),
    "new zealand dollar": ("NZD", 1.0),
    "singaporean dollar": ("SGD", 1.0),
    "cent": ("dollar", 0.01),
    "euro": ("EUR", 1.0),
    "pound sterling": ("GBP", 1.0),
    "japanese yen": ("JPY", 1.0),
    "chinese yuan": ("CNY", 1.0),
    "shekel": ("ILS", 1.0),
    "malaysian ringgit": ("MYR", 1.0),
    "sen": ("MYR", 0.01),
    "south african rand": ("ZAR", 1.0),
    "indian rupee": ("INR", 1.0),
}
DOLLARS = frozenset({"USD", "AUD", "CAD", "HKD", "NZD", "SGD", "TWD"})


def amount_unit(normalized_unit: str) -> tuple[str, float] | None:
    """(code, factor) of a NewsQuant unit that is money or a percentage, else None."""
    base = normalized_unit.split(" per ")[0].strip().lower()
    return CURRENCIES.get(base)


def _number(text: str) -> float:
    return float(text)


def parse_value(value: str) -> tuple[float, float | None] | None:
    """NewsQuant's value string: "13000.0", "-50800000000.0", a range "252.0-287.0"."""
    try:
        return _number(value), None
    except ValueError:
        pass
    low, sep, high = value.strip().partition("-")
    if not sep or not low:
        return None
    try:
        return _number(low), _number(high)
    except ValueError:
        return None


def _tidy(value: float) -> float | int:
    value = round(value, 6)
    return int(value) if value.is_integer() else value


def records(corpus: Path, split: str) -> Iterator[dict]:
    """The gold amounts of every sentence of `split` ("dev", "test" or "all"), in file order."""
    splits = ("dev", "test") if split == "all" else (split,)
    for name in splits:
        for path in sorted((corpus / name).glob("*.numbers.json")):
            sid = path.name.removesuffix(".numbers.json")
            found = False
            for q in json.loads(path.read_text(encoding="utf-8"))["quantities"]:
                unit = amount_unit(q["normalized_unit"])
                parsed = parse_value(q["value"])
                if unit is None or parsed is None:
                    continue
                code, factor = unit
                low, high = parsed
                found = True
                yield {
                    "id": sid,
                    "split": name,
                    "value": _tidy(low * factor),
                    "value_high": None if high is None else _tidy(high * factor),
                    "unit": code,
                    "change": q["change"] if q["change"] in ("up", "down") else None,
                    "surface": q.get("value_surface"),
                }
            if not found:
                yield {"id": sid, "split": name, "value": None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all")
    parser.add_argument("--out", type=Path, help="write the gold JSON Lines here (default: stdout)")
    args = parser.parse_args(argv)
    if not NEWSQUANT.exists():
        print(f"skipped: {NEWSQUANT} not found", file=sys.stderr)
        return 0
    lines = [json.dumps(r, ensure_ascii=False) for r in records(NEWSQUANT, args.split)]
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
