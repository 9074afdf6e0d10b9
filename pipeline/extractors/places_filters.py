"""The accept/reject decision for a place candidate: `is_place_mention` (its data: rules/places_exclude.toml).

docs/annotation.md (Places): a written place is not a mention when it is part of a company, outlet, park,
brand, facility, title or person (`青岛日报`, `青岛海晟光电科技有限公司`, `莱西有礼`, `徐州舰`), a
town that the division data does not know and nothing else vouches for (年党龄的镇, 离开村 is a village:
see places_towns.toml), or
when a name without its suffix is only a piece of a longer word (重大理论 → 大理, 惠民生 → 惠民,
隆重庆祝 → 重庆), or a subdivision of a foreign country (乌克兰苏梅州 → 梅州). Word boundaries come from
a real segmenter (pipeline.shared.segmenter), run only on suffix-less candidates that structure
(punctuation, a province or another place right before/after) does not already settle. Each test
looks at a bounded window around the candidate, so the whole decision is linear in the text.
"""
from __future__ import annotations

import re
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from pipeline.extractors.places_gazetteer import town_core, towns
from pipeline.extractors.places_grammar import Cand, is_han
from pipeline.shared.rules import load_toml
from pipeline.shared.segmenter import span_cuts, word_length_at
from pipeline.shared.tables import DIVISION_LEVELS

RULES_FILE = "places_exclude.toml"

_QUOTE_SCAN = 40        # how far to look for an enclosing quotation mark / title mark


class ExcludeRules(BaseModel):
    """rules/places_exclude.toml, validated on load (a misspelt key is an error, not a silent default)."""
    model_config = ConfigDict(extra="forbid")
    window: int
    run_break_chars: str
    run_break_words: list[str]
    company_suffixes: list[str]
    media_suffixes: list[str]
    media_bare_suffix: str
    media_bare_next: str
    park_suffixes: list[str]
    quote_max: int
    quote_pairs: list[str]
    title_pairs: list[str]
    block_phrases: list[str]
    foreign_bad_next: str
    person_surnames: str
    person_prev_ok: str
    person_next: list[str]
    suffix_blockers: dict[str, str] = {}
    route_dashes: str = ""
    route_project_words: list[str] = []
    route_reach: int = 24
    # word-boundary evidence for suffix-less names
    body_next: list[str]
    left_function_chars: str
    compound_rest_min: int
    compound_rest_chars: str = ""
    foreign_gap_max: int
    foreign_gap_breaks: str
    feature_suffixes: list[str]
    feature_suffixes_after_province: list[str]
    feature_bad_next: str
    direction_chars: str = ""
    edition_chars: str = ""
    official_name_suffixes: list[str] = []


def _break_word(word: str, suffixes: list[str]) -> str:
    """A break word does not break where it begins a name suffix (联合 in 残疾人联合会)."""
    tails = [x[len(word):] for x in suffixes if x.startswith(word) and len(x) > len(word)]
    return re.escape(word) + (f"(?!{'|'.join(map(re.escape, tails))})" if tails else "")


def load_rules() -> ExcludeRules:
    return ExcludeRules.model_validate(load_toml(RULES_FILE))


@lru_cache(maxsize=1)
def _cfg() -> dict:
    c = load_rules().model_dump()
    g = load_toml("places_gazetteer.toml")
    suffixes = sorted(c["company_suffixes"] + c["media_suffixes"] + c["park_suffixes"], key=len, reverse=True)
    c["suffix_re"] = re.compile("|".join(map(re.escape, suffixes)))
    words = "|".join(_break_word(w, suffixes) for w in c["run_break_words"])
    c["run_re"] = re.compile(f"(?:(?!{words})[^{re.escape(c['run_break_chars'])}]){{0,{int(c['window'])}}}")
    c["street"] = tuple(g["street_suffixes"])
    c["all_pairs"] = tuple(c["title_pairs"] + c["quote_pairs"])
    c["bad_next_county"] = g["bad_next_after_county"]
    c["bad_next_area"] = g["bad_next_after_area"]
    c["body_next_t"] = tuple(c["body_next"])
    return c


def name_run(text: str, end: int, le: int) -> str:
    """The characters after a place that could continue a proper name (bounded, no punctuation)."""
    m = _cfg()["run_re"].match(text, end, le)
    return m.group() if m else ""


def in_other_name(text: str, cand: Cand, le: int) -> bool:
    """The place begins a company, media outlet or park name (the run ends in such a suffix)."""
    c = _cfg()
    end = cand.end
    if 0 < cand.start and text[cand.start - 1] == "(" and text.startswith(")", end):
        end += 1                        # 中欧(中亚)班列: a bracketed variant inside the name
    run = name_run(text, end, le)
    if not run:
        return False
    blockers = c.get("suffix_blockers", {})
    for m in c["suffix_re"].finditer(run):
        if len(m.group()) == 1 and text.startswith(c["street"], end + m.end()):
            continue                    # 西城区北草厂胡同: 草厂 names a street here, not a factory
        nxt = run[m.end():m.end() + 1] or (text[end + m.end()] if end + m.end() < le else "")
        if not nxt or nxt not in blockers.get(m.group(), ""):
            return True
    bare = c["media_bare_suffix"]
    i = run.rfind(bare)
    return i >= 0 and i == len(run) - 1 and (end + len(run) >= le
                                             or text[end + len(run)] in c["media_bare_next"] + "/ ")


def _enclosing(text: str, s: int, e: int, ls: int, le: int, pair: str) -> tuple[int, int] | None:
    """(open, close) of the `pair` quotation around [s, e) on the same line, if any (bounded)."""
    o, cl = pair[0], pair[1]
    lo = max(ls, s - _QUOTE_SCAN)
    i = text.rfind(o, lo, s)
    if i < 0 or text.rfind(cl, i, s) >= 0:
        return None
    hi = min(le, e + _QUOTE_SCAN)
    j = text.find(cl, e, hi)
    if j < 0:
        return None
    k = text.find(o, e, j)
    return None if k >= 0 else (i, j)


def in_quote_or_title(text: str, cand: Cand, ls: int, le: int) -> bool:
    """Inside 《…》, or inside a short quotation that is more than the place (“莱西有礼”)."""
    c = _cfg()
    for pair in c["title_pairs"]:
        if _enclosing(text, cand.start, cand.end, ls, le, pair):
            return True
    for pair in c["quote_pairs"]:
        hit = _enclosing(text, cand.start, cand.end, ls, le, pair)
        if hit:
            content = text[hit[0] + 1:hit[1]]
            if len(content) <= c["quote_max"] and content != text[cand.start:cand.end]:
                return True
    return False


def is_person(text: str, cand: Cand, ls: int, le: int) -> bool:
    """市长李长春表示: a surname right before and a speech verb/punctuation right after."""
    c = _cfg()
    s = cand.start
    if s - 1 < ls or text[s - 1] not in c["person_surnames"]:
        return False
    before = text[s - 2] if s - 2 >= ls else ""
    if before and is_han(before) and before not in c["person_prev_ok"]:
        return False
    return cand.end >= le or text.startswith(tuple(c["person_next"]), cand.end)


def bad_context(text: str, cand: Cand, alias: bool, weak_full: bool, le: int) -> bool:
    """Word-level clashes: 中山路, 长江路 (streets), 提高县域 (高县), 城中区域, 朝鲜族 (ethnic group)."""
    c = _cfg()
    nxt = text[cand.end] if cand.end < le else ""
    name = text[cand.start:cand.end]
    if cand.start > 0 and _opens_event_name(text, cand.start, c):
        return True                     # 第十八届中国国际文化产业博览会, 2024中国新媒体大会
    if (alias or cand.kind == "region") and text.startswith(c["street"], cand.end) \
            and not text.startswith("街道", cand.end):         # 中山路, 南京长江路
        return True
    if weak_full and nxt and nxt in c["bad_next_county"]:
        return True
    if name.endswith(("区", "县")) and nxt and nxt in c["bad_next_area"]:
        return True
    if cand.kind in ("region", "foreign") and nxt == "部" and not text.startswith("部分", cand.end) \
            and set(name) <= set(c["direction_chars"]):
        return True                     # 内蒙古中东部: a part of the place before, not the Middle East
    if cand.kind in ("foreign", "country") and nxt:
        # 依法国有资产 (国有); but the segmenter may still end the name there (中国|内地, 美国|内政)
        return nxt == "族" or (name.endswith("国") and nxt in c["foreign_bad_next"]
                               and not span_cuts(text, cand.start, cand.end)[1])
    return False


def _opens_event_name(text: str, start: int, c: dict) -> bool:
    """A place right after an edition (`第十八届`, `首届`) or a bare year (`2024中国…`) opens the name
    of the event or programme so numbered, not a mention of the place."""
    if text[start - 1] in c["edition_chars"]:
        return True
    return start >= 4 and text[start - 4:start].isdigit() and (start == 4 or not text[start - 5].isdigit())


def has_marks(text: str, ls: int, le: int) -> bool:
    """Whether the line has any opening quotation/title mark (else in_quote_or_title is skipped)."""
    line = text[ls:le]
    return any(pair[0] in line for pair in _cfg()["all_pairs"])


def after_foreign(text: str, cand: Cand, prev: Cand | None) -> bool:
    """乌克兰苏梅州, 美国德州: a Chinese name right after a foreign place (a few Han characters between,
    no function character) is a subdivision of that country."""
    if prev is None or prev.kind != "foreign" or prev.end > cand.start:
        return False
    c = _cfg()
    gap = text[prev.end:cand.start]
    return len(gap) <= c["foreign_gap_max"] and all(is_han(ch) and ch not in c["foreign_gap_breaks"] for ch in gap)


@lru_cache(maxsize=1)
def feature_first_chars() -> frozenset[str]:
    return frozenset(suf[0] for suf in _cfg()["feature_suffixes"])


def feature_suffix(text: str, cand: Cand, province: bool, le: int) -> str | None:
    """鄱阳湖, 钱塘江, 印度洋, 贺兰山: the suffix of a natural feature written right after a name."""
    c = _cfg()
    for suf in (c["feature_suffixes_after_province"] if province else c["feature_suffixes"]):
        if text.startswith(suf, cand.end):
            e = cand.end + len(suf)
            if e < le and text[e] in c["feature_bad_next"]:
                return None                       # 浙江山区: 山区 is a word, not a mountain
            return suf
    return None


def word_evidence(text: str, cand: Cand, ls: int, le: int, prev: Cand | None, nxt: Cand | None,
                  whole: bool = False) -> bool:
    """Whether a name written without its suffix (大理, 惠民, 和安) is a word here, not a piece of one.
    Structure first (another place right before/after, punctuation on both sides, a government body
    or a part-of word after), then the segmenter on a small window (cached) for the sides structure
    leaves open. A compound that begins with the name (遵义会议, 天津港) does not cut it, unless
    `whole` asks for the span to end a word (桂林山水 is not the mountain 桂林山)."""
    if prev is not None and prev.end == cand.start and prev.kind in ("div", "zone") \
            and _pair_starts_a_word(text, prev.start, ls):
        return True                                   # 山东德州 (the segmenter says 山|东德|州)
    if nxt is not None and nxt.start == cand.end and nxt.kind in ("div", "town", "village") \
            and _pair_starts_a_word(text, cand.start, ls):
        return True                                   # 德州禹城
    c = _cfg()
    before = text[cand.start - 1] if cand.start > ls else ""
    after = text[cand.end] if cand.end < le else ""
    left = not is_han(before or "a")                  # punctuation or line start before
    right = not is_han(after or "a") or text.startswith(c["body_next_t"], cand.end)
    if right and (left or before in c["left_function_chars"]):
        return True                                   # 、河北、 / 西至张掖, / 德州代表团
    at_start, at_end, compound = span_cuts(text, cand.start, cand.end)
    if compound and not (right or at_end):
        # a compound that begins with the name counts when the rest of it is a word of its own
        # (遵义|会议, 延安|精神) or a level word (凉山|州), not another single character (大丰|收, 哈密|瓜)
        rest = word_length_at(text, cand.start) - (cand.end - cand.start)
        compound = rest >= c["compound_rest_min"] or text.startswith(DIVISION_LEVELS, cand.end) \
            or (rest == 1 and after in c["compound_rest_chars"])     # 凉山州, 越南籍
    return (left or at_start) and (right or at_end or (compound and not whole))


def _pair_starts_a_word(text: str, start: int, ls: int) -> bool:
    """Two places written together support each other only when the pair does not begin inside a
    word (胸怀远大理想 holds 怀远 + 大理, both pieces of other words)."""
    if start == ls or not is_han(text[start - 1]):
        return True
    return span_cuts(text, start, start + 1)[0]


def known_town(text: str, cand: Cand, le: int) -> bool:
    """A town/street is a real toponym: the division data knows its name (with any town suffix), it
    hangs on the division written right before it (平度市南村镇), or its own body follows (X镇党委)."""
    if towns().get(town_core(cand.full or text[cand.start:cand.end])):
        return True
    return cand.hint is not None or text.startswith(_town_bodies(), cand.end, le)


@lru_cache(maxsize=1)
def _town_bodies() -> tuple[str, ...]:
    return tuple(load_toml("places_towns.toml")["body_suffixes"])


def is_place_mention(text: str, cand: Cand, ls: int, le: int, prev: Cand | None = None,
                     nxt: Cand | None = None, marks: bool = True, weak_full: bool = False) -> bool:
    """THE accept/reject decision for one tiled candidate of the line [ls, le); `prev` is the last
    accepted candidate of the line, `nxt` the next tiled one. See the module docstring."""
    if cand.kind == "block":
        return False
    alias = cand.kind == "div" and all(en.alias for en in cand.entries)
    if (marks and in_quote_or_title(text, cand, ls, le)) or bad_context(text, cand, alias, weak_full, le):
        return False
    if cand.kind == "town" and not known_town(text, cand, le):
        return False
    if cand.kind in ("town", "village"):
        return not in_other_name(text, cand, le)
    if alias and (is_person(text, cand, ls, le) or after_foreign(text, cand, prev)):
        return False
    if in_other_name(text, cand, le) and not _locates_next(text, cand, nxt, le):
        return False
    if route_endpoint(text, cand, le):
        return False
    if alias:
        return word_evidence(text, cand, ls, le, prev, nxt)
    if (cand.kind == "region" and cand.end - cand.start <= 2) or (cand.kind == "foreign" and cand.end - cand.start == 2):
        # 华北, 西北, 长江, 加蓬 are words of their own; 山西北部, 东北虎, 东西南北中, 更加蓬勃 only contain them
        return word_evidence(text, cand, ls, le, prev, nxt, whole=cand.kind == "region")
    return True


def route_endpoint(text: str, cand: Cand, le: int) -> bool:
    """`陇东—山东、哈密—重庆等特高压直流工程`, `大同—怀来—天津南特高压`: a place written as an end of a
    dashed route whose clause goes on to name a power or transport project is part of that
    project's name, not a mention."""
    c = _cfg()
    dashes = c["route_dashes"]
    if not dashes or not ((cand.end < le and text[cand.end] in dashes) or (cand.start > 0 and text[cand.start - 1] in dashes)):
        return False
    stop = cand.end
    limit = min(le, cand.end + c["route_reach"])
    while stop < limit and text[stop] not in "。,;!?:\n":
        stop += 1
    return any(w in text[cand.end:stop] for w in c["route_project_words"])


def _locates_next(text: str, cand: Cand, nxt: Cand | None, le: int) -> bool:
    """`在河南洛阳轴承集团`, `在广西北海汉代文化博物馆`, `在安阳林州市红旗渠纪念馆`, `在俄罗斯莫斯科
    国际关系学院`: a province, a city before one of its counties, or a country before a foreign city,
    written right before it, is the locator of what follows, not the first word of its name (but
    上海浦东国际机场)."""
    if nxt is None or nxt.start != cand.end \
            or any(x in name_run(text, cand.end, le) for x in _cfg()["official_name_suffixes"]):
        return False
    if cand.kind == "foreign" and nxt.kind == "foreign":
        countries = _foreign_countries()
        return any(en.ref in countries for en in cand.entries) and not any(en.ref in countries for en in nxt.entries)
    if cand.kind != "div" or nxt.kind not in ("div", "zone"):
        return False
    if any(en.ref.endswith("0000") for en in cand.entries):
        return not any(en.ref.endswith("0000") for en in nxt.entries)
    cities = {en.ref[:4] for en in cand.entries if en.ref.endswith("00")}
    return nxt.kind == "div" and bool(cities) and all(en.ref[:4] in cities and not en.ref.endswith("00")
                                                      for en in nxt.entries)


@lru_cache(maxsize=1)
def _foreign_countries() -> frozenset[str]:
    """The group names of foreign countries (not cities): a country locates the city after it."""
    return frozenset(names[0] for names in load_toml("places_foreign.toml")["countries"])


def excluded(text: str, cand: Cand, ls: int, le: int, alias: bool = False, weak_full: bool = False,
             marks: bool = True) -> bool:
    """The old negative interface (no neighbours known): not is_place_mention."""
    return not is_place_mention(text, cand, ls, le, marks=marks, weak_full=weak_full)
