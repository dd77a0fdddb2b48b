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

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
STDIN = "-"
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


def read_bytes(path: Path) -> bytes:
    """A file's bytes, with errors turned into one-line InputErrors."""
    name = str(path)
    try:
        if path.is_dir():
            raise InputError(f"{name}: is a directory")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory") from None
    except OSError as err:
        raise InputError(f"{name}: cannot read ({err.strerror or err})") from None


def read_text(path: Path) -> str:
    """The text of one plain-text or HTML file."""
    text = decode(read_bytes(path), str(path))
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
) -> Iterator[Source]:
    """Every input named on the command line, in order, each read only when it is reached.

    Folders in `paths` are expanded with `glob` (see expand_paths).
    """
    paths = expand_paths(paths, glob)
    for raw in paths:
        try:
            if raw == STDIN:
                data = sys.stdin.buffer.read()
                if text_field:
                    yield from iter_jsonl(data, STDIN, text_field, id_field)
                else:
                    yield Source(STDIN, text=decode(data, "<stdin>"))
                continue
            path = Path(raw)
            if path.is_dir():
                raise InputError(f"{raw}: no files matching {glob!r} in this folder")
            if text_field or path.suffix.lower() in JSONL_SUFFIXES:
                yield from iter_jsonl(read_bytes(path), raw, text_field or "text", id_field)
            else:
                yield Source(raw, text=read_text(path))
        except InputError as err:
            yield Source(raw, error=str(err))
