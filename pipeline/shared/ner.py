"""Statistical NER spans as evidence for the extractors (issue 12), without any NER library.

An optional NER component (`pipeline/stages/ner.py`: HanLP, or a fixed list for tests) tags
PERSON / LOCATION / ORGANIZATION spans over the article's content sentences and stores them in
`ctx.ner` (a `NerSpans`; `doc._.ner` reads it, see pipeline/stages/nlp.py). The extractors then consult them as evidence
through `pipeline/extractors/ner_evidence.py`, each use a rule switchable in `config.cfg`.
When no NER component runs, `ctx.ner` is None and every rule is silent.

The sentence cutter below is shared by the component (what the tagger sees) and by
`govextract train-ner` (what the tagger is trained on), so both see the same units.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

PERSON, LOCATION, ORGANIZATION = "PERSON", "LOCATION", "ORGANIZATION"
LABELS = (PERSON, LOCATION, ORGANIZATION)

# Tag sets of HanLP's models (ours, MSRA, OntoNotes, PKU, CoNLL) onto the three labels used here.
LABEL_MAP = {
    "PERSON": PERSON, "PER": PERSON, "NR": PERSON, "nr": PERSON,
    "LOCATION": LOCATION, "LOC": LOCATION, "GPE": LOCATION, "NS": LOCATION, "ns": LOCATION,
    "ORGANIZATION": ORGANIZATION, "ORG": ORGANIZATION, "NT": ORGANIZATION, "nt": ORGANIZATION,
}

_SENT_END = re.compile(r"[。！？；!?;]+[”’」』)]?")
_SOFT_CUT = "，,、：:"
MAX_SENTENCE_CHARS = 150


@dataclass(frozen=True)
class NerSpan:
    start: int          # half-open offsets in the normalised text
    end: int
    label: str


class NerSpans:
    """The article's NER spans by label, with the lookups the evidence rules need (O(log n))."""

    def __init__(self, spans: Iterable[NerSpan]):
        self.spans = sorted(set(spans), key=lambda s: (s.start, s.end, s.label))
        self._by: dict[str, list[NerSpan]] = {lab: [] for lab in LABELS}
        for s in self.spans:
            self._by.setdefault(s.label, []).append(s)
        self._starts = {lab: [s.start for s in v] for lab, v in self._by.items()}
        self._max = {lab: max((s.end - s.start for s in v), default=0) for lab, v in self._by.items()}

    def __len__(self) -> int:
        return len(self.spans)

    def of(self, label: str) -> list[NerSpan]:
        return self._by.get(label, [])

    def starting_at(self, pos: int, label: str) -> list[NerSpan]:
        spans, starts = self._by.get(label, []), self._starts.get(label, [])
        i = bisect.bisect_left(starts, pos)
        out = []
        while i < len(spans) and spans[i].start == pos:
            out.append(spans[i])
            i += 1
        return out

    def ending_at(self, pos: int, label: str) -> list[NerSpan]:
        return [s for s in self.overlapping(pos - 1, pos, label) if s.end == pos]

    def overlapping(self, start: int, end: int, label: str) -> list[NerSpan]:
        """Spans of `label` that share at least one character with [start, end)."""
        spans, starts = self._by.get(label, []), self._starts.get(label, [])
        lo = bisect.bisect_left(starts, start - self._max.get(label, 0))
        hi = bisect.bisect_left(starts, end)
        return [s for s in spans[lo:hi] if s.end > start]

    def covering(self, start: int, end: int, label: str) -> list[NerSpan]:
        """Spans of `label` that contain [start, end) (equal spans included)."""
        return [s for s in self.overlapping(start, end, label) if s.start <= start and end <= s.end]

    def crossing(self, start: int, end: int, label: str) -> list[NerSpan]:
        """Spans of `label` that overlap [start, end) with neither containing the other."""
        return [s for s in self.overlapping(start, end, label)
                if not (s.start <= start and end <= s.end) and not (start <= s.start and s.end <= end)]


def map_label(label: str) -> str | None:
    return LABEL_MAP.get(label) or LABEL_MAP.get(label.upper())


def sentences(text: str, ranges: Iterable[tuple[int, int]],
              max_chars: int = MAX_SENTENCE_CHARS) -> Iterator[tuple[list[str], list[int]]]:
    """The tagger's units: sentences of the given line ranges, as (characters, their offsets).

    Whitespace is left out (a tagger's vocabulary has no space token); a sentence longer than
    `max_chars` is cut after a comma-like mark, else hard, so a transformer model's length limit
    is never reached and batches stay even."""
    for ls, le in ranges:
        pos = ls
        for m in _SENT_END.finditer(text, ls, le):
            yield from _pieces(text, pos, m.end(), max_chars)
            pos = m.end()
        if pos < le:
            yield from _pieces(text, pos, le, max_chars)


def _pieces(text: str, start: int, end: int, max_chars: int) -> Iterator[tuple[list[str], list[int]]]:
    while start < end:
        stop = end
        if end - start > max_chars:
            window = text[start:start + max_chars]
            cut = max(window.rfind(c) for c in _SOFT_CUT)
            stop = start + (cut + 1 if cut >= max_chars // 3 else max_chars)
        chars, offsets = [], []
        for i in range(start, stop):
            if not text[i].isspace():
                chars.append(text[i])
                offsets.append(i)
        if chars:
            yield chars, offsets
        start = stop


def spans_from_tagged(offsets: list[int], tagged: Iterable) -> list[NerSpan]:
    """HanLP's `(text, label, begin, end)` tuples (token offsets) → NerSpans in text offsets."""
    out = []
    for ent in tagged:
        _text, label, b, e = ent[:4]
        lab = map_label(str(label))
        if lab is None or not 0 <= b < e <= len(offsets):
            continue
        out.append(NerSpan(offsets[b], offsets[e - 1] + 1, lab))
    return out


def record_ner(doc, spans: list[NerSpan]) -> None:
    """Store the spans where the extractors read them: `ctx.ner`, the one store (the Doc is a
    one-token carrier, so no doc.spans; `doc._.ner` is a read-only view of ctx.ner)."""
    ctx = doc._.ctx
    if ctx is not None:
        ctx.ner = NerSpans(spans)
