"""Numbers in text: surface -> value, with the qualifier before it and ranges merged.

Shared by counts and amounts. Digits (with thousands separators and decimals), scale words
("1.2 million", "3bn") and spelled-out numbers ("twenty-three", "two dozen") are read here;
what the number counts or measures is the callers' business. Spelled-out numbers go through
text2num, which rejects anything that is not a well-formed number instead of guessing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc
from text_to_num import text2num

from ..models import Qualifier

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_GLUED = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)([a-z]+)$", re.IGNORECASE)
#: Connectors of a range "A <conn> B"; "and" only after "between", "to" not after "from" (a change).
_RANGE_CONNECTORS = frozenset({"to", "-", "–", "—", "and", "or"})
_DASHES = frozenset({"-", "–", "—"})
_RANGE_UNITS = frozenset({"%", "percent", "per", "cent", "pc"})


@cache
def lexicon(name: str) -> dict[str, Any]:
    """A JSON data file of `factpull/lexicon`, loaded once."""
    text = resources.files("factpull").joinpath("lexicon", name).read_text(encoding="utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


@cache
def _words() -> frozenset[str]:
    return frozenset(lexicon("numbers.json")["words"])


@cache
def _scales() -> dict[str, int]:
    return lexicon("numbers.json")["scales"]


@cache
def _glued_scales() -> dict[str, int]:
    return lexicon("numbers.json")["glued_scales"]


@cache
def _qualifiers() -> tuple[tuple[tuple[str, ...], Qualifier], ...]:
    """(words, qualifier) pairs, longest phrase first."""
    pairs = [(tuple(k.split()), v) for k, v in lexicon("qualifiers.json").items()]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


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


def parse_number(words: list[str]) -> float | int | None:
    """The value of a number written as tokens: ["1.2", "million"], ["twenty", "-", "three"], ["3bn"].

    None when the words are not one well-formed number.
    """
    words = [w.lower().rstrip(".") if w.lower() == "m." else w.lower() for w in words if w not in _DASHES]
    if not words:
        return None
    scales = _scales()
    first = words[0].replace(",", "")
    glued = _GLUED.match(first)
    if _DIGITS.match(words[0]) or glued:
        if glued:
            scale = _glued_scales().get(glued.group(2).lower())
            if scale is None:
                return None
            value = float(glued.group(1).replace(",", "")) * scale
        else:
            value = float(first)
        for word in words[1:]:
            scale = scales.get(word) or _glued_scales().get(word)
            if scale is None:
                return None
            value *= scale
        return _tidy(value)
    multiplier = 1
    if words[-1] == "dozen":
        multiplier, words = 12, words[:-1]
    if not words or words == ["a"]:
        return multiplier if multiplier > 1 or words else None
    if words[0] == "a":
        words = ["one", *words[1:]]
    try:
        value = text2num(" ".join(words), "en")
    except (ValueError, TypeError):
        return None
    return _tidy(value * multiplier)


def _is_number_start(text: str, low: str) -> bool:
    if not text[0].isdigit():
        return low in _words()
    if _DIGITS.match(text):
        return True
    glued = _GLUED.match(text)
    return glued is not None and glued.group(2).lower() in _glued_scales()


class _Tokens:
    """Plain lists of the token attributes the scanner reads: far cheaper than Token objects."""

    def __init__(self, doc: Doc) -> None:
        self.text = [t.text for t in doc]
        self.lower = [t.lower() for t in self.text]
        self.space = doc.to_array("SPACY").astype(bool).tolist() if len(doc) else []
        self.n = len(self.text)


def _extends(toks: _Tokens, i: int, start: int) -> bool:
    """Whether token i continues the number that starts at `start`."""
    low, prev = toks.lower[i], i - 1
    spelled = not any(c.isdigit() for t in toks.text[start:i] for c in t)
    if low in _scales():
        # "5 m" is metres, "15.8m" a million: a bare "m" is a scale only when glued to digits
        return True
    if low in ("m", "m.") and not toks.space[prev] and _DIGITS.match(toks.text[prev]):
        return True
    if spelled and low in _words():
        return True
    nxt = toks.lower[i + 1] if i + 1 < toks.n else ""
    if low in _DASHES and not toks.space[prev] and not toks.space[i]:
        return spelled and nxt in _words()
    if low == "and" and toks.lower[prev] in ("hundred", "thousand", "million"):
        return nxt in _words()
    return False


@cache
def _qualifiers_by_length() -> dict[int, dict[tuple[str, ...], Qualifier]]:
    by_len: dict[int, dict[tuple[str, ...], Qualifier]] = {}
    for words, qualifier in _qualifiers():
        by_len.setdefault(len(words), {})[words] = qualifier
    return by_len


def _qualifier_before(doc: Doc, toks: _Tokens, i: int) -> tuple[Qualifier | None, int]:
    """The qualifier ending just before token i (a currency symbol may stand between)."""
    j = i
    if j > 0 and doc[j - 1].tag_ == "$":
        j -= 1
    for length in sorted(_qualifiers_by_length(), reverse=True):
        k = j - length
        if k >= 0:
            qualifier = _qualifiers_by_length()[length].get(tuple(toks.lower[k:j]))
            if qualifier is not None:
                return qualifier, k
    return None, i


def _runs(toks: _Tokens) -> list[tuple[int, int, float | int, bool]]:
    """Maximal number token runs: (start, end, value, spelled)."""
    runs = []
    i, n = 0, toks.n
    while i < n:
        start = i
        if toks.lower[i] in ("a", "an") and i + 1 < n and toks.lower[i + 1] in _scales():
            i += 2  # "a dozen", "a hundred"
        elif toks.text[i] and _is_number_start(toks.text[i], toks.lower[i]):
            i += 1
        else:
            i += 1
            continue
        while i < n and _extends(toks, i, start):
            i += 1
        while i > start and toks.lower[i - 1] in ("and", *_DASHES):
            i -= 1
        words = toks.text[start:i]
        value = parse_number(words)
        if value is not None:
            spelled = not any(c.isdigit() for t in words for c in t)
            runs.append((start, i, value, spelled))
    return runs


def _scale_of(doc: Doc, start: int, end: int) -> int:
    scale = 1
    for tok in doc[start:end]:
        scale *= _scales().get(tok.lower_, 1)
        glued = _GLUED.match(tok.text)
        if glued:
            scale *= _glued_scales().get(glued.group(2).lower(), 1)
    return scale


#: The last Doc scanned and its numbers: counts and amounts read the same Doc one after the other.
_LAST: list = [None, []]


def find_numbers(doc: Doc) -> list[NumberSpan]:
    """Every number in the Doc, ranges merged, each with its normalised qualifier."""
    if _LAST[0] is doc:
        return _LAST[1]
    spans = _find_numbers(doc)
    _LAST[0], _LAST[1] = doc, spans
    return spans


def _find_numbers(doc: Doc) -> list[NumberSpan]:
    toks = _Tokens(doc)
    runs = _runs(toks)
    spans: list[NumberSpan] = []
    k = 0
    while k < len(runs):
        start, end, value, spelled = runs[k]
        qualifier, outer = _qualifier_before(doc, toks, start)
        high = None
        dashed = False
        if k + 1 < len(runs) and runs[k + 1][0] - end <= 3:
            nstart, nend, nvalue, nspelled = runs[k + 1]
            # a unit repeated on both ends does not break a range: "$10 to $20", "40 percent to 70 percent"
            between = [t.lower_ for t in doc[end:nstart] if t.tag_ != "$" and t.lower_ not in _RANGE_UNITS]
            if len(between) == 1 and between[0] in _RANGE_CONNECTORS:
                conn = between[0]
                prev = toks.lower[outer - 1] if outer > 0 else ""
                ok = {
                    "and": prev == "between",
                    "to": prev != "from",
                    "or": True,
                }.get(conn, True)
                if conn in _DASHES:
                    dashed = True
                    ok = not toks.space[end - 1] and not toks.space[nstart - 1]
                low_scale, high_scale = _scale_of(doc, start, end), _scale_of(doc, nstart, nend)
                if low_scale == 1 and high_scale > 1:
                    # "between 1 and 2 million" shares the scale; "in 2018 to 3.9 million" is no range
                    ok = ok and value * high_scale <= nvalue
                if ok:
                    if low_scale == 1 and high_scale > 1:
                        value = _tidy(value * high_scale)
                    high, end, spelled = nvalue, nend, spelled and nspelled
                    if conn == "and":
                        outer -= 1  # "between" belongs to the phrase, though it is no qualifier
                    k += 1
        spans.append(NumberSpan(start, end, value, high, qualifier, outer, dashed, spelled))
        k += 1
    return spans
