"""The Spark engine in local mode next to the local engine with the same number of cores,
warm and cold, in one run.

    python benchmarks/spark_throughput.py [--txt 1500] [--jsonl 500] [--cores 1,2] [--repeat 3] [--keep DIR] [--json PATH]

The corpus is the generated one of the engine tests (`tests/spark_corpus.py`: synthetic articles
as .txt files, a JSONL dump with bad lines, HTML, GBK, UTF-16, empty and binary files).
For each core count N (default 1 and 2) the local engine runs with `--workers N` and Spark with
`local[N]`; they are compared cold against cold and warm against warm:
- cold, CLI end to end: `govextract run CORPUS -o … --workers N` and
  `govextract run CORPUS -o … --engine spark --spark-master local[N]`, from spawning the
  process to its exit (interpreter, imports, pipeline load; for Spark also JVM + SparkContext
  and the first job's executor start-up). What a user waits for. One run each.
- warm: the same corpus run again in a process that has already run it once — the local engine
  by `run_batch(workers=N)` with the pipeline loaded (forked workers inherit it), Spark by a
  further job on the same session (Python workers reused, pipeline loaded, JVM warm). Median of
  --repeat runs after the first. This is the per-document cost a long-running job sees.
- Spark breakdown (in the warm child): session start-up, and the first job on that session.
Every run's records.jsonl/errors.jsonl are checked byte-identical to the first local run's.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import ROOT, emit, loadavg, run_child, run_cli, summary, warm_pipeline, write_json  # noqa: E402

sys.path.insert(0, str(ROOT))


def _same(a: Path, b: Path) -> bool:
    return all(a.with_name(n).read_bytes() == b.with_name(n).read_bytes() for n in ("records.jsonl", "errors.jsonl"))


def _clear(out: Path) -> None:
    shutil.rmtree(out.parent, ignore_errors=True)


def child_local(cores: int, corpus: Path, work: Path, repeat: int) -> None:
    from pipeline.runner.batch import run_batch

    warm_pipeline()
    times = []
    for i in range(repeat + 1):
        out = work / f"local-warm-{cores}-{i}" / "records.jsonl"
        s = run_batch([str(corpus)], out, workers=cores)
        times.append(s.seconds)
        identical = _same(work / "reference" / "records.jsonl", out)
        _clear(out)
        if not identical:
            raise SystemExit(f"local --workers {cores} run {i}: records differ from the reference run")
    emit({"first": times[0], "warm": times[1:], "documents": s.documents, "chars": s.chars})


def child_spark(cores: int, corpus: Path, work: Path, repeat: int) -> None:
    from pipeline.engines.spark import get_session, run_spark

    t0 = time.perf_counter()
    spark = get_session(f"local[{cores}]", app_name=f"govextract-bench-local{cores}")
    startup = time.perf_counter() - t0
    times = []
    for i in range(repeat + 1):
        out = work / f"spark-{cores}-{i}" / "records.jsonl"
        t0 = time.perf_counter()
        counts = run_spark([str(corpus)], out, spark=spark)
        times.append(time.perf_counter() - t0)
        identical = _same(work / "reference" / "records.jsonl", out)
        _clear(out)
        if not identical:
            raise SystemExit(f"Spark local[{cores}] job {i}: records differ from the local engine's")
    master = spark.sparkContext.master
    spark.stop()
    emit({"master": master, "startup": startup, "first": times[0], "warm": times[1:],
          "documents": counts["documents"], "chars": counts["chars"]})


def spark_unavailable() -> str | None:
    """Why the Spark part cannot run here (None when it can)."""
    try:
        from pipeline.engines.spark import SparkUnavailable, _require_java, _require_pyspark
        _require_pyspark()
        _require_java()
    except SparkUnavailable as exc:
        return str(exc)
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--txt", type=int, default=1500, help="number of .txt articles")
    ap.add_argument("--jsonl", type=int, default=500, help="number of JSONL dump lines (articles)")
    ap.add_argument("--cores", default="1,2", help="core counts N: local --workers N against Spark local[N]")
    ap.add_argument("--repeat", type=int, default=3, help="warm runs after the first (median reported)")
    ap.add_argument("--keep", type=Path, help="build the corpus and outputs here instead of a temp folder")
    ap.add_argument("--json", type=Path, help="write the results here (for benchmarks/run_all.py)")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="govextract-spark-bench-"))
    corpus = work / "corpus"
    if args.child:
        kind, cores = args.child[0], int(args.child[1])
        return (child_local if kind == "local" else child_spark)(cores, corpus, work, args.repeat)

    why = spark_unavailable()
    if why:
        print(f"skipped: {why}")
        write_json(args.json, {"benchmark": "spark_throughput", "skipped": why})
        return

    from tests.spark_corpus import build_corpus

    try:
        docs = build_corpus(corpus, n_txt=args.txt, n_jsonl=args.jsonl)
        start_load = loadavg()
        print(f"corpus: {docs} documents under {corpus}; {os.cpu_count()} cores; load average {start_load} at the start")
        ref = work / "reference" / "records.jsonl"
        run_cli(["run", str(corpus), "-o", str(ref), "-q", "--workers", "1", "--no-fail-on-error"])
        chars = json.loads(ref.with_name("run.json").read_text())["chars"]
        rows = []
        for cores in sorted({int(c) for c in args.cores.split(",")}):
            load = loadavg()
            out = work / f"local-cold-{cores}" / "records.jsonl"
            local_cold = run_cli(["run", str(corpus), "-o", str(out), "-q", "--workers", str(cores), "--no-fail-on-error"])
            assert _same(ref, out), f"local --workers {cores} differs"
            _clear(out)
            out = work / f"spark-cold-{cores}" / "records.jsonl"
            spark_cold = run_cli(["run", str(corpus), "-o", str(out), "-q", "--engine", "spark",
                                  "--spark-master", f"local[{cores}]", "--no-fail-on-error"])
            assert _same(ref, out), f"Spark local[{cores}] CLI differs"
            _clear(out)
            local = run_child(Path(__file__), ["--keep", str(work), "--repeat", str(args.repeat), "--child", "local", str(cores)])
            spark = run_child(Path(__file__), ["--keep", str(work), "--repeat", str(args.repeat), "--child", "spark", str(cores)])
            assert local["chars"] == spark["chars"] == chars, (local["chars"], spark["chars"], chars)
            lw, sw = summary(local["warm"]), summary(spark["warm"])
            rows.append({"cores": cores, "master": spark["master"], "loadavg": load,
                         "local_cold": local_cold, "spark_cold": spark_cold, "cold_ratio": spark_cold / local_cold,
                         "local_warm": lw, "spark_warm": sw, "warm_ratio": sw["median"] / lw["median"],
                         "local_first": local["first"], "spark_startup": spark["startup"], "spark_first_job": spark["first"],
                         "local_ms_per_doc": lw["median"] / docs * 1000, "spark_ms_per_doc": sw["median"] / docs * 1000})
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print(f"\n{'':<10}{'cold CLI s':>11}{'warm s':>9}{'warm docs/s':>12}{'warm chars/s':>13}{'ms/doc':>8}"
          f"{'Spark ÷ local':>24}")
    for r in rows:
        n = r["cores"]
        print(f"{'local -w' + str(n):<10}{r['local_cold']:>11.2f}{r['local_warm']['median']:>9.2f}"
              f"{docs / r['local_warm']['median']:>12.1f}{chars / r['local_warm']['median']:>13,.0f}"
              f"{r['local_ms_per_doc']:>8.2f}")
        print(f"{r['master']:<10}{r['spark_cold']:>11.2f}{r['spark_warm']['median']:>9.2f}"
              f"{docs / r['spark_warm']['median']:>12.1f}{chars / r['spark_warm']['median']:>13,.0f}"
              f"{r['spark_ms_per_doc']:>8.2f}   cold {r['cold_ratio']:.2f}×, warm {r['warm_ratio']:.2f}×")
        print(f"{'':<10}Spark session start-up {r['spark_startup']:.1f} s, first job {r['spark_first_job']:.1f} s; "
              f"local first run (pipeline loaded) {r['local_first']:.2f} s; load average {r['loadavg']}")
    print("every output byte-identical to the local engine's: yes (checked)")
    write_json(args.json, {"benchmark": "spark_throughput", "docs": docs, "chars": chars, "txt": args.txt,
                           "jsonl": args.jsonl, "repeat": args.repeat, "rows": rows, "loadavg_start": start_load,
                           "loadavg_end": loadavg()})


if __name__ == "__main__":
    main()
