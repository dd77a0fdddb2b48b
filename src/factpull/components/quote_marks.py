"""Finding quotation spans in raw text, the way writers actually use quotation marks.

Works on characters, not tokens, so tokenisation of marks never matters. Handles curly and straight
double quotes, the NYT's `''` pairs and ``...'' style, British single quotes told apart from
apostrophes, quotes nested inside quotes (kept as content), and multi-paragraph quotes. The state
is reset at every paragraph break, so an unbalanced mark never swallows the rest of a document.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace

#: Every character sequence that may be a quotation mark; `` and '' first so they win over ` and '.
_MARK_RE = re.compile(r"``|''|[\"“”„‘’'`«»]")
#: A newline ends a paragraph unless the line looks hard-wrapped (no end punctuation, then lowercase).
_BREAK_RE = re.compile(r"\n+")
_OPEN_BEFORE = set(" \t\r\n([{<—–-/")
#: Apostrophes at a word's start: '90s, 'tis, 'em, rock 'n' roll.
_ELISION_RE = re.compile(r"(?:\d\d(?:s\b|\b)|tis\b|twas\b|em\b|n\b|cause\b|til\b)", re.IGNORECASE)


@dataclass(frozen=True)
class QuoteSpan:
    """One stretch of quoted words; `start`/`end` exclude the marks."""

    start: int
    end: int
    open_at: int  # offset of the opening mark
    close_end: int  # offset just past the closing mark (== end when the paragraph ran out first)
    closed: bool
    continues: bool  # opens a paragraph that continues the previous paragraph's unclosed quote
    continued: bool  # left open at its paragraph's end and continued by the next paragraph
    single: bool  # delimited by single quotation marks
    paragraph: int
    last_paragraph: int = -1
    """The line it ends on, when a quote of text with one sentence a line runs over lines."""

    @property
    def end_paragraph(self) -> int:
        return self.paragraph if self.last_paragraph < 0 else self.last_paragraph


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: lines, except hard-wrapped lines are joined."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BREAK_RE.finditer(text):
        before = text[start : m.start()].rstrip()
        after = text[m.end() : m.end() + 1]
        blank = m.group().count("\n") > 1
        wrapped = (
            not blank and before and before[-1] not in ".!?:\"”'’)" and after.islower() and len(before) > 40
        )
        if wrapped:
            continue
        if text[start : m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _kind(text: str, i: int, mark: str) -> str:
    """'open', 'close', 'either' or 'apos' for one mark in context."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + len(mark)] if i + len(mark) < len(text) else " "
    space_before = prev in _OPEN_BEFORE or prev in "“‘\"'"
    space_after = nxt.isspace() or nxt in ".,;:!?)]}—–-"
    if mark == "“" and (i + 1 >= len(text) or text[i + 1] in "\n\r") and prev not in "\n\xa0":
        return "close"  # an opening mark typed at the end of a line: `...the final say “`
    if mark in ("“", "``", "„", "«"):
        return "open"
    if mark in ("”", "»"):
        # a closing mark typed as an opener at a paragraph's start: ”Fear. I am afraid...
        return "open" if prev in "\n\xa0" and nxt.isalpha() else "close"
    if mark in ('"', "''"):
        if space_before and not nxt.isspace():
            return "open"
        if not prev.isspace():
            return "close"
        return "either"
    if mark == "`":
        return "open" if not nxt.isspace() else "apos"
    # single marks: ' ‘ ’
    if prev.isalnum() and nxt.isalnum():
        return "apos"  # don't, Homan's, ICE's
    if space_before and _ELISION_RE.match(text, i + 1):
        return "apos"  # '90s
    if space_before and (nxt.isalnum() or nxt in '“"$'):
        return "open" if mark != "’" or nxt.isupper() else "apos"
    if not prev.isspace() and space_after:
        if prev in "sS" and mark in "'’":
            # plural possessive ("the officers' union") unless punctuation or a clause boundary follows
            rest = text[i + 1 : i + 3]
            if rest[:1] == " " and rest[1:2].islower():
                return "apos"
        return "close"
    return "apos"


#: How a quote ended: at its closing mark, at the paragraph's end, or where the next sentence
#: opens with a fresh mark without closing it ("...months. "We are...": one quote, two marks).
CLOSED, RAN_OUT, CHAINED = "closed", "ran_out", "chained"


def _spaced_closer(text: str, i: int, mark: str, *, line_goes_on: bool = False) -> bool:
    """A straight mark typed with the space on the wrong side (`barricaded in, "he said`), as in
    text rebuilt from tokens: while a quote is open, a mark after a comma and a space closes it, and
    so does one after end punctuation and a space when a lower-case word follows. Such text also
    types an opening mark for the closing one (`the way we wanted to progress, “said Stefanski`):
    that one closes before a lower-case word, or, after a comma on a line that goes on with a
    quote left open, before any word no closing mark follows on the line (`You got the feeling
    something was wrong, “Pigeon told CP`); `by interjecting, “Only Rosie O'Donnell.”` opens a
    quote."""
    if mark not in ('"', "“") or i < 2 or text[i - 1] != " ":
        return False
    before = text[i - 2]
    nxt = text[i + 1 : i + 2]
    if mark == "“":
        line_end = text.find("\n", i)
        closed_later = "”" in text[i : line_end if line_end >= 0 else len(text)]
        if not line_goes_on or closed_later:
            return before in ",.!?" and nxt.islower()
    return before == "," or before in ".!?" and nxt.islower()


def _scan(
    text: str, start: int, end: int, single: bool, open_from: int | None = None
) -> Iterator[tuple[int, int, str]]:
    """(open_at, close_at, how) of top-level quotes of one mark family in text[start:end].

    close_at is the offset of the closing mark, or where the quote stopped without one.
    `open_from` starts the scan inside a quote that opened in an earlier paragraph.
    """
    open_at: int | None = open_from
    for m in _MARK_RE.finditer(text, start, end):
        mark = m.group()
        is_single = mark in ("'", "‘", "’", "`")
        if is_single != single:
            continue
        kind = _kind(text, m.start(), mark)
        if kind == "apos":
            continue
        if open_at is None:
            if kind in ("open", "either"):
                open_at = m.start()
            continue
        carried = open_from is not None and open_at == open_from  # a line going on with a quote
        if kind == "open" and not single and _spaced_closer(text, m.start(), mark, line_goes_on=carried):
            kind = "close"
        if kind == "open":
            nxt = text[m.end() : m.end() + 1]
            if single or mark in ("“", "``", "„", "«") or not (nxt.isspace() or nxt in ".,;:!?"):
                # an opener while a quote is open: a new quoted sentence of the same quote when
                # the open one ends a sentence, else the earlier mark was unbalanced
                if text[open_at : m.start()].rstrip()[-1:] in (".", "!", "?", "…") and not single:
                    yield open_at, m.start(), CHAINED
                open_at = m.start()
                continue
        yield open_at, m.start(), CLOSED
        open_at = None
    if open_at is not None:
        yield open_at, end, RAN_OUT


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every top-level quotation in the text, in order."""
    out: list[QuoteSpan] = []
    paras = paragraphs(text)
    prev_unclosed = False
    for p, (pstart, pend) in enumerate(paras):
        first_mark = pstart + len(text[pstart:pend]) - len(text[pstart:pend].lstrip())
        carried = first_mark if prev_unclosed and _carries_on(text, paras, p) else None
        doubles = []
        for open_at, close_at, how in _scan(text, pstart, pend, single=False, open_from=carried):
            mark_len = 0 if open_at == carried else _mark_len(text, open_at)
            if how != CLOSED and close_at == open_at + mark_len:
                continue
            doubles.append((open_at, mark_len, close_at, how, False))
        singles = []
        double_opens = [d[0] for d in doubles]
        for open_at, close_at, how in _scan(text, pstart, pend, single=True):
            if how != CLOSED or _inside(doubles, double_opens, open_at):
                continue  # nested single quotes are content; an unclosed single is an apostrophe
            last = bisect_left(double_opens, close_at) - 1  # the last double opening before it ends
            if last >= 0 and open_at < doubles[last][0] and close_at < doubles[last][2]:
                continue  # crosses a double quote: one of its marks was an apostrophe
            singles.append((open_at, 1, close_at, how, True))
        # a double-quoted span inside a single-quoted one is nested content of the single one
        single_opens = [s[0] for s in singles]
        doubles = [d for d in doubles if not _inside(singles, single_opens, d[0])]
        spans = sorted(doubles + singles)
        chained_before = False
        for j, (open_at, mark_len, close_at, how, single) in enumerate(spans):
            s, e = open_at + mark_len, close_at
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e <= s:
                continue
            continues = chained_before or prev_unclosed and j == 0 and open_at == first_mark
            continued = (
                how == CHAINED or how == RAN_OUT and j == len(spans) - 1 and _next_opens(text, paras, p)
            )
            chained_before = how == CHAINED
            next_line = "\n\n" not in text[paras[p - 1][1] : pstart]
            if open_at == carried and out and not out[-1].closed and next_line:
                # a line that goes on with the quote without a mark of its own, right after the
                # line before (text of one sentence a line): one quote. After a blank line it is
                # a new paragraph of the quote, a quote of its own.
                out[-1] = replace(
                    out[-1],
                    end=e,
                    close_end=close_at + (_mark_len(text, close_at) if how == CLOSED else 0),
                    closed=how == CLOSED,
                    continued=continued,
                    last_paragraph=p,
                )
                continue
            out.append(
                QuoteSpan(
                    start=s,
                    end=e,
                    open_at=open_at,
                    close_end=close_at + (_mark_len(text, close_at) if how == CLOSED else 0),
                    closed=how == CLOSED,
                    continues=continues,
                    continued=continued,
                    single=single,
                    paragraph=p,
                )
            )
        prev_unclosed = bool(spans) and spans[-1][3] == RAN_OUT and not spans[-1][4]
    return out


def _inside(spans: list[tuple], opens: list[int], at: int) -> bool:
    """Is `at` strictly inside one of `spans` (open, _, close, ...)? The spans of one family of
    marks follow one another without overlapping, so only the last to open before `at` can hold
    it: a bisection, where testing every span made text full of quotation marks quadratic."""
    last = bisect_left(opens, at) - 1
    return last >= 0 and at < spans[last][2]


def _next_opens(text: str, paras: list[tuple[int, int]], p: int) -> bool:
    """Does the paragraph after p open with a quotation mark (a multi-paragraph quote)?"""
    if p + 1 >= len(paras):
        return False
    s, e = paras[p + 1]
    return text[s:e].lstrip().startswith(('"', "“", "''", "``", "‘")) or _carries_on(text, paras, p + 1)


def _carries_on(text: str, paras: list[tuple[int, int]], p: int) -> bool:
    """Does paragraph p go on with an open quote, itself or through up to two lines with no marks?"""
    for k in range(p, min(p + 3, len(paras))):
        s, e = paras[k]
        if _MARK_RE.search(text[s:e].replace("'", "").replace("‘", "").replace("’", "").replace("`", "")):
            return _carries(text, s, e)
    return False


def _carries(text: str, start: int, end: int) -> bool:
    """Does this paragraph go on with a quote left open by the one before, without a new opening
    mark? Text with one sentence per line splits a quote over lines: the first mark of the line
    closes it (`...to survive.” / ...`, `..., "he said`), and the straight marks don't pair up."""
    para = text[start:end].lstrip()
    if not para or para[0] in "\"“”'‘’`„«":
        return False
    doubles = (m for m in _MARK_RE.finditer(text, start, end) if m.group() not in ("'", "‘", "’", "`"))
    first = next(doubles, None)
    if first is None:
        return False
    mark, i = first.group(), first.start()
    if mark in ("”", "''", "»"):
        return True
    if mark == "“" and (_kind(text, i, mark) == "close" or _spaced_closer(text, i, mark, line_goes_on=True)):
        return True
    if mark != '"' or text.count('"', start, end) % 2 == 0:
        return False
    at_end = not text[i + 1 : end].strip()  # `... in front of it. "` closing the last line
    return _kind(text, i, mark) == "close" or _spaced_closer(text, i, mark) or at_end


def _mark_len(text: str, at: int) -> int:
    return 2 if text.startswith(("''", "``"), at) else 1


class QuotedRegions:
    """Which characters lie inside quotation marks: a speaker is never read from quoted words."""

    def __init__(self, spans: list[QuoteSpan]) -> None:
        self._spans = spans
        self._starts = [q.start for q in spans]

    def __contains__(self, char: int) -> bool:
        i = bisect_right(self._starts, char) - 1
        return i >= 0 and self._spans[i].start <= char < self._spans[i].end
