"""Extractor: dates (ANNOTATION.md). Placeholder until implemented: emits nothing."""
from __future__ import annotations

from spacy.language import Language

from pipeline.extractors.base import ArticleContext, ExtractorComponent


def extract(ctx: ArticleContext, doc=None) -> list[dict]:
    return []


@Language.factory("govextract_dates", assigns=["doc.spans", "doc._.dates"])
def make_component(nlp, name):
    return ExtractorComponent("dates", extract)
