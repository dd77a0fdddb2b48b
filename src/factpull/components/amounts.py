"""Money and percentages: numbers with a currency or a percent sign, never counts.

A number is an amount when one of the unit stages reads a unit around it, tried in order:
a currency symbol before it ("$1.2m", "more than £300", "HK $5.4m"), a percent word after it
("40%", "12 per cent"), a currency word after it ("5 million euros", "3.1bn Australian dollars"),
or a sub-unit after it ("19 cents" = 0.19 USD). The counts component asks the same stages first
(`amount_unit`), so the same number never becomes both. The words are those of
`lexicon/units.json`, compiled by `compile_unit_rules`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..models import AmountClaim
from .base import ClaimComponent, SentenceIndex
from .changes import ChangeRules, compile_change_rules, find_changes
from .changes import Span as ChangeSpan
from .numbers import NumberRules, NumberSpan, compile_number_rules, end_char, find_numbers, scale_of

#: Confidence of an amount read from a currency symbol, a percent word, a currency word, a
#: nationality plus currency word, or a sub-unit. All are unambiguous in news text.
SYMBOL_CONFIDENCE = 0.9
PERCENT_CONFIDENCE = 0.9
CURRENCY_WORD_CONFIDENCE = 0.9
QUALIFIED_CURRENCY_CONFIDENCE = 0.9
SUBUNIT_CONFIDENCE = 0.9
#: "from 4.8 to 4.7 percent": the first number takes the unit written after the second.
SHARED_UNIT_CONFIDENCE = 0.8
#: A currency word may stand this many words after the number ("3.1bn Hong Kong dollars").
_MAX_QUALIFIER_WORDS = 2


@dataclass(frozen=True)
class UnitRules:
    """The unit words of `units.json`, compiled once per component."""

    symbols: Mapping[str, str]
    words: Mapping[str, str]
    subunits: Mapping[str, str]
    percent: tuple[tuple[str, ...], ...]
    qualified: Mapping[str, str]


def compile_unit_rules(units: Mapping) -> UnitRules:
    after_symbol_only = set(units["words_after_symbol_only"])
    return UnitRules(
        symbols=dict(units["symbols"]),
        # "won", "real", "rand" are English words first: a currency only after its symbol
        words={k: v for k, v in units["words"].items() if k not in after_symbol_only},
        subunits=dict(units["cents"]),
        percent=tuple(sorted((tuple(p.split()) for p in units["percent"]), key=len, reverse=True)),
        qualified=dict(units["qualified_words"]),
    )


@dataclass(frozen=True)
class AmountRules:
    numbers: NumberRules
    units: UnitRules
    changes: ChangeRules
    min_confidence: float = 0.0


def compile_amount_rules(rules: Mapping, *, min_confidence: float = 0.0) -> AmountRules:
    return AmountRules(
        numbers=compile_number_rules(rules["numbers.json"], rules["qualifiers.json"], rules["units.json"]),
        units=compile_unit_rules(rules["units.json"]),
        changes=compile_change_rules(rules["changes.json"]),
        min_confidence=min_confidence,
    )


@dataclass(frozen=True)
class Unit:
    """What a unit stage read: the unit, the claim's tokens [first, end), the factor that turns
    the number into whole units (0.01 for cents) and the stage's confidence."""

    code: str
    first: int
    end: int
    factor: float
    confidence: float


UnitStage = Callable[[Doc, NumberSpan, UnitRules], "Unit | None"]


def currency_symbol_before(doc: Doc, num: NumberSpan, units: UnitRules) -> Unit | None:
    """'$5m', 'US$5m', 'HK $5.4m', 'Rs 500': a symbol (or an upper-case code) before the number."""
    if num.start == 0:
        return None
    before = doc[num.start - 1]
    code = units.symbols.get(before.lower_)
    # a sign ("$", "₩") or a code in capitals ("EUR 20", "Rs 500"); "eur" in lower case is a word
    sign = before.tag_ == "$" or not before.text.isalpha()
    if code is None or not (sign or before.is_upper or before.lower_.startswith("rs")):
        return None
    first = num.start - 1
    if first > 0 and before.text == "$" and doc[first - 1].is_upper:  # "HK $5.4m", "A $20"
        prefixed = units.symbols.get(doc[first - 1].lower_ + "$")
        if prefixed is not None:
            code, first = prefixed, first - 1
    return Unit(code, min(num.outer_start, first), num.end, 1.0, SYMBOL_CONFIDENCE)


def _words_after(doc: Doc, num: NumberSpan, n: int) -> list[str]:
    return [t.lower_ for t in doc[num.end : num.end + n]]


def percent_after(doc: Doc, num: NumberSpan, units: UnitRules) -> Unit | None:
    """'40%', '12 per cent', '2 percentage points'."""
    after = tuple(_words_after(doc, num, 3))
    for words in units.percent:
        if after[: len(words)] == words:
            return Unit("percent", num.outer_start, num.end + len(words), 1.0, PERCENT_CONFIDENCE)
    return None


def currency_word_after(doc: Doc, num: NumberSpan, units: UnitRules) -> Unit | None:
    """'5 million euros': a currency word right after the number."""
    after = _words_after(doc, num, 1)
    if after and after[0] in units.words:
        return Unit(units.words[after[0]], num.outer_start, num.end + 1, 1.0, CURRENCY_WORD_CONFIDENCE)
    return None


def qualified_currency_after(doc: Doc, num: NumberSpan, units: UnitRules) -> Unit | None:
    """'3.1bn Australian dollars', '10 Hong Kong dollars': a nationality fixes the currency."""
    after = _words_after(doc, num, _MAX_QUALIFIER_WORDS + 1)
    for skip in range(1, _MAX_QUALIFIER_WORDS + 1):
        if len(after) > skip and after[skip] in units.words:
            code = units.qualified.get(" ".join(after[:skip]))
            if code is not None:
                return Unit(code, num.outer_start, num.end + skip + 1, 1.0, QUALIFIED_CURRENCY_CONFIDENCE)
    return None


def subunit_after(doc: Doc, num: NumberSpan, units: UnitRules) -> Unit | None:
    """'19 cents', '50 pence': a hundredth of the currency."""
    after = _words_after(doc, num, 1)
    if after and after[0] in units.subunits:
        return Unit(units.subunits[after[0]], num.outer_start, num.end + 1, 0.01, SUBUNIT_CONFIDENCE)
    return None


UNIT_STAGES: tuple[UnitStage, ...] = (
    currency_symbol_before,
    percent_after,
    currency_word_after,
    qualified_currency_after,
    subunit_after,
)


def amount_unit(doc: Doc, num: NumberSpan, units: UnitRules) -> Unit | None:
    """The unit of `num` when it is money or a percentage, by the first stage that reads one."""
    for stage in UNIT_STAGES:
        unit = stage(doc, num, units)
        if unit is not None:
            return unit
    return None


def shared_unit(
    doc: Doc, num: NumberSpan, nxt: NumberSpan, unit: Unit | None, rules: AmountRules
) -> Unit | None:
    """'from 4.8 to 4.7 percent', 'from 24.2 to 33 billion euros': in a change from one number to
    another the unit (and scale) written after the second is the first's too."""
    if unit is None or unit.first != nxt.outer_start or num.outer_start == 0:
        return None  # the second has no unit, or one written before it ("from 10 to $20")
    if doc[num.outer_start - 1].lower_ not in rules.numbers.change_openers or [
        t.lower_ for t in doc[num.end : nxt.outer_start]
    ] != ["to"]:
        return None
    factor = unit.factor
    if scale_of(doc, num, rules.numbers) == 1:
        factor *= scale_of(doc, nxt, rules.numbers)
    return Unit(unit.code, num.outer_start, num.end, factor, SHARED_UNIT_CONFIDENCE)


def _scaled(value: float | int | None, factor: float) -> float | int | None:
    if value is None or factor == 1.0:
        return value
    scaled = round(value * factor, 6)
    return int(scaled) if scaled.is_integer() else scaled


def is_descending_dash(num: NumberSpan) -> bool:
    """'3-1' with a currency word nearby is a score, not a range of money."""
    return num.dashed and num.value_high is not None and num.value_high < num.value


def find_amounts(doc: Doc, rules: AmountRules) -> Iterator[AmountClaim]:
    """Every money amount and percentage in the Doc, in text order, with its part in a change."""
    found = []
    numbers = find_numbers(doc, rules.numbers)
    units = [amount_unit(doc, num, rules.units) for num in numbers]
    for k, (num, unit) in enumerate(zip(numbers, units, strict=True)):
        if unit is None and k + 1 < len(numbers):
            unit = shared_unit(doc, num, numbers[k + 1], units[k + 1], rules)
        if unit is not None and not is_descending_dash(num) and unit.confidence >= rules.min_confidence:
            found.append((num, unit))
    if not found:
        return
    spans = [ChangeSpan(u.first, u.end, _scaled(n.value, u.factor), u.code) for n, u in found]
    changes = find_changes(doc, spans, rules.changes)
    sentence = SentenceIndex(doc)
    for (num, unit), change in zip(found, changes, strict=True):
        start_char = doc[unit.first].idx
        stop = end_char(doc[unit.end - 1], rules.numbers)
        yield AmountClaim(
            text=doc[unit.first : unit.end].text[: stop - start_char],
            start=start_char,
            end=stop,
            sentence=sentence(start_char),
            confidence=unit.confidence,
            value=_scaled(num.value, unit.factor),
            value_high=_scaled(num.value_high, unit.factor),
            unit=unit.code,
            qualifier=num.qualifier,
            change=change.direction if change.role else None,
            change_role=change.role if change.direction or change.changed_from is not None else None,
            changed_from=change.changed_from,
        )


class AmountsComponent(ClaimComponent):
    """Stores the amounts of `find_amounts` on the Doc."""

    factory = "factpull_amounts"
    rule_files = ("units.json", "numbers.json", "qualifiers.json", "changes.json")

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        overrides: Mapping[str, Any] | None = None,
        min_confidence: float = 0.0,
    ) -> None:
        self.min_confidence = min_confidence
        super().__init__(nlp, name, overrides=overrides)

    def compile_rules(self) -> None:
        self.compiled = compile_amount_rules(self.rules, min_confidence=self.min_confidence)

    def find(self, doc: Doc) -> Iterator[AmountClaim]:
        return find_amounts(doc, self.compiled)
