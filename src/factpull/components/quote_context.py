"""What every quote stage reads: the compiled rules and settings, one Doc's context, one quote's site.

- `QuoteRules`: the component's word lists (speech verbs, direct-quote cues, naming words,
  addressee verbs, speaker data), compiled once per component from its rule files, with the
  settings a user tunes (confidences, windows).
- `QuoteContext`: one Doc with its quotation spans, paragraphs, sentences, speech-verb tokens and
  speaker resolver; position helpers and the regions of words on each side of a quote.
- `QuoteSite`: one quotation span with its neighbours and the words before and after it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from spacy.attrs import IDX, LEMMA, LOWER, POS
from spacy.parts_of_speech import NOUN, VERB
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from .base import SentenceIndex
from .quote_marks import QuotedRegions, QuoteSpan, find_quote_spans, paragraphs
from .speakers import Speaker, SpeakerResolver, SpeakerRules, compile_speaker_rules, is_inner_hyphen

TERMINAL = frozenset({".", "!", "?"})
#: Tags of a finite verb: a verb with a subject of its own, the mark of a clause.
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
WORD_RE = re.compile(r"[A-Za-z0-9’']+")
_ACCORDING = get_string_id("according")

#: Every confidence a stage gives, by name (README: "confidence"). A user may override any of
#: them through the component's `confidences` setting; the stages read them from `QuoteRules`.
DEFAULT_CONFIDENCES: Mapping[str, float] = MappingProxyType(
    {
        "cue_named": 0.95,  # a speech cue beside the quote names the speaker
        "cue_description": 0.85,  # ... through a description resolved to who it describes
        "cue_pronoun": 0.85,  # ... through a pronoun resolved to a person
        "cue_unresolved_pronoun": 0.6,  # ... through a pronoun with no antecedent
        "cue_no_speaker": 0.7,  # a cue whose speaker cannot be read
        "lead_in": 0.7,  # a named subject's clause runs into the quote
        "dash": 0.85,  # "..." — X
        "verb_after": 0.8,  # any verb right after the quote with a named subject
        "transcript": 0.8,  # SMITH: ...
        "colon_paragraph": 0.8,  # a paragraph ending "X said:" before the quote's paragraph
        "bare_statement": 0.8,  # "X agreed." right before the quote's sentence
        "continued_quote": 0.85,  # at most this for a paragraph or sentence continuing a quote
        "neighbour_same_paragraph": 0.75,  # the speaker of a nearby sentence, same paragraph
        "neighbour_other_paragraph": 0.65,  # ... of the next or previous paragraph
        "subject_before": 0.55,  # the person the sentence right before the quote is about
        "no_speaker": 0.5,
        "unclosed_penalty": 0.2,  # subtracted for a quotation mark never closed
        "indirect_named": 0.75,
        "indirect_description": 0.65,
        "indirect_pronoun": 0.65,
        "indirect_unresolved_pronoun": 0.4,
    }
)


@dataclass(frozen=True)
class QuoteSettings:
    """What a user tunes through the component's config (README: "Quotes")."""

    confidences: Mapping[str, float] = field(default_factory=lambda: DEFAULT_CONFIDENCES)
    window: int = 30
    """Tokens read on each side of a quote for its attribution."""
    neighbour_sentences: int = 2
    """How many sentences away, inside its paragraph, a quote alone looks for a speaker."""
    neighbour_sentences_across_paragraphs: int = 1
    """... and in the paragraph before or after."""
    pronoun_lookback_sentences: int = 10
    """How many sentences back a pronoun looks for its person or group."""
    resolve_descriptions: bool = True
    """A description ("the city attorney") becomes the person or organisation it describes."""
    speech_acts: bool = False
    """Calls, promises and accusations ("urged residents to stay indoors", "vowed to sue",
    "accused him of lying") are indirect quotes too. Off by default: news annotation that follows
    the product's definition of a quote (a statement) leaves them out."""

    @classmethod
    def build(cls, confidences: Mapping[str, float] | None = None, **settings: Any) -> QuoteSettings:
        unknown = set(confidences or {}) - set(DEFAULT_CONFIDENCES)
        if unknown:
            known = ", ".join(DEFAULT_CONFIDENCES)
            raise ValueError(f"unknown quote confidence {', '.join(sorted(unknown))} (known: {known})")
        merged = MappingProxyType({**DEFAULT_CONFIDENCES, **(confidences or {})})
        return cls(confidences=merged, **settings)


@dataclass(frozen=True)
class QuoteRules:
    """The quotes component's rules, compiled from its rule files."""

    speech_verbs: frozenset[str]
    """Lemmas that report speech: they cue direct quotes and report indirect ones."""
    cue_verbs: frozenset[str]
    """Lemmas that cue a direct quote: the speech verbs and the direct-only ones (ask, joke)."""
    naming_words: frozenset[str]
    addressee_verbs: frozenset[str]
    cue_forms: Mapping[str, str]
    """Inflected forms of the speech verbs -> lemma ("said" -> "say")."""
    title_small_words: frozenset[str]
    object_statement_verbs: frozenset[str]
    """Statement verbs whose object is what was stated ("emphasized the need for a wall")."""
    speakers: SpeakerRules
    directive_verbs: frozenset[str] = frozenset()
    """Verbs that report a call to act ("urged residents to stay indoors")."""
    quoting_verbs: frozenset[str] = frozenset()
    """Verbs that pass on someone's words: "quoted an official as saying" (the official speaks)."""
    withholding_verbs: frozenset[str] = frozenset()
    """Verbs that say a statement was not made ("declined to say")."""
    statement_phrases: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """A verb lemma -> the words that make it a statement ("make" + "clear")."""
    reading_verbs: frozenset[str] = frozenset()
    """Verbs that cue a quote only with a written text as subject ("the sign read")."""
    written_nouns: frozenset[str] = frozenset()
    """The texts that read ("editorial", "sign", "note")."""
    commissive_verbs: frozenset[str] = frozenset()
    """Speech verbs whose "to" infinitive is what was said ("vowed to keep abortion legal")."""
    act_object_verbs: frozenset[str] = frozenset()
    """Statement verbs whose object is a thing promised or asked for ("pledged billions")."""
    accusation_verbs: Mapping[str, str] = field(default_factory=dict)
    """A verb lemma -> the preposition of the charge ("accuse" -> "of")."""
    belief_verbs: frozenset[str] = frozenset()
    """Beliefs and intentions: a speech verb under one was not yet said ("wants to admit")."""
    particle_verbs: Mapping[str, str] = field(default_factory=dict)
    """Speech verbs that state only with a particle ("point" -> "out")."""
    statement_nouns: frozenset[str] = frozenset()
    """Nouns whose "that" clause is what their owner said ("Kelly's assertion that ...")."""
    contrast_marks: frozenset[str] = frozenset()
    """Words opening the writer's contrast after a reported clause (", even as he ...")."""
    settings: QuoteSettings = field(default_factory=QuoteSettings)
    speech_ids: frozenset[int] = frozenset()
    directive_ids: frozenset[int] = frozenset()
    """Directive and accusation verbs that are no speech verbs ("urge", "call", "accuse"): they
    report a call to act or a charge, and cue no direct quote."""

    def confidence(self, name: str) -> float:
        return self.settings.confidences[name]


def compile_quote_rules(rules: Mapping[str, Any], settings: QuoteSettings | None = None) -> QuoteRules:
    settings = settings or QuoteSettings()
    cues = rules["quote_cues.json"]
    beliefs = frozenset(cues["belief_verbs"])  # never cues, whatever the verb lists say
    speech = frozenset(rules["speech_verbs.txt"]) - beliefs
    forms = dict(cues["irregular_cue_forms"])
    for lemma in sorted(speech):
        forms.setdefault(lemma + ("d" if lemma.endswith("e") else "ed"), lemma)
        forms.setdefault(lemma + "s", lemma)
    return QuoteRules(
        speech_verbs=speech,
        cue_verbs=(frozenset(rules["quote_cue_verbs.txt"]) | speech) - beliefs,
        naming_words=frozenset(rules["quote_naming_words.txt"]),
        addressee_verbs=frozenset(cues["addressee_verbs"]),
        cue_forms=MappingProxyType(forms),
        title_small_words=frozenset(cues["title_small_words"]),
        object_statement_verbs=frozenset(cues["object_statement_verbs"]) & speech,
        quoting_verbs=frozenset(cues["quoting_verbs"]),
        reading_verbs=frozenset(cues["reading_verbs"]),
        withholding_verbs=frozenset(cues["withholding_verbs"]),
        statement_phrases=MappingProxyType({v: frozenset(w) for v, w in cues["statement_phrases"].items()}),
        written_nouns=frozenset(cues["written_nouns"]),
        contrast_marks=frozenset(cues["contrast_marks"]),
        statement_nouns=frozenset(cues["statement_nouns"]),
        particle_verbs=MappingProxyType(dict(cues["particle_verbs"])),
        commissive_verbs=frozenset(cues["commissive_verbs"]) & speech,
        act_object_verbs=frozenset(cues["act_object_verbs"]),
        accusation_verbs=MappingProxyType(dict(cues["accusation_verbs"])),
        belief_verbs=beliefs,
        directive_verbs=frozenset(cues["directive_verbs"]),
        speakers=compile_speaker_rules(
            rules["quote_speakers.json"],
            speech,
            settings.pronoun_lookback_sentences,
            settings.resolve_descriptions,
        ),
        settings=settings,
        speech_ids=frozenset(get_string_id(w) for w in speech),
        directive_ids=frozenset(
            get_string_id(w) for w in {*cues["directive_verbs"], *cues["accusation_verbs"]} - speech
        ),
    )


@dataclass(frozen=True)
class QuoteSite:
    """One quotation span and what surrounds it."""

    span: QuoteSpan
    content: str
    before: list[Token]
    """Words before the opening mark, back to the sentence, paragraph or previous quote."""
    after: list[Token]
    """Words after the closing mark, up to the sentence's end, the paragraph's or the next quote."""
    next_span: QuoteSpan | None

    @property
    def ends_open(self) -> bool:
        """The quote ends on a comma (or ?!—…:) or a dash follows: its attribution comes after. A
        quote inside the quote may close first ("... and say, 'Well done,' " said Russell)."""
        last = self.content.rstrip().rstrip("'’\"” ")[-1:]
        return last in (",", "?", "!", "—", "-", "…", ":") or bool(
            self.after and self.after[0].text in (",", "—", "-", "--")
        )


def is_statement_noun(tok: Token, rules: QuoteRules) -> bool:
    """A noun of a statement ("assertion", "contention": `statement_nouns`)."""
    return tok.pos_ == "NOUN" and tok.lower_ in rules.statement_nouns


def owner_of(noun: Token) -> Token | None:
    """Whose statement a noun is: its possessive ("Kelly's assertion", "his contention")."""
    return next((c for c in noun.children if c.dep_ == "poss"), None)


def _past_inner_hyphen(tok: Token) -> Token:
    """ "Blaze co-host Stu Burguiere": the tokenizer splits "co-host" at its hyphen and the parser
    may make "co" the subject; the first part of a hyphenated word names nobody, the word after
    the hyphen leads on to the head."""
    doc = tok.doc
    while tok.i + 2 < len(doc) and is_inner_hyphen(doc[tok.i + 1]):
        if doc[tok.i + 2].pos_ not in ("NOUN", "PROPN"):
            break
        tok = doc[tok.i + 2]
    return tok


class QuoteContext:
    """One Doc as the quote stages see it."""

    def __init__(self, doc: Doc, rules: QuoteRules) -> None:
        self.doc = doc
        self.rules = rules
        self.text = doc.text
        self.spans = find_quote_spans(self.text)
        self.quoted = QuotedRegions(self.spans)
        self.paras = paragraphs(self.text)
        self._para_starts = [p[0] for p in self.paras]
        self.sentences = SentenceIndex(doc)
        # one pass over token attributes as integers; Token objects only for the few candidates
        rows = doc.to_array([IDX, POS, LEMMA, LOWER]).tolist()
        self._tok_starts = [r[0] for r in rows]
        # speech verbs and the directive verbs that are none ("urged X to") report speech; only
        # speech verbs make their subjects speakers for later pronouns
        reporting = rules.speech_ids | rules.directive_ids
        phrase_ids = {get_string_id(v) for v in rules.statement_phrases}
        noun_ids = {get_string_id(n) for n in rules.statement_nouns}
        self.reporting_tokens = [
            doc[i]
            for i, r in enumerate(rows)
            if (r[1] == VERB and r[2] in reporting)
            or (r[1] == NOUN and r[2] in rules.speech_ids and _verb_read_as_noun(doc[i]))
            or r[3] == _ACCORDING
            or (r[2] in phrase_ids and statement_word(doc[i], rules) is not None)
            or (r[1] == NOUN and r[3] in noun_ids and owner_of(doc[i]) is not None)
        ]
        self.speech_tokens = [t for t in self.reporting_tokens if t.lemma not in rules.directive_ids]
        self.resolver = SpeakerResolver(doc, rules.speakers, self.quoted, self.sentences)

    # -- positions -------------------------------------------------------------------------------
    def sentence_of(self, char: int) -> int:
        return self.sentences(char)

    def tok_at(self, char: int) -> int:
        """Index of the first token starting at or after `char`."""
        return bisect_left(self._tok_starts, char)

    def para_of(self, char: int) -> int:
        return max(bisect_right(self._para_starts, char) - 1, 0)

    def spans_open_at(self, start: int) -> int:
        """The offset of the opening mark of the quotation whose content starts at `start`."""
        return next((q.open_at for q in self.spans if q.start == start), start)

    # -- speakers --------------------------------------------------------------------------------
    def speaker(self, tok: Token, *, antecedent_before: int | None = None) -> Speaker | None:
        """The speaker a token outside quotation marks names; a name is read from its last word."""
        if tok.idx in self.quoted:
            return None
        tok = _past_inner_hyphen(tok)
        while tok.dep_ == "compound" and tok.head.i > tok.i and tok.head.pos_ in ("PROPN", "NOUN"):
            tok = tok.head  # the head of a name is its last token ("Tom" -> "Homan" in "Tom Homan")
        return self.resolver.from_token(tok, antecedent_before=antecedent_before)

    # -- regions around a quote ------------------------------------------------------------------
    def site(self, q: QuoteSpan, prev: QuoteSpan | None, nxt: QuoteSpan | None) -> QuoteSite:
        return QuoteSite(q, self.text[q.start : q.end], self._before(q, prev), self._after(q, nxt), nxt)

    def _after(self, q: QuoteSpan, nxt: QuoteSpan | None) -> list[Token]:
        limit = self.paras[q.end_paragraph][1]
        if nxt is not None and nxt.paragraph == q.end_paragraph:
            limit = min(limit, nxt.open_at)
        out: list[Token] = []
        first = self.tok_at(q.close_end)
        for i in range(first, min(len(self.doc), first + self.rules.settings.window)):
            tok = self.doc[i]
            if tok.idx >= limit:
                break
            out.append(tok)
            if tok.text in TERMINAL:
                break
        return out

    def _before(self, q: QuoteSpan, prev: QuoteSpan | None) -> list[Token]:
        floor = self.paras[q.paragraph][0]
        if prev is not None and prev.paragraph == q.paragraph:
            floor = max(floor, prev.close_end)
        return self.words_back(self.tok_at(q.open_at) - 1, floor)

    def words_back(self, i: int, floor: int) -> list[Token]:
        """Tokens from index `i` back to `floor` (a character offset) or the sentence's end before."""
        out: list[Token] = []
        while i >= 0 and len(out) < self.rules.settings.window:
            tok = self.doc[i]
            if tok.idx < floor or tok.text in TERMINAL:
                break
            out.append(tok)
            i -= 1
        out.reverse()
        return out


# -- speech cues -----------------------------------------------------------------------------------
def cue_lemma(tok: Token, rules: QuoteRules) -> str:
    """The `cue` of a claim: the speech verb's lemma, "according to" or "in the words of"."""
    if tok.lower_ == "according":
        return "according to"
    if in_the_words_of(tok):
        return "in the words of"
    return rules.cue_forms.get(tok.lower_) or tok.lemma_.lower()


def opens_sentence(tok: Token) -> bool:
    return tok.i == 0 or tok.is_sent_start or tok.nbor(-1).is_space or tok.nbor(-1).text in TERMINAL


def is_cue(tok: Token, rules: QuoteRules) -> bool:
    """A speech cue: a cue verb (or a speech verb read as a noun with a subject), an inverted
    "Said Trump:", "as X put it", "according to", "in the words of", a text that reads."""
    if tok.lemma_.lower() in rules.cue_verbs and tok.pos_ in ("VERB", "AUX"):
        return True
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in rules.speech_verbs and _has_own_subject(tok):
        return True  # "The USDA notes, "..."": the tagger read the verb as a noun with a subject
    if tok.is_title and tok.lower_ in rules.cue_forms and opens_sentence(tok):
        return True  # "Said Trump:" with the verb tagged as a name
    if tok.lemma_.lower() == "put" and any(c.lower_ == "it" for c in tok.children):
        return True
    if tok.lemma_.lower() in rules.reading_verbs and written_text(tok, rules) is not None:
        return True
    if in_the_words_of(tok):
        return True
    return tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "to"


def in_the_words_of(tok: Token) -> bool:
    """ "in the words of the Crown prosecutor, Mark Tedeschi, "..."": "words" in that phrase."""
    doc, i = tok.doc, tok.i
    if tok.lower_ != "words" or i < 2 or i + 1 >= len(doc):
        return False
    return doc[i - 2].lower_ == "in" and doc[i - 1].lower_ == "the" and doc[i + 1].lower_ == "of"


def _verb_read_as_noun(tok: Token) -> bool:
    """ "A local newspaper reports that ...": a speech verb the tagger read as a noun, the root of
    its sentence with a subject of its own."""
    return tok.dep_ == "ROOT" and _has_own_subject(tok)


def _has_own_subject(tok: Token) -> bool:
    return any(c.dep_ == "nsubj" for c in tok.children)


def has_subject(verb: Token) -> bool:
    """A subject of its own, active or passive, among the verb's children."""
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def statement_word(verb: Token, rules: QuoteRules) -> Token | None:
    """The word that makes a verb a statement: "clear" in "made (it) clear that ..."."""
    words = rules.statement_phrases.get(verb.lemma_.lower())
    if not words or verb.pos_ != "VERB":
        return None
    return next((c for c in verb.children if c.lower_ in words and c.dep_ in _PHRASE_WORD_DEPS), None)


#: How the parser hangs "clear" on "made": a clause of its own, an adjective, a predicate.
_PHRASE_WORD_DEPS = frozenset({"ccomp", "acomp", "oprd", "xcomp", "dobj", "advmod"})


def written_text(verb: Token, rules: QuoteRules) -> Token | None:
    """The text that "reads": "the editorial read", "a sign read", "it read" (a text named before).
    A person who reads reads someone else's words. The word right before counts whatever its
    parse: the parser reads "the editorial read." as an adjective and a noun."""
    for c in verb.children:
        if c.dep_ == "nsubj" and (c.lower_ in rules.written_nouns or c.lower_ == "it"):
            return c
    prev = verb.doc[verb.i - 1] if verb.i > 0 else None
    if prev is not None and prev.lower_ in rules.written_nouns and verb.lower_ in ("read", "reads"):
        return prev
    return None


def cue_in(ctx: QuoteContext, region: list[Token], *, last: bool) -> Token | None:
    """The speech cue of a region nearest the quote (the last one when the region is before it)."""
    found = None
    for tok in region:
        if tok.idx in ctx.quoted:
            continue
        if is_cue(tok, ctx.rules) and not any(c.dep_ == "neg" for c in tok.children):
            found = tok
            if not last:
                break
    return found
