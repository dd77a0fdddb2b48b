"""Counts: numbers of discrete things or people the text states ("more than 300 people were arrested").

A count is read in named stages, each a small function over the parse:

1. find the numbers (`numbers.find_numbers`), drop those that are money or percentages (the
   amounts' unit stages) and those inside a date the dates component read;
2. drop numbers that are something else whatever follows them (`NUMBER_EXCLUSIONS`: identifiers,
   ranks, fractions, clock times, model numbers, ratios, scores, years, ...);
3. read what the number counts, by the first reading stage that applies (`READINGS`): a plural
   noun it quantifies ("107 immigrants"), an "of" phrase it picks from ("two of the suspects"),
   or nothing, as the subject of an event verb ("three were killed"). A quantified noun must pass
   `NOUN_EXCLUSIONS` (time units, measures, rates, names, currencies, singulars, ...);
4. the event: the verb the count takes part in (`event_of`), and the predicate noun that says
   what was counted when the count is a generic "people" (`predicate_counted`);
5. the place: the nearest place of the places component in the same clause (`place_of`).

Every word list comes from the component's rule files (`count_exclusions.json`, and through
numbers/amounts `numbers.json`, `qualifiers.json`, `units.json`), compiled by
`compile_count_rules`. The singular-noun test does much of the work: "the 2005 election",
"flight 370" and "a 34-year-old man" all quantify nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..models import CountClaim
from .amounts import UnitRules, amount_unit, compile_unit_rules
from .base import ClaimComponent, SentenceIndex, stored_claims
from .numbers import DASHES, NumberRules, NumberSpan, compile_number_rules, end_char, find_numbers

#: A number quantifying a plural noun: "107 undocumented immigrants".
QUANTIFIED_NOUN_CONFIDENCE = 0.9
#: "one man died": a count of one is stated less surely, since "one" often acts as an article.
COUNT_OF_ONE_CONFIDENCE = 0.6
#: "two of the suspects": the "of" phrase names the set the number picks from.
OF_PHRASE_CONFIDENCE = 0.75
#: "50 were injured": nothing says what was counted.
BARE_SUBJECT_CONFIDENCE = 0.5
#: "Nine people were killed and two dozen were hurt": a bare number counts what the count before
#: it in the same or the previous sentence counted.
ANTECEDENT_COUNT_CONFIDENCE = 0.45
#: "Police clashed with protesters and 12 were arrested": ... or the plural noun before it.
ANTECEDENT_NOUN_CONFIDENCE = 0.4

_NOUNS = frozenset({"NOUN", "PROPN"})
_VERBS = frozenset({"VERB", "AUX"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "attr"})
#: Dependencies by which a number quantifies the noun it hangs from.
_QUANTIFYING = frozenset({"nummod", "amod", "compound", "quantmod", "nmod"})
#: Clause-internal modifiers: a place inside them still belongs to the clause of the count.
_NP_CLAUSES = frozenset({"acl", "relcl"})
_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
#: Entity labels of a number that is part of a date or a time.
_TIME_LABELS = frozenset({"DATE", "TIME"})
_LONG_WORD = re.compile(r"[A-Za-z]{4,}")
#: The preposition of a partitive ("two of the suspects") and of a list's head ("among those arrested").
_OF, _AMONG = "of", "among"


# -- rules ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CountRules:
    """The word lists of `count_exclusions.json` plus the number and unit rules, compiled once."""

    numbers: NumberRules
    units: UnitRules
    words: Mapping[str, frozenset[str]]
    """Each list of `count_exclusions.json` by its key ("time_nouns", "rank_words", ...)."""
    ratio_phrases: tuple[tuple[str, ...], ...] = ()
    """The words of `ratio_words`, split: ("in",), ("out", "of")."""
    max_counted_tokens: int = 16
    place_window: int = 60
    min_confidence: float = 0.0

    def has(self, key: str, word: str) -> bool:
        return word in self.words[key]


def compile_count_rules(rules: Mapping[str, Any], **settings: Any) -> CountRules:
    exclusions = rules["count_exclusions.json"]
    return CountRules(
        numbers=compile_number_rules(rules["numbers.json"], rules["qualifiers.json"], rules["units.json"]),
        units=compile_unit_rules(rules["units.json"]),
        words={k: frozenset(v) for k, v in exclusions.items() if not k.startswith("_")},
        ratio_phrases=tuple(tuple(w.split()) for w in exclusions["ratio_words"]),
        **settings,
    )


# -- small readings of the parse ----------------------------------------------------------------
def number_head(doc: Doc, num: NumberSpan) -> Token:
    """The number's token whose syntactic head lies outside the number."""
    for tok in doc[num.start : num.end]:
        if not num.start <= tok.head.i < num.end or tok.head.i == tok.i:
            return tok
    return doc[num.end - 1]


def _token_after(doc: Doc, num: NumberSpan) -> Token | None:
    return doc[num.end] if num.end < len(doc) else None


def _token_before(doc: Doc, num: NumberSpan) -> Token | None:
    return doc[num.outer_start - 1] if num.outer_start > 0 else None


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def is_plural(noun: Token, rules: CountRules) -> bool:
    return noun.tag_ in _PLURAL_TAGS or rules.has("invariant_nouns", noun.lower_)


def title_case_line(tok: Token) -> bool:
    """Whether the token's line is written in title case (a headline)."""
    doc = tok.doc
    start, end = tok.i, tok.i
    while start > 0 and "\n" not in doc[start - 1].text_with_ws:
        start -= 1
    while end + 1 < len(doc) and "\n" not in doc[end].text_with_ws:
        end += 1
    words = _LONG_WORD.findall(doc[start : end + 1].text)
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def is_year(doc: Doc, num: NumberSpan) -> bool:
    text = doc[num.start].text
    return num.end - num.start == 1 and len(text) == 4 and text.isdigit() and 1000 <= int(text) <= 2100


def _ambiguous_glued_scale(doc: Doc, num: NumberSpan, rules: CountRules) -> bool:
    """'50m', '400m': a scale glued to the digits that may be metres."""
    last = doc[num.end - 1]
    return num.end - num.start > 1 and last.lower_.rstrip(".") in rules.numbers.ambiguous_glued and not (
        doc[num.end - 2].whitespace_
    )


# -- stage 2: numbers that are not counts, whatever follows them ------------------------------
NumberExclusion = Callable[[Doc, NumberSpan, CountRules], bool]


def looks_like_identifier(doc: Doc, num: NumberSpan, rules: CountRules) -> bool:
    """'007', phone and ID numbers: a leading zero, or seven digits and more without separators."""
    first = doc[num.start].text
    if num.spelled:
        return False
    digits = first.replace(",", "").split(".")[0]
    if first.startswith("0") and len(digits) > 1:
        return True
    return "," not in first and len(digits) >= 7 and num.end - num.start == 1


def follows_rank_word(doc: Doc, num: NumberSpan, rules: CountRules) -> bool:
    """'top 10 cities', 'No. 3', 'aged 34', and superlative lists: 'the 10 most endangered
    sites', '50 biggest firms'."""
    before, after = _token_before(doc, num), _token_after(doc, num)
    if before is not None and rules.has("rank_words", before.lower_):
        return True
    return after is not None and (after.tag_ in ("JJS", "RBS") or rules.has("superlatives", after.lower_))


def is_fraction(doc: Doc, num: NumberSpan, rules: CountRules) -> bool:
    """'0.41 of its shares': only whole things are counted (1.2 million is whole)."""
    return not float(num.value).is_integer()


def is_clock_time(doc: Doc, num: NumberSpan, rules: CountRules) -> bool:
    """'11 p.m.', '9am'."""
    after = _token_after(doc, num)
    return after is not None and rules.has("clock_words", after.lower_)


def is_model_number(doc: Doc, num: NumberSpan, rules: CountRules) -> bool:
    """'Windows 7', 'HD 4000 graphics': digits after a name; 'the 60m hurdles' (metres)."""
    before = _token_before(doc, num)
    if before is None or num.spelled:
        return False
    if (
        before.tag_ in ("NNP", "NNPS")
        and num.outer_start == num.start
        and not before.is_sent_start
        and before.ent_type_ not in ("GPE", "LOC", "NORP", "DATE", "TIME")
        and not title_case_line(before)
    ):
        return True
    return before.lower_ == "the" and _ambiguous_glued_scale(doc, num, rules)


def _words(span: Span) -> tuple[str, ...]:
    return tuple(t.lower_ for t in span)


def _other_number(tok: Token | None) -> bool:
    """A number that is no year: '500' in '1 in 500', not '2017' in 'arrested 12 in 2017'."""
    return tok is not None and tok.like_num and not (len(tok.text) == 4 and tok.text.isdigit())


def is_ratio(doc: Doc, num: NumberSpan, rules: CountRules) -> bool:
    """'one in three visits', '1 in 500 users', 'nine out of 10 separations': a proportion, not a
    count (either number of it)."""
    for phrase in rules.ratio_phrases:
        n = len(phrase)
        before = doc[num.outer_start - n : num.outer_start] if num.outer_start > n else None
        if before is not None and _words(before) == phrase and doc[before.start - 1].like_num:
            return True
        after = doc[num.end : num.end + n]
        if _words(after) == phrase and num.end + n < len(doc) and _other_number(doc[num.end + n]):
            return True
    return False


def glued_to_word(doc: Doc, num: NumberSpan, rules: CountRules) -> bool:
    """'2G networks', '3D films', '4x4 vehicles': digits glued to letters name a kind of thing."""
    last, after = doc[num.end - 1], _token_after(doc, num)
    if last.whitespace_ or after is None or num.spelled:
        return False
    return after.is_alpha and not after.is_punct


def beside_dashed_number(doc: Doc, num: NumberSpan, rules: CountRules) -> bool:
    """Records and scores set with spaced dashes: '(2 - 13, 1 - 7 home)'."""
    before = doc[num.outer_start - 2 : num.outer_start] if num.outer_start >= 2 else None
    after = doc[num.end : num.end + 2] if num.end + 2 <= len(doc) else None
    return bool(
        (before is not None and before[1].text in DASHES and (before[0].like_num or before[0].is_upper))
        or (after is not None and after[0].text in DASHES and after[1].like_num)
    )


def is_dated_year(doc: Doc, num: NumberSpan, rules: CountRules) -> bool:
    """'2017 officials' across a dateline; 'the 1990 riots'."""
    return is_year(doc, num) and doc[num.start].ent_type_ in _TIME_LABELS


def is_descending_range(doc: Doc, num: NumberSpan, rules: CountRules) -> bool:
    """'10-3' is no range of things: a score, a record or a reference."""
    return num.value_high is not None and num.value_high <= num.value


def is_score(doc: Doc, num: NumberSpan, rules: CountRules) -> bool:
    """'won 3-1', 'a 2-1 victory': a dashed pair next to a score word."""
    if not num.dashed:
        return False
    head = number_head(doc, num)
    near = [head.head, *(doc[i] for i in range(max(num.outer_start - 2, 0), num.outer_start))]
    return any(rules.has("score_verbs", _lemma(t)) or rules.has("score_nouns", _lemma(t)) for t in near)


NUMBER_EXCLUSIONS: tuple[NumberExclusion, ...] = (
    looks_like_identifier,
    follows_rank_word,
    is_fraction,
    is_clock_time,
    is_model_number,
    is_ratio,
    glued_to_word,
    beside_dashed_number,
    is_dated_year,
    is_descending_range,
    is_score,
)


# -- stage 3a: a noun the number quantifies, and the nouns that are not counted --------------------
def quantified_noun(doc: Doc, num: NumberSpan, head: Token) -> Token | None:
    """The noun the number modifies ('107 immigrants'), skipping designations between them
    ('12 AK-47 rifles', 'six M-16 rifles'); None when the number modifies no noun after it."""
    if head.dep_ not in _QUANTIFYING:
        return None
    noun = head.head
    while (noun.dep_ == "compound" or noun.pos_ == "NUM") and noun.i < noun.head.i <= noun.i + 3:
        noun = noun.head
    return noun if noun.pos_ in _NOUNS and noun.i >= num.end else None


NounExclusion = Callable[[Doc, NumberSpan, Token, CountRules], bool]


def measures(noun: Token, rules: CountRules) -> bool:
    """Time units and measures ('three weeks', '40 km'): a number before them counts nothing discrete."""
    forms = (_lemma(noun), noun.lower_)
    return any(rules.has("time_nouns", w) or rules.has("measure_nouns", w) for w in forms)


def is_uncountable(doc: Doc, num: NumberSpan, noun: Token, rules: CountRules) -> bool:
    """'three weeks', '40 km', '20 tonnes of rice'."""
    return measures(noun, rules)


def is_rate(doc: Doc, num: NumberSpan, noun: Token, rules: CountRules) -> bool:
    """'two megabits per second', 'five buildings away': rates and distances measure."""
    if noun.i + 1 >= len(doc):
        return False
    nxt = doc[noun.i + 1]
    if rules.has("measure_adverbs", nxt.lower_):
        return True
    if not rules.has("rate_words", nxt.lower_) or nxt.i + 1 >= len(doc):
        return False
    return nxt.lower_ == "per" or rules.has("time_nouns", _lemma(doc[nxt.i + 1]))


def is_name(doc: Doc, num: NumberSpan, noun: Token, rules: CountRules) -> bool:
    """'Six Nations', 'the Big Ten': a capitalised number word inside a proper name."""
    if noun.tag_ in ("NNP", "NNPS") and noun.dep_ == "compound" and noun.head.i > noun.i:
        return True
    first = doc[num.start]
    return (
        num.spelled and first.is_title and not first.is_sent_start and noun.is_title
        and not title_case_line(first)
    )


def is_year_of_a_name(doc: Doc, num: NumberSpan, noun: Token, rules: CountRules) -> bool:
    """'the 2005 Golden Globe Awards', '2012 Olympics': a year in the name of an event."""
    return is_year(doc, num) and noun.tag_ in ("NNP", "NNPS")


def is_vague_noun(doc: Doc, num: NumberSpan, noun: Token, rules: CountRules) -> bool:
    """'two things stood out': no checkable number of anything."""
    return rules.has("vague_nouns", _lemma(noun))


def is_currency(doc: Doc, num: NumberSpan, noun: Token, rules: CountRules) -> bool:
    """'280 million of the 1.5 billion shekels' is money, not a count."""
    return noun.lower_ in rules.units.words


def is_singular(doc: Doc, num: NumberSpan, noun: Token, rules: CountRules) -> bool:
    """A number above one before a singular noun quantifies nothing ('the 2005 election'); one
    before a plural is not a count either ('one thousands')."""
    if num.value == 1 and num.value_high is None:
        return is_plural(noun, rules) or doc[num.start].lower_ in rules.numbers.articles
    return not is_plural(noun, rules)


def is_one_as_article(doc: Doc, num: NumberSpan, noun: Token, rules: CountRules) -> bool:
    """'one key change is ...', 'according to one calculation', 'one report said': a count of one
    only when the noun takes part in an event other than speaking."""
    if num.value != 1 or num.value_high is not None:
        return False
    if rules.has("vague_one_nouns", _lemma(noun)):
        return True
    event = event_of(noun, rules)
    return event.lemma is None or rules.has("source_verbs", event.lemma)


def across_lines(doc: Doc, num: NumberSpan, noun: Token, rules: CountRules) -> bool:
    """A number and a noun on different lines belong to different sentences."""
    return "\n" in doc[num.end - 1 : noun.i].text


def measures_a_modifier(doc: Doc, num: NumberSpan, noun: Token, rules: CountRules) -> bool:
    """'24-hour periods', 'a four-book series', 'six month losses': the number measures the
    word after it, and that phrase modifies the noun."""
    i = num.end
    if i >= noun.i:
        return False
    nxt = doc[i]
    if nxt.text in DASHES and not doc[i - 1].whitespace_ and not nxt.whitespace_ and i + 1 < noun.i:
        return doc[i + 1].tag_ in ("NN", "JJ") or rules.has("time_nouns", _lemma(doc[i + 1]))
    return rules.has("time_nouns", _lemma(nxt)) or rules.has("measure_nouns", _lemma(nxt))


NOUN_EXCLUSIONS: tuple[NounExclusion, ...] = (
    is_uncountable,
    is_rate,
    is_name,
    is_year_of_a_name,
    is_vague_noun,
    is_currency,
    is_singular,
    is_one_as_article,
    across_lines,
    measures_a_modifier,
)


# -- stage 3: what the number counts ----------------------------------------------------------
@dataclass(frozen=True)
class Reading:
    """What a reading stage found: the counted head noun and phrase (None for a bare number),
    the token after the claim's text, the token whose clause gives the event and place, and the
    stage's confidence."""

    noun: Token | None
    counted: Span | None
    end: int
    anchor: Token
    confidence: float


#: A reading stage's verdict that the number is no count at all (no later stage is tried).
NOT_A_COUNT = "not a count"
ReadingStage = Callable[[Doc, NumberSpan, Token, CountRules], "Reading | str | None"]


def hyphen_tail(noun: Token) -> Token:
    """'Mini-workers', 'e-mails': the parser may stop at the first part of a hyphenated noun."""
    doc = noun.doc
    i = noun.i
    while (
        i + 2 < len(doc)
        and doc[i + 1].text == "-"
        and not doc[i].whitespace_
        and not doc[i + 1].whitespace_
        and doc[i + 2].pos_ in _NOUNS
    ):
        i += 2
    return doc[i]


def counted_span(doc: Doc, num: NumberSpan, noun: Token, rules: CountRules) -> Span:
    """The counted noun phrase: from after the number to the noun, plus the post-modifiers that
    say which things are counted ("people with convictions", "people who had been deported");
    participle phrases ("immigrants living in X") are left out."""
    start = num.end
    between = doc[start : noun.i]
    if (
        not all(noun.left_edge.i <= t.i for t in between)
        or any(t.is_punct and t.text not in ("-", "'") for t in between)
        or any(t.lower_ in rules.numbers.connectors for t in between)  # "from 155,000 to 110,000 staff"
    ):
        start = noun.i
    end = noun.i + 1
    for child in noun.rights:
        if child.left_edge.i != end:
            break
        kept = child.dep_ == "relcl" or (
            child.dep_ == "prep"
            and rules.has("kept_prepositions", child.lower_)
            and any(c.dep_ == "pobj" and c.pos_ in (*_NOUNS, "PRON") for c in child.children)
        )
        if not kept or child.right_edge.i + 1 - start > rules.max_counted_tokens:
            break
        end = child.right_edge.i + 1
    while end - 1 > start and doc[end - 1].is_punct:
        end -= 1
    while start < noun.i and doc[start].is_punct:
        start += 1
    return doc[start:end]


def read_quantified_noun(doc: Doc, num: NumberSpan, head: Token, rules: CountRules) -> Reading | str | None:
    """'107 undocumented immigrants', 'five women's basketball players' (counts players)."""
    noun = quantified_noun(doc, num, head)
    if noun is None:
        return None
    if any(exclusion(doc, num, noun, rules) for exclusion in NOUN_EXCLUSIONS):
        return NOT_A_COUNT
    noun = hyphen_tail(noun)
    if noun.dep_ == "poss" and noun.head.pos_ == "NOUN" and is_plural(noun.head, rules):
        noun = noun.head
    counted = counted_span(doc, num, noun, rules)
    one = num.value == 1 and num.value_high is None
    confidence = COUNT_OF_ONE_CONFIDENCE if one else QUANTIFIED_NOUN_CONFIDENCE
    return Reading(noun, counted, counted.end, noun, confidence)


def stands_alone_badly(doc: Doc, num: NumberSpan, head: Token, rules: CountRules) -> bool:
    """A number without a noun is no count when it is one ('one of them'), part of a date, or
    not itself the head of its phrase."""
    if num.value == 1 or doc[num.start].ent_type_ in _TIME_LABELS or is_year(doc, num):
        return True
    return not (head.pos_ == "NUM" or head.lower_ in rules.numbers.scales or head.i > num.start)


def read_of_phrase(doc: Doc, num: NumberSpan, head: Token, rules: CountRules) -> Reading | str | None:
    """'two of the suspects', '107 of them', 'sold 35m of its speakers' (where the parser hung
    the "of" on the verb)."""
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == _OF), None)
    after = _token_after(doc, num)
    if of is None and after is not None and after.lower_ == _OF:
        of = after
    pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if pobj is None or pobj.pos_ not in (*_NOUNS, "PRON") or pobj.i <= head.i:
        return None
    if pobj.pos_ in _NOUNS and (
        measures(pobj, rules) or not is_plural(pobj, rules) or is_currency(doc, num, pobj, rules)
    ):
        return NOT_A_COUNT
    return Reading(pobj, doc[of.i + 1 : pobj.i + 1], pobj.i + 1, head, OF_PHRASE_CONFIDENCE)


def is_anaphoric(doc: Doc, num: NumberSpan, rules: CountRules) -> bool:
    """'the two tried and failed': a determiner before a bare number refers back, it counts nothing new."""
    before = _token_before(doc, num)
    if before is None or rules.has("additive_modifiers", before.lower_):
        return False  # "another 12 were charged" adds to what came before
    return before.dep_ in ("det", "poss")


def is_bare_subject(head: Token, rules: CountRules) -> bool:
    """The subject of a passive, or of a verb of what happens to people ('three died'), or a
    headline's participle ('107 killed in ...')."""
    if head.dep_ == "nsubjpass" and head.head.pos_ == "VERB":
        return True
    if head.dep_ == "nsubj" and head.head.pos_ == "VERB":
        return rules.has("bare_subject_verbs", _lemma(head.head))
    return head.dep_ == "ROOT" and any(c.dep_ == "acl" and c.tag_ == "VBN" for c in head.children)


def read_bare_subject(doc: Doc, num: NumberSpan, head: Token, rules: CountRules) -> Reading | str | None:
    """'50 were injured', 'three died': a count of people, with nothing saying so."""
    if is_anaphoric(doc, num, rules) or _ambiguous_glued_scale(doc, num, rules):
        return NOT_A_COUNT  # "50m by 50m" measures
    if not is_bare_subject(head, rules):
        return None
    return Reading(None, None, num.end, head, BARE_SUBJECT_CONFIDENCE)


def read_standalone(doc: Doc, num: NumberSpan, head: Token, rules: CountRules) -> Reading | str | None:
    """A number with no noun after it: an "of" phrase, else a bare subject."""
    if stands_alone_badly(doc, num, head, rules):
        return NOT_A_COUNT
    for stage in (read_of_phrase, read_bare_subject):
        reading = stage(doc, num, head, rules)
        if reading is not None:
            return reading
    return None


READINGS: tuple[ReadingStage, ...] = (read_quantified_noun, read_standalone)


# -- stage 4: the event ------------------------------------------------------------------------
@dataclass(frozen=True)
class Event:
    verb: Token | None = None
    lemma: str | None = None
    negated: bool = False


def _list_owner(tok: Token, rules: CountRules) -> Token:
    """List members and appositions take part in what their list's head does: '14 men and three
    women' -> '14 men'; 'six cities - Baltimore' -> 'six cities'; '12 people, including three
    children, were killed' -> '12 people' (or the verb the "including" hangs from)."""
    while True:
        while tok.dep_ == "conj" and tok.head.pos_ in (*_NOUNS, "NUM", "PRON") and tok.head.i < tok.i:
            tok = tok.head
        if tok.dep_ == "appos":
            tok = tok.head
        elif tok.dep_ == "pobj" and tok.head.dep_ == "prep" and rules.has("inclusion_words", tok.head.lower_):
            tok = tok.head.head
        else:
            return tok


def governing_verb(tok: Token) -> Token | None:
    """The verb `tok` is an argument of, the verb of a passive's agent ('backed by 52 senators'),
    or a headline participle on it ('107 killed in crane collapse')."""
    if tok.dep_ in _ARGUMENTS and tok.head.pos_ in _VERBS:
        return tok.head
    if tok.dep_ == "pobj" and tok.head.dep_ == "agent":
        return tok.head.head
    return next((c for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN"), None)


def list_event(verb: Token, member: Token) -> str | None:
    """The event of a list verb's head noun: 'those arrested included ...' -> arrest, 'among
    those detained were ...' -> detain, 'among the injured were ...' -> injure."""
    heads = [c for c in verb.children if c.dep_ in _SUBJECTS and c.i != member.i]
    heads += [p for c in verb.children if c.dep_ == "prep" and c.lower_ == _AMONG for p in c.children]
    for head in heads:
        if head.tag_ == "VBN":
            return _lemma(head)
        for mod in head.children:
            if mod.dep_ in _NP_CLAUSES and mod.pos_ == "VERB" and mod.tag_ in ("VBN", "VBD"):
                return _lemma(mod)
    return None


def event_of(target: Token, rules: CountRules) -> Event:
    """The verb the count is the subject or object of, its lemma and whether it is negated."""
    tok = _list_owner(target, rules)
    verb = tok if tok.pos_ in _VERBS and tok.i != target.i else governing_verb(tok)
    if verb is None:
        return Event()
    negated = any(c.dep_ == "neg" for c in verb.children)
    lemma = _lemma(verb)
    if rules.has("list_verbs", lemma):
        return Event(verb, list_event(verb, tok), negated)
    return Event(verb, lemma, negated)


def noun_phrase(noun: Token) -> Span:
    """A noun with its pre-modifiers (no determiner): 'known gang members'."""
    start = noun.i
    for tok in reversed(list(noun.lefts)):
        if tok.i != start - 1 or tok.dep_ in ("det", "poss", "predet", "nummod") or tok.is_punct:
            break
        start = tok.i
    return noun.doc[start : noun.i + 1]


def predicate_counted(noun: Token | None, rules: CountRules) -> Token | None:
    """'18 people were known gang members': the predicate of a generic person noun says what
    was counted (and the linking verb is no event)."""
    if noun is None or not rules.has("generic_person_nouns", _lemma(noun)) or noun.dep_ not in _SUBJECTS:
        return None
    pred = next((c for c in noun.head.children if c.dep_ in ("attr", "oprd") and c.pos_ == "NOUN"), None)
    if pred is None or not is_plural(pred, rules) or measures(pred, rules):
        return None
    return pred


# -- stage 5: the place --------------------------------------------------------------------------
@dataclass(frozen=True)
class PlaceMention:
    start: int  # token indices
    end: int
    name: str


def place_mentions(doc: Doc) -> list[PlaceMention]:
    """Every mention of the places component's places, as token spans with canonical names."""
    found = []
    for claim in stored_claims(doc, "place"):
        for mention in claim.get("mentions") or [claim]:
            span = doc.char_span(mention["start"], mention["end"], alignment_mode="expand")
            if span is not None:
                found.append(PlaceMention(span.start, span.end, claim["name"]))
    return found


def clause_verb(tok: Token) -> Token | None:
    """The nearest verb above `tok` that heads a clause of its own (participle modifiers do not)."""
    return next((a for a in tok.ancestors if a.pos_ in _VERBS and a.dep_ not in _NP_CLAUSES), None)


def listed_under(tok: Token, noun: Token) -> bool:
    """Whether `tok` hangs from `noun` as an apposition (or a conjunct of one)."""
    path = [tok]
    for anc in tok.ancestors:
        if anc.i == noun.i:
            return any(t.dep_ == "appos" for t in path)
        path.append(anc)
    return False


def in_clause_of(tok: Token, verb: Token | None, anchor: Token) -> bool:
    """Whether `tok` belongs to the count's clause: the clause of its verb, or without a verb
    the anchor's own phrase."""
    if verb is None:
        return anchor.left_edge.i <= tok.i <= anchor.right_edge.i
    clause = clause_verb(tok)
    return clause is not None and clause.i == verb.i


def place_of(
    places: list[PlaceMention], verb: Token | None, anchor: Token, sentence: SentenceIndex, window: int
) -> str | None:
    """The nearest place in the same clause as the count. Places listed under the counted noun
    are what is counted ('six cities - Baltimore; Denver'), not where."""
    doc = anchor.doc
    best, best_dist = None, None
    sent = sentence(anchor.idx)
    for place in places:
        if abs(place.start - anchor.i) > window or sentence(doc[place.start].idx) != sent:
            continue
        tok = doc[place.start : place.end].root
        if listed_under(tok, anchor) or not in_clause_of(tok, verb, anchor):
            continue
        dist = abs(tok.i - anchor.i)
        if best_dist is None or dist < best_dist:
            best, best_dist = place.name, dist
    return best


# -- the finder -------------------------------------------------------------------------------
@dataclass
class _DocContext:
    """What every number of one Doc shares, computed once and only when needed."""

    doc: Doc
    sentence: SentenceIndex
    _places: list[PlaceMention] | None = field(default=None)

    @property
    def places(self) -> list[PlaceMention]:
        if self._places is None:
            self._places = place_mentions(self.doc)
        return self._places


# -- stage 4b: what earlier counts say -----------------------------------------------------------
@dataclass(frozen=True)
class Found:
    """A count read so far in the Doc, for the stages that look back."""

    reading: Reading
    event: Event
    sentence: int


def _recent(found: list[Found], sentence: int) -> Iterator[Found]:
    """Counts of this sentence and the one before, nearest first."""
    return (f for f in reversed(found) if sentence - 1 <= f.sentence <= sentence)


def _stands_for_something(reading: Reading) -> bool:
    """A count whose counted noun is missing or a pronoun ('two of them', 'two of which')."""
    return reading.noun is None or reading.noun.pos_ == "PRON"


def antecedent_count(
    reading: Reading, found: list[Found], sentence: int, rules: CountRules
) -> Reading | None:
    """A bare number (or one picking from a pronoun: 'two of them') counts what the nearest count
    before it counted: 'Nine people were killed and two dozen were hurt' -> people."""
    if not _stands_for_something(reading):
        return None
    for earlier in _recent(found, sentence):
        noun = earlier.reading.noun
        if noun is not None and noun.i < reading.anchor.i and is_plural(noun, rules):
            counted = earlier.reading.counted
            return Reading(noun, counted, reading.end, reading.anchor, ANTECEDENT_COUNT_CONFIDENCE)
    return None


def antecedent_noun(reading: Reading, rules: CountRules) -> Reading | None:
    """... else the nearest plural noun before it in its sentence that is an argument of a verb
    ('Police clashed with protesters and 12 were arrested' -> protesters), never the source of
    the sentence ('Officials said 12 were hurt'). Only for bare numbers: 'two of them' names its
    antecedent too loosely for a guess."""
    if reading.noun is not None:
        return None
    anchor = reading.anchor
    for tok in reversed(anchor.doc[anchor.sent.start : anchor.i]):
        if (
            tok.pos_ == "NOUN"
            and is_plural(tok, rules)
            and tok.dep_ in (*_ARGUMENTS, "pobj")
            and not measures(tok, rules)
            and not tok.like_num
            and not (tok.dep_ in _SUBJECTS and rules.has("source_verbs", _lemma(tok.head)))
        ):
            return Reading(tok, noun_phrase(tok), reading.end, anchor, ANTECEDENT_NOUN_CONFIDENCE)
    return None


def continued_event(
    reading: Reading, event: Event, found: list[Found], sentence: int, rules: CountRules
) -> Event:
    """'An additional 18 people were known gang members', 'another 12': a count that adds to
    earlier ones and states no event of its own takes theirs."""
    if event.lemma is not None:
        return event
    anchor = reading.anchor
    near = [*anchor.lefts, *(anchor.doc[anchor.i + 1 : anchor.i + 2])]
    additive = any(rules.has("additive_modifiers", t.lower_) for t in near)
    if not additive:
        return event
    earlier = next((f.event for f in _recent(found, sentence) if f.event.lemma is not None), None)
    return event if earlier is None else Event(event.verb, earlier.lemma, event.negated)


def read_count(doc: Doc, num: NumberSpan, rules: CountRules) -> tuple[Reading, Event] | None:
    """The reading and event of `num` when it is a count, else None."""
    if any(exclusion(doc, num, rules) for exclusion in NUMBER_EXCLUSIONS):
        return None
    head = number_head(doc, num)
    reading: Reading | str | None = None
    for stage in READINGS:
        reading = stage(doc, num, head, rules)
        if reading is not None:
            break
    if not isinstance(reading, Reading):
        return None
    event = event_of(reading.anchor, rules)
    predicate = predicate_counted(reading.noun, rules)
    if predicate is not None:
        reading = Reading(predicate, noun_phrase(predicate), reading.end, reading.anchor, reading.confidence)
        event = Event(event.verb, None, event.negated)
    return reading, event


def _claim(
    ctx: _DocContext, num: NumberSpan, reading: Reading, event: Event, rules: CountRules
) -> CountClaim:
    doc = ctx.doc
    start_char = doc[num.outer_start].idx
    stop = end_char(doc[reading.end - 1], rules.numbers)
    return CountClaim(
        text=doc[num.outer_start : reading.end].text[: stop - start_char],
        start=start_char,
        end=stop,
        sentence=ctx.sentence(start_char),
        confidence=reading.confidence,
        value=num.value,
        value_high=num.value_high,
        qualifier=num.qualifier,
        counted=reading.counted.text if reading.counted is not None else None,
        counted_head=reading.noun.text if reading.noun is not None else None,
        event=event.lemma,
        negated=event.negated,
        place=place_of(ctx.places, event.verb, reading.anchor, ctx.sentence, rules.place_window),
    )


def find_counts(doc: Doc, rules: CountRules) -> Iterator[CountClaim]:
    """Every count the Doc states, in text order."""
    ctx = _DocContext(doc, SentenceIndex(doc))
    dates = [(c["start"], c["end"]) for c in stored_claims(doc, "date")]
    found: list[Found] = []
    for num in find_numbers(doc, rules.numbers):
        if amount_unit(doc, num, rules.units) is not None:
            continue
        idx = doc[num.start].idx
        if any(start <= idx < end for start, end in dates):
            continue  # part of a date the dates component read ("16 July")
        read = read_count(doc, num, rules)
        if read is None:
            continue
        reading, event = read
        sentence = ctx.sentence(idx)
        reading = (
            antecedent_count(reading, found, sentence, rules) or antecedent_noun(reading, rules) or reading
        )
        event = continued_event(reading, event, found, sentence, rules)
        found.append(Found(reading, event, sentence))
        if reading.confidence >= rules.min_confidence:
            yield _claim(ctx, num, reading, event, rules)


class CountsComponent(ClaimComponent):
    """Stores the counts of `find_counts` on the Doc."""

    factory = "factpull_counts"
    rule_files = ("count_exclusions.json", "numbers.json", "qualifiers.json", "units.json")

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        overrides: Mapping[str, Any] | None = None,
        max_counted_tokens: int = 16,
        place_window: int = 60,
        min_confidence: float = 0.0,
    ) -> None:
        self.settings = {
            "max_counted_tokens": max_counted_tokens,
            "place_window": place_window,
            "min_confidence": min_confidence,
        }
        super().__init__(nlp, name, overrides=overrides)

    def compile_rules(self) -> None:
        self.compiled = compile_count_rules(self.rules, **self.settings)

    def find(self, doc: Doc) -> Iterator[CountClaim]:
        return find_counts(doc, self.compiled)
