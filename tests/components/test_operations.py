"""Named operations: which phrasings name one, which do not, and how mentions are folded."""

from __future__ import annotations

import pytest
from conftest import claims_of

from factpull import lexicon
from factpull.components.operations import (
    compile_patterns,
    cued_names,
    prefixed_names,
    trailing_nouns,
)

POSITIVES = [
    ("Troops crossed the border on the first day of Operation Desert Storm.", "Desert Storm"),
    ("Police said Operation Midnight Harbour had led to 40 arrests.", "Midnight Harbour"),
    ("The mayor criticised Operation 'Clean Streets' on Monday.", "Clean Streets"),
    ('Officers joined Operation "Blue Lantern" last month.', "Blue Lantern"),
    ("The arrests came during Operation “Iron Gate”, officials said.", "Iron Gate"),
    ('Agents arrested 61 people in a regional operation dubbed "Northern Lights."', "Northern Lights"),
    ("The coast guard began a sweep code-named Silver Net in the bay.", "Silver Net"),
    ("The army launched an offensive codenamed Thunder Valley at dawn.", "Thunder Valley"),
    ("Detectives ran a sting known as 'Open Door' for two years.", "Open Door"),
    ("The ministry announced a crackdown called Safe Roads 2020 on drink-driving.", "Safe Roads 2020"),
    ("It was part of a campaign, dubbed 'Clean Hands', against bribery.", "Clean Hands"),
    ("The raids, which were code-named Operation Red Fox, ended early.", "Red Fox"),
    ("Investigators described a manhunt nicknamed “Long Walk” through the hills.", "Long Walk"),
    ('Dozens were held in the "Harvest Moon" crackdown across three states.', "Harvest Moon"),
    ("The navy exercise, codenamed Ocean Shield, involves nine ships.", "Ocean Shield"),
    ("Operation Car Wash has reshaped the country's politics.", "Car Wash"),
    ("The US Secret Service's Operation Firewall involved seven nations.", "Firewall"),
]

NEGATIVES = [
    "Enforcement and Removal Operations teams arrested individuals in six cities.",
    "Special Operations Command sent a team to the base.",
    "The operation was carried out over four days in several cities.",
    "She needed an operation on her knee after the fall.",
    "The World Cup qualifying campaign ended in defeat at Wembley.",
    "Lawmakers voted to repeal the Affordable Care Act on Tuesday.",
    "A new law called the Patriot Act gave agents wider powers.",
    "The next version of Windows, codenamed Longhorn, is due next year.",
    "Its paid service - dubbed Skype Out - has attracted many users.",
    "A spokesman for the Clinton campaign, called Trump's remarks childish.",
    "The campaign called Obama a failure in a new advertisement.",
    "The raid, called \"Shameful\" by the mayor, lasted an hour.",
    "The operation called off the search after the storm.",
    "Mittal Steel has operations in 14 countries.",
    "An Operation Black Vote spokesman said they wanted a meeting.",
    "The crackdown was dubbed a failure by critics.",
    "Officials from the Joint Operation Center met on Friday.",
    'Delegates wore "Jane Doyle" campaign badges on the floor.',
    "Her campaign called CNN's poll a fluke.",
    "Donations went to the relief agency Operation Hope and a school.",
    "Sergeant Ana Ruiz of Operation Clean Sweep, the city's drugs unit, said little.",
    "The farm was revived under a private operation called the Valley Creamery.",
]


@pytest.mark.parametrize("text, expected", POSITIVES)
def test_named_operations(run, text: str, expected: str) -> None:
    ops = claims_of(run(text), "operation")
    assert [op["name"] for op in ops] == [expected]
    for op in ops:
        assert text[op["start"] : op["end"]] == op["text"]
        for mention in op["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"]


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_operations(run, text: str) -> None:
    assert claims_of(run(text), "operation") == []


FOLDING = [
    (
        'Police ran a nationwide operation dubbed "Quiet Harbor." The "Quiet Harbor" operation ended Friday. '
        "\"Quiet Harbor\" targeted smugglers, and critics said Operation 'Quiet Harbor' went too far.",
        "Quiet Harbor",
        ["Quiet Harbor", "Quiet Harbor", "Quiet Harbor", "Operation 'Quiet Harbor'"],
    ),
    (
        "Operation Desert Storm began in January. Desert Storm veterans later fell ill.",
        "Desert Storm",
        ["Operation Desert Storm", "Desert Storm"],
    ),
    (
        "Agents code-named the raid Operation Riptide. Riptide began in 2019 after a tip.",
        "Riptide",
        ["Operation Riptide", "Riptide"],
    ),
    (
        "Agents ran Operation Phoenix for a year. Phoenix, Arizona, was among the cities.",
        "Phoenix",
        ["Operation Phoenix"],
    ),
]


@pytest.mark.parametrize("text, name, mention_texts", FOLDING)
def test_mentions_folded(run, text: str, name: str, mention_texts: list[str]) -> None:
    ops = claims_of(run(text), "operation")
    assert len(ops) == 1
    op = ops[0]
    assert op["name"] == name
    assert [m["text"] for m in op["mentions"]] == mention_texts
    assert (op["text"], op["start"]) == (op["mentions"][0]["text"], op["mentions"][0]["start"])
    for mention in op["mentions"]:
        assert text[mention["start"] : mention["end"]] == mention["text"]


def test_two_operations_stay_apart(run) -> None:
    text = "Operation Red Dawn followed Operation Blue Sky, and Red Dawn was the larger."
    ops = claims_of(run(text), "operation")
    assert {op["name"]: len(op["mentions"]) for op in ops} == {"Red Dawn": 2, "Blue Sky": 1}


@pytest.mark.parametrize("text", ["", "Operation", 'dubbed "', "Operation '", "an operation dubbed \"\""])
def test_messy_text_does_not_raise(run, text: str) -> None:
    assert claims_of(run(text), "operation") == []


# -- each candidate stage on its own --------------------------------------------------------------
PATTERNS = compile_patterns(lexicon.load("operations.json"))


def _names(nlp, stage, text: str) -> list[str]:
    return [c.name for c in stage(nlp(text), text, PATTERNS)]


@pytest.mark.parametrize("text, expected", [
    ("Troops joined Operation Desert Storm in 1991.", ["Desert Storm"]),
    ("Agents ran Operation 'Safe City' for four days.", ["Safe City"]),
    ("A spokesman for the relief agency Operation Hope said so.", []),
    ("Operation Smile spokesman Tim Low declined to comment.", []),
    ("No operation is named here.", []),
])
def test_prefixed_names_stage(nlp, text, expected):
    assert _names(nlp, prefixed_names, text) == expected


@pytest.mark.parametrize("text, expected", [
    ('Police began a crackdown code-named "Night Owl" on Monday.', ["Night Owl"]),
    ("The sweep, dubbed Clean Harbour, ended.", ["Clean Harbour"]),
    ('The raid, called "Shameful" by the mayor, ended.', []),
    ("The campaign called Trump a liar.", []),
])
def test_cued_names_stage(nlp, text, expected):
    assert _names(nlp, cued_names, text) == expected


@pytest.mark.parametrize("text, expected", [
    ('The "Safe City" operation ended on Wednesday.', ["Safe City"]),
    ('He wore "Ted Cruz" campaign pins.', []),
])
def test_trailing_nouns_stage(nlp, text, expected):
    assert _names(nlp, trailing_nouns, text) == expected
