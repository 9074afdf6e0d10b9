"""What `--ner hanlp:MODEL` costs: chars/s on the seeds benchmark with and without it (issue 12).

    python benchmarks/ner_throughput.py MODEL_DIR [--corpus ../shared/seeds] [--min-mb 0.5] [--rounds 2]

The seeds are copied until the corpus holds ≥ --min-mb MB (as benchmarks/throughput.py does);
`run_batch` (the code path of `govextract run`, one worker) runs over it without NER and with
`--ner hanlp:MODEL_DIR`, alternately, `--rounds` times each (the best of each is reported, so a
slow spell of a shared machine hurts both alike). Also: process start → first record in a fresh
interpreter without and with NER, and whether the default pipeline imported torch or hanlp.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.throughput import build_corpus  # noqa: E402


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
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "seeds")
    ap.add_argument("--min-mb", type=float, default=0.5)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()

    from pipeline.runner.batch import run_batch
    from pipeline.stages import nlp

    ner = f"hanlp:{args.model}"
    tmp = Path(tempfile.mkdtemp(prefix="govextract-ner-bench-"))
    best = {"none": 0.0, ner: 0.0}
    try:
        corpus = tmp / "corpus"
        corpus.mkdir()
        chars, _texts = build_corpus(args.corpus, corpus, int(args.min_mb * 1_000_000))
        sample = next(corpus.iterdir())
        starts = {k: first_record(sample, k) for k in ("none", ner)}
        for r in range(args.rounds):
            for key in ("none", ner):
                nlp.set_options(ner=key)
                nlp.load_nlp()              # model loading is start-up, not throughput
                s = run_batch([str(corpus)], tmp / f"out{r}{key == 'none'}" / "records.jsonl", workers=1)
                assert s.errors == 0, s.error_reasons
                best[key] = max(best[key], s.chars_per_second)
                print(f"round {r + 1} {key:>30}: {s.chars_per_second:>10,.0f} chars/s ({s.seconds:.1f} s)", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"corpus: {chars:,} chars, one worker (best of {args.rounds})")
    print(f"without NER:          {best['none']:>10,.0f} chars/s")
    print(f"with --ner {ner}: {best[ner]:>10,.0f} chars/s  ({best['none'] / best[ner]:.1f}x slower)")
    for key, (secs, imported) in starts.items():
        print(f"process start → first record, ner={key}: {secs:.2f} s ({imported})")


if __name__ == "__main__":
    main()
