"""`factpull compare`: where reports of the same event disagree.

For every kind whose matching has `comparing` passes, each pair of sources is paired with them
(`matching.base.pair_claims`, the pairing diff uses too); claims paired across sources, directly
or through a third source, form a group, and a group is reported when a pass judged one of its
pairs (counts that cannot both be true, the same words given to other speakers, a quote worded
differently by the same speaker). For kinds with `presence` (places, operations), a group that
some sources lack is listed as information: not a disagreement, since a report may leave out a
place without contradicting anyone.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from itertools import combinations
from typing import Any, Literal

from pydantic import BaseModel, Field
from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import kinds
from .matching.base import Judgement, KindMatching, SourceText, pair_claims
from .models import Report
from .render import stdout_console
from .untrusted import lines, printable

COMPARE_FORMAT_VERSION = "1.0"
FindingType = Literal["disagreement", "possible_misquote", "information"]
FINDING_TYPES: tuple[str, ...] = ("disagreement", "possible_misquote", "information")
#: What makes the exit code 1: information alone does not.
DISAGREEING = ("disagreement", "possible_misquote")


class SourceClaims(BaseModel):
    """The claims one source contributes to a finding."""

    source: str = Field(description="The source (path, '-', or JSON Lines record id).")
    claims: list[dict[str, Any]] = Field(description="Its claims in the finding, as in `extract` JSON "
                                         "(with `text`, `start`, `end` offsets into that source).")


class Finding(BaseModel):
    """One place where the sources differ."""

    type: FindingType = Field(description="disagreement (cannot both be true), possible_misquote (the "
                              "same speaker's quote worded differently) or information (named by "
                              "some sources only).")
    kind: str = Field(description="Claim type: count, quote, place or operation.")
    message: str = Field(description="One line for people, naming both values or both speakers.")
    word_diff: str | None = Field(default=None, description="For possible_misquote: the second source's "
                                  "wording against the first's, [-removed-] {+added+}.")
    sources: list[SourceClaims] = Field(description="Each source's claims in the finding, in input order; "
                                        "for information, the sources that name it.")
    missing_from: list[str] = Field(default_factory=list, description="For information: the sources "
                                    "that do not name it.")


class CompareResult(BaseModel):
    """What `factpull compare --format json` prints."""

    format_version: str = Field(default=COMPARE_FORMAT_VERSION, description="Version of this JSON shape.")
    sources: list[str] = Field(description="The sources compared, in input order.")
    agree: bool = Field(description="True when no disagreement or possible misquote was found (exit 0).")
    summary: dict[str, int] = Field(description="Number of findings of each type: disagreement, "
                                    "possible_misquote, information.")
    findings: list[Finding] = Field(description="Disagreements and possible misquotes first, then "
                                    "information; each by claim type in the registry's order.")


def compare_json_schema() -> dict:
    """The JSON Schema of what `factpull compare --format json` prints."""
    schema = CompareResult.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "factpull compare result"
    return schema


class _Groups:
    """Union-find over (source index, claim index): claims paired across sources, at most one
    claim of each source in a group (through a third source, look-alikes of one text would
    otherwise chain into one group: "5 killed" with "168,000 displaced")."""

    def __init__(self) -> None:
        self.parent: dict[tuple[int, int], tuple[int, int]] = {}
        self.sources: dict[tuple[int, int], set[int]] = {}

    def find(self, node: tuple[int, int]) -> tuple[int, int]:
        if node not in self.parent:
            self.parent[node] = node
            self.sources[node] = {node[0]}
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def union(self, a: tuple[int, int], b: tuple[int, int]) -> bool:
        """Join the groups of a and b, unless they share a source; True when joined (or one)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.sources[ra] & self.sources[rb]:
            return False
        self.parent[ra] = rb
        self.sources[rb] |= self.sources.pop(ra)
        return True

    def members(self) -> list[list[tuple[int, int]]]:
        groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for node in self.parent:
            groups.setdefault(self.find(node), []).append(node)
        return [sorted(g) for g in groups.values()]


Node = tuple[int, int]  # (source index, claim index)


def compare_kind(claim_type: str, matching: KindMatching, reports: list[Report],
                 sources: list[SourceText]) -> list[Finding]:
    """The findings for one kind across all sources."""
    keep = matching.in_compare or (lambda claim, source: True)
    claims = [[c for c in r.claims if c.type == claim_type and keep(c, s)]
              for r, s in zip(reports, sources, strict=True)]
    groups, judged = _pair_all_sources(claims, matching)
    if matching.presence:  # a claim no other source has is a group of its own
        for i, found in enumerate(claims):
            for k in range(len(found)):
                groups.find((i, k))
    findings = []
    for members in groups.members():
        finding = _finding(claim_type, matching, members, claims, reports, judged)
        if finding is not None:
            findings.append(finding)
    return findings


def _pair_all_sources(claims: list[list[Any]], matching: KindMatching
                      ) -> tuple[_Groups, dict[Node, list[Judgement]]]:
    """Every two sources' claims paired by the kind's compare passes: the groups they form and
    the judgements of the pairs (kept on the first source's claim)."""
    groups = _Groups()
    judged: dict[Node, list[Judgement]] = {}
    for i, j in combinations(range(len(claims)), 2):
        index_i = {id(c): k for k, c in enumerate(claims[i])}
        index_j = {id(c): k for k, c in enumerate(claims[j])}
        pairs, _, _ = pair_claims(claims[i], claims[j], matching.comparing)
        for pair in pairs:
            a, b = (i, index_i[id(pair.old)]), (j, index_j[id(pair.new)])
            judgement = pair.by.judge(pair.old, pair.new)
            if groups.union(a, b) and judgement is not None:
                judged.setdefault(a, []).append(judgement)
    return groups, judged


def _finding(claim_type: str, matching: KindMatching, members: list[Node], claims: list[list[Any]],
             reports: list[Report], judged: dict[Node, list[Judgement]]) -> Finding | None:
    """What one group of paired claims says: its gravest judgement, else (for kinds with
    presence) the sources that do not name it, else nothing."""
    judgements = [jd for node in members for jd in judged.get(node, [])]
    by_source = _by_source(members, claims, reports)
    if judgements:
        first = min(judgements, key=lambda jd: FINDING_TYPES.index(jd.finding))
        return Finding(type=first.finding, kind=claim_type, message=first.message,
                       word_diff=first.word_diff, sources=by_source)
    if not matching.presence or len(by_source) == len(reports):
        return None
    named = [s.source for s in by_source]
    missing = [r.source for r in reports if r.source not in named]
    name = matching.describe_claim(claims[members[0][0]][members[0][1]])
    return Finding(type="information", kind=claim_type, sources=by_source, missing_from=missing,
                   message=f"{name}: named by {', '.join(named)}; not by {', '.join(missing)}")


def _by_source(members: list[tuple[int, int]], claims: list[list[Any]],
               reports: list[Report]) -> list[SourceClaims]:
    out: dict[int, list[dict[str, Any]]] = {}
    for i, k in members:
        out.setdefault(i, []).append(claims[i][k].model_dump(mode="json"))
    return [SourceClaims(source=reports[i].source, claims=out[i]) for i in sorted(out)]


def _first_offset(finding: Finding) -> int:
    return finding.sources[0].claims[0]["start"] if finding.sources and finding.sources[0].claims else 0


def compare_reports(reports: list[Report], texts: Mapping[str, str] | None = None) -> CompareResult:
    """What the sources disagree on, kind by kind in registry order. `texts` (source -> its text)
    lets kinds read around a claim (counts leave out background told in another year)."""
    sources = [SourceText((texts or {}).get(r.source), r.published) for r in reports]
    findings: list[Finding] = []
    for kind in kinds.matched_kinds():
        if kind.matching.comparing:
            found = compare_kind(kind.name, kind.matching, reports, sources)
            findings.extend(sorted(found, key=lambda f: (f.sources[0].source != reports[0].source,
                                                         _first_offset(f))))
    findings.sort(key=lambda f: f.type == "information")  # stable: registry and text order kept
    summary = {t: sum(f.type == t for f in findings) for t in FINDING_TYPES}
    agree = not any(f.type in DISAGREEING for f in findings)
    return CompareResult(sources=[r.source for r in reports], agree=agree, summary=summary,
                         findings=findings)


def load_sources(paths: list[str], model: str, *, glob: str = "*.txt", text_field: str | None = None,
                 id_field: str = "id") -> tuple[list[Report], list[str], dict[str, str]]:
    """Reports of every readable source (files, folders, JSON Lines records), the errors of the
    others (one line each) and each source's text; spaCy is loaded here only. Raises LookupError
    for a missing model."""
    from .batch import stream_reports
    from .io import Source, iter_sources
    from .pipeline import build_nlp

    types = [k.name for k in kinds.matched_kinds() if k.matching.comparing]
    nlp = build_nlp(model, types)
    reports, errors = [], []
    texts: dict[str, str] = {}

    def remembered(sources: Iterable[Source]) -> Iterator[Source]:
        for source in sources:
            if source.text is not None:
                texts[source.name] = source.text
            yield source

    read = iter_sources(paths, glob=glob, text_field=text_field, id_field=id_field)
    for report in stream_reports(remembered(read), nlp, types=types):
        if report.error is not None:
            errors.append(report.error)
        else:
            reports.append(report)
    return reports, errors, texts


# ---------------------------------------------------------------------------------------------
# Rendering


def compare_to_json(result: CompareResult) -> str:
    """The comparison as an indented JSON document (plain text: never through rich markup)."""
    return json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False)


def _claim_line(data: dict[str, Any]) -> str:
    from pydantic import TypeAdapter

    from .models import Claim

    claim = TypeAdapter(Claim).validate_python(data)
    return f"{kinds.describe(claim)} [{data['start']}:{data['end']}]"


_STYLE = {"disagreement": "bold red", "possible_misquote": "yellow", "information": "dim"}
_PLURAL = {"disagreement": "disagreements", "possible_misquote": "possible misquotes",
           "information": "items of information"}
_LABEL = {"disagreement": "DISAGREE", "possible_misquote": "MISQUOTE?", "information": "info"}


def render_compare_table(result: CompareResult, console: Console) -> None:
    """One row per finding: what, kind, the message, and each source's claims."""
    if not result.findings:
        console.print(Text(f"the {len(result.sources)} sources agree: nothing to report", style="green"))
        return
    table = Table(title=Text(printable("compare: " + ", ".join(result.sources))), title_justify="left")
    table.add_column("finding")
    table.add_column("type")
    table.add_column("what", overflow="fold")
    table.add_column("sources", overflow="fold")
    for finding in result.findings:
        what = finding.message + (f"\n{finding.word_diff}" if finding.word_diff else "")
        sources = "\n".join(f"{s.source}: " + "; ".join(_claim_line(c) for c in s.claims)
                            for s in finding.sources)
        table.add_row(Text(_LABEL[finding.type], style=_STYLE[finding.type]), Text(finding.kind),
                      Text(lines(what)), Text(lines(sources)))
    console.print(table)
    parts = [f"{n} {_PLURAL[t] if n > 1 else t.replace('_', ' ')}" for t, n in result.summary.items() if n]
    console.print(Text(", ".join(parts), style="bold red" if not result.agree else "bold"))


def _md(text: str) -> str:
    """Text safe inside a Markdown list item: no markup characters taken as formatting."""
    for ch in "\\`*_~[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return " ".join(text.split())


_DIFF_PART = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}")


def _md_word_diff(diff: str) -> str:
    """A wdiff-style word diff in Markdown: removed words struck through, added ones in bold."""
    out, last = [], 0
    for m in _DIFF_PART.finditer(diff):
        out.append(_md(diff[last:m.start()]))
        out.append(f"~~{_md(m[1])}~~" if m[1] is not None else f"**{_md(m[2])}**")
        last = m.end()
    out.append(_md(diff[last:]))
    return " ".join(p for p in out if p)


def compare_to_markdown(result: CompareResult) -> str:
    """The comparison as Markdown: a heading per finding type, a list item per finding."""
    out = [f"# compare: {', '.join(_md(s) for s in result.sources)}", ""]
    if not result.findings:
        out.append(f"The {len(result.sources)} sources agree: nothing to report.")
        return "\n".join(out) + "\n"
    headings = {"disagreement": "Disagreements", "possible_misquote": "Possible misquotes",
                "information": "Named by some sources only"}
    for finding_type in FINDING_TYPES:
        found = [f for f in result.findings if f.type == finding_type]
        if not found:
            continue
        out += [f"## {headings[finding_type]} ({len(found)})", ""]
        for finding in found:
            out.append(f"- **{finding.kind}**: {_md(finding.message)}")
            if finding.word_diff:
                out.append(f"  - wording: {_md_word_diff(finding.word_diff)}")
            for s in finding.sources:
                out.append(f"  - `{s.source}`: " + "; ".join(_md(_claim_line(c)) for c in s.claims))
        out.append("")
    return "\n".join(out)


def print_compare(result: CompareResult, fmt: str) -> None:
    """Print a comparison to stdout as a table, JSON or Markdown."""
    if fmt == "json":
        sys.stdout.write(compare_to_json(result) + "\n")
    elif fmt == "markdown":
        sys.stdout.write(compare_to_markdown(result))
    else:
        render_compare_table(result, stdout_console())
