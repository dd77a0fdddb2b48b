"""The registry of claim kinds: a kind added as the README's "Adding a claim type" says flows
through extract (JSON), the table, the JSON Schema, check (pass and fail), --write and diff,
and is gone again once unregistered."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any, Literal

import pytest
from pydantic import Field
from spacy.language import Language
from spacy.tokens import Doc
from typer.testing import CliRunner

from factpull import kinds
from factpull.check import check_report
from factpull.cli import EXIT_OK, app
from factpull.components.base import ClaimComponent, SentenceIndex
from factpull.diff import diff_reports
from factpull.expectations import ExpectationsError, expectations_from_report, parse_expectations
from factpull.matching.base import Closed, FileOptions, KindMatching, PairingPass
from factpull.models import ClaimBase, Report, report_json_schema

runner = CliRunner()
TEXT = "Rivers rose overnight. Residents posted under #floods and #Lagos as the water came in.\n"


# -- 1. the model ------------------------------------------------------------------------------
class HashtagClaim(ClaimBase):
    """A hashtag the text uses."""

    type: Literal["hashtag"] = "hashtag"
    tag: str = Field(description="The tag without its '#'.")


# -- 2. the component (in the project: components/hashtags.py, rules in lexicon/) --------------
class HashtagsComponent(ClaimComponent):
    factory = "test_factpull_hashtags"

    def find(self, doc: Doc) -> Iterator[HashtagClaim]:
        sentence = SentenceIndex(doc)
        for m in re.finditer(r"#(\w+)", doc.text):
            yield HashtagClaim(text=m.group(), start=m.start(), end=m.end(), sentence=sentence(m.start()),
                               confidence=0.9, tag=m.group(1))


@Language.factory("test_factpull_hashtags", assigns=["doc._.factpull_claims"],
                  default_config={"overrides": {}})
def make_hashtags(nlp: Language, name: str, *, overrides: dict[str, Any]) -> HashtagsComponent:
    return HashtagsComponent(nlp, name, overrides=overrides)


# -- 3. the matching: how check, diff and compare treat it -------------------------------------
class HashtagExpectation(Closed):
    """A hashtag that must be found."""

    tag: str = Field(min_length=1, description="The tag, without '#' (case ignored).")


class HashtagMatcher:
    def __init__(self, exp: HashtagExpectation, options: FileOptions) -> None:
        self.exp = exp

    def __call__(self, claim: Any) -> bool:
        return claim.tag.lower() == self.exp.tag.lower()

    def nearest(self, claims: Sequence[Any]) -> tuple[Any | None, str]:
        if not claims:
            return None, "not found: no hashtags"
        return claims[0], "not found; hashtags found: " + ", ".join(f"#{c.tag}" for c in claims)


HASHTAG_MATCHING = KindMatching(
    expectation=HashtagExpectation,
    expects="Hashtags that must be found.",
    matcher=HashtagMatcher,
    describe_expectation=lambda exp: f"#{exp.tag}",
    describe_claim=lambda claim: f"#{claim.tag}",
    snapshot=lambda claim: {"tag": claim.tag},
    pairing=(PairingPass("same", lambda a, b: a.tag.lower() == b.tag.lower()),),
)


# -- 4. one registry entry ---------------------------------------------------------------------
@pytest.fixture
def hashtag_kind() -> Iterator[kinds.ClaimKind]:
    kind = kinds.register(kinds.ClaimKind(
        "hashtag", HashtagClaim, "test_factpull_hashtags", "Hashtags",
        (("tag", lambda c: "#" + c["tag"]),),
        matching=HASHTAG_MATCHING,
    ))
    try:
        yield kind
    finally:
        kinds.unregister("hashtag")


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _hashtag_report(article) -> Report:
    result = runner.invoke(app, ["extract", "--format", "json", "--type", "hashtag", str(article)])
    assert result.exit_code == EXIT_OK, result.stderr
    return Report.model_validate_json(result.stdout)


def test_a_registered_kind_flows_through_extract_table_schema_and_check(hashtag_kind, article):
    report = _hashtag_report(article)
    assert [(c.type, c.tag, TEXT[c.start:c.end]) for c in report.claims] == [
        ("hashtag", "floods", "#floods"), ("hashtag", "Lagos", "#Lagos")]

    table = runner.invoke(app, ["extract", "--format", "table", "--type", "hashtag", str(article)])
    assert table.exit_code == EXIT_OK
    assert "Hashtags" in table.stdout and "│ #floods │" in table.stdout and "│ #Lagos  │" in table.stdout

    mapping = report_json_schema()["properties"]["claims"]["items"]["discriminator"]["mapping"]
    assert mapping["hashtag"].endswith("HashtagClaim")

    holds = parse_expectations('[[hashtag]]\ntag = "lagos"\n', "toml", "f.toml")
    passed = check_report(report, holds)
    assert passed.ok
    assert [(i.type, i.status, i.found) for i in passed.items] == [("hashtag", "pass", "#Lagos")]
    fails = parse_expectations('[[hashtag]]\ntag = "fires"\n', "toml", "f.toml")
    failed = check_report(report, fails)
    assert not failed.ok
    assert [(i.status, i.message) for i in failed.items] == [
        ("fail", "not found; hashtags found: #floods, #Lagos")]


def test_a_registered_kind_is_written_diffed_and_validated(hashtag_kind, article):
    report = _hashtag_report(article)
    snapshot = expectations_from_report(report)
    assert [e.tag for e in snapshot.entries("hashtag")] == ["floods", "Lagos"]
    assert check_report(report, snapshot).ok
    with pytest.raises(ExpectationsError, match=r"hashtag\[0\]\.colour: unknown key"):
        parse_expectations('[[hashtag]]\ntag = "x"\ncolour = "red"\n', "toml", "f.toml")

    moved = report.model_copy(update={"claims": report.claims[:1]})
    diff = diff_reports(report, moved)
    assert [(c.type, c.change, c.message) for c in diff.changes] == [("hashtag", "removed", "#Lagos")]


def test_unregistering_restores_the_schema_and_the_expectations(article):
    before = json.dumps(report_json_schema(), sort_keys=True)
    kinds.register(kinds.ClaimKind("hashtag", HashtagClaim, "test_factpull_hashtags", "Hashtags",
                                   (("tag", lambda c: c["tag"]),), matching=HASHTAG_MATCHING))
    kinds.unregister("hashtag")
    assert json.dumps(report_json_schema(), sort_keys=True) == before
    with pytest.raises(ExpectationsError, match="hashtag: unknown section"):
        parse_expectations('[[hashtag]]\ntag = "x"\n', "toml", "f.toml")


def test_a_kind_without_matching_is_refused_by_check():
    with pytest.raises(ExpectationsError, match="date: check cannot match date claims"):
        parse_expectations('[[date]]\nvalue = "2017-09-27"\n', "toml", "f.toml")


def test_every_builtin_kind_but_dates_has_a_matching():
    assert [k.name for k in kinds.matched_kinds()] == ["count", "amount", "place", "operation", "quote"]


def test_a_fresh_process_finds_the_builtin_kinds_by_name():
    """`extract --type count` asks the registry by name before anything has listed it."""
    import subprocess
    import sys

    code = "from factpull import kinds; print(kinds.get('count').component)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "factpull_counts"


def test_a_registered_kind_reaches_csv_html_and_the_archive(hashtag_kind, article, tmp_path):
    import csv
    import io

    import sqlite_utils

    def extract(*args: str) -> str:
        result = runner.invoke(app, ["extract", "--type", "hashtag", str(article), *args])
        assert result.exit_code == EXIT_OK, result.stderr
        return result.stdout

    rows = list(csv.DictReader(io.StringIO(extract("--format", "csv").lstrip("\ufeff"), newline="")))
    assert [(r["type"], r["tag"]) for r in rows] == [("hashtag", "floods"), ("hashtag", "Lagos")]
    page = extract("--format", "html")
    assert re.findall(r'<mark [^>]*data-type="hashtag"[^>]*>([^<]*)</mark>', page) == ["#floods", "#Lagos"]
    db = tmp_path / "f.db"
    extract("--db", str(db))
    assert [r["tag"] for r in sqlite_utils.Database(db)["hashtags"].rows] == ["floods", "Lagos"]
