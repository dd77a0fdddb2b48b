"""Counts: numbers of discrete things or people the text states ("more than 300 people were arrested").

A number is a count when it quantifies a plural noun ("107 immigrants"), picks from an "of"
phrase ("two of the suspects"), or stands alone as the subject of an event verb ("three were
killed"). Everything that only looks like one is left out: dates and durations ("four-day"),
ages, measurements ("5 km"), ranks ("top 10"), scores ("won 3-1"), identifiers, money and
percentages (those are amounts). The singular-noun test does much of that work: "the 2005
election", "flight 370" and "a 34-year-old man" all quantify nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from ..models import CountClaim
from .amounts import amount_unit
from .base import ClaimComponent, SentenceIndex, stored_claims
from .numbers import NumberSpan, find_numbers, lexicon

_NOUNS = frozenset({"NOUN", "PROPN"})
_VERBS = frozenset({"VERB", "AUX"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "attr"})
#: Post-modifiers kept in `counted`: they say which things are counted ("people with convictions",
#: "people who had been deported"); participle phrases ("immigrants living in X") are left out.
_KEPT_PREPS = frozenset({"with", "without", "of"})
_MAX_COUNTED_TOKENS = 16
#: Scale words the tagger may call nouns ("two dozen were injured").
_SCALE_HEADS = frozenset({"dozen", "hundred", "thousand", "million", "billion"})
#: Clause-internal modifiers: a place inside them still belongs to the clause of the count.
_NP_CLAUSES = frozenset({"acl", "relcl"})


@cache
def _ex() -> dict[str, frozenset[str]]:
    return {k: frozenset(v) for k, v in lexicon("count_exclusions.json").items()}


@dataclass
class _Place:
    start: int  # token indices
    end: int
    name: str


def _places(doc: Doc) -> list[_Place]:
    """Place mentions: the places component's when it found any, else GPE/LOC entities."""
    found = []
    claims = stored_claims(doc, "place")
    if claims:
        for claim in claims:
            for mention in claim.get("mentions") or [claim]:
                span = doc.char_span(mention["start"], mention["end"], alignment_mode="expand")
                if span is not None:
                    found.append(_Place(span.start, span.end, claim["name"]))
    else:
        for ent in doc.ents:
            if ent.label_ in ("GPE", "LOC"):
                name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
                found.append(_Place(ent.start, ent.end, name))
    return found


def _number_head(doc: Doc, num: NumberSpan) -> Token:
    """The number's token whose syntactic head lies outside the number."""
    for tok in doc[num.start : num.end]:
        if not num.start <= tok.head.i < num.end or tok.head.i == tok.i:
            return tok
    return doc[num.end - 1]


def _is_plural(noun: Token) -> bool:
    return noun.tag_ in ("NNS", "NNPS") or noun.lower_ in _ex()["invariant_nouns"]


def _not_countable(noun: Token) -> bool:
    """Time units and measures: a number before them counts nothing discrete."""
    ex = _ex()
    lemma, low = noun.lemma_.lower(), noun.lower_
    return any(w in ex["time_nouns"] or w in ex["measure_nouns"] for w in (lemma, low))


def _is_currency(noun: Token) -> bool:
    """'280 million of the 1.5 billion shekels' is money, not a count."""
    return noun.lower_ in lexicon("units.json")["words"]


def _looks_like_identifier(doc: Doc, num: NumberSpan) -> bool:
    first = doc[num.start].text
    if num.spelled:
        return False
    digits = first.replace(",", "").split(".")[0]
    if first.startswith("0") and len(digits) > 1:
        return True  # "007", phone numbers
    return "," not in first and len(digits) >= 7 and num.end - num.start == 1  # phone, ID numbers


def _looks_like_year(doc: Doc, num: NumberSpan) -> bool:
    text = doc[num.start].text
    return num.end - num.start == 1 and len(text) == 4 and text.isdigit() and 1000 <= int(text) <= 2100


def _preceded_by_rank(doc: Doc, num: NumberSpan) -> bool:
    """'top 10 cities', 'No. 3', and superlative lists: 'the 10 most endangered sites', '50 biggest firms'."""
    i = num.outer_start - 1
    if i >= 0 and doc[i].lower_ in _ex()["rank_words"]:
        return True
    nxt = doc[num.end] if num.end < len(doc) else None
    return nxt is not None and (nxt.tag_ in ("JJS", "RBS") or nxt.lower_ in ("most", "least"))


def _is_score(doc: Doc, num: NumberSpan, head: Token) -> bool:
    """'won 3-1', 'a 2-1 victory': dashed pairs next to a score word."""
    if not num.dashed:
        return False
    if num.value_high is not None and num.value_high < num.value:
        return True
    ex = _ex()
    near = [head.head, *(doc[i] for i in range(max(num.outer_start - 2, 0), num.outer_start))]
    return any(t.lemma_.lower() in ex["score_verbs"] or t.lemma_.lower() in ex["score_nouns"] for t in near)


def _compound_modifier(doc: Doc, num: NumberSpan, noun: Token) -> bool:
    """'24-hour periods', 'a four-book series', 'six month losses': the number measures the
    word after it, and that phrase modifies the noun."""
    i = num.end
    if i >= noun.i:
        return False
    nxt = doc[i]
    if nxt.text in ("-", "–") and not doc[i - 1].whitespace_ and not nxt.whitespace_ and i + 1 < noun.i:
        return doc[i + 1].tag_ in ("NN", "JJ") or doc[i + 1].lemma_.lower() in _ex()["time_nouns"]
    return nxt.lemma_.lower() in _ex()["time_nouns"] or nxt.lemma_.lower() in _ex()["measure_nouns"]


def _hyphen_tail(noun: Token) -> Token:
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


def _is_rate(noun: Token) -> bool:
    """'two megabits per second', 'five buildings away': rates and distances measure, they do not count."""
    nxt = noun.nbor(1) if noun.i + 1 < len(noun.doc) else None
    if nxt is not None and nxt.lower_ in _ex()["measure_adverbs"]:
        return True
    return nxt is not None and nxt.lower_ in ("per", "/", "a", "an") and nxt.i + 1 < len(noun.doc) and (
        nxt.lower_ == "per" or nxt.nbor(1).lemma_.lower() in _ex()["time_nouns"]
    )


def _is_name(doc: Doc, num: NumberSpan, noun: Token) -> bool:
    """'Six Nations', 'the Big Ten': a capitalised number word inside a proper name."""
    first = doc[num.start]
    if noun.tag_ in ("NNP", "NNPS") and noun.dep_ == "compound" and noun.head.i > noun.i:
        return True
    return (
        num.spelled
        and first.is_title
        and not first.is_sent_start
        and noun.is_title
        and not _title_case_line(first)
    )


_LONG_WORD = re.compile(r"[A-Za-z]{4,}")


def _title_case_line(tok: Token) -> bool:
    """Whether the token's line is written in title case (a headline)."""
    doc = tok.doc
    start, end = tok.i, tok.i
    while start > 0 and "\n" not in doc[start - 1].text_with_ws:
        start -= 1
    while end + 1 < len(doc) and "\n" not in doc[end].text_with_ws:
        end += 1
    words = _LONG_WORD.findall(doc[start : end + 1].text)
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _takes_part(noun: Token) -> bool:
    """A singular count ('one man died') is stated only as a participant of an event; 'one report
    said' and 'one woman told AFP' use 'one' as an article."""
    _, event, _ = _event(noun)
    return event is not None and event not in _ex()["speech_verbs"]


def _clock_or_model(doc: Doc, num: NumberSpan) -> bool:
    """'11 p.m.', 'HD 4000 graphics', 'the 60m hurdles' (metres, not millions)."""
    after = doc[num.end] if num.end < len(doc) else None
    if after is not None and after.lower_.replace(".", "") in ("am", "pm", "a", "p") and (
        after.lower_ in ("am", "pm") or after.text.endswith(".")
    ):
        return True
    before = doc[num.outer_start - 1] if num.outer_start > 0 else None
    if before is None or num.spelled:
        return False
    if (
        before.tag_ in ("NNP", "NNPS")
        and num.outer_start == num.start
        and not before.is_sent_start
        and before.ent_type_ not in ("GPE", "LOC", "NORP", "DATE", "TIME")
        and not _title_case_line(before)
    ):
        return True  # a model or series number: "Windows 7", "HD 4000"
    last = doc[num.end - 1]
    glued_m = num.end - num.start > 1 and last.lower_ == "m" and not doc[num.end - 2].whitespace_
    return glued_m and before.lower_ == "the"


def _glued_to_word(doc: Doc, num: NumberSpan) -> bool:
    last = doc[num.end - 1]
    if last.whitespace_ or num.end >= len(doc) or num.spelled:
        return False
    nxt = doc[num.end]
    return nxt.is_alpha and not nxt.is_punct


def _beside_dashed_number(doc: Doc, num: NumberSpan) -> bool:
    before = doc[num.outer_start - 2 : num.outer_start] if num.outer_start >= 2 else None
    after = doc[num.end : num.end + 2] if num.end + 2 <= len(doc) else None
    dashes = ("-", "–", "—")
    return bool(
        (before is not None and before[1].text in dashes and (before[0].like_num or before[0].is_upper))
        or (after is not None and after[0].text in dashes and after[1].like_num)
    )


def _counted_span(doc: Doc, num: NumberSpan, noun: Token) -> Span:
    """The counted noun phrase: from after the number to the noun, plus kept post-modifiers."""
    start = num.end
    if not all(noun.left_edge.i <= t.i for t in doc[start : noun.i]) or any(
        t.is_punct and t.text not in ("-", "'") for t in doc[start : noun.i]
    ):
        start = noun.i
    end = noun.i + 1
    for child in noun.rights:
        if child.left_edge.i != end:
            break
        kept = child.dep_ == "relcl" or (
            child.dep_ == "prep"
            and child.lower_ in _KEPT_PREPS
            and any(c.dep_ == "pobj" and c.pos_ in (*_NOUNS, "PRON") for c in child.children)
        )
        if not kept or child.right_edge.i + 1 - start > _MAX_COUNTED_TOKENS:
            break
        end = child.right_edge.i + 1
    while end - 1 > start and doc[end - 1].is_punct:
        end -= 1
    while start < noun.i and doc[start].is_punct:
        start += 1
    return doc[start:end]


def _np(noun: Token) -> Span:
    """A noun with its pre-modifiers (no determiner): 'known gang members'."""
    start = noun.i
    for tok in reversed(list(noun.lefts)):
        if tok.i != start - 1 or tok.dep_ in ("det", "poss", "predet", "nummod") or tok.is_punct:
            break
        start = tok.i
    return noun.doc[start : noun.i + 1]


def _event(target: Token) -> tuple[Token | None, str | None, bool]:
    """(clause verb, event lemma, negated) for the noun or number `target`.

    The event is the verb the count is the subject or object of; list members inherit the
    event of the noun they are listed under ("the people arrested included 317 ...").
    """
    tok = target
    while tok.dep_ == "conj" and tok.head.pos_ in (*_NOUNS, "NUM", "PRON") and tok.head.i < tok.i:
        tok = tok.head
    if tok.dep_ == "appos":
        tok = tok.head
    verb = None
    if tok.dep_ in _ARGUMENTS and tok.head.pos_ in _VERBS:
        verb = tok.head
    elif tok.dep_ == "pobj" and tok.head.dep_ == "agent":
        verb = tok.head.head
    else:
        for child in tok.children:
            if child.dep_ == "acl" and child.tag_ == "VBN":
                verb = child  # headline style: "107 killed in crane collapse"
                break
    if verb is None:
        return None, None, False
    negated = any(c.dep_ == "neg" for c in verb.children)
    lemma = verb.lemma_.lower()
    if lemma in _ex()["list_verbs"]:
        # the list's head noun: the other subject ("those arrested included ..."), or the object
        # of "among" ("among those arrested were ...")
        heads = [c for c in verb.children if c.dep_ in _SUBJECTS and c.i != tok.i]
        heads += [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "among" for p in c.children]
        for head in heads:
            if head.tag_ == "VBN":
                return verb, head.lemma_.lower(), negated  # "among the injured"
            for mod in head.children:
                if mod.dep_ in _NP_CLAUSES and mod.pos_ == "VERB" and mod.tag_ in ("VBN", "VBD"):
                    return verb, mod.lemma_.lower(), negated
        return verb, None, negated
    return verb, lemma, negated


def _clause_verb(tok: Token) -> Token | None:
    """The nearest verb above `tok` that heads a clause of its own (participle modifiers do not)."""
    for anc in tok.ancestors:
        if anc.pos_ in _VERBS and anc.dep_ not in _NP_CLAUSES:
            return anc
    return None


def _listed_under(tok: Token, noun: Token) -> bool:
    """Whether `tok` hangs from `noun` as an apposition (or a conjunct of one)."""
    path = [tok]
    for anc in tok.ancestors:
        if anc.i == noun.i:
            return any(t.dep_ == "appos" for t in path)
        path.append(anc)
    return False


def _place(
    places: list[_Place], doc: Doc, verb: Token | None, anchor: Token, sentence: SentenceIndex
) -> str | None:
    """The nearest place in the same clause as the count."""
    best, best_dist = None, None
    sent = sentence(anchor.idx)
    for place in places:
        if abs(place.start - anchor.i) > 60 or sentence(doc[place.start].idx) != sent:
            continue
        tok = doc[place.start : place.end].root
        if _listed_under(tok, anchor):
            continue  # "six cities - Baltimore; Denver": the places are what is counted
        if verb is not None:
            clause = _clause_verb(tok)
            same = clause is not None and clause.i == verb.i
        else:
            same = anchor.left_edge.i <= tok.i <= anchor.right_edge.i
        if not same:
            continue
        dist = abs(tok.i - anchor.i)
        if best_dist is None or dist < best_dist:
            best, best_dist = place.name, dist
    return best


def _bare_subject(head: Token) -> bool:
    """A number with no noun that is still a count: the subject of a passive or of a verb of
    what happens to people ("50 were injured", "three died", headline "107 killed in ...")."""
    if head.dep_ == "nsubjpass" and head.head.pos_ == "VERB":
        return True
    if head.dep_ == "nsubj" and head.head.pos_ == "VERB":
        return head.head.lemma_.lower() in _ex()["bare_subject_verbs"]
    return head.dep_ == "ROOT" and any(c.dep_ == "acl" and c.tag_ == "VBN" for c in head.children)


def _is_ratio(doc: Doc, num: NumberSpan) -> bool:
    """'one in three visits', '1 in 500 users': a proportion, not a count."""
    i = num.outer_start
    return i >= 2 and doc[i - 1].lower_ == "in" and doc[i - 2].like_num


def _claim(doc: Doc, num: NumberSpan, places: list[_Place], sentence: SentenceIndex) -> CountClaim | None:
    if _looks_like_identifier(doc, num) or _preceded_by_rank(doc, num):
        return None
    if not float(num.value).is_integer():
        return None  # "0.41 of its shares": only whole things are counted (1.2 million is whole)
    if _clock_or_model(doc, num):
        return None
    if _is_ratio(doc, num):
        return None
    if _glued_to_word(doc, num):
        return None  # "2G networks", "3D films", "4x4 vehicles"
    if _beside_dashed_number(doc, num):
        return None  # records and scores set with spaced dashes: "(2 - 13, 1 - 7 home)"
    if _looks_like_year(doc, num) and doc[num.start].ent_type_ in ("DATE", "TIME"):
        return None  # "2017 officials" across a dateline; "the 1990 riots
    if num.value_high is not None and num.value_high <= num.value:
        return None
    head = _number_head(doc, num)
    if _is_score(doc, num, head):
        return None
    first_word = doc[num.start].lower_
    confidence = 0.9
    counted = noun = None
    noun_tok = head.head
    # "12 AK-47 rifles", "six M-16 rifles": a designation between number and noun is a modifier
    while (noun_tok.dep_ == "compound" or noun_tok.pos_ == "NUM") and (
        noun_tok.i < noun_tok.head.i <= noun_tok.i + 3
    ):
        noun_tok = noun_tok.head
    if head.dep_ in ("nummod", "amod", "compound", "quantmod", "nmod") and noun_tok.pos_ in _NOUNS and (
        noun_tok.i >= num.end
    ):
        if _not_countable(noun_tok) or _is_rate(noun_tok) or _is_name(doc, num, noun_tok) or (
            noun_tok.lemma_.lower() in _ex()["vague_nouns"] or _is_currency(noun_tok)
        ):
            return None
        if num.value == 1 and num.value_high is None:
            if _is_plural(noun_tok) or first_word not in ("one", "1"):
                return None
            if noun_tok.lemma_.lower() in _ex()["vague_one_nouns"] or not _takes_part(noun_tok):
                return None  # "one key change is ...", "according to one calculation"
            confidence = 0.6
        elif not _is_plural(noun_tok):
            return None
        if "\n" in doc[num.end - 1 : noun_tok.i].text:
            return None  # a number and a noun on different lines belong to different sentences
        if _compound_modifier(doc, num, noun_tok):
            return None
        noun_tok = _hyphen_tail(noun_tok)
        if noun_tok.dep_ == "poss" and noun_tok.head.pos_ == "NOUN" and _is_plural(noun_tok.head):
            noun_tok = noun_tok.head  # "five women's basketball players" counts players
        noun = noun_tok
        counted = _counted_span(doc, num, noun)
        end_tok = counted.end
        target = noun
    else:
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is None and num.end < len(doc) and doc[num.end].lower_ == "of":
            of = doc[num.end]  # the parser hung "of" on the verb: "sold 35m of its speakers"
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        bad_ent = doc[num.start].ent_type_ in ("DATE", "TIME") or _looks_like_year(doc, num)
        glued_m = doc[num.end - 1].lower_ in ("m", "m.")
        anaphoric = num.outer_start > 0 and doc[num.outer_start - 1].dep_ in ("det", "poss")
        numeric_head = head.pos_ == "NUM" or head.lower_ in _SCALE_HEADS or head.i > num.start
        if num.value == 1 or bad_ent or not numeric_head:
            return None
        if pobj is not None and pobj.pos_ in (*_NOUNS, "PRON") and pobj.i > head.i:
            if pobj.pos_ in _NOUNS and (_not_countable(pobj) or not _is_plural(pobj) or _is_currency(pobj)):
                return None
            noun = pobj
            counted = doc[of.i + 1 : pobj.i + 1]
            end_tok = pobj.i + 1
            confidence = 0.75
        elif anaphoric or glued_m:
            return None  # "the two tried and failed" refers back; "50m by 50m" measures
        elif _bare_subject(head):
            end_tok = num.end
            confidence = 0.5
        else:
            return None
        target = head
    verb, event, negated = _event(target)
    if noun is not None and noun.lemma_.lower() in _ex()["generic_person_nouns"] and noun.dep_ in _SUBJECTS:
        # "18 people were known gang members": the predicate says what was counted
        pred = next((c for c in noun.head.children if c.dep_ in ("attr", "oprd") and c.pos_ == "NOUN"), None)
        if pred is not None and _is_plural(pred) and not _not_countable(pred):
            counted, noun = _np(pred), pred
            event = None  # the verb only links the two nouns
    start_char = doc[num.outer_start].idx
    end_char = doc[end_tok - 1].idx + len(doc[end_tok - 1])
    return CountClaim(
        text=doc[num.outer_start : end_tok].text,
        start=start_char,
        end=end_char,
        sentence=sentence(start_char),
        confidence=confidence,
        value=num.value,
        value_high=num.value_high,
        qualifier=num.qualifier,
        counted=counted.text if counted is not None else None,
        counted_head=noun.text if noun is not None else None,
        event=event,
        negated=negated,
        place=_place(places, doc, verb, target, sentence),
    )


def find_counts(doc: Doc, numbers: list[NumberSpan] | None = None) -> Iterator[CountClaim]:
    """Every count the Doc states, in text order."""
    places: list[_Place] | None = None
    sentence = SentenceIndex(doc)
    dates = [(c["start"], c["end"]) for c in stored_claims(doc, "date")]
    for num in find_numbers(doc) if numbers is None else numbers:
        if amount_unit(doc, num) is not None:
            continue
        idx = doc[num.start].idx
        if any(start <= idx < end for start, end in dates):
            continue  # part of a date the dates component read ("16 July")
        if places is None:
            places = _places(doc)
        try:
            claim = _claim(doc, num, places, sentence)
        except (ValueError, IndexError):  # a parse we cannot read: skip the number, keep the rest
            continue
        if claim is not None:
            yield claim


class CountsComponent(ClaimComponent):
    """Stores the counts of `find_counts` on the Doc."""

    factory = "factpull_counts"
    rule_files = ("count_exclusions.json", "numbers.json", "qualifiers.json", "units.json")

    def find(self, doc: Doc) -> Iterator[CountClaim]:
        return find_counts(doc)
