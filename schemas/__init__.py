"""Pydantic models of the record contract and the JSON Schema files generated from them."""
from schemas.models import (  # noqa: F401
    CATEGORIES, SCHEMA_VERSION, AnyRecord, DateMention, DocumentRecord, ErrorRecord, Mention,
    Official, Place, Position, Quantity, Slogan, parse_line,
)
