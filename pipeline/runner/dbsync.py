"""`govextract run --db`: load records into the database as they are committed.

After every manifest commit the newly committed lines of records.jsonl/errors.jsonl are loaded
and committed in the database, then a mark in the manifest says how far each file is loaded.
A run killed or a load that failed leaves the mark behind the files; the next run with the
same `--db` loads from the mark first ("catch up"), so no committed record is ever missing
from the database, and a line loaded twice just replaces its document's rows (idempotent).
"""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path

log = logging.getLogger("govextract.dbsync")


class DbSync:
    """Keeps a database in step with an output folder's committed lines."""

    def __init__(self, db_url: str):
        self.db_url = db_url
        self.key = "loaded:" + hashlib.sha256(db_url.encode()).hexdigest()[:16]
        self.loader = None
        self.failure: str | None = None
        self.documents = self.errors = 0

    def start(self, manifest, paths: dict[str, Path]) -> None:
        """Open the database and load whatever is committed but not yet loaded."""
        from pipeline.loaders import Loader, LoadError

        self.manifest, self.paths = manifest, paths
        try:
            self.loader = Loader(self.db_url, commit_every_batch=True).__enter__()
        except LoadError as exc:
            self._fail(exc)
            return
        self.committed(manifest.committed())

    def committed(self, sizes: dict[str, int]) -> None:
        """Load the lines between the loaded marks and `sizes` (byte lengths), then move the marks."""
        if self.loader is None:
            return
        from pipeline.loaders import LoadError, gc_paused

        try:
            with gc_paused():
                for name, path in self.paths.items():
                    start, end = self.manifest.mark(f"{self.key}:{name}"), sizes.get(name, 0)
                    if end > start:
                        self._load_range(path, start, end)
                        self.loader.flush()                               # committed in the database ...
                        self.manifest.set_mark(f"{self.key}:{name}", end)  # ... then the mark moves
        except (LoadError, ValueError, OSError) as exc:
            self._fail(exc)

    def _load_range(self, path: Path, start: int, end: int) -> None:
        from pipeline.loaders import parse_line

        with open(path, "rb") as fh:
            fh.seek(start)
            pos = start
            for raw in fh:                       # committed lengths fall on line ends
                pos += len(raw)
                if pos > end:
                    break
                if raw.strip():
                    self.loader.add(parse_line(raw))

    def close(self) -> None:
        if self.loader is None:
            return
        from pipeline.loaders import LoadError

        try:
            self.loader.__exit__(None, None, None)
        except LoadError as exc:
            self._fail(exc)
        else:
            self.documents, self.errors = self.loader.report.documents, self.loader.report.errors
            self.describe = self.loader.report.db
        self.loader = None

    def _fail(self, exc: Exception) -> None:
        """Stop loading for this run (extraction goes on); the next run catches up."""
        self.failure = str(exc)
        log.error("loading into the database failed; extraction goes on, the next run with the same "
                  "--db catches up", extra={"event": "db_load_failed", "reason": self.failure[:300]})
        if self.loader is not None:
            try:
                self.loader._abort()
            except Exception:  # noqa: BLE001 — already failing; the reason above is what matters
                pass
            self.loader = None
