"""Who said it: from a parsed subject token to a canonical speaker name, title and mention.

A doc-wide `SpeakerResolver` is built once per Doc from its PERSON entities: a later "Homan" or
"Mr. Homan" becomes "Tom Homan" (first full mention with that surname), and "he"/"she"/"they"
take the most recent compatible person or group named as a subject or speaker before them.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span, Token

#: Token dependencies that belong to a speaker's noun phrase on the left of its head.
_LEFT_DEPS = {"det", "amod", "compound", "poss", "nmod", "nummod", "case", "quantmod", "advmod", "npadvmod"}
#: Prepositions whose object still names the speaker ("a spokeswoman for the agency").
_PHRASE_PREPS = {"of", "for", "at", "from", "with", "in", "on"}
_GROUP_LABELS = {"ORG", "NORP", "GPE", "FAC"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_NOT_SPEAKER_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
_NOT_SPEAKERS = {"i", "me", "we", "us", "you", "it", "this", "that", "which", "what", "there", "one"}
#: Sentences a pronoun may look back for its person.
_LOOKBACK_SENTS = 10


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: `name` may be None when a pronoun found no antecedent."""

    name: str | None
    title: str | None
    mention: tuple[int, int]  # character span of the words the speaker was read from
    kind: str  # "person", "org" (an ORG entity), "group" or "unknown"
    via: str  # "name", "alias", "pronoun", "phrase"


@cache
def speaker_lexicon() -> dict[str, Any]:
    """Honorifics, pronoun genders, first-name genders and gendered role nouns."""
    raw = resources.files("factpull.lexicon").joinpath("quote_speakers.json").read_text(encoding="utf-8")
    return json.loads(raw)


_MR = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss"}


#: Name suffixes that are no surname ("Walter Phillips Jr", "Guy Mansfield QC").
_NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "qc", "kc", "mp", "mep", "obe", "mbe", "cbe"}


def _surname_key(toks: list[Token]) -> str:
    """The lower-cased surname of a name's tokens, skipping a trailing suffix."""
    for t in reversed(toks[1:]):
        if t.lower_ not in _NAME_SUFFIXES:
            return t.lower_
    return toks[-1].lower_


def _span_text(text: str, toks: list[Token]) -> str:
    """The text from the first to the last token, keeping inner hyphens ("Holtz-Eakin")."""
    return text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]


def _clean_tokens(tokens: list[Token]) -> list[Token]:
    """Drop honorifics, titles, possessive endings and punctuation around a name."""
    honorifics = speaker_lexicon()["honorifics"]
    toks = [t for t in tokens if not t.is_punct and t.tag_ != "POS" and t.lower_ not in ("'s", "’s")]
    # titles the tagger put inside the name: "Mr.", "Sen.", "Clerk Amy Stone"
    while len(toks) > 1 and (
        toks[0].lower_ in honorifics or toks[0].lower_.rstrip(".") in honorifics or toks[0].pos_ == "VERB"
    ):
        toks = toks[1:]
    return toks


class SpeakerResolver:
    """Canonical names and pronoun antecedents for one Doc."""

    def __init__(
        self,
        doc: Doc,
        text: str,
        inside_quote,
        sent_starts: list[int],
        plural_subjects: list[Token],
        role_subjects: list[Token] = (),
        speech_lemmas: frozenset[str] = frozenset(),
    ) -> None:
        lex = speaker_lexicon()
        self.doc = doc
        self.text = text
        self._inside = inside_quote
        self._honorifics: dict[str, str | None] = lex["honorifics"]
        self._first: dict[str, str] = lex["first_names"]
        self._gendered: dict[str, str] = lex["gendered_nouns"]
        self._collective: set[str] = set(lex["collective_nouns"])
        self._headline_verbs: set[str] = set(lex["headline_verbs"])
        self._roles: set[str] = set(lex["role_nouns"])
        self._role_suffixes: tuple[str, ...] = tuple(lex["role_suffixes"])
        self._not_speaker_nouns: set[str] = set(lex["not_speaker_nouns"])
        #: antecedents must start before this offset: the reported clause of "..., they said"
        self.ceiling: int = len(text)
        self._speakers: set[str] = set()  # persons already known to speak in this article
        self.by_surname: dict[str, str] = {}
        self.by_first: dict[str, str] = {}
        self.gender: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self._ent_of: dict[int, Span] = {}
        ents = list(doc.ents)
        for ent in ents:
            for i in range(ent.start, ent.end):
                self._ent_of[i] = ent
        persons = [(ent, _clean_tokens(list(ent))) for ent in ents if ent.label_ == "PERSON"]
        # a surname stands for the full name written most often with it (first one on a tie)
        forms: dict[str, dict[str, int]] = {}
        for _, toks in persons:
            if len(toks) >= 2 and all(t.text[:1].isupper() for t in toks) and toks[-1].pos_ != "VERB":
                if toks[-1].lower_ in self._headline_verbs:
                    continue  # "Obama Says": a headline verb the tagger took into the name
                full = _span_text(self.text, toks)
                counts = forms.setdefault(_surname_key(toks), {})
                counts[full] = counts.get(full, 0) + 1
                self.by_first.setdefault(toks[0].lower_, full)
                if toks[0].lower_ in self._first:
                    self.gender.setdefault(full, self._first[toks[0].lower_])
        for surname, counts in forms.items():
            self.by_surname[surname] = max(counts, key=lambda f: counts[f])
        #: full names as written, so that "Gene Hansbrough" stays apart from "Tyler Hansbrough"
        self._full_names: set[str] = {f for counts in forms.values() for f in counts}
        # salience: persons, and groups that are subjects, outside quotes: (offset, name, gender, kind)
        self._cands: list[tuple[int, str, str, bool]] = []  # (offset, name, kind, subject or speaker)
        named: list[tuple[int, str, bool]] = []
        for ent, toks in persons:
            name = self._canonical_toks(toks)
            if name:
                g = self._honorific_gender(ent) or (
                    self._first.get(toks[0].lower_) if len(toks) == 1 else None
                )
                if g:
                    self.gender.setdefault(name, g)
                if not self._inside(ent.start_char):
                    root = ent.root
                    subject = root.dep_ in _SUBJECT_DEPS or (
                        root.dep_ in ("appos", "compound") and root.head.dep_ in _SUBJECT_DEPS
                    )
                    named.append((ent.start_char, name, subject))
                title = self._left_title(ent, toks)
                if title:
                    self.titles.setdefault(name, title)
        self._cands.extend((pos, name, "person", subject) for pos, name, subject in named)
        for ent in ents:
            root = ent.root
            if (  # "A professor of economics, Yanis Varoufakis, ...": a name apposed to a role is a person
                ent.label_ in _GROUP_LABELS
                and root.dep_ == "appos"
                and root.head.pos_ == "NOUN"
                and root.head.dep_ in _SUBJECT_DEPS
                and self._is_role(root.head)
                and all(t.pos_ == "PROPN" for t in ent)
                and not self._inside(ent.start_char)
            ):
                self._cands.append((ent.start_char, ent.text, "person", True))
                continue
            if (
                ent.label_ in _GROUP_LABELS
                and ent.root.dep_ in _SUBJECT_DEPS
                and not self._inside(ent.start_char)
            ):
                if len(ent) > 1 and ent[0].pos_ == "PROPN" and ent[0].lower_.rstrip(".") in self._honorifics:
                    name = self._canonical_toks(_clean_tokens(list(ent)))  # "Professor Varoufakis"
                    if name:
                        self._cands.append((ent.start_char, name, "person", True))
                    continue
                kind = "org" if ent.label_ == "ORG" else "group"
                self._cands.append((ent.start_char, ent.text, kind, True))
        for tok in plural_subjects:
            if tok.i not in self._ent_of and not self._inside(tok.idx):
                self._cands.append((tok.idx, self._phrase(tok)[0], "group", True))
        # "A Home Office spokesman said ... The plans are fair, he said": an unnamed role that speaks
        for tok in role_subjects:
            if tok.i in self._ent_of or self._inside(tok.idx) or not self._is_role(tok):
                continue
            speaks = tok.head.lemma_.lower() in speech_lemmas
            if not speaks and tok.lower_ not in self._roles and tok.lower_ not in self._gendered:
                continue  # only plain role words subject of other verbs: "the spokesman declined"
            if any(c.dep_ == "appos" for c in tok.children):
                continue  # "a spokesman, Jo Lee," -> the person is already a candidate
            phrase = self._phrase(tok)[0]
            gendered = tok.lower_ in self._gendered
            if gendered:
                self.gender.setdefault(phrase, self._gendered[tok.lower_])
            # an ungendered role ("the official") only when no named person fits better
            self._cands.append((tok.idx, phrase, "person", gendered))
        self._cands.sort()
        self._cand_pos = [c[0] for c in self._cands]
        self._sent_starts = sent_starts

    # -- names -------------------------------------------------------------------------------
    def _honorific_gender(self, ent: Span) -> str | None:
        prev = self.doc[ent.start - 1] if ent.start > 0 else None
        for t in [prev, *ent[:1]]:
            if t is not None and t.lower_ in _MR:
                return self._honorifics.get(t.lower_)
        return None

    def _same_line(self, left: Token, limit: int) -> Token:
        """Move a phrase's left edge past any line break before `limit` (a dateline is no title)."""
        for i in range(limit - 1, left.i - 1, -1):
            t = self.doc[i]
            if t.is_space or "\n" in t.whitespace_:
                return self.doc[i + 1]
        return left

    def _left_title(self, ent: Span, kept: list[Token]) -> str | None:
        """The title written before and inside a name ("Philadelphia Mayor" Jim Kenney)."""
        kept_i = {t.i for t in kept}
        toks = [
            t for t in ent if t.i not in kept_i and not t.is_punct and t.lower_ not in _MR and t.tag_ != "POS"
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
        if not toks or toks[0].i >= ent.start and all(t.lower_.rstrip(".") in _MR for t in toks):
            return None
        return _span_text(self.text, toks) if toks[-1].i - toks[0].i == len(toks) - 1 else None

    def canonical(self, ent: Span | list[Token]) -> str | None:
        """The full name a person mention stands for."""
        return self._canonical_toks(_clean_tokens(list(ent)))

    def _canonical_toks(self, toks: list[Token]) -> str | None:
        if not toks:
            return None
        if len(toks) >= 2:
            full = _span_text(self.text, toks)
            if len(toks) > 2 or full in self._full_names and toks[0].lower_ in self._first:
                return full
            return self.by_surname.get(_surname_key(toks), full)
        key = toks[0].lower_
        if key in _NAME_SUFFIXES:
            return None  # "Jr" tagged as a person on its own
        return self.by_surname.get(key) or self.by_first.get(key) or toks[0].text

    def _phrase(self, head: Token) -> tuple[str, int, int]:
        """Text and char span of a common-noun speaker phrase ("a spokeswoman for the agency")."""
        left = head
        for c in head.lefts:
            if c.dep_ in _LEFT_DEPS and c.pos_ != "VERB":
                left = self._same_line(min(left, c.left_edge, key=lambda t: t.i), head.i)
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
        span = self.doc[left.i : right.i + 1]
        return span.text, span.start_char, span.end_char

    # -- speakers ----------------------------------------------------------------------------
    def from_token(self, tok: Token) -> Speaker | None:
        """The speaker a subject/source token names, or None if it names nobody."""
        low = tok.lower_
        if low in ("who", "that") and tok.head.dep_ == "relcl":
            tok = tok.head.head
            low = tok.lower_
        pron = speaker_lexicon()["pronouns"]
        if low in pron and tok.pos_ == "PRON":
            return self.resolve_pronoun(tok, pron[low])
        if low in _NOT_SPEAKERS or tok.pos_ in ("PRON", "DET", "NUM", "VERB", "AUX", "ADP", "PUNCT"):
            return None
        if not any(ch.isalpha() for ch in tok.text) or low in self._not_speaker_nouns:
            return None
        suffix_ent = self._ent_of.get(tok.i)
        if (
            low in _NAME_SUFFIXES
            and tok.i > 0
            and self.doc[tok.i - 1].pos_ == "PROPN"
            and (suffix_ent is None or len(suffix_ent) == 1)
        ):
            tok = self.doc[tok.i - 1]  # "Bruce Castor Jr": the name, not its suffix
            low = tok.lower_
        ent = self._ent_of.get(tok.i)
        if ent is not None and ent.label_ in _NOT_SPEAKER_LABELS:
            return None
        if (
            ent is not None
            and ent.label_ != "PERSON"
            and len(ent) > 1
            and ent[0].pos_ == "PROPN"
            and self._is_honorific(ent[0])
        ):
            return self._person(tok, ent)  # "Professor Varoufakis" tagged as an organisation
        if ent is None or ent.label_ != "PERSON":
            holder = self._title_phrase(tok)
            if holder is not None:
                return holder
        if ent is None and tok.pos_ != "PROPN":
            # "a spokeswoman, Jane Doe," -> the apposed person
            for c in tok.rights:
                if (
                    c.dep_ == "appos"
                    and self._ent_of.get(c.i) is not None
                    and self._ent_of[c.i].label_ == "PERSON"
                ):
                    sp = self.from_token(c)
                    if sp is not None:
                        title = self._phrase(tok)[0]
                        return Speaker(sp.name, title, sp.mention, sp.kind, sp.via)
        if ent is not None and ent.label_ == "PERSON":
            return self._person(tok, ent)
        known = tok.lower_ in self.by_surname or tok.lower_ in self.by_first
        if known and (tok.pos_ == "PROPN" or tok.is_title):
            return self._person(tok, None)  # a known person's name the tagger took for an org or a noun
        if ent is not None and ent.label_ in _GROUP_LABELS and ent.root.i == tok.i:
            text, s, e = self._phrase(tok)
            return Speaker(text, None, (s, e), "org" if ent.label_ == "ORG" else "group", "name")
        if ent is None and tok.pos_ == "PROPN" and self._looks_personal(tok):
            return self._person(tok, None)
        if tok.pos_ in ("NOUN", "PROPN"):
            text, s, e = self._phrase(tok)
            group = tok.tag_ in ("NNS", "NNPS") or ent is not None or tok.lower_ in self._collective
            role = not group and self._is_role(tok)
            return Speaker(text, text if role else None, (s, e), "group" if group else "unknown", "phrase")
        return None

    def _is_honorific(self, tok: Token) -> bool:
        return tok.lower_ in self._honorifics or tok.lower_.rstrip(".") in self._honorifics

    def _title_phrase(self, tok: Token) -> Speaker | None:
        """"The Prime Minister said", "the Home Secretary said": a definite title is its own speaker,
        not a person called "Minister". (The article's own words are kept: annotators, like PolNeAR's,
        write "the president", not the name it stands for.)"""
        if tok.pos_ != "PROPN" or not (self._is_role(tok) or tok.lower_ in self._honorifics):
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.lefts):
            return None
        if any(c.dep_ in ("appos", "poss") for c in tok.children):
            return None  # "the minister, Jo Lee,": the person is apposed
        text, s, e = self._phrase(tok)
        return Speaker(text, text, (s, e), "unknown", "phrase")

    def _looks_personal(self, tok: Token) -> bool:
        """An untagged proper noun is a person unless it is part of a name with "and" in it
        ("Fire and Rescue Service") or a long name with no first name or honorific."""
        if any(c.dep_ in ("cc", "conj") for c in tok.children):
            return False
        chain = []  # the name words before the head, nested ones too ("Human Rights Watch")
        for t in reversed(self.doc[tok.left_edge.i : tok.i]):
            if t.pos_ != "PROPN" or t.dep_ != "compound" or t.ent_type_ in _NOT_SPEAKER_LABELS:
                break
            chain.insert(0, t)
        if len(chain) < 2 or any(self._is_honorific(t) for t in chain[-1:]):
            return True  # "Mr Webb" after "on Friday"
        before = self.doc[chain[0].i - 1].lower_ if chain[0].i > 0 else ""
        return chain[0].lower_ in self._first or before in self._honorifics

    def is_role(self, tok: Token) -> bool:
        """Does a noun name a person's role or a group that speaks?"""
        return self._is_role(tok) or tok.lower_ in self._collective or tok.tag_ in ("NNS", "NNPS")

    def _is_role(self, tok: Token) -> bool:
        """Does a common noun name a person's role ("spokeswoman", "official"), not a thing?"""
        low = tok.lower_
        return low in self._roles or low in self._gendered or low.endswith(self._role_suffixes)

    def _person(self, tok: Token, ent: Span | None) -> Speaker | None:
        if ent is None:
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
            start_i, end_i = toks[0].i, tok.i + 1
        else:
            start_i, end_i = ent.start, ent.end
        span = self.doc[start_i:end_i]
        name = self.canonical(span)
        if not name:
            return None
        for h in (self.doc[start_i - 1] if start_i > 0 else span[0], span[0]):
            if h.lower_ in _MR and self._honorifics.get(h.lower_):
                self.gender.setdefault(name, self._honorifics[h.lower_])  # "Mr Hale", "Mrs Quinn"
        # title: the rest of the noun phrase left of the name, or an appositive after it
        left = self._same_line(tok.left_edge, start_i)
        title_toks = [
            t
            for t in self.doc[left.i : start_i]
            if t.dep_ != "det" and not t.is_punct and t.ent_type_ not in _NOT_SPEAKER_LABELS
        ]
        kept = {t.i for t in _clean_tokens(list(span))}
        title_toks += [t for t in span if t.i not in kept and not t.is_punct and t.lower_ not in _MR]
        title_toks = [t for t in title_toks if t.tag_ != "POS"]
        title = " ".join(t.text for t in title_toks if t.lower_ != "the") or None
        if title is None:
            for c in tok.rights:
                if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN"):
                    title = self._phrase(c)[0]
                    break
        if title and all(t.lower() in self._honorifics for t in title.split()) and len(title.split()) == 1:
            title = title if title.lower().rstrip(".") not in _MR else None
        if title:
            self.titles.setdefault(name, title)
            if name not in self.gender:
                for w in title.lower().split():
                    if w in self._gendered:
                        self.gender[name] = self._gendered[w]
        mention_start = title_toks[0].idx if title_toks else span.start_char
        return Speaker(
            name,
            title or self.titles.get(name),
            (min(mention_start, span.start_char), span.end_char),
            "person",
            "name" if name == span.text else "alias",
        )

    def resolve_pronoun(self, tok: Token, wanted: str) -> Speaker:
        """Most recent compatible person (he/she) or group (they) before the pronoun."""
        mention = (tok.idx, tok.idx + len(tok.text))
        sent_i = max(bisect_left(self._sent_starts, tok.idx + 1) - 1, 0)
        floor = self._sent_starts[max(sent_i - _LOOKBACK_SENTS, 0)]
        limit = min(tok.idx, self.ceiling) if wanted in ("group", "org") else tok.idx
        i = bisect_left(self._cand_pos, limit) - 1
        fallback = None  # the most recent compatible person that was not a subject or speaker
        while i >= 0 and self._cands[i][0] >= floor:
            pos, name, kind, strong = self._cands[i]
            i -= 1
            if wanted in ("group", "org"):  # they: a group or an organisation; it: an organisation
                if kind == "org" or kind == "group" and wanted == "group":
                    return Speaker(name, None, mention, "group", "pronoun")
                continue
            gender = self.gender.get(name)
            if kind == "person" and (gender is None or gender == wanted):
                if not strong:
                    fallback = fallback or name
                    continue
                if name not in self._speakers:
                    name = self._speaker_in_sentence(pos, wanted) or name
                return self._resolved(name, wanted, mention)
        if fallback is not None:
            return self._resolved(fallback, wanted, mention)
        return Speaker(None, None, mention, "unknown", "pronoun")

    def _speaker_in_sentence(self, pos: int, wanted: str) -> str | None:
        """"Mr Clarke said he backed the plan when Mr Blunkett argued for it. "...," he said": the
        speaker of the sentence outranks a person in its subordinate clause."""
        sent = self._sent_starts[max(bisect_left(self._sent_starts, pos + 1) - 1, 0)]
        i = bisect_left(self._cand_pos, pos) - 1
        while i >= 0 and self._cands[i][0] >= sent:
            at, name, kind, _ = self._cands[i]
            i -= 1
            if "\n" in self.text[at:pos]:
                break  # the parser ran two lines into one sentence
            if kind == "person" and name in self._speakers and self.gender.get(name) in (None, wanted):
                return name
        return None

    def _resolved(self, name: str, gender: str, mention: tuple[int, int]) -> Speaker:
        self.gender.setdefault(name, gender)
        return Speaker(name, self.titles.get(name), mention, "person", "pronoun")

    def note(self, speaker: Speaker) -> None:
        """Make a resolved speaker salient for later pronouns."""
        if speaker.name is None:
            return
        if speaker.kind == "person":
            self._speakers.add(speaker.name)
        pos = speaker.mention[0]
        i = bisect_left(self._cand_pos, pos)
        if i < len(self._cands) and self._cands[i][0] == pos:
            if self._cands[i][2] != "person" and speaker.kind == "person":
                self._cands[i] = (pos, speaker.name, "person", True)  # "Professor X" tagged ORG
            return
        self._cands.insert(i, (pos, speaker.name, speaker.kind, True))
        self._cand_pos.insert(i, pos)
