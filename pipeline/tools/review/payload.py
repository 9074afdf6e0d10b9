"""What the page embeds per document (the record, its text, its gold diff) and in the list index.

The list index is small (title, counts, flags, a search string) so the page can show 2,000
documents at once; the full payload of a document is parsed only when it is opened.
"""
from __future__ import annotations

from typing import Any

from pipeline.tools.evaluate import CATEGORY_KEYS, CategoryDiff
from schemas import CATEGORIES

MAIN = CATEGORIES   # the categories that are record fields with mentions to highlight
_DROP = ("schema_version", "pipeline_version")
_SEARCH_FIELDS = {
    "officials": ("name",), "places": ("name", "canonical"), "dates": ("text",),
    "quantities": ("text", "subject"), "slogans": ("text",),
}


def _spans(mentions: list[dict] | None) -> list:
    """Mentions as [start, end]: the page takes their characters from the original text."""
    return [[m.get("start"), m.get("end")] for m in mentions or []]


def _table(items: list[dict]) -> dict:
    """A category as column names + rows: field names once per category, not once per item,
    which keeps a page of thousands of documents small (assets/review.js turns rows back into
    objects when a document is opened)."""
    keys = list(dict.fromkeys(k for it in items for k in it))
    rows = [[it.get(k) for k in keys] for it in items]
    for k in ("mentions", "mention"):
        if k in keys:
            j = keys.index(k)
            for row in rows:
                row[j] = _spans(row[j]) if k == "mentions" else _spans([row[j] or {}])[0]
    return {"k": keys, "r": rows}


def document_payload(rec: dict, text: str | None, problem: str | None, gold: dict | None) -> dict:
    """A record or an error record as the page's JavaScript reads it (see assets/review.js)."""
    doc: dict[str, Any] = {k: v for k, v in rec.items() if k not in _DROP and k not in MAIN}
    if "stage" in rec:
        doc["kind"] = "error"
    else:
        doc["kind"] = "record"
        for cat in MAIN:
            doc[cat] = _table(rec.get(cat, []))
    doc["text"] = text
    doc["problem"] = problem
    if gold is not None:
        doc["gold"] = gold
    return doc


def index_entry(rec: dict, problem: str | None, gold: dict | None) -> dict:
    """One row of the document list: what the list shows, filters on and searches."""
    is_error = "stage" in rec
    title = rec.get("title") or ""
    words = [title, rec.get("source", "")]
    if is_error:
        words.append(rec.get("reason", ""))
    for cat, fields in _SEARCH_FIELDS.items():
        for it in rec.get(cat, []):
            words.extend(str(it[f]) for f in fields if it.get(f))
            if cat == "slogans":
                words.extend(it.get("items", []))
    entry = {
        "t": title,
        "s": rec.get("source", ""),
        "p": rec.get("published"),
        "c": [len(rec.get(cat, [])) for cat in MAIN],
        "e": 1 if is_error else 0,
        "u": 1 if problem else 0,
        "w": len(rec.get("warnings", [])),
        "tg": 1 if any(q.get("is_target") for q in rec.get("quantities", [])) else 0,
        "q": "\n".join(words).lower(),
    }
    if gold is not None:
        entry["x"] = sum(len(v) for v in gold["extras"].values())
        entry["m"] = sum(len(gold["misses"].get(cat, [])) for cat in MAIN)
    return entry


def _num(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return f"{v:,}" if isinstance(v, (int, float)) else str(v)


def _describe(name: str, item: dict, unit: Any) -> str:
    """A scored unit (a gold one nobody extracted, or an extracted one gold lacks) in words an
    annotator recognises."""
    if name == "officials":
        return str(unit)
    if name == "officials_title":
        return f"{unit[0]} · {unit[1]}"
    if name == "places":
        extra = ", ".join(str(x) for x in (item.get("canonical"), item.get("adcode"), item.get("level")) if x)
        return f"{item.get('name')} ({extra})" if extra else str(item.get("name"))
    if name == "dates":
        return f"{item.get('text', '')} {item.get('start') or '…'} → {item.get('end') or '…'}".strip()
    if name in ("quantities", "quantities_subject", "quantities_target"):
        what = f"{item.get('kind')} {item.get('comparator', '')} {_num(item.get('value'))}".strip()
        subject = f", subject {item.get('subject')}" if name == "quantities_subject" else ""
        subject += f", target {bool(item.get('is_target'))}" if name == "quantities_target" else ""
        return f"{item.get('text') or what} ({what}{subject})"
    if name == "slogans":
        return str(item.get("text"))
    if name == "slogan_items":
        return f"{item.get('text')}: {unit[1]}"
    return str(unit)


def gold_payload(diffs: dict[str, CategoryDiff], gold_doc: dict, pred_doc: dict) -> dict:
    """Per-document scores, extra items (by record category and index), and the missed and the
    extra units of every scored category described in words."""
    extras: dict[str, list[int]] = {}
    for name, (field, _, _) in CATEGORY_KEYS.items():
        if name == field:   # the main categories: extras are items the text highlights
            extras[field] = diffs[name].extras
    misses, extra_units = {}, {}
    for name, diff in diffs.items():
        field = CATEGORY_KEYS[name][0]
        if diff.misses:
            misses[name] = [_describe(name, gold_doc.get(field, [])[i], unit) for i, unit in diff.misses]
        if diff.extra_units:
            extra_units[name] = [_describe(name, pred_doc.get(field, [])[i], unit) for i, unit in diff.extra_units]
    return {
        "scores": {name: [d.score.tp, d.score.fp, d.score.fn] for name, d in diffs.items()},
        "extras": extras,
        "misses": misses,
        "extra_units": extra_units,
    }
