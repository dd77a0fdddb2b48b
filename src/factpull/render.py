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
        for kind in kinds.all_kinds():
            rows = [c for c in claims if c["type"] == kind.name]
            if not rows:
                continue
            table = Table(title=f"{kind.title} ({len(rows)})", title_justify="left", expand=False)
            for header, _ in kind.columns:
                table.add_column(header, overflow="fold")
            for row in rows:
                table.add_row(*(Text(cell(row)) for _, cell in kind.columns))
            console.print(table)
