"""Throughput of the whole pipeline next to a jieba.posseg baseline, measured in one run.

    python benchmarks/throughput.py [--corpus ../shared/seeds] [--min-mb 2] [--baseline-chars N]

The corpus (every *.txt/*.html under --corpus) is copied repeatedly into a temp folder until it
holds ≥ --min-mb MB of text; the pipeline then runs read → records → JSONL over it on one core
(`run_batch`, the code path of `govextract run`). The baseline runs `jieba.posseg.cut` over the
same raw text (and, as a fairer second line, over the normalised text, since pinyin glosses make
jieba very slow). `--baseline-chars` caps the baseline text for a quicker run (chars/s is still
per character). Also measured: seconds from process start to the first record (a subprocess).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_corpus(src: Path, dst: Path, min_chars: int) -> tuple[int, list[str]]:
    files = sorted(p for p in src.rglob("*") if p.suffix in (".txt", ".html", ".htm"))
    if not files:
        sys.exit(f"no *.txt/*.html files under {src}")
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in files]
    chars, rounds = 0, 0
    while chars < min_chars:
        for p, text in zip(files, texts):
            (dst / f"{rounds:04d}_{p.name}").write_text(text, encoding="utf-8")
            chars += len(text)
        rounds += 1
    return chars, texts * rounds


def time_to_first_record(sample: Path) -> float:
    """Seconds from spawning a fresh interpreter to its first record being built."""
    code = ("import sys, time; t0 = float(sys.argv[1]);"
            "from pipeline.stages.ingest import iter_documents; from pipeline.stages.process import process;"
            "doc = next(iter(iter_documents([sys.argv[2]]))); process(doc);"
            "print(time.time() - t0)")
    t0 = time.time()
    out = subprocess.run([sys.executable, "-c", code, repr(t0), str(sample)], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def jieba_cps(text: str) -> float:
    import jieba
    import jieba.posseg as pseg
    jieba.setLogLevel(60)
    jieba.initialize()
    list(pseg.cut("预热一下分词器。"))
    t = time.perf_counter()
    for _ in pseg.cut(text):
        pass
    return len(text) / (time.perf_counter() - t)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "seeds")
    ap.add_argument("--min-mb", type=float, default=2.0)
    ap.add_argument("--baseline-chars", type=int, default=0, help="cap the baseline text (0 = all)")
    args = ap.parse_args()

    from pipeline.runner.batch import run_batch
    from pipeline.stages.normalise import normalise
    from pipeline.stages.process import process  # noqa: F401  (import cost is not throughput)

    tmp = Path(tempfile.mkdtemp(prefix="govextract-bench-"))
    try:
        corpus = tmp / "corpus"
        corpus.mkdir()
        chars, texts = build_corpus(args.corpus, corpus, int(args.min_mb * 1_000_000))
        first = time_to_first_record(next(corpus.iterdir()))
        summary = run_batch([str(corpus)], tmp / "out" / "records.jsonl")
        assert summary.errors == 0, summary.error_reasons
        ours = summary.chars_per_second
        raw = "\n".join(texts)
        if args.baseline_chars:
            raw = raw[:args.baseline_chars]
        base_raw = jieba_cps(raw)
        base_norm = jieba_cps(normalise(raw).text)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"corpus: {summary.documents} documents, {chars:,} chars ({chars / 1e6:.2f} M), one core")
    print(f"govextract pipeline (read → records → JSONL): {ours:>12,.0f} chars/s  ({summary.seconds:.2f} s)")
    print(f"baseline jieba.posseg, same raw text:         {base_raw:>12,.0f} chars/s  ratio {ours / base_raw:.1f}x")
    print(f"baseline jieba.posseg, normalised text:       {base_norm:>12,.0f} chars/s  ratio {ours / base_norm:.1f}x")
    print(f"process start → first record: {first:.2f} s")


if __name__ == "__main__":
    main()
