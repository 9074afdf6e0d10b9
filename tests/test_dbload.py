"""`govextract load`: the same tests against DuckDB and a real PostgreSQL server.

PostgreSQL comes from GOVEXTRACT_TEST_PG_URL (`.ci/postgres.sh` starts one and exports it).
Without it the postgres tests FAIL, unless GOVEXTRACT_SKIP_PG=1 is set explicitly. Each
postgres test works in its own schema (search_path in the URL), dropped afterwards.
"""
from __future__ import annotations

import copy
import os
import uuid
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from pipeline.loaders import LoadError, connect, load_jsonl, load_records, resolve_db
from pipeline.loaders.rows import COLUMNS, TABLES
from pipeline.stages.ingest import iter_documents
from pipeline.stages.process import process
from pipeline.shared.sinks import dumps
from schemas import DocumentRecord, ErrorRecord

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def example_lines() -> list[bytes]:
    """Records of the bundled examples, exactly as `govextract run` writes them."""
    out = []
    for item in iter_documents([str(EXAMPLES)], ("text", "content", "html")):
        rec = item if isinstance(item, ErrorRecord) else process(item)
        out.append(dumps(rec))
    assert sum(b'"officials"' in line for line in out) == 8, "expected 8 example documents"
    return out


@pytest.fixture(scope="module")
def examples_file(example_lines, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("records") / "records.jsonl"
    path.write_bytes(b"".join(example_lines))
    return path


def _pg_base_url() -> str | None:
    url = os.environ.get("GOVEXTRACT_TEST_PG_URL")
    if not url:
        if os.environ.get("GOVEXTRACT_SKIP_PG") == "1":
            pytest.skip("GOVEXTRACT_SKIP_PG=1: PostgreSQL tests explicitly disabled")
        pytest.fail("GOVEXTRACT_TEST_PG_URL is not set: start a server with `source .ci/postgres.sh` "
                    "(or set GOVEXTRACT_SKIP_PG=1 to skip the PostgreSQL tests on purpose)")
    return url


@pytest.fixture(params=["duckdb", "postgres"])
def db(request, tmp_path):
    """A database URL for an empty database of each backend."""
    if request.param == "duckdb":
        yield str(tmp_path / "test.duckdb")
        return
    import psycopg

    base = _pg_base_url()
    schema = "gx_" + uuid.uuid4().hex[:12]
    with psycopg.connect(base, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options=-csearch_path%3D{schema}"
    with psycopg.connect(base, autocommit=True) as con:
        con.execute(f"DROP SCHEMA {schema} CASCADE")


def query(url: str, sql: str, params=()) -> list[tuple]:
    backend = connect(url)
    try:
        return backend.query(sql, params)
    finally:
        backend.rollback()
        backend.close()


def counts(url: str) -> dict[str, int]:
    backend = connect(url)
    try:
        return {t: backend.count(t) for t in TABLES}
    finally:
        backend.rollback()
        backend.close()


def expected_counts(lines: list[bytes]) -> dict[str, int]:
    """Row counts computed straight from the JSON, independently of rows.py."""
    c = dict.fromkeys(TABLES, 0)
    for line in lines:
        r = orjson.loads(line)
        if "officials" not in r:
            c["errors"] += 1
            continue
        c["documents"] += 1
        for k in ("officials", "places", "dates", "quantities", "slogans"):
            c[k] += len(r[k])
        c["positions"] += sum(len(o["positions"]) for o in r["officials"])
        c["official_mentions"] += sum(len(o["mentions"]) for o in r["officials"])
        c["place_mentions"] += sum(len(p["mentions"]) for p in r["places"])
        c["slogan_items"] += sum(len(s["items"]) for s in r["slogans"])
        c["slogan_mentions"] += sum(len(s["mentions"]) for s in r["slogans"])
    return c


def write_jsonl(path: Path, objs: list) -> Path:
    path.write_bytes(b"".join(o if isinstance(o, bytes) else orjson.dumps(o) + b"\n" for o in objs))
    return path


def snapshot(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: 'the database exactly as before'."""
    out = {}
    for t in TABLES:
        rows = query(url, f"SELECT {', '.join(COLUMNS[t])} FROM {t}")
        out[t] = sorted(rows, key=repr)
    return out


# ---------------------------------------------------------------- tests

def test_resolve_db_forms(tmp_path):
    assert resolve_db(None, tmp_path / "d.duckdb") == ("duckdb", tmp_path / "d.duckdb")
    assert resolve_db("duckdb:///tmp/x/a.duckdb") == ("duckdb", Path("/tmp/x/a.duckdb"))
    assert resolve_db("out/a.duckdb") == ("duckdb", Path("out/a.duckdb"))
    assert resolve_db("postgres://u@h:5/d") == ("postgres", "postgres://u@h:5/d")
    assert resolve_db("postgresql://u@h/d")[0] == "postgres"
    with pytest.raises(LoadError, match="unrecognised --db"):
        resolve_db("mysql://u@h/d")


def test_load_counts_and_reload_is_idempotent(db, examples_file, example_lines):
    report = load_jsonl([examples_file], db)
    want = expected_counts(example_lines)
    assert report.documents == 8 and report.rows == want
    assert report.migrations_applied == [1]
    assert counts(db) == want
    before = snapshot(db)
    again = load_jsonl([examples_file], db)
    assert again.migrations_applied == []
    assert counts(db) == want
    assert snapshot(db) == before


def test_schema_matches_rows_and_is_versioned(db, examples_file):
    load_jsonl([examples_file], db)
    for table, cols in COLUMNS.items():
        got = query(db, "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                        "AND table_schema = current_schema() ORDER BY ordinal_position", (table,))
        assert tuple(r[0] for r in got) == cols, table
    assert query(db, "SELECT version, record_schema_versions FROM schema_migrations") == [(1, "1.0")]
    # A database written by a newer govextract is refused, not scribbled on.
    backend = connect(db)
    backend.begin()
    sql = "INSERT INTO schema_migrations (version, record_schema_versions, description) VALUES (?, ?, ?)"
    if backend.dialect == "postgres":
        with backend.con.cursor() as cur:
            cur.execute(sql.replace("?", "%s"), (99, "9.0", "future"))
    else:
        backend.con.execute(sql, (99, "9.0", "future"))
    backend.commit()
    backend.close()
    with pytest.raises(LoadError, match="newer than this govextract"):
        load_jsonl([examples_file], db)


def test_reextracted_document_replaces_its_rows(db, examples_file, example_lines, tmp_path):
    load_jsonl([examples_file], db)
    before = counts(db)
    recs = [orjson.loads(x) for x in example_lines]
    target = next(r for r in recs if len(r["officials"]) >= 2)
    dropped = target["officials"].pop(0)
    target["pipeline_version"] = "9.9.9+test"
    load_jsonl([write_jsonl(tmp_path / "new.jsonl", [target])], db)
    after = counts(db)
    assert after["documents"] == before["documents"]
    assert after["officials"] == before["officials"] - 1
    assert after["positions"] == before["positions"] - len(dropped["positions"])
    assert after["official_mentions"] == before["official_mentions"] - len(dropped["mentions"])
    assert after["places"] == before["places"] and after["quantities"] == before["quantities"]
    assert query(db, "SELECT pipeline_version FROM documents WHERE doc_id = ?", (target["doc_id"],)) == [("9.9.9+test",)]
    names = [r[0] for r in query(db, "SELECT name FROM officials WHERE doc_id = ? ORDER BY official_idx",
                                 (target["doc_id"],))]
    assert names == [o["name"] for o in target["officials"]]


def test_invalid_line_midway_rolls_back_everything(db, examples_file, example_lines, tmp_path):
    load_jsonl([examples_file], db)
    before = snapshot(db)
    recs = [orjson.loads(x) for x in example_lines]
    for r in recs:
        r["pipeline_version"] = "changed"
        r["officials"] = []
    bad = dict(recs[0], doc_id="not-a-sha")
    path = write_jsonl(tmp_path / "bad.jsonl", recs[:4] + [bad] + recs[4:])
    with pytest.raises(LoadError, match=r"bad\.jsonl:5: invalid record"):
        load_jsonl([path], db, batch_docs=2)   # two batches were already written when it fails
    assert snapshot(db) == before


def test_failure_inside_a_batch_rolls_back(db, examples_file, example_lines, monkeypatch, tmp_path):
    first = orjson.loads(example_lines[0])
    first["pipeline_version"] = "old"
    load_jsonl([write_jsonl(tmp_path / "one.jsonl", [first])], db)
    before = snapshot(db)
    backend_cls = type(connect(db))
    calls = {"n": 0}
    real_write = backend_cls.write

    def failing_write(self, *args):
        calls["n"] += 1
        if calls["n"] == 3:
            real_write(self, *args)              # half of the work is done ...
            raise RuntimeError("disk on fire")  # ... then the batch fails
        return real_write(self, *args)

    monkeypatch.setattr(backend_cls, "write", failing_write)
    with pytest.raises(LoadError, match="disk on fire"):
        load_jsonl([examples_file], db, batch_docs=2)
    monkeypatch.undo()
    assert snapshot(db) == before


def test_failed_first_load_leaves_no_schema(db, examples_file, tmp_path):
    bad = write_jsonl(tmp_path / "bad.jsonl", [examples_file.read_bytes().splitlines()[0] + b"\n", b"{}\n"])
    with pytest.raises(LoadError, match=r"bad\.jsonl:2"):
        load_jsonl([bad], db)
    tables = query(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
    assert tables == []


def test_commit_every_batch_keeps_finished_batches(db, example_lines):
    recs = [DocumentRecord.model_validate_json(x) for x in example_lines]

    def gen():
        yield from recs[:4]
        raise RuntimeError("extraction crashed")

    with pytest.raises(RuntimeError, match="extraction crashed"):
        load_records(gen(), db, batch_docs=2, commit_every_batch=True)
    assert counts(db)["documents"] == 4


NASTY = [
    "王'小\"明",
    "back\\slash\\\\n",
    "a;b;--c",
    "'); DROP TABLE documents; --",
    "\\.\n\\N",                         # COPY's end-of-data marker and NULL marker
    "ctl\x01\x02\x08\x0b\x0c\x0e\x1b\x1f\x7f end",
    "tab\there\r\nnewline",
    "$$ dollar $$ %s ? :name {x}",
]


def nasty_record(base: dict, i: int) -> dict:
    r = copy.deepcopy(base)
    s = NASTY[i % len(NASTY)]
    r["doc_id"] = f"{i:064x}"
    r["source"] = f"nasty/{i}#{s}"
    r["title"] = s
    r["warnings"] = [s, "w2"]
    m = {"text": s, "start": 0, "end": len(s), "norm_start": 0, "norm_end": len(s)}
    r["officials"] = [{"name": s, "role": "official", "positions": [{"org": s, "title": s, "text": s}], "mentions": [m]}]
    r["places"] = [{"name": s, "canonical": s, "adcode": None, "level": "county", "mentions": [m]}]
    r["slogans"] = [{"text": s, "number": 3, "head": s, "items": [s, s + "2"], "items_complete": True, "mentions": [m]}]
    for q in r["quantities"]:
        q["subject"] = s
    return r


def test_values_with_quotes_backslashes_and_controls_read_back_unchanged(db, example_lines, tmp_path):
    base = orjson.loads(example_lines[0])
    recs = [nasty_record(base, i) for i in range(len(NASTY))]
    load_jsonl([write_jsonl(tmp_path / "nasty.jsonl", recs)], db)
    for i, s in enumerate(NASTY):
        d = f"{i:064x}"
        assert query(db, "SELECT source, title, warnings FROM documents WHERE doc_id = ?", (d,)) == \
            [(f"nasty/{i}#{s}", s, orjson.dumps([s, "w2"]).decode())]
        assert query(db, "SELECT o.name, p.org, p.title, m.text FROM officials o "
                         "JOIN positions p ON p.doc_id = o.doc_id AND p.official_idx = o.official_idx "
                         "JOIN official_mentions m ON m.doc_id = o.doc_id AND m.official_idx = o.official_idx "
                         "WHERE o.doc_id = ?", (d,)) == [(s, s, s, s)]
        assert query(db, "SELECT name, canonical FROM places WHERE doc_id = ?", (d,)) == [(s, s)]
        assert query(db, "SELECT text, head FROM slogans WHERE doc_id = ?", (d,)) == [(s, s)]
        assert query(db, "SELECT item FROM slogan_items WHERE doc_id = ? ORDER BY item_idx", (d,)) == [(s,), (s + "2",)]
        subjects = {r[0] for r in query(db, "SELECT subject FROM quantities WHERE doc_id = ?", (d,))}
        assert subjects == ({s} if base["quantities"] else set())
    assert counts(db)["documents"] == len(NASTY)   # the DROP TABLE text stayed text


def test_nul_is_refused_and_nothing_is_loaded(db, example_lines, tmp_path):
    r = orjson.loads(example_lines[0])
    r["officials"][0]["name"] = "nul\x00name"
    path = write_jsonl(tmp_path / "nul.jsonl", [orjson.loads(example_lines[1]), r])
    with pytest.raises(LoadError, match=r"nul\.jsonl:2: .*NUL"):
        load_jsonl([path], db)
    assert query(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()") == []


def test_errors_table_idempotent_and_cleared_by_a_good_record(db, example_lines, tmp_path):
    good = orjson.loads(example_lines[0])
    errs = [ErrorRecord(source=good["source"], doc_id=good["doc_id"], stage="extract", reason="it broke").model_dump(),
            ErrorRecord(source="other.txt", doc_id=None, stage="decode", reason="not text 'x'; --").model_dump()]
    path = write_jsonl(tmp_path / "errors.jsonl", errs)
    load_jsonl([path], db)
    load_jsonl([path], db)
    assert sorted(query(db, "SELECT source, doc_id, stage, reason FROM errors")) == sorted(
        [(good["source"], good["doc_id"], "extract", "it broke"), ("other.txt", None, "decode", "not text 'x'; --")])
    # The same input extracted fine later: its error row goes, the other stays.
    load_jsonl([write_jsonl(tmp_path / "good.jsonl", [good])], db)
    assert query(db, "SELECT source FROM errors") == [("other.txt",)]
    assert counts(db)["documents"] == 1


def test_rows_join_back_to_documents_with_evidence_offsets(db, examples_file, example_lines):
    load_jsonl([examples_file], db)
    for line in example_lines:
        r = orjson.loads(line)
        got = query(db, "SELECT o.name, m.text, m.start_char, m.end_char, m.norm_start, m.norm_end "
                        "FROM documents d JOIN officials o ON o.doc_id = d.doc_id "
                        "JOIN official_mentions m ON m.doc_id = o.doc_id AND m.official_idx = o.official_idx "
                        "WHERE d.doc_id = ? ORDER BY o.official_idx, m.mention_idx", (r["doc_id"],))
        want = [(o["name"], m["text"], m["start"], m["end"], m["norm_start"], m["norm_end"])
                for o in r["officials"] for m in o["mentions"]]
        assert got == want
        got_q = query(db, "SELECT value, is_target, mention_text, start_char, end_char FROM quantities "
                          "WHERE doc_id = ? ORDER BY quantity_idx", (r["doc_id"],))
        assert got_q == [(q["value"], q["is_target"], q["mention"]["text"], q["mention"]["start"], q["mention"]["end"])
                         for q in r["quantities"]]
    # Offsets index the original text: check against a UTF-8 plain-text example.
    src = EXAMPLES / "jiangsu_county_meeting.txt"
    text = src.read_text(encoding="utf-8-sig")
    rows = query(db, "SELECT pm.text, pm.start_char, pm.end_char FROM place_mentions pm "
                     "JOIN documents d ON d.doc_id = pm.doc_id WHERE d.source LIKE ?", ("%jiangsu_county_meeting.txt",))
    assert rows and all(text[s:e] == t for t, s, e in rows)


def test_cli_load_summary_and_clean_failure(db, examples_file):
    from pipeline.cli import app

    runner = CliRunner()
    ok = runner.invoke(app, ["load", str(examples_file), "--db", db])
    assert ok.exit_code == 0, ok.output
    assert "documents 8" in ok.output and "records/s" in ok.output
    bad = runner.invoke(app, ["load", str(examples_file), "--db", "postgresql://nobody@127.0.0.1:1/none"])
    assert bad.exit_code == 1
    assert "load failed, database unchanged" in bad.output and "Traceback" not in bad.output
    assert isinstance(bad.exception, SystemExit)


# ---------------------------------------------------------------- govextract run --db

def test_run_with_db_loads_only_what_the_run_appended(db, tmp_path):
    from pipeline.cli import app as cli_app
    from tests.batch_corpus import write_corpus

    write_corpus(tmp_path / "in", n_files=4)
    out = tmp_path / "out" / "records.jsonl"
    args = ["run", str(tmp_path / "in"), "-o", str(out), "-q", "--incremental", "--no-fail-on-error", "--db", db]
    first = CliRunner().invoke(cli_app, args)
    assert first.exit_code == 0, first.output
    assert "loaded 5 records and 4 error records" in first.output
    assert query(db, "SELECT count(*) FROM documents")[0][0] == 5
    assert query(db, "SELECT count(*) FROM errors")[0][0] == 4
    (tmp_path / "in" / "late.txt").write_text("区委书记赵明远主持会议。", encoding="utf-8")
    second = CliRunner().invoke(cli_app, args)
    assert "loaded 1 records and 0 error records" in second.output, second.output
    assert query(db, "SELECT count(*) FROM documents")[0][0] == 6


def test_run_with_an_unreachable_db_keeps_the_records_and_exits_1(tmp_path):
    from pipeline.cli import app as cli_app
    from tests.batch_corpus import write_corpus

    write_corpus(tmp_path / "in", n_files=2, bad=False)
    out = tmp_path / "out" / "records.jsonl"
    result = CliRunner().invoke(cli_app, ["run", str(tmp_path / "in"), "-o", str(out), "-q", "--db",
                                          "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"])
    assert result.exit_code == 1
    assert "loading into the database failed" in result.output and "records are safe" in result.output
    assert len(out.read_bytes().splitlines()) == 2


def test_seed_records_reload_changes_no_row_counts(db, tmp_path):
    """The issue's acceptance check: load the five seed articles' records, load them again."""
    from pipeline.runner.batch import run_batch

    from tests.shared_data import require_shared
    seeds = require_shared("seeds")
    out = tmp_path / "seeds" / "records.jsonl"
    summary = run_batch([str(seeds)], out)
    assert (summary.records, summary.errors) == (5, 0)
    first = load_jsonl([out, out.with_name("errors.jsonl")], db)
    after_first = counts(db)
    assert first.documents == 5 and after_first["documents"] == 5 and after_first["officials"] > 0
    load_jsonl([out, out.with_name("errors.jsonl")], db)
    assert counts(db) == after_first


def test_run_with_db_catches_up_after_a_failed_load(tmp_path):
    """Records committed while the database was unusable are loaded by the next run."""
    from pipeline.cli import app as cli_app
    from tests.batch_corpus import write_corpus

    write_corpus(tmp_path / "in", n_files=5, bad=False)
    out = tmp_path / "out" / "records.jsonl"
    dbfile = tmp_path / "g.duckdb"
    dbfile.mkdir()                                   # a folder where the database file should be
    args = ["run", str(tmp_path / "in"), "-o", str(out), "-q", "--incremental", "--db", str(dbfile)]
    first = CliRunner().invoke(cli_app, args)
    assert first.exit_code == 1 and "loading into the database failed" in first.output
    assert len(out.read_bytes().splitlines()) == 5   # extraction went on
    dbfile.rmdir()
    second = CliRunner().invoke(cli_app, args)
    assert second.exit_code == 0, second.output
    assert "skipped-unchanged 5" in second.output and "loaded 5 records" in second.output
    assert query(str(dbfile), "SELECT count(*) FROM documents")[0][0] == 5
    third = CliRunner().invoke(cli_app, args)
    assert "loaded 0 records" in third.output        # the marks moved: nothing loaded twice
