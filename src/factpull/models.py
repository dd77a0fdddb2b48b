"""The one schema of a claim: pydantic models shared by the pipeline, the renderers and the CLI.

Nothing here imports spaCy, so `factpull schema` and the renderers stay fast. The field
descriptions are the contract's documentation: they end up in the JSON Schema.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

#: Bump the minor version for added optional fields, the major one for anything that breaks
#: a script reading the previous version.
SCHEMA_VERSION = "1.1"

Qualifier = Literal[
    "more than", "at least", "about", "nearly", "up to", "at most", "fewer than", "exactly"
]
PlaceKind = Literal["city", "county", "state", "country", "region", "natural", "other"]


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Mention(_Closed):
    """One place in the input where a claim's subject is named."""

    text: str = Field(description="Exact surface text: input[start:end] == text.")
    start: int = Field(ge=0, description="Character offset (Unicode code points) of the first character.")
    end: int = Field(ge=0, description="Character offset just past the last character.")
    sentence: int = Field(ge=0, description="0-based index of the sentence holding the mention.")


class _ClaimBase(_Closed):
    text: str = Field(description="Exact surface text of the claim: input[start:end] == text.")
    start: int = Field(ge=0, description="Character offset (Unicode code points) of `text` in the input.")
    end: int = Field(ge=0, description="Character offset just past the end of `text`.")
    sentence: int = Field(ge=0, description="0-based index of the sentence the claim is in.")
    confidence: float = Field(
        ge=0.0, le=1.0, description="How sure the extractor is, from 0 to 1; comparable within a type."
    )


class CountClaim(_ClaimBase):
    """A number of discrete things or people that the text states as a fact."""

    type: Literal["count"] = "count"
    value: float | int = Field(description="The number counted (the low end of a range).")
    value_high: float | int | None = Field(
        default=None, description="High end when the text gives a range ('between 10 and 20')."
    )
    qualifier: Qualifier | None = Field(
        default=None, description="Normalised approximation or bound: 'over 300' -> 'more than'."
    )
    counted: str | None = Field(
        default=None, description="The noun phrase counted, e.g. 'people with criminal convictions'."
    )
    counted_head: str | None = Field(default=None, description="Head noun of `counted`, e.g. 'people'.")
    event: str | None = Field(
        default=None, description="Lemma of the verb the count takes part in: 'were arrested' -> 'arrest'."
    )
    negated: bool = Field(default=False, description="True when that verb is negated ('were not arrested').")
    place: str | None = Field(
        default=None, description="Canonical name of a place attached in the same clause, if any."
    )


class AmountClaim(_ClaimBase):
    """Money or a percentage: a quantity with a unit, kept apart from counts."""

    type: Literal["amount"] = "amount"
    value: float | int = Field(description="The amount in `unit`s ('$1.2 million' -> 1200000).")
    value_high: float | int | None = Field(default=None, description="High end of a range, if given.")
    unit: str = Field(description="ISO 4217 currency code ('USD', 'GBP', 'EUR', ...) or 'percent'.")
    qualifier: Qualifier | None = Field(default=None, description="Normalised approximation or bound.")
    change: Literal["rise", "fall"] | None = Field(
        default=None,
        description="Since 1.1. Direction of the change the amount is part of, where the text states one: "
        "'rose 2% to $11.1bn from $10.9bn' -> 'rise' for all three amounts.",
    )
    change_role: Literal["by", "to", "from"] | None = Field(
        default=None,
        description="Since 1.1. The amount's part in that change: 'by' its size ('rose 2%', 'a 3% drop'), "
        "'to' the level reached ('to $11.1bn'), 'from' the level it started at or is compared with "
        "('from $10.9bn', 'compared with $3m').",
    )
    changed_from: float | int | None = Field(
        default=None,
        description="Since 1.1. On a 'to' amount, the value of the 'from' amount of the same change, in "
        "the same unit: 'to $11.1bn from $10.9bn' -> 10900000000.",
    )


class PlaceClaim(_ClaimBase):
    """One distinct place, however many times and under whatever names the text mentions it.

    `text`/`start`/`end`/`sentence` are those of the first mention.
    """

    type: Literal["place"] = "place"
    name: str = Field(description="Canonical name: 'Philadelphia' for 'Philly', 'United States' for 'U.S.'.")
    kind: PlaceKind = Field(default="other", description="What sort of place it is.")
    container: str | None = Field(
        default=None,
        description="The state or country the text places it in ('Oregon' for 'Portland, Oregon').",
    )
    mentions: list[Mention] = Field(description="Every mention of the place, in text order.")
    geonames_id: int | None = Field(
        default=None,
        description="GeoNames id of the place the name resolved to (since 1.1); null when unresolved.",
    )
    latitude: float | None = Field(
        default=None, description="WGS84 latitude from GeoNames (since 1.1); null when unknown."
    )
    longitude: float | None = Field(
        default=None, description="WGS84 longitude from GeoNames (since 1.1); null when unknown."
    )
    country_code: str | None = Field(
        default=None, description="ISO 3166-1 alpha-2 code of the country it lies in (since 1.1)."
    )
    admin1: str | None = Field(
        default=None,
        description="The first-level division (state, province) it lies in, by name (since 1.1).",
    )


class OperationClaim(_ClaimBase):
    """A named operation, campaign or codenamed action ('Operation Safe City')."""

    type: Literal["operation"] = "operation"
    name: str = Field(description="The operation's name without the word 'Operation': 'Safe City'.")
    mentions: list[Mention] = Field(description="Every mention of the operation, in text order.")


class QuoteClaim(_ClaimBase):
    """Speech reported in the text, direct (in quotation marks) or indirect.

    `text`/`start`/`end` cover the quoted content (without the quotation marks).
    """

    type: Literal["quote"] = "quote"
    content: str = Field(description="The quoted words (direct) or the reported clause (indirect).")
    speaker: str | None = Field(
        default=None,
        description="Canonical full name or group ('Tom Homan', 'ICE officials'); null if unknown.",
    )
    speaker_title: str | None = Field(
        default=None, description="Title or role given with the speaker ('ICE acting Director')."
    )
    speaker_mention: Mention | None = Field(
        default=None, description="The mention the speaker was attributed from (may be a pronoun or surname)."
    )
    direct: bool = Field(description="True for words inside quotation marks.")
    cue: str | None = Field(
        default=None, description="Lemma of the speech verb or cue ('say', 'according to')."
    )


class DateClaim(_ClaimBase):
    """A date the text mentions, resolved to a calendar day where it can be."""

    type: Literal["date"] = "date"
    value: dt.date | None = Field(
        default=None, description="The calendar day meant; relative dates resolve against `published`."
    )
    relative: bool = Field(
        default=False, description="True when the text names the day relative to publication ('Wednesday')."
    )


#: The claim models the Report accepts, in registry order; `register_claim_model` adds one.
CLAIM_MODELS: list[type[_ClaimBase]] = [
    CountClaim, AmountClaim, PlaceClaim, OperationClaim, QuoteClaim, DateClaim
]


def _claim_union(models: list[type[_ClaimBase]]) -> Any:
    return Annotated[Union[tuple(models)], Field(discriminator="type")]  # noqa: UP007 - built at run time


Claim = _claim_union(CLAIM_MODELS)


class Report(_Closed):
    """Everything factpull found in one input: the JSON document printed per input."""

    schema_version: str = Field(default=SCHEMA_VERSION, description="Version of this JSON contract.")
    source: str = Field(description="The input's path, '-' for stdin, or the id of a JSON Lines record.")
    published: dt.date | None = Field(
        default=None, description="The article's own date, from its dateline or first line."
    )
    claims: list[Claim] = Field(default_factory=list, description="Claims in order of their start offset.")
    error: str | None = Field(
        default=None, description="Why this input could not be read; `claims` is then empty."
    )


def register_claim_model(model: type[_ClaimBase]) -> None:
    """Let Reports hold claims of one more kind (see `factpull.kinds.register`)."""
    global Claim
    if model in CLAIM_MODELS:
        return
    CLAIM_MODELS.append(model)
    Claim = _claim_union(CLAIM_MODELS)
    Report.model_fields["claims"].annotation = list[Claim]
    Report.model_rebuild(force=True)


def unregister_claim_model(model: type[_ClaimBase]) -> None:
    """Take a kind's model out of the Report's union again, so the schema is as before."""
    global Claim
    if model not in CLAIM_MODELS:
        return
    CLAIM_MODELS.remove(model)
    Claim = _claim_union(CLAIM_MODELS)
    Report.model_fields["claims"].annotation = list[Claim]
    Report.model_rebuild(force=True)


ClaimBase = _ClaimBase


def report_json_schema() -> dict:
    """The JSON Schema of one output document, as `factpull schema` prints it."""
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "factpull report"
    return schema
