"""Places and operations in check, diff and compare: claims that are a name with its mentions.

Names compare case-insensitively, without punctuation or a leading "the" (and, for operations,
without a leading "Operation"); any form the text uses answers for the claim.
"""

from __future__ import annotations

import difflib
import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import Field

from . import norm_name
from .base import Closed, FileOptions, KindMatching, PairingPass
from .bits import at_least, bit_mask, set_bits

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


def letter_pairs(text: str) -> Counter[str]:
    """The pairs of adjacent letters (bigrams) of a name, with their counts."""
    return Counter(text[k:k + 2] for k in range(len(text) - 1))


def best_ratio(shared: int, size: int, shorter: int) -> float:
    """The highest ratio difflib can give two names of `size` letters in all, the shorter of
    `shorter` letters, that share `shared` letter pairs (counted with repeats, as Counter's &).

    Its ratio is 2M/size for M letters in matching blocks, M at most the shorter name; a block of
    s letters holds s-1 pairs found in both names, and there are at most size-2M+1 blocks (between
    two blocks lies a letter of one name or the other that no block holds), so the names share at
    least 3M-size-1 pairs. Worked out as difflib works out its ratio, so that no name rates above
    it, not even by a rounding."""
    if not size:
        return 1.0  # difflib rates two empty names alike
    return 2.0 * min((shared + size + 1) // 3, shorter) / size


class NameIndex:
    """The distinct names of a list of places or operations, for the nearest name of a failing
    entry. A long article names a place hundreds of times under a few names, or thousands of
    look-alikes: each distinct name is rated once, and only when the letter pairs it shares with
    the wanted name let it rate as well as the best found so far (best_ratio); the others cannot
    change the answer. Names are held by length, and which hold each letter pair as bit masks,
    so that counting every name's shared pairs is a few dozen operations on ints as wide as the
    names of a length, not a loop over names: the names sharing the most pairs are rated first,
    and their score rules out the rest unrated."""

    def __init__(self, claims: Sequence[Any], drop: tuple[str, ...]) -> None:
        self.claims = claims
        first: dict[str, int] = {}  # normalised name -> the first claim going by it
        for j, claim in enumerate(claims):
            for name in claim_names(claim):
                first.setdefault(norm_name(name, drop), j)
        self.names = sorted((j, name) for name, j in first.items())  # text order
        #: length -> the names of that length (ascending, so in text order); a bit of a mask
        #: below is a position in this list
        self.of_length: defaultdict[int, list[int]] = defaultdict(list)
        holders: defaultdict[tuple[str, int, int], list[int]] = defaultdict(list)
        for i, (_, name) in enumerate(self.names):
            same_length = self.of_length[len(name)]
            for pair, count in letter_pairs(name).items():
                for c in range(1, count + 1):
                    holders[(pair, c, len(name))].append(len(same_length))
            same_length.append(i)
        #: (pair, c, length) -> the names of that length holding the pair at least c times
        self.holding = {key: bit_mask(at, len(self.of_length[key[2]])) for key, at in holders.items()}
        self.answers: dict[str, tuple[Any | None, float]] = {}

    def best(self, wanted: str) -> tuple[Any | None, float]:
        """The first claim with the most similar name (if it reaches NEAR_NAME), and its score."""
        if wanted not in self.answers:
            i, score = self._rated(wanted)
            self.answers[wanted] = (self.claims[self.names[i][0]] if i is not None else None, score)
        return self.answers[wanted]

    def _rated(self, wanted: str) -> tuple[int | None, float]:
        """The first of the best-rated names, if they reach NEAR_NAME, and its score.

        Names are taken by length and number of pairs shared with the wanted name, those whose
        bound (best_ratio) is highest first, and of equal bounds those sharing most; the search
        ends at the first whose bound is below the best score so far, since no name after it can
        beat that score or tie with it. A length's counts are worked out when it is first
        reached, only down to the shared pairs that could still reach the best score then."""
        pairs = letter_pairs(wanted)
        shared_sets = [(pair, c) for pair, count in pairs.items() for c in range(1, count + 1)]
        most = len(shared_sets)  # no name shares more pairs than the wanted name has

        def bound(k: int, n: int) -> float:
            return best_ratio(k, len(wanted) + n, min(n, len(wanted)))

        # (-bound, -shared pairs, length) of the next group of names of each length to rate
        waiting = [(-bound(most, n), -most, n) for n in self.of_length if bound(most, n) >= NEAR_NAME]
        heapq.heapify(waiting)
        counted: dict[int, tuple[int, list[int]]] = {}  # length -> (fewest pairs counted, levels)
        best, best_score = None, 0.0
        while waiting and -waiting[0][0] >= max(best_score, NEAR_NAME):
            _, minus_k, n = heapq.heappop(waiting)
            k, ids = -minus_k, self.of_length[n]
            if n not in counted:
                floor = max(best_score, NEAR_NAME)
                fewest = next(f for f in range(most + 1) if bound(f, n) >= floor)
                sets = [self.holding.get((pair, c, n), 0) for pair, c in shared_sets]
                counted[n] = (fewest, at_least(sets, (1 << len(ids)) - 1, fewest))
            fewest, levels = counted[n]
            if k > fewest:
                heapq.heappush(waiting, (-bound(k - 1, n), -(k - 1), n))
            sharing_k = levels[k] & ~levels[k + 1] if k < most else levels[k]
            for i in (ids[p] for p in set_bits(sharing_k)):
                matcher = difflib.SequenceMatcher(None, wanted, self.names[i][1])
                floor = max(best_score, NEAR_NAME)
                if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
                    continue
                score = matcher.ratio()
                if score >= NEAR_NAME and (score > best_score or (score == best_score and i < best)):
                    best, best_score = i, score
        return best, best_score

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
