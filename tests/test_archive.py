"""`extract --db`: the SQLite archive's layout, resuming, replacing, and Datasette as its client."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time

import pytest
import sqlite_utils
from conftest import FIXTURES
from newsroom_articles import write_articles
from typer.testing import CliRunner

from factpull import archive
from factpull.archive import claim_rows, open_archive, table_name
from factpull.claim_fields import type_fields
from factpull.cli import app
from factpull.models import Report

REPORT = Report.model_validate_json((FIXTURES / "render" / "report.json").read_text(encoding="utf-8"))
TABLES = ["documents", "claims", *(table_name(t) for t in type_fields()), "mentions"]
runner = CliRunner()


def _db_run(folder, db):
    return runner.invoke(app, ["extract", str(folder), "--db", str(db)])


def _jsonl_claims(folder) -> list[dict]:
    result = runner.invoke(app, ["extract", "--format", "jsonl", str(folder)])
    assert result.exit_code == 0, result.stderr
    return [c for line in result.stdout.splitlines() for c in json.loads(line)["claims"]]


def _dump(path) -> dict[str, list[dict]]:
    db = sqlite_utils.Database(path)
    return {name: list(db[name].rows_where(order_by=db[name].pks[0])) for name in TABLES}


@pytest.fixture(scope="module")
def twenty(tmp_path_factory):
    """Twenty articles, their JSON Lines claims, and a database made by one clean run."""
    root = tmp_path_factory.mktemp("archive")
    folder = root / "stories"
    write_articles(folder)
    db = root / "clean.db"
    first = _db_run(folder, db)
    assert first.exit_code == 0, first.stderr
    return folder, _jsonl_claims(folder), db


def test_schema_tables_foreign_keys_indexes_and_search(tmp_path):
    db = open_archive(tmp_path / "f.db")
    assert set(TABLES) <= set(db.table_names())
    assert {(fk.column, fk.other_table) for fk in db["claims"].foreign_keys} == {("document_id", "documents")}
    assert {(fk.column, fk.other_table) for fk in db["quotes"].foreign_keys} == {
        ("claim_id", "claims"), ("document_id", "documents")}
    assert {(fk.column, fk.other_table) for fk in db["mentions"].foreign_keys} == {
        ("claim_id", "claims"), ("document_id", "documents")}
    indexed = {(t, tuple(i.columns)) for t in TABLES for i in db[t].indexes}
    for wanted in [("claims", ("type",)), ("quotes", ("speaker",)), ("counts", ("event",)),
                   ("counts", ("place",)), ("places", ("name",)), ("documents", ("source",))]:
        assert wanted in indexed
    assert db["quotes"].detect_fts() == "quotes_fts"
    # every per-type field of the models is a column (mentions go to their own table)
    for claim_type, fields in type_fields().items():
        columns = set(db[table_name(claim_type)].columns_dict)
        assert {f.name for f in fields if f.name not in ("mentions", "speaker_mention")} <= columns
    open_archive(tmp_path / "f.db")  # opening again changes nothing and does not fail


def test_claim_rows_split_a_report_into_tables():
    rows = claim_rows(REPORT, document_id=3, first_claim_id=10)
    assert [r["id"] for r in rows["claims"]] == list(range(10, 10 + len(REPORT.claims)))
    assert all(r["document_id"] == 3 for rows_ in rows.values() for r in rows_)
    assert sum(len(rows.get(table_name(t), [])) for t in type_fields()) == len(REPORT.claims)
    place = next(c for c in REPORT.claims if c.type == "place")
    place_id = 10 + REPORT.claims.index(place)
    mentioned = [m["text"] for m in rows["mentions"] if m["claim_id"] == place_id]
    assert mentioned == [m.text for m in place.mentions]
    count = rows["counts"][0]
    assert (count["value"], count["event"], count["place"], count["negated"]) == (
        40, "arrest", "Denver", False)


def test_twenty_articles_twice_give_twenty_documents_and_every_claim_once(twenty, tmp_path):
    folder, claims, clean = twenty
    db = tmp_path / "f.db"
    first, second = _db_run(folder, db), _db_run(folder, db)
    assert first.exit_code == second.exit_code == 0
    assert "20 new, 0 replaced, 0 unchanged" in first.stderr
    assert "0 new, 0 replaced, 20 unchanged" in second.stderr
    dump = _dump(db)
    assert len(dump["documents"]) == 20
    assert len(dump["claims"]) == len(claims) > 60
    assert [(c["type"], c["text"], c["start"]) for c in dump["claims"]] == [
        (c["type"], c["text"], c["start"]) for c in claims]
    typed = sum(len(dump[table_name(t)]) for t in type_fields())
    assert typed == len(claims)
    assert len(dump["mentions"]) == sum(len(c.get("mentions", [])) + bool(c.get("speaker_mention"))
                                        for c in claims)
    assert dump == _dump(clean)


def test_a_changed_article_is_replaced_and_nothing_is_left_behind(tmp_path):
    db = tmp_path / "f.db"
    story = tmp_path / "stories"
    write_articles(story)
    assert _db_run(story, db).exit_code == 0
    path = story / "story_03.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nLater, 45 more people were arrested in Boise.\n",
                    encoding="utf-8")
    result = _db_run(story, db)
    assert "0 new, 1 replaced, 19 unchanged" in result.stderr
    dump = _dump(db)
    claims = _jsonl_claims(story)
    assert len(dump["documents"]) == 20 and len(dump["claims"]) == len(claims)
    ids = {c["id"] for c in dump["claims"]}
    docs = {d["id"] for d in dump["documents"]}
    for name in TABLES[2:]:
        assert all(r["claim_id"] in ids and r["document_id"] in docs for r in dump[name])
    assert any(c["text"] == "45 more people" for c in dump["claims"])


def test_interrupted_run_resumes_to_the_same_database(twenty, tmp_path, monkeypatch):
    folder, _, clean = twenty
    db = tmp_path / "f.db"
    real = archive.claim_rows
    calls = []

    def interrupt_the_eighth(*args, **kwargs):
        calls.append(1)
        if len(calls) == 8:  # inside document 8's transaction, after its documents row
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(archive, "claim_rows", interrupt_the_eighth)
    result = _db_run(folder, db)
    assert result.exit_code == 130
    assert "interrupted" in result.stderr
    assert len(_dump(db)["documents"]) == 7  # document 8 rolled back whole
    monkeypatch.setattr(archive, "claim_rows", real)
    again = _db_run(folder, db)
    assert again.exit_code == 0 and "13 new, 0 replaced, 7 unchanged" in again.stderr
    assert _dump(db) == _dump(clean)


def test_ctrl_c_in_a_real_process_then_rerun_ends_the_same(twenty, tmp_path):
    folder, _, clean = twenty
    db = tmp_path / "f.db"
    command = [sys.executable, "-m", "factpull", "extract", str(folder), "--db", str(db)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        try:
            if sqlite_utils.Database(db)["documents"].count >= 2:
                break
        except Exception:  # the database is still being created
            pass
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode in (130, 0), stderr  # 0: it finished before the signal came
    assert "Traceback" not in stderr
    if process.returncode == 130:
        assert len(_dump(db)["documents"]) < 20
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert _dump(db) == _dump(clean)


def test_an_input_unreadable_on_a_rerun_keeps_its_stored_claims(tmp_path):
    folder = tmp_path / "stories"
    first, second = write_articles(folder, count=2)
    db = tmp_path / "f.db"
    assert _db_run(folder, db).exit_code == 0
    before = _dump(db)
    second.unlink()
    result = runner.invoke(app, ["extract", str(first), str(second), "--db", str(db)])
    assert result.exit_code == 2
    assert "no such file" in result.stderr
    assert _dump(db) == before


def test_db_refuses_format_and_a_file_that_is_no_database(tmp_path):
    folder = tmp_path / "stories"
    write_articles(folder, count=1)
    result = runner.invoke(app, ["extract", str(folder), "--db", str(tmp_path / "f.db"), "--format", "csv"])
    assert result.exit_code == 2 and "leave out --format" in result.stderr
    bogus = tmp_path / "notes.db"
    bogus.write_text("not a database, just notes\n" * 100, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(folder), "--db", str(bogus)])
    assert result.exit_code == 2
    assert result.stderr.startswith("factpull: ") and len(result.stderr.strip().splitlines()) == 1


def test_datasette_browses_the_archive(twenty):
    from datasette.app import Datasette

    folder, claims, db = twenty
    quotes = [c for c in claims if c["type"] == "quote"]
    counts = [c for c in claims if c["type"] == "count"]
    name = db.stem

    async def browse():
        ds = Datasette([str(db)])
        await ds.invoke_startup()
        async def get(path: str) -> dict:
            return (await ds.client.get(f"/{name}/{path}&_shape=objects")).json()

        return (await get("quotes.json?_facet=speaker"), await get("counts.json?_facet=event&_facet=place"),
                await get("quotes.json?_search=classroom"), await get("documents.json?_size=100"))

    by_speaker, by_event, search, documents = asyncio.run(browse())
    speakers = {r["value"]: r["count"] for r in by_speaker["facet_results"]["speaker"]["results"]}
    expected = {}
    for q in quotes:
        if q["speaker"]:
            expected[q["speaker"]] = expected.get(q["speaker"], 0) + 1
    assert speakers == expected and "Maria Lopez" in speakers
    events = {r["value"]: r["count"] for r in by_event["facet_results"]["event"]["results"]}
    assert events.get("arrest") == sum(c["event"] == "arrest" for c in counts) > 0
    places = {r["value"] for r in by_event["facet_results"]["place"]["results"]}
    assert "Denver" in places
    hits = search["rows"]
    assert hits and all("classroom" in h["content"].lower() for h in hits)
    assert len(hits) == sum("classroom" in q["content"].lower() for q in quotes)
    assert len(documents["rows"]) == 20 and all(os.sep in d["source"] for d in documents["rows"])


def test_db_honours_max_bytes(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Police arrested 12 people in Denver on Monday.\n", encoding="utf-8")
    db = tmp_path / "facts.db"
    result = runner.invoke(app, ["extract", str(story), "--db", str(db), "--max-bytes", "10"])
    assert result.exit_code == 2
    assert "larger than --max-bytes" in result.stderr
    assert sqlite_utils.Database(db)["claims"].count == 0
