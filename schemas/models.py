"""The record contract v1 (see docs/records.md and docs/design.md).

Field names are a public contract: downstream loaders and CI validation depend on them.
Change them only with a SCHEMA_VERSION bump and a migration note in docs.
Offsets are half-open `[start, end)`; `start/end` index the ORIGINAL input text,
`norm_start/norm_end` the normalised text.
"""
from __future__ import annotations

from typing import Annotated, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, TypeAdapter

SCHEMA_VERSION = "1.0"

PublishedBasis = Literal["explicit", "dateline", "inferred", "unknown"]
Script = Literal["simplified", "traditional", "mixed"]
Role = Literal["official", "media", "business", "other"]
PlaceLevel = Literal["country", "province", "city", "county", "town", "village", "zone", "region", "foreign"]
Granularity = Literal["day", "month", "quarter", "year", "span", "part_of_day", "week", "season"]
QuantityKind = Literal["count", "money", "percent", "area", "volume", "duration", "other"]
Comparator = Literal["eq", "ge", "le", "gt", "approx"]
Stage = Literal["ingest", "decode", "normalise", "metadata", "extract", "records", "sink"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Mention(_Strict):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    norm_start: int = Field(ge=0)
    norm_end: int = Field(ge=0)


class Position(_Strict):
    org: Optional[str]
    title: str
    text: str


class Official(_Strict):
    name: str
    role: Role
    positions: list[Position]
    mentions: list[Mention]


class Place(_Strict):
    name: str
    canonical: Optional[str]
    adcode: Optional[str] = Field(pattern=r"^\d{6}$")
    level: PlaceLevel
    mentions: list[Mention]


class DateMention(_Strict):
    text: str
    start: Optional[str] = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    end: Optional[str] = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    granularity: Granularity
    modifier: Optional[str]
    mention: Mention


class Quantity(_Strict):
    text: str
    kind: QuantityKind
    value: float
    value_max: Optional[float] = None
    unit: str
    comparator: Comparator
    subject: Optional[str]
    place: Optional[str]
    period: Optional[str]
    is_target: bool
    group: Optional[int]
    mention: Mention


class Slogan(_Strict):
    text: str
    number: Optional[int]
    head: Optional[str]
    items: list[str]
    items_complete: bool
    mentions: list[Mention]


class DocumentRecord(_Strict):
    schema_version: Literal["1.0"] = SCHEMA_VERSION
    doc_id: str = Field(pattern=r"^[0-9a-f]{64}$")
    source: str
    pipeline_version: str
    title: Optional[str]
    published: Optional[str] = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    published_basis: PublishedBasis
    script: Script
    officials: list[Official]
    places: list[Place]
    dates: list[DateMention]
    quantities: list[Quantity]
    slogans: list[Slogan]
    warnings: list[str]


class ErrorRecord(_Strict):
    schema_version: Literal["1.0"] = SCHEMA_VERSION
    source: str
    doc_id: Optional[str] = Field(pattern=r"^[0-9a-f]{64}$")
    stage: Stage
    reason: str


CATEGORIES = ("officials", "places", "dates", "quantities", "slogans")


def _record_kind(value) -> str:
    """The union's discriminator: an error record is the one with a `stage` (what failed)."""
    if isinstance(value, dict):
        return "error" if "stage" in value else "record"
    return "error" if isinstance(value, ErrorRecord) else "record"


AnyRecord = Annotated[Union[Annotated[DocumentRecord, Tag("record")], Annotated[ErrorRecord, Tag("error")]],
                      Discriminator(_record_kind)]
_ANY_RECORD = TypeAdapter(AnyRecord)


def parse_line(raw: bytes | str) -> DocumentRecord | ErrorRecord:
    """One JSONL line of output validated as the contract's union (raises pydantic.ValidationError)."""
    return _ANY_RECORD.validate_json(raw)
