"""Reading inputs: encodings, BOMs, line ends, binary and empty files, JSON Lines, HTML."""

from __future__ import annotations

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
