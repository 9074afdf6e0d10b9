"""Build the spaCy pipeline from `pipeline/config.cfg` (components registered by name)."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources

import spacy
from spacy.tokens import Doc
from spacy.util import registry

from schemas import CATEGORIES

for _attr in ("ctx", *CATEGORIES):
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, default=None)


class CharTokenizer:
    """Every character (whitespace included) is a token: doc.text == text, offsets align 1:1."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        return Doc(self.vocab, words=list(text), spaces=[False] * len(text))


@registry.tokenizers("govextract.char_tokenizer.v1")
def create_char_tokenizer():
    return lambda nlp: CharTokenizer(nlp.vocab)


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
