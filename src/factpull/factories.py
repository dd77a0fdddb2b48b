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
_RULES: dict[str, Any] = {"overrides": {}}


@Language.factory(
    "factpull_dates", assigns=_ASSIGNS, requires=["token.dep", "token.pos"], default_config=_RULES
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


@Language.factory("factpull_places", assigns=_ASSIGNS, requires=["doc.ents"], default_config=_RULES)
def make_places(nlp: Language, name: str, *, overrides: dict[str, Any]):
    from .components.places import PlacesComponent

    return PlacesComponent(nlp, name, overrides=overrides)


@Language.factory(
    "factpull_counts", assigns=_ASSIGNS, requires=["token.dep", "doc.ents"], default_config=_RULES
)
def make_counts(nlp: Language, name: str, *, overrides: dict[str, Any]):
    from .components.counts import CountsComponent

    return CountsComponent(nlp, name, overrides=overrides)


@Language.factory("factpull_amounts", assigns=_ASSIGNS, requires=["token.tag"], default_config=_RULES)
def make_amounts(nlp: Language, name: str, *, overrides: dict[str, Any]):
    from .components.amounts import AmountsComponent

    return AmountsComponent(nlp, name, overrides=overrides)


@Language.factory(
    "factpull_quotes", assigns=_ASSIGNS, requires=["token.dep", "doc.ents"], default_config=_RULES
)
def make_quotes(nlp: Language, name: str, *, overrides: dict[str, Any]):
    from .components.quotes import QuotesComponent

    return QuotesComponent(nlp, name, overrides=overrides)
