"""Places: one claim per distinct named geographic place, with every mention, a kind and a container.

Candidates come from the model's GPE and LOC entities, plus known place names the model labelled
PERSON or ORG when the context is locative ("in Philly") or a title follows ("Philadelphia Mayor
Jim Kenney"). The gazetteer (`gazetteer.py`) confirms them and gives the canonical name, kind and
container; a name it does not know survives only with evidence that it is a place (a container
after a comma, a geographic word such as "River" or "County", "the town of X", a locative
preposition). Then operation names, organisations named after places, people named like places
and national teams in match reports are dropped, "City, State" pairs join into one place, a city
name shared by several cities resolves to the one in a state or country the text names, and
mentions are grouped by canonical name. Word lists live in lexicon/place_words.json.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..models import Mention, PlaceClaim
from .base import ClaimComponent, SentenceIndex, stored_claims
from .gazetteer import Gazetteer, GeoEntry, ascii_fold, load_gazetteer, load_place_words

_QUOTES = {'"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "``", "''"}
_POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}
_NON_WORD = re.compile(r"[^\w\s]")

#: Confidence by how the place was found.
_CONF_KNOWN = 0.95
_CONF_PROMOTED = 0.8
_CONF_EVIDENCE = 0.7


@dataclass(slots=True)
class _Candidate:
    start: int  # token indices, end exclusive
    end: int
    entry: GeoEntry
    confidence: float
    label: str
    #: text of the name alone ("Portland" in "Portland, Oregon"), for folding later bare mentions.
    head_text: str = ""
    #: token span of "X, Container" when joined (the mention), else same as start/end.
    mention_end: int = -1
    container_only: bool = False


def _norm_name(text: str) -> str:
    text = _NON_WORD.sub("", text.lower()).strip()
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"^operation\s+", "", text)


class _Finder:
    """Per-process state: word lists as sets, the gazetteer. One instance serves every doc."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        words = load_place_words()
        self.gaz = gazetteer or load_gazetteer()
        self.locative = set(words["locative_preps"])
        self.strong_locative = set(words["strong_locative_preps"])
        self.titles = set(words["titles"])
        self.org_heads = set(words["org_heads"])
        self.op_cues = set(words["operation_cues"])
        self.natural = set(words["natural_words"])
        self.admin = dict(words["admin_words"])
        self.admin_of = set(words["admin_of_prefixes"])
        self.directions = set(words["directions"])
        self.generic_place_nouns = set(words["generic_place_nouns"])
        self.evidence_preps = set(words["evidence_preps"])
        self.state_cues = set(words["state_cues"])
        self.sports_verbs = set(words["sports_verbs"])
        self.facility_nouns = set(words["facility_nouns"])

    # -- candidate spans --------------------------------------------------------------------------
    def _trim(self, doc: Doc, start: int, end: int) -> tuple[int, int, str | None]:
        """Drop a leading 'the', a trailing possessive or punctuation, and an '<Admin> of' prefix.

        Returns the span and, when an unknown name lost a 'Municipality of' prefix, the kind that
        prefix implies (evidence that the rest is a place).
        """
        while start < end and (doc[start].lower_ == "the" or doc[start].is_punct or doc[start].is_space):
            start += 1
        while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct
                               or doc[end - 1].is_space):
            end -= 1
        admin_kind = None
        # 'Aceh province', 'Mary region': the name without its lower-case generic noun
        if end - start > 1 and doc[end - 1].lower_ in self.generic_place_nouns and doc[end - 1].is_lower:
            end -= 1
            if doc[start:end].text not in self.gaz:
                admin_kind = _KIND_OF_NOUN.get(doc[end].lower_, "other")
        if (end - start > 2 and doc[start].text in self.admin_of and doc[start + 1].lower_ == "of"
                and doc[start:end].text not in self.gaz):
            admin_kind = self.admin.get(doc[start].text, "other")
            start += 2
            while start < end and doc[start].lower_ == "the":
                start += 1
            if doc[start:end].text in self.gaz:
                admin_kind = None
        return start, end, admin_kind

    def _resolve(self, span: Span) -> tuple[GeoEntry | None, bool]:
        """(entry, known): the gazetteer's entry, or one built from the name's own geographic words."""
        text = span.text
        entry = self.gaz.lookup(text)
        if entry is not None:
            return entry, True
        words = text.split()
        if len(words) > 1:
            base = self.gaz.lookup(" ".join(words[:-1])) if words[-1] in ("City", "State") else None
            if base is not None and base.kind in ("city", "state"):
                return base, True
            if words[0] in self.directions and (base := self.gaz.lookup(" ".join(words[1:]))):
                container = base.name if base.kind in ("state", "country") else base.container
                return GeoEntry(_clean_name(text), "region", container), True
            if words[-1] in self.directions and (base := self.gaz.lookup(" ".join(words[:-1]))):
                container = base.name if base.kind in ("state", "country") else base.container
                return GeoEntry(_clean_name(text), "region", container), True
            if words[-1] == "Coast" and words[0] in self.directions:  # 'East Coast', 'West Coast'
                return GeoEntry(_clean_name(text), "region"), False
            if words[-1] in self.natural or words[0] in _NATURAL_FIRST:
                return GeoEntry(_clean_name(text), "natural"), False
            if words[-1] in self.admin:
                return GeoEntry(_clean_name(text), self.admin[words[-1]]), False
        return None, False

    def candidates(self, doc: Doc) -> list[_Candidate]:
        found: list[_Candidate] = []
        for ent in doc.ents:
            label = ent.label_
            if label in ("GPE", "LOC"):
                self._add_place_span(doc, ent.start, ent.end, label, found)
            elif label in ("PERSON", "ORG", "NORP", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT"):
                self._add_title_prefix(doc, ent, found)
                if _after_place_noun(doc, ent.start, self) or label in ("PERSON", "ORG"):
                    self._add_promoted(doc, ent, found)
                self._add_inner_locative(doc, ent, found)
        self._add_untagged(doc, found)
        found.sort(key=lambda c: c.start)
        return found

    def _add_untagged(self, doc: Doc, found: list[_Candidate]) -> None:
        """Country- and state-level names the model left untagged ('Tasmania was excluded'), and
        'the X region' phrases. Only stand-alone capitalised names: not inside a longer name."""
        n = len(doc)
        i = 0
        while i < n:
            tok = doc[i]
            if tok.ent_iob_ != "O" or not tok.is_title or tok.pos_ not in ("PROPN", "ADJ"):
                i += 1
                continue
            j = i
            while j < n and j - i < 4 and doc[j].ent_iob_ == "O" and _proper(doc[j]):
                j += 1
            if j == i:  # an adjective: only 'the Lombardy region'
                j = i + 1
            prev = doc[i - 1] if i > 0 else None
            of_name = prev is not None and prev.lower_ == "of" and i > 1 and doc[i - 2].is_title
            inside_name = prev is not None and not prev.is_sent_start and (
                (prev.is_title and prev.pos_ == "PROPN") or of_name
            )
            text = doc[i:j].text
            nxt = doc[j] if j < n else None
            if _after_place_noun(doc, i, self) and tok.pos_ == "PROPN":
                kind = _KIND_OF_NOUN.get(doc[i - 2].lower_, "other")
                entry = self.gaz.lookup(text) or GeoEntry(_clean_name(text), kind)
                found.append(_Candidate(i, j, entry, _CONF_EVIDENCE, "UNTAGGED", text))
            elif not inside_name and nxt is not None and nxt.lower_ in self.generic_place_nouns and (
                prev is not None and prev.lower_ == "the"
            ):
                kind = self.admin.get(nxt.text.title(), "region")
                entry = self.gaz.lookup(text) or GeoEntry(_clean_name(text), kind)
                found.append(_Candidate(i, j, entry, _CONF_EVIDENCE, "UNTAGGED", text))
            elif (not inside_name and tok.pos_ == "PROPN" and nxt is not None and nxt.text == ","
                  and j + 1 < n and self._container_after(doc, j + 1)):
                # 'Bangor, Maine' with 'Bangor' untagged: a name before ', <state or country>'
                entry = self.gaz.lookup(text) or GeoEntry(_clean_name(text), "city")
                found.append(_Candidate(i, j, entry, _CONF_EVIDENCE, "UNTAGGED", text))
            elif not inside_name and tok.pos_ == "PROPN" and (entry := self.gaz.lookup(text)) is not None:
                rank = self.gaz.source_rank(text) or 9
                if rank <= 2 and entry.kind in ("country", "state", "region"):
                    found.append(_Candidate(i, j, entry, _CONF_PROMOTED, "UNTAGGED", text))
                elif (prev is not None and prev.lower_ in self.strong_locative
                      and (entry.kind != "city" or entry.population >= 100_000)):
                    # 'in Philly': a known city or alias after a locative preposition
                    found.append(_Candidate(i, j, entry, _CONF_PROMOTED, "LOCATIVE", text))
            i = j

    def _add_place_span(self, doc: Doc, start: int, end: int, label: str, found: list[_Candidate]) -> None:
        start, end, admin_kind = self._trim(doc, start, end)
        if start >= end:
            return
        # The model sometimes stops short of the full name: 'Washington' + 'D.C.', 'New York' + 'City'.
        for extra in (2, 1):
            if end + extra > len(doc) or not doc[end].text[:1].isalpha():
                continue
            if doc[start : end + extra].text in self.gaz:
                end += extra
                break
        span = doc[start:end]
        text = span.text
        if not text[:1].isupper() or any(ch.isdigit() for ch in text):
            return
        # A title or organisation word inside the entity: keep the place before it.
        for i in range(start + 1, end):
            if doc[i].text in self.titles or doc[i].text in self.org_heads:
                if doc[start:i].text in self.gaz and doc[i].text in self.titles:
                    self._add_place_span(doc, start, i, label, found)
                return
        entry, known = self._resolve(span)
        if entry is None and admin_kind is not None:
            entry = GeoEntry(_clean_name(text), admin_kind if admin_kind in _KINDS else "other")
        if entry is None:
            entry = GeoEntry(_clean_name(text), "region" if label == "LOC" else "other")
            found.append(_Candidate(start, end, entry, 0.0, label, text))  # needs evidence
            return
        found.append(_Candidate(start, end, entry, _CONF_KNOWN if known else _CONF_EVIDENCE, label, text))

    def _add_inner_locative(self, doc: Doc, ent: Span, found: list[_Candidate]) -> None:
        """'the ship Freewinds in Bonaire' read as one title: the known place after 'in' at its end."""
        for i in range(ent.start + 1, ent.end - 1):
            if doc[i].lower_ in ("in", "near") and doc[i - 1].is_title:
                start, end, _ = self._trim(doc, i + 1, ent.end)
                if start < end and (entry := self.gaz.lookup(doc[start:end].text)) is not None:
                    found.append(_Candidate(start, end, entry, _CONF_PROMOTED, "INNER", doc[start:end].text))
                return

    def _container_after(self, doc: Doc, i: int) -> bool:
        for n in (1, 2, 3):
            if i + n <= len(doc) and doc[i].is_title and self.gaz.container(doc[i : i + n].text) is not None:
                return True
        return False

    def _add_title_prefix(self, doc: Doc, ent: Span, found: list[_Candidate]) -> None:
        """'Philadelphia Mayor Jim Kenney' tagged PERSON: the place before the title word;
        'Governor of Washington Jay Inslee': the place after 'of'."""
        if ent.start >= 2 and doc[ent.start - 1].lower_ == "of" and doc[ent.start - 2].text in self.titles:
            for n in (3, 2, 1):
                if n < len(ent) and (entry := self.gaz.lookup(ent[:n].text)) is not None:
                    if entry.kind != "city" or entry.population >= 100_000:
                        found.append(_Candidate(ent.start, ent.start + n, entry, _CONF_PROMOTED, "TITLE",
                                                ent[:n].text))
                    return
        for i in range(ent.start + 1, min(ent.end, ent.start + 5)):
            if doc[i].text in self.titles:
                start, end, _ = self._trim(doc, ent.start, i)
                if start < end and (entry := self.gaz.lookup(doc[start:end].text)) is not None:
                    found.append(_Candidate(start, end, entry, _CONF_PROMOTED, "TITLE", doc[start:end].text))
                return

    def _add_promoted(self, doc: Doc, ent: Span, found: list[_Candidate]) -> None:
        """A known place the model read as a person or organisation, after 'in', 'at', 'near'..."""
        start, end, _ = self._trim(doc, ent.start, ent.end)
        if start >= end or start == 0:
            return
        if _after_place_noun(doc, start, self) and end - start <= 3:  # 'the town of Yeoncheon'
            text = doc[start:end].text
            kind = _KIND_OF_NOUN.get(doc[start - 2].lower_, "other")
            entry = self.gaz.lookup(text) or GeoEntry(_clean_name(text), kind)
            found.append(_Candidate(start, end, entry, _CONF_EVIDENCE, ent.label_, text))
            return
        prev = doc[start - 1] if doc[start - 1].lower_ != "the" or start < 2 else doc[start - 2]
        # 'from'/'to' also introduce people ('a letter from Jackson'): only for organisations.
        preps = self.strong_locative if ent.label_ == "PERSON" else self.locative
        if prev.lower_ not in preps:
            return
        if end < len(doc) and doc[end].text in _POSSESSIVE:
            return
        entry = self.gaz.lookup(doc[start:end].text)
        if entry is None or (entry.kind == "city" and entry.population < 100_000):
            return
        found.append(_Candidate(start, end, entry, _CONF_PROMOTED, ent.label_, doc[start:end].text))


def _proper(tok: Token) -> bool:
    return tok.is_title and tok.pos_ == "PROPN"


def _clean_name(text: str) -> str:
    text = re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip()
    if text[:4] in ("the ", "The "):
        text = text[4:]
    return re.sub(r"'s?$", "", text)


_FINDER: _Finder | None = None


def _finder() -> _Finder:
    global _FINDER
    if _FINDER is None:
        _FINDER = _Finder()
    return _FINDER


def find_places(doc: Doc) -> Iterator[PlaceClaim]:
    """Every distinct place the text names, as PlaceClaims in order of first mention."""
    try:
        yield from _find(doc, _finder())
    except (ValueError, IndexError, KeyError, TypeError, AttributeError):  # never raise on messy text
        return


def _find(doc: Doc, f: _Finder) -> Iterator[PlaceClaim]:
    cands = f.candidates(doc)
    if not cands:
        return
    cands = _dedupe(cands)
    blocked_spans, blocked_names = _operations(doc)
    part_of_name: set[int] = set()
    person_names, org_names, firm = _other_readings(doc, f, part_of_name)
    kept: list[_Candidate] = []
    for c in cands:
        text = doc[c.start : c.end].text
        if _overlaps(doc, c, blocked_spans) or _norm_name(text) in blocked_names:
            continue
        if _after_operation_cue(doc, c, f):
            blocked_names.add(_norm_name(text))
            continue
        if _is_org_name(doc, c, f) or _in_longer_name(doc, c, f) or _after_person(doc, c):
            continue
        if c.start in part_of_name:
            continue
        # 'the town of X' outweighs one odd label, not a name read as a firm throughout ('Twitter')
        placed = _locative_before(doc, c, f.strong_locative) or (
            _after_place_noun(doc, c.start, f) and text not in firm
        )
        if text in person_names and not placed:
            continue
        if text in org_names and c.entry.kind not in ("country", "state", "region") and not placed:
            continue
        if _quoted(doc, c) and c.confidence < _CONF_KNOWN:
            continue
        if c.confidence < _CONF_KNOWN and c.end < len(doc) and doc[c.end].lower_ in f.facility_nouns:
            continue  # 'in Pagliarelli prison': a facility named after it, not a known place
        if c.confidence == 0 and _has_evidence(doc, c, f):
            c.confidence = _CONF_EVIDENCE
            if c.entry.kind == "other" and _after_place_noun(doc, c.start, f):  # 'the island of X'
                c.entry = c.entry._replace(kind=_KIND_OF_NOUN.get(doc[c.start - 2].lower_, "other"))
        kept.append(c)
    # Evidence for an unknown name anywhere ('in Bogliasco') covers its other mentions.
    attested = {c.head_text for c in kept if c.confidence > 0}
    for c in kept:
        if c.confidence == 0 and c.head_text in attested:
            c.confidence = _CONF_EVIDENCE
    # A state or province found only by the gazetteer in untagged text ('Tasmania was excluded')
    # needs its country in the text too: 'Batman' is also a Turkish province.
    countries: set[str | None] = set()
    for c in kept:
        if c.label != "UNTAGGED" or c.entry.kind == "country":
            countries.update((c.entry.name, c.entry.container))
            if c.entry.container and (outer := f.gaz.lookup(c.entry.container)) is not None:
                countries.add(outer.container)
    kept = [c for c in kept
            if c.label != "UNTAGGED" or c.entry.kind != "state" or c.entry.container in countries]
    kept = [c for c in kept if _norm_name(doc[c.start : c.end].text) not in blocked_names]
    teams = _teams(doc, kept, f)
    if teams:
        kept = [c for c in kept if c.entry.name not in teams or _locative_before(doc, c, f.strong_locative)]
    kept = _join_containers(doc, kept, f)
    _choose_homonyms(doc, kept, f)
    kept = [c for c in kept if c.confidence > 0 or c.container_only]
    yield from _group(doc, kept)


def _after_place_noun(doc: Doc, i: int, f: _Finder) -> bool:
    """'the town of Yeoncheon', 'the city of Mosul': 'the', a generic place noun and 'of' before a
    proper name ('a city of Italian immigrants' is no such thing)."""
    if not (i >= 3 and i < len(doc) and doc[i - 1].lower_ == "of" and doc[i].pos_ == "PROPN"
            and doc[i - 2].lower_ in f.generic_place_nouns):
        return False
    # 'the town of', 'the Danish island of'
    if doc[i - 3].lower_ == "the":
        return True
    return i >= 4 and doc[i - 4].lower_ == "the" and doc[i - 3].pos_ in ("ADJ", "PROPN")


def _has_evidence(doc: Doc, c: _Candidate, f: _Finder) -> bool:
    """An unknown name reads as a place: 'in Bogliasco', 'the Lombardy region'."""
    if c.end < len(doc) and doc[c.end].lower_ in f.generic_place_nouns:
        return True
    if _after_place_noun(doc, c.start, f):
        return True
    # 'in Bogliasco'; for a LOC only a longer name ('in the Middle West'), not 'in the South'
    n = c.end - c.start
    label_ok = c.label == "GPE" or (c.label == "LOC" and n >= 2)
    return label_ok and n <= 3 and _locative_before(doc, c, f.evidence_preps)


_SCORE = re.compile(r"\b\d{1,2}\s?[-\u2013\u2014]\s?\d{1,2}\b(?![-\u2013\u2014/]\d)")


def _teams(doc: Doc, cands: list[_Candidate], f: _Finder) -> set[str]:
    """Countries that play in a match report ('Sweden defeated South Korea 1-0'): teams, not places."""
    if not _SCORE.search(doc.text):
        return set()
    teams: set[str] = set()
    for c in cands:
        if c.entry.kind != "country":
            continue
        tok = doc[c.end - 1]
        head = tok.head
        if head.pos_ == "ADP" and head.lower_ in ("to", "against", "over") and head.head.pos_ == "VERB":
            head = head.head
        if tok.dep_ in ("nsubj", "dobj", "pobj", "nsubjpass") and head.lemma_ in f.sports_verbs:
            teams.add(c.entry.name)
    return teams


def _choose_homonyms(doc: Doc, cands: list[_Candidate], f: _Finder) -> None:
    """'Valencia' in a text about Spain is Spain's Valencia, not the bigger one in Venezuela;
    a bare 'Washington' is the capital unless the text shows the state."""
    # A city's container is the gazetteer's guess unless the text wrote it ('Portland, Maine').
    named = {c.entry.name for c in cands}
    named |= {c.entry.container for c in cands if c.entry.kind != "city" or c.mention_end > c.end}
    states_shown = {c.entry.name for c in cands if c.container_only}
    states_shown |= {c.entry.container for c in cands if c.entry.kind in ("city", "county")}
    for c in cands:
        if c.entry.kind == "state" and not c.container_only and c.entry.name not in states_shown:
            big = [o for o in f.gaz.homonyms(c.entry.name)
                   if o.population >= 500_000 and f.gaz.country_of(o) == c.entry.container]
            # 'Washington state', 'Washington Gov. X', 'the Governor of Washington', 'state of Washington'
            nxt = doc[c.end].text if c.end < len(doc) else ""
            of_cue = c.start >= 2 and doc[c.start - 1].lower_ == "of"
            of_cue = of_cue and doc[c.start - 2].text in f.state_cues
            if big and nxt not in f.state_cues and not of_cue:
                c.entry = big[0]
    for c in cands:
        if c.entry.kind != "city" or c.mention_end > c.end:
            continue
        options = f.gaz.homonyms(c.entry.name)
        if not options or c.entry.container in named:
            continue
        # The state named in the text, unless that city is tiny beside the famous one (Paris, Texas);
        # then the country of a place named in it, more strictly.
        pop = c.entry.population
        chosen = next((o for o in options if o.container in named and o.population * 20 >= pop), None)
        if chosen is None and f.gaz.country_of(c.entry) not in named:
            chosen = next(
                (o for o in options if f.gaz.country_of(o) in named and o.population * 5 >= pop), None
            )
        if chosen is not None:
            c.entry = chosen


def _dedupe(cands: list[_Candidate]) -> list[_Candidate]:
    out: list[_Candidate] = []
    for c in cands:
        if out and c.start < out[-1].end:
            if (c.end - c.start) > (out[-1].end - out[-1].start):
                out[-1] = c
            continue
        out.append(c)
    return out


def _operations(doc: Doc) -> tuple[list[tuple[int, int]], set[str]]:
    spans: list[tuple[int, int]] = []
    names: set[str] = set()
    for claim in stored_claims(doc, "operation"):
        names.add(_norm_name(claim.get("name") or ""))
        for m in claim.get("mentions") or [claim]:
            spans.append((m["start"], m["end"]))
    names.discard("")
    return spans, names


def _overlaps(doc: Doc, c: _Candidate, spans: list[tuple[int, int]]) -> bool:
    s, e = doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1])
    return any(s < se and ss < e for ss, se in spans)


def _after_operation_cue(doc: Doc, c: _Candidate, f: _Finder) -> bool:
    """'an operation dubbed "Safe City"', 'Operation Desert Storm', '"X" operation': a codename."""
    i = c.start - 1
    quoted = False
    while i >= 0 and doc[i].text in _QUOTES:
        i -= 1
        quoted = True
    if i >= 0 and doc[i].text in f.op_cues:
        return True
    j = c.end
    while j < len(doc) and (doc[j].text in _QUOTES or doc[j].text in ".,"):
        quoted = quoted or doc[j].text in _QUOTES
        j += 1
    return quoted and j < len(doc) and doc[j].lower_ in ("operation", "campaign")


def _quoted(doc: Doc, c: _Candidate) -> bool:
    before = c.start > 0 and doc[c.start - 1].text in _QUOTES
    return before and c.end < len(doc) and doc[c.end].text in _QUOTES


def _is_org_name(doc: Doc, c: _Candidate, f: _Finder) -> bool:
    """'Philadelphia Police Department', 'the Seattle Times': a place naming an organisation."""
    i = c.end
    if i >= len(doc):
        return False
    tok = doc[i]
    if tok.text in f.titles:
        return False
    if tok.text in f.org_heads:
        return True
    # 'Philadelphia Police Department': title-case words ending in an organisation head.
    j = i
    while j < len(doc) and j < i + 4 and doc[j].is_title and doc[j].text not in f.titles:
        if doc[j].text in f.org_heads:
            return True
        j += 1
    return j < len(doc) and j > i and doc[j].text in f.org_heads


def _in_longer_name(doc: Doc, c: _Candidate, f: _Finder) -> bool:
    """'Duran Duran', 'Paris Hilton', 'Texas Instruments': the place word starts a longer proper name."""
    if c.end >= len(doc) or c.label in ("TITLE", "UNTAGGED"):
        return False
    nxt = doc[c.end]
    if not doc[c.end - 1].whitespace_ or not nxt.is_title or nxt.pos_ != "PROPN":
        return False
    # A person's name starting there ('Governor of Washington Chris Gregoire') is not one name with
    # it; an organisation's is ('U.S.' + 'Immigration and Customs Enforcement').
    separate = nxt.ent_iob_ == "B" and nxt.ent_type_ not in _NAMED_THINGS
    return not (nxt.text in f.titles or nxt.text in f.directions or separate)


def _after_person(doc: Doc, c: _Candidate) -> bool:
    """'Mark Smith, QC,': letters after a person's name and a comma are a rank, not a place."""
    return (c.start >= 2 and doc[c.start - 1].text == "," and doc[c.start - 2].ent_type_ == "PERSON"
            and c.end - c.start == 1 and doc[c.start].is_upper)


def _other_readings(
    doc: Doc, f: _Finder, part_of_name: set[int]
) -> tuple[set[str], set[str], set[str]]:
    """(person names, organisation names, firm ones) of this text that could pass for places:
    'Paris' of 'Valeska Paris', 'Jackson' of 'Jesse Jackson', names the model tags as a person (or
    as an organisation: 'Delta') more often than as a place; 'firm' ones at least twice."""
    names: set[str] = set()
    as_person: dict[str, int] = {}
    as_org: dict[str, int] = {}
    as_place: dict[str, int] = {}
    for ent in doc.ents:
        if ent.label_ == "ORG":
            as_org[ent.text] = as_org.get(ent.text, 0) + 1
        if ent.label_ == "PERSON":
            as_person[ent.text] = as_person.get(ent.text, 0) + 1
            if len(ent) > 1 and ent[0].text not in f.titles and ent[-1].text not in f.titles:
                names.add(ent[-1].text)
                if len(ent) == 2 and ent[1].text not in f.titles:
                    names.add(ent[0].text)
        elif ent.label_ in ("GPE", "LOC"):
            as_place[ent.text] = as_place.get(ent.text, 0) + 1
    names.update(t for t, n in as_person.items() if n > as_place.get(t, 0))
    orgs = {t for t, n in as_org.items() if n > as_place.get(t, 0)}
    firm = {t for t, n in (as_org | as_person).items() if n >= 2 and n > as_place.get(t, 0)}
    # A place-tagged word right after a capitalised given name: 'Valeska Paris'. A country or
    # state there ('Environment Canada') ends an organisation's name: only that mention goes.
    for ent in doc.ents:
        if ent.label_ not in ("GPE", "LOC") or ent.start == 0 or len(ent) != 1:
            continue
        prev = doc[ent.start - 1]
        if ent.end < len(doc) and doc[ent.end].text in f.titles:  # 'Former Pennsylvania Gov. X'
            continue
        if (prev.pos_ == "PROPN" and prev.is_title and prev.whitespace_ and prev.text not in f.titles
                and prev.text not in f.directions and prev.text not in f.gaz
                and prev.ent_type_ not in ("ORG", "NORP")):
            entry = f.gaz.lookup(ent.text)
            if entry is not None and entry.kind in ("country", "state"):
                part_of_name.add(ent.start)
            else:
                names.add(ent.text)
    return names, orgs, firm


def _locative_before(doc: Doc, c: _Candidate, preps: set[str]) -> bool:
    """'in Philly', 'near the Gaza Strip' -- but not 'in Sanders' camp', where the name is a possessor."""
    if c.end < len(doc) and doc[c.end].text in _POSSESSIVE:
        return False
    i = c.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return i >= 0 and doc[i].lower_ in preps


def _join_containers(doc: Doc, cands: list[_Candidate], f: _Finder) -> list[_Candidate]:
    """'Portland, Oregon' -> Portland in Oregon; 'Washington, D.C.' -> one place; lists stay lists."""
    by_start = {c.start: c for c in cands}
    out: list[_Candidate] = []
    skip: set[int] = set()
    for c in cands:
        if c.start in skip:
            continue
        out.append(c)
        pos = c.end
        owner = c
        while pos + 1 < len(doc) and doc[pos].text == ",":
            nxt = by_start.get(pos + 1)
            cont_end, cont_entry = _container_at(doc, pos + 1, nxt, f)
            if cont_entry is None:
                break
            if owner is c:
                whole = doc[c.start : cont_end].text
                full = f.gaz.lookup(whole)
                if full is not None and full.kind not in ("state", "country"):
                    c.entry, c.mention_end, c.confidence = full, cont_end, _CONF_KNOWN
                    skip.add(pos + 1)
                    pos = cont_end
                    continue
                if c.entry.kind in ("state", "country", "region") and c.confidence > 0:
                    break
                if _continues_list(doc, cont_end, cont_entry, cands):
                    break
                inside = f.gaz.within(doc[c.start : c.end].text, cont_entry.name)
                entry = inside or c.entry
                kind = entry.kind if entry.kind in ("city", "county", "natural", "region") else "city"
                if c.confidence == 0 and entry.kind == "other":
                    kind = "county" if doc[c.end - 1].text == "County" else "city"
                c.entry = GeoEntry(entry.name, kind, cont_entry.name, entry.population)
                c.confidence = max(c.confidence, _CONF_EVIDENCE)
            c.mention_end = cont_end
            if nxt is not None:
                nxt.container_only = True
            owner = nxt or owner
            pos = cont_end
        if c.mention_end < 0:
            c.mention_end = c.end
    # container-only candidates stay in the list so a later bare mention can revive them
    return out


def _container_at(doc: Doc, i: int, cand: _Candidate | None, f: _Finder) -> tuple[int, GeoEntry | None]:
    """A state/province/country written at token i (entity or abbreviation like 'Ore.', 'OR')."""
    if cand is not None:
        entry = f.gaz.container(doc[cand.start : cand.end].text)
        if entry is not None:
            return cand.end, entry
        # Any known name: 'Washington, D.C.' as two entities is decided by the full name in the caller.
        return cand.end, cand.entry if cand.confidence > 0 else None
    for n in (1, 2, 3):
        if i + n > len(doc):
            break
        span = doc[i : i + n]
        if not span.text[:1].isupper():
            break
        entry = f.gaz.container(span.text)
        if entry is not None:
            return i + n, entry
    return i, None


def _continues_list(doc: Doc, end: int, entry: GeoEntry, cands: list[_Candidate]) -> bool:
    """'Lyon, France, Germany and Italy': the 'container' starts a list of peers."""
    if end >= len(doc) or doc[end].lower_ not in (",", "and", "or"):
        return False
    for c in cands:
        if c.start in (end + 1, end + 2):
            return c.entry.kind == entry.kind and c.entry.name != entry.container
    return False


def _group(doc: Doc, cands: list[_Candidate]) -> Iterator[PlaceClaim]:
    sents = SentenceIndex(doc)
    # Bare names that are the head of a joined place fold into it ('Portland' after 'Portland, Oregon').
    joined_heads: dict[str, str] = {}
    used_as_container = {c.entry.name for c in cands if c.container_only}
    for c in cands:
        if c.mention_end > c.end and not c.container_only:
            joined_heads.setdefault(c.head_text, c.entry.name)
    groups: dict[str, list[_Candidate]] = {}
    order: list[str] = []
    for c in cands:
        key = c.entry.name
        bare = c.mention_end <= c.end and not c.container_only
        if bare and c.head_text in joined_heads and key not in used_as_container:
            key = joined_heads[c.head_text]
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(c)
    for key in order:
        members = [c for c in groups[key] if not c.container_only]
        if not members:
            continue
        best = max(members, key=lambda c: (c.mention_end > c.end, c.confidence))
        mentions: list[Mention] = []
        for c in members:
            start = doc[c.start].idx
            last = doc[max(c.mention_end, c.end) - 1]
            mentions.append(sents.mention(doc, start, last.idx + len(last.text)))
        mentions.sort(key=lambda m: m.start)
        first = mentions[0]
        entry = best.entry
        name = entry.name
        if not name.isascii():
            # keep the text's own spelling when it only drops accents: 'Montreal' for 'Montréal'
            name = next((m.text for m in mentions if m.text == ascii_fold(name)), name)
        yield PlaceClaim(
            text=first.text, start=first.start, end=first.end, sentence=first.sentence,
            confidence=max(c.confidence for c in members), name=name,
            kind=entry.kind if entry.kind in _KINDS else "other", container=entry.container,
            mentions=mentions,
        )


_NATURAL_FIRST = {"Mount", "Mt.", "Mt", "Lake", "Cape", "Gulf", "Isle"}
_NAMED_THINGS = {"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "NORP", "LAW"}
_KIND_OF_NOUN = {"city": "city", "town": "city", "village": "city", "municipality": "city",
                 "county": "county", "province": "state", "state": "state", "region": "region",
                 "district": "region", "island": "natural", "river": "natural", "valley": "natural"}
_KINDS = {"city", "county", "state", "country", "region", "natural", "other"}


class PlacesComponent(ClaimComponent):
    """Loads the gazetteer once when the pipeline is built, then finds places per doc."""

    factory = "factpull_places"
    rule_files = ("place_words.json", "place_gazetteer_extra.json")

    def compile_rules(self) -> None:
        _finder()

    def find(self, doc: Doc) -> Iterator[PlaceClaim]:
        return find_places(doc)
