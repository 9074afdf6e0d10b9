"""What `--ner hanlp:MODEL` costs: chars/s with and without it on distinct real documents (issue 12).

    python benchmarks/ner_throughput.py MODEL_DIR [--corpus ../shared/corpus/xwlb] [--max-docs 100]
                                        [--rounds 2] [--json PATH]

Every *.txt of --corpus once (the first --max-docs, sorted; no copies). `run_batch` (the code path
of `govextract run`, one worker) runs over them without NER and with `--ner hanlp:MODEL_DIR`,
alternately, `--rounds` times each, each pipeline loaded before it is timed (the best of each is
reported, so a slow spell of a shared machine hurts both alike). Also: process start → first record
in a fresh interpreter without and with NER, and whether the default pipeline imported torch or hanlp.
MODEL_DIR is a model trained with `govextract train-ner` (no model ships with the package).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import corpus_files  # noqa: E402


def first_record(sample: Path, ner: str) -> tuple[float, str]:
    code = ("import sys, time; t0 = float(sys.argv[1]);"
            "from pipeline.stages import nlp; nlp.set_options(ner=sys.argv[3]);"
            "from pipeline.stages.ingest import iter_documents; from pipeline.stages.process import process;"
            "doc = next(iter(iter_documents([sys.argv[2]]))); process(doc);"
            "print(time.time() - t0, 'torch' in sys.modules, 'hanlp' in sys.modules)")
    t0 = time.time()
    out = subprocess.run([sys.executable, "-c", code, repr(t0), str(sample), ner], cwd=ROOT,
                         capture_output=True, text=True, check=True,
                         env={k: v for k, v in os.environ.items() if k != "GOVEXTRACT_NER"})
    secs, torch, hanlp = out.stdout.split()
    return float(secs), f"torch imported: {torch}, hanlp imported: {hanlp}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "xwlb")
    ap.add_argument("--max-docs", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--json", type=Path, help="write the results here (for benchmarks/run_all.py)")
    args = ap.parse_args()

    from pipeline.runner.batch import run_batch
    from pipeline.stages import nlp

    files = [str(f) for f in corpus_files(args.corpus, args.max_docs)]
    ner = f"hanlp:{args.model}"
    tmp = Path(tempfile.mkdtemp(prefix="govextract-ner-bench-"))
    best = {"none": 0.0, ner: 0.0}
    chars = 0
    try:
        starts = {k: first_record(Path(files[0]), k) for k in ("none", ner)}
        for r in range(args.rounds):
            for key in ("none", ner):
                nlp.set_options(ner=key)
                nlp.load_nlp()              # model loading is start-up, not throughput
                s = run_batch(files, tmp / f"out{r}{key == 'none'}" / "records.jsonl", workers=1)
                assert s.errors == 0, s.error_reasons
                chars = s.chars
                best[key] = max(best[key], s.chars_per_second)
                print(f"round {r + 1} {key:>30}: {s.chars_per_second:>10,.0f} chars/s ({s.seconds:.1f} s)", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"corpus: {len(files)} documents of {args.corpus}, {chars:,} chars, one worker (best of {args.rounds})")
    print(f"without NER:          {best['none']:>10,.0f} chars/s")
    print(f"with --ner {ner}: {best[ner]:>10,.0f} chars/s  ({best['none'] / best[ner]:.1f}x slower)")
    for key, (secs, imported) in starts.items():
        print(f"process start → first record, ner={key}: {secs:.2f} s ({imported})")
    if args.json:
        args.json.write_text(json.dumps({
            "benchmark": "ner_throughput", "corpus": str(args.corpus), "docs": len(files), "chars": chars,
            "rounds": args.rounds, "without": best["none"], "with": best[ner], "slowdown": best["none"] / best[ner],
            "first_record_without": starts["none"][0], "first_record_with": starts[ner][0],
            "default_imports": starts["none"][1]}, indent=1))


if __name__ == "__main__":
    main()
