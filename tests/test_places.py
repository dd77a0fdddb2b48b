"""Places: canonical names, kinds, containers, aliases, and what is not a place."""

from __future__ import annotations

import pytest
from conftest import claims_of

from factpull.components.base import CLAIMS_KEY
from factpull.components.gazetteer import load_gazetteer, name_key
from factpull.components.places import find_places


def _names(run, text: str) -> set[str]:
    return {c["name"] for c in claims_of(run(text), "place")}


@pytest.mark.parametrize(
    "text, expected",
    [
        # aliases and abbreviations resolve to one canonical name
        ("Officials arrested 40 people in Philly on Tuesday.", {"Philadelphia"}),
        ("Police in NYC said the suspect fled on foot.", {"New York City"}),
        ("She flew to L.A. for the premiere of her film.", {"Los Angeles"}),
        ("He entered the United States illegally in 2009.", {"United States"}),
        ("The U.S. and the UK signed the agreement in London.",
         {"United States", "United Kingdom", "London"}),
        ("Trade between Britain and America grew last year.", {"United Kingdom", "United States"}),
        ("A man from the Dominican Republic was detained at the border.", {"Dominican Republic"}),
        ("Earthquake strikes Japan, killing dozens", {"Japan"}),
        ("Visitors came from Mexico City and Bogota for the fair.", {"Mexico City", "Bogota"}),
        ("The train from Toronto to Montreal was delayed by snow.", {"Toronto", "Montreal"}),
        ("Aid agencies operated in France, Germany and Italy.", {"France", "Germany", "Italy"}),
        ("Floods hit Texas, Oklahoma and Kansas over the weekend.", {"Texas", "Oklahoma", "Kansas"}),
        ("Heavy rain fell across Queensland and New South Wales.", {"Queensland", "New South Wales"}),
        ("BEIJING \u2014 Officials in Beijing denied the report.", {"Beijing"}),
        ("Rep. Jane Doe (Pa.) and Rep. John Roe (N.Y.) opposed the bill.", {"Pennsylvania", "New York"}),
        ("Tensions are rising again in the Middle East.", {"Middle East"}),
        ("Soldiers evacuated 80 people from the town of Yeoncheon overnight.", {"Yeoncheon"}),
        ("Fighting continued around the city of Mosul on Sunday.", {"Mosul"}),
        ("It was once a city of Italian immigrants and tango halls.", set()),
        ("The boss died in Pagliarelli prison on Tuesday.", set()),
        ("A strong quake hit Aceh province on Wednesday.", {"Aceh"}),
        ("Mafia boss dies in U. S. prison at 77", {"United States"}),
        ("She worked on the Sea Star Explorer in Bonaire for years.", {"Bonaire"}),
        # City, State / City, Country pairs are one place with its container
        ("The summit was held in Washington, D.C., last week.", {"Washington, D.C."}),
        ("The summit was held in Washington D.C. last week.", {"Washington, D.C."}),
        ("The festival moved from Portland, Oregon, to Austin, Texas.", {"Portland", "Austin"}),
        ("Protests spread across Cook County, Illinois, on Sunday.", {"Cook County"}),
        ("The ship sailed from Sydney, Australia, to Wellington, New Zealand.", {"Sydney", "Wellington"}),
        ("Residents of Santa Clara County, California, were told to stay home.", {"Santa Clara County"}),
        ("The plant in Springfield, Ill., closed in May.", {"Springfield"}),
        # places inside titles count
        ("Philadelphia Mayor Jim Kenney criticised the raids.", {"Philadelphia"}),
        ("Texas Gov. Greg Abbott signed the bill on Friday.", {"Texas"}),
        ("Former Pennsylvania Gov. Ed Rendell backed the plan.", {"Pennsylvania"}),
        ("said Charlie King, a prominent New York Democrat.", {"New York"}),
        ("Jets simulated an attack on the Danish island of Bornholm.", {"Bornholm"}),
        ("The Governor of Washington Jay Inslee declared an emergency.", {"Washington"}),
        # organisations named after places are not places
        ("The Philadelphia Police Department declined to comment.", set()),
        ("Agents from U.S. Immigration and Customs Enforcement made the arrests.", set()),
        ("The Seattle Times reported the story first.", set()),
        ("Researchers at the University of Sheffield published the study.", set()),
        # demonyms are not places
        ("British and American officials met on Monday.", set()),
        ("Several Mexican nationals were among those detained.", set()),
        # operation names are not places
        ('Agents ended a national operation dubbed "Safe Harbor" on Friday.', set()),
        ("Operation Desert Storm began in January 1991 in Kuwait.", {"Kuwait"}),
        # people named like places are not places
        ("Paris Hilton arrived at the party late.", set()),
        ("Valeska Paris said she was held on the ship for years. Paris was born in Switzerland.",
         {"Switzerland"}),
        ("Jesse Jackson spoke at the rally. Jackson urged voters to turn out.", set()),
        ("Mark Tedeschi, QC, told the court the child had suffered.", set()),
        ("Supporters fell in behind Sanders' campaign after Bernie Sanders spoke.", set()),
        ("The White House said the president would travel on Friday.", set()),
        # national teams in a match report are not places; the venue is
        ("Brazil beat Germany 7-1 in Belo Horizonte on Tuesday.", {"Belo Horizonte"}),
        ("Germany defeated France in the spring of 1940.", {"Germany", "France"}),
        # a known place the model may read as a person, in a locative context
        ("Among those taken into custody in Philly was a man wanted in Ohio.", {"Philadelphia", "Ohio"}),
    ],
)
def test_place_names(run, text: str, expected: set[str]) -> None:
    assert _names(run, text) == expected


@pytest.mark.parametrize(
    "text, name, kind, container",
    [
        ("The festival moved from Portland, Oregon, to Austin.", "Portland", "city", "Oregon"),
        ("She grew up in Portland, Maine, before moving west.", "Portland", "city", "Maine"),
        ("Protests spread across Cook County, Illinois, on Sunday.", "Cook County", "county", "Illinois"),
        ("Heavy rain fell across Queensland on Monday.", "Queensland", "state", "Australia"),
        ("He entered the United States illegally in 2009.", "United States", "country", None),
        ("Tensions are rising again in the Middle East.", "Middle East", "region", None),
        ("The summit was held in Washington, D.C., last week.", "Washington, D.C.", "city", "United States"),
        ("Officials arrested 40 people in Philly on Tuesday.", "Philadelphia", "city", "Pennsylvania"),
        ("The town of Kanata, Ontario, lost power for a day.", "Kanata", "city", "Ontario"),
        # a city name shared by several cities: the one in a state or country the text names
        ("The final was played in Valencia. Spain won the cup.", "Valencia", "city", "Spain"),
        ("He moved from Portland to Bangor, Maine, in 1990.", "Portland", "city", "Maine"),
        ("He moved from Portland to Bangor, Maine, in 1990.", "Bangor", "city", "Maine"),
        # a bare 'Washington' is the capital unless the text shows the state
        ("Officials in Washington said the talks had failed.", "Washington, D.C.", "city", "United States"),
        ("Washington state passed the law in March.", "Washington", "state", "United States"),
        ("The team flew from Spokane to Washington on Monday.", "Washington", "state", "United States"),
    ],
)
def test_kind_and_container(run, text: str, name: str, kind: str, container: str | None) -> None:
    places = {c["name"]: c for c in claims_of(run(text), "place")}
    assert name in places
    assert places[name]["kind"] == kind
    assert places[name]["container"] == container


def test_one_claim_per_place_with_every_mention(run) -> None:
    text = ("Officers arrested 107 people in Philadelphia. More were arrested in Philadelphia than "
            "anywhere else, and most of those taken into custody in Philly had records.")
    places = claims_of(run(text), "place")
    assert [p["name"] for p in places] == ["Philadelphia"]
    mentions = places[0]["mentions"]
    assert [m["text"] for m in mentions] == ["Philadelphia", "Philadelphia", "Philly"]
    for m in mentions:
        assert text[m["start"] : m["end"]] == m["text"]
    assert (places[0]["text"], places[0]["start"]) == (mentions[0]["text"], mentions[0]["start"])
    assert [m["sentence"] for m in mentions] == [0, 1, 1]


def test_container_state_only_when_mentioned_alone(run) -> None:
    only_container = _names(run, "Arrests were made in Portland, Oregon, and in Denver.")
    assert only_container == {"Portland", "Denver"}
    also_alone = _names(run, "Arrests were made in Portland, Oregon. Oregon officials objected.")
    assert also_alone == {"Portland", "Oregon"}


def test_bare_name_folds_into_the_joined_place(run) -> None:
    text = "The team arrived in Washington, D.C., on Monday. In Washington, they met senators."
    places = claims_of(run(text), "place")
    assert [p["name"] for p in places] == ["Washington, D.C."]
    assert len(places[0]["mentions"]) == 2


def test_operation_cue_without_operation_claims(nlp) -> None:
    """The fallback works even when no operation claims are stored."""
    doc = nlp('Agents ended an operation code-named "Silver Coast" in Maine on Friday.')
    doc.user_data[CLAIMS_KEY] = [c for c in doc.user_data.get(CLAIMS_KEY, []) if c["type"] != "operation"]
    assert {p.name for p in find_places(doc)} == {"Maine"}


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n  ", "in in in the the ,,, .", "\u201cParis\u201d \u2019s, , , Oregon,",
     "Washington, ,D.C.,"],
)
def test_messy_text_never_raises(run, text: str) -> None:
    for place in claims_of(run(text), "place"):
        for m in place["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]


@pytest.mark.parametrize(
    "alias, canonical",
    [("Philly", "Philadelphia"), ("U.S.", "United States"), ("the UK", "United Kingdom"),
     ("Holland", "Netherlands"), ("Bombay", "Mumbai"), ("D.C.", "Washington, D.C."),
     ("NYC", "New York City")],
)
def test_gazetteer_aliases(alias: str, canonical: str) -> None:
    entry = load_gazetteer().lookup(alias)
    assert entry is not None and entry.name == canonical


@pytest.mark.parametrize("code", ["PHL", "LAX", "North", "Centre"])
def test_gazetteer_rejects_codes_and_compass_regions(code: str) -> None:
    assert load_gazetteer().lookup(code) is None


def test_name_key() -> None:
    assert name_key("the United States's") == "United States"
    assert name_key("U.S.") == "US"
    assert name_key("Washington, D.C.") == "Washington, DC"


def test_country_ending_an_organisation_name_is_not_a_mention(run) -> None:
    text = "Environment Canada issued a warning on Monday. Forecasters said snow would reach Canada soon."
    places = claims_of(run(text), "place")
    assert [p["name"] for p in places] == ["Canada"]
    assert [m["start"] for m in places[0]["mentions"]] == [text.rindex("Canada")]
