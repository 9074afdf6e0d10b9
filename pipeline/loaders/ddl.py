"""Versioned DDL: the database schema is created and migrated by the loader itself.

`schema_migrations` records every applied migration. Each migration is tied to the record
`schema_version`(s) its tables hold, so a database can say which records it accepts. New
migrations are appended (never edited once released); `migrate` applies the missing ones in
order inside the caller's transaction. A database newer than this code is refused.

The two dialects differ only in the floating point type name; everything else is plain SQL
both DuckDB and PostgreSQL accept. Offsets are `start_char/end_char` (the record's
`start/end`, renamed because END is reserved) and `norm_start/norm_end`.
"""
from __future__ import annotations

from dataclasses import dataclass

_MENTION = "start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, norm_start INTEGER NOT NULL, norm_end INTEGER NOT NULL"

_V1 = [
    """CREATE TABLE documents (
        doc_id TEXT PRIMARY KEY, schema_version TEXT NOT NULL, source TEXT NOT NULL,
        pipeline_version TEXT NOT NULL, title TEXT, published DATE, published_basis TEXT NOT NULL,
        script TEXT NOT NULL, warnings TEXT NOT NULL)""",
    """CREATE TABLE officials (
        doc_id TEXT NOT NULL, official_idx INTEGER NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
        PRIMARY KEY (doc_id, official_idx))""",
    """CREATE TABLE positions (
        doc_id TEXT NOT NULL, official_idx INTEGER NOT NULL, position_idx INTEGER NOT NULL,
        org TEXT, title TEXT NOT NULL, text TEXT NOT NULL,
        PRIMARY KEY (doc_id, official_idx, position_idx))""",
    f"""CREATE TABLE official_mentions (
        doc_id TEXT NOT NULL, official_idx INTEGER NOT NULL, mention_idx INTEGER NOT NULL,
        text TEXT NOT NULL, {_MENTION},
        PRIMARY KEY (doc_id, official_idx, mention_idx))""",
    """CREATE TABLE places (
        doc_id TEXT NOT NULL, place_idx INTEGER NOT NULL, name TEXT NOT NULL, canonical TEXT,
        adcode TEXT, level TEXT NOT NULL,
        PRIMARY KEY (doc_id, place_idx))""",
    f"""CREATE TABLE place_mentions (
        doc_id TEXT NOT NULL, place_idx INTEGER NOT NULL, mention_idx INTEGER NOT NULL,
        text TEXT NOT NULL, {_MENTION},
        PRIMARY KEY (doc_id, place_idx, mention_idx))""",
    f"""CREATE TABLE dates (
        doc_id TEXT NOT NULL, date_idx INTEGER NOT NULL, text TEXT NOT NULL,
        date_start DATE, date_end DATE, granularity TEXT NOT NULL, modifier TEXT,
        mention_text TEXT NOT NULL, {_MENTION},
        PRIMARY KEY (doc_id, date_idx))""",
    f"""CREATE TABLE quantities (
        doc_id TEXT NOT NULL, quantity_idx INTEGER NOT NULL, text TEXT NOT NULL, kind TEXT NOT NULL,
        value {{double}} NOT NULL, value_max {{double}}, unit TEXT NOT NULL, comparator TEXT NOT NULL,
        subject TEXT, place TEXT, period TEXT, is_target BOOLEAN NOT NULL, group_id INTEGER,
        mention_text TEXT NOT NULL, {_MENTION},
        PRIMARY KEY (doc_id, quantity_idx))""",
    """CREATE TABLE slogans (
        doc_id TEXT NOT NULL, slogan_idx INTEGER NOT NULL, text TEXT NOT NULL, number INTEGER,
        head TEXT, items_complete BOOLEAN NOT NULL,
        PRIMARY KEY (doc_id, slogan_idx))""",
    """CREATE TABLE slogan_items (
        doc_id TEXT NOT NULL, slogan_idx INTEGER NOT NULL, item_idx INTEGER NOT NULL, item TEXT NOT NULL,
        PRIMARY KEY (doc_id, slogan_idx, item_idx))""",
    f"""CREATE TABLE slogan_mentions (
        doc_id TEXT NOT NULL, slogan_idx INTEGER NOT NULL, mention_idx INTEGER NOT NULL,
        text TEXT NOT NULL, {_MENTION},
        PRIMARY KEY (doc_id, slogan_idx, mention_idx))""",
    """CREATE TABLE errors (
        source TEXT PRIMARY KEY, doc_id TEXT, stage TEXT NOT NULL, reason TEXT NOT NULL,
        schema_version TEXT NOT NULL)""",
    "CREATE INDEX errors_doc_id ON errors (doc_id)",
]


@dataclass(frozen=True)
class Migration:
    version: int
    record_schema_versions: tuple[str, ...]   # record schema_version values the tables hold
    description: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, ("1.0",), "record contract v1: documents, items, mentions, errors", tuple(_V1)),
)
LATEST = MIGRATIONS[-1].version
# Record versions the latest database schema accepts.
ACCEPTED_RECORD_VERSIONS = frozenset(MIGRATIONS[-1].record_schema_versions)

_DIALECT = {"duckdb": {"double": "DOUBLE"}, "postgres": {"double": "DOUBLE PRECISION"}}

_CREATE_MIGRATIONS = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, record_schema_versions TEXT NOT NULL, description TEXT NOT NULL,
    applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"""


class SchemaError(RuntimeError):
    """The database schema cannot be used by this version of the loader."""


def statements(migration: Migration, dialect: str) -> list[str]:
    return [s.format(**_DIALECT[dialect]) for s in migration.statements]


def migrate(cursor, dialect: str, param: str = "?") -> list[int]:
    """Create/upgrade the schema with `cursor` (DB-API style); return the versions applied.

    Runs inside the caller's transaction, so a failed migration leaves no trace.
    """
    cursor.execute(_CREATE_MIGRATIONS)
    cursor.execute("SELECT version FROM schema_migrations")
    have = {row[0] for row in cursor.fetchall()}
    if have and max(have) > LATEST:
        raise SchemaError(f"database schema is v{max(have)}, newer than this govextract (knows up to v{LATEST}); "
                          "upgrade govextract")
    applied = []
    for m in MIGRATIONS:
        if m.version in have:
            continue
        for sql in statements(m, dialect):
            cursor.execute(sql)
        cursor.execute(f"INSERT INTO schema_migrations (version, record_schema_versions, description) "
                       f"VALUES ({param}, {param}, {param})",
                       (m.version, ",".join(m.record_schema_versions), m.description))
        applied.append(m.version)
    return applied
