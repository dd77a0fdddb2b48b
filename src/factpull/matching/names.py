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
        """The claim with the most similar name, if similar enough to be a misspelling.

        The plain definition, comparing with every name; `check` asks NameIndex.nearest, which
        gives the same answer comparing with fewer.
        """
        best, best_score = None, 0.0
        for claim in claims:
            for name in claim_names(claim):
                score = difflib.SequenceMatcher(None, self.wanted, norm_name(name, self.drop)).ratio()
                if score > best_score:
                    best, best_score = claim, score
        return self.explain(best, best_score)

    def explain(self, best: Any | None, score: float) -> tuple[Any | None, str]:
        if best is not None and score >= NEAR_NAME:
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


class NameIndex:
    """The distinct names of a list of places or operations, by length, for the nearest name of
    a failing entry. A long article names a place hundreds of times under a few names: each
    distinct name is compared once, only names of a length that can reach NEAR_NAME are
    compared, and difflib's cheap upper bounds skip most of those."""

    def __init__(self, claims: Sequence[Any], drop: tuple[str, ...]) -> None:
        self.claims = claims
        first: dict[str, int] = {}  # normalised name -> the first claim going by it
        for j, claim in enumerate(claims):
            for name in claim_names(claim):
                first.setdefault(norm_name(name, drop), j)
        self.by_length: defaultdict[int, list[tuple[int, str]]] = defaultdict(list)
        for name, j in first.items():
            self.by_length[len(name)].append((j, name))
        self.answers: dict[str, tuple[Any | None, float]] = {}

    def _candidates(self, wanted: str) -> list[tuple[int, str]]:
        """Names whose length allows a ratio of NEAR_NAME (2·shorter / both lengths), in text order."""
        size = len(wanted)  # difflib rates two empty names 1.0
        fits = [n for n in self.by_length if n + size == 0 or 2 * min(n, size) / (n + size) >= NEAR_NAME]
        return sorted(pair for n in fits for pair in self.by_length[n])

    def best(self, wanted: str) -> tuple[Any | None, float]:
        """The first claim with the most similar name (among those reaching NEAR_NAME), and its
        score: only a name more similar than the best so far can change the answer."""
        if wanted not in self.answers:
            best, best_score = None, 0.0
            for j, name in self._candidates(wanted):
                matcher = difflib.SequenceMatcher(None, wanted, name)
                floor = max(best_score, NEAR_NAME)
                if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
                    continue
                score = matcher.ratio()
                if score > best_score and score >= NEAR_NAME:
                    best, best_score = self.claims[j], score
                    if score == 1.0:
                        break
            self.answers[wanted] = (best, best_score)
        return self.answers[wanted]

    def nearest(self, matcher: NameMatcher) -> tuple[Any | None, str]:
        """What `matcher.nearest(self.claims)` says."""
        return matcher.explain(*self.best(matcher.wanted))


def name_nearest(drop: tuple[str, ...]) -> Callable[[Sequence[Any]], Callable[[Any], tuple[Any | None, str]]]:
    """A KindMatching.nearest_index for places or operations: see NameIndex."""
    return lambda claims: NameIndex(claims, drop).nearest


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
    nearest_index=name_nearest(NameMatcher.drop),
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
    nearest_index=name_nearest(OperationMatcher.drop),
)
