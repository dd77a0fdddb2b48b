"""Placeholder while the places extractor is written: finds nothing yet."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from .base import ClaimComponent


def find_places(doc: Doc) -> Iterator:
    return iter(())


class PlacesComponent(ClaimComponent):
    def find(self, doc: Doc) -> Iterator:
        return find_places(doc)
