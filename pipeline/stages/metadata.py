"""Document metadata: title, publication date and how it was found (docs/annotation.md, Document fields).

Sources, best first: an explicit page timestamp (`2023-02-06 08:45`, `发布时间:2023-01-16`,
`2022年11月20日 星期日`) in a non-body line, a dateline at the start of the body
(`鲁网1月17日讯`, year taken from the body), then inference from the years the body speaks of.
Bare dates in related-article lists are other pages' timestamps and never count.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from pipeline.stages.normalise import NormText

_EXPLICIT = [
    re.compile(r"(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\s+\d{1,2}:\d{2}"),
    re.compile(r"(?:发布时间|发布日期|时间|日期)\s*:\s*(?P<y>(?:19|20)\d{2})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})"),
    re.compile(r"(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日\s*(?:星期|周)[一二三四五六日天]"),
]
_DATELINE = re.compile(r"^[\s□■]*[^\s,。]{0,16}?(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:电|讯)")
_BODY_YEAR = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})年")
_BODY_MONTH_DAY = re.compile(r"(?<![\d年])(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_TARGET_YEAR = re.compile(r"(?:到|至|截至|截止)\s*$")
_DATELINE_SEARCH_LINES = 3


@dataclass
class Metadata:
    title: str | None
    published: date | None
    basis: str


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _explicit(norm: NormText) -> date | None:
    for ln in norm.lines:
        if ln.kind in ("body", "blank"):
            continue
        s = norm.text[ln.start:ln.end]
        for pat in _EXPLICIT:
            m = pat.search(s)
            if m and (d := _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))):
                return d
    return None


def body_years(norm: NormText) -> list[int]:
    """Years the body speaks of, skipping target years (`到2025年`) and far-future plans."""
    years = []
    for ln in norm.lines:
        if ln.kind != "body":
            continue
        s = norm.text[ln.start:ln.end]
        for m in _BODY_YEAR.finditer(s):
            if not _TARGET_YEAR.search(s[max(0, m.start() - 3):m.start()]):
                years.append(int(m["y"]))
    return years


def infer_year(norm: NormText) -> int | None:
    """The latest year the body speaks of, among years close to the most frequent one."""
    years = body_years(norm)
    if not years:
        return None
    common = Counter(years).most_common(1)[0][0]
    return max(y for y in years if abs(y - common) <= 1)


def _latest_day_in(norm: NormText, year: int) -> date | None:
    """The latest `M月D日` (without a year of its own) the body mentions: the event's day."""
    days = []
    for ln in norm.lines:
        if ln.kind == "body":
            for m in _BODY_MONTH_DAY.finditer(norm.text, ln.start, ln.end):
                if d := _safe_date(year, int(m["m"]), int(m["d"])):
                    days.append(d)
    return max(days, default=None)


def _dateline(norm: NormText) -> tuple[int, int] | None:
    seen = 0
    for ln in norm.lines:
        if ln.kind != "body":
            continue
        m = _DATELINE.search(norm.text[ln.start:ln.end])
        if m:
            return int(m["m"]), int(m["d"])
        seen += 1
        if seen >= _DATELINE_SEARCH_LINES:
            break
    return None


def extract_metadata(norm: NormText, published_hint: str | None = None) -> Metadata:
    title = next((norm.text[ln.start:ln.end].strip() for ln in norm.lines if ln.kind == "title"), None)
    if published_hint:
        try:
            return Metadata(title, date.fromisoformat(published_hint[:10]), "explicit")
        except ValueError:
            pass
    if d := _explicit(norm):
        return Metadata(title, d, "explicit")
    year = infer_year(norm)
    if (md := _dateline(norm)) and year and (d := _safe_date(year, *md)):
        return Metadata(title, d, "dateline")
    if year:
        return Metadata(title, _latest_day_in(norm, year) or date(year, 1, 1), "inferred")
    return Metadata(title, None, "unknown")
