"""Pipeline throughput on one core next to a jieba.posseg baseline measured in the same run,
on distinct real documents, plus time to the first record of the CLI.

    python benchmarks/throughput.py [--corpus NAME[=PATH] ...] [--repeat 3] [--max-docs N] [--json PATH]

Corpora (default all three; every *.txt once, no copies): `seeds` (../shared/seeds, 5 articles),
`xwlb` (../shared/corpus/xwlb, 400 TV news items), `reports2025` (../shared/corpus/reports2025,
7 long provincial work reports).

Per corpus and repeat, in a fresh interpreter (so no document is seen twice by one process):
- pipeline: the spaCy pipeline is loaded on a synthetic warm-up text, then `run_batch`
  (the code path of `govextract run`: read → normalise → extract → record → JSONL + manifest)
  runs over the corpus with one worker. Start-up is NOT included (see workers.py for the CLI
  end to end). chars/s counts characters of the decoded input text.
- baseline: `jieba.posseg.cut` (dictionary loaded first, not timed) over the *normalised* text
  of the same documents (what the extractors read: Simplified, pinyin glosses removed) — the
  headline ratio. Raw text is not used for the ratio: one seed is Traditional with pinyin glosses,
  which slows jieba down so much on that one document that it would decide the ratio.
Time to first record, per corpus (its first file), repeated:
- CLI: `govextract run ONE.txt -o TMP/records.jsonl` (default workers) from spawning the process
  until records.jsonl holds its first complete line, and until the process exits;
- library: a fresh interpreter imports the pipeline and builds the first record (no CLI, no file).
Every figure is the median of --repeat runs (min–max printed beside it).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import (ROOT, corpus_files, emit, govextract_cmd, loadavg, parse_corpora, run_child,  # noqa: E402
                    summary, warm_pipeline, write_json)

sys.path.insert(0, str(ROOT))


# --------------------------------------------------------------------------- children (fresh interpreters)

def child_throughput(files: list[str]) -> None:
    import jieba
    import jieba.posseg as pseg

    from pipeline.runner.batch import run_batch
    from pipeline.stages.ingest import InputDoc, iter_documents
    from pipeline.stages.normalise import normalise

    warm_pipeline()
    with tempfile.TemporaryDirectory(prefix="govextract-tp-") as tmp:
        load = loadavg()
        s = run_batch(files, Path(tmp) / "records.jsonl", workers=1)
    assert s.errors == 0 and s.records == len(files), s.error_reasons
    texts = [normalise(d.text).text for d in iter_documents(files) if isinstance(d, InputDoc)]
    jieba.setLogLevel(60)
    jieba.initialize()
    list(pseg.cut("预热一下分词器。"))
    t = time.perf_counter()
    for text in texts:
        for _ in pseg.cut(text):
            pass
    jieba_s = time.perf_counter() - t
    norm_chars = sum(map(len, texts))
    emit({"docs": s.documents, "chars": s.chars, "seconds": s.seconds, "chars_per_s": s.chars / s.seconds,
          "docs_per_s": s.documents / s.seconds, "jieba_chars": norm_chars, "jieba_seconds": jieba_s,
          "jieba_chars_per_s": norm_chars / jieba_s, "ratio": (s.chars / s.seconds) / (norm_chars / jieba_s),
          "loadavg": load})


def child_first_record_library(path: str, t0: float) -> None:
    from pipeline.stages.ingest import iter_documents
    from pipeline.stages.process import process

    doc = next(iter(iter_documents([path])))
    process(doc)
    emit({"seconds": time.time() - t0})


# --------------------------------------------------------------------------- parent

def first_record_cli(path: Path) -> tuple[float, float]:
    """(seconds until records.jsonl has its first line, seconds until the process exits)."""
    tmp = Path(tempfile.mkdtemp(prefix="govextract-first-"))
    out = tmp / "records.jsonl"
    try:
        t0 = time.perf_counter()
        proc = subprocess.Popen(govextract_cmd() + ["run", str(path), "-o", str(out), "-q"], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        first = None
        while first is None:
            try:
                if out.stat().st_size and b"\n" in out.read_bytes():
                    first = time.perf_counter() - t0
                    break
            except FileNotFoundError:
                pass
            if proc.poll() is not None:
                if out.exists() and b"\n" in out.read_bytes():
                    first = time.perf_counter() - t0
                break
            time.sleep(0.002)
        err = proc.communicate()[1]
        done = time.perf_counter() - t0
        if proc.returncode != 0 or first is None:
            raise RuntimeError(f"govextract run {path} exited {proc.returncode}:\n{err.decode()[-2000:]}")
        return first, done
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def first_record_library(path: Path) -> float:
    return run_child(Path(__file__), ["--child-first", str(path), repr(time.time())])["seconds"]


def measure(name: str, folder: Path, repeat: int, max_docs: int) -> dict:
    files = [str(p) for p in corpus_files(folder, max_docs)]
    runs = [run_child(Path(__file__), ["--child-throughput", *files]) for _ in range(repeat)]
    firsts = [first_record_cli(Path(files[0])) for _ in range(repeat)]
    libs = [first_record_library(Path(files[0])) for _ in range(repeat)]
    pick = lambda key: summary([r[key] for r in runs])  # noqa: E731
    return {
        "corpus": name, "path": str(folder), "docs": runs[0]["docs"], "chars": runs[0]["chars"],
        "pipeline_chars_per_s": pick("chars_per_s"), "pipeline_docs_per_s": pick("docs_per_s"),
        "pipeline_seconds": pick("seconds"), "jieba_chars_per_s": pick("jieba_chars_per_s"),
        "ratio": pick("ratio"), "loadavg": [r["loadavg"] for r in runs],
        "first_record_file": Path(files[0]).name,
        "first_record_cli": summary([f for f, _ in firsts]), "first_record_cli_exit": summary([d for _, d in firsts]),
        "first_record_library": summary(libs),
    }


def _fmt(s: dict, spec: str = ",.0f") -> str:
    return f"{s['median']:{spec}} ({s['min']:{spec}}–{s['max']:{spec}})" if s["n"] > 1 else f"{s['median']:{spec}}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", action="append", help="NAME (seeds, xwlb, reports2025) or NAME=PATH; repeatable")
    ap.add_argument("--repeat", type=int, default=3, help="fresh-interpreter runs per figure (median reported)")
    ap.add_argument("--max-docs", type=int, default=0, help="only the first N documents of each corpus (smoke tests)")
    ap.add_argument("--json", type=Path, help="write the results here (for benchmarks/run_all.py)")
    ap.add_argument("--child-throughput", nargs="+", help=argparse.SUPPRESS)
    ap.add_argument("--child-first", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_throughput:
        return child_throughput(args.child_throughput)
    if args.child_first:
        return child_first_record_library(args.child_first[0], float(args.child_first[1]))

    print(f"{os.cpu_count()} cores; load average {loadavg()} at the start; median of {args.repeat} "
          f"fresh-interpreter runs (min–max)")
    results = []
    for name, folder in parse_corpora(args.corpus).items():
        r = measure(name, folder, args.repeat, args.max_docs)
        results.append(r)
        print(f"\n{name}: {r['docs']} distinct documents, {r['chars']:,} chars ({folder})")
        print(f"  govextract pipeline, 1 core, pipeline loaded:  {_fmt(r['pipeline_chars_per_s'])} chars/s, "
              f"{_fmt(r['pipeline_docs_per_s'], ',.1f')} docs/s")
        print(f"  baseline jieba.posseg, normalised text:        {_fmt(r['jieba_chars_per_s'])} chars/s")
        print(f"  ratio pipeline / jieba.posseg:                 {_fmt(r['ratio'], '.1f')}×")
        print(f"  first record, CLI `govextract run {r['first_record_file']}` until records.jsonl has a line: "
              f"{_fmt(r['first_record_cli'], '.2f')} s (process exit {_fmt(r['first_record_cli_exit'], '.2f')} s)")
        print(f"  first record, library (interpreter start → record built, no file): "
              f"{_fmt(r['first_record_library'], '.2f')} s")
        print(f"  load average during the pipeline runs: {r['loadavg']}")
    write_json(args.json, {"benchmark": "throughput", "repeat": args.repeat, "max_docs": args.max_docs,
                           "corpora": results, "loadavg_end": loadavg()})


if __name__ == "__main__":
    main()
