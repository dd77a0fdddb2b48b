"""Speakers: the name index, salience and the resolver's readers, each on text of our own."""

from __future__ import annotations

import pytest

from factpull.components.speakers import (
    Candidate,
    Salience,
    Speaker,
    _mislabelled_person,
    names_a_thing,
    reporting_subject,
)


def speaker_of(ctx, word: str, nth: int = 0, **kw) -> Speaker | None:
    tok = [t for t in ctx.doc if t.text == word][nth]
    return ctx.speaker(tok, **kw)


# -- the name index: a surname or "Mr. X" is the full name written with it -------------------------
@pytest.mark.parametrize(
    "text, word, nth, expected",
    [
        ("Tom Homan spoke on Monday. Later Homan left the room.", "Homan", 1, "Tom Homan"),
        ("Mr. Homan left the room after Tom Homan spoke.", "Homan", 0, "Tom Homan"),
        ("Mayor Ellen Park said the bridge would open.", "Park", 0, "Ellen Park"),
    ],
)
def test_name_index_gives_the_full_name(quote_ctx, text, word, nth, expected) -> None:
    assert speaker_of(quote_ctx(text), word, nth).name == expected


def test_name_index_keeps_two_people_of_one_surname_apart(quote_ctx) -> None:
    ctx = quote_ctx("Gene Hansbrough met Tyler Hansbrough. Gene Hansbrough spoke first.")
    names = ctx.resolver.names
    assert names.by_surname["hansbrough"] == "Gene Hansbrough"
    assert {"Gene Hansbrough", "Tyler Hansbrough"} <= names.full_names


# -- readers: how one token is read as a speaker -----------------------------------------------------
@pytest.mark.parametrize(
    "text, word, expected",
    [
        # a person with a title before the name
        ("Mayor Ellen Park said the bridge would open.", "Park", ("Ellen Park", "Mayor", "person")),
        # a role as written, its phrase kept as title
        (
            "A spokeswoman for the agency said it was over.",
            "spokeswoman",
            ("A spokeswoman for the agency", "A spokeswoman for the agency", "unknown"),
        ),
        # a group
        ("Police said the road was closed.", "Police", ("Police", None, "group")),
        # persons joined by "and": one group of all their names
        (
            "Ruth Kane and Omar Basri wrote that it was over.",
            "Kane",
            ("Ruth Kane and Omar Basri", None, "group"),
        ),
        # a definite title is its own speaker, not a person called "Minister"
        (
            "The Prime Minister said the plan was sound.",
            "Minister",
            ("The Prime Minister", "The Prime Minister", "unknown"),
        ),
        # a role with an apposed person: the person, the role as title
        ("A spokesman, Jo Lee, said the plan was sound.", "spokesman", ("Jo Lee", "A spokesman", "person")),
        # a person apposed to an apposed title: still the person
        (
            "The head of the county office, Acting Chief Superintendent, Mark Dale, said it was over.",
            "head",
            ("Mark Dale", "The head of the county office", "person"),
        ),
        # a role and the name it is called by
        (
            "Another Hamas figure, a military spokesman called Abu Ubaida, said the attacks would go on.",
            "figure",
            ("Abu Ubaida", "Another Hamas figure", "person"),
        ),
        # an organisation apposed to its kind, or compounded to it
        ("Dozens were hurt, Iran's official news agency IRNA said.", "agency", ("IRNA", None, "org")),
        ("The toll rose to 40, said the Egyptian MENA news agency.", "agency", ("MENA", None, "org")),
        # a spokesperson speaks for the organisation named before the word
        (
            "A Southern California Edison spokesperson said the lines were safe.",
            "spokesperson",
            ("Southern California Edison", "spokesperson", "org"),
        ),
        # an article makes "MP" a title, not a name's suffix ("Jo Cox MP")
        ('"We will win," said the Ealing North MP.', "MP", ("the Ealing North MP",) * 2 + ("unknown",)),
        # a rank abbreviation stays one token: the name after it is in the same sentence
        (
            "The victims' conditions were not known, said Troy police Lt. Gerry Scherlinck.",
            "Scherlinck",
            ("Gerry Scherlinck", "Troy police Lt.", "person"),
        ),
        # markup the tokenizer left on a name is no part of it
        ('It was rated True.">Sanders said it was high.', '">Sanders', ("Sanders", None, "person")),
        # whose a group is, is not its name
        (
            "The Trump administration said the rule would stand.",
            "administration",
            ("The Trump administration", None, "group"),
        ),
        # a place is no organisation: the description stays as written
        ("A California utility said it was safe.", "utility", ("A California utility", None, "unknown")),
        # a role phrase ending in the name, no comma between: the words before the name are the title
        (
            "After the leak, CEO of the Refugee Council Nadia Solomon told Sky News it was flawed.",
            "CEO",
            ("Nadia Solomon", "CEO of the Refugee Council", "person"),
        ),
        # a name apposed after: the apposition is the title
        (
            "Barbara Parker, the city attorney, said the law was clear.",
            "Parker",
            ("Barbara Parker", "the city attorney", "person"),
        ),
        # a share of a group speaks for the group
        ("Half of the firms said costs were rising.", "Half", ("the firms", None, "group")),
        # an organisation, without the article
        ("The Red Cross said the camp was full.", "Cross", ("Red Cross", None, "org")),
    ],
)
def test_readers(quote_ctx, text, word, expected) -> None:
    sp = speaker_of(quote_ctx(text), word)
    assert (sp.name, sp.title, sp.kind) == expected


@pytest.mark.parametrize(
    "later, expected",
    [
        ("The former Leeds chairman", "Ken Bates"),
        # an age the first mention did not give is no other person
        ("The 73-year-old former Leeds chairman", "Ken Bates"),
        # a modifier the first mention did not give is: kept as written
        ("The new Leeds chairman", "The new Leeds chairman"),
        # ... unless it is a proper noun that adds a detail (a place), with one candidate
        ("The Yorkshire chairman", "Ken Bates"),
        # a nationality or party may tell two people apart: kept as written
        ("The Democratic chairman", "The Democratic chairman"),
        # the current one is not the former one
        ("The current Leeds chairman", "The current Leeds chairman"),
    ],
)
def test_a_description_finds_the_person_it_was_written_for(quote_ctx, later, expected) -> None:
    ctx = quote_ctx(f"Ken Bates, the former Leeds United chairman, was in court. {later} said he'd appeal.")
    assert speaker_of(ctx, "chairman", nth=1).name == expected


@pytest.mark.parametrize(
    "text, word",
    [
        ("Three said the case was closed.", "Three"),  # a number names nobody
        ("This said nothing at all.", "This"),
        ('He read "the ruling" aloud and Lee nodded.', "ruling"),  # inside quotation marks
    ],
)
def test_tokens_that_name_nobody(quote_ctx, text, word) -> None:
    assert speaker_of(quote_ctx(text), word) is None


# -- pronouns ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, word, expected",
    [
        ("Ann Lee arrived late. She said the plan was sound.", "She", "Ann Lee"),
        ("Mr Hale met Ann Lee. He said the plan was sound.", "He", "Hale"),  # Mr gives the gender
        ("Mr Hale met Ann Lee. She said the plan was sound.", "She", "Ann Lee"),
        ("It said the case was closed.", "It", None),  # no antecedent: a pronoun without a name
        # the subject of a relative clause does not take over from the sentence's own subject
        ("Mrs Maguire was the relative with whom Giuseppe stayed. She said it was over.", "She", "Maguire"),
        # "they" is a group of people or bodies before a plural of things
        (
            "Many companies moved jobs abroad. Their operations were moved. They said it paid.",
            "They",
            "Many companies",
        ),
        # a surname the tagger took for a noun is still the subject a later "he" continues
        (
            "Mark Rathbun wrote a blog. Steve Whitmore said the case was open. The actor Jason Beghe "
            "helped too. Rathbun requested donations via his blog. He said the case was weak.",
            "He",
            "Mark Rathbun",
        ),
        # persons joined by "and" are a "they"
        ("Ruth Kane and Omar Basri met. They said it was over.", "They", "Ruth Kane and Omar Basri"),
        # ... rather than a group named in what they said
        (
            "Ruth Kane and Omar Basri wrote a book. Professors Kane and Basri suggest that migrants "
            "adopt narrow habits. They write that the poor are alone.",
            "They",
            "Ruth Kane and Omar Basri",
        ),
        # the source of "according to" is as salient as the subject of "said"
        (
            "Jo Wade, a trader, said the price was high. It will fall soon, according to Alan Marr. "
            "He said the market was calm.",
            "He",
            "Alan Marr",
        ),
    ],
)
def test_pronouns(quote_ctx, text, word, expected) -> None:
    sp = speaker_of(quote_ctx(text), word)
    assert (sp.name, sp.via) == (expected, "pronoun")


def test_they_refers_to_someone_named_before_the_reported_clause(quote_ctx) -> None:
    text = "Officials met on Monday. Five groups fell out over the towns, they said."
    ctx = quote_ctx(text)
    assert speaker_of(ctx, "they").name == "Five groups"  # the nearest group
    assert speaker_of(ctx, "they", antecedent_before=text.index("Five")).name == "Officials"
    # plural things ("Five bombs") come after any group of people or bodies
    things = quote_ctx("Officials met. Five bombs fell on the towns, they said.")
    assert speaker_of(things, "they").name == "Officials"


@pytest.mark.parametrize(
    "text, clause, expected",
    [
        # "he" after its reported clause: the one who spoke before, not a name in what he said
        ("Rob Kerr ran the shop. This would make Tom Hale famous, he added.", "This", "Rob Kerr"),
        # nobody before the clause: the name inside it
        ("The weather was calm. Jane Hill would win the vote, she said.", "Jane", "Jane Hill"),
    ],
)
def test_he_or_she_looks_before_its_reported_clause_first(quote_ctx, text, clause, expected) -> None:
    ctx = quote_ctx(text)
    pronoun = next(t for t in ctx.doc if t.lower_ in ("he", "she"))
    assert ctx.speaker(pronoun, antecedent_before=text.index(clause)).name == expected


def test_pronoun_lookback_is_limited(quote_ctx, nlp) -> None:
    from factpull.components.quote_context import QuoteContext, QuoteSettings, compile_quote_rules

    text = "Ann Lee arrived. The sun rose. The sea was calm. She said it was fine."
    rules = nlp.get_pipe("factpull_quotes").rules
    near = QuoteContext(nlp(text), compile_quote_rules(rules, QuoteSettings(pronoun_lookback_sentences=1)))
    assert speaker_of(near, "She").name is None
    assert speaker_of(quote_ctx(text), "She").name == "Ann Lee"


# -- salience ------------------------------------------------------------------------------------------
def test_salience_yields_the_nearest_candidate_first_and_learns_speakers() -> None:
    sal = Salience([Candidate(30, "Officials", "group", True), Candidate(5, "Ann Lee", "person", True)])
    assert [c.name for c in sal.before(40)] == ["Officials", "Ann Lee"]
    assert [c.name for c in sal.before(40, floor=10)] == ["Officials"]
    sal.note(Speaker("Jo Kerr", None, (20, 27), "person", "name"))
    assert [c.name for c in sal.before(40)] == ["Officials", "Jo Kerr", "Ann Lee"]
    assert sal.speakers == {"Jo Kerr"}


def test_a_person_noted_where_an_organisation_was_replaces_it() -> None:
    sal = Salience([Candidate(5, "Professor Varoufakis", "org", True)])
    sal.note(Speaker("Varoufakis", "Professor", (5, 25), "person", "name"))
    assert [(c.name, c.kind) for c in sal.before(30)] == [("Varoufakis", "person")]


def test_a_role_that_spoke_is_a_person_for_later_pronouns() -> None:
    sal = Salience([Candidate(5, "Euronext", "person", True)])
    sal.note(Speaker("one Paris-based trader", "one Paris-based trader", (40, 62), "unknown", "phrase"))
    found = [(c.name, c.kind) for c in sal.before(70)]
    assert found == [("one Paris-based trader", "person"), ("Euronext", "person")]


@pytest.mark.parametrize(
    "text, name, expected",
    [
        ("The crew of INS Brava waved.", "INS Brava", True),  # a ship's prefix
        ("They towed MV Orla, a cargo vessel, to port.", "MV Orla", True),  # apposed to a thing
        ("They met Jo Orla, a cargo clerk, at the port.", "Jo Orla", False),  # apposed to a role
    ],
)
def test_names_of_things_are_no_persons(quote_ctx, text, name, expected) -> None:
    ctx = quote_ctx(text)
    at = text.index(name)
    ent = ctx.doc.char_span(at, at + len(name), label="PERSON")
    assert names_a_thing(ent, ctx.resolver.rules) is expected


@pytest.mark.parametrize(
    "text, word, reporter",
    [
        ("A Tesco spokesman said there was no sign that Hart had paid.", "Hart", "spokesman"),
        ("Hart had paid, a Tesco spokesman said.", "Hart", "spokesman"),
        ("A spokesman for Hart said the talks were over.", "Hart", None),  # in the speaker's words
        ("Hart paid the bill on Monday.", "Hart", None),  # nobody reports it
    ],
)
def test_reporting_subject(quote_ctx, text, word, reporter) -> None:
    ctx = quote_ctx(text)
    tok = next(t for t in ctx.doc if t.text == word)
    found = reporting_subject(tok, ctx.resolver.rules)
    assert (ctx.doc[found].text if found is not None else None) == reporter


@pytest.mark.parametrize(
    "text, name, expected",
    [
        # the surname of a person named in full before
        ("Judge James Bodley ruled. Bodley thanked the jury.", "Bodley", "James Bodley"),
        # no person of that name: an organisation
        ("Judge James Bodley ruled. Acme thanked the jury.", "Acme", None),
    ],
)
def test_persons_the_tagger_took_for_organisations(quote_ctx, text, name, expected) -> None:
    ctx = quote_ctx(text)
    at = text.rindex(name)
    ent = ctx.doc.char_span(at, at + len(name), label="ORG")
    assert _mislabelled_person(ent, ctx.resolver.names) == expected


@pytest.mark.parametrize(
    "text, name, strong",
    [
        # a surname the tagger made an organisation is a person, as an object too (a weaker one)
        ("Donald Trump spoke in Ohio. A reporter was heard asking Trump about the plan.", "Trump", False),
    ],
)
def test_a_person_tagged_an_organisation_is_a_candidate(quote_ctx, text, name, strong) -> None:
    ctx = quote_ctx(text)
    at = text.rindex(name)
    found = {(c.offset, c.name, c.kind, c.strong) for c in ctx.resolver.salience.before(len(text))}
    assert (at, "Donald Trump", "person", strong) in found


@pytest.mark.parametrize(
    "word, expected",
    [("Cole", False), ("Lee", True)],  # the sentence's subject; a subject in its subordinate clause
)
def test_subjects_of_subordinate_clauses(quote_ctx, word, expected) -> None:
    text = "Cole dismissed fears that she was tired even though Lee had won the vote."
    ctx = quote_ctx(text)
    assert ctx.resolver._subordinate(text.index(word)) is expected


def test_a_name_in_the_subjects_relative_clause_is_not_apposed_to_it(nlp) -> None:
    """The parser may hang a name at the end of a relative clause on the subject as an
    appositive ("A woman who saw the shooting of Kim Gray says ..."): it is not the woman."""
    from spacy.tokens import Doc, Span

    from factpull.components.quote_context import QuoteContext

    words = ["A", "woman", "who", "saw", "Kim", "Gray", "says", "the", "boy", "had", "no", "gun", "."]
    heads = [1, 6, 3, 1, 5, 1, 6, 8, 9, 6, 11, 9, 6]
    deps = ["det", "nsubj", "nsubj", "relcl", "compound", "appos", "ROOT", "det", "nsubj", "ccomp"]
    deps += ["det", "dobj", "punct"]
    pos = ["DET", "NOUN", "PRON", "VERB", "PROPN", "PROPN", "VERB", "DET", "NOUN", "VERB", "DET", "NOUN"]
    pos += ["PUNCT"]
    tags = ["DT", "NN", "WP", "VBD", "NNP", "NNP", "VBZ", "DT", "NN", "VBD", "DT", "NN", "."]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=words)
    doc.ents = [Span(doc, 4, 6, label="PERSON")]
    ctx = QuoteContext(doc, nlp.get_pipe("factpull_quotes").quote_rules)
    sp = speaker_of(ctx, "woman")
    assert (sp.name, sp.via) == ("A woman", "phrase")
