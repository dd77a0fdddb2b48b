"""Changes and comparisons between amounts: "rose 2% to $11.1bn from $10.9bn".

Each amount of a sentence gets a role in a change where the text states one, read in stages:

1. `role_of`: the word right before the amount says what it is: "to"/"at" the level reached,
   "by" the size of the change, "from" the level it started at ("up from", "down from" too), a
   comparison ("compared with", "versus", "against") the level compared with; without a marker,
   an amount right after a change word ("rose 2%", "up 19 cents") or before a change noun ("a 3
   percent drop") is the size of the change;
2. `direction_before`: the change word the amount belongs to, found by walking back over what a
   change phrase may hold between them (other numbers and amounts, their markers, adverbs,
   commas, "or"): "rose 2% to $11.1bn" is a rise for both amounts;
3. `link_levels`: a level reached takes the value of the level it started at or is compared with
   in the same sentence and unit as `changed_from`; where no change word gives the direction, the
   two values do ("$5m, compared with $3m" is a rise).

Pure functions over the Doc and the amounts found; the words come from `lexicon/changes.json`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from spacy.tokens import Doc, Token

Direction = Literal["rise", "fall"]
Role = Literal["by", "to", "from"]
#: How far back (in tokens) a change word may stand from the amount it governs.
_MAX_REACH = 12
_STOPS = frozenset({";", ".", ":", "!", "?"})


@dataclass(frozen=True)
class ChangeRules:
    """The words of `changes.json`, compiled once per component."""

    rise: frozenset[str]
    fall: frozenset[str]
    markers: Mapping[str, Role]
    comparisons: tuple[tuple[str, ...], ...]
    skippable: frozenset[str]


def compile_change_rules(changes: Mapping) -> ChangeRules:
    markers: dict[str, Role] = {}
    for role in ("to", "by", "from"):
        for word in changes["markers"][role]:
            markers[word] = role
    return ChangeRules(
        rise=frozenset(changes["rise"]),
        fall=frozenset(changes["fall"]),
        markers=markers,
        comparisons=tuple(sorted((tuple(p.split()) for p in changes["comparisons"]), key=len, reverse=True)),
        skippable=frozenset(changes["skippable"]),
    )


@dataclass(frozen=True)
class Span:
    """An amount as the change stages see it: tokens [first, end), its value and unit."""

    first: int
    end: int
    value: float | int
    unit: str


@dataclass(frozen=True)
class Change:
    """An amount's part in a change; all None when the text states none."""

    direction: Direction | None = None
    role: Role | None = None
    changed_from: float | int | None = None


NO_CHANGE = Change()


def direction_of(tok: Token, rules: ChangeRules) -> Direction | None:
    """'rose', 'up', 'plunged', 'a drop': the direction a change word states."""
    for form in (tok.lower_, tok.lemma_.lower()):
        if form in rules.rise:
            return "rise"
        if form in rules.fall:
            return "fall"
    return None


def _comparison_before(doc: Doc, i: int, rules: ChangeRules) -> int | None:
    """The first token of a comparison phrase ending just before token i, else None."""
    for phrase in rules.comparisons:
        k = i - len(phrase)
        if k >= 0 and tuple(t.lower_ for t in doc[k:i]) == phrase:
            return k
    return None


@dataclass(frozen=True)
class Marked:
    """What `role_of` read: the role, the token where the walk back to a change word starts, and
    whether a comparison phrase marked it."""

    role: Role | None
    walk_from: int
    comparison: bool = False


def role_of(doc: Doc, amount: Span, rules: ChangeRules) -> Marked:
    """The role the word before the amount (or the change noun after it) gives it."""
    i = amount.first
    comparison = _comparison_before(doc, i, rules)
    if comparison is not None:
        return Marked("from", comparison, comparison=True)
    before = doc[i - 1] if i > 0 else None
    if before is not None and before.lower_ in rules.markers:
        return Marked(rules.markers[before.lower_], i - 1)
    after = doc[amount.end] if amount.end < len(doc) else None
    if after is not None and after.pos_ == "NOUN" and direction_of(after, rules) is not None:
        return Marked("by", amount.end + 1)  # "a 3 percent drop": the noun gives the direction
    return Marked(None, i)


def _skippable(doc: Doc, i: int, inside: set[int], rules: ChangeRules) -> bool:
    """What a change phrase may hold between its change word and an amount: other amounts and
    numbers with their unit noun ("lost 190 points, or 0.6%"), markers, adverbs, commas, "or"."""
    tok = doc[i]
    if i in inside or tok.like_num or tok.text == "," or tok.pos_ == "ADV":
        return True
    if tok.lower_ in rules.markers or tok.lower_ in rules.skippable:
        return True
    return tok.pos_ == "NOUN" and i > 0 and doc[i - 1].like_num


def direction_before(doc: Doc, start: int, spans: Sequence[Span], rules: ChangeRules) -> Direction | None:
    """The direction of the nearest change word before token `start` that the walk back reaches
    over other amounts and numbers, markers, adverbs, commas and "or"."""
    inside = {i for s in spans for i in range(s.first, s.end)}
    i = start - 1
    while i >= 0 and start - i <= _MAX_REACH:
        tok = doc[i]
        if tok.text in _STOPS or (tok.is_sent_start and i < start - 1 and direction_of(tok, rules) is None):
            return None
        direction = direction_of(tok, rules)
        if direction is not None and i not in inside:
            return direction
        if not _skippable(doc, i, inside, rules):
            return None
        i -= 1
    return None


def _noun_direction(doc: Doc, amount: Span, rules: ChangeRules) -> Direction | None:
    after = doc[amount.end] if amount.end < len(doc) else None
    return direction_of(after, rules) if after is not None else None


def read_change(doc: Doc, amount: Span, spans: Sequence[Span], rules: ChangeRules) -> Change:
    """The amount's change before the levels are linked."""
    marked = role_of(doc, amount, rules)
    if marked.role == "by" and marked.walk_from == amount.end + 1:
        return Change(_noun_direction(doc, amount, rules), "by")
    direction = direction_before(doc, marked.walk_from, spans, rules)
    if marked.role is None:
        # an amount right after its change word is the change's size: "rose 2%", "up 19 cents"
        return Change(direction, "by") if direction is not None else NO_CHANGE
    # without a change word, a "to" or "from" level counts only if `link_levels` pairs it
    return Change(direction, marked.role)


def _level_before(changes: list[Change], spans: Sequence[Span], k: int, doc: Doc) -> int | None:
    """The nearest amount before amount k in its sentence and unit that is no change's size."""
    sent = doc[spans[k].first].sent.start
    for j in range(k - 1, -1, -1):
        if spans[j].first < sent:
            return None
        if spans[j].unit == spans[k].unit and changes[j].role != "by":
            return j
    return None


def _level_after(changes: list[Change], spans: Sequence[Span], k: int, doc: Doc) -> int | None:
    """The amount marked "to" right after a "from" amount in its sentence and unit ("from $3m to $5m")."""
    sent_end = doc[spans[k].first].sent.end
    j = k + 1
    if j == len(spans) or spans[j].first >= sent_end or spans[j].unit != spans[k].unit:
        return None
    return j if changes[j].role == "to" else None


def _by_values(new: float | int, old: float | int) -> Direction | None:
    return "rise" if new > old else "fall" if new < old else None


def link_levels(doc: Doc, spans: Sequence[Span], changes: list[Change]) -> list[Change]:
    """Each "from" amount gives its value to the level reached in the same change."""
    linked = list(changes)
    for k, change in enumerate(changes):
        if change.role != "from":
            continue
        j = _level_after(linked, spans, k, doc)
        if j is None:
            j = _level_before(linked, spans, k, doc)
        if j is None:
            continue
        direction = change.direction or linked[j].direction or _by_values(spans[j].value, spans[k].value)
        linked[j] = replace(linked[j], direction=direction, role="to", changed_from=spans[k].value)
        linked[k] = replace(change, direction=direction)
    return linked


def stated(change: Change) -> Change:
    """A level with neither a change word nor a level it changed from states no change ("sold
    to", "traded at $5", "from $10" alone)."""
    return change if change.direction is not None else NO_CHANGE


def find_changes(doc: Doc, spans: Sequence[Span], rules: ChangeRules) -> list[Change]:
    """The change of each amount in `spans` (in text order), NO_CHANGE where the text states none."""
    changes = [read_change(doc, s, spans, rules) for s in spans]
    return [stated(c) for c in link_levels(doc, spans, changes)]
