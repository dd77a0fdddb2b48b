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
    ("Three died in the crash and 12 were injured.", [(3, None), (12, None)]),
    ("Nine people were killed and two dozen were hurt.", [(9, "people"), (24, None)]),
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
