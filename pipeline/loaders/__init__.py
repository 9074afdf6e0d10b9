"""Loading records into databases: DuckDB (embedded default) and PostgreSQL.

`load_jsonl(paths, db_url)` loads records/error records from JSONL files into normalised
tables (see docs/records.md). Policy, in one place:

- Every line is validated against the record contract first; an invalid line (bad JSON, wrong
  fields, an unknown schema_version, a NUL character) raises `LoadError` naming `path:line`,
  and the whole load rolls back: `load_jsonl` is one transaction, all or nothing.
- Idempotent: a document is identified by `doc_id`; loading it deletes every row of that
  doc_id in every table and inserts the new ones in the same transaction, so reloading a
  file leaves the same rows and a re-extracted document (new pipeline_version) replaces its
  old rows. Error records are keyed by `source`; a loaded document clears the errors of its
  source and doc_id (that input is fine now).
- Within one load the last record of a doc_id (or of an error source) wins.
- `Loader(..., commit_every_batch=True)` commits every `batch_docs` documents instead, for
  loading while extracting (`govextract run --db`): each batch is all or nothing.
- NUL (U+0000) is refused on both backends: PostgreSQL text cannot store it, and the
  normaliser removes control characters, so a NUL in a record means a broken producer.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Union

from pydantic import ValidationError

from pipeline.loaders import ddl, rows
from schemas import DocumentRecord, ErrorRecord
from schemas import parse_line as parse_record_line

DEFAULT_DB = Path("output/govextract.duckdb")
Record = Union[DocumentRecord, ErrorRecord]


class LoadError(RuntimeError):
    """A load that could not complete; the database was left as it was before."""


@dataclass
class LoadReport:
    db: str = ""
    documents: int = 0
    errors: int = 0
    rows: dict[str, int] = field(default_factory=lambda: {t: 0 for t in rows.TABLES})
    seconds: float = 0.0
    migrations_applied: list[int] = field(default_factory=list)

    @property
    def records(self) -> int:
        return self.documents + self.errors

    @property
    def records_per_second(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def resolve_db(db_url: str | None, default_path: Path = DEFAULT_DB) -> tuple[str, str | Path]:
    """`(kind, target)`: ("duckdb", Path) or ("postgres", url)."""
    if db_url is None or db_url == "":
        return "duckdb", Path(default_path)
    if db_url.startswith(("postgresql://", "postgres://")):
        return "postgres", db_url
    if db_url.startswith("duckdb://"):
        return "duckdb", Path(db_url[len("duckdb://"):])
    if db_url.endswith((".duckdb", ".db")) and "://" not in db_url:
        return "duckdb", Path(db_url)
    raise LoadError(f"unrecognised --db {db_url!r}: use postgresql://USER@HOST:PORT/DB, "
                    "duckdb:///path/file.duckdb or a path ending in .duckdb")


def connect(db_url: str | None = None, default_path: Path = DEFAULT_DB):
    """Open a backend; connection problems become a LoadError with a one-line reason."""
    kind, target = resolve_db(db_url, default_path)
    try:
        if kind == "postgres":
            from pipeline.loaders.postgres import PostgresBackend
            return PostgresBackend(target)
        from pipeline.loaders.duck import DuckBackend
        return DuckBackend(target)
    except ImportError as exc:
        raise LoadError(str(exc)) from exc
    except Exception as exc:  # driver-specific connection errors (bad host, auth, locked file)
        raise LoadError(f"cannot open database {_redact(db_url) or target}: {_one_line(exc)}") from exc


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:500] or type(exc).__name__


def _redact(url: str | None) -> str | None:
    """Hide a password in a URL before printing it."""
    if not url or "://" not in url or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    return f"{scheme}://{creds.split(':', 1)[0]}{':***' if ':' in creds else ''}@{host}"


def parse_line(raw: bytes) -> Record:
    """Validate one JSONL line as a DocumentRecord or an ErrorRecord (raises ValueError)."""
    try:
        rec = parse_record_line(raw)
    except ValidationError as exc:
        raise ValueError(" ".join(str(exc).split())[:500]) from None
    if rec.schema_version not in ddl.ACCEPTED_RECORD_VERSIONS:
        raise ValueError(f"schema_version {rec.schema_version!r} not accepted by database schema v{ddl.LATEST}")
    # JSON escapes NUL as \u0000; look closer only when that text occurs at all.
    if b"\\u0000" in raw and _has_nul(rec.model_dump()):
        raise ValueError("a text value contains NUL (U+0000), which PostgreSQL text cannot store")
    return rec


def _has_nul(obj) -> bool:
    if isinstance(obj, str):
        return "\x00" in obj
    if isinstance(obj, dict):
        return any(_has_nul(v) for v in obj.values())
    if isinstance(obj, list):
        return any(_has_nul(v) for v in obj)
    return False


def iter_jsonl(paths: Iterable[Path]) -> Iterator[Record]:
    """Records of JSONL files, validated; the first invalid line raises LoadError(path:line)."""
    for path in paths:
        try:
            fh = open(path, "rb")
        except OSError as exc:
            raise LoadError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        with fh:
            for lineno, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue
                try:
                    yield parse_line(raw)
                except ValueError as exc:
                    raise LoadError(f"{path}:{lineno}: invalid record: {exc}") from None


class Loader:
    """Context manager: `add()` records, rows go out every `batch_docs` documents.

    With `commit_every_batch=False` (default) the whole `with` block is one transaction;
    leaving it with an exception rolls everything back.
    """

    def __init__(self, db_url: str | None = None, default_path: Path = DEFAULT_DB,
                 batch_docs: int = 1000, commit_every_batch: bool = False):
        self.db_url, self.default_path = db_url, default_path
        self.batch_docs = max(1, batch_docs)
        self.commit_every_batch = commit_every_batch
        self.report = LoadReport()
        self._docs: dict[str, DocumentRecord] = {}
        self._errors: dict[str, ErrorRecord] = {}
        self._backend = None
        self._t0 = 0.0

    def __enter__(self) -> "Loader":
        self._t0 = time.perf_counter()
        self._backend = connect(self.db_url, self.default_path)
        self.report.db = self._backend.describe
        try:
            self.report.migrations_applied = self._backend.begin()
        except Exception as exc:
            self._abort()
            raise _as_load_error(exc, "cannot prepare the database schema") from exc
        return self

    def add(self, record: Record) -> None:
        if isinstance(record, DocumentRecord):
            self._docs.pop(record.doc_id, None)   # keep file order for the last occurrence
            self._docs[record.doc_id] = record
            if len(self._docs) >= self.batch_docs:
                self.flush()
        elif isinstance(record, ErrorRecord):
            self._errors.pop(record.source, None)
            self._errors[record.source] = record
            if len(self._errors) >= self.batch_docs:
                self.flush()
        else:
            raise TypeError(f"not a record: {type(record).__name__}")

    def flush(self) -> None:
        """Write the buffered records (and commit them when `commit_every_batch`)."""
        if not self._docs and not self._errors:
            return
        buf = rows.new_buffer()
        for doc in self._docs.values():
            rows.add_document(buf, doc)
        for err in self._errors.values():
            rows.add_error(buf, err)
        try:
            self._backend.write(list(self._docs), [d.source for d in self._docs.values()],
                                list(self._errors), buf)
            if self.commit_every_batch:
                self._backend.commit()
                self._backend.begin()
        except Exception as exc:
            raise _as_load_error(exc, "load failed") from exc
        self.report.documents += len(self._docs)
        self.report.errors += len(self._errors)
        for table, table_rows in buf.items():
            self.report.rows[table] += len(table_rows)
        self._docs.clear()
        self._errors.clear()

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.flush()
                try:
                    self._backend.commit()
                except Exception as cexc:
                    raise _as_load_error(cexc, "commit failed") from cexc
        except BaseException:
            self._abort()
            raise
        if exc_type is not None:
            self._abort()
            return
        self._backend.close()
        self.report.seconds = time.perf_counter() - self._t0

    def _abort(self) -> None:
        try:
            self._backend.rollback()
        finally:
            self._backend.close()


def _as_load_error(exc: BaseException, what: str) -> LoadError:
    if isinstance(exc, LoadError):
        return exc
    if isinstance(exc, ddl.SchemaError):
        return LoadError(str(exc))
    return LoadError(f"{what}: {type(exc).__name__}: {_one_line(exc)}")


def load_records(records: Iterable[Record], db_url: str | None = None, default_path: Path = DEFAULT_DB,
                 batch_docs: int = 1000, commit_every_batch: bool = False) -> LoadReport:
    """Load record models (e.g. straight from `pipeline.stages.process.process`)."""
    loader = Loader(db_url, default_path, batch_docs, commit_every_batch)
    with gc_paused(), loader:
        for rec in records:
            loader.add(rec)
    return loader.report


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while a batch of record models is alive.

    A batch holds ~1 000 records of hundreds of objects each; every collection triggered by
    validating the next line scanned them all again (loading took 2× as long). Records have no
    reference cycles, so reference counting frees them without the collector."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_jsonl(paths: list[Path], db_url: str | None = None, default_path: Path = DEFAULT_DB,
               batch_docs: int = 1000) -> LoadReport:
    """Load JSONL files of records and error records in one transaction (see module doc)."""
    return load_records(iter_jsonl([Path(p) for p in paths]), db_url, default_path, batch_docs)
