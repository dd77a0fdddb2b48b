"""Words in quotation marks that are not a quote: titles, names, scare quotes, stage directions.

A quotation span is read into a `QuoteShape` (its words, whether it has a verb, the word before
the opening mark, how it was attributed), and each test in `NOT_A_QUOTE` is a small predicate on
that shape. A span that continues or is continued by another paragraph is always a quote.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .attribution import AFTER, BEFORE, NAME_COLON, Attribution
from .quote_context import FINITE_TAGS, WORD_RE, QuoteContext
from .quote_marks import QuoteSpan

#: Characters before the opening mark searched for the word that introduces it.
_LOOK_BEFORE = 24
#: The rest of a line after a quoted title in a list of sources: "— CBC.ca, August 15, 2008".
_CITATION_TAIL_RE = re.compile(
    r"\s*(?:—|–|--|-)\s*[^,\n]+,\s*"  # the dash and the outlet
    r"(?:[A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]+\.? \d{4}|\d{4})\.?\s*$"  # the date
)
#: An author's name before a quoted title in a list of sources: "Peter Zimonjic. ".
_CITATION_AUTHOR_RE = re.compile(r"(?:[A-Z][\w'’-]*\.? ){0,3}[A-Z][\w'’-]+\.\s*")


@dataclass(frozen=True)
class QuoteShape:
    content: str
    words: list[str]
    has_verb: bool
    finite: bool
    """Has a finite verb (a clause, not a phrase)."""
    form: str
    """Where its attribution was read (attribution.BEFORE, AFTER, ...)."""
    cue: str | None
    prev_word: str
    """The word right before the opening mark, lower-cased, without a trailing comma or colon."""
    named: bool
    """That word makes the marks hold a name or title ("a show called", "his book", "Trump's")."""
    inside_sentence: bool
    """The opening mark follows a word: the quote sits inside the writer's sentence."""
    single: bool
    title_case: bool
    citation: bool = False
    """The quotation opens a line that goes on "— Outlet, Date": a title in a list of sources."""
    line_goes_on: bool = False
    """Words follow the closing mark on its line (`Reports: 'streamlined' UK asylum process`)."""

    @property
    def tail(self) -> str:
        return self.content.rstrip()[-1:]

    @property
    def cued(self) -> bool:
        """Attributed by a speech cue beside it."""
        return self.cue is not None and self.form in (AFTER, BEFORE)


def quote_shape(ctx: QuoteContext, q: QuoteSpan, found: Attribution) -> QuoteShape:
    content = ctx.text[q.start : q.end]
    words = WORD_RE.findall(content)
    toks = [ctx.doc[i] for i in range(ctx.tok_at(q.start), ctx.tok_at(q.end))]
    before = ctx.text[max(0, q.open_at - _LOOK_BEFORE) : q.open_at].split()
    prev_word = before[-1].lower().rstrip(",:") if before else ""
    small = ctx.rules.title_small_words
    return QuoteShape(
        content=content,
        words=words,
        has_verb=any(t.pos_ in ("VERB", "AUX") for t in toks),
        finite=any(t.tag_ in FINITE_TAGS for t in toks),
        form=found.form,
        cue=found.cue,
        prev_word=prev_word,
        named=prev_word in ctx.rules.naming_words or prev_word.endswith(("'s", "’s")),
        inside_sentence=bool(before) and before[-1][-1:].isalpha(),
        single=q.single,
        title_case=all(w[:1].isupper() or w.lower() in small for w in words),
        citation=is_citation_line(ctx.text, q),
        line_goes_on=_line_goes_on(ctx.text, q),
    )


def _rest_of_line(text: str, q: QuoteSpan) -> str:
    """The text after the closing mark, up to the end of its line."""
    line_end = text.find("\n", q.close_end)
    return text[q.close_end : line_end if line_end >= 0 else len(text)]


def _line_goes_on(text: str, q: QuoteSpan) -> bool:
    return bool(WORD_RE.search(_rest_of_line(text, q)))


def is_citation_line(text: str, q: QuoteSpan) -> bool:
    """ `"Sensitive document found on street" — CBC.ca, August 15, 2008` on a line of its own,
    perhaps after its author (`Peter Zimonjic. "MP calls for probe" — Edmonton Sun, August 16, 2008`)."""
    lead = text[text.rfind("\n", 0, q.open_at) + 1 : q.open_at]
    by_author = not lead.strip() or bool(_CITATION_AUTHOR_RE.fullmatch(lead))
    return by_author and bool(_CITATION_TAIL_RE.fullmatch(_rest_of_line(text, q)))


def no_words(s: QuoteShape) -> bool:
    return not s.words


def two_words_without_verb(s: QuoteShape) -> bool:
    """ "Safe City", "bad hombres": unless a cue right after follows a comma, ? or ! ("No way!" he said)."""
    return len(s.words) <= 2 and not s.has_verb and not (s.form == AFTER and s.tail in ",?!")


def word_in_the_line(s: QuoteShape) -> bool:
    """One or two words with no end punctuation that the writer's words go on after
    (`Reports: 'streamlined' UK asylum process`): a term, whatever verb form it is."""
    return len(s.words) <= 2 and s.tail not in ",.?!" and s.line_goes_on and s.form != AFTER


def three_words_uncued(s: QuoteShape) -> bool:
    """Up to three verbless words with no speech cue beside them."""
    return len(s.words) <= 3 and not s.has_verb and not (s.cued and s.tail in ",.!?")


def title(s: QuoteShape) -> bool:
    """A title in quotation marks: "Face the Nation," "The Art of the Deal" (not "Why?" she asked,
    nor "Absolutely not," he said: a speech verb right after a comma)."""
    cued_reply = s.tail == "," and s.cue is not None and not s.inside_sentence  # not a list of titles
    answer = s.form == AFTER and (s.tail in "?!" or cued_reply) and not s.named
    return s.title_case and not answer and (not s.has_verb or len(s.words) <= 6 and s.named)


def named_by_the_word_before(s: QuoteShape) -> bool:
    """The bill "Stop the Line," a show called "...", his column, "Tell them,"."""
    return s.named and (not s.has_verb or not s.cued and s.prev_word.isalpha() and len(s.prev_word) > 3)


def fragment_in_sentence(s: QuoteShape) -> bool:
    """A verbless fragment inside the writer's sentence: a scare quote or a partial quote."""
    cued_after = s.form == AFTER and s.cue is not None and s.tail == "," and len(s.words) >= 3
    return not s.finite and not s.content[:1].isupper() and s.inside_sentence and not cued_after


def short_single_quoted(s: QuoteShape) -> bool:
    """British single marks around a short or verbless phrase with no cue: a term, not speech
    (a headline's `Goldsmith: 'I was not leant on'`, ending its line, is attributed: speech)."""
    headline = s.form == NAME_COLON and not s.line_goes_on  # not `Reports: 'streamlined' UK asylum process`
    return s.single and not s.cued and not headline and (len(s.words) < 6 or not s.has_verb)


def cited_title(s: QuoteShape) -> bool:
    """A title in a list of sources, whatever its words ("... street" — CBC.ca, August 15, 2008)."""
    return s.citation


ShapeTest = Callable[[QuoteShape], bool]
#: A quotation span is no quote when any of these holds.
NOT_A_QUOTE: tuple[ShapeTest, ...] = (
    no_words,
    two_words_without_verb,
    word_in_the_line,
    three_words_uncued,
    title,
    named_by_the_word_before,
    fragment_in_sentence,
    short_single_quoted,
    cited_title,
)


def is_scare_quote(shape: QuoteShape) -> bool:
    return any(test(shape) for test in NOT_A_QUOTE)


def is_name_in_marks(content: str) -> bool:
    """A short capitalised name in marks ('Marcia "Cia" Price'), skipped when finding regions."""
    words = WORD_RE.findall(content)
    return 0 < len(words) <= 3 and content[-1:].isalnum() and all(w[:1].isupper() for w in words)


def is_stage_direction(content: str) -> bool:
    """(CROSSTALK.), (LAUGHTER) in a transcript."""
    return content.startswith("(") and content.rstrip(".,").endswith(")")
