"""Hostile input and hostile environments: one line and a documented exit code, never a traceback.

Three layers: fuzzing of the readers (no exception but the one-line input errors escapes), the
commands run in this process against streams that fail, and the real CLI in a subprocess for
what only a real process shows (signals, worker processes, /dev/full, a closed stdout).
"""

from __future__ import annotations

import errno
import io
import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from factpull.cli import EXIT_CODES, EXIT_OUTPUT, EXIT_USAGE, app, main, outcome
from factpull.expectations import ExpectationsError, parse_expectations
from factpull.io import InputError, decode, html_to_text, iter_jsonl, iter_sources
from factpull.models import Report

runner = CliRunner()
SHORT = "Police arrested 12 people in Denver on Monday, officials said.\n"
DOCUMENTED = set(EXIT_CODES)

# ---------------------------------------------------------------------------------------------
# What hostile bytes look like: random bytes, text in odd encodings with controls and
# separators, JSON nested deeply or with huge numbers, broken HTML, and mixtures of them.

_nasty_chars = st.sampled_from(
    ["\x00", "\x1b[2J", "\x1b]52;c;aGk=\x07", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\u202e",
     "\ufeff", "\ud800", "\udcff", "é", "東", "😀", "\"", "\\", "{", "[", "<", "&#0;", "\t"]
)
_texts = st.lists(st.one_of(st.text(max_size=20), _nasty_chars), max_size=12).map("".join)


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf") else "replace")


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_texts, inner, max_size=3),
    max_leaves=8,
)
_jsonl_lines = st.one_of(
    st.builds(lambda text, rid: json.dumps({"text": text, "id": rid}), _texts, _json_values),
    _json_values.map(json.dumps),
    st.integers(1, 3000).map(lambda n: '{"text": ' + "[" * n + "]" * n + "}"),
    st.integers(4000, 6000).map(lambda n: '{"text": "x", "n": ' + "7" * n + "}"),
    _texts,
)
hostile_bytes = st.one_of(
    st.binary(max_size=400),
    st.builds(_encode, _texts, st.sampled_from(["utf-8", "utf-16", "utf-16-le", "latin-1", "cp1251"])),
    st.lists(_jsonl_lines, max_size=5).map(lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass")),
    _texts.map(lambda body: f"<html><body><p>{body}</p></body></html>".encode("utf-8", "surrogatepass")),
    st.integers(1, 50_000).map(lambda n: b"<div>" * n),
)

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(hostile_bytes)
def test_decode_gives_text_or_one_input_error(data):
    try:
        text = decode(data, "x")
    except InputError as err:
        assert "\n" not in str(err)
        return
    assert "\r" not in text and not text.startswith("\ufeff") and text.strip()


@FUZZ
@given(hostile_bytes)
def test_jsonl_reader_gives_one_source_per_record_and_no_exception(data):
    try:
        sources = list(iter_jsonl(data, "x.jsonl", "text", "id"))
    except InputError:  # the whole file is empty, binary or undecodable
        return
    for source in sources:
        assert (source.text is None) != (source.error is None)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_bytes)
def test_html_reader_gives_text_or_one_input_error(data):
    try:
        text = html_to_text(data.decode("utf-8", "replace"), "x.html")
    except InputError as err:
        assert "\n" not in str(err)
        return
    assert text.strip()


_expectation_texts = st.one_of(
    _texts,
    st.builds(lambda key, value: f"[[count]]\n{key} = {value}\n", st.sampled_from(["value", "vaule", "x"]),
              st.sampled_from(["1", "nan", "inf", '"1"', "[]", "{}", "1" * 5000, "[" * 5000 + "]" * 5000])),
    _json_values.map(json.dumps),
    st.dictionaries(st.sampled_from(["count", "amount", "quote", "place", "operation", "options", "cuont"]),
                    _json_values, max_size=3).map(json.dumps),
    st.integers(1, 20_000).map(lambda n: '{"count": ' + "[" * n + "]" * n + "}"),
)


@FUZZ
@given(_expectation_texts, st.sampled_from(["toml", "json"]))
def test_expectations_parser_gives_expectations_or_one_line(text, fmt):
    try:
        parse_expectations(text, fmt, f"f.{fmt}")
    except ExpectationsError as err:
        assert "\n" not in str(err) and str(err).startswith(f"f.{fmt}: ")


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(hostile_bytes, st.sampled_from([".txt", ".jsonl", ".html", ".md"])), max_size=4))
def test_reading_any_files_gives_encodable_sources_in_order(tmp_path, files):
    paths = []
    for i, (data, suffix) in enumerate(files):
        path = tmp_path / f"in{i}{suffix}"
        path.write_bytes(data)
        paths.append(str(path))
    sources = list(iter_sources(paths, max_bytes=100_000))
    for source in sources:
        for value in (source.name, source.text or "", source.error or ""):
            value.encode("utf-8")
    plain = [p for p in paths if not p.endswith(".jsonl")]
    assert [s.name for s in sources if s.name in plain] == plain


# ---------------------------------------------------------------------------------------------
# The commands, in this process, with the session's pipeline: every exit code is documented


@pytest.fixture
def session_pipeline(nlp, monkeypatch):
    monkeypatch.setattr("factpull.pipeline.build_nlp", lambda model=None, types=None: nlp)


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(files=st.lists(st.tuples(hostile_bytes, st.sampled_from([".txt", ".jsonl", ".html"])),
                      min_size=1, max_size=3),
       fmt=st.sampled_from(["jsonl", "json", "table"]))
def test_extract_on_any_files_exits_with_a_documented_code(session_pipeline, tmp_path_factory, files, fmt):
    folder = tmp_path_factory.mktemp("fuzz")
    paths = []
    for i, (data, suffix) in enumerate(files):
        path = folder / f"in{i}{suffix}"
        path.write_bytes(data)
        paths.append(str(path))
    result = runner.invoke(app, ["extract", "--format", fmt, *paths])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in {0, EXIT_USAGE}
    errors = _lines(result.stderr)
    assert all(line.startswith("factpull: ") for line in errors)
    assert (result.exit_code == EXIT_USAGE) == bool(errors)
    assert "\x1b" not in result.stderr
    if fmt == "jsonl":
        docs = [json.loads(line) for line in result.stdout.splitlines()]
        assert len([d for d in docs if d["error"]]) == len(errors)
        assert len(result.stdout.splitlines()) == len(docs)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=_expectation_texts, suffix=st.sampled_from([".toml", ".json"]))
def test_check_on_any_expectations_file_exits_with_a_documented_code(monkeypatch, tmp_path_factory,
                                                                     text, suffix):
    from factpull.models import CountClaim

    story = Report(source="story.txt", claims=[
        CountClaim(text="12 people", start=0, end=9, sentence=0, confidence=0.9, value=12, counted="people",
                   counted_head="people"),
    ])
    monkeypatch.setattr("factpull.check.load_reports", lambda paths, model: [story])
    facts = tmp_path_factory.mktemp("facts") / f"f{suffix}"
    facts.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = runner.invoke(app, ["check", "story.txt", "--expect", str(facts)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in {0, 1, EXIT_USAGE}
    if result.exit_code == EXIT_USAGE:
        assert len(_lines(result.stderr)) == 1 and result.stderr.startswith("factpull: ")


class _FailingStdout(io.TextIOBase):
    """stdout on a full disk: every write fails as /dev/full makes it fail."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def _main(monkeypatch, capsys, args: list[str], stdout=None) -> tuple[int, str]:
    """Run the console entry point as the shell would, without touching this process's signals."""
    monkeypatch.setattr(sys, "argv", ["factpull", *args])
    monkeypatch.setattr("factpull.signals.install", lambda: {})
    monkeypatch.setattr(sys, "stdout", stdout)
    with pytest.raises(SystemExit) as exit_:
        main()
    return exit_.value.code, capsys.readouterr().err


@pytest.mark.parametrize("stdout, message", [
    (_FailingStdout(), "factpull: cannot write the output (No space left on device)\n"),
    (None, "factpull: cannot write the output (stdout is closed)\n"),  # Python's None for `>&-`
], ids=["disk-full", "closed"])
@pytest.mark.parametrize("command", [
    ["extract", "--format", "jsonl", "ARTICLE"],
    ["extract", "--format", "table", "ARTICLE"],
    ["check", "ARTICLE", "--expect", "FACTS"],
    ["check", "ARTICLE", "--expect", "FACTS", "--format", "json"],
    ["diff", "ARTICLE", "ARTICLE"],
    ["schema"],
    ["--help"],
], ids=lambda c: "-".join(a for a in c if a.isalpha() or a.startswith("-")))
def test_output_that_cannot_be_written_is_one_line(session_pipeline, monkeypatch, capsys, tmp_path,
                                                  stdout, message, command):
    article = tmp_path / "a.txt"
    article.write_text(SHORT, encoding="utf-8")
    facts = tmp_path / "f.toml"
    facts.write_text("[[count]]\nvalue = 12\n", encoding="utf-8")
    args = [str(article) if a == "ARTICLE" else str(facts) if a == "FACTS" else a for a in command]
    code, err = _main(monkeypatch, capsys, args, stdout)
    assert (code, err) == (EXIT_OUTPUT, message)


def test_stdout_without_the_text_s_letters_still_gets_valid_json(session_pipeline, monkeypatch, capsys,
                                                                  tmp_path):
    article = tmp_path / "z.txt"
    article.write_text("Police in Zürich arrested 12 people 😀, “officials” said.\n", encoding="utf-8")
    raw = io.BytesIO()
    ascii_stdout = io.TextIOWrapper(raw, encoding="ascii")  # PYTHONIOENCODING=ascii
    code, err = _main(monkeypatch, capsys, ["extract", "--format", "jsonl", str(article)], ascii_stdout)
    assert (code, err) == (0, "")
    line = raw.getvalue().decode("ascii")
    assert "Z\\u00fcrich" in line  # escaped, not lost and not a UnicodeEncodeError
    doc = json.loads(line)
    text = article.read_text(encoding="utf-8")
    assert {c["text"] for c in doc["claims"]} >= {"Zürich"}
    assert all(text[c["start"]:c["end"]] == c["text"] for c in doc["claims"])


def test_internal_errors_are_one_line_and_documented():
    code, message = outcome(ZeroDivisionError("division by zero"))
    assert code in DOCUMENTED and "\n" not in message
    assert "ZeroDivisionError: division by zero" in message and "FACTPULL_DEBUG=1" in message


@pytest.mark.parametrize("meta", ["{}", '{"lang": "xx-nope", "name": "x", "version": "1.0.0"}'])
def test_model_folder_that_is_no_pipeline_is_one_line(tmp_path, meta):
    (tmp_path / "meta.json").write_text(meta, encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(SHORT, encoding="utf-8")
    result = runner.invoke(app, ["extract", "--model", str(tmp_path), str(article)])
    assert result.exit_code == EXIT_USAGE
    assert len(_lines(result.stderr)) == 1 and result.stderr.startswith("factpull: ")


def test_empty_folder_as_model_says_it_is_no_pipeline(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(SHORT, encoding="utf-8")
    (tmp_path / "model").mkdir()
    result = runner.invoke(app, ["extract", "--model", str(tmp_path / "model"), str(article)])
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == f"factpull: {tmp_path / 'model'}: is a folder but not a spaCy pipeline " \
                            "(no config.cfg or meta.json in it)\n"


def test_python_api_refuses_bytes_clearly():
    import factpull

    with pytest.raises(TypeError, match="needs text"):
        factpull.extract(b"Police arrested 12 people.")


def test_hostile_file_name_is_escaped_on_stderr_and_in_tables(session_pipeline, tmp_path):
    name = tmp_path / "\x1b[2Jevil\u202e.txt"
    result = runner.invoke(app, ["extract", "--format", "table", str(name)])
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == f"factpull: {tmp_path}/\\x1b[2Jevil\\u202e.txt: no such file\n"
    name.write_text(SHORT, encoding="utf-8")
    result = runner.invoke(app, ["extract", "--format", "table", str(name)])
    assert result.exit_code == 0
    assert "\\x1b[2Jevil\\u202e.txt" in result.stdout and "\x1b" not in result.stdout


def test_max_bytes_option(session_pipeline, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(SHORT * 10, encoding="utf-8")
    result = runner.invoke(app, ["extract", "--format", "jsonl", "--max-bytes", "100", str(article)])
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == f"factpull: {article}: larger than --max-bytes (100 bytes); raise --max-bytes " \
                            "to read it\n"
    assert json.loads(result.stdout)["error"].endswith("raise --max-bytes to read it")
    result = runner.invoke(app, ["extract", "--format", "jsonl", "--max-bytes", "1KB", str(article)])
    assert result.exit_code == 0, result.stderr


# ---------------------------------------------------------------------------------------------
# The real CLI in a subprocess: signals, worker processes, /dev/full, a closed stdout

CLI = [sys.executable, "-m", "factpull"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def _proc_stat(pid: int) -> tuple[str, int, str] | None:
    """(state, parent pid, start time) of a process from /proc, or None once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # the command name may hold spaces and brackets
    return fields[0], int(fields[1]), fields[19]


def _children(pid: int) -> list[tuple[int, str]]:
    found = []
    for entry in os.listdir("/proc"):
        stat = _proc_stat(int(entry)) if entry.isdigit() else None
        if stat is not None and stat[1] == pid:
            found.append((int(entry), stat[2]))
    return found


def _alive(pid: int, started: str) -> bool:
    stat = _proc_stat(pid)
    return stat is not None and stat[2] == started and stat[0] != "Z"


def _export(tmp_path: Path, n: int) -> Path:
    path = tmp_path / "export.jsonl"
    path.write_text("".join(
        json.dumps({"id": f"r{i}", "text": f"Police in Denver arrested {i + 2} people on Friday, "
                    "officials said. \"We will keep going,\" said Chief Ana Ruiz.\n\n" * 3}) + "\n"
        for i in range(n)
    ), encoding="utf-8")
    return path


def _first_line(proc: subprocess.Popen, timeout: float) -> bytes:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 1.0)
        if ready:
            return proc.stdout.readline()
        assert proc.poll() is None, proc.stderr.read().decode()
    pytest.fail("no output in time")


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")


@needs_proc
@pytest.mark.parametrize("jobs, signum, code, message", [
    (2, signal.SIGTERM, 143, "terminated"),
    (1, signal.SIGHUP, 129, "hung up"),
], ids=["sigterm-jobs2", "sighup"])
def test_stop_signal_ends_workers_and_keeps_whole_lines(tmp_path, jobs, signum, code, message):
    proc = subprocess.Popen([*CLI, "extract", "--jobs", str(jobs), "--format", "jsonl",
                             str(_export(tmp_path, 3000))],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV,
                            bufsize=0)  # unbuffered: readline must not take bytes communicate needs
    try:
        first = _first_line(proc, timeout=180)
        children = _children(proc.pid)
        assert len(children) == (jobs if jobs > 1 else 0), children
        proc.send_signal(signum)
        rest, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == code
    assert err.decode() == f"factpull: {message}\n"
    lines = (first + rest).decode().splitlines()
    assert [json.loads(line)["source"] for line in lines] == [f"r{i}" for i in range(len(lines))]
    assert len(lines) < 3000
    deadline = time.monotonic() + 10
    while any(_alive(*child) for child in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [child for child in children if _alive(*child)], "worker processes left running"


@needs_proc
def test_deeply_nested_record_with_jobs_2_keeps_the_others(tmp_path):
    export = tmp_path / "deep.jsonl"
    export.write_text(
        '{"id": "a", "text": "Two men died."}\n'
        '{"id": "b", "x": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
        '{"id": "c", "text": "Ten cars burned."}\n', encoding="utf-8")
    result = subprocess.run([*CLI, "extract", "--jobs", "2", "--format", "jsonl", str(export)],
                            capture_output=True, text=True, env=ENV, timeout=300)
    assert result.returncode == EXIT_USAGE
    assert result.stderr == f"factpull: {export}:2: JSON nested too deeply\n"
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["source"] for d in docs] == ["a", f"{export}:2", "c"]
    assert docs[0]["claims"] and docs[2]["claims"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_real_dev_full_and_closed_stdout(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(SHORT, encoding="utf-8")
    with open("/dev/full", "w") as full:
        result = subprocess.run([*CLI, "extract", str(article)], stdout=full, stderr=subprocess.PIPE,
                                text=True, env=ENV, timeout=300)
    assert (result.returncode, result.stderr) == (
        EXIT_OUTPUT, "factpull: cannot write the output (No space left on device)\n")
    result = subprocess.run(["sh", "-c", 'exec "$@" >&-', "sh", *CLI, "extract", str(article)],
                            stderr=subprocess.PIPE, text=True, env=ENV, timeout=300)
    assert (result.returncode, result.stderr) == (
        EXIT_OUTPUT, "factpull: cannot write the output (stdout is closed)\n")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_real_dev_zero_is_refused_early(tmp_path):
    result = subprocess.run([*CLI, "extract", "--format", "jsonl", "--max-bytes", "20MB", "/dev/zero"],
                            capture_output=True, text=True, env=ENV, timeout=300)
    assert result.returncode == EXIT_USAGE
    assert result.stderr == "factpull: /dev/zero: larger than --max-bytes (20,000,000 bytes); raise " \
                            "--max-bytes to read it\n"


@pytest.mark.parametrize("char, escaped", [("ü", "\\u00fc"), ("“", "\\u201c"), ("😀", "\\ud83d\\ude00")])
def test_json_escape_error_handler(char, escaped):
    from factpull.cli import _json_escape

    err = UnicodeEncodeError("ascii", f"a{char}b", 1, 2, "ordinal not in range(128)")
    assert _json_escape(err) == (escaped, 2)
    assert json.loads(f'"a{escaped}b"') == f"a{char}b"
