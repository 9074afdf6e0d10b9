"""Places found by grammar rather than by lexicon: zone names, towns/villages, abbreviations.

A zone is `<place or level word or boundary> <core> <suffix>` (日照东港国际商务区, 国家级跨境电商
综合试验区, 明水经济技术开发区); a town/village is a 2–4 character core before 镇/街道/乡/村/社区.
The hard part of both is where the name begins, since Chinese has no spaces: a lexicon match
right before the core, a boundary character, or a cut at a function character decides it.
All scans are bounded (a few characters back from each suffix), so the cost is linear.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extractors.places_gazetteer import Entry, gazetteer
from pipeline.shared import segmenter
from pipeline.shared.rules import load_toml
from pipeline.shared.base import is_han


@dataclass
class Cand:
    """A place candidate in the normalised text, before resolution."""
    start: int
    end: int
    kind: str                      # div | zone | region | foreign | country | block | town | village
    entries: tuple[Entry, ...] = ()
    key: str | None = None         # grammar zones/towns: identity within the article
    full: str | None = None        # towns: the full name (黄岛 in 河套和上马街道 → 河套街道)
    hint: int | None = None        # towns/villages: start of the lexicon/town match right before
    prio: int = 1                  # tie-break when tilings cover the same characters
    bounded: bool = True           # a name may begin here (not in the middle of a word: 滨海城区)
    ner_support: bool = False      # a LOCATION span is exactly this place (issue 12, ner_evidence)


@lru_cache(maxsize=1)
def _zone_cfg() -> dict:
    g = load_toml("places_zones.toml")["grammar"]
    strong = g["strong_suffixes"]
    weak = g["weak_suffixes"] + g["port_suffixes"] + g["park_suffixes"] + g["place_only_suffixes"]
    alts = sorted(set(strong) | set(weak), key=len, reverse=True)
    return {**g, "strong": set(strong), "abbrev": set(g["suffix_synonyms"]), "bare_weak": set(g["bare_weak_suffixes"]),
            "place_only": set(g["place_only_suffixes"]), "port": set(g["port_suffixes"]),
            "park": set(g["park_suffixes"]),
            "bare_port_chars": g.get("bare_port_chars", ""),
            "region_park": set(g.get("region_park_suffixes", [])),
            "not_first_tags": frozenset(g.get("core_first_word_not", [])),
            "re": re.compile("|".join(map(re.escape, alts)))}


@lru_cache(maxsize=1)
def _town_cfg() -> dict:
    t = load_toml("places_towns.toml")
    alts = sorted(t["suffixes"], key=len, reverse=True)
    return {**t, "re": re.compile("|".join(map(re.escape, alts))), "stop": set(t["core_stop"]),
            "stop_re": re.compile("|".join(map(re.escape, t["core_stop"]))),
            "bad_chars": frozenset(t["core_bad_chars"]), "boundary_set": frozenset(t["boundary_chars"]),
            "boundary_words": tuple(t["boundary_words"]),
            "not_first_tags": frozenset(t.get("core_first_word_not", []))}


def province_parts() -> tuple[str, ...]:
    """Direction parts that make a region of the province before them (河北北部)."""
    return tuple(_zone_cfg().get("province_parts", ()))


def norm_zone_suffix(name: str) -> str:
    """烟台经开区 and 烟台经济技术开发区 name one zone: fold suffix synonyms."""
    for short, full in _zone_cfg()["suffix_synonyms"].items():
        if name.endswith(short):
            return name[: -len(short)] + full
    return name


# ---------------------------------------------------------------- zones

def _core_ok(core: str, stop: list[str]) -> bool:
    if not all(is_han(c) for c in core) or any(w in core for w in stop):
        return False
    first = segmenter.segment(core)[0] if len(core) >= 2 else ""
    return len(first) < 2 or segmenter.word_tag(first) not in _zone_cfg()["not_first_tags"]


def _zone_from_place(text, run_start, s, lex_by_start, cfg, strong, port=False, place_only=False,
                     features=frozenset(), boundary=frozenset(), park=False, inner=frozenset()):
    """<place><core><suffix>: the earliest division/zone match in the run that leads to the suffix.
    Returns (start, identity key): without the division when the core can stand alone
    (日照东港国际商务区 = 东港国际商务区), with its code when it cannot (胶州市经开区 = 胶州经开区).
    A port or park takes the nearest place instead (内蒙古二连浩特铁路口岸 → 二连浩特铁路口岸), the
    place alone before a place-only suffix (南沙港区), and a port never a natural feature as its core
    (太湖港)."""
    positions = range(s - 1, run_start - 1, -1) if port or park else range(run_start, s)
    fallback = None
    for pos in positions:
        if (port or park) and pos in inner:
            continue                      # 安新 inside 雄安新区 names nothing here
        for end, ref in lex_by_start.get(pos, ()):
            if end > s:
                continue
            core = text[end:s]
            if park and not core and ref is None:
                fallback = fallback or (pos, text[pos:s])   # 董家口化工园区: a park of that zone,
                continue                                    # unless a place names it (雄安中关村科技园)
            if place_only and not core and ref is not None:
                if not segmenter.is_word_span(text, pos, end):
                    continue              # 三江源国家公园 is not 江源's: the place must be a word here
                return pos, ref + "|"
            if len(core) > cfg["max_core"] or not _core_ok(core, cfg["core_stop"]):
                continue
            if port and not core and ref is not None and text[s:s + 1] in cfg["bare_port_chars"] \
                    and segmenter.span_cuts(text, pos, end)[0]:
                fallback = fallback or (pos, ref + "|")      # 天津港, 徐闻港: the place's port, unless a
                continue                                      # farther place names it (宁波舟山港)
            if len(core) < 2 and not strong:      # 新区/示范区 need a real core: not 青岛市级示范区
                continue
            if port and ((end, s) in features or not boundary.isdisjoint(core)):
                continue                          # 太湖港; 赤峰至锦州港 is a route
            if ref is not None and not segmenter.is_word_span(text, pos, end):
                continue                          # 安国 in 黎安国际教育创新试验区 is no place
            if ref is not None and ref.endswith("0000") and any(
                    e2 <= s and r2 is not None and not r2.endswith("0000") for e2, r2 in lex_by_start.get(end, ())):
                continue                          # 湖南常德高新区: the province locates 常德高新区
            if ref is None:
                return pos, text[pos:s]
            return pos, core if len(core) >= 2 else ref + "|" + core
    return fallback


def _zone_after_level(text, run_start, s, cfg):
    """国家级跨境电商综合试验区 → the name starts after the level word."""
    window = text[run_start:s]
    for word in cfg["level_words"]:
        i = window.rfind(word)
        if i >= 0:
            core = window[i + len(word):]
            if 2 <= len(core) <= cfg["max_core"] and _core_ok(core, cfg["core_stop"]):
                return run_start + i + len(word)
            return -1
    return None


def _zone_bare(text, run_start, s, line_start, cfg, suffix, boundary):
    """No place/level: strong suffixes take a 2–4 char core cut at a function character; a few
    weak ones (商务区) need the whole run (3–6 chars) to follow punctuation or the line start."""
    run = text[run_start:s]
    if suffix in cfg["abbrev"]:
        return None
    if suffix in cfg["strong"]:
        tail = run[-cfg["strong_max_core"]:]
        cut = max((i for i, c in enumerate(tail) if c in boundary), default=-1)
        if cut < 0 and len(run) > len(tail):
            return None
        core = tail[cut + 1:]
        if len(core) >= 2 and _core_ok(core, cfg["core_stop"]):
            return s - len(core)
        return None
    before = text[run_start - 1] if run_start > line_start else ""
    park = suffix in cfg["park"]
    shortest = 2 if park else 3              # 、铁山工业园、
    # inside a park's name 经/以/为/由 are parts of words (数字经济), not function characters
    stops = boundary.translate({ord(c): None for c in cfg["park_core_chars"]}) if park else boundary
    if suffix in cfg["bare_weak"] and (before == "" or not (is_han(before) or before.isalnum())) \
            and shortest <= len(run) <= cfg["max_core"] \
            and _core_ok(run, cfg["core_stop"]) and not any(c in stops for c in run) \
            and (suffix not in cfg["port"] or run.endswith(tuple(cfg.get("bare_port_facilities", ())))):
        return run_start        # 、铁山工业园、; ,白云机场口岸 (a port of entry named by its facility)
    return None


def zone_candidates(text: str, ls: int, le: int, lex: list[tuple[int, int, str, tuple]]) -> list[Cand]:
    """Zones by suffix grammar in the line [ls, le); `lex` are the line's lexicon matches."""
    cfg = _zone_cfg()
    suffixes = list(cfg["re"].finditer(text, ls, le))
    if not suffixes:
        return []
    boundary = _town_cfg()["boundary_chars"]
    boundary_set = _town_cfg()["boundary_set"]
    lex_by_start: dict[int, list[tuple[int, bool]]] = {}
    region_by_start: dict[int, list[tuple[int, bool]]] = {}
    lexicon_zone_ends = set()
    division_ends = set()
    features = set()                           # spans of natural features and regions (太湖)
    inner = None                               # positions inside a full lexicon name, made when needed
    for s, e, _key, entries in lex:
        if entries[0].kind == "region":
            features.add((s, e))
        if entries[0].kind == "div":
            division_ends.add(e)               # 防城港, 张家港: the division, not a port zone
        if entries[0].kind in ("div", "zone"):
            ref = entries[0].ref if entries[0].kind == "div" and len(entries) == 1 else None
            lex_by_start.setdefault(s, []).append((e, ref))
        elif entries[0].kind == "region":
            region_by_start.setdefault(s, []).append((e, None))     # 东北虎豹国家公园: a park's place
        if any(en.kind == "zone" or (en.kind == "div" and not en.alias) for en in entries):
            lexicon_zone_ends.add(e)           # 上合示范区, 浦东新区: already a lexicon name
    out = []
    for m in suffixes:
        s, e = m.start(), m.end()
        if e in lexicon_zone_ends or e in division_ends:
            continue
        strong = m.group() in cfg["strong"]
        run_start = s
        while run_start > ls and s - run_start < 12 and is_han(text[run_start - 1]):
            run_start -= 1
        start, key = None, None
        port, place_only = m.group() in cfg["port"], m.group() in cfg["place_only"]
        park = place_only or m.group() in cfg["park"]
        if (port or park) and inner is None:
            inner = {i for ls_, le_, _k, en in lex if not all(x.alias for x in en) for i in range(ls_ + 1, le_)}
        places = lex_by_start
        if m.group() in cfg["region_park"] and region_by_start:
            places = {k: lex_by_start.get(k, []) + region_by_start.get(k, [])
                      for k in lex_by_start.keys() | region_by_start.keys()}
        hit = _zone_from_place(text, run_start, s, places, cfg, strong, port, place_only, features,
                               boundary_set, park, inner or frozenset())
        if hit:
            start, key = hit
        elif park:                    # 省级现代农业产业园: a grade of park, not a named one
            start = _zone_bare(text, run_start, s, ls, cfg, m.group(), boundary)
        else:
            lvl = _zone_after_level(text, run_start, s, cfg)
            if lvl is None:
                start = _zone_bare(text, run_start, s, ls, cfg, m.group(), boundary)
            elif lvl >= 0:
                start = lvl
        if start is not None and start < s:
            key = (key if key is not None else text[start:s]) + m.group()
            out.append(Cand(start, e, "zone", key=key, prio=2))
    return out


# ---------------------------------------------------------------- towns and villages

def _town_core_ok(core: str, suffix: str, cfg: dict, generic_end_ok: bool = False, anchored: bool = False) -> bool:
    """Whether `core` + suffix may be a town/village name. `anchored`: right after the division or
    town it lies in (五常市振兴村, 刁窝镇万全庄村), where an ordinary word is a name too: only the
    first character is held to `core_bad_chars`, and the stop words and first-word classes apply
    no more."""
    if len(core) < 2 or not all(is_han(c) for c in core):
        return False
    bad = core[0] in cfg["bad_chars"] if anchored else not cfg["bad_chars"].isdisjoint(core)
    if bad or (core[-1] in cfg["bad_core_end"][suffix] and not generic_end_ok):
        return False
    if anchored:
        return cfg["boundary_set"].isdisjoint(core[:-2])
    if core in cfg["stop"] or (len(core) > 2 and cfg["stop_re"].search(core)):
        return False
    # a function character inside that leaves ≥2 characters after it: the name starts later
    if not cfg["boundary_set"].isdisjoint(core[:-2]):
        return False
    return cfg["suffixes"][suffix] != "village" or not _begins_with_a_non_name(core, cfg)


def _begins_with_a_non_name(core: str, cfg: dict) -> bool:
    """The core's first word (segmenter) is a verb, adjective, pronoun… in the lexicon: 推广|居家."""
    words = segmenter.segment(core)
    return len(words[0]) >= 2 and segmenter.word_tag(words[0]) in cfg["not_first_tags"]


def _is_boundary(text: str, pos: int, ls: int, cfg: dict, strong_only: bool = False) -> bool:
    """True when a name may begin at `pos` (line start, non-Han character, function character)."""
    if pos <= ls:
        return True
    ch = text[pos - 1]
    if not is_han(ch):
        return True
    return not strong_only and (ch in cfg["boundary_chars"] or text.endswith(cfg["boundary_words"], ls, pos))


def name_may_start(text: str, pos: int, ls: int) -> bool:
    """Whether a place name may begin at `pos`: line start, non-Han, function character/verb."""
    return _is_boundary(text, pos, ls, _town_cfg())


def _name_char_before_generic(text: str, s: int, e: int) -> bool:
    """`神山村`, `红新村`, `苗集镇`: the core's last character and the suffix make a common noun
    (山村, 新村, 集镇), so the name is the one character before plus that noun — unless the three
    characters are themselves a word of the lexicon (小山村) or that character ends one (和美|乡村,
    千万|农村)."""
    cfg = _town_cfg()
    x, words = text[s - 2], segmenter.lexicon()
    if not is_han(x) or x in cfg["boundary_set"] or x in cfg["bad_chars"] or text[s - 1:e] in cfg["generic_never_named"]:
        return False                 # 以乡村, 把农村: a function character, not a name; 做乡村振兴
    return text[s - 1:e] in words and text[s - 2:e] not in words and text[s - 3:s - 1] not in words


def _one_char_village(text: str, s: int, e: int, cfg: dict) -> bool:
    """余 of 安吉余村: a name character, and with the suffix no word of the lexicon (not 新村, 乡村)."""
    x = text[s - 1]
    return is_han(x) and x not in cfg["boundary_set"] and x not in cfg["bad_chars"] \
        and text[s - 1:e] not in segmenter.lexicon()


def _town_start(text, ls, s, suffix, lex_ends, cfg, div_ends=None):
    """Where the town name before `s` begins, and the lexicon match it hangs on (if any). A core
    ending like a common noun (山村, 集镇) is a name only as one character right after a division,
    punctuation or the line start (see _name_char_before_generic). `lex_ends` may hold the towns
    found before (a village hangs on its town: 秋口镇王村 is 王村 of 秋口镇); a name never begins
    inside such a town (no village 秋口镇王村)."""
    e = s + len(suffix)
    div_ends = div_ends or {}
    after_town = (s - 1) in lex_ends and (s - 1) not in div_ends
    if cfg["suffixes"][suffix] == "village" and s - 1 > ls and _one_char_village(text, s, e, cfg) and (after_town or (
            (s - 1) in div_ends
            and (div_ends[s - 1] in div_ends or _is_boundary(text, div_ends[s - 1], ls, cfg, strong_only=True)))):
        return s - 1, lex_ends[s - 1], True        # 安吉余村, 秋口镇王村: one character right after its county/town
    ls = max([ls, *(x for x in lex_ends if x < s and x not in div_ends)])   # not from inside a town before
    generic = s - 2 >= ls and _name_char_before_generic(text, s, e)
    for k in (2, 3, 4):                            # right after a county/city: 平度市南村镇
        if s - k >= ls and (s - k) in lex_ends and (
                _town_core_ok(text[s - k:s], suffix, cfg, generic and k == 2)
                or (_anchor_is_local(text, s - k, lex_ends) and _name_ends_here(text, e, cfg)
                    and _town_core_ok(text[s - k:s], suffix, cfg, generic and k == 2, anchored=True))):
            return s - k, lex_ends[s - k], True
    strong = generic and (s - 2 <= ls or not (is_han(text[s - 3]) or text[s - 3].isalnum()))
    for k in (2, 3):
        if s - k >= ls and _is_boundary(text, s - k, ls, cfg) \
                and _town_core_ok(text[s - k:s], suffix, cfg, strong and k == 2):
            return s - k, None, True
    if s - 4 >= ls and _is_boundary(text, s - 4, ls, cfg, True) and _town_core_ok(text[s - 4:s], suffix, cfg):
        return s - 4, None, True
    if s - 2 >= ls and _town_core_ok(text[s - 2:s], suffix, cfg):
        return s - 2, None, False
    return None


def _anchor_is_local(text: str, end: int, lex_ends: dict[int, int]) -> bool:
    """The place ending at `end` is a county-level division or a town written in full (平度市, 道县,
    刁窝镇): what follows it may be one of its villages even when the name is an ordinary word."""
    return text[end - 1] in _LOCAL_SUFFIXES and end - lex_ends[end] >= 2


_LOCAL_SUFFIXES = "市县区旗镇乡"


def _name_ends_here(text: str, e: int, cfg: dict) -> bool:
    """After an ordinary-word village name the clause goes on with punctuation, a function character
    or a verb of place (`五常市振兴村,`, `刁窝镇万全庄村位于…`), not with more of a phrase
    (`城阳区推进社区建设`)."""
    return e >= len(text) or not is_han(text[e]) or text[e] in cfg["boundary_set"] \
        or text.startswith(cfg["boundary_words"], e)


def _followed_by_body(text: str, e: int, cfg: dict) -> bool:
    return any(text.startswith(b, e) for b in cfg["body_suffixes"])


def town_candidates(text: str, ls: int, le: int, lex: list[tuple[int, int, str, tuple]]) -> list[Cand]:
    """Towns/streets and villages/communities in the line [ls, le)."""
    cfg = _town_cfg()
    lex_ends = {e: s for s, e, _k, entries in lex if any(en.kind == "div" for en in entries)}
    town_ends: dict[int, int] = {}                 # a village may hang on a town: 院上镇七岔河村
    named = {(s, e) for s, e, _k, entries in lex if any(en.kind in ("zone", "region") for en in entries)}
    inner: set[int] | None = None                  # positions inside a division name, made when needed
    out: list[Cand] = []
    for m in cfg["re"].finditer(text, ls, le):
        suffix, s, e = m.group(), m.start(), m.end()
        if e < le and text[e] in cfg["bad_next"][suffix]:
            continue
        level = cfg["suffixes"][suffix]
        anchors = {**lex_ends, **town_ends} if level == "village" and town_ends else lex_ends
        found = _town_start(text, ls, s, suffix, anchors, cfg, lex_ends)
        if found is None:
            continue
        start, hint, bounded = found
        if (start, e) in named:
            continue                    # 中关村 is the lexicon's zone, not a village of that name
        if inner is None:
            inner = {i for s_, e_, _k, en in lex if any(x.kind == "div" for x in en) for i in range(s_ + 1, e_)}
        if start in inner:
            continue                    # 平度市新村 is no village 市新村; 安吉余村 is not 吉余村
        if not bounded and not _followed_by_body(text, e, cfg):
            continue
        if level == "town":
            town_ends[e] = start
        out.append(Cand(start, e, level, full=text[start:e], hint=hint, prio=3))
        out.extend(_coordinated(text, ls, start, suffix, level, cfg))
    return out


def _coordinated(text, ls, start, suffix, level, cfg) -> list[Cand]:
    """河套和上马街道: the conjunct before 和/与/及/、 shares the suffix (河套 → 河套街道)."""
    j = start - 1
    if j <= ls or text[j] not in cfg["coordinators"]:
        return []
    for k in (2, 3):
        a = j - k
        core = text[a:j]
        if a >= ls and _is_boundary(text, a, ls, cfg) and _town_core_ok(core, suffix, cfg):
            return [Cand(a, j, level, full=core + suffix, prio=3)]
    return []


# ---------------------------------------------------------------- abbreviations

@lru_cache(maxsize=1)
def _abbrev_table():
    table: dict[str, list[tuple[int, str, str]]] = {}
    for ab in load_toml("places_abbrev.toml")["abbrev"]:
        for p in ab["patterns"]:       # one pattern may hold two abbreviations (港澳)
            table.setdefault(p, []).append((p.rindex(ab["char"]), ab["adcode"], ab["not_next"]))
    alts = sorted(table, key=len, reverse=True)
    return table, re.compile("|".join(map(re.escape, alts)))


@lru_cache(maxsize=1)
def _province_runs():
    r = load_toml("places_abbrev.toml")["province_runs"]
    chars = re.escape("".join(r["chars"]))
    follow = "|".join(map(re.escape, sorted(r["followers"], key=len, reverse=True)))
    # two to four before a follower (川渝两地), or three to five standing alone (沪苏浙皖共同打造, 京津冀辽)
    return r["chars"], re.compile(f"[{chars}]{{2,4}}(?={follow})|[{chars}]{{3,5}}(?![{chars}])")


def abbrev_candidates(text: str, ls: int, le: int) -> list[Cand]:
    """在京召开 → 京 (北京市): one-character abbreviations, only inside fixed patterns; a run of
    province abbreviations before 两地/段/… names each province (川渝两地, 川滇段)."""
    table, rx = _abbrev_table()
    chars, runs = _province_runs()
    out = []
    words = segmenter.lexicon()
    for m in runs.finditer(text, ls, le):
        if m.start() > ls and text[m.start() - 1:m.start() + 1] in words:
            continue                         # 四川渝… is no run: its first character ends a word
        e = m.end()
        if e < le and (text[e - 1:e + 1] in words or text[e - 1:e + 2] in words):
            continue                         # 京津冀青少年: the last character begins a word
        for i in range(m.start(), m.end()):
            out.append(Cand(i, i + 1, "div", (Entry("div", chars[text[i]]),), prio=1))
    for m in rx.finditer(text, ls, le):
        for offset, code, not_next in table[m.group()]:
            if m.end() < le and text[m.end()] in not_next:
                continue
            pos = m.start() + offset
            out.append(Cand(pos, pos + 1, "div", (Entry("div", code),), prio=1))
    return out


# ---------------------------------------------------------------- country abbreviations

@lru_cache(maxsize=1)
def _country_abbrev_cfg() -> dict:
    a = load_toml("places_foreign.toml")["abbreviations"]
    table = gazetteer().table
    chars = {c: (table[name], name) for c, name in a["chars"].items() if name in table}
    patterns = {p: chars[c] for p in a["patterns"] for c in p if c in chars}
    f = load_toml("places_foreign.toml")
    countries = {names[0] for names in f["countries"] + f["country"]}     # not cities (东京 … 中东)
    return {"chars": chars, "patterns": patterns, "not_next": a["pattern_not_next"], "countries": countries,
            "pattern_re": re.compile("|".join(map(re.escape, sorted(patterns, key=len, reverse=True)))),
            "followers": tuple(a["pair_followers"]),
            "pair_re": _pair_re("".join(sorted(chars))),
            "list_re": _list_re("".join(sorted(chars)), tuple(a.get("list_followers", ())))}


def _list_re(chars: str, followers: tuple[str, ...]) -> re.Pattern | None:
    """`法、德等6国`: two or more abbreviations joined by 、 and closed by a follower ({n}: a number)."""
    if not followers:
        return None
    cls = re.escape(chars)
    alts = "|".join(re.escape(f).replace(re.escape("{n}"), "[0-9一二三四五六七八九十几多]+")
                    for f in sorted(followers, key=len, reverse=True))
    return re.compile(f"[{cls}](?:、[{cls}])+(?={alts})")


@lru_cache(maxsize=256)
def _pair_re(chars: str) -> re.Pattern:
    """Two abbreviation characters in a row (the first is matched, the second looked ahead)."""
    cls = re.escape(chars)
    return re.compile(f"[{cls}](?=[{cls}])")


def country_abbrev_candidates(text: str, ls: int, le: int, lex: list[tuple[int, int, str, tuple]]) -> list[Cand]:
    """在华 → 华 (中国); 中越两党两国, 菲中关系, 美韩 → each character names its country. The first
    character of a country written in the line abbreviates it there (菲律宾 … 菲中关系)."""
    cfg = _country_abbrev_cfg()
    out = []
    for m in cfg["pattern_re"].finditer(text, ls, le):
        if m.end() < le and text[m.end()] in cfg["not_next"]:
            continue
        pos = next(i for i in range(m.start(), m.end()) if text[i] in cfg["chars"])
        entries, name = cfg["patterns"][m.group()]
        out.append(Cand(pos, pos + 1, entries[0].kind, entries, full=name, prio=1))
    if cfg["list_re"] is not None:
        for m in cfg["list_re"].finditer(text, ls, le):
            for i in range(m.start(), m.end(), 2):
                entries, name = cfg["chars"][text[i]]
                out.append(Cand(i, i + 1, entries[0].kind, entries, full=name, prio=1))
    static = cfg["chars"]
    written = {key[0]: (entries, key) for _s, _e, key, entries in lex if entries[0].ref in cfg["countries"]}
    extra = {k: v for k, v in written.items() if static.get(k, (None,))[0] != v[0]}   # 菲 of 菲律宾
    chars = {**static, **extra} if extra else static
    starts = {m.start() for m in cfg["pair_re"].finditer(text, ls, le)}
    for c in extra:                  # pairs holding a written country's first character
        p = text.find(c, ls, le)
        while p >= 0:
            if p + 1 < le and text[p + 1] in chars:
                starts.add(p)
            if p > ls and text[p - 1] in chars:
                starts.add(p - 1)
            p = text.find(c, p + 1, le)
    towns = _town_cfg()
    taken = -1
    for p in sorted(starts):
        if p < taken:
            continue
        a, b = text[p], text[p + 1]
        if a == b or chars[a][0] == chars[b][0]:
            continue
        related = text.startswith(cfg["followers"], p + 2)
        foreign_pair = "中" not in (a, b) and a in static and b in static \
            and _is_boundary(text, p, ls, towns) and (p + 2 >= le or is_han(text[p + 2]))
        if related or foreign_pair:
            for i, c in ((p, a), (p + 1, b)):
                entries, name = chars[c]
                out.append(Cand(i, i + 1, entries[0].kind, entries, full=name, prio=1))
            taken = p + 2
    return out
