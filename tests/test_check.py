"""`factpull check`: matching expectations against claims, nearest candidates, and the command.

Matching is tested on Reports built from the models, so it does not depend on what the extractors
find; the end-to-end tests at the bottom run the real pipeline on fixture articles and the seed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, ROOT, SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

from factpull.check import (
    check_report,
    contains_words,
    norm_name,
    render_check_table,
    speaker_matches,
    stem,
    words,
)
from factpull.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, app
from factpull.expectations import Expectations
from factpull.models import AmountClaim, CountClaim, Mention, OperationClaim, PlaceClaim, QuoteClaim, Report

CHECK = FIXTURES / "check"
SEED = SEEDS / "000_5c696416e1d3fd01.txt"
runner = CliRunner()

# ---------------------------------------------------------------------------------------------
# Building claims without an extractor


def count(value: float, counted: str | None, head: str | None = None, *, place: str | None = None,
          event: str | None = None, sentence: int = 0, start: int = 0) -> CountClaim:
    text = f"{value} {counted or ''}".strip()
    if head is None and counted:
        head = counted.split()[-1]
    return CountClaim(text=text, start=start, end=start + len(text), sentence=sentence, confidence=0.9,
                      value=value, counted=counted, counted_head=head, event=event, place=place)


def amount(value: float, unit: str, *, sentence: int = 0, start: int = 0) -> AmountClaim:
    return AmountClaim(text=str(value), start=start, end=start + len(str(value)), sentence=sentence,
                       confidence=0.9, value=value, unit=unit)


def quote(content: str, speaker: str | None, *, sentence: int = 0, start: int = 0,
          direct: bool = True) -> QuoteClaim:
    return QuoteClaim(text=content, start=start, end=start + len(content), sentence=sentence,
                      confidence=0.9, content=content, speaker=speaker, direct=direct, cue="say")


def _mentions(forms: tuple[str, ...], start: int) -> list[Mention]:
    return [Mention(text=f, start=start + 100 * i, end=start + 100 * i + len(f), sentence=i)
            for i, f in enumerate(forms)]


def place(name: str, *forms: str, start: int = 0) -> PlaceClaim:
    forms = forms or (name,)
    return PlaceClaim(text=forms[0], start=start, end=start + len(forms[0]), sentence=0, confidence=0.9,
                      name=name, kind="city", mentions=_mentions(forms, start))


def operation(name: str, *forms: str, start: int = 0) -> OperationClaim:
    forms = forms or (name,)
    return OperationClaim(text=forms[0], start=start, end=start + len(forms[0]), sentence=0,
                          confidence=0.9, name=name, mentions=_mentions(forms, start))


def report(*claims: Any, source: str = "story.txt") -> Report:
    return Report(source=source, claims=list(claims))


def expect(**sections: Any) -> Expectations:
    return Expectations.model_validate(sections)


def statuses(result) -> list[str]:
    return [i.status for i in result.items]


# ---------------------------------------------------------------------------------------------
# Normalisation


@pytest.mark.parametrize("text, expected", [
    ("The United States", "united states"),
    ("U.S.", "us"),
    ("the  Bronx!", "bronx"),
    ("St. Louis", "st louis"),
    ("Operation Safe City", "operation safe city"),
])
def test_norm_name(text, expected):
    assert norm_name(text) == expected


def test_norm_name_drops_operation_when_asked():
    assert norm_name("Operation “Safe City”", ("operation",)) == "safe city"


@pytest.mark.parametrize("word, expected", [
    ("immigrants", "immigrant"), ("cities", "city"), ("churches", "church"), ("boxes", "box"),
    ("people", "people"), ("status", "status"), ("glass", "glass"), ("bus", "bus"), ("crisis", "crisis"),
])
def test_stem(word, expected):
    assert stem(word) == expected


@pytest.mark.parametrize("haystack, needle, expected", [
    ("As I’ve stated many times, when our city", "I've stated many", True),
    ("“Sanctuary  jurisdictions” that do not", '"sanctuary jurisdictions that', True),
    ("we will not\nback down — ever", "not back down ever", True),
    ("we will not back down", "will back", False),
    ("anything", "", True),
])
def test_contains_words(haystack, needle, expected):
    assert contains_words(words(haystack), words(needle)) is expected


@pytest.mark.parametrize("expected, found, result", [
    ("Tom Homan", "Tom Homan", True),
    ("Homan", "Tom Homan", True),
    ("Tom Homan", "Homan", True),
    ("tom homan", "Tom Homan", True),
    ("Jim Kenney", "Mayor Jim Kenney", True),
    ("ICE", "ICE officials", True),
    ("police", "police officers", True),
    ("Tom", "Tom Homan", False),
    ("Tom Homan", "Jim Kenney", False),
    ("ICE", "FBI officials", False),
    ("Homan", None, False),
    ("Raymond W. Kelly", "Raymond Kelly", True),  # a middle initial is the same person
    ("Jumaane Williams", "Jumaane D. Williams", True),
    ("Raymond W. Kelly", "Raymond J. Kelly", False),
])
def test_speaker_matches(expected, found, result):
    assert speaker_matches(expected, found) is result


# ---------------------------------------------------------------------------------------------
# Matching


@pytest.mark.parametrize("expectation, claim, status", [
    ({"value": 107, "counted": "immigrants"}, count(107, "undocumented immigrants"), "pass"),
    ({"value": 107, "counted": "immigrant"}, count(107, "undocumented immigrants"), "pass"),
    ({"value": 107, "counted": "The Undocumented Immigrants."},
     count(107, "undocumented immigrants"), "pass"),
    ({"value": 107}, count(107, "people"), "pass"),
    ({"value": 107, "counted": "immigrants", "place": "Philadelphia"},
     count(107, "immigrants", place="Philadelphia"), "pass"),
    ({"value": 107, "counted": "immigrants", "place": "Philadelphia"},
     count(107, "immigrants", place="Baltimore"), "fail"),
    ({"value": 107, "counted": "immigrants", "event": "arrest"},
     count(107, "immigrants", event="arrest"), "pass"),
    ({"value": 107, "counted": "immigrants", "event": "deport"},
     count(107, "immigrants", event="arrest"), "fail"),
    ({"value": 107, "counted": "immigrants"}, count(170, "immigrants"), "fail"),
    ({"value": 107, "counted": "immigrants"}, count(107, "people"), "fail"),
    ({"value": 100, "counted": "people", "tolerance": 0.05}, count(104, "people"), "pass"),
    ({"value": 100, "counted": "people", "tolerance": 0.05}, count(106, "people"), "fail"),
    ({"value": 100, "counted": "people", "tolerance_abs": 6}, count(106, "people"), "pass"),
    ({"value": 1.2e6, "counted": "voters"}, count(1_200_000, "voters"), "pass"),
])
def test_count_matching(expectation, claim, status):
    result = check_report(report(claim), expect(count=[expectation]))
    assert statuses(result) == [status]
    assert result.ok is (status == "pass")


def test_file_wide_tolerance_and_per_count_override():
    claims = report(count(104, "people"), count(210, "cars"))
    file = expect(options={"tolerance": 0.05},
                  count=[{"value": 100, "counted": "people"},
                         {"value": 200, "counted": "cars", "tolerance": 0}])
    assert statuses(check_report(claims, file)) == ["pass", "fail"]
    file = expect(options={"tolerance_abs": 10}, count=[{"value": 200, "counted": "cars"}])
    assert statuses(check_report(claims, file)) == ["pass"]


@pytest.mark.parametrize("expectation, claim, status", [
    ({"value": 1200000, "unit": "USD"}, amount(1.2e6, "USD"), "pass"),
    ({"value": 1200000, "unit": "usd"}, amount(1.2e6, "USD"), "pass"),
    ({"value": 1200000}, amount(1.2e6, "GBP"), "pass"),
    ({"value": 1200000, "unit": "USD"}, amount(1.2e6, "GBP"), "fail"),
    ({"value": 12.5, "unit": "percent"}, amount(12.5, "percent"), "pass"),
    ({"value": 12, "unit": "percent", "tolerance_abs": 0.5}, amount(12.5, "percent"), "pass"),
    ({"value": 12, "unit": "percent"}, amount(12.5, "percent"), "fail"),
])
def test_amount_matching(expectation, claim, status):
    assert statuses(check_report(report(claim), expect(amount=[expectation]))) == [status]


@pytest.mark.parametrize("expectation, claims, message", [
    ({"value": 12, "unit": "percent"}, [amount(12.5, "percent"), amount(40, "percent")],
     "amount moved: expected 12 %, found 12.5 %"),
    ({"value": 1200000, "unit": "USD"}, [amount(1.2e6, "GBP")],
     "same number, other unit: expected 1,200,000 USD, found 1,200,000 GBP"),
    ({"value": 5, "unit": "EUR"}, [amount(7, "GBP")], "not found"),
])
def test_nearest_amount(expectation, claims, message):
    (item,) = check_report(report(*claims), expect(amount=[expectation])).items
    assert (item.status, item.message) == ("fail", message)


@pytest.mark.parametrize("expectation, claim, status", [
    ({"speaker": "Tom Homan", "contains": "Sanctuary jurisdictions"},
     quote("Sanctuary jurisdictions that do not honor detainers", "Tom Homan"), "pass"),
    ({"speaker": "Homan", "contains": "sanctuary JURISDICTIONS"},
     quote("Sanctuary jurisdictions that do not honor detainers", "Tom Homan"), "pass"),
    ({"speaker": "Jim Kenney", "contains": "As I’ve stated many times"},
     quote("As I've stated many times, when our communities", "Jim Kenney"), "pass"),
    ({"contains": "when our communities"},
     quote("As I've stated many times, when our communities", None), "pass"),
    ({"speaker": "ICE"}, quote("He had been released", "ICE officials", direct=False), "pass"),
    ({"speaker": "Tom Homan", "contains": "Sanctuary jurisdictions"},
     quote("Sanctuary jurisdictions that do not honor detainers", "Jim Kenney"), "fail"),
    ({"speaker": "Tom Homan", "contains": "jurisdictions sanctuary"},
     quote("Sanctuary jurisdictions that do not honor detainers", "Tom Homan"), "fail"),
])
def test_quote_matching(expectation, claim, status):
    assert statuses(check_report(report(claim), expect(quote=[expectation]))) == [status]


@pytest.mark.parametrize("claim_type, name, claim, status", [
    ("place", "Philadelphia", place("Philadelphia", "Philadelphia", "Philly"), "pass"),
    ("place", "Philly", place("Philadelphia", "Philadelphia", "Philly"), "pass"),
    ("place", "the united states", place("United States", "U.S."), "pass"),
    ("place", "US", place("United States", "U.S."), "pass"),
    ("place", "Denver", place("Philadelphia"), "fail"),
    ("place", "Washington", place("Washington, D.C."), "pass"),
    ("place", "Washington, DC", place("Washington, D.C."), "pass"),
    ("place", "Portland, Oregon", place("Portland", "Portland"), "fail"),
    ("place", "Portland, Oregon", PlaceClaim(text="Portland", start=0, end=8, sentence=0, confidence=1,
                                             name="Portland", container="Oregon", mentions=[]), "pass"),
    ("operation", "Safe City", operation("Safe City", "Operation Safe City"), "pass"),
    ("operation", "Operation Safe City", operation("Safe City"), "pass"),
    ("operation", "Clean Sweep", operation("Safe City"), "fail"),
])
def test_named_matching(claim_type, name, claim, status):
    assert statuses(check_report(report(claim), expect(**{claim_type: [{"name": name}]}))) == [status]


def test_counts_match_one_to_one_but_quotes_may_share():
    claims = report(count(104, "people"), quote("We will keep our streets safe for everyone", "Maria Lopez"))
    file = expect(count=[{"value": 104, "counted": "people"}, {"value": 104, "counted": "people"}],
                  quote=[{"speaker": "Lopez", "contains": "keep our streets"},
                         {"speaker": "Lopez", "contains": "safe for everyone"}])
    result = check_report(claims, file)
    assert statuses(result) == ["pass", "fail", "pass", "pass"]
    assert "another expectation took it" in result.items[1].message


def test_one_to_one_finds_the_assignment_greedy_would_miss():
    # the first expectation accepts both counts, the second only the first count
    claims = report(count(12, "police officers", "officers", start=0), count(12, "officers", start=50))
    file = expect(count=[{"value": 12, "counted": "officers"}, {"value": 12, "counted": "police officers"}])
    assert statuses(check_report(claims, file)) == ["pass", "pass"]


# ---------------------------------------------------------------------------------------------
# Nearest candidates


@pytest.mark.parametrize("expectation, claims, message, nearest_value", [
    ({"value": 107, "counted": "immigrants"}, [count(170, "undocumented immigrants"), count(107, "days")],
     "count moved: expected 107 immigrants, found 170 undocumented immigrants", 170),
    ({"value": 107, "counted": "immigrants"}, [count(12, "immigrants"), count(109, "immigrants")],
     "count moved: expected 107 immigrants, found 109 immigrants", 109),
    ({"value": 107, "counted": "immigrants"}, [count(107, "people")],
     "same number, other thing counted: expected 107 immigrants, found 107 people", 107),
    ({"value": 107, "counted": "immigrants", "place": "Philadelphia"},
     [count(107, "immigrants", place="Baltimore")],
     "found 107 immigrants (in Baltimore), but not in Philadelphia", 107),
    ({"value": 107, "counted": "immigrants"}, [count(5, "officers")],
     "not found: no count with this value or this noun", None),
])
def test_nearest_count(expectation, claims, message, nearest_value):
    (item,) = check_report(report(*claims), expect(count=[expectation])).items
    assert item.status == "fail"
    assert item.message == message
    assert (item.nearest or {}).get("value") == nearest_value


def test_nearest_count_prefers_claims_no_expectation_took():
    claims = report(count(317, "people"), count(105, "people"))
    file = expect(count=[{"value": 317, "counted": "people"}, {"value": 104, "counted": "people"}])
    result = check_report(claims, file)
    assert result.items[1].message == "count moved: expected 104 people, found 105 people"


@pytest.mark.parametrize("expectation, claims, message", [
    ({"speaker": "Tom Homan", "contains": "Sanctuary jurisdictions"},
     [quote("Sanctuary jurisdictions are shielding criminals", "Jim Kenney")],
     "quote found, but attributed to Jim Kenney"),
    ({"speaker": "Tom Homan", "contains": "Sanctuary jurisdictions"},
     [quote("Sanctuary jurisdictions are shielding criminals", None)],
     "quote found, but attributed to no one"),
    ({"speaker": "Homan", "contains": "Sanctuary jurisdictions shield criminal aliens"},
     [quote("Sanctuary cities shield dangerous criminal aliens", "Tom Homan")],
     "reworded? nearest quote: Tom Homan: “Sanctuary cities shield dangerous criminal aliens”"),
    ({"speaker": "Tom Homan"}, [quote("Hello", "Jim Kenney"), quote("Bye", "ICE officials")],
     "no quote by Tom Homan (speakers found: ICE officials, Jim Kenney)"),
])
def test_nearest_quote(expectation, claims, message):
    (item,) = check_report(report(*claims), expect(quote=[expectation])).items
    assert (item.status, item.message) == ("fail", message)


@pytest.mark.parametrize("claim_type, name, claims, message", [
    ("place", "Philadelphia", [place("Philadelphia PA"), place("Denver")],
     "not found; nearest place: Philadelphia PA"),
    ("place", "Baltimore", [place("Denver")], "not found"),
    ("operation", "Safe Cities", [operation("Safe City")], "not found; nearest operation: Safe City"),
])
def test_nearest_named(claim_type, name, claims, message):
    (item,) = check_report(report(*claims), expect(**{claim_type: [{"name": name}]})).items
    assert (item.status, item.message) == ("fail", message)


# ---------------------------------------------------------------------------------------------
# exact


def test_exact_true_holds_the_listed_types_only():
    claims = report(count(12, "people"), count(40, "cars"), place("Denver"), place("Boulder"))
    file = expect(options={"exact": True}, count=[{"value": 12, "counted": "people"}])
    result = check_report(claims, file)
    assert statuses(result) == ["pass", "unexpected"]
    assert result.items[1].label == "40 cars"
    assert (result.ok, result.unexpected) == (False, 1)


def test_exact_list_of_types():
    claims = report(count(12, "people"), count(40, "cars"), place("Denver"), place("Boulder"))
    file = expect(options={"exact": ["place"]}, count=[{"value": 12}], place=[{"name": "Denver"}])
    assert statuses(check_report(claims, file)) == ["pass", "pass", "unexpected"]


def test_empty_expectations_pass():
    result = check_report(report(count(1, "x")), Expectations())
    assert (result.ok, result.items) == (True, [])


# ---------------------------------------------------------------------------------------------
# Rendering


def test_table_shows_status_and_nearest():
    result = check_report(report(count(170, "undocumented immigrants"), place("Denver")),
                          expect(count=[{"value": 107, "counted": "immigrants"}], place=[{"name": "Denver"}]))
    out = StringIO()
    render_check_table(result, Console(file=out, width=200, color_system=None))
    text = out.getvalue()
    assert "count moved: expected 107 immigrants, found 170 undocumented immigrants" in text
    assert "FAIL" in text and "pass" in text
    assert text.rstrip().endswith("1 passed, 1 failed")


def test_table_keeps_brackets_literal():
    result = check_report(report(quote("[bold]not markup[/bold]", "A B")),
                          expect(quote=[{"contains": "bold not markup"}]))
    out = StringIO()
    render_check_table(result, Console(file=out, width=200, color_system=None))
    assert "[bold]not markup[/bold]" in out.getvalue()


@pytest.mark.parametrize("claims, expectations", [
    ([count(12, "people", place="Denver"), quote("We will go on, “always”", "Ana Ruiz")],
     {"count": [{"value": 12, "counted": "people"}, {"value": 3}], "quote": [{"speaker": "Ruiz"}]}),
    ([place("Zürich", 'Zurich "the city"', start=5)],
     {"place": [{"name": "Zurich"}], "options": {"exact": True}}),
    ([], {"count": [{"value": 1}]}),
    ([count(2, "cars"), count(3, "cars")],
     {"options": {"exact": ["count"]}, "count": [{"value": 2, "counted": "cars"}]}),
])
def test_check_json_written_item_by_item_is_the_document_as_one_string(claims, expectations):
    from factpull.check import check_to_json, write_check_json

    result = check_report(report(*claims, source='a "story".txt'), expect(**expectations), "e.toml")
    out = StringIO()
    write_check_json(result, out)
    assert out.getvalue() == check_to_json(result) + "\n"


def test_check_json_with_no_items_at_all():
    from factpull.check import CheckResult, check_to_json, write_check_json

    result = CheckResult(source="s", expectations="e", ok=True, passed=0, failed=0, unexpected=0, items=[])
    out = StringIO()
    write_check_json(result, out)
    assert out.getvalue() == check_to_json(result) + "\n"


# ---------------------------------------------------------------------------------------------
# The command, with Reports built from the models (no extractor involved)


@pytest.fixture
def fake_reports(monkeypatch):
    """Make the command see the given Reports instead of extracting."""

    def install(*reports: Report) -> None:
        by_source = {r.source: r for r in reports}
        monkeypatch.setattr("factpull.check.load_reports",
                            lambda paths, model: [by_source[p] for p in paths])

    return install


STORY = report(count(12, "people", place="Denver", event="arrest"), count(40, "vehicles"),
               quote("We will keep our streets safe", "Maria Lopez"), place("Denver"), place("Boulder"),
               operation("Clean Sweep"), source="story.txt")


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_cli_pass(fake_reports, tmp_path):
    fake_reports(STORY)
    facts = _write(tmp_path / "f.toml",
                   '[[count]]\nvalue = 12\ncounted = "people"\n[[place]]\nname = "Denver"\n')
    result = runner.invoke(app, ["check", "story.txt", "--expect", facts])
    assert result.exit_code == EXIT_OK, result.output
    assert "2 passed, 0 failed" in result.stdout
    assert result.stderr == ""


def test_cli_fail_names_the_count_that_moved(fake_reports, tmp_path):
    fake_reports(STORY)
    facts = _write(tmp_path / "f.json", json.dumps({"count": [{"value": 21, "counted": "people"}]}))
    result = runner.invoke(app, ["check", "story.txt", "--expect", facts])
    assert result.exit_code == EXIT_FINDINGS
    assert "count moved: expected 21 people, found 12 people" in " ".join(result.stdout.split())


def test_cli_json_shape(fake_reports, tmp_path):
    fake_reports(STORY)
    facts = _write(tmp_path / "f.toml", '[options]\nexact = ["place"]\n'
                   '[[count]]\nvalue = 21\ncounted = "people"\n[[place]]\nname = "Denver"\n')
    result = runner.invoke(app, ["check", "story.txt", "--expect", facts, "--format", "json"])
    assert result.exit_code == EXIT_FINDINGS
    data = json.loads(result.stdout)
    assert {k: data[k] for k in ("format_version", "source", "expectations", "ok", "passed", "failed",
                                 "unexpected")} == {
        "format_version": "1.0", "source": "story.txt", "expectations": facts, "ok": False,
        "passed": 1, "failed": 1, "unexpected": 1,
    }
    moved, denver, boulder = data["items"]
    assert moved["type"] == "count" and moved["status"] == "fail" and moved["index"] == 0
    assert moved["expected"] == {"value": 21, "counted": "people"}
    assert moved["nearest"]["value"] == 12 and moved["claim"] is None
    assert moved["found"] == "12 people (arrest, in Denver)"
    assert denver["status"] == "pass" and denver["claim"]["name"] == "Denver" and denver["message"] == ""
    assert boulder["status"] == "unexpected" and boulder["index"] is None and boulder["expected"] is None
    assert set(moved) == {"type", "index", "status", "expected", "label", "message", "found", "claim",
                          "nearest"}


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_cli_write_round_trip(fake_reports, tmp_path, suffix):
    fake_reports(STORY)
    facts = str(tmp_path / f"story.facts{suffix}")
    result = runner.invoke(app, ["check", "story.txt", "--write", facts])
    assert result.exit_code == EXIT_OK, result.output
    assert result.stdout == ""
    assert f"wrote 6 expectations for story.txt to {facts}" in result.stderr
    result = runner.invoke(app, ["check", "story.txt", "--expect", facts, "--format", "json"])
    assert result.exit_code == EXIT_OK, result.stdout
    assert json.loads(result.stdout)["passed"] == 6


ONE_OF = "check needs exactly one of --expect FILE or --write FILE"


@pytest.mark.parametrize("args, message", [
    (["story.txt", "other.txt", "--expect", "a.toml"], "--expect and --write take one article; without "
     "them each article is checked against the facts file beside it"),
    (["story.txt", "--expect", "a.toml", "--write", "b.toml"], ONE_OF),
    (["story.txt", "--write", "facts.yaml"], "facts.yaml: expectations file must end in .toml or .json"),
    (["story.txt", "--expect", "nowhere.toml"], "nowhere.toml: no such file"),
])
def test_cli_usage_errors(fake_reports, args, message):
    fake_reports(STORY)
    result = runner.invoke(app, ["check", *args])
    assert result.exit_code == EXIT_USAGE
    assert result.stdout == ""
    assert result.stderr == f"factpull: {message}\n"


@pytest.mark.parametrize("name, text, message", [
    ("bad.toml", '[[count]]\nvalue = 107\ncounted = "immigrants\n',
     "line 3, column 22: invalid TOML (Illegal character '\\n')"),
    ("bad.toml", "[[count]]\nvalue = 107\n\n[[count]]\nvalue = 5\nvaule = 3\n",
     "line 6: count[1].vaule: unknown key"),
    ("bad.json", '{"count": [{"value": 107,}]}', "line 1, column 26: invalid JSON"),
    ("bad.json", '{"count": [{"value": "107"}]}', "count[0].value: should be a finite number"),
])
def test_cli_malformed_expectations(fake_reports, tmp_path, name, text, message):
    fake_reports(STORY)
    facts = _write(tmp_path / name, text)
    result = runner.invoke(app, ["check", "story.txt", "--expect", facts])
    assert result.exit_code == EXIT_USAGE
    assert result.stdout == ""
    assert result.stderr.startswith(f"factpull: {facts}: {message}")
    assert result.stderr.count("\n") == 1


def test_cli_missing_article(tmp_path):
    facts = _write(tmp_path / "f.toml", "[[count]]\nvalue = 1\n")
    result = runner.invoke(app, ["check", str(tmp_path / "missing.txt"), "--expect", facts])
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == f"factpull: {tmp_path / 'missing.txt'}: no such file\n"


def test_cli_empty_expectations_file_is_a_usage_error(fake_reports, tmp_path):
    fake_reports(STORY)
    facts = _write(tmp_path / "e.toml", "")
    result = runner.invoke(app, ["check", "story.txt", "--expect", facts])
    assert result.exit_code == EXIT_USAGE
    assert result.stdout == ""
    assert result.stderr.startswith(f"factpull: no expectations in {facts}")
    assert len(result.stderr.splitlines()) == 1


def test_cli_misspelt_key_is_named(fake_reports, tmp_path):
    fake_reports(STORY)
    facts = _write(tmp_path / "f.toml", '[[count]]\nvalue = 12\n\n[[count]]\nvaule = 40\n')
    result = runner.invoke(app, ["check", "story.txt", "--expect", facts])
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == f"factpull: {facts}: line 5: count[1].vaule: unknown key (did you mean value?)\n"


def test_cli_write_refuses_an_empty_snapshot(fake_reports, tmp_path):
    fake_reports(Report(source="quiet.txt"))
    facts = tmp_path / "quiet.facts.toml"
    result = runner.invoke(app, ["check", "quiet.txt", "--write", str(facts)])
    assert result.exit_code == EXIT_USAGE
    assert "quiet.txt: no counts, amounts, quotes, places or operations found" in result.stderr
    assert not facts.exists()


def test_help_does_not_import_spacy():
    code = ("import sys; from typer.testing import CliRunner; from factpull.cli import app; "
            "r = [CliRunner().invoke(app, [c, '--help']) for c in ('check', 'diff')]; "
            "assert all(x.exit_code == 0 for x in r); assert 'spacy' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------------------------------------
# End to end, with the real pipeline (these need the extractors to find the fixture's facts)


@pytest.fixture
def session_pipeline(nlp, monkeypatch):
    """The command's pipeline is the session's, so the model is loaded once."""
    monkeypatch.setattr("factpull.pipeline.build_nlp", lambda model="": nlp)


def test_e2e_fixture_story_passes(session_pipeline):
    result = runner.invoke(app, ["check", str(CHECK / "story_v1.txt"),
                                 "--expect", str(CHECK / "story.facts.toml")])
    assert result.exit_code == EXIT_OK, result.stdout


def test_e2e_stdin(session_pipeline):
    text = (CHECK / "story_v1.txt").read_text(encoding="utf-8")
    result = runner.invoke(app, ["check", "-", "--expect", str(CHECK / "story.facts.toml"), "-f", "json"],
                           input=text)
    assert result.exit_code == EXIT_OK, result.stdout
    assert json.loads(result.stdout)["source"] == "-"


def test_unknown_model_is_a_usage_error():
    result = runner.invoke(app, ["check", str(CHECK / "story_v1.txt"), "--expect",
                                 str(CHECK / "story.facts.toml"), "--model", "no_such_pipeline_xyz"])
    assert result.exit_code == EXIT_USAGE
    assert result.stderr.startswith("factpull: spaCy pipeline 'no_such_pipeline_xyz' is not installed")
    assert result.stdout == ""


@pytest.mark.parametrize("article", [CHECK / "story_v1.txt", SEED], ids=["story", "seed"])
def test_e2e_write_round_trip(session_pipeline, tmp_path, article):
    facts = tmp_path / "snapshot.facts.toml"
    result = runner.invoke(app, ["check", str(article), "--write", str(facts)])
    assert result.exit_code == EXIT_OK, result.stderr
    assert "[[count]]" in facts.read_text(encoding="utf-8")
    result = runner.invoke(app, ["check", str(article), "--expect", str(facts)])
    assert result.exit_code == EXIT_OK, result.stdout


def test_e2e_seed_passes(session_pipeline):
    result = runner.invoke(app, ["check", str(SEED), "--expect", str(CHECK / "seed.facts.toml"),
                                 "--format", "json"])
    data = json.loads(result.stdout)
    failures = [f"{i['label']}: {i['message']}" for i in data["items"] if i["status"] != "pass"]
    assert failures == []
    assert result.exit_code == EXIT_OK
    assert data["passed"] == 26


def test_e2e_seed_with_moved_number_fails(session_pipeline, tmp_path):
    changed = tmp_path / "seed_170.txt"
    changed.write_text(SEED.read_text(encoding="utf-8").replace("107", "170"), encoding="utf-8")
    result = runner.invoke(app, ["check", str(changed), "--expect", str(CHECK / "seed.facts.toml"),
                                 "--format", "json"])
    assert result.exit_code == EXIT_FINDINGS
    failed = [i for i in json.loads(result.stdout)["items"] if i["status"] != "pass"]
    assert [i["label"] for i in failed] == ["107 immigrants (in Philadelphia)"]
    assert failed[0]["message"].startswith(
        "count moved: expected 107 immigrants (in Philadelphia), found 170 ")
    assert failed[0]["nearest"]["value"] == 170


def test_seed_expectations_file_is_valid():
    from factpull.expectations import load_expectations

    facts = load_expectations(CHECK / "seed.facts.toml")
    assert (len(facts.count), len(facts.quote), len(facts.place), len(facts.operation)) == (9, 4, 12, 1)
    assert str(ROOT) in str(CHECK)


# ---------------------------------------------------------------------------------------------
# Properties: a snapshot of any Report passes against that Report, through TOML and JSON

_texts = st.text(max_size=30)
_names = st.text(min_size=1, max_size=20)
_values = st.integers(0, 10**9) | st.floats(0, 1e12, allow_nan=False, allow_infinity=False)


@st.composite
def reports(draw) -> Report:
    claims: list[Any] = []
    for i in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["count", "amount", "quote", "place", "operation"]))
        start = draw(st.integers(0, 500))
        if kind == "count":
            counted = draw(st.none() | _texts)
            head = draw(st.none() | _texts)
            claims.append(CountClaim(text="n", start=start, end=start + 1, sentence=i, confidence=0.5,
                                     value=draw(_values), counted=counted, counted_head=head,
                                     place=draw(st.none() | _texts), event=draw(st.none() | _texts)))
        elif kind == "amount":
            claims.append(amount(draw(_values), draw(st.sampled_from(["USD", "GBP", "percent"])),
                                 sentence=i, start=start))
        elif kind == "quote":
            content = draw(_texts)
            claims.append(QuoteClaim(text="q", start=start, end=start + 1, sentence=i, confidence=0.5,
                                     content=content, speaker=draw(st.none() | _texts),
                                     direct=draw(st.booleans())))
        else:
            forms = tuple(draw(st.lists(_names, min_size=1, max_size=3)))
            make = place if kind == "place" else operation
            claims.append(make(draw(_names), *forms, start=start))
    return Report(source="any", claims=claims)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(), st.sampled_from(["toml", "json"]))
def test_snapshot_of_any_report_passes(any_report, fmt):
    from factpull.expectations import expectations_from_report, parse_expectations, to_json, to_toml

    snapshot = expectations_from_report(any_report)
    text = to_toml(snapshot, about="any") if fmt == "toml" else to_json(snapshot)
    result = check_report(any_report, parse_expectations(text, fmt, f"f.{fmt}"))
    assert [i.message for i in result.items if i.status != "pass"] == []
    assert result.ok


def test_assignment_handles_thousands_of_identical_expectations():
    from factpull.check import assign

    result = assign([[0]] * 5000 + [[1]])
    assert result[0] == 0 and result[-1] == 1 and sum(r is not None for r in result) == 2


def test_table_title_keeps_brackets_in_file_names():
    from io import StringIO

    from rich.console import Console

    from factpull.check import CheckResult, render_check_table

    console = Console(width=100, file=StringIO(), color_system=None)
    result = CheckResult(source="story [final].txt", expectations="d[/x].toml", ok=True,
                         passed=0, failed=0, unexpected=0, items=[])
    render_check_table(result, console)
    assert "story [final].txt against d[/x].toml" in console.file.getvalue()
