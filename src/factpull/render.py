"""Rendering Reports: a rich table for people, JSON and JSON Lines for scripts. No spaCy here.

JSON never passes through rich markup: it is written as plain text, so brackets in quotes survive.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .models import CLAIM_TYPES, Report

QUOTE_PREVIEW = 160


def silence_stdout() -> None:
    """Point stdout at /dev/null once its reader has gone (`| head`), so exiting stays quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


class _StdoutConsole(Console):
    def on_broken_pipe(self) -> None:
        # rich exits with 1 here; a reader that stopped reading is no failure of ours.
        self.quiet = True
        silence_stdout()
        raise SystemExit(0)


def stdout_console() -> Console:
    """The console for tables on stdout: at least 100 columns wide, quiet on a broken pipe."""
    return _StdoutConsole(file=sys.stdout, width=max(Console().width, 100) if sys.stdout.isatty() else 100)


def to_json(report: Report) -> str:
    """One report as an indented JSON document."""
    return report.model_dump_json(indent=2)


def to_jsonl(report: Report) -> str:
    """One report as a single line of JSON."""
    return report.model_dump_json()


def to_json_array(reports: Iterable[Report]) -> str:
    """Several reports as one JSON array (what `--format json` prints for more than one input)."""
    return json.dumps([r.model_dump(mode="json") for r in reports], indent=2, ensure_ascii=False)


def format_number(value: float | int | None) -> str:
    """A number as people write it: 107, 1,200, 2.5."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")


def _value(claim: dict) -> str:
    text = format_number(claim["value"])
    if claim.get("value_high") is not None:
        text += f"–{format_number(claim['value_high'])}"
    if claim.get("qualifier"):
        text = f"{claim['qualifier']} {text}"
    return text


def _shorten(text: str, limit: int = QUOTE_PREVIEW) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _mentions(claim: dict) -> str:
    forms = list(dict.fromkeys(m["text"] for m in claim["mentions"]))
    return f"{len(claim['mentions'])}× " + ", ".join(forms)


def _event(claim: dict) -> str:
    if not claim.get("event"):
        return ""
    return ("not " if claim.get("negated") else "") + claim["event"]


# For each claim type: its title and (column header, cell function) pairs.
COLUMNS: dict[str, tuple[str, list[tuple[str, Callable[[dict], str]]]]] = {
    "count": ("Counts", [
        ("value", _value),
        ("counted", lambda c: c.get("counted") or ""),
        ("event", _event),
        ("place", lambda c: c.get("place") or ""),
    ]),
    "amount": ("Amounts", [
        ("value", _value),
        ("unit", lambda c: c["unit"]),
        ("text", lambda c: c["text"]),
    ]),
    "place": ("Places", [
        ("name", lambda c: c["name"]),
        ("kind", lambda c: c["kind"]),
        ("in", lambda c: c.get("container") or ""),
        ("mentions", _mentions),
    ]),
    "operation": ("Operations", [
        ("name", lambda c: c["name"]),
        ("mentions", _mentions),
    ]),
    "quote": ("Quotes", [
        ("speaker", lambda c: c.get("speaker") or "(unknown)"),
        ("quote", lambda c: ("“{}”" if c["direct"] else "{}").format(_shorten(c["content"]))),
        ("cue", lambda c: c.get("cue") or ""),
    ]),
    "date": ("Dates", [
        ("text", lambda c: c["text"]),
        ("date", lambda c: c.get("value") or ""),
    ]),
}


def render_table(reports: Iterable[Report], console: Console) -> None:
    """Print each report as one table per claim type, with the source as a heading."""
    for report in reports:
        heading = Text(report.source, style="bold")
        if report.published:
            heading.append(f"  published {report.published.isoformat()}", style="dim")
        console.rule(heading, align="left")
        if report.error:
            console.print(Text(f"error: {report.error}", style="red"))
            continue
        claims = [c.model_dump(mode="json") for c in report.claims]
        if not claims:
            console.print(Text("no claims found", style="dim"))
        for claim_type in CLAIM_TYPES:
            rows = [c for c in claims if c["type"] == claim_type]
            if not rows:
                continue
            title, columns = COLUMNS[claim_type]
            table = Table(title=f"{title} ({len(rows)})", title_justify="left", expand=False)
            for header, _ in columns:
                table.add_column(header, overflow="fold")
            for row in rows:
                table.add_row(*(Text(cell(row)) for _, cell in columns))
            console.print(table)
