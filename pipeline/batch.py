"""A batch run: inputs → records.jsonl + errors.jsonl, with a summary that adds up."""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from pipeline.ingest import TEXT_FIELDS, iter_documents
from pipeline.process import process
from pipeline.sinks import AtomicJsonlWriter
from schemas import CATEGORIES, ErrorRecord


@dataclass
class Summary:
    documents: int = 0
    records: int = 0
    errors: int = 0
    chars: int = 0
    seconds: float = 0.0
    items: Counter = field(default_factory=Counter)
    error_reasons: Counter = field(default_factory=Counter)

    @property
    def chars_per_second(self) -> float:
        return self.chars / self.seconds if self.seconds else 0.0


def run_batch(inputs: Iterable[str], output: Path, text_fields=TEXT_FIELDS,
              on_document: Callable[[], None] | None = None) -> Summary:
    """Every input document ends as exactly one line in records.jsonl or in errors.jsonl."""
    started = time.perf_counter()
    summary = Summary()
    with AtomicJsonlWriter(output) as records, AtomicJsonlWriter(output.with_name("errors.jsonl")) as errors:
        for item in iter_documents(list(inputs), tuple(text_fields)):
            summary.documents += 1
            if not isinstance(item, ErrorRecord):
                summary.chars += len(item.text)
                item = process(item)
            if isinstance(item, ErrorRecord):
                errors.write(item)
                summary.error_reasons[f"{item.stage}: {item.reason[:80]}"] += 1
            else:
                records.write(item)
                for cat in CATEGORIES:
                    summary.items[cat] += len(getattr(item, cat))
            if on_document is not None:
                on_document()
    summary.records, summary.errors = records.count, errors.count
    summary.seconds = time.perf_counter() - started
    return summary
