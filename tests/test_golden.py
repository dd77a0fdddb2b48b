"""Golden JSON for the seed and the fixture articles: any change of output is a reviewed diff.

Regenerate after an intended change with `FACTPULL_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`
and read the diff before committing it.
"""

from __future__ import annotations

import json
import os

import pytest
from conftest import FIXTURES, ROOT, SEEDS

from factpull.pipeline import report_from_doc

GOLDEN = FIXTURES / "golden"
ARTICLES = sorted(SEEDS.glob("*.txt")) + sorted((FIXTURES / "articles").glob("*.txt"))


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem)
def test_output_matches_golden(nlp, article):
    text = article.read_text(encoding="utf-8")
    source = str(article.relative_to(ROOT))
    report = report_from_doc(nlp(text), source).model_dump(mode="json")
    golden = GOLDEN / f"{article.stem}.json"
    if os.environ.get("FACTPULL_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert golden.exists(), f"no golden file for {article.name}: run with FACTPULL_UPDATE_GOLDEN=1"
    assert report == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem)
def test_golden_offsets_match_text(article):
    """The committed goldens themselves honour the contract: input[start:end] == text."""
    golden = GOLDEN / f"{article.stem}.json"
    if not golden.exists():
        pytest.skip("golden not written yet")
    text = article.read_text(encoding="utf-8")
    for claim in json.loads(golden.read_text(encoding="utf-8"))["claims"]:
        assert text[claim["start"]:claim["end"]] == claim["text"]
        for mention in claim.get("mentions") or []:
            assert text[mention["start"]:mention["end"]] == mention["text"]
