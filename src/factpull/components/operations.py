"""Named operations, campaigns and codenamed actions ("Operation Desert Storm", an operation
dubbed "Safe City"), each folded into one claim with every mention of its name.

The finder works on the raw text with a few precompiled regexes (names are a surface
phenomenon: capitals and quotation marks), and asks the tagger only one question: whether an
ambiguous cue such as "called" is a participle ("an operation called X") or a verb with an object
("the campaign called Trump a liar"). Every mention is recorded because the places component
drops place candidates that overlap an operation mention ("Safe City" is tagged GPE).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc

from ..models import Mention, OperationClaim
from .base import ClaimComponent, SentenceIndex

#: By the stage that found the name: the word "Operation" itself is the surest sign, a naming
#: cue after an operation noun next, a quoted name before such a noun the least sure.
CONFIDENCE = {"operation": 0.9, "cue": 0.85, "trailing": 0.75}
_TRAILING_PUNCT = ".,;:!?"
_QUOTE_OPEN = "\"“‘'"
_QUOTE_CLOSE = "\"”’'"
#: Entity labels under which a bare one-word operation name is another thing: "Phoenix, Arizona".
_OTHER_NAME_LABELS = frozenset({"GPE", "LOC", "PERSON", "NORP", "FAC"})


def _alternation(words: list[str]) -> str:
    """Longest first, so "code-named" wins over "named"; spaces match any run of blanks."""
    return "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class Patterns:
    """The regexes and word sets of `lexicon/operations.json`, compiled once per component."""

    operation: re.Pattern[str]
    cue: re.Pattern[str]
    trailing: re.Pattern[str]
    trailing_noun_after: re.Pattern[str]
    strict_cues: frozenset[str]
    non_operation_heads: frozenset[str]
    org_followers: frozenset[str]
    org_preceders: frozenset[str]


def compile_patterns(lex: dict) -> Patterns:
    word = r"[A-Z0-9][^\W_]*(?:[-'’][^\W_]+)*"
    connector = r"(?:" + _alternation(lex["name_connectors"]) + r")"
    cap_name = rf"{word}(?:(?:[ \t]+{connector})?[ \t]+{word}){{0,5}}"
    # A quoted name: at most 60 characters on one line; a single quote must not be an apostrophe.
    quoted = (
        r"(?:\"(?P<{g}1>[^\"\n]{{1,60}}?)\"|“(?P<{g}2>[^”\n]{{1,60}}?)”|‘(?P<{g}3>[^’\n]{{1,60}}?)’"
        r"|(?<!\w)'(?P<{g}4>[^'\n]{{1,60}}?)'(?!\w))"
    )
    operation = re.compile(
        rf"\bOperation[ \t]+(?:{quoted.format(g='q')}|(?P<cap>{cap_name}))"
    )
    cue = re.compile(
        rf"(?i:\b(?P<noun>{_alternation(lex['trigger_nouns'])})(?:e?s)?\b)"
        rf"(?P<between>(?:[ \t]*,|[ \t]+(?i:{_alternation(lex['between_words'])})\b)*)"
        # "called the X" names a business or a law far more often than an operation
        rf"[ \t]+(?P<cue>(?i:{_alternation(lex['cues'])}))[ \t]+(?:the[ \t]+(?=Operation\b))?"
        rf"(?P<op>Operation[ \t]+)?(?:{quoted.format(g='q')}|(?P<cap>{cap_name}))"
    )
    trailing = re.compile(
        rf"{quoted.format(g='q')}[ \t]+(?P<noun>(?i:{_alternation(lex['trailing_nouns'])})\b)"
    )
    return Patterns(
        operation=operation,
        cue=cue,
        trailing=trailing,
        trailing_noun_after=re.compile(
            rf"['\"’”]?[ \t]+(?i:(?:{_alternation(lex['trailing_nouns'])})\b)"
        ),
        strict_cues=frozenset(c.lower() for c in lex["strict_cues"]),
        non_operation_heads=frozenset(lex["non_operation_heads"]),
        org_followers=frozenset(w.lower() for w in lex["org_followers"]),
        org_preceders=frozenset(w.lower() for w in lex["org_preceders"]),
    )


@dataclass
class _Candidate:
    name: str
    start: int  # the mention's span (may include "Operation" and quotation marks)
    end: int
    how: str


def _quoted_group(match: re.Match[str]) -> tuple[int, int] | None:
    for g in ("q1", "q2", "q3", "q4"):
        if match.group(g) is not None:
            return match.span(g)
    return None


def _clean_name(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """Trim blanks, trailing punctuation, a possessive and a leading "Operation"; None if no name."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TRAILING_PUNCT):
        end -= 1
    for poss in ("'s", "’s"):
        if text.endswith(poss, start, end):
            end -= len(poss)
    name = text[start:end]
    if name.startswith("Operation ") and len(name) > len("Operation "):
        name = name[len("Operation ") :].lstrip()
    if not name or not (name[0].isupper() or name[0].isdigit()) or len(name.split()) > 6:
        return None
    return name, start, end


def _next_word(text: str, pos: int) -> str:
    match = re.match(r"[ \t]*([\w-]+)", text[pos : pos + 40])
    return match.group(1).lower() if match else ""


def _names_a_group(text: str, start: int, pats: Patterns) -> bool:
    """Whether the words before "Operation X" show it is an organisation: "relief agency Operation
    USA", "Ashok Vishwanathan of Operation Black Vote" (a named person belongs to a group, not to
    an action)."""
    window_start = max(0, start - 60)
    before = re.search(r"([\w'’.-]+)[ \t,]+(?:(of)[ \t]+)?$", text[window_start:start])
    if before is None:
        return False
    word = before.group(1)
    if not before.group(2):
        return word.lower() in pats.org_preceders
    return word[:1].isupper() and not _sentence_initial(text, window_start + before.start(1))


def _sentence_initial(text: str, start: int) -> bool:
    prefix = text[:start].rstrip(" \t\"“‘'(")
    return not prefix or prefix[-1] in ".!?\n:"


def _is_compound(doc: Doc, char: int) -> bool:
    """Whether the token at `char` modifies a following noun ("campaign pins")."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span is not None and span[0].dep_ == "compound"


def _is_participle(doc: Doc, char: int) -> bool:
    """Whether the token at `char` is tagged as a past participle (True when unknown)."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span is None or span[0].tag_ in ("VBN", "")


def prefixed_names(doc: Doc, text: str, pats: Patterns) -> Iterator[_Candidate]:
    """"Operation Desert Storm", "Operation 'Safe City'" — unless the words around make it a
    group or an office ("Operation Rescue said", "Enforcement and Removal Operations")."""
    for m in pats.operation.finditer(text):
        span = _quoted_group(m) or m.span("cap")
        cleaned = _clean_name(text, *span)
        if cleaned is None:
            continue
        name, _, name_end = cleaned
        end = m.end() if _quoted_group(m) else name_end
        if _next_word(text, end) in pats.org_followers or _names_a_group(text, m.start(), pats):
            continue
        yield _Candidate(name, m.start(), end, "operation")


def cued_names(doc: Doc, text: str, pats: Patterns) -> Iterator[_Candidate]:
    """An operation noun and a naming cue: a crackdown "dubbed", "code-named", "called" X.
    An ambiguous cue ("called") must be a participle: "the campaign called Trump a liar" is not."""
    for m in pats.cue.finditer(text):
        cue = re.sub(r"\s+", " ", m.group("cue").lower())
        if cue in pats.strict_cues and ("," in m.group("between") or not _is_participle(doc, m.start("cue"))):
            continue
        quoted = _quoted_group(m)
        if quoted is None and text.endswith(("'s", "’s"), 0, m.end("cap")):
            continue  # "the campaign called AP's report": the capitalised word only modifies
        if quoted is not None and _next_word(text, m.end()) == "by":
            continue  # a judgement, not a name: the raid, called "Shameful" by the mayor
        cleaned = _clean_name(text, *(quoted or m.span("cap")))
        if cleaned is None:
            continue
        name, start, end = cleaned
        if cue in pats.strict_cues and quoted is None and _next_word(text, end) in ("a", "an"):
            continue  # "called Trump a liar": an object and its complement, whatever the tagger says
        if m.group("op"):
            start = m.start("op")
            end = m.end() if quoted else end
        yield _Candidate(name, start, end, "cue")


def trailing_nouns(doc: Doc, text: str, pats: Patterns) -> Iterator[_Candidate]:
    """A quoted name before an operation noun: the "Safe City" operation — unless the noun only
    modifies another noun ("Ted Cruz" campaign pins)."""
    for m in pats.trailing.finditer(text):
        if _is_compound(doc, m.start("noun")):
            continue
        cleaned = _clean_name(text, *(_quoted_group(m) or (0, 0)))
        if cleaned is not None:
            yield _Candidate(cleaned[0], cleaned[1], cleaned[2], "trailing")


#: Where candidate names come from, in order; each has its confidence in `CONFIDENCE`.
STAGES = (prefixed_names, cued_names, trailing_nouns)


def _candidates(doc: Doc, text: str, pats: Patterns) -> Iterator[_Candidate]:
    for stage in STAGES:
        yield from stage(doc, text, pats)


def _is_quoted(text: str, start: int, end: int) -> bool:
    j = end
    while j < len(text) and text[j] in _TRAILING_PUNCT:
        j += 1
    return start > 0 and text[start - 1] in _QUOTE_OPEN and j < len(text) and text[j] in _QUOTE_CLOSE


def _bare_mentions(doc: Doc, text: str, name: str, pats: Patterns) -> Iterator[tuple[int, int]]:
    """Later mentions of a known name without "Operation": "The "Safe City" operation ended".

    A bare one-word name ("Phoenix") counts when quoted, followed by an operation noun, or not
    tagged as a place or person there, since the same word often names one elsewhere in the text.
    """
    pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
    single = len(name.split()) == 1
    blocked: list[tuple[int, int]] | None = None
    for m in pattern.finditer(text):
        start, end = m.span()
        if single and not (_is_quoted(text, start, end) or pats.trailing_noun_after.match(text, end)):
            if blocked is None:
                blocked = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _OTHER_NAME_LABELS]
            if any(start < e and s < end for s, e in blocked):
                continue
        yield start, end


def find_operations(doc: Doc, pats: Patterns) -> Iterator[OperationClaim]:
    """One OperationClaim per distinct operation name, with all its mentions in text order."""
    text = doc.text  # Doc.text joins every token: read it once
    accepted: list[_Candidate] = []
    for cand in sorted(_candidates(doc, text, pats), key=lambda c: (c.start, -(c.end - c.start))):
        if cand.name.split()[-1] in pats.non_operation_heads:
            continue
        if accepted and cand.start < accepted[-1].end:
            continue  # overlaps an earlier, longer candidate
        accepted.append(cand)
    if not accepted:
        return
    by_name: dict[str, list[_Candidate]] = {}
    for cand in accepted:
        by_name.setdefault(cand.name.casefold(), []).append(cand)
    sentences = SentenceIndex(doc)
    taken = [(c.start, c.end) for c in accepted]
    for cands in by_name.values():
        name = cands[0].name
        spans = [(c.start, c.end) for c in cands]
        for start, end in _bare_mentions(doc, text, name, pats):
            if not any(start < e and s < end for s, e in taken):
                spans.append((start, end))
                taken.append((start, end))
        spans.sort()
        mentions = [Mention(text=text[s:e], start=s, end=e, sentence=sentences(s)) for s, e in spans]
        first = mentions[0]
        yield OperationClaim(
            text=first.text,
            start=first.start,
            end=first.end,
            sentence=first.sentence,
            confidence=max(CONFIDENCE[c.how] for c in cands),
            name=name,
            mentions=mentions,
        )


class OperationsComponent(ClaimComponent):
    """Stores one `operation` claim per named operation."""

    factory = "factpull_operations"
    rule_files = ("operations.json",)

    def compile_rules(self) -> None:
        self.patterns = compile_patterns(self.rules["operations.json"])

    def find(self, doc: Doc) -> Iterator[OperationClaim]:
        return find_operations(doc, self.patterns)
