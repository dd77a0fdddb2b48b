"""Expectation files: reading TOML and JSON, one-line errors, writing, and the round trip."""

from __future__ import annotations

import json
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factpull.expectations import (
    Expectations,
    ExpectationsError,
    expectations_from_report,
    load_expectations,
    parse_expectations,
    to_json,
    to_toml,
    toml_string,
    write_expectations,
)
from factpull.models import AmountClaim, CountClaim, QuoteClaim, Report

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

TOML = """\
[options]
exact = ["count"]
tolerance = 0.05

[[count]]
value = 107
counted = "immigrants"   # words that must appear
place = "Philadelphia"

[[count]]
value = 1.5
tolerance_abs = 1

[[amount]]
value = 1200000
unit = "USD"

[[quote]]
speaker = "Tom Homan"
contains = "Sanctuary jurisdictions"

[[quote]]
contains = "no speaker needed"

[[place]]
name = "Philadelphia"

[[operation]]
name = "Safe City"
"""


def test_toml_and_json_read_the_same():
    from_toml = parse_expectations(TOML, "toml", "f.toml")
    from_json = parse_expectations(json.dumps(tomllib.loads(TOML)), "json", "f.json")
    assert from_toml == from_json
    assert from_toml.count[0].value == 107 and from_toml.count[0].place == "Philadelphia"
    assert from_toml.count[1].tolerance_abs == 1
    assert from_toml.quote[1].speaker is None
    assert from_toml.exact_types() == {"count"}
    assert from_toml.amount[0].unit == "USD"
    assert len(from_toml) == 7


@pytest.mark.parametrize("options, types", [
    ({}, set()),
    ({"exact": False}, set()),
    ({"exact": True}, {"count", "place"}),  # the types the file lists
    ({"exact": ["quote"]}, {"quote"}),
])
def test_exact_types(options, types):
    file = Expectations.model_validate({"options": options, "count": [{"value": 1}],
                                        "place": [{"name": "X"}]})
    assert file.exact_types() == types


@pytest.mark.parametrize("fmt, text, message", [
    # syntax errors: the parser's line and column
    ("toml", '[[count]]\nvalue = 107\ncounted = "immigrants\n', "line 3, column 22: invalid TOML"),
    ("toml", "[[count]]\nvalue = 107\nvalue = 108\n", "line 3, column 12: invalid TOML"),
    ("toml", "[[count]\n", "line 1, column 8: invalid TOML"),
    ("json", '{"count": [{"value": 107,}]}', "line 1, column 26: invalid JSON"),
    ("json", '{\n  "count": [\n    {"value": 107}\n  ]\n', "line 5, column 1: invalid JSON"),
    ("json", "", "line 1, column 1: invalid JSON"),
    # validation errors: the key's line where the TOML layout tells it
    ("toml", "[[count]]\nvalue = 107\nvaule = 3\n", "line 3: count[0].vaule: unknown key"),
    ("toml", '[[count]]\nvalue = 1\n[[count]]\ncounted = "x"\n',
     "line 3: count[1].value: missing required key"),
    ("toml", '[[count]]\nvalue = "107"\n', "line 2: count[0].value: should be a finite number"),
    ("toml", "[[count]]\nvalue = true\n", "line 2: count[0].value: should be a finite number"),
    ("toml", "[[count]]\nvalue = nan\n", "line 2: count[0].value: should be a finite number"),
    ("toml", "[[quote]]\n", "line 1: quote[0]: a quote needs `speaker`, `contains` or both"),
    ("toml", '[[quote]]\nspeaker = "  "\n', "line 2: quote[0].speaker: must not be empty"),
    ("toml", '[[place]]\nname = ""\n', "line 2: place[0].name: String should have at least 1 character"),
    ("toml", '[[counts]]\nvalue = 1\n', "line 1: counts: unknown section (expected options, count, amount, "
                                        "place, operation, quote; did you mean count?)"),
    ("toml", '[[stuff]]\nvalue = 1\n', "line 1: stuff: unknown section (expected options, count, amount, "
                                       "place, operation, quote)"),
    ("toml", '[[count]]\nvalue = 1\n[[count]]\nvaule = 2\n',
     "line 4: count[1].vaule: unknown key (did you mean value?)"),
    ("json", '{"count": [{"vaule": 2}]}', "count[0].vaule: unknown key (did you mean value?)"),
    ("json", '{"[": null}', "[: unknown section (expected options"),  # found by the fuzz test
    ("json", '{"count": [{"value": 1, "list[int]": 2}]}', "count[0].list[int]: unknown key"),
    ("toml", '[options]\ntolerence = 0.1\n',
     "line 2: options.tolerence: unknown key (did you mean tolerance?)"),
    ("json", '{"count": [{"value": ' + "[" * 10_000 + "]" * 10_000 + '}]}',
     "invalid JSON (nested too deeply)"),
    ("toml", "a = " + "[" * 10_000 + "]" * 10_000, "invalid TOML (nested too deeply)"),
    ("json", '{"count": [{"value": ' + "1" * 5000 + '}]}', "invalid JSON (Exceeds the limit"),
    ("toml", '[options]\nexact = "yes"\n', "line 2: options.exact: should be true, false or a list of claim "
                                           "types (count, amount, place, operation, quote)"),
    ("toml", '[options]\nexact = ["date"]\n', "line 2: options.exact: should be true, false or a list"),
    ("toml", "[options]\ntolerance = -0.1\n", "line 2: options.tolerance: Input should be greater than or "
                                              "equal to 0"),
    ("json", '{"count": [{"value": "107"}]}', "count[0].value: should be a finite number"),
    ("json", '{"count": [{"value": 1}, {"value": 2, "x": 3}], "place": [{}]}',
     "count[1].x: unknown key (and 1 more problem)"),
    ("json", '{"count": {"value": 1}}', "count: Input should be a valid list"),
    ("json", "[]", "the top level must be a table of claim lists"),
])
def test_malformed_files_give_one_line(fmt, text, message):
    with pytest.raises(ExpectationsError) as err:
        parse_expectations(text, fmt, f"facts.{fmt}")
    assert str(err.value).startswith(f"facts.{fmt}: {message}")
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("name, message", [
    ("missing.toml", "missing.toml: no such file"),
    ("facts.yaml", "facts.yaml: expectations file must end in .toml or .json"),
])
def test_load_errors(tmp_path, name, message):
    with pytest.raises(ExpectationsError) as err:
        load_expectations(tmp_path / name)
    assert str(err.value) == f"{tmp_path / message}"


@pytest.mark.parametrize("text", ["", "\n# all deleted\n", "[options]\nexact = true\n", "count = []\n"],
                         ids=["empty", "comment", "options-only", "empty-list"])
def test_file_without_expectations_is_refused(tmp_path, text):
    # A truncated facts file must fail the CI job, not pass it with "0 passed, 0 failed".
    path = tmp_path / "e.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ExpectationsError, match=r"^no expectations in .*e\.toml"):
        load_expectations(path)


def test_load_reads_utf8_with_bom(tmp_path):
    path = tmp_path / "f.toml"
    path.write_bytes("\ufeff[[place]]\nname = \"Zürich\"\n".encode())
    assert load_expectations(path).place[0].name == "Zürich"


def _report() -> Report:
    claims = [
        CountClaim(text="107 undocumented immigrants", start=0, end=27, sentence=0, confidence=0.9,
                   value=107.0, counted="undocumented immigrants", counted_head="immigrants",
                   place="Philadelphia"),
        CountClaim(text="nine", start=30, end=34, sentence=1, confidence=0.9, value=9),
        AmountClaim(text="$1.2m", start=35, end=40, sentence=1, confidence=0.9, value=1200000.0, unit="USD"),
        QuoteClaim(text="x", start=40, end=41, sentence=2, confidence=0.9, direct=True, speaker="Tom Homan",
                   content='We call it "Safe City" and it works'),
        QuoteClaim(text="y", start=50, end=51, sentence=3, confidence=0.9, direct=False, speaker=None,
                   content="they were released"),
    ]
    return Report(source="a.txt", claims=claims)


def test_snapshot_keeps_the_first_words_of_a_long_quote():
    long = QuoteClaim(text="x", start=0, end=1, sentence=0, confidence=0.9, direct=True, speaker="A B",
                      content="one two three four five six seven eight nine ten eleven twelve thirteen")
    (snip,) = expectations_from_report(Report(source="a", claims=[long])).quote
    assert snip.contains == "one two three four five six seven eight nine ten eleven twelve"


def test_snapshot_of_a_report():
    snap = expectations_from_report(_report())
    assert [c.model_dump(exclude_none=True) for c in snap.count] == [
        {"value": 107, "counted": "immigrants", "place": "Philadelphia"},
        {"value": 9},
    ]
    assert isinstance(snap.count[0].value, int)
    assert [a.model_dump(exclude_none=True) for a in snap.amount] == [{"value": 1200000, "unit": "USD"}]
    assert [q.model_dump(exclude_none=True) for q in snap.quote] == [
        {"speaker": "Tom Homan", "contains": 'We call it "Safe City" and it works'},
        {"contains": "they were released"},
    ]


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_write_then_read_is_identity(tmp_path, suffix):
    snap = expectations_from_report(_report())
    snap.options.exact = ["quote"]
    snap.options.tolerance = 0.1
    path = tmp_path / f"facts{suffix}"
    write_expectations(snap, path, about="a.txt")
    assert load_expectations(path) == snap


def test_written_toml_reads_well():
    text = to_toml(expectations_from_report(_report()), about="a.txt")
    assert text.startswith("# factpull expectations for a.txt")
    assert "\n[options]\n" not in text  # defaults are left out
    assert '[[count]]\nvalue = 107\ncounted = "immigrants"\nplace = "Philadelphia"\n' in text
    assert 'contains = "We call it \\"Safe City\\" and it works"' in text
    assert json.loads(to_json(Expectations()))["count"] == []


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_toml_strings_round_trip(text):
    assert tomllib.loads(f"key = {toml_string(text)}")["key"] == text


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-10**12, 10**12) | st.floats(allow_nan=False, allow_infinity=False),
                       st.text(min_size=1).filter(str.strip)), max_size=4),
    st.lists(st.text(min_size=1).filter(str.strip), max_size=4),
)
def test_whole_files_round_trip(counts, names):
    exp = Expectations.model_validate({
        "count": [{"value": v, "counted": c} for v, c in counts],
        "quote": [{"speaker": n, "contains": n} for n in names],
        "place": [{"name": n} for n in names],
        "operation": [{"name": n} for n in names],
    })
    assert parse_expectations(to_toml(exp, about="x\ny"), "toml", "f.toml") == exp
    assert parse_expectations(to_json(exp), "json", "f.json") == exp


@pytest.mark.parametrize("name", ["expectations", "check", "diff"])
def test_committed_json_schemas_are_current(name):
    """The shapes of expectation files and of check/diff JSON change only as a reviewed diff.

    Rewrite after an intended change with FACTPULL_UPDATE_GOLDEN=1 and bump the format version.
    """
    import os

    from conftest import FIXTURES

    from factpull.check import check_json_schema
    from factpull.diff import diff_json_schema
    from factpull.expectations import expectations_json_schema

    current = {"expectations": expectations_json_schema, "check": check_json_schema,
               "diff": diff_json_schema}[name]()
    path = FIXTURES / "check" / f"{name}.schema.json"
    if os.environ.get("FACTPULL_UPDATE_GOLDEN"):
        path.write_text(json.dumps(current, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert current == json.loads(path.read_text(encoding="utf-8"))
    for definition in [current, *current.get("$defs", {}).values()]:
        for field, spec in definition.get("properties", {}).items():
            described = spec.get("description") or "$ref" in spec  # a model is described by its docstring
            assert described, f"{definition.get('title')}.{field} has no description"
