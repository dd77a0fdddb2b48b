"""Untrusted strings shown to people: escapes for controls, bidi overrides and lone surrogates."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factpull.untrusted import cell, clean_surrogates, one_line, printable


@pytest.mark.parametrize("text, expected", [
    ("story.txt", "story.txt"),
    ("Zürich — “quoted” 東京.txt", "Zürich — “quoted” 東京.txt"),
    ("\x1b[31mred\x1b[0m.txt", "\\x1b[31mred\\x1b[0m.txt"),
    ("\x1b]52;c;aGk=\x07", "\\x1b]52;c;aGk=\\x07"),  # OSC 52: write to the clipboard
    ("a\nb\tc\rd", "a\\nb\\tc\\rd"),
    ("del\x7f c1\x85\x9b", "del\\x7f c1\\x85\\x9b"),
    ("evil\u202egnp.txt", "evil\\u202egnp.txt"),  # right-to-left override
    ("isolate\u2066x\u2069", "isolate\\u2066x\\u2069"),
    ("line\u2028para\u2029", "line\\u2028para\\u2029"),
    ("\u200fRLM stays", "\u200fRLM stays"),
    ("[bold]markup[/bold]", "[bold]markup[/bold]"),  # left alone: rich Text never reads markup
    ("lone\udcff", "lone\\udcff"),
])
def test_printable(text, expected):
    assert printable(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("107 undocumented\nimmigrants", "107 undocumented immigrants"),
    ("  spaced \t out  ", "spaced out"),
    ("said \x1b[2Jhello", "said \\x1b[2Jhello"),
    ("a\u2028b", "a b"),  # a line separator is whitespace: one space, like a newline
])
def test_cell(text, expected):
    assert cell(text) == expected


@pytest.mark.parametrize("text, replacement, expected", [
    ("plain", None, "plain"),
    ("caf\udce9.txt", None, "caf\\xe9.txt"),  # surrogate-escaped byte 0xE9 of a file name
    ("x\ud800y", None, "x\\ud800y"),
    ("x\ud800y\udfffz", "\ufffd", "x\ufffdy\ufffdz"),
])
def test_clean_surrogates(text, replacement, expected):
    assert clean_surrogates(text, replacement) == expected


@given(st.text())
def test_one_line_is_one_encodable_line_without_escape_codes(text):
    line = one_line(text)
    assert len(line.splitlines()) <= 1
    assert "\x1b" not in line and "\x9b" not in line
    line.encode("utf-8")  # no lone surrogate left


@given(st.text())
def test_replacing_surrogates_keeps_offsets(text):
    cleaned = clean_surrogates(text, "\ufffd")
    assert len(cleaned) == len(text)
    cleaned.encode("utf-8")


@pytest.mark.parametrize("text, expected", [
    ("a.txt: 12 people\nb.txt: 40 people", "a.txt: 12 people\nb.txt: 40 people"),
    ("a\x1b[2J.txt: x\nb\u202e.txt", "a\\x1b[2J.txt: x\nb\\u202e.txt"),
])
def test_lines_keep_their_breaks_and_escape_the_rest(text, expected):
    from factpull.untrusted import lines

    assert lines(text) == expected
