"""`--format html`: one self-contained page showing each article with its claims highlighted.

Like displaCy's entity pages, but for claims: every claim (and every mention of a place or
operation) is a `<mark>` carrying `data-type`, `data-start`, `data-end` (the claim's offsets into
the text) and `data-claim` (its id), coloured by type; hovering shows its fields (`title`),
clicking shows them all in a panel; a side list per article jumps to each highlight. The page
loads nothing: styles and script are inline and a Content-Security-Policy forbids every request,
so it opens offline and article text can never make it fetch anything. No spaCy here.

Claims overlap (a count inside a quote, a date inside a count). Nested spans become nested
marks; a span that crosses another is split into pieces that share its `data-claim` and its
offsets, so the text of a claim's pieces, in order, is always its `text`.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import TextIO

from .claim_fields import is_mention_field, type_fields
from .io import Source
from .models import Report

#: One colour per claim type; a type added to the models later takes a spare colour.
TYPE_COLOURS = {
    "count": "#ffc94d", "amount": "#7fd8a6", "place": "#8fc1ff", "operation": "#ff9f9f",
    "quote": "#ead7fb", "date": "#ffe9a8",
}
SPARE_COLOURS = ("#c7f0ff", "#ffd6e8", "#d9f99d", "#fde2c4")

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"


def type_colours() -> dict[str, str]:
    spare = iter(SPARE_COLOURS * 4)
    return {t: TYPE_COLOURS.get(t) or next(spare) for t in type_fields()}


def _label(claim_type: str) -> str:
    return claim_type + "s"


@dataclass(order=True)
class Span:
    """A stretch of text to wrap in an element: a claim, one of its mentions, or a speaker."""

    start: int
    neg_end: int  # sorts longer spans first at the same start, so they open outside
    order: int
    end: int = field(compare=False)
    tag: str = field(compare=False)
    attrs: dict[str, str] = field(compare=False)


def _open(span: Span, part: int | None) -> str:
    attrs = dict(span.attrs)
    if part is not None:
        attrs.pop("id", None)  # only the first piece is the jump target
        attrs["data-part"] = str(part)
    rendered = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attrs.items())
    return f"<{span.tag}{rendered}>"


def highlight(text: str, spans: Iterable[Span]) -> str:
    """`text` as HTML with every span wrapped, nested where spans nest, split where they cross."""
    spans = sorted(s for s in spans if 0 <= s.start < s.end <= len(text))
    boundaries = sorted({p for s in spans for p in (s.start, s.end)} | {0, len(text)})
    starting: dict[int, list[Span]] = {}
    for s in spans:
        starting.setdefault(s.start, []).append(s)
    parts: dict[int, int] = {}
    out: list[str] = []
    stack: list[Span] = []
    position = 0
    for point in boundaries:
        out.append(html.escape(text[position:point], quote=False))
        position = point
        if any(s.end == point for s in stack):
            reopen: list[Span] = []
            while any(s.end == point for s in stack):
                top = stack.pop()
                out.append(f"</{top.tag}>")
                if top.end != point:
                    reopen.append(top)
            for s in reversed(reopen):  # a crossing span goes on as a new piece
                parts[s.order] = parts.get(s.order, 0) + 1
                out.append(_open(s, parts[s.order]))
                stack.append(s)
        for s in starting.get(point, []):
            out.append(_open(s, None))
            stack.append(s)
    while stack:
        out.append(f"</{stack.pop().tag}>")
    return "".join(out)


def _plain(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def summary_fields(claim: dict) -> list[tuple[str, str]]:
    """The claim's own non-empty fields, for tooltips and the side list (mentions left out)."""
    return [(f.name, f.name if claim[f.name] is True else _plain(claim[f.name]))  # 'direct', 'negated'
            for f in type_fields()[claim["type"]]
            if not is_mention_field(f) and claim.get(f.name) not in (None, "", False)]


def _title(claim: dict) -> str:
    lines = [f"{claim['type']} · confidence {claim['confidence']:.2f}"]
    lines += [f"{name}: {value}" for name, value in summary_fields(claim)]
    return "\n".join(lines)


def claim_spans(claims: list[dict], doc_id: str) -> list[Span]:
    """The spans of a document's claims: each claim, each further mention, each speaker mention."""
    spans: list[Span] = []
    for i, claim in enumerate(claims):
        claim_id = f"{doc_id}-c{i}"
        base = {"class": f"t-{claim['type']}", "data-type": claim["type"], "data-claim": claim_id,
                "title": _title(claim), "tabindex": "0"}
        ranges = [(claim["start"], claim["end"])]
        ranges += [(m["start"], m["end"]) for m in claim.get("mentions") or []
                   if (m["start"], m["end"]) != ranges[0]]
        for j, (start, end) in enumerate(ranges):
            attrs = {**base, "data-start": str(start), "data-end": str(end)}
            if j == 0:
                attrs["id"] = claim_id
            else:
                attrs["data-mention"] = str(j)
            spans.append(Span(start, -end, len(spans), end, "mark", attrs))
        speaker = claim.get("speaker_mention")
        if speaker:
            spans.append(Span(speaker["start"], -speaker["end"], len(spans), speaker["end"], "span",
                              {"class": "speaker", "data-speaker-of": claim_id,
                               "title": f"speaker of {claim_id}: {claim.get('speaker') or '?'}"}))
    return spans


def _side_list(claims: list[dict], doc_id: str) -> str:
    colours = type_colours()
    groups: list[str] = []
    for claim_type in type_fields():
        items = [(i, c) for i, c in enumerate(claims) if c["type"] == claim_type]
        if not items:
            continue
        lis = []
        for i, claim in items:
            text = claim["text"] if len(claim["text"]) <= 90 else claim["text"][:89] + "…"
            # what the highlight does not already say: 'arrest · Philadelphia', not the counted noun
            said = claim["text"].lower()
            extra = [v for _, v in summary_fields(claim) if v.lower() not in said and len(v) < 60]
            detail = " · ".join(extra[:3])
            lis.append(f'<li><a href="#{doc_id}-c{i}" data-claim="{doc_id}-c{i}">{html.escape(text)}</a>'
                       + (f' <small>{html.escape(detail)}</small>' if detail else "") + "</li>")
        swatch = f'<span class="swatch" style="background:{colours[claim_type]}"></span>'
        groups.append(f"<details open><summary>{swatch}{_label(claim_type)} ({len(items)})</summary>"
                      f'<ol>{"".join(lis)}</ol></details>')
    return "".join(groups) or "<p>No claims found.</p>"


def _json_for_script(data: object) -> str:
    """JSON that cannot end its <script> element early, whatever the article says."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace(
        "&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render_section(report: Report, text: str | None, index: int) -> str:
    """One article: heading, the highlighted text, the side list, and its claims as data."""
    doc_id = f"d{index}"
    heading = f'<h2>{html.escape(report.source)}</h2>'
    meta = []
    if report.published:
        meta.append(f"published {report.published.isoformat()}")
    if report.error or text is None:
        return (f'<section class="doc error" id="{doc_id}">{heading}'
                f'<p class="error-message">Not read: {html.escape(report.error or "no text")}</p></section>')
    claims = [c.model_dump(mode="json") for c in report.claims]
    meta.append(f"{len(claims)} claims")
    body = highlight(text, claim_spans(claims, doc_id))
    data = {f"{doc_id}-c{i}": c for i, c in enumerate(claims)}
    return (f'<section class="doc" id="{doc_id}">{heading}<p class="meta">{html.escape(" · ".join(meta))}</p>'
            f'<div class="layout"><article class="text">{body}</article>'
            f'<nav class="claims" aria-label="claims of {html.escape(report.source)}">'
            f"{_side_list(claims, doc_id)}</nav></div>"
            f'<script type="application/json" class="factpull-claims">{_json_for_script(data)}</script>'
            "</section>")

def _asset(name: str) -> str:
    return resources.files("factpull").joinpath("assets", name).read_text(encoding="utf-8")




def page_head(title: str) -> str:
    colours = type_colours()
    legend = "".join(
        f'<li><label><input type="checkbox" checked data-toggle="{t}"><span class="swatch" '
        f'style="background:{c}"></span>{_label(t)}</label></li>' for t, c in colours.items())
    per_type = "".join(f'mark[data-type="{t}"]{{background:{c}}}'
                       f'body.hide-{t} mark[data-type="{t}"]{{background:none;border:0;outline:0}}'
                       for t, c in colours.items())
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{_asset('page.css')}{per_type}</style></head><body>"
            f'<header><h1>factpull</h1><ul class="legend" aria-label="claim types">{legend}</ul>'
            '<span class="meta">hover a highlight for its fields, click for all of them</span>'
            "</header><main>\n")


def page_tail() -> str:
    return ('</main><aside id="details" hidden><button type="button" aria-label="close">×</button>'
            f"<table><tbody></tbody></table></aside><script>{_asset('page.js')}</script></body></html>\n")


def write_html(pairs: Iterable[tuple[Report, Source]], out: TextIO, title: str = "factpull claims") -> int:
    """Write the page, one section per report as it arrives; the number of sections."""
    out.write(page_head(title))
    sections = 0
    for report, source in pairs:
        out.write(render_section(report, source.text, sections) + "\n")
        out.flush()
        sections += 1
    out.write(page_tail())
    return sections
