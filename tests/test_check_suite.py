"""`factpull check DIR`: pairing articles with facts files, one run over many, JUnit and Markdown."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET

import pytest
from conftest import FIXTURES, SEEDS
from typer.testing import CliRunner

from factpull.check import CheckItem, CheckResult
from factpull.check_suite import Pair, SuiteEntry, find_pairs, suite_json_schema, summarise
from factpull.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, app
from factpull.render_suite import md, to_junit, to_markdown

runner = CliRunner()
SEED = sorted(SEEDS.glob("*.txt"))[0]
SEED_FACTS = FIXTURES / "check" / "seed.facts.toml"


@pytest.fixture
def session_pipeline(nlp, monkeypatch):
    """The command's pipeline is the session's, so the model is loaded once."""
    monkeypatch.setattr("factpull.pipeline.build_nlp", lambda model="", types=None: nlp)


def _touch(path, text="Police arrested 12 people in Denver.\n"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_find_pairs_in_a_folder(tmp_path):
    _touch(tmp_path / "a.txt")
    _touch(tmp_path / "a.facts.toml", "")
    _touch(tmp_path / "b.txt")  # no facts file: skipped
    _touch(tmp_path / "sub" / "c.txt")
    _touch(tmp_path / "sub" / "c.facts.json", "{}")
    _touch(tmp_path / "d.txt")
    _touch(tmp_path / "d.facts.toml", "")
    _touch(tmp_path / "d.facts.json", "{}")
    _touch(tmp_path / "orphan.facts.toml", "")
    pairs, skipped = find_pairs([str(tmp_path)])
    assert skipped == 1
    by_article = {p.article: p for p in pairs}
    a = str(tmp_path / "a.txt")
    assert by_article[a] == Pair(a, str(tmp_path / "a.facts.toml"))
    assert by_article[str(tmp_path / "sub" / "c.txt")].facts == str(tmp_path / "sub" / "c.facts.json")
    assert "both d.facts.toml and d.facts.json" in by_article[str(tmp_path / "d.txt")].error
    assert "no article matching '*.txt' beside it" in by_article[str(tmp_path / "orphan")].error
    assert [p.article for p in pairs][:3] == [str(tmp_path / n) for n in ("a.txt", "d.txt", "sub/c.txt")]


@pytest.mark.parametrize("name, error", [
    ("lonely.txt", "no lonely.facts.toml or .facts.json beside it"),
    ("missing.txt", "missing.txt: no such file"),
    ("-", "give a file or folder"),
])
def test_find_pairs_for_named_articles_without_facts(tmp_path, name, error):
    _touch(tmp_path / "lonely.txt")
    (pair,), skipped = find_pairs([name if name == "-" else str(tmp_path / name)])
    assert skipped == 0 and error in pair.error


def test_a_facts_file_named_directly_finds_its_article(tmp_path):
    _touch(tmp_path / "flood.html", "<p>text</p>")
    _touch(tmp_path / "flood.facts.toml", "")
    (pair,), _ = find_pairs([str(tmp_path / "flood.facts.toml")])
    assert pair == Pair(str(tmp_path / "flood.html"), str(tmp_path / "flood.facts.toml"))


def _seed_folder(tmp_path):
    """The seed and a copy where 107 became 170, each beside the seed's facts file."""
    text = SEED.read_text(encoding="utf-8")
    assert text.count("107 ") == 1
    _touch(tmp_path / "seed.txt", text)
    _touch(tmp_path / "seed_edited.txt", text.replace("107 ", "170 "))
    for stem in ("seed", "seed_edited"):
        _touch(tmp_path / f"{stem}.facts.toml", SEED_FACTS.read_text(encoding="utf-8"))
    return tmp_path


def test_check_dir_with_the_seed_and_an_edited_copy(session_pipeline, tmp_path):
    folder = _seed_folder(tmp_path / "stories")
    report = tmp_path / "report.xml"
    result = runner.invoke(app, ["check", str(folder), "--junit", str(report)])
    assert result.exit_code == EXIT_FINDINGS, result.stderr
    assert "1 of 2 articles failed, 51 passed, 1 failed" in result.stdout
    root = ET.fromstring(report.read_text(encoding="utf-8"))
    assert root.tag == "testsuites" and root.get("tests") == "52" and root.get("failures") == "1"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [str(folder / "seed.txt"), str(folder / "seed_edited.txt")]
    assert [s.get("failures") for s in suites] == ["0", "1"]
    assert all(len(s.findall("testcase")) == int(s.get("tests")) == 26 for s in suites)
    (failure,) = root.iter("failure")
    assert "107" in failure.get("message") and "170" in failure.get("message")
    failing = next(c for c in root.iter("testcase") if c.find("failure") is not None)
    assert "107" in failing.get("name") and failing.get("classname") == str(folder / "seed_edited.txt")


def test_check_dir_markdown_and_json(session_pipeline, tmp_path):
    folder = _seed_folder(tmp_path)
    markdown = runner.invoke(app, ["check", str(folder), "--format", "markdown"])
    assert markdown.exit_code == EXIT_FINDINGS
    lines = markdown.stdout.splitlines()
    assert lines[0] == "### factpull check: 1 of 2 articles failed, 51 passed, 1 failed"
    assert any(line.startswith("| ") and "seed\\_edited.txt" in line and "| 25 | 1 | ❌ fail |" in line
               for line in lines)
    assert any(line.startswith("- **count** 107 immigrants") and "found 170" in line for line in lines)
    as_json = runner.invoke(app, ["check", str(folder), "--format", "json"])
    suite = json.loads(as_json.stdout)
    assert (suite["ok"], suite["articles"], suite["failed_articles"], suite["passed"], suite["failed"]) == (
        False, 2, 1, 51, 1)
    assert [e["result"]["ok"] for e in suite["entries"]] == [True, False]
    import jsonschema

    jsonschema.Draft202012Validator(suite_json_schema()).validate(suite)


def test_committed_suite_schema_is_current():
    """The shape of `check DIR --format json` changes only as a reviewed diff (FACTPULL_UPDATE_GOLDEN=1)."""
    path = FIXTURES / "check" / "suite.schema.json"
    current = suite_json_schema()
    if os.environ.get("FACTPULL_UPDATE_GOLDEN"):
        path.write_text(json.dumps(current, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert current == json.loads(path.read_text(encoding="utf-8"))


def test_check_dir_all_hold_and_a_bad_facts_file_is_exit_2(session_pipeline, tmp_path):
    folder = tmp_path / "ok"
    _touch(folder / "seed.txt", SEED.read_text(encoding="utf-8"))
    _touch(folder / "seed.facts.toml", SEED_FACTS.read_text(encoding="utf-8"))
    result = runner.invoke(app, ["check", str(folder)])
    assert result.exit_code == EXIT_OK, result.stdout
    assert "all 1 articles hold (26 expectations)" in result.stdout
    _touch(folder / "broken.txt")
    _touch(folder / "broken.facts.toml", "[[count]]\nvaule = 3\n")
    report = tmp_path / "r.xml"
    result = runner.invoke(app, ["check", str(folder), "--junit", str(report)])
    assert result.exit_code == EXIT_USAGE
    assert result.stderr.startswith(f"factpull: {folder / 'broken.facts.toml'}: line 2: count[0].vaule: "
                                    "unknown key (did you mean value?)")
    root = ET.fromstring(report.read_text(encoding="utf-8"))
    assert root.get("errors") == "1" and root.get("failures") == "0" and root.get("tests") == "27"


def test_check_dir_with_nothing_to_check(tmp_path):
    _touch(tmp_path / "a.txt")
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == EXIT_USAGE
    assert "no article with a facts file beside it" in result.stderr


def test_single_article_with_expect_writes_junit_and_markdown(session_pipeline, tmp_path):
    edited = _seed_folder(tmp_path) / "seed_edited.txt"
    report = tmp_path / "one.xml"
    result = runner.invoke(app, ["check", str(edited), "--expect", str(SEED_FACTS), "--junit", str(report),
                                 "--format", "markdown"])
    assert result.exit_code == EXIT_FINDINGS
    assert result.stdout.startswith("### factpull check: 1 of 1 articles failed, 25 passed, 1 failed")
    (failure,) = ET.fromstring(report.read_text(encoding="utf-8")).iter("failure")
    assert "107" in failure.get("message")


def test_write_refuses_report_options(tmp_path):
    result = runner.invoke(app, ["check", str(SEED), "--write", str(tmp_path / "f.toml"), "--junit", "r.xml"])
    assert result.exit_code == EXIT_USAGE and "--write writes a facts file" in result.stderr


def _suite_with(message: str, label: str = "count"):
    item = CheckItem(type="count", index=0, status="fail", expected={"value": 1}, label=label,
                     message=message, found="", claim=None, nearest=None)
    result = CheckResult(source="a|b.txt", expectations="a.facts.toml", ok=False, passed=0, failed=1,
                         unexpected=0, items=[item])
    return summarise([SuiteEntry(article="a|b.txt", expectations="a.facts.toml", error=None, result=result)])


def test_junit_survives_characters_xml_forbids():
    xml = to_junit(_suite_with('nearest "x" <y> & \x00\x1b[31m'))
    (failure,) = ET.fromstring(xml).iter("failure")
    assert failure.get("message") == 'nearest "x" <y> & \ufffd\ufffd[31m'


@pytest.mark.parametrize("text, expected", [
    ("plain words", "plain words"),
    ("a | b", "a \\| b"),
    ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"),
    ("*bold* _it_ `code` [link](u)", "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](u)"),
    ("two\nlines", "two lines"),
])
def test_md_escapes(text, expected):
    assert md(text) == expected


def test_markdown_table_keeps_one_row_per_article_whatever_the_names():
    text = to_markdown(_suite_with("moved | badly", label="9 *cities*"))
    rows = [line for line in text.splitlines() if line.startswith("| a\\")]
    assert rows == ["| a\\|b.txt | a.facts.toml | 0 | 1 | ❌ fail |"]
    assert "- **count** 9 \\*cities\\*: moved \\| badly" in text
