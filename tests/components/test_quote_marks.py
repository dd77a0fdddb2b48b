"""The text-only quotation-mark scanner: spans, paragraphs, continued quotes, quoted regions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factpull.components.quote_marks import QuotedRegions, find_quote_spans, paragraphs


def contents(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quote_spans(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('He said "we are done," and left.', ["we are done,"]),
        ("“Curly marks work,” she said.", ["Curly marks work,"]),
        ("''Two apostrophes,'' the Times writes.", ["Two apostrophes,"]),
        ("``Backticks too,'' he said.", ["Backticks too,"]),
        ("'British single marks,' said Lowe.", ["British single marks,"]),
        ("Don't split on ICE's or the officers' union in the '90s.", []),
        ("“Project ‘Clean Sweep’ failed,” she said.", ["Project ‘Clean Sweep’ failed,"]),
        ('"The doors were locked, "said Dana Cole.', ["The doors were locked,"]),  # spacing from tokens
        ("“First sentence. “Second sentence,” he said.", ["First sentence.", "Second sentence,"]),
        ("“Never closed and the paragraph ends\nA new paragraph.", ["Never closed and the paragraph ends"]),
    ],
)
def test_quote_spans(text: str, expected: list[str]) -> None:
    assert contents(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("One line.\nTwo line.", [(0, 9), (10, 19)]),
        ("One.\n\n\nTwo.", [(0, 4), (7, 11)]),
        # a hard-wrapped line: no end punctuation and a lower-case word next joins the lines
        ("A sentence that is wrapped by the editor before its\nend comes.", [(0, 62)]),
    ],
)
def test_paragraphs(text: str, expected: list[tuple[int, int]]) -> None:
    assert paragraphs(text) == expected


def test_a_paragraph_left_open_continues_at_the_next_opening_mark() -> None:
    text = "“We will fight on.\n“And we will win,” she said."
    first, second = find_quote_spans(text)
    assert (first.continued, first.closed) == (True, False)
    assert (second.continues, second.closed) == (True, True)
    assert second.paragraph == 1


def test_single_marks_are_flagged() -> None:
    (q,) = find_quote_spans("'Not now,' said Lowe.")
    assert q.single


def test_quoted_regions_hold_the_quoted_characters_only() -> None:
    text = 'Lee said "we won" today.'
    regions = QuotedRegions(find_quote_spans(text))
    inside = [i for i in range(len(text)) if i in regions]
    assert text[inside[0] : inside[-1] + 1] == "we won"


@given(st.text(alphabet="ab .,\n\"“”'‘’`", max_size=60))
def test_spans_lie_inside_the_text_in_order(text: str) -> None:
    spans = find_quote_spans(text)
    for q in spans:
        assert 0 <= q.open_at <= q.start < q.end <= q.close_end <= len(text)
    assert [q.start for q in spans] == sorted(q.start for q in spans)
