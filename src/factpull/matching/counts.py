"""Counts in check, diff and compare: an expectation holds a value, the words counted and context.

A count is the same fact in two texts when the thing counted (its head noun) and the context
(event, place) agree; its value is then what may have changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import Field, field_validator

from ..models import CountClaim
from ..text import format_number
from . import counted_words, norm_name, stem, words
from .base import (
    Closed,
    FileOptions,
    KindMatching,
    Number,
    PairingPass,
    Tolerance,
    Verdict,
    not_blank,
    plain_number,
    value_text,
)

#: Share of the counted words (Jaccard) two counts with one head noun need to be the same thing.
SIMILAR_COUNTED = 0.5


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
        """The same thing counted with another value ("count moved"), else the same value."""
        exp = self.exp
        wanted = describe_count_expectation(exp)
        same_both = [c for c in claims if self.value_ok(c) and self.noun_ok(c)]
        if same_both:
            c = same_both[0]
            if self.context_ok(c):  # only when every such count went to another expectation
                return c, f"found {describe_count(c)}, but another expectation took it (expected twice?)"
            return c, f"found {describe_count(c)}, but not {', '.join(_wanted_context(exp))}"
        same_noun = [c for c in claims if self.noun_ok(c) and exp.counted]
        if same_noun:
            c = min(same_noun, key=lambda c: (not self.context_ok(c), abs(c.value - exp.value)))
            return c, f"count moved: expected {wanted}, found {describe_count(c)}"
        same_value = [c for c in claims if self.value_ok(c)]
        if same_value:
            c = same_value[0]
            return c, f"same number, other thing counted: expected {wanted}, found {describe_count(c)}"
        return None, "not found: no count with this value or this noun"


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
def thing(claim: CountClaim) -> str:
    """What was counted, as a key: the stemmed head noun, else the counted words."""
    if claim.counted_head:
        return " ".join(stem(w) for w in words(claim.counted_head))
    return " ".join(sorted(counted_words(claim.counted)))


def context(claim: CountClaim) -> tuple[str, str]:
    return norm_name(claim.event), norm_name(claim.place)


def same_value(a: CountClaim, b: CountClaim) -> bool:
    return (a.value, a.value_high) == (b.value, b.value_high)


def same_fact(a: CountClaim, b: CountClaim) -> bool:
    """The same thing counted in the same context."""
    return thing(a) == thing(b) and context(a) == context(b)


def similar_counted(a: CountClaim, b: CountClaim) -> bool:
    wa, wb = counted_words(a.counted), counted_words(b.counted)
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

MATCHING = KindMatching(
    expectation=CountExpectation,
    expects="Counts that must be found.",
    matcher=CountMatcher,
    describe_expectation=describe_count_expectation,
    describe_claim=describe_count,
    snapshot=snapshot_count,
    pairing=PAIRING,
)
