"""Extractor: places (docs/annotation.md, Places).

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

from pipeline.shared import segmenter
from pipeline.shared.base import ArticleContext, ExtractorComponent
from pipeline.extractors import ner_evidence
from pipeline.extractors.places_filters import feature_first_chars, feature_suffix, has_marks, is_place_mention, word_evidence
from pipeline.extractors.places_gazetteer import COUNTY, PROVINCE, Division, find_keys, gazetteer, town_core, towns
from pipeline.extractors.places_grammar import (Cand, abbrev_candidates, country_abbrev_candidates, name_may_start,
                                                norm_zone_suffix, province_parts, town_candidates,
                                                zone_candidates)

_LEVEL_PRIOR = {"province": 0.3, "city": 0.2, "county": 0.1}
_META_WEIGHT = 0.5


# ---------------------------------------------------------------- find

def _lexicon_cands(lex) -> list[Cand]:
    """One candidate per lexicon key (its entries all have one kind, see places_gazetteer)."""
    out = []
    for s, e, _key, entries in lex:
        kind = entries[0].kind
        # a suffix-less division beats nothing; a two-character region (西北) yields to a division (山西北部)
        # but not to a weak county alias, which needs the article's context (从江淮: 江淮, not 从江)
        prio = 1 if (kind == "div" and entries[0].alias) else 0 if (kind == "region" and e - s <= 2) else 2
        if kind == "div" and all(en.alias and en.weak for en in entries):
            prio = -1
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


def line_candidates(text: str, ls: int, le: int, ner=None, ner_rules: dict | None = None) -> list[Cand]:
    """All place candidates of one content line, tiled and filtered. With `ner` (the NER spans of
    the article, if an NER component ran) the NER evidence rules switched on in `ner_rules` apply
    (issue 12): readings the spans veto are dropped before tiling, so that a competing reading can
    take their characters; after is_place_mention, an ORGANIZATION span may block a place and a
    LOCATION span may support one (see _ner_evidence)."""
    lex = find_keys(text, ls, le)
    cands = _lexicon_cands(lex)
    div_spans = {(s, e) for s, e, _k, entries in lex if entries[0].kind == "div"}
    cands += zone_candidates(text, ls, le, lex)
    cands += [t for t in town_candidates(text, ls, le, lex) if (t.start, t.end) not in div_spans]  # 景德镇 is a city
    cands += abbrev_candidates(text, ls, le)
    cands += country_abbrev_candidates(text, ls, le, lex)
    rules = (ner_rules or {}) if ner is not None else {}
    if rules.get("ner_location_veto") and cands:
        cands = ner_evidence.veto_readings(ner, cands)
    if not cands:
        return []
    kept: list[Cand] = []
    marks = has_marks(text, ls, le)
    tiled = tile(cands)
    skip_to = -1
    for i, c in enumerate(tiled):
        if c.start < skip_to:
            continue
        prev = kept[-1] if kept else None
        nxt = tiled[i + 1] if i + 1 < len(tiled) else None
        feature = _as_feature(text, c, ls, le, prev, nxt)
        if feature is not None:
            c, skip_to = feature, feature.end
        elif not is_place_mention(text, c, ls, le, prev, nxt, marks=marks, weak_full=_weak_full(c)):
            continue
        c.bounded = (prev is not None and c.start == prev.end) or name_may_start(text, c.start, ls)
        kept.append(c)
    if rules and kept:
        kept = _ner_evidence(text, kept, ner, rules)
    return kept + _province_parts(text, kept, le)


def _province_parts(text: str, kept: list[Cand], le: int) -> list[Cand]:
    """`河北北部`, `内蒙古东部`: a province and a direction part name a region too (rules:
    places_zones.toml province_parts)."""
    parts = province_parts()
    out = []
    for c in kept:
        if c.kind != "div" or not any(en.ref.endswith("0000") for en in c.entries):
            continue
        part = next((p for p in parts if text.startswith(p, c.end, le)), None)
        if part is not None and not text.startswith(part + "分", c.end, le):     # 河北部分地区: no part
            out.append(Cand(c.start, c.end + len(part), "region", (), key=text[c.start:c.end + len(part)], prio=1))
    return out


# -- NER evidence (issue 12): each rule switched in config.cfg, see ner_evidence.py
NER_RULES = ("ner_location_support", "ner_location_veto", "ner_org_block")


def _ner_evidence(text: str, kept: list[Cand], ner, rules: dict) -> list[Cand]:
    """The accepted candidates of a line with the NER evidence applied: a place inside a
    non-government ORGANIZATION span is dropped (ner_org_block); a division a LOCATION span
    starts at is bounded, and one a LOCATION span is exactly is supported (ner_location_support)."""
    out = []
    for c in kept:
        if rules.get("ner_org_block") and ner_evidence.org_blocks(ner, text, c.start, c.end):
            continue
        if rules.get("ner_location_support") and c.kind == "div":
            if ner_evidence.location_bounds(ner, c.start):
                c.bounded = True
            c.ner_support = ner_evidence.location_supports(ner, text, c.start, c.end)
        out.append(c)
    return out


def _as_feature(text: str, c: Cand, ls: int, le: int, prev: Cand | None, nxt: Cand | None) -> Cand | None:
    """鄱阳湖, 钱塘江, 印度洋, 贺兰山(东麓): a suffix-less division/foreign name with a natural feature's
    suffix right after it is that feature (level region), unless the next candidate starting at the
    suffix is itself a place word there (湖北江汉 is 湖北 + 江汉)."""
    if c.kind not in ("div", "foreign", "region") or c.end >= le or text[c.end] not in feature_first_chars():
        return None
    if c.kind == "region" and c.end - c.start > 2:
        return None                     # 东海岛 (a two-character sea name and 岛, one word): the island
    province = False
    if c.kind == "div":
        if not all(en.alias for en in c.entries):
            return None
        divs = gazetteer().divisions
        province = any(divs[en.ref].level == PROVINCE for en in c.entries if en.ref in divs)
    suf = feature_suffix(text, c, province, le)
    if suf is None:
        return None
    if nxt is not None and nxt.start == c.end and word_evidence(text, nxt, ls, le, None, None):
        return None
    feature = Cand(c.start, c.end + len(suf), "region", key=text[c.start:c.end + len(suf)], prio=2)
    return feature if word_evidence(text, feature, ls, le, None, None, whole=True) else None


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
        if c.end - c.start == 1:
            continue        # a one-character abbreviation (川渝两地, 港澳) vouches for no other name
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
    a county far from the article's provinces must at least not start mid-word (滨海城区 ≠ 海城区);
    a province short name is the province unless its same-named county is written in full."""
    g = gazetteer()
    best, best_score = None, None
    provinces = [en for en in c.entries if en.alias and en.ref in g.divisions
                 and g.divisions[en.ref].level == PROVINCE]
    if provinces and len(provinces) < len(c.entries):
        # 河北, 河南, 海南: a province short name means the province unless the same-named county
        # (天津市河北区) is written in full elsewhere in the article
        named = [en for en in c.entries if en not in provinces and cx.code[en.ref] > 0]
        if not named:
            return g.divisions[provinces[0].ref]
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
        if len(item["name"]) == 1 and len(name) > 1:
            item["name"] = name             # 港 (港澳) then 香港: the name as written in full


def resolve_town(name: str, hinted: Division | None, parent: Division | None, cx: Context) -> Division | None:
    """The county of a town (rules/places_streets.tsv): the division written right before it, else the
    article's county, else one of the counties that have such a town and that the article's context
    supports (its city or province named); a name found in one county only needs no context. A town
    the data does not know hangs under the division before it or the article's county, as written."""
    g = gazetteer()
    codes = towns().get(town_core(name), ())
    if not codes:
        return hinted or parent
    for d in (hinted, parent):
        if d is None:
            continue
        if d.code in codes:
            return d
        under = [c for c in codes if c in g.divisions and d.code in (g.divisions[c].city, g.divisions[c].province)]
        if len(under) == 1:
            return g.divisions[under[0]]
    known = [g.divisions[c] for c in codes if c in g.divisions]
    supported = [d for d in known if cx.city[d.city] > 0 or cx.prov[d.province] > 0]
    if supported:
        return max(supported, key=lambda d: (cx.score(d), -int(d.code)))
    return known[0] if len(known) == 1 else None


def _emit_towns(text, found, divs_at, parent: Division | None, items: dict, cx: Context) -> None:
    """Towns/villages: canonical = the town's county (see resolve_town) + its name; villages hang on
    the town written right before them, else on the division before them or the article's county."""
    towns_at: dict[int, str] = {}
    placed: dict[str, str] = {}          # a name hung on a division written before it, for its bare repeats
    for c in sorted((c for c in found if c.kind in ("town", "village")), key=lambda c: c.start):
        full = c.full or text[c.start:c.end]
        hinted = divs_at.get(c.hint) if c.hint is not None else None
        own_parent = parent
        if hinted is not None and hinted.level == "province":
            # 贵州肇兴侗寨 in an article about 丽江: the article's county only when it lies in that province
            own_parent = parent if parent is not None and parent.province == hinted.code else hinted
            hinted = None
        if c.hint is None and full in placed and c.start not in towns_at:
            canonical = placed[full]            # 安徽小岗村 … 小岗村土地流转: the same village
        elif c.kind == "village" and c.start in towns_at:
            canonical = towns_at[c.start] + full
        elif c.kind == "town":
            county = resolve_town(full, hinted, own_parent, cx)
            canonical = county.canonical + full if county else None
        else:
            county = hinted or own_parent
            canonical = county.canonical + full if county else None
        towns_at[c.end] = canonical or full
        if c.hint is not None and canonical and full not in placed:
            placed[full] = canonical
        _add(items, ("place", canonical or full), text[c.start:c.end], (c.start, c.end),
             canonical=canonical, adcode=None, level=c.kind)


def emit(text: str, found: list[Cand], cx: Context, title_starts: frozenset[int] = frozenset()) -> list[dict]:
    """Resolve every candidate and merge mentions into one item per distinct place."""
    items: dict = {}
    usual: dict = {}                                   # one-character country mentions: usual name
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
            if c.full:
                usual[_group_key(c, text)] = c.full     # 中 (in 中越) is 中国
    title = {d.code for c, d in resolved if c.start in title_starts}
    _emit_towns(text, found, divs_at, _town_fallback(resolved, found, cx, title), items, cx)
    for key, item in items.items():
        if item["canonical"] is None and item["level"] in ("zone", "region", "foreign", "country"):
            item["canonical"] = max((text[s:e] for s, e in item["mentions"]), key=len)
            if len(item["canonical"]) == 1 and key in usual:
                item["canonical"] = usual[key]
    return sorted(items.values(), key=lambda it: min(it["mentions"]))


def find_all(ctx: ArticleContext, ner_rules: dict | None = None) -> list[Cand]:
    """Candidates of every title/subtitle/body line (never boilerplate, byline or meta lines)."""
    text = ctx.text
    found: list[Cand] = []
    for ln in ctx.content_lines():
        found.extend(line_candidates(text, ln.start, ln.end, ctx.ner, ner_rules))
    return found


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
    items = ctx.items.get("places") or []
    pool = [it for it in items if it.get("level") in levels]
    if not pool:
        return None
    title = [ln for ln in ctx.content_lines(("title",))]

    def in_title(it) -> bool:
        return any(ln.start <= s and e <= ln.end for ln in title for s, e in it["mentions"])

    return max(pool, key=lambda it: (len(it["mentions"]), in_title(it), -min(it["mentions"])[0]))


@Language.factory("govextract_places_v1", assigns=["doc._.places", "doc._.jurisdiction"],
                  default_config={rule: True for rule in NER_RULES})
def make_component(nlp, name, ner_location_support: bool, ner_location_veto: bool, ner_org_block: bool):
    segmenter.warm()      # load the dictionary, the gazetteer and the town table with the pipeline,
    gazetteer()           # before workers fork
    towns()
    rules = {"ner_location_support": ner_location_support, "ner_location_veto": ner_location_veto,
             "ner_org_block": ner_org_block}
    return ExtractorComponent("places", partial(extract, ner_rules=rules), after=_set_jurisdiction)


def _set_jurisdiction(ctx: ArticleContext) -> None:
    """Publish the article's main county/city for later components (officials complete 区委 with it)."""
    ctx.jurisdiction = main_jurisdiction(ctx)
