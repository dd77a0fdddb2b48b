"""Quotes with speakers: direct quotes (inside quotation marks) and indirect reported speech.

Direct quotes come from `quote_marks.find_quote_spans`; each is attributed from the words around
it, in this order: a speech cue after it in the same sentence ("...," X said / said X), a cue
before it ("X said: ...", "X told reporters ..."), a dash ("..." — X), then, for a quote alone in
its sentence, the speaker of the neighbouring sentences (same paragraph first; a paragraph that
continues a multi-paragraph quote takes that quote's speaker). Indirect quotes are the clause
complements of speech verbs ("X said (that) ...", "..., X said", "according to X, ...").
Short capitalised names and scare quotes in quotation marks are not quotes.

`confidence` says how the speaker was found, so it is comparable across quotes: 0.95 a speech verb
beside the quote with a named speaker; 0.85 the same through a pronoun, or a dash; 0.8 a colon
paragraph, a transcript name or a non-speech verb right after the quote; 0.7 a clause running into
the quote, or a cue with no readable speaker; 0.75 / 0.65 the speaker of the neighbouring sentence
in / outside the paragraph; 0.5 no speaker at all (0.2 less for an unclosed quotation mark).
Indirect quotes: 0.75 named, 0.65 through a pronoun, 0.4 an unresolved pronoun.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from spacy.attrs import DEP, IDX, LEMMA, LOWER, POS, TAG
from spacy.parts_of_speech import VERB
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from ..models import Mention, QuoteClaim
from .base import ClaimComponent, SentenceIndex
from .quote_marks import QuoteSpan, find_quote_spans, paragraphs
from .speakers import Speaker, SpeakerResolver

_TERMINAL = {".", "!", "?"}
#: Short words allowed lower-case inside a title ("Face the Nation").
_TITLE_SMALL = frozenset({"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by"})

_DASHES = {"—", "–", "-", "--", "―"}
#: Tokens scanned on each side of a quote for its attribution.
_WINDOW = 30
#: "WALLACE: Let's start" — a transcript line quoted whole.
_TRANSCRIPT_RE = re.compile(r"([A-Z][A-Z.'’ -]{1,30}[A-Z]):\s")
_WORD_RE = re.compile(r"[A-Za-z0-9’']+")
#: A dateline opening a clause: "DENVER — ", "WASHINGTON -- ".
_DATELINE_RE = re.compile(r"[A-Z][A-Z .,'’-]*[A-Z.]\s+(?:--|—|–|-)\s+")
#: "..." — Pamela Padilla: a dash and a capitalised name right after the closing mark.
_DASH_SPEAKER_RE = re.compile(
    r"[\s\xa0]*(?:—|–|―|--|-)[\s\xa0]*([A-Z][\w’'-]*(?:\.?[ \xa0][A-Z][\w’'-]*){0,3})"
)


@cache
def _word_list(name: str) -> frozenset[str]:
    raw = resources.files("factpull.lexicon").joinpath(name).read_text(encoding="utf-8")
    return frozenset(w.strip() for w in raw.splitlines() if w.strip() and not w.startswith("#"))


def speech_verbs() -> frozenset[str]:
    """Lemmas reporting speech: cue direct and indirect quotes."""
    return _word_list("speech_verbs.txt")


def naming_words() -> frozenset[str]:
    """Words before quotation marks that make them hold a name or title ("his book, ...")."""
    return _word_list("quote_naming_words.txt")


def quote_cue_verbs() -> frozenset[str]:
    """Lemmas that introduce a direct quote only (ask, joke, ...), plus the speech verbs."""
    return _word_list("quote_cue_verbs.txt") | speech_verbs()


#: Speech verbs whose object is the person addressed ("told reporters the plan was dead").
_ADDRESSEE_VERBS = frozenset(
    {"tell", "inform", "warn", "remind", "assure", "advise", "ask", "notify", "brief"}
)
_ACCORDING = get_string_id("according")
_SUBJ_IDS = frozenset(get_string_id(d) for d in ("nsubj", "nsubjpass"))
_NSUBJ = get_string_id("nsubj")
_NN = get_string_id("NN")
_PLURAL_IDS = frozenset(get_string_id(t) for t in ("NNS", "NNPS"))


@cache
def _speech_ids() -> frozenset[int]:
    """String-store ids of the speech-verb lemmas, to test tokens without making Token objects."""
    return frozenset(get_string_id(w) for w in speech_verbs())


@cache
def _inverted_cues() -> dict[str, str]:
    """Past and present forms of the speech verbs -> lemma, for an inverted cue the tagger took for
    a name: "Said Trump:", "Stated Stone:"."""
    forms = {"said": "say", "says": "say", "told": "tell", "tells": "tell", "wrote": "write"}
    for lemma in speech_verbs():
        forms.setdefault(lemma + ("d" if lemma.endswith("e") else "ed"), lemma)
        forms.setdefault(lemma + "s", lemma)
    return forms


def _cue_lemma(tok: Token) -> str:
    if tok.lower_ == "according":
        return "according to"
    return _inverted_cues().get(tok.lower_) or tok.lemma_.lower()


def _opens_sentence(tok: Token) -> bool:
    return tok.i == 0 or tok.is_sent_start or tok.nbor(-1).is_space or tok.nbor(-1).text in _TERMINAL


@dataclass
class _Found:
    start: int
    end: int
    direct: bool
    speaker: Speaker | None
    cue: str | None
    confidence: float
    span: QuoteSpan | None = None
    form: str = ""


class _QuoteFinder:
    """All the per-document state of one extraction run."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.spans = find_quote_spans(self.text)
        self.paras = paragraphs(self.text)
        self._para_starts = [p[0] for p in self.paras]
        # one pass over token attributes as integers; Token objects only for the few candidates
        rows = doc.to_array([IDX, POS, LEMMA, DEP, TAG, LOWER]).tolist()
        self._tok_starts = [r[0] for r in rows]
        ids = _speech_ids()
        self._speech_toks = [
            doc[i] for i, r in enumerate(rows) if (r[1] == VERB and r[2] in ids) or r[5] == _ACCORDING
        ]
        plural_subjects = [doc[i] for i, r in enumerate(rows) if r[3] in _SUBJ_IDS and r[4] in _PLURAL_IDS]
        self._sentences = SentenceIndex(doc)
        self._span_starts = [q.start for q in self.spans]
        self.cues = quote_cue_verbs()
        self.speech = speech_verbs()
        self.kept: list[QuoteSpan] = []
        role_subjects = [doc[i] for i, r in enumerate(rows) if r[3] == _NSUBJ and r[4] == _NN]
        self.resolver = SpeakerResolver(
            doc, self.text, self.inside_any, self._sentences.starts, plural_subjects, role_subjects,
            speech_verbs(),
        )

    # -- positions -----------------------------------------------------------------------------
    def inside_any(self, char: int) -> bool:
        i = bisect_right(self._span_starts, char) - 1
        return i >= 0 and self.spans[i].start <= char < self.spans[i].end

    def sents(self, char: int) -> int:
        """0-based index of the sentence holding a character offset."""
        return self._sentences(char)

    def tok_at(self, char: int) -> int:
        """Index of the first token starting at or after `char`."""
        return bisect_left(self._tok_starts, char)

    def para_of(self, char: int) -> int:
        return max(bisect_right(self._para_starts, char) - 1, 0)

    # -- regions around a quote ----------------------------------------------------------------
    def after_tokens(self, q: QuoteSpan, nxt: QuoteSpan | None) -> list[Token]:
        limit = self.paras[q.paragraph][1]
        if nxt is not None and nxt.paragraph == q.paragraph:
            limit = min(limit, nxt.open_at)
        out: list[Token] = []
        for i in range(self.tok_at(q.close_end), min(len(self.doc), self.tok_at(q.close_end) + _WINDOW)):
            tok = self.doc[i]
            if tok.idx >= limit:
                break
            out.append(tok)
            if tok.text in _TERMINAL:
                break
        return out

    def before_tokens(self, q: QuoteSpan, prev: QuoteSpan | None) -> list[Token]:
        floor = self.paras[q.paragraph][0]
        if prev is not None and prev.paragraph == q.paragraph:
            floor = max(floor, prev.close_end)
        out: list[Token] = []
        i = self.tok_at(q.open_at) - 1
        while i >= 0 and len(out) < _WINDOW:
            tok = self.doc[i]
            if tok.idx < floor or tok.text in _TERMINAL:
                break
            out.append(tok)
            i -= 1
        out.reverse()
        return out

    # -- attribution ---------------------------------------------------------------------------
    def speaker_of_verb(self, verb: Token, region: list[Token] | None = None) -> Speaker | None:
        """The speaker a speech verb (or 'according') names."""
        if verb.lower_ == "according":
            for to in verb.children:
                for obj in to.children:
                    if obj.dep_ == "pobj":
                        if obj.ent_type_ != "PERSON":
                            person = self._titled_person(verb.i + 2)
                            if person is not None:
                                return self._checked(person)
                        return self._checked(obj)
            nxt = verb.nbor(1) if verb.i + 1 < len(self.doc) else None
            if nxt is not None and nxt.lower_ == "to" and verb.i + 2 < len(self.doc):
                return self._checked(self.doc[verb.i + 2])
            return None
        v = verb
        if verb.dep_ == "acl" and verb.head.pos_ in ("PROPN", "NOUN"):
            head = verb.head
            if head.pos_ == "PROPN" or head.ent_type_ or self.resolver.is_role(head):
                sp = self._checked(head)  # "footage of Hillary Clinton asking, ..."
                if sp is not None:
                    return sp
            elif head.dep_ in ("dobj", "pobj") and head.head.pos_ == "VERB":
                v = head.head  # "an official downplayed the unrest saying that ...": the official
        for _ in range(5):
            subjects = [c for c in v.children if c.dep_ == "nsubj" or c.dep_ == "nsubjpass" and v is not verb]
            # two subjects is an apposition missing its comma ("The chairman, Guy Mansfield QC warned")
            subjects.sort(key=lambda c: (c.ent_type_ != "PERSON", c.pos_ != "PROPN"))
            for c in subjects:
                sp = self._checked(c)
                if sp is not None:
                    return sp
            if v.dep_ in ("xcomp", "advcl", "conj", "pcomp", "prep") and v.head is not v:
                v = v.head
            else:
                break
        # "...," Flynn, a top surrogate, said: a name opening the words after the quote
        if region is not None and region and region[0].i < verb.i:
            first = next((t for t in region if not t.is_punct), None)
            if (
                first is not None
                and first.i < verb.i
                and (first.pos_ == "PROPN" or first.ent_type_ == "PERSON")
            ):
                head = first
                while head.i + 1 < verb.i and self.doc[head.i + 1].pos_ == "PROPN":
                    head = self.doc[head.i + 1]
                sp = self._checked(head)
                if sp is not None:
                    return sp
        # inverted or misparsed: a noun right after the verb ("said Len Burman"), or just before it
        addressee = verb.lemma_ in ("tell", "ask", "inform", "warn", "remind", "urge")
        for c in verb.rights:
            inverted = c.dep_ in ("attr", "npadvmod", "nsubj", "oprd", "appos", "dep") or (
                c.dep_ == "dobj" and not addressee
            )
            if inverted and c.pos_ in ("PROPN", "NOUN"):
                sp = self._checked(c)
                if sp is not None:
                    return sp
        if region is not None:
            pos = [t for t in region if t.i < verb.i]
            if pos and pos[-1].pos_ in ("PROPN", "NOUN", "PRON"):
                sp = self._checked(pos[-1])
                if sp is not None:
                    return sp
            after = [t for t in region if t.i > verb.i]
            if after and (after[0].pos_ == "PROPN" or after[0].is_title and after[0].pos_ == "NOUN"):
                # "said Homan" parsed as something else ("Said Trump:" with trump as a noun)
                head = after[0]
                while head.i + 1 <= after[-1].i and self.doc[head.i + 1].pos_ == "PROPN":
                    head = self.doc[head.i + 1]
                return self._checked(head)
        return None

    def _titled_person(self, start: int) -> Token | None:
        """The person a title phrase ends with ("Troy police Lt. Jo Kerr"), within a few words."""
        for i in range(start, min(start + 8, len(self.doc))):
            t = self.doc[i]
            if t.ent_type_ == "PERSON":
                while i + 1 < len(self.doc) and self.doc[i + 1].ent_iob_ == "I":
                    i += 1  # the last word of the name
                return self.doc[i]
            if not (t.pos_ in ("PROPN", "NOUN", "ADJ", "DET") or t.text in (".", "'s", "’s")):
                return None
        return None

    def _checked(self, tok: Token) -> Speaker | None:
        if self.inside_any(tok.idx):
            return None
        # the head of a name is its last token ("Tom" -> "Homan" in "Tom Homan")
        while tok.dep_ == "compound" and tok.head.i > tok.i and tok.head.pos_ in ("PROPN", "NOUN"):
            tok = tok.head
        return self.resolver.from_token(tok)

    def cue_in(self, region: list[Token], last: bool) -> Token | None:
        """The speech cue in a region nearest to the quote."""
        found = None
        for tok in region:
            if self.inside_any(tok.idx):
                continue
            lemma = tok.lemma_.lower()
            is_cue = (
                lemma in self.cues
                and tok.pos_ in ("VERB", "AUX")
                or (tok.is_title and tok.lower_ in _inverted_cues() and _opens_sentence(tok))  # Said Trump:
                or (
                    lemma == "put" and any(c.lower_ == "it" for c in tok.children)  # "as X put it"
                )
                or (tok.lower_ == "according" and tok.i + 1 < len(self.doc) and tok.nbor(1).lower_ == "to")
            )
            if is_cue and not any(c.dep_ == "neg" for c in tok.children):
                found = tok
                if not last:
                    break
        return found

    def attribute(self, q: QuoteSpan, prev: QuoteSpan | None, nxt: QuoteSpan | None) -> _Found:
        """Find the speaker of one direct quote from the words beside it."""
        content = self.text[q.start : q.end]
        after = self.after_tokens(q, nxt)
        before = self.before_tokens(q, prev)
        ends_open = content.rstrip()[-1:] in (",", "?", "!", "—", "-", "…", ":") or (
            after and after[0].text in (",", "—", "-", "--")
        )
        found = _Found(q.start, q.end, True, None, None, 0.5, q, "alone")
        tries = []
        if ends_open:
            tries.append(("after", after, False))
        tries.append(("before", before, True))
        if not ends_open:
            tries.append(("after", after[:10] if len(after) <= 10 else [], False))
        for form, region, last in tries:
            verb = self.cue_in(region, last)
            if verb is None:
                continue
            sp = self.speaker_of_verb(verb, region)
            cue = _cue_lemma(verb)
            if sp is not None:
                conf = 0.95 if sp.via != "pronoun" else (0.85 if sp.name else 0.6)
                return replace(found, speaker=sp, cue=cue, confidence=conf, form=form)
            return replace(found, cue=cue, confidence=0.7, form=form)
        # X cracked, "..." / X: "...": any verb or clause of a named subject right before the quote
        lead = self._lead_in(before)
        if lead is not None:
            verb, sp = lead
            return replace(found, speaker=sp, cue=verb.lemma_.lower(), confidence=0.7, form="before")
        # "..." — X
        dash = _DASH_SPEAKER_RE.match(self.text, q.close_end)
        if dash is not None and (nxt is None or nxt.open_at > dash.end(1)):
            i = self.tok_at(dash.start(1))
            head = self.doc[i] if i < len(self.doc) else None
            while head is not None and head.i + 1 < len(self.doc) and self.doc[head.i + 1].idx < dash.end(1):
                head = self.doc[head.i + 1]
            sp = self._checked(head) if head is not None and head.pos_ in ("PROPN", "NOUN") else None
            if sp is not None:
                return replace(found, speaker=sp, confidence=0.85, form="dash")
        # "...," Vitter demanded: any verb right after the quote whose subject is a name
        if ends_open:
            for tok in after[:6]:
                if tok.pos_ == "VERB" and not self.inside_any(tok.idx):
                    subj = [
                        c
                        for c in tok.children
                        if c.dep_ == "nsubj" and c.idx >= q.close_end and c.pos_ == "PROPN"
                    ]
                    sp = self._checked(subj[0]) if subj else None
                    if sp is not None:
                        return replace(
                            found, speaker=sp, cue=tok.lemma_.lower(), confidence=0.8, form="after"
                        )
                    break
        m = _TRANSCRIPT_RE.match(content)
        if m:
            label = m.group(1).strip()
            s = q.start + m.start(1)
            name = self.resolver.by_surname.get(label.lower(), label)  # WALLACE -> Chris Wallace
            sp = Speaker(name, self.resolver.titles.get(name), (s, s + len(label)), "person", "name")
            return replace(found, speaker=sp, confidence=0.8, form="transcript")
        if before and before[-1].text == ":":
            return replace(found, form="colon")
        return found

    # -- filters -------------------------------------------------------------------------------
    def _lead_in(self, before: list[Token]) -> tuple[Token, Speaker] | None:
        """`Clinton cracked, "..."`, `Warren had a message: "..."`: the named subject of the clause
        that runs into the quote through a comma or colon, when that clause has no speech verb."""
        if len(before) < 2 or before[-1].text not in (",", ":"):
            return None
        verb = before[-2] if before[-1].text == "," else before[-2].head
        if before[-1].text == ":":
            verb = next((t for t in reversed(before) if t.dep_ == "ROOT"), None) or verb
        if verb.pos_ not in ("VERB", "AUX") or verb.i < before[0].i:
            return None
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.i < before[0].i:
            return None
        if not (subj.ent_type_ == "PERSON" or subj.pos_ == "PROPN" or subj.lower_ in ("he", "she")):
            return None
        sp = self._checked(subj)
        return (verb, sp) if sp is not None and sp.name else None

    def is_scare_quote(self, q: QuoteSpan, f: _Found) -> bool:
        """Titles, names and scare quotes: short verbless quotes with no speech cue."""
        content = self.text[q.start : q.end]
        words = _WORD_RE.findall(content)
        if not words:
            return True
        toks = [self.doc[i] for i in range(self.tok_at(q.start), self.tok_at(q.end))]
        has_verb = any(t.pos_ in ("VERB", "AUX") for t in toks)
        cued = f.cue is not None and f.form in ("after", "before")
        tail = content.rstrip()[-1:]
        before = self.text[max(0, q.open_at - 24) : q.open_at].split()
        prev_word = before[-1].lower().rstrip(",:") if before else ""
        named = prev_word in naming_words() or prev_word.endswith(("'s", "’s"))
        finite = any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in toks)
        if len(words) <= 2 and not has_verb and not (f.form == "after" and tail in ",?!"):
            return True
        if len(words) <= 3 and not has_verb and not (cued and tail in ",.!?"):
            return True
        title_case = all(w[:1].isupper() or w.lower() in _TITLE_SMALL for w in words)
        answer = f.form == "after" and tail in "?!" and not named  # "Why?" she asked.
        if title_case and not answer and (not has_verb or len(words) <= 6 and named):
            return True  # a title in quotation marks: "Face the Nation," "The Art of the Deal"
        if named and (not has_verb or not cued and prev_word.isalpha() and len(prev_word) > 3):
            return True  # the bill "Stop the Line," a show called "...", his column, "Tell them,"
        cued_after = f.form == "after" and f.cue is not None and tail == "," and len(words) >= 3
        inside = before and before[-1][-1:].isalpha()
        if not finite and not content[:1].isupper() and inside and not cued_after:
            return True  # a verbless fragment inside the writer's sentence: scare or partial quote
        return bool(q.single and not cued and (len(words) < 6 or not has_verb))

    # -- indirect speech -----------------------------------------------------------------------
    def indirect(self, direct_ranges: list[tuple[int, int]]) -> list[_Found]:
        """Reported clauses of speech verbs outside quotation marks."""
        out: list[_Found] = []
        doc = self.doc
        for tok in self._speech_toks:
            if self.inside_any(tok.idx) or any(c.dep_ == "neg" for c in tok.children):
                continue
            if tok.lower_ == "according":
                if tok.i + 1 >= len(doc) or tok.nbor(1).lower_ != "to":
                    continue
                span = self._according_content(tok)
                cue = "according to"
            elif tok.lemma_.lower() in self.speech:
                span = self._complement(tok)
                cue = tok.lemma_.lower()
            else:
                continue
            if span is None:
                continue
            s, e = span
            if any(s < de and ds < e for ds, de in direct_ranges) or self.inside_any(s):
                continue
            if s <= tok.idx < e or self.para_of(tok.idx) != self.para_of(s):
                continue  # a clause holding its own cue, or a headline's verb taking the first line
            if s < tok.idx:
                self.resolver.ceiling = s  # "Five bombs fell, they said": not the clause's own subject
            sp = self.speaker_of_verb(tok)
            self.resolver.ceiling = len(self.text)
            if sp is None:
                continue
            conf = 0.75 if sp.via != "pronoun" else (0.65 if sp.name else 0.4)
            out.append(_Found(s, e, False, sp, cue, conf, None, "indirect"))
            if sp.via != "pronoun":
                self.resolver.note(sp)  # "Mr Hale insisted ... He denied ..."
        return out

    def _trim(self, s: int, e: int) -> tuple[int, int] | None:
        text = self.text
        if e > s and self.para_of(s) != self.para_of(e - 1):
            s = max(s, self.paras[self.para_of(e - 1)][0])  # a dateline line the parser joined on
        while s < e and (text[s].isspace() or text[s] in ",;:—–-\"“”'‘’"):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:—–-.\"“”'‘’"):
            e -= 1
        if text[s : s + 5].lower() == "that ":
            i = self.tok_at(s)
            if i >= len(self.doc) or self.doc[i].dep_ not in ("nsubj", "nsubjpass"):
                s += 5  # the conjunction "that", not the pronoun ("said that was the end of it")
        dateline = _DATELINE_RE.match(text, s, e)
        if dateline:
            s = dateline.end()  # "WASHINGTON -- Federal agents seized ..."
        content = text[s:e]
        if len(_WORD_RE.findall(content)) < 3:
            return None
        if (content.count('"') + content.count("''")) % 2 or content.count("“") != content.count("”"):
            return None  # cuts through quotation marks: a mixed quote the parser split badly
        return s, e

    def _complement(self, verb: Token) -> tuple[int, int] | None:
        """The clause a speech verb reports: its ccomp, or the clause it is a parenthetical of."""
        for c in verb.children:
            if c.dep_ == "ccomp" and any(t.pos_ in ("VERB", "AUX") for t in c.subtree):
                if self._relative_clause(verb, c):
                    return None
                left = c.left_edge
                # "said on Monday it would ...": the time or place belongs to the saying
                subjects = [x.i for x in c.lefts if x.dep_ in ("nsubj", "nsubjpass")]
                for ch in c.lefts:
                    leading = ch.left_edge.i == left.i and ch.dep_ in ("prep", "npadvmod", "advmod", "punct")
                    if leading and any(i > ch.right_edge.i for i in subjects):
                        left = self.doc[ch.right_edge.i + 1]
                while left.dep_ == "mark" and left.lower_ in ("that", "whether", "if") and left.i < c.i:
                    left = self.doc[left.i + 1]
                left = self._past_addressee(verb, left, c)
                return self._trim(left.idx, c.right_edge.idx + len(c.right_edge.text))
        if verb.lemma_.lower() in _ADDRESSEE_VERBS:
            # "told the BBC's Today programme that the plan was sound", parsed as a clause on the object
            for obj in verb.children:
                for c in obj.children if obj.dep_ == "dobj" else ():
                    kids = list(c.lefts)
                    if (
                        c.dep_ in ("acl", "relcl")
                        and any(k.dep_ == "mark" and k.lower_ == "that" for k in kids)
                        and any(k.dep_ in ("nsubj", "nsubjpass") for k in kids)
                    ):
                        mark = next(k for k in kids if k.dep_ == "mark")
                        end = c.right_edge.idx + len(c.right_edge.text)
                        return self._trim(mark.idx + len(mark.text), end)
        if verb.dep_ == "parataxis" and verb.head.i < verb.i:
            head = verb.head
            left = head.left_edge
            end = verb.left_edge.idx
            return self._trim(left.idx, end)
        return None

    def _past_addressee(self, verb: Token, left: Token, clause: Token) -> Token:
        """"told the BBC Michael Howard had ...", "told Reuters it would ...": the parser put the
        addressee of 'tell' into the reported clause; it ends where a name of its own does."""
        if verb.lemma_ != "tell" or any(c.dep_ in ("dobj", "dative") for c in verb.children):
            return left
        i = left.i + (1 if left.lower_ == "the" else 0)
        t = self.doc[i]
        if t.ent_type_ not in ("ORG", "NORP", "GPE") or t.ent_iob_ != "B":
            return left
        while i + 1 < clause.i and self.doc[i + 1].ent_iob_ == "I":
            i += 1
        nxt = self.doc[i + 1] if i + 1 < clause.i else None
        if nxt is None or nxt.pos_ in ("VERB", "AUX", "PART", "ADP", "CCONJ", "PUNCT") or nxt.tag_ == "POS":
            return left  # the organisation is the subject itself
        return nxt

    def _relative_clause(self, verb: Token, clause: Token) -> bool:
        """A clause the parser hung on the verb that really qualifies a noun: "reported a rise in the
        messages it was catching" (an object between the verb and the clause), "warned about e-mails
        that are spreading" (a relative pronoun right after a noun)."""
        if clause.i < verb.i:
            return False
        if verb.lemma_.lower() not in _ADDRESSEE_VERBS and any(
            c.dep_ == "dobj" and verb.i < c.i < clause.left_edge.i for c in verb.children
        ):
            return True
        subj = next((c for c in clause.lefts if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.lower_ not in ("that", "which", "who") or subj.i == 0:
            return False
        return self.doc[subj.i - 1].pos_ in ("NOUN", "PROPN")

    def _according_content(self, tok: Token) -> tuple[int, int] | None:
        """The clause 'according to X' qualifies, without the according phrase."""
        head = tok.head
        if head.pos_ not in ("VERB", "AUX") or head.i == tok.i:
            return None
        sub_l, sub_r = head.left_edge, head.right_edge
        acc_l, acc_r = tok.left_edge, tok.right_edge
        if acc_l.i > head.i:  # "..., according to X."
            return self._trim(sub_l.idx, acc_l.idx)
        if acc_r.i < head.i:  # "According to X, ..."
            return self._trim(acc_r.idx + len(acc_r.text), sub_r.idx + len(sub_r.text))
        return None

    # -- whole document --------------------------------------------------------------------------
    def _name_like(self, q: QuoteSpan) -> bool:
        """A short capitalised name in marks ('Marcia "Cia" Price'), skipped when finding regions."""
        content = self.text[q.start : q.end]
        words = _WORD_RE.findall(content)
        return 0 < len(words) <= 3 and content[-1:].isalnum() and all(w[:1].isupper() for w in words)

    def run(self) -> list[_Found]:
        spans = [q for q in self.spans if not self._name_like(q)]
        # named subjects of speech verbs are antecedents for the pronouns of any later quote
        for tok in self._speech_toks:
            if self.inside_any(tok.idx) or any(a.lemma_ in self.speech for a in tok.ancestors):
                continue  # not a cue reported inside another one ("said he did it when X argued")
            for c in tok.children:
                if c.dep_ == "nsubj" and c.pos_ in ("PROPN", "NOUN") and not self.inside_any(c.idx):
                    sp = self._checked(c)
                    if sp is not None and sp.name and sp.kind == "person":
                        self.resolver.note(sp)
        direct: list[_Found] = []
        for k, q in enumerate(spans):
            prev = spans[k - 1] if k else None
            nxt = spans[k + 1] if k + 1 < len(spans) else None
            f = self.attribute(q, prev, nxt)
            content = self.text[q.start : q.end]
            if content.startswith("(") and content.rstrip(".,").endswith(")"):
                continue  # a stage direction: (CROSSTALK.)
            if not q.continues and not q.continued and self.is_scare_quote(q, f):
                continue
            if not q.closed and not q.continued and len(_WORD_RE.findall(self.text[q.start : q.end])) < 4:
                continue
            if not q.closed and not q.continued:
                f.confidence -= 0.2
            direct.append(f)
            if f.speaker is not None:
                self.resolver.note(f.speaker)  # salient for the pronouns of later quotes
        indirect = self.indirect([(f.start, f.end) for f in direct])
        self._adjacent(direct, indirect)
        return sorted(direct + indirect, key=lambda f: (f.start, f.end))

    def _chains(self, direct: list[_Found]) -> None:
        """The parts of one multi-paragraph or multi-sentence quote share their speaker."""
        for f in direct:
            if f.speaker is None:
                self._from_colon(f)

        def inherit(f: _Found, donor: _Found) -> None:
            f.speaker, f.cue, f.confidence, f.form = (
                donor.speaker,
                donor.cue,
                min(donor.confidence, 0.85),
                "chain",
            )

        for k in range(1, len(direct)):
            f, donor = direct[k], direct[k - 1]
            if f.speaker is None and donor.speaker is not None and f.span.continues and donor.span.continued:
                inherit(f, donor)
        for k in range(len(direct) - 2, -1, -1):
            f, donor = direct[k], direct[k + 1]
            if f.speaker is None and donor.speaker is not None and f.span.continued and donor.span.continues:
                inherit(f, donor)

    def _adjacent(self, direct: list[_Found], indirect: list[_Found]) -> None:
        """A quote alone in its sentence takes the speaker of the sentences beside it."""
        self._chains(direct)
        attributed = sorted(
            (f for f in direct + indirect if f.speaker is not None and f.speaker.name), key=lambda f: f.start
        )
        starts = [f.start for f in attributed]
        for f in direct:
            if f.speaker is not None:
                continue
            q = f.span
            i = bisect_left(starts, f.start)
            best = None
            for c in attributed[max(i - 1, 0) : i + 1]:
                before = c.start < f.start
                c_end = c.span.close_end if c.span is not None else c.end
                dist = (
                    self.sents(f.start) - self.sents(max(c_end - 1, c.start))
                    if before
                    else (self.sents(c.start) - self.sents(max(f.end - 1, f.start)))
                )
                same_para = self.para_of(c.start) == q.paragraph
                rank = (0 if same_para else 1, dist, 0 if before else 1)
                if 0 <= dist <= 2 and (same_para or dist <= 1) and (best is None or rank < best[0]):
                    best = (rank, c)
            if best is not None:
                c = best[1]
                f.speaker = c.speaker
                f.cue = c.cue
                f.confidence = 0.75 if best[0][0] == 0 else 0.65
                f.form = "adjacent"
        self._chains(direct)  # parts of a quote that got its speaker from a neighbour

    def _from_colon(self, f: _Found) -> bool:
        """A quote opening the paragraph after "X said:" takes X."""
        q = f.span
        if q is None or q.paragraph == 0:
            return False
        ps, pe = self.paras[q.paragraph]
        if self.text[ps : q.open_at].strip():
            return False
        ps, pe = self.paras[q.paragraph - 1]
        if not self.text[ps:pe].rstrip().endswith(":"):
            return False
        region: list[Token] = []
        i = self.tok_at(pe) - 1
        while i >= 0 and self.doc[i].idx >= ps and len(region) < _WINDOW:
            if self.doc[i].text in _TERMINAL:
                break
            region.append(self.doc[i])
            i -= 1
        region.reverse()
        verb = self.cue_in(region, last=True)
        sp = self.speaker_of_verb(verb, region) if verb is not None else None
        if sp is None or verb is None:
            lead = self._lead_in(region)  # "Sanders made the following comment:"
            if lead is None:
                return False
            verb, sp = lead
        f.speaker, f.cue, f.confidence, f.form = sp, _cue_lemma(verb), 0.8, "colon"
        return True


def find_quotes(doc: Doc) -> Iterator[QuoteClaim]:
    """Direct and indirect quotes with their speakers, in text order."""
    if not len(doc):
        return
    finder = _QuoteFinder(doc)
    text = finder.text
    if not text.strip():
        return
    for f in finder.run():
        if f.end <= f.start:
            continue
        sp = f.speaker
        mention = None
        if sp is not None:
            ms, me = sp.mention
            mention = Mention(text=text[ms:me], start=ms, end=me, sentence=finder.sents(ms))
        yield QuoteClaim(
            text=text[f.start : f.end],
            start=f.start,
            end=f.end,
            sentence=finder.sents(f.start),
            confidence=round(max(0.05, min(f.confidence, 1.0)), 2),
            content=text[f.start : f.end],
            speaker=sp.name if sp is not None else None,
            speaker_title=sp.title if sp is not None else None,
            speaker_mention=mention,
            direct=f.direct,
            cue=f.cue,
        )


class QuotesComponent(ClaimComponent):
    """Adds QuoteClaims; needs the parser (dependencies) and the entity recogniser."""

    factory = "factpull_quotes"
    rule_files = ("speech_verbs.txt", "quote_cue_verbs.txt", "quote_naming_words.txt", "quote_speakers.json")

    def find(self, doc: Doc) -> Iterator[QuoteClaim]:
        return find_quotes(doc)
