"""The one way factpull reads its language data: word lists and patterns kept beside this file.

`.json` files hold structured rules; `.txt` files hold one entry a line (blank lines and lines
starting with `#` are comments). Components take a *copy* of the data they use as their rules,
so a user's overrides or a pipeline reloaded from disk change one component, never the defaults.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["load", "names", "parse"]


def parse(name: str, raw: str) -> Any:
    """The data of one lexicon file's text, by the file's kind (its extension)."""
    if name.endswith(".json"):
        return json.loads(raw)
    if name.endswith(".txt"):
        lines = (line.strip() for line in raw.splitlines())
        return [line for line in lines if line and not line.startswith("#")]
    raise ValueError(f"unknown lexicon file kind: {name!r} (expected .json or .txt)")


@cache
def _packaged(name: str) -> Any:
    raw = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return parse(name, raw)


def load(name: str) -> Any:
    """A fresh copy of the packaged lexicon file `name` ("units.json", "speech_verbs.txt")."""
    return copy.deepcopy(_packaged(name))


def names() -> list[str]:
    """Every packaged lexicon file, sorted."""
    return sorted(
        p.name for p in resources.files(__name__).iterdir() if p.name.endswith((".json", ".txt"))
    )
