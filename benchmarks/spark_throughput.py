"""Throughput of the Spark engine in local mode (1 and 2 cores) next to the local engine, in one run.

    python benchmarks/spark_throughput.py [--txt 1500] [--jsonl 500] [--keep DIR]

The corpus is the generated one of the engine tests (`tests/spark_corpus.py`: synthetic
articles as .txt files, a JSONL dump with bad lines, HTML, GBK, UTF-16, empty and binary files).
Measured on it, in this order:
- local engine (`run_batch`, the code path of `govextract run`) with 1 worker process;
- Spark `local[1]` and `local[2]`: session start-up (JVM + SparkContext) separately, then a
  cold job (executor Python workers start and load the pipeline) and a warm second job on the
  same session (workers reused: the per-document cost a long-running cluster job sees).
Every Spark run's merged records.jsonl/errors.jsonl is checked byte-identical to the local one.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.runner.batch import run_batch  # noqa: E402
from pipeline.engines.spark import get_session, run_spark  # noqa: E402
from tests.spark_corpus import build_corpus  # noqa: E402


def _same(a: Path, b: Path) -> bool:
    return all(a.with_name(n).read_bytes() == b.with_name(n).read_bytes() for n in ("records.jsonl", "errors.jsonl"))


def spark_child(master: str, corpus: Path, work: Path) -> None:
    """In a fresh interpreter: time session start-up (JVM + SparkContext), a cold and a warm job."""
    t0 = time.perf_counter()
    spark = get_session(master, app_name=f"govextract-bench-{master}")
    result = {"master": spark.sparkContext.master, "startup": time.perf_counter() - t0}
    for label in ("cold", "warm"):
        out = work / f"spark-{master[6:-1]}-{label}" / "records.jsonl"
        t0 = time.perf_counter()
        counts = run_spark([str(corpus)], out, spark=spark)
        result[label] = {"seconds": time.perf_counter() - t0, "documents": counts["documents"],
                         "chars": counts["chars"], "identical": _same(work / "local" / "records.jsonl", out)}
    spark.stop()
    print("RESULT " + json.dumps(result), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--txt", type=int, default=1500, help="number of .txt articles")
    ap.add_argument("--jsonl", type=int, default=500, help="number of JSONL dump lines (articles)")
    ap.add_argument("--keep", type=Path, help="build the corpus and outputs here instead of a temp folder")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="govextract-spark-bench-"))
    corpus = work / "corpus"
    if args.child:
        return spark_child(args.child, corpus, work)

    docs = build_corpus(corpus, n_txt=args.txt, n_jsonl=args.jsonl)
    print(f"corpus: {docs} documents under {corpus}; {os.cpu_count()} CPUs; "
          f"load average before: {os.getloadavg()[0]:.2f}")
    local_out = work / "local" / "records.jsonl"
    t0 = time.perf_counter()
    summary = run_batch([str(corpus)], local_out)
    local_s = time.perf_counter() - t0
    chars = summary.chars
    rows = [("local engine, 1 process", 0.0, local_s, summary.records + summary.errors, "yes")]

    for master in ("local[1]", "local[2]"):  # each in a fresh interpreter: honest JVM start-up
        proc = subprocess.run([sys.executable, __file__, "--keep", str(work), "--child", master],
                              capture_output=True, text=True, cwd=ROOT)
        line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
        if proc.returncode or line is None:
            sys.exit(f"spark {master} failed:\n{proc.stderr[-3000:]}")
        res = json.loads(line[7:])
        for label in ("cold", "warm"):
            r = res[label]
            assert r["chars"] == chars, (r["chars"], chars)
            rows.append((f"spark {res['master']}, {label} job", res["startup"] if label == "cold" else 0.0,
                         r["seconds"], r["documents"], "yes" if r["identical"] else "NO"))

    print(f"\n{'engine':<28}{'start-up s':>11}{'job s':>9}{'docs/s':>9}{'chars/s':>11}{'job/local':>10}  identical")
    for name, startup, job, n, same in rows:
        print(f"{name:<28}{startup:>11.1f}{job:>9.2f}{n / job:>9.1f}{chars / job:>11,.0f}"
              f"{job / local_s:>10.2f}  {same}")
    print(f"\nlocal engine: {local_s / docs * 1000:.2f} ms/document")
    for name, startup, job, n, _ in rows[1:]:
        print(f"{name}: {job / n * 1000:.2f} ms/document ({(job - local_s) / n * 1000:+.2f} ms vs local)"
              + (f"; with start-up {(startup + job) / local_s:.2f}x the local engine's time" if startup else ""))
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
