"""Places: canonical names, kinds, containers, aliases, and what is not a place."""

from __future__ import annotations

import pytest
from conftest import SEEDS as ROOT_SEEDS
from conftest import claims_of

from factpull.components import places
from factpull.components.base import CLAIMS_KEY
from factpull.components.places import find_places
from factpull.pipeline import build_nlp, report_from_doc


@pytest.fixture(scope="module")
def context(nlp):
    """`context(text, ents)` -> the PlaceContext the places component builds for that text; with
    `ents` ([(phrase, label), ...]) those entities replace the model's, so a stage's test does not
    depend on how the model happens to tag the sentence."""
    component = nlp.get_pipe("factpull_places")

    def _context(text: str, ents: list[tuple[str, str]] | None = None):
        doc = nlp(text)
        if ents is not None:
            spans = []
            for phrase, label in ents:
                start = text.index(phrase)
                spans.append(doc.char_span(start, start + len(phrase), label=label))
            doc.ents = spans
        return component.context(doc)

    return _context


def _texts(ctx, cands) -> list[str]:
    return [ctx.doc[c.start : c.end].text for c in cands]


# -- stage 1: each candidate source, alone --------------------------------------------------------
@pytest.mark.parametrize(
    "source, text, ents, expected",
    [
        (places.entity_candidates, "Floods hit Texas and the city of Mosul.",
         [("Texas", "GPE"), ("Mosul", "GPE")], ["Texas", "Mosul"]),
        (places.entity_candidates, "The talks in the U.S.'s capital ended.", [("U.S.'s", "GPE")], ["U.S."]),
        (places.entity_candidates, "The Denver Police Department said so.",
         [("Denver Police Department", "GPE")], []),
        (places.entity_candidates, "Jets flew over the Danish coast.", [("Danish", "NORP")], []),
        (places.title_candidates, "Philadelphia Mayor Jim Kenney spoke first.",
         [("Philadelphia Mayor Jim Kenney", "PERSON")], ["Philadelphia"]),
        (places.title_candidates, "The Governor of Washington Jay Inslee spoke.",
         [("Washington Jay Inslee", "PERSON")], ["Washington"]),
        (places.title_candidates, "Jim Kenney spoke first.", [("Jim Kenney", "PERSON")], []),
        (places.promoted_candidates, "Protesters gathered in Philadelphia on Monday.",
         [("Philadelphia", "PERSON")], ["Philadelphia"]),
        (places.promoted_candidates, "A letter came from Jackson on Monday.", [("Jackson", "PERSON")], []),
        (places.promoted_candidates, "Soldiers left the town of Yeoncheon overnight.",
         [("Yeoncheon", "PRODUCT")], ["Yeoncheon"]),
        (places.inner_locative_candidates, "She worked on the Sea Star Explorer in Bonaire.",
         [("Sea Star Explorer in Bonaire", "ORG")], ["Bonaire"]),
        (places.untagged_candidates, "Soldiers left the town of Yeoncheon overnight.", [], ["Yeoncheon"]),
        (places.untagged_candidates, "Heavy rain fell in Tasmania overnight.", [], ["Tasmania"]),
        (places.untagged_candidates, "Officers arrested 40 people in Philly.", [], ["Philly"]),
        (places.untagged_candidates, "Nobody lives there, said Ann.", [], []),
    ],
    ids=lambda v: getattr(v, "__name__", None),
)
def test_candidate_sources(context, source, text: str, ents, expected: list[str]) -> None:
    ctx = context(text, ents)
    assert _texts(ctx, source(ctx)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # an unknown GPE waits for evidence (confidence 0); a known one is sure
        ("They met in Vellastrano.", {"Vellastrano": places.CONF_NEEDS_EVIDENCE}),
        ("They met in Denver.", {"Denver": places.CONF_KNOWN_ENTITY}),
        ("Rain fell on the Vellastrano River.", {"Vellastrano River": places.CONF_GEOGRAPHIC_WORDS}),
    ],
)
def test_entity_confidence(context, text: str, expected: dict[str, float]) -> None:
    ctx = context(text)
    got = {ctx.doc[c.start : c.end].text: c.confidence for c in places.entity_candidates(ctx)}
    assert {k: got.get(k) for k in expected} == expected


def test_overlapping_candidates_keep_the_longer(context) -> None:
    ctx = context("The summit was held in Washington D.C. last week.")
    assert _texts(ctx, places.gather_candidates(ctx)) == ["Washington D.C."]


# -- stage 2: each filter names one reason ----------------------------------------------------------
@pytest.mark.parametrize(
    "check, text, name, dropped",
    [
        (places.is_codename, 'Agents ended a raid dubbed "Safe Harbor" on Friday.', "Safe Harbor", True),
        (places.is_codename, "Agents met in Safe Harbor on Friday.", "Safe Harbor", False),
        (places.is_organisation_name, "The Philadelphia Police Department declined.", "Philadelphia", True),
        (places.is_organisation_name, "Philadelphia Mayor Jim Kenney declined.", "Philadelphia", False),
        (places.starts_longer_name, "Paris Hilton arrived at the party late.", "Paris", True),
        (places.starts_longer_name, "Paris was quiet on Sunday.", "Paris", False),
        (places.is_rank_after_person, "Mark Tedeschi, QC, told the court.", "QC", True),
        (places.is_person_name, "Jesse Jackson spoke. Jackson urged voters on.", "Jackson", True),
        (places.is_person_name, "Jesse Jackson spoke in Jackson on Monday.", "Jackson", False),
        (places.names_facility, "The boss died in Pagliarelli prison.", "Pagliarelli", True),
        (places.ends_organisation_name, "Environment Canada issued a warning.", "Canada", True),
    ],
    ids=lambda v: getattr(v, "__name__", None),
)
def test_filters(context, check, text: str, name: str, dropped: bool) -> None:
    ctx = context(text)
    cands = [c for c in ctx.candidates if ctx.doc[c.start : c.end].text == name]
    if not cands:  # the model tagged it differently: build the candidate the filter would see
        start = next(t.i for t in ctx.doc if t.text == name.split()[0])
        entry = ctx.gaz.lookup(name) or places.GeoEntry(name, "other")
        cands = [places.Candidate(start, start + len(name.split()), entry, 0.8, "GPE", name)]
    assert check(ctx, cands[0]) is dropped


# -- stage 3: decisions over all candidates -----------------------------------------------------------
def _after(ctx, *stages):
    cands = places.apply_filters(ctx, ctx.candidates)
    for stage in stages:
        cands = stage(ctx, cands)
    return cands


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Police searched homes in Vellastrano.", {"Vellastrano": places.CONF_EVIDENCE}),
        # evidence for one mention covers the others
        ("Vellastrano is quiet. Police searched homes in Vellastrano.",
         {"Vellastrano": places.CONF_EVIDENCE}),
    ],
)
def test_confirm_by_evidence(context, text: str, expected: dict[str, float]) -> None:
    ctx = context(text)
    got = {ctx.doc[c.start : c.end].text: c.confidence for c in _after(ctx, places.confirm_by_evidence)}
    assert got == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The festival moved from Portland, Oregon, to Austin.", [("Portland", "Oregon", False),
                                                                   ("Oregon", "United States", True),
                                                                   ("Austin", "Texas", False)]),
        ("Aid went to France, Germany and Italy.", [("France", None, False), ("Germany", None, False),
                                                     ("Italy", None, False)]),
    ],
)
def test_join_containers(context, text: str, expected) -> None:
    ctx = context(text)
    cands = _after(ctx, places.confirm_by_evidence, places.join_containers)
    assert [(c.entry.name, c.entry.container, c.container_only) for c in cands] == expected


@pytest.mark.parametrize(
    "text, name, container",
    [
        ("The final was played in Valencia. Spain won the cup.", "Valencia", "Spain"),
        ("Officials in Washington said the talks had failed.", "Washington, D.C.", "United States"),
    ],
)
def test_choose_homonyms(context, text: str, name: str, container: str) -> None:
    ctx = context(text)
    cands = _after(ctx, places.confirm_by_evidence, places.join_containers, places.choose_homonyms)
    assert (name, container) in {(c.entry.name, c.entry.container) for c in cands}


def test_national_teams(context) -> None:
    ctx = context("Brazil beat Germany 7-1 in Belo Horizonte on Tuesday.")
    assert places.national_teams(ctx, ctx.candidates) == {"Brazil", "Germany"}


# -- settings ------------------------------------------------------------------------------------------
def test_unknown_confidence_is_refused() -> None:
    with pytest.raises(ValueError, match="no_such_stage"):
        places.make_settings({"no_such_stage": 0.5})
    with pytest.raises(ValueError, match="must be in"):
        places.make_settings({"title": 1.5})


def test_confidences_and_thresholds_are_settings() -> None:
    nlp = build_nlp(types=["place"])
    nlp.replace_pipe("factpull_places", "factpull_places",
                     config={"confidences": {"known_entity": 0.61}, "min_population_without_ner": 10_000_000})
    claims = report_from_doc(nlp("Floods hit Ohio on Monday."), "t").claims
    assert [(c.name, c.confidence) for c in claims if c.type == "place"] == [("Ohio", 0.61)]
    doc = nlp("Protesters gathered in Philadelphia on Monday.")
    doc.ents = [doc.char_span(23, 35, label="PERSON")]
    ctx = nlp.get_pipe("factpull_places").context(doc)
    assert list(places.promoted_candidates(ctx)) == []  # Philadelphia is below 10 million


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
    places = nlp.get_pipe("factpull_places")
    assert {p.name for p in find_places(places.context(doc))} == {"Maine"}


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n  ", "in in in the the ,,, .", "\u201cParis\u201d \u2019s, , , Oregon,",
     "Washington, ,D.C.,"],
)
def test_messy_text_never_raises(run, text: str) -> None:
    for place in claims_of(run(text), "place"):
        for m in place["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]


def test_country_ending_an_organisation_name_is_not_a_mention(run) -> None:
    text = "Environment Canada issued a warning on Monday. Forecasters said snow would reach Canada soon."
    places = claims_of(run(text), "place")
    assert [p["name"] for p in places] == ["Canada"]
    assert [m["start"] for m in places[0]["mentions"]] == [text.rindex("Canada")]


# -- issue 11: each kind of place the finder used to miss, in sentences written for these tests -----
@pytest.mark.parametrize(
    "text, expected",
    [
        # a city of 15,000+ the model does not tag as a place
        ("A Gainesville restaurant closed its doors after the inspection.", {"Gainesville"}),
        ("Officers drove the suspects from Winnipeg to Edmonton on Sunday.", {"Winnipeg", "Edmonton"}),
        # towns and villages under 15,000 people
        ("The fire started in a barn near Belle Plaine, Minnesota, before dawn.", {"Belle Plaine"}),
        ("Flood water reached the main street of Coraki, New South Wales.", {"Coraki"}),
        ("Kevin Dunn, 52, of Annville, was charged with theft.", {"Annville"}),
        # localities and neighbourhoods
        ("Fire crews from Hornsey and Walthamstow in north London attended the blaze.",
         {"Hornsey", "Walthamstow", "London"}),
        # datelines in capitals, with or without an agency's tag
        ("KAMPALA \u2014 Heavy rain cut off several roads on Monday.", {"Kampala"}),
        ("BEIRUT (AP) \u2014 Protesters gathered again on Tuesday.", {"Beirut"}),
        ("HAMILTON \u2013 City council voted to delay the budget.", {"Hamilton"}),
        # lists are lists; 'A, B' is one place only when B contains A
        ("The chain has stores in Lexington, Kentucky, Nashville and Memphis.",
         {"Lexington", "Nashville", "Memphis"}),
        ("Storms hit Oklahoma City, Tulsa and parts of Arkansas.", {"Oklahoma City", "Tulsa", "Arkansas"}),
        ("Clinics opened in Wakiso, Mukono and Mbarara last year.", {"Wakiso", "Mukono", "Mbarara"}),
        # states, provinces, counties and regions
        ("Factories in Jiangsu and Bavaria reported lower orders.", {"Jiangsu", "Bavaria"}),
        ("Deputies searched farmland in Madison County for the missing hiker.", {"Madison County"}),
        # abbreviations
        ("The B.C. government announced the new rules on Friday.", {"British Columbia"}),
        ("A U.S. District Judge blocked the order on Monday.", {"United States"}),
        # organisations are not places, whatever nickname a town once had
        ("Google said on Monday that it would open a new office.", set()),
        ("Executives at Google met regulators in Brussels.", {"Brussels"}),
    ],
)
def test_issue_11_misses(run, text: str, expected: set[str]) -> None:
    assert _names(run, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("KAMPALA \u2014 Rain fell.", ["KAMPALA"]),
        ("Police said.\nBEIRUT (AP) - Protests went on.", ["BEIRUT"]),
        ("EDMONTON, Ky. (WBKO) -- A man died.", ["EDMONTON"]),
        ("Washington (CNN) The talks ended.", ["Washington"]),
        ("GREEN fingered pupils won a prize.", []),  # a headline word in capitals, not a dateline
        ("AN Edmonton man was charged.", []),
    ],
)
def test_dateline_candidates(context, text: str, expected: list[str]) -> None:
    ctx = context(text)
    assert _texts(ctx, places.dateline_candidates(ctx)) == expected


@pytest.mark.parametrize(
    "text, ents, expected",
    [
        ("She moved from Winnipeg to Edmonton in May.", [("Edmonton", "ORG")], ["Edmonton", "Winnipeg"]),
        # a town the article's state makes likely ('Waterloo' in a story about Iowa)
        ("Paul Block, 49, of Waterloo, was charged by Iowa police.",
         [("Paul Block", "PERSON"), ("Waterloo", "PERSON"), ("Iowa", "GPE")], ["Waterloo"]),
        # a town of 4,500 needs the article's geography; a city of 180,000 does not
        ("They drove south to Ingham or Townsville.", [("Ingham or Townsville", "ORG")], ["Townsville"]),
        ("They drove south to Ingham or Townsville in Queensland.",
         [("Ingham or Townsville", "ORG"), ("Queensland", "GPE")], ["Ingham", "Townsville"]),
        ("Since meeting Aleppo Mayor Hasan, she has written often.", [], ["Aleppo"]),
        ("Google said it would hire.", [("Google", "ORG")], []),  # an alias of Topeka only
        ("A letter from Jackson arrived.", [("Jackson", "PERSON")], []),
    ],
)
def test_context_candidates(context, text: str, ents, expected: list[str]) -> None:
    ctx = context(text, ents or None)
    assert _texts(ctx, places.context_candidates(ctx)) == expected


def test_seed_place_is_geocoded(run) -> None:
    text = (ROOT_SEEDS / "000_5c696416e1d3fd01.txt").read_text()
    philly = next(c for c in claims_of(run(text), "place") if c["name"] == "Philadelphia")
    assert philly["geonames_id"] == 4560349
    assert (round(philly["latitude"], 2), round(philly["longitude"], 2)) == (39.95, -75.16)
    assert (philly["country_code"], philly["admin1"]) == ("US", "Pennsylvania")


@pytest.mark.parametrize(
    "text, name, geonames_id, country_code",
    [
        ("Heavy rain fell in Bavaria on Monday.", "Bavaria", 2951839, "DE"),
        ("Officials in Washington said the talks had failed.", "Washington, D.C.", 4140963, "US"),
        ("The festival moved to Portland, Maine, in June.", "Portland", 4975802, "US"),
    ],
)
def test_geocoding(run, text: str, name: str, geonames_id: int, country_code: str) -> None:
    place = next(c for c in claims_of(run(text), "place") if c["name"] == name)
    assert (place["geonames_id"], place["country_code"]) == (geonames_id, country_code)
