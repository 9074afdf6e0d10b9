"""The benchmark scripts keep running: `benchmarks/run_all.py --quick` on tiny inputs (< 60 s on a
quiet 2-core machine), and the generated blocks of the published documents can be found.

The Spark part is left out unless GOVEXTRACT_BENCH_SPARK=1 (two JVM start-ups take longer than
this test may; tests/test_spark.py covers the engine itself). The PostgreSQL part runs when
GOVEXTRACT_TEST_PG_URL is set (`source .ci/postgres.sh`), else it is skipped. Each skip is printed.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "benchmarks"))

import run_all  # noqa: E402


def test_published_documents_have_generated_blocks():
    for path, (start, end, _) in run_all.MARKERS.items():
        text = path.read_text(encoding="utf-8")
        assert text.count(start) == 1 and text.count(end) == 1, f"{path}: one {start} … {end} block expected"
        assert text.index(start) < text.index(end)


def test_replace_block(tmp_path):
    doc = tmp_path / "doc.md"
    doc.write_text("before\n<!-- bench:start -->\nold 1 234 chars/s\n<!-- bench:end -->\nafter\n", encoding="utf-8")
    run_all.replace_block(doc, "<!-- bench:start -->", "<!-- bench:end -->", "| new | table |")
    text = doc.read_text(encoding="utf-8")
    assert "old" not in text and "| new | table |" in text
    assert text.startswith("before\n<!-- bench:start -->\n") and text.endswith("<!-- bench:end -->\nafter\n")


def test_run_all_quick(tmp_path, capsys):
    missing = [p for p in (SHARED / "seeds", SHARED / "corpus" / "xwlb") if not p.is_dir()]
    if missing:
        pytest.skip(f"benchmark corpora not found: {', '.join(map(str, missing))}")
    args = [sys.executable, str(ROOT / "benchmarks" / "run_all.py"), "--quick", "--out", str(tmp_path / "bench.md")]
    with capsys.disabled():
        if os.environ.get("GOVEXTRACT_BENCH_SPARK") == "1":
            args.append("--with-spark")
        else:
            print("\n[test_benchmarks] Spark benchmark skipped: set GOVEXTRACT_BENCH_SPARK=1 to include it "
                  "(JVM start-up is too slow for this smoke test)")
        if not os.environ.get("GOVEXTRACT_TEST_PG_URL"):
            print("[test_benchmarks] PostgreSQL part of load_throughput skipped: GOVEXTRACT_TEST_PG_URL unset "
                  "(source .ci/postgres.sh)")
    published = {p: p.read_bytes() for p in [*run_all.MARKERS, ROOT / "docs" / "benchmarks.md"] if p.exists()}
    proc = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    md = (tmp_path / "bench.md").read_text(encoding="utf-8")
    for heading in ("**Throughput on one core**", "**CLI end to end, 1 and 2 workers**", "**Time to first record**",
                    "**One very long document**", "**Spark local mode", "**Loading**"):
        assert heading in md, heading
    assert "FAILED" not in md and "**NO**" not in md
    results = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))["results"]
    tp = results["throughput"]["corpora"][0]
    assert tp["docs"] == 2 and tp["pipeline_chars_per_s"]["median"] > 0 and tp["jieba_chars_per_s"]["median"] > 0
    assert tp["first_record_cli"]["median"] > 0
    wk = results["workers"]["corpora"][0]
    assert wk["docs"] == 3 and wk["identical"] and wk["cli"]["2"]["docs_per_s"]["median"] > 0
    mem = results["long_document_memory"]["cases"][0]
    assert mem["processes"] == 3 and mem["tree_rss"] > mem["root_rss"] > 0   # parent + 2 workers, all sampled
    assert results["load_throughput"]["duckdb"]["cli"]["records_per_s"]["median"] > 0
    # a quick run publishes nothing
    for path, data in published.items():
        assert path.read_bytes() == data, f"--quick rewrote {path}"
