"""The review page (`govextract review`) in a real headless Chromium: highlights equal the records'
mentions, detail cards, search, filters, keyboard, the gold diff, and hostile text that runs nothing.

Uses Debian's `chromium` through Python playwright (no browser download). Without it the browser
tests skip with a reason, except in CI (CI=true), where they fail: `.ci/run` installs chromium.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import warnings
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from pipeline.runner.batch import run_batch
from pipeline.cli import app
from pipeline.tools.evaluate import diff_document, doc_key, evaluate, load_jsonl
from pipeline.tools.review import build_review
from pipeline.tools.review.page import json_for_script
from pipeline.tools.review.texts import Texts
from schemas import CATEGORIES, DocumentRecord

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "examples.jsonl"
CHROMIUM = os.environ.get("GOVEXTRACT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
runner = CliRunner()


def _mentions(rec: dict, cat: str) -> list[dict]:
    return [m for it in rec[cat] for m in (it["mentions"] if "mentions" in it else [it["mention"]])]


def _expected_spans(rec: dict, text: str) -> list[tuple[str, int, str]]:
    out = []
    for cat in CATEGORIES:
        for k, it in enumerate(rec[cat]):
            for m in it["mentions"] if "mentions" in it else [it["mention"]]:
                out.append((cat, k, text[m["start"]:m["end"]]))
    return sorted(out)


# ---------------------------------------------------------------- the browser

def _browser_or_skip() -> None:
    problem = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problem = "playwright is not installed (pip install -e '.[dev]')"
    if problem is None and not Path(CHROMIUM).exists():
        problem = f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run installs it)"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"review page browser tests cannot run in CI: {problem}")
        warnings.warn(f"review page browser tests skipped: {problem}")
        pytest.skip(problem)


@pytest.fixture(scope="module")
def browser():
    _browser_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Opened:
    """A page plus everything it said: console messages, uncaught errors, requests, dialogs."""

    def __init__(self, page, url):
        self.page, self.url = page, url
        self.console, self.errors, self.requests, self.dialogs = [], [], [], []

    def js(self, expr, arg=None):
        return self.page.evaluate(expr, arg)

    def open_doc(self, i: int) -> None:
        self.page.click(f"#li{i}")
        assert self.js("() => document.querySelector('#doc-list [aria-selected=true]').id") == f"li{i}"


@pytest.fixture
def open_page(browser):
    contexts = []

    def _open(path: Path) -> Opened:
        ctx = browser.new_context(viewport={"width": 1500, "height": 950})
        contexts.append(ctx)
        page = ctx.new_page()
        o = Opened(page, path.as_uri())
        page.on("console", lambda m: o.console.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: o.errors.append(str(e)))
        page.on("request", lambda r: o.requests.append(r.url))
        page.on("dialog", lambda d: (o.dialogs.append(d.message), d.dismiss()))
        page.goto(o.url)
        page.wait_for_selector("html[data-ready='1']", timeout=15000)
        return o

    yield _open
    for ctx in contexts:
        ctx.close()


# ---------------------------------------------------------------- the examples

@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    """The examples run through the pipeline and their page with the examples' gold."""
    tmp = tmp_path_factory.mktemp("review")
    out = tmp / "records.jsonl"
    summary = run_batch([str(ROOT / "examples")], out)
    assert summary.errors == 0
    html = tmp / "review.html"
    build_review([out], html, gold=GOLD)
    records = load_jsonl(out)
    texts = Texts()
    return {"html": html, "records": records, "out": out,
            "texts": [texts.get(r["source"], r["doc_id"]).text for r in records]}


def _card(o: Opened) -> dict[str, str]:
    """The detail card's rows (key → value) of its first item."""
    return o.js("""() => Object.fromEntries([...document.querySelectorAll('#card .card-item:first-child .kv tr')]
                     .map(tr => [tr.dataset.key, tr.querySelector('td').textContent]))""")


SPANS_JS = """() => {
  const heads = [...document.querySelectorAll('#text .mention')];
  return heads.map(h => [h.dataset.cat, Number(h.dataset.item),
    [...document.querySelectorAll(`#text [data-mid="${h.dataset.mid}"]`)].map(e => e.textContent).join('')]);
}"""


def test_highlights_equal_the_records_mentions(examples, open_page):
    o = open_page(examples["html"])
    for i, (rec, text) in enumerate(zip(examples["records"], examples["texts"])):
        o.open_doc(i)
        assert o.js("() => document.getElementById('doc-title').textContent") == rec["title"]
        counts = o.js("""() => { const c = {}; document.querySelectorAll('#text .mention')
                          .forEach(h => { c[h.dataset.cat] = (c[h.dataset.cat] || 0) + 1; }); return c; }""")
        assert counts == {cat: len(_mentions(rec, cat)) for cat in CATEGORIES if _mentions(rec, cat)}, rec["source"]
        assert sorted(tuple(x) for x in o.js(SPANS_JS)) == _expected_spans(rec, text)
        assert o.js("() => document.getElementById('text').textContent") == text
        for cat in CATEGORIES:
            assert o.js(f"() => document.querySelectorAll('#t-{cat} tbody tr').length") == len(rec[cat])
    assert not o.errors and not o.console, (o.errors, o.console)


def _doc_index(examples, name: str) -> int:
    return next(i for i, r in enumerate(examples["records"]) if r["source"].endswith(name))


def test_click_a_quantity_and_a_place_shows_the_item(examples, open_page):
    o = open_page(examples["html"])
    i = _doc_index(examples, "jiangsu_county_meeting.txt")
    rec = examples["records"][i]
    o.open_doc(i)
    k, q = next((k, q) for k, q in enumerate(rec["quantities"]) if q["is_target"] and q["subject"])
    o.page.click(f"#text .mention[data-cat=quantities][data-item='{k}']")
    card = _card(o)
    assert card["unit"] == q["unit"] and q["comparator"] in card["comparator"]
    assert card["subject"] == q["subject"] and card["period"] == (q["period"] or "—")
    assert card["is_target"].startswith("target")
    assert float(card["value"].replace(",", "")) == q["value"]
    assert "target" in o.js(f"() => document.querySelector('#text .mention[data-cat=quantities][data-item=\"{k}\"]').className")
    k2 = next(k for k, x in enumerate(rec["quantities"]) if not x["is_target"])
    o.page.click(f"#text .mention[data-cat=quantities][data-item='{k2}']")
    assert _card(o)["is_target"].startswith("achieved")

    k, place = next((k, p) for k, p in enumerate(rec["places"]) if p["name"] == "沭阳县")
    o.page.click(f"#text .mention[data-cat=places][data-item='{k}']")
    card = _card(o)
    assert (card["canonical"], card["adcode"], card["level"]) == ("江苏省宿迁市沭阳县", "321322", "county")
    assert o.js("() => document.querySelector('#card h3 .card-name').textContent") == "沭阳县"

    # Keyboard: focusing a highlight shows its item too; an official's card lists positions and org.
    k, person = next((k, p) for k, p in enumerate(rec["officials"]) if p["role"] == "official" and p["positions"])
    o.page.focus(f"#text .mention[data-cat=officials][data-item='{k}']")
    card = _card(o)
    assert person["positions"][0]["title"] in card["positions"]
    assert (person["positions"][0]["org"] or "—") in card["org"]
    # A table row shows the item as well (and moves focus to its first mention).
    k, date = 0, rec["dates"][0]
    o.page.click(f"#t-dates tbody tr[data-item='{k}']")
    card = _card(o)
    assert (card["start"], card["end"], card["granularity"]) == (date["start"] or "—", date["end"] or "—", date["granularity"])
    assert not o.errors and not o.console


def _visible(o: Opened) -> list[int]:
    return o.js("() => [...document.querySelectorAll('#doc-list li')].filter(li => !li.hidden).map(li => Number(li.dataset.i))")


def test_search_filters_and_keyboard(examples, open_page):
    o = open_page(examples["html"])
    recs = examples["records"]
    o.page.fill("#search", "四大攻坚行动")          # an item, not in any title
    o.page.press("#search", "Enter")                # filter now rather than after the typing pause
    i = _doc_index(examples, "jiangsu_county_meeting.txt")
    assert _visible(o) == [i]
    assert o.js("() => document.getElementById('doc-title').textContent") == recs[i]["title"]
    o.page.fill("#search", "肥西 水利")               # every word must match
    o.page.press("#search", "Enter")
    assert [recs[j]["source"].rsplit("#", 1)[1] for j in _visible(o)] == ["ah-feixi-20221220-001"]
    o.page.fill("#search", "")
    o.page.wait_for_function(f"() => document.getElementById('list-count').textContent.startsWith('{len(recs)} of')")
    assert _visible(o) == list(range(len(recs)))    # also without Enter, once typing pauses

    o.page.check("#filter-targets")
    assert _visible(o) == [j for j, r in enumerate(recs) if any(q["is_target"] for q in r["quantities"])]
    o.page.uncheck("#filter-targets")
    o.page.check("#filter-warnings")
    assert _visible(o) == [j for j, r in enumerate(recs) if r["warnings"]]
    o.page.uncheck("#filter-warnings")
    o.page.select_option("#filter-cat", "slogans")
    assert _visible(o) == [j for j, r in enumerate(recs) if r["slogans"]]
    o.page.select_option("#filter-cat", "")
    o.page.check("#filter-errors")
    assert _visible(o) == []                         # the examples have no errors
    o.page.uncheck("#filter-errors")

    # Keyboard: arrows in the list, j / k anywhere but a text field, / to search.
    o.open_doc(0)
    o.page.keyboard.press("ArrowDown")
    assert o.js("() => document.activeElement.id") == "li1"
    assert o.js("() => document.getElementById('doc-title').textContent") == recs[1]["title"]
    o.page.keyboard.press("j")
    o.page.keyboard.press("j")
    assert o.js("() => document.getElementById('doc-title').textContent") == recs[3]["title"]
    o.page.keyboard.press("k")
    assert o.js("() => document.getElementById('doc-title').textContent") == recs[2]["title"]
    o.page.keyboard.press("/")
    assert o.js("() => document.activeElement.id") == "search"
    o.page.keyboard.press("j")                       # typed into the search box, not navigation
    assert o.js("() => document.getElementById('doc-title').textContent") == recs[2]["title"]
    # The legend hides a category's highlights.
    o.page.uncheck("#show-places")
    assert o.js("() => document.body.classList.contains('hide-places')")
    assert not o.errors and not o.console


def _score_rows(o: Opened, selector: str) -> dict[str, list[int]]:
    return o.js(f"""() => Object.fromEntries([...document.querySelectorAll('{selector} tbody tr')]
        .map(tr => [tr.dataset.name, [...tr.querySelectorAll('td')].slice(4).map(td => Number(td.textContent))]))""")


def test_gold_diff_scores_extras_and_misses(examples, open_page, tmp_path):
    # A gold file with one place taken away (its prediction becomes an extra) and one made up (a miss).
    gold = load_jsonl(GOLD)
    i = _doc_index(examples, "jiangsu_county_meeting.txt")
    key = doc_key(examples["records"][i])
    g = next(x for x in gold if doc_key(x) == key)
    g["places"] = [p for p in g["places"] if p["name"] != "沭阳县"] + [
        {"name": "不存在县", "aliases": [], "canonical": "不存在省不存在县", "adcode": "999999", "level": "county"}]
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_bytes(b"".join(orjson.dumps(x) + b"\n" for x in gold))
    html = tmp_path / "review.html"
    build_review([examples["out"]], html, gold=gold_path)
    o = open_page(html)

    scores, missing = evaluate(gold, examples["records"])
    assert _score_rows(o, "#gold-total-body") == {n: [s.tp, s.fp, s.fn] for n, s in scores.items()}
    assert missing == []
    gold_by_key = {doc_key(x): x for x in gold}
    for j, rec in enumerate(examples["records"]):
        o.open_doc(j)
        diffs = diff_document(gold_by_key[doc_key(rec)], rec)
        assert _score_rows(o, "#gold-doc") == {n: [d.score.tp, d.score.fp, d.score.fn] for n, d in diffs.items()}
        extra_mentions = {cat: sum(len(_mentions({cat: [rec[cat][k]]}, cat)) for k in diffs[cat].extras)
                          for cat in CATEGORIES}
        shown = o.js("""() => { const c = {}; document.querySelectorAll('#text .mention.extra')
                         .forEach(h => { c[h.dataset.cat] = (c[h.dataset.cat] || 0) + 1; }); return c; }""")
        assert shown == {c: n for c, n in extra_mentions.items() if n}
        assert o.js("() => document.querySelectorAll('#misses li.miss').length") == sum(len(d.misses) for d in diffs.values())
        assert o.js("() => document.querySelectorAll('#misses li.extra-unit').length") == sum(
            len(d.extra_units) for d in diffs.values())
    o.open_doc(i)
    diffs = o.js("() => [...document.querySelectorAll('#misses section[data-name=places] li')].map(li => li.textContent)")
    assert "missed: 不存在县 (不存在省不存在县, 999999, county)" in diffs
    assert "extra: 沭阳县 (江苏省宿迁市沭阳县, 321322, county)" in diffs
    k = next(k for k, p in enumerate(examples["records"][i]["places"]) if p["name"] == "沭阳县")
    assert o.js(f"() => [...document.querySelectorAll('#text .mention[data-cat=places][data-item=\"{k}\"]')].every(e => e.classList.contains('extra'))")
    o.page.click(f"#text .mention[data-cat=places][data-item='{k}']")
    assert o.js("() => document.querySelector('#card .tag').textContent").startswith("extra")
    o.page.check("#filter-diff")
    assert i in _visible(o)
    assert not o.errors and not o.console


# ---------------------------------------------------------------- hostile input

HOSTILE_TEXT = (
    "<script>window.__pwned='script'</script>某县召开经济工作会议</script>\n"
    "2023-02-03 09:15 来源:某县融媒\n"
    "县委书记王小明主持会议。<img src=x onerror=\"window.__pwned='img'\">今年完成投资3.2亿元。\n"
    "<a href=\"javascript:window.__pwned='link'\">点击查看</a>\u2028<svg onload=window.__pwned='svg'>"
    " &lt;b&gt; <!-- </SCRIPT ><script>alert('close')</script> \u2029 <iframe src=javascript:alert(1)>\n"
)


def _hostile_corpus(tmp_path: Path) -> tuple[Path, Path]:
    src = tmp_path / "in"
    src.mkdir()
    (src / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (src / "evil<img src=x onerror=alert(1)>.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    line = {"id": "</script><img src=x onerror=alert('id')>", "published": "2023-02-03", "text": HOSTILE_TEXT}
    (src / "dump.jsonl").write_bytes(orjson.dumps(line) + b"\n")
    (src / "empty.txt").write_bytes(b"")                    # an error record
    out = tmp_path / "out" / "records.jsonl"
    run_batch([str(src)], out)
    return src, out


def _crafted_record(src: Path, out: Path) -> Path:
    """A valid record whose strings are themselves markup (records are untrusted too)."""
    rec = next(r for r in load_jsonl(out) if r["source"].endswith("/hostile.txt"))
    start = HOSTILE_TEXT.index("王小明")
    rec["officials"] = [{
        "name": "<img src=x onerror=\"window.__pwned='name'\">", "role": "official",
        "positions": [{"org": "</script><script>window.__pwned='org'</script>", "title": "<b>书记</b>", "text": "javascript:alert(1)"}],
        "mentions": [{"text": "王小明", "start": start, "end": start + 3, "norm_start": start, "norm_end": start + 3}]}]
    DocumentRecord.model_validate(rec)
    path = out.with_name("crafted.jsonl")
    path.write_bytes(orjson.dumps(rec) + b"\n")
    return path


def test_hostile_payload_is_live_when_rendered_as_html(tmp_path, browser):
    """The control: the same text served as markup does set the flag, so its staying unset on
    the review page means something."""
    control = tmp_path / "control.html"
    control.write_text(f"<!DOCTYPE html><html><body>{HOSTILE_TEXT}</body></html>", encoding="utf-8")
    page = browser.new_page()
    try:
        page.on("dialog", lambda d: d.dismiss())
        page.goto(control.as_uri())
        page.wait_for_function("() => window.__pwned !== undefined", timeout=5000)
    finally:
        page.close()


def test_hostile_documents_execute_nothing(tmp_path, open_page):
    src, out = _hostile_corpus(tmp_path)
    crafted = _crafted_record(src, out)
    html = tmp_path / "review.html"
    summary = build_review([out, crafted], html)
    assert summary.errors == 1 and summary.records == 4
    raw = html.read_text(encoding="utf-8")
    script = raw.index("<script>")                  # the page's own script; the rest is data
    body_data = raw[raw.index("<body>"):script] + raw[raw.index("</script>", script):]
    assert "<img" not in body_data and "<svg" not in body_data and "javascript:" in body_data
    assert len(re.findall(r"(?i)</script", body_data)) == summary.documents + 2   # the blocks' own ends

    o = open_page(html)
    recs = load_jsonl(out) + load_jsonl(out.with_name("errors.jsonl")) + load_jsonl(crafted)   # the page's order
    for i, rec in enumerate(recs):
        o.open_doc(i)
        if "stage" in rec:
            assert "Error record" in o.js("() => document.getElementById('doc-notes').textContent")
            continue
        assert o.js("() => document.getElementById('text').textContent") == HOSTILE_TEXT
        assert o.js("() => document.getElementById('doc-title').textContent") == rec["title"]
    o.open_doc(len(recs) - 1)
    o.page.click("#text .mention[data-cat=officials]")
    assert o.js("() => document.querySelector('#card h3 .card-name').textContent") == "<img src=x onerror=\"window.__pwned='name'\">"
    assert "</script><script>" in _card(o)["org"]
    o.page.click("#text")
    o.page.keyboard.press("j")
    assert o.js("() => window.__pwned") is None
    assert o.dialogs == [] and o.errors == [] and o.console == [], (o.dialogs, o.errors, o.console)
    assert o.requests == [o.url]
    assert o.js("() => document.querySelectorAll('img, svg, iframe, a, object, embed').length") == 0
    assert o.js("() => [...document.scripts].filter(s => s.type !== 'application/json').length") == 1
    sources = o.js("() => [...document.querySelectorAll('.li-source')].map(e => e.textContent).join('\\n')")
    assert "evil<img src=x onerror=alert(1)>.txt" in sources and "#</script><img src=x onerror=alert('id')>" in sources

    # The policy itself: nothing from outside loads, and HTML strings cannot be assigned at all.
    csp = o.js("() => document.querySelector('meta[http-equiv=Content-Security-Policy]').content")
    assert "default-src 'none'" in csp and "img-src 'none'" in csp and "'unsafe-inline'" not in csp
    assert o.js("""() => new Promise(r => { document.addEventListener('securitypolicyviolation', e => r(e.violatedDirective));
                     const i = document.createElement('img'); i.src = 'http://127.0.0.1:9/x.png'; document.body.append(i); })""") == "img-src"
    assert o.js("() => { try { document.body.innerHTML = '<b>x</b>'; return 'assigned'; } catch (e) { return e.name; } }") == "TypeError"


# ---------------------------------------------------------------- overlaps, offsets, unreadable sources

def _synthetic(tmp_path: Path) -> tuple[Path, str]:
    """A text with characters outside the BMP before the mentions, crossing and nested mentions,
    one mention whose offsets lie outside the text, and its record."""
    text = "𠀀𠀁肥西县三河镇召开会议。今年完成投资3.2亿元。"
    path = tmp_path / "overlap.txt"
    path.write_text(text, encoding="utf-8")

    def m(s: str, nth: int = 0) -> dict:
        start = text.index(s) if not nth else text.index(s, text.index(s) + 1)
        return {"text": s, "start": start, "end": start + len(s), "norm_start": start, "norm_end": start + len(s)}

    bad = {"text": "远方", "start": 500, "end": 502, "norm_start": 500, "norm_end": 502}
    rec = {
        "doc_id": hashlib.sha256(text.encode()).hexdigest(), "source": str(path), "pipeline_version": "test",
        "title": "三河镇召开会议", "published": "2023-02-03", "published_basis": "explicit", "script": "simplified",
        "officials": [{"name": "肥西", "role": "other", "positions": [], "mentions": [m("肥西"), bad]}],
        "places": [{"name": "肥西县", "canonical": "安徽省合肥市肥西县", "adcode": "340123", "level": "county", "mentions": [m("肥西县")]},
                   {"name": "三河镇", "canonical": None, "adcode": None, "level": "town", "mentions": [m("三河镇")]}],
        "dates": [{"text": "今年", "start": "2023-01-01", "end": "2023-12-31", "granularity": "year", "modifier": None, "mention": m("今年")}],
        "quantities": [{"text": "3.2亿元", "kind": "money", "value": 3.2e8, "value_max": None, "unit": "亿元", "comparator": "eq",
                        "subject": "投资", "place": None, "period": "今年", "is_target": True, "group": None, "mention": m("3.2亿元")}],
        "slogans": [{"text": "县三河", "number": None, "head": None, "items": [], "items_complete": False, "mentions": [m("县三河")]}],
        "warnings": ["made up for a test"],
    }
    DocumentRecord.model_validate(rec)
    records = tmp_path / "records.jsonl"
    records.write_bytes(orjson.dumps(rec) + b"\n")
    return records, text


def test_overlapping_mentions_and_astral_characters(tmp_path, open_page):
    records, text = _synthetic(tmp_path)
    build_review([records], tmp_path / "review.html")
    o = open_page(tmp_path / "review.html")
    rec = load_jsonl(records)[0]
    cps = list(text)   # offsets count code points
    want = sorted((cat, k, "".join(cps[m["start"]:m["end"]])) for cat in CATEGORIES for k, it in enumerate(rec[cat])
                  for m in (it["mentions"] if "mentions" in it else [it["mention"]]) if m["end"] <= len(cps))
    assert sorted(tuple(x) for x in o.js(SPANS_JS)) == want
    assert o.js("() => document.querySelectorAll('#text .overlap').length") > 0
    assert "offsets outside the text" in o.js("() => document.getElementById('doc-notes').textContent")
    # The slogan starts inside the county: clicking it shows both items, innermost first.
    o.page.click("#text .mention[data-cat=slogans]")
    names = o.js("() => [...document.querySelectorAll('#card .card-name')].map(e => e.textContent)")
    assert names == ["县三河", "肥西县"]
    assert o.js("() => document.querySelector('#text .mention[data-cat=quantities]').classList.contains('target')")
    assert not o.errors and not o.console


def test_unreadable_sources_are_listed_not_fatal(tmp_path, open_page):
    records, text = _synthetic(tmp_path)
    rec = load_jsonl(records)[0]
    gone = dict(rec, source=str(tmp_path / "gone.txt"))
    changed_path = tmp_path / "changed.txt"
    changed_path.write_text(text + "后来改过。", encoding="utf-8")
    changed = dict(rec, source=str(changed_path))
    stdin = dict(rec, source="-")
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in (rec, gone, changed, stdin)) + b"{not json\n")
    summary = build_review([path], tmp_path / "review.html")
    assert (summary.records, summary.unreadable) == (4, 3)
    o = open_page(tmp_path / "review.html")
    problems = o.js("() => [...document.querySelectorAll('#problems-list li')].map(e => e.textContent)")
    assert any("gone.txt" in p for p in problems) and any("changed since it was extracted" in p for p in problems)
    assert any("standard input" in p for p in problems) and any("mixed.jsonl:5: invalid record" in p for p in problems)
    o.open_doc(1)
    assert "Text not shown" in o.js("() => document.getElementById('doc-notes').textContent")
    assert o.js("() => document.querySelectorAll('#t-places tbody tr').length") == 2   # items still listed
    o.page.click("#t-places tbody tr[data-item='0']")
    assert _card(o)["adcode"] == "340123"
    o.page.check("#filter-errors")
    assert _visible(o) == [1, 2, 3]
    assert not o.errors and not o.console


# ---------------------------------------------------------------- without a browser

def test_json_for_script_cannot_close_its_element():
    value = {"t": "</script><!--<script>&amp;\u2028\u2029>"}
    data = json_for_script(value)
    assert not re.search(rb"[<>&]", data) and "\u2028".encode() not in data and "\u2029".encode() not in data
    assert orjson.loads(data) == value


def test_csp_hashes_the_inline_script_and_style(examples):
    import base64

    raw = examples["html"].read_text(encoding="utf-8")
    start = raw.index("<script>") + len("<script>")
    script = raw[start:raw.index("</script>", start)]
    style = raw[raw.index("<style>") + len("<style>"):raw.index("</style>")]
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', raw).group(1)
    for what in (script, style):
        digest = base64.b64encode(hashlib.sha256(what.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "http" not in re.sub(r"http-equiv", "", raw[:raw.index("<body>")])     # nothing loaded from anywhere


def test_cli_review_and_run_review(tmp_path):
    records, _ = _synthetic(tmp_path)
    html = tmp_path / "page.html"
    result = runner.invoke(app, ["review", str(records), "-o", str(html)])
    assert result.exit_code == 0, result.output
    assert "1 documents: 1 records, 0 error records" in result.output and html.stat().st_size > 0
    result = runner.invoke(app, ["review", str(tmp_path / "missing.jsonl"), "-o", str(html)])
    assert result.exit_code == 2 and "cannot write the review page" in result.output

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("某县召开经济工作会议\n2023-02-03 09:15 来源:某县融媒\n县委书记王小明主持会议。", encoding="utf-8")
    out = tmp_path / "out" / "records.jsonl"
    result = runner.invoke(app, ["run", str(src), "-o", str(out), "-q", "--review", str(tmp_path / "out" / "review.html")])
    assert result.exit_code == 0, result.output
    assert "review → " in result.output and (tmp_path / "out" / "review.html").exists()


def test_a_document_opened_while_the_page_still_loads_waits_for_its_data(examples, browser):
    """The script runs right after the first document's block; a document asked for before its
    own block is parsed shows "Loading…" and then itself, once the parser has read the file."""
    import http.server
    import threading

    raw = examples["html"].read_bytes()
    cut = raw.index(b"</script>", raw.index(b"<script>")) + len(b"</script>\n")
    go = threading.Event()

    class Slow(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(raw[:cut])
            self.wfile.flush()
            go.wait(20)
            self.wfile.write(raw[cut:])

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page()
    try:
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/review.html", wait_until="commit")
        page.wait_for_selector("html[data-ready='1']")
        recs = examples["records"]
        assert page.evaluate("() => document.getElementById('doc-title').textContent") == recs[0]["title"]
        assert page.evaluate("() => document.readyState") == "loading"
        page.click("#li1")
        assert page.evaluate("() => document.getElementById('doc-title').textContent") == "Loading…"
        go.set()
        page.wait_for_selector("html[data-loaded='1']")
        assert page.evaluate("() => document.getElementById('doc-title').textContent") == recs[1]["title"]
        assert page.evaluate("() => document.querySelectorAll('#text .mention').length") == sum(
            len(_mentions(recs[1], c)) for c in CATEGORIES)
        assert errors == []
    finally:
        go.set()
        page.close()
        server.shutdown()


def test_a_long_list_is_shown_in_chunks(tmp_path, open_page):
    records, _ = _synthetic(tmp_path)
    line = records.read_bytes()
    many = tmp_path / "many.jsonl"
    many.write_bytes(line * 450)
    build_review([many], tmp_path / "review.html")
    o = open_page(tmp_path / "review.html")
    rows = "() => document.querySelectorAll('#doc-list li').length"
    assert o.js(rows) == 200
    assert o.js("() => document.getElementById('list-more').textContent") == "Show 200 more (250 not listed yet)"
    o.page.click("#list-more")
    assert o.js(rows) == 400
    o.open_doc(0)
    o.page.keyboard.press("End")                      # moving past the listed rows lists them
    assert o.js(rows) == 450 and o.js("() => document.activeElement.id") == "li449"
    assert o.js("() => document.getElementById('list-more').hidden")
    o.page.keyboard.press("Home")
    for _ in range(3):
        o.page.keyboard.press("k")
    assert o.js("() => document.activeElement.id") == "li0"
    assert not o.errors and not o.console
