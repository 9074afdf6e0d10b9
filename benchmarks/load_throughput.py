"""Load throughput of `govextract load` into DuckDB and PostgreSQL, measured in one run.

Builds an N-document synthetic records file from the records of `examples/` (doc_id and
source varied per copy; no other text), then loads it into a fresh DuckDB file and into a
fresh schema of a PostgreSQL database, first load and reload (which replaces every document).

    python benchmarks/load_throughput.py [--docs 10000] [--pg postgresql://…]

The PostgreSQL URL defaults to $GOVEXTRACT_TEST_PG_URL (`source .ci/postgres.sh` starts one).
"""
from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.loaders import load_jsonl  # noqa: E402
from pipeline.stages.ingest import iter_documents  # noqa: E402
from pipeline.stages.process import process  # noqa: E402
from schemas import ErrorRecord  # noqa: E402


def synthetic_file(path: Path, n_docs: int) -> int:
    base = []
    for item in iter_documents([str(ROOT / "examples")], ("text", "content", "html")):
        rec = item if isinstance(item, ErrorRecord) else process(item)
        if not isinstance(rec, ErrorRecord):
            base.append(rec.model_dump(mode="json"))
    with open(path, "wb") as fh:
        for i in range(n_docs):
            r = dict(base[i % len(base)])
            r["doc_id"] = hashlib.sha256(f"synthetic-{i}".encode()).hexdigest()
            r["source"] = f"synthetic/{i:06d}.txt"
            fh.write(orjson.dumps(r) + b"\n")
    return path.stat().st_size


def measure(label: str, path: Path, url: str) -> None:
    for phase in ("load", "reload"):
        rep = load_jsonl([path], url)
        print(f"{label:10s} {phase:6s}  {rep.documents} docs  {rep.total_rows} rows  {rep.seconds:6.2f}s  "
              f"{rep.records_per_second:8,.0f} records/s  {rep.total_rows / rep.seconds:9,.0f} rows/s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--pg", default=os.environ.get("GOVEXTRACT_TEST_PG_URL"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.jsonl"
        size = synthetic_file(path, args.docs)
        print(f"{args.docs} synthetic records, {size / 1e6:.1f} MB; one transaction per load, batches of 1000")
        measure("duckdb", path, str(Path(tmp) / "bench.duckdb"))
        if not args.pg:
            print("postgres   skipped: no --pg URL and GOVEXTRACT_TEST_PG_URL unset", file=sys.stderr)
            return
        import psycopg

        schema = "gx_bench_" + uuid.uuid4().hex[:8]
        with psycopg.connect(args.pg, autocommit=True) as con:
            con.execute(f"CREATE SCHEMA {schema}")
        try:
            sep = "&" if "?" in args.pg else "?"
            measure("postgres", path, f"{args.pg}{sep}options=-csearch_path%3D{schema}")
        finally:
            with psycopg.connect(args.pg, autocommit=True) as con:
                con.execute(f"DROP SCHEMA {schema} CASCADE")


if __name__ == "__main__":
    main()
