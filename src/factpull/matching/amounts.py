"""Amounts in check, diff and compare: a value in a unit (a currency or percent)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pydantic import Field, field_validator

from ..models import AmountClaim
from ..text import format_number
from .base import (
    Closed,
    FileOptions,
    KindMatching,
    Number,
    PairingPass,
    Tolerance,
    ValueIndex,
    Verdict,
    not_blank,
    plain_number,
    value_shortlist,
    value_text,
    with_unit,
)


class AmountExpectation(Closed):
    """An amount of money or a percentage that must be found."""

    value: Number = Field(description="The amount in `unit`s, 1200000 for $1.2m.")
    unit: str | None = Field(default=None, description="ISO 4217 currency code ('USD') or 'percent'.")
    tolerance: Number | None = Field(
        default=None, ge=0, description="Relative tolerance for this amount, overriding [options]."
    )
    tolerance_abs: Number | None = Field(
        default=None, ge=0, description="Absolute tolerance for this amount, overriding [options]."
    )

    _blank = field_validator("unit")(not_blank)


def describe_amount(claim: AmountClaim) -> str:
    return with_unit(value_text(claim), claim.unit)


def describe_amount_expectation(exp: AmountExpectation) -> str:
    return with_unit(format_number(exp.value), exp.unit)


class AmountMatcher:
    """One amount expectation: value within tolerance, and the unit when one is given."""

    def __init__(self, exp: AmountExpectation, options: FileOptions) -> None:
        self.exp = exp
        self.tolerance = Tolerance(exp, options)

    def value_ok(self, claim: AmountClaim) -> bool:
        return self.tolerance.accepts(claim.value, self.exp.value)

    def unit_ok(self, claim: AmountClaim) -> bool:
        return self.exp.unit is None or self.exp.unit.strip().lower() == claim.unit.strip().lower()

    def __call__(self, claim: Any) -> bool:
        return self.value_ok(claim) and self.unit_ok(claim)

    def nearest(self, claims: Sequence[AmountClaim]) -> tuple[AmountClaim | None, str]:
        """The closest value in the same unit ("amount moved"), else the same value in another.

        The plain definition, trying every claim; `check` asks AmountIndex.nearest, which gives
        the same answer from an index.
        """
        same_unit = [c for c in claims if self.unit_ok(c)]
        if same_unit:
            return self.explain_moved(min(same_unit, key=lambda c: abs(c.value - self.exp.value)))
        same_value = [c for c in claims if self.value_ok(c)]
        if same_value:
            return self.explain_other_unit(same_value[0])
        return None, "not found"

    def explain_moved(self, c: AmountClaim) -> tuple[AmountClaim, str]:
        wanted = describe_amount_expectation(self.exp)
        return c, f"amount moved: expected {wanted}, found {describe_amount(c)}"

    def explain_other_unit(self, c: AmountClaim) -> tuple[AmountClaim, str]:
        wanted = describe_amount_expectation(self.exp)
        return c, f"same number, other unit: expected {wanted}, found {describe_amount(c)}"


def _unit_key(unit: str) -> str:
    return unit.strip().lower()


class AmountIndex:
    """Amounts by unit and value, built once per list, for the nearest amount of a failing entry:
    searched outwards from the expected value instead of over every amount of the article."""

    def __init__(self, claims: Sequence[AmountClaim]) -> None:
        self.claims = claims
        self.everything = ValueIndex((c.value, j) for j, c in enumerate(claims))
        pairs: dict[str, list[tuple[float | int, int]]] = {}
        for j, claim in enumerate(claims):
            pairs.setdefault(_unit_key(claim.unit), []).append((claim.value, j))
        self.by_unit = {unit: ValueIndex(found) for unit, found in pairs.items()}

    def nearest(self, matcher: AmountMatcher) -> tuple[AmountClaim | None, str]:
        """What `matcher.nearest(self.claims)` says."""
        unit = matcher.exp.unit
        same_unit = self.everything if unit is None else self.by_unit.get(_unit_key(unit))
        j = same_unit.closest(matcher.exp.value, lambda j: True) if same_unit is not None else None
        if j is not None:
            return matcher.explain_moved(self.claims[j])
        j = self.everything.first_near(matcher, lambda j: matcher.value_ok(self.claims[j]))
        if j is not None:
            return matcher.explain_other_unit(self.claims[j])
        return None, "not found"


def amount_nearest(claims: Sequence[AmountClaim]) -> Callable[[AmountMatcher], tuple[Any, str]]:
    """A KindMatching.nearest_index: see AmountIndex."""
    return AmountIndex(claims).nearest


def snapshot_amount(claim: AmountClaim) -> dict[str, Any]:
    return {"value": plain_number(claim.value), "unit": claim.unit}


def _changed(old: AmountClaim, new: AmountClaim) -> Verdict:
    return "changed", f"{describe_amount(old)} → {describe_amount(new)}"


PAIRING = (
    PairingPass("same", lambda o, n: (o.value, o.value_high, o.unit) == (n.value, n.value_high, n.unit)),
    # an amount has no noun to align by: only one in the same sentence and unit is the same fact
    PairingPass("moved", lambda o, n: o.unit == n.unit and o.sentence == n.sentence, _changed),
)

MATCHING = KindMatching(
    expectation=AmountExpectation,
    expects="Amounts of money and percentages that must be found.",
    matcher=AmountMatcher,
    describe_expectation=describe_amount_expectation,
    describe_claim=describe_amount,
    snapshot=snapshot_amount,
    pairing=PAIRING,
    shortlist=value_shortlist,
    nearest_index=amount_nearest,
)
