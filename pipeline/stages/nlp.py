"""Build the spaCy pipeline from `pipeline/config.cfg` (components registered by name)."""
from __future__ import annotations

import hashlib
import json
import os
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path

import spacy
from spacy.tokens import Doc
from spacy.util import registry

from schemas import CATEGORIES

if not Doc.has_extension("ctx"):
    Doc.set_extension("ctx", default=None)
for _attr in CATEGORIES:   # read-only views of the one store, ctx.items
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, getter=lambda doc, _c=_attr: (doc._.ctx.items.get(_c) if doc._.ctx else None))
if not Doc.has_extension("real_counts"):
    Doc.set_extension("real_counts", getter=lambda doc: doc._.ctx.real_counts if doc._.ctx else None)
if not Doc.has_extension("jurisdiction"):
    Doc.set_extension("jurisdiction", getter=lambda doc: doc._.ctx.jurisdiction if doc._.ctx else None)
if not Doc.has_extension("ner"):   # the optional NER component's spans (issue 12), read-only
    Doc.set_extension("ner", getter=lambda doc: doc._.ctx.ner if doc._.ctx else None)


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
    def make(nlp):
        # The one token is never read as a word, so spaCy's lexeme attributes (like_url, like_num …,
        # each computed over the whole article) are not computed: that was 2 % of run time.
        nlp.vocab.lex_attr_getters = {}
        return WholeTextTokenizer(nlp.vocab)
    return make


def config_text() -> str:
    return (resources.files("pipeline") / "config.cfg").read_text(encoding="utf-8")


# ---------------------------------------------------------------- run-time options (issue 12)
# `govextract run --ner hanlp:MODEL` (or GOVEXTRACT_NER in the environment, which reaches worker
# and Spark processes too) switches the optional NER component on; `settings` override dotted
# config values (`components.govextract_places.ner_org_block`), e.g. in spec cases. The parent
# sets them before forking workers, so every process builds the same pipeline.

NER_ENV = "GOVEXTRACT_NER"
NER_COMPONENT = "govextract_ner"
NER_BACKENDS = {"hanlp": "govextract_ner_hanlp", "fixed": "govextract_ner_fixed"}
_options: dict = {"ner": None, "settings": {}}


def parse_ner(spec: str) -> tuple[str, str]:
    """`hanlp:MODEL` → ("hanlp", MODEL); `fixed` (tests: spans given in the config) → ("fixed", "")."""
    backend, _, model = spec.partition(":")
    if backend not in NER_BACKENDS:
        raise ValueError(f"unknown NER backend {backend!r} in {spec!r} (use hanlp:MODEL)")
    if backend == "hanlp" and not model:
        raise ValueError("--ner hanlp needs a model: hanlp:DIRECTORY or hanlp:PRETRAINED_IDENTIFIER")
    return backend, model


def set_options(ner: str | None = None, settings: dict | None = None) -> None:
    """Choose the NER backend and config overrides for every pipeline built from now on.
    `ner=None` leaves the choice to GOVEXTRACT_NER; `ner="none"` switches NER off regardless."""
    if ner and ner != "none":
        parse_ner(ner)
    _options["ner"] = ner or None
    _options["settings"] = dict(settings or {})


@contextmanager
def options(ner: str | None = None, settings: dict | None = None):
    saved = dict(_options)
    set_options(ner, settings)
    try:
        yield
    finally:
        _options.update(saved)


def options_key() -> str:
    ner = _options["ner"] or os.environ.get(NER_ENV) or None
    if ner == "none":
        ner = None
    return json.dumps({"ner": ner, "settings": _options["settings"]}, sort_keys=True, ensure_ascii=False)


def build_config(key: str | None = None):
    """config.cfg with the run-time options applied."""
    opts = json.loads(key or options_key())
    cfg = spacy.util.load_config_from_str(config_text())
    if opts["ner"]:
        backend, model = parse_ner(opts["ner"])
        comp = cfg["components"].setdefault(NER_COMPONENT, {})
        comp["factory"] = NER_BACKENDS[backend]
        if backend == "hanlp":
            comp["model"] = model
        else:
            for k in ("model", "batch_size", "threads", "max_sentence_chars"):
                comp.pop(k, None)
        if NER_COMPONENT not in cfg["nlp"]["pipeline"]:
            cfg["nlp"]["pipeline"] = [NER_COMPONENT, *cfg["nlp"]["pipeline"]]
    for dotted, value in opts["settings"].items():
        *path, leaf = dotted.split(".")
        node = cfg
        for part in path:
            node = node.setdefault(part, {})
        node[leaf] = value
    return cfg


def ner_model(cfg) -> str | None:
    """The HanLP model the built pipeline will load, if any."""
    comp = cfg["components"].get(NER_COMPONENT, {})
    if NER_COMPONENT in cfg["nlp"]["pipeline"] and comp.get("factory") == NER_BACKENDS["hanlp"]:
        return str(comp.get("model") or "")
    return None


def _model_fingerprint(model: str) -> str:
    """A local model directory by its small files and file sizes; an identifier by its name."""
    path = Path(model)
    if not path.is_dir():
        return model
    h = hashlib.sha256()
    for f in sorted(p for p in path.rglob("*") if p.is_file()):
        h.update(str(f.relative_to(path)).encode())
        size = f.stat().st_size
        h.update(str(size).encode())
        if size < 1_000_000:
            h.update(f.read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=8)
def _config_hash(key: str) -> str:
    cfg = build_config(key)
    h = hashlib.sha256(config_text().encode())
    if key != options_key_default():
        h.update(cfg.to_str().encode())
    model = ner_model(cfg)
    if model is not None:
        h.update(_model_fingerprint(model).encode())
    return h.hexdigest()[:8]


def options_key_default() -> str:
    return json.dumps({"ner": None, "settings": {}}, sort_keys=True)


def config_hash() -> str:
    """Short hash of the configuration in force (config.cfg, options, the NER model's files).
    Without options it is the hash of config.cfg alone, as before."""
    return _config_hash(options_key())


@lru_cache(maxsize=8)
def _load_nlp(key: str):
    import pipeline.extractors  # noqa: F401  (registers @Language.factory components)
    import pipeline.stages.ner  # noqa: F401  (the optional NER components; imports no NER library)
    return spacy.util.load_model_from_config(build_config(key), auto_fill=True)


def load_nlp():
    """The pipeline for the options in force, built once per process and options.
    Importing the extractors registers their factories."""
    return _load_nlp(options_key())


load_nlp.cache_info = _load_nlp.cache_info
load_nlp.cache_clear = _load_nlp.cache_clear
