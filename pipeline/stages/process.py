"""One document through the whole pipeline: normalise → metadata → extractors → record."""
from __future__ import annotations

import re
import traceback

from pipeline import __version__
from pipeline.shared.base import ArticleContext
from pipeline.stages.ingest import InputDoc, sha256
from pipeline.stages.metadata import extract_metadata
from pipeline.stages.nlp import config_hash, load_nlp
from pipeline.stages.normalise import normalise
from pipeline.stages import pieces
from pipeline.stages.pieces import SPILLED, FieldMerger, SpilledRecord, merge_script, merge_warnings, shift_fields, split_pieces
from pipeline.stages.records import build_record, item_fields
from pipeline.shared.rules import rules_hash
from pipeline.shared.sinks import dumps
from schemas import CATEGORIES, DocumentRecord, ErrorRecord


def pipeline_version() -> str:
    """Package version + short hashes of rules/ and config (with the run-time options and the NER
    model in force, see pipeline/stages/nlp.py): which extractor made a record."""
    return f"{__version__}+rules.{rules_hash()}.cfg.{config_hash()}"


def _extract_items(norm, meta) -> dict[str, list[dict]]:
    """Run the spaCy components over one normalised text; their items by category."""
    nlp = load_nlp()
    ctx = ArticleContext(norm=norm, published=meta.published, title=meta.title)
    # The memory zone frees the article's string and lexeme when the Doc is done: without it every
    # text stayed in the worker's vocabulary for the rest of a nightly run.
    with nlp.memory_zone():
        sdoc = nlp.make_doc(norm.text)
        sdoc._.ctx = ctx
        for _, component in nlp.pipeline:
            sdoc = component(sdoc)
    return {c: ctx.items.get(c, []) for c in CATEGORIES}


def process(doc: InputDoc) -> DocumentRecord | ErrorRecord:
    """Never raises: a failure in any stage becomes an ErrorRecord naming the stage."""
    stage = "normalise"
    try:
        if len(doc.text) > pieces.MAX_PIECE_CHARS:
            return _process_in_pieces(doc)
        norm = normalise(doc.text)
        stage = "metadata"
        meta = extract_metadata(norm, doc.published)
        stage = "extract"
        items = _extract_items(norm, meta)
        stage = "records"
        return build_record(doc_id=doc.doc_id, source=doc.source, pipeline_version=pipeline_version(),
                            meta=meta, norm=norm, items=items)
    except Exception as exc:  # noqa: BLE001 — reported as an error record, never swallowed
        return _error(doc, stage, exc)


def _error(doc: InputDoc, stage: str, exc: Exception) -> ErrorRecord:
    """The error record of a failed document. A doc_id that is not a sha256 (a library caller's
    own id) is not allowed in the record; it is named in the reason instead of raising here."""
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" (at {where.name}:{where.lineno})" if where else ""
    reason = f"{type(exc).__name__}: {exc}{at}"
    doc_id = doc.doc_id
    if doc_id is not None and not _SHA256.fullmatch(str(doc_id)):
        reason = f"doc_id {str(doc_id)[:80]!r} is not a sha256 hex digest; {reason}"
        doc_id = None
    return ErrorRecord(source=str(doc.source), doc_id=doc_id, stage=stage, reason=reason[:2000])


_SHA256 = re.compile(r"[0-9a-f]{64}")


def _process_in_pieces(doc: InputDoc, spill: bool = False):
    """A very long document, piece by piece (pipeline/stages/pieces.py): peak memory set by the piece.

    With `spill`, dates and quantities — the bulk of a huge record — are validated and
    serialised piece by piece and only their JSON bytes are kept; the result is then a
    `SpilledRecord` whose line equals `dumps()` of the full record (tests/test_pieces.py)."""
    merger = FieldMerger(spill=SPILLED if spill else ())
    scripts, warnings = [], []
    meta = None
    norm_offset = 0
    stage = "normalise"
    try:
        for orig_offset, piece in split_pieces(doc.text, pieces.MAX_PIECE_CHARS):
            stage = "normalise"
            norm = normalise(piece)
            if meta is None:
                stage = "metadata"
                meta = extract_metadata(norm, doc.published)
            stage = "extract"
            items = _extract_items(norm, meta)
            stage = "records"
            merger.add(shift_fields(item_fields(norm, items), orig_offset, norm_offset))
            del items
            scripts.append(norm.script)
            warnings.append(norm.warnings)
            norm_offset += len(norm.text)
        stage = "records"
        record = build_record(doc_id=doc.doc_id, source=doc.source, pipeline_version=pipeline_version(),
                              meta=meta, norm=None, fields=merger.fields, script=merge_script(scripts),
                              warnings=merge_warnings(warnings) + [f"long document processed in {len(scripts)} pieces"])
        if not spill or isinstance(record, ErrorRecord):
            return record
        return SpilledRecord.splice(record, merger.spilled, merger.spilled_counts)
    except Exception as exc:  # noqa: BLE001
        return _error(doc, stage, exc)


def process_to_line(doc: InputDoc) -> tuple[DocumentRecord | ErrorRecord | SpilledRecord, bytes]:
    """The batch path: the result and its JSONL line. Long documents never hold their whole
    record as objects (see `_process_in_pieces`)."""
    if len(doc.text) > pieces.MAX_PIECE_CHARS:
        result = _process_in_pieces(doc, spill=True)
        if isinstance(result, SpilledRecord):
            return result, result.line
    else:
        result = process(doc)
    return result, dumps(result)


def extract_text(text: str, published: str | None = None, source: str = "<text>"):
    """Convenience for tests and library users: one text → one record."""
    return process(InputDoc(source=source, doc_id=sha256(text.encode("utf-8")), text=text, published=published))
