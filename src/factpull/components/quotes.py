"""Quotes with speakers: direct quotes (inside quotation marks) and indirect reported speech.

The finder is a short sequence of passes over one `QuoteContext`:

1. `note_speech_subjects`: named subjects of speech verbs become antecedents for later pronouns.
2. Each quotation span (`quote_marks`) that is no title, name or scare quote (`quote_filters`) is
   attributed from the words beside it by the stages of `attribution.ATTRIBUTION_STAGES`.
3. Indirect quotes: the clauses speech verbs report (`reported_speech`).
4. `DOCUMENT_PASSES` for direct quotes still without a speaker: a paragraph ending in a colon,
   the parts of one multi-paragraph quote, the speaker of a neighbouring sentence.

Confidences are named in `quote_context.DEFAULT_CONFIDENCES` and can be set per component.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..models import Mention, QuoteClaim
from .attribution import BEFORE, COLON, NAME_COLON, attribute, lead_in_speaker
from .base import ClaimComponent
from .cue_speakers import Cue, speaker_of_cue
from .quote_context import (
    TERMINAL,
    WORD_RE,
    QuoteContext,
    QuoteRules,
    QuoteSettings,
    compile_quote_rules,
    cue_in,
    cue_lemma,
)
from .quote_filters import is_name_in_marks, is_scare_quote, is_stage_direction, quote_shape
from .quote_marks import QuoteSpan
from .reported_speech import find_reported_speech
from .speakers import Speaker

#: An unclosed quotation mark with fewer words than this is a stray mark, not a quote.
_MIN_UNCLOSED_WORDS = 4


@dataclass
class FoundQuote:
    """A quote being assembled; the document passes fill in speakers of direct quotes."""

    start: int
    end: int
    direct: bool
    speaker: Speaker | None
    cue: str | None
    confidence: float
    span: QuoteSpan | None = None
    form: str = ""


def note_speech_subjects(ctx: QuoteContext) -> None:
    """Named subjects of speech verbs are antecedents for the pronouns of any later quote."""
    speech = ctx.rules.speech_verbs
    for tok in ctx.speech_tokens:
        if tok.idx in ctx.quoted or any(a.lemma_ in speech for a in tok.ancestors):
            continue  # not a cue reported inside another one ("said he did it when X argued")
        for c in tok.children:
            if c.dep_ == "nsubj" and c.pos_ in ("PROPN", "NOUN") and c.idx not in ctx.quoted:
                sp = ctx.speaker(c)
                if sp is not None and sp.name and sp.kind == "person":
                    ctx.resolver.note(sp)


def direct_quotes(ctx: QuoteContext) -> list[FoundQuote]:
    """Every quotation span that is a quote, attributed from the words beside it, in text order."""
    # words hold a letter or a digit: marks around marks or dashes quote nobody (`"’'"`)
    spans = [
        q
        for q in ctx.spans
        if any(ch.isalnum() for ch in ctx.text[q.start : q.end])
        and not is_name_in_marks(ctx.text[q.start : q.end])
    ]
    found: list[FoundQuote] = []
    for k, q in enumerate(spans):
        site = ctx.site(q, spans[k - 1] if k else None, spans[k + 1] if k + 1 < len(spans) else None)
        att = attribute(ctx, site)
        if is_stage_direction(site.content):
            continue
        if not q.continues and not q.continued and is_scare_quote(quote_shape(ctx, q, att)):
            continue
        unclosed = not q.closed and not q.continued
        if unclosed and len(WORD_RE.findall(site.content)) < _MIN_UNCLOSED_WORDS:
            continue
        confidence = att.confidence - (ctx.rules.confidence("unclosed_penalty") if unclosed else 0.0)
        found.append(FoundQuote(q.start, q.end, True, att.speaker, att.cue, confidence, q, att.form))
        if att.speaker is not None:
            ctx.resolver.note(att.speaker)  # salient for the pronouns of later quotes
    return found


# -- document passes for direct quotes without a speaker ----------------------------------------------
def colon_paragraph(ctx: QuoteContext, f: FoundQuote) -> bool:
    """A quote opening the paragraph after "X said:" (or "X made the following comment:") takes X."""
    q = f.span
    if q is None or q.paragraph == 0:
        return False
    ps, _ = ctx.paras[q.paragraph]
    if ctx.text[ps : q.open_at].strip():
        return False
    ps, pe = ctx.paras[q.paragraph - 1]
    if not ctx.text[ps:pe].rstrip().endswith(":"):
        return False
    region = ctx.words_back(ctx.tok_at(pe) - 1, ps)
    verb = cue_in(ctx, region, last=True)
    sp = speaker_of_cue(ctx, Cue(verb, region)) if verb is not None else None
    if sp is None or verb is None:
        lead = lead_in_speaker(ctx, region)
        if lead is None:
            return False
        verb, sp = lead
    f.speaker, f.cue, f.confidence, f.form = (
        sp,
        cue_lemma(verb, ctx.rules),
        ctx.rules.confidence("colon_paragraph"),
        COLON,
    )
    return True


def continued_quotes(ctx: QuoteContext, direct: list[FoundQuote]) -> None:
    """The parts of one multi-paragraph or multi-sentence quote share their speaker (colon
    paragraphs first, since they attribute a part that others inherit from)."""
    for f in direct:
        if f.speaker is None:
            colon_paragraph(ctx, f)
    cap = ctx.rules.confidence("continued_quote")

    def inherit(f: FoundQuote, donor: FoundQuote) -> None:
        f.speaker, f.cue, f.confidence, f.form = donor.speaker, donor.cue, min(donor.confidence, cap), "chain"

    for k in range(1, len(direct)):
        f, donor = direct[k], direct[k - 1]
        if f.speaker is None and donor.speaker is not None and f.span.continues and donor.span.continued:
            inherit(f, donor)
    for k in range(len(direct) - 2, -1, -1):
        f, donor = direct[k], direct[k + 1]
        if f.speaker is None and donor.speaker is not None and f.span.continued and donor.span.continues:
            inherit(f, donor)


#: Where a direct quote's attribution stands before it, introducing it.
_INTRODUCED = frozenset({BEFORE, COLON, NAME_COLON})


def neighbouring_sentence(ctx: QuoteContext, direct: list[FoundQuote], indirect: list[FoundQuote]) -> None:
    """A quote alone in its sentence takes the speaker of the nearest attributed quote a sentence
    or two away: same paragraph first, then the previous or next paragraph; before it on a tie.
    A quote attributed here is a neighbour for the quotes after it."""
    settings = ctx.rules.settings
    attributed = sorted(
        (f for f in direct + indirect if f.speaker is not None and f.speaker.name), key=lambda f: f.start
    )
    starts = [f.start for f in attributed]
    for f in direct:
        if f.speaker is not None:
            continue
        i = bisect_left(starts, f.start)
        best = None
        for c in attributed[max(i - 1, 0) : i + 1]:
            before = c.start < f.start
            if not before and c.span is not None and c.form in _INTRODUCED and c.speaker.via != "pronoun":
                continue  # `Morgan said: "..."` introduces the quote after it, not the one before
            c_end = c.span.close_end if c.span is not None else c.end
            if before:
                dist = ctx.sentence_of(f.start) - ctx.sentence_of(max(c_end - 1, c.start))
            else:
                dist = ctx.sentence_of(c.start) - ctx.sentence_of(max(f.end - 1, f.start))
            same_para = ctx.para_of(c.start) == f.span.paragraph
            rank = (0 if same_para else 1, dist, 0 if before else 1)
            near = 0 <= dist <= settings.neighbour_sentences and (
                same_para or dist <= settings.neighbour_sentences_across_paragraphs
            )
            if near and (best is None or rank < best[0]):
                best = (rank, c)
        if best is not None:
            (same, _, _), c = best
            f.speaker, f.cue, f.form = c.speaker, c.cue, "adjacent"
            f.confidence = ctx.rules.confidence(
                "neighbour_same_paragraph" if same == 0 else "neighbour_other_paragraph"
            )
            # a run of quotes alone in their paragraphs goes on with one speaker, each part taking it
            # from the part before (`"…," Barkley said. "…"` then a paragraph of quote only)
            attributed.insert(i, f)
            starts.insert(i, f.start)


def bare_statement_before(ctx: QuoteContext, direct: list[FoundQuote], indirect: list[FoundQuote]) -> None:
    """`Mr Valentine, who grew up in Argentina, agreed. "If I have to save pesos, ..."`: a quote
    opening a sentence right after a sentence that is nothing but a speech act ("X agreed.",
    "X explained.", "X said on Monday.") takes that sentence's speaker."""
    for f in direct:
        q = f.span
        if f.speaker is not None or q is None or q.continues:
            continue
        start = ctx.paras[q.paragraph][0]
        end = _sentence_end_before(ctx, q)
        if end is None or end.idx < start:
            continue  # the quote does not open a sentence of this paragraph
        verb = end.sent.root
        if verb.idx < start or not _bare_speech_act(ctx, verb):
            continue
        sp = speaker_of_cue(ctx, Cue(verb))
        if sp is not None and sp.name:
            f.speaker, f.cue, f.form = sp, cue_lemma(verb, ctx.rules), "bare_statement"
            f.confidence = ctx.rules.confidence("bare_statement")


def _sentence_end_before(ctx: QuoteContext, q: QuoteSpan) -> Token | None:
    """The full stop (or ! ?) right before a quote's opening mark, when the quote opens a sentence."""
    before = ctx.tok_at(q.open_at) - 1
    while before >= 0 and ctx.doc[before].is_space:
        before -= 1
    return ctx.doc[before] if before >= 0 and ctx.doc[before].text in TERMINAL else None


def subject_before(ctx: QuoteContext, direct: list[FoundQuote], indirect: list[FoundQuote]) -> None:
    """`In her old age, she refused to be photographed. "I want to be remembered ..."`: a quote
    that opens a sentence, with no cue and no neighbour to speak for it, is the person the sentence
    right before is about (its main subject, a name or a "he"/"she"), in the same paragraph or on
    the line before. A weak guess, so it scores below every cue."""
    for f in direct:
        q = f.span
        if f.speaker is not None or f.cue is not None or q is None or q.continues:
            continue  # a cue whose speaker could not be read still says who is unknown
        end = _sentence_end_before(ctx, q)
        if end is None or ctx.text[end.idx : q.open_at].count("\n") > 1:
            continue  # no sentence ends right before it, or a blank line between: a new paragraph
        root = end.sent.root
        subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.idx in ctx.quoted:
            continue
        if not (subj.ent_type_ == "PERSON" or subj.lower_ in ("he", "she")):
            continue
        sp = ctx.speaker(subj)
        if sp is not None and sp.name and sp.kind == "person":
            f.speaker, f.cue, f.form = sp, None, "subject_before"
            f.confidence = ctx.rules.confidence("subject_before")


def _bare_speech_act(ctx: QuoteContext, verb: Token) -> bool:
    """A speech verb that reports nothing itself: no clause, no object but an addressee."""
    if verb.lemma_.lower() not in ctx.rules.speech_verbs or verb.pos_ != "VERB" or verb.idx in ctx.quoted:
        return False
    addressee = verb.lemma_.lower() in ctx.rules.addressee_verbs
    return not any(
        c.dep_ in ("ccomp", "xcomp", "advcl", "parataxis") or c.dep_ == "dobj" and not addressee
        for c in verb.children
    )


DocumentPass = Callable[[QuoteContext, list[FoundQuote], list[FoundQuote]], None]
#: Run in this order over the direct quotes still without a speaker.
DOCUMENT_PASSES: tuple[DocumentPass, ...] = (
    lambda ctx, direct, indirect: continued_quotes(ctx, direct),
    bare_statement_before,
    neighbouring_sentence,
    subject_before,
    lambda ctx, direct, indirect: continued_quotes(ctx, direct),  # parts of a quote a neighbour attributed
)


def find_quotes(doc: Doc, rules: QuoteRules) -> Iterator[QuoteClaim]:
    """Direct and indirect quotes with their speakers, in text order."""
    if not len(doc) or not doc.text.strip():
        return
    ctx = QuoteContext(doc, rules)
    note_speech_subjects(ctx)
    direct = direct_quotes(ctx)
    reported = list(find_reported_speech(ctx, [(f.start, f.end) for f in direct]))
    # the quoted words of a mixed quote are part of it, not quotes of their own
    absorbed = {span for r in reported for span in r.absorbs}
    direct = [f for f in direct if (f.start, f.end) not in absorbed]
    indirect = [
        FoundQuote(r.start, r.end, False, r.speaker, r.cue, r.confidence, None, "indirect") for r in reported
    ]
    for step in DOCUMENT_PASSES:
        step(ctx, direct, indirect)
    for f in sorted(direct + indirect, key=lambda f: (f.start, f.end)):
        if f.end > f.start:
            yield _claim(ctx, f)


def _claim(ctx: QuoteContext, f: FoundQuote) -> QuoteClaim:
    text, sp = ctx.text, f.speaker
    mention = None
    if sp is not None:
        ms, me = sp.mention
        mention = Mention(text=text[ms:me], start=ms, end=me, sentence=ctx.sentence_of(ms))
    return QuoteClaim(
        text=text[f.start : f.end],
        start=f.start,
        end=f.end,
        sentence=ctx.sentence_of(f.start),
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
    rule_files = (
        "speech_verbs.txt",
        "quote_cue_verbs.txt",
        "quote_cues.json",
        "quote_naming_words.txt",
        "quote_speakers.json",
    )

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        overrides: Mapping[str, Any] | None = None,
        confidences: Mapping[str, float] | None = None,
        window: int = 30,
        neighbour_sentences: int = 2,
        neighbour_sentences_across_paragraphs: int = 1,
        pronoun_lookback_sentences: int = 10,
        resolve_descriptions: bool = True,
        speech_acts: bool = False,
    ) -> None:
        self.settings = QuoteSettings.build(
            confidences,
            window=window,
            neighbour_sentences=neighbour_sentences,
            neighbour_sentences_across_paragraphs=neighbour_sentences_across_paragraphs,
            pronoun_lookback_sentences=pronoun_lookback_sentences,
            resolve_descriptions=resolve_descriptions,
            speech_acts=speech_acts,
        )
        super().__init__(nlp, name, overrides=overrides)

    def compile_rules(self) -> None:
        self.quote_rules = compile_quote_rules(self.rules, self.settings)

    def find(self, doc: Doc) -> Iterator[QuoteClaim]:
        return find_quotes(doc, self.quote_rules)
