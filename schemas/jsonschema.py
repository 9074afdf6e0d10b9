"""Generate the JSON Schema files (the published contract) and detect drift."""
from __future__ import annotations

from pathlib import Path

import orjson

from schemas.models import DocumentRecord, ErrorRecord

_FILES = {"document_record.schema.json": DocumentRecord, "error_record.schema.json": ErrorRecord}


def schema_files() -> list[str]:
    return list(_FILES)


def render(model) -> bytes:
    """Deterministic: sorted keys, 2-space indent, trailing newline."""
    return orjson.dumps(model.model_json_schema(), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def write_or_check(out_dir: Path | None, check: bool) -> list[str]:
    """Write the files (or, with check, return the names of missing/stale ones)."""
    out_dir = Path(out_dir) if out_dir else Path(__file__).parent
    stale = []
    for name, model in _FILES.items():
        path = out_dir / name
        want = render(model)
        if check:
            if not path.exists() or path.read_bytes() != want:
                stale.append(name)
        else:
            path.write_bytes(want)
    return stale
