"""Helpers for the stage tests of the quotes component (the `quote_ctx` fixture is in conftest)."""

from __future__ import annotations

from spacy.tokens import Token

from factpull.components.quote_context import QuoteContext, QuoteSite


def first_site(ctx: QuoteContext) -> QuoteSite:
    """The site of the text's first quotation span."""
    spans = ctx.spans
    return ctx.site(spans[0], None, spans[1] if len(spans) > 1 else None)


def token(ctx: QuoteContext, word: str) -> Token:
    """The first token whose text is `word`."""
    return next(t for t in ctx.doc if t.text == word)
