"""Build validated records from extractor items: the one place that knows the contract."""
from __future__ import annotations

from pydantic import ValidationError

from pipeline.shared.base import mention_spans
from pipeline.stages.normalise import NormText
from schemas import CATEGORIES, DocumentRecord, ErrorRecord


def make_mention(norm: NormText, span: tuple[int, int]) -> dict:
    ns, ne = span
    start, end = norm.orig_span(ns, ne)
    return {"text": norm.text[ns:ne], "start": start, "end": end, "norm_start": ns, "norm_end": ne}


def item_data(item: dict, norm: NormText) -> dict:
    """The item with its mentions mapped to original offsets (validated with the record)."""
    data = dict(item)
    if "mentions" in data:
        data["mentions"] = [make_mention(norm, s) for s in sorted(set(mention_spans(item)))]
    else:
        data["mention"] = make_mention(norm, item["mention"])
    return data


def item_fields(norm: NormText, items: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Every category's items as plain dicts with mentions mapped to original offsets."""
    return {cat: [item_data(it, norm) for it in items.get(cat, [])] for cat in CATEGORIES}


def build_record(*, doc_id: str, source: str, pipeline_version: str, meta, norm: NormText | None,
                 items: dict[str, list[dict]] | None = None, fields: dict[str, list[dict]] | None = None,
                 script: str | None = None, warnings: list[str] | None = None) -> DocumentRecord | ErrorRecord:
    """A DocumentRecord, or an ErrorRecord (stage `records`) when an item breaks the contract.

    Either `items` (extractor output over `norm`) or already mapped `fields` (long documents
    processed piece by piece, see pipeline/stages/pieces.py)."""
    try:
        if fields is None:
            fields = item_fields(norm, items or {})
        # One validation of the whole record (pydantic-core, in Rust) instead of one per mention.
        return DocumentRecord.model_validate(dict(
            doc_id=doc_id, source=source, pipeline_version=pipeline_version, title=meta.title,
            published=meta.published.isoformat() if meta.published else None,
            published_basis=meta.basis, script=script or norm.script,
            warnings=list(norm.warnings if warnings is None else warnings), **fields))
    except (ValidationError, KeyError, TypeError, ValueError) as exc:
        return ErrorRecord(source=source, doc_id=doc_id, stage="records",
                           reason=f"record failed validation (a bug, please report): {exc}"[:2000])
