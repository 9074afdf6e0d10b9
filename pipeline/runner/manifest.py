"""The run manifest: which documents are done, and how much of each output file is committed.

An SQLite file beside the outputs (`manifest.sqlite`). Output lines are appended to
`records.jsonl` / `errors.jsonl`; after every batch the files are fsynced and then, in one
SQLite transaction, the batch's documents and the new committed byte lengths are recorded.
A crash anywhere leaves at most an uncommitted tail, which the next run cuts off before it
starts (`Manifest.open`), so the files always hold whole lines of committed documents only.

A document is done when (source, doc_id) was written under the current pipeline version;
`--incremental` skips those. A different pipeline version (new rules, config or code) starts
a new generation: the outputs are emptied and everything is extracted again.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

MANIFEST_NAME = "manifest.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS done (
    source TEXT NOT NULL, doc_id TEXT NOT NULL, outcome TEXT NOT NULL,
    PRIMARY KEY (source, doc_id));
CREATE TABLE IF NOT EXISTS committed (file TEXT PRIMARY KEY, bytes INTEGER NOT NULL);
"""


class Manifest:
    """Committed state of one output folder; see the module docstring for the protocol."""

    def __init__(self, folder: Path, files: dict[str, Path]):
        self.folder = folder
        self.files = files
        self.db = sqlite3.connect(folder / MANIFEST_NAME, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(_SCHEMA)
        self.generation_reset = True          # set by `open`
        self.previous_version: str | None = None

    @classmethod
    def open(cls, folder: Path, files: dict[str, Path], pipeline_version: str, incremental: bool) -> "Manifest":
        """Open (or create) the manifest and bring the output files to their committed length.

        Returns the manifest with `self.generation_reset` telling whether a fresh start was made
        (not incremental, new pipeline version, or files shorter than the manifest says)."""
        folder.mkdir(parents=True, exist_ok=True)
        m = cls(folder, files)
        stored = m._meta("pipeline_version")
        committed = m.committed()
        consistent = all(_size(path) >= committed.get(name, 0) for name, path in files.items())
        m.generation_reset = not (incremental and stored == pipeline_version and consistent)
        m.previous_version = stored
        if m.generation_reset:
            with m._tx():
                m.db.execute("DELETE FROM done")
                m.db.execute("DELETE FROM committed")
                m.db.execute("DELETE FROM meta WHERE key LIKE 'loaded:%'")
                m.db.execute("INSERT OR REPLACE INTO meta VALUES ('pipeline_version', ?)", (pipeline_version,))
            committed = {}
        for name, path in files.items():
            _truncate(path, committed.get(name, 0))
        return m

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _tx(self):
        return _Transaction(self.db)

    def committed(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT file, bytes FROM committed"))

    def is_done(self, source: str, doc_id: str | None) -> bool:
        if doc_id is None:
            return False
        return self.db.execute("SELECT 1 FROM done WHERE source = ? AND doc_id = ?",
                               (source, doc_id)).fetchone() is not None

    def done_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM done").fetchone()[0]

    def commit(self, docs: list[tuple[str, str, str]], sizes: dict[str, int]) -> None:
        """Record finished (source, doc_id, outcome) rows and the fsynced file sizes, atomically."""
        with self._tx():
            self.db.executemany("INSERT OR REPLACE INTO done VALUES (?, ?, ?)", docs)
            self.db.executemany("INSERT OR REPLACE INTO committed VALUES (?, ?)", list(sizes.items()))

    def mark(self, key: str) -> int:
        """A byte offset kept beside the commits (how far a database is loaded: pipeline/runner/dbsync.py)."""
        value = self._meta(key)
        return int(value) if value is not None else 0

    def set_mark(self, key: str, value: int) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, str(value)))

    def close(self) -> None:
        self.db.close()


class _Transaction:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, exc, tb):
        self.db.execute("COMMIT" if exc_type is None else "ROLLBACK")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _truncate(path: Path, length: int) -> None:
    """Cut a file back to its committed length (creating it empty when missing)."""
    with open(path, "ab") as fh:
        if fh.tell() != length:
            fh.truncate(length)
            fh.flush()
            os.fsync(fh.fileno())
