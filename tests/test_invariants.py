"""Invariants on any input: no crash, offsets always match, output always validates."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factpull.io import InputError, decode
from factpull.models import Report

NEWSY = st.lists(
    st.sampled_from([
        "Police arrested 12 people in Denver.", '"We are done," she said.', "“Fine,” said Mr. Lee",
        "'Maybe,' he said.", "''No,'' said Ms. Park.", "More than 300 were hurt in Paris, France.",
        "Operation 'Red Dawn' began on Monday.", "He told reporters that two dozen men fled.",
        "$5 million", "15 percent", "\n\n", "\n", " ", '"', "'", "“", "”", "—", "Philly", "U.S.",
        "According to ICE, 7 people", "about 1.2 million voters", "dubbed", "September 28, 2017",
    ]),
    max_size=30,
).map(" ".join)


def _check(report: Report, text: str) -> None:
    Report.model_validate_json(report.model_dump_json())
    for claim in report.model_dump(mode="json")["claims"]:
        assert 0 <= claim["start"] <= claim["end"] <= len(text)
        assert text[claim["start"]:claim["end"]] == claim["text"]
        for mention in claim.get("mentions") or []:
            assert text[mention["start"]:mention["end"]] == mention["text"]
        if claim["type"] == "quote" and claim.get("speaker_mention"):
            m = claim["speaker_mention"]
            assert text[m["start"]:m["end"]] == m["text"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_any_text(run, text):
    _check(run(text), text)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=NEWSY)
def test_newsy_text(run, text):
    _check(run(text), text)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=400))
def test_random_bytes_decode_or_fail_cleanly(data):
    try:
        text = decode(data, "x")
    except InputError as err:
        assert str(err).startswith("x: ") and "\n" not in str(err)
    else:
        assert isinstance(text, str) and text.strip()
        assert "\r" not in text
