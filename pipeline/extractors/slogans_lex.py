"""Slogan lexicon (rules/slogans.toml) compiled once, and the small text helpers around it.

Kept apart from the finders so that both the candidate finders (slogans.py) and the item
finders (slogans_items.py) read one validated view of the data.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from pipeline.shared.rules import load_toml
from pipeline.shared.base import is_han

HAN = "\u4e00-\u9fff"
OPEN_Q = "“\"‘「『"
CLOSE_Q = "”\"’」』"
QUOTES = "“”\"‘’「」『』"
# One quoted phrase: bounded content, no nested quote characters, no line break.
QUOTE_RE = re.compile(r"[“\"‘「『]([^“”\"‘’「」『』\n]{1,30})[”\"’」』]")
CLAUSE_END = ",。;:!?\n"
SENTENCE_END = "。!?\n"


def _han_class_without(chars: str) -> str:
    """A regex class of the CJK block minus `chars` (Python's re has no class subtraction)."""
    cps = sorted(ord(c) for c in set(chars) if 0x4E00 <= ord(c) <= 0x9FFF)
    parts, lo = [], 0x4E00
    for cp in cps:
        if lo <= cp - 1:
            parts.append(f"\\u{lo:04x}-\\u{cp - 1:04x}")
        lo = cp + 1
    parts.append(f"\\u{lo:04x}-\\u9fff")
    return "[" + "".join(parts) + "]"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LexiconRules(_Section):
    measures: list[str]
    measure_free: list[str]
    heads: list[str]
    digit_measures: list[str]
    suffix_measures: list[str]
    generic_heads: list[str]
    join_heads: list[str]
    spirit_words: list[str] = []
    one_not_end: list[str] = []
    one_pair_chars: str = ""
    chain_tail_units: list[str] = []
    code_only_heads: list[str] = []
    code_heads: list[str]
    terms: list[str]
    quoted_terms: list[str]
    plan_terms: list[str]
    term_followers: list[str]


class RejectRules(_Section):
    common_words: list[str]
    idioms: list[str]
    hyperbolic_numerals: list[str]
    numeral_names: list[str]
    congress_followers: list[str]
    congress_numbers: list[int] = []
    issuer_prefixes: list[str] = []
    tier_words: list[str] = []
    real_heads: list[str]
    real_chars: str
    unit_chars: str
    big_word_starts: str
    ordinal_before: str


class TextRules(_Section):
    head_breakers: list[str]
    partial_openers: list[str] = []
    governing_verbs: list[str]
    item_cut_chars: str
    item_cut_verbs: list[str]
    list_closers: list[str]
    item_unclean_chars: str
    stop_chars: str
    item_strip_prefixes: list[str]
    conjunctions: list[str]
    ordinal_markers: list[str]
    demonstratives: list[str]
    appositive_openers: list[str]
    definition_links: list[str] = []
    item_position_words: list[str] = []
    item_frames: list[str] = []
    before_window: int
    after_first_marker: int
    after_window: int
    list_max_items: int
    item_max_chars: int
    key_item_max_chars: int


class SloganRules(_Section):
    """rules/slogans.toml, validated on load: an unknown or missing key is an error."""
    numerals: dict[str, int]
    lexicon: LexiconRules
    reject: RejectRules
    text: TextRules


@dataclass(frozen=True)
class Lex:
    numerals: dict[str, int]
    measures: frozenset[str]
    measure_free: frozenset[str]
    heads: tuple[str, ...]             # longest first
    generic_heads: frozenset[str]
    join_heads: tuple[str, ...]        # longest first
    spirit_words: tuple[str, ...]      # 八项规定|精神: the spirit of a slogan is not part of it
    one_not_end: tuple[str, ...]       # “一起来看”: a quoted 一-phrase ending so is speech, no slogan
    one_pair_chars: str                # “一喷多促”: 多 stands for the second numeral
    chain_tail_units: tuple[str, ...]  # 五城三小时: the chain takes the whole unit
    code_only_heads: frozenset[str]    # “131”工程 joins, “三北”工程 does not
    code_heads: tuple[str, ...]        # longest first
    terms: frozenset[str]
    quoted_terms: frozenset[str]
    plan_terms: frozenset[str]
    followers: tuple[str, ...]
    common_words: frozenset[str]
    idioms: frozenset[str]
    unit_chars: str
    big_word_starts: str
    ordinal_before: str
    stop_chars: str
    strip_prefixes: tuple[str, ...]    # longest first
    prefix_set: frozenset[str]
    prefix_lengths: tuple[int, ...]    # longest first
    head_set: frozenset[str]
    head_lengths: tuple[int, ...]
    conjunctions: tuple[str, ...]
    demonstratives: tuple[str, ...]    # longest first
    partial_openers: tuple[str, ...]   # 包括…的: a partial list before the slogan
    appositive_openers: tuple[str, ...]
    definition_links: tuple[str, ...]   # “A就是B”的“两山”: the quoted statement names the two items
    item_position_words: tuple[str, ...]  # 摆在首位的是“…”: a quoted phrase named as one item
    digit_measures: frozenset[str]
    suffix_measures: frozenset[str]
    hyperbolic: frozenset[str]
    numeral_names: tuple[str, ...]
    congress_followers: tuple[str, ...]
    congress_numbers: frozenset[int]
    issuer_prefixes: tuple[str, ...]
    tier_words: frozenset[str]
    real_heads: frozenset[str]
    real_head_lengths: tuple[int, ...]    # longest first
    real_chars: str
    breakers: tuple[str, ...]             # longest first
    breaker_set: frozenset[str]
    breaker_lengths: tuple[int, ...]
    governing_verbs: tuple[str, ...]
    item_cut_chars: str
    item_cut_verbs: tuple[str, ...]
    list_closers: tuple[str, ...]
    unclean_chars: str
    markers: tuple[str, ...]
    item_frames: tuple[re.Pattern, ...]
    windows: dict[str, int]
    num_class: str                     # regex class of the numerals
    part_char: str                     # regex class: a Han char that is not a numeral
    term_re: re.Pattern
    measured_re: re.Pattern
    chain_re: re.Pattern
    single_re: re.Pattern
    code_re: re.Pattern
    digit_measured_re: re.Pattern

    def is_num(self, ch: str) -> bool:
        return ch in self.numerals


def _longest_first(items) -> tuple[str, ...]:
    return tuple(sorted(set(items), key=lambda s: (-len(s), s)))


@lru_cache(maxsize=1)
def lex() -> Lex:
    rules = SloganRules.model_validate(load_toml("slogans.toml"))
    cfg = rules.model_dump()
    lx, rj, tx = cfg["lexicon"], cfg["reject"], cfg["text"]
    numerals = dict(rules.numerals)
    num_class = "[" + "".join(numerals) + "]"
    part_char = _han_class_without("".join(numerals))
    measure_nums = "[" + "".join(n for n in numerals if n != "双") + "]"
    all_terms = _longest_first([*lx["terms"], *lx["quoted_terms"], *lx["plan_terms"]])
    return Lex(
        numerals=numerals, measures=frozenset(lx["measures"]), measure_free=frozenset(lx["measure_free"]),
        heads=_longest_first(lx["heads"]), generic_heads=frozenset(lx["generic_heads"]),
        join_heads=_longest_first(lx["join_heads"]), code_heads=_longest_first(lx["code_heads"]),
        spirit_words=tuple(lx.get("spirit_words", ())),
        one_not_end=tuple(lx.get("one_not_end", ())), one_pair_chars=lx.get("one_pair_chars", ""),
        chain_tail_units=tuple(lx.get("chain_tail_units", ())),
        code_only_heads=frozenset(lx.get("code_only_heads", ())),
        terms=frozenset(lx["terms"]), quoted_terms=frozenset(lx["quoted_terms"]),
        plan_terms=frozenset(lx["plan_terms"]), followers=_longest_first(lx["term_followers"]),
        common_words=frozenset(rj["common_words"]), idioms=frozenset(rj["idioms"]),
        unit_chars=rj["unit_chars"], big_word_starts=rj["big_word_starts"],
        ordinal_before=rj["ordinal_before"], stop_chars=tx["stop_chars"],
        strip_prefixes=_longest_first(tx["item_strip_prefixes"]), prefix_set=frozenset(tx["item_strip_prefixes"]),
        prefix_lengths=tuple(sorted({len(p) for p in tx["item_strip_prefixes"]}, reverse=True)),
        head_set=frozenset(lx["heads"]), head_lengths=tuple(sorted({len(h) for h in lx["heads"]})),
        conjunctions=tuple(tx["conjunctions"]),
        demonstratives=_longest_first(tx["demonstratives"]), partial_openers=tuple(tx.get("partial_openers", ())), appositive_openers=tuple(tx["appositive_openers"]),
        definition_links=tuple(tx.get("definition_links", ())),
        item_position_words=tuple(tx.get("item_position_words", ())),
        digit_measures=frozenset(lx["digit_measures"]), suffix_measures=frozenset(lx["suffix_measures"]), hyperbolic=frozenset(rj["hyperbolic_numerals"]),
        numeral_names=_longest_first(rj["numeral_names"]), congress_followers=_longest_first(rj["congress_followers"]),
        congress_numbers=frozenset(rj.get("congress_numbers", ())),
        issuer_prefixes=_longest_first(rj.get("issuer_prefixes", ())),
        tier_words=frozenset(rj.get("tier_words", ())),
        real_heads=frozenset(rj["real_heads"]),
        real_head_lengths=tuple(sorted({len(h) for h in rj["real_heads"]}, reverse=True)),
        real_chars=rj["real_chars"],
        breakers=_longest_first(tx["head_breakers"]), breaker_set=frozenset(tx["head_breakers"]),
        breaker_lengths=tuple(sorted({len(b) for b in tx["head_breakers"]})),
        governing_verbs=_longest_first([*tx["governing_verbs"], *(p for p in tx["item_strip_prefixes"] if len(p) > 1)]),
        item_cut_chars=tx["item_cut_chars"], item_cut_verbs=_longest_first(tx["item_cut_verbs"]),
        list_closers=_longest_first(tx["list_closers"]),
        unclean_chars=tx["item_unclean_chars"],
        markers=tuple(tx["ordinal_markers"]),
        item_frames=tuple(re.compile(f) for f in tx.get("item_frames", [])),
        windows={k: int(tx[k]) for k in ("before_window", "after_first_marker", "after_window",
                                          "list_max_items", "item_max_chars", "key_item_max_chars")},
        num_class=num_class, part_char=part_char,
        term_re=re.compile("|".join(re.escape(t) for t in all_terms)),
        measured_re=re.compile(measure_nums + "{1,3}[" + "".join(lx["measures"]) + "]"),
        chain_re=re.compile(f"(?:{num_class}{part_char}){{2,4}}"),
        single_re=re.compile(f"{num_class}{part_char}(?={'|'.join(map(re.escape, _longest_first([*lx['term_followers'], *lx['join_heads']])))})"),
        code_re=re.compile(r"(?<![0-9.%A-Za-z])[0-9]{2,6}(?=[" + HAN + "])"),
        digit_measured_re=re.compile(r"(?<![0-9.%A-Za-z])[1-9][0-9]?[" + "".join(lx["digit_measures"]) + "]"),
    )


@lru_cache(maxsize=4096)
def numeral_value(s: str) -> int | None:
    """Value of a short Chinese numeral (一..十, 十一..九十九, 两, 双, 百, 千); None otherwise."""
    nums = lex().numerals
    if not s or any(c not in nums for c in s):
        return None
    if len(s) == 1:
        return nums[s]
    if len(s) == 2 and s[0] == "十":
        return 10 + nums[s[1]] if nums[s[1]] < 10 else None
    if len(s) in (2, 3) and s[1] == "十" and nums[s[0]] < 10:
        tail = nums[s[2]] if len(s) == 3 else 0
        return nums[s[0]] * 10 + tail if tail < 10 else None
    return None


@lru_cache(maxsize=4096)
def leading_number(text: str) -> int | None:
    """The leading numeral of a slogan (六稳六保 → 6, 十大创新 → 10); None for codes."""
    lx = lex()
    run = ""
    for ch in text:
        if ch in lx.numerals and len(run) < 3:
            run += ch
        else:
            break
    while run:
        val = numeral_value(run)
        if val is not None:
            return val
        run = run[:-1]
    return None


def starts_with_any(text: str, pos: int, words: tuple[str, ...]) -> str | None:
    """The longest of `words` (given longest first) that `text` has at `pos`."""
    for w in words:
        if text.startswith(w, pos):
            return w
    return None


def starts_with_word(text: str, pos: int, words: frozenset[str], lengths: tuple[int, ...]) -> bool:
    """Does one of `words` (whose lengths are `lengths`) start at `pos`? Set lookups, no scan."""
    return any(text[pos:pos + k] in words for k in lengths)


def ends_with_head(x: str, lx: Lex) -> bool:
    return any(x[-k:] in lx.head_set for k in lx.head_lengths if k <= len(x))


def real_ending(x: str, lx: Lex) -> int:
    """Length of the longest ending of `x` that names a real thing (0 when none)."""
    return next((k for k in lx.real_head_lengths if k <= len(x) and x[-k:] in lx.real_heads), 0)


def head_ending(x: str, lx: Lex) -> int:
    """Length of the longest ending of `x` that is a slogan head (0 when none)."""
    return max((k for k in lx.head_lengths if k <= len(x) and x[-k:] in lx.head_set), default=0)
