"""Reading inputs: files, folders, stdin, JSON Lines exports and HTML pages, in any encoding.

Every input becomes a `Source` with either its text or a one-line error, so a batch never loses
the good inputs because of a bad one. Offsets in the output refer to the text as decoded here:
Unicode code points, a byte-order mark dropped, CRLF and CR turned into LF (as Python's own text
mode does), and for HTML the main text that trafilatura extracts.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .untrusted import clean_surrogates

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
STDIN = "-"
#: The largest input read by default (`--max-bytes`): far above any article, small enough that
#: an endless stream (/dev/zero) or a wrong file is refused in a second instead of filling memory.
DEFAULT_MAX_BYTES = 200_000_000
_READ_CHUNK = 1 << 20
WESTERN_ENCODINGS = ("cp1252", "latin_1", "iso8859_15")


@dataclass(frozen=True)
class Source:
    """One input to extract from: its name, and its text or the reason it has none."""

    name: str
    text: str | None = None
    error: str | None = None


class InputError(Exception):
    """An input that cannot be read; the message is one line meant for people."""


def decode(data: bytes, name: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM) first, else the encoding charset-normalizer finds."""
    if not data.strip():
        raise InputError(f"{name}: input is empty")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name}: looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _detect_and_decode(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise InputError(f"{name}: input is empty")
    return text


def _detect_and_decode(data: bytes, name: str) -> str:
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise InputError(f"{name}: cannot tell the text encoding (binary file?)")
    # Short Western text decodes equally cleanly as cp1250, cp1252 and others; news archives are
    # overwhelmingly Windows-1252/Latin-1, so among equally clean readings prefer those.
    clean = {m.encoding: m for m in results if m.chaos <= best.chaos + 0.01}
    chosen = next((clean[enc] for enc in WESTERN_ENCODINGS if enc in clean), None)
    if chosen is None:  # not offered at all (it picked cp775 for "Café ... München"): ask directly
        western = from_bytes(data, cp_isolation=["cp1252"]).best()
        chosen = western if western is not None and western.chaos <= best.chaos + 0.01 else best
    text = str(chosen)
    if _looks_binary(text):
        raise InputError(f"{name}: looks like a binary file, not text")
    return text


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return controls > max(2, len(sample) // 100)


def html_to_text(html: str, name: str) -> str:
    """The main article text of an HTML page (trafilatura drops menus, ads and footers)."""
    import trafilatura

    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
    except Exception as err:  # a page trafilatura cannot parse is one bad input, not a crash
        raise InputError(f"{name}: cannot extract text from the HTML ({type(err).__name__})") from None
    if not text or not text.strip():
        raise InputError(f"{name}: no article text found in the HTML")
    return text


def read_limited(stream: BinaryIO, name: str, max_bytes: int | None = DEFAULT_MAX_BYTES) -> bytes:
    """All of `stream`, read in chunks and refused as soon as it passes `max_bytes` (None: no limit).

    Checking while reading, not by the file's size, also stops devices, pipes and files that grow.
    """
    if max_bytes is None:
        return stream.read()
    parts: list[bytes] = []
    total = 0
    while True:
        part = stream.read(min(_READ_CHUNK, max_bytes + 1 - total))
        if not part:
            return b"".join(parts)
        parts.append(part)
        total += len(part)
        if total > max_bytes:
            raise InputError(f"{name}: larger than --max-bytes ({max_bytes:,} bytes); "
                             "raise --max-bytes to read it")


def read_bytes(path: Path, max_bytes: int | None = DEFAULT_MAX_BYTES) -> bytes:
    """A file's bytes, at most `max_bytes` of them, with errors turned into one-line InputErrors."""
    name = str(path)
    try:
        if path.is_dir():
            raise InputError(f"{name}: is a directory")
        with path.open("rb") as stream:
            return read_limited(stream, name, max_bytes)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory") from None
    except OSError as err:
        raise InputError(f"{name}: cannot read ({err.strerror or err})") from None
    except MemoryError:
        raise InputError(f"{name}: too large to read into memory; lower --max-bytes") from None


def read_stdin(max_bytes: int | None = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of standard input, at most `max_bytes`; a closed stdin is an input error."""
    if sys.stdin is None:  # started with stdin closed (`<&-`)
        raise InputError("<stdin>: standard input is closed")
    try:
        return read_limited(sys.stdin.buffer, "<stdin>", max_bytes)
    except OSError as err:
        raise InputError(f"<stdin>: cannot read ({err.strerror or err})") from None
    except MemoryError:
        raise InputError("<stdin>: too large to read into memory; lower --max-bytes") from None


def read_text(path: Path, max_bytes: int | None = DEFAULT_MAX_BYTES) -> str:
    """The text of one plain-text or HTML file."""
    text = decode(read_bytes(path, max_bytes), str(path))
    if path.suffix.lower() in HTML_SUFFIXES:
        text = html_to_text(text, str(path))
    return text


def iter_jsonl(data: bytes, name: str, text_field: str, id_field: str) -> Iterator[Source]:
    """One Source per JSON Lines record: its text field, named by its id field or line number."""
    text = decode(data, name)
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        record_name = f"{name}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield Source(record_name, error=f"{record_name}: invalid JSON ({err.msg})")
            continue
        except RecursionError:  # [[[[… 100,000 deep: one bad record, not a lost batch
            yield Source(record_name, error=f"{record_name}: JSON nested too deeply")
            continue
        except ValueError as err:  # an integer of more than 4,300 digits, and the like
            yield Source(record_name, error=f"{record_name}: invalid JSON ({err})")
            continue
        if not isinstance(record, dict):
            yield Source(record_name, error=f"{record_name}: record is not a JSON object")
            continue
        if record.get(id_field) is not None:
            record_name = str(record[id_field])
        value = record.get(text_field)
        if not isinstance(value, str) or not value.strip():
            yield Source(record_name, error=f"{record_name}: no text in field {text_field!r}")
            continue
        yield Source(record_name, text=value.replace("\r\n", "\n").replace("\r", "\n"))


def expand_paths(paths: Iterable[str], glob: str) -> Iterator[str]:
    """Paths as given, with each directory replaced by its matching files, recursively and sorted."""
    for raw in paths:
        path = Path(raw)
        if raw != STDIN and path.is_dir():
            matches = sorted(p for p in path.rglob(glob) if p.is_file())
            if not matches:
                yield raw  # reported as an error: a folder with nothing to read
            yield from (str(p) for p in matches)
        else:
            yield raw


def iter_sources(
    paths: Iterable[str],
    *,
    glob: str = "*.txt",
    text_field: str | None = None,
    id_field: str = "id",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Iterator[Source]:
    """Every input named on the command line, in order, each read only when it is reached.

    Folders in `paths` are expanded with `glob` (see expand_paths); no input may be larger than
    `max_bytes`. Names, errors and texts come out encodable (see `_encodable`).
    """
    for source in _iter_sources(paths, glob, text_field, id_field, max_bytes):
        yield _encodable(source)


def _encodable(source: Source) -> Source:
    """A Source whose strings can all be written as UTF-8.

    A file name with bytes that are not UTF-8 reaches Python with lone surrogates, and JSON
    escapes (`"\\ud800"`) put them in texts and ids; written to stdout they would stop the run.
    Names and errors show such a byte as `\\xff`; in a text each becomes U+FFFD, so offsets hold.
    """
    name, error = clean_surrogates(source.name), source.error and clean_surrogates(source.error)
    text = source.text and clean_surrogates(source.text, "\ufffd")
    if (name, error, text) == (source.name, source.error, source.text):
        return source
    return Source(name, text=text, error=error)


def _iter_sources(
    paths: Iterable[str], glob: str, text_field: str | None, id_field: str, max_bytes: int | None
) -> Iterator[Source]:
    paths = expand_paths(paths, glob)
    for raw in paths:
        try:
            if raw == STDIN:
                data = read_stdin(max_bytes)
                if text_field:
                    yield from iter_jsonl(data, STDIN, text_field, id_field)
                else:
                    yield Source(STDIN, text=decode(data, "<stdin>"))
                continue
            path = Path(raw)
            if path.is_dir():
                raise InputError(f"{raw}: no files matching {glob!r} in this folder")
            if text_field or path.suffix.lower() in JSONL_SUFFIXES:
                yield from iter_jsonl(read_bytes(path, max_bytes), raw, text_field or "text", id_field)
            else:
                yield Source(raw, text=read_text(path, max_bytes))
        except InputError as err:
            yield Source(raw, error=str(err))
