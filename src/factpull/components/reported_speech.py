"""Indirect quotes: the clause a speech verb reports ("X said (that) ...", "..., X said",
"told X that ...", "according to X, ...").

`reported_clause` finds the clause of one speech verb by the stages of `CLAUSE_STAGES`; the
speaker is the verb's, read by `cue_speakers`. Beliefs and thoughts ("X believes ...") are not
speech: their verbs are not in the speech-verb list.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from spacy.tokens import Token

from .cue_speakers import Cue, speaker_of_cue
from .line_breaks import ends_sentence
from .quote_context import (
    FINITE_TAGS,
    WORD_RE,
    QuoteContext,
    has_subject,
    is_statement_noun,
    owner_of,
    statement_word,
)
from .speakers import Speaker

#: A dateline opening a clause: "DENVER — ", "WASHINGTON -- ".
_DATELINE_RE = re.compile(r"[A-Z][A-Z .,'’-]*[A-Z.]\s+(?:--|—|–|-)\s+")
_EDGE_PUNCT_LEFT = ",;:—–-\"“”'‘’"
_EDGE_PUNCT_RIGHT = ",;:—–-.\"“”'‘’"
#: A reported clause has at least this many words ("said so" reports nothing).
_MIN_WORDS = 3

Clause = tuple[int, int]
#: A stage's answer that the verb reports no clause: stop looking (None means: ask the next stage).
_NO_CLAUSE: Clause = (-1, -1)


@dataclass(frozen=True)
class Reported:
    """One indirect quote: the reported clause, its speaker and cue. A mixed quote (a clause with
    quoted words in it) `absorbs` the direct quotes inside it: they are part of its content."""

    start: int
    end: int
    speaker: Speaker
    cue: str
    confidence: float
    absorbs: tuple[tuple[int, int], ...] = ()


#: A clause is a mixed quote when at least this many of its words come before its quoted words.
_MIXED_LEAD_WORDS = 2


def mixed_quote(
    ctx: QuoteContext, clause: Clause, direct: list[tuple[int, int]], *, cue_before: bool = False
) -> tuple[tuple[int, int], ...] | None:
    """The direct quotes a reported clause holds when it is a mixed quote (`The passage of the bill
    "means everything", she said`): every quote it overlaps lies inside it and carries on the
    writer's words, with no comma or colon to introduce it. None: it overlaps a quote in another
    way (the clause is no quote of its own)."""
    s, e = clause
    inside = tuple((ds, de) for ds, de in direct if s < de and ds < e)
    if not inside:
        return ()
    if any(ds < s or de > e for ds, de in inside):
        return None
    lead = ctx.text[s : ctx.spans_open_at(inside[0][0])]
    if not lead.strip() and _goes_on_after(ctx, inside[-1][1], e):
        # `said "our country" was being "stolen from us"`, `"I love you" was written on the wall,
        # he said`: a clause that opens with quoted words and goes on in the writer's
        return inside
    # `Heald said although X is known, "nobody has looked"`: after its cue, a lower-case quote
    # goes on with the clause
    goes_on = cue_before and not ctx.text[inside[0][0] : inside[0][0] + 1].isupper()
    if lead.rstrip()[-1:] in (",", ":", "—", "-") and not goes_on:
        return None  # `As for cost, "..."`, `she replied, "..."`: the quote is its own sentence
    return inside if len(WORD_RE.findall(lead)) >= _MIXED_LEAD_WORDS else None


def _goes_on_after(ctx: QuoteContext, quote_end: int, e: int) -> bool:
    """Words of the clause follow the closing mark with no punctuation between: the quotation is
    a part of the sentence, not a sentence of its own (`"No," he said`)."""
    if ctx.text[quote_end - 1 : quote_end] in ",.?!;:":
        return False  # `"It is over," Ann Lee said`: the quote ends a sentence of its own
    tail = ctx.text[quote_end:e].lstrip("\"”’'")
    return tail[:1].isspace() and len(WORD_RE.findall(tail)) >= _MIXED_LEAD_WORDS


def trim(ctx: QuoteContext, s: int, e: int) -> Clause | None:
    """A clause's span without edge punctuation, a leading "that" or a dateline; None when it is
    too short or cuts through quotation marks (a mixed quote the parser split badly)."""
    text = ctx.text
    if e > s and ctx.para_of(s) != ctx.para_of(e - 1):
        s = max(s, ctx.paras[ctx.para_of(e - 1)][0])  # a dateline line the parser joined on
    while s < e and (text[s].isspace() or text[s] in _EDGE_PUNCT_LEFT):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in _EDGE_PUNCT_RIGHT):
        e -= 1
    e = _past_closing_mark(text, s, e)
    if s > 0 and text[s - 1] in "\"“" and _unbalanced(text[s:e]):
        s -= 1  # the clause opens with a quotation that closes inside it: keep its mark
    if text[s : s + 5].lower() == "that ":
        i = ctx.tok_at(s)
        if i >= len(ctx.doc) or ctx.doc[i].dep_ not in ("nsubj", "nsubjpass"):
            s += 5  # the conjunction "that", not the pronoun ("said that was the end of it")
    dateline = _DATELINE_RE.match(text, s, e)
    if dateline:
        s = dateline.end()  # "WASHINGTON -- Federal agents seized ..."
    content = text[s:e]
    if len(WORD_RE.findall(content)) < _MIN_WORDS:
        return None
    if _unbalanced(content):
        return None
    return s, e


def _unbalanced(content: str) -> bool:
    return bool((content.count('"') + content.count("''")) % 2) or content.count("“") != content.count("”")


def _past_closing_mark(text: str, s: int, e: int) -> int:
    """Keep the closing mark of a quotation the clause ends with (`the bill "means everything"`):
    the edge punctuation stripped it, which would leave the clause's marks unbalanced. Text
    rebuilt from tokens may put a space before the mark (`"racial insensitivity. "`)."""
    for i in range(e, min(e + 4, len(text))):
        if text[i - 1] == " " and text[i + 1 : i + 2].isalnum():
            break  # `polite, "according to`: a mark before a word opens, whatever the space says
        if text[i] in '"”' or text.startswith("''", i):
            content = text[s:e]
            opened = (
                content.count('"') % 2 or content.count("“") > content.count("”") or content.count("''") % 2
            )
            return i + (2 if text.startswith("''", i) else 1) if opened else e
        if text[i] not in ".,;:!?… ":
            break
    return e


def _relative_clause(ctx: QuoteContext, verb: Token, clause: Token) -> bool:
    """A clause the parser hung on the verb that really qualifies a noun: "reported a rise in the
    messages it was catching" (an object between the verb and the clause), "warned about e-mails
    that are spreading" (a relative pronoun right after a noun)."""
    if clause.i < verb.i:
        return False
    if verb.lemma_.lower() not in ctx.rules.addressee_verbs and any(
        c.dep_ == "dobj" and verb.i < c.i < clause.left_edge.i and not _same_word(c, clause.left_edge)
        for c in verb.children
    ):
        return True
    subj = next((c for c in clause.lefts if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.lower_ not in ("that", "which", "who") or subj.i == 0:
        return False
    return ctx.doc[subj.i - 1].pos_ in ("NOUN", "PROPN")


def _fronted_relative(verb: Token, clause: Token) -> bool:
    """ "In the speech - which prompted a standing ovation - he also promised ...": a relative
    clause before the verb that the parser made its complement says nothing the speaker said."""
    if clause.i > verb.i:
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WDT", "WP") for c in clause.children)


def _same_word(first: Token, last: Token) -> bool:
    """ "re-election": pieces of one hyphenated word, however the parser split their heads."""
    doc = first.doc
    return all(not doc[i].whitespace_ for i in range(first.i, last.i))


def _past_addressee(ctx: QuoteContext, verb: Token, left: Token, clause: Token) -> Token:
    """ "told the BBC Michael Howard had ...", "told Reuters it would ...": the parser put the
    addressee of 'tell' into the reported clause; it ends where a name of its own does."""
    doc = ctx.doc
    if verb.lemma_ != "tell" or any(c.dep_ in ("dobj", "dative") for c in verb.children):
        return left
    i = left.i + (1 if left.lower_ == "the" else 0)
    t = doc[i]
    if t.ent_type_ not in ("ORG", "NORP", "GPE") or t.ent_iob_ != "B":
        return left
    while i + 1 < clause.i and doc[i + 1].ent_iob_ == "I":
        i += 1
    nxt = doc[i + 1] if i + 1 < clause.i else None
    if nxt is None or nxt.pos_ in ("VERB", "AUX", "PART", "ADP", "CCONJ", "PUNCT") or nxt.tag_ == "POS":
        return left  # the organisation is the subject itself
    return nxt


def _clause_start(ctx: QuoteContext, verb: Token, clause: Token) -> Token:
    """Where the reported words of a ccomp begin: after "that", and after a time or place that
    belongs to the saying ("said on Monday it would ..."). In a relative clause ("the deficit,
    which he said would be 4.5% of GDP") the relative pronoun stands for the clause's subject:
    what was said runs from the word after the verb."""
    left = clause.left_edge
    if verb.dep_ == "relcl" and left.i < verb.i < clause.i:
        left = ctx.doc[verb.i + 1]
    while verb.i < left.i - 1 and not ctx.doc[left.i - 1].whitespace_:
        left = ctx.doc[left.i - 1].left_edge  # "suggest the re-election of X would": one word
    subjects = [x.i for x in clause.lefts if x.dep_ in ("nsubj", "nsubjpass")]
    for ch in clause.lefts if clause.i > verb.i else ():
        # "said on Monday it would": the time of the saying; "In a minute, the roof was in
        # flames, Owen said": the clause's own
        leading = ch.left_edge.i == left.i and ch.dep_ in ("prep", "npadvmod", "advmod", "punct")
        if leading and any(i > ch.right_edge.i for i in subjects):
            left = ctx.doc[ch.right_edge.i + 1]
    while left.dep_ == "mark" and left.lower_ in ("that", "whether", "if") and left.i < clause.i:
        left = ctx.doc[left.i + 1]
    return _past_addressee(ctx, verb, left, clause)


def clausal_complement(ctx: QuoteContext, verb: Token) -> Clause | None:
    """ "said (that) the plan failed": the verb's ccomp. The first one decides, unless one follows
    the verb and the first is no half of a clause split around the attribution: "In a statement
    released after ..., Cruz said he's certain ..." (the parser made the fronted words a
    complement)."""
    ccomps = [
        c for c in verb.children if c.dep_ == "ccomp" and any(t.pos_ in ("VERB", "AUX") for t in c.subtree)
    ]
    if not ccomps:
        return None
    c = ccomps[0]
    half = _second_half(verb, c)
    after = next((x for x in ccomps if x.i > verb.i), None)
    if c.i < verb.i and after is not None and half is None:
        c = after
    if _relative_clause(ctx, verb, c) or _fronted_relative(verb, c):
        return _NO_CLAUSE
    left = _before_coordination(ctx, verb, c) or _clause_start(ctx, verb, c)
    right = _clause_end(ctx, half or _run_on(verb, c, ctx.rules.speech_verbs))
    right = _and_clause(ctx, verb, right) or right
    return trim(ctx, left.idx, right.idx + len(right.text)) or _NO_CLAUSE


def _and_clause(ctx: QuoteContext, verb: Token, end: Token) -> Token | None:
    """ "Paris claims that her passport was taken away and she was forced to work": a clause with
    a subject of its own that the parser coordinated with the speech verb, joined by a bare "and"
    right after the reported clause (no comma), goes on with what was said; its last word."""
    doc = ctx.doc
    for c in verb.rights:
        if c.dep_ != "conj" or c.i <= end.i:
            continue
        own_subject = has_subject(c)
        joined = end.i + 1 < len(doc) and doc[end.i + 1].lower_ == "and" and doc[end.i + 2 : c.i + 1]
        if not own_subject or not joined or c.left_edge.i != end.i + 2:
            return None
        return None if c.lemma_.lower() in ctx.rules.speech_verbs else c.right_edge
    return None


def _run_on(verb: Token, clause: Token, speech_verbs: frozenset[str]) -> Token:
    """ "said police were concerned there might be a second bomb": the parser cut one clause into
    complements of the speech verb that follow each other with no punctuation between; the last
    of the run ends the clause."""
    last = clause
    for c in verb.rights:
        adjacent = c.left_edge.i == last.right_edge.i + 1 and not c.left_edge.is_punct
        if c.i > last.i and c.dep_ == "ccomp" and adjacent:
            if last.right_edge.lemma_.lower() in speech_verbs:
                break  # "with the i reporting no one will be refused": the complement of "reporting"
            last = c
    return last


def _second_half(verb: Token, first: Token) -> Token | None:
    """ "It is no surprise, Mr. Garin said, that Mrs. Clinton has done well": the parser split a
    clause around the attribution set off inside it into two complements; they are one."""
    second = next((c for c in verb.rights if c.dep_ == "ccomp"), None)
    if first.i > verb.i or second is None:
        return None
    doc = verb.doc
    after_first, before_second = first.right_edge.i + 1, second.left_edge.i - 1
    set_off = doc[after_first].text == "," and doc[before_second].text == ","
    return second if set_off and after_first < verb.i < before_second else None


def _before_coordination(ctx: QuoteContext, verb: Token, clause: Token) -> Token | None:
    """ "A bomb killed an officer, and police had no suspects, officials said": the parser made
    the speech verb a conjunct of the first clause and the second its complement; the
    attribution at the end covers both."""
    head = verb.head
    if clause.i > verb.i or verb.dep_ != "conj" or head.i >= clause.left_edge.i:
        return None
    if head.lemma_.lower() in ctx.rules.speech_verbs or head.pos_ not in ("VERB", "AUX"):
        return None  # "Lee said X, and the police said Y": two statements
    return head.left_edge


def _clause_end(ctx: QuoteContext, clause: Token) -> Token:
    """Where a ccomp's reported words end: before the next statement the parser hung inside it
    (`_next_statement`), or before the writer's own words at its end (`_writers_gloss`)."""
    doc = ctx.doc
    for t in clause.subtree:
        if t.i <= clause.i:
            continue
        coordinated = _coordinated_statement(ctx, clause, t)
        first = coordinated or _next_statement(ctx, clause, t) or _writers_gloss(ctx, clause, t)
        if first is None:
            continue
        i = first - 1
        # the comma or closing mark, and the "and" of a coordinated statement or after a comma
        while i > clause.i and (doc[i].is_punct or _joining_and(doc[i], coordinated is not None)):
            i -= 1
        if i == first - 1 and coordinated is None:
            continue  # no comma or mark sets it off: part of the clause
        return doc[i]
    return clause.right_edge


def _joining_and(tok: Token, coordinated: bool) -> bool:
    """The "and" before a statement of its own: of a coordinated speech verb, or after a comma
    (", and a police source said ...")."""
    return tok.dep_ == "cc" and (coordinated or tok.i > 0 and tok.doc[tok.i - 1].is_punct)


def _finite(verb: Token, clause: Token) -> bool:
    """A verb with a tense of its own: "admitted", "has admitted", and a bare form the tagger
    gave a present its base tag for ("claimed X and claim Y") when the clause has no modal for it
    to share ("would call her and ask her")."""
    if verb.tag_ in ("VBD", "VBZ", "VBP"):
        return True
    if any(c.dep_ == "aux" and c.tag_ in FINITE_TAGS for c in verb.children):
        return True
    return verb.tag_ == "VB" and not any(c.dep_ == "aux" for c in clause.children)


def _next_statement(ctx: QuoteContext, clause: Token, t: Token) -> int | None:
    """The first word of a statement of its own inside a reported clause, when a comma or mark
    sets it off: a speaking participle (`told Newsmax that Romney "had a crazy policy," adding,
    "..."`), a speech verb with a subject of its own (", although he would not say who") or an
    absolute clause of speech (", with the committee announcing that ...")."""
    if t.lemma_.lower() not in ctx.rules.speech_verbs:
        return None
    on_noun = t.dep_ == "acl" and t.head.dep_ == "pobj"
    with_ = t.head if t.dep_ == "pcomp" else t.head.head if on_noun else None
    stating = any(c.dep_ == "ccomp" for c in t.children)  # not "with the economy adding 151,000 jobs"
    if t.tag_ == "VBG" and stating and with_ is not None and with_.lower_ == "with":
        return with_.i  # ", with the committee announcing that ...": a statement of its own
    if t.dep_ not in ("advcl", "conj"):
        return None
    if has_subject(t):
        return t.left_edge.i
    return t.i if t.tag_ == "VBG" else None


def _coordinated_statement(ctx: QuoteContext, clause: Token, t: Token) -> int | None:
    """A finite speech verb the parser coordinated with the clause's own verb goes with the
    speaker, comma or not ("said his attacks had worked and said that ...", "said some people
    were in denial but predicted ..."); a bare one under the clause's modal ("said she would
    call him and ask him to resign") or one with a modal the speech verb lacks ("stated it would
    attack ... and would respond") is part of what was said."""
    if t.dep_ != "conj" or t.head.i != clause.i or not _finite(t, clause):
        return None
    if has_subject(t) or t.lemma_.lower() not in ctx.rules.speech_verbs:
        return None
    if _modal(t) and not _modal(clause.head):
        return None  # "stated it would attack ... and would respond": the statement's future
    return t.left_edge.i  # its auxiliary ("but has admitted"); the "and" before it goes with it


def _modal(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children)


def _writers_gloss(ctx: QuoteContext, clause: Token, t: Token) -> int | None:
    """The first word of what the writer adds at the end of a reported clause, after a comma: a
    relative clause on a name ("the FBI had the cooperation of Bryan Pagliano, who set up the
    server") or a contrast ("he will support the nominee, even as he has criticised
    him"). The speaker's words end before it."""
    doc = ctx.doc
    after = doc[t.right_edge.i + 1 : clause.right_edge.i + 1]
    if not all(x.is_punct for x in after):
        return None  # not at the end of the clause
    first = t.left_edge
    if first.i == 0 or doc[first.i - 1].text != ",":
        return None
    if t.dep_ == "relcl" and first.lower_ in _GLOSS_RELATIVES and _named(t.head):
        return first.i
    words = " ".join(x.lower_ for x in doc[first.i : first.i + 2])
    if t.dep_ == "advcl" and (first.lower_ in ctx.rules.contrast_marks or words in ctx.rules.contrast_marks):
        return first.i
    return None


def _named(tok: Token) -> bool:
    """A name: what a relative clause after it tells is the writer's background ("Bryan Pagliano,
    who set up the server"); after a common noun it may be the speaker's reasoning ("trust
    between police and immigrants, who might be afraid to report crimes")."""
    return tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "FAC")


#: Relative words that open a writer's gloss after a comma (not "that": a restrictive clause).
_GLOSS_RELATIVES = frozenset({"who", "which", "whom", "whose", "where"})


def _that_clause_on(ctx: QuoteContext, noun: Token) -> Clause | None:
    """A "that" clause the parser hung on a noun, with a subject of its own (a relative clause's
    "that" is its subject, not a mark, so "the case that was closed" is none)."""
    for c in noun.children:
        kids = list(c.lefts)
        if (
            c.dep_ in ("acl", "relcl")
            and any(k.dep_ == "mark" and k.lower_ == "that" for k in kids)
            and any(k.dep_ in ("nsubj", "nsubjpass") for k in kids)
        ):
            mark = next(k for k in kids if k.dep_ == "mark")
            end = c.right_edge.idx + len(c.right_edge.text)
            return trim(ctx, mark.idx + len(mark.text), end) or _NO_CLAUSE
    return None


def clause_on_addressee(ctx: QuoteContext, verb: Token) -> Clause | None:
    """ "told the BBC's Today programme that the plan was sound", parsed as a clause on the object."""
    if verb.lemma_.lower() not in ctx.rules.addressee_verbs:
        return None
    for obj in verb.children:
        found = _that_clause_on(ctx, obj) if obj.dep_ == "dobj" else None
        if found is not None:
            return found
    return None


def clause_on_medium(ctx: QuoteContext, verb: Token) -> Clause | None:
    """ "said in a statement that she was relieved", "wrote on Facebook that ...": the parser hung
    the reported clause on the noun of the medium it was said in."""
    for prep in verb.rights:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "on", "during", "at"):
            continue
        for obj in prep.children:
            found = _that_clause_on(ctx, obj) if obj.dep_ == "pobj" else None
            if found is not None:
                return found
    return None


def parenthetical(ctx: QuoteContext, verb: Token) -> Clause | None:
    """ "The plan failed, she said.": the clause the speech verb is a parenthetical of."""
    if verb.dep_ == "parataxis" and verb.head.i < verb.i:
        head = verb.head
        # "The stove was on, police said, and a heater had been lit": the clause goes on past the
        # attribution with a conjunct of the same statement
        if is_inserted(verb):
            last = head.right_edge
            return trim(ctx, head.left_edge.idx, last.idx + len(last.text)) or _NO_CLAUSE
        return trim(ctx, head.left_edge.idx, verb.left_edge.idx) or _NO_CLAUSE
    if _closing_attribution(verb):
        start = verb.sent.start
        return trim(ctx, verb.doc[start].idx, verb.left_edge.idx) or _NO_CLAUSE
    return None


def _closing_attribution(verb: Token) -> bool:
    """ "BMW will enter the market for people carriers, the firm's chief has told BBC News.": the
    parser read the attribution that ends the sentence as a relative clause of the last noun
    before its comma; with a subject of its own, no relative pronoun and no clause of its own, it
    is a parenthetical."""
    if verb.dep_ != "relcl" or verb.left_edge.i == 0 or verb.doc[verb.left_edge.i - 1].text != ",":
        return False
    if not has_subject(verb) or any(c.dep_ == "ccomp" for c in verb.children):
        return False
    if any(t.tag_ in ("WDT", "WP", "WP$", "WRB") for t in verb.doc[verb.left_edge.i : verb.i]):
        return False
    rest = verb.doc[verb.right_edge.i + 1 : verb.sent.end]
    return all(t.is_punct or t.is_space for t in rest)


def _set_off_by_commas(verb: Token, *, comma_before_verb: bool = False) -> bool:
    """", police said,": a comma before the verb's first word (or, with `comma_before_verb`, right
    before the verb itself: "Recipients, said Mauer, are ...") and one after its last word."""
    doc = verb.doc
    left, right = verb.left_edge.i, verb.right_edge.i  # the commas may be the verb's own
    opened = doc[left].text == "," or left > 0 and doc[left - 1].text == ","
    opened = opened or comma_before_verb and doc[verb.i - 1].text == ","
    closed = doc[right].text == "," or right + 1 < len(doc) and doc[right + 1].text == ","
    return opened and closed


def is_inserted(verb: Token) -> bool:
    """ "The fire, officials said, started in the kitchen": a speech verb set off by commas inside
    the clause it reports (the clause holds its cue, as a reader reads it)."""
    if verb.dep_ != "parataxis":  # "It is no surprise, Mr. Garin said, that ...": two halves
        first = next((c for c in verb.lefts if c.dep_ == "ccomp"), None)
        return first is not None and _second_half(verb, first) is not None
    if verb.head.i < verb.i:  # "The stove was on, police said, and a heater had been lit"
        goes_on = any(c.i > verb.right_edge.i and not c.is_punct for c in verb.head.children)
        return goes_on and _set_off_by_commas(verb)
    return _set_off_by_commas(verb, comma_before_verb=True)


def inserted_parenthetical(ctx: QuoteContext, verb: Token) -> Clause | None:
    """The whole clause a speech verb is inserted in ("Institutional recipients, said Mauer, are
    required to report every gift"); the words on either side alone say nothing."""
    if not is_inserted(verb):
        return None
    head = verb.head
    if head.pos_ not in ("VERB", "AUX") or head.left_edge.i >= verb.i:
        return _NO_CLAUSE  # hung on a noun after it: no clause around the verb to read
    return trim(ctx, head.left_edge.idx, head.right_edge.idx + len(head.right_edge.text)) or _NO_CLAUSE


def stated_object(ctx: QuoteContext, verb: Token) -> Clause | None:
    """ "Trump emphasized the need for a border wall", "police confirmed the death of a man": the
    object of a verb that states it (`object_statement_verbs`), when it reports no clause; or its
    gerund ("Hiller admitted killing two coworkers"). What is promised or asked for ("pledged
    billions of dollars") is a quote only with `speech_acts`."""
    lemma = verb.lemma_.lower()
    if lemma not in ctx.rules.object_statement_verbs or not _someone(ctx, verb):
        return None  # "the crash highlighted the need for ...": a thing states nothing
    if lemma in ctx.rules.act_object_verbs and not ctx.rules.settings.speech_acts:
        return None
    gerund = next((c for c in verb.rights if c.dep_ in ("xcomp", "dobj") and c.tag_ == "VBG"), None)
    if gerund is not None and not has_subject(gerund):
        return trim(ctx, gerund.left_edge.idx, gerund.right_edge.idx + len(gerund.right_edge.text))
    obj = next((c for c in verb.rights if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")), None)
    if obj is None or any(
        t.pos_ in ("VERB", "AUX") and t.dep_ in ("relcl", "acl", "ccomp") for t in obj.subtree
    ):
        return None  # a noun with a clause of its own is read by the clause stages or not at all
    return trim(ctx, obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge.text))


#: How the parser hangs the stated clause on "clear" or "made" ("made clear that ...").
_PHRASE_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "csubj"})


def stated_phrase(ctx: QuoteContext, verb: Token) -> Clause | None:
    """ "made clear he intended to ...", "made it clear that the bridge would stay closed": the
    clause the parser hung on the word that makes the verb a statement (`statement_phrases`)."""
    word = statement_word(verb, ctx.rules)
    if word is None:
        return None
    hung = [*word.rights, *(c for c in verb.rights if c.i > word.i)]  # on "clear", or on "made"
    clause = next((c for c in hung if c.dep_ in _PHRASE_CLAUSE_DEPS and c.pos_ in ("VERB", "AUX")), None)
    if clause is None:
        # "will make the case to Democrats that Clinton is qualified": a that clause on the noun
        return _that_clause_on(ctx, word) or _NO_CLAUSE  # "made clear his opposition": none
    left = _clause_start(ctx, verb, clause)
    return trim(ctx, left.idx, clause.right_edge.idx + len(clause.right_edge.text)) or _NO_CLAUSE


def clause_of_quoting_verb(ctx: QuoteContext, verb: Token) -> Clause | None:
    """ "No damage had been reported, the chief was quoted by AFP as saying": "saying" reports
    the clause the parser hung on the quoting verb."""
    prep = verb.head
    if verb.dep_ != "pcomp" or prep.lower_ != "as" or prep.head.lemma_.lower() not in ctx.rules.quoting_verbs:
        return None
    return clausal_complement(ctx, prep.head)


def as_clause(ctx: QuoteContext, verb: Token) -> Clause | None:
    """ "As Heald told The Huffington Post, US surface ozone has dropped", "..., as the mayor
    noted": the clause an "as" clause of speech is hung on is what was said. A speech verb with
    an object of its own ("As she said goodbye, ...") says when, not what."""
    head = verb.head
    if verb.dep_ != "advcl" or head.pos_ not in ("VERB", "AUX"):
        return None
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        return None
    addressee = verb.lemma_.lower() in ctx.rules.addressee_verbs
    if any(c.dep_ in ("ccomp", "xcomp") or c.dep_ == "dobj" and not addressee for c in verb.children):
        return None
    if verb.i < head.i:  # the "as" clause first: the words after it
        start, end = verb.right_edge.i + 1, head.right_edge.i
    else:
        start, end = head.left_edge.i, verb.left_edge.i - 1
    if end < start:
        return _NO_CLAUSE
    first, last = ctx.doc[start], ctx.doc[end]
    return trim(ctx, first.idx, last.idx + len(last.text)) or _NO_CLAUSE


def clause_of_misread_verb(ctx: QuoteContext, verb: Token) -> Clause | None:
    """ "A local newspaper reports that Simpson has been held": the tagger read the verb as a
    noun and hung the clause on it as on a noun."""
    if verb.pos_ != "NOUN":
        return None
    return _that_clause_on(ctx, verb) or _NO_CLAUSE


def promised_act(ctx: QuoteContext, verb: Token) -> Clause | None:
    """ "vowed to keep abortion legal", "threatened to sue the city": the act a commissive speech
    verb commits its speaker to, with its "to" (`commissive_verbs`; only with `speech_acts`)."""
    if not ctx.rules.settings.speech_acts:
        return None
    if verb.lemma_.lower() not in ctx.rules.commissive_verbs or not _someone(ctx, verb):
        return None
    act = next((c for c in verb.rights if c.dep_ == "xcomp" and _to_infinitive(c)), None)
    if act is None:
        return None
    return trim(ctx, act.left_edge.idx, act.right_edge.idx + len(act.right_edge.text))


def _to_infinitive(verb: Token) -> bool:
    """ "to stay indoors": the verb has its "to" before it."""
    return any(a.lower_ == "to" for a in verb.lefts)


def _someone(ctx: QuoteContext, verb: Token) -> bool:
    """The verb's subject may be someone who speaks: "the mayor threatened to sue", not "the
    storm threatened to flood the town" (a name, a pronoun, a role, a group, any plural or a
    document). A participle on a noun speaks for the noun ("a statement promising to sign")."""
    subj = verb.head if verb.dep_ == "acl" else next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return True  # "... and vowed to": the subject of the verb it is coordinated with
    if subj.pos_ in ("PRON", "PROPN") or subj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    # a document speaks for its author ("the report revealed")
    speakers = ctx.rules.speakers
    return speakers.speaks_for_others(subj) or subj.lemma_.lower() in speakers.source_nouns


def accusation(ctx: QuoteContext, verb: Token) -> Clause | None:
    """ "accused Grassley of blocking the seat", "blamed the utility for the outage": whom the
    verb charges and with what (`accusation_verbs`); without both it reports nothing."""
    prep_word = ctx.rules.accusation_verbs.get(verb.lemma_.lower())
    if prep_word is None:
        return None
    charged = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    # "blamed a faulty valve for the leak": the parser may hang the charge on the one charged
    preps = [*verb.rights, *(charged.rights if charged is not None else ())]
    prep = next((c for c in preps if c.dep_ == "prep" and c.lower_ == prep_word), None)
    if charged is None or prep is None or prep.i < charged.i or not list(prep.children):
        return None
    return trim(ctx, charged.left_edge.idx, prep.right_edge.idx + len(prep.right_edge.text))


ClauseStage = Callable[[QuoteContext, Token], "Clause | None"]
#: The clause a speech verb reports, read in this order; the first stage with an answer wins.
CLAUSE_STAGES: tuple[ClauseStage, ...] = (
    clause_of_misread_verb,
    clausal_complement,
    clause_on_addressee,
    clause_on_medium,
    parenthetical,
    inserted_parenthetical,
    clause_of_quoting_verb,
    as_clause,
    stated_object,
    promised_act,
)


def reported_clause(ctx: QuoteContext, verb: Token) -> Clause | None:
    for stage in CLAUSE_STAGES:
        found = stage(ctx, verb)
        if found is not None:
            return None if found == _NO_CLAUSE else found
    return None


def according_clause(ctx: QuoteContext, tok: Token) -> Clause | None:
    """The clause 'according to X' qualifies, without the according phrase. An attribution of its
    own ("she said years later, according to her website") reports nothing more: the direct quote
    it attributes is the statement."""
    head = tok.head
    if head.pos_ not in ("VERB", "AUX") or head.i == tok.i:
        return None
    if _bare_attribution(ctx, head):
        return None
    sub_l, sub_r = head.left_edge, head.right_edge
    acc_l, acc_r = tok.left_edge, _according_phrase_end(tok)
    if acc_l.i > head.i:  # "..., according to X."
        sub_l = _first_conjunct(head).left_edge
        return trim(ctx, sub_l.idx, acc_l.idx)
    if acc_r.i < head.i:  # "According to X, ..."
        return trim(ctx, acc_r.idx + len(acc_r.text), sub_r.idx + len(sub_r.text))
    return None


def _bare_attribution(ctx: QuoteContext, verb: Token) -> bool:
    """ "she said years later": a speech verb with a speaker subject and nothing it reports ("157,000
    jobs were added" is no attribution: a passive)."""
    if verb.lemma_.lower() not in ctx.rules.speech_verbs or is_passive(verb):
        return False
    deps = {c.dep_ for c in verb.children if c.lower_ != "according"}
    return "nsubj" in deps and deps <= _BARE_ATTRIBUTION_DEPS


#: What a speech verb that reports nothing may have: a subject, a time, a manner ("said years later").
_BARE_ATTRIBUTION_DEPS = frozenset({"nsubj", "aux", "advmod", "npadvmod", "neg", "punct"})


def _first_conjunct(head: Token) -> Token:
    """ "Gomes was jailed three times and was held without bail, according to court records",
    "A rose, while B fell, according to X": the parser hung the final phrase on the last clause;
    it covers every clause coordinated with it, or hung on it, before."""
    while head.dep_ in ("conj", "advcl") and head.head.i < head.i and head.head.pos_ in ("VERB", "AUX"):
        head = head.head
    return head


def _according_phrase_end(tok: Token) -> Token:
    """ "According to Rathbun the property was returned": with no comma the parser may run the
    clause's subject into the phrase (the name read as a verb with an object); the phrase ends
    with the name."""
    end = tok.right_edge
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    source = next((c for c in to.children if c.dep_ in ("pobj", "pcomp")), None) if to is not None else None
    if source is not None and source.pos_ in ("PROPN", "VERB") and source.text[:1].isupper():
        objects = [c for c in source.rights if c.dep_ == "dobj"]
        if objects:
            return source.doc[objects[0].left_edge.i - 1]
    return end


def directive(ctx: QuoteContext, verb: Token) -> Clause | None:
    """ "urged residents to stay indoors", "called on the management to recall the notice",
    "called for the city to build homes": the addressee and what they were asked to do (a
    directive verb with a "to" infinitive)."""
    if verb.lemma_.lower() not in ctx.rules.directive_verbs or verb.dep_ == "xcomp":
        return None  # "plans to ask the council to pay": an intention, not yet said
    # "pleaded with him to see a doctor": the infinitive may be read as a clause of purpose
    act = next((c for c in verb.rights if c.dep_ in ("xcomp", "advcl") and _to_infinitive(c)), None)
    if act is None:
        return _act_inside_addressee(ctx, verb) or _call_for(ctx, verb)
    addressee = next((c for c in verb.rights if c.dep_ == "dobj" and c.i < act.i), None)
    if addressee is not None and act.dep_ == "advcl":
        return None  # "called the apartment to inquire why ...": a purpose, not a call to act
    if addressee is None:
        on = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ in _ADDRESSEE_PREPS), None)
        if on is not None and on.i < act.i:
            addressee = next((g for g in on.children if g.dep_ == "pobj"), None)
    if addressee is None:  # "was asked to leave", "called to say": nobody is addressed
        return _call_for(ctx, verb) if act.dep_ == "advcl" else None
    # "urged people to follow his lead and 'dump' brands": the parser cut the act's object off
    tail = [c for c in verb.rights if c.dep_ == "dobj" and c.i > act.right_edge.i]
    last = tail[-1].right_edge if tail else act.right_edge
    return trim(ctx, addressee.left_edge.idx, last.idx + len(last.text))


#: Prepositions that introduce the addressee of a call: "called on", "appealed to", "called for",
#: "pleaded with".
_ADDRESSEE_PREPS = frozenset({"on", "upon", "to", "for", "with"})


def is_intended(verb: Token, beliefs: frozenset[str]) -> bool:
    """ "wanted to admit 250,000 Syrians", "plans to announce", "were encouraged to suggest":
    speech under an intention, a belief or a request is not yet said."""
    while verb.dep_ == "conj" and verb.head.i < verb.i:
        verb = verb.head  # "were encouraged to submit designs and suggest ..."
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in beliefs | _REQUEST_VERBS


#: Verbs of a request to speak: what the addressee is asked to say is not yet said.
_REQUEST_VERBS = frozenset({"encourage", "invite"})


def _call_for(ctx: QuoteContext, verb: Token) -> Clause | None:
    """ "have called for the United States and allies to organize ground forces": "for" with a
    subject and a "to" infinitive, which the parser reads as a clause of its own."""
    for c in verb.rights:
        lefts = list(c.lefts)
        if c.dep_ == "advcl" and lefts and lefts[0].lower_ == "for" and _to_infinitive(c):
            first = ctx.doc[lefts[0].i + 1]
            return trim(ctx, first.idx, c.right_edge.idx + len(c.right_edge.text))
    return None


def _act_inside_addressee(ctx: QuoteContext, verb: Token) -> Clause | None:
    """ "Police ask anyone with information to call the ATF": the parser hung the act on the
    last noun of the addressee's phrase; a "to" infinitive that ends the phrase is the act."""
    addressee = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    if addressee is None:
        return None
    phrase = [addressee, *(c for c in verb.rights if c.dep_ == "prep" and c.i > addressee.i)]
    words = [t for part in phrase for t in part.subtree]
    act = next((t for t in words if t.dep_ == "acl" and _to_infinitive(t)), None)
    if act is None or act.right_edge.i != max(t.i for t in words):
        return None
    return trim(ctx, addressee.left_edge.idx, act.right_edge.idx + len(act.right_edge.text))


def _has_particle(verb: Token, particle_verbs: Mapping[str, str]) -> bool:
    """ "pointed out that ...": a verb that states only with its particle ("she pointed to the
    table" is a gesture)."""
    particle = particle_verbs.get(verb.lemma_.lower())
    return particle is None or any(c.dep_ == "prt" and c.lower_ == particle for c in verb.children)


def _clause_and_cue(ctx: QuoteContext, tok: Token) -> tuple[Clause | None, str]:
    if tok.lower_ == "according":
        if tok.i + 1 >= len(ctx.doc) or tok.nbor(1).lower_ != "to":
            return None, ""
        return according_clause(ctx, tok), "according to"
    lemma = tok.lemma_.lower()
    if is_statement_noun(tok, ctx.rules):  # "Kelly's assertion that ..."
        clause = _that_clause_on(ctx, tok)
        return (None, "") if clause in (None, _NO_CLAUSE) else (clause, lemma)
    word = statement_word(tok, ctx.rules)
    if word is not None:  # "made clear": the phrase is the cue
        clause = stated_phrase(ctx, tok)
        return (None, "") if clause in (None, _NO_CLAUSE) else (clause, f"{lemma} {word.lower_}")
    clause = reported_clause(ctx, tok) if lemma in ctx.rules.speech_verbs else None
    if clause is None and lemma in ctx.rules.directive_verbs and ctx.rules.settings.speech_acts:
        clause = directive(ctx, tok)
    if clause is None and lemma in ctx.rules.accusation_verbs and ctx.rules.settings.speech_acts:
        clause = accusation(ctx, tok)
    return clause, lemma if clause is not None else ""


def _confidence(ctx: QuoteContext, sp: Speaker) -> float:
    if sp.via == "description":
        return ctx.rules.confidence("indirect_description")
    if sp.via != "pronoun":
        return ctx.rules.confidence("indirect_named")
    return ctx.rules.confidence("indirect_pronoun" if sp.name else "indirect_unresolved_pronoun")


_NOBODY_WORDS = frozenset({"neither", "no", "nobody", "none", "noone"})


def is_denied(verb: Token, withholding: frozenset[str] = frozenset()) -> bool:
    """Speech that did not happen: "did not say", "Neither Mr Howard nor Mr Letwin would say",
    "No official would say", "declined to say" (a `withholding` verb above it)."""
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in withholding:
        return True
    for c in verb.children:
        if c.dep_ == "neg":
            return True
        if c.dep_ not in ("nsubj", "nsubjpass"):
            continue
        nobody = (d.lower_ in _NOBODY_WORDS for d in c.children if d.dep_ in ("det", "preconj"))
        if c.lower_ in _NOBODY_WORDS or any(nobody):
            return True
    return False


def title_line(text: str) -> range:
    """ "US economy still growing says Fed⏎⏎Most areas of the US ...": the offsets of a headline
    (the text's first line, with no end punctuation, before more lines), which sums up what the
    article reports and is no statement of its own; empty when the text opens with none."""
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    if end < 0 or not text[end:].strip() or ends_sentence(text[start:end]):
        return range(0)
    return range(start, end)


def is_passive(verb: Token) -> bool:
    """ "were told by police that ...", "Asked if he would stand again, Mr Hague replied",
    "When asked whether ...": the statement or question is put to the subject, who says nothing."""
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return True
    bare = not any(c.dep_ in ("aux", "nsubj") for c in verb.children)  # a participle: no tense, no subject
    return verb.tag_ in ("VBN", "VBD") and verb.dep_ == "advcl" and bare


def agent_of(verb: Token) -> Token | None:
    """The agent of a passive speech verb: "by police"."""
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None


def find_reported_speech(ctx: QuoteContext, direct: list[tuple[int, int]]) -> Iterator[Reported]:
    """Reported clauses of speech verbs outside quotation marks and outside the direct quotes.

    A named speaker becomes salient for later pronouns ("Mr Hale insisted ... He denied ...")."""
    title = title_line(ctx.text)
    for tok in ctx.reporting_tokens:
        if tok.idx in ctx.quoted or is_denied(tok, ctx.rules.withholding_verbs) or tok.idx in title:
            continue
        if is_intended(tok, ctx.rules.belief_verbs) or not _has_particle(tok, ctx.rules.particle_verbs):
            continue
        clause, cue = _clause_and_cue(ctx, tok)
        if clause is None:
            continue
        s, e = clause
        absorbs = mixed_quote(ctx, clause, direct, cue_before=tok.idx < s)
        if absorbs is None or s in ctx.quoted:
            continue
        if (s <= tok.idx < e and not is_inserted(tok)) or ctx.para_of(tok.idx) != ctx.para_of(s):
            continue  # a clause holding its own cue, or a headline's verb taking the first line
        owner = owner_of(tok) if is_statement_noun(tok, ctx.rules) else None
        if owner is not None:
            sp = ctx.speaker(owner)  # "Kelly's assertion that ...", "his contention that ..."
        elif is_passive(tok):
            agent = agent_of(tok)
            sp = ctx.speaker(agent) if agent is not None else None
        else:  # "Five bombs fell, they said": not the clause's own subject
            sp = speaker_of_cue(ctx, Cue(tok, antecedent_before=s if s < tok.idx else None))
        if sp is None:
            continue
        yield Reported(s, e, sp, cue, _confidence(ctx, sp), absorbs)
        if sp.via != "pronoun":
            ctx.resolver.note(sp)
