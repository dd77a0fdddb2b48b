"""Money and percentages: numbers with a currency or a percent sign, never counts.

A number is an amount when a currency symbol stands before it ("$1.2m", "more than £300") or a
currency or percent word follows it ("5 million euros", "12 per cent", "40%"). The counts
component asks `amount_unit` first, so the same number never becomes both.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from spacy.tokens import Doc

from ..models import AmountClaim
from .base import ClaimComponent, SentenceIndex
from .numbers import NumberSpan, find_numbers, lexicon


@cache
def _units() -> dict:
    data = lexicon("units.json")
    words = {k: v for k, v in data["words"].items() if k not in data["words_after_symbol_only"]}
    percent = tuple(tuple(p.split()) for p in sorted(data["percent"], key=lambda p: -len(p.split())))
    return {
        "symbols": data["symbols"],
        "words": words,
        "cents": data["cents"],
        "percent": percent,
        "qualified": data["qualified_words"],
    }


def amount_unit(doc: Doc, num: NumberSpan) -> tuple[str, int, int, float] | None:
    """(unit, first token, end token, factor) when `num` is money or a percentage, else None.

    The factor turns sub-units into their currency ("19 cents" -> 0.19 USD).
    """
    units = _units()
    if num.start > 0:
        before = doc[num.start - 1]
        code = units["symbols"].get(before.lower_)
        if code is not None and (before.tag_ == "$" or before.is_upper or before.lower_.startswith("rs")):
            first = num.start - 1
            if num.start > 1 and before.text == "$":  # "HK $5.4m", "A $20"
                prefixed = units["symbols"].get(doc[first - 1].lower_ + "$")
                if prefixed is not None and doc[first - 1].is_upper:
                    code, first = prefixed, first - 1
            return code, min(num.outer_start, first), num.end, 1.0
    after = [t.lower_ for t in doc[num.end : num.end + 3]]
    for words in units["percent"]:
        if tuple(after[: len(words)]) == words:
            return "percent", num.outer_start, num.end + len(words), 1.0
    for skip in (0, 1, 2):  # "5 million dollars", "3.1bn Australian dollars", "10 Hong Kong dollars"
        if len(after) <= skip or after[skip] not in units["words"]:
            continue
        if not skip:
            return units["words"][after[0]], num.outer_start, num.end + 1, 1.0
        code = units["qualified"].get(" ".join(after[:skip]))
        if code is not None:
            return code, num.outer_start, num.end + skip + 1, 1.0
    if after and after[0] in units["cents"]:
        return units["cents"][after[0]], num.outer_start, num.end + 1, 0.01
    return None


def _scaled(value: float | int | None, factor: float) -> float | int | None:
    if value is None or factor == 1.0:
        return value
    scaled = round(value * factor, 6)
    return int(scaled) if scaled.is_integer() else scaled


def find_amounts(doc: Doc, numbers: list[NumberSpan] | None = None) -> Iterator[AmountClaim]:
    """Every money amount and percentage in the Doc, in text order."""
    sentence = SentenceIndex(doc)
    for num in find_numbers(doc) if numbers is None else numbers:
        try:
            found = amount_unit(doc, num)
        except (ValueError, IndexError):  # a token layout we cannot read: skip this number
            continue
        if found is None or num.dashed and num.value_high is not None and num.value_high < num.value:
            continue
        unit, first, end, factor = found
        start_char, end_char = doc[first].idx, doc[end - 1].idx + len(doc[end - 1])
        yield AmountClaim(
            text=doc[first:end].text,
            start=start_char,
            end=end_char,
            sentence=sentence(start_char),
            confidence=0.9,
            value=_scaled(num.value, factor),
            value_high=_scaled(num.value_high, factor),
            unit=unit,
            qualifier=num.qualifier,
        )


class AmountsComponent(ClaimComponent):
    """Stores the amounts of `find_amounts` on the Doc."""

    factory = "factpull_amounts"
    rule_files = ("units.json", "numbers.json", "qualifiers.json")

    def find(self, doc: Doc) -> Iterator[AmountClaim]:
        return find_amounts(doc)
