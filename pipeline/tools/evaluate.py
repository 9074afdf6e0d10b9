"""Precision / recall / F1 per category, scored as docs/annotation.md (section Scoring) describes.

Per document, each category is a set of keys matched one-to-one between gold and predicted
items; counts are micro-averaged over documents. Gold items may list `aliases` (other surface
forms of the same place or slogan); a predicted item matches a gold one when a key agrees:
- officials: name; officials_title: (name, title) pairs
- places: adcode, else canonical path, else name (gold aliases count as names)
- dates: (start, end)
- quantities: (kind, value, comparator); quantities_subject: (kind, value) and subjects that
  contain one another (subjects are short phrases "as written nearby"; exact strings would
  score boundary choices, not extraction); quantities_target: (kind, value, is_target)
- slogans: normalised text (quotes/space removed, gold aliases count); slogan_items: (slogan, item)
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import orjson

_QUOTES = re.compile(r"[\s“”\"'‘’「」『』]")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def norm_text(s: str | None) -> str:
    """Text compared without quotes, spaces or width: gold copies the article (`广义货币（M2）`),
    records are read from the normalised text (`广义货币(M2)`)."""
    return _QUOTES.sub("", unicodedata.normalize("NFKC", s or ""))


def _close(a, b) -> bool:
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)
    except (TypeError, ValueError):
        return False


def _place_names(item: dict) -> set[str]:
    return {n for n in (item.get("name"), item.get("canonical"), *item.get("aliases", [])) if n}


def place_match(g: dict, p: dict) -> bool:
    if g.get("adcode") and p.get("adcode"):
        return g["adcode"] == p["adcode"]
    if g.get("canonical") and g.get("canonical") == p.get("canonical"):
        return True
    return bool(_place_names(g) & _place_names(p))


def _slogan_texts(item: dict) -> set[str]:
    return {norm_text(t) for t in (item.get("text"), *item.get("aliases", [])) if t}


def _subject_match(g: str | None, p: str | None) -> bool:
    g, p = norm_text(g), norm_text(p)
    return bool(g and p and (g in p or p in g))


CATEGORY_KEYS: dict[str, tuple[str, Callable, Callable]] = {
    # name: (record field, expand items -> units, match(gold_unit, pred_unit))
    "officials": ("officials", lambda it: [it["name"]], lambda g, p: g == p),
    "officials_title": ("officials", lambda it: [(it["name"], pos["title"]) for pos in it.get("positions", [])],
                        lambda g, p: g == p),
    "places": ("places", lambda it: [it], place_match),
    "dates": ("dates", lambda it: [(it.get("start"), it.get("end"))], lambda g, p: g == p),
    "quantities": ("quantities", lambda it: [it],
                   lambda g, p: g["kind"] == p["kind"] and _close(g["value"], p["value"])
                   and g["comparator"] == p["comparator"]),
    "quantities_subject": ("quantities", lambda it: [it],
                           lambda g, p: g["kind"] == p["kind"] and _close(g["value"], p["value"])
                           and _subject_match(g.get("subject"), p.get("subject"))),
    "quantities_target": ("quantities", lambda it: [it],
                          lambda g, p: g["kind"] == p["kind"] and _close(g["value"], p["value"])
                          and bool(g.get("is_target")) == bool(p.get("is_target"))),
    "slogans": ("slogans", lambda it: [it], lambda g, p: bool(_slogan_texts(g) & _slogan_texts(p))),
    "slogan_items": ("slogans", lambda it: [(_slogan_texts(it), norm_text(x)) for x in it.get("items", [])],
                     lambda g, p: bool(g[0] & p[0]) and g[1] == p[1]),
}


def _pair(gold: list, pred: list, match: Callable) -> tuple[list[bool], list[bool]]:
    """Greedy one-to-one matching: which gold units were found, which predicted units were used."""
    used = [False] * len(pred)
    found = [False] * len(gold)
    for gi, g in enumerate(gold):
        for i, p in enumerate(pred):
            if not used[i] and match(g, p):
                used[i] = found[gi] = True
                break
    return found, used


def match_units(gold: list, pred: list, match: Callable) -> Score:
    """Greedy one-to-one matching; with set-like keys this equals set intersection counting."""
    _, used = _pair(gold, pred, match)
    tp = sum(used)
    return Score(tp=tp, fp=len(pred) - tp, fn=len(gold) - tp)


def _units(items: list[dict], expand: Callable, match: Callable) -> tuple[list, list[list[int]]]:
    """The distinct units of a category, first occurrence kept (a repeated unit counts once), and,
    per item, which of them it stands for — so a unit's verdict shows on every item repeating it."""
    kept: list = []
    owners: list[list[int]] = []
    for it in items:
        mine = []
        for u in expand(it):
            j = next((k for k, v in enumerate(kept) if match(u, v)), None)
            if j is None:
                kept.append(u)
                j = len(kept) - 1
            mine.append(j)
        owners.append(mine)
    return kept, owners


@dataclass
class CategoryDiff:
    """One category of one document: its score, the predicted items that matched no gold item
    (extras, by index in the record's list) and the gold units nothing matched (misses)."""
    score: Score
    extras: list[int]
    misses: list[tuple[int, object]]   # (gold item index, unit)
    extra_units: list[tuple[int, object]] = field(default_factory=list)   # (predicted item index, unit)


def diff_document(gdoc: dict, pdoc: dict) -> dict[str, CategoryDiff]:
    """Per-document scoring, item by item; `evaluate` adds these up, so the two always agree."""
    out = {}
    for name, (fld, expand, match) in CATEGORY_KEYS.items():
        g, g_owners = _units(gdoc.get(fld, []), expand, match)
        p, p_owners = _units(pdoc.get(fld, []), expand, match)
        found, used = _pair(g, p, match)
        tp = sum(used)
        extras = [i for i, mine in enumerate(p_owners) if any(not used[j] for j in mine)]
        g_first = {j: i for i, mine in reversed(list(enumerate(g_owners))) for j in mine}
        p_first = {j: i for i, mine in reversed(list(enumerate(p_owners))) for j in mine}
        misses = [(g_first[j], g[j]) for j in range(len(g)) if not found[j]]
        extra_units = [(p_first[j], p[j]) for j in range(len(p)) if not used[j]]
        out[name] = CategoryDiff(Score(tp=tp, fp=len(p) - tp, fn=len(g) - tp), extras, misses, extra_units)
    return out


def doc_key(rec: dict) -> str:
    return Path(str(rec.get("source", "")).split("#")[0]).name + ("#" + str(rec["source"]).split("#", 1)[1]
                                                                  if "#" in str(rec.get("source", "")) else "")


def load_jsonl(path: str | Path) -> list[dict]:
    return parse_jsonl(Path(path).read_bytes())


def parse_jsonl(data: bytes) -> list[dict]:
    """JSON objects of a JSONL file; ValueError naming the first bad line."""
    out = []
    for lineno, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise ValueError(f"line {lineno} is not JSON ({str(exc).split(':')[0]})") from exc
        if not isinstance(obj, dict):
            raise ValueError(f"line {lineno} is not a JSON object")
        out.append(obj)
    return out


def evaluate(gold_docs: list[dict], pred_docs: list[dict]) -> tuple[dict[str, Score], list[str]]:
    """Scores per category, plus the gold documents that had no prediction (scored as all misses)."""
    preds = {doc_key(d): d for d in pred_docs if "doc_id" in d and "stage" not in d}
    totals = {name: Score() for name in CATEGORY_KEYS}
    missing = []
    for gdoc in gold_docs:
        pdoc = preds.get(doc_key(gdoc))
        if pdoc is None:
            missing.append(doc_key(gdoc))
            pdoc = {}
        for name, diff in diff_document(gdoc, pdoc).items():
            s, t = diff.score, totals[name]
            t.tp, t.fp, t.fn = t.tp + s.tp, t.fp + s.fp, t.fn + s.fn
    return totals, missing


def format_report(scores: dict[str, Score], missing: list[str]) -> str:
    lines = [f"{'category':<20}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for name, s in scores.items():
        lines.append(f"{name:<20}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.tp:>6}{s.fp:>6}{s.fn:>6}")
    if missing:
        lines.append(f"gold documents without a prediction: {', '.join(missing)}")
    return "\n".join(lines)
