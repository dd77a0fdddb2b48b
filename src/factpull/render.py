"""Rendering Reports: a rich table for people, JSON and JSON Lines for scripts. No spaCy here.

JSON never passes through rich markup: it is written as plain text, so brackets in quotes survive.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import kinds
from .models import Report
from .text import format_number  # noqa: F401  (re-exported: renderers format numbers one way)
from .untrusted import cell, printable


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


#: Tables are laid out for this many columns when stdout is not a terminal (a file, a pipe).
PIPE_WIDTH = 100


def stdout_console() -> Console:
    """The console for tables on stdout: the terminal's width (COLUMNS too), else 100; quiet on a
    broken pipe. Cells fold, so tables fit down to 80 columns and narrower."""
    return _StdoutConsole(file=sys.stdout, width=Console().width if sys.stdout.isatty() else PIPE_WIDTH)


# U+2028, U+2029 and U+0085 are legal raw inside JSON strings, but readers that split lines the
# Unicode way (Python's str.splitlines, JavaScript before ES2019) take them for line ends, so a
# JSON Lines file would seem to have more lines than documents. Outside strings JSON has none.
_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085"})


def escape_line_breaks(json_text: str) -> str:
    """JSON text with the Unicode line breaks other than LF escaped (it stays the same JSON)."""
    return json_text.translate(_LINE_BREAKS)


def to_json(report: Report) -> str:
    """One report as an indented JSON document."""
    return escape_line_breaks(report.model_dump_json(indent=2))


def to_jsonl(report: Report) -> str:
    """One report as a single line of JSON, on one line for every reader."""
    return escape_line_breaks(report.model_dump_json())


def to_json_array(reports: Iterable[Report]) -> str:
    """Several reports as one JSON array (what `--format json` prints for more than one input)."""
    return escape_line_breaks(
        json.dumps([r.model_dump(mode="json") for r in reports], indent=2, ensure_ascii=False)
    )


def render_table(reports: Iterable[Report], console: Console) -> None:
    """Print each report as one table per claim type, with the source as a heading."""
    for report in reports:
        heading = Text(printable(report.source), style="bold")
        if report.published:
            heading.append(f"  published {report.published.isoformat()}", style="dim")
        console.rule(heading, align="left")
        if report.error:
            console.print(Text(printable(f"error: {report.error}"), style="red"))
            continue
        claims = [c.model_dump(mode="json") for c in report.claims]
        if not claims:
            console.print(Text("no claims found", style="dim"))
        for kind in kinds.all_kinds():
            rows = [c for c in claims if c["type"] == kind.name]
            if not rows:
                continue
            table = Table(title=f"{kind.title} ({len(rows)})", title_justify="left", expand=False)
            for header, _ in kind.columns:
                table.add_column(header, overflow="fold")
            for row in rows:
                table.add_row(*(Text(cell(value(row))) for _, value in kind.columns))
            console.print(table)
