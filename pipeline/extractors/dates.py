"""Extractor: dates (docs/annotation.md, Dates).

Two steps, as in Recognizers-Text: `find` runs the compiled grammar of rules/dates.toml over the
content lines and keeps candidate spans (dropping datelines and time words glued into slogans);
`resolve` walks the candidates in text order and asks dates_parse.parse for their values, feeding
it the anchors a reader uses: the publication date, a year stated earlier in the same sentence,
and the month of the last date mentioned before (`2月7日 … 7日上午`). Every mention is its own
item (dates are not deduplicated); a relative date that cannot be resolved is not emitted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from spacy.language import Language

from pipeline.shared.base import ArticleContext, ExtractorComponent
from pipeline.extractors.dates_grammar import Grammar, grammar
from pipeline.extractors.dates_parse import Env, Parsed, joint_holiday, parse
from pipeline.shared.tables import sentence_end_re

_SENTENCE_END = sentence_end_re()
# a web address: the digits of `…/2023/02/06/…` are not a date of the text
_URL = re.compile(r"(?:https?://|www\.)[!-~]+", re.IGNORECASE)
_OPEN_QUOTE, _CLOSE_QUOTE = "“", "”"
_CLAUSE_BREAK = ",。;"


@dataclass(frozen=True)
class Candidate:
    """An extract result: a span and the rule groups that matched it (`split`: where the first
    festival of a pair ends and the second starts, for pairs that may be two items)."""
    start: int
    end: int
    rule: str
    groups: dict
    split: tuple[int, int] | None = None


def find(ctx: ArticleContext, g: Grammar | None = None) -> list[Candidate]:
    """Candidate date spans in title/subtitle/body lines, in text order."""
    g = g or grammar()
    text = ctx.text
    out: list[Candidate] = []
    for ln in ctx.content_lines():
        urls = [(u.start(), u.end()) for u in _URL.finditer(text, ln.start, ln.end)]
        for ws, we in windows(g, text, ln.start, ln.end):
            for m in g.regex.finditer(text, ws, we):
                if m.end() == m.start():
                    continue
                rule = g.rule_of(m)
                if _is_dateline(text, ln.start, m, g) or _in_slogan_quote(text, m.start(), m.end(), g) \
                        or (urls and any(us <= m.start() < ue for us, ue in urls)) \
                        or _means_nowadays(text, ln.start, m, g):
                    continue
                groups = g.groups_of(m, rule)
                split = _pair_split(text, g.end_of(m, rule, "f"), g.start_of(m, rule, "f2")) \
                    if "f2" in groups else None
                out.append(Candidate(m.start(), m.end(), g.rule_names[rule], groups, split))
    return out


def _pair_split(text: str, first_end: int, second_start: int) -> tuple[int, int]:
    """Where a festival pair splits, each part keeping its own quote marks (`清明、“五一”期间`)."""
    if text.startswith("”", first_end):
        first_end += 1
    if second_start > first_end and text[second_start - 1] == "“":
        second_start -= 1
    return first_end, second_start


def windows(g: Grammar, text: str, start: int, end: int):
    """Merged `[ws, we)` ranges around the cores of `text[start:end]`: the only places a date can be.

    Windows closer than a date's length merge, so a date never straddles two of them and scanning
    each window finds exactly what scanning the whole line would (tests/test_dates_unit.py).
    """
    before, after = g.settings.window_before, g.settings.window_after
    ws = we = -1
    for m in g.core.finditer(text, start, end):
        lo, hi = max(start, m.start() - before), min(end, m.end() + after)
        if lo > we:
            if we > ws:
                yield ws, we
            ws = lo
        we = hi
    if we > ws:
        yield ws, we


def _is_dateline(text: str, line_start: int, m: re.Match, g: Grammar) -> bool:
    """`鲁网1月17日讯`, `新华社北京1月17日电`: near the start of a line, a day right before 讯/电
    (`今年春节电影档` is no dateline)."""
    s = g.settings
    nxt = text[m.end():m.end() + 1]
    if not nxt or nxt not in s.dateline_markers or text[m.end() - 1] not in "日号":
        return False
    prefix = text[line_start:m.start()]
    return len(prefix) <= s.dateline_prefix_max and not any(c in prefix for c in _CLAUSE_BREAK)


def _means_nowadays(text: str, line_start: int, m: re.Match, g: Grammar) -> bool:
    """`今天,“十四五”擘画的宏伟蓝图已变为…`: a sentence opened by a bare 今天 and a comma whose
    clause states a lasting condition (已, 正在, 成为…: rules `nowadays_cues`) speaks of the
    present age, not of the publication day (`今天,河北等地降温超过10℃` is the day)."""
    word = text[m.start():m.end()]
    if word not in g.settings.nowadays_words or not text.startswith(",", m.end()):
        return False
    if m.start() > line_start and text[m.start() - 1] not in "。!?;\n":
        return False
    stop = next((i for i in range(m.end() + 1, min(len(text), m.end() + 60)) if text[i] in ",。;!?\n"),
                min(len(text), m.end() + 60))
    return any(c in text[m.end() + 1:stop] for c in g.settings.nowadays_cues)


def _in_slogan_quote(text: str, start: int, end: int, g: Grammar) -> bool:
    """A digit-less time word inside a short quoted phrase (`“全年红”`) belongs to a slogan."""
    if any(c.isdigit() for c in text[start:end]):
        return False
    limit = g.settings.quoted_phrase_max
    left = text.rfind(_OPEN_QUOTE, max(0, end - limit - 1), start)
    if left < 0 or _CLOSE_QUOTE in text[left:start]:
        return False
    right = text.find(_CLOSE_QUOTE, end, left + limit + 2)
    return right >= 0 and right - left - 1 > end - start


class _Anchors:
    """The context a reader carries through the text: the year and month stated in the sentence,
    the last closed period of the paragraph (for 去年同期) and the last date met (for 3个月后)."""

    def __init__(self, text: str):
        self.text = text
        self.year: int | None = None
        self.month: tuple[int, int] | None = None
        self.year_end = self.month_end = -1      # each anchor is valid before its sentence's end
        self.period: tuple[date, date] | None = None
        self.period_end = -1                     # the period is valid before its line's end
        self.last_start: date | None = None
        self.last_year: int | None = None        # the last year stated anywhere before
        self.para_year_end = -1                  # last_year is the paragraph's before its line's end

    def review_year(self, published: date | None, months: int) -> int | None:
        """The finished year a report of January–March is looking back on at this point: the
        last year it stated, when that is the previous year (`2024年，…` then `全年…`)."""
        if published is None or published.month > months or self.last_year != published.year - 1:
            return None
        return self.last_year

    def env(self, published: date | None, pos: int, review_year: int | None, future: bool) -> Env:
        return Env(published=published, future=future,
                   year_hint=self.year if pos < self.year_end else None,
                   month_hint=self.month if pos < self.month_end else None,
                   review_year=review_year,
                   period_hint=self.period if pos < self.period_end else None,
                   last_start=self.last_start,
                   stated_year=self.last_year if pos < self.para_year_end else None)

    def _sentence_end(self, end: int) -> int:
        m = _SENTENCE_END.search(self.text, end)
        return m.start() if m else len(self.text)

    def note(self, p: Parsed, end: int, comparison: bool = False) -> None:
        """Remember what `p` anchors; a comparison base (上年同期) is no period of the paragraph."""
        if p.year_anchor is not None:
            self.year = self.last_year = p.year_anchor
            if end >= self.year_end:             # cached end still ahead: no boundary in between
                self.year_end = self._sentence_end(end)
            if end >= self.para_year_end:
                nl = self.text.find("\n", end)
                self.para_year_end = nl if nl >= 0 else len(self.text)
        if p.month_anchor is not None:
            self.month = p.month_anchor
            if end >= self.month_end:
                self.month_end = self._sentence_end(end)
        if p.start is not None:
            self.last_start = p.start
        if p.start is not None and p.end is not None and not comparison:
            self.period = (p.start, p.end)
            if end >= self.period_end:
                nl = self.text.find("\n", end)
                self.period_end = nl if nl >= 0 else len(self.text)


def resolve(cands: list[Candidate], ctx: ArticleContext, g: Grammar | None = None) -> list[dict]:
    """Value every candidate against the publication date and the anchors met so far."""
    g = g or grammar()
    anchors = _Anchors(ctx.text)
    items = []
    for c in cands:
        bare_day = "d" in c.groups and "m" not in c.groups and "rm" not in c.groups
        env = anchors.env(ctx.published, c.start, anchors.review_year(ctx.published, g.settings.review_months),
                          bare_day and _future_before(ctx.text, c.start, g))
        if "pre" in c.groups and "post" not in c.groups and ctx.text.startswith("的", c.end):
            # 从2013年的68微克降至…: the value at a date, compared with a later one; not a span
            pre = c.groups["pre"]
            start = c.start + len(pre) if ctx.text.startswith(pre, c.start) else c.start
            c = Candidate(start, c.end, c.rule, {k: v for k, v in c.groups.items() if k != "pre"}, c.split)
        if c.split and not joint_holiday(c.groups, g, env):
            parts = _split_pair(c, g)
        else:
            parts = [c]
        for part in parts:
            p = parse(part.groups, g, env)
            if p is None:
                continue
            anchors.note(p, part.end, comparison="same" in part.groups)
            if p.start is None and p.end is None:
                continue
            items.append(_item(ctx.text, part, p))
    return items


def _future_before(text: str, pos: int, g: Grammar) -> bool:
    """A future cue (将, 预计) shortly before `pos` in the same sentence: `将出现在5日至6日`."""
    s = g.settings
    lo = max(0, pos - s.future_cue_window)
    m = None
    for m in _SENTENCE_END.finditer(text, lo, pos):
        pass
    head = text[m.end() if m else lo:pos]
    return any(cue in head for cue in s.future_cues)


def _split_pair(c: Candidate, g: Grammar) -> list[Candidate]:
    """`2023年元旦春节期间` (two separate holidays): `2023年元旦` (its day) and `春节期间`,
    the second festival taking the year of the first. A first name that is no date alone shares
    the suffix (`清明、“五一”期间`: both holidays)."""
    first_end, second_start = c.split
    year = {k: v for k, v in c.groups.items() if k in ("y", "ry")}
    fest = g.festivals[g.alias_to_festival[c.groups["f"]]]
    shared = () if c.groups["f"] in fest.bare else ("fpost",)
    first = {k: v for k, v in c.groups.items() if k != "f2" and (k != "fpost" or k in shared)}
    second = {**year, "f": c.groups["f2"], **({"fpost": c.groups["fpost"]} if "fpost" in c.groups else {})}
    return [Candidate(c.start, first_end, c.rule, first), Candidate(second_start, c.end, c.rule, second)]


def _item(text: str, c: Candidate, p: Parsed) -> dict:
    return {
        "text": text[c.start:c.end],
        "start": p.start.isoformat() if p.start else None,
        "end": p.end.isoformat() if p.end else None,
        "granularity": p.granularity,
        "modifier": p.modifier,
        "mention": (c.start, c.end),
    }


def extract(ctx: ArticleContext, doc=None) -> list[dict]:
    return resolve(find(ctx), ctx)


@Language.factory("govextract_dates_v1", assigns=["doc._.dates"])
def make_component(nlp, name):
    grammar()             # compile the grammar with the pipeline, before workers fork
    return ExtractorComponent("dates", extract)
