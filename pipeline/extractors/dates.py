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

from spacy.language import Language

from pipeline.shared.base import ArticleContext, ExtractorComponent
from pipeline.extractors.dates_grammar import Grammar, grammar
from pipeline.extractors.dates_parse import Env, Parsed, parse

_SENTENCE_END = re.compile(r"[。!?;！？；\n]")
_OPEN_QUOTE, _CLOSE_QUOTE = "“", "”"
_CLAUSE_BREAK = ",。;"


@dataclass(frozen=True)
class Candidate:
    """An extract result: a span and the rule groups that matched it."""
    start: int
    end: int
    rule: str
    groups: dict


def find(ctx: ArticleContext, g: Grammar | None = None) -> list[Candidate]:
    """Candidate date spans in title/subtitle/body lines, in text order."""
    g = g or grammar()
    text = ctx.text
    out: list[Candidate] = []
    for ln in ctx.content_lines():
        for ws, we in windows(g, text, ln.start, ln.end):
            for m in g.regex.finditer(text, ws, we):
                if m.end() == m.start():
                    continue
                rule = g.rule_of(m)
                if _is_dateline(text, ln.start, m, g) or _in_slogan_quote(text, m.start(), m.end(), g):
                    continue
                out.append(Candidate(m.start(), m.end(), g.rule_names[rule], g.groups_of(m, rule)))
    return out


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
    """`鲁网1月17日讯`, `新华社北京1月17日电`: near the start of a line, right before 讯/电."""
    s = g.settings
    nxt = text[m.end():m.end() + 1]
    if not nxt or nxt not in s.dateline_markers:
        return False
    prefix = text[line_start:m.start()]
    return len(prefix) <= s.dateline_prefix_max and not any(c in prefix for c in _CLAUSE_BREAK)


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
    """The context a reader carries through the text: the sentence's year and the last month."""

    def __init__(self, text: str):
        self.text = text
        self.year: int | None = None
        self.year_sentence_end = -1      # the year anchor is valid before this offset
        self.month: tuple[int, int] | None = None

    def year_at(self, pos: int) -> int | None:
        return self.year if pos < self.year_sentence_end else None

    def note(self, p: Parsed, end: int) -> None:
        if p.year_anchor is not None:
            self.year = p.year_anchor
            if end >= self.year_sentence_end:      # cached end still ahead: no boundary in between
                m = _SENTENCE_END.search(self.text, end)
                self.year_sentence_end = m.start() if m else len(self.text)
        if p.month_anchor is not None:
            self.month = p.month_anchor


def resolve(cands: list[Candidate], ctx: ArticleContext, g: Grammar | None = None) -> list[dict]:
    """Value every candidate against the publication date and the anchors met so far."""
    g = g or grammar()
    anchors = _Anchors(ctx.text)
    items = []
    for c in cands:
        env = Env(published=ctx.published, year_hint=anchors.year_at(c.start), month_hint=anchors.month)
        p = parse(c.groups, g, env)
        if p is None:
            continue
        anchors.note(p, c.end)
        if p.start is None and p.end is None:
            continue
        items.append(_item(ctx.text, c, p))
    return items


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
    return ExtractorComponent("dates", extract)
