"""`factpull diff`: what changed in the checkable facts between two versions of an article.

Claims of the old and new version are paired kind by kind with the kind's own pairing (its
registry entry's matching, `factpull/matching/`): passes from the surest to the loosest, each
pairing what the earlier ones left, and each pass's verdict says whether the pair changed.
For the built-in kinds:

- counts: same value, thing counted (head noun) and context (event, place) -> unchanged; same
  thing and context, other value -> changed; same value and thing in another context -> unchanged
  (the sentence was reworded, the number stands), unless both name a place and the places differ
  -> changed; same head noun and mostly the same counted words, other value -> changed.
- quotes: same words -> unchanged (or changed, when the speaker differs); same speaker and mostly
  the same words (at least half of each version's words in the other) -> reworded.
- amounts: same value and unit -> unchanged; same unit in the same sentence -> changed.
- places and operations: by canonical name -> unchanged.

What is left unpaired was removed or added. Kinds without a matching (dates) are not compared.
Where several claims could pair, the one in the nearest sentence wins, so the order of the text
decides between look-alikes.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Literal

from pydantic import BaseModel, Field
from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import kinds
from .matching.base import KindMatching, pair_claims
from .models import Report
from .render import stdout_console
from .untrusted import cell, printable

ChangeKind = Literal["changed", "added", "removed", "reworded"]
CHANGE_KINDS: tuple[str, ...] = ("changed", "reworded", "added", "removed")
DIFF_FORMAT_VERSION = "1.0"


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
    changes: list[Change] = Field(description="Changes by claim type, in the registry's order (count, "
                                  "amount, place, operation, quote), each type's in text order.")


def diff_json_schema() -> dict:
    """The JSON Schema of what `factpull diff --format json` prints."""
    schema = DiffResult.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "factpull diff result"
    return schema


def diff_kind(claim_type: str, matching: KindMatching, old: list[Any], new: list[Any]) -> list[Change]:
    """The changes between two versions' claims of one kind, in text order."""
    pairs, removed, added = pair_claims(old, new, matching.pairing)
    changes = []
    for pair in pairs:
        verdict = pair.by.verdict(pair.old, pair.new)
        if verdict is not None:
            change, message = verdict
            changes.append(Change(type=claim_type, change=change, message=message,
                                  old=pair.old.model_dump(mode="json"), new=pair.new.model_dump(mode="json")))
    describe = matching.describe_claim
    changes += [Change(type=claim_type, change="removed", message=describe(o),
                       old=o.model_dump(mode="json"), new=None) for o in removed]
    changes += [Change(type=claim_type, change="added", message=describe(n),
                       old=None, new=n.model_dump(mode="json")) for n in added]
    return sorted(changes, key=_position)


def _position(change: Change) -> int:
    claim = change.new if change.new is not None else change.old
    return claim["start"] if claim else 0


def diff_reports(old: Report, new: Report) -> DiffResult:
    """The changes from `old` to `new` in every kind that has a matching, in registry order."""
    changes: list[Change] = []
    for kind in kinds.matched_kinds():
        was = [c for c in old.claims if c.type == kind.name]
        now = [c for c in new.claims if c.type == kind.name]
        changes.extend(diff_kind(kind.name, kind.matching, was, now))
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

    return kinds.describe(TypeAdapter(Claim).validate_python(data))


_STYLE = {"changed": "yellow", "reworded": "yellow", "added": "green", "removed": "red"}


def render_diff_table(result: DiffResult, console: Console) -> None:
    """The diff as a table: type, change, old claim, new claim; or one line when nothing changed."""
    if not result.changes:
        console.print(Text(printable(f"no changes in counts, amounts, quotes, places or operations: "
                                     f"{result.old} → {result.new}"), style="green"))
        return
    table = Table(title=Text(printable(f"{result.old} → {result.new}")), title_justify="left")
    table.add_column("type")
    table.add_column("change")
    table.add_column("old", overflow="fold")
    table.add_column("new", overflow="fold")
    for change in result.changes:
        table.add_row(Text(change.type), Text(change.change, style=_STYLE[change.change]),
                      Text(cell(_describe(change.old))), Text(cell(_describe(change.new))))
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
