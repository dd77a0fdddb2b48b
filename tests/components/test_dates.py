"""The article's published date and the day each date claim names."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import claims_of

from factpull import lexicon
from factpull.components.dates import (
    DateContext,
    absolute_dates,
    compile_patterns,
    day_words,
    days_ago,
    resolve_weekday,
    weekdays,
)

BODY = "Officials met in the capital to discuss the budget."

DATELINES = [
    ("March 4, 2019\n" + BODY, "2019-03-04"),
    ("Mar. 4, 2019\n\n" + BODY, "2019-03-04"),
    ("2019-03-04\n" + BODY, "2019-03-04"),
    ("4 March 2019\n" + BODY, "2019-03-04"),
    ("Published: Mon 4 Mar 2019 10.31 GMT\n" + BODY, "2019-03-04"),
    ("Budget talks stall\nUpdated March 4, 2019 at 6:15 p.m.\n" + BODY, "2019-03-04"),
    ("Monday, March 4, 2019\n" + BODY, "2019-03-04"),
    ("NAIROBI, March 4, 2019 (AFP) - " + BODY, "2019-03-04"),
    ("NEW DELHI, 4 March 2019 — " + BODY, "2019-03-04"),
    ("Posted 03/04/2019 3:36 PM\n" + BODY, "2019-03-04"),
    ("Board backs plan\nLast updated 13:26 14/03/2019\n" + BODY, "2019-03-14"),
    ("FOR IMMEDIATE RELEASE March 4, 2019\n" + BODY, "2019-03-04"),
    ("Fri., Mar. 8, 2019 11:45 AM\n" + BODY, "2019-03-08"),
    ("WASHINGTON, Sept. 28 (Reuters) - " + BODY, None),
    ("Budget talks stall\n\n" + BODY, None),
    ("A look back at the storms of March 4, 2019 and what came after them in the region\n" + BODY, None),
    ("", None),
]


@pytest.mark.parametrize("text, expected", DATELINES)
def test_published(run, text: str, expected: str | None) -> None:
    published = run(text).published
    assert (published.isoformat() if published else None) == expected


# Published Thursday 2017-09-28.
HEAD = "September 28, 2017\n"

DAYS = [
    ("The sweep ended Wednesday.", "Wednesday", "2017-09-27", True),
    ("The talks began on Monday in Geneva.", "Monday", "2017-09-25", True),
    ("She said she arrived last Tuesday.", "last Tuesday", "2017-09-26", True),
    ("Police said the shop reopened Thursday.", "Thursday", "2017-09-28", True),
    ("The board met last Thursday.", "last Thursday", "2017-09-21", True),
    ("The council will vote Friday on the plan.", "Friday", "2017-09-29", True),
    ("Ministers meet again next Monday.", "next Monday", "2017-10-02", True),
    ("The hearing is scheduled for Friday in Boston.", "Friday", "2017-09-29", True),
    ("The judge is expected to rule Monday.", "Monday", "2017-10-02", True),
    ("The vote was scheduled for Tuesday but slipped.", "Tuesday", "2017-09-26", True),
    ("A trial date was set for Oct. 30 at the county court.", "Oct. 30", "2017-10-30", True),
    ("The victim died yesterday in hospital.", "yesterday", "2017-09-27", True),
    ("The results are due today, officials said.", "today", "2017-09-28", True),
    ("The bridge will reopen tomorrow.", "tomorrow", "2017-09-29", True),
    ("The fire started two days ago.", "two days ago", "2017-09-26", True),
    ("The fire started late Saturday night.", "Saturday", "2017-09-23", True),
    ("The FBI Tuesday released the report.", "Tuesday", "2017-09-26", True),
    ("Monday's vote was close.", "Monday", "2017-09-25", True),
    ("The law took effect on January 1, 2016, after a long fight.", "January 1, 2016", "2016-01-01", False),
    ("The trial opened on 3 April 2012 in Leeds.", "3 April 2012", "2012-04-03", False),
    ("The report is dated 2015-06-30.", "2015-06-30", "2015-06-30", False),
    ("The hearing was moved to 10/14/2017 at the judge's request.", "10/14/2017", "2017-10-14", False),
    ("The 4th of July 2016 parade was cancelled.", "4th of July 2016", "2016-07-04", False),
    ("Voting ends Oct. 3, the board said.", "Oct. 3", "2017-10-03", True),
    ("The deadline is Dec. 30, union leaders said.", "Dec. 30", "2017-12-30", True),
    ("The patch was issued Jan. 14 after the attack.", "Jan. 14", "2017-01-14", True),
    ("Sentencing will take place on March 2.", "March 2", "2018-03-02", True),
    ("The hearing on Thursday, Sept. 21, 2017, was short.", "Sept. 21, 2017", "2017-09-21", False),
]


@pytest.mark.parametrize("sentence, text, value, relative", DAYS)
def test_day_claims(run, sentence: str, text: str, value: str, relative: bool) -> None:
    report = run(HEAD + sentence)
    dates = [d for d in claims_of(report, "date") if d["start"] >= len(HEAD)]
    assert [(d["text"], d["value"], d["relative"]) for d in dates] == [(text, value, relative)]
    assert (HEAD + sentence)[dates[0]["start"] : dates[0]["end"]] == text


def test_dateline_is_a_date_claim(run) -> None:
    dates = claims_of(run(HEAD + "Nothing else happened."), "date")
    assert [(d["text"], d["value"], d["relative"], d["sentence"]) for d in dates] == [
        ("September 28, 2017", "2017-09-28", False, 0)
    ]


NOT_DAYS = [
    "Officials arrested 107 people during a four-day operation.",
    "The inquiry lasted two weeks and cost a fortune.",
    "Profits rose sharply last year and recently fell.",
    "The company was founded in 1998 by two brothers.",
    "Sales were strong in September and weak in October.",
    "The plant runs every Monday and closes on Sundays.",
    "Shoppers queued for Black Friday deals in the rain.",
    "He wrote for the Sunday Times for a decade.",
    "Ratings rose for the network on Oscar Sunday.",
    "Sales jumped after Super Bowl Sunday, analysts said.",
    "The report appeared in USA Today last month.",
    "Families gathered to remember the September 11 attacks.",
    "They may 5 times have tried.",
]


@pytest.mark.parametrize("text", NOT_DAYS)
def test_not_days(run, text: str) -> None:
    assert claims_of(run(HEAD + text), "date")[1:] == []


def test_relative_without_published_has_no_value(run) -> None:
    dates = claims_of(run("The sweep ended Wednesday, police said."), "date")
    assert [(d["text"], d["value"], d["relative"]) for d in dates] == [("Wednesday", None, True)]
    assert run("The sweep ended Wednesday.").published is None


MESSY = ["Feb. 30, 2017\nIt rained.", "31 June\n", "2017-13-45", "0 May 2017", "Monday", "Sept.", "29 Feb"]


@pytest.mark.parametrize("text", MESSY)
def test_messy_dates_do_not_raise(run, text: str) -> None:
    report = run(text)
    assert all(isinstance(d.value, dt.date | None) for d in report.claims if d.type == "date")


# -- each stage on its own -----------------------------------------------------------------------
PATTERNS = compile_patterns(lexicon.load("dates.json"))
THURSDAY = dt.date(2017, 9, 28)


def _stage(nlp, stage, text: str, published: dt.date | None = THURSDAY) -> list[tuple[str, str | None]]:
    doc = nlp.make_doc(text) if stage is not absolute_dates else nlp(text)
    ctx = DateContext(doc, text, PATTERNS, published)
    return [(text[f.start:f.end], f.value.isoformat() if f.value else None) for f in stage(ctx)]


@pytest.mark.parametrize("text, expected", [
    ("The vote was on 3 May 2017.", [("3 May 2017", "2017-05-03")]),
    ("Filed 2017-09-01 in court.", [("2017-09-01", "2017-09-01")]),
    ("It happened on September 20.", [("September 20", "2017-09-20")]),
    ("Remembering the September 11 attacks.", []),
    ("No date in this one.", []),
])
def test_absolute_dates_stage(nlp, text, expected):
    assert _stage(nlp, absolute_dates, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The sweep ended Wednesday.", [("Wednesday", "2017-09-27")]),
    ("It began last Thursday.", [("last Thursday", "2017-09-21")]),
    ("They meet next Monday.", [("next Monday", "2017-10-02")]),
    ("Shoppers queued on Black Friday.", []),
    ("She reads the Sunday Times.", []),
    ("He jogs every Monday.", []),
])
def test_weekdays_stage(nlp, text, expected):
    assert _stage(nlp, weekdays, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Police said yesterday that it was over.", [("yesterday", "2017-09-27")]),
    ("Tomorrow the court sits.", [("Tomorrow", "2017-09-29")]),
    ("She told USA Today that it was over.", []),
])
def test_day_words_stage(nlp, text, expected):
    assert _stage(nlp, day_words, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("He left two days ago.", [("two days ago", "2017-09-26")]),
    ("He left 3 days ago.", [("3 days ago", "2017-09-25")]),
    ("He left days ago.", []),
])
def test_days_ago_stage(nlp, text, expected):
    assert _stage(nlp, days_ago, text) == expected


@pytest.mark.parametrize("mod, future, expected", [
    ("", False, "2017-09-27"),      # a bare Wednesday: the most recent one
    ("last", False, "2017-09-27"),
    ("next", False, "2017-10-04"),
    ("", True, "2017-10-04"),       # "will vote Wednesday"
])
def test_resolve_weekday(mod, future, expected):
    assert resolve_weekday(THURSDAY, 2, mod, future).isoformat() == expected


def test_resolve_weekday_on_the_publication_day():
    assert resolve_weekday(THURSDAY, 3, "", False) == THURSDAY
    assert resolve_weekday(THURSDAY, 3, "", True) == THURSDAY
