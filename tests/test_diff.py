"""`factpull diff`: pairing the claims of two versions, on model-built Reports and end to end."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from conftest import FIXTURES, SEEDS
from hypothesis import HealthCheck, given, settings
from rich.console import Console
from test_check import amount, count, operation, place, quote, report, reports
from typer.testing import CliRunner

from factpull.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, app
from factpull.diff import diff_reports, render_diff_table

CHECK = FIXTURES / "check"
SEED = SEEDS / "000_5c696416e1d3fd01.txt"
runner = CliRunner()


def kinds(result) -> list[tuple[str, str]]:
    return [(c.type, c.change) for c in result.changes]


def test_nothing_changed():
    claims = [count(12, "people", event="arrest"), quote("We will win", "Ann Lee"), place("Denver"),
              operation("Safe City")]
    result = diff_reports(report(*claims, source="a"), report(*claims, source="b"))
    assert (result.changed, result.changes) == (False, [])
    assert result.summary == {"changed": 0, "reworded": 0, "added": 0, "removed": 0}


@pytest.mark.parametrize("old, new, expected", [
    # same thing counted, same context, other value -> changed
    ([count(107, "undocumented immigrants", "immigrants", event="arrest", place="Philadelphia")],
     [count(170, "undocumented immigrants", "immigrants", event="arrest", place="Philadelphia")],
     [("count", "changed")]),
    # same value and thing, sentence reworded around it -> unchanged
    ([count(12, "people", event="arrest")], [count(12, "people", event="detain")], []),
    # other value and other context, but mostly the same counted words -> changed
    ([count(68, "immigration fugitives", "fugitives", event="include")],
     [count(70, "immigration fugitives", "fugitives", event="arrest")], [("count", "changed")]),
    # other value, other context, other words for the same head -> removed and added
    ([count(317, "people with criminal convictions", "people", event="include")],
     [count(104, "people who had been deported", "people", event="deport")],
     [("count", "removed"), ("count", "added")]),
    # same value and thing, but the place named changed -> changed; a place lost in rewording -> not
    ([count(107, "immigrants", place="Philadelphia")], [count(107, "immigrants", place="Baltimore")],
     [("count", "changed")]),
    ([count(107, "immigrants", place="Philadelphia", event="arrest")], [count(107, "immigrants")], []),
    # other thing counted
    ([count(12, "people")], [count(12, "cars")], [("count", "removed"), ("count", "added")]),
    ([], [count(5, "officers")], [("count", "added")]),
    ([count(5, "officers")], [], [("count", "removed")]),
])
def test_counts(old, new, expected):
    assert kinds(diff_reports(report(*old), report(*new))) == expected


def test_count_change_message_and_claims():
    old = report(count(107, "undocumented immigrants", "immigrants", event="arrest", place="Philadelphia"))
    new = report(count(170, "undocumented immigrants", "immigrants", event="arrest", place="Philadelphia"))
    (change,) = diff_reports(old, new).changes
    assert change.message == "107 → 170 undocumented immigrants (arrest, in Philadelphia)"
    assert (change.old["value"], change.new["value"]) == (107, 170)


def test_range_and_qualifier_in_change_message():
    old = count(10, "people")
    old.value_high, old.qualifier = 20, None
    new = count(30, "people")
    new.qualifier = "more than"
    (change,) = diff_reports(report(old), report(new)).changes
    assert change.message == "10–20 → more than 30 people"


def test_place_change_message():
    old = report(count(107, "immigrants", place="Philadelphia"))
    (change,) = diff_reports(old, report(count(107, "immigrants", place="Baltimore"))).changes
    assert change.message == "107 immigrants: place Philadelphia → Baltimore"


def test_look_alike_counts_pair_by_position():
    # two counts of "people": the edited one is paired with the one in the same sentence
    old = report(count(317, "people", sentence=3), count(104, "people", sentence=5))
    new = report(count(317, "people", sentence=3), count(105, "people", sentence=5))
    (change,) = diff_reports(old, new).changes
    assert (change.old["value"], change.new["value"]) == (104, 105)


@pytest.mark.parametrize("old, new, expected", [
    ([quote("We will keep our streets safe", "Maria Lopez")],
     [quote("We will keep our streets safe for every family", "Maria Lopez")], [("quote", "reworded")]),
    ([quote("We will keep our streets safe", "Maria Lopez")],
     [quote("We will keep our streets safe", "Lopez")], []),  # surname = same speaker
    ([quote("We will keep our streets safe", "Maria Lopez")],
     [quote("We will keep our streets safe", "Tom Homan")], [("quote", "changed")]),
    ([quote("We will keep our streets safe", "Maria Lopez")],
     [quote("Crime fell last year in every district", "Maria Lopez")],
     [("quote", "removed"), ("quote", "added")]),
    ([quote("We will keep our streets safe", "Maria Lopez")],
     [quote("We will keep our streets safe for every family", "Tom Homan")],
     [("quote", "removed"), ("quote", "added")]),  # reworded needs the same speaker
    ([quote("it was quiet", None)], [quote("it was very quiet", None)], [("quote", "reworded")]),
    ([quote("“Curly” quotes, spaces  and CASE", "A B")],
     [quote('"curly" quotes spaces and case', "A B")], []),
])
def test_quotes(old, new, expected):
    assert kinds(diff_reports(report(*old), report(*new))) == expected


def test_reworded_goes_to_the_closest_version():
    old = report(quote("the plan will cut crime in half by next year", "Ann Lee"))
    new = report(quote("the plan will cut crime", "Ann Lee", start=0),
                 quote("the plan will cut crime in half by next spring", "Ann Lee", start=50))
    changes = diff_reports(old, new).changes
    assert [(c.change, (c.new or {}).get("content")) for c in changes] == [
        ("added", "the plan will cut crime"),
        ("reworded", "the plan will cut crime in half by next spring"),
    ]


@pytest.mark.parametrize("old, new, expected", [
    ([place("Denver"), place("Boulder")], [place("Denver"), place("Aurora")],
     [("place", "removed"), ("place", "added")]),
    ([place("United States", "U.S.")], [place("the United States")], []),
    ([operation("Safe City")], [operation("Operation Safe City")], []),
    ([operation("Safe City")], [], [("operation", "removed")]),
    ([], [operation("Clean Sweep")], [("operation", "added")]),
])
def test_places_and_operations(old, new, expected):
    assert kinds(diff_reports(report(*old), report(*new))) == expected


@pytest.mark.parametrize("old, new, expected", [
    ([amount(1.2e6, "USD", sentence=2)], [amount(1.2e6, "USD", sentence=4)], []),
    ([amount(1.2e6, "USD", sentence=2)], [amount(1.5e6, "USD", sentence=2)], [("amount", "changed")]),
    ([amount(1.2e6, "USD", sentence=2)], [amount(1.2e6, "GBP", sentence=2)],
     [("amount", "removed"), ("amount", "added")]),
    ([amount(12.5, "percent", sentence=1)], [amount(13, "percent", sentence=3)],
     [("amount", "removed"), ("amount", "added")]),
])
def test_amounts(old, new, expected):
    assert kinds(diff_reports(report(*old), report(*new))) == expected


def test_amount_change_message():
    (change,) = diff_reports(report(amount(12.5, "percent")), report(amount(13, "percent"))).changes
    assert change.message == "12.5 % → 13 %"


def test_changes_are_ordered_by_type_then_position():
    old = report(place("Denver", start=5), count(1, "cars", start=50), operation("X", start=9))
    new = report(place("Aurora", start=70), count(2, "cars", start=60), count(9, "vans", start=10))
    assert kinds(diff_reports(old, new)) == [
        ("count", "added"), ("count", "changed"), ("place", "removed"), ("place", "added"),
        ("operation", "removed"),
    ]


def test_table():
    old = report(count(12, "people"), quote("[red]safe[/red] streets", "Ann Lee"), source="v1.txt")
    new = report(count(15, "people"), quote("[red]safe[/red] streets for all", "Ann Lee"), source="v2.txt")
    out = StringIO()
    render_diff_table(diff_reports(old, new), Console(file=out, width=200, color_system=None))
    text = out.getvalue()
    assert "v1.txt → v2.txt" in text
    assert "12 people" in text and "15 people" in text and "reworded" in text
    assert "[red]safe[/red]" in text  # no markup interpretation
    assert text.rstrip().endswith("1 changed, 1 reworded")
    out = StringIO()
    render_diff_table(diff_reports(old, old), Console(file=out, width=200, color_system=None))
    assert out.getvalue().startswith("no changes in counts, amounts, quotes, places or operations")


# ---------------------------------------------------------------------------------------------
# The command


@pytest.fixture
def fake_reports(monkeypatch):
    def install(*reports):
        by_source = {r.source: r for r in reports}
        monkeypatch.setattr("factpull.check.load_reports", lambda paths, model: [by_source[p] for p in paths])

    return install


def test_cli_json_shape(fake_reports):
    fake_reports(report(count(12, "people"), place("Denver"), source="v1"),
                 report(count(15, "people"), place("Denver"), source="v2"))
    result = runner.invoke(app, ["diff", "v1", "v2", "--format", "json"])
    assert result.exit_code == EXIT_FINDINGS
    data = json.loads(result.stdout)
    assert {k: v for k, v in data.items() if k != "changes"} == {
        "format_version": "1.0", "old": "v1", "new": "v2", "changed": True,
        "summary": {"changed": 1, "reworded": 0, "added": 0, "removed": 0},
    }
    (change,) = data["changes"]
    assert set(change) == {"type", "change", "message", "old", "new"}
    assert (change["type"], change["change"], change["message"]) == ("count", "changed", "12 → 15 people")


def test_cli_no_changes(fake_reports):
    fake_reports(report(count(12, "people"), source="v1"), report(count(12, "people"), source="v2"))
    result = runner.invoke(app, ["diff", "v1", "v2"])
    assert result.exit_code == EXIT_OK
    assert "no changes" in result.stdout and result.stderr == ""


def test_cli_input_errors(tmp_path):
    existing = tmp_path / "a.txt"
    existing.write_text("Police arrested 12 people.", encoding="utf-8")
    result = runner.invoke(app, ["diff", str(existing), str(tmp_path / "b.txt")])
    assert result.exit_code == EXIT_USAGE
    assert result.stdout == ""
    assert result.stderr == f"factpull: {tmp_path / 'b.txt'}: no such file\n"
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    result = runner.invoke(app, ["diff", str(empty), str(existing)])
    assert (result.exit_code, result.stderr) == (EXIT_USAGE, f"factpull: {empty}: input is empty\n")
    result = runner.invoke(app, ["diff", "-", "-"])
    assert result.exit_code == EXIT_USAGE


# ---------------------------------------------------------------------------------------------
# End to end, with the real pipeline


@pytest.fixture
def session_pipeline(nlp, monkeypatch):
    monkeypatch.setattr("factpull.pipeline.build_nlp", lambda model="": nlp)


def test_e2e_one_number_and_one_quote_changed(session_pipeline):
    result = runner.invoke(app, ["diff", str(CHECK / "story_v1.txt"), str(CHECK / "story_v2.txt"),
                                 "--format", "json"])
    assert result.exit_code == EXIT_FINDINGS, result.stderr
    data = json.loads(result.stdout)
    found = [(c["type"], c["change"], c["message"]) for c in data["changes"]]
    assert found == [
        ("count", "changed", "12 → 15 people (arrest, in Denver)"),
        ("quote", "reworded", "Maria Lopez: quote reworded"),
    ]
    reworded = data["changes"][1]
    assert reworded["old"]["content"].startswith("We will keep our streets safe")
    assert reworded["new"]["content"].startswith("We will keep our streets safe for every family")


def test_e2e_seed_against_itself_and_an_edit(session_pipeline, tmp_path):
    result = runner.invoke(app, ["diff", str(SEED), str(SEED)])
    assert result.exit_code == EXIT_OK, result.stdout
    edited = tmp_path / "seed_edited.txt"
    edited.write_text(SEED.read_text(encoding="utf-8").replace("107", "170"), encoding="utf-8")
    result = runner.invoke(app, ["diff", str(SEED), str(edited), "--format", "json"])
    assert result.exit_code == EXIT_FINDINGS
    changes = json.loads(result.stdout)["changes"]
    assert [(c["type"], c["change"], c["old"]["value"], c["new"]["value"]) for c in changes] == [
        ("count", "changed", 107, 170)
    ]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_any_report_against_itself_has_no_changes(any_report):
    result = diff_reports(any_report, any_report)
    assert [c.message for c in result.changes] == []


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(), reports())
def test_every_claim_is_accounted_for(old, new):
    """Each claim of either version is in at most one change (a claim written twice, in at most
    two), and claims of both sides appear."""
    from collections import Counter

    def as_json(claims):
        return Counter(json.dumps(c, sort_keys=True) for c in claims if c is not None)

    result = diff_reports(old, new)
    in_old = as_json(c.model_dump(mode="json") for c in old.claims)
    in_new = as_json(c.model_dump(mode="json") for c in new.claims)
    assert as_json(c.old for c in result.changes) <= in_old
    assert as_json(c.new for c in result.changes) <= in_new
    assert sum(c.change in ("changed", "reworded") for c in result.changes) <= min(len(old.claims),
                                                                                   len(new.claims))


def test_near_synonyms_of_the_counted_noun_are_no_change():
    old = report(count(107, "persons", event="arrest"))
    new = report(count(107, "people", event="detain"))
    assert diff_reports(old, new).changes == []
