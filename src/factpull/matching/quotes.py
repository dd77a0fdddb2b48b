"""Quotes in check, diff and compare: aligned by their words, then judged by their speakers.

Words compare with curly and straight quotes alike and punctuation dropped; speakers by full
name, surname, or a group with role words ("ICE" matches "ICE officials").
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from functools import cache
from typing import Any

from pydantic import Field, field_validator, model_validator

from .. import lexicon
from ..models import QuoteClaim
from ..text import shorten
from . import contains_words, is_proper_name, norm_name, speaker_matches, words
from .base import Closed, FileOptions, Judgement, KindMatching, PairingPass, Verdict, not_blank
from .bits import at_least, bit_mask

#: Share of each version's words the other must hold for a quote to count as reworded.
REWORDED = 0.5
#: Share of a snippet's words a quote by the expected speaker must hold to be named as nearest.
NEAR_SNIPPET = 0.5
#: How many words of a quote `--write` keeps as its `contains` snippet.
SNIPPET_WORDS = 12
#: Speakers listed when no quote is by the expected one.
SPEAKERS_LISTED = 6
#: QuoteIndex keeps a bit mask of the quotes holding a word of at least this many quotes (or a
#: 1,024th of them): scoring the quotes of rarer words one by one costs less than their masks.
MASKED_FROM = 64


class QuoteExpectation(Closed):
    """A quote that must be found: who said it, and/or words it contains."""

    speaker: str | None = Field(default=None, description="Full name, surname or group of the speaker.")
    contains: str | None = Field(
        default=None, description="Words the quote contains, in order (quotes/punctuation/case ignored)."
    )

    _blank = field_validator("speaker", "contains")(not_blank)

    @model_validator(mode="after")
    def _something(self) -> QuoteExpectation:
        if self.speaker is None and self.contains is None:
            raise ValueError("a quote needs `speaker`, `contains` or both")
        return self


def describe_quote(claim: QuoteClaim) -> str:
    marks = "“{}”" if claim.direct else "{}"
    return f"{claim.speaker or '(unknown speaker)'}: " + marks.format(shorten(claim.content))


def describe_quote_expectation(exp: QuoteExpectation) -> str:
    speaker = exp.speaker or "(anyone)"
    return f"{speaker}: “{shorten(exp.contains)}”" if exp.contains else f"{speaker} is quoted"


def share(a: Sequence[str], b: Sequence[str]) -> float:
    """The share of the words of `a` that also occur in `b`."""
    if not a:
        return 0.0
    have = set(b)
    return sum(w in have for w in a) / len(a)


class QuoteMatcher:
    """One quote expectation: the speaker, and the snippet as a run of the quote's words."""

    def __init__(self, exp: QuoteExpectation, options: FileOptions) -> None:
        self.exp = exp
        self.snippet = words(exp.contains)

    def __call__(self, claim: Any) -> bool:
        if self.exp.speaker is not None and not speaker_matches(self.exp.speaker, claim.speaker):
            return False
        return self.exp.contains is None or contains_words(words(claim.content), self.snippet)

    def nearest(self, claims: Sequence[QuoteClaim]) -> tuple[QuoteClaim | None, str]:
        """The same words by someone else, else the speaker's closest quote, else who spoke.

        The plain definition, trying every claim; `check` asks QuoteIndex.nearest, which gives
        the same answer from an index.
        """
        exp, snippet = self.exp, self.snippet
        if exp.contains is not None:
            same_words = [c for c in claims if contains_words(words(c.content), snippet)]
            if same_words:
                return explain_same_words(same_words[0])
        by_speaker = [c for c in claims if exp.speaker is None or speaker_matches(exp.speaker, c.speaker)]
        if exp.contains is not None and by_speaker:
            best = max(by_speaker, key=lambda c: share(snippet, words(c.content)))
            if share(snippet, words(best.content)) >= NEAR_SNIPPET:
                return explain_reworded(best)
        if exp.speaker is not None and not by_speaker:
            return None, no_quote_by(exp.speaker, {c.speaker for c in claims if c.speaker})
        return None, "not found"


def explain_same_words(c: QuoteClaim) -> tuple[QuoteClaim, str]:
    return c, f"quote found, but attributed to {c.speaker or 'no one'}"


def explain_reworded(c: QuoteClaim) -> tuple[QuoteClaim, str]:
    return c, f"reworded? nearest quote: {describe_quote(c)}"


def no_quote_by(speaker: str, found: set[str]) -> str:
    """'no quote by X', with the first few speakers the article does quote."""
    speakers = sorted(found)
    more = ", …" if len(speakers) > SPEAKERS_LISTED else ""
    listed = ", ".join(speakers[:SPEAKERS_LISTED]) + more
    return f"no quote by {speaker}" + (f" (speakers found: {listed})" if speakers else "")


def quote_shortlist(claims: Sequence[QuoteClaim]) -> Callable[[QuoteMatcher], Iterable[int]]:
    """Quotes by speaker and words. A full name, a surname, a title and name or a group with role
    words shares its first or its last word with the speaker it matches; a snippet is a run of
    the quote's words, so its rarest run of three words (or word, when shorter) is in the quote."""
    by_speaker: defaultdict[tuple[str, str], set[int]] = defaultdict(set)
    # lists, not sets: nearly every run of three words is a key of its own, and a set for each
    # took more memory than the rest of a check of thousands of quotes
    by_run: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
    for j, claim in enumerate(claims):
        speaker = norm_name(claim.speaker).split()
        if speaker:
            by_speaker[("first", speaker[0])].add(j)
            by_speaker[("last", speaker[-1])].add(j)
        content = words(claim.content)
        for run in {(w,) for w in content} | {tuple(content[k:k + 3]) for k in range(len(content) - 2)}:
            by_run[run].append(j)

    def shortlist(matcher: QuoteMatcher) -> Iterable[int]:
        exp, snippet = matcher.exp, matcher.snippet
        found: Collection[int] | None = None
        if exp.contains is not None and snippet:
            runs = [tuple(snippet[k:k + 3]) for k in range(len(snippet) - 2)] or [(w,) for w in snippet]
            found = min((by_run.get(run, []) for run in runs), key=len)
        if exp.speaker is not None:
            speaker = norm_name(exp.speaker).split()
            if not speaker:
                return []
            first = by_speaker.get(("first", speaker[0]), set())
            last = by_speaker.get(("last", speaker[-1]), set())
            # the few quotes with the words, by the speaker; not every quote of a frequent speaker
            found = first | last if found is None else {j for j in found if j in first or j in last}
        return range(len(claims)) if found is None else sorted(found)

    return shortlist


class QuoteIndex:
    """Quotes by word, run of three words and speaker, built once per list, for the nearest quote
    of a failing entry: a snippet's rarest run finds the quotes holding it. How many of a
    snippet's words each quote holds is counted for every quote at once: the quotes holding a
    word of many quotes are a bit mask (see `bits`), those holding a rarer word a short list."""

    def __init__(self, claims: Sequence[QuoteClaim], masked_from: int = 0) -> None:
        self.claims = claims
        self.content = [words(c.content) for c in claims]
        self.by_run: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
        self.by_speaker: defaultdict[str | None, list[int]] = defaultdict(list)  # as written
        #: (first or last, word) -> the speakers as written whose first or last word it is
        self.speakers_by_word: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
        for j, claim in enumerate(claims):
            content = self.content[j]
            runs = {(w,) for w in content} | {tuple(content[k:k + 3]) for k in range(len(content) - 2)}
            for run in runs:
                self.by_run[run].append(j)
            self.by_speaker[claim.speaker].append(j)
            speaker = norm_name(claim.speaker).split()
            if speaker and claim.speaker is not None:
                self.speakers_by_word[("first", speaker[0])].add(claim.speaker)
                self.speakers_by_word[("last", speaker[-1])].add(claim.speaker)
        self.speakers = {c.speaker for c in claims if c.speaker}
        # a mask is as wide as the list: kept for the words of many quotes only, so that they
        # take at most about 2 KB a quote in all (see MASKED_FROM)
        self.masked_from = masked_from or max(MASKED_FROM, len(claims) // 1024)
        self.word_masks: dict[str, int] = {}
        #: an expected speaker -> the speakers as written it matches, and the mask of their quotes
        self.by_expected: dict[str, tuple[frozenset[str], int]] = {}

    def nearest(self, matcher: QuoteMatcher) -> tuple[QuoteClaim | None, str]:
        """What `matcher.nearest(self.claims)` says."""
        exp = matcher.exp
        if exp.contains is not None:
            j = self._first_with_run(matcher.snippet)
            if j is not None:
                return explain_same_words(self.claims[j])
        if exp.contains is not None:
            j = self._most_shared(matcher.snippet, exp.speaker)
            if j is not None:
                return explain_reworded(self.claims[j])
        speaker = exp.speaker
        if speaker is not None and not self._quotes_by(speaker):
            return None, no_quote_by(speaker, self.speakers)
        return None, "not found"

    def _first_with_run(self, snippet: list[str]) -> int | None:
        """The first quote holding the snippet as a run of words (an empty one: any quote)."""
        runs = [tuple(snippet[k:k + 3]) for k in range(len(snippet) - 2)] or [(w,) for w in snippet]
        pool = min((self.by_run.get(run, []) for run in runs), key=len) if runs else range(len(self.claims))
        return next((j for j in pool if contains_words(self.content[j], snippet)), None)

    def _speakers_like(self, speaker: str) -> frozenset[str]:
        """The speakers, as written, that speaker_matches gives to `speaker`: a name it matches
        shares its first or its last word, so only those are tried, once each."""
        if speaker not in self.by_expected:
            name = norm_name(speaker).split()
            found = (self.speakers_by_word.get(("first", name[0]), set())
                     | self.speakers_by_word.get(("last", name[-1]), set())) if name else set()
            like = frozenset(f for f in found if speaker_matches(speaker, f))
            quotes = [j for f in like for j in self.by_speaker[f]]
            self.by_expected[speaker] = (like, bit_mask(quotes, len(self.claims)))
        return self.by_expected[speaker][0]

    def _quotes_by(self, speaker: str | None) -> int:
        """The mask of the quotes by `speaker` (any speaker: every quote)."""
        if speaker is None:
            return (1 << len(self.claims)) - 1
        self._speakers_like(speaker)
        return self.by_expected[speaker][1]

    def _most_shared(self, snippet: list[str], speaker: str | None) -> int | None:
        """The first quote by the speaker with the largest share of the snippet's words, if that
        share reaches NEAR_SNIPPET (a word written twice counts twice, as in share()).

        A quote holding one of the snippet's rarer words is scored as share() scores it, when
        those and all the common words could be enough; every other quote holds only words of
        many quotes, and how many of them is counted in their masks for all quotes at once
        (`at_least`), from the most words down."""
        needed = next((n for n in range(len(snippet) + 1) if n / max(len(snippet), 1) >= NEAR_SNIPPET), None)
        if not snippet or needed is None:
            return None  # share() of an empty snippet is 0
        allowed = self._quotes_by(speaker)
        like = None if speaker is None else self._speakers_like(speaker)
        common: list[int] = []  # a mask for each common word of the snippet, as often as it is there
        rare_held: defaultdict[int, int] = defaultdict(int)  # quote -> the snippet's rare words it holds
        for w, times in Counter(snippet).items():
            holders = self.by_run.get((w,), [])
            if len(holders) < self.masked_from:
                for j in holders:
                    rare_held[j] += times
            else:
                if w not in self.word_masks:
                    self.word_masks[w] = bit_mask(holders, len(self.claims))
                common += [self.word_masks[w] & allowed] * times
        best, best_count = None, needed - 1  # the most words, and of those the first: as max()
        for j in sorted(rare_held):
            if rare_held[j] + len(common) > best_count and (like is None or self.claims[j].speaker in like):
                have = set(self.content[j])
                count = sum(w in have for w in snippet)
                if count > best_count:
                    best, best_count = j, count
        # a quote of common words only must hold as many to win; those holding a rare word are
        # scored above (in the masks, they hold fewer words than they do: never the first of them)
        fewest = max(needed, best_count)
        if len(common) >= fewest:
            levels = at_least(common, allowed, fewest)
            most = next((k for k in range(len(common), fewest - 1, -1) if levels[k]), None)
            if most is not None:
                first = (levels[most] & -levels[most]).bit_length() - 1  # the lowest bit set
                if most > best_count or best is None or first < best:
                    best = first
        return best


def quote_nearest(claims: Sequence[QuoteClaim]) -> Callable[[QuoteMatcher], tuple[QuoteClaim | None, str]]:
    """A KindMatching.nearest_index: see QuoteIndex."""
    return QuoteIndex(claims).nearest


def snapshot_quote(claim: QuoteClaim) -> dict[str, Any] | None:
    """The speaker and the first words."""
    entry: dict[str, Any] = {}
    if claim.speaker and norm_name(claim.speaker):  # a speaker with words in it
        entry["speaker"] = claim.speaker.strip()
    snippet = " ".join(claim.content.split()[:SNIPPET_WORDS])
    if words(snippet):
        entry["contains"] = snippet
    return entry or None


# -- pairing two texts' quotes -----------------------------------------------------------------
def same_speaker(a: QuoteClaim, b: QuoteClaim) -> bool:
    if norm_name(a.speaker) == norm_name(b.speaker):  # also both unknown
        return True
    return speaker_matches(a.speaker, b.speaker)


def same_words(a: QuoteClaim, b: QuoteClaim) -> bool:
    return words(a.content) == words(b.content)


def overlap(a: QuoteClaim, b: QuoteClaim) -> float:
    """How much two quotes share: each one's share of words found in the other, summed (0–2)."""
    wa, wb = words(a.content), words(b.content)
    return share(wa, wb) + share(wb, wa)


def reworded(a: QuoteClaim, b: QuoteClaim) -> bool:
    """The same speaker, and each quote holds at least REWORDED of the other's words."""
    if not same_speaker(a, b):
        return False
    wa, wb = words(a.content), words(b.content)
    return share(wa, wb) >= REWORDED and share(wb, wa) >= REWORDED


def _speaker_changed(old: QuoteClaim, new: QuoteClaim) -> Verdict:
    return "changed", f"speaker changed: {old.speaker or '(unknown)'} → {new.speaker or '(unknown)'}"


def _reworded(old: QuoteClaim, new: QuoteClaim) -> Verdict:
    return "reworded", f"{new.speaker or '(unknown speaker)'}: quote reworded"


PAIRING = (
    PairingPass("same", lambda o, n: same_words(o, n) and same_speaker(o, n)),
    PairingPass("speaker", same_words, _speaker_changed),
    # best-scoring pairs first, so a quote goes to its closest rewording
    PairingPass("reworded", reworded, _reworded, score=overlap),
)

# -- comparing sources -------------------------------------------------------------------------
#: A quote holding another's words as one run of at least this many words quotes the same words
#: (reports trim quotes); shorter runs are too common to mean anything.
MIN_TRIMMED = 6
#: Share of the shorter wording's words the longer must hold in the same order for two direct
#: quotes by one speaker to be one quote worded differently.
MISQUOTE_OVERLAP = 0.6
#: Quotes this short say too little to be told apart from another's ("It's for polygamy").
MISQUOTE_MIN_WORDS = 5
#: Quote confidence of a speaker named with a speech verb beside the quote (see the quotes component).
NAMED_ATTRIBUTION = 0.9
#: Two spellings of one word ("neighbourhood", "neighborhood") are at least this alike.
SPELLING_VARIANT = 0.8


def quoted_alike(a: QuoteClaim, b: QuoteClaim) -> bool:
    """The same words, or one quote is a trimmed copy of the other."""
    wa, wb = words(a.content), words(b.content)
    if wa == wb:
        return bool(wa)
    short, long = sorted((wa, wb), key=len)
    return len(short) >= MIN_TRIMMED and contains_words(long, short)


def other_speaker(a: QuoteClaim, b: QuoteClaim) -> bool:
    """Two different people or bodies, both named: a description ("the judge", "police") may be
    the named one, so it contradicts no one."""
    return (is_proper_name(a.speaker) and is_proper_name(b.speaker) and not same_speaker(a, b)
            and named_beside(a) and named_beside(b))


def _in_order_share(wa: list[str], wb: list[str]) -> float:
    """The share of the shorter wording's words the other holds in the same order."""
    if not wa or not wb:
        return 0.0
    blocks = difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks) / min(len(wa), len(wb))


@cache
def _function_words() -> frozenset[str]:
    return frozenset(lexicon.load("function_words.txt"))


def _trivial(old: list[str], new: list[str], at_edge: bool) -> bool:
    """A difference that changes no content: function words only ("I'm" / "I am"), a number
    written longer ("6" / "6:00"), the other spelling of a word ("offense" / "offence"), an
    abbreviation spelt out ("IE" / "Internet Explorer"), or words cut at the start or end of a
    quote (a trim, where one side is only function words)."""
    if all(w in _function_words() for w in old + new):
        return True
    if at_edge and (all(w in _function_words() for w in old) or all(w in _function_words() for w in new)):
        return True
    if not (old and new) and all(w.isdigit() for w in old + new):
        return True
    if _abbreviated(old, new) or _abbreviated(new, old):
        return True
    # spelling: compared as one string, so a split contraction or apostrophe still lines up
    # ("population's" / "populations'")
    return difflib.SequenceMatcher(None, "".join(old), "".join(new)).ratio() >= SPELLING_VARIANT


#: Words in brackets inside a quote are the reporter's, not the speaker's ("altered (its direction)").
_EDITORIAL = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def _comparable_words(text: str) -> list[str]:
    """The speaker's words, contractions split ("daughter's" -> "daughter", "s", so that it and
    "daughter has" differ only in a function word), the reporter's bracketed insertions left out."""
    return [part for w in words(_EDITORIAL.sub(" ", text)) for part in w.split("'") if part]


def _abbreviated(short: list[str], long: list[str]) -> bool:
    """One word that is the initials of the other side ("IE" / "Internet Explorer")."""
    return len(short) == 1 and len(long) > 1 and short[0] == "".join(w[0] for w in long)


def substantively_different(a: QuoteClaim, b: QuoteClaim) -> bool:
    """Some difference between two wordings that changes content, not only form."""
    wa, wb = _comparable_words(a.content), _comparable_words(b.content)
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        at_edge = (i1 == 0 and j1 == 0) or (i2 == len(wa) and j2 == len(wb))
        if op != "equal" and not _trivial(wa[i1:i2], wb[j1:j2], at_edge):
            return True
    return False


def named_beside(claim: QuoteClaim) -> bool:
    """The speaker was named beside the quote ("…," Homan said), not found through a pronoun or
    a neighbouring sentence: only such attributions are sure enough to contradict another."""
    return claim.confidence >= NAMED_ATTRIBUTION


def misquoted(a: QuoteClaim, b: QuoteClaim) -> bool:
    """Two direct quotes by one speaker, mostly the same words in the same order, differing in
    content words: one may misquote the other. (Only direct quotes claim to be someone's words:
    an indirect one may paraphrase freely; a trimmed copy leaves words out, not in.)"""
    if not (a.direct and b.direct and same_speaker(a, b)) or quoted_alike(a, b):
        return False
    if min(len(words(a.content)), len(words(b.content))) < MISQUOTE_MIN_WORDS:
        return False
    return (_in_order_share(words(a.content), words(b.content)) >= MISQUOTE_OVERLAP
            and substantively_different(a, b))


def _misquote_score(a: QuoteClaim, b: QuoteClaim) -> float:
    return _in_order_share(words(a.content), words(b.content))


def word_diff(old: str, new: str) -> str:
    """The second wording against the first, wdiff style: "[-severely undermine-] {+damage+}"."""
    a, b = old.split(), new.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, [w.lower() for w in a],
                                                      [w.lower() for w in b], autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(b[j1:j2])
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


def _reattributed(a: QuoteClaim, b: QuoteClaim) -> Judgement:
    return Judgement("disagreement", f"same words, other speaker: {a.speaker} against {b.speaker}: "
                     f"“{shorten(a.content)}”")


def _misquoted(a: QuoteClaim, b: QuoteClaim) -> Judgement:
    return Judgement("possible_misquote", f"{a.speaker or '(unknown speaker)'}: the same quote, worded "
                     "differently", word_diff(a.content, b.content))


COMPARING = (
    PairingPass("same", lambda a, b: quoted_alike(a, b) and same_speaker(a, b)),
    PairingPass("speaker", lambda a, b: quoted_alike(a, b) and other_speaker(a, b), judge=_reattributed),
    PairingPass("misquote", misquoted, score=_misquote_score, judge=_misquoted),
)


MATCHING = KindMatching(
    expectation=QuoteExpectation,
    expects="Quotes that must be found.",
    matcher=QuoteMatcher,
    describe_expectation=describe_quote_expectation,
    describe_claim=describe_quote,
    snapshot=snapshot_quote,
    pairing=PAIRING,
    one_to_one=False,  # two snippets of one long quote
    comparing=COMPARING,
    shortlist=quote_shortlist,
    nearest_index=quote_nearest,
)
