"""`govextract load`: the command; database drivers are imported only when it runs."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer


def load(
    files: List[Path] = typer.Argument(..., help="JSONL files of records and/or error records (records.jsonl, errors.jsonl)."),
    db: Optional[str] = typer.Option(None, "--db", help="postgresql://USER[:PASS]@HOST:PORT/DB, duckdb:///path/file.duckdb "
                                                        "or a path ending in .duckdb (default: output/govextract.duckdb)."),
    batch_docs: int = typer.Option(1000, "--batch-docs", help="Documents per delete+insert batch."),
) -> None:
    """Load records into normalised tables (idempotent; one transaction: all or nothing)."""
    from pipeline.cli_checks import check_db_target, jsonl_arg_problem, usage_error
    from pipeline.loaders import LoadError, load_jsonl

    for path in files:
        problem = jsonl_arg_problem(path)
        if problem:
            raise usage_error(f"load: {path}: {problem}")
    check_db_target(db)
    try:
        report = load_jsonl(files, db, batch_docs=batch_docs)
    except LoadError as exc:
        typer.echo(f"load failed, database unchanged: {exc}", err=True)
        raise typer.Exit(1)
    typer.echo(f"loaded into {report.db}: documents {report.documents}  errors {report.errors}  "
               f"rows {report.total_rows}  time {report.seconds:.2f}s  ({report.records_per_second:,.0f} records/s)")
    typer.echo("rows: " + "  ".join(f"{t} {n}" for t, n in report.rows.items()))
    if report.migrations_applied:
        typer.echo("schema migrations applied: " + ", ".join(f"v{v}" for v in report.migrations_applied))
