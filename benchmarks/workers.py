"""Throughput of `govextract run` with 1 worker (the baseline) and N workers, in one run.

    python benchmarks/workers.py [--corpus examples] [--min-mb 2] [--workers 2]

The corpus (every *.txt under --corpus) is copied repeatedly, each copy made unique, into a
temp folder until it holds ≥ --min-mb MB; then `run_batch` (the code path of `govextract
run`: read → extract → JSONL + manifest commits) runs over it with 1 worker, then with N.
The pipeline is loaded before either run is timed (forked workers inherit it); wall time
includes starting the worker processes. Prints docs/s, chars/s and the speed-up,
and checks that both runs wrote byte-identical records.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_corpus(src: Path, dst: Path, min_chars: int) -> int:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(src.rglob("*.txt"))]
    if not texts:
        sys.exit(f"no *.txt files under {src}")
    chars = i = 0
    while chars < min_chars:
        text = texts[i % len(texts)] + f"\n(第{i}份)\n"
        (dst / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
        i += 1
    return i


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "examples")
    ap.add_argument("--min-mb", type=float, default=2.0)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()

    from pipeline.runner.batch import run_batch
    from pipeline.stages.process import extract_text

    # Load the pipeline before timing either run: the 1-worker run would otherwise pay for it
    # and the forked workers of the N-worker run would inherit it for free.
    extract_text("区委书记主持会议。")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "in").mkdir()
        n = build_corpus(args.corpus, tmp / "in", int(args.min_mb * 1e6))
        results = {}
        for workers in (1, args.workers):
            out = tmp / f"w{workers}" / "records.jsonl"
            summary = run_batch([str(tmp / "in")], out, workers=workers)
            assert summary.errors == 0 and summary.records == n, summary.error_reasons
            results[workers] = (summary, out.read_bytes())
        base, many = results[1][0], results[args.workers][0]
        print(f"corpus: {n} documents, {base.chars:,} chars; machine: {os.cpu_count()} cores")
        print(f"{'workers':>8} {'docs/s':>9} {'chars/s':>11} {'seconds':>8}")
        for w, (s, _) in results.items():
            print(f"{w:>8} {s.documents / s.seconds:>9.1f} {s.chars_per_second:>11,.0f} {s.seconds:>8.2f}")
        print(f"speed-up with {args.workers} workers: {base.seconds / many.seconds:.2f}×")
        print("records identical:", results[1][1] == results[args.workers][1])


if __name__ == "__main__":
    main()
