"""The Python API: `factpull.extract` takes the command line's path, long texts split alike."""

from __future__ import annotations

import factpull
import factpull.batch as batch
from factpull import pipeline
from factpull.batch import split_text, stream_reports
from factpull.io import Source

ROUND = 'Officers in Leeds seized {n} cars on Monday. "It goes on," said Inspector Sara Cole. '


def test_a_long_text_is_split_as_on_the_command_line_with_exact_offsets(nlp, monkeypatch):
    monkeypatch.setitem(pipeline._NLP_CACHE, pipeline.DEFAULT_MODEL, nlp)
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


def test_a_short_text_is_one_doc_as_before(nlp, monkeypatch):
    monkeypatch.setitem(pipeline._NLP_CACHE, pipeline.DEFAULT_MODEL, nlp)
    text = ROUND.format(n=12)
    assert factpull.extract(text) == pipeline.report_from_doc(nlp(text), "<text>")
