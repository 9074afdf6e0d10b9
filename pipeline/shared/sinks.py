"""Output bytes: the JSONL line of a record, and small files replaced atomically.

records.jsonl/errors.jsonl themselves are appended and committed through the manifest
(pipeline/runner/manifest.py); run.json is replaced in one step (temp file, fsync, rename).
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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | Path, data: bytes) -> None:
    """A small file (run.json) replaced in one step: temp file, fsync, rename."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())   # mkstemp makes 0600; an output file is as readable as any other
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
