"""One self-contained HTML file: inline CSS and JS, the data as inert JSON, a strict CSP.

Article text and records are untrusted. They only ever travel inside
`<script type="application/json">` blocks with `<`, `>`, `&`, U+2028 and U+2029 escaped, so no
byte of them can close the block or start markup; the script builds the DOM with `textContent`.
The Content-Security-Policy allows exactly the one inline script and style (by sha256), nothing
from anywhere else, and Trusted Types with no policy, so even a stray `innerHTML = string` would
be refused by the browser.
"""
from __future__ import annotations

import base64
import hashlib
from importlib import resources
from typing import BinaryIO, Iterable

import orjson

_ESCAPES = ((b"<", b"\\u003c"), (b">", b"\\u003e"), (b"&", b"\\u0026"),
            ("\u2028".encode(), b"\\u2028"), ("\u2029".encode(), b"\\u2029"))


def json_for_script(obj) -> bytes:
    """JSON that is safe as the content of a script element (and equal to `obj` once parsed):
    those characters only occur inside JSON strings, where the \\u escapes mean the same."""
    data = orjson.dumps(obj)
    for raw, esc in _ESCAPES:
        data = data.replace(raw, esc)
    return data


def _asset(name: str) -> str:
    return resources.files("pipeline.tools.review").joinpath("assets", name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def csp(script: str, style: str) -> str:
    return ("default-src 'none'; "
            f"script-src {_sha256(script)}; style-src {_sha256(style)}; "
            "img-src 'none'; font-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; "
            "frame-src 'none'; worker-src 'none'; manifest-src 'none'; base-uri 'none'; form-action 'none'; "
            "require-trusted-types-for 'script'; trusted-types 'none'")


_SKELETON = """<header id="top">
<h1>govextract review</h1>
<p id="summary"></p>
<div id="legend" aria-label="Categories (untick to hide their highlights)"></div>
<details id="gold-total" hidden><summary>Gold: P / R / F1 over all documents</summary><div id="gold-total-body"></div></details>
<details id="problems" hidden><summary id="problems-summary"></summary><ul id="problems-list"></ul></details>
</header>
<main>
<nav id="list-pane" aria-label="Documents">
<input id="search" type="search" placeholder="Search title, source, items…  ( / )" aria-label="Search documents" autocomplete="off">
<div id="filters">
<select id="filter-cat" aria-label="Only documents with items of a category"><option value="">any category</option></select>
<label><input type="checkbox" id="filter-errors"> has errors</label>
<label><input type="checkbox" id="filter-warnings"> has warnings</label>
<label><input type="checkbox" id="filter-targets"> has targets</label>
<label id="filter-diff-label" hidden><input type="checkbox" id="filter-diff"> differs from gold</label>
</div>
<p id="list-count" aria-live="polite"></p>
<ul id="doc-list" role="listbox" aria-label="Documents"></ul>
<button id="list-more" type="button" hidden></button>
<p class="help">j / k or ↓ / ↑: next / previous document · / search · Tab through highlights</p>
</nav>
<article id="doc" aria-live="polite">
<h2 id="doc-title"></h2>
<p id="doc-meta"></p>
<div id="doc-notes"></div>
<div id="gold-doc"></div>
<div id="text" lang="zh"></div>
</article>
<aside id="side">
<section id="card" aria-live="polite"><p class="hint">Click or focus a highlight to see its item.</p></section>
<div id="misses"></div>
<div id="tables"></div>
</aside>
</main>
"""


def write_page(out: BinaryIO, index: dict, docs: Iterable[dict], title: str) -> None:
    """Stream the page: skeleton, the list index, one inert JSON block per document, the script."""
    script, style = _asset("review.js"), _asset("review.css")
    if "</script" in script.lower() or "</style" in style.lower():
        raise ValueError("an asset would close its own element")
    head = ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{csp(script, style)}\">\n"
            "<meta name=\"referrer\" content=\"no-referrer\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{title}</title>\n<style>{style}</style>\n</head>\n<body>\n")
    out.write(head.encode("utf-8"))
    out.write(_SKELETON.encode("utf-8"))
    out.write(b'<script type="application/json" id="review-index">')
    out.write(json_for_script(index))
    out.write(b"</script>\n")
    # The script comes right after the first document: it shows the list and that document
    # while the browser is still parsing the others (opening one waits until it is parsed).
    script_tag = f"<script>{script}</script>\n".encode("utf-8")
    for i, doc in enumerate(docs):
        out.write(b'<script type="application/json" id="d%d">' % i)
        out.write(json_for_script(doc))
        out.write(b"</script>\n")
        if i == 0:
            out.write(script_tag)
    if not index["docs"]:
        out.write(script_tag)
    out.write(b"</body>\n</html>\n")
