"""The Spark engine: the same extraction as the local engine, run by PySpark (`[spark]` extra).

Why it looks like this:
- Inputs are expanded on the driver with `pipeline.stages.ingest.expand_inputs`, so every `source`
  label is exactly the local engine's; Spark then reads exactly those files with the
  `binaryFile` source and each file URI is mapped back to its label(s) and input index.
- JSONL dumps are read as raw bytes too and split into lines inside the partition by the very
  same `docs_from_bytes` / `iter_jsonl` code as the local engine. Spark's JSON reader is not used
  on purpose: in permissive mode it turns a bad line into `_corrupt_record` text (raw bytes,
  line number and `\\r` handling lost), so bad lines could not become byte-identical error
  records. The split documents are then repartitioned, so one large dump still spreads over
  all executor cores. (Limit: one JSONL file must fit a Spark binary value, < 2 GB.)
- Extraction runs in `mapPartitions`. The spaCy pipeline (`lru_cache`d `load_nlp`) is loaded
  once per executor by the PySpark daemon of `spark_daemon.py` before it forks the Python
  workers, and with worker reuse each worker keeps it for every task.
  Nothing raises out of a partition: every failure is an error record.
- Each document carries an ordinal (input index, position within the input). The output is
  sorted by it before writing, so the part files are in input order and the merged files
  (their concatenation) are byte-identical to the local engine's `records.jsonl`/`errors.jsonl`.
- pyspark is imported lazily: importing this module costs nothing until the engine is used.
"""
from __future__ import annotations

import os
import re
import shutil
import sys
import time
import typing
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.stages.ingest import TEXT_FIELDS

INSTALL_HINT = "the Spark engine needs PySpark: pip install 'govextract[spark]'"
JAVA_HINT = "the Spark engine needs Java: Java 17 is required (set JAVA_HOME or put `java` on PATH)"
# Spark lists > 32 explicit input paths with a distributed job: ~25 s for 1 500 files here,
# against ~1 s listed serially on the driver (the inputs are local paths the driver can see).
_LISTING_CONF, _LISTING_SERIAL = "spark.sql.sources.parallelPartitionDiscovery.threshold", "1000000"
_ITEM_COLS = ("n_officials", "n_places", "n_dates", "n_quantities", "n_slogans")


class SparkUnavailable(RuntimeError):
    """PySpark or Java is missing: the message says what to install."""


# --------------------------------------------------------------------------- session

def _require_pyspark():
    try:
        import pyspark  # noqa: F401
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkUnavailable(f"{INSTALL_HINT} ({exc})") from exc
    return SparkSession


def _require_java() -> None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return
    if shutil.which("java") is None:
        raise SparkUnavailable(JAVA_HINT)


def get_session(master: str = "local[*]", app_name: str = "govextract"):
    """An active SparkSession, or a new one tuned for fast start-up and Python-heavy tasks."""
    SparkSession = _require_pyspark()
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    _require_java()
    # Executors must run this interpreter (same venv, same pipeline version).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (SparkSession.builder.master(master).appName(app_name)
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "8")
               .config("spark.python.worker.reuse", "true")
               .config("spark.python.daemon.module", "pipeline.engines.spark_daemon")
               .config(_LISTING_CONF, _LISTING_SERIAL))
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = (builder.config("spark.driver.host", "127.0.0.1")
                   .config("spark.driver.bindAddress", "127.0.0.1"))
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # JVM failed to start: most often no or wrong Java
        if "JAVA_GATEWAY_EXITED" in str(exc) or "Java gateway" in str(exc):
            raise SparkUnavailable(f"{JAVA_HINT}: {exc}") from exc
        raise
    spark.sparkContext.setLogLevel("WARN")
    return spark


# --------------------------------------------------------------------------- executor side

def _file_key(uri: str) -> str:
    """Spark's `file:/abs/path` (never percent-encoded) → the driver's absolute path."""
    if uri.startswith("file://"):
        return uri[len("file://"):]
    if uri.startswith("file:"):
        return uri[len("file:"):]
    return uri


def _explode_files(rows: Iterable, labels: dict, text_fields: tuple) -> Iterator[tuple]:
    """(path, content) rows → one tuple per document: (idx, sub, InputDoc | ErrorRecord)."""
    from pipeline.stages.ingest import docs_from_bytes, sha256
    from schemas import ErrorRecord

    for row in rows:
        data = bytes(row[1]) if row[1] is not None else b""
        for idx, label in labels.get(_file_key(row[0]), ()):
            try:
                for sub, item in enumerate(docs_from_bytes(label, data, text_fields)):
                    yield idx, sub, item
            except Exception as exc:  # noqa: BLE001 — decoding must never fail the job
                yield idx, 1 << 30, ErrorRecord(source=label, doc_id=sha256(data), stage="ingest",
                                                reason=f"{type(exc).__name__}: {exc}"[:2000])


def _extract_partition(items: Iterable[tuple]) -> Iterator[tuple]:
    """(idx, sub, doc) → output row: ordinal, kind, JSON line, chars, item counts, error key.

    The very function the local engine uses per document (`pipeline.runner.batch.outcome_of`)."""
    from pipeline.runner.workers import outcome_of
    from schemas import CATEGORIES

    for idx, sub, item in items:
        out = outcome_of(item)
        text = out.line[:-1].decode("utf-8")
        if out.kind == "error":
            yield (idx, sub, "error", text, out.chars, 0, 0, 0, 0, 0, f"{out.stage}: {out.reason[:80]}")
        else:
            yield (idx, sub, "record", text, out.chars, *(out.items[c] for c in CATEGORIES), None)


# --------------------------------------------------------------------------- driver side

def _escape_glob(path: str) -> str:
    """Spark treats load() paths as Hadoop globs; a literal file name may contain glob characters."""
    return re.sub(r"([\\{}\[\]*?])", r"\\\1", path)


def _plan_inputs(inputs: list[str], text_fields: tuple = TEXT_FIELDS):
    """Expand on the driver → ({abs path: [(idx, label)]}, rows made on the driver).

    Unreadable inputs become the local engine's error records here. Empty files are handled
    here too, because Spark's file sources silently drop zero-length files.
    """
    from pipeline.stages.ingest import expand_inputs
    from pipeline.shared.sinks import dumps
    from schemas import ErrorRecord

    labels: dict[str, list[tuple[int, str]]] = {}
    errors = []
    for idx, (label, path) in enumerate(expand_inputs(list(inputs))):
        if path is None:
            raise ValueError("the Spark engine cannot read stdin ('-'): pass files or folders")
        try:  # same failure text as the local engine's read_bytes(), without reading the file here
            with open(path, "rb") as fh:
                size = os.fstat(fh.fileno()).st_size
            if path.is_dir():
                raise IsADirectoryError(21, "Is a directory")
        except OSError as exc:
            err = ErrorRecord(source=label, doc_id=None, stage="ingest",
                              reason=f"cannot read input: {exc.strerror or exc}")
            errors.append((idx, 0, "error", dumps(err)[:-1].decode("utf-8"), 0, 0, 0, 0, 0, 0,
                           f"{err.stage}: {err.reason[:80]}"))
            continue
        if size == 0:
            key = os.path.abspath(path)
            errors.extend(_extract_partition(_explode_files([(key, b"")], {key: [(idx, label)]}, text_fields)))
            continue
        labels.setdefault(os.path.abspath(path), []).append((idx, label))
    return labels, errors


def _result_schema():
    from pyspark.sql.types import IntegerType, LongType, StringType, StructField, StructType

    return StructType([StructField("idx", IntegerType(), False), StructField("sub", IntegerType(), False),
                       StructField("kind", StringType(), False), StructField("line", StringType(), False),
                       StructField("chars", LongType(), False),
                       *(StructField(c, IntegerType(), False) for c in _ITEM_COLS),
                       StructField("error_key", StringType(), True)])


def _write_sorted(df, folder: Path) -> list[Path]:
    """Write the `line` column sorted by ordinal as part files; return them in order."""
    df.orderBy("idx", "sub").select("line").write.mode("overwrite").option("lineSep", "\n").text(str(folder))
    parts = []
    for p in sorted(folder.glob("part-*")):
        target = p.with_name(p.name.split(".")[0] + ".jsonl")  # part-00000-<uuid>-c000.txt → .jsonl
        p.rename(target)
        parts.append(target)
    for crc in folder.glob(".part-*.crc"):
        crc.unlink()
    return parts


def _merge(parts: list[Path], target: Path) -> None:
    """Concatenate part files into `target` atomically (temp file, fsync, rename)."""
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with open(part, "rb") as fh:
                    shutil.copyfileobj(fh, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise


def run_spark(inputs: list[str], output: Path, text_fields=TEXT_FIELDS, master: str = "local[*]",
              merged: bool = True, spark=None, partitions: int | None = None) -> dict:
    """Extract INPUTS with Spark; write part files under OUT.parent/spark/ and (merged) OUT + errors.jsonl.

    Returns the same counts as the local engine's summary. A session already active (or passed
    as `spark`) is reused and left running; one created here is stopped at the end.
    """
    from schemas import CATEGORIES

    started = time.perf_counter()
    output = Path(output)
    labels, driver_rows = _plan_inputs(list(inputs), tuple(text_fields))
    own = spark is None and _require_pyspark().getActiveSession() is None
    spark = spark or get_session(master)
    session_ready = time.perf_counter()
    try:
        sc = spark.sparkContext
        text_fields = tuple(text_fields)
        rows = sc.emptyRDD()
        if labels:
            b_labels = sc.broadcast(labels)
            previous = spark.conf.get(_LISTING_CONF, None)
            spark.conf.set(_LISTING_CONF, _LISTING_SERIAL)
            try:
                files = (spark.read.format("binaryFile").load([_escape_glob(p) for p in labels])
                         .select("path", "content"))
            finally:
                if previous is None:
                    spark.conf.unset(_LISTING_CONF)
                else:
                    spark.conf.set(_LISTING_CONF, previous)
            docs = files.rdd.mapPartitions(lambda it: _explode_files(it, b_labels.value, text_fields))
            has_dump = any(label.lower().endswith(".jsonl") for pairs in labels.values() for _, label in pairs)
            if has_dump or partitions:  # a dump is one file → one task; spread its lines over all cores
                docs = docs.repartition(partitions or max(2, sc.defaultParallelism * 3))
            rows = docs.mapPartitions(_extract_partition)
        if driver_rows:
            rows = rows.union(sc.parallelize(driver_rows, 1))
        result = spark.createDataFrame(rows, _result_schema()).persist()
        try:
            from pyspark.sql import functions as F

            agg = result.groupBy("kind", "error_key").agg(  # one job for every count
                F.count("*").alias("n"), F.sum("chars").alias("chars"),
                *(F.sum(c).alias(c) for c in _ITEM_COLS)).collect()
            base = output.parent / "spark"
            rec_parts = _write_sorted(result.where("kind = 'record'"), base / "records")
            err_parts = _write_sorted(result.where("kind = 'error'"), base / "errors")
        finally:
            result.unpersist()
        if merged:
            _merge(rec_parts, output)
            _merge(err_parts, output.with_name("errors.jsonl"))
    finally:
        if own:
            spark.stop()
    totals = {"record": Counter(), "error": Counter()}
    reasons_count, by_stage = Counter(), Counter()
    for r in agg:
        totals[r["kind"]].update({"n": int(r["n"]), "chars": int(r["chars"] or 0),
                                  **{c: int(r[c] or 0) for c in _ITEM_COLS}})
        if r["kind"] == "error":
            reasons_count[r["error_key"]] += int(r["n"])
            by_stage[r["error_key"].split(":", 1)[0]] += int(r["n"])
    return {
        "documents": totals["record"]["n"] + totals["error"]["n"],
        "records": totals["record"]["n"],
        "errors": totals["error"]["n"],
        "chars": totals["record"]["chars"] + totals["error"]["chars"],
        "seconds": time.perf_counter() - started,
        "startup_seconds": session_ready - started,
        "items": {c: totals["record"][col] for c, col in zip(CATEGORIES, _ITEM_COLS)},
        "error_reasons": dict(reasons_count.most_common()),
        "errors_by_stage": dict(by_stage),
        "records_path": str(output), "parts": str(output.parent / "spark"),
    }


# --------------------------------------------------------------------------- library entry point

def spark_type(annotation):
    """Pydantic field annotation → Spark type (Optional → nullable, Literal → its value type)."""
    import types

    from pydantic import BaseModel
    from pyspark.sql import types as T

    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            raise TypeError(f"unsupported union {annotation}")
        return spark_type(inner[0])
    if origin is typing.Literal:
        return spark_type(type(args[0]))
    if origin is list:
        return T.ArrayType(spark_type(args[0]), containsNull=False)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_struct(annotation)
    simple = {str: T.StringType(), int: T.LongType(), float: T.DoubleType(), bool: T.BooleanType()}
    if annotation in simple:
        return simple[annotation]
    raise TypeError(f"no Spark type for {annotation!r}")


def _nullable(annotation) -> bool:
    import types

    return (typing.get_origin(annotation) in (typing.Union, types.UnionType)
            and type(None) in typing.get_args(annotation))


def model_struct(model):
    """A Pydantic model → StructType with its fields in model order (the JSON key order)."""
    from pyspark.sql.types import StructField, StructType

    return StructType([StructField(name, spark_type(f.annotation), _nullable(f.annotation))
                       for name, f in model.model_fields.items()])


def record_schema(id_field=None):
    """Output schema of `extract_dataframe`: [id], kind, every DocumentRecord field, error struct."""
    from pyspark.sql.types import StringType, StructField, StructType

    from schemas import DocumentRecord, ErrorRecord

    doc = model_struct(DocumentRecord)
    err = model_struct(ErrorRecord)
    fields = [StructField("kind", StringType(), False)]
    fields += [StructField(f.name, f.dataType, True) for f in doc.fields]
    fields += [StructField("error", StructType([f for f in err.fields if f.name in ("stage", "reason")]), True)]
    if id_field is not None:
        fields.insert(0, id_field)
    return StructType(fields)


def _to_internal(value, dtype):
    """A model_dump() value → plain tuples/lists matching `dtype` (fast, no per-row verification)."""
    from pyspark.sql.types import ArrayType, DoubleType, StructType

    if value is None:
        return None
    if isinstance(dtype, StructType):
        return tuple(_to_internal(value.get(f.name), f.dataType) for f in dtype.fields)
    if isinstance(dtype, ArrayType):
        return [_to_internal(v, dtype.elementType) for v in value]
    if isinstance(dtype, DoubleType):
        return float(value)
    return value


def _extract_rows(rows: Iterable, schema, cols: tuple) -> Iterator[tuple]:
    """Executor side of extract_dataframe: each input row → one output row (never raises)."""
    from pipeline.stages.ingest import InputDoc, sha256
    from pipeline.stages.process import process
    from schemas import ErrorRecord

    text_col, id_col, source_col, published_col = cols
    fields = [f for f in schema.fields if f.name not in ("kind", "error")]
    if id_col is not None:
        fields = fields[1:]
    for row in rows:
        text = row[text_col]
        source = str(row[source_col]) if source_col and row[source_col] is not None else "<text>"
        published = row[published_col] if published_col else None
        published = str(published) if published is not None else None
        if text is None:
            rec = ErrorRecord(source=source, doc_id=None, stage="ingest", reason="no text (null)")
        elif not isinstance(text, str):
            rec = ErrorRecord(source=source, doc_id=None, stage="ingest",
                              reason=f"text column is {type(text).__name__}, not a string")
        else:
            rec = process(InputDoc(source=source, doc_id=sha256(text.encode("utf-8")), text=text,
                                   published=published))
        data = rec.model_dump(mode="json")
        out = [row[id_col]] if id_col is not None else []
        if isinstance(rec, ErrorRecord):
            out.append("error")
            out += [data.get(f.name) if f.name in ("schema_version", "doc_id", "source") else None
                    for f in fields]
            out.append((rec.stage, rec.reason))
        else:
            out.append("record")
            out += [_to_internal(data[f.name], f.dataType) for f in fields]
            out.append(None)
        yield tuple(out)


def extract_dataframe(df, text_col: str = "text", id_col: str | None = None, source_col: str | None = None,
                      published_col: str | None = None):
    """A DataFrame with a text column → a DataFrame of records, one row per input row.

    Columns: `id_col` (passed through, when given), `kind` ("record" | "error"), every field of
    DocumentRecord in contract order (`officials` etc. are arrays of structs derived from
    `schemas/models.py`), and `error` (struct stage, reason; null for records). An error row keeps
    schema_version, source and doc_id. `source` is `source_col` (default "<text>"), `published`
    the `published_col` value ("YYYY-MM-DD") used as publication-date context; `doc_id` is the
    sha256 of the UTF-8 text, as in `extract_text`. Needs classic PySpark (it uses `df.rdd`),
    not a Spark Connect session.
    """
    _require_pyspark()
    id_field = df.schema[id_col] if id_col is not None else None
    schema = record_schema(id_field)
    cols = (text_col, id_col, source_col, published_col)
    rows = df.rdd.mapPartitions(lambda it: _extract_rows(it, schema, cols))
    return df.sparkSession.createDataFrame(rows, schema, verifySchema=False)
