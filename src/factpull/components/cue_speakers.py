"""The speaker a speech cue names: stages `(context, cue) -> Speaker | None`, tried in order.

A cue is a speech verb ("said", "told", "insisted") or "according to", found beside a direct quote
or reporting an indirect one. Its speaker is usually the verb's subject; the later stages read
the inverted and misparsed forms the parser gets wrong ("said Len Burman", "Said Trump:").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from .quote_context import FINITE_TAGS, QuoteContext, has_subject, written_text
from .speakers import Speaker, is_inner_hyphen, span_text

#: Dependencies under which a noun right after a speech verb is its inverted subject ("said Burman").
_INVERTED_DEPS = frozenset({"attr", "npadvmod", "nsubj", "oprd", "appos", "dep"})
#: Clause links the subject search climbs through: "was quick to say", "said and added".
_CLIMB_DEPS = frozenset({"xcomp", "advcl", "conj", "pcomp", "prep", "advmod"})  # "went so far as to say"
_CLIMB_STEPS = 5
#: Words that open a relative clause ("the stadium where ...", "the man who ...").
_RELATIVE_WORDS = frozenset({"where", "which", "who", "whom", "whose", "wherein"})


@dataclass(frozen=True)
class Cue:
    """A speech cue and the words around the quote it was found in."""

    verb: Token
    region: list[Token] | None = None
    """The words beside a direct quote the cue was found in (None for an indirect quote)."""
    antecedent_before: int | None = None
    """A "they" must refer to someone named before this offset ("Bombs fell, they said")."""


def _read(ctx: QuoteContext, tok: Token, cue: Cue) -> Speaker | None:
    return ctx.speaker(tok, antecedent_before=cue.antecedent_before)


def _name_run_end(ctx: QuoteContext, first: Token, stop: int) -> Token:
    """The last proper noun of the run of proper nouns starting at `first`, before index `stop`."""
    head = first
    while head.i + 1 < stop and ctx.doc[head.i + 1].pos_ == "PROPN":
        head = ctx.doc[head.i + 1]
    return head


def according_to(ctx: QuoteContext, cue: Cue) -> Speaker | None:
    """ "according to Troy police Lt. Jo Kerr": the object of "to", or the person a title ends with."""
    verb, doc = cue.verb, ctx.doc
    for to in verb.children:
        for obj in to.children:
            if obj.dep_ != "pobj":
                continue
            if obj.ent_type_ != "PERSON":
                person = titled_person(ctx, verb.i + 2)
                if person is not None:
                    return _read(ctx, person, cue)
            return _read(ctx, obj, cue)
    if verb.i + 2 < len(doc) and verb.nbor(1).lower_ == "to":
        return _read(ctx, doc[verb.i + 2], cue)
    return None


def titled_person(ctx: QuoteContext, start: int) -> Token | None:
    """The person a title phrase ends with ("Troy police Lt. Jo Kerr"), within a few words."""
    doc = ctx.doc
    for i in range(start, min(start + 8, len(doc))):
        t = doc[i]
        if t.ent_type_ == "PERSON":
            while i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I":
                i += 1  # the last word of the name
            return doc[i]
        if not (t.pos_ in ("PROPN", "NOUN", "ADJ", "DET") or t.dep_ == "amod" or t.text in (".", "'s", "’s")):
            return None  # ("retired" is tagged a verb)
    return None


def quoted_as_saying(ctx: QuoteContext, cue: Cue) -> Speaker | None:
    """ "MENA quoted an official source as saying ...", "Kacong was quoted by AFP as saying ...":
    the one quoted speaks, not the outlet; the cue may be the quoting verb itself ("..., the aid
    agency was quoted as saying")."""
    verb = cue.verb
    quoting = verb.head.head if verb.dep_ == "pcomp" and verb.head.lower_ == "as" else verb
    if quoting.lemma_.lower() not in ctx.rules.quoting_verbs:
        return None
    # the object, or the subject of the passive ("Kacong was quoted by AFP as saying")
    quoted = next((c for c in quoting.children if c.dep_ in ("dobj", "nsubjpass")), None)
    return _read(ctx, quoted, cue) if quoted is not None else None


def participle_head(ctx: QuoteContext, cue: Cue) -> Speaker | None:
    """ "footage of Hillary Clinton asking, ...": the name or role a speaking participle hangs on."""
    verb = cue.verb
    head = verb.head
    if verb.dep_ != "acl" or head.pos_ not in ("PROPN", "NOUN"):
        return None
    if head.pos_ == "PROPN" or head.ent_type_ or ctx.rules.speakers.speaks_for_others(head):
        return _read(ctx, head, cue)
    return None


def pictured_speaker(ctx: QuoteContext, cue: Cue) -> Speaker | None:
    """ "footage of Hillary Clinton asking, ...", "a video of Ann Lee saying ...": a person named
    right before a speaking participle, as the object of "of", is the one speaking."""
    verb = cue.verb
    if verb.tag_ != "VBG" or verb.i == 0:
        return None
    prev = ctx.doc[verb.i - 1]
    if prev.ent_type_ != "PERSON" or prev.dep_ != "pobj" or prev.head.lower_ != "of":
        return None
    return _read(ctx, prev, cue)


def main_clause_subject(ctx: QuoteContext, cue: Cue) -> Speaker | None:
    """ "Trump was defensive when asked about an architect who said he was stiffed, saying, ...",
    `Trump told Newsmax that Romney "had a crazy policy," adding, "..."`: a participle set off by
    a comma at the end of a sentence tells what the main clause's subject did, whatever clause
    the parser hung it on."""
    verb = cue.verb
    if verb.tag_ != "VBG" or verb.dep_ not in ("advcl", "xcomp") or not _after_comma(verb):
        return None
    root = verb.sent.root
    if root.i == verb.head.i or root.i > verb.i:
        return None  # hung on the main clause already: the plain subject stage reads it
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return _read(ctx, subj, cue) if subj is not None else None


def _after_comma(tok: Token) -> bool:
    """A comma right before the word, or before the quotation mark that closes there
    (`..., "maniacal," adding, "..."`)."""
    i = tok.i - 1
    while i >= 0 and tok.doc[i].is_quote:
        i -= 1
    return i >= 0 and tok.doc[i].text == ","


def _subject_search_start(ctx: QuoteContext, verb: Token) -> Token:
    """ "an official downplayed the unrest saying that ...": a participle on a non-person object
    takes the subject of the clause it hangs on."""
    head = verb.head
    if verb.dep_ != "acl" or head.pos_ not in ("PROPN", "NOUN"):
        return verb
    if head.pos_ == "PROPN" or head.ent_type_ or ctx.rules.speakers.speaks_for_others(head):
        return verb
    if head.dep_ in ("dobj", "pobj") and head.head.pos_ == "VERB":
        return head.head
    return verb


def is_relative_clause(verb: Token) -> bool:
    """ "the stadium where the Panthers played", "the man who spoke": a clause about a noun."""
    return verb.dep_ == "relcl" or any(
        c.dep_ in ("advmod", "nsubj", "dobj") and c.lower_ in _RELATIVE_WORDS and c.i < verb.i
        for c in verb.children
    )


def clause_subject(ctx: QuoteContext, cue: Cue) -> Speaker | None:
    """The subject of the verb, or of the clause it is part of ("was quick to say", "and added").

    A participle the parser hung on a relative clause ("protesters marched past the stadium where
    the Panthers played, while chanting") tells what the clause around it did: the relative
    clause's own subject is passed over and the climb goes on. A progressive ("Mr. Murdoch, who
    is enjoying his role and is saying ...") is a finite verb, no bare participle."""
    verb = cue.verb
    v = _subject_search_start(ctx, verb)
    participle = verb.tag_ == "VBG" and not any(c.dep_ == "aux" for c in verb.children)
    for _ in range(_CLIMB_STEPS):
        skipped = participle and v is not verb and is_relative_clause(v)
        subjects = (
            []
            if skipped
            else [c for c in v.children if c.dep_ == "nsubj" or c.dep_ == "nsubjpass" and v is not verb]
        )
        subjects = [_person_before_role(_past_contraction(c)) for c in subjects]
        # two subjects is an apposition missing its comma ("The chairman, Guy Mansfield QC warned")
        subjects.sort(key=lambda c: (c.ent_type_ != "PERSON", c.pos_ != "PROPN"))
        for c in subjects:
            sp = _read(ctx, c, cue)
            if sp is not None:
                return sp
        if subjects:
            break  # "although some in the party are urging ...": its own subject, if nobody we know
        if (v.dep_ not in _CLIMB_DEPS and not skipped) or v.head.i == v.i:
            break
        v = _outer_speech_verb(ctx, v) or v.head
    return None


def _person_before_role(subj: Token) -> Token:
    """ "Deborah Tamargo, the chairwoman of the county GOP, recalled": the parser made the role
    the subject and hung the name before it on the verb; the name is who spoke."""
    doc = subj.doc
    i = subj.left_edge.i - 1
    if i < 1 or doc[i].text != "," or subj.pos_ != "NOUN":
        return subj
    name = doc[i - 1]
    if name.ent_type_ == "PERSON" and name.head.i == subj.head.i and name.dep_ != "nsubj":
        return name
    return subj


def _past_contraction(subj: Token) -> Token:
    """ "he’s said": the parser may make the contracted auxiliary the subject and hang the
    pronoun on it; the pronoun is the subject."""
    if subj.text[:1] in ("'", "’"):  # tagged a verb or a noun
        return next((c for c in subj.children if c.dep_ == "nsubj"), subj)
    return subj


def subject_of_aside(ctx: QuoteContext, cue: Cue) -> Speaker | None:
    """ "Sen. Richard Durbin, noting the size of his following, said, ...": a speech verb with no
    subject of its own whose subject the parser gave to the participle set off before it, hung
    on the verb or (the participle made the root) the verb hung on it."""
    verb = cue.verb
    if has_subject(verb):
        return None
    head = verb.head
    hung_on = [head] if verb.dep_ == "parataxis" and head.i < verb.i else []
    for aside in [*verb.lefts, *hung_on]:
        participle = aside.tag_ in ("VBG", "VBN") and aside.dep_ in ("advcl", "ccomp", "ROOT")
        if participle and _after_comma(aside):
            subj = next((c for c in aside.children if c.dep_ == "nsubj" and c.i < aside.i), None)
            if subj is not None and (subj.pos_ == "PROPN" or subj.ent_type_ == "PERSON"):
                return _read(ctx, subj, cue)
    return None


def name_before_aside(ctx: QuoteContext, cue: Cue) -> Speaker | None:
    """ "after Mr. Trump, asked about the deaths, had said, ...": a speech verb with no subject
    right after an aside between commas that opens with a participle; the name before the aside
    is the speaker, however the parser hung it."""
    verb, doc = cue.verb, ctx.doc
    if has_subject(verb):
        return None
    i = verb.i - 1
    while i >= 0 and doc[i].pos_ == "AUX":
        i -= 1  # "had said"
    if i < 1 or doc[i].text != "," or doc[i].sent.start != verb.sent.start:
        return None
    opening = next((k for k in range(i - 1, verb.sent.start - 1, -1) if doc[k].text == ","), None)
    if opening is None or opening + 1 >= i or not _participle_without_subject(doc[opening + 1]):
        return None
    name = doc[opening - 1] if opening > 0 else None
    if name is None or not (name.ent_type_ == "PERSON" or name.pos_ == "PROPN") or name.idx in ctx.quoted:
        return None
    return _read(ctx, name, cue)


_DASHES = frozenset({"-", "--", "—", "–"})


def name_before_dashes(ctx: QuoteContext, cue: Cue) -> Speaker | None:
    """ "Mr Bez - himself a former executive at rival Porsche - said ...": an aside set off by
    dashes between the name and its speech verb; when the parser took a noun of the aside for the
    subject (or none), the name before the first dash spoke."""
    verb, doc = cue.verb, ctx.doc
    i = verb.i - 1
    while i >= 0 and doc[i].pos_ == "AUX":
        i -= 1  # "had said"
    if i < 2 or doc[i].text not in _DASHES:
        return None
    start = verb.sent.start
    opening = next((k for k in range(i - 1, start - 1, -1) if doc[k].text == doc[i].text), None)
    if opening is None or opening == start or opening + 1 >= i:
        return None
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and not opening < subj.i < i:
        return None  # "John Dickey, the chief of Ora Media -- the firm that ... -- said": read as parsed
    name = doc[opening - 1]
    if not (name.ent_type_ == "PERSON" or name.pos_ == "PROPN") or name.idx in ctx.quoted:
        return None
    return _read(ctx, name, cue)


def _participle_without_subject(tok: Token) -> bool:
    """ "asked about ...", "noting ...": a participle (or a past form the tagger read as one) that
    has no subject of its own."""
    if tok.tag_ not in ("VBG", "VBN", "VBD") or tok.dep_ == "ROOT":
        return False
    return not has_subject(tok)


def _outer_speech_verb(ctx: QuoteContext, verb: Token) -> Token | None:
    """ "He said some people were in denial but predicted a change": a speech verb the parser
    coordinated with a verb of another speech verb's reported clause goes with that speech verb,
    not with the clause's subject ("some people")."""
    head = verb.head
    if verb.dep_ != "conj" or head.dep_ != "ccomp" or verb.lemma_.lower() not in ctx.rules.speech_verbs:
        return None
    outer = head.head
    return outer if outer.lemma_.lower() in ctx.rules.speech_verbs and outer.i < verb.i else None


def sentence_subject(ctx: QuoteContext, cue: Cue) -> Speaker | None:
    """ "Mr. Trump hardly clarified the matter, treating her remark as a compliment -- "…" -- and,
    when questioned, asserting, "…"": a participle with no subject of its own whose clause the
    parser ran into the quotation (its root inside the marks) speaks for the sentence's first
    subject outside the marks, left of the cue and not in a relative clause."""
    verb = cue.verb
    if verb.tag_ != "VBG" or has_subject(verb):
        return None
    for tok in verb.sent:
        if tok.i >= verb.i:
            break
        if tok.dep_ != "nsubj" or tok.idx in ctx.quoted or tok.head.idx in ctx.quoted:
            continue
        if tok.head.tag_ not in FINITE_TAGS or is_relative_clause(tok.head):
            continue
        sp = _read(ctx, tok, cue)
        if sp is not None:
            return sp
    return None


def name_opening_region(ctx: QuoteContext, cue: Cue) -> Speaker | None:
    """ "...," Flynn, a top surrogate, said: a name opening the words after the quote."""
    verb, region = cue.verb, cue.region
    if not region or region[0].i >= verb.i:
        return None
    first = next((t for t in region if not t.is_punct), None)
    if first is None or first.i >= verb.i or not (first.pos_ == "PROPN" or first.ent_type_ == "PERSON"):
        return None
    return _read(ctx, _name_run_end(ctx, first, verb.i), cue)


def inverted_subject(ctx: QuoteContext, cue: Cue) -> Speaker | None:
    """ "said Len Burman": a noun right of the verb that the parser did not make its subject.
    The object of an addressee verb ("told reporters") is the person spoken to, and the object of
    a statement verb ("highlighting the importance of air quality") what was stated: neither is
    the speaker."""
    verb = cue.verb
    lemma = verb.lemma_.lower()
    object_is_other = lemma in ctx.rules.addressee_verbs or lemma in ctx.rules.object_statement_verbs
    for c in verb.rights:
        inverted = c.dep_ in _INVERTED_DEPS or (c.dep_ == "dobj" and not object_is_other)
        if inverted and c.pos_ in ("PROPN", "NOUN"):
            sp = _read(ctx, c, cue)
            if sp is not None:
                return sp
    return None


def word_before_cue(ctx: QuoteContext, cue: Cue) -> Speaker | None:
    """The noun or pronoun right before the verb in the quote's region, whatever its parse."""
    if cue.region is None:
        return None
    before = [t for t in cue.region if t.i < cue.verb.i]
    if before and before[-1].pos_ in ("PROPN", "NOUN", "PRON"):
        return _read(ctx, before[-1], cue)
    return None


def name_after_cue(ctx: QuoteContext, cue: Cue) -> Speaker | None:
    """ "Said Trump:" with "trump" tagged a noun, "said Skelly" with "Skelly" tagged an adverb: a
    capitalised word right after the verb, a proper noun, a noun or a name this Doc knows."""
    if cue.region is None:
        return None
    after = [t for t in cue.region if t.i > cue.verb.i]
    if after and (after[0].pos_ == "PROPN" or after[0].is_title and _noun_or_known(ctx, after[0])):
        end = _name_run_end(ctx, after[0], after[-1].i + 1)
        if end.ent_type_ != "PERSON":
            end = _person_after_title(ctx, end, after[-1].i) or end
        return _read(ctx, end, cue)
    if after and after[0].i == cue.verb.i + 1:
        # "said retired neurosurgeon Ben Carson, asked about ...": a title, then the person the
        # parser made the subject of the next clause
        person = titled_person(ctx, cue.verb.i + 1)
        if person is not None and person.i <= after[-1].i:
            return _read(ctx, person, cue)
    return None


def _person_after_title(ctx: QuoteContext, first: Token, stop: int) -> Token | None:
    """ "said Oversight ranking Democrat Elijah Cummings": words of a title, then a person (a
    name tagged a person, one this Doc knows or a known first name), before any punctuation; the
    last word of the person's name."""
    doc = ctx.doc
    for i in range(first.i + 1, min(stop, first.i + 8) + 1):
        t = doc[i]
        if t.is_punct:
            return None
        known = ctx.resolver.names.knows(t.lower_) or t.lower_ in ctx.rules.speakers.first_names
        if t.pos_ == "PROPN" and (t.ent_type_ == "PERSON" or known):
            return _name_run_end(ctx, t, stop + 1)
    return None


def _noun_or_known(ctx: QuoteContext, tok: Token) -> bool:
    return tok.pos_ == "NOUN" or ctx.resolver.names.knows(tok.lower_)


def text_that_reads(ctx: QuoteContext, cue: Cue) -> Speaker | None:
    """ "..., the editorial read": the text is the speaker, as written (or its author, as for "the
    IMF report said", when the text's words name one)."""
    verb = cue.verb
    if verb.lemma_.lower() not in ctx.rules.reading_verbs:
        return None
    text = written_text(verb, ctx.rules)
    if text is None:
        return None
    sp = _read(ctx, text, cue) if text.pos_ in ("NOUN", "PRON") else None
    if sp is not None:
        return sp
    words = [t for t in ctx.doc[max(0, text.i - 1) : text.i + 1] if t.i == text.i or t.pos_ == "DET"]
    s, e = words[0].idx, text.idx + len(text.text)
    return Speaker(span_text(ctx.text, words), None, (s, e), "unknown", "phrase")


#: Parts of a subject that describe it rather than name it: "activists clamoring to block X".
_DESCRIBING_DEPS = frozenset({"relcl", "acl", "appos", "advcl", "punct", "cc", "conj"})
#: A subject read as written is at most this many words ("Nearly nine out of 10").
_WRITTEN_SUBJECT_WORDS = 8


def subject_as_written(ctx: QuoteContext, cue: Cue) -> Speaker | None:
    """ "About 9 percent said ...", "Republican activists clamoring to block Trump say ...": a
    subject no reader names (a share of a poll, a described group) is the speaker as written,
    without the clauses that describe it; a pronoun or a determiner alone names nobody."""
    verb = cue.verb
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.idx in ctx.quoted:
        return None
    if subj.lower_ in _DESCRIBED_PRONOUNS and any(c.dep_ in ("acl", "relcl") for c in subj.children):
        return _described_pronoun(ctx, subj)  # "those surveyed said", "those who attended say"
    if subj.pos_ not in ("NOUN", "NUM", "ADJ", "PROPN"):
        return None
    if subj.ent_type_ in ("DATE", "TIME", "MONEY") and subj.pos_ != "ADJ":
        return None  # "Monday said" is a misparse, not a speaker; "the 46-year-old said" is one
    if subj.lower_ in ctx.resolver.rules.not_speaker_nouns:
        return None  # "Speculation suggests": nobody speaking
    words = [subj, *(t for c in subj.children if c.dep_ not in _DESCRIBING_DEPS for t in c.subtree)]
    first, last = min(words, key=lambda t: t.i), max(words, key=lambda t: t.i)
    if last.i - first.i + 1 > _WRITTEN_SUBJECT_WORDS:
        return None
    # "5%" is no comma
    if any(t.pos_ == "PUNCT" and not is_inner_hyphen(t) for t in ctx.doc[first.i : last.i]):
        return None
    return _as_written(ctx, list(ctx.doc[first.i : last.i + 1]))


def _as_written(ctx: QuoteContext, toks: list[Token]) -> Speaker:
    """A group named by the words of the text, kept as written."""
    first, last = toks[0], toks[-1]
    return Speaker(span_text(ctx.text, toks), None, (first.idx, last.idx + len(last.text)), "group", "phrase")


#: Pronouns that name a group by the clause that describes them ("those surveyed").
_DESCRIBED_PRONOUNS = frozenset({"those", "many", "some", "most", "others", "few"})


def _described_pronoun(ctx: QuoteContext, subj: Token) -> Speaker | None:
    """ "those surveyed", "those who attended the rally": the pronoun names nobody, the clause
    after it does; the group is the pronoun with its clause, as written."""
    toks = [t for t in ctx.doc[subj.i : subj.right_edge.i + 1] if not t.is_space]
    if len(toks) > _WRITTEN_SUBJECT_WORDS or any(t.is_punct for t in toks):
        return None
    return _as_written(ctx, toks)


CueStage = Callable[[QuoteContext, Cue], "Speaker | None"]
#: The speaker of a speech verb, read in this order; the first stage with an answer wins.
VERB_STAGES: tuple[CueStage, ...] = (
    text_that_reads,
    quoted_as_saying,
    participle_head,
    pictured_speaker,
    main_clause_subject,
    name_before_dashes,
    clause_subject,
    subject_of_aside,
    name_before_aside,
    name_opening_region,
    inverted_subject,
    word_before_cue,
    name_after_cue,
    sentence_subject,
    subject_as_written,
)


def speaker_of_cue(ctx: QuoteContext, cue: Cue) -> Speaker | None:
    """The speaker a speech verb or "according to" names, or None."""
    if cue.verb.lower_ in ("according", "words"):  # "according to X", "in the words of X"
        return according_to(ctx, cue)
    for stage in VERB_STAGES:
        sp = stage(ctx, cue)
        if sp is not None:
            return sp
    return None
