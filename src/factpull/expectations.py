"""Expectation files: the claims an article must yield, as TOML or JSON, read, validated and written.

A file is a table of claim lists keyed by claim type, plus `[options]`:

    [options]
    exact = false          # or true, or a list of types: no claims of those types beyond the expected
    tolerance = 0.05       # count values may differ by 5 % (relative) ...
    tolerance_abs = 2      # ... or by 2 (absolute); a value passes when within either

    [[count]]
    value = 107
    counted = "immigrants"   # words that must all appear in the counted phrase
    place = "Philadelphia"   # optional

    [[amount]]
    value = 1200000
    unit = "USD"             # optional: ISO 4217 code or "percent"

    [[quote]]
    speaker = "Tom Homan"    # full name, surname, or group ("ICE" matches "ICE officials")
    contains = "Sanctuary jurisdictions"

    [[place]]
    name = "Philadelphia"

    [[operation]]
    name = "Safe City"

The sections are the registry's claim kinds that have a matching (`factpull.kinds`), each a list
of its matching's entry model, so a kind registered with a matching is checkable with no edit here.
The models are closed (`extra="forbid"`), so a misspelt key is an error, not a silently ignored
expectation. Errors become one `ExpectationsError` line naming the file and, where known, the line.

TOML is written by a small serializer here rather than the `tomli-w` package: the files hold only
flat tables of strings and numbers, and strings are written as TOML basic strings through
`json.dumps` (whose escapes are a subset of TOML's), with the one character JSON leaves raw but
TOML forbids (DEL) escaped too. A round-trip property test guards this.
"""

from __future__ import annotations

import difflib
import json
import math
import re
import sys
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError, create_model

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from . import kinds
from .io import InputError, read_bytes
from .matching.amounts import AmountExpectation
from .matching.base import Number
from .matching.counts import CountExpectation
from .matching.names import OperationExpectation, PlaceExpectation
from .matching.quotes import SNIPPET_WORDS, QuoteExpectation
from .models import Report
from .untrusted import one_line

__all__ = [
    "AmountExpectation", "CountExpectation", "ExpectationsBase", "ExpectationsError",
    "OperationExpectation", "PlaceExpectation", "QuoteExpectation", "SNIPPET_WORDS",
    "expected_types", "expectations_model", "load_expectations", "parse_expectations",
]

SUFFIXES = (".toml", ".json")


class ExpectationsError(Exception):
    """An expectations file that cannot be read or written; the message is one line for people,
    even when it quotes a key or value holding a line break or a control character."""

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


def expected_types() -> tuple[str, ...]:
    """The claim types an expectations file may list: the registry's kinds that have a matching."""
    return tuple(k.name for k in kinds.matched_kinds())


class ExpectationsBase(_Closed):
    """A whole expectations file: `options` plus one list per claim kind check can match."""

    def entries(self, claim_type: str) -> list[Any]:
        return getattr(self, claim_type, None) or []

    def exact_types(self) -> set[str]:
        """The claim types for which unexpected claims fail the check."""
        exact = self.options.exact  # type: ignore[attr-defined]
        if exact is True:
            return {t for t in expected_types() if self.entries(t)}
        return set(exact or ())

    def __len__(self) -> int:
        return sum(len(self.entries(t)) for t in expected_types())


_MODELS: dict[tuple, type[ExpectationsBase]] = {}


def expectations_model() -> type[ExpectationsBase]:
    """The model of a whole file for the kinds registered now (built once per set of kinds).

    Its sections are the registry's kinds with a matching, in registry order, each a list of that
    kind's closed expectation model; `options.exact` accepts exactly those names.
    """
    matched = kinds.matched_kinds()
    key = tuple((k.name, k.matching.expectation) for k in matched)
    if key not in _MODELS:
        _MODELS[key] = _build_model(matched)
    return _MODELS[key]


def _build_model(matched: tuple[kinds.ClaimKind, ...]) -> type[ExpectationsBase]:
    names = tuple(k.name for k in matched)
    expected_type = Literal[names] if names else Literal[""]  # type: ignore[valid-type]
    options = create_model(
        "Options",
        __base__=_Closed,
        __doc__="How strictly the file is checked.",
        exact=(StrictBool | list[expected_type], Field(
            default=False,
            description="true: no claims of a type listed in the file beyond those expected; "
            "or a list of the types to hold to that.",
        )),
        tolerance=(Number, Field(
            default=0, ge=0, description="Relative tolerance of count and amount values (0.05 = 5 %)."
        )),
        tolerance_abs=(Number, Field(
            default=0, ge=0, description="Absolute tolerance of count and amount values."
        )),
    )
    sections: dict[str, Any] = {
        k.name: (list[k.matching.expectation],
                 Field(default_factory=list, description=k.matching.expects))
        for k in matched
    }
    return create_model(
        "Expectations",
        __base__=ExpectationsBase,
        __doc__="A whole expectations file.",
        options=(options, Field(default_factory=options, description="How strictly the file is checked.")),
        **sections,
    )


def __getattr__(name: str) -> Any:
    # `Expectations` is the model for the kinds registered at the time it is asked for.
    if name == "Expectations":
        return expectations_model()
    if name == "EXPECTED_TYPES":
        return expected_types()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def expectations_json_schema() -> dict:
    """The JSON Schema of an expectations file (TOML files have the same shape)."""
    schema = expectations_model().model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "factpull expectations"
    return schema


# ---------------------------------------------------------------------------------------------
# Reading


def file_format(path: str | Path) -> str:
    """'toml' or 'json', from the file's extension."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise ExpectationsError(f"{path}: expectations file must end in .toml or .json")
    return suffix[1:]


_TOML_AT = re.compile(r"^(?P<msg>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)\s*$", re.S)


def parse_text(text: str, fmt: str, name: str) -> Any:
    """The raw data of a TOML or JSON document; syntax errors name the line and column."""
    try:
        return _parse_text(text, fmt, name)
    except RecursionError:  # [[[[… thousands deep: both parsers recurse per level
        raise ExpectationsError(f"{name}: invalid {fmt.upper()} (nested too deeply)") from None
    except ExpectationsError:
        raise
    except ValueError as err:  # an integer of more than 4,300 digits, and the like
        raise ExpectationsError(f"{name}: invalid {fmt.upper()} ({err})") from None


def _parse_text(text: str, fmt: str, name: str) -> Any:
    if fmt == "toml":
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            message = str(err)
            at = _TOML_AT.match(message)
            if at:
                raise ExpectationsError(
                    f"{name}: line {at['line']}, column {at['col']}: invalid TOML ({at['msg']})"
                ) from None
            raise ExpectationsError(f"{name}: invalid TOML ({message})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise ExpectationsError(
            f"{name}: line {err.lineno}, column {err.colno}: invalid JSON ({err.msg})"
        ) from None


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _field_loc(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """The location of the field an error is about: pydantic adds union members after it."""
    for i, part in enumerate(loc):
        if _is_union_tag(part):
            return loc[:i]
    return loc


def _is_union_tag(part: int | str) -> bool:
    # pydantic names union members in locations ('int', 'float', 'bool', 'list[...]'); users don't.
    return isinstance(part, str) and (part in {"int", "float", "bool"} or "[" in part)


_UNION_PROBLEMS = {
    "value": "should be a finite number",
    "tolerance": "should be a finite number, 0 or more",
    "tolerance_abs": "should be a finite number, 0 or more",
    "exact": "should be true, false or a list of claim types ({types})",
}


def _unmatched_kind(name: int | str) -> bool:
    """A registered kind that check has no matching for (its section is refused, not guessed)."""
    return isinstance(name, str) and name in kinds.names() and name not in expected_types()


def _unknown_section(loc: str, name: int | str, meant: str | None = None) -> str:
    if _unmatched_kind(name):
        return (f"{loc}: check cannot match {name} claims (no matching is defined for this kind; "
                f"it can check {', '.join(expected_types())})")
    hint = f"; did you mean {meant}?" if meant else ""
    return f"{loc}: unknown section (expected {', '.join(('options', *expected_types()))}{hint})"


def _known_keys(field: tuple[int | str, ...]) -> list[str]:
    """The keys allowed where `field` (an unknown key) stands."""
    model = expectations_model()
    if len(field) == 1:
        return list(model.model_fields)
    section = model.model_fields.get(str(field[0]))
    if section is None:
        return []
    inner = get_args(section.annotation)[0] if get_origin(section.annotation) is list else section.annotation
    return list(getattr(inner, "model_fields", {}))


def _meant(field: tuple[int | str, ...]) -> str | None:
    """The known key an unknown one is probably a misspelling of ('vaule' -> 'value')."""
    if not field:
        return None
    close = difflib.get_close_matches(str(field[-1]), _known_keys(field), n=1, cutoff=0.6)
    return close[0] if close else None


def _problem(field: tuple[int | str, ...], errors: list[dict]) -> str:
    """One readable problem for the errors pydantic reports about one field."""
    loc = _loc(field)
    first = errors[0]
    if first["type"] == "extra_forbidden":
        meant = _meant(field)
        if len(field) > 1:
            return f"{loc}: unknown key" + (f" (did you mean {meant}?)" if meant else "")
        return _unknown_section(loc, field[0], meant if not _unmatched_kind(field[0]) else None)
    if first["type"] == "missing":
        return f"{loc}: missing required key"
    name = field[-1] if field else None
    if name in _UNION_PROBLEMS and (len(errors) > 1 or first["type"] in ("finite_number",)):
        return f"{loc}: {_UNION_PROBLEMS[name].format(types=', '.join(expected_types()))}"
    message = first["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    return f"{loc}: {message}" if loc else message


def _first_problem(
    groups: dict[tuple[int | str, ...], list[dict]],
) -> tuple[tuple[int | str, ...], list[dict], int]:
    """The problem to name, unknown keys first (a misspelt key also makes the right one missing,
    and the misspelling is what the user must fix), and how many other problems there are, not
    counting a missing key that the unknown key's misspelling explains."""
    unknown = [f for f, errors in groups.items() if errors[0]["type"] == "extra_forbidden"]
    field = unknown[0] if unknown else next(iter(groups))
    explained = {field}
    meant = _meant(field) if unknown and len(field) > 1 else None
    if meant is not None:
        missing = (*field[:-1], meant)
        if missing in groups and groups[missing][0]["type"] == "missing":
            explained.add(missing)
    return field, groups[field], len(groups) - len(explained)


def _toml_line(text: str, loc: tuple[int | str, ...]) -> int | None:
    """Best-effort line of a validation error in a TOML file written with [[type]] tables."""
    if not loc or not isinstance(loc[0], str):
        return None
    lines = text.split("\n")
    header = re.compile(r"^\s*\[\[?\s*" + re.escape(loc[0]) + r"\s*\]\]?\s*(#.*)?$")
    any_header = re.compile(r"^\s*\[")
    wanted = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else 0
    key = next((p for p in loc[1:] if isinstance(p, str) and not _is_union_tag(p)), None)
    seen = -1
    for i, line in enumerate(lines):
        if not header.match(line):
            continue
        seen += 1
        if seen != wanted:
            continue
        if key:
            key_re = re.compile(r"^\s*[\"']?" + re.escape(key) + r"[\"']?\s*=")
            for j in range(i + 1, len(lines)):
                if any_header.match(lines[j]):
                    break
                if key_re.match(lines[j]):
                    return j + 1
        return i + 1
    return None


def parse_expectations(text: str, fmt: str, name: str) -> ExpectationsBase:
    """Validate the text of an expectations file; raise ExpectationsError with one line."""
    data = parse_text(text, fmt, name)
    if not isinstance(data, dict):
        raise ExpectationsError(f"{name}: the top level must be a table of claim lists")
    try:
        return expectations_model().model_validate(data)
    except ValidationError as err:
        groups: dict[tuple[int | str, ...], list[dict]] = {}
        for error in err.errors():
            loc = tuple(error["loc"])  # an unknown key is the user's own word, never a union member
            field = loc if error["type"] == "extra_forbidden" else _field_loc(loc)
            groups.setdefault(field, []).append(error)
        field, errors, n_more = _first_problem(groups)
        line = _toml_line(text, field) if fmt == "toml" else None
        where = f"line {line}: " if line else ""
        more = f" (and {n_more} more problem{'s' if n_more > 1 else ''})" if n_more else ""
        raise ExpectationsError(f"{name}: {where}{_problem(field, errors)}{more}") from None


def load_expectations(path: str | Path) -> ExpectationsBase:
    """Read and validate an expectations file (.toml or .json)."""
    path = Path(path)
    fmt = file_format(path)
    try:
        text = read_bytes(path).decode("utf-8-sig")
    except InputError as err:
        raise ExpectationsError(str(err)) from None
    except UnicodeDecodeError:
        raise ExpectationsError(f"{path}: not UTF-8 text") from None
    expectations = parse_expectations(text, fmt, str(path))
    if not len(expectations):  # a truncated or emptied file must not turn a CI job green
        raise ExpectationsError(f"no expectations in {path} (nothing to check; an empty file is refused)")
    return expectations


# ---------------------------------------------------------------------------------------------
# Writing


def expectations_from_report(report: Report) -> ExpectationsBase:
    """A snapshot of a Report's claims as expectations: each kind keeps what its matching's
    `snapshot` says is worth holding (a count's value, head noun and place; a quote's speaker and
    first words; a place's name). Kinds with no matching are left out."""
    matched = {k.name: k.matching for k in kinds.matched_kinds()}
    data: dict[str, list[dict]] = {t: [] for t in matched}
    for claim in report.claims:
        matching = matched.get(claim.type)
        entry = matching.snapshot(claim) if matching is not None else None
        if entry:
            data[claim.type].append(entry)
    return expectations_model().model_validate(data)


def toml_string(value: str) -> str:
    """A TOML basic string: JSON's escapes are valid TOML; DEL must be escaped as well."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_value(value: Any) -> str:
    """One TOML value of the kinds expectation files hold."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("expectation values must be finite")
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


_HEADER = """\
# factpull expectations{about}: the claims the article must yield.
# Check with:  factpull check ARTICLE --expect THIS_FILE
# Edit freely: delete what need not hold; `counted` lists words that must appear in the counted
# phrase; a quote's `speaker` may be a surname and `contains` any run of its words.
# [options] exact = true fails on claims of a listed type that no entry expects;
# tolerance = 0.05 lets count and amount values differ by 5 %, tolerance_abs = 2 by 2.
"""


def to_toml(expectations: ExpectationsBase, about: str | None = None) -> str:
    """The expectations as a TOML document with a short explanatory header."""
    about = " ".join(about.split()) if about else ""  # a comment ends at a line break
    out = [_HEADER.format(about=f" for {about}" if about else "")]
    options = expectations.options.model_dump(exclude_defaults=True)
    if options:
        out.append("[options]")
        out.extend(f"{k} = {toml_value(v)}" for k, v in options.items())
        out.append("")
    for claim_type in expected_types():
        for entry in expectations.entries(claim_type):
            out.append(f"[[{claim_type}]]")
            for key, value in entry.model_dump(exclude_none=True).items():
                out.append(f"{key} = {toml_value(value)}")
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def to_json(expectations: ExpectationsBase) -> str:
    """The expectations as a JSON document (only non-default options, no null keys)."""
    data: dict[str, Any] = {}
    options = expectations.options.model_dump(exclude_defaults=True)
    if options:
        data["options"] = options
    for claim_type in expected_types():
        data[claim_type] = [e.model_dump(exclude_none=True) for e in expectations.entries(claim_type)]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_expectations(expectations: ExpectationsBase, path: str | Path, about: str | None = None) -> None:
    """Write an expectations file, TOML or JSON by its extension."""
    path = Path(path)
    fmt = file_format(path)
    text = to_toml(expectations, about) if fmt == "toml" else to_json(expectations)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as err:
        raise ExpectationsError(f"{path}: cannot write ({err.strerror or err})") from None
