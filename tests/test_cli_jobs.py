"""`--jobs N|auto`: worker processes for spaCy, one per core with auto; same output as one process."""

from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner

from factpull.cli import app, job_count

TEXTS = (
    "Police in Denver arrested 14 people on Friday, officials said.",
    '"We will keep going," said Chief Ana Ruiz of the Boston police.',
    "Floods forced 300 families from their homes in Leeds, the council said.",
)


def test_auto_is_the_cores_this_process_may_use():
    expected = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert job_count("auto") == expected >= 1
    assert job_count("AUTO") == expected
    assert job_count("3") == 3


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5", ""])
def test_a_bad_jobs_value_is_a_usage_error(value, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXTS[0], encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", "--jobs", value, str(path)])
    assert result.exit_code == 2
    assert "--jobs" in result.stderr


def test_jobs_auto_prints_what_one_process_prints(tmp_path):
    paths = []
    for i, text in enumerate(TEXTS):
        path = tmp_path / f"{i}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    one = CliRunner().invoke(app, ["extract", "--format", "jsonl", *paths])
    auto = CliRunner().invoke(app, ["extract", "--format", "jsonl", "--jobs", "auto", *paths])
    assert one.exit_code == auto.exit_code == 0
    assert auto.stdout == one.stdout
    assert len(one.stdout.splitlines()) == 3
