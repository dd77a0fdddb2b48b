"""Showing untrusted strings (file names, record ids, claim text) to people without harm.

A file name or an article may hold terminal escape sequences: printed raw, `ESC [ 2 J` clears the
user's screen and `ESC ] 52` can write to their clipboard. Bidirectional overrides reorder what
the terminal shows ("Trojan Source"), a line separator or a newline splits one error into two
lines, and an undecodable file name (a lone surrogate from Python's `surrogateescape`) cannot be
written to stdout at all. So every such character is shown as a visible escape, `\\x1b`, `\\u202e`,
the way Python's `repr` writes it. No imports beyond the standard library: the CLI uses this for
its error lines before anything heavy is loaded.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL; bidi embeddings, overrides and isolates; line and paragraph
# separators; lone surrogates. Ordinary bidi marks (LRM, RLM) stay: they reorder nothing beyond.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every control, bidi override, line separator and lone surrogate escaped."""
    return _UNSAFE.sub(_escape, text)


def cell(text: str) -> str:
    """Claim text for a table cell: runs of whitespace (line breaks too) as one space, the rest safe."""
    return printable(" ".join(text.split()))


def lines(text: str) -> str:
    """Text whose own line breaks are meant (one finding per line): each line made printable."""
    return "\n".join(printable(line) for line in text.split("\n"))


def one_line(message: str) -> str:
    """An error message that stays one harmless line on stderr, whatever names it quotes."""
    return printable(message)


def clean_surrogates(text: str, replacement: str | None = None) -> str:
    """Text that can be encoded as UTF-8: lone surrogates (undecodable bytes of a file name, or
    `\\ud800` escapes in JSON) become `replacement`, or their escaped form when it is None.

    U+FFFD as the replacement keeps every offset (one code point for one); names use the escape.
    """
    if not _has_surrogate(text):
        return text
    if replacement is not None:
        return _SURROGATE.sub(replacement, text)
    # A surrogate-escaped byte of a file name shows as that byte, like `ls -b` does.
    return re.sub("[\udc80-\udcff]", lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}",
                  re.sub("[\ud800-\udc7f\udd00-\udfff]", _escape, text))


def _has_surrogate(text: str) -> bool:
    return _SURROGATE.search(text) is not None
