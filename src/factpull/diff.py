"""`factpull diff`: what changed in the checkable facts between two versions of an article.

Claims of the old and new version are paired in passes, from the surest pairing to the loosest:

- counts: same value, thing counted (head noun) and context (event, place) -> unchanged; same
  thing and context, other value -> changed; same value and thing in another context -> unchanged
  (the sentence was reworded, the number stands), unless both name a place and the places differ
  -> changed; same head noun and mostly the same counted words, other value -> changed. What is
  left was removed or added.
- quotes: same words -> unchanged (or changed, when the speaker differs); same speaker and mostly
  the same words (at least half of each version's words in the other) -> reworded.
- amounts: same value and unit -> unchanged; same unit in the same sentence -> changed.
- places and operations: by canonical name -> unchanged, else added or removed.

Dates are not compared. Where several claims could pair, the one in the nearest
sentence wins, so the order of the text decides between look-alikes.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, Field
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .check import describe_claim, value_text
from .matching import counted_words, norm_name, speaker_matches, stem, words
from .models import AmountClaim, CountClaim, QuoteClaim, Report
from .render import stdout_console
from .text import format_number

ChangeKind = Literal["changed", "added", "removed", "reworded"]
CHANGE_KINDS: tuple[str, ...] = ("changed", "reworded", "added", "removed")
DIFF_TYPES: tuple[str, ...] = ("count", "amount", "quote", "place", "operation")
DIFF_FORMAT_VERSION = "1.0"
#: Share of each version's words the other must hold for a quote to count as reworded.
REWORDED = 0.5


class Change(BaseModel):
    """One difference between the two versions."""

    type: str = Field(description="Claim type: count, amount, quote, place or operation.")
    change: ChangeKind = Field(description="changed (a count's value, a quote's speaker), reworded "
                               "(a quote), added or removed.")
    message: str = Field(description="One line for people.")
    old: dict[str, Any] | None = Field(description="The claim in the old version; null when added.")
    new: dict[str, Any] | None = Field(description="The claim in the new version; null when removed.")


class DiffResult(BaseModel):
    """What `factpull diff --format json` prints."""

    format_version: str = Field(default=DIFF_FORMAT_VERSION, description="Version of this JSON shape.")
    old: str = Field(description="The old version's source.")
    new: str = Field(description="The new version's source.")
    changed: bool = Field(description="True when anything changed (exit code 1).")
    summary: dict[str, int] = Field(description="Number of changes of each kind: changed, reworded, "
                                    "added, removed.")
    changes: list[Change] = Field(description="Changes by claim type (count, amount, quote, place, "
                                  "operation), "
                                  "each in text order.")


def diff_json_schema() -> dict:
    """The JSON Schema of what `factpull diff --format json` prints."""
    schema = DiffResult.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "factpull diff result"
    return schema


Pairing = Callable[[Any, Any], bool]


def _pair(old: list[Any], new: list[Any], same: Pairing) -> list[tuple[Any, Any]]:
    """Pair claims that `same` accepts, one-to-one, each old claim with the nearest new one.

    Paired claims are removed from `old` and `new`.
    """
    pairs = []
    for o in list(old):
        fits = [n for n in new if same(o, n)]
        if not fits:
            continue
        n = min(fits, key=lambda c: (abs(c.sentence - o.sentence), c.start))
        pairs.append((o, n))
        old.remove(o)
        new.remove(n)
    return pairs


def _thing(claim: CountClaim) -> str:
    if claim.counted_head:
        return " ".join(stem(w) for w in words(claim.counted_head))
    return " ".join(sorted(counted_words(claim.counted)))


def _context(claim: CountClaim) -> tuple[str, str]:
    return norm_name(claim.event), norm_name(claim.place)


def _similar_counted(a: CountClaim, b: CountClaim) -> bool:
    wa, wb = counted_words(a.counted), counted_words(b.counted)
    return bool(wa | wb) and len(wa & wb) / len(wa | wb) >= 0.5


def _value(claim: CountClaim) -> tuple[Any, Any]:
    return claim.value, claim.value_high


def _diff_counts(old: list[CountClaim], new: list[CountClaim]) -> list[Change]:
    changes = []
    same_thing = lambda o, n: _thing(o) == _thing(n) and _context(o) == _context(n)  # noqa: E731
    _pair(old, new, lambda o, n: _value(o) == _value(n) and same_thing(o, n))
    moved = _pair(old, new, same_thing)
    for o, n in _pair(old, new, lambda o, n: _value(o) == _value(n) and _thing(o) == _thing(n)):
        if o.place and n.place and norm_name(o.place) != norm_name(n.place):
            counted = n.counted or n.counted_head or ""
            text = f"{format_number(n.value)} {counted}: place {o.place} → {n.place}"
            changes.append(Change(type="count", change="changed", message=text,
                                  old=o.model_dump(mode="json"), new=n.model_dump(mode="json")))
    moved += _pair(old, new, lambda o, n: _thing(o) == _thing(n) and _similar_counted(o, n))
    for o, n in moved:
        text = f"{value_text(o)} → {describe_claim(n)}"
        changes.append(Change(type="count", change="changed", message=text,
                              old=o.model_dump(mode="json"), new=n.model_dump(mode="json")))
    return changes + _leftovers("count", old, new)


def _diff_amounts(old: list[AmountClaim], new: list[AmountClaim]) -> list[Change]:
    changes = []
    _pair(old, new, lambda o, n: (o.value, o.value_high, o.unit) == (n.value, n.value_high, n.unit))
    for o, n in _pair(old, new, lambda o, n: o.unit == n.unit and o.sentence == n.sentence):
        message = f"{describe_claim(o)} → {describe_claim(n)}"
        changes.append(Change(type="amount", change="changed", message=message,
                              old=o.model_dump(mode="json"), new=n.model_dump(mode="json")))
    return changes + _leftovers("amount", old, new)


def _share(a: list[str], b: list[str]) -> float:
    """The share of the words of `a` that also occur in `b`."""
    if not a:
        return 0.0
    have = set(b)
    return sum(w in have for w in a) / len(a)


def _same_speaker(a: QuoteClaim, b: QuoteClaim) -> bool:
    if norm_name(a.speaker) == norm_name(b.speaker):  # also both unknown
        return True
    return speaker_matches(a.speaker, b.speaker)


def _diff_quotes(old: list[QuoteClaim], new: list[QuoteClaim]) -> list[Change]:
    changes = []
    _pair(old, new, lambda o, n: words(o.content) == words(n.content) and _same_speaker(o, n))
    for o, n in _pair(old, new, lambda o, n: words(o.content) == words(n.content)):
        message = f"speaker changed: {o.speaker or '(unknown)'} → {n.speaker or '(unknown)'}"
        changes.append(Change(type="quote", change="changed", message=message,
                              old=o.model_dump(mode="json"), new=n.model_dump(mode="json")))
    # best-scoring pairs first, so a quote goes to its closest rewording
    scored = []
    for o in old:
        for n in new:
            if not _same_speaker(o, n):
                continue
            wo, wn = words(o.content), words(n.content)
            there, back = _share(wo, wn), _share(wn, wo)
            if there >= REWORDED and back >= REWORDED:
                scored.append((there + back, o, n))
    scored.sort(key=lambda t: -t[0])
    for _, o, n in scored:
        if o in old and n in new:
            old.remove(o)
            new.remove(n)
            changes.append(Change(type="quote", change="reworded",
                                  message=f"{n.speaker or '(unknown speaker)'}: quote reworded",
                                  old=o.model_dump(mode="json"), new=n.model_dump(mode="json")))
    return changes + _leftovers("quote", old, new)


def _diff_named(claim_type: str, old: list[Any], new: list[Any]) -> list[Change]:
    drop = ("operation",) if claim_type == "operation" else ()
    _pair(old, new, lambda o, n: norm_name(o.name, drop) == norm_name(n.name, drop))
    return _leftovers(claim_type, old, new)


def _leftovers(claim_type: str, old: list[Any], new: list[Any]) -> list[Change]:
    return [Change(type=claim_type, change="removed", message=describe_claim(o),
                   old=o.model_dump(mode="json"), new=None) for o in old] + \
        [Change(type=claim_type, change="added", message=describe_claim(n),
                old=None, new=n.model_dump(mode="json")) for n in new]


def _position(change: Change) -> int:
    claim = change.new if change.new is not None else change.old
    return claim["start"] if claim else 0


def diff_reports(old: Report, new: Report) -> DiffResult:
    """The changes in counts, quotes, places and operations from `old` to `new`."""
    changes: list[Change] = []
    for claim_type in DIFF_TYPES:
        was = [c for c in old.claims if c.type == claim_type]
        now = [c for c in new.claims if c.type == claim_type]
        if claim_type == "count":
            found = _diff_counts(was, now)
        elif claim_type == "amount":
            found = _diff_amounts(was, now)
        elif claim_type == "quote":
            found = _diff_quotes(was, now)
        else:
            found = _diff_named(claim_type, was, now)
        changes.extend(sorted(found, key=_position))
    summary = {kind: sum(c.change == kind for c in changes) for kind in CHANGE_KINDS}
    return DiffResult(old=old.source, new=new.source, changed=bool(changes), summary=summary, changes=changes)


def diff_to_json(result: DiffResult) -> str:
    """The diff as an indented JSON document (plain text: never through rich markup)."""
    return json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False)


def _describe(data: dict[str, Any] | None) -> str:
    if data is None:
        return ""
    from pydantic import TypeAdapter

    from .models import Claim

    return describe_claim(TypeAdapter(Claim).validate_python(data))


_STYLE = {"changed": "yellow", "reworded": "yellow", "added": "green", "removed": "red"}


def render_diff_table(result: DiffResult, console: Console) -> None:
    """The diff as a table: type, change, old claim, new claim; or one line when nothing changed."""
    if not result.changes:
        console.print(Text(f"no changes in counts, amounts, quotes, places or operations: "
                           f"{result.old} → {result.new}", style="green"))
        return
    table = Table(title=Text(f"{result.old} → {result.new}"), title_justify="left")
    table.add_column("type")
    table.add_column("change")
    table.add_column("old", overflow="fold")
    table.add_column("new", overflow="fold")
    for change in result.changes:
        table.add_row(Text(change.type), Text(change.change, style=_STYLE[change.change]),
                      Text(_describe(change.old)), Text(_describe(change.new)))
    console.print(table)
    parts = [f"{n} {kind}" for kind, n in result.summary.items() if n]
    console.print(Text(", ".join(parts), style="bold"))


def print_diff(result: DiffResult, fmt: str) -> None:
    """Print a diff to stdout as a table or JSON."""
    if fmt == "json":
        sys.stdout.write(diff_to_json(result) + "\n")
        return
    console = stdout_console()
    render_diff_table(result, console)
