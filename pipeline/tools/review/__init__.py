"""`govextract review`: one static HTML page that shows every item next to the words it came from.

Users judge extraction by looking: each document's text with its mentions highlighted by
category, the item behind a highlight on click or focus, a table per category, and — with gold
annotations — the `govextract eval` scores per document and in total, extras marked in the text
and misses listed. The page is a single file (pipeline/tools/review/page.py) that needs no server and
loads nothing from outside; documents are rendered only when opened, so 2,000 of them open fast.
"""
from __future__ import annotations

import html
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import orjson
from pydantic import ValidationError

from pipeline.tools.evaluate import diff_document, doc_key, evaluate, format_report
from pipeline.stages.ingest import TEXT_FIELDS
from pipeline.tools.review.page import write_page
from pipeline.tools.review.payload import MAIN, document_payload, gold_payload, index_entry
from pipeline.tools.review.texts import Texts
from schemas import DocumentRecord, ErrorRecord

__all__ = ["ReviewSummary", "build_review", "read_records"]


@dataclass
class ReviewSummary:
    documents: int = 0
    records: int = 0
    errors: int = 0
    unreadable: int = 0
    problems: list[str] = field(default_factory=list)   # invalid lines, unreadable sources
    output: Path | None = None


def record_files(paths: Iterable[Path]) -> list[Path]:
    """The given files plus the `errors.jsonl` a run writes beside each records file, so failed
    documents appear on the page too."""
    out: list[Path] = []
    for p in paths:
        if p not in out:
            out.append(p)
        errors = p.with_name("errors.jsonl")
        if p.name != "errors.jsonl" and errors.is_file() and errors not in out:
            out.append(errors)
    return out


def read_records(paths: Iterable[Path], problems: list[str]) -> list[dict]:
    """Records and error records, each line checked against the contract: the page trusts their
    shape. An invalid line is listed among the problems and left out; an unreadable file raises."""
    out = []
    for path in paths:
        for lineno, raw in enumerate(path.read_bytes().splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                obj = orjson.loads(raw)
                if not isinstance(obj, dict):
                    raise ValueError("line is not a JSON object")
                model = ErrorRecord if "stage" in obj and "officials" not in obj else DocumentRecord
                model.model_validate_json(raw)
            except (orjson.JSONDecodeError, ValidationError, ValueError) as exc:
                problems.append(f"{path}:{lineno}: invalid record, left out: {str(exc).splitlines()[0][:300]}")
                continue
            out.append(obj)
    return out


def _gold_index(gold_docs: list[dict]) -> dict[str, dict]:
    return {doc_key(g): g for g in gold_docs}


def build_review(paths: list[Path], output: Path, gold: Path | None = None, base: Path | None = None,
                 text_fields=TEXT_FIELDS, with_errors_beside: bool = True) -> ReviewSummary:
    """Read records (+ errors beside them), their texts and optional gold; write the page."""
    from pipeline.tools.evaluate import load_jsonl

    summary = ReviewSummary(output=output)
    files = record_files(paths) if with_errors_beside else list(paths)
    records = read_records(files, summary.problems)
    texts = Texts(Path.cwd() if base is None else base, text_fields)
    gold_docs = load_jsonl(gold) if gold is not None else None
    gold_by_key = _gold_index(gold_docs) if gold_docs is not None else {}

    entries, payloads = [], []
    unreadable: Counter[str] = Counter()
    for rec in records:
        is_error = "stage" in rec
        text = texts.get(rec["source"], rec.get("doc_id"))
        if text.problem and not (is_error and rec.get("doc_id") is None):
            unreadable[text.problem] += 1
        gold_doc = gold_by_key.get(doc_key(rec)) if not is_error else None
        gold_info = None
        if gold_doc is not None:
            gold_info = gold_payload(diff_document(gold_doc, rec), gold_doc, rec)
        elif gold_docs is not None and not is_error:
            gold_info = {"absent": True, "scores": {}, "extras": {}, "misses": {}, "extra_units": {}}
        entries.append(index_entry(rec, text.problem, gold_info))
        payloads.append(document_payload(rec, text.text, text.problem, gold_info))
        summary.documents += 1
        summary.errors += is_error
        summary.records += not is_error
    summary.unreadable = sum(unreadable.values())
    summary.problems.extend(f"{reason}" for reason in unreadable)

    index = {
        "categories": list(MAIN),
        "docs": entries,
        "problems": summary.problems,
        "sources": [str(p) for p in files],
        "versions": sorted({r["pipeline_version"] for r in records if "pipeline_version" in r}),
        "gold": _gold_totals(gold, gold_docs, records) if gold_docs is not None else None,
    }
    _write_atomic(output, index, payloads, f"govextract review — {summary.documents} documents")
    return summary


def _gold_totals(gold: Path, gold_docs: list[dict], records: list[dict]) -> dict:
    """The totals exactly as `govextract eval GOLD RECORDS` prints them (same function)."""
    scores, missing = evaluate(gold_docs, records)
    return {
        "file": str(gold),
        "scores": {name: [s.tp, s.fp, s.fn] for name, s in scores.items()},
        "missing": missing,
        "report": format_report(scores, missing),
    }


def _write_atomic(output: Path, index: dict, payloads: list[dict], title: str) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write_page(fh, index, payloads, html.escape(title))
        os.chmod(tmp, 0o644)
        os.replace(tmp, output)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
