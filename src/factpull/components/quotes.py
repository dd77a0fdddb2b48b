"""Placeholder while the quotes extractor is written: finds nothing yet."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from .base import ClaimComponent


def find_quotes(doc: Doc) -> Iterator:
    return iter(())


class QuotesComponent(ClaimComponent):
    def find(self, doc: Doc) -> Iterator:
        return find_quotes(doc)
