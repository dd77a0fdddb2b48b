"""Reading inputs: encodings, BOMs, line ends, binary and empty files, JSON Lines, HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from factpull.io import InputError, Source, decode, iter_sources

TEXT = "Café owners in Zürich said 12 people were hurt — “badly”, they said.\nSecond line."


@pytest.mark.parametrize(
    "data, expected",
    [
        (TEXT.encode("utf-8"), TEXT),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), TEXT),
        (TEXT.replace("\n", "\r\n").encode("utf-8"), TEXT),
        (TEXT.replace("\n", "\r").encode("utf-8"), TEXT),
        (TEXT.encode("utf-16"), TEXT),
        ("Les élèves de Besançon étaient très nombreux à Noël.".encode("latin-1"),
         "Les élèves de Besançon étaient très nombreux à Noël."),
        ("Сотрудники полиции задержали двенадцать человек в Москве.".encode("cp1251"),
         "Сотрудники полиции задержали двенадцать человек в Москве."),
        ("Café owner said 12 workers were arrested in München.".encode("latin-1"),
         "Café owner said 12 workers were arrested in München."),
        ("Zażółć gęślą jaźń w Łodzi, powiedział minister.".encode("cp1250"),
         "Zażółć gęślą jaźń w Łodzi, powiedział minister."),
    ],
    ids=["utf8", "utf8-bom", "crlf", "cr", "utf16", "latin1", "cp1251", "latin1-short", "cp1250"],
)
def test_decode(data, expected):
    assert decode(data, "x") == expected


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b" \n\t\n", "empty"),
        (b"\x00\x01\x02\x03" * 100, "binary"),
        (bytes(range(256)) * 20, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300), "binary"),
    ],
    ids=["empty", "blank", "nul", "all-bytes", "png"],
)
def test_decode_rejects(data, message):
    with pytest.raises(InputError, match=message):
        decode(data, "x")


def test_sources_keep_order_and_errors(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Three men were arrested.")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Trois hommes arrêtés à Besançon, selon la préfecture.".encode("latin-1"))
    sources = list(iter_sources([str(good), str(tmp_path / "nope.txt"), str(latin)]))
    assert [s.name for s in sources] == [str(good), str(tmp_path / "nope.txt"), str(latin)]
    assert sources[0] == Source(str(good), text="Three men were arrested.")
    assert "no such file" in sources[1].error
    assert "arrêtés" in sources[2].text


def test_directory_given_as_file_is_an_error(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.md").write_text("x")
    [source] = iter_sources([str(tmp_path / "d")])
    assert "no files matching" in source.error


# ---------------------------------------------------------------------------------------------
# Hostile inputs: endless streams, deep nesting, undecodable names


def test_read_limited_refuses_while_reading():
    import io as stdio

    from factpull.io import read_limited

    assert read_limited(stdio.BytesIO(b"x" * 100), "x", max_bytes=100) == b"x" * 100
    with pytest.raises(InputError, match=r"x: larger than --max-bytes \(99 bytes\)"):
        read_limited(stdio.BytesIO(b"x" * 100), "x", max_bytes=99)
    assert read_limited(stdio.BytesIO(b"x" * 100), "x", max_bytes=None) == b"x" * 100


class _Endless:
    """A stream that never ends, like /dev/zero; counts what was read from it."""

    def __init__(self) -> None:
        self.read_so_far = 0

    def read(self, size: int = -1) -> bytes:
        assert size > 0, "an endless stream must never be read whole"
        self.read_so_far += size
        return b"\0" * size


def test_endless_stream_stops_just_past_the_limit():
    from factpull.io import read_limited

    stream = _Endless()
    with pytest.raises(InputError, match="larger than --max-bytes"):
        read_limited(stream, "endless", max_bytes=5_000_000)
    assert stream.read_so_far == 5_000_001


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_dev_zero_is_refused_in_its_place():
    sources = list(iter_sources(["/dev/zero"], max_bytes=2_000_000))
    assert [s.name for s in sources] == ["/dev/zero"]
    assert "larger than --max-bytes (2,000,000 bytes)" in sources[0].error


def test_max_bytes_applies_to_each_file(tmp_path):
    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_text("Three men were arrested.")
    big.write_text("Three men were arrested. " * 100)
    sources = list(iter_sources([str(small), str(big)], max_bytes=1000))
    assert sources[0].text == "Three men were arrested."
    assert "larger than --max-bytes" in sources[1].error


def test_closed_stdin_is_an_input_error(monkeypatch):
    monkeypatch.setattr("sys.stdin", None)
    [source] = iter_sources(["-"])
    assert source.error == "<stdin>: standard input is closed"


def _jsonl_sources(tmp_path, lines: list[str]) -> list[Source]:
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return list(iter_sources([str(path)]))


def test_jsonl_record_nested_too_deeply_is_one_bad_record(tmp_path):
    deep = '{"text": "x", "extra": ' + "[" * 100_000 + "]" * 100_000 + "}"
    sources = _jsonl_sources(tmp_path, ['{"text": "Two men died."}', deep, '{"text": "Ten cars burned."}'])
    assert [s.text for s in sources] == ["Two men died.", None, "Ten cars burned."]
    assert sources[1].error.endswith("export.jsonl:2: JSON nested too deeply")


def test_jsonl_huge_integer_is_one_bad_record(tmp_path):
    huge = "9" * 5000
    sources = _jsonl_sources(tmp_path, [f'{{"text": "x", "n": {huge}}}', '{"text": "Two men died."}'])
    assert "invalid JSON (Exceeds the limit" in sources[0].error
    assert sources[1].text == "Two men died."


def test_jsonl_lone_surrogates_become_replacement_characters(tmp_path):
    [source] = _jsonl_sources(tmp_path, ['{"id": "a\\udcff", "text": "Two\\ud800 men died."}'])
    assert source.name == "a\\xff"
    assert source.text == "Two\ufffd men died."  # same length: offsets still hold


def test_undecodable_file_name_is_shown_escaped(tmp_path):
    import os

    name = os.fsdecode(bytes(tmp_path / "caf") + b"\xe9.txt")  # Latin-1 byte: not UTF-8
    try:
        Path(name).write_text("Two men died.")
    except (OSError, UnicodeEncodeError):
        pytest.skip("file system refuses non-UTF-8 names")
    [source] = iter_sources([name])
    assert source.name.endswith("caf\\xe9.txt")
    assert source.text == "Two men died."
    source.name.encode("utf-8")
