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

from spacy.tokens import Doc, Token
from text_to_num import text2num

from ..models import Qualifier

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_GLUED = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)([a-z]+)$", re.IGNORECASE)
#: Connectors of a range "A <conn> B"; "and" only after "between", "to" not after "from" (a change).
_RANGE_CONNECTORS = frozenset({"to", "-", "–", "—", "and", "or"})
_DASHES = frozenset({"-", "–", "—"})


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


def _is_number_start(tok: Token) -> bool:
    low = tok.lower_
    if _DIGITS.match(tok.text) or (_GLUED.match(tok.text) and _GLUED.match(tok.text).group(2).lower()
                                   in _glued_scales()):
        return True
    return low in _words()


def _extends(doc: Doc, i: int, run: list[Token]) -> bool:
    """Whether token i continues the number in `run`."""
    tok, prev = doc[i], run[-1]
    low = tok.lower_
    spelled = not any(c.isdigit() for t in run for c in t.text)
    if low in _scales():
        # "5 m" is metres, "15.8m" a million: only glued single letters are scales (handled by regex)
        return not (low == "m" and prev.whitespace_)
    if low in ("m", "m.") and not prev.whitespace_ and _DIGITS.match(prev.text):
        return True
    if spelled and low in _words():
        return True
    if low in _DASHES and not prev.whitespace_ and not tok.whitespace_ and i + 1 < len(doc):
        return spelled and doc[i + 1].lower_ in _words()
    if low == "and" and prev.lower_ in ("hundred", "thousand", "million") and i + 1 < len(doc):
        return doc[i + 1].lower_ in _words()
    return False


def _qualifier_before(doc: Doc, i: int) -> tuple[Qualifier | None, int]:
    """The qualifier ending just before token i (a currency symbol may stand between)."""
    j = i
    if j > 0 and doc[j - 1].tag_ == "$":
        j -= 1
    for words, qualifier in _qualifiers():
        k = j - len(words)
        if k >= 0 and tuple(t.lower_ for t in doc[k:j]) == words:
            return qualifier, k
    return None, i


def _runs(doc: Doc) -> list[tuple[int, int, float | int, bool]]:
    """Maximal number token runs: (start, end, value, spelled)."""
    runs = []
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        start = i
        if tok.lower_ in ("a", "an") and i + 1 < n and doc[i + 1].lower_ in _scales():
            run = [tok, doc[i + 1]]  # "a dozen", "a hundred"
            i += 2
        elif _is_number_start(tok):
            run = [tok]
            i += 1
        else:
            i += 1
            continue
        while i < n and _extends(doc, i, run):
            run.append(doc[i])
            i += 1
        while run and run[-1].lower_ in ("and", *_DASHES):
            run.pop()
            i -= 1
        value = parse_number([t.text for t in run])
        if value is not None:
            spelled = not any(c.isdigit() for t in run for c in t.text)
            runs.append((start, start + len(run), value, spelled))
    return runs


def _scale_of(doc: Doc, start: int, end: int) -> int:
    scale = 1
    for tok in doc[start:end]:
        scale *= _scales().get(tok.lower_, 1)
        glued = _GLUED.match(tok.text)
        if glued:
            scale *= _glued_scales().get(glued.group(2).lower(), 1)
    return scale


def find_numbers(doc: Doc) -> list[NumberSpan]:
    """Every number in the Doc, ranges merged, each with its normalised qualifier."""
    runs = _runs(doc)
    spans: list[NumberSpan] = []
    k = 0
    while k < len(runs):
        start, end, value, spelled = runs[k]
        qualifier, outer = _qualifier_before(doc, start)
        high = None
        dashed = False
        if k + 1 < len(runs):
            nstart, nend, nvalue, nspelled = runs[k + 1]
            between = [t.lower_ for t in doc[end:nstart] if t.tag_ != "$" and t.text != "%"]
            if len(between) == 1 and between[0] in _RANGE_CONNECTORS:
                conn = between[0]
                prev = doc[outer - 1].lower_ if outer > 0 else ""
                ok = {
                    "and": prev == "between",
                    "to": prev != "from",
                    "or": True,
                }.get(conn, True)
                if conn in _DASHES:
                    dashed = True
                    ok = not doc[end - 1].whitespace_ and not doc[nstart - 1].whitespace_
                if ok:
                    low_scale, high_scale = _scale_of(doc, start, end), _scale_of(doc, nstart, nend)
                    if low_scale == 1 and high_scale > 1 and value * high_scale <= nvalue:
                        value = _tidy(value * high_scale)  # "between 1 and 2 million"
                    high, end, spelled = nvalue, nend, spelled and nspelled
                    if conn == "and":
                        outer -= 1  # "between" belongs to the phrase, though it is no qualifier
                    k += 1
        spans.append(NumberSpan(start, end, value, high, qualifier, outer, dashed, spelled))
        k += 1
    return spans
