"""Load throughput of `govextract load` into DuckDB and PostgreSQL, measured in one run.

    python benchmarks/load_throughput.py [--docs 10000] [--repeat 3] [--pg postgresql://…] [--json PATH]

Builds an N-document synthetic records file from the records of `examples/` (doc_id and
source varied per copy; no other text). Per backend and repeat, into a fresh DuckDB file / a
fresh schema of a PostgreSQL database:
- library: `load_jsonl` (what `govextract load` calls), the first load and a reload (which
  replaces every document); records/s and rows/s over the loader's own time;
- CLI: `govextract load FILE --db URL` into another fresh database, from spawning the process
  to its exit (interpreter start-up and imports included).
Medians of --repeat runs (min–max printed beside them).

The PostgreSQL URL defaults to $GOVEXTRACT_TEST_PG_URL (`source .ci/postgres.sh` starts one);
without one the PostgreSQL part is skipped and says so.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import uuid
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import ROOT, loadavg, run_cli, summary, write_json  # noqa: E402

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


def measure(path: Path, fresh_url, repeat: int, n_docs: int) -> dict:
    """fresh_url() → (url, cleanup) of an empty database."""
    runs = {"load": [], "reload": [], "cli": []}
    rows = 0
    loads = []
    for _ in range(repeat):
        loads.append(loadavg())
        url, cleanup = fresh_url()
        try:
            for phase in ("load", "reload"):
                rep = load_jsonl([path], url)
                assert rep.records == n_docs, (rep.records, n_docs)
                rows = rep.total_rows
                runs[phase].append(rep.seconds)
        finally:
            cleanup()
        url, cleanup = fresh_url()
        try:
            runs["cli"].append(run_cli(["load", str(path), "--db", url]))
        finally:
            cleanup()
    out = {"rows": rows, "loadavg": loads}
    for phase, times in runs.items():
        out[phase] = {"seconds": summary(times), "records_per_s": summary([n_docs / t for t in times]),
                      "rows_per_s": summary([rows / t for t in times])}
    return out


def _fmt(s: dict, spec: str = ",.0f") -> str:
    return f"{s['median']:{spec}} ({s['min']:{spec}}–{s['max']:{spec}})" if s["n"] > 1 else f"{s['median']:{spec}}"


def report(label: str, r: dict) -> None:
    for phase, what in (("load", "library, first load"), ("reload", "library, reload"), ("cli", "CLI end to end")):
        x = r[phase]
        print(f"{label:<10} {what:<20} {_fmt(x['seconds'], '.2f'):>18} s {_fmt(x['records_per_s']):>22} records/s "
              f"{_fmt(x['rows_per_s']):>26} rows/s")


def pg_server_version(url: str) -> str:
    import psycopg
    with psycopg.connect(url) as con:
        return con.execute("SHOW server_version").fetchone()[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pg", default=os.environ.get("GOVEXTRACT_TEST_PG_URL"))
    ap.add_argument("--json", type=Path, help="write the results here (for benchmarks/run_all.py)")
    args = ap.parse_args()
    result = {"benchmark": "load_throughput", "docs": args.docs, "repeat": args.repeat}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        path = tmp / "records.jsonl"
        size = synthetic_file(path, args.docs)
        result["mb"] = round(size / 1e6, 1)
        print(f"{args.docs} synthetic records, {size / 1e6:.1f} MB; one transaction per load, batches of 1000; "
              f"load average {loadavg()}; median of {args.repeat} (min–max)")
        counter = iter(range(10**6))

        def fresh_duckdb():
            db = tmp / f"bench-{next(counter)}.duckdb"
            return str(db), lambda: db.unlink(missing_ok=True)

        result["duckdb"] = measure(path, fresh_duckdb, args.repeat, args.docs)
        report("duckdb", result["duckdb"])
        if not args.pg:
            why = "no --pg URL and GOVEXTRACT_TEST_PG_URL unset (source .ci/postgres.sh starts a server)"
            print(f"postgres   skipped: {why}")
            result["postgres"] = {"skipped": why}
        else:
            import psycopg

            def fresh_pg():
                schema = "gx_bench_" + uuid.uuid4().hex[:8]
                with psycopg.connect(args.pg, autocommit=True) as con:
                    con.execute(f"CREATE SCHEMA {schema}")

                def drop():
                    with psycopg.connect(args.pg, autocommit=True) as con:
                        con.execute(f"DROP SCHEMA {schema} CASCADE")
                sep = "&" if "?" in args.pg else "?"
                return f"{args.pg}{sep}options=-csearch_path%3D{schema}", drop

            result["postgres"] = measure(path, fresh_pg, args.repeat, args.docs)
            result["postgres"]["server_version"] = pg_server_version(args.pg)
            report("postgres", result["postgres"])
    result["loadavg_end"] = loadavg()
    write_json(args.json, result)


if __name__ == "__main__":
    main()
