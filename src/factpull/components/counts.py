"""Placeholder while the counts extractor is written: finds nothing yet."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from .base import ClaimComponent


def find_counts(doc: Doc) -> Iterator:
    return iter(())


class CountsComponent(ClaimComponent):
    def find(self, doc: Doc) -> Iterator:
        return find_counts(doc)
