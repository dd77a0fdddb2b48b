"""Sentence starts at the line breaks that end a sentence, set before spaCy's parser runs.

News text puts a headline, a byline or a dateline on a line of its own and every paragraph on
its own line, yet the parser often runs across the break: "Nat Insurance to rise, say Tories⏎⏎
National Insurance will be raised, Tory leader Michael Howard has claimed." comes out as one
sentence whose main verb is the headline's, and every component that reads a sentence (the
speaker of a quote, the place of a count) reads the wrong one. spaCy's parser keeps sentence
starts set before it, so this component, placed before the parser, marks the first token after:

- a blank line (a paragraph break), always;
- a line ending a sentence (".", "!", "?", or a closing quotation mark or bracket after one);
- a line without end punctuation (a headline, byline or dateline, or a sentence of one-sentence-
  a-line text that lost its full stop) before a capitalised line, unless the text is hard-wrapped
  (its lines break mid-sentence: then only the first two rules apply).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

#: Characters a sentence ends with, and those that may follow its end on the line (closing marks).
_TERMINAL = frozenset(".!?")
_CLOSERS = frozenset("\"'”’)]»")
#: A text is hard-wrapped when at least this share of its single line breaks fall mid-sentence
#: (the next line starts in lower case), and at least this many do.
_WRAPPED_SHARE = 0.3
_WRAPPED_MIN = 2


@dataclass(frozen=True)
class LineBreak:
    """A line break: the line before it, whether a blank line follows, the first word after."""

    line: str
    blank: bool
    next_word: str


def ends_sentence(line: str) -> bool:
    """Does a line end a sentence ("... the dead.", "... smart.”", "(AP)" is not)?"""
    text = line.rstrip()
    while text and text[-1] in _CLOSERS:
        text = text[:-1]
    return bool(text) and text[-1] in _TERMINAL


def is_hard_wrapped(breaks: list[LineBreak]) -> bool:
    """Do the text's single line breaks fall mid-sentence (a text wrapped at a fixed width)?"""
    single = [b for b in breaks if not b.blank]
    mid = sum(1 for b in single if b.next_word[:1].islower())
    return mid >= _WRAPPED_MIN and mid >= _WRAPPED_SHARE * len(single)


def starts_sentence(brk: LineBreak, wrapped: bool) -> bool:
    """A blank line or a sentence's end always; in text that is not hard-wrapped, any line before
    a capitalised word too: a headline, or a sentence of one-sentence-a-line text (ECB+, wire
    copy) that lost its full stop ("... created by corrupt politicians⏎The vice president ...")."""
    if brk.blank or ends_sentence(brk.line):
        return True
    return not wrapped and brk.next_word[:1].isupper() and brk.line.rstrip()[-1:] not in ",;"


def line_breaks(doc: Doc) -> Iterator[tuple[int, LineBreak]]:
    """(index of the whitespace token holding a line break, the break) for every break in the Doc.

    spaCy makes every run of whitespace other than one space a token of its own, so each line
    break is inside one such token."""
    text = doc.text
    for tok in doc[1:-1]:
        if not tok.is_space or "\n" not in tok.text:
            continue
        line_start = text.rfind("\n", 0, tok.idx) + 1
        yield tok.i, LineBreak(text[line_start : tok.idx], tok.text.count("\n") >= 2, doc[tok.i + 1].text)


def sentence_starts(doc: Doc) -> list[int]:
    """The whitespace tokens that start a sentence because of the line break in them.

    The whitespace token, not the word after it, is marked: the parser keeps the start and breaks
    again at the word, whereas a start preset on a word made it cut the words after it apart too
    ("National | Insurance | will be raised")."""
    breaks = list(line_breaks(doc))
    wrapped = is_hard_wrapped([b for _, b in breaks])
    return [i for i, brk in breaks if starts_sentence(brk, wrapped)]


class LineBreaksComponent:
    """Marks sentence starts at line breaks (see the module's docstring); placed before the parser."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        for i in sentence_starts(doc):
            doc[i].is_sent_start = True
        return doc
