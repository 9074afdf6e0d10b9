"""Extraction in worker processes, results in input order whatever the number of workers.

The parent reads and decodes inputs (cheap); a `fork` process pool extracts (expensive) and
returns each document as its finished JSONL line, so the parent only writes. Batches of
documents keep inter-process traffic low; at most 2×N batches are in flight, so memory stays
bounded on inputs of any length.
"""
from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from pipeline.stages.ingest import InputDoc
from pipeline.stages.pieces import SpilledRecord
from pipeline.stages.process import process_to_line
from pipeline.shared.sinks import dumps
from schemas import CATEGORIES, ErrorRecord

log = logging.getLogger("govextract.workers")

BATCH_DOCS = 32               # documents per task sent to a worker
BATCH_CHARS = 300_000         # ... or fewer when they are long


@dataclass
class Outcome:
    """What one input document became; computed in the worker so the parent only writes."""
    kind: str                      # "record" | "error"
    line: bytes
    source: str
    doc_id: str | None
    chars: int = 0
    items: dict[str, int] = field(default_factory=dict)
    stage: str | None = None
    reason: str | None = None


def outcome_of(unit: InputDoc | ErrorRecord) -> Outcome:
    """Extract one document (or pass an ingest error through) into its output line."""
    chars = 0
    try:
        if isinstance(unit, InputDoc):
            chars = len(unit.text)
            result, line = process_to_line(unit)
        else:
            result, line = unit, dumps(unit)
    except Exception as exc:  # noqa: BLE001 — a record that cannot be serialised is an error record
        result = ErrorRecord(source=unit.source, doc_id=unit.doc_id, stage="sink",
                             reason=f"{type(exc).__name__}: {exc}"[:2000])
        line = dumps(result)
    if isinstance(result, ErrorRecord):
        return Outcome("error", line, result.source, result.doc_id, chars, stage=result.stage, reason=result.reason)
    counts = result.count if isinstance(result, SpilledRecord) else (lambda c: len(getattr(result, c)))
    return Outcome("record", line, result.source, result.doc_id, chars, items={c: counts(c) for c in CATEGORIES})


def _process_batch(units: list) -> list[Outcome]:
    return [outcome_of(u) for u in units]


def _warm_worker() -> None:
    """Load the spaCy pipeline once per worker process, before its first task."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent handles Ctrl-C
    _die_with_parent()
    from pipeline.stages.nlp import load_nlp
    load_nlp()


def _die_with_parent() -> None:
    """Linux: a worker gets SIGKILL when the parent dies (e.g. killed by the OOM killer)."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, 9)          # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        pass


def _batches(units: Iterable) -> Iterator[list]:
    batch, chars = [], 0
    for unit in units:
        batch.append(unit)
        chars += len(unit.text) if isinstance(unit, InputDoc) else 0
        if len(batch) >= BATCH_DOCS or chars >= BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def ordered_outcomes(units: Iterable, workers: int) -> Iterator[Outcome]:
    """Outcomes in input order; with workers > 1 a bounded window of batches is in flight."""
    if workers <= 1:
        for unit in units:
            yield outcome_of(unit)
        return
    pool = _OrderedPool(workers)
    try:
        for batch in _batches(units):
            pool.submit(batch)
            if len(pool.window) >= 2 * workers:
                yield from pool.take()
        while pool.window:
            yield from pool.take()
    finally:
        pool.close()


def _fork_pool(workers: int) -> ProcessPoolExecutor:
    import multiprocessing

    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_warm_worker)


class _OrderedPool:
    """A process pool fed batches and read in submission order, surviving a worker's death.

    A worker killed mid-batch (the OOM killer, a crash in a C extension) breaks the whole pool;
    the batch it held is then re-run one document per fresh process, so only the document that
    kills its process becomes an error record, and the pool is rebuilt for the rest."""

    def __init__(self, workers: int):
        self.workers = workers
        self.pool = _fork_pool(workers)
        self.window: deque = deque()

    def submit(self, batch: list) -> None:
        self.window.append((batch, self.pool.submit(_process_batch, batch)))

    def take(self) -> list[Outcome]:
        batch, future = self.window.popleft()
        try:
            return future.result()
        except BrokenProcessPool:
            log.warning("a worker process died; isolating its batch of %d documents", len(batch),
                        extra={"event": "worker_died"})
            self.pool.shutdown(wait=True, cancel_futures=True)
            results = [_isolated(unit) for unit in batch]
            pending = [b for b, _ in self.window]
            self.pool = _fork_pool(self.workers)
            self.window = deque()
            for b in pending:
                self.submit(b)
            return results

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _isolated(unit) -> Outcome:
    """One document in its own process: an error record if that process dies."""
    with _fork_pool(1) as solo:
        try:
            return solo.submit(outcome_of, unit).result()
        except BrokenProcessPool:
            source = unit.source
            doc_id = unit.doc_id
            err = ErrorRecord(source=source, doc_id=doc_id, stage="extract",
                              reason="the extraction process died on this document (killed, out of memory, "
                                     "or a crash in a native library)")
            return Outcome("error", dumps(err), source, doc_id, len(getattr(unit, "text", "")),
                           stage=err.stage, reason=err.reason)
