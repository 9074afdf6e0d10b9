"""The CLI end to end: run writes records + errors beside them, validate and schema --check gate CI."""
from __future__ import annotations

import orjson
from typer.testing import CliRunner

from pipeline.cli import app
from schemas.jsonschema import schema_files, write_or_check

runner = CliRunner()
ARTICLE = "某县召开经济工作会议\n2023-02-03 09:15 来源:某县融媒\n县委书记王小明主持会议。"


def _corpus(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "b.html").write_text(f"<html><body><p>{ARTICLE}</p></body></html>", encoding="utf-8")
    (src / "c.txt").write_bytes(b"")
    return src


def test_run_writes_one_line_per_document(tmp_path):
    out = tmp_path / "out" / "records.jsonl"
    result = runner.invoke(app, ["run", str(_corpus(tmp_path)), "-o", str(out), "--quiet"])
    assert result.exit_code == 1, result.output          # one document errored
    records = [orjson.loads(x) for x in out.read_bytes().splitlines()]
    errors = [orjson.loads(x) for x in (out.parent / "errors.jsonl").read_bytes().splitlines()]
    assert [r["source"].rsplit("/", 1)[-1] for r in records] == ["a.txt", "b.html"]
    assert len(errors) == 1 and errors[0]["source"].endswith("c.txt")
    assert "inputs 3  records 2  errors 1  skipped-unchanged 0" in result.output
    assert runner.invoke(app, ["validate", str(out), str(out.parent / "errors.jsonl")]).exit_code == 0


def test_no_fail_on_error_exits_zero(tmp_path):
    out = tmp_path / "records.jsonl"
    result = runner.invoke(app, ["run", str(_corpus(tmp_path)), "-o", str(out), "-q", "--no-fail-on-error"])
    assert result.exit_code == 0


def test_validate_reports_line_numbers(tmp_path):
    out = tmp_path / "records.jsonl"
    runner.invoke(app, ["run", str(_corpus(tmp_path)), "-o", str(out), "-q"])
    lines = out.read_bytes().splitlines()
    broken = orjson.loads(lines[1])
    broken["published_basis"] = "guessed"
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(lines[0] + b"\n" + orjson.dumps(broken) + b"\n{oops\n")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:2: invalid" in result.output and f"{bad}:3: invalid" in result.output
    assert "1 valid, 2 invalid lines" in result.output


def test_committed_schema_files_are_current():
    assert write_or_check(None, check=True) == []


def test_schema_check_detects_drift(tmp_path):
    for name in schema_files():
        (tmp_path / name).write_bytes(b"{}\n")
    assert runner.invoke(app, ["schema", "--check", "--out-dir", str(tmp_path)]).exit_code == 1
    assert runner.invoke(app, ["schema", "--out-dir", str(tmp_path)]).exit_code == 0
    assert runner.invoke(app, ["schema", "--check", "--out-dir", str(tmp_path)]).exit_code == 0


def test_help_lists_commands():
    result = runner.invoke(app, ["--help"])
    assert all(cmd in result.output for cmd in ("run", "validate", "schema", "eval"))
