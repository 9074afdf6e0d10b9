"""Optional NER components (issue 12): HanLP over each document's sentences, or fixed spans.

Neither is in the default pipeline. `govextract run --ner hanlp:MODEL` (or `govextract_ner`
added to `[nlp] pipeline` in config.cfg, with `model` set) puts `govextract_ner_hanlp` first;
it tags the title/body sentences of a document in batches and records PERSON / LOCATION /
ORGANIZATION spans (`pipeline/shared/ner.py`) for the extractors' evidence rules.

HanLP and torch are imported only when that component is built, never by the default pipeline.
`MODEL` is a local directory (a model saved by HanLP, e.g. by `govextract train-ner`, or one
HanLP's loader downloaded on a connected machine) or a HanLP pretrained identifier of a
single-task NER model (`MSRA_NER_ELECTRA_SMALL_ZH`), which HanLP downloads once on a connected
machine; nothing here downloads anything itself.

`govextract_ner_fixed` tags every occurrence of given surfaces — spec cases and demos set NER
evidence with it without torch (`tests/test_cases.py`, a case's `ner` field).
"""
from __future__ import annotations

import threading
from pathlib import Path

from spacy.language import Language

from pipeline.shared.ner import MAX_SENTENCE_CHARS, NerSpan, map_label, record_ner, sentences, spans_from_tagged


class NerUnavailable(RuntimeError):
    """The NER backend or its model cannot be loaded (not installed, no such model)."""


_MODELS: dict[str, object] = {}
_LOCK = threading.Lock()


def _content_ranges(doc) -> list[tuple[int, int]]:
    ctx = doc._.ctx
    if ctx is None:
        return [(0, len(doc.text))]
    return [(ln.start, ln.end) for ln in ctx.content_lines()]


def load_hanlp_model(model: str):
    """A HanLP component by directory or pretrained identifier; once per process."""
    with _LOCK:
        if model in _MODELS:
            return _MODELS[model]
        try:
            import hanlp
        except ImportError as exc:      # pragma: no cover - depends on the install
            raise NerUnavailable("HanLP is not installed: pip install 'govextract[hanlp]'") from exc
        path = Path(model).expanduser()
        if path.is_dir():
            ident = str(path.resolve())
        elif model in hanlp.pretrained.ALL or "://" in model:
            ident = model               # HanLP resolves it (downloading once on a connected machine)
        else:
            raise NerUnavailable(f"no HanLP model {model!r}: not a directory, nor a HanLP pretrained identifier")
        try:
            tagger = hanlp.load(ident, verbose=False)
        except Exception as exc:  # noqa: BLE001 - any loader failure is a configuration error
            raise NerUnavailable(f"cannot load HanLP model {model!r}: {type(exc).__name__}: {exc}") from exc
        _MODELS[model] = tagger
        return tagger


class HanlpNer:
    """Tags a document's content sentences with a HanLP NER model, `batch_size` sentences a call."""

    def __init__(self, model: str, batch_size: int, threads: int, max_sentence_chars: int):
        if not model:
            raise NerUnavailable("govextract_ner_hanlp needs `model`: a local directory or a HanLP pretrained identifier")
        if threads > 0:
            import torch
            torch.set_num_threads(threads)
        self.model = model
        self.tagger = load_hanlp_model(model)
        self.batch_size = batch_size
        self.max_chars = max_sentence_chars

    def __call__(self, doc):
        units = list(sentences(doc.text, _content_ranges(doc), self.max_chars))
        spans: list[NerSpan] = []
        for i in range(0, len(units), self.batch_size):
            batch = units[i:i + self.batch_size]
            tagged = self.tagger([chars for chars, _ in batch], batch_size=self.batch_size)
            for (_chars, offsets), ents in zip(batch, tagged):
                spans.extend(spans_from_tagged(offsets, ents))
        record_ner(doc, spans)
        return doc


class FixedNer:
    """Every occurrence of each given surface in the content lines is a span of its label."""

    def __init__(self, spans: list):
        self.spans = []
        for label, surface in spans:
            lab = map_label(label)
            if lab is None or not surface:
                raise ValueError(f"govextract_ner_fixed: bad span {[label, surface]!r}")
            self.spans.append((lab, surface))

    def __call__(self, doc):
        text = doc.text
        out = []
        for ls, le in _content_ranges(doc):
            for lab, surface in self.spans:
                i = text.find(surface, ls, le)
                while i >= 0:
                    out.append(NerSpan(i, i + len(surface), lab))
                    i = text.find(surface, i + len(surface), le)
        record_ner(doc, out)
        return doc


@Language.factory("govextract_ner_hanlp", assigns=["doc._.ner"],
                  default_config={"model": "", "batch_size": 32, "threads": 0,
                                  "max_sentence_chars": MAX_SENTENCE_CHARS})
def make_hanlp_ner(nlp, name, model: str, batch_size: int, threads: int, max_sentence_chars: int):
    return HanlpNer(model, batch_size, threads, max_sentence_chars)


@Language.factory("govextract_ner_fixed", assigns=["doc._.ner"], default_config={"spans": []})
def make_fixed_ner(nlp, name, spans: list):
    return FixedNer(spans)
