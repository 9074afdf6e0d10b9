"""Cross-category clean-up after all extractors ran: one span of text has one meaning.

Places run first, so a short place alias inside a person's name (常德 in 常德传, 安顺 in 丁安顺)
can only be recognised once officials are known: such place mentions are dropped here, and a
place left without mentions is dropped with them. Nothing else is changed.
"""
from __future__ import annotations

from spacy.language import Language

from pipeline.shared.base import ArticleContext, SpanIndex


def _name_spans(ctx: ArticleContext) -> SpanIndex:
    return SpanIndex([tuple(m) for o in ctx.items.get("officials", []) for m in o["mentions"]])


def drop_places_inside_names(ctx: ArticleContext) -> list[dict]:
    names = _name_spans(ctx)
    kept = []
    for place in ctx.items.get("places", []):
        mentions = [m for m in place["mentions"] if not names.hits(m[0], m[1])]
        if mentions:
            kept.append({**place, "mentions": mentions})
    return kept


class Reconcile:
    def __call__(self, doc):
        ctx: ArticleContext = doc._.ctx
        places = drop_places_inside_names(ctx)
        if len(places) != len(ctx.items.get("places", [])) or places != ctx.items.get("places", []):
            ctx.items["places"] = places
        return doc


@Language.factory("govextract_reconcile_v1", assigns=["doc._.places"], requires=["doc._.officials", "doc._.places"])
def make_component(nlp, name):
    return Reconcile()
