"""Matching thousands of expectations: the indexed candidates and the assignment, against brute force."""

from __future__ import annotations

import difflib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factpull import kinds
from factpull.check import assign, candidate_lists, check_report
from factpull.expectations import Expectations
from factpull.matching import norm_name
from factpull.matching.base import ValueIndex
from factpull.matching.names import NEAR_NAME
from factpull.models import Report


def _is_matching(candidates: list[list[int]], result: list[int | None]) -> bool:
    taken = [j for j in result if j is not None]
    return len(taken) == len(set(taken)) and all(
        j is None or j in options for j, options in zip(result, candidates, strict=True)
    )


def _maximum(candidates: list[list[int]]) -> int:
    """The size of a maximum matching, by the textbook recursive Kuhn (fine for small graphs)."""
    owner: dict[int, int] = {}

    def try_(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or try_(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    return sum(try_(i, set()) for i in range(len(candidates)))


@pytest.mark.parametrize("candidates, expected", [
    ([[0, 1], [0]], [1, 0]),  # the first moves to its second choice so the second gets one
    ([[0], [0], [0]], [0, None, None]),
    ([[0, 1], [1, 2], [0]], [1, 2, 0]),  # an augmenting path through two holders
    ([[], [3]], [None, 3]),
    ([[2, 1, 0]], [2]),  # preference order
])
def test_assign(candidates, expected):
    assert assign(candidates) == expected


def test_identical_expectations_share_the_claims_they_accept():
    shared = [4, 5, 6]
    assert assign([shared] * 2 + [[4]]) == [6, 5, 4]  # a holder of the shared list moves on to 6
    result = assign([shared] * 5 + [[4]])
    assert _is_matching([shared] * 5 + [[4]], result)
    assert sorted(j for j in result if j is not None) == [4, 5, 6]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.integers(0, 7), max_size=4, unique=True), max_size=10), st.data())
def test_assign_is_a_maximum_matching(lists, data):
    # some expectations share one list object, as identical expectations do in check_report
    candidates = [lists[data.draw(st.integers(0, len(lists) - 1))] if lists and data.draw(st.booleans())
                  else options for options in lists]
    result = assign(candidates)
    assert _is_matching(candidates, result)
    assert sum(j is not None for j in result) == _maximum(candidates)


NOUNS = st.sampled_from(["people", "immigrants", "police officers", "officers", "cars"])
NAMES = st.sampled_from(["Denver", "Leeds", "the Hague", "Washington, D.C.", "Washington", "Safe City"])
SPEAKERS = st.sampled_from(["Ana Ruiz", "Ruiz", "ICE", "ICE officials", "Mayor Ana Ruiz", "Tom Homan"])
CONTENT = st.lists(st.sampled_from(["we", "will", "go", "on", "keep", "going", "the", "city"]),
                   min_size=1, max_size=6).map(" ".join)


def _span(i: int, text: str) -> dict:
    return {"text": text, "start": 10 * i, "end": 10 * i + len(text), "sentence": i, "confidence": 0.9}


CLAIMS = {
    "count": st.builds(lambda v, n, p: {"type": "count", "value": v, "counted": n,
                                        "counted_head": n.split()[-1], "place": p},
                       st.integers(0, 12), NOUNS, st.none() | NAMES),
    "amount": st.builds(lambda v, u: {"type": "amount", "value": v, "unit": u},
                        st.integers(0, 12) | st.floats(0, 12), st.sampled_from(["USD", "percent"])),
    "place": st.builds(lambda n: {"type": "place", "name": n, "kind": "city"}, NAMES),
    "operation": st.builds(lambda n: {"type": "operation", "name": n}, NAMES),
    "quote": st.builds(lambda c, s: {"type": "quote", "content": c, "speaker": s, "direct": True},
                       CONTENT, st.none() | SPEAKERS),
}
EXPECTATIONS = {
    "count": st.fixed_dictionaries({"value": st.integers(0, 12)},
                                   optional={"counted": NOUNS, "place": NAMES,
                                             "tolerance": st.sampled_from([0.1, 0.5]),
                                             "tolerance_abs": st.integers(0, 3)}),
    "amount": st.fixed_dictionaries({"value": st.integers(0, 12)},
                                    optional={"unit": st.sampled_from(["USD", "percent"]),
                                              "tolerance_abs": st.floats(0, 2)}),
    "place": st.fixed_dictionaries({"name": NAMES}),
    "operation": st.fixed_dictionaries({"name": NAMES.map(lambda n: "Operation " + n)}),
    "quote": st.fixed_dictionaries({"speaker": SPEAKERS}, optional={"contains": CONTENT})
    | st.fixed_dictionaries({"contains": CONTENT}),
}


def _report(claim_type: str, raw: list[dict]) -> Report:
    claims = []
    for i, claim in enumerate(raw):
        span = _span(i, claim.get("name") or claim.get("content") or str(claim["value"]))
        if claim_type in ("place", "operation"):
            claim["mentions"] = [{k: span[k] for k in ("text", "start", "end", "sentence")}]
        claims.append({**span, **claim})
    return Report.model_validate({"source": "t", "claims": claims})


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["count", "amount", "place", "operation", "quote"]), st.data())
def test_indexed_candidates_are_those_of_trying_every_claim(claim_type, data):
    report = _report(claim_type, data.draw(st.lists(CLAIMS[claim_type], max_size=12)))
    file = Expectations.model_validate({
        "options": {"tolerance": data.draw(st.sampled_from([0, 0.2]))},
        claim_type: data.draw(st.lists(EXPECTATIONS[claim_type], max_size=8)),
    })
    exps = file.entries(claim_type)
    matching = kinds.get(claim_type).matching
    assert matching.shortlist is not None
    matchers = [matching.matcher(e, file.options) for e in exps]
    found = [c for c in report.claims if c.type == claim_type]
    assert candidate_lists(matching, exps, matchers, found) == [
        [j for j, c in enumerate(found) if m(c)] for m in matchers
    ]
    check_report(report, file)  # and the whole check runs on it


def test_a_snapshot_of_thousands_of_claims_passes_against_itself():
    from factpull.expectations import expectations_from_report

    claims = []
    for i in range(3000):
        text = f"{i % 40} people"
        claims.append({**_span(i, text), "type": "count", "value": i % 40, "counted": "people",
                       "counted_head": "people", "place": ["Denver", "Leeds"][i % 2]})
    report = Report.model_validate({"source": "t", "claims": claims})
    result = check_report(report, expectations_from_report(report))
    assert result.ok and result.passed == 3000
    assert len({item.claim["start"] for item in result.items}) == 3000  # each count taken once


# -- the nearest claim of a failing expectation: the kinds' indexes against their plain `nearest` ----
EVENTS = st.none() | st.sampled_from(["arrest", "arrested", "kill", "the"])
MISSPELT = NAMES | st.sampled_from(["Denvr", "Lees", "Hague", "Washingtn", "Safe Cities", "Operation",
                                     "Leeds 2"])
WORDS = ["we", "will", "go", "on", "keep", "going", "the", "city", "home"]
NEAREST_CLAIMS = {
    "count": st.builds(lambda v, n, p, e: {"type": "count", "value": v, "counted": n,
                                           "counted_head": n.split()[-1], "place": p, "event": e},
                       st.sampled_from([1, 2, 3, 5, 8, 12, 2.5, 1e6]), NOUNS, st.none() | NAMES, EVENTS),
    "amount": CLAIMS["amount"] | st.builds(lambda v: {"type": "amount", "value": v, "unit": " usd "},
                                           st.integers(0, 12)),
    "place": st.builds(lambda n: {"type": "place", "name": n, "kind": "city"}, MISSPELT),
    "operation": st.builds(lambda n: {"type": "operation", "name": n}, MISSPELT),
    "quote": st.builds(lambda ws, s: {"type": "quote", "content": " ".join(ws), "speaker": s, "direct": True},
                       st.lists(st.sampled_from(WORDS), min_size=1, max_size=9),
                       st.none() | SPEAKERS | st.just("Ana B. Ruiz")),
}
SNIPPETS = st.lists(st.sampled_from(WORDS), min_size=1, max_size=7).map(" ".join) | st.just("!!")
NEAREST_EXPECTATIONS = {
    "count": st.fixed_dictionaries({"value": st.sampled_from([1, 2, 4, 6, 12, 2.5])},
                                   optional={"counted": NOUNS | st.sampled_from(["the", "dogs"]),
                                             "place": NAMES, "event": EVENTS.filter(bool),
                                             "tolerance_abs": st.integers(0, 3)}),
    "amount": st.fixed_dictionaries({"value": st.integers(0, 12) | st.just(1e6)},
                                    optional={"unit": st.sampled_from(["USD", "percent", "EUR"])}),
    "place": st.fixed_dictionaries({"name": MISSPELT}),
    "operation": st.fixed_dictionaries({"name": MISSPELT}),
    "quote": st.fixed_dictionaries({"speaker": SPEAKERS | st.just("Bob")}, optional={"contains": SNIPPETS})
    | st.fixed_dictionaries({"contains": SNIPPETS}),
}


@pytest.mark.parametrize("claim_type", ["count", "amount", "place", "operation", "quote"])
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_indexed_nearest_is_the_plain_nearest(claim_type, data):
    """Every kind's nearest_index names the very claim, and says the very words, that trying
    every claim does: on small lists where look-alikes, ties and misspellings abound."""
    report = _report(claim_type, data.draw(st.lists(NEAREST_CLAIMS[claim_type], max_size=14)))
    file = Expectations.model_validate(
        {claim_type: data.draw(st.lists(NEAREST_EXPECTATIONS[claim_type], min_size=1, max_size=6))})
    matching = kinds.get(claim_type).matching
    assert matching.nearest_index is not None
    claims = [c for c in report.claims if c.type == claim_type]
    for some in (claims, claims[::2]):  # all claims, and the free ones of a check
        nearest = matching.nearest_index(some)
        for exp in file.entries(claim_type):
            matcher = matching.matcher(exp, file.options)
            plain, indexed = matcher.nearest(some), nearest(matcher)
            assert indexed[1] == plain[1]
            assert indexed[0] is plain[0]


@pytest.mark.parametrize("masked_from", [1, 2, 3])
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_quote_index_counting_in_masks_is_the_plain_nearest(masked_from, data):
    """A long article's common words are counted in bit masks, its rare ones quote by quote:
    here nearly every word is common, so both ways are taken, and mixed, on small lists."""
    from factpull.matching.quotes import QuoteIndex

    report = _report("quote", data.draw(st.lists(NEAREST_CLAIMS["quote"], max_size=14)))
    file = Expectations.model_validate(
        {"quote": data.draw(st.lists(NEAREST_EXPECTATIONS["quote"], min_size=1, max_size=6))})
    matching = kinds.get("quote").matching
    index = QuoteIndex(report.claims, masked_from=masked_from)
    for exp in file.entries("quote"):
        matcher = matching.matcher(exp, file.options)
        plain, indexed = matcher.nearest(report.claims), index.nearest(matcher)
        assert indexed[1] == plain[1]
        assert indexed[0] is plain[0]


@pytest.mark.parametrize("values, expected, accepted, closest", [
    ([5, 3, 7], 5, {0, 1, 2}, 0),
    ([3, 7, 9], 5, {0, 1, 2}, 0),  # a tie: the first in text order
    ([7, 3, 9], 5, {0, 1, 2}, 0),
    ([7, 3, 9], 5, {2}, 2),  # the nearest the predicate accepts
    ([1.5, 2.5], 2, {0, 1}, 0),
    ([], 5, set(), None),
    ([4, 6], 5, set(), None),
])
def test_value_index_closest(values, expected, accepted, closest):
    index = ValueIndex((v, j) for j, v in enumerate(values))
    assert index.closest(expected, accepted.__contains__) == closest


LOOK_ALIKES = st.text(alphabet="aab cde", min_size=0, max_size=24)


@settings(max_examples=300, deadline=None)
@given(st.lists(LOOK_ALIKES, max_size=30), st.lists(LOOK_ALIKES, min_size=1, max_size=5))
def test_the_name_index_rates_look_alike_names_as_comparing_every_name_does(names, wanted):
    """Long names over a few letters, so that the letter-pair bound rules names out: the answer
    (claim and score) is the one of scoring every name."""
    from factpull.matching.names import NameIndex

    claims = [Report.model_validate({"source": "t", "claims": [
        {**_span(i, n or "x"), "type": "place", "name": n or "x", "kind": "city", "mentions": []}]}).claims[0]
        for i, n in enumerate(names)]
    index = NameIndex(claims, ())
    for w in wanted:
        best, best_score = None, 0.0
        for claim in claims:
            score = difflib.SequenceMatcher(None, w, norm_name(claim.name)).ratio()
            if score > best_score:
                best, best_score = claim, score
        found, found_score = index.best(w)
        if best_score >= NEAR_NAME:
            assert found is best and found_score == best_score
        else:
            assert found is None


@pytest.mark.parametrize("shared, size, shorter, bound", [
    (3, 20, 10, 0.8),  # 3 pairs shared of names of 20 letters: at most 8 letters matched
    (2, 20, 10, 0.7),
    (7, 19, 9, 18 / 19),  # 'paris 123' / 'paris 123x': 9 letters matched, 7 pairs shared at least
    (8, 19, 9, 18 / 19),  # no more letters matched than the shorter name has
    (4, 10, 5, 1.0),
    (0, 0, 0, 1.0),  # two empty names
    (0, 2, 1, 1.0),  # 'a' / 'a': one letter, no pairs
])
def test_best_ratio(shared, size, shorter, bound):
    from factpull.matching.names import best_ratio

    assert best_ratio(shared, size, shorter) == bound


@settings(max_examples=500, deadline=None)
@given(LOOK_ALIKES, LOOK_ALIKES)
def test_no_two_names_rate_above_the_bound_of_the_pairs_they_share(a, b):
    from factpull.matching.names import best_ratio, letter_pairs

    shared = sum((letter_pairs(a) & letter_pairs(b)).values())
    assert difflib.SequenceMatcher(None, a, b).ratio() <= best_ratio(shared, len(a) + len(b),
                                                                     min(len(a), len(b)))


@pytest.mark.parametrize("sets, fewest, expected", [
    ([0b011, 0b110, 0b010], 0, [0b111, 0b111, 0b010, 0b010]),
    ([0b011, 0b110, 0b010], 2, [0b111, None, 0b010, 0b010]),  # levels below `fewest` not asked
    ([0b001, 0, 0b101], 2, [0b111, None, 0b001, 0]),
    ([], 0, [0b11]),
])
def test_at_least_counts_the_sets_each_member_is_in(sets, fewest, expected):
    from factpull.matching.bits import at_least

    levels = at_least(sets, 0b111 if sets else 0b11, fewest)
    assert [lv for lv, want in zip(levels, expected, strict=True) if want is not None] == \
        [want for want in expected if want is not None]


def test_set_bits_and_bit_mask_are_inverse():
    from factpull.matching.bits import bit_mask, set_bits

    assert set_bits(0) == []
    assert set_bits(bit_mask([0, 3, 64, 65], 70)) == [0, 3, 64, 65]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 63), max_size=8), st.integers(0, 9))
def test_at_least_is_counting_by_hand(sets, fewest):
    from factpull.matching.bits import at_least

    levels = at_least(sets, 63, fewest)
    for k in range(max(fewest, 0), len(sets) + 1):
        assert levels[k] == sum(1 << b for b in range(6) if sum(s >> b & 1 for s in sets) >= k)
