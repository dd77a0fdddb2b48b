"""`--format csv`: stable columns, one row per claim, values that survive a spreadsheet round trip."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from conftest import FIXTURES, SEEDS
from typer.testing import CliRunner

from factpull.cli import app
from factpull.models import Report
from factpull.render_csv import BOM, cell, csv_columns, write_csv

REPORT = Report.model_validate_json((FIXTURES / "render" / "report.json").read_text(encoding="utf-8"))
SEED = str(sorted(SEEDS.glob("*.txt"))[0])

#: The documented header (README, "CSV"). A change here is a change of contract.
COLUMNS = [
    "source", "type", "text", "start", "end", "sentence", "confidence",
    "value", "value_high", "qualifier", "counted", "counted_head", "event", "negated", "place",
    "unit", "change", "change_role", "changed_from", "name", "kind", "container", "mentions",
    "geonames_id", "latitude", "longitude", "country_code", "admin1",
    "content", "speaker", "speaker_title", "speaker_mention", "direct", "cue", "relative",
]


def _rows(text: str) -> list[dict[str, str]]:
    assert text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text[len(BOM):], newline="")))


def _csv(*reports: Report) -> str:
    out = io.StringIO(newline="")
    write_csv(reports, out)
    return out.getvalue()


def test_columns_are_the_documented_ones():
    assert csv_columns() == COLUMNS


@pytest.mark.parametrize("value, expected", [
    (None, ""),
    (True, "true"),
    (False, "false"),
    (107, "107"),
    (1200000.0, "1200000"),
    (0.19, "0.19"),
    (dt.date(2017, 9, 27), "2017-09-27"),
    ("2017-09-27", "2017-09-27"),
    ({"text": "he", "start": 4, "end": 6, "sentence": 0}, "he [4:6]"),
    ([{"text": "Philly", "start": 0, "end": 6, "sentence": 0},
      {"text": "Philadelphia", "start": 20, "end": 32, "sentence": 1}], "Philly [0:6]; Philadelphia [20:32]"),
    ([], ""),
])
def test_cell(value, expected):
    assert cell(value) == expected


def test_one_row_per_claim_with_the_claims_values():
    rows = _rows(_csv(REPORT, REPORT))
    claims = [c.model_dump(mode="json") for c in REPORT.claims] * 2
    assert len(rows) == len(claims)
    for row, claim in zip(rows, claims, strict=True):
        assert row["source"] == "story.txt"
        assert (row["type"], row["text"], int(row["start"]), int(row["end"])) == (
            claim["type"], claim["text"], claim["start"], claim["end"])
        assert float(row["confidence"]) == claim["confidence"]
    count = rows[0]
    assert (count["value"], count["qualifier"], count["event"], count["place"]) == (
        "40", "more than", "arrest", "Denver")
    assert count["negated"] == "false" and count["unit"] == "" and count["speaker"] == ""
    place = next(r for r in rows if r["type"] == "place")
    assert place["mentions"].startswith("Philly [90:96]")


def test_cells_with_commas_quotes_and_line_breaks_stay_one_cell():
    awkward = 'We said, "no" —\nand meant it; [yet] = 1'
    report = Report.model_validate({"source": "a, \"b\".txt", "claims": [
        {"type": "quote", "text": awkward, "start": 0, "end": len(awkward), "sentence": 0,
         "confidence": 0.9, "content": awkward, "speaker": "O'Brien, Jr.", "direct": True},
    ]})
    (row,) = _rows(_csv(report))
    assert row["text"] == row["content"] == awkward
    assert row["speaker"] == "O'Brien, Jr." and row["source"] == 'a, "b".txt'
    assert row["direct"] == "true"


def test_no_claims_gives_the_header_only():
    text = _csv(Report(source="empty.txt"))
    assert text == BOM + ",".join(COLUMNS) + "\r\n"


def test_seed_csv_has_as_many_rows_as_the_json_has_claims():
    runner = CliRunner()
    as_csv = runner.invoke(app, ["extract", "--format", "csv", SEED])
    as_json = runner.invoke(app, ["extract", "--format", "json", SEED])
    assert as_csv.exit_code == 0 and as_json.exit_code == 0, as_csv.stderr
    claims = json.loads(as_json.stdout)["claims"]
    rows = _rows(as_csv.stdout_bytes.decode("utf-8"))
    assert len(rows) == len(claims) > 20
    text = Path(SEED).read_text(encoding="utf-8")
    for row, claim in zip(rows, claims, strict=True):
        assert text[int(row["start"]):int(row["end"])] == row["text"] == claim["text"]
        assert row["type"] == claim["type"]
