"""A factpull pipeline saved with `nlp.to_disk` reloads with `spacy.load` and gives the same claims.

    python bench/saved_pipeline.py [--articles 50]

Builds the full pipeline with `build_nlp()`, saves it to a temporary folder, lists the rule files
each factpull component wrote there, reloads it with plain `spacy.load(folder)` (factpull's
factories come in through the `spacy_factories` entry point) and compares the claims of both on
the same articles (BBC news from ../shared/corpora when present, else the project's fixtures).
Exit 1 when any article differs or a component saved no rules.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from throughput import load_texts  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50)
    args = parser.parse_args()

    import spacy

    from factpull.pipeline import build_nlp, claims_from_doc, components_for

    texts, origin = load_texts(args.articles)
    nlp = build_nlp()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pipeline"
        nlp.to_disk(folder)
        missing = []
        for name in components_for():
            files = sorted(p.name for p in (folder / name).glob("*.json"))
            print(f"{name}: {', '.join(files) or 'NO RULES SAVED'}")
            if not files:
                missing.append(name)
        reloaded = spacy.load(folder)
    differing = 0
    n_claims = 0
    for doc_a, doc_b in zip(nlp.pipe(texts), reloaded.pipe(texts), strict=True):
        a, b = claims_from_doc(doc_a), claims_from_doc(doc_b)
        n_claims += len(a)
        differing += a != b
    print(f"{origin}: {n_claims} claims; articles whose claims differ after reloading: {differing}")
    return 1 if differing or missing else 0


if __name__ == "__main__":
    sys.exit(main())
