"""The command line, through Typer's CliRunner: every command, format and error path."""

from __future__ import annotations

import json

import pytest
from conftest import SEEDS
from typer.testing import CliRunner

from factpull import __version__
from factpull.cli import app

runner = CliRunner()
SEED = str(sorted(SEEDS.glob("*.txt"))[0])
SHORT = "Police arrested 12 people in Denver on Monday, officials said.\n"


def invoke(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.fixture()
def article(tmp_path):
    path = tmp_path / "short.txt"
    path.write_text(SHORT, encoding="utf-8")
    return path


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"factpull {__version__}"


@pytest.mark.parametrize("command", [[], ["extract"], ["schema"]])
def test_every_command_has_help(command):
    result = invoke(*command, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.stdout


def test_help_lists_exit_codes():
    result = invoke("--help")
    assert "130 interrupted" in " ".join(result.stdout.split())


def test_schema_is_json_schema():
    result = invoke("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "factpull report"
    assert "claims" in schema["properties"]


def test_jsonl_one_document_per_input_in_order(article):
    result = invoke("extract", "--format", "jsonl", SEED, str(article))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    docs = [json.loads(line) for line in lines]
    assert [d["source"] for d in docs] == [SEED, str(article)]
    assert all(d["schema_version"] for d in docs)


def test_json_single_input_is_one_document(article):
    result = invoke("extract", "--format", "json", str(article))
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["source"] == str(article)
    text = article.read_text(encoding="utf-8")
    for claim in doc["claims"]:
        assert text[claim["start"]:claim["end"]] == claim["text"]


def test_json_several_inputs_is_an_array(article):
    result = invoke("extract", "--format", "json", str(article), str(article))
    assert result.exit_code == 0
    docs = json.loads(result.stdout)
    assert isinstance(docs, list) and len(docs) == 2


def test_default_format_off_a_terminal_is_jsonl(article):
    result = invoke("extract", str(article))
    assert result.exit_code == 0
    assert json.loads(result.stdout.splitlines()[0])["source"] == str(article)


def test_table_groups_claims_by_type(article):
    result = invoke("extract", "--format", "table", str(article))
    assert result.exit_code == 0
    assert str(article.name) in result.stdout
    assert "Counts" in result.stdout and "Places" in result.stdout


def test_type_filter_keeps_only_that_type(article):
    result = invoke("extract", "--format", "jsonl", "--type", "count", str(article))
    assert result.exit_code == 0
    claims = json.loads(result.stdout)["claims"]
    assert claims and {c["type"] for c in claims} == {"count"}


def test_unknown_type_is_a_usage_error(article):
    result = invoke("extract", "--type", "weather", str(article))
    assert result.exit_code == 2
    assert "weather" in result.stderr


def test_unknown_format_is_a_usage_error(article):
    result = invoke("extract", "--format", "xml", str(article))
    assert result.exit_code == 2


def test_unknown_model_is_one_line_exit_2(article):
    result = invoke("extract", "--model", "no_such_pipeline_xyz", str(article))
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "no_such_pipeline_xyz" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_stdin(article):
    result = invoke("extract", "--format", "jsonl", "-", input=SHORT)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["source"] == "-"


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: (d / "empty.txt").write_text("") and d / "empty.txt" or d / "empty.txt", "empty"),
        (lambda d: (d / "blank.txt").write_text("  \n\n ") and d / "blank.txt", "empty"),
        (lambda d: (d / "bin.txt").write_bytes(b"\x00\x01\x02\xff" * 50) and d / "bin.txt", "binary"),
        (lambda d: (d / "sub").mkdir() or d / "sub", "no files matching"),
    ],
    ids=["missing", "empty", "blank", "binary", "empty-folder"],
)
def test_bad_input_is_one_line_exit_2_and_others_survive(tmp_path, article, make, message):
    bad = make(tmp_path)
    result = invoke("extract", "--format", "jsonl", str(article), str(bad), str(article))
    assert result.exit_code == 2
    err_lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(err_lines) == 1 and message in err_lines[0]
    assert "Traceback" not in result.stderr
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["source"] for d in docs] == [str(article), str(bad), str(article)]
    assert docs[1]["error"] and docs[1]["claims"] == []
    assert docs[0]["claims"] and docs[2]["claims"]


def test_folder_is_searched_with_glob(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text(SHORT)
    (tmp_path / "two.txt").write_text(SHORT)
    (tmp_path / "notes.md").write_text(SHORT)
    result = invoke("extract", "--format", "jsonl", str(tmp_path))
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    assert [s.rsplit("/", 1)[-1] for s in sources] == ["one.txt", "two.txt"]
    result = invoke("extract", "--format", "jsonl", "--glob", "*.md", str(tmp_path))
    assert len(result.stdout.splitlines()) == 1


def test_jsonl_input_keeps_ids(tmp_path):
    path = tmp_path / "export.jsonl"
    records = [{"id": "a1", "text": SHORT}, {"id": "b2", "body": "x"}, {"id": "c3", "text": SHORT}]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n{broken\n")
    result = invoke("extract", "--format", "jsonl", str(path))
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["source"] for d in docs] == ["a1", "b2", "c3", f"{path}:4"]
    assert docs[0]["claims"] and docs[1]["error"] and docs[3]["error"]
    assert result.exit_code == 2


def test_text_field_option(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"uid": 7, "body": SHORT}) + "\n")
    result = invoke("extract", "--format", "jsonl", "--text-field", "body", "--id-field", "uid", str(path))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["source"] == "7"


def test_html_input(tmp_path):
    page = tmp_path / "story.html"
    page.write_text(
        "<html><head><title>t</title></head><body><nav>Home | Sport | Weather</nav>"
        f"<article><h1>Arrests</h1><p>{SHORT}</p><p>{SHORT}</p></article>"
        "<footer>Copyright</footer></body></html>",
        encoding="utf-8",
    )
    result = invoke("extract", "--format", "jsonl", "--glob", "*.html", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert any(c["type"] == "count" for c in doc["claims"])


def test_help_and_schema_do_not_import_spacy():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from factpull.cli import app\n"
        "for args in (['--help'], ['extract', '--help'], ['schema'], ['--version']):\n"
        "    assert CliRunner().invoke(app, args).exit_code == 0\n"
        "print('spacy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_readme_exit_code_table_is_the_cli_s():
    from conftest import ROOT

    from factpull.cli import EXIT_CODES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    documented = {int(line.split("|")[1]) for line in section.splitlines()
                  if line.startswith("| ") and line.split("|")[1].strip().isdigit()}
    assert documented == set(EXIT_CODES)


@pytest.mark.parametrize("text, size", [
    ("200MB", 200_000_000), ("200 mb", 200_000_000), ("1G", 1_000_000_000), ("64KiB", 65_536),
    ("1.5M", 1_500_000), ("5000", 5000), ("2k", 2000), ("0", None),
])
def test_parse_size(text, size):
    from factpull.cli import parse_size

    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "lots", "-1", "12x", "1e9"])
def test_parse_size_rejects(text):
    import typer

    from factpull.cli import parse_size

    with pytest.raises(typer.BadParameter):
        parse_size(text)
