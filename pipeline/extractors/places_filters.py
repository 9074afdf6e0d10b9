"""When a written place is not a mention: part of a company, outlet, park, brand, title or person.

docs/annotation.md, Places: `青岛日报`, `青岛海晟光电科技有限公司`, `莱西有礼`, `青岛虚拟现实产业园` do not
mention 青岛/莱西. Each test looks at a bounded window around the candidate (the "name run" after
it, the enclosing quotation on the same line), so the whole filter is linear in the text.
"""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline.extractors.places_grammar import Cand, is_han
from pipeline.shared.rules import load_toml

_QUOTE_SCAN = 40        # how far to look for an enclosing quotation mark / title mark


@lru_cache(maxsize=1)
def _cfg() -> dict:
    c = dict(load_toml("places_exclude.toml"))
    g = load_toml("places_gazetteer.toml")
    suffixes = sorted(c["company_suffixes"] + c["media_suffixes"] + c["park_suffixes"], key=len, reverse=True)
    c["suffix_re"] = re.compile("|".join(map(re.escape, suffixes)))
    words = "|".join(map(re.escape, c["run_break_words"]))
    c["run_re"] = re.compile(f"(?:(?!{words})[^{re.escape(c['run_break_chars'])}]){{0,{int(c['window'])}}}")
    c["street"] = tuple(g["street_suffixes"])
    c["all_pairs"] = tuple(c["title_pairs"] + c["quote_pairs"])
    c["bad_next_county"] = g["bad_next_after_county"]
    c["bad_next_area"] = g["bad_next_after_area"]
    return c


def name_run(text: str, end: int, le: int) -> str:
    """The characters after a place that could continue a proper name (bounded, no punctuation)."""
    m = _cfg()["run_re"].match(text, end, le)
    return m.group() if m else ""


def in_other_name(text: str, cand: Cand, le: int) -> bool:
    """The place begins a company, media outlet or park name (the run ends in such a suffix)."""
    c = _cfg()
    run = name_run(text, cand.end, le)
    if not run:
        return False
    blockers = c.get("suffix_blockers", {})
    for m in c["suffix_re"].finditer(run):
        nxt = run[m.end():m.end() + 1] or (text[cand.end + m.end()] if cand.end + m.end() < le else "")
        if not nxt or nxt not in blockers.get(m.group(), ""):
            return True
    bare = c["media_bare_suffix"]
    i = run.rfind(bare)
    return i >= 0 and i == len(run) - 1 and (cand.end + len(run) >= le
                                             or text[cand.end + len(run)] in c["media_bare_next"] + "/ ")


def _enclosing(text: str, s: int, e: int, ls: int, le: int, pair: str) -> tuple[int, int] | None:
    """(open, close) of the `pair` quotation around [s, e) on the same line, if any (bounded)."""
    o, cl = pair[0], pair[1]
    lo = max(ls, s - _QUOTE_SCAN)
    i = text.rfind(o, lo, s)
    if i < 0 or text.rfind(cl, i, s) >= 0:
        return None
    hi = min(le, e + _QUOTE_SCAN)
    j = text.find(cl, e, hi)
    if j < 0:
        return None
    k = text.find(o, e, j)
    return None if k >= 0 else (i, j)


def in_quote_or_title(text: str, cand: Cand, ls: int, le: int) -> bool:
    """Inside 《…》, or inside a short quotation that is more than the place (“莱西有礼”)."""
    c = _cfg()
    for pair in c["title_pairs"]:
        if _enclosing(text, cand.start, cand.end, ls, le, pair):
            return True
    for pair in c["quote_pairs"]:
        hit = _enclosing(text, cand.start, cand.end, ls, le, pair)
        if hit:
            content = text[hit[0] + 1:hit[1]]
            if len(content) <= c["quote_max"] and content != text[cand.start:cand.end]:
                return True
    return False


def is_person(text: str, cand: Cand, ls: int, le: int) -> bool:
    """市长李长春表示: a surname right before and a speech verb/punctuation right after."""
    c = _cfg()
    s = cand.start
    if s - 1 < ls or text[s - 1] not in c["person_surnames"]:
        return False
    before = text[s - 2] if s - 2 >= ls else ""
    if before and is_han(before) and before not in c["person_prev_ok"]:
        return False
    return cand.end >= le or text.startswith(tuple(c["person_next"]), cand.end)


def bad_context(text: str, cand: Cand, alias: bool, weak_full: bool, le: int) -> bool:
    """Word-level clashes: 中山路 (street), 提高县域 (高县), 城中区域, 朝鲜族 (ethnic group)."""
    c = _cfg()
    nxt = text[cand.end] if cand.end < le else ""
    name = text[cand.start:cand.end]
    if alias and text.startswith(c["street"], cand.end) and not text.startswith("街道", cand.end):
        return True
    if weak_full and nxt and nxt in c["bad_next_county"]:
        return True
    if name.endswith(("区", "县")) and nxt and nxt in c["bad_next_area"]:
        return True
    if cand.kind in ("foreign", "country") and nxt:
        return nxt == "族" or (name.endswith("国") and nxt in c["foreign_bad_next"])
    return False


def has_marks(text: str, ls: int, le: int) -> bool:
    """Whether the line has any opening quotation/title mark (else in_quote_or_title is skipped)."""
    line = text[ls:le]
    return any(pair[0] in line for pair in _cfg()["all_pairs"])


def excluded(text: str, cand: Cand, ls: int, le: int, alias: bool = False, weak_full: bool = False,
             marks: bool = True) -> bool:
    """True when the candidate is not a place mention (see the module docstring)."""
    if cand.kind == "block":
        return True
    if (marks and in_quote_or_title(text, cand, ls, le)) or bad_context(text, cand, alias, weak_full, le):
        return True
    if cand.kind in ("town", "village"):
        return in_other_name(text, cand, le)
    if alias and is_person(text, cand, ls, le):
        return True
    return in_other_name(text, cand, le)
