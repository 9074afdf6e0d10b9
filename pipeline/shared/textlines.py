"""Split normalised text into lines and say what each line is.

Kinds: `title`, `subtitle`, `meta` (timestamp/source), `byline`, `body`, `boilerplate`, `blank`.
Extractors read `body`/`title`/`subtitle` lines; only the officials extractor also reads
bylines and boilerplate (for editor and reporter names, docs/annotation.md, General conventions).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.shared.rules import load_toml

CONTENT_KINDS = frozenset({"title", "subtitle", "body"})
_HEAD_WINDOW = 20          # lines at the top where a newspaper headline list may stand
_TITLE_MAX_CHARS = 60


@dataclass(frozen=True)
class Line:
    start: int
    end: int               # half-open, excludes the newline
    kind: str


class _LineRule:
    """The patterns of one rules key as two regexes: those anchored at the line start (`^…`) are
    tried only there, the rest anywhere. One alternation of both made the regex engine try the
    anchored ones at every position of every body line (4 % of run time)."""

    def __init__(self, patterns: list[str]):
        anchored = [p for p in patterns if p.startswith("^")]
        floating = [p for p in patterns if not p.startswith("^")]
        self._at_start = re.compile("|".join(f"(?:{p})" for p in anchored)) if anchored else None
        self._anywhere = re.compile("|".join(f"(?:{p})" for p in floating)) if floating else None

    def search(self, s: str) -> bool:
        return bool((self._at_start is not None and self._at_start.match(s))
                    or (self._anywhere is not None and self._anywhere.search(s)))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, object]:
    cfg = load_toml("boilerplate.toml")
    joined = {k: _LineRule(cfg[k]) for k in ("footer_start", "line", "meta", "byline")}
    joined["byline_max_chars"] = cfg.get("byline_max_chars", 80)
    return joined


def _is_byline(s: str, pats) -> bool:
    return len(s) <= pats["byline_max_chars"] and "。" not in s and bool(pats["byline"].search(s)) \
        and s.count(",") <= 1


def classify_lines(text: str) -> list[Line]:
    """One pass over the lines; every rule is a whole-line regex from rules/boilerplate.toml."""
    pats = _patterns()
    spans: list[tuple[int, int]] = []
    pos = 0
    for raw in text.split("\n"):
        spans.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    kinds = ["body"] * len(spans)
    # A headline list at the top of a newspaper page: everything up to its last "~~~" line.
    head_end = -1
    for i, (a, b) in enumerate(spans[:_HEAD_WINDOW]):
        if "~~~" in text[a:b]:
            head_end = i
    in_footer = False
    title_seen = False
    body_seen = False
    for i, (a, b) in enumerate(spans):
        s = text[a:b].strip()
        if not s:
            kinds[i] = "blank"
            continue
        if i <= head_end:
            kinds[i] = "boilerplate"
            continue
        if not in_footer and body_seen and pats["footer_start"].search(s):
            in_footer = True
        if in_footer or pats["line"].search(s):
            kinds[i] = "boilerplate"
        elif pats["meta"].search(s):
            kinds[i] = "meta"
        elif _is_byline(s, pats) and not body_seen:
            kinds[i] = "byline"
        elif title_seen and not body_seen and s.startswith("——"):
            kinds[i] = "subtitle"
        elif not title_seen and not body_seen and len(s) <= _TITLE_MAX_CHARS and "。" not in s:
            kinds[i] = "title"
            title_seen = True
        else:
            kinds[i] = "body"
            body_seen = True
            title_seen = True
    return [Line(a, b, k) for (a, b), k in zip(spans, kinds)]

