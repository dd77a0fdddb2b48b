"""Direct-quote attribution: one (text, expected) table per stage, then the order of the stages."""

from __future__ import annotations

import pytest
from quote_helpers import first_site

from factpull.components import attribution as at
from factpull.components.quote_context import DEFAULT_CONFIDENCES


def brief(found: at.Attribution | None) -> tuple | None:
    if found is None:
        return None
    return (found.speaker.name if found.speaker else None, found.cue, found.form)


@pytest.mark.parametrize(
    "stage, text, expected",
    [
        (
            at.cue_after_open_quote,
            '"We will rebuild," Mayor Ellen Park said.',
            ("Ellen Park", "say", "after"),
        ),
        (at.cue_after_open_quote, '"We will rebuild," said Ellen Park.', ("Ellen Park", "say", "after")),
        (  # a quote inside the quote closes first
            at.cue_after_open_quote,
            "\"You shake hands and say, 'Well done,' \" said Rep. Ellen Park, a Maine legislator and "
            "Sanders supporter.",
            ("Ellen Park", "say", "after"),
        ),
        (at.cue_after_open_quote, '"We will rebuild." Ellen Park said so.', None),  # ends a sentence
        (  # a verb with an object of its own after a quote its cue before introduced
            at.cue_after_open_quote,
            'Ellen Park responded: "What difference does it make?" Her critics cited it as proof.',
            None,
        ),
        (  # the person told is no object of its own: the cue after answers
            at.cue_after_open_quote,
            'Ellen Park responded: "What now?" Jo Lee told reporters.',
            ("Jo Lee", "tell", "after"),
        ),
        (
            at.cue_before,
            'Ellen Park told reporters: "We will rebuild the bridge."',
            ("Ellen Park", "tell", "before"),
        ),
        (
            at.cue_before,
            'According to Ellen Park, "the bridge is safe now."',
            ("Ellen Park", "according to", "before"),
        ),
        (at.cue_before, '"We will rebuild the bridge."', None),
        (
            at.cue_after_closed_quote,
            '"We will rebuild the bridge." Ellen Park said.',
            ("Ellen Park", "say", "after"),
        ),
        (at.cue_after_closed_quote, '"We will rebuild," Ellen Park said.', None),  # open: the first stage's
        # a new speaker's cue ending in a colon introduces the next quote; a pronoun goes on
        (at.cue_after_closed_quote, '"We will rebuild." Health chief Jo Lee said: "It takes a year."', None),
        (
            at.cue_after_closed_quote,
            'Ellen Park spoke. "We will rebuild." She said: "It takes a year."',
            ("Ellen Park", "say", "after"),
        ),
        (at.lead_in, 'Ellen Park shrugged, "We will rebuild the bridge."', ("Ellen Park", "shrug", "before")),
        (at.lead_in, 'The crowd shrugged, "We will rebuild the bridge."', None),  # no named subject
        (  # "in the words of X" is a cue like "according to X"
            at.cue_before,
            'In the words of the prosecutor, Ellen Park, QC, "the town was ready."',
            ("Ellen Park", "in the words of", "before"),
        ),
        (
            at.cue_before,
            'Ellen Park characterized the fire as "a disaster for the town."',
            ("Ellen Park", "characterize", "before"),
        ),
        (  # a participle after the quote that states its own object is no cue of it
            at.cue_after_open_quote,
            'The agency notes, "Ozone harms crops more than any other pollutant,", highlighting the risk.',
            None,
        ),
        (  # "according to" after a quote its own cue introduced names who reports it
            at.cue_after_open_quote,
            'Tom Hale held her and told her, "You will never leave me," according to court records.',
            None,
        ),
        (  # the speech verb the tagger read as a noun with a subject is a cue
            at.cue_before,
            'The agency notes, "Ozone harms crops more than any other pollutant,", highlighting the risk.',
            ("The agency", "note", "before"),
        ),
        (  # a role the resolver reads as the person apposed to it
            at.lead_in,
            'One early supporter, Rep. Ellen Park, gave it a whirl on Tuesday: "We will rebuild."',
            ("Ellen Park", "give", "before"),
        ),
        (  # a verb with its particle
            at.lead_in,
            'After the debate, Ellen Park shot back, "I could have stayed home and baked cookies."',
            ("Ellen Park", "shoot", "before"),
        ),
        (  # the parser made the quote the root
            at.lead_in,
            "Senate Majority Leader Mitch McConnell, R-Ky., delivered a blunt message to Trump: "
            '"It is time to quit attacking people and get on message."',
            ("Mitch McConnell", "deliver", "before"),
        ),
        (at.dash, '"We will rebuild the bridge." — Ellen Park', ("Ellen Park", None, "dash")),
        (
            at.dashed_aside,
            'Many said so, including Ellen Park -- "It is a disgrace to hide the returns" -- and Jo Lee.',
            ("Ellen Park", None, "dash"),
        ),
        (at.dashed_aside, 'The mayor praised Ellen Park -- "a true friend" -- at the dinner.', None),
        (at.verb_after, '"We will rebuild the bridge," Vitter demanded.', ("Vitter", "demand", "after")),
        (at.verb_after, '"We will rebuild the bridge," the crowd roared.', None),
        # the parser made the name a compound of the verb
        (
            at.verb_after,
            '"Go back to the studio," Vitter barked and a guard led him out.',
            ("Vitter", "bark", "after"),
        ),
        (
            at.verb_after,
            'On a new website, "The Bridge Countdown", Ellen Park has launched a campaign.',
            None,
        ),  # part of a clause: a title
        (at.transcript, '"WALLACE: Let us start with the bridge."', ("WALLACE", None, "transcript")),
        (at.colon_mark, 'It ended with the following: "We will rebuild the bridge."', (None, None, "colon")),
        (
            at.name_colon_line,
            "Goldsmith: 'I was not leant on'\n\nThe row went on.",
            ("Goldsmith", None, "name_colon"),
        ),
        (at.name_colon_line, "He said this: 'I was not leant on'", None),  # not a name opening the line
        (
            at.name_colon_line,
            'TURNOUT IS UP IN IOWA - Michael P. McDonald: "At last the contests have started."',
            ("Michael P. McDonald", None, "name_colon"),
        ),
        (
            at.name_colon_line,
            'Clinton: "Our goal is to defeat the group." Bush: "The mission is to destroy it."',
            ("Clinton", None, "name_colon"),
        ),
        (at.name_colon_line, 'It was the view of Clinton: "Our goal is to defeat the group."', None),
    ],
)
def test_stages(quote_ctx, stage, text, expected) -> None:
    ctx = quote_ctx(text)
    assert brief(stage(ctx, first_site(ctx))) == expected


def test_a_transcript_label_is_the_full_name_written_elsewhere(quote_ctx) -> None:
    ctx = quote_ctx('Chris Wallace hosted.\n"WALLACE: Let us start with the bridge."')
    assert at.transcript(ctx, first_site(ctx)).speaker.name == "Chris Wallace"


@pytest.mark.parametrize(
    "text, expected",
    [
        # a cue after an open quote wins over one before it
        ('Lee spoke first. Ellen Park said: "We will rebuild," Lee added.', ("Lee", "add", "after")),
        # a cue with no readable speaker still answers: later stages would only guess
        ('"We will rebuild the bridge," it was said.', (None, "say", "after")),
        # nothing beside it: alone, for the document passes
        ('"We will rebuild the bridge."', (None, None, "alone")),
    ],
)
def test_first_stage_with_an_answer_wins(quote_ctx, text, expected) -> None:
    ctx = quote_ctx(text)
    assert brief(at.attribute(ctx, first_site(ctx))) == expected


@pytest.mark.parametrize(
    "text, confidence",
    [
        ('"We will rebuild," Ellen Park said.', "cue_named"),
        ('Ellen Park arrived. "We will rebuild," she said.', "cue_pronoun"),
        ('"We will rebuild," she said.', "cue_unresolved_pronoun"),
        ('"We will rebuild the bridge." — Ellen Park', "dash"),
        ('"We will rebuild the bridge."', "no_speaker"),
    ],
)
def test_each_attribution_has_its_named_confidence(quote_ctx, text, confidence) -> None:
    ctx = quote_ctx(text)
    assert (
        at.attribute(ctx, ctx.site(ctx.spans[-1], None, None)).confidence == DEFAULT_CONFIDENCES[confidence]
    )
