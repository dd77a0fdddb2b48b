"""What every claim component shares: its rules, its life in a spaCy pipeline, where claims live.

A component is built the way spaCy's own `SpanRuler` is:

- settings are keyword-only arguments with defaults in the factory's `default_config`, so
  `nlp.add_pipe("factpull_places", config={...})` validates them and `nlp.config` records them;
- its *rules* are the lexicon files it reads (`rule_files`), copied from the packaged defaults,
  replaceable through `initialize(rules=...)`, written by `to_disk` and read back by `from_disk`,
  so `nlp.to_disk(dir)` + `spacy.load(dir)` gives the same claims from the same rules;
- `__call__` is find, then set annotations, inside the pipeline's one error policy
  (`get_error_handler()`; `nlp.set_error_handler(...)` changes it for every component at once);
- it declares what it needs and, when added without the components it depends on, runs their
  finders itself (`ensure_prerequisites`) so it behaves as in the full pipeline.

Claims are stored on the Doc as plain JSON-ready dicts in `doc.user_data`, not as Span objects,
so Docs stay serialisable and work with `nlp.pipe(n_process=N)`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, ClassVar

import srsly
from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc
from spacy.util import ensure_path

from .. import kinds, lexicon
from ..models import Mention

CLAIMS_KEY = "factpull_claims"
PUBLISHED_KEY = "factpull_published"
#: Names of the components whose claims are on the Doc: a dependent component checks it.
RAN_KEY = "factpull_ran"
#: Claims a component computed through a prerequisite it had to run itself: context, not output.
CONTEXT_KEY = "factpull_context"
#: Failures recorded by `record_errors` (the error policy `build_nlp` installs).
ERRORS_KEY = "factpull_errors"

Rules = dict[str, Any]


def add_claims(doc: Doc, claims: Iterable[Any]) -> None:
    """Append pydantic claims to the Doc as JSON-ready dicts."""
    stored = doc.user_data.setdefault(CLAIMS_KEY, [])
    stored.extend(claim.model_dump(mode="json") for claim in claims)


def stored_claims(doc: Doc, claim_type: str | None = None) -> list[dict]:
    """Claims earlier components put on the Doc (or computed as context), optionally of one type."""
    claims = doc.user_data.get(CLAIMS_KEY, []) + doc.user_data.get(CONTEXT_KEY, [])
    return [c for c in claims if claim_type is None or c["type"] == claim_type]


def record_errors(proc_name: str, proc: Any, docs: list[Doc], error: Exception) -> None:
    """An error policy that keeps the batch going: the failure is noted on the Doc, not raised.

    The report of such a Doc carries the failure as its `error`, so one bad input is one line in
    a batch rather than a lost batch, and a bug is never mistaken for "no claims".
    """
    for doc in docs:
        message = f"{proc_name} failed: {type(error).__name__}: {error}"
        doc.user_data.setdefault(ERRORS_KEY, []).append(message)


def sentence_starts(doc: Doc) -> list[int]:
    """Character offset of each sentence's start; a sentence of whitespace only (the line break
    the `factpull_line_breaks` component starts one at) is part of the sentence before it."""
    return [sent.start_char for sent in doc.sents if not sent.text.isspace()] or [0]


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
                self._starts = sentence_starts(self._doc)
            except ValueError:  # a pipeline without parser or senter: one sentence
                self._starts = [0]
        return self._starts

    def __call__(self, char_offset: int) -> int:
        return max(bisect_right(self.starts, char_offset) - 1, 0)

    def start_back(self, char_offset: int, back: int) -> int:
        """Where the sentence `back` sentences before the one holding `char_offset` starts (the
        document's first sentence, when there are fewer): the floor of a look back."""
        return self.starts[max(self(char_offset) - back, 0)]

    def mention(self, doc: Doc, start: int, end: int) -> Mention:
        # Doc.text rebuilds the whole text on every access: read it once per Doc.
        if self._text is None:
            self._text = doc.text
        return Mention(text=self._text[start:end], start=start, end=end, sentence=self(start))


def merge_rules(defaults: Rules, overrides: Mapping[str, Any]) -> Rules:
    """Rules with a user's overrides applied: per file, a dict is merged key by key, a list
    replaces the default list. An unknown file name is refused: a typo must not pass silently."""
    merged = dict(defaults)
    for name, value in overrides.items():
        if name not in merged:
            known = ", ".join(sorted(merged)) or "none"
            raise ValueError(f"unknown rule file {name!r} in overrides (this component reads: {known})")
        if isinstance(merged[name], dict) and isinstance(value, Mapping):
            merged[name] = {**merged[name], **value}
        else:
            merged[name] = value
    return merged


class ClaimComponent(Pipe):
    """A pipeline component that runs a pure finder over a Doc and stores its claims.

    Subclasses set `rule_files`, build whatever they precompile from `self.rules` in
    `compile_rules`, and implement `find`. A finder skips what it cannot read rather than raise;
    a real bug raises and meets the pipeline's error policy.
    """

    #: Lexicon files (in `factpull/lexicon/`) whose data are this component's rules.
    rule_files: ClassVar[tuple[str, ...]] = ()
    #: The factory this class is registered under (what `RAN_KEY` records).
    factory: ClassVar[str] = ""

    def __init__(self, nlp: Language, name: str, *, overrides: Mapping[str, Any] | None = None) -> None:
        self.nlp = nlp
        self.name = name
        self.overrides = dict(overrides or {})
        self._prerequisite_procs: dict[str, Callable[[Doc], Doc]] = {}
        self.set_rules(merge_rules({f: lexicon.load(f) for f in self.rule_files}, self.overrides))

    # -- rules -------------------------------------------------------------------------------
    def set_rules(self, rules: Rules) -> None:
        """Adopt a full set of rules and recompile what depends on them."""
        missing = set(self.rule_files) - set(rules)
        if missing:
            raise ValueError(f"{self.name}: rules lack {', '.join(sorted(missing))}")
        self.rules = rules
        self.compile_rules()

    def compile_rules(self) -> None:
        """Precompile patterns and sets from `self.rules` (called whenever the rules change)."""

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
        rules: Mapping[str, Any] | None = None,
    ) -> None:
        """spaCy's initialisation hook: `rules` replaces some or all of the packaged rule files."""
        if rules:
            self.set_rules(merge_rules(self.rules, rules))

    # -- running -----------------------------------------------------------------------------
    def find(self, doc: Doc) -> Iterable[Any]:  # pragma: no cover - overridden
        raise NotImplementedError

    def set_annotations(self, doc: Doc, claims: Iterable[Any]) -> None:
        add_claims(doc, claims)
        doc.user_data.setdefault(RAN_KEY, []).append(self.factory)

    def ensure_prerequisites(self, doc: Doc) -> None:
        """Run the finders this one depends on when the pipeline did not, so a component added
        alone to someone's pipeline gives the same claims as in factpull's own. Their claims are
        kept as context for this component, not added to the Doc's output."""
        ran = doc.user_data.get(RAN_KEY, [])
        for factory in kinds.needs_of(self.factory):
            if factory in ran:
                continue
            proc = self._prerequisite_procs.get(factory)
            if proc is None:
                proc = self._prerequisite_procs[factory] = self.nlp.create_pipe(factory)
            stored = doc.user_data.setdefault(CLAIMS_KEY, [])
            before = len(stored)
            proc(doc)
            doc.user_data.setdefault(CONTEXT_KEY, []).extend(stored[before:])
            del stored[before:]

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            self.ensure_prerequisites(doc)
            self.set_annotations(doc, list(self.find(doc)))
        except Exception as e:  # noqa: BLE001 - the pipeline's error policy decides
            error_handler(self.name, self, [doc], e)
        return doc

    # -- serialisation -----------------------------------------------------------------------
    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps({"rules": self.rules})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> ClaimComponent:
        self.set_rules(srsly.msgpack_loads(data)["rules"])
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write every rule file this component uses, as JSON, under `path`."""
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name, data in self.rules.items():
            srsly.write_json(path / _saved_name(name), data)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ClaimComponent:
        path = ensure_path(path)
        self.set_rules({name: srsly.read_json(path / _saved_name(name)) for name in self.rule_files})
        return self


def _saved_name(rule_file: str) -> str:
    """Every rule file is saved as JSON: `speech_verbs.txt` -> `speech_verbs.json`."""
    return Path(rule_file).stem + ".json"
