"""What every claim component shares: where claims live on the Doc and sentence indices.

Claims are stored on the Doc as plain JSON-ready dicts in `doc.user_data`, not as Span objects,
so Docs stay serialisable and work with `nlp.pipe(n_process=N)`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from ..models import Mention

CLAIMS_KEY = "factpull_claims"
PUBLISHED_KEY = "factpull_published"


def add_claims(doc: Doc, claims: Iterable[Any]) -> None:
    """Append pydantic claims to the Doc as JSON-ready dicts."""
    stored = doc.user_data.setdefault(CLAIMS_KEY, [])
    stored.extend(claim.model_dump(mode="json") for claim in claims)


def stored_claims(doc: Doc, claim_type: str | None = None) -> list[dict]:
    """Claims earlier components put on the Doc, optionally of one type."""
    claims = doc.user_data.get(CLAIMS_KEY, [])
    return [c for c in claims if claim_type is None or c["type"] == claim_type]


class SentenceIndex:
    """Maps a character offset to the 0-based index of its sentence.

    Built on first use: many Docs have no claim of a given type and never need it.
    """

    def __init__(self, doc: Doc) -> None:
        self._doc = doc
        self._text: str | None = None
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        """Character offset of each sentence's start, in order."""
        if self._starts is None:
            try:
                self._starts = [sent.start_char for sent in self._doc.sents] or [0]
            except ValueError:  # a pipeline without parser or senter: one sentence
                self._starts = [0]
        return self._starts

    def __call__(self, char_offset: int) -> int:
        return max(bisect_right(self.starts, char_offset) - 1, 0)

    def mention(self, doc: Doc, start: int, end: int) -> Mention:
        # Doc.text rebuilds the whole text on every access: read it once per Doc.
        if self._text is None:
            self._text = doc.text
        return Mention(text=self._text[start:end], start=start, end=end, sentence=self(start))


class ClaimComponent:
    """A pipeline component that runs a pure finder `Doc -> Iterable[claim]` and stores its claims.

    Subclasses set `find`; the finder must skip what it cannot read rather than raise.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp = nlp
        self.name = name

    def find(self, doc: Doc) -> Iterable[Any]:  # pragma: no cover - overridden
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        add_claims(doc, self.find(doc))
        return doc
