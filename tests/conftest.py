"""Shared fixtures: the pipeline is loaded once per test session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from spacy.language import Language

from factpull.models import Report
from factpull.pipeline import build_nlp, report_from_doc

# The compiled gazetteer is built into a fresh cache directory for every test session, so the
# suite never depends on (or writes to) the user's cache; subprocesses inherit the variable.
os.environ["FACTPULL_CACHE_DIR"] = tempfile.mkdtemp(prefix="factpull-test-cache-")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def nlp() -> Language:
    return build_nlp()


@pytest.fixture(scope="session")
def run(nlp: Language):
    """`run(text)` -> Report, with the session's pipeline."""

    def _run(text: str) -> Report:
        return report_from_doc(nlp(text), "<test>")

    return _run


def claims_of(report: Report, claim_type: str) -> list[dict]:
    """The claims of one type as plain dicts, in text order."""
    return [c.model_dump(mode="json") for c in report.claims if c.type == claim_type]


@pytest.fixture(scope="session")
def quote_ctx(nlp: Language):
    """`quote_ctx(text)` -> the QuoteContext the session pipeline's quotes component builds, for
    the stage tests of the quotes component."""
    from factpull.components.quote_context import QuoteContext

    rules = nlp.get_pipe("factpull_quotes").quote_rules
    return lambda text: QuoteContext(nlp(text), rules)
