"""Mistakes a user makes get one clear message and the right exit code, never a traceback.

Exit codes: 0 all good; 1 some documents errored (or a load failed); 2 a usage or configuration
error. One test per mistake seen in a trial run by a new user."""
from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "jiangsu_county_meeting.txt"


def _run(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture()
def records(tmp_path) -> Path:
    out = tmp_path / "out" / "records.jsonl"
    assert _run("run", str(EXAMPLE), "-o", str(out), "-q").exit_code == 0
    return out


def test_run_into_a_folder_that_cannot_be_written():
    # /proc/self exists and refuses new files even to root (a chmod'ed folder would not stop root)
    r = _run("run", str(EXAMPLE), "-o", "/proc/self/records.jsonl", "-q")
    assert r.exit_code == 2 and "cannot write to output folder /proc/self" in r.output


def test_run_into_a_place_that_cannot_be_a_folder(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = _run("run", str(EXAMPLE), "-o", str(blocker / "sub" / "records.jsonl"), "-q")
    assert r.exit_code == 2 and "cannot create output folder" in r.output


def test_output_without_jsonl_suffix_is_refused(tmp_path):
    r = _run("run", str(EXAMPLE), "-o", str(tmp_path / "out"), "-q")
    assert r.exit_code == 2 and ".jsonl" in r.output and not (tmp_path / "out").exists()


def test_output_folder_is_refused_with_the_path_to_use(tmp_path):
    (tmp_path / "out").mkdir()
    r = _run("run", str(EXAMPLE), "-o", str(tmp_path / "out"), "-q")
    assert r.exit_code == 2 and str(tmp_path / "out" / "records.jsonl") in r.output


def test_missing_input_is_a_usage_error_naming_the_path(tmp_path):
    missing = tmp_path / "nope.txt"
    r = _run("run", str(EXAMPLE), str(missing), "-o", str(tmp_path / "o" / "r.jsonl"), "-q")
    assert r.exit_code == 2 and str(missing) in r.output


def test_folder_with_only_unsupported_files_names_them(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / "in" / "b.docx").write_bytes(b"PK")
    r = _run("run", str(tmp_path / "in"), "-o", str(tmp_path / "o" / "r.jsonl"), "-q")
    assert r.exit_code == 2 and "no input documents" in r.output and ".pdf" in r.output and ".docx" in r.output


def test_empty_folder_is_a_usage_error(tmp_path):
    (tmp_path / "in").mkdir()
    r = _run("run", str(tmp_path / "in"), "-o", str(tmp_path / "o" / "r.jsonl"), "-q")
    assert r.exit_code == 2 and "no files at all" in r.output


@pytest.mark.parametrize("kind", ["missing", "folder", "not_json"])
def test_eval_bad_files(tmp_path, records, kind):
    bad = {"missing": tmp_path / "none.jsonl", "folder": tmp_path,
           "not_json": tmp_path / "notes.txt"}[kind]
    if kind == "not_json":
        bad.write_text("just some words\n")
    r = _run("eval", str(bad), str(records))
    assert r.exit_code == 2 and str(bad) in r.output and "Traceback" not in r.output


def test_eval_with_swapped_arguments_warns(tmp_path, records):
    gold = Path(__file__).resolve().parent / "gold" / "examples.jsonl"
    r = _run("eval", str(records), str(gold))
    assert r.exit_code == 0 and "swapped" in r.output
    assert "swapped" not in _run("eval", str(gold), str(records)).output


def test_validate_on_an_input_dump_says_so_once(tmp_path):
    dump = tmp_path / "crawl.jsonl"
    dump.write_bytes(b"".join(orjson.dumps({"id": i, "text": "正文"}) + b"\n" for i in range(5)))
    r = _run("validate", str(dump))
    assert r.exit_code == 1
    assert "look like input documents" in r.output and "govextract run" in r.output
    assert r.output.count("invalid:") == 0


def test_validate_reports_the_column_not_line_1(tmp_path, records):
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(records.read_bytes() + b'{"doc_id": 1,\n{"broken\n')
    r = _run("validate", str(bad))
    assert r.exit_code == 1 and "bad.jsonl:2: invalid" in r.output and "bad.jsonl:3: invalid" in r.output
    assert "line 1 column" not in r.output


@pytest.mark.parametrize("command", ["validate", "load"])
def test_missing_file_is_exit_2_for_validate_and_load(tmp_path, command):
    r = _run(command, str(tmp_path / "none.jsonl"), *(["--db", str(tmp_path / "x.duckdb")] if command == "load" else []))
    assert r.exit_code == 2 and "no such file" in r.output


def test_load_into_missing_folder_is_refused(tmp_path, records):
    target = tmp_path / "a" / "b" / "c.duckdb"
    r = _run("load", str(records), "--db", str(target))
    assert r.exit_code == 2 and "does not exist" in r.output and not (tmp_path / "a").exists()


def test_help_has_no_raw_type_names_and_honest_defaults():
    r = _run("run", "--help")
    assert "<list" not in r.output and "list[str]" not in r.output
    assert "[default: 2]" not in r.output and "number of cores" in r.output


def test_version():
    r = _run("--version")
    assert r.exit_code == 0 and r.output.startswith("govextract ")


def test_missing_text_field_suggests_the_option(tmp_path):
    dump = tmp_path / "crawl.jsonl"
    dump.write_bytes(orjson.dumps({"id": 1, "body": "正文"}) + b"\n")
    out = tmp_path / "o" / "r.jsonl"
    r = _run("run", str(dump), "-o", str(out), "-q")
    assert r.exit_code == 1
    [err] = [orjson.loads(x) for x in out.with_name("errors.jsonl").read_bytes().splitlines()]
    assert "--text-field" in err["reason"] and "body" in err["reason"]


def test_run_json_is_readable_by_others(records):
    mode = records.with_name("run.json").stat().st_mode & 0o777
    assert mode & 0o044 == 0o044 & ~_umask()


def _umask() -> int:
    m = os.umask(0)
    os.umask(m)
    return m
