"""Long texts of any shape are split into pieces spaCy handles in linear time, offsets exact."""

from __future__ import annotations

import re

import pytest
from conftest import claims_of
from hypothesis import given, settings
from hypothesis import strategies as st

import factpull.batch as batch
from factpull.batch import MAX_RUN, split_text, stream_reports
from factpull.io import Source

SENTENCE = "Police in Denver arrested 14 people on Friday, officials said. "


def _covers(text: str, pieces: list[tuple[int, str]]) -> None:
    assert "".join(chunk for _, chunk in pieces) == text
    assert all(text[offset:offset + len(chunk)] == chunk for offset, chunk in pieces)


@pytest.mark.parametrize(
    "text, ends_with",
    [
        (SENTENCE * 60, ". "),  # no line breaks: cut at sentence ends
        ("police arrested people in denver " * 100, " "),  # no sentence ends: at whitespace
        ("Line one of a list\n" * 200, "\n"),  # lines, no paragraphs
        ("A paragraph of news. More news.\n\n" * 100, "\n\n"),
    ],
)
def test_pieces_end_at_the_best_boundary_available(text, ends_with):
    pieces = split_text(text, limit=1000)
    _covers(text, pieces)
    assert len(pieces) > 1
    assert all(len(chunk) <= 500 for _, chunk in pieces)  # long texts are cut in half-limit pieces
    assert all(chunk.endswith(ends_with) for _, chunk in pieces[:-1])


@pytest.mark.parametrize("text", ["x" * 5000, '"' * 5000, "1234567890" * 500, ".,;:!?-()" * 500])
def test_text_without_whitespace_is_hard_cut_into_short_runs(text):
    pieces = split_text(text)
    _covers(text, pieces)
    assert all(len(chunk) <= MAX_RUN for _, chunk in pieces)


def test_a_long_run_inside_news_gets_pieces_of_its_own():
    text = SENTENCE * 3 + "z" * (3 * MAX_RUN) + " " + SENTENCE * 3
    pieces = split_text(text)
    _covers(text, pieces)
    assert pieces[0][1] == SENTENCE * 3  # the news before the run is cut at the whitespace before it
    assert max(len(m.group()) for _, chunk in pieces for m in re.finditer(r"\S+", chunk)) <= MAX_RUN


def test_an_ordinary_article_stays_whole():
    text = (SENTENCE * 5 + "\n\n") * 20
    assert split_text(text) == [(0, text)]


def test_many_tokens_in_few_characters_are_split(monkeypatch):
    monkeypatch.setattr(batch, "CHUNK_TOKENS", 200)
    text = '" ' * 400  # 800 characters, 400 tokens
    pieces = split_text(text)
    _covers(text, pieces)
    assert len(pieces) > 1
    assert all(len(re.findall(r"\S", chunk)) <= 100 for _, chunk in pieces)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab. \n"“”\'1,')), max_size=3000), st.integers(50, 2000))
def test_pieces_always_cover_the_text_within_the_bounds(text, limit):
    pieces = split_text(text, limit=limit)
    _covers(text, pieces)
    if len(pieces) > 1:
        assert all(0 < len(chunk) <= limit // 2 for _, chunk in pieces)


def test_claims_near_the_end_of_a_text_without_line_breaks_have_exact_offsets(nlp, monkeypatch):
    monkeypatch.setattr(batch, "CHUNK_CHARS", 800)
    text = "".join(
        f'Police in Denver arrested {n} people on Friday. "We will go on," said Chief Ana Ruiz. '
        for n in range(10, 40)
    )
    assert "\n" not in text and len(split_text(text)) > 5
    [report] = stream_reports([Source("long", text=text)], nlp)
    counts = claims_of(report, "count")
    assert [c["value"] for c in counts] == list(range(10, 40))
    for claim in report.model_dump(mode="json")["claims"]:
        assert text[claim["start"]:claim["end"]] == claim["text"]
        for mention in claim.get("mentions") or []:
            assert text[mention["start"]:mention["end"]] == mention["text"]
    assert counts[-1]["start"] > len(text) * 0.95
    quotes = claims_of(report, "quote")
    assert len(quotes) == 30 and all(q["speaker"].endswith("Ana Ruiz") for q in quotes)


# -- pieces without a letter or a digit hold no claim, and are not parsed --------------------------
MARKS = "\"“”„'‘’«»`"


@pytest.mark.parametrize("text", [MARKS * 3000, MARKS, ".,;:!?-()" * 4000, "\n\n" + " ' " * 9000])
def test_a_text_without_letters_or_digits_is_one_blank_piece(text):
    [(chunk, piece)] = list(batch._pieces([Source("marks", text=text)]))
    assert chunk == "" and piece.blank and piece.last and piece.offset == 0


def test_runs_of_blank_chunks_become_one_blank_piece_each_among_the_others():
    text = SENTENCE * 100 + MARKS * 3000 + " " + SENTENCE * 100 + MARKS * 3000
    chunks = split_text(text)
    pieces = list(batch._pieces([Source("mixed", text=text)]))
    texts = [chunk for chunk, _ in pieces]
    assert [chunk for _, chunk in chunks if re.search(r"[^\W_]", chunk)] == [t for t in texts if t]
    assert [p.blank for _, p in pieces].count(True) == 2  # one for each run of marks
    assert [p.last for _, p in pieces] == [False] * (len(pieces) - 1) + [True]
    assert pieces[-1][1].blank  # the text ends in marks: the last piece is the blank one


@pytest.mark.parametrize("letterless", ["«»", MARKS * 3000])
def test_a_text_of_quotation_marks_gives_a_report_without_claims(nlp, letterless):
    [report] = stream_reports([Source("marks", text=letterless)], nlp)
    assert report.error is None and report.claims == []


def test_news_after_a_run_of_marks_keeps_its_claims_and_offsets(nlp):
    news = SENTENCE * 20
    text = MARKS * 3000 + "\n\n" + news
    [alone] = stream_reports([Source("news", text=news)], nlp)
    [after] = stream_reports([Source("mixed", text=text)], nlp)
    shift = len(text) - len(news)
    assert [(c.type, c.start + shift, c.end + shift, c.text) for c in alone.claims] == \
        [(c.type, c.start, c.end, c.text) for c in after.claims]
    for claim in after.claims:
        assert text[claim.start:claim.end] == claim.text
