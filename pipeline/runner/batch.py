"""A batch run: inputs → records.jsonl + errors.jsonl, exactly one line per input document.

The main process reads and decodes inputs (cheap), a process pool extracts (expensive), and
results come back in input order whatever the number of workers, so output is deterministic.
Lines are appended and committed in batches through the manifest (pipeline/runner/manifest.py):
a killed run loses at most its uncommitted tail, and `--incremental` resumes or skips
documents already done under the same pipeline version.
"""
from __future__ import annotations

import fcntl
import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from pipeline.stages.ingest import TEXT_FIELDS, iter_documents
from pipeline.runner.manifest import Manifest
from pipeline.stages.process import pipeline_version
from pipeline.shared.sinks import write_atomic
from pipeline.runner.workers import Outcome, ordered_outcomes
from schemas import CATEGORIES

log = logging.getLogger("govextract.batch")

COMMIT_EVERY_SECONDS = 2.0    # manifest commits: at most this much work is redone after a crash
COMMIT_EVERY_DOCS = 2_000


class RunConfigError(Exception):
    """A problem with how the run was asked for (exit code 2), not with a document."""


@dataclass
class Summary:
    """The run's accounting: inputs == records + errors + skipped_unchanged, always."""
    inputs: int = 0
    records: int = 0
    errors: int = 0
    skipped_unchanged: int = 0
    chars: int = 0
    seconds: float = 0.0
    workers: int = 1
    incremental: bool = False
    generation_reset: bool = True
    pipeline_version: str = ""
    start_bytes: dict = field(default_factory=dict)   # output sizes before this run appended
    items: Counter = field(default_factory=Counter)
    errors_by_stage: Counter = field(default_factory=Counter)
    error_reasons: Counter = field(default_factory=Counter)
    records_in_file: int = 0    # lines in records.jsonl / errors.jsonl after the run (this run + earlier ones)
    errors_in_file: int = 0

    @property
    def documents(self) -> int:
        """Documents extracted in this run (written as a record or an error record)."""
        return self.records + self.errors

    @property
    def chars_per_second(self) -> float:
        return self.chars / self.seconds if self.seconds else 0.0

    @property
    def adds_up(self) -> bool:
        return self.inputs == self.records + self.errors + self.skipped_unchanged

    def add(self, out: Outcome) -> None:
        self.chars += out.chars
        if out.kind == "record":
            self.records += 1
            self.items.update(out.items)
        else:
            self.errors += 1
            self.errors_by_stage[out.stage] += 1
            self.error_reasons[f"{out.stage}: {out.reason[:80]}"] += 1

    def to_json(self) -> dict:
        return {
            "pipeline_version": self.pipeline_version,
            "inputs": self.inputs, "records": self.records, "errors": self.errors,
            "skipped_unchanged": self.skipped_unchanged, "adds_up": self.adds_up,
            "records_in_file": self.records_in_file, "errors_in_file": self.errors_in_file,
            "errors_by_stage": dict(self.errors_by_stage), "error_reasons": dict(self.error_reasons),
            "items": {c: self.items.get(c, 0) for c in CATEGORIES},
            "chars": self.chars, "wall_seconds": round(self.seconds, 3),
            "chars_per_second": round(self.chars_per_second, 1),
            "docs_per_second": round(self.documents / self.seconds, 2) if self.seconds else 0.0,
            "workers": self.workers, "incremental": self.incremental,
            "fresh_generation": self.generation_reset,
        }


class _OutputLock:
    """One run per output folder at a time: a second concurrent run would interleave lines."""

    def __init__(self, folder: Path):
        self.path = folder / ".govextract.lock"

    def __enter__(self):
        try:
            self.fh = open(self.path, "a")
        except OSError as exc:
            raise RunConfigError(f"cannot write to output folder {self.path.parent}: {exc.strerror or exc}") from exc
        try:
            # a POSIX record lock: owned by this process only, so forked workers that outlive a
            # killed parent do not keep the folder locked
            fcntl.lockf(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.fh.close()
            raise RunConfigError(f"another govextract run is writing to {self.path.parent} (lock {self.path})")
        return self

    def __exit__(self, *exc):
        fcntl.lockf(self.fh, fcntl.LOCK_UN)
        self.fh.close()


def count_lines(path: Path) -> int:
    """Lines of a JSONL output (read in 1 MB blocks: files of a long-running nightly job are large)."""
    n = 0
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            n += block.count(b"\n")
    return n


def output_paths(output: Path) -> dict[str, Path]:
    return {"records": output, "errors": output.with_name("errors.jsonl")}


def run_batch(inputs: Iterable[str], output: Path, text_fields=TEXT_FIELDS,
              on_document: Callable[[Summary], None] | None = None, *, workers: int = 1,
              incremental: bool = False, sync=None) -> Summary:
    """Every input document ends as exactly one line in records.jsonl or errors.jsonl, or is
    counted as skipped (unchanged since an earlier incremental run). Writes run.json beside.
    `sync` (pipeline.runner.dbsync.DbSync) is told about every commit, to load the new lines."""
    output = Path(output)
    if output.exists() and output.is_dir():
        raise RunConfigError(f"--output {output} is a folder; give a file path such as {output / 'records.jsonl'}")
    if workers < 1:
        raise RunConfigError("--workers must be at least 1")
    folder = output.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RunConfigError(f"cannot create output folder {folder}: {exc.strerror or exc}") from exc
    started = time.perf_counter()
    version = pipeline_version()
    summary = Summary(workers=workers, incremental=incremental, pipeline_version=version)
    paths = output_paths(output)
    with _OutputLock(folder):
        manifest = Manifest.open(folder, paths, version, incremental)
        summary.generation_reset = manifest.generation_reset
        summary.start_bytes = {name: path.stat().st_size for name, path in paths.items()}
        if incremental and manifest.generation_reset and manifest.previous_version not in (None, version):
            log.info("pipeline version changed (%s → %s): extracting everything again",
                     manifest.previous_version, version)
        try:
            if sync is not None:
                sync.start(manifest, paths)
            _run(inputs, tuple(text_fields), paths, manifest, summary, workers, incremental, on_document, sync)
        finally:
            if sync is not None:
                sync.close()
            manifest.close()
        summary.seconds = time.perf_counter() - started
        summary.records_in_file = count_lines(paths["records"])
        summary.errors_in_file = count_lines(paths["errors"])
        write_atomic(folder / "run.json", orjson.dumps(summary.to_json(), option=orjson.OPT_INDENT_2) + b"\n")
    return summary


def _run(inputs, text_fields, paths, manifest: Manifest, summary: Summary, workers: int,
         incremental: bool, on_document, sync) -> None:
    def to_extract() -> Iterator:
        for unit in iter_documents(list(inputs), text_fields):
            summary.inputs += 1
            if incremental and manifest.is_done(unit.source, unit.doc_id):
                summary.skipped_unchanged += 1
                if on_document is not None:
                    on_document(summary)
                continue
            yield unit

    every_docs = int(os.environ.get("GOVEXTRACT_COMMIT_EVERY_DOCS", COMMIT_EVERY_DOCS))
    files = {name: open(path, "ab") for name, path in paths.items()}
    pending: list[tuple[str, str, str]] = []
    last_commit = time.monotonic()

    def commit() -> None:
        nonlocal pending, last_commit
        for fh in files.values():
            fh.flush()
            os.fsync(fh.fileno())
        sizes = {name: fh.tell() for name, fh in files.items()}
        manifest.commit(pending, sizes)
        pending, last_commit = [], time.monotonic()
        if sync is not None:
            sync.committed(sizes)

    try:
        for out in ordered_outcomes(to_extract(), workers):
            files["records" if out.kind == "record" else "errors"].write(out.line)
            summary.add(out)
            if out.doc_id is not None:
                pending.append((out.source, out.doc_id, out.kind))
            if len(pending) >= every_docs or time.monotonic() - last_commit >= COMMIT_EVERY_SECONDS:
                commit()
            if on_document is not None:
                on_document(summary)
        commit()
    finally:
        for fh in files.values():
            fh.close()
