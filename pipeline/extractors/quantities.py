"""Extractor: quantities (ANNOTATION.md). Placeholder until implemented: emits nothing."""
from __future__ import annotations

from spacy.language import Language

from pipeline.extractors.base import ArticleContext, ExtractorComponent


def extract(ctx: ArticleContext, doc=None) -> list[dict]:
    return []


@Language.factory("govextract_quantities", assigns=["doc.spans", "doc._.quantities"])
def make_component(nlp, name):
    return ExtractorComponent("quantities", extract)
