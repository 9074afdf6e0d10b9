"""The review page at scale: 2,000 documents, seconds until Chromium shows the first one, and size.

    python benchmarks/review_scale.py [--docs 2000] [--runs 3] [--extract] [--keep DIR]

The examples are extracted once; their texts are then written out again and again (as `.txt`
files and as lines of JSONL dumps, 50 per dump, like a crawl) until there are --docs documents,
each one varied by a numbered line appended at its end, and the examples' records are reused for
the copies with their `source` and `doc_id` rewritten (the appended line comes after every
mention, so the offsets stay right). `--extract` runs the pipeline over the copies instead.
Then `govextract review` builds the page, and Debian's Chromium (through playwright, headless)
opens it --runs times in fresh tabs: the time is from navigation start to the first document
rendered (the page's `review-ready` mark), and from `goto` to that point as Python sees it; the
page's script runs right after the first document's data, so the rest of the file (timed too, to
DOMContentLoaded) is parsed while the first document is already shown.
Size ratio: html bytes / (bytes of the texts, UTF-8, + bytes of records.jsonl).
"""
from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def make_corpus(folder: Path, n_docs: int, extract: bool) -> tuple[Path, int]:
    """n_docs copies of the examples in `folder/in`, their records in `folder/out/records.jsonl`;
    returns the records path and the UTF-8 bytes of all the texts."""
    from pipeline.runner.batch import run_batch
    from pipeline.tools.review.texts import Texts

    seed_out = folder / "seed" / "records.jsonl"
    run_batch([str(ROOT / "examples")], seed_out)
    seeds = [orjson.loads(x) for x in seed_out.read_bytes().splitlines()]
    texts = Texts()
    originals = [texts.get(r["source"], r["doc_id"]).text for r in seeds]

    src = folder / "in"
    src.mkdir()
    records, dump_lines, text_bytes = [], [], 0
    for i in range(n_docs):
        k = i % len(seeds)
        text = originals[k] + f"\n（本文为第{i + 1}篇）"
        text_bytes += len(text.encode("utf-8"))
        rec = dict(seeds[k])
        if i % 2:   # half as lines of JSONL dumps, half as files
            dump = src / f"dump_{i // 100:03d}.jsonl"
            rec["source"] = f"{dump}#doc-{i:05d}"
            dump_lines.append((dump, orjson.dumps({"id": f"doc-{i:05d}", "text": text})))
            rec["doc_id"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        else:
            path = src / f"doc_{i:05d}.txt"
            path.write_text(text, encoding="utf-8")
            rec["source"] = str(path)
            rec["doc_id"] = hashlib.sha256(path.read_bytes()).hexdigest()
        records.append(rec)
    for dump in sorted({d for d, _ in dump_lines}):
        dump.write_bytes(b"".join(line + b"\n" for d, line in dump_lines if d == dump))
    out = folder / "out" / "records.jsonl"
    out.parent.mkdir()
    if extract:
        run_batch([str(src)], out, workers=max(1, len(os.sched_getaffinity(0))))
    else:
        out.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return out, text_bytes


def open_times(html: Path, runs: int, chromium: str) -> list[dict]:
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as pw:
        t = time.perf_counter()
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        launch = time.perf_counter() - t
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1500, "height": 950})
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            t = time.perf_counter()
            page.goto(html.as_uri(), wait_until="commit")
            page.wait_for_selector("html[data-ready='1']", timeout=60000)
            wall = time.perf_counter() - t
            in_page = page.evaluate("() => performance.getEntriesByName('review-ready')[0].startTime") / 1000
            page.wait_for_selector("html[data-loaded='1']", timeout=60000)
            loaded = page.evaluate("() => performance.getEntriesByType('navigation')[0].domContentLoadedEventStart") / 1000
            n = page.evaluate("() => document.getElementById('list-count').textContent.split(' ')[0]")
            n = int(n)
            page.click("#li0")
            t = time.perf_counter()
            page.keyboard.press("j")
            page.wait_for_function("() => document.querySelector('#li1').getAttribute('aria-selected') === 'true'")
            step = time.perf_counter() - t
            t = time.perf_counter()
            page.keyboard.press("End")     # lists every row on the way
            page.wait_for_function(f"() => document.querySelector('#li{n - 1}').getAttribute('aria-selected') === 'true'")
            switch = time.perf_counter() - t
            t = time.perf_counter()
            page.fill("#search", "四大攻坚行动")
            page.press("#search", "Enter")
            search = time.perf_counter() - t
            results.append({"wall": wall, "in_page": in_page, "loaded": loaded, "docs": n, "step": step, "switch": switch, "search": search,
                            "launch": launch, "errors": errors})
            page.close()
        browser.close()
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--extract", action="store_true", help="run the pipeline over the copies instead of reusing records")
    ap.add_argument("--keep", type=Path, help="build in this (new) folder and keep it")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--json", type=Path, help="write the results here (for benchmarks/run_all.py)")
    args = ap.parse_args()

    from pipeline.tools.review import build_review

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        records, text_bytes = make_corpus(folder, args.docs, args.extract)
        html = folder / "review.html"
        t = time.perf_counter()
        summary = build_review([records], html)
        build = time.perf_counter() - t
        assert summary.documents == args.docs and summary.unreadable == 0, summary.problems[:5]
        record_bytes = records.stat().st_size
        html_bytes = html.stat().st_size
        runs = open_times(html, args.runs, args.chromium)
        ok = all(not r["errors"] and r["docs"] == args.docs for r in runs)
        wall = statistics.median(r["wall"] for r in runs)
        in_page = statistics.median(r["in_page"] for r in runs)
        ratio = html_bytes / (text_bytes + record_bytes)
        print(f"documents            {args.docs}")
        print(f"texts                {text_bytes / 1e6:.1f} MB   records.jsonl {record_bytes / 1e6:.1f} MB")
        print(f"review.html          {html_bytes / 1e6:.1f} MB   ratio {ratio:.2f}× (limit 3×)   built in {build:.1f} s")
        print(f"open → first doc     {wall:.2f} s median of {len(runs)} (goto to rendered; in-page mark "
              f"{in_page:.2f} s; limit 3 s)   runs: " + ", ".join(f"{r['wall']:.2f}" for r in runs))
        print(f"whole file parsed    {statistics.median(r['loaded'] for r in runs):.2f} s (in-page, DOMContentLoaded: "
              f"every document can be opened)")
        print(f"next doc (j)         {statistics.median(r['step'] for r in runs) * 1000:.0f} ms   "
              f"last doc (End) {statistics.median(r['switch'] for r in runs) * 1000:.0f} ms   "
              f"search {statistics.median(r['search'] for r in runs) * 1000:.0f} ms   "
              f"(browser launch {runs[0]['launch']:.1f} s, not counted)")
        print(f"load average         {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
        print(f"page errors          {'none' if ok else [r['errors'] for r in runs]}")
        if args.json:
            import json

            def stats(key):
                xs = [r[key] for r in runs]
                return {"median": statistics.median(xs), "min": min(xs), "max": max(xs), "n": len(xs)}
            args.json.write_text(json.dumps({
                "benchmark": "review_scale", "docs": args.docs, "runs": len(runs), "text_mb": text_bytes / 1e6,
                "records_mb": record_bytes / 1e6, "html_mb": html_bytes / 1e6, "ratio": ratio, "build_s": build,
                "first_doc_s": stats("wall"), "in_page_s": stats("in_page"), "parsed_s": stats("loaded"),
                "step_s": stats("step"), "search_s": stats("search"), "page_errors": not ok}, indent=1))
        if not ok or wall >= 3 or ratio >= 3:
            sys.exit(1)


if __name__ == "__main__":
    main()
