"""Counts in check, diff and compare: an expectation holds a value, the words counted and context.

A count is the same fact in two texts when the thing counted (its head noun) and the context
(event, place) agree, near-synonyms folded (`lexicon/count_synonyms.json`: persons are people,
killed is died); its value is then what may have changed (diff) or what may disagree (compare).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import Field, field_validator

from .. import lexicon
from ..models import CountClaim
from ..text import format_number
from . import counted_words, norm_name, stem, words
from .base import (
    Closed,
    FileOptions,
    Judgement,
    KindMatching,
    Number,
    PairingPass,
    SourceText,
    Tolerance,
    ValueIndex,
    Verdict,
    not_blank,
    plain_number,
    value_text,
)

#: Share of the counted words (Jaccard) two counts with one head noun need to be the same thing.
SIMILAR_COUNTED = 0.5
NO_COUNT = "not found: no count with this value or this noun"


class CountExpectation(Closed):
    """A count that must be found: its value, and optionally what is counted, where, and the event."""

    value: Number = Field(description="The number expected (compared within the tolerance).")
    counted: str | None = Field(
        default=None, description="Words that must all appear in the counted phrase (plural-tolerant)."
    )
    place: str | None = Field(default=None, description="The place the count must be attached to.")
    event: str | None = Field(default=None, description="Lemma of the verb of the count ('arrest').")
    tolerance: Number | None = Field(
        default=None, ge=0, description="Relative tolerance for this count, overriding [options]."
    )
    tolerance_abs: Number | None = Field(
        default=None, ge=0, description="Absolute tolerance for this count, overriding [options]."
    )

    _blank = field_validator("counted", "place", "event")(not_blank)


def describe_count(claim: CountClaim) -> str:
    """'107 undocumented immigrants (arrest, in Philadelphia)'."""
    text = value_text(claim)
    text += " " + (" ".join((claim.counted or claim.counted_head or "").split()) or "(thing unknown)")
    extra = [x for x in (("not " if claim.negated else "") + claim.event if claim.event else None,
                         f"in {claim.place}" if claim.place else None) if x]
    return text + (f" ({', '.join(extra)})" if extra else "")


def describe_count_expectation(exp: CountExpectation) -> str:
    text = f"{format_number(exp.value)} {exp.counted or '(anything)'}"
    extra = [x for x in (exp.event, f"in {exp.place}" if exp.place else None) if x]
    return text + (f" ({', '.join(extra)})" if extra else "")


def _wanted_context(exp: CountExpectation) -> list[str]:
    return [x for x in (f"in {exp.place}" if exp.place else None,
                        f"with event {exp.event}" if exp.event else None) if x]


class CountMatcher:
    """One count expectation: value within tolerance, every counted word, and the context."""

    def __init__(self, exp: CountExpectation, options: FileOptions) -> None:
        self.exp = exp
        self.tolerance = Tolerance(exp, options)
        self.nouns = counted_words(exp.counted)

    def value_ok(self, claim: CountClaim) -> bool:
        return self.tolerance.accepts(claim.value, self.exp.value)

    def noun_ok(self, claim: CountClaim) -> bool:
        return self.nouns <= counted_words(f"{claim.counted or ''} {claim.counted_head or ''}")

    def context_ok(self, claim: CountClaim) -> bool:
        place_ok = self.exp.place is None or norm_name(self.exp.place) == norm_name(claim.place)
        event_ok = self.exp.event is None or stem(norm_name(self.exp.event)) == stem(norm_name(claim.event))
        return place_ok and event_ok

    def __call__(self, claim: Any) -> bool:
        return self.value_ok(claim) and self.noun_ok(claim) and self.context_ok(claim)

    def nearest(self, claims: Sequence[CountClaim]) -> tuple[CountClaim | None, str]:
        """The same thing counted with another value ("count moved"), else the same value.

        The plain definition, trying every claim; `check` asks CountIndex.nearest, which gives
        the same answer from an index.
        """
        exp = self.exp
        same_both = [c for c in claims if self.value_ok(c) and self.noun_ok(c)]
        if same_both:
            return self.explain_same_both(same_both[0])
        same_noun = [c for c in claims if self.noun_ok(c) and exp.counted]
        if same_noun:
            c = min(same_noun, key=lambda c: (not self.context_ok(c), abs(c.value - exp.value)))
            return self.explain_moved(c)
        same_value = [c for c in claims if self.value_ok(c)]
        if same_value:
            return self.explain_same_value(same_value[0])
        return None, NO_COUNT

    def explain_same_both(self, c: CountClaim) -> tuple[CountClaim, str]:
        """A count with the value and the words: the context differs, or another entry took it."""
        if self.context_ok(c):  # only when every such count went to another expectation
            return c, f"found {describe_count(c)}, but another expectation took it (expected twice?)"
        return c, f"found {describe_count(c)}, but not {', '.join(_wanted_context(self.exp))}"

    def explain_moved(self, c: CountClaim) -> tuple[CountClaim, str]:
        wanted = describe_count_expectation(self.exp)
        return c, f"count moved: expected {wanted}, found {describe_count(c)}"

    def explain_same_value(self, c: CountClaim) -> tuple[CountClaim, str]:
        wanted = describe_count_expectation(self.exp)
        return c, f"same number, other thing counted: expected {wanted}, found {describe_count(c)}"


def _claim_words(claim: CountClaim) -> set[str]:
    return counted_words(f"{claim.counted or ''} {claim.counted_head or ''}")


def _context_key(place: str | None, event: str | None) -> tuple[str, ...]:
    """What `CountMatcher.context_ok` compares, as a key: () when the entry names no context."""
    key: tuple[str, ...] = ()
    if place is not None:
        key += ("place", norm_name(place))
    if event is not None:
        key += ("event", stem(norm_name(event)))
    return key


class CountIndex:
    """Counts by counted word, then context (place, event), then value, built once per list.

    A long article's snapshot holds many "2 people" in many places: without the context in the
    key, each entry tried every "2 people" of the article, a cost growing with the square of the
    article's length. `None` stands for "no counted word" (an entry that counts anything).
    """

    def __init__(self, claims: Sequence[CountClaim]) -> None:
        self.claims = claims
        self.words = [_claim_words(c) for c in claims]
        pairs: dict[tuple, list[tuple[float | int, int]]] = {}
        for j, claim in enumerate(claims):
            place, event = ("place", norm_name(claim.place)), ("event", stem(norm_name(claim.event)))
            contexts = [(), place, event, place + event]  # each context an entry may name
            for word in [None, *self.words[j]]:
                for context in contexts:
                    pairs.setdefault((word, context), []).append((claim.value, j))
        self.by_key = {key: ValueIndex(found) for key, found in pairs.items()}
        self.empty = ValueIndex(())

    def _pool(self, matcher: CountMatcher, context: tuple[str, ...] = ()) -> ValueIndex:
        """The counts holding the matcher's rarest counted word (every one must be there)."""
        if not matcher.nouns:
            return self.by_key.get((None, context), self.empty)
        rarest = min(matcher.nouns, key=lambda w: len(self.by_key[(w, ())].pairs)
                     if (w, ()) in self.by_key else 0)
        return self.by_key.get((rarest, context), self.empty)

    def shortlist(self, matcher: CountMatcher) -> list[int]:
        """Those the matcher may accept: its words, its context, and values within tolerance."""
        exp = matcher.exp
        return self._pool(matcher, _context_key(exp.place, exp.event)).near(matcher)

    def nearest(self, matcher: CountMatcher) -> tuple[CountClaim | None, str]:
        """What `matcher.nearest(self.claims)` says, looking only at counts that could be it."""
        exp, claims = matcher.exp, self.claims

        def noun_ok(j: int) -> bool:
            return matcher.nouns <= self.words[j]

        j = self._pool(matcher).first_near(matcher, lambda j: noun_ok(j) and matcher.value_ok(claims[j]))
        if j is not None:
            return matcher.explain_same_both(claims[j])
        if exp.counted:
            context = _context_key(exp.place, exp.event)
            j = None
            if context:  # the nearest value in the entry's context, else in any
                j = self._pool(matcher, context).closest(
                    exp.value, lambda j: noun_ok(j) and matcher.context_ok(claims[j]))
            if j is None:
                j = self._pool(matcher).closest(exp.value, noun_ok)
            if j is not None:
                return matcher.explain_moved(claims[j])
        j = self.by_key.get((None, ()), self.empty).first_near(matcher, lambda j: matcher.value_ok(claims[j]))
        if j is not None:
            return matcher.explain_same_value(claims[j])
        return None, NO_COUNT


def count_shortlist(claims: Sequence[CountClaim]) -> Callable[[CountMatcher], list[int]]:
    """A KindMatching.shortlist: see CountIndex."""
    return CountIndex(claims).shortlist


def count_nearest(claims: Sequence[CountClaim]) -> Callable[[CountMatcher], tuple[CountClaim | None, str]]:
    """A KindMatching.nearest_index: see CountIndex."""
    return CountIndex(claims).nearest


def snapshot_count(claim: CountClaim) -> dict[str, Any]:
    """Value, head noun and place: not the whole counted phrase, so rewording around a number
    does not fail the check."""
    entry: dict[str, Any] = {"value": plain_number(claim.value)}
    counted = claim.counted_head or claim.counted
    if counted and counted.strip():
        entry["counted"] = counted.strip()
    if claim.place and claim.place.strip():
        entry["place"] = claim.place.strip()
    return entry


# -- pairing two texts' counts -----------------------------------------------------------------
@cache
def _synonyms() -> tuple[dict[str, str], dict[str, str]]:
    """(counted word -> the word it compares as, event word -> likewise), from the lexicon."""
    lex = lexicon.load("count_synonyms.json")
    counted = {stem(w): key for key, ws in lex["counted"].items() for w in ws}
    events = {stem(w): key for key, ws in lex["events"].items() for w in ws}
    return counted, events


def _head(claim: CountClaim) -> str:
    if claim.counted_head:
        return " ".join(stem(w) for w in words(claim.counted_head))
    return " ".join(sorted(counted_words(claim.counted)))


def _event(claim: CountClaim) -> str:
    _, events = _synonyms()
    lemma = stem(norm_name(claim.event))
    return events.get(lemma, lemma)


def fact(claim: CountClaim) -> tuple[str, str, bool]:
    """What was counted and what happened to it, near-synonyms folded: (thing, event, negated).

    "persons" and "individuals" count people; "killed" and "died" are one event; a head noun
    that names the event ("52 deaths", "50 dead") counts people to whom it happened, and so does
    a bare number with such a verb ("52 were killed").
    """
    counted, events = _synonyms()
    head, event = _head(claim), _event(claim)
    if head in events:
        return "people", events[head], claim.negated
    if not head and event in events.values():
        return "people", event, claim.negated
    return counted.get(head, head), event, claim.negated


def thing(claim: CountClaim) -> str:
    """What was counted, as a key: the head noun, stemmed, near-synonyms folded."""
    return fact(claim)[0]


def context(claim: CountClaim) -> tuple[str, str]:
    return fact(claim)[1], norm_name(claim.place)


def same_value(a: CountClaim, b: CountClaim) -> bool:
    return (a.value, a.value_high) == (b.value, b.value_high)


def same_fact(a: CountClaim, b: CountClaim) -> bool:
    """The same thing counted in the same context."""
    return fact(a) == fact(b) and norm_name(a.place) == norm_name(b.place)


def _folded_words(claim: CountClaim) -> set[str]:
    counted, _ = _synonyms()
    return {counted.get(w, w) for w in counted_words(claim.counted)}


def similar_counted(a: CountClaim, b: CountClaim) -> bool:
    """Mostly the same counted words ("undocumented immigrants", "immigrants")."""
    wa, wb = _folded_words(a), _folded_words(b)
    return bool(wa | wb) and len(wa & wb) / len(wa | wb) >= SIMILAR_COUNTED


def _moved(old: CountClaim, new: CountClaim) -> Verdict:
    return "changed", f"{value_text(old)} → {describe_count(new)}"


def _place_moved(old: CountClaim, new: CountClaim) -> Verdict:
    """The number stands in a reworded sentence, unless both name a place and the places differ."""
    if old.place and new.place and norm_name(old.place) != norm_name(new.place):
        counted = new.counted or new.counted_head or ""
        return "changed", f"{format_number(new.value)} {counted}: place {old.place} → {new.place}"
    return None


PAIRING = (
    PairingPass("same", lambda o, n: same_value(o, n) and same_fact(o, n)),
    PairingPass("moved", same_fact, _moved),
    PairingPass("reworded", lambda o, n: same_value(o, n) and thing(o) == thing(n), _place_moved),
    PairingPass("similar", lambda o, n: thing(o) == thing(n) and similar_counted(o, n), _moved),
)


# -- comparing sources: which values can both be true ------------------------------------------
#: "about 50" admits values within 10 % of 50; "nearly 50" up to 10 % below it.
ABOUT_MARGIN = 0.1
NEARLY_MARGIN = 0.1


@dataclass(frozen=True)
class Interval:
    """The values a count admits: "more than 300" is (300, ∞), "at least 50" is [50, ∞)."""

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def meets(self, other: Interval) -> bool:
        """True when some value lies in both."""
        low, high = max(self.low, other.low), min(self.high, other.high)
        if low != high:
            return low < high
        # one shared point: it must be inside both ("more than 300" excludes 300)
        low_open = any(i.low == low and i.low_open for i in (self, other))
        high_open = any(i.high == high and i.high_open for i in (self, other))
        return not (low_open or high_open)


def interval(claim: CountClaim) -> Interval:
    """The values a count's words admit, its qualifier respected."""
    low = float(claim.value)
    high = float(claim.value_high) if claim.value_high is not None else low
    q = claim.qualifier
    if q == "more than":
        return Interval(low, math.inf, low_open=True)
    if q == "at least":
        return Interval(low, math.inf)
    if q in ("up to", "at most"):
        return Interval(0, high)
    if q == "fewer than":
        return Interval(0, high, high_open=True)
    if q == "about":
        return Interval(low * (1 - ABOUT_MARGIN), high * (1 + ABOUT_MARGIN))
    if q == "nearly":
        return Interval(low * (1 - NEARLY_MARGIN), high)
    return Interval(low, high)


def can_both_be_true(a: CountClaim, b: CountClaim) -> bool:
    """"at least 50" and "52" can; "more than 300" and "250" cannot."""
    return interval(a).meets(interval(b))


#: Reports of one fact differ by less than this factor; counts further apart count different
#: things ("40 Palestinians" killed in one strike, "more than 640" in the whole war).
MAX_RATIO = 5


@cache
def _light_events() -> frozenset[str]:
    return frozenset(stem(w) for w in lexicon.load("count_synonyms.json")["light_events"])


def _told_happened(claim: CountClaim) -> bool:
    """The count says what happened to people in the event: killed, injured, arrested, evacuated,
    rescued (the `events` of `lexicon/count_synonyms.json`). Reports of one event give one such
    figure, so two that differ disagree; other counts ("completed 17 passes", "dropped four
    bombs", "had two wives") depend on who did it and when, which a count claim does not record,
    and differ between reports without contradicting each other."""
    _, events = _synonyms()
    event = fact(claim)[1]
    return event in set(events.values()) and event not in _light_events()


def _same_magnitude(a: CountClaim, b: CountClaim) -> bool:
    low, high = sorted((float(a.value_high or a.value), float(b.value_high or b.value)))
    return high <= MAX_RATIO * max(low, 1)


def aligned(a: CountClaim, b: CountClaim) -> bool:
    """Two sources count the same fact: the same thing and event in the same place (or both
    naming none: a place named by one report only is a narrower count, "10 houses in Takengon"
    against "40 houses"), with mostly the same counted words (so "people with convictions" is
    not "people who were deported"), of the same order of magnitude."""
    return (same_fact(a, b) and _told_happened(a) and similar_counted(a, b) and _same_magnitude(a, b))


_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


@cache
def _compare_rules() -> tuple[tuple[str, ...], tuple[str, ...]]:
    rules = lexicon.load("compare.json")
    return tuple(rules["background_markers"]), tuple(rules["partial_markers"])


def background(claim: CountClaim, source: SourceText) -> bool:
    """The count is told of another time: its sentence names another year than the article's
    own ("the 2004 tsunami killed 230,000") or a past period ("last year")."""
    sentence = source.sentence_of(claim)
    markers, _ = _compare_rules()
    if any(re.search(rf"\b{re.escape(m)}\b", sentence, re.I) for m in markers):
        return True
    own = str(source.published.year) if source.published is not None else None
    return any(year != own for year in _YEAR.findall(sentence))


def partial(claim: CountClaim, source: SourceText) -> bool:
    """The count is a part of a toll: "four other people died", "another 20 were hurt"."""
    _, markers = _compare_rules()
    before = source.text[max(0, claim.start - 12):claim.start] if source.text else ""
    around = f"{before} {claim.text} {claim.counted or ''}".lower()
    return any(re.search(rf"\b{re.escape(m)}\b", around) for m in markers)


def in_compare(claim: CountClaim, source: SourceText) -> bool:
    """Counts of the event the sources report, whole: not background, not a part of a toll."""
    return not (partial(claim, source) or background(claim, source))


def _disagree(a: CountClaim, b: CountClaim) -> Judgement:
    return Judgement("disagreement", f"{describe_count(a)} against {describe_count(b)}")


COMPARING = (
    PairingPass("agree", lambda a, b: aligned(a, b) and can_both_be_true(a, b)),
    PairingPass("disagree", aligned, judge=_disagree),
)

MATCHING = KindMatching(
    expectation=CountExpectation,
    expects="Counts that must be found.",
    matcher=CountMatcher,
    describe_expectation=describe_count_expectation,
    describe_claim=describe_count,
    snapshot=snapshot_count,
    pairing=PAIRING,
    comparing=COMPARING,
    shortlist=count_shortlist,
    nearest_index=count_nearest,
    in_compare=in_compare,
)
