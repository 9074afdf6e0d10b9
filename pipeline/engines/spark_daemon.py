"""PySpark daemon that loads the extraction pipeline once, before it forks Python workers.

PySpark starts one daemon per executor and forks a worker process from it for each concurrent
task slot. Stock, every worker imports spaCy and loads the pipeline itself (≈3 s each, all at
the same time on a busy executor). Started as `spark.python.daemon.module`, this daemon loads
it once; the forked workers inherit it (copy-on-write) and start extracting at once.

Fork safety: PySpark's daemon forks workers, so no thread may exist at fork time. Math
libraries are limited to one thread before anything imports numpy (extraction does not use
them), and the number of threads is checked after preloading: if any extra thread exists, the
process re-executes itself as the stock `pyspark.daemon` (same pipes), and the workers load the
pipeline themselves, exactly as without this module.
"""
from __future__ import annotations

import os
import sys

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")


def _threads() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 1


def preload() -> bool:
    """Load the pipeline and warm its caches; never raises (the daemon must start regardless)."""
    try:
        from pipeline.stages.ingest import InputDoc, sha256
        from pipeline.stages.process import process

        text = "某县召开会议。县长张某出席并讲话，要求今年完成投资1亿元。"
        process(InputDoc(source="<preload>", doc_id=sha256(text.encode()), text=text))
        return True
    except Exception as exc:  # noqa: BLE001 — workers will load it themselves
        print(f"govextract spark daemon: preload failed ({exc}); workers load the pipeline", file=sys.stderr)
        return False


if __name__ == "__main__":
    preload()
    if _threads() > 1:  # forking now would be unsafe: become the stock daemon instead
        print(f"govextract spark daemon: {_threads()} threads after preload; using pyspark.daemon",
              file=sys.stderr)
        os.execv(sys.executable, [sys.executable, "-m", "pyspark.daemon", *sys.argv[1:]])
    from pyspark.daemon import manager

    manager()
