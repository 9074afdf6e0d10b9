"""PostgreSQL backend via psycopg 3: deletes with array parameters, inserts with COPY.

Each transaction first takes a transaction-level advisory lock, so two loaders into the same
database run one after the other instead of racing on the same doc_ids.
"""
from __future__ import annotations

from pipeline.loaders import ddl
from pipeline.loaders.rows import COLUMNS, DOC_TABLES

_LOCK_KEY = 0x6F76_6578_7472  # arbitrary constant shared by every govextract loader


class PostgresBackend:
    dialect = "postgres"

    def __init__(self, url: str):
        try:
            import psycopg
        except ImportError as exc:
            raise ImportError("PostgreSQL loading needs psycopg: pip install 'govextract[postgres]'") from exc
        self.con = psycopg.connect(url, autocommit=False, connect_timeout=10)
        info = self.con.info
        self.describe = f"postgresql {info.host}:{info.port}/{info.dbname}"

    def begin(self) -> list[int]:
        with self.con.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            return ddl.migrate(cur, self.dialect, "%s")

    def write(self, doc_ids: list[str], doc_sources: list[str], error_sources: list[str],
              buf: dict[str, list[tuple]]) -> None:
        """Delete the rows of these documents/error sources, then COPY the buffered rows in."""
        with self.con.cursor() as cur:
            if doc_ids:
                for table in DOC_TABLES:
                    cur.execute(f"DELETE FROM {table} WHERE doc_id = ANY(%s)", (doc_ids,))
            cur.execute("DELETE FROM errors WHERE source = ANY(%s) OR doc_id = ANY(%s)",
                        (doc_sources + error_sources, doc_ids))
            for table, rows in buf.items():
                if not rows:
                    continue
                with cur.copy(f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)

    def commit(self) -> None:
        self.con.commit()

    def rollback(self) -> None:
        if not self.con.closed:
            self.con.rollback()

    def count(self, table: str) -> int:
        with self.con.cursor() as cur:
            cur.execute(f"SELECT count(*) FROM {table}")
            return cur.fetchone()[0]

    def query(self, sql: str, params=()) -> list[tuple]:
        with self.con.cursor() as cur:
            cur.execute(sql.replace("?", "%s"), list(params))
            return cur.fetchall()

    def close(self) -> None:
        self.con.close()
