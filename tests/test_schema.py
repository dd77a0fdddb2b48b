"""The JSON contract: the committed schema is what the models generate, and output validates."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES

from factpull.models import SCHEMA_VERSION, Report, report_json_schema

SCHEMA_FILE = FIXTURES / "schema.json"


def test_committed_schema_is_current():
    """A change of contract must show up as a diff of fixtures/schema.json (and a version bump)."""
    current = report_json_schema()
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert current == committed, "schema changed: review it, bump SCHEMA_VERSION, rewrite the file"


def test_schema_names_every_claim_type():
    schema = report_json_schema()
    mapping = schema["properties"]["claims"]["items"]["discriminator"]["mapping"]
    assert set(mapping) == {"count", "amount", "place", "operation", "quote", "date"}


def test_every_field_is_documented():
    for name, definition in report_json_schema()["$defs"].items():
        for field, spec in definition.get("properties", {}).items():
            if field == "type":
                continue
            assert spec.get("description"), f"{name}.{field} has no description"


def test_claims_are_closed():
    with pytest.raises(ValueError):
        Report.model_validate({"source": "x", "claims": [], "surprise": 1})


def test_report_defaults():
    report = Report(source="a.txt")
    assert report.schema_version == SCHEMA_VERSION
    assert report.claims == [] and report.error is None


def test_output_validates_against_the_printed_schema(run):
    import jsonschema
    from conftest import SEEDS

    text = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8")
    document = json.loads(run(text).model_dump_json())
    jsonschema.Draft202012Validator(report_json_schema()).validate(document)
    error_document = json.loads(Report(source="x", error="x: no such file").model_dump_json())
    jsonschema.Draft202012Validator(report_json_schema()).validate(error_document)
