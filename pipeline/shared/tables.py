"""Shared text tables (rules/text.toml): the sentence-end characters and the Chinese digits.

They were written four and three times over (pieces, dates, quantities, …) with small
differences; one validated table keeps every reader in step."""
from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from pipeline.shared.rules import load_toml


class TextTables(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    sentence_end: str
    division_levels: list[str]
    digits: dict[str, int]


TABLES = TextTables.model_validate(load_toml("text.toml"))
SENTENCE_END = TABLES.sentence_end
CN_DIGIT_VALUES: dict[str, int] = dict(TABLES.digits)
CN_DIGITS = "".join(TABLES.digits)
DIVISION_LEVELS: tuple[str, ...] = tuple(TABLES.division_levels)
LEVEL_CHARS = "".join(w for w in DIVISION_LEVELS if len(w) == 1)     # the one-character levels


def sentence_end_re(newline: bool = True) -> re.Pattern:
    """A sentence ends at one of SENTENCE_END (and, when `newline`, at a line end)."""
    return re.compile("[" + re.escape(SENTENCE_END + ("\n" if newline else "")) + "]")
