"""Every factpull `@Language.factory` registration, and nothing else.

Exposed through the `spacy_factories` entry point too, so `nlp.add_pipe("factpull_quotes")` works
in any pipeline once factpull is installed, without importing it first.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .components.base import CLAIMS_KEY

if not Doc.has_extension("factpull_claims"):
    Doc.set_extension("factpull_claims", getter=lambda doc: list(doc.user_data.get(CLAIMS_KEY, [])))

_ASSIGNS = ["doc._.factpull_claims"]


@Language.factory("factpull_dates", assigns=_ASSIGNS, requires=["token.dep", "token.pos"])
def make_dates(nlp: Language, name: str):
    from .components.dates import DatesComponent

    return DatesComponent(nlp, name)


@Language.factory("factpull_operations", assigns=_ASSIGNS, requires=["token.dep", "doc.ents"])
def make_operations(nlp: Language, name: str):
    from .components.operations import OperationsComponent

    return OperationsComponent(nlp, name)


@Language.factory("factpull_places", assigns=_ASSIGNS, requires=["doc.ents"])
def make_places(nlp: Language, name: str):
    from .components.places import PlacesComponent

    return PlacesComponent(nlp, name)


@Language.factory("factpull_counts", assigns=_ASSIGNS, requires=["token.dep", "doc.ents"])
def make_counts(nlp: Language, name: str):
    from .components.counts import CountsComponent

    return CountsComponent(nlp, name)


@Language.factory("factpull_amounts", assigns=_ASSIGNS, requires=["token.tag"])
def make_amounts(nlp: Language, name: str):
    from .components.amounts import AmountsComponent

    return AmountsComponent(nlp, name)


@Language.factory("factpull_quotes", assigns=_ASSIGNS, requires=["token.dep", "doc.ents"])
def make_quotes(nlp: Language, name: str):
    from .components.quotes import QuotesComponent

    return QuotesComponent(nlp, name)
