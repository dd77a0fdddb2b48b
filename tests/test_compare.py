"""`factpull compare`: counts that cannot both be true, quotes given to others or reworded,
places named by some sources only; the rules as tables, the seed end to end through the CLI."""

from __future__ import annotations

import json
import os
from io import StringIO

import pytest
from conftest import FIXTURES, SEEDS
from rich.console import Console
from test_check import count, place, quote, report
from typer.testing import CliRunner

from factpull.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, app
from factpull.compare import (
    CompareResult,
    compare_json_schema,
    compare_reports,
    compare_to_markdown,
    render_compare_table,
)
from factpull.matching import is_proper_name
from factpull.matching.counts import aligned, can_both_be_true, fact
from factpull.matching.quotes import (
    misquoted,
    other_speaker,
    quoted_alike,
    substantively_different,
    word_diff,
)
from factpull.models import CountClaim

runner = CliRunner()
SEED = SEEDS / "000_5c696416e1d3fd01.txt"


def counted(value: float, qualifier: str | None = None, value_high: float | None = None,
            head: str = "people", event: str | None = "kill", place: str | None = None) -> CountClaim:
    return CountClaim(text=str(value), start=0, end=len(str(value)), sentence=0, confidence=0.9,
                      value=value, value_high=value_high, qualifier=qualifier, counted=head,
                      counted_head=head, event=event, place=place)


# ---------------------------------------------------------------------------------------------
# The rules


@pytest.mark.parametrize("a, b, expected", [
    (counted(50, "at least"), counted(52), True),
    (counted(300, "more than"), counted(250), False),
    (counted(300, "more than"), counted(300), False),
    (counted(300, "at least"), counted(300), True),
    (counted(107), counted(117), False),
    (counted(107), counted(107), True),
    (counted(50, "about"), counted(53), True),
    (counted(50, "about"), counted(70), False),
    (counted(50, "nearly"), counted(48), True),
    (counted(50, "nearly"), counted(51), False),
    (counted(20, "up to"), counted(15), True),
    (counted(20, "fewer than"), counted(20), False),
    (counted(10, value_high=20), counted(15), True),
    (counted(10, value_high=20), counted(25, "more than"), False),
    (counted(300, "more than"), counted(50, "at least"), True),
])
def test_which_values_can_both_be_true(a, b, expected):
    assert can_both_be_true(a, b) is expected
    assert can_both_be_true(b, a) is expected


@pytest.mark.parametrize("a, b, same", [
    (counted(3, head="people"), counted(3, head="persons"), True),
    (counted(3, head="individuals", event="arrest"), counted(3, head="people", event="detain"), True),
    (counted(3, head="people", event="die"), counted(3, head="people", event="kill"), True),
    (counted(3, head="deaths", event=None), counted(3, head="people", event="die"), True),
    (counted(3, head="dead", event="leave"), counted(3, head="people", event="kill"), True),
    (CountClaim(text="52", start=0, end=2, sentence=0, confidence=0.9, value=52, event="kill"),
     counted(3, head="people", event="die"), True),
    (counted(3, head="people", event="injure"), counted(3, head="people", event="kill"), False),
    (counted(3, head="houses", event="destroy"), counted(3, head="people", event="destroy"), False),
])
def test_near_synonyms_count_the_same_fact(a, b, same):
    assert (fact(a) == fact(b)) is same


def test_counts_align_only_when_they_say_what_happened_and_are_of_one_magnitude():
    assert not aligned(counted(2, head="wives", event="have"), counted(26, head="wives", event="have"))
    assert not aligned(counted(2, head="countries", event=None), counted(25, head="countries", event=None))
    assert not aligned(counted(17, head="passes", event="complete"),
                       counted(28, head="passes", event="complete"))
    assert not aligned(counted(40, head="people", event="kill"), counted(640, head="people", event="kill"))
    assert aligned(counted(1, head="people", event="kill"), counted(5, head="people", event="kill"))


def test_counts_align_only_in_the_same_place():
    assert not aligned(counted(5, place="Denver"), counted(6))  # one names a place: a narrower count
    assert aligned(counted(5, place="Denver"), counted(6, place="Denver"))
    assert not aligned(counted(5, place="Denver"), counted(6, place="Boston"))
    assert not aligned(count(5, "people with criminal convictions", "people", event="arrest"),
                       count(6, "people who had been deported", "people", event="arrest"))


@pytest.mark.parametrize("a, b, expected", [
    ("We will rebuild this town together", "we will rebuild this town together", True),
    ("We will rebuild this town together, stronger than before", "rebuild this town together, stronger than",
     True),
    ("We will rebuild it", "We will", False),  # too short a run to mean the same quote
    ("We will rebuild this town", "They will never rebuild this town", False),
])
def test_quoted_alike(a, b, expected):
    assert quoted_alike(quote(a, "X"), quote(b, "Y")) is expected


@pytest.mark.parametrize("a, b, expected", [
    ("That person is dangerous and needs to be found soon", "That person needs to be found soon", True),
    ("Our prayers are with the man who lost his wife", "Our prayers go out to the man and his wife", True),
    ("we will never stay in jail for this", "we will never stay in prison for this", True),
    ("we had 50 officers on the street", "we had 60 officers on the street", True),
    ("we can stop them at the border", "we can't stop them at the border", True),
    # form, not content: function words, contractions, spellings, number formatting, brackets, trims
    ("the violence the system uses like the banks", "the violence of the system uses like the banks", False),
    ("I know the things I've done caused pain and I'm sorry", "I know the things that I've done caused pain "
     "and I am sorry", False),
    ("police locked down the neighbourhood at once", "police locked down the neighborhood at once", False),
    ("he gave himself up just after 6 p.m.", "he gave himself up just after 6:00 p.m.", False),
    ("the warship altered (its direction) towards the boats", "the warship altered towards the boats", False),
    ("I just wanted to say I know it caused a lot of pain", "I know it caused a lot of pain", False),
    ("I understand the population's anger at the crisis", "I understand the populations' anger at the crisis",
     False),
    ("urge IE customers to install it now", "urge Internet Explorer customers to install it now", False),
])
def test_substantive_differences(a, b, expected):
    assert substantively_different(quote(a, "X"), quote(b, "X")) is expected


def test_a_possible_misquote_needs_direct_quotes_of_some_length():
    long_a, long_b = "we will rebuild every school in this town", "we will rebuild every church in this town"
    assert misquoted(quote(long_a, "X"), quote(long_b, "X"))
    assert not misquoted(quote(long_a, "X"), quote(long_b, "X", direct=False))
    assert not misquoted(quote("It is for polygamy", "X"), quote("It is for money", "X"))


@pytest.mark.parametrize("name, expected", [
    ("Tom Homan", True), ("James G. Bodiford", True), ("France Telecom", True),
    ("Ludwig van Beethoven", True),
    ("Police", False), ("the judge", False), ("ICE officials", False), ("A Surrey Police spokeswoman", False),
    ("The Bible Church's head minister", False), (None, False),
])
def test_only_names_can_contradict_each_other(name, expected):
    assert is_proper_name(name) is expected


def test_other_speaker_needs_two_names_each_beside_the_quote():
    words = "This has been a very complex issue for all of us"
    assert other_speaker(quote(words, "Wally Oppal"), quote(words, "Winston Blackmore"))
    assert not other_speaker(quote(words, "Wally Oppal"), quote(words, "the judge"))
    through_pronoun = quote(words, "Winston Blackmore").model_copy(update={"confidence": 0.85})
    assert not other_speaker(quote(words, "Wally Oppal"), through_pronoun)


@pytest.mark.parametrize("old, new, expected", [
    ("policies severely undermine that effort", "policies seriously damage that effort",
     "policies [-severely undermine-] {+seriously damage+} that effort"),
    ("we will stay", "we will stay here", "we will stay {+here+}"),
    ("we will not stay", "we will stay", "we will [-not-] stay"),
])
def test_word_diff(old, new, expected):
    assert word_diff(old, new) == expected


# ---------------------------------------------------------------------------------------------
# Reports compared


def _findings(result: CompareResult) -> list[tuple[str, str]]:
    return [(f.type, f.kind) for f in result.findings]


def test_counts_that_cannot_both_be_true_disagree():
    a = report(count(107, "undocumented immigrants", event="arrest", place="Philadelphia"), source="a")
    b = report(count(117, "undocumented immigrants", event="arrest", place="Philadelphia"), source="b")
    result = compare_reports([a, b])
    assert not result.agree and _findings(result) == [("disagreement", "count")]
    finding = result.findings[0]
    assert "107" in finding.message and "117" in finding.message
    by_source = [(s.source, [c["value"] for c in s.claims]) for s in finding.sources]
    assert by_source == [("a", [107]), ("b", [117])]


def test_qualified_counts_that_can_both_be_true_agree():
    a = report(counted(50, "at least", head="people", event="die"), source="a")
    b = report(counted(52, head="people", event="kill"), source="b")
    c = report(counted(100, "more than", head="people", event="die"), source="c")
    assert compare_reports([a, b]).agree
    result = compare_reports([a, b, c])
    assert _findings(result) == [("disagreement", "count")]
    assert [s.source for s in result.findings[0].sources] == ["a", "b", "c"]


def test_quotes_given_to_another_speaker_and_reworded():
    said = "As I have said many times, we will not stop until every family is safe"
    undermine = "These policies severely undermine that effort at the expense of public safety"
    a = report(quote(said, "Jim Kenney"), quote(undermine, "Tom Homan", start=100), source="a")
    b = report(quote(said, "Tom Homan"), quote(undermine.replace("severely undermine", "damage"), "Homan",
                                              start=100), source="b")
    result = compare_reports([a, b])
    assert _findings(result) == [("disagreement", "quote"), ("possible_misquote", "quote")]
    moved, reworded = result.findings
    assert "Jim Kenney" in moved.message and "Tom Homan" in moved.message
    assert reworded.word_diff is not None and "[-severely undermine-] {+damage+}" in reworded.word_diff


def test_an_indirect_paraphrase_is_no_misquote_and_an_unknown_speaker_no_disagreement():
    words = "the city will not cooperate with federal immigration agents on these arrests"
    a = report(quote(words, "Jim Kenney"), quote("we will rebuild the whole town", "Mayor"), source="a")
    b = report(quote(words, None), quote("we will rebuild the town", "Mayor", direct=False), source="b")
    assert compare_reports([a, b]).findings == []


def test_places_named_by_some_sources_only_are_information():
    a = report(place("Philadelphia"), place("Denver", start=50), source="a")
    b = report(place("Philadelphia", "Philly"), source="b")
    result = compare_reports([a, b])
    assert result.agree and _findings(result) == [("information", "place")]
    assert result.findings[0].missing_from == ["b"] and "Denver" in result.findings[0].message


def test_a_source_compared_with_itself_reports_nothing():
    a = report(count(107, "immigrants", event="arrest"), quote("we will rebuild the whole town", "Mayor"),
               place("Denver"), source="a")
    result = compare_reports([a, a.model_copy(update={"source": "b"})])
    assert result.agree and result.findings == []


# ---------------------------------------------------------------------------------------------
# The seed through the CLI: one count moved, one quote given to Homan, one of his reworded


def _seed_copy() -> str:
    text = SEED.read_text(encoding="utf-8")
    edits = [("arrested 107 undocumented", "arrested 117 undocumented"),
             ('," Kenney said in a statement.', '," Homan said in a statement.'),
             ("policies severely undermine that effort", "policies seriously damage that effort")]
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def test_the_seed_against_an_edited_copy(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_text(_seed_copy(), encoding="utf-8")
    result = runner.invoke(app, ["compare", str(SEED), str(copy), "--format", "json"])
    assert result.exit_code == EXIT_FINDINGS, result.stderr
    data = json.loads(result.stdout)
    compared = CompareResult.model_validate(data)
    counts = [f for f in compared.findings if f.kind == "count"]
    assert [(f.type, [c["value"] for s in f.sources for c in s.claims]) for f in counts] == [
        ("disagreement", [107, 117])]
    seed_text, copy_text = SEED.read_text(encoding="utf-8"), _seed_copy()
    for finding in compared.findings:  # offsets point into each source
        for s, text in zip(finding.sources, (seed_text, copy_text), strict=True):
            assert all(text[c["start"]:c["end"]] == c["text"] for c in s.claims)
    moved = [f for f in compared.findings if f.kind == "quote" and f.type == "disagreement"]
    stated = [f for f in moved if "As I've stated many times" in f.sources[0].claims[0]["content"]]
    assert len(stated) == 1
    assert [c["speaker"] for s in stated[0].sources for c in s.claims] == ["Jim Kenney", "Tom Homan"]
    reworded = [f for f in compared.findings if f.type == "possible_misquote"]
    assert len(reworded) == 1 and reworded[0].sources[0].claims[0]["speaker"] == "Tom Homan"
    assert "[-severely undermine-] {+seriously damage+}" in reworded[0].word_diff
    assert {f.type for f in compared.findings} == {"disagreement", "possible_misquote"}

    console = Console(width=100, file=StringIO(), color_system=None)
    render_compare_table(compared, console)
    table = console.file.getvalue()
    assert "DISAGREE" in table and "MISQUOTE?" in table and "117" in table
    markdown = compare_to_markdown(compared)
    assert "## Disagreements" in markdown and "~~severely undermine~~ **seriously damage**" in markdown


def test_the_seed_against_itself_agrees(tmp_path):
    same = tmp_path / "same.txt"
    same.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["compare", str(SEED), str(same), "--format", "table"])
    assert result.exit_code == EXIT_OK, result.stderr
    assert "the 2 sources agree: nothing to report" in result.stdout


def test_a_bad_input_is_reported_and_the_others_still_compared(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Police arrested 12 people in Denver.\n", encoding="utf-8")
    b.write_text("Police arrested 15 people in Denver.\n", encoding="utf-8")
    result = runner.invoke(app, ["compare", str(a), str(tmp_path / "missing.txt"), str(b), "-f", "json"])
    assert result.exit_code == EXIT_USAGE
    assert "missing.txt" in result.stderr and "Traceback" not in result.stderr
    assert json.loads(result.stdout)["summary"]["disagreement"] == 1
    alone = runner.invoke(app, ["compare", str(a), str(tmp_path / "missing.txt")])
    assert alone.exit_code == EXIT_USAGE and "at least two readable sources" in alone.stderr


def test_committed_compare_schema_is_current():
    """The shape of compare's JSON changes only as a reviewed diff (FACTPULL_UPDATE_GOLDEN=1)."""
    path = FIXTURES / "check" / "compare.schema.json"
    current = compare_json_schema()
    if os.environ.get("FACTPULL_UPDATE_GOLDEN"):
        path.write_text(json.dumps(current, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert current == json.loads(path.read_text(encoding="utf-8"))
    for definition in [current, *current.get("$defs", {}).values()]:
        for field, spec in definition.get("properties", {}).items():
            assert spec.get("description") or "$ref" in spec, f"{definition.get('title')}.{field}"


def test_compare_output_validates_against_its_schema():
    import jsonschema

    a = report(count(107, "immigrants", event="arrest"), place("Denver"), source="a")
    b = report(count(117, "immigrants", event="arrest"), source="b")
    document = json.loads(json.dumps(compare_reports([a, b]).model_dump(mode="json")))
    jsonschema.Draft202012Validator(compare_json_schema()).validate(document)


def test_table_escapes_control_characters_in_source_names():
    from io import StringIO

    from rich.console import Console

    from factpull.compare import compare_reports, render_compare_table
    from factpull.models import CountClaim, Report

    def story(source: str, value: int) -> Report:
        return Report(source=source, claims=[CountClaim(
            text=f"{value} people", start=0, end=9, sentence=0, confidence=0.9, value=value,
            counted="people", counted_head="people", event="kill")])

    console = Console(width=100, file=StringIO(), color_system=None)
    render_compare_table(compare_reports([story("a\x1b[2J.txt", 12), story("b.txt", 40)]), console)
    text = console.file.getvalue()
    assert "\x1b" not in text
    assert "compare: a\\x1b[2J.txt, b.txt" in text and "a\\x1b[2J.txt: 12 people" in text
