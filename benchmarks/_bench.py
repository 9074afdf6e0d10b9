"""Helpers shared by the benchmark scripts: corpora, running the CLI, repeated timings,
machine facts and the memory of a whole process tree.

Conventions of every benchmark script here:
- "CLI" figures time `govextract run …` as a user runs it, from spawning the process to its exit
  (interpreter start-up, imports, pipeline load, extraction, JSONL, manifest);
- "pipeline loaded" figures time `run_batch` (the code path of `govextract run`) in a fresh
  interpreter after the spaCy pipeline was loaded on a short synthetic warm-up text, so they
  leave out start-up; every repeat is a fresh interpreter, so no document is seen twice by one
  process (repeated text runs faster: the extractors' lru caches and the CPU caches warm up);
- each figure is the median of --repeat runs; the load average is recorded next to it;
- `--json PATH` writes the results for benchmarks/run_all.py.
"""
from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

# The real-text corpora and the seeds: distinct documents, each read once per run.
CORPORA = {
    "seeds": SHARED / "seeds",                          # 5 acceptance articles (one Traditional, with pinyin glosses)
    "xwlb": SHARED / "corpus" / "xwlb",                 # 400 short TV news items (MANIFEST.tsv is not an input)
    "reports2025": SHARED / "corpus" / "reports2025",   # 7 long provincial work reports (SOURCE.md is not an input)
}

# A synthetic warm-up text (no corpus text): loads the spaCy pipeline, rules, OpenCC and the
# gazetteer before a "pipeline loaded" timing starts.
WARM_UP = ("2025年3月2日，杭州市余杭区召开重点项目推进大会。區委書記王建國出席会议并讲话，"
           "强调要聚焦“三个一批”：签约一批、开工一批、投产一批，全年完成投资120亿元以上，新增企业300家。")


def corpus_files(folder: Path, max_docs: int = 0) -> list[Path]:
    """The corpus's documents: its *.txt files, sorted (manifests and READMEs are not inputs)."""
    files = sorted(p for p in Path(folder).rglob("*.txt") if p.is_file())
    if not files:
        raise SystemExit(f"no *.txt files under {folder}")
    return files[:max_docs] if max_docs else files


def parse_corpora(specs: list[str] | None) -> dict[str, Path]:
    """`--corpus NAME=PATH` (repeatable) or `--corpus NAME` of CORPORA; default: all of CORPORA."""
    if not specs:
        return dict(CORPORA)
    out = {}
    for spec in specs:
        name, _, path = spec.partition("=")
        if path:
            out[name] = Path(path)
        elif name in CORPORA:
            out[name] = CORPORA[name]
        else:
            out[Path(name).name] = Path(name)
    return out


def govextract_cmd() -> list[str]:
    """The `govextract` console script of this interpreter's environment (else `python -m pipeline`)."""
    script = Path(sys.executable).parent / "govextract"
    return [str(script)] if script.exists() else [sys.executable, "-m", "pipeline"]


def loadavg() -> float:
    return round(os.getloadavg()[0], 2)


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def summary(xs: list[float]) -> dict:
    """Median, min, max of repeated measurements."""
    return {"median": median(xs), "min": min(xs), "max": max(xs), "n": len(xs), "all": list(xs)}


def run_cli(args: list[str], *, env: dict | None = None, check_codes=(0,)) -> float:
    """Seconds from spawning `govextract ARGS` to its exit (what a user waits for)."""
    t0 = time.perf_counter()
    proc = subprocess.run(govextract_cmd() + args, cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})
    seconds = time.perf_counter() - t0
    if proc.returncode not in check_codes:
        raise RuntimeError(f"govextract {' '.join(args[:3])} … exited {proc.returncode}:\n{proc.stderr[-3000:]}")
    return seconds


def run_child(script: Path, args: list[str]) -> dict:
    """Run `python SCRIPT ARGS` in a fresh interpreter; it prints one `RESULT {json}` line."""
    proc = subprocess.run([sys.executable, str(script)] + args, cwd=ROOT, capture_output=True, text=True)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
    if proc.returncode or line is None:
        raise RuntimeError(f"{script.name} {' '.join(args[:4])} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(line[7:])


def emit(result: dict) -> None:
    print("RESULT " + json.dumps(result), flush=True)


def write_json(path: Path | None, data: dict) -> None:
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def warm_pipeline() -> None:
    """Load the spaCy pipeline and every lazily loaded table (not timed)."""
    from pipeline.stages.process import extract_text
    extract_text(WARM_UP, "2025-03-02")


# --------------------------------------------------------------------------- machine facts

def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _git(*args: str) -> str | None:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def java_version() -> str | None:
    try:
        out = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    first = (out.stderr or out.stdout).splitlines()
    return first[0].strip() if first else None


def machine_facts() -> dict:
    cpu = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    commit = _git("rev-parse", "--short", "HEAD")
    dirty = bool(_git("status", "--porcelain", "--untracked-files=no"))
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": cpu, "memory_gb": mem_gb,
        "loadavg": [round(x, 2) for x in os.getloadavg()],
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "git": f"{commit}{' (uncommitted changes)' if dirty else ''}" if commit else None,
        "versions": {d: _version(d) for d in ("govextract", "spacy", "pydantic", "opencc", "jieba", "duckdb",
                                              "psycopg", "pyspark")},
        "java": java_version(),
    }


# --------------------------------------------------------------------------- process-tree memory

_PAGE = os.sysconf("SC_PAGE_SIZE")


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def _tree(root: int) -> list[int]:
    kids, out, todo = _children_map(), [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, []))
    return out


def _rss_pss(pid: int) -> tuple[int, int]:
    """Resident and proportional set size in bytes (PSS splits pages shared after fork)."""
    try:
        rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0, 0
    pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
                break
    except OSError:
        pss = rss
    return rss, pss


class TreeMemory:
    """Samples the RSS and PSS of a process and all its descendants every `interval` seconds.

    Peaks: `tree_rss` (sum of RSS, what `ps`/`top` add up; pages shared by forked workers
    counted in each), `tree_pss` (sum of PSS: shared pages split, the memory the tree really
    holds), `root_rss` (the parent) and `child_rss` (the largest single descendant)."""

    def __init__(self, pid: int, interval: float = 0.05):
        self.pid, self.interval = pid, interval
        self.peak = {"tree_rss": 0, "tree_pss": 0, "root_rss": 0, "child_rss": 0, "processes": 0}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        pids = _tree(self.pid)
        sizes = {pid: _rss_pss(pid) for pid in pids}
        sizes = {pid: s for pid, s in sizes.items() if s[0]}
        if not sizes:
            return
        p = self.peak
        p["tree_rss"] = max(p["tree_rss"], sum(s[0] for s in sizes.values()))
        p["tree_pss"] = max(p["tree_pss"], sum(s[1] for s in sizes.values()))
        p["root_rss"] = max(p["root_rss"], sizes.get(self.pid, (0, 0))[0])
        p["child_rss"] = max([p["child_rss"]] + [s[0] for pid, s in sizes.items() if pid != self.pid])
        p["processes"] = max(p["processes"], len(sizes))

    def megabytes(self) -> dict:
        return {k: (round(v / 2**20) if k != "processes" else v) for k, v in self.peak.items()}
