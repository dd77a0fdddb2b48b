"""Amounts in check, diff and compare: a value in a unit (a currency or percent)."""

from __future__ import annotations

from collections.abc import Sequence
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
        """The closest value in the same unit ("amount moved"), else the same value in another."""
        wanted = describe_amount_expectation(self.exp)
        same_unit = [c for c in claims if self.unit_ok(c)]
        if same_unit:
            c = min(same_unit, key=lambda c: abs(c.value - self.exp.value))
            return c, f"amount moved: expected {wanted}, found {describe_amount(c)}"
        same_value = [c for c in claims if self.value_ok(c)]
        if same_value:
            c = same_value[0]
            return c, f"same number, other unit: expected {wanted}, found {describe_amount(c)}"
        return None, "not found"


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
)
