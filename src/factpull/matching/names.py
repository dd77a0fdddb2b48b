"""Places and operations in check, diff and compare: claims that are a name with its mentions.

Names compare case-insensitively, without punctuation or a leading "the" (and, for operations,
without a leading "Operation"); any form the text uses answers for the claim.
"""

from __future__ import annotations

import difflib
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
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


#: Names scored first, sharing the wanted name's rarest pair of letters: the best of them sets the
#: score any other name must reach, which rules most of the others out unscored.
SEED_NAMES = 64


def letter_pairs(text: str) -> Counter[str]:
    """The pairs of adjacent letters (bigrams) of a name, with their counts."""
    return Counter(text[k:k + 2] for k in range(len(text) - 1))


def shared_pairs_needed(score: float, size: int) -> int:
    """How many letter pairs two names of `size` letters in all share at least when difflib rates
    them `score` or more. Its ratio is 2M/size for M letters in matching blocks; a block of s
    letters holds s-1 pairs found in both names, and there are at most size-2M+1 blocks (between
    two blocks lies a letter of one name or the other that no block holds), so at least 3M-size-1
    pairs are shared. M is the least whole number of letters reaching `score`, less a hair for
    rounding: never more needed than a name that reaches `score` shares."""
    return 3 * math.ceil(score * size / 2 - 1e-9) - size - 1


class NameIndex:
    """The distinct names of a list of places or operations, for the nearest name of a failing
    entry. A long article names a place hundreds of times under a few names, or thousands of
    look-alikes: each distinct name is compared once, and only those whose length and letter
    pairs let them rate as well as the best found so far (see shared_pairs_needed); the others
    cannot change the answer."""

    def __init__(self, claims: Sequence[Any], drop: tuple[str, ...]) -> None:
        self.claims = claims
        first: dict[str, int] = {}  # normalised name -> the first claim going by it
        for j, claim in enumerate(claims):
            for name in claim_names(claim):
                first.setdefault(norm_name(name, drop), j)
        self.names = sorted((j, name) for name, j in first.items())  # text order
        self.by_length: defaultdict[int, list[int]] = defaultdict(list)
        self.by_pair: defaultdict[tuple[str, int], list[int]] = defaultdict(list)  # (pair, length)
        self.pairs = [letter_pairs(name) for _, name in self.names]
        for i, (_, name) in enumerate(self.names):
            self.by_length[len(name)].append(i)
            for pair in self.pairs[i]:
                self.by_pair[(pair, len(name))].append(i)
        self.answers: dict[str, tuple[Any | None, float]] = {}

    def _lengths(self, wanted: str, score: float) -> list[int]:
        """Name lengths that allow `score` (difflib's real_quick_ratio: 2·shorter / both)."""
        size = len(wanted)  # difflib rates two empty names 1.0
        return [n for n in self.by_length if n + size == 0 or 2 * min(n, size) / (n + size) >= score]

    def _seed(self, wanted: str) -> list[int]:
        pairs, lengths = letter_pairs(wanted), self._lengths(wanted, NEAR_NAME)
        if not pairs:
            return []
        rarest = min(pairs, key=lambda p: sum(len(self.by_pair.get((p, n), ())) for n in lengths))
        return [i for n in lengths for i in self.by_pair.get((rarest, n), ())][:SEED_NAMES]

    def _candidates(self, wanted: str, score: float) -> set[int]:
        """Every name that may rate `score` or more: of each length, those holding one of the
        wanted name's rarest pairs, enough of them that a name lacking all of them lacks too many,
        and sharing as many pairs in all as shared_pairs_needed asks."""
        pairs, found = letter_pairs(wanted), set()
        for n in self._lengths(wanted, score):
            needed = shared_pairs_needed(score, len(wanted) + n)
            if needed <= 0:
                found.update(self.by_length[n])
                continue
            rest, some = sum(pairs.values()), set()  # rest: what a name holding none of `some` shares
            for pair in sorted(pairs, key=lambda p: len(self.by_pair.get((p, n), ()))):
                if rest < needed:
                    break
                some.update(self.by_pair.get((pair, n), ()))
                rest -= pairs[pair]
            found.update(i for i in some if sum((self.pairs[i] & pairs).values()) >= needed)
        return found

    def _rated(self, wanted: str, ids: Iterable[int]) -> tuple[int | None, float]:
        """The first of the best-rated names among `ids`, if they reach NEAR_NAME, and its score."""
        best, best_score = None, 0.0
        for i in sorted(ids):
            matcher = difflib.SequenceMatcher(None, wanted, self.names[i][1])
            floor = max(best_score, NEAR_NAME)
            if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
                continue
            score = matcher.ratio()
            if score > best_score and score >= NEAR_NAME:
                best, best_score = i, score
        return best, best_score

    def best(self, wanted: str) -> tuple[Any | None, float]:
        """The first claim with the most similar name (if it reaches NEAR_NAME), and its score."""
        if wanted not in self.answers:
            _, floor = self._rated(wanted, self._seed(wanted))
            i, score = self._rated(wanted, self._candidates(wanted, max(floor, NEAR_NAME)))
            self.answers[wanted] = (self.claims[self.names[i][0]] if i is not None else None, score)
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
