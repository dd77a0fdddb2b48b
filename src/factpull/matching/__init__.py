"""Comparing names, words and speakers: the one definition shared by check, diff and compare.

Pure string functions, no spaCy and no claim models: "Homan" matches "Tom Homan", "ICE" matches
"ICE officials", "immigrant" matches "immigrants", curly and straight quotes compare alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
})
_WORD = re.compile(r"\w+(?:'\w+)*")
_ARTICLES = {"the", "a", "an"}
#: Lower-case words inside names ("Ludwig van Beethoven", "Umm al-Qura").
_NAME_PARTICLES = frozenset({"de", "da", "di", "del", "der", "van", "von", "bin", "ibn", "al", "el", "la",
                             "le"})


def words(text: str | None) -> list[str]:
    """Lower-cased words, curly and straight apostrophes alike, punctuation dropped."""
    return _WORD.findall((text or "").translate(_QUOTES).lower())


def norm_name(text: str | None, drop_first: Iterable[str] = ()) -> str:
    """A name to compare: lower case, no punctuation or dots, no leading 'the' (or other words)."""
    ws = words((text or "").replace(".", ""))
    drop = {"the", *drop_first}
    while ws and ws[0] in drop:
        ws = ws[1:]
    return " ".join(ws)


def stem(word: str) -> str:
    """A crude singular, enough to match 'immigrant' with 'immigrants' and 'city' with 'cities'."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def counted_words(text: str | None) -> set[str]:
    """The stems of the words of a counted phrase, without articles."""
    return {stem(w) for w in words(text) if w not in _ARTICLES}


def contains_words(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    """True when `needle` occurs in `haystack` as a contiguous run of words."""
    if not needle:
        return True
    n = len(needle)
    first = needle[0]
    return any(haystack[i] == first and list(haystack[i:i + n]) == list(needle)
               for i in range(len(haystack) - n + 1))


def _middle_initials(name: list[str]) -> list[str]:
    return [w for w in name[1:-1] if len(w) == 1]


def _same_but_initials(a: list[str], b: list[str]) -> bool:
    """'Raymond W. Kelly' and 'Raymond Kelly': one name, written with and without an initial
    (two different initials are two people)."""
    def bare(name: list[str]) -> list[str]:
        return [w for i, w in enumerate(name) if not (0 < i < len(name) - 1 and len(w) == 1)]

    ia, ib = _middle_initials(a), _middle_initials(b)
    return bare(a) == bare(b) and (not ia or not ib or ia == ib)


def speaker_matches(expected: str | None, found: str | None) -> bool:
    """Full name, surname, a name with a title, or a group with role words ('ICE officials')."""
    if not expected or not found:
        return False
    e, f = norm_name(expected).split(), norm_name(found).split()
    if not e or not f:
        return False
    if e == f or _same_but_initials(e, f):
        return True
    (short, short_raw), (long, long_raw) = sorted(((e, expected), (f, found)), key=lambda p: len(p[0]))
    if long[-len(short):] == short:  # surname, or the name after a title
        return True
    if long[:len(short)] == short:  # 'ICE' + role words written in lower case: 'ICE officials'
        rest = long_raw.translate(_QUOTES).split()[len(short_raw.split()):]
        return bool(rest) and all(w[:1].islower() for w in rest)
    return False




def is_proper_name(text: str | None) -> bool:
    """A name of two or more capitalised words ("Tom Homan", "France Telecom"), not a description
    ("the judge", "police", "ICE officials", "a Defence Ministry statement"): only names can be told
    apart with confidence, a description may be anyone."""
    ws = (text or "").translate(_QUOTES).split()
    if len(ws) < 2 or ws[0].lower() in _ARTICLES:
        return False
    return all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in ws)
