"""What every extractor shares: the article context and the spaCy component wrapper.

An extractor is a module with `extract(ctx: ArticleContext, doc) -> list[dict]`, built as
find candidates → resolve with context → emit. Items are plain dicts shaped like the
record contract, except that mentions are `(norm_start, norm_end)` tuples in the normalised
text; `pipeline.stages.records` maps them back to the original text. Later extractors may read the
items of earlier ones through `ctx.items` (e.g. quantities skip spans that are slogans).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from spacy.tokens import Doc

from pipeline.shared.ner import NerSpans
from pipeline.stages.normalise import NormText
from pipeline.shared.textlines import CONTENT_KINDS, Line

Span = tuple[int, int]


def is_han(ch: str) -> bool:
    """A CJK unified ideograph (basic block or extension A): what names and terms are written in."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


@dataclass
class ArticleContext:
    """Everything an extractor may know about the article besides its own findings."""
    norm: NormText
    published: date | None = None
    title: str | None = None
    items: dict[str, list[dict]] = field(default_factory=dict)   # the one store of extracted items
    jurisdiction: dict | None = None    # the article's main county/city place item (set by places)
    ner: NerSpans | None = None       # statistical NER evidence (pipeline/shared/ner.py), if a component ran
    # (start, end, number, head) of `N大` in phrases that count real things (两大沙漠): set by slogans,
    # which rejects them as slogans; quantities emits them as counts (docs/annotation.md)
    real_counts: list[tuple[int, int, int, str]] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list, repr=False)
    _lines: list[Line] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._lines = self.norm.lines
        self._starts = [ln.start for ln in self._lines]

    @property
    def text(self) -> str:
        return self.norm.text

    def line_at(self, pos: int) -> Line | None:
        i = bisect.bisect_right(self._starts, pos) - 1
        return self._lines[i] if i >= 0 else None

    def in_content(self, start: int, end: int | None = None) -> bool:
        """True when the span lies in a title/subtitle/body line (not boilerplate, byline, meta)."""
        ln = self.line_at(start)
        return ln is not None and ln.kind in CONTENT_KINDS and (end is None or end <= ln.end)

    def content_lines(self, kinds=CONTENT_KINDS) -> list[Line]:
        return [ln for ln in self._lines if ln.kind in kinds]

    def lines_of(self, *kinds: str) -> list[Line]:
        return [ln for ln in self._lines if ln.kind in kinds]


class ExtractorComponent:
    """spaCy pipeline component: runs one extractor and stores its items in `ctx.items[cat]`
    (the one store; `doc._.<cat>` reads it, see pipeline.stages.nlp). `after` may publish
    derived facts for later components (declared in the factory's `assigns`)."""

    def __init__(self, category: str, extract: Callable[[ArticleContext, Doc], list[dict]],
                 after: Callable[[ArticleContext], None] | None = None):
        self.category = category
        self.extract = extract
        self.after = after

    def __call__(self, doc: Doc) -> Doc:
        ctx: ArticleContext = doc._.ctx
        ctx.items[self.category] = self.extract(ctx, doc)
        if self.after is not None:
            self.after(ctx)
        return doc


def mention_spans(item: dict) -> list[Span]:
    if "mentions" in item:
        return list(item["mentions"])
    return [item["mention"]]


class SpanIndex:
    """Sorted, non-overlapping-agnostic span set with O(log n) overlap queries."""

    def __init__(self, spans: list[Span]):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self._max_len = max((e - s for s, e in self.spans), default=0)

    def hits(self, start: int, end: int) -> bool:
        lo = bisect.bisect_left(self.starts, start - self._max_len)
        hi = bisect.bisect_left(self.starts, end)
        return any(self.spans[i][1] > start for i in range(lo, hi))
