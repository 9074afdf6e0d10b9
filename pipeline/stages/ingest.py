"""Read inputs into documents: files, folders, globs, JSONL crawl dumps, stdin.

Every input yields either an `InputDoc` or an `ErrorRecord` — never an exception and never
nothing. For HTML the "original text" that offsets index is the text extracted from the
markup (`html_to_text`); `doc_id` is always the sha256 of the raw bytes (of the JSONL field).
"""
from __future__ import annotations

import glob
import hashlib
import os
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

import orjson

from schemas import ErrorRecord

SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
TEXT_FIELDS = ("text", "content", "html")
_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
    b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP archive", b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
}


@dataclass
class InputDoc:
    source: str
    doc_id: str
    text: str
    published: str | None = None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class DecodeError(ValueError):
    pass


def decode_bytes(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK; else a clear DecodeError."""
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise DecodeError(f"not a text document: looks like {what}")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.count(b"\x00") > len(data) // 4:
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _mostly_text(text):
                return text
        raise DecodeError("not a text document: binary content (many NUL bytes)")
    for enc in ("utf-8", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as exc:
            if enc == "utf-8" and exc.reason == "unexpected end of data" and exc.end == len(data):
                text = data[:exc.start].decode("utf-8", errors="replace")   # a file cut mid-character
                if _mostly_text(text) and "\ufffd" not in text:
                    return text
            continue
        # Random bytes are almost never valid UTF-8, so a strict UTF-8 decode may carry some stray
        # control characters (normalise removes them); GB18030 accepts nearly anything: stay strict.
        if _mostly_text(text, 0.2 if enc == "utf-8" else 0.01):
            return text
    try:
        import charset_normalizer
        best = charset_normalizer.from_bytes(data).best()
    except Exception as exc:  # the detector itself failing is a decode failure, reported
        raise DecodeError(f"could not detect the encoding: {exc}") from exc
    if best is not None and _mostly_text(str(best)):
        return str(best)
    raise DecodeError("not a text document: could not decode as UTF-8, UTF-16 or GB18030 (binary or unknown encoding)")


_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ue000-\uf8ff]")


def _mostly_text(text: str, tolerance: float = 0.01) -> bool:
    """Few control or private-use characters in the first 20 000: more is a sign of a wrong decode."""
    sample = text[:20000]
    return len(_NOT_TEXT.findall(sample)) <= max(2, int(len(sample) * tolerance))


_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "header", "aside", "iframe",
              "form", "select", "button", "head"}
_BLOCK_TAGS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table",
               "section", "article", "footer", "blockquote", "pre", "dd", "dt", "dl", "hr", "title", "main"}


class _TextParser(HTMLParser):
    """Keeps visible text, one line per block element; drops scripts, styles and navigation."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self.skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip_depth:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = ("".join(parser.parts)).split("\n")
    return "\n".join(ln.strip() for ln in lines if ln.strip())


def looks_like_html(text: str, name: str = "") -> bool:
    if name.lower().endswith((".html", ".htm")):
        return True
    head = text[:1000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text[:5000])


def doc_from_bytes(source: str, data: bytes, published: str | None = None, is_html: bool | None = None):
    """One raw input → InputDoc, or ErrorRecord saying why it cannot be read."""
    doc_id = sha256(data)
    try:
        text = decode_bytes(data)
    except (DecodeError, UnicodeDecodeError) as exc:
        return ErrorRecord(source=source, doc_id=doc_id, stage="decode", reason=str(exc))
    if is_html or (is_html is None and looks_like_html(text, source)):
        text = html_to_text(text)
    if not text.strip():
        return ErrorRecord(source=source, doc_id=doc_id, stage="ingest",
                           reason="empty document: no text after decoding")
    return InputDoc(source=source, doc_id=doc_id, text=text, published=published)


def _json_line(raw: bytes):
    """JSON of one dump line; a line in another encoding (a GBK line among UTF-8 ones) is decoded
    like a file first instead of being lost."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if "utf-8" not in str(exc).lower():
            raise
    return orjson.loads(decode_bytes(raw))


def iter_jsonl(source: str, data: bytes, text_fields=TEXT_FIELDS):
    """One document per JSONL line; a bad line becomes an ErrorRecord naming its line number."""
    for lineno, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        where = f"{source}#{lineno}"
        try:
            obj = _json_line(raw)
        except (orjson.JSONDecodeError, DecodeError, UnicodeDecodeError) as exc:
            yield ErrorRecord(source=where, doc_id=sha256(raw), stage="ingest", reason=f"line is not valid JSON: {exc}")
            continue
        if not isinstance(obj, dict):
            yield ErrorRecord(source=where, doc_id=sha256(raw), stage="ingest", reason="line is not a JSON object")
            continue
        if obj.get("id") is not None:
            where = f"{source}#{obj['id']}"
        field = next((f for f in text_fields if isinstance(obj.get(f), str)), None)
        if field is None:
            yield ErrorRecord(source=where, doc_id=sha256(raw), stage="ingest",
                              reason=f"line has no string field among {', '.join(text_fields)} "
                                     f"(its fields: {', '.join(list(obj)[:8])}; name the text field with --text-field)")
            continue
        published = obj.get("published") if isinstance(obj.get("published"), str) else None
        yield doc_from_bytes(where, obj[field].encode("utf-8"), published, is_html=(field == "html") or None)


def expand_inputs(inputs: list[str]) -> Iterator[tuple[str, Path | None]]:
    """Input arguments → (source label, path); folders recurse in sorted order, no symlink loops."""
    for arg in inputs:
        if arg == "-":
            yield "-", None
            continue
        path = Path(arg)
        if path.is_dir():
            seen: set[tuple[int, int]] = set()
            for root, dirs, files in os.walk(path, followlinks=True):
                st = os.stat(root)
                if (st.st_dev, st.st_ino) in seen:
                    dirs[:] = []
                    continue
                seen.add((st.st_dev, st.st_ino))
                dirs.sort()
                for name in sorted(files):
                    if name.lower().endswith(SUFFIXES):
                        yield str(Path(root) / name), Path(root) / name
        elif path.exists() or path.is_symlink():
            yield arg, path
        elif any(ch in arg for ch in "*?["):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                yield arg, path
            for m in matches:
                yield m, Path(m)
        else:
            yield arg, path


def input_problem(inputs: list[str]) -> str | None:
    """Why these inputs cannot make a run, or None: a path that does not exist (named), or no
    input document at all (naming the files that were ignored, by suffix). Cheap: stops at the
    first document found."""
    missing = [a for a in inputs if a != "-" and not Path(a).exists() and not Path(a).is_symlink()
               and not (any(ch in a for ch in "*?[") and glob.glob(a, recursive=True))]
    if missing:
        return "input not found: " + ", ".join(missing)
    if any(path is None or path.exists() or path.is_symlink() for _, path in expand_inputs(inputs)):
        return None
    ignored: dict[str, int] = {}
    for arg in inputs:
        for p in ([Path(arg)] if not Path(arg).is_dir() else Path(arg).rglob("*")):
            if p.is_file():
                ignored[p.suffix.lower() or "(no suffix)"] = ignored.get(p.suffix.lower() or "(no suffix)", 0) + 1
    what = ", ".join(f"{n} {suffix}" for suffix, n in sorted(ignored.items())) or "no files at all"
    return (f"no input documents found in {', '.join(inputs)} (read: {' '.join('*' + s for s in SUFFIXES)}; "
            f"ignored: {what})")


def iter_documents(inputs: list[str], text_fields=TEXT_FIELDS) -> Iterator[InputDoc | ErrorRecord]:
    for source, path in expand_inputs(inputs):
        try:
            data = sys.stdin.buffer.read() if path is None else path.read_bytes()
        except OSError as exc:
            yield ErrorRecord(source=source, doc_id=None, stage="ingest",
                              reason=f"cannot read input: {exc.strerror or exc}")
            continue
        yield from docs_from_bytes(source, data, text_fields)


def docs_from_bytes(source: str, data: bytes, text_fields=TEXT_FIELDS) -> Iterator[InputDoc | ErrorRecord]:
    """The documents of one input's bytes: a JSONL dump yields one per line, anything else one."""
    is_jsonl = source.lower().endswith(".jsonl") or (source == "-" and data.lstrip()[:1] == b"{")
    if is_jsonl:
        yield from iter_jsonl(source, data, text_fields)
    else:
        yield doc_from_bytes(source, data)
