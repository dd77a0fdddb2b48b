"""`--format html`: highlighting, a self-contained page, and the page in a real headless Chromium."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURES, SEEDS
from typer.testing import CliRunner

from factpull.cli import app
from factpull.render_html import Span, highlight, type_colours

runner = CliRunner()
SEED = sorted(SEEDS.glob("*.txt"))[0]
CHROMIUM = shutil.which("chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars"]


def span(start: int, end: int, name: str, tag: str = "mark") -> Span:
    return Span(start, -end, ord(name), end, tag, {"data-claim": name})


@pytest.mark.parametrize("text, spans, expected", [
    ("no claims", [], "no claims"),
    ("12 people in Denver", [span(0, 9, "a"), span(13, 19, "b")],
     '<mark data-claim="a">12 people</mark> in <mark data-claim="b">Denver</mark>'),
    # nested: a count inside a quote
    ("said 12 people left", [span(5, 19, "q"), span(5, 14, "c")],
     'said <mark data-claim="q"><mark data-claim="c">12 people</mark> left</mark>'),
    # crossing: the later span is split, both pieces keep its claim id
    ("abcdef", [span(0, 4, "a"), span(2, 6, "b")],
     '<mark data-claim="a">ab<mark data-claim="b">cd</mark></mark>'
     '<mark data-claim="b" data-part="1">ef</mark>'),
    # adjacent spans stay apart
    ("abcd", [span(0, 2, "a"), span(2, 4, "b")],
     '<mark data-claim="a">ab</mark><mark data-claim="b">cd</mark>'),
    # text is escaped, spans outside the text or empty are dropped
    ("<b>&", [span(0, 3, "a"), span(2, 2, "e"), span(3, 9, "x")],
     '<mark data-claim="a">&lt;b&gt;</mark>&amp;'),
])
def test_highlight(text, spans, expected):
    assert highlight(text, spans) == expected


class Page(HTMLParser):
    """What a test needs from a page: marks with their text, references to other resources, etc."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.marks: list[dict] = []
        self.open_marks: list[dict] = []
        self.references: list[tuple[str, str, str]] = []
        self.tags: set[str] = set()
        self.body: dict[str, str | None] = {}
        self.sections: list[str] = []
        self.csp: str | None = None
        self.data: dict[str, dict] = {}
        self._in_data = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.add(tag)
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            if name in attributes:
                self.references.append((tag, name, attributes[name] or ""))
        if tag == "body":
            self.body = attributes
        if tag == "section":
            self.sections.append(attributes.get("id", ""))
        if tag == "meta" and attributes.get("http-equiv") == "Content-Security-Policy":
            self.csp = attributes.get("content")
        if tag == "script" and "factpull-claims" in (attributes.get("class") or ""):
            self._in_data = True
        if tag == "mark":
            mark = {**attributes, "text": ""}
            self.marks.append(mark)
            self.open_marks.append(mark)

    def handle_endtag(self, tag):
        if tag == "mark":
            self.open_marks.pop()
        if tag == "script":
            self._in_data = False

    def handle_data(self, data):
        if self._in_data:
            self.data.update(json.loads(data))
            return
        for mark in self.open_marks:
            mark["text"] += data


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def assert_every_claim_highlighted(page: Page, claims: list[dict]) -> None:
    """Every claim has marks carrying its type and offsets whose text, in order, is the claim's text."""
    assert len(page.data) == len(claims)
    for claim_id, claim in page.data.items():
        pieces = [m for m in page.marks if m.get("data-claim") == claim_id
                  and (int(m["data-start"]), int(m["data-end"])) == (claim["start"], claim["end"])]
        assert pieces, f"no highlight for {claim['type']} {claim['text']!r}"
        assert {m["data-type"] for m in pieces} == {claim["type"]}
        assert "".join(m["text"] for m in pieces) == claim["text"]
    assert sorted((c["start"], c["end"], c["text"]) for c in page.data.values()) == sorted(
        (c["start"], c["end"], c["text"]) for c in claims)


def _page(*paths: str) -> str:
    result = runner.invoke(app, ["extract", "--format", "html", *paths])
    assert result.stdout.startswith("<!DOCTYPE html>"), result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def seed_page() -> str:
    return _page(str(SEED))


def _seed_claims() -> list[dict]:
    return json.loads(runner.invoke(app, ["extract", "--format", "json", str(SEED)]).stdout)["claims"]


def test_seed_page_highlights_every_claim(seed_page):
    page = parse(seed_page)
    assert_every_claim_highlighted(page, _seed_claims())
    place_marks = [m for m in page.marks if m["data-type"] == "place" and m["text"] == "Philly"]
    assert place_marks and place_marks[0].get("data-mention")  # later mentions are highlighted too


def test_seed_page_is_self_contained(seed_page):
    page = parse(seed_page)
    assert page.csp is not None and "default-src 'none'" in page.csp
    assert all(value.startswith("#") for _, _, value in page.references), page.references
    assert not page.tags & {"link", "img", "iframe", "object", "embed", "base", "video", "audio"}
    assert "http://" not in seed_page.split("<main>")[0] and "https://" not in seed_page.split("<main>")[0]


def test_legend_and_side_list(seed_page):
    page = parse(seed_page)
    for claim_type in type_colours():
        assert f'data-toggle="{claim_type}"' in seed_page
    jumps = [value for tag, name, value in page.references if tag == "a"]
    assert len(jumps) == len(page.data)
    ids = {m.get("id") for m in page.marks}
    assert all(jump[1:] in ids for jump in jumps)
    count = next(m for m in page.marks if m["data-type"] == "count" and m["text"].startswith("107"))
    assert "event: arrest" in count["title"] and "place: Philadelphia" in count["title"]


def test_hostile_text_stays_text(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text('The mayor said "</script><script>alert(1)</script> is not a plan," adding that '
                     "12 people <img src=x onerror=alert(2)> were arrested in Denver.\n", encoding="utf-8")
    text = _page(str(story))
    page = parse(text)
    assert "img" not in page.tags
    assert text.count("<script>") == 1  # only the page's own script element
    assert any("</script>" in c.get("content", "") for c in page.data.values())


def test_several_inputs_give_one_page_with_a_section_each(tmp_path):
    article = sorted((FIXTURES / "articles").glob("*.txt"))[0]
    page = parse(_page(str(SEED), str(article), str(tmp_path / "missing.txt")))
    assert page.sections == ["d0", "d1", "d2"]
    assert {m["data-claim"].split("-")[0] for m in page.marks} == {"d0", "d1"}


def _chromium(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    return subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120)


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and raw RGB(A) rows of a non-interlaced 8-bit PNG, as Chromium writes them."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytes(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up, corner = previous[x], previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 255
            elif kind == 2:
                line[x] = (line[x] + up) & 255
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(line))
        previous = bytes(line)
    return width, height, [bytes(r[i:i + 3]) for r in rows for i in range(0, stride, channels)]


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_seed_page_in_headless_chromium(seed_page, tmp_path):
    page_file = tmp_path / "seed.html"
    page_file.write_text(seed_page, encoding="utf-8")
    dom = _chromium("--dump-dom", page_file.as_uri(), tmp_path=tmp_path)
    assert dom.returncode == 0, dom.stderr[-2000:]
    page = parse(dom.stdout)
    assert page.body.get("data-ready") == "1"  # the page's script ran, under its own CSP
    assert_every_claim_highlighted(page, _seed_claims())

    # a link to a claim opens the page with that claim's fields in the details panel
    count_id = next(k for k, c in page.data.items() if c["text"].startswith("107"))
    linked = _chromium("--dump-dom", f"{page_file.as_uri()}#{count_id}", tmp_path=tmp_path)
    panel = linked.stdout.split('<aside id="details"')[1].split("</aside>")[0]
    assert not panel.lstrip().startswith("hidden")
    assert "<th>counted_head</th><td>immigrants</td>" in panel and "<th>event</th><td>arrest</td>" in panel

    shot = tmp_path / "seed.png"
    result = _chromium(f"--screenshot={shot}", "--window-size=1200,900", page_file.as_uri(),
                       tmp_path=tmp_path)
    assert result.returncode == 0 and shot.exists(), result.stderr[-2000:]
    width, height, pixels = png_pixels(shot.read_bytes())
    assert (width, height) == (1200, 900)
    colours = {bytes.fromhex(type_colours()[t][1:]) for t in ("count", "place", "quote")}
    painted = {c: 0 for c in colours}
    for pixel in pixels:
        if pixel in painted:
            painted[pixel] += 1
    assert all(n > 500 for n in painted.values()), painted  # highlights of each kind are on screen
