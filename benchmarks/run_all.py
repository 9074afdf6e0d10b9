"""Run every benchmark and publish their figures: the one command behind every performance
figure in README.md ("Measured") and docs/spark.md.

    source .ci/postgres.sh && .venv/bin/python benchmarks/run_all.py           # full run, ~15–25 min
    .venv/bin/python benchmarks/run_all.py --quick --out /tmp/bench.md         # smoke test, tiny sizes

A full run executes, each in its own interpreter and in this order, benchmarks/throughput.py,
workers.py, long_document_memory.py, spark_throughput.py, load_throughput.py, review_scale.py and
(with --ner-model DIR) ner_throughput.py, records the
machine (cores, load average before and after each benchmark, versions, date, git commit) and
writes
- docs/benchmarks.md: machine facts and every table, medians with their min–max;
- docs/benchmarks.json: the raw results of every script;
- the block between `<!-- bench:start -->` and `<!-- bench:end -->` in README.md and between
  `<!-- bench:spark:start -->` and `<!-- bench:spark:end -->` in docs/spark.md.
Do not edit those blocks by hand: change this script and run it again.

--quick runs every script on tiny inputs (a few documents, one repeat) and only writes --out
(or prints the Markdown); it never touches the published documents, nor does a run with
--only/--skip. Spark is left out of --quick unless --with-spark (JVM start-up alone takes
longer than the smoke test may); PostgreSQL is measured when $GOVEXTRACT_TEST_PG_URL is set,
otherwise skipped with the reason in the table.
--wait-quiet C waits (up to --max-wait seconds) before each benchmark until other processes keep
fewer than C cores busy, for a run on a machine shared with other jobs. Either way the published
documents show the load average before and after each benchmark and how many cores other
processes kept busy meanwhile, with a warning when the machine was not quiet.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import ROOT, loadavg, machine_facts  # noqa: E402

HERE = Path(__file__).resolve().parent
COMMAND = "source .ci/postgres.sh && python benchmarks/run_all.py"

FULL_ARGS = {
    "throughput": [],
    "workers": [],
    "long_document_memory": [],
    "spark_throughput": [],
    "load_throughput": [],
    "review_scale": ["--runs", "5"],
    "ner_throughput": [],        # + the model directory given with --ner-model (skipped without one)
}
QUICK_ARGS = {
    "throughput": ["--corpus", "seeds", "--max-docs", "2", "--repeat", "1"],
    "workers": ["--corpus", "xwlb", "--max-docs", "3", "--repeat", "1"],
    "long_document_memory": ["--mb", "0.02", "--cases", "dense", "--workers", "2"],
    "spark_throughput": ["--txt", "6", "--jsonl", "3", "--cores", "1", "--repeat", "1"],
    "load_throughput": ["--docs", "100", "--repeat", "1"],
    "review_scale": ["--docs", "40", "--runs", "1"],
    "ner_throughput": ["--max-docs", "3", "--rounds", "1"],
}
MARKERS = {
    ROOT / "README.md": ("<!-- bench:start -->", "<!-- bench:end -->", "readme"),
    ROOT / "docs" / "spark.md": ("<!-- bench:spark:start -->", "<!-- bench:spark:end -->", "spark"),
}


# --------------------------------------------------------------------------- running

def wait_for_quiet(limit: float | None, max_wait: float) -> None:
    """Wait (at most max_wait s) until other processes keep fewer than `limit` cores busy over 15 s.
    Nothing of ours runs meanwhile, so the machine's busy time is all theirs."""
    if limit is None:
        return
    t0 = time.monotonic()
    while time.monotonic() - t0 < max_wait:
        busy0, w0 = busy_cpu_seconds(), time.monotonic()
        time.sleep(15)
        used = (busy_cpu_seconds() - busy0) / (time.monotonic() - w0)
        if used < limit:
            return
        print(f"  waiting for a quieter machine: other processes keep {used:.2f} cores busy (limit {limit})", flush=True)
    print(f"  gave up waiting after {max_wait:.0f} s; measuring anyway", flush=True)


def busy_cpu_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (/proc/stat: all but idle and iowait)."""
    vals = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return (sum(vals) - vals[3] - vals[4]) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    """CPU seconds of this process and its reaped descendants (the benchmarks)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def become_subreaper() -> None:
    """Linux: orphans of our benchmarks (the Spark JVM outlives the Python process that started
    it) are re-parented to us instead of init, so reaping them credits their CPU time to us."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(36, 1, 0, 0, 0)     # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def reap_orphans(timeout: float = 60.0) -> None:
    """Wait for adopted orphans to exit (at most `timeout` s) so their CPU time is counted."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.2)


def run_one(name: str, args: list[str], tmp: Path, wait_quiet, max_wait) -> dict:
    """Run one benchmark script; besides its results, record the load average before and after
    and how many cores *other* processes kept busy meanwhile (machine busy time minus ours):
    the load average counts the benchmark itself, this does not."""
    wait_for_quiet(wait_quiet, max_wait)
    out = tmp / f"{name}.json"
    before = [round(x, 2) for x in os.getloadavg()]
    busy0, own0 = busy_cpu_seconds(), own_cpu_seconds()
    t0 = time.perf_counter()
    print(f"\n=== benchmarks/{name}.py {' '.join(args)}  (load average {before[0]})", flush=True)
    proc = subprocess.run([sys.executable, str(HERE / f"{name}.py"), *args, "--json", str(out)], cwd=ROOT)
    reap_orphans()
    took = time.perf_counter() - t0
    others = max(0.0, (busy_cpu_seconds() - busy0) - (own_cpu_seconds() - own0)) / took
    after = [round(x, 2) for x in os.getloadavg()]
    meta = {"args": args, "loadavg_before": before, "loadavg_after": after, "wall_seconds": took,
            "other_cores": round(others, 2)}
    print(f"=== {name}: {took / 60:.1f} min; other processes kept {others:.2f} cores busy meanwhile", flush=True)
    if proc.returncode or not out.exists():
        return {"benchmark": name, "failed": f"exit {proc.returncode}", **meta}
    data = json.loads(out.read_text())
    data.update(meta)
    return data


# --------------------------------------------------------------------------- formatting

def n0(x) -> str:
    return f"{x:,.0f}"


def n1(x) -> str:
    return f"{x:,.1f}"


def n2(x) -> str:
    return f"{x:,.2f}"


def med(s: dict, fmt=n0, ranges: bool = True) -> str:
    """A repeated measurement: median, and (min–max) when there are several runs."""
    if ranges and s.get("n", 1) > 1:
        return f"{fmt(s['median'])} ({fmt(s['min'])}–{fmt(s['max'])})"
    return fmt(s["median"])


def table(head: list[str], rows: list[list[str]], right_from: int = 1) -> str:
    align = ["---" if i < right_from else "---:" for i in range(len(head))]
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def unavailable(res: dict | None) -> str | None:
    if res is None:
        return "not run"
    if "failed" in res:
        return f"FAILED ({res['failed']})"
    if "skipped" in res:
        return f"skipped: {res['skipped']}"
    return None


def machine_line(m: dict, results: dict) -> str:
    v = m["versions"]
    pg = (results.get("load_throughput") or {}).get("postgres", {}).get("server_version")
    parts = [f"{m['cores']} cores ({m['cpu'] or 'cpu unknown'}), {m['memory_gb']} GB",
             f"load average {m['loadavg'][0]} / {m['loadavg'][1]} / {m['loadavg'][2]} (1/5/15 min) at the start",
             f"{m['os']}, Python {m['python']}",
             f"govextract {v['govextract']} (git {m['git']}), spaCy {v['spacy']}, jieba {v['jieba']}",
             f"DuckDB {v['duckdb']}, psycopg {v['psycopg']}, PostgreSQL {pg or '—'}",
             f"PySpark {v['pyspark']}, {m['java'] or 'no Java'}"]
    return "; ".join(parts)


def section_throughput(r: dict | None, ranges: bool) -> str:
    why = unavailable(r)
    head = ("**Throughput on one core** (`python benchmarks/throughput.py`): `run_batch`, the code path of "
            "`govextract run`, over every document of the corpus once (no copies), one worker, pipeline "
            "loaded beforehand (start-up not included: see the CLI table); `jieba.posseg` over the same documents' "
            "normalised text in the same interpreter. Median of "
            f"{r['repeat'] if r and not why else '?'} fresh-interpreter runs.")
    if why:
        return f"{head}\n\n{why}"
    rows = [[c["corpus"], n0(c["docs"]), n0(c["chars"]), med(c["pipeline_seconds"], n2, ranges),
             med(c["pipeline_chars_per_s"], n0, ranges),
             med(c["pipeline_docs_per_s"], n1, ranges), med(c["jieba_chars_per_s"], n0, ranges),
             med(c["ratio"], lambda x: f"{x:.1f}×", ranges)] for c in r["corpora"]]
    return (head + "\n\n"
            + table(["corpus", "documents", "chars", "pipeline seconds", "pipeline chars/s", "pipeline docs/s",
                     "jieba.posseg chars/s", "pipeline ÷ jieba"], rows))


def section_first_record(r: dict | None, ranges: bool) -> str:
    why = unavailable(r)
    head = ("**Time to first record** (`python benchmarks/throughput.py`): CLI = `govextract run ONE.txt -o "
            "tmp/records.jsonl` (default workers) from spawning the process until `records.jsonl` holds its first "
            "line, and until the process exits; library = a fresh interpreter imports the pipeline and builds the "
            "record (no CLI, no file). Seconds.")
    if why:
        return f"{head}\n\n{why}"
    rows = [[f"{c['corpus']} (`{c['first_record_file']}`)", med(c["first_record_cli"], n2, ranges),
             med(c["first_record_cli_exit"], n2, ranges), med(c["first_record_library"], n2, ranges)]
            for c in r["corpora"]]
    return head + "\n\n" + table(["corpus (first file)", "CLI: first line", "CLI: exit", "library: record built"], rows)


def _batching(r: dict | None) -> str:
    """How the worker pool hands out documents (read from the code, so it stays true)."""
    try:
        sys.path.insert(0, str(ROOT))
        from pipeline.runner.workers import BATCH_CHARS, BATCH_DOCS
    except ImportError:
        return ""
    single = [c["corpus"] for c in (r or {}).get("corpora", [])
              if c["docs"] <= BATCH_DOCS and c["chars"] < BATCH_CHARS]
    text = f"Workers receive batches of up to {BATCH_DOCS} documents or {BATCH_CHARS:,} characters"
    if single:
        text += (f"; {', '.join(single)} fit{'s' if len(single) == 1 else ''} in one batch, so one worker extracts "
                 f"{'it' if len(single) == 1 else 'each'} whatever `--workers` says")
    return text + "."


def section_workers(r: dict | None, ranges: bool) -> str:
    why = unavailable(r)
    w = r.get("workers", 2) if r else 2
    head = (f"**CLI end to end, 1 and {w} workers** (`python benchmarks/workers.py`): `govextract run CORPUS -o … "
            f"--workers W` from spawning the process to its exit (interpreter start-up, imports, pipeline load, "
            f"extraction, JSONL); \"loaded\" = `run_batch` with the pipeline already loaded (start-up left out). "
            f"docs/s, chars/s below; speed-up = 1-worker time ÷ {w}-worker time of the same round. "
            f"Median of {r['repeat'] if r and not why else '?'} rounds. {_batching(r)}")
    if why:
        return f"{head}\n\n{why}"
    rows = []
    for c in r["corpora"]:
        cli, loaded = c["cli"], c["loaded"]
        rows.append([c["corpus"], n0(c["docs"]),
                     f"{med(cli['1']['docs_per_s'], n1, ranges)} docs/s, {med(cli['1']['chars_per_s'], n0, ranges)} chars/s",
                     f"{med(cli[str(w)]['docs_per_s'], n1, ranges)} docs/s, {med(cli[str(w)]['chars_per_s'], n0, ranges)} chars/s",
                     med(c["cli_speedup"], lambda x: f"{x:.2f}×", ranges),
                     med(loaded["1"]["docs_per_s"], n1, ranges), med(loaded[str(w)]["docs_per_s"], n1, ranges),
                     med(c["loaded_speedup"], lambda x: f"{x:.2f}×", ranges),
                     "yes" if c["identical"] else "**NO**"])
    return head + "\n\n" + table(["corpus", "docs", "CLI, 1 worker", f"CLI, {w} workers", "CLI speed-up",
                                  "loaded, 1 worker docs/s", f"loaded, {w} workers docs/s", "loaded speed-up",
                                  "records identical"], rows, right_from=1)


def section_memory(r: dict | None, ranges: bool) -> str:
    why = unavailable(r)
    head = ("**One very long document** (`python benchmarks/long_document_memory.py`): `govextract run BIG.txt "
            "--workers W`, its whole process tree sampled every 50 ms. Tree RSS adds up every process's RSS "
            "(pages forked workers share with the parent counted in each); tree PSS splits shared pages (what the "
            f"tree really holds). The CLI's default is one worker per core ({r.get('default_workers', '?') if r else '?'} "
            "here); with 1 worker the parent extracts. One run per row.")
    if why:
        return f"{head}\n\n{why}"
    labels = {"short": "short article (floor)", "noise": f"{r['mb']:g} M chars, one line of noise",
              "dense": f"{r['mb']:g} M chars of dense reports"}
    rows = [[labels.get(c["case"], c["case"]), str(c["workers"]), n1(c["seconds"]), n0(c["tree_rss"]),
             n0(c["tree_pss"]), n0(c["root_rss"]), n0(c["child_rss"]) if c["workers"] > 1 else "—",
             n0(c["record_mb"]), n0(c["items"])] for c in r["cases"]]
    return head + "\n\n" + table(["case", "workers", "seconds", "tree RSS MB", "tree PSS MB", "parent MB",
                                  "largest worker MB", "record MB", "items"], rows)


def section_spark(r: dict | None, ranges: bool) -> str:
    why = unavailable(r)
    head = ("**Spark local mode against the local engine** (`python benchmarks/spark_throughput.py`: "
            f"{n0(r['docs']) if r and not why else '?'} generated documents of `tests/spark_corpus.py`). Local "
            "engine with `--workers N` against Spark `local[N]`. Cold = the CLI end to end, `govextract run CORPUS "
            "[--engine spark --spark-master local[N]]` from process start to exit (one run each; Spark's includes the "
            "JVM, the session and the executors' start-up). Warm = the same corpus again in a process that already ran "
            f"it (local: `run_batch` with the pipeline loaded; Spark: a further job on the same session), median of "
            f"{r['repeat'] if r and not why else '?'}. Every output byte-identical to the local engine's.")
    if why:
        return f"{head}\n\n{why}"
    rows = []
    for x in r["rows"]:
        n = x["cores"]
        rows.append([f"local `--workers {n}`", n2(x["local_cold"]), med(x["local_warm"], n2, ranges),
                     n1(r["docs"] / x["local_warm"]["median"]), n2(x["local_ms_per_doc"]), "1.00", "1.00"])
        rows.append([f"Spark `{x['master']}`", n2(x["spark_cold"]), med(x["spark_warm"], n2, ranges),
                     n1(r["docs"] / x["spark_warm"]["median"]), n2(x["spark_ms_per_doc"]),
                     f"**{x['cold_ratio']:.2f}×**", f"**{x['warm_ratio']:.2f}×**"])
    breakdown = "; ".join(
        f"`{x['master']}`: session start-up {x['spark_startup']:.1f} s, first job on it {x['spark_first_job']:.1f} s, "
        f"warm job {x['spark_warm']['median']:.1f} s (+{x['spark_ms_per_doc'] - x['local_ms_per_doc']:.2f} ms "
        f"per document over local `--workers {x['cores']}` warm)" for x in r["rows"])
    return (head + "\n\n" + table(["engine", "cold: CLI s", "warm: job s", "warm docs/s", "warm ms/doc",
                                   "cold ÷ local", "warm ÷ local"], rows)
            + f"\n\nSpark breakdown: {breakdown}.")


def section_load(r: dict | None, ranges: bool) -> str:
    why = unavailable(r)
    head = ("**Loading** (`python benchmarks/load_throughput.py`: "
            f"{n0(r['docs']) if r and not why else '?'} synthetic records built from the `examples/` records, one "
            "transaction per load): library = `load_jsonl` into a fresh database (reload = the same file again, "
            "replacing every document); CLI = `govextract load FILE --db URL` from process start to exit. "
            f"Median of {r['repeat'] if r and not why else '?'}.")
    if why:
        return f"{head}\n\n{why}"
    rows = []
    for backend, label in (("duckdb", "DuckDB (file)"), ("postgres", "PostgreSQL (loopback)")):
        x = r.get(backend, {})
        if "skipped" in x or not x:
            rows.append([label, x.get("skipped", "not run"), "", "", "", ""])
            continue
        rows.append([label, med(x["load"]["records_per_s"], n0, ranges), med(x["load"]["rows_per_s"], n0, ranges),
                     med(x["reload"]["records_per_s"], n0, ranges), med(x["cli"]["records_per_s"], n0, ranges),
                     n0(x["rows"])])
    return head + "\n\n" + table(["backend", "first load records/s", "first load rows/s", "reload records/s",
                                  "CLI end to end records/s", "rows per load"], rows)


def section_review(r: dict | None, ranges: bool) -> str:
    why = unavailable(r)
    head = ("**Review page** (`python benchmarks/review_scale.py`: "
            f"{n0(r['docs']) if r and not why else '?'} documents — the examples' texts repeated, each varied, "
            "half as JSONL lines — and their records; `govextract review` builds one page, Debian's Chromium "
            f"(headless, through playwright) opens it {r['runs'] if r and not why else '?'} times in fresh tabs).")
    if why:
        return f"{head}\n\n{why}"
    rows = [["navigation → first document shown", med(r["first_doc_s"], n2, ranges) + " s"],
            ["whole file parsed (every document can be opened)", med(r["parsed_s"], n2, ranges) + " s"],
            ["next document (`j`)", med({k: v * 1000 if k != "n" else v for k, v in r["step_s"].items()}, n0, ranges) + " ms"],
            ["search", med({k: v * 1000 if k != "n" else v for k, v in r["search_s"].items()}, n0, ranges) + " ms"],
            ["page size", f"{n1(r['html_mb'])} MB = {n2(r['ratio'])}× texts ({n1(r['text_mb'])} MB) + records "
                          f"({n1(r['records_mb'])} MB)"],
            ["page errors", "yes" if r["page_errors"] else "none"]]
    return head + "\n\n" + table(["", ""], rows, right_from=2)


def section_ner(r: dict | None, ranges: bool) -> str:
    why = unavailable(r)
    head = ("**Optional HanLP NER** (`python benchmarks/ner_throughput.py MODEL`: "
            f"{n0(r['docs']) if r and not why else '?'} distinct documents of "
            f"`{Path(r['corpus']).name if r and not why else '?'}`, one worker, pipeline loaded, best of "
            f"{r['rounds'] if r and not why else '?'} alternating rounds; the model is one trained with "
            "`govextract train-ner`, none ships).")
    if why:
        return f"{head}\n\n{why}"
    rows = [["without NER (default)", n0(r["without"]), n2(r["first_record_without"])],
            ["`--ner hanlp:MODEL`", n0(r["with"]), n2(r["first_record_with"])]]
    return (head + "\n\n" + table(["pipeline", "chars/s", "process start → first record s"], rows)
            + f"\n\nWith NER, extraction runs at {n2(1 / r['slowdown'])}× the default speed; the default run "
              f"imported neither library ({r['default_imports']}).")


def render_all(results: dict, ranges: bool) -> str:
    tp = results.get("throughput")
    sections = [
        section_throughput(tp, ranges), section_workers(results.get("workers"), ranges),
        section_first_record(tp, ranges), section_memory(results.get("long_document_memory"), ranges),
        section_spark(results.get("spark_throughput"), ranges), section_load(results.get("load_throughput"), ranges),
        section_review(results.get("review_scale"), ranges), section_ner(results.get("ner_throughput"), ranges)]
    return "\n\n".join(sections)


def load_line(results: dict) -> str:
    parts = []
    for name, r in results.items():
        if r and "skipped" not in r:
            incl = " (incl. the PostgreSQL server)" if name == "load_throughput" else ""
            parts.append(f"{name} {r['loadavg_before'][0]} → {r['loadavg_after'][0]}, others {r.get('other_cores', '?')} "
                         f"cores{incl} ({r['wall_seconds'] / 60:.1f} min)")
    return "; ".join(parts)


QUIET_OTHER_CORES = 0.25


def busy_note(facts: dict, results: dict) -> str:
    """A warning when other processes used the machine during the run (empty on a quiet machine)."""
    # load_throughput's figure includes the PostgreSQL server (not our descendant), so it is left out
    busy = {n: r["other_cores"] for n, r in results.items()
            if r and r.get("other_cores") is not None and n != "load_throughput"}
    if not busy or max(busy.values()) <= QUIET_OTHER_CORES:
        return ""
    worst = max(busy, key=busy.get)
    return (f"**Not a quiet machine:** other processes kept up to {busy[worst]:.2f} of the {facts['cores']} cores busy "
            f"(during {worst}; per benchmark: " + ", ".join(f"{n} {v:.2f}" for n, v in busy.items())
            + "). Figures that need a free core — 2 workers, Spark `local[2]` — are understated most, "
            "and the others are slower than on an idle machine.")


def document(facts: dict, results: dict, quick: bool) -> str:
    title = "# Benchmarks" + (" (quick smoke run: tiny inputs, figures meaningless)" if quick else "")
    facts_rows = [["date", facts["date"]], ["command", f"`{COMMAND}`" + (" `--quick`" if quick else "")],
                  ["cores", f"{facts['cores']} ({facts['usable_cores']} usable), {facts['cpu']}"],
                  ["memory", f"{facts['memory_gb']} GB"],
                  ["load average at the start", " / ".join(map(str, facts["loadavg"])) + " (1, 5, 15 min)"],
                  ["load average per benchmark (1 min, before → after; it counts the benchmark itself), and "
                   "cores kept busy by other processes meanwhile (machine busy time minus the benchmark's own, approximate)",
                   load_line(results)],
                  ["system", f"{facts['os']}, Python {facts['python']}"],
                  ["govextract", f"{facts['versions']['govextract']}, git {facts['git']}"],
                  ["libraries", ", ".join(f"{k} {v}" for k, v in facts["versions"].items() if k != "govextract")],
                  ["PostgreSQL server",
                   (results.get("load_throughput") or {}).get("postgres", {}).get("server_version", "—")],
                  ["Java", facts["java"] or "—"]]
    return (f"{title}\n\n<!-- generated by benchmarks/run_all.py: do not edit; run it again -->\n\n"
            f"Every performance figure in README.md and docs/spark.md comes from this run. Medians with "
            f"(min–max) over the repeated runs; the machine is shared with other jobs, so read the load "
            f"averages next to the figures. The scripts' docstrings define each measurement exactly; "
            f"docs/benchmarks.json holds the raw results.\n\n"
            + table(["", ""], facts_rows, right_from=9)
            + "\n\n" + (busy_note(facts, results) + "\n\n" if busy_note(facts, results) else "")
            + render_all(results, ranges=True) + "\n")


def readme_block(facts: dict, results: dict) -> str:
    return (f"Measured by `{COMMAND}` on {facts['date']}: {machine_line(facts, results)}. "
            f"Medians; the ranges, the load average during each benchmark and the definitions are in "
            f"[docs/benchmarks.md](docs/benchmarks.md).\n\n"
            + (busy_note(facts, results) + "\n\n" if busy_note(facts, results) else "")
            + render_all(results, ranges=False))


def spark_block(facts: dict, results: dict) -> str:
    r = results.get("spark_throughput")
    text = (f"Measured by `{COMMAND}` on {facts['date']} ({facts['cores']} cores, load average "
            f"{r['loadavg_before'][0] if r else '?'} before the Spark benchmark; versions and the other "
            f"benchmarks in [benchmarks.md](benchmarks.md)):\n\n"
            + (busy_note(facts, results) + "\n\n" if busy_note(facts, results) else "")
            + section_spark(r, ranges=True))
    if r and not unavailable(r):
        best = max(r["rows"], key=lambda x: x["cores"])
        per_doc = best["spark_ms_per_doc"] * best["cores"]     # core-milliseconds per document, warm
        fixed = best["spark_startup"] + best["spark_first_job"] - best["spark_warm"]["median"]
        text += (f"\n\nScaling arithmetic from these figures (an estimate, not a measurement): warm Spark "
                 f"`{best['master']}` spends {per_doc:.1f} core-ms per document, so 1 M such articles on 16 "
                 f"executor cores take ≈ {1e6 * per_doc / 16 / 1000 / 60:.0f} min plus ≈ {fixed:.0f} s of fixed "
                 f"start-up, against ≈ {1e6 * best['local_ms_per_doc'] / 1000 / 60:.0f} min for the local engine "
                 f"with `--workers {best['cores']}` on this machine.")
    return text


def replace_block(path: Path, start: str, end: str, body: str) -> None:
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{path}: markers {start} … {end} not found")
    new = pattern.sub(lambda _: f"{start}\n<!-- generated by benchmarks/run_all.py: do not edit; run it again -->\n"
                                f"{body}\n{end}", text, count=1)
    path.write_text(new, encoding="utf-8")


def update_blocks(facts: dict, results: dict) -> None:
    for path, (start, end, kind) in MARKERS.items():
        body = readme_block(facts, results) if kind == "readme" else spark_block(facts, results)
        replace_block(path, start, end, body)
        print(f"updated the generated block of {path.relative_to(ROOT)}")


def render_saved(args) -> int:
    """--render: the documents again from a saved run; published only if that run was a full one."""
    saved = json.loads(args.render.read_text(encoding="utf-8"))
    facts, results = saved["machine"], saved["results"]
    full = saved.get("full_run", not saved.get("quick", False))
    out = args.out or (ROOT / "docs" / "benchmarks.md" if full else None)
    md = document(facts, results, saved.get("quick", False))
    if out:
        out.write_text(md, encoding="utf-8")
        if out.with_suffix(".json").resolve() != args.render.resolve():
            out.with_suffix(".json").write_text(json.dumps(saved, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {out}")
    else:
        print(md)
    if full and args.out is None and not args.no_update_docs and not any("failed" in r for r in results.values()):
        update_blocks(facts, results)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="tiny inputs, one repeat: a smoke test (publishes nothing)")
    ap.add_argument("--only", help="comma-separated benchmarks to run (publishes nothing)")
    ap.add_argument("--skip", help="comma-separated benchmarks to leave out (publishes nothing)")
    ap.add_argument("--with-spark", action="store_true", help="include Spark in --quick")
    ap.add_argument("--out", type=Path, help="Markdown output elsewhere (then README.md and docs/spark.md are left "
                                              "alone); default for a full run: docs/benchmarks.md, else stdout")
    ap.add_argument("--no-update-docs", action="store_true", help="do not rewrite the README/docs/spark.md blocks")
    ap.add_argument("--wait-quiet", type=float, metavar="CORES",
                    help="before each benchmark wait until other processes keep fewer than CORES cores busy")
    ap.add_argument("--max-wait", type=float, default=900, help="longest wait for --wait-quiet, seconds")
    ap.add_argument("--ner-model", type=Path, metavar="DIR",
                    help="a HanLP NER model trained with `govextract train-ner`: also measure --ner (skipped without)")
    ap.add_argument("--render", type=Path, metavar="JSON",
                    help="measure nothing: rewrite the documents from the results of an earlier run (its .json), "
                         "e.g. after changing how this script words them")
    args = ap.parse_args()
    if args.render:
        return render_saved(args)
    global COMMAND
    if args.ner_model:
        COMMAND += f" --ner-model {args.ner_model}"
    if args.wait_quiet is not None:
        COMMAND += f" --wait-quiet {args.wait_quiet:g}"

    names = list(FULL_ARGS)
    if args.only:
        names = [n for n in names if n in args.only.split(",")]
    if args.skip:
        names = [n for n in names if n not in args.skip.split(",")]
    skipped_quick = {}
    if args.quick and not args.with_spark and "spark_throughput" in names:
        names.remove("spark_throughput")
        skipped_quick["spark_throughput"] = {
            "benchmark": "spark_throughput", "skipped": "left out of --quick (JVM start-up takes longer than a smoke "
                                                          "test may; --with-spark includes it)",
            "loadavg_before": [loadavg()], "loadavg_after": [loadavg()], "wall_seconds": 0.0}
        print("spark_throughput: skipped in --quick (JVM start-up alone is too slow for a smoke test; "
              "--with-spark includes it)")
    if "ner_throughput" in names and args.ner_model is None:
        names.remove("ner_throughput")
        skipped_quick["ner_throughput"] = {
            "benchmark": "ner_throughput", "skipped": "no --ner-model DIR given (no NER model ships; train one with "
                                                      "`govextract train-ner`)",
            "loadavg_before": [loadavg()], "loadavg_after": [loadavg()], "wall_seconds": 0.0}
    publish = not (args.quick or args.only or args.skip)

    wait_for_quiet(args.wait_quiet, args.max_wait)      # so that "load average at the start" is the run's
    become_subreaper()
    facts = machine_facts()
    print(f"{facts['cores']} cores, load average {facts['loadavg']}, {facts['date']}")
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="govextract-runall-") as tmp:
        for name in names:
            extra = QUICK_ARGS[name] if args.quick else FULL_ARGS[name]
            if name == "ner_throughput":
                extra = [str(args.ner_model), *extra]
            results[name] = run_one(name, extra, Path(tmp), args.wait_quiet, args.max_wait)
    results.update(skipped_quick)
    failed = [n for n, r in results.items() if "failed" in r]

    md = document(facts, results, args.quick)
    out = args.out or (ROOT / "docs" / "benchmarks.md" if publish else None)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(md, encoding="utf-8")
        out.with_suffix(".json").write_text(json.dumps({"machine": facts, "full_run": publish, "quick": args.quick,
                                                        "results": results}, indent=1, ensure_ascii=False) + "\n",
                                            encoding="utf-8")
        print(f"\nwrote {out} and {out.with_suffix('.json')}")
    else:
        print("\n" + md)
    if publish and args.out is None and not args.no_update_docs and not failed:
        update_blocks(facts, results)
    if failed:
        print(f"FAILED: {', '.join(failed)} (published documents left unchanged)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
