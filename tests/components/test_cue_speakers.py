"""The speaker a speech cue names: one (text, expected) table per stage, then the whole order."""

from __future__ import annotations

import pytest
from quote_helpers import token

from factpull.components import cue_speakers as cs


def run_stage(ctx, stage, cue_word: str, with_region: bool):
    verb = token(ctx, cue_word)
    region = [t for t in ctx.doc if t.sent == verb.sent and t.idx not in ctx.quoted] if with_region else None
    sp = stage(ctx, cs.Cue(verb, region))
    return sp.name if sp is not None else None


@pytest.mark.parametrize(
    "stage, text, cue_word, with_region, expected",
    [
        (
            cs.according_to,
            "The mill closed, according to Troy police Lt. Jo Kerr.",
            "according",
            False,
            "Jo Kerr",
        ),
        (cs.according_to, "The mill closed, according to the union.", "according", False, "the union"),
        (
            cs.participle_head,
            "A spokesman saying the plan was sound was heard.",
            "saying",
            False,
            "A spokesman",
        ),
        (cs.participle_head, "Ann Lee said the plan was sound.", "said", False, None),  # no participle
        (cs.quoted_as_saying, "The Times quoted Ann Lee as saying it failed.", "saying", False, "Ann Lee"),
        (cs.quoted_as_saying, "The Times was saying the plan had failed.", "saying", False, None),
        (  # the quoting verb itself as the cue: the subject of its passive is quoted
            cs.quoted_as_saying,
            '"The roads are shut," Ann Lee was quoted as saying.',
            "quoted",
            False,
            "Ann Lee",
        ),
        (cs.clause_subject, "Ann Lee said the plan was sound.", "said", False, "Ann Lee"),
        (cs.clause_subject, "Ann Lee wanted to say the plan was sound.", "say", False, "Ann Lee"),
        (cs.clause_subject, "Ann Lee smiled and said the plan was sound.", "said", False, "Ann Lee"),
        (cs.inverted_subject, '"It is over," said Len Burman, a tax expert.', "said", False, "Len Burman"),
        (cs.inverted_subject, '"It is over," he told reporters.', "told", False, None),  # the addressee
        (
            cs.inverted_subject,
            'The agency notes, "Ozone harms crops", highlighting the importance of clean air.',
            "highlighting",
            False,
            None,
        ),  # what was stated
        (
            cs.clause_subject,
            'Fans marched past the hall where the Lions played, while chanting, "We want more."',
            "chanting",
            False,
            "Fans",
        ),
        (cs.clause_subject, "Ann Lee, who told us the plan was sound, left.", "told", False, "Ann Lee"),
        # an aside set off by dashes between the name and its verb
        (
            cs.name_before_dashes,
            "Mr Roz - himself a former executive at rival Porsche - said the new car was cheap.",
            "said",
            False,
            "Roz",
        ),
        (
            cs.name_before_dashes,
            "Jo Dee, the chief of Acme Media -- the firm that owns the site -- said it was sold.",
            "said",
            False,
            None,
        ),
        # the role made the subject, the name before it hung on the verb
        (
            cs.clause_subject,
            "Ann Lee, the chairwoman of the county party, said the plan had failed.",
            "said",
            False,
            "Ann Lee",
        ),
        # a speech verb under an adverb: "went so far as to say"
        (cs.clause_subject, "Ann Lee went so far as to say the plan had failed.", "say", False, "Ann Lee"),
        # the participle made the root, the speech verb hung on it
        (
            cs.subject_of_aside,
            'But Sen. Ann Lee (D-Ill.), noting the size of the crowd, said, "It is huge."',
            "said",
            False,
            "Ann Lee",
        ),
        # a progressive is finite, no bare participle: the relative clause's subject speaks
        (
            cs.clause_subject,
            "It helps Mr. Hale, who is enjoying his role and is saying he will not quit.",
            "saying",
            False,
            "Hale",
        ),
        # a speech verb coordinated inside another's reported clause goes with the outer verb
        (
            cs.clause_subject,
            "Ann Lee said some people were in denial but predicted a change would come soon.",
            "predicted",
            False,
            "Ann Lee",
        ),
        (
            cs.sentence_subject,
            'Mr. Hale dodged the question -- "That is fine" -- and, when pressed, insisting, "I paid."',
            "insisting",
            False,
            "Hale",
        ),
        (cs.sentence_subject, "Ann Lee said the plan was sound.", "said", False, None),  # not a participle
        (cs.word_before_cue, '"It is over," Burman said.', "said", True, "Burman"),
        (cs.word_before_cue, '"It is over," Burman said.', "said", False, None),  # needs a region
        # "Skelly" is tagged an adverb; the Doc knows him as Bill Skelly
        (
            cs.name_after_cue,
            'Bill Skelly, an analyst, agreed. "The file is valuable," said Skelly, explaining why.',
            "said",
            True,
            "Bill Skelly",
        ),
        (cs.name_after_cue, '"The file is valuable," said Quickly, a word.', "said", True, None),
        # a title before the name, which the parser made the subject of the next clause
        (
            cs.name_after_cue,
            '"Forget about it," said retired neurosurgeon Ben Carson, asked about his claims.',
            "said",
            True,
            "Ben Carson",
        ),
        # the parser gave the subject to the participle set off before the verb
        (
            cs.subject_of_aside,
            'But Sen. Ann Lee (D-Ill.), noting the size of her following, said, "She has a list."',
            "said",
            False,
            "Ann Lee",
        ),
        (cs.subject_of_aside, "Ann Lee said the plan was sound.", "said", False, None),  # its own subject
        # the parser hung the name on "after"; the aside between commas opens with a participle
        (
            cs.name_before_aside,
            'It came up after Mr. Hale, asked about the deaths, had said, "We do plenty of that."',
            "said",
            False,
            "Hale",
        ),
        (
            cs.name_before_aside,
            'It came up after the vote, when the rain fell, as Mr. Hale had said it would.',
            "said",
            False,
            None,
        ),  # the aside opens with no participle
        # a subject no reader names is the speaker as written, without what describes it
        (cs.subject_as_written, "About 9 percent said they had no say.", "said", False, "About 9 percent"),
        (
            cs.subject_as_written,
            "Nearly nine out of 10 say they will need new skills.",
            "say",
            False,
            "Nearly nine out of 10",
        ),
        (cs.subject_as_written, "It said the plan had failed.", "said", False, None),  # a pronoun
        # an age is a description of a person, written with its hyphens
        (cs.subject_as_written, "The 46-year-old said the plan failed.", "said", False, "The 46-year-old"),
        (cs.subject_as_written, "Monday said the plan had failed.", "said", False, None),
        # a title then a person the tagger missed, known by a first name
        (
            cs.name_after_cue,
            '"It is over," said Oversight ranking Democrat Elijah Cummings (D-Md.).',
            "said",
            True,
            "Democrat Elijah Cummings",
        ),
        # a pronoun with the clause that names the group
        (
            cs.subject_as_written,
            "Those who attended the rally said it was short.",
            "said",
            False,
            "Those who attended the rally",
        ),
        (cs.subject_as_written, "Those said it was short.", "said", False, None),
        (cs.text_that_reads, 'A note left at the scene read: "I am sorry."', "read", False, "A note"),
        # the parser makes "the editorial read." an adjective and a noun
        (cs.text_that_reads, '"Come and see," the editorial read.', "read", False, "the editorial"),
        (cs.text_that_reads, 'Ann Lee read the statement: "We will fight on."', "read", False, None),
    ],
)
def test_stages(quote_ctx, stage, text, cue_word, with_region, expected) -> None:
    assert run_stage(quote_ctx(text), stage, cue_word, with_region) == expected


def test_a_name_opening_the_words_after_a_quote(quote_ctx) -> None:
    ctx = quote_ctx('"It is over," Flynn, a top surrogate for the campaign, said.')
    verb = token(ctx, "said")
    region = [t for t in ctx.doc if t.idx >= ctx.spans[0].close_end]
    assert cs.name_opening_region(ctx, cs.Cue(verb, region)).name == "Flynn"


@pytest.mark.parametrize(
    "text, cue_word, expected",
    [
        ("Ann Lee said the plan was sound.", "said", "Ann Lee"),
        ('"It is over," said Len Burman.', "said", "Len Burman"),
        ("The mill closed, according to Ann Lee.", "according", "Ann Lee"),
        ("The mill, it was said, would close.", "said", None),
        # a participle after a comma and a closing mark, whichever clause the parser hung it on
        (
            'Ann Lee told the paper that Hale "had a crazy policy," adding, "He lost the vote."',
            "adding",
            "Ann Lee",
        ),
    ],
)
def test_speaker_of_cue(quote_ctx, text, cue_word, expected) -> None:
    ctx = quote_ctx(text)
    sp = cs.speaker_of_cue(ctx, cs.Cue(token(ctx, cue_word)))
    assert (sp.name if sp is not None else None) == expected
