"""What a claim kind tells check, diff and compare: the `KindMatching` a registry entry carries.

One definition per kind, used by every command that compares claims:

- `check` validates an expectations file with the kind's `expectation` model, builds one
  `matcher(expectation, options)` per entry (a predicate on claims that also names the nearest
  claim when it fails), and `--write` turns claims into entries with `snapshot`;
- `diff` pairs the claims of two texts with the kind's `pairing`, `compare` those of two sources
  with its `comparing`: ordered tuples of passes, surest first, each pairing what the earlier ones
  left, run by the one `pair_claims` below.

No spaCy and no registry import here (the registry imports the built-in matchings).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, StrictFloat, StrictInt

from ..text import format_number

Number = StrictInt | StrictFloat
@dataclass(frozen=True)
class SourceText:
    """A claim's source as compare sees it: its text when known, and its own date."""

    text: str | None = None
    published: Any = None

    def sentence_of(self, claim: Any) -> str:
        """The sentence (or line) around a claim, cut at sentence ends; '' without the text."""
        if self.text is None:
            return ""
        start = max(self.text.rfind(sep, 0, claim.start) for sep in (". ", "! ", "? ", "\n")) + 1
        ends = [i for i in (self.text.find(sep, claim.end) for sep in (". ", "! ", "? ", "\n")) if i >= 0]
        return self.text[start:min(ends, default=len(self.text))]


#: A diff verdict on a pair of claims: (change, message), or None when nothing changed.
Verdict = tuple[str, str] | None


@dataclass(frozen=True)
class Judgement:
    """What `compare` says about two sources' claims it paired: they cannot both be right
    ("disagreement"), or one may misquote the other ("possible_misquote")."""

    finding: str
    message: str
    word_diff: str | None = None


class Closed(BaseModel):
    """An expectation entry: closed, so a misspelt key is an error, not an ignored expectation."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


def not_blank(value: str | None) -> str | None:
    """A pydantic field validator: an optional string, but never an empty one."""
    if value is not None and not value.strip():
        raise ValueError("must not be empty")
    return value


class FileOptions(Protocol):
    """The file-wide `[options]` a matcher may read (its defaults for tolerances)."""

    tolerance: float
    tolerance_abs: float


class ExpectationMatcher(Protocol):
    """One expectation, ready to test claims: built per entry, with the file's options resolved."""

    def __call__(self, claim: Any) -> bool:
        """True when `claim` fulfils the expectation."""

    def nearest(self, claims: Sequence[Any]) -> tuple[Any | None, str]:
        """Why the expectation failed: the closest of `claims` (or None) and a one-line message."""


@dataclass(frozen=True)
class PairingPass:
    """One pass of pairing two texts' claims of a kind.

    `accepts(a, b)` says whether two claims may pair in this pass. Among several candidates the
    one in the nearest sentence wins (text order decides between look-alikes), unless `score` is
    given: then the best-scoring pairs are taken first. `verdict(old, new)` is what `diff` reports
    about a pair (None when nothing changed), `judge(a, b)` what `compare` reports about two
    sources' claims (None when they agree).
    """

    name: str
    accepts: Callable[[Any, Any], bool]
    verdict: Callable[[Any, Any], Verdict] = lambda old, new: None
    score: Callable[[Any, Any], float] | None = None
    judge: Callable[[Any, Any], Judgement | None] = lambda a, b: None
    """What `compare` reports about a pair this pass found (None: the sources agree)."""


@dataclass(frozen=True)
class Pair:
    """Two claims paired by a pass."""

    old: Any
    new: Any
    by: PairingPass


@dataclass(frozen=True)
class KindMatching:
    """How check, diff and compare treat one kind of claim."""

    expectation: type[BaseModel]
    """The model of one entry of the kind's list in an expectations file (closed)."""
    expects: str
    """The description of that list in the file's schema ("Counts that must be found.")."""
    matcher: Callable[[Any, FileOptions], ExpectationMatcher]
    """(entry, file options) -> an ExpectationMatcher."""
    describe_expectation: Callable[[Any], str]
    """One line for an entry, as check tables show it."""
    describe_claim: Callable[[Any], str]
    """One line for a claim, as check, diff and compare show it."""
    snapshot: Callable[[Any], dict[str, Any] | None]
    """The entry `check --write` keeps for a claim (None: nothing worth keeping)."""
    pairing: tuple[PairingPass, ...]
    """How diff pairs two versions' claims, surest pass first."""
    one_to_one: bool = True
    """False when several entries may be met by one claim (snippets of one long quote)."""
    comparing: tuple[PairingPass, ...] = ()
    """How compare pairs two sources' claims, with each pass's judgement; () leaves the kind out.
    Built from the same predicates as `pairing`, but reports of one event by different hands
    differ in more than wording (qualifiers, trimmed quotes), so the passes are not the same."""
    presence: bool = False
    """True when compare lists, as information, claims some sources have and others lack."""
    in_compare: Callable[[Any, SourceText], bool] | None = None
    """Which claims compare takes, given its source (None: all). Counts leave out background
    (an earlier disaster recalled) and parts of a toll ("four other people")."""
    shortlist: Callable[[Sequence[Any]], Callable[[Any], Iterable[int]]] | None = None
    """(the claims of the kind) -> (matcher -> indices of the claims it may accept, in text order):
    an index built once per check, so that each of thousands of entries is not tried on every
    claim. It may name too many claims, never too few. None: every claim is tried."""
    nearest_index: Callable[[Sequence[Any]], Callable[[Any], tuple[Any | None, str]]] | None = None
    """(claims) -> (matcher -> exactly what `matcher.nearest(claims)` answers): an index built once
    over the claims, so that thousands of failing entries are not each compared with every claim.
    None: each failing entry's `nearest` is called on the whole list."""


def pair_claims(old: Sequence[Any], new: Sequence[Any],
                passes: Sequence[PairingPass]) -> tuple[list[Pair], list[Any], list[Any]]:
    """Pair the claims of two texts, one-to-one, pass after pass.

    Returns the pairs (in the order found) and the claims of each side left unpaired.
    """
    was, now = list(old), list(new)
    pairs: list[Pair] = []
    for step in passes:
        found = _best_first(was, now, step) if step.score else _nearest_first(was, now, step)
        for o, n in found:
            pairs.append(Pair(o, n, step))
    return pairs, was, now


def _nearest_first(was: list[Any], now: list[Any], step: PairingPass) -> list[tuple[Any, Any]]:
    found = []
    for o in list(was):
        fits = [n for n in now if step.accepts(o, n)]
        if not fits:
            continue
        n = min(fits, key=lambda c: (abs(c.sentence - o.sentence), c.start))
        found.append((o, n))
        was.remove(o)
        now.remove(n)
    return found


def _best_first(was: list[Any], now: list[Any], step: PairingPass) -> list[tuple[Any, Any]]:
    assert step.score is not None
    scored = [(step.score(o, n), i, j) for i, o in enumerate(was) for j, n in enumerate(now)
              if step.accepts(o, n)]
    scored.sort(key=lambda t: -t[0])
    used_old: set[int] = set()
    used_new: set[int] = set()
    found = []
    for _, i, j in scored:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        found.append((was[i], now[j]))
    for i in sorted(used_old, reverse=True):
        del was[i]
    for j in sorted(used_new, reverse=True):
        del now[j]
    return found


# -- shared by the numeric kinds ---------------------------------------------------------------
def value_within(found: float | int, expected: float | int, rel: float, abs_: float) -> bool:
    """True when `found` is within the relative or the absolute tolerance of `expected`."""
    return abs(found - expected) <= max(abs_, rel * abs(expected)) + 1e-9


def value_text(claim: Any) -> str:
    """A count's or amount's value as the text puts it: 'more than 300', '10–20'."""
    text = format_number(claim.value)
    if claim.value_high is not None:
        text += f"–{format_number(claim.value_high)}"
    return f"{claim.qualifier} {text}" if claim.qualifier else text


def with_unit(text: str, unit: str | None) -> str:
    """'12.5 %', '1,200,000 USD', or the bare number when the unit is not given."""
    if not unit:
        return text
    return f"{text} %" if unit.lower() == "percent" else f"{text} {unit}"


class ValueIndex:
    """Claims by value: those a matcher with a `tolerance` and an `exp.value` can accept lie
    within its tolerance of the value, found by bisection in the sorted values."""

    def __init__(self, pairs: Iterable[tuple[float | int, int]]) -> None:
        self.pairs = sorted(pairs)  # (value, claim index)
        self.values = [v for v, _ in self.pairs]

    def near(self, matcher: Any) -> list[int]:
        expected, tolerance = matcher.exp.value, matcher.tolerance
        # value_within's bound, and a hair for rounding
        slack = max(tolerance.abs, tolerance.rel * abs(expected)) * (1 + 1e-9) + 2e-9
        lo, hi = bisect_left(self.values, expected - slack), bisect_right(self.values, expected + slack)
        return sorted(j for _, j in self.pairs[lo:hi])

    def first_near(self, matcher: Any, accept: Callable[[int], bool]) -> int | None:
        """The first claim in text order that `accept`s among those `near` the matcher's value."""
        return next((j for j in self.near(matcher) if accept(j)), None)

    def closest(self, expected: float | int, accept: Callable[[int], bool]) -> int | None:
        """The claim `min(..., key=abs(value - expected))` would pick among those it `accept`s:
        the nearest value, ties to the first in text order. Searched outwards from `expected`,
        one distance at a time, so only claims as near as the answer are looked at."""
        below = bisect_left(self.values, expected) - 1  # next candidates down, and up
        above = below + 1
        while below >= 0 or above < len(self.values):
            distance = min(abs(self.values[k] - expected) for k in (below, above)
                           if 0 <= k < len(self.values))
            tied: list[int] = []
            while below >= 0 and abs(self.values[below] - expected) == distance:
                tied.append(self.pairs[below][1])
                below -= 1
            while above < len(self.values) and abs(self.values[above] - expected) == distance:
                tied.append(self.pairs[above][1])
                above += 1
            chosen = min((j for j in tied if accept(j)), default=None)
            if chosen is not None:
                return chosen
        return None


def value_shortlist(claims: Sequence[Any]) -> Callable[[Any], list[int]]:
    """A KindMatching.shortlist for claims with a value (amounts)."""
    return ValueIndex((c.value, j) for j, c in enumerate(claims)).near


class Tolerance:
    """An entry's tolerances, its own or else the file's."""

    def __init__(self, exp: Any, options: FileOptions) -> None:
        self.rel = exp.tolerance if exp.tolerance is not None else options.tolerance
        self.abs = exp.tolerance_abs if exp.tolerance_abs is not None else options.tolerance_abs

    def accepts(self, found: float | int, expected: float | int) -> bool:
        return value_within(found, expected, self.rel, self.abs)


def plain_number(value: float | int) -> float | int:
    """2.0 -> 2, so a snapshot reads as the text wrote it."""
    return int(value) if isinstance(value, float) and value.is_integer() else value
