"""Amounts: money and percentages with their unit, value, range and qualifier; never counts."""

from __future__ import annotations

import pytest
from conftest import claims_of

# (text, [(value, unit, qualifier), ...]) in text order.
AMOUNTS = [
    ("The firm lost $5 million last year.", [(5000000, "USD", None)]),
    ("The deal is worth £1.13bn.", [(1130000000, "GBP", None)]),
    ("Profits rose to €20bn.", [(20000000000, "EUR", None)]),
    ("The council spent more than $300 on each laptop.", [(300, "USD", "more than")]),
    ("Sales reached US$5m in March.", [(5000000, "USD", None)]),
    ("The bank was fined 2.5 million euros.", [(2500000, "EUR", None)]),
    ("Shares fell 19 cents.", [(0.19, "USD", None)]),
    ("Turnout rose to 65% in the north.", [(65, "percent", None)]),
    ("Unemployment fell to 5.5 per cent.", [(5.5, "percent", None)]),
    ("About 40 percent of voters stayed home.", [(40, "percent", "about")]),
    ("Prices rose by up to 12% in March.", [(12, "percent", "up to")]),
    ("Nearly 1,500 dollars went missing.", [(1500, "USD", "nearly")]),
    ("The fund holds ¥3 billion.", [(3000000000, "JPY", None)]),
    ("Fees of $10 to $20 apply.", [(10, "USD", None)]),
    ("Growth was between 2% and 3%.", [(2, "percent", None)]),
    ("Inflation hit 3.2 percent while 40 workers lost jobs.", [(3.2, "percent", None)]),
    ("The bid was worth 3.1bn Australian dollars.", [(3100000000, "AUD", None)]),
    ("The fine was 10,000 Hong Kong dollars.", [(10000, "HKD", None)]),
    ("Police arrested 300 people.", []),
]


@pytest.mark.parametrize("text, expected", AMOUNTS)
def test_amounts(run, text: str, expected: list[tuple]) -> None:
    found = [(a["value"], a["unit"], a["qualifier"]) for a in claims_of(run(text), "amount")]
    assert found == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Fees of $10 to $20 apply.", {"value": 10, "value_high": 20, "text": "$10 to $20"}),
        ("Growth was between 2% and 3%.", {"value": 2, "value_high": 3}),
        ("Officials said 40 percent to 70 percent of homes were hit.", {"value": 40, "value_high": 70}),
        ("The council spent more than $300.", {"text": "more than $300"}),
        ("Unemployment fell to 5.5 per cent.", {"text": "5.5 per cent"}),
    ],
)
def test_amount_details(run, text: str, expected: dict) -> None:
    claim = claims_of(run(text), "amount")[0]
    assert {k: claim[k] for k in expected} == expected


@pytest.mark.parametrize(
    "text", ["The firm lost $5 million.", "Turnout rose to 65%.", "Shares fell 19 cents."]
)
def test_amounts_are_never_counts(run, text: str) -> None:
    assert claims_of(run(text), "count") == []
