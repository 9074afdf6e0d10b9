"""Regenerate docs/review.png: the review page of the examples with their gold, in headless Chromium.

    python docs/make_review_screenshot.py

Runs the pipeline on examples/ (sources relative to the repository, as the README shows them),
builds the page with tests/gold/examples.jsonl, opens the Jiangsu article and clicks a target
quantity so the detail card shows. Needs Debian's chromium and playwright (the dev extra); a CJK
font (fonts-wqy-microhei or fonts-noto-cjk) makes the text legible.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def main() -> None:
    from playwright.sync_api import sync_playwright

    from pipeline.runner.batch import run_batch
    from pipeline.tools.review import build_review

    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "records.jsonl"
        run_batch(["examples"], out)
        html = Path(tmp) / "review.html"
        build_review([out], html, gold=Path("tests/gold/examples.jsonl"))
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1500, "height": 900})
            page.goto(html.as_uri())
            page.wait_for_selector("html[data-ready='1']")
            i = page.evaluate("() => [...document.querySelectorAll('.li-source')].findIndex(e => e.textContent.startsWith('jiangsu'))")
            page.click(f"#li{i}")
            page.click("#text .mention.target >> nth=0")
            page.evaluate("() => { document.getElementById('doc').scrollTop = 0; }")
            page.screenshot(path=str(ROOT / "docs" / "review.png"))
            browser.close()
    print(ROOT / "docs" / "review.png")


if __name__ == "__main__":
    main()
