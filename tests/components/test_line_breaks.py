"""Sentence starts at line breaks: one (text, expected) table per rule, then the parse they give."""

from __future__ import annotations

import pytest

from factpull.components import line_breaks as lb


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Many children were among the dead.", True),
        ("He said it was “over.”", True),  # a closing mark after the full stop
        ("Is it safe?", True),
        ("Nat Insurance to rise, say Tories", False),
        ("WASHINGTON (AP)", False),
        ("", False),
    ],
)
def test_ends_sentence(line, expected) -> None:
    assert lb.ends_sentence(line) is expected


def _break(line: str, next_word: str, blank: bool = False) -> lb.LineBreak:
    return lb.LineBreak(line, blank, next_word)


@pytest.mark.parametrize(
    "brk, wrapped, expected",
    [
        (_break("a heading line", "Next", blank=True), False, True),  # a blank line, always
        (_break("It was over.", "The"), True, True),  # a sentence's end, even in wrapped text
        (_break("Flood warning issued", "Heavy"), False, True),  # a headline before its text
        (_break("Flood warning issued", "Heavy"), True, False),  # ... but in wrapped text a fragment
        (_break("Flood warning issued", "for"), False, False),  # the sentence goes on
        # one sentence a line, its full stop lost
        (_break("Unions say their members pay for a crisis made by corrupt politicians", "The"), False, True),
        (_break("Officials said that the road,", "Main"), False, False),  # broken after a comma
    ],
)
def test_starts_sentence(brk, wrapped, expected) -> None:
    assert lb.starts_sentence(brk, wrapped) is expected


@pytest.mark.parametrize(
    "breaks, expected",
    [
        ([_break("The council met on", "the"), _break("Monday and agreed", "to"), _break("it.", "It")], True),
        ([_break("Headline here", "The"), _break("It rained.", "Roads")], False),
        ([_break("One fragment broken", "at")], False),  # one mid-sentence break is no wrapping
    ],
)
def test_is_hard_wrapped(breaks, expected) -> None:
    assert lb.is_hard_wrapped(breaks) is expected


def test_a_headline_is_a_sentence_of_its_own(nlp) -> None:
    """Without the component the parser runs the headline into the first sentence."""
    text = (
        "Nat Insurance to rise, say Tories\n\n"
        "National Insurance will be raised by 1p, Tory leader Michael Howard has claimed.\n"
    )
    doc = nlp(text)
    first_word = text.index("National Insurance will")
    assert any(sent.start_char == first_word for sent in doc.sents)
    sent = next(s for s in doc.sents if s.start_char == first_word)
    assert sent.text.startswith("National Insurance will be raised")
    assert sent.root.lemma_ == "claim"


def test_only_line_breaks_are_marked(nlp) -> None:
    doc = nlp.make_doc("Roads closed.\nSchools shut. Trains ran late.")
    marked = lb.sentence_starts(doc)
    assert [doc[i].text for i in marked] == ["\n"]
