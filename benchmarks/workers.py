"""`govextract run` with 1 worker and with N workers, end to end and with the pipeline loaded,
on distinct real documents.

    python benchmarks/workers.py [--corpus NAME[=PATH] ...] [--workers 2] [--repeat 3] [--max-docs N] [--json PATH]

Corpora as in throughput.py (default seeds, xwlb, reports2025; every *.txt once, no copies).
Two measurements per corpus and worker count, each repeated --repeat times (median reported),
the 1- and N-worker runs alternating so that a slow spell of the machine hits both:
- CLI end to end: `govextract run FILES… -o TMP/records.jsonl -q --workers W`, from spawning the
  process to its exit: interpreter start-up and imports (~1 s), the pipeline loaded by every
  worker, extraction, JSONL and manifest commits. This is what a user waits for.
- pipeline loaded: in a fresh interpreter the pipeline is loaded on a synthetic warm-up text,
  then `run_batch(FILES, workers=W)` is timed; forked workers inherit the loaded pipeline, the
  time includes starting them. Leaves out start-up: the speed-up of the extraction itself.
Every run's records.jsonl must be byte-identical to the 1-worker CLI run's.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import (corpus_files, emit, loadavg, parse_corpora, run_child, run_cli, summary,  # noqa: E402
                    warm_pipeline, write_json)


def child_loaded(workers: int, out: str, files: list[str]) -> None:
    from pipeline.runner.batch import run_batch

    warm_pipeline()
    load = loadavg()
    s = run_batch(files, Path(out), workers=workers)
    assert s.errors == 0 and s.records == len(files), s.error_reasons
    emit({"seconds": s.seconds, "docs": s.documents, "chars": s.chars, "loadavg": load})


def measure(name: str, folder: Path, workers: int, repeat: int, max_docs: int, tmp: Path) -> dict:
    files = [str(p) for p in corpus_files(folder, max_docs)]
    counts = (1, workers)
    cli = {w: [] for w in counts}
    loaded = {w: [] for w in counts}
    loads = []
    reference = None
    identical = True
    for r in range(repeat):
        for w in counts:
            out = tmp / f"{name}-cli-w{w}-r{r}" / "records.jsonl"
            loads.append(loadavg())
            cli[w].append(run_cli(["run", *files, "-o", str(out), "-q", "--workers", str(w)]))
            data = out.read_bytes()
            reference = data if reference is None else reference
            identical &= data == reference
            shutil.rmtree(out.parent)
            out = tmp / f"{name}-loaded-w{w}-r{r}" / "records.jsonl"
            res = run_child(Path(__file__), ["--child", str(w), str(out), *files])
            loaded[w].append(res["seconds"])
            identical &= out.read_bytes() == reference
            shutil.rmtree(out.parent)
    docs, chars = res["docs"], res["chars"]

    def rates(times: list[float]) -> dict:
        return {"seconds": summary(times), "docs_per_s": summary([docs / t for t in times]),
                "chars_per_s": summary([chars / t for t in times])}

    def speedup(d: dict) -> dict:
        # per repeat: the 1-worker time over the N-worker time of the same round
        return summary([a / b for a, b in zip(d[1], d[workers])])

    return {"corpus": name, "path": str(folder), "docs": docs, "chars": chars, "workers": workers,
            "cli": {str(w): rates(cli[w]) for w in counts}, "loaded": {str(w): rates(loaded[w]) for w in counts},
            "cli_speedup": speedup(cli), "loaded_speedup": speedup(loaded), "identical": identical,
            "loadavg": loads}


def _fmt(s: dict, spec: str) -> str:
    return f"{s['median']:{spec}} ({s['min']:{spec}}–{s['max']:{spec}})" if s["n"] > 1 else f"{s['median']:{spec}}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", action="append", help="NAME (seeds, xwlb, reports2025) or NAME=PATH; repeatable")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--max-docs", type=int, default=0, help="only the first N documents of each corpus (smoke tests)")
    ap.add_argument("--json", type=Path, help="write the results here (for benchmarks/run_all.py)")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child_loaded(int(args.child[0]), args.child[1], args.child[2:])

    print(f"{os.cpu_count()} cores; load average {loadavg()} at the start; median of {args.repeat} runs (min–max)")
    results = []
    with tempfile.TemporaryDirectory(prefix="govextract-workers-") as tmp:
        for name, folder in parse_corpora(args.corpus).items():
            r = measure(name, folder, args.workers, args.repeat, args.max_docs, Path(tmp))
            results.append(r)
            print(f"\n{name}: {r['docs']} distinct documents, {r['chars']:,} chars ({folder})")
            print(f"  {'':<40}{'workers':>8}{'seconds':>22}{'docs/s':>24}{'chars/s':>30}")
            for label, key in (("CLI end to end (incl. start-up)", "cli"), ("pipeline loaded (excl. start-up)", "loaded")):
                for w in (1, args.workers):
                    x = r[key][str(w)]
                    print(f"  {label:<40}{w:>8}{_fmt(x['seconds'], '.2f'):>22}{_fmt(x['docs_per_s'], ',.1f'):>24}"
                          f"{_fmt(x['chars_per_s'], ',.0f'):>30}")
            print(f"  speed-up with {args.workers} workers: CLI end to end {_fmt(r['cli_speedup'], '.2f')}×, "
                  f"pipeline loaded {_fmt(r['loaded_speedup'], '.2f')}×")
            print(f"  records byte-identical across all runs: {r['identical']}; load average before each CLI run: {r['loadavg']}")
    write_json(args.json, {"benchmark": "workers", "repeat": args.repeat, "max_docs": args.max_docs,
                           "workers": args.workers, "corpora": results, "loadavg_end": loadavg()})


if __name__ == "__main__":
    main()
