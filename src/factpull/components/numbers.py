"""Numbers in text: surface -> value, with the qualifier before it and ranges merged.

Shared by counts and amounts; what a number counts or measures is their business. The scan is
three stages over plain token lists: find maximal runs of number tokens (`number_runs`), read
each run's value (`parse_number`), then join two runs into a range where a connector allows it
(`join_range`) and read the qualifier before the result (`qualifier_before`).

Digits (with thousands separators and decimals) and scale words ("1.2 million", "3bn", "two
dozen") are read here; spelled-out numbers go through text2num, which rejects anything that is
not a well-formed number instead of guessing. Every word this module knows comes from
`lexicon/numbers.json` and `lexicon/qualifiers.json` (plus the percent words of `units.json`,
which may repeat inside a range), compiled by `compile_number_rules` into `NumberRules`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from text_to_num import text2num

from ..models import Qualifier

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_GLUED = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)([a-z]+)$", re.IGNORECASE)
#: Dashes join ranges ("10-20") and the parts of a spelled number ("twenty-three"): typography,
#: not vocabulary, so they stay here.
DASHES = frozenset({"-", "–", "—"})
#: At most this many tokens between two numbers for them to be one range ("$10 to $20").
_RANGE_GAP = 3


@dataclass(frozen=True)
class NumberRules:
    """The number words of `numbers.json`, `qualifiers.json` and `units.json`, compiled once."""

    words: frozenset[str]
    """Words that start or continue a spelled-out number ("twenty", "three")."""
    scales: Mapping[str, int]
    """Words that multiply the number before them, written apart ("1.2 million", "two dozen")."""
    glued_scales: Mapping[str, int]
    """Scales written against the digits ("15.8m", "3bn")."""
    ambiguous_glued: frozenset[str]
    """Glued scales that may be a unit instead ("50m" is metres as often as millions)."""
    and_scales: frozenset[str]
    """Scales an "and" may follow inside one number ("one hundred and seven")."""
    articles: frozenset[str]
    """Articles that stand for one before a scale ("a dozen", "a hundred")."""
    connectors: frozenset[str]
    """Words joining a range "A <conn> B" besides dashes."""
    range_opener: str
    """The word before A that an "and" range needs ("between 10 and 20")."""
    change_openers: frozenset[str]
    """Words before A after which "to" is a change, not a range ("from 10 to 20", "by 4 to 9")."""
    range_verbs: frozenset[str]
    """Verbs before "from" that make "from A to B" a range again ("prices range from $10 to $20")."""
    range_units: frozenset[str]
    """Unit words that may repeat on both ends of a range ("40 percent to 70 percent")."""
    qualifiers: tuple[tuple[int, Mapping[tuple[str, ...], Qualifier]], ...]
    """Qualifier phrases by length, longest first: (length, {words: qualifier})."""


def _public(data: Mapping) -> dict:
    """A lexicon file without its documentation keys (those starting with `_`)."""
    return {k: v for k, v in data.items() if not k.startswith("_")}


def compile_number_rules(numbers: Mapping, qualifiers: Mapping, units: Mapping) -> NumberRules:
    by_length: dict[int, dict[tuple[str, ...], Qualifier]] = {}
    for phrase, qualifier in _public(qualifiers).items():
        words = tuple(phrase.split())
        by_length.setdefault(len(words), {})[words] = qualifier
    ranges = numbers["ranges"]
    return NumberRules(
        words=frozenset(numbers["words"]),
        scales=dict(numbers["scales"]),
        glued_scales=dict(numbers["glued_scales"]),
        ambiguous_glued=frozenset(numbers["ambiguous_glued_scales"]),
        and_scales=frozenset(numbers["and_scales"]),
        articles=frozenset(numbers["articles"]),
        connectors=frozenset(ranges["connectors"]),
        range_opener=ranges["and_needs_before"],
        change_openers=frozenset(ranges["to_not_after"]),
        range_verbs=frozenset(ranges["range_verbs"]),
        range_units=frozenset(w for phrase in units["percent"] for w in phrase.split()),
        qualifiers=tuple(sorted(by_length.items(), reverse=True)),
    )


@dataclass(frozen=True)
class NumberSpan:
    """A number found in a Doc: tokens [start, end), its value, and what stands around it."""

    start: int
    end: int
    value: float | int
    value_high: float | int | None = None
    qualifier: Qualifier | None = None
    #: First token of the phrase including its qualifier or "between" (== start without one).
    outer_start: int = 0
    #: A range written with a dash ("10-20", "3-1"): scores and identifiers look like this.
    dashed: bool = False
    #: Written in words only ("nine", "two dozen").
    spelled: bool = False


def _tidy(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 6)


def _glued_scale(word: str, rules: NumberRules) -> int | None:
    """A glued scale word, with the full stop that may end its sentence: "15.8m." -> "m"."""
    return rules.glued_scales.get(word) or rules.glued_scales.get(word.rstrip("."))


def _parse_digits(words: list[str], rules: NumberRules) -> float | int | None:
    """ ["1.2", "million"], ["3bn"], ["15.8", "m"]: digits, then only scale words."""
    first = words[0].replace(",", "")
    glued = _GLUED.match(first)
    if glued:
        scale = _glued_scale(glued.group(2), rules)
        if scale is None:
            return None
        value = float(glued.group(1)) * scale
    elif _DIGITS.match(words[0]):
        value = float(first)
    else:
        return None
    for word in words[1:]:
        scale = rules.scales.get(word) or _glued_scale(word, rules)
        if scale is None:
            return None
        value *= scale
    return _tidy(value)


def _parse_words(words: list[str], rules: NumberRules) -> float | int | None:
    """ ["twenty", "three"], ["a", "hundred"], ["two", "dozen"]: text2num, or a number times a
    trailing scale text2num does not know ("two dozen" = 2 x 12)."""
    if words[0] in rules.articles:
        if len(words) == 1:
            return None
        words = ["one", *words[1:]]
    try:
        return _tidy(text2num(" ".join(words), "en"))
    except ValueError:
        pass
    scale = rules.scales.get(words[-1])
    if scale is None or len(words) == 1:
        return None
    base = _parse_words(words[:-1], rules)
    return None if base is None else _tidy(base * scale)


def parse_number(words: list[str], rules: NumberRules) -> float | int | None:
    """The value of a number written as tokens; None when they are not one well-formed number."""
    words = [w.lower() for w in _join_spaced_thousands(words) if w not in DASHES]
    if not words:
        return None
    if words[0][0].isdigit():
        return _parse_digits(words, rules)
    return _parse_words(words, rules)


def end_char(tok: Token, rules: NumberRules) -> int:
    """The character offset after `tok`, leaving out a full stop the tokenizer glued to a scale
    word: in "It cost $500m." the sentence's stop is no part of the amount."""
    end = tok.idx + len(tok.text)
    if tok.text.endswith(".") and len(tok.text) > 1 and _glued_scale(tok.lower_[:-1], rules):
        return end - 1
    return end


class Tokens:
    """Plain lists of the token attributes the scanner reads: far cheaper than Token objects."""

    def __init__(self, doc: Doc) -> None:
        self.text = [t.text for t in doc]
        self.lower = [t.lower() for t in self.text]
        self.space = doc.to_array("SPACY").astype(bool).tolist() if len(doc) else []
        self.currency = [t.tag_ == "$" for t in doc]
        self.n = len(self.text)


def starts_number(text: str, rules: NumberRules) -> bool:
    """Whether a token can open a number: digits (a glued scale allowed) or a number word."""
    if not text[:1].isdigit():
        return text.lower() in rules.words
    if _DIGITS.match(text):
        return True
    glued = _GLUED.match(text)
    return glued is not None and _glued_scale(glued.group(2).lower(), rules) is not None


_THOUSANDS_GROUP = re.compile(r"^\d{3}$")
_LEADING_GROUP = re.compile(r"^\d{1,3}$")


def _join_spaced_thousands(words: list[str]) -> list[str]:
    """ ["170", ",", "000"] -> ["170,000"]: the parts of a number the tokenizer split at a comma."""
    if "," not in words:
        return words
    joined: list[str] = []
    for word in words:
        if joined and (word == "," or joined[-1].endswith(",")):
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def spaced_thousands(toks: Tokens, i: int) -> bool:
    """Whether the comma at token i separates thousands written with a space after it, as wire
    text with token spacing does ("170, 000 people"): one to three digits, the comma glued to
    them, then exactly three digits."""
    return (
        toks.text[i] == ","
        and 0 < i < toks.n - 1
        and not toks.space[i - 1]
        and _LEADING_GROUP.match(toks.text[i - 1]) is not None
        and _THOUSANDS_GROUP.match(toks.text[i + 1]) is not None
    )


def continues_number(toks: Tokens, i: int, start: int, rules: NumberRules) -> bool:
    """Whether token i continues the number that starts at token `start`."""
    low, prev = toks.lower[i], i - 1
    if spaced_thousands(toks, i) or (prev > start and spaced_thousands(toks, prev)):
        return True
    if low in rules.scales:
        return True
    if not toks.space[prev] and _DIGITS.match(toks.text[prev]) and _glued_scale(low, rules):
        return True  # "15.8 m" split by the tokenizer; "5 m" with a space is metres
    spelled = not any(c.isdigit() for t in toks.text[start:i] for c in t)
    nxt = toks.lower[i + 1] if i + 1 < toks.n else ""
    if spelled and low in rules.words:
        return True
    if low in DASHES and not toks.space[prev] and not toks.space[i]:
        return spelled and nxt in rules.words  # "twenty-three"
    return low == "and" and toks.lower[prev] in rules.and_scales and nxt in rules.words


@dataclass(frozen=True)
class Run:
    """A maximal run of number tokens with its value."""

    start: int
    end: int
    value: float | int
    spelled: bool


def number_runs(toks: Tokens, rules: NumberRules) -> list[Run]:
    """Every maximal run of tokens that reads as one number, in order."""
    runs = []
    i = 0
    while i < toks.n:
        start = i
        if toks.lower[i] in rules.articles and i + 1 < toks.n and toks.lower[i + 1] in rules.scales:
            i += 2  # "a dozen", "a hundred"
        elif starts_number(toks.text[i], rules):
            i += 1
        else:
            i += 1
            continue
        while i < toks.n and continues_number(toks, i, start, rules):
            i += 1
        while i > start and toks.lower[i - 1] in ("and", *DASHES):
            i -= 1  # a connector the next number did not take up
        words = toks.text[start:i]
        value = parse_number(words, rules)
        if value is not None:
            runs.append(Run(start, i, value, not any(c.isdigit() for t in words for c in t)))
    return runs


def qualifier_before(toks: Tokens, i: int, rules: NumberRules) -> tuple[Qualifier | None, int]:
    """(qualifier, its first token) for the phrase ending just before token i, a currency symbol
    allowed in between ("more than $300"); (None, i) without one."""
    j = i - 1 if i > 0 and toks.currency[i - 1] else i
    for length, phrases in rules.qualifiers:
        k = j - length
        if k >= 0:
            qualifier = phrases.get(tuple(toks.lower[k:j]))
            if qualifier is not None:
                return qualifier, k
    return None, i


def scale_of(doc: Doc, num: NumberSpan, rules: NumberRules) -> int:
    """The scale a number is written with: 1 for "4.8", 1000000 for "1.2 million" or "3m"."""
    return _scale_of_words([t.text for t in doc[num.start : num.end]], rules)


def _scale_of_words(words: list[str], rules: NumberRules) -> int:
    scale = 1
    for text in words:
        scale *= rules.scales.get(text.lower()) or _glued_scale(text.lower(), rules) or 1
        glued = _GLUED.match(text)
        if glued:
            scale *= _glued_scale(glued.group(2).lower(), rules) or 1
    return scale


def _scale_of(toks: Tokens, run: Run, rules: NumberRules) -> int:
    return _scale_of_words(toks.text[run.start : run.end], rules)


def _word_before(toks: Tokens, i: int) -> str:
    """The word before token i, over a currency sign ("by $4bn", "range from $10")."""
    i -= 1
    if i >= 0 and toks.currency[i]:
        i -= 1
    return toks.lower[i] if i >= 0 else ""


def _states_a_change(toks: Tokens, outer: int, rules: NumberRules) -> bool:
    """ "from 10 to 20", "by $4bn to $9bn": a change, unless a range verb precedes ("range from")."""
    if _word_before(toks, outer) not in rules.change_openers:
        return False
    i = outer - 1 if outer == 0 or not toks.currency[outer - 1] else outer - 2
    return _word_before(toks, i) not in rules.range_verbs


def _different_units(toks: Tokens, low: Run, high: Run, rules: NumberRules) -> bool:
    """A percentage on one end and a currency sign on the other: "rose 2% to $11.1bn" is no range."""
    percent_after_low = low.end < toks.n and toks.lower[low.end] in rules.range_units
    currency_before_high = toks.currency[high.start - 1]
    currency_before_low = low.start > 0 and toks.currency[low.start - 1]
    percent_after_high = high.end < toks.n and toks.lower[high.end] in rules.range_units
    return (percent_after_low and currency_before_high) or (currency_before_low and percent_after_high)


def _same_sign(toks: Tokens, low: Run, high: Run) -> bool:
    """A currency sign before both ends ("from $370,000 to $5.5 million")."""
    return low.start > 0 and toks.currency[low.start - 1] and toks.currency[high.start - 1] and (
        toks.lower[low.start - 1] == toks.lower[high.start - 1]
    )


def _connector_allows(toks: Tokens, conn: str, low: Run, high: Run, outer: int, rules: NumberRules) -> bool:
    if conn in DASHES:
        return not toks.space[low.end - 1] and not toks.space[high.start - 1]
    if conn == "and":
        return _word_before(toks, outer) == rules.range_opener
    return conn != "to" or not _states_a_change(toks, outer, rules)


@dataclass(frozen=True)
class Range:
    """Two runs read as one range: the low value (scaled like the high one where it shares its
    scale) and whether a dash joined them."""

    low: float | int
    dashed: bool
    connector: str


def join_range(toks: Tokens, low: Run, high: Run, outer: int, rules: NumberRules) -> Range | None:
    """The range "low <conn> high" when the words between allow one, else None.

    "and" makes a range only after "between"; "to" not after "from" (that is a change); a dash
    only when glued on both sides ("10-20", not the spaced dash of a list); a unit repeated on
    both ends does not break it ("$10 to $20", "40 percent to 70 percent"), but a percentage and
    money do ("rose 2% to $11.1bn"). A bare low end shares the high end's scale ("between 1 and 2
    million"), but "in 2018 to 3.9 million" is no range: the low end scaled must not exceed the
    high one, unless the same currency sign stands before both ("from $370,000 to $5.5 million").
    """
    if high.start - low.end > _RANGE_GAP or _different_units(toks, low, high, rules):
        return None
    between = [
        toks.lower[i]
        for i in range(low.end, high.start)
        if not toks.currency[i] and toks.lower[i] not in rules.range_units
    ]
    if len(between) != 1 or not (between[0] in rules.connectors or between[0] in DASHES):
        return None
    conn = between[0]
    if not _connector_allows(toks, conn, low, high, outer, rules):
        return None
    value = low.value
    low_scale, high_scale = _scale_of(toks, low, rules), _scale_of(toks, high, rules)
    if low_scale == 1 and high_scale > 1 and low.value * high_scale <= high.value:
        value = _tidy(low.value * high_scale)
    elif low_scale == 1 and high_scale > 1 and not (_same_sign(toks, low, high) and low.value <= high.value):
        return None
    return Range(value, conn in DASHES, conn)


def find_numbers(doc: Doc, rules: NumberRules) -> list[NumberSpan]:
    """Every number in the Doc, ranges merged, each with its normalised qualifier."""
    toks = Tokens(doc)
    runs = number_runs(toks, rules)
    spans: list[NumberSpan] = []
    k = 0
    while k < len(runs):
        run = runs[k]
        qualifier, outer = qualifier_before(toks, run.start, rules)
        joined = join_range(toks, run, runs[k + 1], outer, rules) if k + 1 < len(runs) else None
        if joined is None:
            single = NumberSpan(run.start, run.end, run.value, None, qualifier, outer, spelled=run.spelled)
            spans.append(single)
        else:
            high = runs[k + 1]
            if joined.connector == "and":
                outer -= 1  # "between" belongs to the phrase, though it is no qualifier
            spans.append(
                NumberSpan(run.start, high.end, joined.low, high.value, qualifier, outer, joined.dashed,
                           run.spelled and high.spelled)
            )
            k += 1
        k += 1
    return spans
