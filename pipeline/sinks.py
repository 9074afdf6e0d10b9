"""JSONL output written atomically: temp file in the target folder, fsync, rename.

A reader never sees a half-written records file: either the previous complete file or the
new complete one.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pydantic import BaseModel


def dumps(record: BaseModel) -> bytes:
    """One JSON line in the model's field order, so output is deterministic.

    Serialised by pydantic-core straight from the model (no intermediate dicts: a record of a
    10 MB document holds hundreds of thousands of items); the bytes equal
    `orjson.dumps(record.model_dump(mode="json"))` (tests/test_sinks.py)."""
    return record.__pydantic_serializer__.to_json(record) + b"\n"


class AtomicJsonlWriter:
    """Context manager: write lines to a temp file; on clean exit fsync and rename into place."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._fh = None
        self._tmp = None
        self.count = 0

    def __enter__(self) -> "AtomicJsonlWriter":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        self._fh = os.fdopen(fd, "wb")
        return self

    def write(self, record: BaseModel) -> None:
        self._fh.write(dumps(record))
        self.count += 1

    def __exit__(self, exc_type, exc, tb) -> None:
        self._fh.flush()
        if exc_type is None:
            os.fsync(self._fh.fileno())
            self._fh.close()
            os.replace(self._tmp, self.path)
            dir_fd = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        else:
            self._fh.close()
            os.unlink(self._tmp)


def write_atomic(path: str | Path, data: bytes) -> None:
    """A small file (run.json) replaced in one step: temp file, fsync, rename."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
