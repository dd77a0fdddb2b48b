"""`factpull check`: hold an article's claims to an expectations file, naming the nearest miss.

Each expectation is matched to a claim of its type. Counts, amounts, places and operations are
matched one-to-one (two expected "104 people" need two such counts); quote expectations may share a
quote (two snippets of one long quote). When an expectation fails, the closest claim is shown:
for a count, the same thing counted with another value ("count moved") or the same value with
another noun. Under `exact`, claims no expectation took fail as "unexpected".

Names compare case-insensitively, without punctuation or a leading "the"; quote snippets compare
as word sequences with curly and straight quotes alike; speakers match by full name, surname, or a
group with role words ("ICE" matches "ICE officials"). No spaCy here except in `load_reports`.
"""

from __future__ import annotations

import difflib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .expectations import (
    EXPECTED_TYPES,
    AmountExpectation,
    CountExpectation,
    Expectations,
    OperationExpectation,
    PlaceExpectation,
    QuoteExpectation,
)
from .matching import contains_words, counted_words, norm_name, speaker_matches, stem, words
from .models import AmountClaim, CountClaim, OperationClaim, PlaceClaim, QuoteClaim, Report
from .render import stdout_console
from .text import format_number, shorten

Status = Literal["pass", "fail", "unexpected"]
CHECK_FORMAT_VERSION = "1.0"
PREVIEW = 70

def value_within(found: float | int, expected: float | int, rel: float, abs_: float) -> bool:
    """True when `found` is within the relative or the absolute tolerance of `expected`."""
    return abs(found - expected) <= max(abs_, rel * abs(expected)) + 1e-9


def with_unit(text: str, unit: str | None) -> str:
    """'12.5 %', '1,200,000 USD', or the bare number when the unit is not given."""
    if not unit:
        return text
    return f"{text} %" if unit.lower() == "percent" else f"{text} {unit}"


def value_text(claim: CountClaim | AmountClaim) -> str:
    """A count's value as the text puts it: 'more than 300', '10–20'."""
    text = format_number(claim.value)
    if claim.value_high is not None:
        text += f"–{format_number(claim.value_high)}"
    return f"{claim.qualifier} {text}" if claim.qualifier else text


def describe_claim(claim: Any) -> str:
    """One line for a claim, as shown in check and diff tables."""
    if isinstance(claim, CountClaim):
        text = value_text(claim)
        text += " " + (" ".join((claim.counted or claim.counted_head or "").split()) or "(thing unknown)")
        extra = [x for x in (("not " if claim.negated else "") + claim.event if claim.event else None,
                             f"in {claim.place}" if claim.place else None) if x]
        return text + (f" ({', '.join(extra)})" if extra else "")
    if isinstance(claim, AmountClaim):
        return with_unit(value_text(claim), claim.unit)
    if isinstance(claim, QuoteClaim):
        marks = "“{}”" if claim.direct else "{}"
        return f"{claim.speaker or '(unknown speaker)'}: " + marks.format(shorten(claim.content))
    if isinstance(claim, PlaceClaim | OperationClaim):
        return claim.name
    return getattr(claim, "text", str(claim))


def describe_expectation(exp: Any) -> str:
    """One line for an expectation, as written in the file."""
    if isinstance(exp, CountExpectation):
        text = f"{format_number(exp.value)} {exp.counted or '(anything)'}"
        extra = [x for x in (exp.event, f"in {exp.place}" if exp.place else None) if x]
        return text + (f" ({', '.join(extra)})" if extra else "")
    if isinstance(exp, AmountExpectation):
        return with_unit(format_number(exp.value), exp.unit)
    if isinstance(exp, QuoteExpectation):
        speaker = exp.speaker or "(anyone)"
        return f"{speaker}: “{shorten(exp.contains)}”" if exp.contains else f"{speaker} is quoted"
    return exp.name


# ---------------------------------------------------------------------------------------------
# Matching


class _Count:
    """Matching of one count expectation, with the file's tolerances resolved."""

    def __init__(self, exp: CountExpectation, expectations: Expectations) -> None:
        self.exp = exp
        self.rel = exp.tolerance if exp.tolerance is not None else expectations.options.tolerance
        self.abs = exp.tolerance_abs if exp.tolerance_abs is not None else expectations.options.tolerance_abs
        self.nouns = counted_words(exp.counted)

    def value_ok(self, claim: CountClaim) -> bool:
        return value_within(claim.value, self.exp.value, self.rel, self.abs)

    def noun_ok(self, claim: CountClaim) -> bool:
        return self.nouns <= counted_words(f"{claim.counted or ''} {claim.counted_head or ''}")

    def context_ok(self, claim: CountClaim) -> bool:
        place_ok = self.exp.place is None or norm_name(self.exp.place) == norm_name(claim.place)
        event_ok = self.exp.event is None or stem(norm_name(self.exp.event)) == stem(norm_name(claim.event))
        return place_ok and event_ok

    def __call__(self, claim: Any) -> bool:
        return self.value_ok(claim) and self.noun_ok(claim) and self.context_ok(claim)


class _Amount:
    """Matching of one amount expectation, with the file's tolerances resolved."""

    def __init__(self, exp: AmountExpectation, expectations: Expectations) -> None:
        self.exp = exp
        self.rel = exp.tolerance if exp.tolerance is not None else expectations.options.tolerance
        self.abs = exp.tolerance_abs if exp.tolerance_abs is not None else expectations.options.tolerance_abs

    def value_ok(self, claim: AmountClaim) -> bool:
        return value_within(claim.value, self.exp.value, self.rel, self.abs)

    def unit_ok(self, claim: AmountClaim) -> bool:
        return self.exp.unit is None or self.exp.unit.strip().lower() == claim.unit.strip().lower()

    def __call__(self, claim: Any) -> bool:
        return self.value_ok(claim) and self.unit_ok(claim)


def claim_names(claim: Any) -> list[str]:
    """Every name a place or operation goes by in the text, with and without a qualifier.

    'Washington, D.C.' also answers to 'Washington', and a place whose container is known also to
    'Portland, Oregon'; write the qualified form in the expectation to insist on it.
    """
    names = [claim.name, *(m.text for m in claim.mentions)]
    names += [n.split(",", 1)[0] for n in names if "," in n]
    if getattr(claim, "container", None):
        names.append(f"{claim.name}, {claim.container}")
    return names


def _named(exp: PlaceExpectation | OperationExpectation, drop: tuple[str, ...]) -> Callable[[Any], bool]:
    wanted = norm_name(exp.name, drop)

    def match(claim: Any) -> bool:
        return any(norm_name(n, drop) == wanted for n in claim_names(claim))

    return match


def _quote(exp: QuoteExpectation) -> Callable[[Any], bool]:
    snippet = words(exp.contains)

    def match(claim: Any) -> bool:
        if exp.speaker is not None and not speaker_matches(exp.speaker, claim.speaker):
            return False
        return exp.contains is None or contains_words(words(claim.content), snippet)

    return match


def _matcher(claim_type: str, exp: Any, expectations: Expectations) -> Callable[[Any], bool]:
    if claim_type == "count":
        return _Count(exp, expectations)
    if claim_type == "amount":
        return _Amount(exp, expectations)
    if claim_type == "quote":
        return _quote(exp)
    return _named(exp, ("operation",) if claim_type == "operation" else ())


def assign(candidates: list[list[int]]) -> list[int | None]:
    """A maximum one-to-one assignment of expectations to claims (Kuhn's augmenting paths).

    `candidates[i]` lists the claims expectation i accepts, in preference order.
    """
    owner: dict[int, int] = {}

    def augment(root: int) -> bool:
        # Depth-first search for an alternating path, with an explicit stack so that thousands
        # of identical expectations cannot exhaust Python's recursion limit.
        seen: set[int] = set()
        stack: list[list] = [[root, iter(candidates[root]), None]]  # [expectation, options, claim]
        while stack:
            frame = stack[-1]
            for j in frame[1]:
                if j in seen:
                    continue
                seen.add(j)
                frame[2] = j
                if j in owner:
                    stack.append([owner[j], iter(candidates[owner[j]]), None])
                    break
                for i, _, claim in stack:  # a free claim: flip the whole path
                    owner[claim] = i
                return True
            else:
                stack.pop()
        return False

    for i in range(len(candidates)):
        augment(i)
    result: list[int | None] = [None] * len(candidates)
    for j, i in owner.items():
        result[i] = j
    return result


# ---------------------------------------------------------------------------------------------
# Nearest candidates: why an expectation failed


def _nearest_count(m: _Count, claims: list[CountClaim]) -> tuple[CountClaim | None, str]:
    exp = m.exp
    wanted = describe_expectation(exp)
    same_both = [c for c in claims if m.value_ok(c) and m.noun_ok(c)]
    if same_both:
        c = same_both[0]
        if m.context_ok(c):  # only when every such count went to another expectation
            return c, f"found {describe_claim(c)}, but another expectation took it (expected twice?)"
        return c, f"found {describe_claim(c)}, but not {', '.join(_context(exp))}"
    same_noun = [c for c in claims if m.noun_ok(c) and exp.counted]
    if same_noun:
        same_noun.sort(key=lambda c: (not m.context_ok(c), abs(c.value - exp.value)))
        c = same_noun[0]
        return c, f"count moved: expected {wanted}, found {describe_claim(c)}"
    same_value = [c for c in claims if m.value_ok(c)]
    if same_value:
        c = same_value[0]
        return c, f"same number, other thing counted: expected {wanted}, found {describe_claim(c)}"
    return None, "not found: no count with this value or this noun"


def _nearest_amount(m: _Amount, claims: list[AmountClaim]) -> tuple[AmountClaim | None, str]:
    wanted = describe_expectation(m.exp)
    same_unit = [c for c in claims if m.unit_ok(c)]
    if same_unit:
        c = min(same_unit, key=lambda c: abs(c.value - m.exp.value))
        return c, f"amount moved: expected {wanted}, found {describe_claim(c)}"
    same_value = [c for c in claims if m.value_ok(c)]
    if same_value:
        c = same_value[0]
        return c, f"same number, other unit: expected {wanted}, found {describe_claim(c)}"
    return None, "not found"


def _context(exp: CountExpectation) -> list[str]:
    return [x for x in (f"in {exp.place}" if exp.place else None,
                        f"with event {exp.event}" if exp.event else None) if x]


def _nearest_named(exp: PlaceExpectation | OperationExpectation, claims: list[Any],
                   drop: tuple[str, ...]) -> tuple[Any, str]:
    wanted = norm_name(exp.name, drop)
    best, best_score = None, 0.0
    for claim in claims:
        for name in claim_names(claim):
            score = difflib.SequenceMatcher(None, wanted, norm_name(name, drop)).ratio()
            if score > best_score:
                best, best_score = claim, score
    kind = "operation" if drop else "place"
    if best is not None and best_score >= 0.75:
        return best, f"not found; nearest {kind}: {best.name}"
    return None, "not found"


def _overlap(expected: list[str], found: list[str]) -> float:
    if not expected:
        return 0.0
    have = set(found)
    return sum(w in have for w in expected) / len(expected)


def _nearest_quote(exp: QuoteExpectation, claims: list[QuoteClaim]) -> tuple[QuoteClaim | None, str]:
    snippet = words(exp.contains)
    if exp.contains is not None:
        same_words = [c for c in claims if contains_words(words(c.content), snippet)]
        if same_words:
            c = same_words[0]
            return c, f"quote found, but attributed to {c.speaker or 'no one'}"
    by_speaker = [c for c in claims if exp.speaker is None or speaker_matches(exp.speaker, c.speaker)]
    if exp.contains is not None and by_speaker:
        best = max(by_speaker, key=lambda c: _overlap(snippet, words(c.content)))
        if _overlap(snippet, words(best.content)) >= 0.5:
            return best, f"reworded? nearest quote: {describe_claim(best)}"
    if exp.speaker is not None and not by_speaker:
        speakers = sorted({c.speaker for c in claims if c.speaker})
        listed = ", ".join(speakers[:6]) + (", …" if len(speakers) > 6 else "")
        return None, f"no quote by {exp.speaker}" + (f" (speakers found: {listed})" if speakers else "")
    return None, "not found"


def _nearest(claim_type: str, exp: Any, matcher: Any, claims: list[Any]) -> tuple[Any, str]:
    if claim_type == "count":
        return _nearest_count(matcher, claims)
    if claim_type == "amount":
        return _nearest_amount(matcher, claims)
    if claim_type == "quote":
        return _nearest_quote(exp, claims)
    return _nearest_named(exp, claims, ("operation",) if claim_type == "operation" else ())


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


class CheckResult(BaseModel):
    """What `factpull check --format json` prints."""

    format_version: str = Field(default=CHECK_FORMAT_VERSION, description="Version of this JSON shape.")
    source: str = Field(description="The article checked.")
    expectations: str = Field(description="The expectations file.")
    ok: bool = Field(description="True when every expectation holds (exit code 0).")
    passed: int = Field(description="Expectations that hold.")
    failed: int = Field(description="Expectations that do not hold.")
    unexpected: int = Field(description="Claims no expectation took, of types held `exact`.")
    items: list[CheckItem] = Field(description="Expectations in file order (count, amount, quote, "
                                   "place, operation), then unexpected claims.")


def check_json_schema() -> dict:
    """The JSON Schema of what `factpull check --format json` prints."""
    schema = CheckResult.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "factpull check result"
    return schema


def check_report(report: Report, expectations: Expectations, expectations_name: str = "") -> CheckResult:
    """Hold a Report to the expectations."""
    items: list[CheckItem] = []
    exact = expectations.exact_types()
    for claim_type in EXPECTED_TYPES:
        exps = getattr(expectations, claim_type)
        claims = [c for c in report.claims if c.type == claim_type]
        matchers = [_matcher(claim_type, e, expectations) for e in exps]
        candidates = [[j for j, c in enumerate(claims) if m(c)] for m in matchers]
        if claim_type == "quote":  # snippets may share a quote
            chosen: list[int | None] = [c[0] if c else None for c in candidates]
        else:
            chosen = assign(candidates)
        taken = {j for j in chosen if j is not None}
        free = [c for j, c in enumerate(claims) if j not in taken]
        for i, (exp, m, j) in enumerate(zip(exps, matchers, chosen, strict=True)):
            expected = exp.model_dump(exclude_none=True)
            if j is not None:
                items.append(CheckItem(type=claim_type, index=i, status="pass", expected=expected,
                                       label=describe_expectation(exp), message="",
                                       found=describe_claim(claims[j]),
                                       claim=claims[j].model_dump(mode="json"), nearest=None))
                continue
            # prefer a claim no other expectation took, else any claim of the type
            near, message = _nearest(claim_type, exp, m, free)
            if near is None:
                near, message = _nearest(claim_type, exp, m, claims)
            items.append(CheckItem(type=claim_type, index=i, status="fail", expected=expected,
                                   label=describe_expectation(exp), message=message,
                                   found=describe_claim(near) if near is not None else "", claim=None,
                                   nearest=near.model_dump(mode="json") if near is not None else None))
        if claim_type in exact:
            for claim in free:
                items.append(CheckItem(type=claim_type, index=None, status="unexpected", expected=None,
                                       label=describe_claim(claim), message="no expectation for this claim",
                                       found=describe_claim(claim),
                                       claim=claim.model_dump(mode="json"), nearest=None))
    passed = sum(i.status == "pass" for i in items)
    failed = sum(i.status == "fail" for i in items)
    unexpected = sum(i.status == "unexpected" for i in items)
    return CheckResult(source=report.source, expectations=expectations_name, ok=not (failed or unexpected),
                       passed=passed, failed=failed, unexpected=unexpected, items=items)


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
    table = Table(title=Text(f"{result.source} against {result.expectations}"), title_justify="left")
    table.add_column("type")
    table.add_column("expected", overflow="fold")
    table.add_column("status")
    table.add_column("found / nearest", overflow="fold")
    for item in result.items:
        found = item.found if item.status == "pass" else item.message
        status = Text(_STATUS[item.status], style=_STYLE[item.status])
        table.add_row(Text(item.type), Text(item.label), status, Text(found))
    console.print(table)
    summary = f"{result.passed} passed, {result.failed} failed"
    if result.unexpected:
        summary += f", {result.unexpected} unexpected"
    console.print(Text(summary, style="green" if result.ok else "bold red"))


def check_to_json(result: CheckResult) -> str:
    """The check as an indented JSON document (plain text: never through rich markup)."""
    return json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False)


def print_check(result: CheckResult, fmt: str) -> None:
    """Print a check result to stdout as a table or JSON."""
    if fmt == "json":
        sys.stdout.write(check_to_json(result) + "\n")
        return
    console = stdout_console()
    render_check_table(result, console)
