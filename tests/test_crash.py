"""Crash safety with a real SIGKILL: a killed run, run again, equals an uninterrupted run."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import orjson
import pytest

from tests.batch_corpus import write_corpus


def _govextract(args, env_extra=None):
    env = {**os.environ, "GOVEXTRACT_COMMIT_EVERY_DOCS": "20", **(env_extra or {})}
    return subprocess.Popen([sys.executable, "-m", "pipeline", "run", *args, "-q", "--no-fail-on-error"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _sorted_lines(path) -> list[bytes]:
    return sorted(path.read_bytes().splitlines())


@pytest.fixture(scope="module")
def corpus_and_reference(tmp_path_factory):
    root = tmp_path_factory.mktemp("crash")
    write_corpus(root / "in", n_files=600, n_jsonl=400)
    ref = root / "ref" / "records.jsonl"
    proc = _govextract([str(root / "in"), "-o", str(ref), "--workers", "2"])
    assert proc.wait(timeout=600) == 0, proc.stderr.read().decode()
    return root, ref


@pytest.mark.parametrize("seed,incremental,db", [(1, True, False), (2, True, False), (3, False, False),
                                                 (4, True, True)])
def test_sigkill_at_a_random_point_then_rerun_equals_uninterrupted(corpus_and_reference, seed, incremental, db):
    root, ref = corpus_and_reference
    out = root / f"killed{seed}" / "records.jsonl"
    args = [str(root / "in"), "-o", str(out), "--workers", "2"] + (["--incremental"] if incremental else [])
    dbfile = out.with_name("g.duckdb")
    if db:
        args += ["--db", str(dbfile)]
    proc = _govextract(args)
    # Kill when a random share (5–85 %) of the reference output has been written: mid-run,
    # wherever the commits happen to be.
    target = ref.stat().st_size * random.Random(seed).uniform(0.05, 0.85)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.stat().st_size >= target:
            break
        time.sleep(0.002)
    finished_before_kill = proc.poll() is not None
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert finished_before_kill or proc.returncode == -signal.SIGKILL
    assert not finished_before_kill, "the run ended before the kill: make the corpus larger"
    partial = out.read_bytes().count(b"\n") if out.exists() else 0
    rerun = _govextract(args)
    assert rerun.wait(timeout=600) == 0, rerun.stderr.read().decode()
    assert _sorted_lines(out) == _sorted_lines(ref)
    assert _sorted_lines(out.with_name("errors.jsonl")) == _sorted_lines(ref.with_name("errors.jsonl"))
    if incremental:
        # resumed, not redone: the output is even in the same order as the uninterrupted run
        assert out.read_bytes() == ref.read_bytes()
    assert 0 < partial < 1005
    if db:   # the database caught up too: every record loaded exactly once
        from pipeline.loaders import connect

        backend = connect(str(dbfile))
        try:
            [(docs,)] = backend.query("SELECT count(*) FROM documents", ())
            [(errs,)] = backend.query("SELECT count(*) FROM errors", ())
        finally:
            backend.close()
        assert docs == len(set(orjson.loads(x)["doc_id"] for x in ref.read_bytes().splitlines()))
        assert errs == len(ref.with_name("errors.jsonl").read_bytes().splitlines())
