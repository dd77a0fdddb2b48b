"""Who said it: from a parsed subject token to a canonical speaker name, title and mention.

Three parts, each with one concern:

- `NameIndex`: who is who in this Doc. A later "Homan" or "Mr. Homan" becomes "Tom Homan" (the
  full name written most often with that surname), with the person's gender and title when the
  text gives them. It learns as speakers are read ("Mr Hale" makes Hale a man).
- `Salience`: the people and groups a pronoun may stand for, in text order: persons and groups
  named as subjects outside quotation marks, unnamed roles that speak ("a spokesman said"), and
  every speaker already found (`note`).
- `SpeakerResolver`: reads one token as a speaker: a name, a title phrase, a group or
  organisation, a role, or a pronoun resolved through the index and salience.

All word lists come from `SpeakerRules`, compiled from the quotes component's rule files.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from .base import SentenceIndex
from .quote_marks import QuotedRegions

#: Token dependencies that belong to a speaker's noun phrase on the left of its head.
_LEFT_DEPS = {"det", "amod", "compound", "poss", "nmod", "nummod", "case", "quantmod", "advmod", "npadvmod"}
#: Prepositions whose object still names the speaker ("a spokeswoman for the agency").
_PHRASE_PREPS = {"of", "for", "at", "from", "with", "in", "on"}
_GROUP_LABELS = {"ORG", "NORP", "GPE", "FAC"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
#: Parts of speech the tagger gives a name it did not recognise ("Rathbun" as a noun, a verb).
_CONTENT_POS = frozenset({"PROPN", "NOUN", "VERB", "ADJ", "ADV"})
_NOT_SPEAKER_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
_NOT_SPEAKER_POS = {"PRON", "DET", "NUM", "VERB", "AUX", "ADP", "PUNCT"}
#: Words of a first mention that a "current" or "sitting" one is not: "the former chairman".
_PAST = frozenset({"former", "ex", "past", "then"})
#: Words that make a first mention another office than its head word says: "shadow chancellor
#: Oliver Letwin" is no "the chancellor", nor "deputy mayor Jo Lee" "the mayor".
_OTHER_OFFICE = frozenset({"shadow", "deputy", "vice", "assistant", "associate", "junior"})
#: Words that bring in someone new: "a man", "one woman", "another official".
_INDEFINITE = frozenset({"a", "an", "one", "another"})
#: Sentences a pronoun looks back for its person, unless the component is configured otherwise.
DEFAULT_LOOKBACK_SENTENCES = 10


@dataclass(frozen=True)
class SpeakerRules:
    """The word lists of `quote_speakers.json` (and the speech verbs), compiled once per component."""

    honorifics: dict[str, str | None]
    """Words before a name that are no part of it ("Sen.", "Mr"), with the gender they give."""
    courtesy_titles: frozenset[str]
    """Mr, Mrs, Ms, Miss: a gender, but no title worth keeping."""
    name_suffixes: frozenset[str]
    pronouns: dict[str, str]
    first_names: dict[str, str]
    gendered_nouns: dict[str, str]
    collective_nouns: frozenset[str]
    headline_verbs: frozenset[str]
    role_nouns: frozenset[str]
    role_suffixes: tuple[str, ...]
    not_speaker_nouns: frozenset[str]
    not_speaker_words: frozenset[str]
    speech_verbs: frozenset[str]
    source_nouns: frozenset[str] = frozenset()
    """Documents that speak for their author ("the IMF report", "data from the US Geological Survey")."""
    kind_nouns: frozenset[str] = frozenset()
    """Nouns that describe an organisation by its kind ("the utility", "the carrier")."""
    organisation_kinds: frozenset[str] = frozenset()
    """Kinds of organisation only ("agency", "utility"), without the group nouns."""
    place_kinds: frozenset[str] = frozenset()
    """Kinds a place is described by ("the city"): a place is the referent of no other kind."""
    part_words: frozenset[str] = frozenset()
    """Words for a share of a group ("half", "%"): "Half of them argue" is them speaking."""
    representative_nouns: frozenset[str] = frozenset()
    """Roles that speak for an organisation: "a Southern California Edison spokesperson" is SCE."""
    vessel_prefixes: frozenset[str] = frozenset()
    """Capitals before a ship's name ("INS", "MV"): the name is a thing, never a "he" or "she"."""
    thing_nouns: frozenset[str] = frozenset()
    """Things a name may be apposed or compounded to ("MV Gibe, a merchant vessel"): no person."""
    party_nouns: frozenset[str] = frozenset()
    """ "the party": an organisation a text names by the word for its members ("Tory leader")."""
    party_members: dict[str, str] = field(default_factory=dict)
    """The word for a party's members -> the party's name ("tory" -> "Tories")."""
    renaming_nouns: frozenset[str] = frozenset()
    """Descriptions writers use to name again someone just written about ("the candidate")."""
    time_modifiers: frozenset[str] = frozenset()
    """ "the current nominee": a word a description may add to its first mention, as an age."""
    publishing_verbs: frozenset[str] = frozenset()
    """Verbs whose agent wrote a document ("figures released by Donorlink"): its speaker."""
    lookback_sentences: int = DEFAULT_LOOKBACK_SENTENCES
    resolve_descriptions: bool = True
    """"the city attorney" -> the person it describes (False: the description as written)."""

    def is_honorific(self, tok: Token) -> bool:
        return tok.lower_ in self.honorifics or tok.lower_.rstrip(".") in self.honorifics

    def is_role(self, tok: Token) -> bool:
        """Does a common noun name a person's role ("spokeswoman", "official"), not a thing?"""
        return self.is_role_word(tok.lower_)

    def is_role_word(self, low: str) -> bool:
        return low in self.role_nouns or low in self.gendered_nouns or low.endswith(self.role_suffixes)

    def speaks_for_others(self, tok: Token) -> bool:
        """A role, a collective noun or any plural: a noun that may head a speaking subject."""
        return self.is_role(tok) or tok.lower_ in self.collective_nouns or tok.tag_ in ("NNS", "NNPS")


def compile_speaker_rules(
    lex: dict[str, Any],
    speech_verbs: frozenset[str],
    lookback_sentences: int = DEFAULT_LOOKBACK_SENTENCES,
    resolve_descriptions: bool = True,
) -> SpeakerRules:
    return SpeakerRules(
        honorifics=dict(lex["honorifics"]),
        courtesy_titles=frozenset(lex["courtesy_titles"]),
        name_suffixes=frozenset(lex["name_suffixes"]),
        pronouns=dict(lex["pronouns"]),
        first_names=dict(lex["first_names"]),
        gendered_nouns=dict(lex["gendered_nouns"]),
        collective_nouns=frozenset(lex["collective_nouns"]),
        headline_verbs=frozenset(lex["headline_verbs"]),
        role_nouns=frozenset(lex["role_nouns"]),
        role_suffixes=tuple(lex["role_suffixes"]),
        not_speaker_nouns=frozenset(lex["not_speaker_nouns"]),
        not_speaker_words=frozenset(lex["not_speaker_words"]),
        speech_verbs=speech_verbs,
        source_nouns=frozenset(lex["source_nouns"]),
        kind_nouns=frozenset(lex["organisation_kind_nouns"]) | frozenset(lex["collective_nouns"]),
        organisation_kinds=frozenset(lex["organisation_kind_nouns"]),
        place_kinds=frozenset(lex["place_kind_nouns"]),
        part_words=frozenset(lex["part_words"]),
        representative_nouns=frozenset(lex["representative_nouns"]),
        vessel_prefixes=frozenset(lex["vessel_prefixes"]),
        thing_nouns=frozenset(lex["thing_nouns"]),
        publishing_verbs=frozenset(lex["publishing_verbs"]),
        renaming_nouns=frozenset(lex["renaming_nouns"]),
        time_modifiers=frozenset(lex["time_modifiers"]),
        party_nouns=frozenset(lex["party_nouns"]),
        party_members=dict(lex["party_members"]),
        lookback_sentences=lookback_sentences,
        resolve_descriptions=resolve_descriptions,
    )


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: `name` may be None when a pronoun found no antecedent."""

    name: str | None
    title: str | None
    mention: tuple[int, int]  # character span of the words the speaker was read from
    kind: str  # "person", "org" (an ORG entity), "group" or "unknown"
    via: str  # "name", "alias", "pronoun", "phrase", "description" (a role resolved to its referent)


# -- pure helpers on tokens ------------------------------------------------------------------------
def surname_key(toks: list[Token], rules: SpeakerRules) -> str:
    """The lower-cased surname of a name's tokens, skipping a trailing suffix."""
    for t in reversed(toks[1:]):
        if t.lower_ not in rules.name_suffixes:
            return t.lower_
    return toks[-1].lower_


def span_text(text: str, toks: list[Token]) -> str:
    """The text from the first to the last token, keeping inner hyphens ("Holtz-Eakin"), without
    markup or marks the tokenizer left on the first word (`">Sanders` in text cut from HTML)."""
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    while start < end - 1 and not text[start].isalnum():
        start += 1
    return text[start:end]


def name_tokens(tokens: list[Token], rules: SpeakerRules) -> list[Token]:
    """A name's own tokens: without honorifics, titles, possessive endings and punctuation."""
    toks = [t for t in tokens if not t.is_punct and t.tag_ != "POS" and t.lower_ not in ("'s", "’s")]
    # titles the tagger put inside the name: "Mr.", "Sen.", "Clerk Amy Stone"
    while len(toks) > 1 and (rules.is_honorific(toks[0]) or toks[0].pos_ == "VERB"):
        toks = toks[1:]
    return toks


def is_inner_hyphen(tok: Token) -> bool:
    """The hyphen of "co-host": no space on either side."""
    return tok.text == "-" and not tok.whitespace_ and tok.i > 0 and not tok.doc[tok.i - 1].whitespace_


def _before_inner_hyphens(left: Token) -> Token:
    """ "Blaze co-host Stu Burguiere": the tokenizer splits "co-host" and the parser attaches
    "Blaze co" elsewhere; a phrase's left edge goes on over a hyphenated word's first part."""
    doc = left.doc
    while True:
        if is_inner_hyphen(left):
            prefix = doc[left.i - 1]
        elif left.i >= 2 and is_inner_hyphen(doc[left.i - 1]):
            prefix = doc[left.i - 2]
        elif left.i >= 3 and doc[left.i - 1].pos_ == "NOUN" and is_inner_hyphen(doc[left.i - 2]):
            prefix = doc[left.i - 3]  # "station co-host Dana Ruiz" with "host" parsed apart too
        else:
            return left
        if prefix.pos_ not in ("NOUN", "PROPN", "ADJ"):
            return left
        left = min(prefix, prefix.left_edge, key=lambda t: t.i)


def words_text(toks: list[Token]) -> str:
    """Tokens as words: a space between them, none where the text has none ("co-host")."""
    out = ""
    for i, t in enumerate(toks):
        glued = i > 0 and toks[i - 1].i == t.i - 1 and not toks[i - 1].whitespace_
        out += t.text if glued or not out else " " + t.text
    return out


def same_line(doc: Doc, left: Token, limit: int) -> Token:
    """Move a phrase's left edge past any line break before `limit` (a dateline is no title)."""
    for i in range(limit - 1, left.i - 1, -1):
        t = doc[i]
        if t.is_space or "\n" in t.whitespace_:
            return doc[i + 1]
    return left


def noun_phrase(doc: Doc, head: Token) -> tuple[str, int, int]:
    """Text and char span of a common-noun speaker phrase ("a spokeswoman for the agency")."""
    left = head
    for c in head.lefts:
        if c.dep_ in _LEFT_DEPS and c.pos_ != "VERB":
            left = same_line(doc, min(left, c.left_edge, key=lambda t: t.i), head.i)
            break
    right = head
    for c in head.rights:
        if c.dep_ == "prep" and c.lower_ in _PHRASE_PREPS and c.i == right.i + 1:
            right = c.right_edge
        elif c.dep_ == "cc" and c.i == right.i + 1 and head.pos_ == "PROPN":
            continue  # "Fire and Rescue Service": a name with "and" in it
        elif c.dep_ == "conj" and c.pos_ == "PROPN" and c.left_edge.i == right.i + 2:
            right = c.right_edge
        elif c.dep_ in ("compound", "amod", "nummod") or (c.dep_ == "pobj"):
            right = max(right, c.right_edge, key=lambda t: t.i)
        else:
            break
    span = doc[left.i : right.i + 1]
    return span.text, span.start_char, span.end_char


def past_titles(words: list[Token], rules: SpeakerRules) -> list[Token]:
    """The words of a name after the role words before it ("Boss Henk Addink" -> Henk Addink)."""
    i = 0
    while i < len(words) and rules.is_role_word(words[i].lower_):
        i += 1
    return words[i:]


def looks_personal(doc: Doc, tok: Token, rules: SpeakerRules) -> bool:
    """An untagged proper noun is a person unless it is part of a name with "and" in it
    ("Fire and Rescue Service") or a long name with no first name or honorific."""
    if any(c.dep_ in ("cc", "conj") for c in tok.children):
        return False
    chain = []  # the name words before the head, nested ones too ("Human Rights Watch")
    for t in reversed(doc[tok.left_edge.i : tok.i]):
        if t.pos_ != "PROPN" or t.dep_ != "compound" or t.ent_type_ in _NOT_SPEAKER_LABELS:
            break
        chain.insert(0, t)
    chain = past_titles(chain, rules)  # "Boss Henk Addink": a title before the name
    if len(chain) < 2 or any(rules.is_honorific(t) for t in chain[-1:]):
        return True  # "Mr Webb" after "on Friday"
    before = doc[chain[0].i - 1].lower_ if chain[0].i > 0 else ""
    return chain[0].lower_ in rules.first_names or before in rules.honorifics


def joined_organisations(ents: list[Span]) -> list[Span]:
    """ "the World Travel and Tourism Council", "the International Federation of the Red Cross
    and Red Crescent Societies": the tagger cuts a name at its "and" into two organisations. They
    are one name when the parse makes them one noun phrase: the first part modifies a word of the
    second ("Travel" of "Council"), or the second is coordinated inside the first's "of" phrase.
    "Google and Microsoft" stay two."""
    out: list[Span] = []
    for ent in ents:
        prev = out[-1] if out else None
        if prev is not None and _one_organisation(prev, ent):
            out[-1] = Span(ent.doc, prev.start, ent.end, label="ORG")
        else:
            out.append(ent)
    return out


def _one_organisation(first: Span, second: Span) -> bool:
    doc = first.doc
    if first.label_ != "ORG" or second.label_ != "ORG" or second.start != first.end + 1:
        return False
    if doc[first.end].lower_ != "and":
        return False
    inside_second = range(second.start, second.end)
    outside = [t for t in first if not first.start <= t.head.i < first.end]
    if outside and all(t.head.i in inside_second for t in outside):
        return True  # every word of the first part that hangs outside it hangs on the second
    in_of_phrase = any(t.lower_ == "of" for t in first)
    return in_of_phrase and second.root.dep_ == "conj" and second.root.head.i in range(first.start, first.end)


def organisation_name(ent: Span) -> str:
    """An organisation's name without the words the writer put around it: a leading article or
    adjective ("the independent Institute for Fiscal Studies"), a possessive ending, an opening
    bracket ("(IFS")."""
    toks = _name_words_before(ent) + list(ent)
    bracket = next((k for k, t in enumerate(toks) if t.text in "([" and k > 0), None)
    toks = [t for t in toks[:bracket] if not (t.is_punct and t.text in "()[]") and t.tag_ != "POS"]
    while len(toks) > 1 and (toks[0].lower_ == "the" or toks[0].is_lower and toks[0].pos_ in ("DET", "ADJ")):
        toks = toks[1:]
    while len(toks) > 1 and toks[-1].is_punct:
        toks = toks[:-1]
    return span_text(ent.doc.text, toks) if toks else ent.text


def _name_words_before(ent: Span) -> list[Token]:
    """Capitalised words compounded into an organisation's name that the tagger left out of it
    or gave another label ("the Sunday Times report", with "Sunday" tagged a date): part of the
    name. Words of another name stay out ("the Google Apple deal")."""
    doc = ent.doc
    words: list[Token] = []
    i = ent.start - 1
    while (
        i >= 0
        and doc[i].pos_ == "PROPN"
        and doc[i].dep_ == "compound"
        and ent.start <= doc[i].head.i < ent.end
        and doc[i].is_title
        and doc[i].ent_type_ in ("", "DATE")
    ):
        words.insert(0, doc[i])
        i -= 1
    return words


def _initials(name: str) -> str:
    """ "US Geological Survey" -> "USGS": capitals of the words, small words skipped."""
    return "".join(w[0] if not w.isupper() else w for w in name.replace(".", "").split() if w[:1].isupper())


def on_heading_line(doc: Doc, tok: Token) -> bool:
    """A word on a line of capitals alone ("ENTHUSIASM", "THE VERDICT"): a heading, not a speaker."""
    if not tok.is_upper or len(tok.text) < 2:
        return False
    text = doc.text
    start = text.rfind("\n", 0, tok.idx) + 1
    end = text.find("\n", tok.idx)
    line = text[start : end if end >= 0 else len(text)].strip()
    return not any(ch.islower() for ch in line) and len(line.split()) <= 6


def is_subject(root: Token) -> bool:
    """The head of a subject, or of a name apposed or compounded to one, or the source of
    "according to X" (X speaks as much as a subject of "said" does: "..., according to Alan
    Marr. "...," he said" is Marr); not the subject of a relative clause ("Mrs Maguire was the
    relative with whom Giuseppe planned to stay. She said"): a later pronoun goes on with the
    sentence's own subject."""
    if root.dep_ in _SUBJECT_DEPS:
        return root.head.dep_ != "relcl"
    if is_according_to_source(root):
        return True
    return root.dep_ in ("appos", "compound") and root.head.dep_ in _SUBJECT_DEPS


def is_according_to_source(tok: Token) -> bool:
    """Is `tok` the object of "according to" ("according to Alan Marr", "According to the
    institute's Mr Hale")?"""
    prep = tok.head
    return (
        tok.dep_ == "pobj"
        and prep.lower_ == "to"
        and prep.i > 0
        and prep.head.lower_ == "according"
        and prep.head.i == prep.i - 1
    )


def names_a_thing(ent: Span, rules: SpeakerRules) -> bool:
    """A name the tagger made a person that names a thing: a ship's name after its prefix ("INS
    Mysore", "the MV Gibe"), or a name apposed or compounded to a thing ("MV Gibe, a merchant
    vessel", "the Mysore warship"). A thing is never the "he" or "she" who speaks."""
    doc = ent.doc
    first = [ent[0], *([doc[ent.start - 1]] if ent.start > 0 else [])]
    if any(t.text in rules.vessel_prefixes for t in first):
        return True
    root = ent.root
    things = rules.thing_nouns
    if any(c.dep_ == "appos" and c.pos_ == "NOUN" and c.lemma_.lower() in things for c in root.children):
        return True
    head = root.head
    return root.dep_ in ("appos", "compound") and head.pos_ == "NOUN" and head.lemma_.lower() in things


def is_role_word_as_person(ent: Span, rules: SpeakerRules) -> bool:
    """ "Filmmaker and aviator Howard Hughes pursued Page": the tagger made a capitalised role word
    (here the one opening the sentence) a person of its own; a common noun of a role names nobody."""
    tok = ent[0]
    return ent.label_ == "PERSON" and len(ent) == 1 and tok.tag_ == "NN" and rules.is_role_word(tok.lower_)


def names_an_organisation(ent: Span, rules: SpeakerRules) -> bool:
    """A name the tagger made a person that a kind of organisation describes: the kind right
    before it ("British car maker Aston Martin"), apposed to it ("Hamley Toys, a toy maker"), or
    joined to it by "and" with no article ("Spanish football club and former champion Real
    Oviedo has warned"). An organisation: an "it", never the "he" or "she" who speaks."""
    kinds = rules.organisation_kinds

    def kind(t: Token) -> bool:
        return t.pos_ == "NOUN" and t.lower_ in kinds

    doc, root = ent.doc, ent.root
    before = doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and kind(before) and before.dep_ == "compound" and before.head.i == root.i:
        return True
    if any(c.dep_ == "appos" and kind(c) for c in root.children):
        return True
    head = root.head
    if root.dep_ == "appos" and kind(head):
        return True
    return root.dep_ == "conj" and kind(head) and not any(c.dep_ == "det" for c in head.lefts)


def reporting_subject(tok: Token, rules: SpeakerRules) -> int | None:
    """The subject of the speech verb whose reported clause holds `tok` ("an M&S spokesman said
    there was no evidence that Mr Paulsmeier had ...": the spokesman), as a token index; None
    when `tok` is no part of a reported clause or is (in) the speech verb's own subject. A person
    named in what somebody else said is a weaker antecedent than the one who said it."""
    child = tok
    for a in tok.ancestors:
        if a.pos_ in ("VERB", "AUX") and a.lemma_.lower() in rules.speech_verbs:
            if child.dep_ in _SUBJECT_DEPS:
                return None
            subj = next((c for c in a.children if c.dep_ in _SUBJECT_DEPS), None)
            return subj.i if subj is not None and subj.i != tok.i else None
        child = a
    return None


# -- the name index --------------------------------------------------------------------------------
class NameIndex:
    """Canonical full names, genders and titles of the persons of one Doc."""

    def __init__(self, doc: Doc, rules: SpeakerRules, persons: list[tuple[Span, list[Token]]]) -> None:
        self.doc = doc
        self.text = doc.text
        self.rules = rules
        self.by_surname: dict[str, str] = {}
        self.by_first: dict[str, str] = {}
        self.gender: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        # a surname stands for the full name written most often with it (first one on a tie)
        forms: dict[str, dict[str, int]] = {}
        for _, toks in persons:
            if len(toks) < 2 or not all(t.text[:1].isupper() for t in toks) or toks[-1].pos_ == "VERB":
                continue
            if toks[-1].lower_ in rules.headline_verbs:
                continue  # "Obama Says": a headline verb the tagger took into the name
            full = span_text(self.text, toks)
            counts = forms.setdefault(surname_key(toks, rules), {})
            counts[full] = counts.get(full, 0) + 1
            self.by_first.setdefault(toks[0].lower_, full)
            if toks[0].lower_ in rules.first_names:
                self.gender.setdefault(full, rules.first_names[toks[0].lower_])
        for surname, counts in forms.items():
            self.by_surname[surname] = max(counts, key=lambda f: counts[f])
        #: full names as written, so that "Gene Hansbrough" stays apart from "Tyler Hansbrough"
        self.full_names: set[str] = {f for counts in forms.values() for f in counts}
        #: "IFS" -> "Institute for Fiscal Studies"
        self.acronyms: dict[str, str] = {}
        #: a role's head word -> who it described, where, with which words:
        #: "attorney" -> [(40, "Barbara Parker", "person", {"city", "attorney"})]
        self.descriptions: dict[str, list[tuple[int, str, str, frozenset[str]]]] = {}

    # -- organisations and descriptions ----------------------------------------------------------
    def organisation(self, ent: Span) -> str:
        """An organisation's canonical name: without the writer's words around it, and the full
        name for an acronym the text spells out ("IFS" -> "Institute for Fiscal Studies")."""
        name = organisation_name(ent)
        return self.acronyms.get(name, name)

    def index_organisations(self, ents: list[Span]) -> None:
        """Acronyms: "the Institute for Fiscal Studies (IFS)", or an acronym of an organisation
        named before it by its initials ("US Geological Survey" ... "USGS")."""
        doc = self.doc
        full: list[str] = []
        for ent in ents:
            if ent.label_ != "ORG":
                continue
            name = organisation_name(ent)
            bracket = next((t.i for t in ent if t.text == "(" and t.i > ent.start), ent.end)
            if bracket + 1 < len(doc) and doc[bracket].text == "(" and doc[bracket + 1].is_upper:
                self.acronyms.setdefault(doc[bracket + 1].text, name)  # "... Studies (IFS)"
            if name.isupper() and " " not in name and name not in self.acronyms:
                spelled = next((f for f in reversed(full) if _initials(f) == name.replace(".", "")), None)
                if spelled is not None:
                    self.acronyms[name] = spelled
            full.append(name)

    def describe(self, words: list[str], offset: int, name: str, kind: str) -> None:
        """Record that a role or kind ("City Attorney", "gas utility") described `name` at `offset`."""
        kept = frozenset(w.lower().rstrip(".") for w in words if w[:1].isalpha())
        if kept:
            head = words[-1].lower().rstrip(".")
            self.descriptions.setdefault(head, []).append((offset, name, kind, kept))

    def referents(
        self, words: list[str], before: int, *, may_add: frozenset[str] = frozenset()
    ) -> set[tuple[str, str]]:
        """The persons or organisations a description ("the city attorney") may stand for: those
        described before `before` by the same head word and every modifier of the description
        ("the Democratic nominee" is not the Republican one), as (name, kind).

        `may_add`: modifiers a description may add to its first mention when no candidate has
        them all ("the Ealing North MP" for "Labour MP Stephen Pound": a constituency)."""
        wanted = {w.lower() for w in words}
        candidates = [
            (name, kind, kept)
            for at, name, kind, kept in self.descriptions.get(words[-1].lower(), ())
            if at < before
        ]
        now = wanted & self.rules.time_modifiers
        for required in (wanted, wanted - may_add):
            found = {
                (name, kind)
                for name, kind, kept in candidates
                if required <= kept
                and not (now and kept & _PAST)  # "the current chairman" is no former one
                and not (kept - wanted) & _OTHER_OFFICE  # "the chancellor" is no shadow chancellor
            }
            if found:
                return found
        return set()

    def described_before(self, head: str, before: int) -> bool:
        """Was anyone described by this head word before `before` ("Republican nominee Tom Reyes"
        for "nominee")? A description that fits none of them is somebody else."""
        return any(at < before for at, *_ in self.descriptions.get(head.lower(), ()))

    def referent(
        self, words: list[str], before: int, *, may_add: frozenset[str] = frozenset()
    ) -> tuple[str, str] | None:
        """The one referent of a description (`referents`); None when nobody or several fit."""
        found = self.referents(words, before, may_add=may_add)
        return next(iter(found)) if len(found) == 1 else None

    def canonical(self, toks: list[Token]) -> str | None:
        """The full name a person's name tokens (without titles) stand for."""
        if not toks:
            return None
        if len(toks) >= 2:
            full = span_text(self.text, toks)
            if len(toks) > 2 or full in self.full_names and toks[0].lower_ in self.rules.first_names:
                return full
            return self.by_surname.get(surname_key(toks, self.rules), full)
        key = toks[0].lower_
        if key in self.rules.name_suffixes:
            return None  # "Jr" tagged as a person on its own
        return self.by_surname.get(key) or self.by_first.get(key) or span_text(self.text, toks)

    def knows(self, word: str) -> bool:
        """Is a lower-cased word the surname or first name of a person of this Doc?"""
        return word in self.by_surname or word in self.by_first

    def learn_gender(self, name: str, gender: str | None) -> None:
        """Record a gender the text gives ("Mr", "she", "spokeswoman"); the first one found stays."""
        if gender:
            self.gender.setdefault(name, gender)

    def learn_title(self, name: str, title: str) -> None:
        """Record a person's title; the first one found stays. A gendered title gives the gender."""
        self.titles.setdefault(name, title)
        if name not in self.gender:
            for w in title.lower().split():
                if w in self.rules.gendered_nouns:
                    self.gender[name] = self.rules.gendered_nouns[w]

    def compatible(self, name: str, wanted: str) -> bool:
        """Can a person of this name be "he" (m) or "she" (f)? Unknown gender fits both, and
        every person fits "any"."""
        return wanted == "any" or self.gender.get(name) in (None, wanted)

    def honorific_gender(self, ent: Span) -> str | None:
        prev = self.doc[ent.start - 1] if ent.start > 0 else None
        for t in [prev, *ent[:1]]:
            if t is not None and t.lower_ in self.rules.courtesy_titles:
                return self.rules.honorifics.get(t.lower_)
        return None

    def left_title(self, ent: Span, kept: list[Token]) -> str | None:
        """The title written before and inside a name ("Philadelphia Mayor" Jim Kenney)."""
        courtesy = self.rules.courtesy_titles
        kept_i = {t.i for t in kept}
        toks = [
            t
            for t in ent
            if t.i not in kept_i and not t.is_punct and t.lower_ not in courtesy and t.tag_ != "POS"
        ]
        i = ent.start - 1
        while i >= 0 and ent.start - i <= 6:
            t = self.doc[i]
            if (
                "\n" in t.whitespace_
                or t.dep_ not in ("compound", "amod", "nmod")
                or not (i < t.head.i < ent.end)
            ):
                break
            toks.insert(0, t)
            i -= 1
        if not toks or toks[0].i >= ent.start and all(t.lower_.rstrip(".") in courtesy for t in toks):
            return None
        return span_text(self.text, toks) if toks[-1].i - toks[0].i == len(toks) - 1 else None


# -- salience --------------------------------------------------------------------------------------
@dataclass(frozen=True, order=True)
class Candidate:
    """Someone a later pronoun may stand for."""

    offset: int
    name: str
    kind: str  # "person", "org" or "group"
    strong: bool  # a subject or a speaker (a person merely mentioned is a weaker antecedent)
    reporter: int | None = field(default=None, compare=False)
    """The token index of the subject of the speech verb whose reported clause names this one."""


class Salience:
    """Antecedent candidates in text order, and the persons known to speak in this Doc."""

    def __init__(self, candidates: list[Candidate]) -> None:
        self._cands = sorted(candidates)
        self._pos = [c.offset for c in self._cands]
        self.speakers: set[str] = set()

    def before(self, limit: int, floor: int = 0) -> Iterator[Candidate]:
        """Candidates starting before `limit` and at or after `floor`, the nearest first."""
        i = bisect_left(self._pos, limit) - 1
        while i >= 0 and self._cands[i].offset >= floor:
            yield self._cands[i]
            i -= 1

    def note(self, speaker: Speaker) -> None:
        """Make a resolved speaker salient for later pronouns."""
        if speaker.name is None:
            return
        kind = speaker.kind
        if kind == "unknown" and speaker.title:
            kind = "person"  # a role that spoke ("said one London-based broker") is a "he" or "she"
        if kind == "person":
            self.speakers.add(speaker.name)
        pos = speaker.mention[0]
        i = bisect_left(self._pos, pos)
        if i < len(self._cands) and self._cands[i].offset == pos:
            if self._cands[i].kind != "person" and speaker.kind == "person":
                self._cands[i] = Candidate(pos, speaker.name, "person", True)  # "Professor X" tagged ORG
            return
        self._cands.insert(i, Candidate(pos, speaker.name, kind, True))
        self._pos.insert(i, pos)


def _person_candidates(
    persons: list[tuple[Span, list[Token]]], names: NameIndex, quoted: QuotedRegions
) -> Iterator[Candidate]:
    """Persons named outside quotation marks; reading them teaches the index genders and titles."""
    rules = names.rules
    by_root = {ent.root.i: toks for ent, toks in persons}
    for ent, toks in persons:
        name = names.canonical(toks)
        if not name:
            continue
        together = _coordinated_names(ent, name, by_root, names)
        if together and ent.start_char not in quoted and is_subject(ent.root):
            yield Candidate(ent.start_char, together, "group", True, reporting_subject(ent.root, rules))
        gender = names.honorific_gender(ent) or (
            rules.first_names.get(toks[0].lower_) if len(toks) == 1 else None
        )
        names.learn_gender(name, gender)
        if ent.start_char not in quoted:
            reporter = reporting_subject(ent.root, rules)
            yield Candidate(ent.start_char, name, "person", is_subject(ent.root), reporter)
        title = names.left_title(ent, toks)
        if title:
            names.titles.setdefault(name, title)


def joined_names(names: list[str]) -> str:
    """ "Ruth Kane and Omar Basri", "A, B and C": persons who speak together, as one name."""
    return ", ".join(names[:-1]) + " and " + names[-1]


def _coordinated_names(ent: Span, name: str, by_root: dict[int, list[Token]], names: NameIndex) -> str | None:
    """ "Ruth Kane and Omar Basri": the persons joined to a person by "and", as one name for a
    later "they"; None for a person alone."""
    others = [names.canonical(by_root[c.i]) for c in ent.root.rights if c.dep_ == "conj" and c.i in by_root]
    if not others or not all(others):
        return None
    every = [name, *(o for o in others if o)]
    return joined_names(every)


def _group_candidates(ents: list[Span], names: NameIndex, quoted: QuotedRegions) -> Iterator[Candidate]:
    """Organisations and groups that are subjects, and the persons among them the tagger missed."""
    rules = names.rules
    for ent in ents:
        root = ent.root
        if ent.label_ not in _GROUP_LABELS or ent.start_char in quoted:
            continue
        if (  # "A professor of economics, Yanis Varoufakis, ...": a name apposed to a role is a person
            root.dep_ == "appos"
            and root.head.pos_ == "NOUN"
            and root.head.dep_ in _SUBJECT_DEPS
            and rules.is_role(root.head)
            and all(t.pos_ == "PROPN" for t in ent)
        ):
            yield Candidate(ent.start_char, ent.text, "person", True)
            continue
        person = _honorific_before(ent, names)
        if person is not None:
            reporter = reporting_subject(root, rules)
            yield Candidate(ent.start_char, person, "person", is_subject(root), reporter)
            continue
        person = _mislabelled_person(ent, names)
        if person is not None:  # a subject or not: "a reporter asked Trump", Trump tagged ORG
            reporter = reporting_subject(root, rules)
            yield Candidate(ent.start_char, person, "person", is_subject(root), reporter)
            continue
        if root.dep_ not in _SUBJECT_DEPS and not (root.dep_ == "conj" and root.head.dep_ in _SUBJECT_DEPS):
            continue
        if len(ent) > 1 and ent[0].pos_ == "PROPN" and ent[0].lower_.rstrip(".") in rules.honorifics:
            name = names.canonical(name_tokens(list(ent), rules))  # "Professor Varoufakis"
            if name:
                yield Candidate(ent.start_char, name, "person", True, reporting_subject(root, rules))
            continue
        name = names.organisation(ent)
        yield Candidate(ent.start_char, name, "org" if ent.label_ == "ORG" else "group", True)


def _honorific_before(ent: Span, names: NameIndex) -> str | None:
    """ "Mr Kilroy-Silk quit UKIP": a name the tagger made an organisation right after an honorific
    outside it is a person (with the honorific's gender)."""
    rules = names.rules
    prev = ent.doc[ent.start - 1] if ent.start else None
    if prev is None or prev.pos_ != "PROPN" or not rules.is_honorific(prev):
        return None
    if not all(t.pos_ == "PROPN" or t.text in ("-", "'", "’") for t in ent):
        return None
    name = names.canonical(name_tokens(list(ent), rules))
    if name:
        names.learn_gender(name, rules.honorifics.get(prev.lower_.rstrip(".")))
    return name


def _mislabelled_person(ent: Span, names: NameIndex) -> str | None:
    """A person the tagger took for an organisation or a place: the surname of a person named in
    full before ("James Bodiford ... Bodiford ruled"). The canonical full name, else None."""
    rules = names.rules
    if not all(t.pos_ == "PROPN" or t.is_punct and t.text in "-'’" for t in ent):
        return None
    toks = name_tokens(list(ent), rules)
    name = names.canonical(toks)
    if name and name in names.full_names and name != span_text(names.text, toks) and len(toks) == 1:
        return name
    return None


def _subject_candidates(
    doc: Doc, names: NameIndex, quoted: QuotedRegions, in_entity: set[int]
) -> Iterator[Candidate]:
    """Plural subjects ("officials said"), unnamed roles that speak ("A Home Office spokesman
    said ... The plans are fair, he said") and a surname the tagger missed or took for a noun
    ("Rathbun requested donations. He described ...", with Mark Rathbun named before; the tagger
    makes such a "Rathbun" a noun or a verb)."""
    rules = names.rules
    for tok in doc:
        if tok.dep_ == "poss" and tok.i not in in_entity and tok.idx not in quoted:
            found = _possessive_description(tok, names)
            if found is not None:
                yield Candidate(tok.idx, found, "person", True)
            continue
        if tok.dep_ not in _SUBJECT_DEPS or tok.i in in_entity or tok.idx in quoted:
            continue
        if tok.pos_ in _CONTENT_POS and tok.is_title and names.knows(tok.lower_):
            name = names.canonical([tok])
            if name:
                yield Candidate(tok.idx, name, "person", True, reporting_subject(tok, rules))
                continue
        if tok.pos_ == "PROPN" and tok.dep_ == "nsubj" and tok.is_title and looks_personal(doc, tok, rules):
            # "Boss Henk Addink blames ...": a name the tagger did not tag, subject of its clause
            run = [t for t in doc[tok.left_edge.i : tok.i + 1] if t.pos_ == "PROPN"]
            run = past_titles(run, rules)  # "Boss Henk Addink": the title is no part of the name
            # "INS Mysore", "BBC Radio": a ship's or a body's name; "W." is an initial
            capitals = any(t.is_upper and len(t.text.rstrip(".")) > 1 for t in run)
            name = names.canonical(name_tokens(run, rules)) if len(run) > 1 and not capitals else None
            if name:
                yield Candidate(run[0].idx, name, "person", True, reporting_subject(tok, rules))
                continue
        if tok.tag_ in ("NNS", "NNPS"):
            # people and bodies ("officials", "the companies"), or anything that speaks, are strong;
            # other plural subjects ("their operations were moved") only when no such group fits
            lemma = tok.lemma_.lower()
            speaks = tok.head.lemma_.lower() in rules.speech_verbs or rules.is_role(tok)
            strong = (
                speaks
                or lemma in rules.collective_nouns
                or lemma in rules.kind_nouns
                or rules.is_role_word(lemma)
            )
            yield Candidate(tok.idx, noun_phrase(doc, tok)[0], "group", strong, reporting_subject(tok, rules))
        elif tok.dep_ == "nsubj" and tok.tag_ == "NN" and rules.is_role(tok):
            speaks = tok.head.lemma_.lower() in rules.speech_verbs
            if not speaks and tok.lower_ not in rules.role_nouns and tok.lower_ not in rules.gendered_nouns:
                continue  # only plain role words subject of other verbs: "the spokesman declined"
            if any(c.dep_ == "appos" for c in tok.children):
                continue  # "a spokesman, Jo Lee," -> the person is already a candidate
            phrase = noun_phrase(doc, tok)[0]
            if tok.lower_ in rules.representative_nouns:  # "he" goes on with whom the speaker speaks for
                run = _compound_name_run(tok, places_name=False)
                phrase = span_text(names.text, run) if run else phrase
            gendered = tok.lower_ in rules.gendered_nouns
            if gendered:
                names.learn_gender(phrase, rules.gendered_nouns[tok.lower_])
            # an ungendered role ("the official") only when no named person fits better
            yield Candidate(tok.idx, phrase, "person", gendered, reporting_subject(tok, rules))


def _possessive_description(tok: Token, names: NameIndex) -> str | None:
    """ "Presumptive nominee Jo Hale ... the current nominee's support is clear. He said ...": a
    possessive description of the one person it fits is a "he" or "she" later, as the subject is."""
    rules = names.rules
    if tok.pos_ != "NOUN" or not names.rules.resolve_descriptions or not rules.is_role(tok):
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.lefts):
        return None
    modifiers = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod") and not _tells_age(c)]
    details = frozenset(c.lower_ for c in modifiers if c.pos_ == "PROPN" and c.ent_type_ != "NORP")
    details |= frozenset(c.lower_ for c in modifiers if c.lower_ in rules.time_modifiers)
    found = names.referent([*(c.text for c in modifiers), tok.text], tok.idx, may_add=details)
    return found[0] if found is not None and found[1] == "person" else None


def _whole_of_part(tok: Token, rules: SpeakerRules) -> Token:
    """ "Only 42% of them say ...", "Half of the firms argue ...", "Many in the crowd said": the
    group a share speaks for; but a share with a name apposed to it is the one named ("One of the
    bidders, Norvik, said", the name apposed to the share or, for "one", to the group)."""
    if tok.lower_ not in rules.part_words and tok.pos_ != "NUM":
        return tok
    named = next((c for c in tok.rights if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
    if named is not None:
        return named  # "One of the losing bidders, Dutch group Norvik, said": the one it names
    for prep in tok.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "in", "among"):
            whole = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if whole is not None and (whole.pos_ in ("PRON", "NOUN", "PROPN")):
                one = next((c for c in whole.rights if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
                return one if one is not None and tok.lower_ == "one" else whole
    return tok


def compound_words(head: Token) -> list[str]:
    """A role or kind noun with the nouns compounded right before it: "city attorney", "gas utility"."""
    words = [head.text]
    i = head.i - 1
    while i >= 0 and head.doc[i].dep_ == "compound" and head.doc[i].head.i == head.i:
        words.insert(0, head.doc[i].text)
        i -= 1
    return words


def _index_descriptions(ents: list[Span], names: NameIndex) -> None:
    """Who each role or kind described, so that "the city attorney" later is the person: a title
    before a name ("City Attorney Barbara Parker"), an apposition on either side ("Barbara Parker,
    the city attorney,", "the city attorney, Barbara Parker,"), an organisation's kind
    ("SoCalGas, the state's largest gas utility,", "Pacific Gas and Electric Company")."""
    rules = names.rules
    for ent in ents:
        root = ent.root
        if ent.label_ == "PERSON":
            toks = name_tokens(list(ent), rules)
            name = names.canonical(toks)
            if not name:
                continue
            title = names.left_title(ent, toks)
            if title:
                names.describe(title.split(), ent.start_char, name, "person")
            roles = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
            if root.dep_ == "appos" and root.head.pos_ == "NOUN":
                roles.append(root.head)
            for role in roles:
                if rules.is_role(role):
                    names.describe(_role_phrase_words(role), ent.start_char, name, "person")
        elif ent.label_ == "ORG" and ent[-1].lower_ in rules.kind_nouns and len(ent) > 1:
            names.describe([ent[-1].text], ent.start_char, names.organisation(ent), "org")
    # an organisation apposed to its kind, tagged or not ("SoCalGas, the state's largest gas utility")
    ent_of = {i: ent for ent in ents for i in range(ent.start, ent.end)}
    for tok in names.doc:
        head = tok.head
        if (
            tok.dep_ != "appos"
            or tok.pos_ != "NOUN"
            or tok.lower_ not in rules.kind_nouns
            or head.pos_ != "PROPN"
        ):
            continue
        ent = ent_of.get(head.i)
        if ent is not None and ent.label_ == "PERSON":
            continue
        if ent is not None and ent.label_ in ("GPE", "LOC", "FAC") and tok.lower_ not in rules.place_kinds:
            continue  # "flood-ravaged Louisiana, a Baton Rouge newspaper called on ...": a misparse
        name = names.organisation(ent) if ent is not None else span_text(names.text, _name_run(head))
        names.describe(_role_phrase_words(tok), head.idx, name, "org")


def _compound_name_run(head: Token, *, places_name: bool) -> list[Token]:
    """The proper nouns compounded before a noun (through other compounds: "MENA news agency"),
    without a leading nationality ("Egyptian MENA"); none when only places are and
    `places_name` is true ("a California utility")."""
    doc = head.doc
    i = head.i - 1
    while i >= 0 and doc[i].dep_ == "compound" and doc[i].pos_ == "NOUN":
        i -= 1  # "news" in "MENA news agency"
    run: list[Token] = []
    while i >= 0 and doc[i].pos_ == "PROPN" and doc[i].dep_ == "compound" and head.i - i < 8:
        run.insert(0, doc[i])
        i -= 1
    placey = ("GPE", "NORP", "LOC")
    while run and run[0].ent_type_ == "NORP":
        run.pop(0)
    if not run or places_name and all(t.ent_type_ in placey for t in run):
        return []
    if places_name and any(t.ent_type_ == "PERSON" for t in run):
        return []  # "the Murdoch company": whose it is, not its name
    return run


def _tells_age(modifier: Token) -> bool:
    """ "The 73-year-old former chairman": an age the first mention need not have given."""
    return any(t.like_num for t in modifier.subtree)


def _role_phrase_words(head: Token) -> list[str]:
    """The words of a role or kind phrase that say which one it is, ending with its head:
    "the state's largest gas utility" -> state, largest, gas, utility."""
    words = [
        t.text
        for t in head.subtree
        if t.i < head.i and not t.is_punct and t.pos_ != "DET" and t.tag_ != "POS"
    ]
    return [*words, head.text]


def _name_run(head: Token) -> list[Token]:
    """The proper nouns compounded right before a proper noun, and itself ("Southern California Gas")."""
    toks = [head]
    while (
        toks[0].i > 0
        and head.doc[toks[0].i - 1].pos_ == "PROPN"
        and head.doc[toks[0].i - 1].dep_ == "compound"
    ):
        toks.insert(0, head.doc[toks[0].i - 1])
    return toks


# -- resolution ------------------------------------------------------------------------------------
#: A reader's answer that the token names nobody: stop looking (None means: ask the next reader).
_NOBODY = Speaker(None, None, (0, 0), "unknown", "none")


class SpeakerResolver:
    """Reads tokens as speakers for one Doc: `from_token`, `resolve_pronoun`, `note`."""

    def __init__(
        self, doc: Doc, rules: SpeakerRules, quoted: QuotedRegions, sentences: SentenceIndex
    ) -> None:
        self.doc = doc
        self.text = doc.text
        self.rules = rules
        self.sentences = sentences
        self.quoted = quoted
        ents = joined_organisations(
            [
                Span(doc, ent.start, ent.end, label="ORG")
                if ent.label_ == "PERSON" and names_an_organisation(ent, rules)
                else ent
                for ent in doc.ents
                if not is_role_word_as_person(ent, rules)
            ]
        )
        self._ent_of: dict[int, Span] = {i: ent for ent in ents for i in range(ent.start, ent.end)}
        persons = [
            (ent, name_tokens(list(ent), rules))
            for ent in ents
            if ent.label_ == "PERSON" and not names_a_thing(ent, rules)
        ]
        self.names = NameIndex(doc, rules, persons)
        self.names.index_organisations(ents)
        candidates = list(_person_candidates(persons, self.names, quoted))
        _index_descriptions(ents, self.names)
        candidates += _group_candidates(ents, self.names, quoted)
        candidates += _subject_candidates(doc, self.names, quoted, set(self._ent_of))
        self.salience = Salience(candidates)

    def note(self, speaker: Speaker) -> None:
        """Make a speaker found for a quote salient for the pronouns of later quotes."""
        self.salience.note(speaker)

    # -- reading a token -------------------------------------------------------------------------
    def from_token(self, tok: Token, *, antecedent_before: int | None = None) -> Speaker | None:
        """The speaker a subject/source token names, or None if it names nobody.

        `antecedent_before`: a "they"/"it" must refer to someone named before this offset (the
        reported clause of "Five bombs fell, they said" holds no antecedent of its own speaker).
        """
        if tok.lower_ in ("who", "that") and tok.head.dep_ == "relcl":
            tok = tok.head.head
        tok = _whole_of_part(tok, self.rules)
        low = tok.lower_
        if low in self.rules.pronouns and tok.pos_ == "PRON":
            return self.resolve_pronoun(tok, self.rules.pronouns[low], antecedent_before=antecedent_before)
        if self._names_nobody(tok):
            return None
        tok = self._past_suffix(tok)
        ent = self._ent_of.get(tok.i)
        if ent is not None and ent.label_ in _NOT_SPEAKER_LABELS:
            return None
        for reader in _READERS:
            found = reader(self, tok, ent)
            if found is not None:
                return None if found is _NOBODY else found
        return None

    def _names_nobody(self, tok: Token) -> bool:
        low = tok.lower_
        if low in self.rules.not_speaker_words or tok.pos_ in _NOT_SPEAKER_POS:
            return True
        if on_heading_line(self.doc, tok):
            return True
        return not any(ch.isalpha() for ch in tok.text) or low in self.rules.not_speaker_nouns

    def _past_suffix(self, tok: Token) -> Token:
        """ "Bruce Castor Jr", "Jo Cox MP": the name, not its suffix; but "the Ealing North MP"
        (an article before it) is a title, not a name."""
        ent = self._ent_of.get(tok.i)
        if (
            tok.lower_ in self.rules.name_suffixes
            and tok.i > 0
            and self.doc[tok.i - 1].pos_ == "PROPN"
            and (ent is None or len(ent) == 1)
            and not any(c.dep_ == "det" for c in tok.lefts)
        ):
            return self.doc[tok.i - 1]
        return tok

    def _honorific_organisation(self, tok: Token, ent: Span | None) -> Speaker | None:
        """ "Professor Varoufakis" tagged as an organisation is a person."""
        if ent is None or ent.label_ == "PERSON" or len(ent) < 2:
            return None
        if ent[0].pos_ != "PROPN" or not self.rules.is_honorific(ent[0]):
            return None
        return self._person(tok, ent) or _NOBODY

    def _description(self, tok: Token, ent: Span | None) -> Speaker | None:
        """ "the city attorney" for the Barbara Parker introduced as City Attorney Barbara Parker,
        "the utility" for SoCalGas, a bare "Director" for the director named before. The words
        as written stay the title and the mention; nobody or two candidates: not resolved."""
        rules = self.rules
        if not rules.resolve_descriptions or tok.tag_ not in ("NN", "NNP"):
            return None
        if ent is not None and (ent.label_ == "PERSON" or len(ent) > 1):
            return None  # a name, not a description: "the Denver Police Department"
        if not (rules.is_role(tok) or tok.lower_ in rules.kind_nouns):
            return None
        if any(c.dep_ in ("appos", "poss") for c in tok.children):
            return None  # "the director, Jo Lee," names the person itself; "Trump's lawyer" is another
        dets = [c for c in tok.lefts if c.dep_ == "det"]
        definite = any(d.lower_ == "the" for d in dets)
        bare_title = not list(tok.lefts) and tok.is_title and tok.lower_ in rules.role_nouns
        if not (definite and len(dets) == 1 or bare_title):
            return None
        modifiers = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod") and not _tells_age(c)]
        # a proper noun (a constituency, a town) adds a detail; an adjective or a party may
        # tell two people apart ("the Democratic nominee")
        details = frozenset(c.lower_ for c in modifiers if c.pos_ == "PROPN" and c.ent_type_ != "NORP")
        details |= frozenset(c.lower_ for c in modifiers if c.lower_ in rules.time_modifiers)
        fits = self.names.referents([*(c.text for c in modifiers), tok.text], tok.idx, may_add=details)
        found = next(iter(fits)) if len(fits) == 1 else self._last_named(fits, tok.idx)
        # given to nobody: not "the Democratic nominee" after "Republican nominee Tom Reyes"
        if found is None and len(dets) == 1 and not self.names.described_before(tok.text, tok.idx):
            found = self._renamed(tok)
        if found is None:
            return None
        text, s, e = noun_phrase(self.doc, tok)
        return Speaker(found[0], text, (s, e), found[1], "description")

    def _renamed(self, tok: Token) -> tuple[str, str] | None:
        """ "Mr. Trump has no rival there. "...," the candidate said"; "The Daily Record called on
        him to quit. "...," the newspaper wrote": a description the text gave nobody before, of a
        kind writers use to name again whoever they just wrote about (`renaming_nouns`, a kind of
        organisation), is the one of this sentence or the two before: the nearest organisation for
        a kind; for a role, the nearest named person who spoke there, else the nearest named subject,
        else the nearest named at all. A role that brings in someone new ("the judge", "the
        prosecutor") is no such noun, an unnamed role ("a reporter asked Reyes") is nobody's name,
        and a role brought in before with "a" or "one" ("One man interrupted her") is that one."""
        rules = self.rules
        low = tok.lower_
        if low in rules.party_nouns:
            return self._party_named_before(tok)
        floor = self.sentences.start_back(tok.idx, 2)
        if low in rules.organisation_kinds:
            org = next((c for c in self.salience.before(tok.idx, floor) if c.kind == "org"), None)
            return (org.name, "org") if org is not None else None
        if low not in rules.renaming_nouns or self._brought_in(tok, floor):
            return None
        wanted = rules.gendered_nouns.get(low, "any")
        named = [
            c
            for c in self.salience.before(tok.idx, floor)
            if c.kind == "person"
            and self.names.knows(c.name.split()[-1].lower())
            and self.names.compatible(c.name, wanted)
        ]
        speakers = self.salience.speakers
        best = next(
            (c for c in named if c.name in speakers),
            next((c for c in named if c.strong), named[0] if named else None),
        )
        return (best.name, "person") if best is not None else None

    def _party_named_before(self, tok: Token) -> tuple[str, str] | None:
        """ "Tory leader Michael Howard accepted it. In a statement, the party said ...": the party
        whose member's word (`party_members`: Tory, Labour, Democrat ...) was written last, in this
        sentence or the four before, outside quotation marks; "Liberal Democrat" before "Democrat"."""
        members = self.rules.party_members
        floor = self.sentences.start_back(tok.idx, 4)
        for t in reversed(self.doc[: tok.i]):
            if t.idx < floor:
                break
            if t.idx in self.quoted or not (t.is_title or t.is_upper):
                continue
            two = f"{self.doc[t.i - 1].lower_} {t.lower_}" if t.i else ""
            party = members.get(two) or members.get(t.lower_)
            if party:
                return party, "org"
        return None

    def _brought_in(self, tok: Token, floor: int) -> bool:
        """Was someone of this role brought in without a name since `floor` ("One man in the
        crowd interrupted him. "...," the man shouted")? Then the description is that one."""
        for t in self.doc[: tok.i]:
            if t.idx < floor or t.lemma_.lower() != tok.lemma_.lower() or t.idx in self.quoted:
                continue
            if any(c.dep_ in ("det", "nummod") and c.lower_ in _INDEFINITE for c in t.lefts):
                return True
        return False

    def _last_named(self, fits: set[tuple[str, str]], before: int) -> tuple[str, str] | None:
        """Of several referents that fit a description ("the judge" with two judges named), the
        only one named in this sentence or the one before ("Judge Ann Reyes ... Judge Jo Hale
        ruled. Hale thanked them. The judge then said ..."); None when none or both are."""
        floor = self.sentences.start_back(before, 1)
        by_name = dict(fits)
        named = {
            cand.name
            for cand in self.salience.before(before, floor)
            if cand.name in by_name and (cand.kind == "person") == (by_name[cand.name] == "person")
        }
        if len(named) != 1:
            return None
        name = named.pop()
        return name, by_name[name]

    def _source_document(self, tok: Token, ent: Span | None) -> Speaker | None:
        """ "the IMF report stated", "data from the US Geological Survey show": the author speaks."""
        if tok.lower_ not in self.rules.source_nouns or ent is not None:
            return None
        split = self._split_author(tok)
        if split is not None:
            return split
        authors = [c for c in tok.children if c.dep_ in ("compound", "poss")]
        authors += [
            g
            for c in tok.rights
            if c.dep_ == "prep" and c.lower_ in ("from", "by", "of")
            for g in c.children
            if g.dep_ == "pobj"
        ]
        authors += self._publisher(tok)
        for author in authors:
            if author.dep_ == "poss" and author.lower_ in ("its", "their"):
                # "according to its estimate": the body "its" stands for
                sp = self.resolve_pronoun(author, "org" if author.lower_ == "its" else "group")
                if sp.name:
                    text, s, e = noun_phrase(self.doc, tok)
                    return Speaker(sp.name, None, (s, e), "org", "pronoun")
                continue
            author_ent = self._ent_of.get(author.i)
            named_wrong = author_ent is None or author_ent.label_ not in ("ORG", "PERSON", "GPE", "NORP")
            if named_wrong and author.pos_ == "PROPN" and author.dep_ in ("pobj", "compound"):
                # "data from the US Geological Survey", "new Crowdpac research" (tagged a facility):
                # a name the tagger missed or mislabelled
                run = _name_run(author)
                placey = all(t.ent_type_ in ("GPE", "LOC", "NORP", *_NOT_SPEAKER_LABELS) for t in run)
                if (len(run) > 1 or author.dep_ == "compound" and author.is_title) and not placey:
                    text, s, e = noun_phrase(self.doc, tok)
                    return Speaker(span_text(self.text, run), None, (s, e), "org", "phrase")
            if author_ent is None or author_ent.label_ not in ("ORG", "PERSON", "GPE", "NORP"):
                continue
            sp = self.from_token(author_ent.root)
            if sp is not None and sp.name:
                text, s, e = noun_phrase(self.doc, tok)
                return Speaker(sp.name, sp.title, (s, e), sp.kind, sp.via)
        if not authors and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.lefts):
            return self._issuer(tok)
        return None

    def _issuer(self, doc_noun: Token) -> Speaker | None:
        """ "In a statement, the party said ... "...," the statement said": a document named again
        with "the" speaks for whoever spoke in it before ("said in a statement", "In a letter,
        Ms Lee wrote"), in this sentence or the two before."""
        floor = self.sentences.start_back(doc_noun.idx, 2)
        lemma = doc_noun.lemma_.lower()
        for t in reversed(self.doc[: doc_noun.i]):
            if t.idx < floor:
                break
            if t.lemma_.lower() != lemma or t.dep_ != "pobj" or t.idx in self.quoted:
                continue
            verb = t.head.head
            if t.head.dep_ != "prep" or verb.lemma_.lower() not in self.rules.speech_verbs:
                continue
            subj = next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS), None)
            sp = self.from_token(subj) if subj is not None else None
            if sp is not None and sp.name:
                _, s, e = noun_phrase(self.doc, doc_noun)
                return Speaker(sp.name, None, (s, e), sp.kind, "description")
        return None

    def _publisher(self, doc_noun: Token) -> list[Token]:
        """ "figures released Thursday by Donorlink", "a report about the jobs issued over the
        summer by the OECD": the agent of a verb of publishing in the document's phrase, wherever
        the parser hung the verb in it ("a report on crimes committed by gangs" is no gang's)."""
        verbs = self.rules.publishing_verbs
        return [
            g
            for t in doc_noun.subtree
            if t.dep_ == "agent" and t.head.lemma_.lower() in verbs and t.head.dep_ in ("acl", "relcl")
            for g in t.children
            if g.dep_ == "pobj"
        ]

    def _split_author(self, doc_noun: Token) -> Speaker | None:
        """ "the Sunday Telegraph report", with "Sunday" tagged a date and "Telegraph" a person:
        capitalised words compounded right before a document that the tagger cut into pieces of
        different labels are one name, the organisation that wrote it."""
        last = self.doc[doc_noun.i - 1] if doc_noun.i else None
        if last is None or last.dep_ != "compound" or last.head.i != doc_noun.i or last.pos_ != "PROPN":
            return None
        run = _name_run(last)
        if len(run) < 2 or not all(t.is_title for t in run):
            return None
        pieces = {(t.ent_type_, self._ent_of[t.i].start if t.i in self._ent_of else t.i) for t in run}
        if len(pieces) < 2 or "DATE" not in {label for label, _ in pieces}:
            return None
        text, s, e = noun_phrase(self.doc, doc_noun)
        return Speaker(span_text(self.text, run), None, (s, e), "org", "phrase")

    def _representative_of(self, tok: Token, ent: Span | None) -> Speaker | None:
        """ "A spokesperson for Southern California Edison": the organisation speaks, through a
        role that becomes the title ("spokesperson")."""
        if ent is not None or tok.pos_ != "NOUN" or not self.rules.is_role(tok):
            return None
        for prep in tok.rights:
            if prep.dep_ != "prep" or prep.lower_ not in ("for", "at", "of", "from", "with"):
                continue
            for obj in prep.children:
                org = self._ent_of.get(obj.i)
                if obj.dep_ == "pobj" and org is not None and org.label_ == "ORG" and org.root.i == obj.i:
                    text, s, e = noun_phrase(self.doc, tok)
                    title = " ".join(
                        w for w in [*(c.text for c in tok.lefts if c.dep_ in ("amod", "compound")), tok.text]
                    )
                    return Speaker(self.names.organisation(org), title, (s, e), "org", "phrase")
        return None

    def _spokesman_of_last_speaker(self, tok: Token, ent: Span | None) -> Speaker | None:
        """ "Norvik said it would bid. "We are keen," a spokesman told the BBC": a spokesperson
        who says for whom speaks for the organisation that spoke last, in this sentence or the one
        before; not when a person spoke last (whose spokesman is not said)."""
        rules = self.rules
        if ent is not None or tok.pos_ != "NOUN" or tok.lower_ not in rules.representative_nouns:
            return None
        if any(c.dep_ in ("prep", "compound", "poss", "appos", "amod", "acl") for c in tok.children):
            return None
        floor = self.sentences.start_back(tok.idx, 1)
        first = self.doc.char_span(floor, floor + 1, alignment_mode="expand").start
        for t in reversed(self.doc[first : tok.i]):
            if t.pos_ not in ("VERB", "AUX") or t.lemma_.lower() not in rules.speech_verbs:
                continue
            if t.idx in self.quoted:
                continue
            subj = next((c for c in t.children if c.dep_ in _SUBJECT_DEPS), None)
            if subj is None or subj.pos_ == "PRON" or subj.i >= tok.i:
                continue  # "said a spokesman": the verb's subject is this very spokesman
            if subj.lower_ in rules.representative_nouns:
                continue  # another spokesman says no more for whom
            sp = self.from_token(subj)
            if sp is None or not sp.name:
                continue
            if sp.kind != "org":
                return None
            _, s, e = noun_phrase(self.doc, tok)
            return Speaker(sp.name, tok.text, (s, e), "org", "phrase")
        return None

    def _title_phrase(self, tok: Token, ent: Span | None) -> Speaker | None:
        """ "The Prime Minister said", "the Home Secretary said": a definite title is its own speaker,
        not a person called "Minister". (The article's own words are kept: annotators, like PolNeAR's,
        write "the president", not the name it stands for.)"""
        if ent is not None and ent.label_ == "PERSON":
            return None
        if tok.pos_ != "PROPN" or not (self.rules.is_role(tok) or tok.lower_ in self.rules.honorifics):
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.lefts):
            return None
        if any(c.dep_ in ("appos", "poss") for c in tok.children):
            return None  # "the minister, Jo Lee,": the person is apposed
        text, s, e = noun_phrase(self.doc, tok)
        return Speaker(text, text, (s, e), "unknown", "phrase")

    def _apposed_person(self, tok: Token, ent: Span | None) -> Speaker | None:
        """ "a spokeswoman, Jane Doe," -> the apposed person, with the role as title; also through
        an apposed title ("The head of the office, Acting Chief Superintendent, Mark Dale,") and a
        name the role is called by ("Another Hamas figure, a spokesman called Abu Ubaida,"); a
        capitalised role too, when the parser apposed the name to it ("CEO of the Refugee Council
        Enver Solomon told ...")."""
        if ent is not None or tok.pos_ == "PROPN" and not self.rules.is_role(tok):
            return None
        person = self._called(tok)
        for c in tok.rights:
            if c.dep_ in ("relcl", "acl") and c.pos_ in ("VERB", "AUX"):
                break  # "A woman who claims she saw the shooting of Kimani Gray says": Gray is not her
            if person is None and c.dep_ == "appos":
                person = (
                    c
                    if self._is_person(c)
                    else self._called(c)
                    or next((g for g in c.rights if g.dep_ == "appos" and self._is_person(g)), None)
                )
        if person is None:
            return self._role_ending_in_name(tok)
        sp = self._person(person, self._ent_of.get(person.i) if self._is_person(person) else None)
        if sp is None:
            return None
        return Speaker(sp.name, noun_phrase(self.doc, tok)[0], sp.mention, sp.kind, sp.via)

    def _role_ending_in_name(self, role: Token) -> Speaker | None:
        """ "CEO of the Refugee Council Nadia Solomon told ...": a role phrase with no comma before
        the name that ends it (the parser hangs the name on "of" or on the role); the words before
        the name are the title."""
        if not self.rules.is_role(role):
            return None
        last = role.right_edge
        ent = self._ent_of.get(last.i)
        if ent is None or ent.label_ != "PERSON" or ent.end - 1 != last.i or ent.start <= role.i + 1:
            return None
        between = self.doc[role.i : ent.start]
        if any(t.is_punct for t in between):
            return None  # "the director, Jo Lee": the apposition stages read it
        if any(t.dep_ in ("relcl", "acl") and t.pos_ in ("VERB", "AUX") for t in between):
            return None  # "A woman who saw Kim Gray": the name is in what describes her
        sp = self._person(ent.root, ent)
        if sp is None or not sp.name:
            return None
        return Speaker(sp.name, span_text(self.text, list(between)), sp.mention, sp.kind, sp.via)

    def _is_person(self, tok: Token) -> bool:
        ent = self._ent_of.get(tok.i)
        return ent is not None and ent.label_ == "PERSON"

    def _called(self, role: Token) -> Token | None:
        """ "a spokesman called Abu Ubaida", "a woman named Jo Lee": the name a role noun is given
        (whatever the tagger made of it: "Abu Ubaida" is tagged an organisation)."""
        if not self.rules.is_role(role):
            return None
        for c in role.rights:
            if c.dep_ == "acl" and c.lemma_ in ("call", "name"):
                for g in c.children:
                    if g.dep_ in ("oprd", "dobj", "attr", "appos") and g.pos_ == "PROPN" and g.i > c.i:
                        return g
        return None

    def _organisation_in_description(self, tok: Token, ent: Span | None) -> Speaker | None:
        """ "Iran's official news agency IRNA", "the Egyptian MENA news agency", "A Southern
        California Edison spokesperson": the organisation a kind noun or a spokesperson noun names,
        apposed or compounded to it; a spokesperson's word is the title. A place or nationality
        alone ("the Iranian news agency", "a California utility") names no organisation."""
        rules = self.rules
        spokesperson = tok.lower_ in rules.representative_nouns
        # only a kind of organisation; a group noun is named by whose it is ("the Trump administration")
        kind = tok.lower_ in rules.organisation_kinds
        if ent is not None or tok.pos_ != "NOUN" or not (spokesperson or kind):
            return None
        name = None
        bare = not any(c.dep_ == "det" for c in tok.lefts)
        for c in tok.rights:
            org = self._ent_of.get(c.i)
            named = c.dep_ == "appos" or c.dep_ == "conj" and bare  # "football club and former champion X"
            if named and org is not None and org.label_ == "ORG" and org.root.i == c.i:
                name = self.names.organisation(org)
        if name is None:
            # a spokesperson speaks for an organisation whatever the tagger made of its name
            # ("Southern California Edison" tagged a place); a utility named by a place is none
            run = _compound_name_run(tok, places_name=not spokesperson)
            if run:
                name = span_text(self.text, run)
        if name is None:
            return None
        _, s, e = noun_phrase(self.doc, tok)
        return Speaker(name, tok.text if spokesperson else None, (s, e), "org", "phrase")

    def _coordinated_persons(self, tok: Token, ent: Span | None) -> Speaker | None:
        """ "Professors Kane and Basri suggest", "Ruth Kane and Omar Basri wrote": persons joined by
        "and" speak together, a group named by all their names ("Ruth Kane and Omar Basri")."""
        if ent is None or ent.label_ != "PERSON":
            return None
        others = [c for c in tok.rights if c.dep_ == "conj" and self._is_person(c)]
        if not others:
            return None
        found = [self._person(tok, ent)]
        found += [self._person(c, self._ent_of.get(c.i)) for c in others]
        if any(sp is None or not sp.name for sp in found):
            return None
        names = [sp.name for sp in found if sp is not None and sp.name]
        joined = joined_names(names)
        start = min(sp.mention[0] for sp in found if sp is not None)
        end = max(sp.mention[1] for sp in found if sp is not None)
        return Speaker(joined, None, (start, end), "group", "name")

    def _coordinated_organisations(self, tok: Token, ent: Span | None) -> Speaker | None:
        """ "Google and Microsoft said": organisations joined by "and" speak together, by all
        their names."""
        if ent is None or ent.label_ != "ORG" or ent.root.i != tok.i:
            return None
        conjuncts, todo = [], [c for c in tok.rights if c.dep_ == "conj" and c.i >= ent.end]
        while todo:  # "Google, Apple and Microsoft": a chain of conjuncts
            c = todo.pop()
            conjuncts.append(c)
            todo += [d for d in c.rights if d.dep_ == "conj"]
        others = [self._ent_of.get(c.i) for c in conjuncts]
        if not others or any(o is None or o.label_ != "ORG" for o in others):
            return None
        unique = {o.start: o for o in others if o is not None}
        orgs = [ent, *(unique[k] for k in sorted(unique))]
        name = joined_names([self.names.organisation(o) for o in orgs])
        return Speaker(name, None, (orgs[0].start_char, orgs[-1].end_char), "group", "name")

    def _named_person(self, tok: Token, ent: Span | None) -> Speaker | None:
        if ent is not None and ent.label_ == "PERSON":
            return self._person(tok, ent) or _NOBODY
        return None

    def _known_name(self, tok: Token, ent: Span | None) -> Speaker | None:
        """A known person's name the tagger took for an organisation or a noun."""
        if self.names.knows(tok.lower_) and (tok.pos_ == "PROPN" or tok.is_title):
            return self._person(tok, None) or _NOBODY
        return None

    def _organisation(self, tok: Token, ent: Span | None) -> Speaker | None:
        """An organisation or group by its canonical name; the mention keeps the words as written."""
        if ent is not None and ent.label_ in _GROUP_LABELS and ent.root.i == tok.i:
            _, s, e = noun_phrase(self.doc, tok)
            name = self.names.organisation(ent)
            return Speaker(name, None, (s, e), "org" if ent.label_ == "ORG" else "group", "name")
        return None

    def _untagged_person(self, tok: Token, ent: Span | None) -> Speaker | None:
        """An untagged proper noun that looks like a person's name; a word in lower case never is
        ("the Egyptian communications ministry", tagged a proper noun, is a body)."""
        if tok.is_lower:
            return None
        if ent is None and tok.pos_ == "PROPN" and looks_personal(self.doc, tok, self.rules):
            return self._person(tok, None) or _NOBODY
        return None

    def _common_noun(self, tok: Token, ent: Span | None) -> Speaker | None:
        """A group ("police", "officials") or a role ("a spokeswoman for the agency") as written."""
        if tok.pos_ not in ("NOUN", "PROPN"):
            return None
        text, s, e = noun_phrase(self.doc, tok)
        group = tok.tag_ in ("NNS", "NNPS") or ent is not None or tok.lower_ in self.rules.collective_nouns
        role = not group and self.rules.is_role(tok)
        return Speaker(text, text if role else None, (s, e), "group" if group else "unknown", "phrase")

    # -- persons ---------------------------------------------------------------------------------
    def _name_span(self, tok: Token, ent: Span | None) -> Span:
        """The words of a person's name ending at `tok`: the entity, or the run of name words."""
        if ent is not None:
            return ent
        toks = [tok]
        for t in reversed(list(tok.lefts)):  # the run of name words right before the head
            if (
                t.i != toks[0].i - 1
                or t.dep_ != "compound"
                or t.pos_ != "PROPN"
                or t.ent_type_ in _NOT_SPEAKER_LABELS  # "on Tuesday Mr Ebbers"
                or len(toks) > 3
            ):
                break
            toks.insert(0, t)
        return self.doc[toks[0].i : tok.i + 1]

    def _person(self, tok: Token, ent: Span | None) -> Speaker | None:
        span = self._name_span(tok, ent)
        name = self.names.canonical(name_tokens(list(span), self.rules))
        if not name:
            return None
        courtesy = self.rules.courtesy_titles
        for h in (self.doc[span.start - 1] if span.start > 0 else span[0], span[0]):
            if h.lower_ in courtesy:
                self.names.learn_gender(name, self.rules.honorifics.get(h.lower_))  # "Mr Hale", "Mrs Quinn"
        title_toks = self._title_tokens(tok, span)
        title = words_text([t for t in title_toks if t.lower_ != "the"]) or None
        if title is None:
            title = next(
                (
                    noun_phrase(self.doc, c)[0]
                    for c in tok.rights
                    if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN")
                ),
                None,
            )
        if title and len(title.split()) == 1 and title.lower() in self.rules.honorifics:
            title = title if title.lower().rstrip(".") not in courtesy else None
        if title:
            self.names.learn_title(name, title)
        mention_start = title_toks[0].idx if title_toks else span.start_char
        return Speaker(
            name,
            title or self.names.titles.get(name),
            (min(mention_start, span.start_char), span.end_char),
            "person",
            "name" if name == span.text else "alias",
        )

    def _title_tokens(self, tok: Token, span: Span) -> list[Token]:
        """The rest of the noun phrase left of a name, and the titles the tagger put inside it."""
        left = same_line(self.doc, _before_inner_hyphens(tok.left_edge), span.start)
        title_toks = [
            t
            for t in self.doc[left.i : span.start]
            if t.dep_ != "det"
            and not (t.is_punct and not is_inner_hyphen(t))
            and t.ent_type_ not in _NOT_SPEAKER_LABELS
        ]
        kept = {t.i for t in name_tokens(list(span), self.rules)}
        courtesy = self.rules.courtesy_titles
        title_toks += [t for t in span if t.i not in kept and not t.is_punct and t.lower_ not in courtesy]
        return [t for t in title_toks if t.tag_ != "POS"]

    # -- pronouns --------------------------------------------------------------------------------
    def resolve_pronoun(self, tok: Token, wanted: str, *, antecedent_before: int | None = None) -> Speaker:
        """Most recent compatible person (he/she) or group (they) before the pronoun.

        `antecedent_before`: where the pronoun's own reported clause starts, when that clause
        comes first. "They" and "it" never look inside it; "he" and "she" look there only when
        nobody before it fits ("This would make Hamley Toys famous, he added": the one who spoke
        before, not a name in what he said)."""
        if wanted not in ("group", "org") and antecedent_before is not None:
            before = self._resolve_pronoun(tok, wanted, limit=antecedent_before)
            if before.name is not None:
                return before
        return self._resolve_pronoun(tok, wanted, antecedent_before=antecedent_before)

    def _resolve_pronoun(
        self,
        tok: Token,
        wanted: str,
        *,
        antecedent_before: int | None = None,
        limit: int | None = None,
        floor: int | None = None,
    ) -> Speaker:
        """`wanted`: "m", "f" ("he", "she"), "any" (a person of either), "group" or "org"."""
        mention = (tok.idx, tok.idx + len(tok.text))
        if floor is None:
            floor = self.sentences.start_back(tok.idx, self.rules.lookback_sentences)
        limit = tok.idx if limit is None else min(limit, tok.idx)
        if wanted in ("group", "org") and antecedent_before is not None:
            limit = min(limit, antecedent_before)
        fallback = None  # the most recent compatible person that was not a subject or speaker
        gendered_here = None  # ... of the pronoun's own sentence, known to be "he" or "she"
        weak_group = None  # the most recent plural subject that names no people ("their operations")
        for cand in self.salience.before(limit, floor):
            if wanted in ("group", "org"):  # they: a group or an organisation; it: an organisation
                reporter = self._reporting_group(cand, tok) if wanted == "group" else None
                if reporter is not None:
                    return Speaker(reporter, None, mention, "group", "pronoun")
                if cand.kind == "org" or cand.kind == "group" and wanted == "group" and cand.strong:
                    return Speaker(cand.name, None, mention, "group", "pronoun")
                if cand.kind == "group" and wanted == "group":
                    weak_group = weak_group or cand.name
                continue
            if cand.kind != "person" or not self.names.compatible(cand.name, wanted):
                continue
            reporter = self._reporter(cand, wanted, tok)
            if reporter is not None:
                return Speaker(reporter.name, reporter.title, mention, "person", "pronoun")
            if not cand.strong:
                fallback = fallback or cand.name
                gendered_here = gendered_here or self._gendered_in_sentence(cand, tok, wanted)
                continue
            name = cand.name
            if gendered_here is not None and self.names.gender.get(name) is None:
                return self._resolved(gendered_here, wanted, mention)
            if name not in self.salience.speakers or self._subordinate(cand.offset):
                name = self._speaker_in_sentence(cand.offset, wanted) or name
            if name not in self.salience.speakers and self._subordinate(cand.offset):
                name = self._earlier_speaker(cand.offset, floor, wanted) or name
            return self._resolved(name, wanted, mention)
        if fallback is not None:
            return self._resolved(fallback, wanted, mention)
        if weak_group is not None:
            return Speaker(weak_group, None, mention, "group", "pronoun")
        return Speaker(None, None, mention, "unknown", "pronoun")

    def _reporter(self, cand: Candidate, wanted: str, pronoun: Token) -> Speaker | None:
        """The one who said what names `cand`, when that is a person or a role the pronoun fits
        ("an M&S spokesman said ... that Mr Paulsmeier had ... He also said": the spokesman);
        None when nobody reports `cand`, or the reporter is a group or of the other gender (then
        the person reported on is the likelier antecedent)."""
        if cand.reporter is None or cand.reporter >= pronoun.i:
            return None  # a reporter after the pronoun is read only after it
        tok = self.doc[cand.reporter]
        low = tok.lower_
        if tok.pos_ == "PRON":
            if self.rules.pronouns.get(low) != wanted:
                return None
            sp = self.resolve_pronoun(tok, wanted)
            return sp if sp.name else None
        if tok.pos_ not in ("NOUN", "PROPN") or tok.tag_ in ("NNS", "NNPS"):
            return None
        sp = self.from_token(tok)
        if sp is None or not sp.name:
            return None
        if sp.kind == "person" and self.names.compatible(sp.name, wanted):
            return sp
        if sp.kind != "person" and self.rules.is_role(tok):
            # a spokesman speaking for an organisation
            return sp if self.rules.gendered_nouns.get(low) in (None, wanted) else None
        return None

    def _reporting_group(self, cand: Candidate, pronoun: Token) -> str | None:
        """The group or body that said what names the group `cand` ("Professors Kane and Basri
        suggest ... that migrants adopt ... they write": Kane and Basri, not the migrants)."""
        if cand.kind != "group" or cand.reporter is None or cand.reporter >= pronoun.i:
            return None
        tok = self.doc[cand.reporter]
        if tok.pos_ not in ("NOUN", "PROPN"):
            return None
        sp = self.from_token(tok)
        return sp.name if sp is not None and sp.name and sp.kind in ("group", "org") else None

    def _subordinate(self, pos: int) -> bool:
        """Is the word at `pos` the subject of a subordinate clause ("Levin dismissed concerns
        that he was bucking his state even though Sanders won it")? The speaker of the sentence
        outranks it even when it speaks elsewhere in the text."""
        span = self.doc.char_span(pos, pos + 1, alignment_mode="expand")  # candidates start tokens
        tok = span[0] if span is not None and span[0].idx == pos else None
        while tok is not None and tok.dep_ == "compound" and tok.head.i > tok.i:
            tok = tok.head  # "Tony Blair": the name's head is its last word
        if tok is None or tok.dep_ not in _SUBJECT_DEPS:
            return False
        clauses = ("advcl", "ccomp", "acl", "relcl", "pcomp")
        return any(a.dep_ in clauses for a in [tok.head, *tok.head.ancestors])

    def _speaker_in_sentence(self, pos: int, wanted: str) -> str | None:
        """ "Mr Clarke said he backed the plan when Mr Blunkett argued for it. "...," he said": the
        speaker of the sentence outranks a person in its subordinate clause."""
        sent = self.sentences.starts[self.sentences(pos)]
        return self._earlier_speaker(pos, sent, wanted, same_line=True)

    def _gendered_in_sentence(self, cand: Candidate, pronoun: Token, wanted: str) -> str | None:
        """ "NBC interviewed a co-worker of hers, Kenneth Dorsey, and he said": a person of the
        pronoun's own sentence known to be a "he" (or "she") outranks a subject further back
        whose gender the text never gave; not one named in what someone said ("Mr Blair has failed,
        he claimed")."""
        if wanted not in ("m", "f") or cand.reporter is not None:
            return None
        if self.names.gender.get(cand.name) != wanted:
            return None
        return cand.name if self.sentences(cand.offset) == self.sentences(pronoun.idx) else None

    def _earlier_speaker(self, pos: int, floor: int, wanted: str, *, same_line: bool = False) -> str | None:
        """ "Nobody, he claimed, could picture ... Tony Blair doing it. And Blair would lead the
        campaign, he said": a person who only stands in a subordinate clause and never speaks is
        a weaker antecedent of a speaking "he" than the one who spoke just before (`same_line`:
        not across a line break, where the parser ran two lines into one sentence)."""
        for cand in self.salience.before(pos, floor):
            if same_line and "\n" in self.text[cand.offset : pos]:
                break
            if (
                cand.kind == "person"
                and cand.name in self.salience.speakers
                and self.names.compatible(cand.name, wanted)
            ):
                return cand.name
        return None

    def _resolved(self, name: str, gender: str, mention: tuple[int, int]) -> Speaker:
        if gender in ("m", "f"):
            self.names.learn_gender(name, gender)
        return Speaker(name, self.names.titles.get(name), mention, "person", "pronoun")


#: How a (non-pronoun) token is read as a speaker, tried in order; the first answer wins.
_READERS = (
    SpeakerResolver._honorific_organisation,
    SpeakerResolver._description,
    SpeakerResolver._title_phrase,
    SpeakerResolver._apposed_person,
    SpeakerResolver._organisation_in_description,
    SpeakerResolver._source_document,
    SpeakerResolver._representative_of,
    SpeakerResolver._coordinated_persons,
    SpeakerResolver._coordinated_organisations,
    SpeakerResolver._named_person,
    SpeakerResolver._known_name,
    SpeakerResolver._organisation,
    SpeakerResolver._untagged_person,
    SpeakerResolver._spokesman_of_last_speaker,
    SpeakerResolver._common_noun,
)
