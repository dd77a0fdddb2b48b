"""Renderers: the table people read (exact text at 100 columns) and JSON that scripts read."""

from __future__ import annotations

import json
from io import StringIO

from conftest import FIXTURES
from rich.console import Console

from factpull.models import Report
from factpull.render import render_table, to_json, to_json_array, to_jsonl

REPORT = Report.model_validate_json((FIXTURES / "render" / "report.json").read_text(encoding="utf-8"))


def _table(*reports: Report) -> str:
    console = Console(width=100, file=StringIO(), color_system=None)
    render_table(reports, console)
    return console.file.getvalue()


def test_table_matches_committed_text():
    expected = (FIXTURES / "render" / "report.table.txt").read_text(encoding="utf-8")
    assert _table(REPORT) == expected


def test_table_fits_in_100_columns():
    assert max(len(line) for line in _table(REPORT).splitlines()) <= 100


def test_table_keeps_brackets_of_quotes():
    assert "[yet]" in _table(REPORT)


def test_table_for_no_claims_and_errors():
    text = _table(Report(source="empty.txt"), Report(source="bad.txt", error="bad.txt: no such file"))
    assert "no claims found" in text
    assert "error: bad.txt: no such file" in text


def test_json_round_trips():
    assert Report.model_validate_json(to_json(REPORT)) == REPORT
    assert Report.model_validate_json(to_jsonl(REPORT)) == REPORT
    assert "\n" not in to_jsonl(REPORT)
    assert [Report.model_validate(d) for d in json.loads(to_json_array([REPORT, REPORT]))] == [REPORT] * 2


def test_json_keeps_every_field_even_when_null():
    claim = json.loads(to_jsonl(REPORT))["claims"][-2]
    assert claim["speaker"] is None and "speaker_title" in claim
