"""Dates that name one calendar day, and the article's own date (its dateline or first line).

Absolute dates ("September 28, 2017", "28 Sept. 2017", "2017-09-28") are found with precompiled
regexes and read with `dateutil.parser`; days named relative to publication ("Wednesday",
"last Tuesday", "yesterday", "two days ago") are resolved with `dateutil.relativedelta` against
the published date. Durations, vague periods, years and months alone are not days: no claim.

Resolution convention for a bare weekday: the most recent such day on or before publication
(news reports past events: "ended Wednesday" in a Thursday paper is the day before), so a
weekday equal to the publication's weekday is the publication day itself. A weekday whose verb
has a future auxiliary ("will meet Friday") or "next" points forward; "last" points strictly back.
A month and day without a year take the year that puts them nearest to publication, on or
before it for a past-tense verb ("was arrested June 8"), on or after it for a future one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta, weekday
from spacy.tokens import Doc

from ..models import DateClaim
from .base import PUBLISHED_KEY, ClaimComponent, SentenceIndex

_PARSER_DEFAULT = dt.datetime(2000, 1, 1)  # a leap year, so "Feb. 29" without year parses
_FIRST_LINES = 3
_HEAD_CHARS = 600
#: Letters a date line may hold besides the date, labels and times ("Washington DC CNA").
_RESIDUE_CHARS = 20


def _cased(words: list[str]) -> str:
    """Capitalised and upper-case forms, longest first: month and day names are proper nouns."""
    forms = {f for w in words for f in (w.capitalize(), w.upper())}
    return "|".join(sorted(forms, key=len, reverse=True))


@dataclass(frozen=True)
class Patterns:
    """The regexes of `lexicon/dates.json`, compiled once per component, with the lexicon itself."""

    lex: dict
    absolute: re.Pattern[str]
    weekday: re.Pattern[str]
    weekday_mod: re.Pattern[str]
    day_word: re.Pattern[str]
    days_ago: re.Pattern[str]
    days_ago_number: re.Pattern[str]
    dateline_residue: re.Pattern[str]
    dateline_prefix: re.Pattern[str]
    dateline_suffix: re.Pattern[str]


def compile_patterns(lex: dict) -> Patterns:
    months = lex["months"]
    longest = {n: max((w for w, m in months.items() if m == n), key=len) for n in months.values()}
    abbreviations = [w for w in lex["months"] if w not in longest.values()]
    # Before the day any month may take a dot ("May. 3"); after it only an abbreviation may, since
    # in "on 5 May." the dot ends the sentence.
    month_first = rf"(?:{_cased(list(months))})\b\.?"
    month = rf"(?:(?:{_cased(abbreviations)})\b\.?|(?:{_cased(list(longest.values()))})\b)"
    full_days = [w for w in lex["weekdays"] if w.endswith("day")]  # abbreviations only on date lines
    day = r"(?<![\d.,$£€])(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
    year = r"(?P<{g}>(?:1[6-9]|20)\d\d)(?!\d)"
    # Each pattern opens with a cheap guard (a capital or a digit, a day name) so the scan stays fast.
    absolute = re.compile(
        rf"(?=[A-Z\d])(?:(?P<md>{month_first}[ \t]+{day})(?:,?[ \t]+{year.format(g='y1')})?"
        rf"|(?P<dm>{day}[ \t]+(?:of[ \t]+)?{month})(?:,?[ \t]+{year.format(g='y2')})?"
        rf"|(?P<iso>(?<![\d-])(?P<y3>(?:1[6-9]|20)\d\d)-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?![\d-]))"
        # "09/14/2013" (month first unless the first number is over 12), only with a four-digit year
        rf"|(?P<num>(?<![\d/.])(?:[12]\d|3[01]|0?[1-9])[ \t]*/[ \t]*(?:[12]\d|3[01]|0?[1-9])[ \t]*/[ \t]*"
        rf"(?P<y4>(?:1[6-9]|20)\d\d)(?![\d/])))"
    )
    mods = "last|next|this|on|early|late|since|until|by|from"
    weekday_re = re.compile(rf"\b(?=[MTWFS])(?P<day>{_cased(full_days)})\b(?![sS]\b)")
    weekday_mod = re.compile(rf"\b(?P<mod>(?i:{mods}))[ \t]+$")
    day_word = re.compile(rf"\b(?=[yYtT])(?P<word>(?i:{'|'.join(lex['day_words'])}))\b")
    numbers = "|".join(lex["small_numbers"])
    days_ago = re.compile(r"(?<=[ \t])(?=[dD])(?i:days?)[ \t]+(?i:ago)\b")
    days_ago_number = re.compile(rf"\b(?P<n>\d{{1,2}}|(?i:{numbers}))[ \t]+$")
    labels = "|".join(re.escape(w) for w in sorted(lex["dateline_labels"], key=len, reverse=True))
    all_days = "|".join(lex["weekdays"])
    dateline_residue = re.compile(
        rf"(?i:\b(?:{labels}|{all_days})\b\.?)"
        r"|\d{1,2}[:.] ?\d\d(?:[:.]\d\d)?(?: ?[ap]\.? ?m\b\.?)?"  # times: "6:15 p.m.", "11: 41am"
        r"|[^\w\s]|\s+"
    )
    # "WASHINGTON, Sept. 28, 2017 (Reuters) -": a place in capitals, an agency, then a dash.
    place = r"[A-Z][\w.'’-]*(?:[ ,]+[A-Z][\w.'’-]*){0,4},?\s*"
    dateline_prefix = re.compile(rf"^\s*(?:{place})?(?:\([^)\n]{{1,40}}\)\s*)?$")
    dateline_suffix = re.compile(r"^\s*(?:\([^)\n]{1,40}\)\s*)?[-–—:]")
    return Patterns(
        lex, absolute, weekday_re, weekday_mod, day_word, days_ago, days_ago_number,
        dateline_residue, dateline_prefix, dateline_suffix,
    )


def _parse_absolute(m: re.Match[str]) -> tuple[dt.date, bool] | None:
    """The day an absolute-date match names and whether its year was written; None if impossible."""
    has_year = any(m.group(g) for g in ("y1", "y2", "y3", "y4"))
    text = m.group(0)
    if m.group("num"):  # dateutil reads 16/08/2011 day first since 16 cannot be a month
        text = re.sub(r"\s", "", text)
    if m.group("dm"):  # dateutil reads "28th of September" but not "of" before a year
        text = text.replace(" of ", " ")
    try:
        return date_parser.parse(text, default=_PARSER_DEFAULT).date(), has_year
    except (ValueError, OverflowError):
        return None


def _resolve_year(day: dt.date, published: dt.date, tense: str | None) -> dt.date | None:
    """The month and day in the year (published year ± 1) that fits the tense: the latest on or
    before publication for a past verb, the first on or after it for a future one, else the nearest."""
    options = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            options.append(day.replace(year=year))
        except ValueError:  # Feb 29 in a common year
            continue
    if tense == "past":
        options = [d for d in options if d <= published] or options
    elif tense == "future":
        options = [d for d in options if d >= published] or options
    return min(options, key=lambda d: abs((d - published).days), default=None)


def find_published(text: str, pats: Patterns) -> dt.date | None:
    """The article's own date: a date line or a dateline among its first lines, with a year.

    Accepted: a line that is little more than a date ("September 28, 2017",
    "Published: Thu 28 Sep 2017 10.31 BST") or a dateline ("WASHINGTON, Sept. 28, 2017 (Reuters) -").
    A dateline without a year gives no published date.
    """
    head = text[:_HEAD_CHARS]
    lines = [line for line in head.splitlines() if line.strip()][:_FIRST_LINES]
    for line in lines:
        for m in pats.absolute.finditer(line):
            is_date_line = len(pats.dateline_residue.sub("", pats.absolute.sub("", line))) <= _RESIDUE_CHARS
            is_dateline = bool(
                m.start() <= 60
                and pats.dateline_prefix.match(line[: m.start()])
                and pats.dateline_suffix.match(line[m.end() :])
            )
            if not (is_date_line or is_dateline):
                continue
            parsed = _parse_absolute(m)
            if parsed is None or not parsed[1]:
                return None
            return parsed[0]
    return None


def _tense(doc: Doc, start: int, end: int, lex: dict) -> str | None:
    """"future", "past" or None (unknown / present) for the verb the span depends on.

    Future: a future auxiliary ("will meet Friday", "is expected to rule Friday" through its
    complement) or a present-tense verb of scheduling ("is scheduled for Friday"). Past: a
    past-tense verb or auxiliary ("was arrested June 8"). A past verb of scheduling ("was set
    for October 28") is unknown: the plan was made in the past, its day may still lie ahead.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:  # without a parser every dep_ is "": tense unknown
        return None
    future_aux, scheduling = set(lex["future_aux"]), set(lex["scheduling_lemmas"])
    token = span.root
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") or (token.pos_ == "ADJ" and token.lemma_ in scheduling):
            auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
            if any(c.lower_ in future_aux for c in auxes):
                return "future"
            past = token.tag_ == "VBD" or any(c.tag_ == "VBD" for c in auxes)
            if token.lemma_ in scheduling:  # "was set for October 28": a plan, its day unknown
                return None if past else "future"
            if past:
                return "past"
            if token.dep_ != "xcomp":  # "expected to rule Friday": the tense is the governor's
                return None
        if token.head.i == token.i:  # the root (spaCy makes a new Token on every access: no `is`)
            break
        token = token.head
    return None


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"“‘'(")
    return not before or before[-1] in ".!?\n:"


def _names_a_day(text: str, start: int, prev: str) -> bool:
    """A weekday right after a capitalised word (not an acronym, not opening the sentence)."""
    adjacent = re.search(r"\w[ \t]$", text[max(0, start - 2) : start])
    if not prev[:1].isupper() or prev.isupper() or not adjacent:
        return False
    return not _sentence_initial(text, start - 1 - len(prev))


def _previous_word(text: str, start: int) -> str:
    m = re.search(r"([\w'’-]+)\W*$", text[max(0, start - 30) : start])
    return m.group(1) if m else ""


#: How sure each stage is: a written year leaves nothing to resolve; a weekday or "yesterday"
#: depends on the published date and on reading the tense right.
CONFIDENCE_ABSOLUTE = 0.95
CONFIDENCE_NO_YEAR = 0.85
CONFIDENCE_WEEKDAY = 0.75
CONFIDENCE_DAY_WORD = 0.7
CONFIDENCE_DAYS_AGO = 0.7


@dataclass(frozen=True)
class DateContext:
    """What every stage reads: the Doc (for tense), its text, the rules and the published date."""

    doc: Doc
    text: str
    pats: Patterns
    published: dt.date | None


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    value: dt.date | None
    relative: bool
    confidence: float


def absolute_dates(ctx: DateContext) -> Iterator[FoundDate]:
    """"September 28, 2017", "28 Sept.", "2017-09-28"; a month and day alone take the year the
    verb's tense fits, except in an event's name ("the September 11 attacks")."""
    event_nouns = set(ctx.pats.lex["event_nouns"])
    for m in ctx.pats.absolute.finditer(ctx.text):
        parsed = _parse_absolute(m)
        if parsed is None:
            continue
        day, has_year = parsed
        if has_year:
            yield FoundDate(m.start(), m.end(), day, False, CONFIDENCE_ABSOLUTE)
            continue
        following = re.match(r"[ \t]+([a-z]+)", ctx.text[m.end() : m.end() + 30])
        if following and following.group(1) in event_nouns:
            continue
        tense = _tense(ctx.doc, m.start(), m.end(), ctx.pats.lex)
        value = _resolve_year(day, ctx.published, tense) if ctx.published else None
        yield FoundDate(m.start(), m.end(), value, True, CONFIDENCE_NO_YEAR)


def resolve_weekday(published: dt.date, day: int, mod: str, future: bool) -> dt.date:
    """The day a weekday names: "last X" strictly before publication, "next X" strictly after, a
    future verb the next such day (publication day included), otherwise the most recent one."""
    wd = weekday(day)
    if mod == "last":
        return published - dt.timedelta(days=1) + relativedelta(weekday=wd(-1))
    if mod == "next" or future:
        value = published + dt.timedelta(days=1) + relativedelta(weekday=wd(+1))
        if mod != "next" and value - published == dt.timedelta(days=7):
            return published
        return value
    return published + relativedelta(weekday=wd(-1))


def _weekday_names_no_day(ctx: DateContext, start: int, end: int, mod: str, prev: str) -> bool:
    """A weekday that is part of something else: an absolute date that follows ("Thursday,
    September 28"), a named or habitual day ("Black Friday", "every Monday", "Oscar Sunday"),
    or a title ("Sunday Times")."""
    lex, text = ctx.pats.lex, ctx.text
    after = text[end : end + 40]
    if ctx.pats.absolute.match(after.lstrip(" ,\t")):
        return True
    if prev in lex["named_day_prefixes"] or prev.lower() in lex["habitual_prefixes"]:
        return True
    if mod:
        return False
    return _names_a_day(text, start, prev) or bool(
        re.match(r"[ \t]+[A-Z][a-z]", after) and not ctx.pats.absolute.match(after.lstrip())
    )


def weekdays(ctx: DateContext) -> Iterator[FoundDate]:
    """"Wednesday", "last Tuesday", "will vote Friday", resolved against the published date."""
    for m in ctx.pats.weekday.finditer(ctx.text):
        start, end = m.span("day")
        mod_match = ctx.pats.weekday_mod.search(ctx.text, max(0, start - 8), start)
        mod = mod_match.group("mod").lower() if mod_match else ""
        phrase_start = mod_match.start() if mod_match else start
        if _weekday_names_no_day(ctx, start, end, mod, _previous_word(ctx.text, phrase_start)):
            continue
        if mod in ("last", "next", "this"):
            start = phrase_start
        value = None
        if ctx.published is not None:
            future = _tense(ctx.doc, start, end, ctx.pats.lex) == "future"
            day = ctx.pats.lex["weekdays"][m.group("day").lower()]
            value = resolve_weekday(ctx.published, day, mod, future)
        yield FoundDate(start, end, value, True, CONFIDENCE_WEEKDAY)


def day_words(ctx: DateContext) -> Iterator[FoundDate]:
    """"yesterday", "today", "tomorrow"; capitalised inside a sentence it is a title ("USA Today")."""
    for m in ctx.pats.day_word.finditer(ctx.text):
        word = m.group("word")
        if word[0].isupper() and not _sentence_initial(ctx.text, m.start()):
            continue
        offset = ctx.pats.lex["day_words"][word.lower()]
        value = ctx.published + dt.timedelta(days=offset) if ctx.published else None
        yield FoundDate(m.start(), m.end(), value, True, CONFIDENCE_DAY_WORD)


def days_ago(ctx: DateContext) -> Iterator[FoundDate]:
    """"two days ago", "3 days ago"."""
    for m in ctx.pats.days_ago.finditer(ctx.text):
        number = ctx.pats.days_ago_number.search(ctx.text, max(0, m.start() - 8), m.start())
        if number is None:
            continue
        n = number.group("n").lower()
        days = int(n) if n.isdigit() else ctx.pats.lex["small_numbers"][n]
        value = ctx.published - dt.timedelta(days=days) if ctx.published else None
        yield FoundDate(number.start(), m.end(), value, True, CONFIDENCE_DAYS_AGO)


#: Tried in order; a later stage never takes text an earlier one took ("Thursday" inside
#: "Thursday, September 28, 2017" is the absolute date's).
Stage = Callable[[DateContext], Iterator[FoundDate]]
STAGES: tuple[Stage, ...] = (absolute_dates, weekdays, day_words, days_ago)


def find_dates(
    doc: Doc, pats: Patterns, published: dt.date | None = None, *, text: str | None = None
) -> Iterator[DateClaim]:
    """DateClaims for every expression naming one day; relative ones resolve against `published`."""
    ctx = DateContext(doc, doc.text if text is None else text, pats, published)
    sentences = SentenceIndex(doc)
    taken: list[tuple[int, int]] = []
    for stage in STAGES:
        for found in stage(ctx):
            if any(found.start < e and s < found.end for s, e in taken):
                continue
            taken.append((found.start, found.end))
            yield DateClaim(
                text=ctx.text[found.start : found.end], start=found.start, end=found.end,
                sentence=sentences(found.start), confidence=found.confidence,
                value=found.value, relative=found.relative,
            )


class DatesComponent(ClaimComponent):
    """Stores the published date in `doc.user_data[PUBLISHED_KEY]` and one `date` claim per day named."""

    factory = "factpull_dates"
    rule_files = ("dates.json",)

    def compile_rules(self) -> None:
        self.patterns = compile_patterns(self.rules["dates.json"])

    def find(self, doc: Doc) -> list[DateClaim]:
        text = doc.text
        published = find_published(text, self.patterns)
        if published is not None:
            doc.user_data[PUBLISHED_KEY] = published.isoformat()
        return sorted(find_dates(doc, self.patterns, published, text=text), key=lambda c: c.start)
