"""The fields of each claim type, read from the pydantic models, for the flat outputs (CSV, SQLite).

The models are the one schema of a claim: the CSV columns and the archive's tables are derived
from them here rather than written out a second time, so a field added to a model reaches every
output at once (and the tests that pin the CSV header make that a reviewed change).
"""

from __future__ import annotations

import datetime as dt
import types as pytypes
import typing
from dataclasses import dataclass

from pydantic import BaseModel

from .models import Mention

#: The fields every claim has, in the order the flat outputs put them first.
COMMON_FIELDS: tuple[str, ...] = ("type", "text", "start", "end", "sentence", "confidence")


@dataclass(frozen=True)
class FieldInfo:
    """One field of a claim model, as a flat output sees it."""

    name: str
    kind: type  # str, int, float, bool, dt.date, Mention (one) or list (of Mentions)
    description: str


def claim_models() -> dict[str, type[BaseModel]]:
    """Claim type name -> its pydantic model, in the registry's order (kinds registered later too)."""
    from . import kinds

    return {kind.name: kind.model for kind in kinds.all_kinds()}


def _kind(annotation: object) -> type:
    """The one Python type a flat output stores for an annotation (Optional and Literal unwrapped)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, pytypes.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        kinds = {_kind(a) for a in members}
        if kinds <= {int, float}:
            return float if float in kinds else int
        (kind,) = kinds
        return kind
    if origin is typing.Literal:
        (kind,) = {type(v) for v in typing.get_args(annotation)}
        return kind
    if origin is list:
        return list
    if annotation in (str, int, float, bool, dt.date, Mention):
        return annotation  # type: ignore[return-value]
    raise TypeError(f"no flat column for a field of type {annotation!r}")


def type_fields() -> dict[str, tuple[FieldInfo, ...]]:
    """Claim type -> the fields it adds to the common ones, in model order."""
    out: dict[str, tuple[FieldInfo, ...]] = {}
    for claim_type, model in claim_models().items():
        out[claim_type] = tuple(
            FieldInfo(name, _kind(field.annotation), field.description or "")
            for name, field in model.model_fields.items()
            if name not in COMMON_FIELDS
        )
    return out


def common_fields() -> tuple[FieldInfo, ...]:
    """The fields every claim has (COMMON_FIELDS), typed from the models."""
    fields = next(iter(claim_models().values())).model_fields
    return tuple(
        FieldInfo(name, _kind(fields[name].annotation), fields[name].description or "")
        for name in COMMON_FIELDS
    )


def is_mention_field(info: FieldInfo) -> bool:
    """A field holding one Mention or a list of them (mentions, speaker_mention)."""
    return info.kind in (list, Mention)
