"""Peak memory of the whole `govextract run` process tree, and its time, on one very long document.

    python benchmarks/long_document_memory.py [--mb 10] [--workers 1,2] [--cases short,noise,dense] [--json PATH]

Each case is one input file run by the CLI, `govextract run BIG.txt -o TMP/records.jsonl -q
--workers W`, once per worker count (default: 1 and the CLI's default, one per core). While it
runs, the parent and all its worker processes are sampled every 50 ms (/proc): peak of the summed
RSS of the tree (what `top` adds up; pages the forked workers share with the parent are counted in
each), peak of the summed PSS (shared pages split: the memory the tree really holds), and the
peaks of the parent alone and of the largest worker. With --workers 1 the parent extracts itself.
Cases:
- short: one short synthetic article (the floor: Python + spaCy + rules, per process);
- noise: a single 10 MB line of base64-like noise with one article in the middle (what the
  bounded pieces cost when there is little to extract);
- dense: 10 MB of dense synthetic meeting reports (tests/batch_corpus.py, no page footers) glued
  into one document: the record itself (hundreds of thousands of items, a ~100 MB JSON line) is
  most of the memory — in the worker that builds it and in the parent that receives and writes it.
"""
from __future__ import annotations

import argparse
import base64
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import ROOT, TreeMemory, govextract_cmd, loadavg, write_json  # noqa: E402

ARTICLE = "区委书记赵明远主持会议。今年以来,全区新增企业120家,总投资35亿元。"


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def build_text(case: str, size: int) -> str:
    if case == "short":
        return ARTICLE
    if case == "noise":
        blob = base64.b64encode(random.Random(1).randbytes(size * 3 // 4)).decode()
        return blob[: size // 2] + ARTICLE + blob[size // 2:]
    sys.path.insert(0, str(ROOT))
    from tests.batch_corpus import article
    parts, n, i = [], 0, 0
    while n < size:
        parts.append(article(i))
        n += len(parts[-1])
        i += 1
    return "".join(parts)[:size]


def run_case(path: Path, workers: int, out_dir: Path) -> dict:
    out = out_dir / "records.jsonl"
    load = loadavg()
    t0 = time.perf_counter()
    proc = subprocess.Popen(govextract_cmd() + ["run", str(path), "-o", str(out), "-q", "--workers", str(workers)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with TreeMemory(proc.pid) as mem:
        err = proc.communicate()[1]
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"govextract run {path.name} --workers {workers} exited {proc.returncode}:\n"
                           f"{err.decode()[-2000:]}")
    run = orjson.loads((out_dir / "run.json").read_bytes())
    result = {"workers": workers, "seconds": seconds, "chars": run["chars"], "record_mb": round(out.stat().st_size / 2**20),
              "items": sum(run["items"].values()), "loadavg": load, **mem.megabytes()}
    for p in out_dir.iterdir():
        p.unlink()
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=10.0, help="size of the noise and dense documents, in millions of characters")
    ap.add_argument("--workers", default=f"1,{default_workers()}", help="comma-separated worker counts")
    ap.add_argument("--cases", default="short,noise,dense")
    ap.add_argument("--json", type=Path, help="write the results here (for benchmarks/run_all.py)")
    args = ap.parse_args()
    size = int(args.mb * 1e6)
    workers = sorted({int(w) for w in args.workers.split(",")})
    print(f"{os.cpu_count()} cores (CLI default --workers {default_workers()}); load average {loadavg()} at the start; "
          f"one run per case")
    print(f"{'case':<7}{'workers':>8}{'chars':>12}{'seconds':>9}{'tree RSS MB':>12}{'tree PSS MB':>12}"
          f"{'parent MB':>10}{'worker MB':>10}{'procs':>6}{'record MB':>10}{'items':>9}{'load':>6}")
    results = []
    with tempfile.TemporaryDirectory(prefix="govextract-longdoc-") as tmp:
        tmp = Path(tmp)
        for case in args.cases.split(","):
            path = tmp / f"{case}.txt"
            path.write_text(build_text(case, size), encoding="utf-8")
            for w in workers:
                out_dir = tmp / f"out-{case}-{w}"
                r = {"case": case, **run_case(path, w, out_dir)}
                results.append(r)
                print(f"{case:<7}{w:>8}{r['chars']:>12,}{r['seconds']:>9.1f}{r['tree_rss']:>12,}{r['tree_pss']:>12,}"
                      f"{r['root_rss']:>10,}{(r['child_rss'] or 0):>10,}{r['processes']:>6}{r['record_mb']:>10}"
                      f"{r['items']:>9,}{r['loadavg']:>6}")
            path.unlink()
    print("worker MB: the largest worker process (0 with --workers 1: the parent extracts)")
    write_json(args.json, {"benchmark": "long_document_memory", "mb": args.mb, "default_workers": default_workers(),
                           "cases": results, "loadavg_end": loadavg()})


if __name__ == "__main__":
    main()
