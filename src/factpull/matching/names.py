"""Places and operations in check, diff and compare: claims that are a name with its mentions.

Names compare case-insensitively, without punctuation or a leading "the" (and, for operations,
without a leading "Operation"); any form the text uses answers for the claim.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import Field

from . import norm_name
from .base import Closed, FileOptions, KindMatching, PairingPass

#: How alike (difflib ratio) a name must be to be offered as the nearest when an expectation fails.
NEAR_NAME = 0.75


class PlaceExpectation(Closed):
    """A place that must be found, by canonical name or any form the text uses."""

    name: str = Field(min_length=1, description="The place's name ('Philadelphia' also matches 'Philly').")


class OperationExpectation(Closed):
    """A named operation that must be found (a leading 'Operation' is ignored)."""

    name: str = Field(min_length=1, description="The operation's name.")


def claim_names(claim: Any) -> list[str]:
    """Every name a place or operation goes by in the text, with and without a qualifier.

    'Washington, D.C.' also answers to 'Washington', and a place whose container is known also to
    'Portland, Oregon'; write the qualified form in the expectation to insist on it.
    """
    names = [claim.name, *(m.text for m in claim.mentions)]
    names += [n.split(",", 1)[0] for n in names if "," in n]
    if getattr(claim, "container", None):
        names.append(f"{claim.name}, {claim.container}")
    return names


def describe_named(item: Any) -> str:
    """A claim or an expectation of a named kind: its name."""
    return item.name


class NameMatcher:
    """A name expectation: any of the claim's names, normalised, equals the expected one."""

    #: Leading words a name may have or not ("Operation").
    drop: tuple[str, ...] = ()
    what = "place"

    def __init__(self, exp: Any, options: FileOptions) -> None:
        self.exp = exp
        self.wanted = norm_name(exp.name, self.drop)

    def __call__(self, claim: Any) -> bool:
        return any(norm_name(n, self.drop) == self.wanted for n in claim_names(claim))

    def nearest(self, claims: Sequence[Any]) -> tuple[Any | None, str]:
        """The claim with the most similar name, if similar enough to be a misspelling."""
        best, best_score = None, 0.0
        for claim in claims:
            for name in claim_names(claim):
                score = difflib.SequenceMatcher(None, self.wanted, norm_name(name, self.drop)).ratio()
                if score > best_score:
                    best, best_score = claim, score
        if best is not None and best_score >= NEAR_NAME:
            return best, f"not found; nearest {self.what}: {best.name}"
        return None, "not found"


class OperationMatcher(NameMatcher):
    drop = ("operation",)
    what = "operation"


def name_shortlist(drop: tuple[str, ...]) -> Callable[[Sequence[Any]], Callable[[Any], list[int]]]:
    """Places or operations by normalised name: a matcher can only accept a claim one of whose
    names normalises to the name it wants."""

    def build(claims: Sequence[Any]) -> Callable[[Any], list[int]]:
        index: defaultdict[str, set[int]] = defaultdict(set)
        for j, claim in enumerate(claims):
            for name in claim_names(claim):
                index[norm_name(name, drop)].add(j)
        return lambda matcher: sorted(index.get(matcher.wanted, ()))

    return build


def snapshot_named(claim: Any) -> dict[str, Any] | None:
    return {"name": claim.name.strip()} if claim.name.strip() else None


def _pairing(drop: tuple[str, ...]) -> tuple[PairingPass, ...]:
    return (PairingPass("same", lambda o, n: norm_name(o.name, drop) == norm_name(n.name, drop)),)


PLACE_MATCHING = KindMatching(
    expectation=PlaceExpectation,
    expects="Places that must be found.",
    matcher=NameMatcher,
    describe_expectation=describe_named,
    describe_claim=describe_named,
    snapshot=snapshot_named,
    pairing=_pairing(()),
    comparing=_pairing(()),
    presence=True,
    shortlist=name_shortlist(NameMatcher.drop),
)

OPERATION_MATCHING = KindMatching(
    expectation=OperationExpectation,
    expects="Named operations that must be found.",
    matcher=OperationMatcher,
    describe_expectation=describe_named,
    describe_claim=describe_named,
    snapshot=snapshot_named,
    pairing=_pairing(("operation",)),
    comparing=_pairing(("operation",)),
    presence=True,
    shortlist=name_shortlist(OperationMatcher.drop),
)
