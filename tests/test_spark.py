"""The Spark engine produces the local engine's records byte for byte (Spark local mode).

These tests need PySpark and Java 17 (`pip install -e '.[spark]'`); when either is missing
they fail with the install hint — they are never skipped.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from pipeline.runner.batch import run_batch
from pipeline.engines.spark import (SparkUnavailable, _require_java, _require_pyspark, extract_dataframe,
                                    get_session, run_spark)
from pipeline.stages.process import extract_text
from schemas import CATEGORIES, DocumentRecord, ErrorRecord
from tests.spark_corpus import build_corpus

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def spark():
    session = get_session("local[2]", app_name="govextract-tests")
    yield session
    session.stop()


def _by_doc_id(path: Path) -> list[bytes]:
    lines = path.read_bytes().splitlines()
    return sorted(lines, key=lambda ln: (orjson.loads(ln).get("doc_id") or "", ln))


def _both_engines(spark, inputs: list[str], tmp_path: Path):
    local_out, spark_out = tmp_path / "local" / "records.jsonl", tmp_path / "spark" / "records.jsonl"
    summary = run_batch(inputs, local_out)
    counts = run_spark(inputs, spark_out, spark=spark)
    return local_out, spark_out, summary, counts


def _assert_identical(local_out: Path, spark_out: Path) -> None:
    for name in ("records.jsonl", "errors.jsonl"):
        local, remote = local_out.with_name(name), spark_out.with_name(name)
        assert remote.read_bytes() == local.read_bytes(), f"{name} differs between engines"
        assert _by_doc_id(remote) == _by_doc_id(local)
        parts = sorted((spark_out.parent / "spark" / name.split(".")[0]).glob("part-*.jsonl"))
        assert parts, f"no part files for {name}"
        assert b"".join(p.read_bytes() for p in parts) == local.read_bytes()


def test_examples_identical(spark, tmp_path):
    local_out, spark_out, summary, counts = _both_engines(spark, [str(ROOT / "examples")], tmp_path)
    assert summary.records >= 6
    _assert_identical(local_out, spark_out)
    assert (counts["records"], counts["errors"]) == (summary.records, summary.errors)
    assert counts["items"] == {c: summary.items.get(c, 0) for c in CATEGORIES}


def test_generated_corpus_identical_with_bad_inputs(spark, tmp_path):
    corpus = tmp_path / "corpus"
    expected_docs = build_corpus(corpus)
    assert expected_docs >= 500
    odd = corpus / "b" / "odd {x} [1] 名 ?.txt"  # Spark reads paths as globs: these must stay literal
    odd.write_bytes((corpus / "b" / "legacy_gbk.txt").read_bytes() + "第二版".encode("gbk"))
    expected_docs += 1
    missing = str(tmp_path / "missing.txt")
    inputs = [str(corpus), missing, str(corpus / "b" / "legacy_gbk.txt")]  # a file given twice
    local_out, spark_out, summary, counts = _both_engines(spark, inputs, tmp_path)
    _assert_identical(local_out, spark_out)
    assert counts["documents"] == expected_docs + 2 == summary.records + summary.errors
    assert counts["records"] == summary.records and counts["errors"] == summary.errors
    assert counts["chars"] == summary.chars
    assert counts["items"] == {c: summary.items.get(c, 0) for c in CATEGORIES}
    assert counts["error_reasons"] == dict(summary.error_reasons)
    errors = [orjson.loads(ln) for ln in spark_out.with_name("errors.jsonl").read_bytes().splitlines()]
    for err in errors:
        ErrorRecord.model_validate(err)
    reasons = {(e["source"].rsplit("/", 1)[-1], e["stage"]) for e in errors}
    assert ("picture.txt", "decode") in reasons  # binary file
    assert ("empty.txt", "ingest") in reasons  # empty file
    assert ("crawl_dump.jsonl#broken", "ingest") not in reasons  # invalid JSON has no usable id:
    assert any(s.startswith("crawl_dump.jsonl#") and st == "ingest" for s, st in reasons)
    assert ("missing.txt", "ingest") in reasons  # unreadable input: an error record, not a crash
    records = spark_out.read_bytes().splitlines()
    assert sum(1 for ln in records if str(odd).encode() in ln) == 1
    assert sum(1 for ln in records if b'"source":"' + str(corpus / "b" / "legacy_gbk.txt").encode() in ln) == 2


def test_stdin_is_refused_clearly(spark, tmp_path):
    with pytest.raises(ValueError, match="stdin"):
        run_spark(["-"], tmp_path / "records.jsonl", spark=spark)


def test_missing_pyspark_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)  # makes `import pyspark` raise ImportError
    with pytest.raises(SparkUnavailable, match=r"pip install 'govextract\[spark\]'"):
        _require_pyspark()


def test_missing_java_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(SparkUnavailable, match="Java 17 is required"):
        _require_java()


def test_extract_dataframe_matches_extract_text(spark):
    texts = [
        "湖州市委副书记钱立新在2023年3月8日的推进会上要求，全市新开工保障房4200套，力争“三个聚焦”落地。",
        "",
        "昆山市副市长沈晓燕通报，今年前两个月外贸进出口同比增长6.4%。",
    ]
    df = spark.createDataFrame([(i, t) for i, t in enumerate(texts)], "id long, text string")
    out = extract_dataframe(df, id_col="id")
    assert out.columns == ["id", "kind", *DocumentRecord.model_fields, "error"]  # contract order
    rows = {r["id"]: r.asDict(recursive=True) for r in out.collect()}
    assert sorted(rows) == [0, 1, 2]
    for i, text in enumerate(texts):
        expected = extract_text(text)
        assert isinstance(expected, DocumentRecord)
        row = rows[i]
        assert row.pop("id") == i and row.pop("kind") == "record" and row.pop("error") is None
        assert row == expected.model_dump(mode="json")
    assert rows[0]["officials"] and rows[0]["quantities"]  # the comparison is not of empty lists


def test_extract_dataframe_null_text_is_an_error_row(spark):
    df = spark.createDataFrame([("a", None, "2024-05-01")], "src string, text string, day string")
    (row,) = extract_dataframe(df, source_col="src", published_col="day").collect()
    assert row["kind"] == "error" and row["source"] == "a" and row["officials"] is None
    assert row["error"]["stage"] == "ingest"


def _worker_state(rows):
    import os
    import sys as worker_sys

    nlp = worker_sys.modules.get("pipeline.stages.nlp")
    yield os.getppid(), bool(nlp and nlp.load_nlp.cache_info().currsize), sum(1 for _ in rows)


def test_executor_workers_start_with_the_pipeline_loaded(spark):
    """The daemon loads the pipeline once; workers forked from it never load it again."""
    states = spark.sparkContext.parallelize(range(8), 4).mapPartitions(_worker_state).collect()
    assert [loaded for _, loaded, _ in states] == [True] * 4
    assert len({daemon for daemon, _, _ in states}) == 1


def test_daemon_preload_leaves_no_threads():
    """Fork safety: after preloading, the daemon process has one thread (else it falls back)."""
    code = "import pipeline.engines.spark_daemon as d; print(d.preload(), d._threads())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["True", "1"], out.stderr


def test_cli_engine_spark_writes_the_local_engines_records_and_run_json(spark, tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    runner = CliRunner()
    examples = str(Path(__file__).resolve().parent.parent / "examples")
    local, remote = tmp_path / "local" / "records.jsonl", tmp_path / "spark" / "records.jsonl"
    assert runner.invoke(app, ["run", examples, "-o", str(local), "-q"]).exit_code == 0
    result = runner.invoke(app, ["run", examples, "-o", str(remote), "--engine", "spark",
                                 "--spark-master", "local[2]"])
    assert result.exit_code == 0, result.output
    assert remote.read_bytes() == local.read_bytes()
    run = orjson.loads(remote.with_name("run.json").read_bytes())
    assert (run["engine"], run["inputs"], run["records"], run["adds_up"]) == ("spark", 8, 8, True)
    for extra, needle in ((["--engine", "flink"], "unknown engine"),
                          (["--engine", "spark", "--incremental"], "not supported with --engine spark")):
        bad = runner.invoke(app, ["run", examples, "-o", str(tmp_path / "x" / "r.jsonl"), "-q", *extra])
        assert bad.exit_code == 2 and needle in bad.output
