"""`factpull check`: hold an article's claims to an expectations file, naming the nearest miss.

Each expectation is matched to a claim of its type by that kind's matching (`factpull.kinds`
entries carry a `factpull.matching.base.KindMatching`; the built-in ones are in
`factpull/matching/`). Expectations are matched one-to-one (two expected "104 people" need two
such counts) unless the kind says several may share a claim (quote snippets of one long quote).
When an expectation fails, the kind's matcher names the closest claim: for a count, the same
thing counted with another value ("count moved") or the same value with another noun. Under
`exact`, claims no expectation took fail as "unexpected". A kind without a matching is refused,
never name-matched by default. No spaCy here except in `load_reports`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Literal, TextIO

from pydantic import BaseModel, Field
from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import kinds
from .expectations import ExpectationsBase
from .matching import contains_words, counted_words, norm_name, speaker_matches, stem, words  # noqa: F401
from .matching.base import value_text, value_within, with_unit  # noqa: F401  (re-exported)
from .matching.names import claim_names  # noqa: F401  (re-exported)
from .models import Report
from .render import stdout_console
from .untrusted import cell, printable

Status = Literal["pass", "fail", "unexpected"]
CHECK_FORMAT_VERSION = "1.0"


def describe_claim(claim: Any) -> str:
    """One line for a claim, as shown in check and diff tables (its kind's wording)."""
    return kinds.describe(claim)


class UncheckableKind(ValueError):
    """Expectations of a kind that has no matching: refused rather than name-matched."""


def _matching(claim_type: str) -> Any:
    matching = kinds.get(claim_type).matching
    if matching is None:
        raise UncheckableKind(f"check cannot match {claim_type} claims: the kind has no matching")
    return matching


def candidate_lists(matching: Any, exps: Sequence[Any], matchers: Sequence[Any],
                    claims: Sequence[Any]) -> list[list[int]]:
    """For each expectation, the indices of the claims it accepts, in text order.

    Trying every expectation on every claim made a snapshot of a long article quadratic (18,400
    entries: minutes). A kind's `shortlist` indexes the claims once and names those an expectation
    could accept; the matcher decides on those only, so the answer is the same. Identical
    expectations share one list object, which `assign` uses to hand them out without rescanning.
    """
    shortlist = matching.shortlist(claims) if matching.shortlist else lambda m: range(len(claims))
    shared: dict[str, list[int]] = {}
    lists: list[list[int]] = []
    for exp, matcher in zip(exps, matchers, strict=True):
        key = json.dumps(exp.model_dump(mode="json", exclude_none=True), sort_keys=True)
        if key not in shared:
            shared[key] = [j for j in shortlist(matcher) if matcher(claims[j])]
        lists.append(shared[key])
    return lists


def assign(candidates: list[list[int]]) -> list[int | None]:
    """A maximum one-to-one assignment of expectations to claims.

    `candidates[i]` lists the claims expectation i accepts, in preference order. Each expectation
    first takes its most preferred free claim; an expectation left without one then looks for an
    augmenting path (Kuhn's algorithm): a claim whose holder can move to another free claim.
    Near-linear on real files: expectations sharing one candidate list (identical entries) share a
    cursor past the claims already taken and are searched through once per path, and the claims a
    failed search visited stay closed until a search succeeds (nothing there can have changed).
    """
    owner: dict[int, int] = {}  # claim -> expectation
    result: list[int | None] = [None] * len(candidates)
    cursor: dict[int, int] = {}  # id of a candidate list -> where its first untaken claim may be
    waiting: list[int] = []
    for i, options in enumerate(candidates):
        k = cursor.get(id(options), 0)
        while k < len(options) and options[k] in owner:
            k += 1
        cursor[id(options)] = k
        if k < len(options):
            owner[options[k]] = i
            result[i] = options[k]
        elif options:
            waiting.append(i)
    seen: set[int] = set()  # claims visited since the last successful search
    expanded: set[int] = set()  # ids of the candidate lists searched through since then
    for root in waiting:
        if id(candidates[root]) in expanded:
            continue  # a list a failed search went through: it would fail again
        if _augment(root, candidates, owner, result, seen, expanded):
            seen.clear()
            expanded.clear()
    return result


def _augment(root: int, candidates: list[list[int]], owner: dict[int, int], result: list[int | None],
             seen: set[int], expanded: set[int]) -> bool:
    """Search an alternating path from expectation `root` to a free claim and flip it.

    Depth-first with an explicit stack, so that thousands of expectations never exhaust Python's
    recursion limit. A list already searched through is not searched again: its claims are all
    seen, or still ahead of the frame that is searching it.
    """
    expanded.add(id(candidates[root]))
    stack: list[tuple[int, Iterator[int]]] = [(root, iter(candidates[root]))]
    path: list[int] = []  # the claim each frame of the stack went through
    while stack:
        i, options = stack[-1]
        for j in options:
            if j in seen:
                continue
            seen.add(j)
            holder = owner.get(j)
            if holder is None:  # a free claim: everyone on the path moves one claim along
                for (k, _), claim in zip(stack, [*path, j], strict=True):
                    owner[claim] = k
                    result[k] = claim
                return True
            if id(candidates[holder]) in expanded:
                continue
            expanded.add(id(candidates[holder]))
            path.append(j)
            stack.append((holder, iter(candidates[holder])))
            break
        else:
            stack.pop()
            if path:
                path.pop()
    return False


def _nearest_finder(matching: Any, claims: Sequence[Any]) -> Any:
    """matcher -> `matcher.nearest(claims)`, through the kind's `nearest_index` when it has one.

    The index is built on the first failing expectation only: a check that passes pays nothing,
    and one where thousands fail pays for one index, not for thousands of scans of every claim.
    """
    index = None

    def nearest(matcher: Any) -> tuple[Any | None, str]:
        nonlocal index
        if matching.nearest_index is None:
            return matcher.nearest(claims)
        if index is None:
            index = matching.nearest_index(claims)
        return index(matcher)

    return nearest


# ---------------------------------------------------------------------------------------------
# The result


class CheckItem(BaseModel):
    """One line of a check: an expectation and how it fared, or an unexpected claim."""

    type: str = Field(description="Claim type: count, amount, quote, place or operation.")
    index: int | None = Field(description="Position of the expectation in its list in the file; "
                              "null for an unexpected claim.")
    status: Status = Field(description="pass, fail, or unexpected (a claim no expectation took, "
                           "under `exact`).")
    expected: dict[str, Any] | None = Field(description="The expectation as written; null if unexpected.")
    label: str = Field(description="One-line description of the expectation (or unexpected claim).")
    message: str = Field(description="Why it failed, naming the nearest candidate; empty on pass.")
    found: str = Field(description="One-line description of `claim` or, on fail, of `nearest`; may be empty.")
    claim: dict[str, Any] | None = Field(description="The matching claim (pass) or the unexpected claim.")
    nearest: dict[str, Any] | None = Field(description="On fail: the closest claim found, if any.")


_ITEM_FIELDS = frozenset(CheckItem.model_fields)


class CheckResult(BaseModel):
    """What `factpull check --format json` prints."""

    format_version: str = Field(default=CHECK_FORMAT_VERSION, description="Version of this JSON shape.")
    source: str = Field(description="The article checked.")
    expectations: str = Field(description="The expectations file.")
    ok: bool = Field(description="True when every expectation holds (exit code 0).")
    passed: int = Field(description="Expectations that hold.")
    failed: int = Field(description="Expectations that do not hold.")
    unexpected: int = Field(description="Claims no expectation took, of types held `exact`.")
    items: list[CheckItem] = Field(description="By claim type, in the registry's order (count, amount, "
                                   "place, operation, quote): the type's expectations in file order, "
                                   "then its unexpected claims.")


def check_json_schema() -> dict:
    """The JSON Schema of what `factpull check --format json` prints."""
    schema = CheckResult.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "factpull check result"
    return schema


def check_report(report: Report, expectations: ExpectationsBase, expectations_name: str = "") -> CheckResult:
    """Hold a Report to the expectations, kind by kind in registry order."""
    items: list[CheckItem] = []
    exact = expectations.exact_types()
    for kind in kinds.all_kinds():
        exps = expectations.entries(kind.name)
        if not exps and kind.name not in exact:
            continue
        items += _check_kind(kind.name, _matching(kind.name), exps, report, expectations,
                             kind.name in exact)
    passed = sum(i.status == "pass" for i in items)
    failed = sum(i.status == "fail" for i in items)
    unexpected = sum(i.status == "unexpected" for i in items)
    return CheckResult(source=report.source, expectations=expectations_name, ok=not (failed or unexpected),
                       passed=passed, failed=failed, unexpected=unexpected, items=items)


def _item(**fields: Any) -> CheckItem:
    """A CheckItem from values check made itself (no validation), all of them sharing one set of
    their field names: pydantic keeps a set of the fields given per instance, 728 bytes, a fifth
    of an item with its claim (368,000 entries: 270 MB). Frozen, since items are never changed."""
    return CheckItem.model_construct(_fields_set=_ITEM_FIELDS, **fields)


def _check_kind(claim_type: str, matching: Any, exps: list[Any], report: Report,
                expectations: ExpectationsBase, exact: bool) -> list[CheckItem]:
    items: list[CheckItem] = []
    claims = [c for c in report.claims if c.type == claim_type]
    matchers = [matching.matcher(e, expectations.options) for e in exps]  # type: ignore[attr-defined]
    candidates = candidate_lists(matching, exps, matchers, claims)
    chosen = assign(candidates) if matching.one_to_one else [c[0] if c else None for c in candidates]
    taken = {j for j in chosen if j is not None}
    free = [c for j, c in enumerate(claims) if j not in taken]
    nearest_in_free, nearest_in_all = _nearest_finder(matching, free), _nearest_finder(matching, claims)
    dumps: dict[int, dict[str, Any]] = {}

    def dumped(claim: Any) -> dict[str, Any]:
        """A claim's JSON dict, one for all the items naming it (a nearest claim often stands for
        several failing entries; items are only ever read)."""
        if id(claim) not in dumps:
            dumps[id(claim)] = claim.model_dump(mode="json")
        return dumps[id(claim)]

    for i, (exp, m, j) in enumerate(zip(exps, matchers, chosen, strict=True)):
        expected = exp.model_dump(exclude_none=True)
        label = matching.describe_expectation(exp)
        if j is not None:
            items.append(_item(type=claim_type, index=i, status="pass", expected=expected,
                                   label=label, message="", found=describe_claim(claims[j]),
                                   claim=dumped(claims[j]), nearest=None))
            continue
        # prefer a claim no other expectation took, else any claim of the type
        near, message = nearest_in_free(m)
        if near is None:
            near, message = nearest_in_all(m)
        items.append(_item(type=claim_type, index=i, status="fail", expected=expected,
                               label=label, message=message,
                               found=describe_claim(near) if near is not None else "", claim=None,
                               nearest=dumped(near) if near is not None else None))
    if exact:
        for claim in free:
            items.append(_item(type=claim_type, index=None, status="unexpected", expected=None,
                                   label=describe_claim(claim), message="no expectation for this claim",
                                   found=describe_claim(claim),
                                   claim=dumped(claim), nearest=None))
    return items


# ---------------------------------------------------------------------------------------------
# Articles -> Reports, and rendering


class ArticleError(Exception):
    """An article that cannot be read; the message is one line for people."""


def load_reports(paths: list[str], model: str) -> list[Report]:
    """One Report per article path ('-' for stdin), extracted with one pipeline load.

    Raises ArticleError for an unreadable input and LookupError for a missing model.
    """
    from .batch import stream_reports
    from .io import iter_sources

    sources = []
    for path in paths:
        if path != "-" and Path(path).is_dir():
            raise ArticleError(f"{path}: is a directory (give one article file)")
        found = list(iter_sources([path]))
        source = found[0]
        if source.error is not None:
            raise ArticleError(source.error)
        if len(found) > 1:
            raise ArticleError(f"{path}: holds {len(found)} records; give one article")
        sources.append(source)
    from .pipeline import build_nlp

    nlp = build_nlp(model)
    return list(stream_reports(sources, nlp))


_STYLE = {"pass": "green", "fail": "bold red", "unexpected": "bold red"}
_STATUS = {"pass": "pass", "fail": "FAIL", "unexpected": "UNEXPECTED"}


def render_check_table(result: CheckResult, console: Console) -> None:
    """The check as a table: expectation, status, and the claim found or the nearest candidate."""
    table = Table(title=Text(printable(f"{result.source} against {result.expectations}")),
                  title_justify="left")
    table.add_column("type")
    table.add_column("expected", overflow="fold")
    table.add_column("status")
    table.add_column("found / nearest", overflow="fold")
    for item in result.items:
        found = item.found if item.status == "pass" else item.message
        status = Text(_STATUS[item.status], style=_STYLE[item.status])
        table.add_row(Text(item.type), Text(cell(item.label)), status, Text(cell(found)))
    console.print(table)
    summary = f"{result.passed} passed, {result.failed} failed"
    if result.unexpected:
        summary += f", {result.unexpected} unexpected"
    console.print(Text(summary, style="green" if result.ok else "bold red"))


def check_to_json(result: CheckResult) -> str:
    """The check as an indented JSON document (plain text: never through rich markup)."""
    return json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False)


def write_check_json(result: CheckResult, out: TextIO) -> None:
    """What check_to_json returns, written item by item: the whole document as one string took
    more memory than the check itself (a snapshot of 92,000 entries: 620 MB more, 1.2 GB in all).
    JSON strings hold no line break, so indenting each item's lines nests it exactly as
    json.dumps does."""
    if not result.items:
        out.write(check_to_json(result) + "\n")
        return
    head = check_to_json(result.model_copy(update={"items": []}))
    opening, closing = head.rsplit('"items": []', 1)
    out.write(opening + '"items": [\n')
    for k, item in enumerate(result.items):
        text = json.dumps(item.model_dump(mode="json"), indent=2, ensure_ascii=False)
        out.write(("" if k == 0 else ",\n") + "\n".join("    " + line for line in text.split("\n")))
    out.write("\n  ]" + closing + "\n")


def print_check(result: CheckResult, fmt: str) -> None:
    """Print a check result to stdout as a table or JSON."""
    if fmt == "json":
        write_check_json(result, sys.stdout)
        return
    console = stdout_console()
    render_check_table(result, console)
