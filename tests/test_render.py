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


# ---------------------------------------------------------------------------------------------
# Untrusted strings and narrow terminals

HOSTILE_NAME = "\x1b[2J\x1b]0;pwned\x07evil\u202etxt.exe\nsecond line.txt"


def _hostile_report() -> Report:
    data = json.loads(to_json(REPORT))
    data["source"] = HOSTILE_NAME
    for claim in data["claims"]:
        if claim["type"] == "quote":
            claim["content"] = "We \x1b[31mwill\x1b[0m keep\u2028going"
    return Report.model_validate(data)


def test_table_escapes_control_characters_in_names_and_claims():
    text = _table(_hostile_report(), Report(source="bad\x1b[5m.txt", error="bad\x1b[5m.txt: no such file"))
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text and "\u2028" not in text
    assert "\\x1b[2J\\x1b]0;pwned\\x07evil\\u202etxt.exe\\nsecond line.txt" in text
    assert "We \\x1b[31mwill\\x1b[0m keep going" in text
    assert "error: bad\\x1b[5m.txt: no such file" in text


def test_json_lines_escape_unicode_line_breaks():
    data = json.loads(to_json(REPORT))
    data["source"] = "a\u2028b\u2029c\u0085d"
    report = Report.model_validate(data)
    for text in (to_jsonl(report), to_json(report), to_json_array([report])):
        assert not {"\u2028", "\u2029", "\u0085"} & set(text)
        assert "a\\u2028b\\u2029c\\u0085d" in text
    assert len(to_jsonl(report).splitlines()) == 1  # the Unicode way of splitting lines
    assert Report.model_validate_json(to_jsonl(report)) == report


def test_tables_fit_80_columns_without_losing_words():
    console = Console(width=80, file=StringIO(), color_system=None)
    render_table([REPORT], console)
    text = console.file.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 80
    folded = "".join(text.split())  # cells fold inside their column: every character is kept
    for claim in REPORT.claims:
        if claim.type == "count":
            assert all(word in folded for word in claim.counted.split())


def test_stdout_console_follows_the_terminal_and_keeps_100_in_a_pipe(monkeypatch):
    from factpull.render import stdout_console

    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    assert stdout_console().width == 80
    monkeypatch.setattr("sys.stdout.isatty", lambda: False, raising=False)
    assert stdout_console().width == 100
