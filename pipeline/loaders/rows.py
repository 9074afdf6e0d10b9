"""One validated record → plain row tuples per table (pure Python, backend-independent).

Keys are positional: an item is `(doc_id, <item>_idx)` in the order of its list in the record,
and a nested row adds its own index (`(doc_id, official_idx, position_idx)`,
`(doc_id, place_idx, mention_idx)`, ...), so every row joins back to its document and item,
and every mention-bearing row carries the evidence offsets (start_char/end_char index the
original text = the record's `start/end`; norm_start/norm_end the normalised text).
"""
from __future__ import annotations

import orjson

from schemas import DocumentRecord, ErrorRecord

_M = ("start_char", "end_char", "norm_start", "norm_end")

# Column order = insert order = DDL order (ddl.py); a test checks they agree.
COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id", "schema_version", "source", "pipeline_version", "title", "published",
                  "published_basis", "script", "warnings"),
    "officials": ("doc_id", "official_idx", "name", "role"),
    "positions": ("doc_id", "official_idx", "position_idx", "org", "title", "text"),
    "official_mentions": ("doc_id", "official_idx", "mention_idx", "text") + _M,
    "places": ("doc_id", "place_idx", "name", "canonical", "adcode", "level"),
    "place_mentions": ("doc_id", "place_idx", "mention_idx", "text") + _M,
    "dates": ("doc_id", "date_idx", "text", "date_start", "date_end", "granularity", "modifier",
              "mention_text") + _M,
    "quantities": ("doc_id", "quantity_idx", "text", "kind", "value", "value_max", "unit", "comparator",
                   "subject", "place", "period", "is_target", "group_id", "mention_text") + _M,
    "slogans": ("doc_id", "slogan_idx", "text", "number", "head", "items_complete"),
    "slogan_items": ("doc_id", "slogan_idx", "item_idx", "item"),
    "slogan_mentions": ("doc_id", "slogan_idx", "mention_idx", "text") + _M,
    "errors": ("source", "doc_id", "stage", "reason", "schema_version"),
}
DOC_TABLES = tuple(t for t in COLUMNS if t != "errors")   # every table keyed by doc_id
TABLES = tuple(COLUMNS)


def new_buffer() -> dict[str, list[tuple]]:
    return {t: [] for t in TABLES}


def add_document(buf: dict[str, list[tuple]], r: DocumentRecord) -> None:
    """Append the rows of one document record to `buf` (table → list of row tuples)."""
    d = r.doc_id
    buf["documents"].append((d, r.schema_version, r.source, r.pipeline_version, r.title, r.published,
                             r.published_basis, r.script, orjson.dumps(r.warnings).decode()))
    officials, positions, om = buf["officials"], buf["positions"], buf["official_mentions"]
    for i, o in enumerate(r.officials):
        officials.append((d, i, o.name, o.role))
        for j, p in enumerate(o.positions):
            positions.append((d, i, j, p.org, p.title, p.text))
        for j, m in enumerate(o.mentions):
            om.append((d, i, j, m.text, m.start, m.end, m.norm_start, m.norm_end))
    places, pm = buf["places"], buf["place_mentions"]
    for i, p in enumerate(r.places):
        places.append((d, i, p.name, p.canonical, p.adcode, p.level))
        for j, m in enumerate(p.mentions):
            pm.append((d, i, j, m.text, m.start, m.end, m.norm_start, m.norm_end))
    dates = buf["dates"]
    for i, x in enumerate(r.dates):
        m = x.mention
        dates.append((d, i, x.text, x.start, x.end, x.granularity, x.modifier,
                      m.text, m.start, m.end, m.norm_start, m.norm_end))
    quantities = buf["quantities"]
    for i, q in enumerate(r.quantities):
        m = q.mention
        quantities.append((d, i, q.text, q.kind, q.value, q.value_max, q.unit, q.comparator, q.subject,
                           q.place, q.period, q.is_target, q.group,
                           m.text, m.start, m.end, m.norm_start, m.norm_end))
    slogans, items, sm = buf["slogans"], buf["slogan_items"], buf["slogan_mentions"]
    for i, s in enumerate(r.slogans):
        slogans.append((d, i, s.text, s.number, s.head, s.items_complete))
        for j, item in enumerate(s.items):
            items.append((d, i, j, item))
        for j, m in enumerate(s.mentions):
            sm.append((d, i, j, m.text, m.start, m.end, m.norm_start, m.norm_end))


def add_error(buf: dict[str, list[tuple]], e: ErrorRecord) -> None:
    buf["errors"].append((e.source, e.doc_id, e.stage, e.reason, e.schema_version))
