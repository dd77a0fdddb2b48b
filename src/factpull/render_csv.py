"""`--format csv`: one row per claim, for spreadsheets. No spaCy here.

Columns are stable: `source`, the common claim fields, then every type's own fields in model
order (a column shared by several types, like `value`, appears once). Cells are plain text: no
value is empty, booleans are `true`/`false`, mentions are `text [start:end]` joined with `; `.

Encoding and quoting were chosen for the two programs newsrooms open CSV with: UTF-8 with a
byte-order mark (Excel reads a CSV without one in the local code page and mangles curly quotes
and accents; LibreOffice and Python's `utf-8-sig` read the mark as what it is), CRLF line ends
and minimal quoting with doubled quotes (RFC 4180, what both expect, and what `csv` writes), so
quotes holding commas, quotation marks or line breaks stay one cell. Cells are never altered:
`text` is always `input[start:end]`.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from typing import Any, TextIO

from .claim_fields import COMMON_FIELDS, type_fields
from .models import Report

BOM = "\ufeff"


def csv_columns() -> list[str]:
    """The header: source, the common fields, then each type's fields (first appearance wins)."""
    columns = ["source", *COMMON_FIELDS]
    for fields in type_fields().values():
        columns.extend(f.name for f in fields if f.name not in columns)
    return columns


def _mention(mention: dict) -> str:
    return f"{mention['text']} [{mention['start']}:{mention['end']}]"


def cell(value: Any) -> str:
    """One value as spreadsheet text: 107 not 107.0, true/false, ISO dates, mentions joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):  # a Mention
        return _mention(value)
    if isinstance(value, list):  # mentions
        return "; ".join(_mention(m) for m in value)
    return str(value)


def claim_row(source: str, claim: dict) -> dict[str, str]:
    """The row of one claim (a claim dict as `model_dump(mode="json")` gives it)."""
    row = {"source": source}
    row.update({name: cell(value) for name, value in claim.items()})
    return row


def write_csv(reports: Iterable[Report], out: TextIO) -> int:
    """Write the header and one row per claim of every report, flushing per report; rows written."""
    columns = csv_columns()
    out.write(BOM)
    writer = csv.DictWriter(out, fieldnames=columns, restval="", extrasaction="raise")
    writer.writeheader()
    rows = 0
    for report in reports:
        for claim in report.claims:
            writer.writerow(claim_row(report.source, claim.model_dump(mode="json")))
            rows += 1
        out.flush()
    return rows
