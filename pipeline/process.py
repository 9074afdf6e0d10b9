"""One document through the whole pipeline: normalise → metadata → extractors → record."""
from __future__ import annotations

import traceback
from functools import lru_cache

from pipeline import __version__
from pipeline.extractors.base import ArticleContext
from pipeline.ingest import InputDoc, sha256
from pipeline.metadata import extract_metadata
from pipeline.nlp import config_hash, load_nlp
from pipeline.normalise import normalise
from pipeline.records import build_record
from pipeline.rules import rules_hash
from schemas import CATEGORIES, DocumentRecord, ErrorRecord


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """Package version + short hashes of rules/ and config: which extractor made a record."""
    return f"{__version__}+rules.{rules_hash()}.cfg.{config_hash()}"


def process(doc: InputDoc) -> DocumentRecord | ErrorRecord:
    """Never raises: a failure in any stage becomes an ErrorRecord naming the stage."""
    stage = "normalise"
    try:
        norm = normalise(doc.text)
        stage = "metadata"
        meta = extract_metadata(norm, doc.published)
        stage = "extract"
        nlp = load_nlp()
        ctx = ArticleContext(norm=norm, published=meta.published, title=meta.title)
        sdoc = nlp.make_doc(norm.text)
        sdoc._.ctx = ctx
        for _, component in nlp.pipeline:
            sdoc = component(sdoc)
        stage = "records"
        return build_record(doc_id=doc.doc_id, source=doc.source, pipeline_version=pipeline_version(),
                            meta=meta, norm=norm, items={c: ctx.items.get(c, []) for c in CATEGORIES})
    except Exception as exc:  # noqa: BLE001 — reported as an error record, never swallowed
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return ErrorRecord(source=doc.source, doc_id=doc.doc_id, stage=stage,
                           reason=f"{type(exc).__name__}: {exc} (at {where.name}:{where.lineno})"[:2000])


def extract_text(text: str, published: str | None = None, source: str = "<text>"):
    """Convenience for tests and library users: one text → one record."""
    return process(InputDoc(source=source, doc_id=sha256(text.encode("utf-8")), text=text, published=published))
