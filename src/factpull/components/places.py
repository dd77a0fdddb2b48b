"""Places: one claim per distinct named geographic place, with every mention, a kind and a container.

The finder is four runs of small named stages over one `PlaceContext` (the Doc, the compiled
rules, the gazetteer and the settings):

1. **candidate sources** (`SOURCES`) each propose spans with a gazetteer entry and a confidence:
   the model's GPE/LOC entities, places before a title ("Philadelphia Mayor Jim Kenney"), known
   places the model read as a person or organisation after "in", "near" ..., the known place at
   the end of a long title, and known countries or states the model left untagged;
2. **filters** (`FILTERS`) drop a candidate for one stated reason each: it is an operation's name,
   an organisation named after a place ("Philadelphia Police Department"), the start of a longer
   proper name ("Paris Hilton"), a person's rank, a name the text uses for a person or a firm,
   a quoted or facility name without gazetteer support;
3. **document stages** (`DOCUMENT_STAGES`) look at all candidates together: evidence for an
   unknown name ("in Bogliasco", "the Lombardy region") covers its other mentions, a state found
   untagged needs its country in the text, national teams of a match report go, "City, State"
   pairs join into one place and a city name shared by several cities resolves to the one in a
   state or country the text names;
4. **grouping** folds mentions into one claim per canonical name.

Word lists come from the component's rule files (`place_words.json`, `place_gazetteer_extra.json`)
through `compile_rules`; no module state holds rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..models import Mention, PlaceClaim
from .base import ClaimComponent, SentenceIndex, stored_claims
from .gazetteer import ALIAS_RANK, Gazetteer, GazetteerSettings, GeoEntry, ascii_fold, gazetteer_for

_QUOTES = frozenset({'"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "``", "''"})
_POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})
_NON_WORD = re.compile(r"[^\w\s]")
_SCORE = re.compile(r"\b\d{1,2}\s?[-\u2013\u2014]\s?\d{1,2}\b(?![-\u2013\u2014/]\d)")
_KINDS = frozenset({"city", "county", "state", "country", "region", "natural", "other"})
#: Entity labels of named things that a place name can start ('U.S. Immigration ...' is ORG).
_NAMED_THINGS = frozenset({"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "NORP", "LAW"})
#: Labels under which the model may hide a place name ('Philadelphia Mayor Jim Kenney' as PERSON).
_OTHER_LABELS = frozenset({"PERSON", "ORG", "NORP", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT"})
#: Candidates whose own source weighed the context already (the label filters leave them be).
_CONTEXT_LABELS = frozenset({"CONTEXT", "DATELINE"})
#: Lower-case words inside place names ('Isle of Wight', 'Stratford-upon-Avon', 'Rio de Janeiro').
_NAME_PARTICLES = frozenset({"of", "de", "da", "do", "la", "le", "upon", "on", "am", "an", "del", "el"})
#: Labels of numbers and places: never a mislabelled place name for `context_candidates`.
_NOT_NAMES = frozenset({"GPE", "LOC", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "TIME"})

# -- confidences, one per way of finding a place ------------------------------------------------
#: A GPE/LOC entity the gazetteer knows.
CONF_KNOWN_ENTITY = 0.95
#: A GPE/LOC entity unknown to the gazetteer but named with geographic words ('Bogliasco River').
CONF_GEOGRAPHIC_WORDS = 0.7
#: A known place before a title ('Philadelphia Mayor') or after 'Governor of'.
CONF_TITLE = 0.8
#: A known place the model read as a person or organisation, after a locative preposition.
CONF_PROMOTED = 0.8
#: A known place at the end of a long title ('the ship Freewinds in Bonaire').
CONF_INNER_LOCATIVE = 0.8
#: A country, state or region the model left untagged ('Tasmania was excluded').
CONF_UNTAGGED_MAJOR = 0.8
#: A known city after a strong locative preposition, untagged ('in Philly').
CONF_UNTAGGED_LOCATIVE = 0.8
#: 'the town of X', 'the X region', 'X, <state>': a name the phrase itself shows is a place.
CONF_PHRASE = 0.7
#: An unknown name confirmed by evidence elsewhere ('in Bogliasco').
CONF_EVIDENCE = 0.7
#: A known place in capitals opening a paragraph: a dateline ('KAMPALA —', 'BEIRUT (AP)').
CONF_DATELINE = 0.85
#: A known place the model missed or mislabelled, taken for the words around it ('of Edmonton',
#: 'Ingham or Townsville', 'an Enfield man') and what the article says elsewhere.
CONF_CONTEXT = 0.75
#: A candidate still waiting for evidence: dropped at the end unless something confirms it.
CONF_NEEDS_EVIDENCE = 0.0

DEFAULT_CONFIDENCES: dict[str, float] = {
    "known_entity": CONF_KNOWN_ENTITY,
    "geographic_words": CONF_GEOGRAPHIC_WORDS,
    "title": CONF_TITLE,
    "promoted": CONF_PROMOTED,
    "inner_locative": CONF_INNER_LOCATIVE,
    "untagged_major": CONF_UNTAGGED_MAJOR,
    "untagged_locative": CONF_UNTAGGED_LOCATIVE,
    "phrase": CONF_PHRASE,
    "evidence": CONF_EVIDENCE,
    "dateline": CONF_DATELINE,
    "context": CONF_CONTEXT,
}


# -- rules and settings -------------------------------------------------------------------------
@dataclass(frozen=True)
class PlaceWords:
    """The cue words of `lexicon/place_words.json`, as sets (compiled once per component)."""

    locative: frozenset[str]
    strong_locative: frozenset[str]
    evidence_preps: frozenset[str]
    titles: frozenset[str]
    org_heads: frozenset[str]
    operation_cues: frozenset[str]
    natural: frozenset[str]
    natural_first: frozenset[str]
    admin: Mapping[str, str]
    admin_of: frozenset[str]
    directions: frozenset[str]
    generic_place_nouns: frozenset[str]
    kind_of_noun: Mapping[str, str]
    state_cues: frozenset[str]
    sports_verbs: frozenset[str]
    facility_nouns: frozenset[str]
    resident_nouns: frozenset[str]
    organisation_nouns: frozenset[str]
    dateline_dashes: frozenset[str]
    list_words: frozenset[str]


def compile_words(lex: Mapping[str, Any]) -> PlaceWords:
    return PlaceWords(
        locative=frozenset(lex["locative_preps"]),
        strong_locative=frozenset(lex["strong_locative_preps"]),
        evidence_preps=frozenset(lex["evidence_preps"]),
        titles=frozenset(lex["titles"]),
        org_heads=frozenset(lex["org_heads"]),
        operation_cues=frozenset(lex["operation_cues"]),
        natural=frozenset(lex["natural_words"]),
        natural_first=frozenset(lex["natural_first_words"]),
        admin=dict(lex["admin_words"]),
        admin_of=frozenset(lex["admin_of_prefixes"]),
        directions=frozenset(lex["directions"]),
        generic_place_nouns=frozenset(lex["generic_place_nouns"]),
        kind_of_noun=dict(lex["kind_of_place_noun"]),
        state_cues=frozenset(lex["state_cues"]),
        sports_verbs=frozenset(lex["sports_verbs"]),
        facility_nouns=frozenset(lex["facility_nouns"]),
        resident_nouns=frozenset(lex["resident_nouns"]),
        organisation_nouns=frozenset(lex["organisation_nouns"]),
        dateline_dashes=frozenset(lex["dateline_dashes"]),
        list_words=frozenset(lex["list_words"]),
    )


@dataclass(frozen=True)
class PlaceSettings:
    """The component's tunable settings (its factory's `default_config`)."""

    #: A city the model did not tag needs this many inhabitants to be taken after 'in'/'near'
    #: on the gazetteer's word alone (smaller towns need a stronger cue: 'the town of X').
    min_population_without_ner: int = 100_000
    confidences: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_CONFIDENCES))

    def conf(self, stage: str) -> float:
        return self.confidences[stage]


def make_settings(confidences: Mapping[str, float], **values: Any) -> PlaceSettings:
    """Settings from the factory's config; an unknown confidence name is refused, not ignored."""
    unknown = set(confidences) - set(DEFAULT_CONFIDENCES)
    if unknown:
        known = ", ".join(sorted(DEFAULT_CONFIDENCES))
        raise ValueError(f"unknown place confidence(s) {', '.join(sorted(unknown))} (known: {known})")
    for name, value in confidences.items():
        if not 0.0 < float(value) <= 1.0:
            raise ValueError(f"place confidence {name!r} must be in (0, 1], got {value!r}")
    return PlaceSettings(confidences={**DEFAULT_CONFIDENCES, **confidences}, **values)


# -- the context every stage reads --------------------------------------------------------------
@dataclass(slots=True)
class Candidate:
    """A span (token indices, end exclusive) that may name a place, and what it would be."""

    start: int
    end: int
    entry: GeoEntry
    confidence: float
    label: str
    #: the name alone ('Portland' of 'Portland, Oregon'), to fold later bare mentions into it
    head_text: str = ""
    #: end of the mention when a container was joined ('Portland, Oregon'), else `end`
    mention_end: int = -1
    #: a state or country that only qualifies the place before it
    container_only: bool = False


class PlaceContext:
    """What the stages read: the Doc, rules, gazetteer, settings, and facts about the whole text
    computed once (operation names, names the text uses for people and firms)."""

    def __init__(self, doc: Doc, words: PlaceWords, gaz: Gazetteer, settings: PlaceSettings) -> None:
        self.doc = doc
        self.words = words
        self.gaz = gaz
        self.settings = settings

    def token(self, i: int) -> Token | None:
        return self.doc[i] if 0 <= i < len(self.doc) else None

    @cached_property
    def operations(self) -> tuple[list[tuple[int, int]], set[str]]:
        """(character spans, normalised names) of the operations found before places."""
        spans: list[tuple[int, int]] = []
        names: set[str] = set()
        for claim in stored_claims(self.doc, "operation"):
            names.add(norm_name(claim.get("name") or ""))
            for m in claim.get("mentions") or [claim]:
                spans.append((m["start"], m["end"]))
        names.discard("")
        return spans, names

    @cached_property
    def readings(self) -> OtherReadings:
        return other_readings(self)

    @cached_property
    def candidates(self) -> list[Candidate]:
        """What the sources propose, before any filter."""
        return gather_candidates(self)

    @cached_property
    def geography(self) -> frozenset[str]:
        """Places the model itself tagged and the gazetteer knows, with their states and
        countries: what the article is about ('Queensland' makes 'Mareeba' likelier a town)."""
        names: set[str] = set()
        for c in entity_candidates(self):
            if c.confidence > 0:
                e = c.entry
                names.update(n for n in (e.name, e.container, e.admin1, self.gaz.country_of(e)) if n)
        return frozenset(names)

    @cached_property
    def codenames(self) -> frozenset[str]:
        """Names some candidate's context shows to be a codename ('dubbed "Safe City"')."""
        return frozenset(norm_name(_text(self, c)) for c in self.candidates if is_codename(self, c))


def norm_name(text: str) -> str:
    text = _NON_WORD.sub("", text.lower()).strip()
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"^operation\s+", "", text)


def clean_name(text: str) -> str:
    text = re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip()
    if text[:4] in ("the ", "The "):
        text = text[4:]
    return re.sub(r"'s?$", "", text)


def _proper(tok: Token) -> bool:
    return tok.is_title and tok.pos_ == "PROPN"


def after_place_noun(ctx: PlaceContext, i: int) -> bool:
    """'the town of Yeoncheon', 'the Danish island of Bornholm': 'the', a place noun and 'of'
    before a proper name ('a city of Italian immigrants' is no such thing)."""
    doc = ctx.doc
    if not (3 <= i < len(doc) and doc[i - 1].lower_ == "of" and doc[i].pos_ == "PROPN"
            and doc[i - 2].lower_ in ctx.words.generic_place_nouns):
        return False
    if doc[i - 3].lower_ == "the":
        return True
    return i >= 4 and doc[i - 4].lower_ == "the" and doc[i - 3].pos_ in ("ADJ", "PROPN")


def place_noun_kind(ctx: PlaceContext, i: int) -> str:
    """The kind the place noun before 'of' implies: 'the town of X' -> city."""
    return ctx.words.kind_of_noun.get(ctx.doc[i - 2].lower_, "other")


def locative_before(ctx: PlaceContext, c: Candidate, preps: frozenset[str]) -> bool:
    """'in Philly', 'near the Gaza Strip' -- not 'in Sanders' camp', where the name is a possessor."""
    doc = ctx.doc
    if c.end < len(doc) and doc[c.end].text in _POSSESSIVE:
        return False
    i = c.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return i >= 0 and doc[i].lower_ in preps


# -- stage 1: candidate sources -----------------------------------------------------------------
def trim_span(ctx: PlaceContext, start: int, end: int) -> tuple[int, int, str | None]:
    """Drop a leading 'the', a trailing possessive or punctuation, a lower-case place noun
    ('Aceh province') and an '<Admin> of' prefix ('Municipality of X').

    Returns the span and, when an unknown name lost such a noun or prefix, the kind it implies
    (evidence that the rest is a place).
    """
    doc, words, gaz = ctx.doc, ctx.words, ctx.gaz
    while start < end and (doc[start].lower_ == "the" or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct
                           or doc[end - 1].is_space):
        end -= 1
    admin_kind = None
    if end - start > 1 and doc[end - 1].lower_ in words.generic_place_nouns and doc[end - 1].is_lower:
        end -= 1
        if doc[start:end].text not in gaz:
            admin_kind = words.kind_of_noun.get(doc[end].lower_, "other")
    if (end - start > 2 and doc[start].text in words.admin_of and doc[start + 1].lower_ == "of"
            and doc[start:end].text not in gaz):
        admin_kind = words.admin.get(doc[start].text, "other")
        start += 2
        while start < end and doc[start].lower_ == "the":
            start += 1
        if doc[start:end].text in gaz:
            admin_kind = None
    return start, end, admin_kind


def resolve_name(ctx: PlaceContext, text: str) -> tuple[GeoEntry | None, bool]:
    """(entry, known): the gazetteer's entry, or one built from the name's own geographic words
    ('North Texas' -> a region in Texas, 'Bogliasco River' -> natural, 'X County' -> county)."""
    gaz, words = ctx.gaz, ctx.words
    entry = gaz.lookup(text)
    if entry is not None:
        return entry, True
    parts = text.split()
    if len(parts) < 2:
        return None, False
    base = gaz.lookup(" ".join(parts[:-1])) if parts[-1] in ("City", "State") else None
    if base is not None and base.kind in ("city", "state"):
        return base, True
    for rest in (parts[1:] if parts[0] in words.directions else None,
                 parts[:-1] if parts[-1] in words.directions else None):
        if rest and (base := gaz.lookup(" ".join(rest))) is not None:
            container = base.name if base.kind in ("state", "country") else base.container
            return GeoEntry(clean_name(text), "region", container), True
    if parts[-1] == "Coast" and parts[0] in words.directions:  # 'East Coast'
        return GeoEntry(clean_name(text), "region"), False
    if parts[-1] in words.natural or parts[0] in words.natural_first:
        return GeoEntry(clean_name(text), "natural"), False
    if parts[-1] in words.admin:
        return GeoEntry(clean_name(text), words.admin[parts[-1]]), False
    return None, False


def _extend_to_known_name(ctx: PlaceContext, start: int, end: int) -> int:
    """The model sometimes stops short of the full name: 'Washington' + 'D.C.', 'New York' + 'City'."""
    doc = ctx.doc
    for extra in (2, 1):
        if end + extra > len(doc) or not doc[end].text[:1].isalpha():
            continue
        if doc[start : end + extra].text in ctx.gaz:
            return end + extra
    return end


def place_span_candidate(ctx: PlaceContext, start: int, end: int, label: str) -> Candidate | None:
    """The candidate a GPE/LOC span gives, trimmed, extended and resolved; an unknown name gets
    confidence 0 and waits for evidence."""
    doc, words = ctx.doc, ctx.words
    start, end, admin_kind = trim_span(ctx, start, end)
    if start >= end:
        return None
    end = _extend_to_known_name(ctx, start, end)
    text = doc[start:end].text
    if not text[:1].isupper() or any(ch.isdigit() for ch in text):
        return None
    # A title or organisation word inside the entity: keep the place before a title only.
    for i in range(start + 1, end):
        if doc[i].text in words.titles or doc[i].text in words.org_heads:
            if doc[start:i].text in ctx.gaz and doc[i].text in words.titles:
                return place_span_candidate(ctx, start, i, label)
            return None
    entry, known = resolve_name(ctx, text)
    if entry is None and admin_kind is not None:
        entry = GeoEntry(clean_name(text), admin_kind if admin_kind in _KINDS else "other")
    if entry is None:
        entry = GeoEntry(clean_name(text), "region" if label == "LOC" else "other")
        return Candidate(start, end, entry, CONF_NEEDS_EVIDENCE, label, text)
    conf = ctx.settings.conf("known_entity" if known else "geographic_words")
    return Candidate(start, end, entry, conf, label, text)


def entity_candidates(ctx: PlaceContext) -> Iterator[Candidate]:
    """The model's GPE and LOC entities."""
    for ent in ctx.doc.ents:
        if ent.label_ in ("GPE", "LOC"):
            cand = place_span_candidate(ctx, ent.start, ent.end, ent.label_)
            if cand is not None:
                yield cand


def title_candidates(ctx: PlaceContext) -> Iterator[Candidate]:
    """'Philadelphia Mayor Jim Kenney' read as a person: the place before the title word;
    'the Governor of Washington Jay Inslee': the place after 'of'."""
    doc, words, gaz = ctx.doc, ctx.words, ctx.gaz
    conf = ctx.settings.conf("title")
    for ent in doc.ents:
        if ent.label_ not in _OTHER_LABELS:
            continue
        if ent.start >= 2 and doc[ent.start - 1].lower_ == "of" and doc[ent.start - 2].text in words.titles:
            known = [(n, e) for n in (3, 2, 1) if n < len(ent) and (e := gaz.lookup(ent[:n].text))]
            if known:
                n, entry = known[0]
                if entry.kind != "city" or entry.population >= ctx.settings.min_population_without_ner:
                    yield Candidate(ent.start, ent.start + n, entry, conf, "TITLE", ent[:n].text)
                continue
        for i in range(ent.start + 1, min(ent.end, ent.start + 5)):
            if doc[i].text in words.titles:
                start, end, _ = trim_span(ctx, ent.start, i)
                if start < end and (entry := gaz.lookup(doc[start:end].text)) is not None:
                    yield Candidate(start, end, entry, conf, "TITLE", doc[start:end].text)
                break


def alias_under_organisation_label(ctx: PlaceContext, text: str, label: str) -> bool:
    """A name the gazetteer knows only as a city's alternate name, tagged as an organisation:
    'Google' (for a month Topeka's nickname) is the company."""
    if label != "ORG" or ctx.gaz.source_rank(text) != ALIAS_RANK:
        return False
    entry = ctx.gaz.lookup(text)
    short_form = entry is not None and ascii_fold(text)[:3].lower() == ascii_fold(entry.name)[:3].lower()
    return not (short_form or text.replace(".", "").isupper())  # 'Philly', 'NYC', 'L.A.' stay


def promoted_candidates(ctx: PlaceContext) -> Iterator[Candidate]:
    """A known place the model read as a person or organisation: after 'the town of', or a big
    enough place after 'in', 'at', 'near' ... ('from'/'to' also introduce people: 'a letter from
    Jackson', so those only for organisations)."""
    doc, words, gaz, settings = ctx.doc, ctx.words, ctx.gaz, ctx.settings
    for ent in doc.ents:
        if ent.label_ not in _OTHER_LABELS:
            continue
        if not (after_place_noun(ctx, ent.start) or ent.label_ in ("PERSON", "ORG")):
            continue
        start, end, _ = trim_span(ctx, ent.start, ent.end)
        if start >= end or start == 0:
            continue
        text = doc[start:end].text
        if after_place_noun(ctx, start) and end - start <= 3:  # 'the town of Yeoncheon'
            entry = gaz.lookup(text) or GeoEntry(clean_name(text), place_noun_kind(ctx, start))
            yield Candidate(start, end, entry, settings.conf("phrase"), ent.label_, text)
            continue
        prev = doc[start - 1] if doc[start - 1].lower_ != "the" or start < 2 else doc[start - 2]
        preps = words.strong_locative if ent.label_ == "PERSON" else words.locative
        if prev.lower_ not in preps or (end < len(doc) and doc[end].text in _POSSESSIVE):
            continue
        entry = gaz.lookup(text)
        if entry is None or (entry.kind == "city" and entry.population < settings.min_population_without_ner):
            continue
        if alias_under_organisation_label(ctx, text, ent.label_):
            continue
        yield Candidate(start, end, entry, settings.conf("promoted"), ent.label_, text)


def inner_locative_candidates(ctx: PlaceContext) -> Iterator[Candidate]:
    """'the ship Freewinds in Bonaire' read as one title: the known place after 'in' at its end."""
    doc = ctx.doc
    for ent in doc.ents:
        if ent.label_ not in _OTHER_LABELS:
            continue
        for i in range(ent.start + 1, ent.end - 1):
            if doc[i].lower_ in ("in", "near") and doc[i - 1].is_title:
                start, end, _ = trim_span(ctx, i + 1, ent.end)
                if start < end and (entry := ctx.gaz.lookup(doc[start:end].text)) is not None:
                    yield Candidate(start, end, entry, ctx.settings.conf("inner_locative"), "INNER",
                                    doc[start:end].text)
                break


def _untagged_runs(doc: Doc) -> Iterator[tuple[int, int]]:
    """Runs of up to four capitalised proper nouns outside any entity (a capitalised adjective
    alone is a run of one: 'the Lombardy region')."""
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        if tok.ent_iob_ != "O" or not tok.is_title or tok.pos_ not in ("PROPN", "ADJ"):
            i += 1
            continue
        j = i
        while j < n and j - i < 4 and doc[j].ent_iob_ == "O" and _proper(doc[j]):
            j += 1
        j = max(j, i + 1)
        yield i, j
        i = j


def _inside_longer_name(doc: Doc, i: int) -> bool:
    """The run continues a name: 'Bank of England' after 'of' or a capitalised word mid-sentence."""
    prev = doc[i - 1] if i > 0 else None
    if prev is None or prev.is_sent_start:
        return False
    of_name = prev.lower_ == "of" and i > 1 and doc[i - 2].is_title
    return (prev.is_title and prev.pos_ == "PROPN") or of_name


def _container_after(ctx: PlaceContext, i: int) -> bool:
    doc = ctx.doc
    return any(i + n <= len(doc) and doc[i].is_title and ctx.gaz.container(doc[i : i + n].text) is not None
               for n in (1, 2, 3))


def untagged_candidates(ctx: PlaceContext) -> Iterator[Candidate]:
    """Names the model left untagged, when the phrase or the gazetteer says they are places:
    'the town of X', 'the X region', 'X, <state>', a country or state ('Tasmania was excluded'),
    a big known city after a strong locative ('in Philly')."""
    doc, words, gaz, settings = ctx.doc, ctx.words, ctx.gaz, ctx.settings
    for i, j in _untagged_runs(doc):
        tok, text = doc[i], doc[i:j].text
        prev, nxt = ctx.token(i - 1), ctx.token(j)
        inside = _inside_longer_name(doc, i)
        if after_place_noun(ctx, i) and tok.pos_ == "PROPN":
            entry = gaz.lookup(text) or GeoEntry(clean_name(text), place_noun_kind(ctx, i))
            yield Candidate(i, j, entry, settings.conf("phrase"), "UNTAGGED", text)
        elif (not inside and nxt is not None and nxt.lower_ in words.generic_place_nouns
              and prev is not None and prev.lower_ == "the"):
            kind = words.admin.get(nxt.text.title(), "region")
            entry = gaz.lookup(text) or GeoEntry(clean_name(text), kind)
            yield Candidate(i, j, entry, settings.conf("phrase"), "UNTAGGED", text)
        elif (not inside and tok.pos_ == "PROPN" and nxt is not None and nxt.text == ","
              and _container_after(ctx, j + 1)):
            entry = gaz.lookup(text) or GeoEntry(clean_name(text), "city")
            yield Candidate(i, j, entry, settings.conf("phrase"), "UNTAGGED", text)
        elif not inside and tok.pos_ == "PROPN" and (entry := gaz.lookup(text)) is not None:
            rank = gaz.source_rank(text) or 9
            if rank <= 2 and entry.kind in ("country", "state", "region"):
                yield Candidate(i, j, entry, settings.conf("untagged_major"), "UNTAGGED", text)
            elif (prev is not None and prev.lower_ in words.strong_locative and _likely_here(ctx, entry)
                  and (entry.kind != "city" or entry.population >= settings.min_population_without_ner)):
                yield Candidate(i, j, entry, settings.conf("untagged_locative"), "LOCATIVE", text)


def _paragraph_start(doc: Doc, i: int) -> bool:
    return i == 0 or "\n" in doc[i - 1].text or "\n" in doc[i - 1].whitespace_


def _capitals_run(doc: Doc, i: int) -> int:
    """End of a run of up to four words in capitals from token i ('ST. LOUIS', 'KAMPALA')."""
    j = i
    while j < len(doc) and j - i < 4 and re.fullmatch(r"[A-Z][A-Z.'\u2019-]+", doc[j].text):
        j += 1
    return j


def _dateline_end(ctx: PlaceContext, j: int) -> bool:
    """What may follow a dateline's place: a dash, '(AP)', ', State', or the story's first word."""
    nxt = ctx.token(j)
    return nxt is None or nxt.text in ctx.words.dateline_dashes or nxt.text in ("(", ",") or nxt.is_title


def dateline_candidates(ctx: PlaceContext) -> Iterator[Candidate]:
    """'KAMPALA —', 'BEIRUT (AP) -', 'EDMONTON, Ky. (WBKO) --', 'WASHINGTON Barack Obama ...',
    'Washington (CNN)': a place opening a paragraph in capitals, or before an agency's tag."""
    doc, gaz = ctx.doc, ctx.gaz
    for i in range(len(doc)):
        if doc[i].is_space or not (_paragraph_start(doc, i) or doc[i].is_sent_start):
            continue
        j = _capitals_run(doc, i)
        dash = (nxt := ctx.token(j)) is not None and nxt.text in ctx.words.dateline_dashes
        if j > i and len(doc[i:j].text.replace(".", "")) >= 3 and (
                dash or (_paragraph_start(doc, i) and _dateline_end(ctx, j))):
            text = doc[i:j].text
            entry = gaz.lookup(" ".join(t.text.title() for t in doc[i:j])) or gaz.lookup(text)
        elif _paragraph_start(doc, i) and doc[i].is_title and (tag := ctx.token(i + 1)) is not None \
                and tag.text == "(":
            j, text = i + 1, doc[i].text  # 'Washington (CNN)'
            agency = ctx.token(i + 2)
            entry = gaz.lookup(text) if agency is not None and agency.is_upper else None
        else:
            continue
        if entry is not None:
            yield Candidate(i, j, entry, ctx.settings.conf("dateline"), "DATELINE", text)


def _name_spans(ctx: PlaceContext) -> Iterator[tuple[int, int, str]]:
    """Spans that may hide a known place: entities of other labels than GPE/LOC (the model often
    tags a town ORG, PERSON, FAC, even DATE) and capitalised proper nouns outside entities."""
    doc = ctx.doc
    for ent in doc.ents:
        if ent.label_ not in _NOT_NAMES and ent.text[:1].isupper():
            yield from _split_names(ctx, ent.start, ent.end, ent.label_)
    for i, j in _untagged_runs(doc):
        if doc[i].pos_ == "PROPN":
            yield from _split_names(ctx, i, j, "UNTAGGED")


def _split_names(ctx: PlaceContext, start: int, end: int, label: str) -> Iterator[tuple[int, int, str]]:
    """One span per name: 'Ingham or Townsville' read as one organisation is two names; a run
    stops at a title ('Aleppo Mayor Brita Hasan' -> 'Aleppo') and at a lower-case word ('Mbarara
    last year' tagged DATE -> 'Mbarara')."""
    doc, words = ctx.doc, ctx.words
    i = start
    for k in range(start, end + 1):
        lower_word = k < end and doc[k].is_lower and doc[k].lower_ not in _NAME_PARTICLES
        if k == end or lower_word or doc[k].lower_ in words.list_words or doc[k].text in words.titles:
            if i < k:
                yield i, k, label
            if k < end and doc[k].text in words.titles:
                return
            i = k + 1


def _coordinated_with_place(ctx: PlaceContext, start: int, end: int) -> bool:
    """'Ingham or Townsville', 'Hornsey, Stoke Newington and Walthamstow': a list with a place."""
    doc, words = ctx.doc, ctx.words
    if start >= 1 and doc[start - 1].lower_ == "the":
        start -= 1
    before, after = ctx.token(start - 1), ctx.token(end)
    if before is not None and before.lower_ in words.list_words and _place_ends_at(ctx, start - 1):
        return True
    if after is not None and after.lower_ in words.list_words:
        nxt = end + 2 if ctx.token(end + 1) is not None and doc[end + 1].lower_ == "the" else end + 1
        return _place_starts_at(ctx, nxt)
    return False


def _place_ends_at(ctx: PlaceContext, end: int) -> bool:
    """A place the model tagged, or a name of up to three words the gazetteer knows, ends here."""
    doc = ctx.doc
    if end >= 1 and doc[end - 1].ent_type_ in ("GPE", "LOC"):
        return True
    return any(end - n >= 0 and doc[end - n].is_title and doc[end - n : end].text in ctx.gaz
               for n in (1, 2, 3))


def _place_starts_at(ctx: PlaceContext, start: int) -> bool:
    doc = ctx.doc
    if start >= len(doc):
        return False
    if doc[start].ent_type_ in ("GPE", "LOC"):
        return True
    return any(start + n <= len(doc) and doc[start].is_title and doc[start : start + n].text in ctx.gaz
               for n in (1, 2, 3))


def context_evidence(ctx: PlaceContext, start: int, end: int, entry: GeoEntry) -> str | None:
    """Why the words around a known name make it a place: 'phrase' ('the town of X', 'X
    district', 'X, <its state>'), or weaker: 'title' ('X Mayor Y'), 'locative' ('in X', ', of X'),
    'list', 'resident' ('an X man')."""
    doc, words = ctx.doc, ctx.words
    after = ctx.token(end)
    if after_place_noun(ctx, start) or (after is not None and after.is_lower
                                        and after.lower_ in words.generic_place_nouns):
        return "phrase"
    if title_follows(ctx, end):  # 'Aleppo Mayor X', 'Barren County Coroner X' (not 'Police Chief X')
        return "title"
    if after is not None and after.text == "," and end + 1 < len(doc):
        _, outer = _container_at(ctx, end + 1, None)
        inside = outer is not None and ctx.gaz.within(doc[start:end].text, outer.name)
        if outer is not None and (inside or ctx.gaz.contains(entry, outer)):
            return "phrase"
    prev = ctx.token(start - 1)
    if prev is not None and prev.lower_ == "the":
        prev = ctx.token(start - 2)
    if prev is not None and (prev.lower_ in words.locative or (
            prev.lower_ == "of" and start >= 2 and doc[start - 2].text == ",")):
        return "locative"
    if _coordinated_with_place(ctx, start, end):
        return "list"
    if (prev is not None and prev.lower_ in ("a", "an") and after is not None
            and after.lower_ in words.resident_nouns):
        return "resident"
    return None


def _likely_here(ctx: PlaceContext, entry: GeoEntry) -> bool:
    """Whether a weak cue ('from X', a list) is enough: for a state or country, always; for a
    town, when the article names its state ('Waterloo' in a story about Iowa, whichever Waterloo
    the gazetteer ranks first); for a city of 100,000+, when the article names its country or
    no place at all ('in Batman' in a story set in the US is the comic's, not Turkey's city)."""
    if entry.kind in ("state", "country", "county", "region"):
        return True
    options = (entry, *ctx.gaz.homonyms(entry.name))
    if any(n in ctx.geography for e in options for n in (e.admin1, e.container) if n):
        return True
    big = [e for e in options if e.population >= ctx.settings.min_population_without_ner]
    return bool(big) and (not ctx.geography or any(ctx.gaz.country_of(e) in ctx.geography for e in big))


def _span(start: int, end: int) -> Candidate:
    return Candidate(start, end, GeoEntry("", "other"), 0.0, "")


def context_candidates(ctx: PlaceContext) -> Iterator[Candidate]:
    """Known places the model missed or mislabelled ('of Edmonton' tagged ORG, 'Ingham or
    Townsville'), for their context. A name the gazetteer knows only as an alias is no place
    under an organisation's label ('Google' was once Topeka's nickname); a town of a common word
    or surname needs a phrase that says it is a place, or the article's own geography."""
    gaz = ctx.gaz
    for start, end, label in _name_spans(ctx):
        start, end, _ = trim_span(ctx, start, end)
        if start >= end:
            continue
        text = ctx.doc[start:end].text
        entry = gaz.lookup(text)
        if entry is None or alias_under_organisation_label(ctx, text, label):
            continue
        evidence = context_evidence(ctx, start, end, entry)
        if evidence is None or (evidence != "phrase" and not _likely_here(ctx, entry)):
            continue
        if label == "NORP" and evidence != "phrase":
            continue  # 'Maoxian county' yes, 'Tunisian' no
        strong = locative_before(ctx, _span(start, end), ctx.words.strong_locative) or (
            start >= 2 and ctx.doc[start - 1].lower_ == "of" and ctx.doc[start - 2].text == ",")
        if label == "PERSON" and evidence != "phrase" and not strong:
            continue  # 'a letter from Jackson'; 'Jesse Jackson ... Jackson said
        yield Candidate(start, end, entry, ctx.settings.conf("context"), "CONTEXT", text)


Source = Callable[[PlaceContext], Iterable[Candidate]]
SOURCES: tuple[Source, ...] = (
    entity_candidates,
    title_candidates,
    promoted_candidates,
    inner_locative_candidates,
    untagged_candidates,
    dateline_candidates,
    context_candidates,
)


def gather_candidates(ctx: PlaceContext, sources: Iterable[Source] = SOURCES) -> list[Candidate]:
    """Every source's candidates in text order; of overlapping ones the longer (first on a tie)."""
    found = sorted((c for source in sources for c in source(ctx)), key=lambda c: c.start)
    out: list[Candidate] = []
    for c in found:
        if out and c.start < out[-1].end:
            if _preferred(c) > _preferred(out[-1]):
                out[-1] = c
            continue
        out.append(c)
    return out


def _preferred(c: Candidate) -> tuple[int, bool]:
    """Of overlapping candidates the longer; on a tie the one whose source weighed its context
    (a dateline, 'from Edmonton') over one that only copied the model's label."""
    return c.end - c.start, c.label in _CONTEXT_LABELS


# -- stage 2: filters (each names one reason a candidate is not a place) ------------------------
@dataclass(frozen=True)
class OtherReadings:
    """Names this text uses for other things that could pass for places."""

    people: frozenset[str]  # 'Paris' of 'Valeska Paris', 'Jackson' of 'Jesse Jackson'
    organisations: frozenset[str]  # tagged ORG more often than GPE/LOC ('Delta')
    firm: frozenset[str]  # people or organisations at least twice ('Twitter')
    name_parts: frozenset[int]  # token starts of a country or state ending a name ('Environment Canada')


def _label_counts(doc: Doc) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """How often each entity text is tagged PERSON, ORG and GPE/LOC."""
    counts: dict[str, dict[str, int]] = {"PERSON": {}, "ORG": {}, "PLACE": {}}
    for ent in doc.ents:
        label = "PLACE" if ent.label_ in ("GPE", "LOC") else ent.label_
        if label in counts:
            counts[label][ent.text] = counts[label].get(ent.text, 0) + 1
    return counts["PERSON"], counts["ORG"], counts["PLACE"]


def _name_words(ctx: PlaceContext) -> set[str]:
    """Surnames, and the given name of a two-word name, of people the model found."""
    names: set[str] = set()
    titles = ctx.words.titles
    for ent in ctx.doc.ents:
        if ent.label_ != "PERSON" or len(ent) < 2:
            continue
        if ent[0].text not in titles and ent[-1].text not in titles:
            names.add(ent[-1].text)
            if len(ent) == 2:
                names.add(ent[0].text)
    return names


def _after_given_name(ctx: PlaceContext) -> Iterator[tuple[Span, bool]]:
    """One-word place entities right after a capitalised word that is no title, direction or
    place ('Valeska Paris', 'Environment Canada'), with whether it is a country or state."""
    doc, words = ctx.doc, ctx.words
    for ent in doc.ents:
        if ent.label_ not in ("GPE", "LOC") or ent.start == 0 or len(ent) != 1:
            continue
        prev = doc[ent.start - 1]
        if ent.end < len(doc) and doc[ent.end].text in words.titles:  # 'Former Pennsylvania Gov. X'
            continue
        if (prev.pos_ == "PROPN" and prev.is_title and prev.whitespace_ and prev.text not in words.titles
                and prev.text not in words.directions and prev.text not in ctx.gaz
                and prev.ent_type_ not in ("ORG", "NORP")):
            entry = ctx.gaz.lookup(ent.text)
            yield ent, entry is not None and entry.kind in ("country", "state")


def other_readings(ctx: PlaceContext) -> OtherReadings:
    """Names the text uses for people ('Paris' of 'Valeska Paris'), for organisations more often
    than for places ('Delta'), and either at least twice ('Twitter'). A country or state after a
    given name ends an organisation's name ('Environment Canada'): only that mention goes."""
    as_person, as_org, as_place = _label_counts(ctx.doc)
    names = _name_words(ctx)
    names.update(t for t, n in as_person.items() if n > as_place.get(t, 0))
    orgs = {t for t, n in as_org.items() if n > as_place.get(t, 0)}
    firm = {t for t, n in (as_org | as_person).items() if n >= 2 and n > as_place.get(t, 0)}
    parts: set[int] = set()
    for ent, major in _after_given_name(ctx):
        if major:
            parts.add(ent.start)
        else:
            names.add(ent.text)
    return OtherReadings(frozenset(names), frozenset(orgs), frozenset(firm), frozenset(parts))


def _text(ctx: PlaceContext, c: Candidate) -> str:
    return ctx.doc[c.start : c.end].text


def is_operation_mention(ctx: PlaceContext, c: Candidate) -> bool:
    """The span is (part of) a named operation the operations component found ('Safe City')."""
    spans, names = ctx.operations
    s, e = ctx.doc[c.start].idx, ctx.doc[c.end - 1].idx + len(ctx.doc[c.end - 1])
    return any(s < se and ss < e for ss, se in spans) or norm_name(_text(ctx, c)) in names


def is_codename(ctx: PlaceContext, c: Candidate) -> bool:
    """'an operation dubbed "Safe City"', 'Operation Desert Storm', '"X" operation'."""
    doc = ctx.doc
    i, quoted = c.start - 1, False
    while i >= 0 and doc[i].text in _QUOTES:
        i, quoted = i - 1, True
    if i >= 0 and doc[i].text in ctx.words.operation_cues:
        return True
    j = c.end
    while j < len(doc) and (doc[j].text in _QUOTES or doc[j].text in ".,"):
        quoted = quoted or doc[j].text in _QUOTES
        j += 1
    return quoted and j < len(doc) and doc[j].lower_ in ("operation", "campaign")


def shares_a_codename(ctx: PlaceContext, c: Candidate) -> bool:
    """A name used once as a codename ('dubbed "Safe City"') is no place in its other mentions."""
    return norm_name(_text(ctx, c)) in ctx.codenames


def is_organisation_name(ctx: PlaceContext, c: Candidate) -> bool:
    """'Philadelphia Police Department', 'the Seattle Times': a place naming an organisation."""
    doc, words = ctx.doc, ctx.words
    i = c.end
    if i >= len(doc) or doc[i].text in words.titles or c.label == "DATELINE":
        return False
    j = i
    while j < len(doc) and j < i + 4 and doc[j].is_title and doc[j].text not in words.titles:
        if doc[j].text in words.org_heads:
            return True
        j += 1
    return doc[i].text in words.org_heads or (i < j < len(doc) and doc[j].text in words.org_heads)


def title_follows(ctx: PlaceContext, i: int) -> bool:
    """A title within the next three capitalised words: 'Health Minister', 'County Coroner'."""
    doc = ctx.doc
    for j in range(i, min(i + 3, len(doc))):
        if doc[j].text in ctx.words.titles:
            return True
        if not doc[j].is_title:
            return False
    return False


def starts_longer_name(ctx: PlaceContext, c: Candidate) -> bool:
    """'Duran Duran', 'Paris Hilton', 'Texas Instruments': the place word starts a longer name.
    A person's name starting there ('Governor of Washington Chris Gregoire') is a separate name;
    an organisation's is not ('U.S.' + 'Immigration and Customs Enforcement')."""
    doc, words = ctx.doc, ctx.words
    if c.end >= len(doc) or c.label in ("TITLE", "UNTAGGED", "DATELINE"):
        return False
    nxt = doc[c.end]
    if not doc[c.end - 1].whitespace_ or not nxt.is_title or nxt.pos_ != "PROPN":
        return False
    if title_follows(ctx, c.end):  # 'Quebec Health Minister X'
        return False
    separate = nxt.ent_iob_ == "B" and nxt.ent_type_ not in _NAMED_THINGS
    return not (nxt.text in words.titles or nxt.text in words.directions or separate)


def is_rank_after_person(ctx: PlaceContext, c: Candidate) -> bool:
    """'Mark Smith, QC,': capitals after a person's name and a comma are a rank, not a place."""
    doc = ctx.doc
    return (c.start >= 2 and doc[c.start - 1].text == "," and doc[c.start - 2].ent_type_ == "PERSON"
            and c.end - c.start == 1 and doc[c.start].is_upper)


def ends_organisation_name(ctx: PlaceContext, c: Candidate) -> bool:
    """'Environment Canada': a country or state closing a longer name (only that mention goes)."""
    return c.start in ctx.readings.name_parts


def _placed(ctx: PlaceContext, c: Candidate) -> bool:
    """'in X', or 'the town of X' (which outweighs one odd label, not a name the text keeps
    using for a firm or person: 'Twitter')."""
    return locative_before(ctx, c, ctx.words.strong_locative) or (
        after_place_noun(ctx, c.start) and _text(ctx, c) not in ctx.readings.firm
    )


def is_person_name(ctx: PlaceContext, c: Candidate) -> bool:
    """A name this text uses for a person ('Jackson' after 'Jesse Jackson'), unless placed."""
    return _text(ctx, c) in ctx.readings.people and not _placed(ctx, c) and c.label not in _CONTEXT_LABELS


def is_organisation(ctx: PlaceContext, c: Candidate) -> bool:
    """A name the model tags as an organisation more often than as a place ('Delta'), unless
    it is a country, state or region or is placed."""
    return (_text(ctx, c) in ctx.readings.organisations and c.label not in _CONTEXT_LABELS
            and c.entry.kind not in ("country", "state", "region") and not _placed(ctx, c))


def is_quoted_unknown(ctx: PlaceContext, c: Candidate) -> bool:
    """A name in quotation marks without the gazetteer's support is a title or a nickname."""
    doc = ctx.doc
    quoted = (c.start > 0 and doc[c.start - 1].text in _QUOTES
              and c.end < len(doc) and doc[c.end].text in _QUOTES)
    return quoted and c.confidence < ctx.settings.conf("known_entity")


def names_facility(ctx: PlaceContext, c: Candidate) -> bool:
    """'in Pagliarelli prison': a facility named after it, when not a well-known place."""
    doc = ctx.doc
    return (c.confidence < ctx.settings.conf("known_entity") and c.end < len(doc)
            and doc[c.end].lower_ in ctx.words.facility_nouns)


def names_organisation_by_noun(ctx: PlaceContext, c: Candidate) -> bool:
    """'the Xinhua news agency', 'a Dallas newspaper': a name before a lower-case noun of the
    press or an organisation names that organisation, even when it is also a known place."""
    nxt = ctx.token(c.end)
    return nxt is not None and nxt.is_lower and nxt.lower_ in ctx.words.organisation_nouns


Filter = Callable[[PlaceContext, Candidate], bool]
FILTERS: tuple[Filter, ...] = (
    is_operation_mention,
    is_codename,
    shares_a_codename,
    is_organisation_name,
    starts_longer_name,
    is_rank_after_person,
    ends_organisation_name,
    is_person_name,
    is_organisation,
    is_quoted_unknown,
    names_facility,
    names_organisation_by_noun,
)


def apply_filters(ctx: PlaceContext, cands: list[Candidate],
                  filters: Iterable[Filter] = FILTERS) -> list[Candidate]:
    filters = tuple(filters)
    return [c for c in cands if not any(f(ctx, c) for f in filters)]


# -- stage 3: decisions over all candidates -----------------------------------------------------
def has_evidence(ctx: PlaceContext, c: Candidate) -> bool:
    """An unknown name reads as a place: 'in Bogliasco', 'the Lombardy region', 'the island of X'.
    For a LOC only a longer name counts after a preposition ('in the Middle West', not 'in the South')."""
    doc = ctx.doc
    if c.end < len(doc) and doc[c.end].lower_ in ctx.words.generic_place_nouns:
        return True
    if after_place_noun(ctx, c.start):
        return True
    if c.start >= 2 and doc[c.start - 1].lower_ == "of" and doc[c.start - 2].text == ",":
        return True  # 'Kevin Dunn, 52, of Annville'
    n = c.end - c.start
    label_ok = c.label == "GPE" or (c.label == "LOC" and n >= 2)
    return label_ok and n <= 3 and locative_before(ctx, c, ctx.words.evidence_preps)


def confirm_by_evidence(ctx: PlaceContext, cands: list[Candidate]) -> list[Candidate]:
    """Unknown names with evidence get `evidence` confidence; evidence for one mention of a name
    covers its other mentions."""
    conf = ctx.settings.conf("evidence")
    out = []
    for c in cands:
        if c.confidence == CONF_NEEDS_EVIDENCE and has_evidence(ctx, c):
            entry = c.entry
            if entry.kind == "other" and after_place_noun(ctx, c.start):
                entry = entry._replace(kind=place_noun_kind(ctx, c.start))
            c = replace(c, confidence=conf, entry=entry)
        out.append(c)
    attested = {c.head_text for c in out if c.confidence > 0}
    return [replace(c, confidence=conf) if c.confidence == 0 and c.head_text in attested else c for c in out]


def drop_unsupported_states(ctx: PlaceContext, cands: list[Candidate]) -> list[Candidate]:
    """A state or province found only by the gazetteer in untagged text ('Tasmania was excluded')
    needs its country in the text: 'Batman' is also a Turkish province."""
    countries: set[str | None] = set()
    for c in cands:
        if c.label != "UNTAGGED" or c.entry.kind == "country":
            countries.update((c.entry.name, c.entry.container))
            if c.entry.container and (outer := ctx.gaz.lookup(c.entry.container)) is not None:
                countries.add(outer.container)
    return [c for c in cands
            if c.label != "UNTAGGED" or c.entry.kind != "state" or c.entry.container in countries]


def national_teams(ctx: PlaceContext, cands: list[Candidate]) -> set[str]:
    """Countries that play in a match report ('Sweden defeated South Korea 1-0')."""
    if not _SCORE.search(ctx.doc.text):
        return set()
    teams: set[str] = set()
    for c in cands:
        if c.entry.kind != "country":
            continue
        tok = ctx.doc[c.end - 1]
        head = tok.head
        if head.pos_ == "ADP" and head.lower_ in ("to", "against", "over") and head.head.pos_ == "VERB":
            head = head.head
        if tok.dep_ in ("nsubj", "dobj", "pobj", "nsubjpass") and head.lemma_ in ctx.words.sports_verbs:
            teams.add(c.entry.name)
    return teams


def drop_national_teams(ctx: PlaceContext, cands: list[Candidate]) -> list[Candidate]:
    teams = national_teams(ctx, cands)
    strong = ctx.words.strong_locative
    return [c for c in cands if c.entry.name not in teams or locative_before(ctx, c, strong)]


def _container_at(ctx: PlaceContext, i: int, cand: Candidate | None) -> tuple[int, GeoEntry | None]:
    """A state/province/country written at token i (a candidate, or an abbreviation: 'Ore.', 'OR')."""
    doc, gaz = ctx.doc, ctx.gaz
    if cand is not None:
        entry = gaz.container(_text(ctx, cand))
        if entry is not None:
            return cand.end, entry
        # any known name: 'Washington, D.C.' as two entities is decided by the full name
        return cand.end, cand.entry if cand.confidence > 0 else None
    for n in (1, 2, 3):
        if i + n > len(doc) or not doc[i : i + n].text[:1].isupper():
            break
        entry = gaz.container(doc[i : i + n].text)
        if entry is not None:
            return i + n, entry
    return i, None


def _continues_list(ctx: PlaceContext, end: int, entry: GeoEntry, cands: list[Candidate]) -> bool:
    """'Lyon, France, Germany and Italy': the 'container' starts a list of peers."""
    doc = ctx.doc
    if end >= len(doc) or doc[end].lower_ not in (",", "and", "or"):
        return False
    for c in cands:
        if c.start in (end + 1, end + 2):
            return c.entry.kind == entry.kind and c.entry.name != entry.container
    return False


def _join_first_container(ctx: PlaceContext, c: Candidate, cont_end: int,
                          cont_entry: GeoEntry, cands: list[Candidate]) -> str:
    """Decide 'A, B' for the first container after A: 'whole' (the pair is one known name:
    'Washington, D.C.'), 'list' (A is itself a state or country, or B starts a list of peers),
    else 'joined' (A is set inside B)."""
    doc, gaz = ctx.doc, ctx.gaz
    full = gaz.lookup(doc[c.start : cont_end].text)
    if full is not None and full.kind not in ("state", "country"):
        c.entry, c.mention_end, c.confidence = full, cont_end, ctx.settings.conf("known_entity")
        return "whole"
    if c.entry.kind in ("state", "country", "region") and c.confidence > 0:
        return "list"
    if _continues_list(ctx, cont_end, cont_entry, cands):
        return "list"
    inside = gaz.within(_text(ctx, c), cont_entry.name)
    if inside is None and not _may_contain(ctx, c, cont_entry):
        return "list"  # 'Oklahoma City, Tulsa', 'Lexington, Kentucky, Nashville'
    entry = inside or c.entry
    kind = entry.kind if entry.kind in ("city", "county", "natural", "region") else "city"
    if c.confidence == 0 and entry.kind == "other":
        kind = "county" if doc[c.end - 1].text == "County" else "city"
    c.entry = entry._replace(kind=kind, container=cont_entry.name)
    c.confidence = max(c.confidence, ctx.settings.conf("phrase"))
    return "joined"


def _may_contain(ctx: PlaceContext, c: Candidate, outer: GeoEntry) -> bool:
    """'A, B' reads as A inside B only when the gazetteer says so, or, for a name it does not
    know, when B is a state, province, county or country ('Bogliasco, Italy')."""
    if ctx.gaz.lookup(_text(ctx, c)) is not None:
        return ctx.gaz.contains(c.entry, outer)
    return outer.kind in ("state", "country", "county")


def join_containers(ctx: PlaceContext, cands: list[Candidate]) -> list[Candidate]:
    """'Portland, Oregon' -> Portland in Oregon; 'Washington, D.C.' -> one place; lists stay lists.
    The container stays as a `container_only` candidate so a later bare mention can revive it."""
    doc = ctx.doc
    cands = [replace(c) for c in cands]  # copies: this stage sets fields
    by_start = {c.start: c for c in cands}
    out: list[Candidate] = []
    skip: set[int] = set()
    for c in cands:
        if c.start in skip:
            continue
        out.append(c)
        pos, first, inner = c.end, True, c.entry
        while pos + 1 < len(doc) and doc[pos].text == ",":
            nxt = by_start.get(pos + 1)
            cont_end, cont_entry = _container_at(ctx, pos + 1, nxt)
            if cont_entry is None or (not first and not ctx.gaz.contains(inner, cont_entry)):
                break
            if first:
                how = _join_first_container(ctx, c, cont_end, cont_entry, cands)
                if how == "list":
                    break
                if how == "whole":
                    skip.add(pos + 1)
                    pos = cont_end
                    continue
            c.mention_end = cont_end
            if nxt is not None:
                nxt.container_only = True
            first, inner = False, cont_entry
            pos = cont_end
        if c.mention_end < 0:
            c.mention_end = c.end
    return out


def _state_named_as_state(ctx: PlaceContext, c: Candidate) -> bool:
    """'Washington state', 'Washington Gov. X', 'the Governor of Washington', 'state of Washington'."""
    doc, cues = ctx.doc, ctx.words.state_cues
    nxt = doc[c.end].text if c.end < len(doc) else ""
    of_cue = c.start >= 2 and doc[c.start - 1].lower_ == "of" and doc[c.start - 2].text in cues
    return nxt in cues or of_cue


def choose_homonyms(ctx: PlaceContext, cands: list[Candidate]) -> list[Candidate]:
    """'Valencia' in a text about Spain is Spain's Valencia, not the bigger one in Venezuela;
    a bare 'Washington' is the capital unless the text shows the state."""
    gaz = ctx.gaz
    # A city's container is the gazetteer's guess unless the text wrote it ('Portland, Maine').
    named = {c.entry.name for c in cands}
    named |= {c.entry.container for c in cands if c.entry.kind != "city" or c.mention_end > c.end}
    states_shown = {c.entry.name for c in cands if c.container_only}
    states_shown |= {c.entry.container for c in cands if c.entry.kind in ("city", "county")}
    out = []
    for c in cands:
        entry = c.entry
        if entry.kind == "state" and not c.container_only and entry.name not in states_shown:
            big = [o for o in gaz.homonyms(entry.name)
                   if o.population >= 500_000 and gaz.country_of(o) == entry.container]
            if big and not _state_named_as_state(ctx, c):
                entry = big[0]
        elif entry.kind == "city" and c.mention_end <= c.end and entry.container not in named:
            options = gaz.homonyms(entry.name)
            pop = entry.population
            # the state named in the text, unless that city is tiny beside the famous one (Paris,
            # Texas); then the country of a place named in it, more strictly
            chosen = next((o for o in options if o.container in named and o.population * 20 >= pop), None)
            if chosen is None and gaz.country_of(entry) not in named:
                chosen = next((o for o in options
                               if gaz.country_of(o) in named and o.population * 5 >= pop), None)
            entry = chosen or entry
        out.append(replace(c, entry=entry) if entry is not c.entry else c)
    return out


def drop_unconfirmed(ctx: PlaceContext, cands: list[Candidate]) -> list[Candidate]:
    """Names that never found evidence go; containers stay (a bare mention may revive them)."""
    return [c for c in cands if c.confidence > 0 or c.container_only]


def doubt_far_small_towns(ctx: PlaceContext, cands: list[Candidate]) -> list[Candidate]:
    """A name tagged as a place that the gazetteer knows only as a small town in a country the
    rest of the text never names ('Satan', a North Korean hamlet; a surname that is also a town
    in Ecuador) needs evidence like an unknown name ('in X', 'X, <its state>')."""
    out = []
    for c in cands:
        e = c.entry
        small = e.kind == "city" and e.population < ctx.settings.min_population_without_ner
        if c.label in ("GPE", "LOC") and small and not _near_other_places(ctx, c, cands):
            c = replace(c, confidence=CONF_NEEDS_EVIDENCE)
        out.append(c)
    return out


def _near_other_places(ctx: PlaceContext, c: Candidate, cands: list[Candidate]) -> bool:
    """Whether another place of the text shares a state or country with this town (or a town
    of the same name)."""
    around: set[str] = set()
    for o in cands:
        if o.entry.name != c.entry.name and o.confidence > 0:
            around.update(n for n in (o.entry.name, o.entry.container, o.entry.admin1,
                                      ctx.gaz.country_of(o.entry)) if n)
    options = (c.entry, *ctx.gaz.homonyms(c.entry.name))
    return any(n in around for e in options for n in (e.admin1, e.container, ctx.gaz.country_of(e)) if n)


DocumentStage = Callable[[PlaceContext, list[Candidate]], list[Candidate]]
DOCUMENT_STAGES: tuple[DocumentStage, ...] = (
    doubt_far_small_towns,
    confirm_by_evidence,
    drop_unsupported_states,
    drop_national_teams,
    join_containers,
    choose_homonyms,
    drop_unconfirmed,
)


# -- stage 4: one claim per place ---------------------------------------------------------------
def _group_key(c: Candidate, joined_heads: dict[str, str], containers: set[str]) -> str:
    """Bare names that head a joined place fold into it ('Portland' after 'Portland, Oregon')."""
    bare = c.mention_end <= c.end and not c.container_only
    if bare and c.head_text in joined_heads and c.entry.name not in containers:
        return joined_heads[c.head_text]
    return c.entry.name


def _display_name(entry: GeoEntry, mentions: list[Mention]) -> str:
    """Keep the text's own spelling when it only drops accents: 'Montreal' for 'Montréal'."""
    if entry.name.isascii():
        return entry.name
    return next((m.text for m in mentions if m.text == ascii_fold(entry.name)), entry.name)


def group_claims(ctx: PlaceContext, cands: list[Candidate]) -> Iterator[PlaceClaim]:
    doc = ctx.doc
    sents = SentenceIndex(doc)
    containers = {c.entry.name for c in cands if c.container_only}
    joined_heads: dict[str, str] = {}
    for c in cands:
        if c.mention_end > c.end and not c.container_only:
            joined_heads.setdefault(c.head_text, c.entry.name)
    groups: dict[str, list[Candidate]] = {}
    for c in cands:
        groups.setdefault(_group_key(c, joined_heads, containers), []).append(c)
    for members in groups.values():
        members = [c for c in members if not c.container_only]
        if not members:
            continue
        best = max(members, key=lambda c: (c.mention_end > c.end, c.confidence))
        mentions = []
        for c in members:
            last = doc[max(c.mention_end, c.end) - 1]
            mentions.append(sents.mention(doc, doc[c.start].idx, last.idx + len(last.text)))
        mentions.sort(key=lambda m: m.start)
        first, entry = mentions[0], best.entry
        yield PlaceClaim(
            text=first.text, start=first.start, end=first.end, sentence=first.sentence,
            confidence=max(c.confidence for c in members), name=_display_name(entry, mentions),
            kind=entry.kind if entry.kind in _KINDS else "other", container=entry.container,
            mentions=mentions, geonames_id=entry.geonames_id, latitude=entry.latitude,
            longitude=entry.longitude, country_code=entry.country_code, admin1=entry.admin1,
        )


def find_places(ctx: PlaceContext) -> Iterator[PlaceClaim]:
    """Every distinct place the text names, as PlaceClaims in order of first mention."""
    cands = apply_filters(ctx, ctx.candidates)
    for stage in DOCUMENT_STAGES:
        cands = stage(ctx, cands)
    yield from group_claims(ctx, cands)


class PlacesComponent(ClaimComponent):
    """Compiles the word lists and opens the gazetteer when the rules change; finds places per doc."""

    factory = "factpull_places"
    rule_files = ("place_words.json", "place_gazetteer_extra.json")

    def __init__(self, nlp: Language, name: str, *, settings: PlaceSettings,
                 gazetteer: GazetteerSettings, overrides: Mapping[str, Any] | None = None) -> None:
        self.settings = settings
        self.gazetteer_settings = gazetteer
        super().__init__(nlp, name, overrides=overrides)

    def compile_rules(self) -> None:
        self.words = compile_words(self.rules["place_words.json"])
        self.gaz = gazetteer_for(self.rules, self.gazetteer_settings)

    def context(self, doc: Doc) -> PlaceContext:
        return PlaceContext(doc, self.words, self.gaz, self.settings)

    def find(self, doc: Doc) -> Iterator[PlaceClaim]:
        return find_places(self.context(doc))


