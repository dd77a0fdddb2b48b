"""Batches: long texts split and merged with global offsets, and bad inputs never lose good ones."""

from __future__ import annotations

import json

from conftest import claims_of
from typer.testing import CliRunner

import factpull
import factpull.batch as batch
from factpull.batch import split_text, stream_reports
from factpull.cli import app
from factpull.io import Source
from factpull.pipeline import report_from_doc

PARAGRAPH = (
    "Police in Denver arrested 14 people on Friday, officials said. "
    '"We will keep going," said Chief Ana Ruiz.\n\n'
)


def test_split_text_covers_text_at_paragraph_ends():
    text = PARAGRAPH * 50
    pieces = split_text(text, limit=1000)
    assert "".join(chunk for _, chunk in pieces) == text
    assert all(len(chunk) <= 1000 for _, chunk in pieces)
    assert all(chunk.endswith("\n\n") for _, chunk in pieces[:-1])
    assert all(text[offset:offset + len(chunk)] == chunk for offset, chunk in pieces)


def test_split_text_without_breaks_still_bounded():
    text = "x" * 2500
    pieces = split_text(text, limit=1000)
    assert "".join(chunk for _, chunk in pieces) == text
    assert all(len(chunk) <= 1000 for _, chunk in pieces)


def test_long_text_offsets_are_global(nlp, monkeypatch):
    import factpull.batch as batch

    monkeypatch.setattr(batch, "CHUNK_CHARS", 600)
    text = PARAGRAPH * 12
    assert len(split_text(text)) > 1
    [report] = stream_reports([Source("long", text=text)], nlp)
    assert report.source == "long"
    counts = claims_of(report, "count")
    assert len(counts) == 12
    for claim in report.model_dump(mode="json")["claims"]:
        assert text[claim["start"]:claim["end"]] == claim["text"]
        for mention in claim.get("mentions") or []:
            assert text[mention["start"]:mention["end"]] == mention["text"]
    sentences = [c["sentence"] for c in counts]
    assert sentences == sorted(sentences) and len(set(sentences)) == 12
    places = claims_of(report, "place")
    assert [p["name"] for p in places] == ["Denver"]
    assert len(places[0]["mentions"]) == 12


def test_batch_of_thirty_with_bad_inputs(tmp_path):
    paths = []
    for i in range(26):
        path = tmp_path / f"good{i:02d}.txt"
        path.write_text(PARAGRAPH.replace("14", str(10 + i)), encoding="utf-8")
        paths.append(path)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Police in Denver arrested 7 people at the café, officials said.".encode("latin-1"))
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    missing = tmp_path / "missing.txt"
    inputs = paths[:10] + [missing] + paths[10:20] + [binary, latin] + paths[20:] + [empty]
    assert len(inputs) == 30
    result = CliRunner().invoke(app, ["extract", "--format", "jsonl", *map(str, inputs)])
    assert result.exit_code == 2
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["source"] for d in docs] == [str(p) for p in inputs]
    errors = {d["source"] for d in docs if d["error"]}
    assert errors == {str(missing), str(binary), str(empty)}
    assert len([line for line in result.stderr.splitlines() if line.strip()]) == 3
    for doc in docs:
        if not doc["error"]:
            assert any(c["type"] == "count" for c in doc["claims"]), doc["source"]
    latin_doc = docs[inputs.index(latin)]
    assert any(c["value"] == 7 for c in latin_doc["claims"] if c["type"] == "count")


# -- the Python API: factpull.extract takes the command line's path ------------------------------
ROUND = 'Officers in Leeds seized {n} cars on Monday. "It goes on," said Inspector Sara Cole. '


def test_the_api_splits_a_long_text_as_the_command_line_does_with_exact_offsets(nlp, monkeypatch):
    monkeypatch.setitem(batch._NLP_CACHE, batch.DEFAULT_MODEL, nlp)
    monkeypatch.setattr(batch, "CHUNK_CHARS", 900)
    text = "".join(ROUND.format(n=n) for n in range(11, 41))  # no line breaks, 30 sentences
    assert len(split_text(text)) > 5
    # spaCy refuses a text longer than max_length: only pieces can reach it
    monkeypatch.setattr(nlp, "max_length", 1000)

    report = factpull.extract(text, source="api")

    assert report.source == "api" and report.error is None
    assert [c.value for c in report.claims if c.type == "count"] == list(range(11, 41))
    for claim in report.model_dump(mode="json")["claims"]:
        assert text[claim["start"]:claim["end"]] == claim["text"]
        for mention in claim.get("mentions") or []:
            assert text[mention["start"]:mention["end"]] == mention["text"]
    [cli] = stream_reports([Source("api", text=text)], nlp)
    assert report == cli


def test_the_api_parses_a_short_text_as_one_doc(nlp, monkeypatch):
    monkeypatch.setitem(batch._NLP_CACHE, batch.DEFAULT_MODEL, nlp)
    text = ROUND.format(n=12)
    assert factpull.extract(text) == report_from_doc(nlp(text), "<text>")


def test_extracting_elsewhere_never_imports_spacy_here(tmp_path):
    """A cluster's client only reads and prints: importing spaCy would add to its start-up."""
    import subprocess
    import sys

    story = tmp_path / "story.txt"
    story.write_text("Police arrested 2 people.\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from factpull.batch import run_extract\n"
        "from factpull.models import Report\n"
        f"run_extract([{str(story)!r}], fmt='jsonl', types=None, model='none', glob='*.txt',\n"
        "            text_field=None, id_field='id', jobs=1,\n"
        "            elsewhere=lambda sources: [Report(source=s.name) for s in sources])\n"
        "print('spacy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    document, imported = out.stdout.splitlines()
    assert json.loads(document)["source"] == str(story)
    assert imported == "False"
