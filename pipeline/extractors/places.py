"""Extractor: places (ANNOTATION.md §3 and §7).

find → resolve → emit:
1. find: per content line, lexicon keys (divisions, zones, regions, foreign places; one
   linear pass over a bigram-indexed lexicon), zone/town grammar and one-character abbreviations (在京); overlapping
   candidates are tiled so that the most text is covered by the fewest names (青岛|市南区 beats
   青岛市|南区); then names that are part of a company/outlet/park/brand/title are dropped.
2. resolve: divisions get one GB/T 2260 code from the article's context — the provinces and
   cities it names without ambiguity, plus (at half weight) the outlet in its byline/meta lines.
   Short county names (莱阳) and 2-character county names (单县) only count with such support.
   Towns/villages hang under the county written before them or the county the article is about.
3. emit: one item per distinct place, named as first written, with every mention.
"""
from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from functools import partial

from spacy.language import Language

from pipeline.shared.base import ArticleContext, ExtractorComponent
from pipeline.extractors import ner_evidence
from pipeline.extractors.places_filters import excluded, has_marks
from pipeline.extractors.places_gazetteer import COUNTY, Division, find_keys, gazetteer
from pipeline.extractors.places_grammar import (Cand, abbrev_candidates, name_may_start,
                                                norm_zone_suffix, town_candidates, zone_candidates)

_LEVEL_PRIOR = {"province": 0.3, "city": 0.2, "county": 0.1}
_META_WEIGHT = 0.5


# ---------------------------------------------------------------- find

def _lexicon_cands(lex) -> list[Cand]:
    """One candidate per lexicon key (its entries all have one kind, see places_gazetteer)."""
    out = []
    for s, e, _key, entries in lex:
        kind = entries[0].kind
        prio = 1 if kind == "div" and entries[0].alias else 2
        out.append(Cand(s, e, kind, entries, prio=prio))
    return out


def _best_tiling(cluster: list[Cand]) -> list[Cand]:
    """Weighted interval scheduling: most characters covered, then fewest pieces, then priority."""
    items = sorted(cluster, key=lambda c: (c.end, c.start))
    ends = [c.end for c in items]
    score = [(0, 0, 0)]
    back: list[tuple[int, int]] = [(-1, -1)]         # (previous state, item taken or -1)
    for i, c in enumerate(items):
        p = bisect.bisect_right(ends, c.start, 0, i)
        cov, neg, pr = score[p]
        take = (cov + c.end - c.start, neg - 1, pr + c.prio)
        if take > score[i]:
            score.append(take)
            back.append((p, i))
        else:
            score.append(score[i])
            back.append((i, -1))
    chosen, state = [], len(items)
    while state > 0:
        prev, taken = back[state]
        if taken >= 0:
            chosen.append(items[taken])
        state = prev
    return chosen[::-1]


def tile(cands: list[Cand]) -> list[Cand]:
    """Split candidates into clusters of overlapping spans and tile each one."""
    out: list[Cand] = []
    cluster: list[Cand] = []
    cluster_end = -1
    for c in sorted(cands, key=lambda c: (c.start, -c.end)):
        if cluster and c.start >= cluster_end:
            out.extend(_best_tiling(cluster) if len(cluster) > 1 else cluster)
            cluster, cluster_end = [], -1
        cluster.append(c)
        cluster_end = max(cluster_end, c.end)
    if cluster:
        out.extend(_best_tiling(cluster) if len(cluster) > 1 else cluster)
    return out


def _weak_full(c: Cand) -> bool:
    """A full name that is weak (单县, 老城区): checked against word-forming next characters."""
    return c.kind == "div" and any(en.weak and not en.alias for en in c.entries)


def line_candidates(text: str, ls: int, le: int, ner=None) -> list[Cand]:
    """All place candidates of one content line, tiled and filtered. With `ner` (the NER spans,
    when the rule ner_location_veto is on), readings the spans veto are dropped before tiling,
    so that a competing reading can take their characters (issue 12)."""
    lex = find_keys(text, ls, le)
    cands = _lexicon_cands(lex)
    cands += zone_candidates(text, ls, le, lex) + town_candidates(text, ls, le, lex)
    cands += abbrev_candidates(text, ls, le)
    if ner is not None and cands:
        cands = ner_evidence.veto_readings(ner, cands)
    if not cands:
        return []
    kept = []
    marks = has_marks(text, ls, le)
    prev_end = -1
    for c in tile(cands):
        alias = c.kind == "div" and all(en.alias for en in c.entries)
        if not excluded(text, c, ls, le, alias=alias, weak_full=_weak_full(c), marks=marks):
            c.bounded = c.start == prev_end or name_may_start(text, c.start, ls)
            kept.append(c)
            prev_end = c.end
    return kept


# ---------------------------------------------------------------- context

@dataclass
class Context:
    """How often the article names each province/city/county (weighted), for disambiguation."""
    prov: Counter = field(default_factory=Counter)
    city: Counter = field(default_factory=Counter)
    code: Counter = field(default_factory=Counter)
    meta_counties: Counter = field(default_factory=Counter)

    def add(self, d: Division, w: float = 1.0) -> None:
        self.prov[d.province] += w
        if d.city:
            self.city[d.city] += w
        self.code[d.code] += w

    def score(self, d: Division) -> float:
        return 4 * self.city[d.city] + 2 * self.prov[d.province] + self.code[d.code] \
            + _LEVEL_PRIOR[d.level]


def _zone_division(c: Cand) -> Division | None:
    """The county a lexicon zone stands for (西海岸新区 → 黄岛区), as context only."""
    g = gazetteer()
    grp = g.groups.get(c.entries[0].ref) if c.kind == "zone" and c.entries else None
    return g.divisions.get(grp.county) if grp and grp.county else None


def build_context(ctx: ArticleContext, found: list[Cand]) -> Context:
    """Unambiguous strong divisions (and zones' counties) in the content; the byline/meta at half weight."""
    g = gazetteer()
    cx = Context()
    for c in found:
        if c.kind == "div" and len(c.entries) == 1 and not c.entries[0].weak:
            d = g.divisions[c.entries[0].ref]
            if c.bounded or d.level != COUNTY:          # 滨海城区 must not vouch for 海城区
                cx.add(d)
        elif (zd := _zone_division(c)) is not None:
            cx.add(zd)
    for ln in ctx.lines_of("byline", "meta"):
        for c in _lexicon_cands(find_keys(ctx.text, ln.start, ln.end)):
            d = g.divisions.get(c.entries[0].ref) if c.kind == "div" and len(c.entries) == 1 else None
            d = d or _zone_division(c)
            if d is not None:
                cx.add(d, _META_WEIGHT)
                if d.level == COUNTY:
                    cx.meta_counties[d.code] += 1
    return cx


def resolve_division(c: Cand, cx: Context) -> Division | None:
    """The best-supported meaning of a division key. Weak meanings need their province named;
    a county far from the article's provinces must at least not start mid-word (滨海城区 ≠ 海城区)."""
    g = gazetteer()
    best, best_score = None, None
    for en in c.entries:
        d = g.divisions.get(en.ref)
        if d is None:
            continue
        unsupported = cx.prov[d.province] <= 0 and not c.ner_support     # (NER evidence, issue 12)
        if unsupported and (en.weak or (d.level == COUNTY and not c.bounded)):
            continue
        key = (cx.score(d), -int(d.code))
        if best_score is None or key > best_score:
            best, best_score = d, key
    return best


# ---------------------------------------------------------------- emit

def _top(counts: Counter) -> str | None:
    """The most frequent key; ties go to the one counted first (Counter keeps insertion order)."""
    return max(counts, key=counts.__getitem__) if counts else None


def _town_fallback(resolved: list[tuple[Cand, Division]], found: list[Cand], cx: Context,
                   title: set[str]) -> Division | None:
    """The county the article is about (most mentioned; ties → in the title, then first named),
    else the county of its zones or of its outlet, else its city: for towns written alone."""
    g = gazetteer()
    counties = Counter(d.code for _c, d in resolved if d.level == COUNTY)
    for code in title & set(counties):
        counties[code] += 0.5
    zones = Counter(zd.code for c in found if (zd := _zone_division(c)) is not None)
    cities = Counter(d.city or d.code for _c, d in resolved if d.level != "province")
    for counts in (counties, zones, cx.meta_counties, cities):
        code = _top(counts)
        if code:
            return g.divisions.get(code)
    return None


def _group_key(c: Cand, text: str) -> tuple[str, str]:
    """Zones/regions/foreign places: one item per lexicon group or per normalised grammar name."""
    if c.entries:
        return c.kind, c.entries[0].ref
    return c.kind, norm_zone_suffix(c.key or text[c.start:c.end])


def _add(items: dict, key, name: str, span, **fields) -> None:
    item = items.get(key)
    if item is None:
        items[key] = {"name": name, **fields, "mentions": [span]}
    else:
        item["mentions"].append(span)


def _emit_towns(text, found, divs_at, parent: Division | None, items: dict) -> None:
    """Towns/villages: canonical = the division (or town) written right before, else `parent`."""
    towns_at: dict[int, str] = {}
    for c in sorted((c for c in found if c.kind in ("town", "village")), key=lambda c: c.start):
        full = c.full or text[c.start:c.end]
        hinted = divs_at.get(c.hint) if c.hint is not None else None
        if c.kind == "village" and c.start in towns_at:
            canonical = towns_at[c.start] + full
        elif hinted is not None and hinted.level != "province":
            canonical = hinted.canonical + full
        else:
            canonical = parent.canonical + full if parent else None
        towns_at[c.end] = canonical or full
        _add(items, ("place", canonical or full), text[c.start:c.end], (c.start, c.end),
             canonical=canonical, adcode=None, level=c.kind)


def emit(text: str, found: list[Cand], cx: Context, title_starts: frozenset[int] = frozenset()) -> list[dict]:
    """Resolve every candidate and merge mentions into one item per distinct place."""
    items: dict = {}
    resolved: list[tuple[Cand, Division]] = []
    memo: dict[tuple, Division | None] = {}            # the context is global: same key, same answer
    for c in found:
        if c.kind != "div":
            continue
        key = (c.entries, c.bounded, c.ner_support)
        if key not in memo:
            memo[key] = resolve_division(c, cx)
        if (d := memo[key]) is not None:
            resolved.append((c, d))
    divs_at = {c.start: d for c, d in resolved}
    for c in found:
        span = (c.start, c.end)
        if c.kind == "div":
            d = divs_at.get(c.start)
            if d is not None:
                _add(items, ("div", d.code), text[c.start:c.end], span,
                     canonical=d.canonical, adcode=d.code, level=d.level)
        elif c.kind in ("zone", "region", "foreign", "country"):
            _add(items, _group_key(c, text), text[c.start:c.end], span,
                 canonical=None, adcode=None, level=c.kind)
    title = {d.code for c, d in resolved if c.start in title_starts}
    _emit_towns(text, found, divs_at, _town_fallback(resolved, found, cx, title), items)
    for item in items.values():
        if item["canonical"] is None and item["level"] in ("zone", "region", "foreign", "country"):
            item["canonical"] = max((text[s:e] for s, e in item["mentions"]), key=len)
    return sorted(items.values(), key=lambda it: min(it["mentions"]))


def find_all(ctx: ArticleContext, ner_rules: dict | None = None) -> list[Cand]:
    """Candidates of every title/subtitle/body line (never boilerplate, byline or meta lines)."""
    text = ctx.text
    found: list[Cand] = []
    veto = ctx.ner if ctx.ner is not None and (ner_rules or {}).get("ner_location_veto") else None
    for ln in ctx.content_lines():
        found.extend(line_candidates(text, ln.start, ln.end, veto))
    if ctx.ner is not None and ner_rules:
        found = _ner_evidence(text, found, ctx.ner, ner_rules)
    return found


# -- NER evidence (issue 12): each rule switched in config.cfg, see ner_evidence.py
NER_RULES = ("ner_location_support", "ner_location_veto", "ner_org_block")


def _ner_evidence(text: str, found: list[Cand], ner, rules: dict) -> list[Cand]:
    kept = []
    for c in found:
        if rules.get("ner_org_block") and ner_evidence.org_blocks(ner, text, c.start, c.end):
            continue
        if rules.get("ner_location_support") and c.kind == "div":
            if ner_evidence.location_bounds(ner, c.start):
                c.bounded = True
            c.ner_support = ner_evidence.location_supports(ner, text, c.start, c.end)
        kept.append(c)
    return kept


def extract(ctx: ArticleContext, doc=None, ner_rules: dict | None = None) -> list[dict]:
    found = find_all(ctx, ner_rules)
    if not found:
        return []
    title = ctx.content_lines(("title",))
    in_title = frozenset(c.start for c in found if any(ln.start <= c.start < ln.end for ln in title))
    return emit(ctx.text, found, build_context(ctx, found), in_title)


def main_jurisdiction(ctx: ArticleContext, levels: tuple[str, ...] = ("county", "city")) -> dict | None:
    """The place item the article is mostly about: the most-mentioned item of `levels`
    (default county or city); ties go to the one named in the title, then the first named.
    Used by the officials extractor to complete bare bodies (`区委` → `章丘区委`)."""
    items = ctx.items.get("places")
    if items is None:
        items = extract(ctx)
    pool = [it for it in items if it.get("level") in levels]
    if not pool:
        return None
    title = [ln for ln in ctx.content_lines(("title",))]

    def in_title(it) -> bool:
        return any(ln.start <= s and e <= ln.end for ln in title for s, e in it["mentions"])

    return max(pool, key=lambda it: (len(it["mentions"]), in_title(it), -min(it["mentions"])[0]))


@Language.factory("govextract_places", assigns=["doc.spans", "doc._.places"],
                  default_config={rule: True for rule in NER_RULES})
def make_component(nlp, name, ner_location_support: bool, ner_location_veto: bool, ner_org_block: bool):
    rules = {"ner_location_support": ner_location_support, "ner_location_veto": ner_location_veto,
             "ner_org_block": ner_org_block}
    return ExtractorComponent("places", partial(extract, ner_rules=rules))
