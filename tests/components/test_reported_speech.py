"""Indirect quotes: the clause a speech verb reports, one (text, expected) table per stage."""

from __future__ import annotations

from dataclasses import replace

import pytest
from quote_helpers import token

from factpull.components import reported_speech as rs
from factpull.components.quote_context import QuoteContext


def clause_text(ctx, found) -> str | None:
    if found is None or found == rs._NO_CLAUSE:
        return found and "<no clause>"
    return ctx.text[found[0] : found[1]]


@pytest.mark.parametrize(
    "stage, text, verb, expected",
    [
        (rs.clausal_complement, "Ann Lee said that the plan had failed.", "said", "the plan had failed"),
        (rs.clausal_complement, "Ann Lee said on Monday the plan had failed.", "said", "the plan had failed"),
        (rs.clausal_complement, "Ann Lee said hello.", "said", None),  # no clause
        (
            rs.clause_on_addressee,
            "She told the BBC's Today programme that the plan was sound.",
            "told",
            "the plan was sound",
        ),
        (rs.clause_on_addressee, "She said that the plan was sound.", "said", None),  # no addressee verb
        (
            rs.clause_on_medium,
            "Jo Hale, 45, said in a statement that she was relieved.",
            "said",
            "she was relieved",
        ),
        (
            rs.clause_on_medium,
            "Jane Doe wrote in a letter that the school had failed her son.",
            "wrote",
            "the school had failed her son",
        ),
        # a relative clause on the noun is no reported clause
        (rs.clause_on_medium, "Jo Hale spoke in the hall that was closed in May.", "spoke", None),
        (
            rs.parenthetical,
            "The roads were closed for hours on Monday, police said, and the mill shut.",
            "said",
            # the clause goes on past the attribution with a conjunct of the same statement
            "The roads were closed for hours on Monday, police said, and the mill shut",
        ),
        (rs.parenthetical, "Ann Lee said that the plan had failed.", "said", None),
        (
            rs.inserted_parenthetical,
            "The fire, officials said, started in the kitchen.",
            "said",
            "The fire, officials said, started in the kitchen",
        ),
        (
            rs.inserted_parenthetical,
            "Institutional recipients, said Mauer, are required to report every gift.",
            "said",
            "Institutional recipients, said Mauer, are required to report every gift",
        ),
        (rs.inserted_parenthetical, "The fire started in the kitchen, officials said.", "said", None),
        (
            rs.as_clause,
            "As Heald told the Post, ozone has dropped partly due to the Clean Air Act.",
            "told",
            "ozone has dropped partly due to the Clean Air Act",
        ),
        (
            rs.as_clause,
            "The storm damaged 40 homes, as the mayor noted on Sunday.",
            "noted",
            "The storm damaged 40 homes",
        ),
        (rs.as_clause, "As she said goodbye, the crowd cheered.", "said", None),  # says when, not what
        (
            rs.stated_object,
            "In her statement, Hiller admitted killing two coworkers.",
            "admitted",
            "killing two coworkers",
        ),
        (
            rs.stated_object,
            "She denied shooting at the first officers.",
            "denied",
            "shooting at the first officers",
        ),
        (rs.directive, "The mayor urged residents to stay indoors.", "urged", "residents to stay indoors"),
        (
            rs.directive,
            "The union has called on the management to recall the notice.",
            "called",
            "the management to recall the notice",
        ),
        (rs.directive, "He was asked to leave the building at once.", "asked", None),  # nobody addressed
        (rs.directive, "She called to say she was late.", "called", None),  # a telephone call
        (rs.stated_phrase, "He also made clear he intended to stay.", "made", "he intended to stay"),
        (
            rs.stated_phrase,
            "Ann Lee made it clear that the bridge would stay closed.",
            "made",
            "the bridge would stay closed",
        ),
        (rs.stated_phrase, "The rain made the road dangerous.", "made", None),  # no statement
        (  # a that clause on the noun of the phrase
            rs.stated_phrase,
            "Ann Lee will make the case to voters that Tom Hale is qualified to lead.",
            "make",
            "Tom Hale is qualified to lead",
        ),
        (  # the tagger read the verb as a noun
            rs.clause_of_misread_verb,
            "A local newspaper reports that Hale has been held without bond since his arrest.",
            "reports",
            "Hale has been held without bond since his arrest",
        ),
        (rs.clause_of_misread_verb, "Ann Lee said that the plan had failed.", "said", None),
        (  # a fronted adverbial belongs to a clause before the verb
            rs.clausal_complement,
            "In the next minute or two, the entire roof was in flames, Owen said.",
            "said",
            "In the next minute or two, the entire roof was in flames",
        ),
        (  # the pieces of a hyphenated word stay together
            rs.clausal_complement,
            "Mr Kennedy went on to suggest the re-election of a Labour government would amount to defeat.",
            "suggest",
            "the re-election of a Labour government would amount to defeat",
        ),
        (  # a speech verb with a subject of its own ends the clause
            rs.clausal_complement,
            "Ann Lee said the suspect meant to kill another person, although she would not say who.",
            "said",
            "the suspect meant to kill another person",
        ),
        (  # the clause goes on past an attribution set off by commas
            rs.parenthetical,
            "The stove was running with no flame, police said, and a heater had been lit in the room.",
            "said",
            "The stove was running with no flame, police said, and a heater had been lit in the room",
        ),
        (  # a speaking participle hung inside the clause is the next statement
            rs.clausal_complement,
            'Lee told the paper that Hale "had a crazy policy," adding, "He lost the vote."',
            "told",
            'Hale "had a crazy policy,"',
        ),
    ],
)
def test_clause_stages(quote_ctx, stage, text, verb, expected) -> None:
    ctx = quote_ctx(text)
    assert clause_text(ctx, stage(ctx, token(ctx, verb))) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The mill will close, according to the union.", "The mill will close"),
        ("According to the union, the mill will close in May.", "the mill will close in May"),
        # no comma: the parser ran the clause's subject into the phrase
        (
            "According to Hale the property in question was returned by mail.",
            "the property in question was returned by mail",
        ),
    ],
)
def test_according_clause(quote_ctx, text, expected) -> None:
    ctx = quote_ctx(text)
    tok = next(t for t in ctx.doc if t.lower_ == "according")
    assert clause_text(ctx, rs.according_clause(ctx, tok)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("WASHINGTON -- Federal agents seized the boat", "Federal agents seized the boat"),  # a dateline
        ("that the plan had failed.", "the plan had failed"),  # the conjunction, and end punctuation
        ("so it is", "so it is"),
        ("yes", None),  # too short to report anything
    ],
)
def test_trim(quote_ctx, text, expected) -> None:
    ctx = quote_ctx(text)
    assert clause_text(ctx, rs.trim(ctx, 0, len(text))) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ann Lee said that the plan had failed.", [("the plan had failed", "Ann Lee", "say")]),
        ("The plan had failed, officials said.", [("The plan had failed", "officials", "say")]),
        ("Ann Lee believes the plan had failed.", []),  # a belief, not speech
        ("Ann Lee did not say the plan had failed.", []),  # negated
        # data speak for whoever issued them, named or not by the tagger
        (
            "Data from the US Geological Survey indicate the quake struck at 3am.",
            [("the quake struck at 3am", "US Geological Survey", "indicate")],
        ),
        # a document with a possessive speaks for the body it stands for
        (
            "The Banks Association met on Monday. According to its estimate, a third of the loans were lost.",
            [("a third of the loans were lost", "Banks Association", "according to")],
        ),
        # the attribution at the end covers both clauses the parser coordinated
        (
            "The storm hit the town at noon, and two people were hurt, police said.",
            [("The storm hit the town at noon, and two people were hurt", "police", "say")],
        ),
        # the passive of a quoting verb: the one quoted speaks the clause hung on the verb
        (
            "No damage had been reported, the disaster chief Jo Kerr was quoted by AFP as saying.",
            [("No damage had been reported", "Jo Kerr", "say")],
        ),
        # a passive speech verb: the agent speaks; with none, the subject was told or asked
        (
            "Residents were told by police that the water was unsafe to drink.",
            [("the water was unsafe to drink", "police", "tell")],
        ),
        ("Asked if he would stand for the leadership again, Tom Hale smiled.", []),
        ("Ann Lee was told that her job would be cut in May.", []),
        # a clause that opens with quoted words and goes on in the writer's: a mixed quote
        (
            'Tom Hale said "our country" was being "stolen from us" by the new rules.',
            [('"our country" was being "stolen from us" by the new rules', "Tom Hale", "say")],
        ),
        # a share of a group speaks for the group
        (
            "Many in the crowd said the senator was the only candidate they trusted.",
            [("the senator was the only candidate they trusted", "the crowd", "say")],
        ),
        # a statement phrase is its own cue
        ("Ann Lee made clear that the plan had failed.", [("the plan had failed", "Ann Lee", "make clear")]),
        # cues other than "said"
        ("Ann Lee pointed out that the plan had failed.", [("the plan had failed", "Ann Lee", "point")]),
        ("Ann Lee joked that the plan had failed.", [("the plan had failed", "Ann Lee", "joke")]),
        (
            "Ann Lee posted on Facebook that the plan had failed.",
            [("the plan had failed", "Ann Lee", "post")],
        ),
        # a coordinated speech verb inside the reported clause speaks for the outer speaker, and
        # its statement is no part of the first
        (
            "Ann Lee said some people were in denial but predicted a change would come.",
            [("some people were in denial", "Ann Lee", "say"), ("a change would come", "Ann Lee", "predict")],
        ),
        (
            "Tom Hale said he earns $41,000 a year and asked how the plan would help him.",
            [("he earns $41,000 a year", "Tom Hale", "say"), ("the plan would help him", "Tom Hale", "ask")],
        ),
        (
            "Tom Hale has said that the market is not dead, but has admitted it is in a slump.",
            [("the market is not dead", "Tom Hale", "say"), ("it is in a slump", "Tom Hale", "admit")],
        ),
        # a present the tagger gave its base tag, with no modal in the clause to share
        (
            "Critics claimed Ann was a volunteer and claim she has an interest in the case.",
            [
                ("Ann was a volunteer", "Critics", "claim"),
                ("she has an interest in the case", "Critics", "claim"),
            ],
        ),
        # an absolute clause of speech is a statement of its own
        (
            "The council announced it would close the depot, with the union announcing that it would strike.",
            [
                ("it would close the depot", "The council", "announce"),
                ("it would strike", "the union", "announce"),
            ],
        ),
        # ... but not one that adds to the count
        (
            "Ann Lee said jobless claims fell in May, with the economy adding 15,000 jobs.",
            [("jobless claims fell in May, with the economy adding 15,000 jobs", "Ann Lee", "say")],
        ),
        # a request to speak is no speech yet; a verb that states only with its particle
        ("People were encouraged to send designs and suggest what the flag should mean.", []),
        ("Ann Lee pointed to the table by the door.", []),
        ("Ann Lee pointed out that the table was empty.", [("the table was empty", "Ann Lee", "point")]),
        # fronted words the parser made a complement: the clause after the verb is what was said
        (
            "In a statement after the senator quit the race, Ann Lee said she was sure he would return.",
            [("she was sure he would return", "Ann Lee", "say")],
        ),
        (  # a purpose, no call; the question asked is reported
            "Her employer called the office later to ask why she was late.",
            [("she was late", "Her employer", "ask")],
        ),
        # a share of a poll as written, its % no punctuation
        (
            "Barely 5% of those questioned said they wanted a new player.",
            [("they wanted a new player", "Barely 5% of those questioned", "say")],
        ),
        # a clause of its own joined by a bare "and" goes on with what was said; a comma ends it
        (
            "Ann Lee claims that her passport was taken from her and she was forced to work.",
            [("her passport was taken from her and she was forced to work", "Ann Lee", "claim")],
        ),
        ("Police said the man died, and officers arrested two men.", [("the man died", "Police", "say")]),
        # a statement of its own after ", and" ends the first
        (
            "Ann Lee said the crew fired two shots, and a police source said the policy was clear.",
            [
                ("the crew fired two shots", "Ann Lee", "say"),
                ("the policy was clear", "a police source", "say"),
            ],
        ),
        # in a relative clause, what was said runs from after the verb
        (
            "Tom Hale cut the deficit, which officials said would be 4% of the budget.",
            [("would be 4% of the budget", "officials", "say")],
        ),
        (
            "The plant, which officials said was built in 1950, will close.",
            [("was built in 1950", "officials", "say")],
        ),
        # a closing mark the text put after a space still closes the quoted words at the end
        (
            'The owner said there was no record to support claims of "racial bias. "',
            [('there was no record to support claims of "racial bias. "', "The owner", "say")],
        ),
        # a statement noun with its owner: the owner said its "that" clause; with none, nobody did
        (
            "The account differs from Chief Ann Lee's assertion that the boy had pointed a gun at them.",
            [("the boy had pointed a gun at them", "Ann Lee", "assertion")],
        ),
        ("He rejected the claim that the plant was unsafe.", []),
        # an attribution the parser read as a relative clause of the last noun is a parenthetical
        (
            "Acme is preparing to enter the market for car-style people carriers, the firm's chief has"
            " told BBC News.",
            [
                (
                    "Acme is preparing to enter the market for car-style people carriers",
                    "the firm's chief",
                    "tell",
                )
            ],
        ),
        # "according to" an attribution that reports nothing more: no quote; a passive is no attribution
        ("Ann Lee spoke. She said years later, according to her website.", []),
        (
            "According to Labor Department figures, 157,000 new jobs were added last month.",
            [("157,000 new jobs were added last month", "Labor Department", "according to")],
        ),
        # a relative clause before the verb that the parser made its complement was not said
        (
            "Tom Hale spoke. In the speech - which prompted a standing ovation from an audience clearly"
            ' "warm" to Mr Hale - he also promised to end teenage unemployment within the next five years.',
            [],
        ),
        # a headline sums up what the article reports: no statement of its own; one line alone is none
        ("Police said the man fled on foot\n", [("the man fled on foot", "Police", "say")]),
        (
            "US economy is still growing strongly says Fed\n\nThe economy grew in May, the Fed said.",
            [("The economy grew in May", "Fed", "say")],
        ),
        # ... but one with a modal the speech verb lacks is the statement's future
        (
            "The army stated it would shell the border posts and would respond within two days.",
            [("it would shell the border posts and would respond within two days", "The army", "state")],
        ),
        # ... but a bare verb under the clause's modal is part of what was said
        (
            "Ann Lee said she would call the mayor and ask him to resign.",
            [("she would call the mayor and ask him to resign", "Ann Lee", "say")],
        ),
        # the writer's gloss after a comma at the end of the clause is not the speaker's
        (
            "Officials said the police had the help of Tom Hale, who ran the depot for a decade.",
            [("the police had the help of Tom Hale", "Officials", "say")],
        ),
        (
            "Ann Lee said she will back the nominee, even as she has criticised his plans for the port.",
            [("she will back the nominee", "Ann Lee", "say")],
        ),
        (
            "Ann Lee said the trip was a welcome break from campaigning in Leeds, where she trails Tom Hale.",
            [("the trip was a welcome break from campaigning in Leeds", "Ann Lee", "say")],
        ),
        # after a common noun, it may be the speaker's reasoning
        (
            "Ann Lee said the rules build trust with tenants, who might be afraid to complain.",
            [("the rules build trust with tenants, who might be afraid to complain", "Ann Lee", "say")],
        ),
        # a relative clause inside the clause stays
        (
            "Ann Lee said the depot, which opened in May, would close.",
            [("the depot, which opened in May, would close", "Ann Lee", "say")],
        ),
        # an attribution inside a clause the parser split in two halves
        (
            "It is no surprise, Mr. Hale said, that the depot will close in May.",
            [("It is no surprise, Mr. Hale said, that the depot will close in May", "Hale", "say")],
        ),
        (
            "The plan failed, Ann Lee said, because the money ran out in May.",
            [("The plan failed, Ann Lee said, because the money ran out in May", "Ann Lee", "say")],
        ),
        # a group named by the clause after a pronoun
        (
            "By 58%-33%, those surveyed said the funding should not be cut.",
            [("the funding should not be cut", "those surveyed", "say")],
        ),
        # a participle speech verb with no comma before it is part of the clause
        (
            "Ann Lee warned that the city could take the easy route of raising fees and charging more.",
            [("the city could take the easy route of raising fees and charging more", "Ann Lee", "warn")],
        ),
        # a clause the parser cut into complements that follow each other; a semicolon ends it
        (
            "Ann Lee said police were concerned there might be a second fire; crews stayed all night.",
            [("police were concerned there might be a second fire", "Ann Lee", "say")],
        ),
        # "according to" at the end covers the clauses coordinated before it
        (
            "Tom Hale was jailed twice and once was held without bail, according to court records.",
            [("Tom Hale was jailed twice and once was held without bail", "court records", "according to")],
        ),
        # a thing states nothing; a document speaks for its author
        ("The crash highlighted the need for better roads.", []),
        (
            "The report revealed the scale of the losses at the bank.",
            [("the scale of the losses at the bank", "The report", "reveal")],
        ),
        # the parser made the contracted auxiliary the subject: the pronoun is
        (
            "Tom Hale spoke. He’s said he believes the depot should stay open.",
            [("he believes the depot should stay open", "Tom Hale", "say")],
        ),
        # speech under an intention is not yet said
        ("Tom Hale wants to admit ten more pupils to the school.", []),
    ],
)
def test_find_reported_speech(quote_ctx, text, expected) -> None:
    ctx = quote_ctx(text)
    found = [(text[r.start : r.end], r.speaker.name, r.cue) for r in rs.find_reported_speech(ctx, [])]
    assert found == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ann Lee called upon the mayor to act.", [("the mayor to act", "Ann Lee", "call")]),
        # a call with "with"; the act's object the parser cut off
        ("Tom's sister pleaded with him to rest.", [("him to rest", "Tom's sister", "plead")]),
        (
            "Ann Lee urged people to follow her lead and 'dump' brands sold by the firm.",
            [("people to follow her lead and 'dump' brands sold by the firm", "Ann Lee", "urge")],
        ),
        # a promise or a threat: the act, with its "to"; a thing threatens nothing it says
        ("The mayor threatened to sue the state.", [("to sue the state", "The mayor", "threaten")]),
        ("Ann Lee has vowed to keep the clinic open.", [("to keep the clinic open", "Ann Lee", "vow")]),
        ("The storm threatened to flood the town.", []),
        ("The city needs a plan promising to sell the depot.", []),  # a plan promises nothing
        # "called for X to act"
        (
            "Some councillors have called for the city and its partners to build more homes.",
            [("the city and its partners to build more homes", "Some councillors", "call")],
        ),
        # the act the parser hung on the addressee's phrase
        (
            "Police ask anyone with information to call the hotline.",
            [("anyone with information to call the hotline", "Police", "ask")],
        ),
        # an accusation: whom it charges and with what
        (
            "Ann Lee accused Tom Hale of hiding the report from the council.",
            [("Tom Hale of hiding the report from the council", "Ann Lee", "accuse")],
        ),
        (
            "Officials blamed a faulty valve for the leak.",
            [("a faulty valve for the leak", "Officials", "blame")],
        ),
        ("Ann Lee accused the mayor.", []),
        # what is promised or asked for, as an object
        (
            "Ann Lee pledged ten million pounds for the schools.",
            [("ten million pounds for the schools", "Ann Lee", "pledge")],
        ),
        (
            "Ann Lee said she would call the mayor and ask him to resign.",
            [
                ("she would call the mayor and ask him to resign", "Ann Lee", "say"),
                ("him to resign", "Ann Lee", "ask"),
            ],
        ),
    ],
)
def test_speech_acts(nlp, text, expected) -> None:
    """Calls, promises and accusations are quotes only with the `speech_acts` setting: by default
    what someone was urged or vowed to do, or accused of, is no statement."""
    rules = nlp.get_pipe("factpull_quotes").quote_rules
    doc = nlp(text)
    on = QuoteContext(doc, replace(rules, settings=replace(rules.settings, speech_acts=True)))
    found = [(text[r.start : r.end], r.speaker.name, r.cue) for r in rs.find_reported_speech(on, [])]
    assert found == expected
    default = rs.find_reported_speech(QuoteContext(doc, rules), [])
    said = [f for f in expected if f[2] == "say"]
    assert [(text[r.start : r.end], r.speaker.name, r.cue) for r in default] == said


@pytest.mark.parametrize(
    "text, verb, denied",
    [
        ("Ann Lee did not say whether the plant was safe.", "say", True),
        ("Neither Mr Hale nor Mr Lee would say how they would use the cash.", "say", True),
        ("No official would say whether the plant was safe.", "say", True),
        ("Ann Lee said the plant was safe.", "said", False),
        ("He declined to say if he was pleased with the result.", "say", True),
        ("Ann Lee refused to say where the money went.", "say", True),
        ("Ann Lee was quick to say the plant was safe.", "say", False),
    ],
)
def test_speech_that_did_not_happen(quote_ctx, text, verb, denied) -> None:
    ctx = quote_ctx(text)
    assert rs.is_denied(token(ctx, verb), ctx.rules.withholding_verbs) is denied
