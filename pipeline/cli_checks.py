"""Checks of what a user names on the command line: one clear line and exit 2, never a traceback.

Shared by every command so the same mistake gets the same message and exit code everywhere."""
from __future__ import annotations

from pathlib import Path

import typer

EXIT_OK, EXIT_DOC_ERRORS, EXIT_USAGE = 0, 1, 2


def usage_error(message: str) -> typer.Exit:
    """A mistake in how a command was called: one line on stderr, exit 2."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def jsonl_arg_problem(path: Path) -> str | None:
    """Why `path` cannot be read as a JSONL file (missing, a folder, unreadable, not JSON lines)."""
    if not path.exists():
        return "no such file"
    if path.is_dir():
        return "is a folder, expected a JSONL file"
    try:
        with open(path, "rb") as fh:
            head = fh.read(1 << 16)
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    first = next((line for line in head.splitlines() if line.strip()), b"")
    if first and not first.lstrip().startswith(b"{"):
        return "not a JSONL file (the first line is not a JSON object)"
    return None


def read_jsonl_arg(path: Path, what: str) -> bytes:
    problem = jsonl_arg_problem(path)
    if problem:
        raise usage_error(f"{what} {path}: {problem}")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise usage_error(f"{what} {path}: cannot read: {exc.strerror or exc}")


def check_db_target(db: str | None, creates: Path | None = None) -> None:
    """A DuckDB file named by the user must be in an existing folder (no silent tree creation),
    or in the folder the command itself creates (`creates`: run's output folder)."""
    if db is None:
        return
    from pipeline.loaders import LoadError, resolve_db
    try:
        kind, target = resolve_db(db)
    except LoadError as exc:
        raise usage_error(str(exc))
    parent = Path(target).parent
    if kind == "duckdb" and not parent.is_dir() and (creates is None or parent.resolve() != creates.resolve()):
        raise usage_error(f"--db {db}: folder {Path(target).parent} does not exist (create it first)")
