"""What in quotation marks is not a quote: each test of NOT_A_QUOTE on shapes, then on text."""

from __future__ import annotations

import pytest
from quote_helpers import first_site

from factpull.components import quote_filters as qf
from factpull.components.attribution import attribute


def shape(content: str, **kw) -> qf.QuoteShape:
    words = content.replace(",", " ").replace(".", " ").split()
    base = dict(
        content=content,
        words=words,
        has_verb=False,
        finite=False,
        form="alone",
        cue=None,
        prev_word="",
        named=False,
        inside_sentence=False,
        single=False,
        title_case=all(w[:1].isupper() for w in words),
    )
    return qf.QuoteShape(**{**base, **kw})


@pytest.mark.parametrize(
    "test, quote, expected",
    [
        (qf.no_words, shape("..."), True),
        (qf.two_words_without_verb, shape("Safe City"), True),
        (qf.two_words_without_verb, shape("No way!", form="after", cue="say"), False),
        (qf.three_words_uncued, shape("bad old days"), True),
        (qf.three_words_uncued, shape("Never again.", form="before", cue="say"), False),
        (qf.title, shape("The Art of War", title_case=True), True),
        (qf.title, shape("Why?", title_case=True, form="after", cue="ask"), False),  # an answer
        # a one-word reply with a speech verb after its comma: '"Technicals," Bob said'
        (qf.title, shape("Technicals,", title_case=True, form="after", cue="say"), False),
        # a title in a list the writer's sentence runs through: 'He liked "Jaws," Ann Lee said'
        (qf.title, shape("Jaws,", title_case=True, form="after", cue="say", inside_sentence=True), True),
        (qf.named_by_the_word_before, shape("stop the line", prev_word="called", named=True), True),
        (
            qf.named_by_the_word_before,
            shape("we won", has_verb=True, prev_word="as", named=True, cue="say", form="after"),
            False,
        ),
        (qf.fragment_in_sentence, shape("deeply troubling", inside_sentence=True), True),
        (
            qf.fragment_in_sentence,
            shape("deeply troubling, you know,", inside_sentence=True, form="after", cue="say"),
            False,
        ),
        (qf.short_single_quoted, shape("hard Brexit", single=True), True),
        (qf.short_single_quoted, shape("We will not leave the union now", single=True, has_verb=True), False),
        (qf.cited_title, shape("Secret papers found in the rain", has_verb=True, citation=True), True),
        (qf.cited_title, shape("We are not worried", has_verb=True), False),
        (qf.word_in_the_line, shape("streamlined", has_verb=True, line_goes_on=True), True),
        (qf.word_in_the_line, shape("Never,", line_goes_on=True), False),  # a reply
        (qf.word_in_the_line, shape("streamlined", has_verb=True), False),  # ends its line
    ],
)
def test_not_a_quote_tests(test, quote, expected) -> None:
    assert test(quote) is expected


@pytest.mark.parametrize(
    "text, scare",
    [
        ('Police began an operation dubbed "Safe City" on Monday.', True),
        ('She wrote the book "The Art of the Deal" in one year.', True),
        ('The plan was "deeply troubling" to residents.', True),
        ('"We will rebuild the bridge by spring," Ellen Park said.', False),
        ('"Why?" she asked.', False),
        # a title in a list of sources
        ('Sources\n\n"Secret papers were found in the rain" — Toronto Star, August 16, 2008\n', True),
        ('"We are not worried," — the minister said on Monday.', False),
        # ... after its author
        ('Sources\n\nJo Hale. "Secret papers found in rain" — Toronto Star, August 16, 2008\n', True),
        # a term in a headline that goes on
        ("Reports: 'streamlined' asylum process to replace interviews\nThe story.", True),
        ("Goldsmith: 'I was not leant on'\nThe story.", False),
    ],
)
def test_scare_quotes_on_text(quote_ctx, text, scare) -> None:
    ctx = quote_ctx(text)
    site = first_site(ctx)
    assert qf.is_scare_quote(qf.quote_shape(ctx, site.span, attribute(ctx, site))) is scare


@pytest.mark.parametrize(
    "content, expected",
    [("Cia", True), ("Big Jim Lee", True), ("we won", False), ("Big Jim Lee Jones", False)],
)
def test_names_in_marks(content, expected) -> None:
    assert qf.is_name_in_marks(content) is expected


@pytest.mark.parametrize(
    "content, expected", [("(CROSSTALK.)", True), ("(LAUGHTER)", True), ("We (all) won", False)]
)
def test_stage_directions(content, expected) -> None:
    assert qf.is_stage_direction(content) is expected
