"""factpull on Dask: a LocalCluster of two worker processes gives what one process gives."""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

dask = pytest.importorskip("dask")
dask_bag = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

from factpull.batch import stream_reports  # noqa: E402
from factpull.cli import app  # noqa: E402
from factpull.dask import (  # noqa: E402
    SchedulerError,
    connect,
    extract_bag,
    local_cluster,
    pipeline_loads,
    to_source,
)
from factpull.io import Source  # noqa: E402

TEXTS = [
    "Police in Denver arrested 14 people on Friday, officials said.",
    '"We will keep going," said Chief Ana Ruiz. The city spent $2.5 million on the operation.',
    "Floods forced 300 families from their homes in Leeds on Monday, the council said.",
    "About 1,200 voters in Ohio signed the petition, according to the secretary of state.",
    'Operation "Safe City" ended Wednesday with 107 arrests in Philadelphia.',
    "Two of the suspects fled to Mexico, police said.",
]


@pytest.fixture(scope="module")
def client():
    with local_cluster(2) as cluster, distributed.Client(cluster) as c:
        yield c


def _one_process(nlp, sources: list[Source]) -> list[dict]:
    return [r.model_dump(mode="json") for r in stream_reports(sources, nlp)]


def test_a_bag_of_records_gives_what_one_process_gives(client, nlp):
    records = [{"id": f"story-{i}", "text": text} for i, text in enumerate(TEXTS)]
    bag = dask_bag.from_sequence(records, npartitions=6)
    docs = extract_bag(bag).compute(scheduler=client)
    expected = _one_process(nlp, [Source(r["id"], text=r["text"]) for r in records])
    assert docs == expected
    assert [d["source"] for d in docs] == [f"story-{i}" for i in range(len(TEXTS))]
    assert sum(len(d["claims"]) for d in docs) > 10
    # six partitions, and each worker process loaded the pipeline once at most
    loads = client.run(pipeline_loads)
    assert len(loads) == 2 and all(n <= 1 for n in loads.values()) and sum(loads.values()) >= 1


def test_plain_texts_are_named_by_partition_and_position(client, nlp):
    docs = extract_bag(dask_bag.from_sequence(TEXTS[:4], npartitions=2), types=["count"]).compute()
    assert [d["source"] for d in docs] == ["0:0", "0:1", "1:0", "1:1"]
    assert all(c["type"] == "count" for d in docs for c in d["claims"])
    assert [c["value"] for c in docs[0]["claims"]] == [14]


def test_bad_records_become_error_documents_in_their_place(client):
    records = [
        {"id": "good-1", "text": TEXTS[0]},
        {"id": "no-text"},
        42,
        {"id": "blank", "text": "  \n"},
        {"id": "good-2", "text": TEXTS[2]},
        b"\x89PNG\r\n\x1a\n\x00\x00binary",
        "   ",
    ]
    docs = extract_bag(dask_bag.from_sequence(records, npartitions=2)).compute()
    assert [d["source"] for d in docs] == ["good-1", "no-text", "0:2", "blank", "good-2", "1:1", "1:2"]
    errors = {d["source"]: d["error"] for d in docs if d["error"]}
    assert errors == {
        "no-text": "no-text: no text in field 'text'",
        "0:2": "0:2: record is not a text or a JSON object (int)",
        "blank": "blank: no text in field 'text'",
        "1:1": "1:1: looks like a binary file, not text",
        "1:2": "1:2: input is empty",
    }
    assert all(d["claims"] == [] for d in docs if d["error"])
    assert docs[0]["claims"] and docs[4]["claims"]


@pytest.mark.parametrize("record, name, text, error", [
    ("Text\r\nwith CRLF", "n", "Text\nwith CRLF", None),
    ({"url": "u1", "body": "Some text."}, "u1", "Some text.", None),
    ({"body": "Some text."}, "n", "Some text.", None),
    ({"url": "u1", "body": 7}, "u1", None, "u1: no text in field 'body'"),
    ([1, 2], "n", None, "n: record is not a text or a JSON object (list)"),
])
def test_to_source(record, name, text, error):
    assert to_source(record, "n", text_field="body", id_field="url") == Source(name, text=text, error=error)


def test_extract_scheduler_address_prints_what_one_process_prints(client, tmp_path):
    paths = []
    for i, text in enumerate(TEXTS):
        path = tmp_path / f"{i}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    paths.insert(2, str(tmp_path / "missing.txt"))
    args = ["extract", "--format", "jsonl", *paths]
    one = CliRunner().invoke(app, args)
    cluster = CliRunner().invoke(app, [*args, "--scheduler", client.scheduler.address])
    assert one.exit_code == cluster.exit_code == 2  # the missing file
    assert cluster.stdout == one.stdout
    assert [json.loads(line)["source"] for line in cluster.stdout.splitlines()] == paths
    assert cluster.stderr.strip() == f"factpull: {tmp_path / 'missing.txt'}: no such file"


def test_local_n_starts_a_cluster_of_n_processes_set_up_for_spacy():
    with connect("local:2") as c:
        assert len(c.nthreads()) == 2 and set(c.nthreads().values()) == {1}
        # no malloc threshold (every large array of spaCy's would be mmapped) and no profiler
        assert set(c.run(os.environ.get, "MALLOC_TRIM_THRESHOLD_").values()) == {None}
        assert set(c.run(dask.config.get, "distributed.worker.profile.enabled").values()) == {False}
    for bad in ("local:0", "local:x"):
        with pytest.raises(SchedulerError, match="local:N needs a number"):
            connect(bad)


def test_a_scheduler_that_is_not_there_is_a_usage_error(tmp_path, monkeypatch):
    import factpull.dask

    monkeypatch.setattr(factpull.dask, "CONNECT_TIMEOUT", "1s")
    path = tmp_path / "a.txt"
    path.write_text(TEXTS[0], encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path), "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert result.stderr.startswith("factpull: cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'")
    assert len(result.stderr.strip().splitlines()) == 1
    result = CliRunner().invoke(app, ["extract", str(path), "--scheduler", "local:2", "--jobs", "2"])
    assert result.exit_code == 2 and "--scheduler goes with neither --jobs" in result.stderr
