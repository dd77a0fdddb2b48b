"""Who said a direct quote, from the words beside it: stages `(context, site) -> Attribution | None`.

`ATTRIBUTION_STAGES` is tried in order and the first stage with an answer wins. A stage that finds
a speech cue answers even when it cannot read the speaker (the cue still says the words are
speech, and a later stage would only guess). Quotes no stage attributes are left to the
document-wide passes in `quotes.py` (colon paragraphs, continued quotes, neighbouring sentences).

Each stage's confidence is a named entry of `quote_context.DEFAULT_CONFIDENCES`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from .cue_speakers import Cue, speaker_of_cue
from .quote_context import QuoteContext, QuoteSite, cue_in, cue_lemma, is_cue
from .speakers import Speaker

#: "WALLACE: Let's start" — a transcript line quoted whole.
_TRANSCRIPT_RE = re.compile(r"([A-Z][A-Z.'’ -]{1,30}[A-Z]):\s")
#: "..." — Pamela Padilla: a dash and a capitalised name right after the closing mark.
_DASH_SPEAKER_RE = re.compile(
    r"[\s\xa0]*(?:—|–|―|--|-)[\s\xa0]*([A-Z][\w’'-]*(?:\.?[ \xa0][A-Z][\w’'-]*){0,3})"
)
#: A quote that ends a sentence takes a cue after it only from a short tail ("...." he said.).
_SHORT_TAIL = 10
#: How far after an open-ended quote a non-speech verb of a named subject may stand ("..., Vitter demanded").
_VERB_AFTER_WINDOW = 6

# where an attribution was read: the scare-quote filters trust a cue "before" or "after" the quote
BEFORE, AFTER, DASH, TRANSCRIPT, COLON, ALONE = "before", "after", "dash", "transcript", "colon", "alone"
NAME_COLON = "name_colon"


@dataclass(frozen=True)
class Attribution:
    """A quote's speaker (None: a cue with no readable speaker), cue lemma, confidence and where
    it was read (`form`)."""

    speaker: Speaker | None
    cue: str | None
    confidence: float
    form: str


def _from_cue(ctx: QuoteContext, region: list[Token], form: str, *, last: bool) -> Attribution | None:
    verb = cue_in(ctx, region, last=last)
    if verb is None:
        return None
    sp = speaker_of_cue(ctx, Cue(verb, region))
    cue = cue_lemma(verb, ctx.rules)
    if sp is None:
        return Attribution(None, cue, ctx.rules.confidence("cue_no_speaker"), form)
    return Attribution(sp, cue, ctx.rules.confidence(_cue_confidence(sp)), form)


def _cue_confidence(sp: Speaker) -> str:
    if sp.via == "description":
        return "cue_description"  # below a name: the description might have meant someone else
    if sp.via != "pronoun":
        return "cue_named"
    return "cue_pronoun" if sp.name else "cue_unresolved_pronoun"


def cue_after_open_quote(ctx: QuoteContext, site: QuoteSite) -> Attribution | None:
    """`"...," X said` / `"...," said X`: a quote ending on a comma is attributed after it. A
    participle after it that states an object of its own (`The USDA notes, "...", highlighting the
    importance of air quality`; `Clinton responded: "What difference does it make?" Her critics
    cited it as evidence`) comments on the quote its cue before introduced, and an "according
    to" after it (`telling her, "...," according to court records`) names who reports it."""
    if not site.ends_open:
        return None
    verb = cue_in(ctx, site.after, last=False)
    # `telling her, "...," according to court records`: the records report what he said
    aside = verb is not None and (_states_its_object(ctx, verb) or verb.lower_ == "according")
    if aside and _introduced_by_cue(ctx, site.before):
        return None
    return _from_cue(ctx, site.after, AFTER, last=False)


def _states_its_object(ctx: QuoteContext, verb: Token) -> bool:
    """A verb with an object of its own; an addressee verb's object is the person spoken to
    ("told reporters"), not one."""
    if verb.lemma_.lower() in ctx.rules.addressee_verbs:
        return False
    return any(c.dep_ == "dobj" for c in verb.children)


def _introduced_by_cue(ctx: QuoteContext, before: list[Token]) -> bool:
    """ `notes, "..."`, `said: "..."`, `telling her, "..."`: a cue right before the comma or colon
    before the quote, or before its addressee there."""
    if len(before) < 2 or before[-1].text not in (",", ":"):
        return False
    if is_cue(before[-2], ctx.rules):
        return True
    if len(before) < 3 or before[-2].pos_ not in ("PRON", "PROPN", "NOUN"):
        return False
    verb = before[-3]
    return verb.lemma_.lower() in ctx.rules.addressee_verbs and is_cue(verb, ctx.rules)


def cue_before(ctx: QuoteContext, site: QuoteSite) -> Attribution | None:
    """`X said: "..."`, `X told reporters "..."`, `according to X, "..."`: the nearest cue before."""
    return _from_cue(ctx, site.before, BEFORE, last=True)


def cue_after_closed_quote(ctx: QuoteContext, site: QuoteSite) -> Attribution | None:
    """`"It ended." he said.`: a quote ending a sentence, with a short tail holding the cue."""
    if site.ends_open:
        return None
    found = _from_cue(ctx, site.after if len(site.after) <= _SHORT_TAIL else [], AFTER, last=False)
    if found is not None and introduces_next(site, found):
        return None  # `"..." Health spokesman Jonathan Morgan said: "..."`: a new speaker's quote
    return found


def introduces_next(site: QuoteSite, found: Attribution) -> bool:
    """A cue ending in a colon before the next quote introduces that quote; only a pronoun ("She
    said: ...") goes on with the speaker of the quote before."""
    introduces = bool(site.after) and site.after[-1].text == ":" and site.next_span is not None
    return introduces and not (found.speaker is not None and found.speaker.via == "pronoun")


def lead_in_speaker(ctx: QuoteContext, before: list[Token]) -> tuple[Token, Speaker] | None:
    """`Clinton cracked, "..."`, `Warren had a message: "..."`: the named subject of the clause
    that runs into the quote through a comma or colon, when that clause has no speech verb."""
    if len(before) < 2 or before[-1].text not in (",", ":"):
        return None
    verb = before[-2] if before[-1].text == "," else before[-2].head
    if verb.dep_ in ("prt", "advmod") and verb.head.i == verb.i - 1:
        verb = verb.head  # "Hillary shot back, "...""
    if before[-1].text == ":":
        # the clause's root, or the last verb with a subject of its own when the parser made the
        # quote the root ("McConnell, R-Ky., delivered a blunt message to Trump: "...")
        verb = next((t for t in reversed(before) if t.dep_ == "ROOT"), None) or next(
            (t for t in reversed(before) if t.pos_ == "VERB" and _has_subject_in(t, before)), verb
        )
    if verb.pos_ not in ("VERB", "AUX") or verb.i < before[0].i:
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.i < before[0].i:
        return None
    named = subj.ent_type_ == "PERSON" or subj.pos_ == "PROPN" or subj.lower_ in ("he", "she")
    sp = ctx.speaker(subj)
    if sp is None or not sp.name:
        return None
    # "One early supporter, Representative Lee Zeldin, ..., gave it a whirl: "...": a role the
    # resolver read as the person apposed to it
    return (verb, sp) if named or sp.kind == "person" and sp.via in ("name", "alias") else None


def _has_subject_in(verb: Token, words: list[Token]) -> bool:
    return any(c.dep_ == "nsubj" and c.i >= words[0].i for c in verb.children)


def lead_in(ctx: QuoteContext, site: QuoteSite) -> Attribution | None:
    found = lead_in_speaker(ctx, site.before)
    if found is None:
        return None
    verb, sp = found
    return Attribution(sp, verb.lemma_.lower(), ctx.rules.confidence("lead_in"), BEFORE)


def dash(ctx: QuoteContext, site: QuoteSite) -> Attribution | None:
    """`"..." — Pamela Padilla`: a name after a dash right after the closing mark."""
    m = _DASH_SPEAKER_RE.match(ctx.text, site.span.close_end)
    if m is None or site.next_span is not None and site.next_span.open_at <= m.end(1):
        return None
    doc = ctx.doc
    i = ctx.tok_at(m.start(1))
    if i >= len(doc):
        return None
    head = doc[i]
    while head.i + 1 < len(doc) and doc[head.i + 1].idx < m.end(1):
        head = doc[head.i + 1]
    sp = ctx.speaker(head) if head.pos_ in ("PROPN", "NOUN") else None
    return Attribution(sp, None, ctx.rules.confidence("dash"), DASH) if sp is not None else None


_DASHES = frozenset({"--", "—", "–", "―", "-"})


def dashed_aside(ctx: QuoteContext, site: QuoteSite) -> Attribution | None:
    """`including the former candidate Mitt Romney -- "It is disqualifying ..." -- and Fred
    Goldberg`: a quote set off by dashes right after a person's name is that person's, whatever
    verb the sentence has for the whole list."""
    before, after = site.before, site.after
    if len(before) < 2 or before[-1].text not in _DASHES or not after or after[0].text not in _DASHES:
        return None
    name = before[-2]
    if name.ent_type_ != "PERSON" or not site.content.lstrip()[:1].isupper():
        return None  # a lower-case aside describes the person ("Ann Lee -- "a true friend" --")
    sp = ctx.speaker(name)
    if sp is None or not sp.name:
        return None
    return Attribution(sp, None, ctx.rules.confidence("dash"), DASH)


def verb_after(ctx: QuoteContext, site: QuoteSite) -> Attribution | None:
    """`"...," Vitter demanded`: the first verb after an open-ended quote, if a name is its subject,
    when the quote opens its sentence. With words before it the quote is part of a clause
    (`On a new website, "The Internet Explorer 6 Countdown", Microsoft has launched ...`)."""
    if not site.ends_open or any(not t.is_punct for t in site.before):
        return None
    for tok in site.after[:_VERB_AFTER_WINDOW]:
        if tok.pos_ != "VERB" or tok.idx in ctx.quoted:
            continue
        subj = [
            c
            for c in tok.children
            if c.dep_ == "nsubj" and c.idx >= site.span.close_end and c.pos_ == "PROPN"
        ]
        prev = ctx.doc[tok.i - 1]
        if not subj and prev.idx >= site.span.close_end and prev.pos_ == "PROPN" and prev.head.i == tok.i:
            subj = [prev]  # `"Go back," Trump barked and ...`: the name parsed as a compound of the verb
        sp = ctx.speaker(subj[0]) if subj else None
        if sp is None:
            return None
        return Attribution(sp, tok.lemma_.lower(), ctx.rules.confidence("verb_after"), AFTER)
    return None


def transcript(ctx: QuoteContext, site: QuoteSite) -> Attribution | None:
    """`"WALLACE: Let's start ..."`: a transcript line quoted whole names its speaker."""
    m = _TRANSCRIPT_RE.match(site.content)
    if m is None:
        return None
    label = m.group(1).strip()
    s = site.span.start + m.start(1)
    names = ctx.resolver.names
    name = names.by_surname.get(label.lower(), label)  # WALLACE -> Chris Wallace
    sp = Speaker(name, names.titles.get(name), (s, s + len(label)), "person", "name")
    return Attribution(sp, None, ctx.rules.confidence("transcript"), TRANSCRIPT)


def name_colon_line(ctx: QuoteContext, site: QuoteSite) -> Attribution | None:
    """`Goldsmith: 'I was not leant on'`, `Clinton: "..." Bush: "..."`, `HEADLINE - Michael P.
    McDonald: "..."`: a name standing alone before a colon and a quote (a headline's, a round-up's
    or a transcript's way of attributing) names its speaker. Alone means it opens a line or a
    sentence or follows a dash; "He said this: '...'" and "the company's view: '...'" have words
    of their own before the colon."""
    before = site.before
    if len(before) < 2 or before[-1].text != ":":
        return None
    name = _name_before_colon(before[:-1])
    if not name or not _stands_alone(ctx, name[0]):
        return None
    sp = ctx.speaker(name[-1])
    if sp is None or not sp.name:
        return None
    return Attribution(sp, None, ctx.rules.confidence("transcript"), NAME_COLON)


#: Words that may open a name before a colon without being capitalised names themselves.
_NAME_INITIAL_RE = re.compile(r"[A-Z]\.?$")
#: What may stand right before a name that stands alone: a sentence's end, a closing mark, a dash.
_ALONE_AFTER = (".", "!", "?", '"', "”", "’", "'", *_DASHES)


def _name_before_colon(words: list[Token]) -> list[Token]:
    """The run of capitalised proper nouns (and initials) that ends `words`, at most four."""
    run: list[Token] = []
    for tok in reversed(words):
        capitalised = tok.text[:1].isupper() and not tok.is_upper  # McDonald, not IOWA
        if len(run) == 4 or not (tok.pos_ == "PROPN" and capitalised or _NAME_INITIAL_RE.match(tok.text)):
            break
        run.insert(0, tok)
    return run if run and run[-1].pos_ == "PROPN" else []


def _stands_alone(ctx: QuoteContext, first: Token) -> bool:
    before = ctx.text[: first.idx].rstrip(" \xa0\t")
    return before[-1:] in ("", "\n") or before.endswith(_ALONE_AFTER)


def colon_mark(ctx: QuoteContext, site: QuoteSite) -> Attribution | None:
    """`... the following: "..."` with no readable speaker: speech, its speaker left unknown."""
    if site.before and site.before[-1].text == ":":
        return Attribution(None, None, ctx.rules.confidence("no_speaker"), COLON)
    return None


Stage = Callable[[QuoteContext, QuoteSite], "Attribution | None"]
#: The attribution of a direct quote, read in this order; the first stage with an answer wins.
ATTRIBUTION_STAGES: tuple[Stage, ...] = (
    dashed_aside,
    cue_after_open_quote,
    cue_before,
    cue_after_closed_quote,
    lead_in,
    dash,
    verb_after,
    transcript,
    name_colon_line,
    colon_mark,
)


def attribute(
    ctx: QuoteContext, site: QuoteSite, stages: tuple[Stage, ...] = ATTRIBUTION_STAGES
) -> Attribution:
    for stage in stages:
        found = stage(ctx, site)
        if found is not None:
            return found
    return Attribution(None, None, ctx.rules.confidence("no_speaker"), ALONE)
