"""The registry of claim kinds: everything factpull knows about a kind of claim, in one entry.

For each kind: its pydantic model (the contract), the spaCy component that finds it and the
components that must run before it, how a table shows it, how long texts fold it across chunks,
and — filled in by `factpull.matching` — how `check` matches an expectation of it and how
`diff`/`compare` pair two claims of it. Everything that loops over claim kinds (the pipeline,
the table, the schema, check, diff) reads this registry, so adding a kind is: its model, its
component module and lexicon file, and one `register(ClaimKind(...))` call.

No spaCy here: the CLI, the renderers and the schema import this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .models import (
    AmountClaim,
    ClaimBase,
    CountClaim,
    DateClaim,
    OperationClaim,
    PlaceClaim,
    QuoteClaim,
    register_claim_model,
    unregister_claim_model,
)
from .text import format_number, shorten

if TYPE_CHECKING:
    from .matching.base import KindMatching

Cell = Callable[[dict], str]
#: Quotes in tables are cut at this many characters.
QUOTE_PREVIEW = 160


@dataclass(frozen=True)
class ClaimKind:
    """One kind of claim and every place the product needs to know about it."""

    name: str
    """The claim's `type` ("count"); also its `--type` value and its table in expectation files."""
    model: type[ClaimBase]
    component: str
    """The factory of the component that finds it ("factpull_counts")."""
    title: str
    """The heading of its table ("Counts")."""
    columns: tuple[tuple[str, Cell], ...]
    """(header, cell) pairs of its table; a cell reads the claim as a JSON-ready dict."""
    needs: tuple[str, ...] = ()
    """Components whose claims `component` reads, in pipeline order ("counts attach places")."""
    merge_key: Callable[[dict], str] | None = None
    """Kinds that fold every mention into one claim: the key under which claims of the same
    thing found in different chunks of a long text become one (their mentions joined)."""
    matching: KindMatching | None = field(default=None, compare=False)
    """How check/diff/compare treat the kind (a `factpull.matching.base.KindMatching`); None: a kind
    they do not compare, which they say rather than guess."""


_REGISTRY: dict[str, ClaimKind] = {}


def register(kind: ClaimKind, *, replace: bool = False) -> ClaimKind:
    """Add a kind (its model joins the Report's union, so JSON and the schema carry it)."""
    if kind.name in _REGISTRY and not replace:
        raise ValueError(f"claim kind {kind.name!r} is registered already")
    if kind.model.model_fields["type"].default != kind.name:
        raise ValueError(f"the model of kind {kind.name!r} must have type = {kind.name!r}")
    register_claim_model(kind.model)
    _REGISTRY[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    """Drop a kind from the registry (tests that register a kind of their own clean up with it),
    its model from the Report's union too, so the JSON Schema is as it was before."""
    kind = _REGISTRY.pop(name, None)
    if kind is not None and all(k.model is not kind.model for k in _REGISTRY.values()):
        unregister_claim_model(kind.model)


def get(name: str) -> ClaimKind:
    _ensure_builtins()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown claim type {name!r} (known: {', '.join(_REGISTRY)})") from None


def all_kinds() -> tuple[ClaimKind, ...]:
    """Every kind, in table order."""
    _ensure_builtins()
    return tuple(_REGISTRY.values())


def names() -> tuple[str, ...]:
    return tuple(k.name for k in all_kinds())


def matched_kinds() -> tuple[ClaimKind, ...]:
    """The kinds check, diff and compare know how to compare (those with a `matching`)."""
    return tuple(k for k in all_kinds() if k.matching is not None)


def describe(claim: Any) -> str:
    """One line for a claim, as check, diff and compare show it (its kind's wording)."""
    _ensure_builtins()
    kind = _REGISTRY.get(getattr(claim, "type", ""))
    if kind is not None and kind.matching is not None:
        return kind.matching.describe_claim(claim)
    return getattr(claim, "text", str(claim))


def needs_of(component: str) -> tuple[str, ...]:
    """The components whose claims `component` reads (what it must run first when alone)."""
    return next((k.needs for k in all_kinds() if k.component == component), ())


def components_for(types: Iterable[str] | None = None, always: Iterable[str] = ()) -> list[str]:
    """The components `types` (default: every kind) need, each after what it needs."""
    kinds = [get(t) for t in types] if types else list(all_kinds())
    ordered: list[str] = list(dict.fromkeys(always))
    # Kinds that others depend on run first (operations before places before counts).
    for kind in sorted(all_kinds(), key=lambda k: -sum(k.component in o.needs for o in all_kinds())):
        if kind in kinds:
            for component in (*kind.needs, kind.component):
                if component not in ordered:
                    ordered.append(component)
    return ordered


# -- table cells of the built-in kinds ---------------------------------------------------------
def _value(claim: dict) -> str:
    text = format_number(claim["value"])
    if claim.get("value_high") is not None:
        text += f"–{format_number(claim['value_high'])}"
    if claim.get("qualifier"):
        text = f"{claim['qualifier']} {text}"
    return text


def _mentions(claim: dict) -> str:
    forms = list(dict.fromkeys(m["text"] for m in claim["mentions"]))
    return f"{len(claim['mentions'])}× " + ", ".join(forms)


def _event(claim: dict) -> str:
    if not claim.get("event"):
        return ""
    return ("not " if claim.get("negated") else "") + claim["event"]


def _quote(claim: dict) -> str:
    return ("“{}”" if claim["direct"] else "{}").format(shorten(claim["content"], QUOTE_PREVIEW))


def _by_name(claim: dict) -> str:
    return claim.get("name") or ""


_BUILTINS_LOADED = False


def _ensure_builtins() -> None:
    """Register the built-in kinds once, on first use (table order)."""
    global _BUILTINS_LOADED
    if _BUILTINS_LOADED:
        return
    _BUILTINS_LOADED = True
    for kind in _builtin_kinds():
        if kind.name not in _REGISTRY:
            register(kind)
    # Built-ins first, in table order, then whatever was registered before this ran.
    order = [k.name for k in _builtin_kinds()]
    ordered = {n: _REGISTRY[n] for n in order} | {n: k for n, k in _REGISTRY.items() if n not in order}
    _REGISTRY.clear()
    _REGISTRY.update(ordered)


def _builtin_kinds() -> tuple[ClaimKind, ...]:
    from .matching import amounts, counts, names, quotes

    return (
        ClaimKind(
            "count", CountClaim, "factpull_counts", "Counts",
            (("value", _value), ("counted", lambda c: c.get("counted") or ""), ("event", _event),
             ("place", lambda c: c.get("place") or "")),
            # dates: numbers inside dates are not counts; places: counts attach them
            needs=("factpull_dates", "factpull_operations", "factpull_places"),
            matching=counts.MATCHING,
        ),
        ClaimKind(
            "amount", AmountClaim, "factpull_amounts", "Amounts",
            (("value", _value), ("unit", lambda c: c["unit"]), ("text", lambda c: c["text"])),
            matching=amounts.MATCHING,
        ),
        ClaimKind(
            "place", PlaceClaim, "factpull_places", "Places",
            (("name", _by_name), ("kind", lambda c: c["kind"]), ("in", lambda c: c.get("container") or ""),
             ("mentions", _mentions)),
            needs=("factpull_operations",),  # an operation's name is never a place ("Safe City")
            merge_key=_by_name,
            matching=names.PLACE_MATCHING,
        ),
        ClaimKind(
            "operation", OperationClaim, "factpull_operations", "Operations",
            (("name", _by_name), ("mentions", _mentions)),
            merge_key=_by_name,
            matching=names.OPERATION_MATCHING,
        ),
        ClaimKind(
            "quote", QuoteClaim, "factpull_quotes", "Quotes",
            (("speaker", lambda c: c.get("speaker") or "(unknown)"), ("quote", _quote),
             ("cue", lambda c: c.get("cue") or "")),
            matching=quotes.MATCHING,
        ),
        ClaimKind(
            "date", DateClaim, "factpull_dates", "Dates",
            (("text", lambda c: c["text"]), ("date", lambda c: c.get("value") or "")),
            # no matching: check refuses date expectations, diff and compare leave dates out
        ),
    )
