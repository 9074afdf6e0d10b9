"""DuckDB backend: an embedded database file, no server.

Rows go in as column-wise NumPy object arrays registered as a view (`INSERT … SELECT`), which
DuckDB scans in bulk: ~50× faster than `executemany` here. Values travel as data, never in SQL.
"""
from __future__ import annotations

from pathlib import Path

from pipeline.loaders import ddl
from pipeline.loaders.rows import COLUMNS, DOC_TABLES


def _column(values) -> "object":
    import numpy as np

    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return arr


class DuckBackend:
    dialect = "duckdb"

    def __init__(self, path: Path):
        import duckdb

        self.path = Path(path)
        self.describe = f"duckdb {self.path}"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(str(self.path))

    def begin(self) -> list[int]:
        self.con.execute("BEGIN TRANSACTION")
        return ddl.migrate(self.con, self.dialect, "?")

    def write(self, doc_ids: list[str], doc_sources: list[str], error_sources: list[str],
              buf: dict[str, list[tuple]]) -> None:
        """Delete the rows of these documents/error sources, then insert the buffered rows."""
        con = self.con
        con.register("_gx_ids", {"doc_id": _column(doc_ids)})
        con.register("_gx_src", {"source": _column(doc_sources + error_sources)})
        try:
            if doc_ids:
                for table in DOC_TABLES:
                    con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT doc_id FROM _gx_ids)")
            con.execute("DELETE FROM errors WHERE source IN (SELECT source FROM _gx_src) "
                        "OR doc_id IN (SELECT doc_id FROM _gx_ids)")
        finally:
            con.unregister("_gx_ids")
            con.unregister("_gx_src")
        for table, rows in buf.items():
            if not rows:
                continue
            cols = COLUMNS[table]
            con.register("_gx_rows", {c: _column(v) for c, v in zip(cols, zip(*rows))})
            try:
                names = ", ".join(cols)
                con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _gx_rows")
            finally:
                con.unregister("_gx_rows")

    def commit(self) -> None:
        self.con.execute("COMMIT")

    def rollback(self) -> None:
        try:
            self.con.execute("ROLLBACK")
        except Exception:  # no transaction open (failed before BEGIN)
            pass

    def count(self, table: str) -> int:
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def query(self, sql: str, params=()) -> list[tuple]:
        return self.con.execute(sql, list(params)).fetchall()

    def close(self) -> None:
        self.con.close()
