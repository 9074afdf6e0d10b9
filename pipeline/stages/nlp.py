"""Build the spaCy pipeline from `pipeline/config.cfg` (components registered by name)."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources

import spacy
from spacy.tokens import Doc
from spacy.util import registry

from schemas import CATEGORIES

if not Doc.has_extension("ctx"):
    Doc.set_extension("ctx", default=None)
for _attr in CATEGORIES:   # read-only views of the one store, ctx.items
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, getter=lambda doc, _c=_attr: (doc._.ctx.items.get(_c) if doc._.ctx else None))
if not Doc.has_extension("jurisdiction"):
    Doc.set_extension("jurisdiction", getter=lambda doc: doc._.ctx.jurisdiction if doc._.ctx else None)


class WholeTextTokenizer:
    """The Doc is a carrier, not a token layer: extractors read the article context (normalised
    text, lines) and word boundaries from pipeline.shared.segmenter where they need them. One
    token for the whole text: building a one-token-per-character Doc cost ~14 % of run time
    while no extractor read its tokens."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        return Doc(self.vocab, words=[text] if text else [], spaces=[False] if text else [])


@registry.tokenizers("govextract.whole_text_tokenizer.v1")
def create_whole_text_tokenizer():
    return lambda nlp: WholeTextTokenizer(nlp.vocab)


def config_text() -> str:
    return (resources.files("pipeline") / "config.cfg").read_text(encoding="utf-8")


def config_hash() -> str:
    return hashlib.sha256(config_text().encode()).hexdigest()[:8]


@lru_cache(maxsize=1)
def load_nlp():
    """The pipeline, built once per process. Importing the extractors registers their factories."""
    import pipeline.extractors  # noqa: F401  (registers @Language.factory components)
    cfg = spacy.util.load_config_from_str(config_text())
    return spacy.util.load_model_from_config(cfg, auto_fill=True)
