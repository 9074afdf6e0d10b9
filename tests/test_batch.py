"""Nightly batch runs: exactly-once accounting, incremental runs, workers, exit codes, logs."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
import logging
import shutil

import orjson
import pytest
from typer.testing import CliRunner

import pipeline.runner.batch as batch
import pipeline.runner.workers as workers
from pipeline.runner.batch import RunConfigError, run_batch
from pipeline.cli import app
from pipeline.runner.progress import Progress
from schemas import DocumentRecord, ErrorRecord
from tests.batch_corpus import article, write_corpus

runner = CliRunner()


def _lines(path):
    return [orjson.loads(x) for x in path.read_bytes().splitlines()] if path.exists() else []


def _sources(out):
    return [r["source"] for r in _lines(out)] + [e["source"] for e in _lines(out.with_name("errors.jsonl"))]


def test_every_input_document_is_one_line_and_the_summary_adds_up(tmp_path):
    n = write_corpus(tmp_path / "in", n_files=12, n_jsonl=7)
    (tmp_path / "in" / "missing-target.txt").symlink_to(tmp_path / "nowhere.txt")   # unreadable
    n += 1
    out = tmp_path / "out" / "records.jsonl"
    summary = run_batch([str(tmp_path / "in")], out, workers=2)
    records, errors = _lines(out), _lines(out.with_name("errors.jsonl"))
    assert summary.inputs == n == len(records) + len(errors)
    assert summary.adds_up and summary.skipped_unchanged == 0
    assert (summary.records, summary.errors) == (len(records), len(errors)) == (20, 5)
    sources = _sources(out)
    assert len(sources) == len(set(sources)) == n                        # never both, never neither
    for r in records:
        DocumentRecord.model_validate(r)
    for e in errors:
        ErrorRecord.model_validate(e)
    run = orjson.loads(out.with_name("run.json").read_bytes())
    assert run["inputs"] == run["records"] + run["errors"] + run["skipped_unchanged"] == n
    assert run["adds_up"] is True
    assert sum(run["errors_by_stage"].values()) == run["errors"] == 5
    assert run["errors_by_stage"] == {"ingest": 4, "decode": 1}
    assert sum(run["error_reasons"].values()) == 5
    assert run["items"]["officials"] == sum(len(r["officials"]) for r in records) > 0
    assert run["wall_seconds"] > 0 and run["chars_per_second"] > 0


def test_output_order_does_not_depend_on_workers(tmp_path):
    write_corpus(tmp_path / "in", n_files=40, n_jsonl=30)
    outputs = []
    for n in (1, 2, 3):
        out = tmp_path / f"w{n}" / "records.jsonl"
        run_batch([str(tmp_path / "in")], out, workers=n)
        outputs.append((out.read_bytes(), out.with_name("errors.jsonl").read_bytes()))
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0][0].count(b"\n") == 71


def test_incremental_second_run_writes_nothing_new_and_says_so(tmp_path):
    write_corpus(tmp_path / "in", n_files=6, n_jsonl=3)
    out = tmp_path / "out" / "records.jsonl"
    first = runner.invoke(app, ["run", str(tmp_path / "in"), "-o", str(out), "-q", "--incremental"])
    assert first.exit_code == 1, first.output                # the bad inputs are error records
    before = (out.read_bytes(), out.with_name("errors.jsonl").read_bytes())
    second = runner.invoke(app, ["run", str(tmp_path / "in"), "-o", str(out), "-q", "--incremental"])
    assert (out.read_bytes(), out.with_name("errors.jsonl").read_bytes()) == before
    assert "nothing new" in second.output
    assert "inputs 14  records 0  errors 0  skipped-unchanged 14" in second.output
    assert second.exit_code == 0                              # no new errors in this run
    run = orjson.loads(out.with_name("run.json").read_bytes())
    assert run["skipped_unchanged"] == 14 and run["adds_up"]
    assert run["records"] == 0 and run["records_in_file"] == before[0].count(b"\n") > 0
    assert f"holds {run['records_in_file']} records" in second.output


def test_incremental_appends_only_new_and_changed_documents(tmp_path):
    write_corpus(tmp_path / "in", n_files=5, bad=False)
    out = tmp_path / "out" / "records.jsonl"
    run_batch([str(tmp_path / "in")], out, incremental=True)
    first = out.read_bytes()
    (tmp_path / "in" / "a0001.txt").write_text(article(777), encoding="utf-8")      # changed
    (tmp_path / "in" / "new.txt").write_text(article(778), encoding="utf-8")        # new
    summary = run_batch([str(tmp_path / "in")], out, incremental=True)
    assert (summary.records, summary.skipped_unchanged, summary.inputs) == (2, 4, 6)
    assert out.read_bytes().startswith(first)                 # appended, earlier lines untouched
    added = _lines(out)[5:]
    assert sorted(r["source"].rsplit("/", 1)[-1] for r in added) == ["a0001.txt", "new.txt"]


def test_pipeline_version_change_reextracts_everything(tmp_path, monkeypatch):
    write_corpus(tmp_path / "in", n_files=4, bad=False)
    out = tmp_path / "out" / "records.jsonl"
    run_batch([str(tmp_path / "in")], out, incremental=True)
    monkeypatch.setattr(batch, "pipeline_version", lambda: "9.9.9+rules.changed")
    summary = run_batch([str(tmp_path / "in")], out, incremental=True)
    assert (summary.records, summary.skipped_unchanged) == (4, 0)
    assert len(_lines(out)) == 4                              # rewritten, not appended
    assert orjson.loads(out.with_name("run.json").read_bytes())["fresh_generation"] is True


def test_without_incremental_a_run_starts_afresh(tmp_path):
    write_corpus(tmp_path / "in", n_files=3, bad=False)
    out = tmp_path / "out" / "records.jsonl"
    run_batch([str(tmp_path / "in")], out)
    once = out.read_bytes()
    run_batch([str(tmp_path / "in")], out)
    assert out.read_bytes() == once


def test_uncommitted_tail_from_a_crash_is_cut_before_resuming(tmp_path):
    write_corpus(tmp_path / "in", n_files=4, bad=False)
    out = tmp_path / "out" / "records.jsonl"
    run_batch([str(tmp_path / "in")], out, incremental=True)
    clean = out.read_bytes()
    with open(out, "ab") as fh:                               # what a kill mid-write leaves
        fh.write(b'{"schema_version":"1.0","doc_id":"half')
    summary = run_batch([str(tmp_path / "in")], out, incremental=True)
    assert out.read_bytes() == clean and summary.skipped_unchanged == 4


@pytest.mark.parametrize("args,needle", [
    (["-o", "{tmp}"], "is a folder"),
    (["--workers", "0"], "--workers"),
    (["--log-level", "LOUD"], "log level"),
    (["--log-format", "xml"], "log format"),
])
def test_usage_errors_exit_2(tmp_path, args, needle):
    write_corpus(tmp_path / "in", n_files=1, bad=False)
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    if "-o" not in args:
        args += ["-o", str(tmp_path / "out" / "records.jsonl")]
    result = runner.invoke(app, ["run", str(tmp_path / "in"), "-q", *args])
    assert result.exit_code == 2, result.output
    assert needle in result.output


def test_a_second_concurrent_run_on_the_same_folder_is_refused(tmp_path):
    write_corpus(tmp_path / "in", n_files=1, bad=False)
    out = tmp_path / "out" / "records.jsonl"
    out.parent.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; sys.path.insert(0, sys.argv[2]); from pathlib import Path;"
        "from pipeline.runner.batch import _OutputLock\n"
        "with _OutputLock(Path(sys.argv[1])):\n print('locked', flush=True); time.sleep(60)"),
        str(out.parent), str(Path(__file__).resolve().parent.parent)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(RunConfigError, match="another govextract run"):
            run_batch([str(tmp_path / "in")], out)
        result = runner.invoke(app, ["run", str(tmp_path / "in"), "-o", str(out), "-q"])
        assert result.exit_code == 2 and "another govextract run" in result.output
    finally:
        holder.kill()
        holder.wait()
    result = runner.invoke(app, ["run", str(tmp_path / "in"), "-o", str(out), "-q"])
    assert result.exit_code == 0                              # the lock is released afterwards


def test_exit_codes_for_document_errors(tmp_path):
    write_corpus(tmp_path / "in", n_files=2)
    out = tmp_path / "out" / "records.jsonl"
    assert runner.invoke(app, ["run", str(tmp_path / "in"), "-o", str(out), "-q"]).exit_code == 1
    assert runner.invoke(app, ["run", str(tmp_path / "in"), "-o", str(out), "-q",
                               "--no-fail-on-error"]).exit_code == 0
    shutil.rmtree(tmp_path / "in")
    write_corpus(tmp_path / "in", n_files=2, bad=False)
    assert runner.invoke(app, ["run", str(tmp_path / "in"), "-o", str(out), "-q"]).exit_code == 0


def test_progress_is_log_lines_when_not_a_terminal(caplog):
    summary = batch.Summary(inputs=10, records=9, errors=1)
    progress = Progress(quiet=False, every=0.0, stream=io.StringIO())
    assert progress.bar is None
    with caplog.at_level(logging.INFO, logger="govextract"):
        progress(summary)
    [rec] = [r for r in caplog.records if r.name == "govextract.progress"]
    assert (rec.event, rec.records, rec.errors) == ("progress", 9, 1) and rec.docs_per_s >= 0
    quiet = Progress(quiet=True, every=0.0, stream=io.StringIO())
    caplog.clear()
    quiet(summary)
    assert not caplog.records


@pytest.mark.parametrize("fmt", ["logfmt", "json"])
def test_structured_logs(tmp_path, fmt):
    from pipeline.runner.logs import JsonFormatter, LogfmtFormatter

    record = logging.makeLogRecord({"msg": "progress", "levelname": "INFO", "event": "progress",
                                    "records": 3, "source": "a b.txt"})
    line = (JsonFormatter() if fmt == "json" else LogfmtFormatter()).format(record)
    if fmt == "json":
        obj = orjson.loads(line)
        assert (obj["level"], obj["event"], obj["records"], obj["source"]) == ("info", "progress", 3, "a b.txt")
    else:
        assert "level=info" in line and "event=progress" in line and 'source="a b.txt"' in line


def test_log_level_option_changes_what_is_logged(tmp_path, monkeypatch):
    write_corpus(tmp_path / "in", n_files=2, bad=False)
    out = tmp_path / "out" / "records.jsonl"
    run_batch([str(tmp_path / "in")], out, incremental=True)
    monkeypatch.setattr(batch, "pipeline_version", lambda: "changed")
    result = runner.invoke(app, ["run", str(tmp_path / "in"), "-o", str(out), "-q", "--incremental",
                                 "--log-level", "DEBUG"])
    assert "pipeline version changed" in result.output and "level=info" in result.output
    monkeypatch.setattr(batch, "pipeline_version", lambda: "changed again")
    result = runner.invoke(app, ["run", str(tmp_path / "in"), "-o", str(out), "-q", "--incremental",
                                 "--log-level", "ERROR"])
    assert "pipeline version changed" not in result.output


def test_input_forms_globs_stdin_and_field_names(tmp_path):
    write_corpus(tmp_path / "in", n_files=3, bad=False)
    out = tmp_path / "glob" / "records.jsonl"
    result = runner.invoke(app, ["run", str(tmp_path / "in" / "a000[12].txt"), "-o", str(out), "-q"])
    assert result.exit_code == 0 and [r["source"][-9:] for r in _lines(out)] == ["a0001.txt", "a0002.txt"]

    out = tmp_path / "stdin-text" / "records.jsonl"
    result = runner.invoke(app, ["run", "-", "-o", str(out), "-q"], input=article(5).encode("utf-8"))
    [record] = _lines(out)
    assert result.exit_code == 0 and record["source"] == "-" and record["officials"]

    dump = b"\n".join(orjson.dumps({"id": f"n{i}", "body": article(i)}) for i in range(3)) + b"\n"
    out = tmp_path / "stdin-jsonl" / "records.jsonl"
    result = runner.invoke(app, ["run", "-", "-o", str(out), "-q", "--text-field", "body"], input=dump)
    assert result.exit_code == 0, result.output
    assert [r["source"] for r in _lines(out)] == ["-#n0", "-#n1", "-#n2"]

    (tmp_path / "dump.jsonl").write_bytes(dump)
    out = tmp_path / "default-fields" / "records.jsonl"
    result = runner.invoke(app, ["run", str(tmp_path / "dump.jsonl"), "-o", str(out), "-q"])
    assert result.exit_code == 1                               # no text/content/html field
    assert all("no string field among text, content, html" in e["reason"]
               for e in _lines(out.with_name("errors.jsonl")))


def test_a_document_that_kills_its_worker_becomes_an_error_record(tmp_path, monkeypatch):
    """A worker dying mid-batch (OOM killer, native crash) costs one error record, not the run."""
    write_corpus(tmp_path / "in", n_files=40, bad=False)
    (tmp_path / "in" / "a0007.txt").write_text("致命" + article(7), encoding="utf-8")
    real = workers.process_to_line

    def process_to_line(doc):
        if doc.text.startswith("致命"):
            os._exit(9)                       # the worker process vanishes
        return real(doc)
    monkeypatch.setattr(workers, "process_to_line", process_to_line)   # forked workers inherit the patch
    out = tmp_path / "out" / "records.jsonl"
    summary = run_batch([str(tmp_path / "in")], out, workers=2)
    assert (summary.records, summary.errors, summary.inputs) == (39, 1, 40) and summary.adds_up
    [error] = _lines(out.with_name("errors.jsonl"))
    assert error["source"].endswith("a0007.txt") and "process died" in error["reason"]
    assert [r["source"][-9:] for r in _lines(out)] == [f"a{i:04d}.txt" for i in range(40) if i != 7]


def test_an_empty_input_folder_is_reported(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "notes.md").write_text("not an article", encoding="utf-8")
    result = runner.invoke(app, ["run", str(tmp_path / "in"), "-o", str(tmp_path / "out" / "r.jsonl"), "-q"])
    assert result.exit_code == 2 and "no input documents found" in result.output
    assert "1 .md" in result.output          # names what was ignored
