"""Very long documents in bounded pieces: memory stays flat whatever the input size.

The extractors build one spaCy token per character, so a 10 MB "article" (a crawl that glued
a whole site together, or a hostile input) would need gigabytes at once. Above
`MAX_PIECE_CHARS` the original text is cut at line ends (else sentence ends, else hard) into
pieces that are normalised and extracted one after another; their items are shifted into
whole-document offsets and merged (same official / place / slogan → one item with all
mentions). Context does not cross a cut — a surname-only mention whose full name is in an
earlier piece is missed — a price paid only by documents far longer than any real article.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from pydantic import TypeAdapter

from schemas import CATEGORIES, DocumentRecord
from pipeline.shared.tables import sentence_end_re

MAX_PIECE_CHARS = 200_000
_SENTENCE_END = sentence_end_re(newline=False)


def split_pieces(text: str, max_chars: int = MAX_PIECE_CHARS) -> Iterator[tuple[int, str]]:
    """(original offset, piece) with every piece ≤ max_chars; cuts after a newline when possible."""
    pos = 0
    n = len(text)
    while pos < n:
        end = min(n, pos + max_chars)
        if end < n:
            cut = text.rfind("\n", pos + max_chars // 2, end)
            if cut < 0:
                last = None
                for last in _SENTENCE_END.finditer(text, pos + max_chars // 2, end):
                    pass
                cut = last.start() if last else end - 1
            end = cut + 1
        yield pos, text[pos:end]
        pos = end


def _shift_mention(m: dict, orig: int, norm: int) -> dict:
    return {**m, "start": m["start"] + orig, "end": m["end"] + orig,
            "norm_start": m["norm_start"] + norm, "norm_end": m["norm_end"] + norm}


def shift_fields(fields: dict[str, list[dict]], orig: int, norm: int) -> dict[str, list[dict]]:
    """A piece's mapped items moved to whole-document offsets."""
    out = {}
    for cat, items in fields.items():
        moved = []
        for it in items:
            it = dict(it)
            if "mentions" in it:
                it["mentions"] = [_shift_mention(m, orig, norm) for m in it["mentions"]]
            else:
                it["mention"] = _shift_mention(it["mention"], orig, norm)
            moved.append(it)
        out[cat] = moved
    return out


_MERGE_KEY = {
    "officials": lambda it: (it["name"], it["role"]),
    "places": lambda it: (it["name"], it["adcode"], it["level"]),
    "slogans": lambda it: (it["text"],),
}


# Per-mention categories: never merged across pieces, so they can be serialised piece by piece.
SPILLED = ("dates", "quantities")


@lru_cache(maxsize=None)
def _list_adapter(cat: str) -> TypeAdapter:
    return TypeAdapter(list[DocumentRecord.model_fields[cat].annotation.__args__[0]])


class FieldMerger:
    """Accumulates pieces' items; entities seen in several pieces become one item.

    Categories in `spill` are validated and turned into JSON bytes as each piece arrives."""

    def __init__(self, spill: tuple[str, ...] = ()) -> None:
        self.fields: dict[str, list[dict]] = {cat: [] for cat in CATEGORIES}
        self._index: dict[str, dict[tuple, dict]] = {cat: {} for cat in _MERGE_KEY}
        self._next_group = 0
        self.spill = spill
        self.spilled: dict[str, list[bytes]] = {cat: [] for cat in spill}
        self.spilled_counts: dict[str, int] = {cat: 0 for cat in spill}

    def add(self, fields: dict[str, list[dict]]) -> None:
        group_base = self._next_group
        for cat in CATEGORIES:
            if cat == "quantities":
                for it in fields.get(cat, []):
                    if it.get("group") is not None:
                        it["group"] += group_base
                        self._next_group = max(self._next_group, it["group"] + 1)
            if cat in self.spill:
                items = fields.get(cat, [])
                if items:
                    adapter = _list_adapter(cat)
                    self.spilled[cat].append(adapter.dump_json(adapter.validate_python(items))[1:-1])
                    self.spilled_counts[cat] += len(items)
                continue
            for it in fields.get(cat, []):
                key_of = _MERGE_KEY.get(cat)
                if key_of is None:
                    self.fields[cat].append(it)
                    continue
                key = key_of(it)
                seen = self._index[cat].get(key)
                if seen is None:
                    self._index[cat][key] = it
                    self.fields[cat].append(it)
                    continue
                seen["mentions"].extend(it["mentions"])
                if cat == "officials":
                    seen["positions"].extend(p for p in it["positions"] if p not in seen["positions"])
                elif cat == "slogans":
                    seen["items"].extend(x for x in it["items"] if x not in seen["items"])
                    seen["items_complete"] = seen["items_complete"] or it["items_complete"]


@dataclass
class SpilledRecord:
    """A long document's record as its JSONL line: `header` is the validated record with the
    spilled categories left empty; `counts` gives their real lengths."""
    header: DocumentRecord
    line: bytes
    counts: dict[str, int]

    @classmethod
    def splice(cls, header: DocumentRecord, spilled: dict[str, list[bytes]], counts: dict[str, int]) -> "SpilledRecord":
        empty = b"".join(b'"%s":[],' % cat.encode() for cat in SPILLED)[:-1]
        line = header.__pydantic_serializer__.to_json(header)
        if line.count(empty) != 1:      # cannot happen: JSON escapes quotes inside strings
            raise ValueError("cannot place the spilled items in the record line")
        before, after = line.split(empty)
        parts = [before]
        for i, cat in enumerate(SPILLED):
            parts.append(b'%s"%s":[' % (b"," if i else b"", cat.encode()))
            for j, chunk in enumerate(spilled[cat]):
                parts.append(b"," + chunk if j else chunk)
            parts.append(b"]")
        parts += [after, b"\n"]
        return cls(header, b"".join(parts), counts)     # one copy of the bytes, not three

    def __getattr__(self, name):
        return getattr(self.header, name)

    def count(self, category: str) -> int:
        return self.counts.get(category, len(getattr(self.header, category)))


def merge_warnings(pieces: list[list[str]]) -> list[str]:
    """`"pinyin glosses removed: 3"` + `"...: 4"` → `"...: 7"`; other warnings once each."""
    totals: dict[str, int] = {}
    plain: list[str] = []
    for warnings in pieces:
        for w in warnings:
            head, _, count = w.rpartition(": ")
            if head and count.isdigit():
                totals[head] = totals.get(head, 0) + int(count)
            elif w not in plain:
                plain.append(w)
    return [f"{h}: {n}" for h, n in totals.items()] + plain


def merge_script(scripts: list[str]) -> str:
    kinds = set(scripts)
    return kinds.pop() if len(kinds) == 1 else "mixed"
