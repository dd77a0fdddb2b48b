"""How numbers and long strings are written for people: shared by tables, check, diff and compare."""

from __future__ import annotations

PREVIEW = 70


def format_number(value: float | int | None) -> str:
    """A number as people write it: 107, 1,200, 2.5."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")


def shorten(text: str, limit: int = PREVIEW) -> str:
    """One line of at most `limit` characters, cut at the end with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
