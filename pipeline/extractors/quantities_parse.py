"""Quantities, step 1 (find): amounts in the text — numeral, scale, comparator words, unit.

Grammar of an amount (every part but the numeral and the unit optional):
    [prefix comparator] NUMERAL [多|余] [scale] [多|余] UNIT [suffix comparator]
    NUMERAL (到|至|-|~) NUMERAL [scale] UNIT                      (a range)
    百分之 NUMERAL                                              (a percentage in words)
The lexicons (units by kind, scales, comparator words) come from `rules/quantities.toml`.
Parsing reads forward from each numeral with `re.match` at fixed positions only, so the whole
scan is linear in the text. Context (is it a slogan, an ordinal, a target?) is decided later.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from pipeline.shared.rules import load_toml
from pipeline.shared.tables import CN_DIGIT_VALUES
from schemas.models import Comparator, QuantityKind

CN_DIGITS = "零〇一二两三四五六七八九"
CN_ALL = CN_DIGITS + "十百千万亿"
# An Arabic number (thousands separators, decimals), a Chinese numeral that starts with a digit
# or 十 (so `万事`, `千载`, `百姓` never start one), or the percentage prefix 百分之.
NUMERAL = re.compile(
    r"(?<![\d.])\d+(?:,\d{3})*(?:\.\d+)?(?![\d])"
    rf"|(?<![{CN_ALL}])[{CN_DIGITS}十][{CN_ALL}]*(?:点[{CN_DIGITS}]+)?"
    r"|百分之"
    rf"|(?<![{CN_ALL}\d.])[百千万亿]")      # a round figure (`千亩茶园`, `近千亿元`, `亿元以上项目`)
_ROUND = {"百": Decimal(100), "千": Decimal(1000), "万": Decimal(10000), "亿": Decimal(10) ** 8}
_CN_DIGIT_VALUES = CN_DIGIT_VALUES
_CN_SINGLE_SCALES = ("万亿", "亿", "万")
_MAX_SIGNIFICANT = 15          # longer digit strings are codes, not amounts
_MAX_VALUE = Decimal("1e18")


@dataclass(frozen=True)
class Amount:
    """One amount as written: offsets in the normalised text, value in the kind's base unit."""
    start: int                  # mention start (a prefix comparator included)
    end: int                    # mention end (unit and suffix comparator included)
    num_start: int
    num_end: int
    value: float
    value_max: float | None
    unit: str
    kind: str
    comparator: str
    numeral: str                # the first numeral as written
    chinese: bool
    has_scale: bool


@dataclass(frozen=True)
class Tail:
    """What follows a numeral: optional scale and infix comparator, the unit, the end offset."""
    scale: str
    multiplier: Decimal
    unit: str
    kind: str
    infix: str | None
    end: int


class Words:
    """Longest word of a fixed list starting at a position: a few slices and set lookups."""

    def __init__(self, words):
        self.words = frozenset(w for w in words if w)
        self.lengths = sorted({len(w) for w in self.words}, reverse=True)

    def match(self, text: str, pos: int) -> str | None:
        for n in self.lengths:
            w = text[pos:pos + n]
            if w in self.words and len(w) == n:
                return w
        return None


class Lexicon:
    """The unit/scale/comparator tables of rules/quantities.toml, ready for lookups at a position."""

    def __init__(self, cfg: dict):
        self.cfg = cfg
        self.units: dict[str, tuple[str, Decimal]] = {
            unit: (kind, Decimal(str(mult))) for kind, table in cfg["units"].items() for unit, mult in table.items()}
        self.scales = {k: Decimal(str(v)) for k, v in cfg["scales"].items()}
        self.blockers = {u: Words(v) for u, v in cfg.get("unit_blockers", {}).items() if v}
        cmp = cfg["comparators"]
        self.prefix, self.infix, self.suffix = cmp["prefix"], cmp["infix"], cmp["suffix"]
        self.bound_suffixes = tuple(w for w, c in self.suffix.items() if c in ("ge", "le") and len(w) > 1)
        amount = cfg["amount"]
        self.needs_break = frozenset(amount["suffix_needs_break"])
        self.duration_free = frozenset(amount.get("suffix_free_after_duration", []))
        self.unit_words = Words(self.units)
        self.scale_words = Words(self.scales)
        self.infix_words = Words(self.infix)
        self.suffix_words = Words(self.suffix)
        self.range_words = Words(amount["range_separators"])
        self.prefix_max = max(map(len, self.prefix), default=0)
        self.code_min_digits = cfg.get("code_min_digits", 8)
        self.grade_words = Words(amount.get("grade_suffixes", []))
        self.bare_scales = frozenset(amount.get("bare_scales", []))
        self.round_kinds = frozenset(amount.get("round_number_kinds", []))
        # `上千名`, `过千亿元`, `近千名`: a round figure after one of these is a bound of any measure
        self.round_prefixes = {w: c for pair in amount.get("round_prefixes", []) for w, c in [pair.split("=")]}
        self.fraction_blockers = Words(amount.get("fraction_blockers", []))
        self.times_signs = frozenset(amount.get("times_signs", []))
        # Classifiers that may hold a comparator inside a longer unit (`个多小时` → `个小时`).
        self.split_units = frozenset(amount.get("split_units", []))
        # Characters that may follow a numeral in an amount: a cheap test before any parsing.
        self.next_chars = frozenset(w[0] for table in (self.units, self.scales, self.infix,
                                                       amount["range_separators"]) for w in table)
        self.next_chars |= frozenset("分/半" + "".join(self.times_signs))
        recent = cfg["comparators"].get("recent", {})
        self.recent_prefixes = {w: c for w, c in recent.items() if w != "units"}
        self.recent_units = frozenset(amount.get("recent_units", []))

    def unit_at(self, text: str, pos: int) -> tuple[str, int] | None:
        """The longest unit starting at `pos`, unless the text shows it is part of another word."""
        unit = self.unit_words.match(text, pos)
        if unit is None:
            return None
        end = pos + len(unit)
        blocker = self.blockers.get(unit)
        if blocker is not None and blocker.match(text, end):
            return None
        if self.grade_words.match(text, end):
            return None             # `万吨级`, `千万千瓦级`: a grade word, not an amount
        return unit, end

    def prefix_at(self, text: str, pos: int) -> tuple[str, str] | None:
        """The longest comparator word ending right before `pos`: (word, comparator or 'none')."""
        for n in range(min(self.prefix_max, pos), 0, -1):
            word = text[pos - n:pos]
            if word in self.prefix:
                return word, self.prefix[word]
        return None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Guards(_Strict):
    ordinal_prefixes: list[str]
    ranking_prefix: str
    ranking_units: list[str]
    vague_prefixes: list[str]
    context_blockers: list[str]
    context_blocker_window: int
    denominator_prefixes: list[str]
    period_units_after_rank: list[str]
    rank_prefix_not_after: list[str]
    session_units: list[str]
    session_heads: list[str]
    session_marker: str
    session_window: int
    set_phrase_heads: list[str]
    rank_units: list[str]
    rank_change_verbs: list[str]
    fan_cues: list[str]
    change_units: list[str]
    since_words: list[str]
    restating_units: list[str] = []
    idioms: list[str]


class _Markers(_Strict):
    target: list[str]
    achieved: list[str]
    weak_achieved: list[str]
    blockers: list[str]
    goal_verbs: list[str]
    goal_pivots: list[str] = []
    forecast_topics: list[str]
    plan_horizon_after: list[str]
    task_nouns: list[str] = []
    plan_headings: list[str] = []
    plan_leads: list[str] = []
    estimates: list[str]
    weak_reach: int
    goal_list_heads: list[str]
    goal_list_reach: int


class _Tables(_Strict):
    """Shape check of rules/quantities.toml on load: a typo in a key, kind or comparator fails loudly."""
    subject_max_chars: int
    marker_window: int
    quote_max_chars: int
    title_max_chars: int
    code_min_digits: int
    group_max_gap: int
    scales: dict[str, float]
    units: dict[QuantityKind, dict[str, float]]
    unit_blockers: dict[str, list[str]]
    comparators: dict[Literal["prefix", "infix", "suffix", "recent"], dict[str, Comparator | Literal["none"]]]
    amount: dict[str, list[str]]
    guards: _Guards
    subject: dict[str, list[str]]
    markers: _Markers
    group: dict[Literal["markers"], list[str]]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    cfg = load_toml("quantities.toml")
    _Tables.model_validate(cfg)
    return Lexicon(cfg)


@lru_cache(maxsize=4096)
def _cn_value(core: str) -> Decimal | None:
    """A Chinese numeral's value; None for digit-by-digit readings (`二〇二二`, `两三`) and junk."""
    if len(core) > 12:
        return None
    body = core.split("点", 1)[0]
    if len(body) > 1 and not any(c in "十百千万亿" for c in body):
        return None
    quick = _small_cn_value(core)
    if quick is not None:
        return quick
    import cn2an    # loaded when the component is built (quantities.make_component)
    try:
        return Decimal(str(cn2an.cn2an(core, "smart")))
    except (ValueError, KeyError, IndexError, InvalidOperation):
        return None


def _small_cn_value(core: str) -> Decimal | None:
    """The common small numerals without cn2an: a digit (三, 两) or a digit/十 form below 100
    (十, 十二, 二十, 三十五); anything else (百, 千, 点 …) is left to cn2an."""
    if len(core) == 1:
        value = CN_DIGIT_VALUES.get(core) if core != "○" else None      # cn2an does not read ○ alone
        return Decimal(10) if core == "十" else (Decimal(value) if value is not None else None)
    if len(core) <= 3 and "十" in core and core.count("十") == 1:
        tens, _, ones = core.partition("十")
        t = 1 if tens == "" else CN_DIGIT_VALUES.get(tens) if len(tens) == 1 else None
        o = 0 if ones == "" else CN_DIGIT_VALUES.get(ones) if len(ones) == 1 else None
        if t and o is not None and tens not in "零〇○" and ones not in "零〇○两":
            return Decimal(10 * t + o)
    return None


def numeral_value(tok: str, lex: Lexicon) -> tuple[Decimal, str, bool] | None:
    """(value, split-off scale word, is_chinese) of a numeral token; None when it is no amount.

    Trailing 万/亿 of a Chinese numeral is split off as a scale (`一千二百万元` → 1200 × 万元),
    so its unit reads like the Arabic form (`1200万元`).
    """
    if tok[0].isdigit():
        digits = tok.replace(",", "")
        if "." not in digits and "," not in tok and len(digits) >= lex.code_min_digits:
            return None
        if len(digits.replace(".", "").lstrip("0")) > _MAX_SIGNIFICANT:
            return None
        try:
            return Decimal(digits), "", False
        except InvalidOperation:
            return None
    core, scale = tok, ""
    for s in _CN_SINGLE_SCALES:
        if core.endswith(s) and len(core) > len(s):
            core, scale = core[:-len(s)], s
            break
    value = _cn_value(core)
    return (value, scale, True) if value is not None else None


def parse_tail(text: str, pos: int, lex: Lexicon, scale: str, bare: bool = True) -> Tail | None:
    """Read `[多|余] [scale] [多|余] UNIT` at `pos`. `scale` is one already split off a numeral.

    A classifier with the comparator inside (`3个多小时`, `一个多月`) reads as its unit `个小时` with
    `gt`; a scale with no unit after it (`40多万驻村队员`, `超过700万`) is a bare count (`bare`)."""
    infix = None
    word = lex.infix_words.match(text, pos)
    if word:
        infix, pos = lex.infix[word], pos + len(word)
    unit = lex.unit_at(text, pos)
    if unit is None and not scale:
        s = lex.scale_words.match(text, pos)
        if s:
            q = pos + len(s)
            word = lex.infix_words.match(text, q)
            if word and infix is None:
                infix, q = lex.infix[word], q + len(word)
            unit = lex.unit_at(text, q)
            if unit is not None:
                scale = s
            elif bare and s in lex.bare_scales and lex.unit_words.match(text, q) is None:
                return _bare_scale(text, lex, s, infix, q)
    elif unit is None and bare and scale in lex.bare_scales and lex.unit_words.match(text, pos) is None:
        return _bare_scale(text, lex, scale, infix, pos)
    if unit is None:
        return None
    word, end = unit
    if infix is None and word in lex.split_units:
        inner = lex.infix_words.match(text, end)
        q = end + len(inner) if inner else end
        joined = lex.unit_words.match(word + text[q:q + 4], 0) if inner else None
        if joined is not None and len(joined) > len(word):
            infix, end = lex.infix[inner], q + len(joined) - len(word)
            word = joined
    kind, mult = lex.units[word]
    return Tail(scale, lex.scales.get(scale, Decimal(1)) * mult, scale + word, kind, infix, end)


def _bare_scale(text: str, lex: Lexicon, scale: str, infix: str | None, end: int) -> Tail | None:
    """`125.3万`, `14亿多`: a scale word standing for the unit of a count."""
    word = lex.infix_words.match(text, end)
    if word and infix is None:
        infix, end = lex.infix[word], end + len(word)
    if end < len(text) and (text[end].isascii() and text[end].isalnum()):
        return None
    return Tail(scale, lex.scales[scale], scale, "count", infix, end)


def _suffix(text: str, pos: int, lex: Lexicon, kind: str) -> tuple[str | None, int]:
    """A comparator word right after the unit (`以上`, `左右`), with the new end."""
    word = lex.suffix_words.match(text, pos)
    if not word:
        return None, pos
    end = pos + len(word)
    free = kind == "duration" and word in lex.duration_free
    if word in lex.needs_break and not free and end < len(text):
        nxt = text[end]
        if nxt != "的" and "\u4e00" <= nxt <= "\u9fff":
            return None, pos
    return lex.suffix[word], end


def _to_float(value: Decimal) -> float | None:
    return float(value) if abs(value) < _MAX_VALUE else None


def _range_end(text: str, pos: int, lex: Lexicon) -> tuple[Decimal, str, int] | None:
    """After a range separator at `pos`: the second numeral (value, split scale, its end)."""
    sep = lex.range_words.match(text, pos)
    if sep is None:
        return None
    m = NUMERAL.match(text, pos + len(sep))
    if m is None or m.group() == "百分之":
        return None
    parsed = numeral_value(m.group(), lex)
    return (parsed[0], parsed[1], m.end()) if parsed else None


def parse_at(text: str, m: re.Match, lex: Lexicon) -> Amount | None:
    """The amount that starts with numeral match `m`, or None when no unit follows."""
    tok = m.group()
    if tok == "百分之":
        return _parse_percent_words(text, m, lex)
    if tok in _ROUND:
        return _parse_round(text, m, lex)
    nxt = text[m.end():m.end() + 2]
    if nxt == "分之" or (nxt[:1] == "/" and tok.isdigit()):
        return _parse_fraction(text, m, lex)
    if nxt[:1] in lex.times_signs and tok.isdigit() and len(tok) <= 2:
        return _parse_product(text, m, lex)
    if tok == "一" and nxt[:1] == "半":
        tail = Tail("", Decimal(50), "%", "percent", None, m.end() + 1)
        suffix, end = _suffix(text, tail.end, lex, "percent")
        return _amount(text, m, lex, Decimal(1) * tail.multiplier, None, tail, suffix, end, True)
    pair = _digit_pair(tok)
    if pair is not None:                # `七八斤`, `两三个`: a range written as two digits
        tail = parse_tail(text, m.end(), lex, "", bare=False)
        if tail is None or tail.infix:
            return None
        suffix, end = _suffix(text, tail.end, lex, tail.kind)
        lo, hi = pair
        return _amount(text, m, lex, lo * tail.multiplier, hi * tail.multiplier, tail, "ge", end, True)
    parsed = numeral_value(tok, lex)
    if parsed is None:
        return None
    value, scale, chinese = parsed
    if not scale and text.startswith(_HALF_CLASSIFIER, m.end()):
        return _parse_and_a_half(text, m, lex, value, chinese)
    first = parse_tail(text, m.end(), lex, scale)
    value_max = None
    tail = first
    rng = _range_end(text, first.end if first else m.end(), lex)
    if rng is not None and (first is None or (first.infix is None and not first.scale)):
        second = parse_tail(text, rng[2], lex, rng[1])
        same_scale = not scale or scale == second.scale if second else False
        if second is not None and same_scale and (first is None or first.unit == second.unit):
            tail, value_max = second, rng[0] * second.multiplier
    if tail is None:
        return None
    suffix, end = _suffix(text, tail.end, lex, tail.kind)
    comparator = "ge" if value_max is not None else (suffix or tail.infix)
    return _amount(text, m, lex, value * tail.multiplier, value_max, tail, comparator, end, chinese)


_HALF_CLASSIFIER = "个半"


def _parse_and_a_half(text: str, m: re.Match, lex: Lexicon, value: Decimal, chinese: bool) -> Amount | None:
    """`2个半小时`, `三个半月`: N and a half of the unit after 个半 (value 2.5, unit 小时)."""
    tail = parse_tail(text, m.end() + len(_HALF_CLASSIFIER), lex, "", bare=False)
    if tail is None or tail.kind != "duration" or tail.infix:
        return None
    suffix, end = _suffix(text, tail.end, lex, tail.kind)
    return _amount(text, m, lex, (value + Decimal("0.5")) * tail.multiplier, None, tail, suffix, end, chinese)


def _digit_pair(tok: str) -> tuple[Decimal, Decimal] | None:
    """`七八` → (7, 8): two consecutive Chinese digits are a range, not a number."""
    if len(tok) != 2 or tok[0] not in _CN_DIGIT_VALUES or tok[1] not in _CN_DIGIT_VALUES:
        return None
    lo, hi = _CN_DIGIT_VALUES[tok[0]], _CN_DIGIT_VALUES[tok[1]]
    return (Decimal(lo), Decimal(hi)) if lo > 0 and hi == lo + 1 else None


def _parse_round(text: str, m: re.Match, lex: Lexicon) -> Amount | None:
    """`千亩茶园` (≈1000 亩), `近千亿元`, `投资亿元以上项目` (≥ 1e8 元): a bare 百/千/万/亿 is a round
    figure of a measure (`round_number_kinds`); money needs a comparator (`亿元项目` alone is a size class)."""
    tail = parse_tail(text, m.end(), lex, "", bare=False)
    if tail is None:
        return None
    bound = next(((w, c) for w, c in lex.round_prefixes.items() if text.endswith(w, 0, m.start())), None)
    if tail.kind not in lex.round_kinds and bound is None and text[m.end():m.end() + 1] not in ("余", "多"):
        return None                     # `千余部作品`, `百余名专家`: 余/多 make any round figure a bound
    suffix, end = _suffix(text, tail.end, lex, tail.kind)
    pre = lex.prefix_at(text, m.start())
    if bound is not None and (pre is None or len(pre[0]) <= len(bound[0])):
        pre = bound
    comparator = suffix or tail.infix or (pre[1] if pre and pre[1] != "none" else None)
    if comparator is None:
        if tail.kind == "money":
            return None
        comparator = "approx"
    if tail.kind == "money" and not tail.scale:
        tail = Tail(m.group(), tail.multiplier, m.group() + tail.unit, tail.kind, tail.infix, tail.end)
    return _amount(text, m, lex, _ROUND[m.group()] * tail.multiplier, None, tail, comparator, end, True)


def _parse_fraction(text: str, m: re.Match, lex: Lexicon) -> Amount | None:
    """`五分之一` → 20 %, `近3/4` → 75 % (approx): a share is a percent."""
    tok = m.group()
    sep = 2 if text.startswith("分之", m.end()) else 1
    n = NUMERAL.match(text, m.end() + sep)
    if n is None or n.group() in ("百分之",) or n.group() in _ROUND:
        return None
    first, second = numeral_value(tok, lex), numeral_value(n.group(), lex)
    den, num = (first, second) if sep == 2 else (second, first)     # 五分之一 / 1/5
    if den is None or num is None or den[1] or num[1] or den[0] == 0:
        return None
    if sep == 1 and (not n.group().isdigit() or num[0] >= den[0] or den[0] > 100 or not tok.isdigit()
                     or text[m.start() - 1:m.start()] in "/.-" and m.start() > 0
                     or text[n.end():n.end() + 1] in ("/", ".", "-") and n.end() < len(text)):
        return None                     # `2022/3/4`, `3/2`: a date or a code, not a share
    if lex.fraction_blockers.match(text, n.end()):
        return None                     # `四分之一决赛`: a round of a tournament
    tail = Tail("", Decimal(1), "%", "percent", None, n.end())
    suffix, end = _suffix(text, n.end(), lex, "percent")
    return _amount(text, m, lex, num[0] * 100 / den[0], None, tail, suffix, end, den[2])


def _parse_product(text: str, m: re.Match, lex: Lexicon) -> Amount | None:
    """`2×34万千瓦` → 680000 千瓦: N units of an amount are one amount, the total."""
    n = NUMERAL.match(text, m.end() + 1)
    if n is None or n.group() == "百分之" or n.group() in _ROUND:
        return None
    inner = parse_at(text, n, lex)
    if inner is None or inner.num_start != n.start() or inner.value_max is not None:
        return None
    value = Decimal(m.group()) * Decimal(str(inner.value))
    fv = _to_float(value)
    if fv is None:
        return None
    return Amount(start=m.start(), end=inner.end, num_start=m.start(), num_end=m.end(), value=fv, value_max=None,
                  unit=inner.unit, kind=inner.kind, comparator=inner.comparator, numeral=m.group(),
                  chinese=False, has_scale=inner.has_scale)


def _amount(text, m, lex, value, value_max, tail: Tail, comparator, end, chinese) -> Amount | None:
    start = m.start()
    pre = lex.prefix_at(text, start)
    if m.group() in _ROUND:
        bound = next(((w, c) for w, c in lex.round_prefixes.items() if text.endswith(w, 0, start)), None)
        if bound is not None and (pre is None or len(pre[0]) <= len(bound[0])):
            pre = bound
    if pre is not None and pre[1] != "none":
        start -= len(pre[0])
        if tail.kind == "duration" and tail.unit in lex.recent_units and pre[0] in lex.recent_prefixes:
            comparator = lex.recent_prefixes[pre[0]]      # `近10年来`: the most recent ten years
        elif pre[1] == "gt" and comparator == "ge":
            comparator = "gt"                               # `超过…以上` → gt
        else:
            comparator = comparator or pre[1]
    fv = _to_float(value)
    fmax = _to_float(value_max) if value_max is not None else None
    if fv is None or (value_max is not None and fmax is None):
        return None
    return Amount(start=start, end=end, num_start=m.start(), num_end=m.end(), value=fv, value_max=fmax,
                  unit=tail.unit, kind=tail.kind, comparator=comparator or "eq", numeral=m.group(),
                  chinese=chinese, has_scale=bool(tail.scale))


def _parse_percent_words(text: str, m: re.Match, lex: Lexicon) -> Amount | None:
    """`百分之十`, `百分之八十五点五` → percent; the mention covers 百分之."""
    n = NUMERAL.match(text, m.end())
    if n is None or n.group() == "百分之":
        return None
    parsed = numeral_value(n.group(), lex)
    if parsed is None or parsed[1]:
        return None
    tail = Tail("", Decimal(1), "%", "percent", None, n.end())
    suffix, end = _suffix(text, n.end(), lex, "percent")
    return _amount(text, m, lex, parsed[0], None, tail, suffix, end, True)


def find_amounts(text: str, lex: Lexicon | None = None) -> list[Amount]:
    """Every amount with a unit, left to right, non-overlapping (a range consumes both numerals)."""
    lex = lex or lexicon()
    out: list[Amount] = []
    consumed = 0
    follow = lex.next_chars
    for m in NUMERAL.finditer(text):
        if m.start() < consumed or (text[m.end():m.end() + 1] not in follow and m.group() != "百分之"):
            continue
        amount = parse_at(text, m, lex)
        if amount is not None:
            out.append(amount)
            consumed = amount.end
    return out
