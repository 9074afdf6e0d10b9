"""Command line: `govextract run | validate | schema | eval | load | review | train-ner`."""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import List, Optional

import orjson
import typer
import typer.core
from pydantic import ValidationError

from schemas import CATEGORIES, DocumentRecord, ErrorRecord

def _friendly_type(original):
    """Typer labels list parameters `<list[str]>`: a Python type name is no help to a user, and
    the metavar (INPUT..., FIELD) already says it repeats."""
    def display(self, ctx):
        label = original(self, ctx)
        return None if label and label.startswith("<list[") else label
    return display


for _cls in (typer.core.TyperArgument, typer.core.TyperOption):
    _cls.display_type_rich = _friendly_type(_cls.display_type_rich)

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Extract officials, places, dates, quantities and numbered slogans from Chinese "
                       "government news into validated JSONL records.")

from pipeline.cli_checks import EXIT_DOC_ERRORS, EXIT_USAGE, check_db_target, read_jsonl_arg, usage_error


def _version(value: bool) -> None:
    if value:
        from pipeline import __version__
        from pipeline.stages.process import pipeline_version
        typer.echo(f"govextract {__version__} (pipeline {pipeline_version()})")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and the pipeline version, then exit.")) -> None:
    """Extract officials, places, dates, quantities and numbered slogans from Chinese government
    news into validated JSONL records."""


def _records_path(output: Path) -> Path:
    """`-o` names the records file and must end in .jsonl, so the outputs written beside it
    (errors.jsonl, run.json, manifest.sqlite) land where the user expects; a folder is refused
    with the path to use."""
    if output.is_dir():
        raise usage_error(f"--output {output} is a folder; give a file path such as {output / 'records.jsonl'}")
    if output.suffix.lower() != ".jsonl":
        raise usage_error(f"-o {output}: give the records file, ending in .jsonl (e.g. {output}/records.jsonl "
                           f"or {output.with_suffix('.jsonl')}); errors.jsonl, run.json and the manifest go beside it")
    return output


def _default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@app.command()
def run(
    inputs: List[str] = typer.Argument(..., metavar="INPUT...", show_default=False, help="Files, folders (recursive: *.txt *.html *.htm *.jsonl), globs, or - for stdin (text or JSONL)."),
    output: Path = typer.Option(Path("output/records.jsonl"), "-o", "--output", help="Records JSONL; errors.jsonl, run.json and manifest.sqlite are written beside it."),
    text_field: List[str] = typer.Option(["text", "content", "html"], "--text-field", metavar="FIELD", help="JSONL field(s) holding the article, first present wins (repeat the option for several).  [default: text, content, html]", show_default=False),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, show_default=False, help=f"Extraction processes (default: the number of cores, {_default_workers()} here). Output order does not depend on it."),
    incremental: bool = typer.Option(False, "--incremental", help="Skip documents already extracted into this output folder by the same pipeline version; append only new or changed ones. Also resumes a run that was killed."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no progress log lines."),
    log_level: str = typer.Option("INFO", "--log-level", help="DEBUG, INFO, WARNING or ERROR (logs go to stderr)."),
    log_format: str = typer.Option("logfmt", "--log-format", help="logfmt (key=value) or json."),
    fail_on_error: bool = typer.Option(True, "--fail-on-error/--no-fail-on-error", help="Exit 1 when any document became an error record."),
    engine: str = typer.Option("local", "--engine", help="local (process pool) or spark (PySpark: pip install govextract with the spark extra, and Java 17; files and folders only, no stdin)."),
    spark_master: str = typer.Option("local[*]", "--spark-master", help="Spark master URL for --engine spark: local[*], local[N], spark://host:7077, yarn, k8s://…"),
    db: Optional[str] = typer.Option(None, "--db", help="Load records and error records into a database as they are committed (every ~2 s): a DuckDB path (…/x.duckdb, duckdb:///…) or postgresql://…. A failed load does not stop extraction; the next run with the same --db loads what is missing."),
    ner: Optional[str] = typer.Option(None, "--ner", help="Optional statistical NER as evidence for the rules: hanlp:MODEL, MODEL a local directory (e.g. from `govextract train-ner`) or a HanLP pretrained identifier HanLP has downloaded on a connected machine (pip install 'govextract[hanlp]'). `none` switches off NER enabled by GOVEXTRACT_NER."),
    review_html: Optional[Path] = typer.Option(None, "--review", help="Also write the HTML review page of the records to this file (see `govextract review`)."),
) -> None:
    """Extract records from INPUTS into OUTPUT (JSONL, one record per document).

    Exit codes: 0 all documents extracted; 1 some documents became error records (see
    errors.jsonl; --no-fail-on-error makes that 0); 2 usage or configuration error.
    """
    from pipeline.runner.batch import RunConfigError, run_batch
    from pipeline.runner.logs import setup_logging
    from pipeline.runner.progress import Progress
    from pipeline.stages.ingest import input_problem

    output = _records_path(output)
    workers = workers or _default_workers()
    problem = input_problem(list(inputs))
    if problem:
        raise usage_error(problem)
    check_db_target(db, creates=output.parent)

    if log_level.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise typer.BadParameter(f"unknown log level {log_level!r}", param_hint="--log-level")
    if log_format not in ("logfmt", "json"):
        raise typer.BadParameter(f"unknown log format {log_format!r}", param_hint="--log-format")
    setup_logging(log_level, log_format)
    if engine not in ("local", "spark"):
        raise typer.BadParameter(f"unknown engine {engine!r} (local or spark)", param_hint="--engine")
    if engine == "spark" and review_html is not None:
        typer.echo("error: --review is not supported with --engine spark (run `govextract review` on its output)", err=True)
        raise typer.Exit(EXIT_USAGE)
    if ner is not None:
        _use_ner(ner, engine)
    if engine == "spark":
        _run_spark(inputs, output, text_field, spark_master, incremental, db, fail_on_error)
        return
    progress = Progress(quiet=quiet)
    sync = None
    if db is not None:
        from pipeline.runner.dbsync import DbSync
        sync = DbSync(db)
    try:
        summary = run_batch(inputs, output, tuple(text_field), progress, workers=workers,
                            incremental=incremental, sync=sync)
    except RunConfigError as exc:
        raise usage_error(str(exc))
    finally:
        progress.close()
    _print_summary(summary, output)
    if review_html is not None:
        _write_review([output], review_html, None, None, text_field)
    if sync is not None and not _report_sync(sync, output):
        raise typer.Exit(EXIT_DOC_ERRORS)
    if summary.errors and fail_on_error:
        raise typer.Exit(EXIT_DOC_ERRORS)


def _use_ner(spec: str, engine: str) -> None:
    """`--ner`: check the backend and load its model once here, so a missing HanLP or model is a
    usage error (exit 2) instead of one error record per document."""
    from pipeline.stages import nlp

    if engine == "spark" and spec != "none":
        typer.echo("error: --ner is not supported with --engine spark yet", err=True)
        raise typer.Exit(EXIT_USAGE)
    try:
        nlp.set_options(ner=spec)
        if spec != "none":
            from pipeline.stages.ner import NerUnavailable
            try:
                nlp.load_nlp()
            except NerUnavailable as exc:
                raise ValueError(str(exc)) from exc
    except ValueError as exc:
        typer.echo(f"error: --ner {spec}: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE)
    os.environ[nlp.NER_ENV] = spec       # worker processes build the same pipeline


def _report_sync(sync, output: Path) -> bool:
    """What `--db` loaded during the run; False (exit 1) when loading failed."""
    if sync.failure:
        typer.echo(f"error: loading into the database failed: {sync.failure}\n"
                   f"the records are safe in {output}; the next `govextract run … --db` with the same "
                   f"database loads what is missing (or run `govextract load`)", err=True)
        return False
    typer.echo(f"loaded {sync.documents} records and {sync.errors} error records into {sync.describe}")
    return True


def _run_spark(inputs, output: Path, text_field, master: str, incremental: bool, db, fail_on_error: bool) -> None:
    """`run --engine spark`: the same records, written by pipeline.engines.spark.run_spark."""
    if incremental or db is not None:
        typer.echo("error: --incremental and --db are not supported with --engine spark "
                   "(load its output with `govextract load`)", err=True)
        raise typer.Exit(EXIT_USAGE)
    from pipeline.engines.spark import SparkUnavailable, run_spark
    from pipeline.shared.sinks import write_atomic

    try:
        counts = run_spark(list(inputs), output, tuple(text_field), master=master)
    except (SparkUnavailable, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE)
    run_json = {"engine": "spark", "spark_master": master, "inputs": counts["documents"],
                "records": counts["records"], "errors": counts["errors"], "skipped_unchanged": 0,
                "adds_up": counts["documents"] == counts["records"] + counts["errors"],
                "errors_by_stage": counts.get("errors_by_stage", {}), "error_reasons": counts["error_reasons"],
                "items": counts["items"], "chars": counts["chars"], "wall_seconds": round(counts["seconds"], 3),
                "startup_seconds": round(counts.get("startup_seconds", 0.0), 3)}
    write_atomic(output.with_name("run.json"), orjson.dumps(run_json, option=orjson.OPT_INDENT_2) + b"\n")
    typer.echo(f"inputs {counts['documents']}  records {counts['records']}  errors {counts['errors']}  "
               f"time {counts['seconds']:.2f}s (Spark start-up {counts.get('startup_seconds', 0.0):.1f}s)")
    typer.echo("items: " + "  ".join(f"{c} {counts['items'][c]}" for c in CATEGORIES))
    typer.echo(f"records → {output}\nerrors  → {output.with_name('errors.jsonl')}\nparts   → {counts['parts']}")
    for reason, n in list(counts["error_reasons"].items())[:10]:
        typer.echo(f"  error ×{n}: {reason}", err=True)
    if counts["errors"] and fail_on_error:
        raise typer.Exit(EXIT_DOC_ERRORS)


def _print_summary(summary, output: Path) -> None:
    typer.echo(f"inputs {summary.inputs}  records {summary.records}  errors {summary.errors}  "
               f"skipped-unchanged {summary.skipped_unchanged}  time {summary.seconds:.2f}s  "
               f"({summary.chars_per_second:,.0f} chars/s, workers {summary.workers})")
    if summary.incremental and summary.documents == 0:
        typer.echo(f"nothing new: every input was already extracted by this pipeline version "
                   f"({output} holds {summary.records_in_file} records, errors.jsonl {summary.errors_in_file})")
    typer.echo("items: " + "  ".join(f"{c} {summary.items[c]}" for c in CATEGORIES))
    if summary.errors_by_stage:
        typer.echo("errors by stage: " + "  ".join(f"{k} {v}" for k, v in sorted(summary.errors_by_stage.items())))
    typer.echo(f"records → {output}\nerrors  → {output.with_name('errors.jsonl')}\nsummary → {output.with_name('run.json')}")
    for reason, n in summary.error_reasons.most_common(10):
        typer.echo(f"  error ×{n}: {reason}", err=True)


_JSON_POSITION = re.compile(r" ?(?:at )?line \d+ column (\d+)(?: \(char \d+\))?")


def _reason(exc: Exception) -> str:
    """One short line: the first Pydantic errors by field, or the JSON error with its column
    (orjson reports `line 1` for every line, since each line is parsed alone)."""
    if isinstance(exc, ValidationError):
        errs = exc.errors()
        parts = [f"{'.'.join(str(x) for x in e['loc']) or '(record)'}: {e['msg']}" for e in errs[:3]]
        more = f" (+{len(errs) - 3} more)" if len(errs) > 3 else ""
        return _JSON_POSITION.sub(lambda m: f" at column {m.group(1)}", "; ".join(parts) + more)
    return _JSON_POSITION.sub(lambda m: f" at column {m.group(1)}", str(exc)).replace("\n", "; ")[:300]


def _validate_line(raw: bytes):
    """Validate one line against the contract's union of records and error records."""
    from schemas import parse_line
    return parse_line(raw)


@app.command()
def validate(files: List[Path] = typer.Argument(..., help="JSONL files of records and/or error records.")) -> None:
    """Check every line against the record contract; exit 1 listing line numbers and reasons."""
    bad = 0
    total = 0
    for path in files:
        data = read_jsonl_arg(path, "validate:")
        input_like = 0
        for lineno, raw in enumerate(data.splitlines(), start=1):
            if not raw.strip():
                continue
            total += 1
            try:
                _validate_line(raw)
            except (orjson.JSONDecodeError, ValidationError, ValueError) as exc:
                bad += 1
                if _looks_like_input(raw):
                    input_like += 1
                    continue
                typer.echo(f"{path}:{lineno}: invalid: {_reason(exc)}", err=True)
        if input_like:
            typer.echo(f"{path}: {input_like} lines look like input documents (a text field, no doc_id), not "
                       f"records: extract them first with `govextract run {path} -o out/records.jsonl`", err=True)
    typer.echo(f"{total - bad} valid, {bad} invalid lines")
    if bad:
        raise typer.Exit(EXIT_DOC_ERRORS)


def _looks_like_input(raw: bytes) -> bool:
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return False
    return isinstance(obj, dict) and "doc_id" not in obj and any(isinstance(obj.get(f), str) for f in ("text", "content", "html"))


@app.command()
def schema(
    check: bool = typer.Option(False, "--check", help="Fail when the committed schema files are stale."),
    out_dir: Optional[Path] = typer.Option(None, help="Where to write (default: the schemas package folder)."),
) -> None:
    """Write the JSON Schema files of the record contract (DocumentRecord, ErrorRecord)."""
    from schemas.jsonschema import schema_files, write_or_check

    stale = write_or_check(out_dir, check)
    if check and stale:
        typer.echo("stale JSON Schema files (run `govextract schema`): " + ", ".join(stale), err=True)
        raise typer.Exit(EXIT_DOC_ERRORS)
    typer.echo(("up to date: " if check else "wrote: ") + ", ".join(schema_files()))


@app.command("eval")
def eval_cmd(gold: Path = typer.Argument(..., help="Gold annotations JSONL."),
             pred: Path = typer.Argument(..., help="Predicted records JSONL (govextract run output).")) -> None:
    """Precision, recall and F1 per category, scored as docs/annotation.md (section Scoring) describes."""
    from pipeline.tools.evaluate import evaluate, format_report, parse_jsonl

    try:
        gold_docs = parse_jsonl(read_jsonl_arg(gold, "eval GOLD"))
        pred_docs = parse_jsonl(read_jsonl_arg(pred, "eval PRED"))
    except ValueError as exc:
        raise usage_error(f"eval: {exc}")
    if _is_output(gold_docs) and not _is_output(pred_docs):
        typer.echo(f"warning: GOLD {gold} looks like pipeline output and PRED {pred} like gold: "
                   f"the arguments seem swapped (usage: govextract eval GOLD PRED)", err=True)
    scores, missing = evaluate(gold_docs, pred_docs)
    typer.echo(format_report(scores, missing))


@app.command()
def review(
    records: List[Path] = typer.Argument(..., help="records.jsonl (errors.jsonl beside it is read too), or any files of records and error records."),
    output: Path = typer.Option(Path("review.html"), "-o", "--output", help="The HTML file to write."),
    gold: Optional[Path] = typer.Option(None, "--gold", help="Gold annotations JSONL: per-document and total P/R/F1 (the `govextract eval` scoring), extras marked, misses listed."),
    base: Optional[Path] = typer.Option(None, "--base", help="Folder the records' relative sources are resolved against (default: the current folder, as for the run)."),
    text_field: List[str] = typer.Option(["text", "content", "html"], "--text-field", help="JSONL field(s) holding the article, as given to `run`."),
) -> None:
    """Write one self-contained HTML page showing each document's text with its items highlighted.

    Open it in a browser: no server and no network. Texts are read back from the sources the
    records name; a source that cannot be read is listed on the page. Exit 2 when a records or
    gold file cannot be read.
    """
    _write_review(records, output, gold, base, text_field)


def _write_review(records: List[Path], output: Path, gold: Optional[Path], base: Optional[Path], text_field) -> None:
    from pipeline.tools.review import build_review

    try:
        summary = build_review(list(records), output, gold=gold, base=base, text_fields=tuple(text_field))
    except (OSError, orjson.JSONDecodeError) as exc:
        typer.echo(f"error: cannot write the review page: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE)
    typer.echo(f"review → {output}  ({summary.documents} documents: {summary.records} records, "
               f"{summary.errors} error records; {summary.unreadable} texts could not be read)")
    for problem in summary.problems[:10]:
        typer.echo(f"  {problem}", err=True)


def _is_output(docs: list[dict]) -> bool:
    """Pipeline records carry doc_id and pipeline_version; gold annotations do not."""
    return bool(docs) and all("doc_id" in d and "pipeline_version" in d for d in docs[:20])


@app.command("train-ner")
def train_ner(
    corpus: List[str] = typer.Argument(..., help="Files, folders, globs of the user's own articles (as for `run`)."),
    output: Path = typer.Option(..., "-o", "--output", help="Model directory to write (loads with --ner hanlp:DIR)."),
    exclude: List[Path] = typer.Option([], "--exclude", help="Leave these documents out: a text file of file names, one a line, or a gold JSONL (its `source` fields). Repeatable."),
    epochs: int = typer.Option(20, "--epochs", min=1, help="At most this many epochs (stops after 5 without a better dev score)."),
    lr: float = typer.Option(0.01, "--lr", help="Adam learning rate."),
    threads: int = typer.Option(1, "--threads", min=0, help="torch threads (0: torch's default)."),
    embed: int = typer.Option(50, "--embed", min=8, help="Character embedding size (randomly initialised)."),
    rnn_hidden: int = typer.Option(64, "--rnn-hidden", min=8),
    negative_every: int = typer.Option(3, "--negative-every", min=0, help="Keep one in N sentences without any entity (0: none)."),
    max_sentences: int = typer.Option(0, "--max-sentences", min=0, help="Train on at most this many sentences (0: all)."),
    seed: int = typer.Option(1, "--seed"),
) -> None:
    """Train a HanLP NER model on silver labels the rule pipeline makes over CORPUS.

    Only high-confidence sentences are kept (see pipeline/tools/train_ner.py). Needs the hanlp
    extra; downloads nothing. Prints and writes govextract_ner.json (counts, time, size) into OUTPUT."""
    from pipeline.tools.train_ner import excluded_names, train

    missing = [str(p) for p in exclude if not p.is_file()]
    if missing:
        typer.echo(f"error: --exclude: no such file: {', '.join(missing)}", err=True)
        raise typer.Exit(EXIT_USAGE)
    try:
        info = train(list(corpus), output, excluded_names(list(exclude)), epochs=epochs, embed=embed,
                     rnn_hidden=rnn_hidden, lr=lr, negative_every=negative_every, max_sentences=max_sentences,
                     seed=seed, threads=threads, log=lambda m: typer.echo(m))
    except RuntimeError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE)
    typer.echo(f"model → {output}  ({info['model_bytes'] / 1e6:.2f} MB, training {info['train_seconds']:.0f} s, "
               f"silver labels {info['silver_seconds']:.0f} s)\nuse it: govextract run … --ner hanlp:{output}")


from pipeline.loaders.cli import load as _load_command  # noqa: E402
app.command("load")(_load_command)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
