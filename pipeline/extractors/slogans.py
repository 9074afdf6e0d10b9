"""Extractor: numbered slogans (docs/annotation.md, Numbered slogans).

find candidates → resolve overlaps → group by text → add plain repeats → items → emit.

Candidates come from five finders, each a linear scan with one compiled regex:
- quoted phrases (`“十大创新”`, `“三新、四化、五区”`, `“六稳”“六保”`, `“1266”总体思路`, `“5+2”`);
- measured phrases N+measure+X in running text (`六大生态`, `六个发展定位`, `三场“战役”`);
- unquoted digit codes followed by a code head (`1266总体思路`, `131工程`);
- compact coordinated chains (`双招双引`, `三纵三横`), short terms before `一体化` (`双莱`) and
  before a joined head (`弘扬三牛精神`);
- lexicon terms (`三农`, `双碳`, `十四五`).
Evidence is quotes, a head from rules/slogans.toml, or the lexicon; counts of real things
(`三个居民安置区`), ordinals (`第一`), congress ordinals (`二十大`) and idioms are rejected.
Decisions about text/number/head are documented at the top of rules/slogans.toml.
"""
from __future__ import annotations

import bisect

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language

from pipeline.shared import segmenter
from pipeline.shared.base import ArticleContext, ExtractorComponent, SpanIndex
from pipeline.extractors.places_gazetteer import find_keys
from pipeline.extractors.slogans_items import ItemFinder
from pipeline.extractors.slogans_lex import (QUOTE_RE, QUOTES, Lex, ends_with_head, head_ending, is_han,
                                             leading_number, lex, numeral_value, real_ending, starts_with_any,
                                             starts_with_word)

Span = tuple[int, int]
_MAX_ITEM_MENTIONS = 30       # mentions of one slogan tried for items (bounded work per slogan)
_MAX_MERGED = 3               # at most three adjacent quoted terms merge (“六稳”“六保”)
_CODE_RE = re.compile(r"^[0-9]{2,6}$")
_PLUS_RE = re.compile(r"^(?:[0-9A-Za-z]{1,2}(?:\+[0-9A-Za-z]{1,2})+|[\u4e00-\u9fff](?:\+[\u4e00-\u9fff])+)$")


@dataclass
class Cand:
    """One slogan mention found in the text, with what the finder learnt about it."""
    text: str
    span: Span
    number: int | None
    head: str | None
    rank: int                                   # finder strength: lower wins ties
    key: str | None = None                      # one-character head whose items may be listed (三牛 → 牛)
    parts: tuple[str, ...] = ()                 # parts of a coordinated slogan (三新、四化、五区)
    items: list[str] = field(default_factory=list)   # items known at finding time (融/强/靓/改)
    extra: list[Span] = field(default_factory=list)  # further evidence spans (the quoted 融强靓改)
    stem_key: str | None = None                 # N+K+rest (三权分置 → 权): its expanded form may be written
    quoted: bool = False                        # the phrase (or its head) is in quotes
    needs_items: bool = False                   # kept only when its items are found complete (3点希望)


# ---------------------------------------------------------------- describing a term

@lru_cache(maxsize=4096)
def describe(text: str) -> tuple[int | None, str | None, str | None, tuple[str, ...]]:
    """(number, head, key, parts) of a numbered term such as 三农, 两个确立, 三重一大, 十四五."""
    lx = lex()
    if text in lx.plan_terms:
        return None, None, None, ()
    number = leading_number(text)
    i = 0
    while i < len(text) and lx.is_num(text[i]):
        i += 1
    rest = text[i:]
    if any(lx.is_num(c) for c in rest):
        return number, None, None, tuple(_chain_parts(text, lx))
    if len(rest) > 1 and rest[0] in lx.measures:
        return number, rest[1:], None, ()
    jh = next((h for h in lx.join_heads if rest.endswith(h) and rest != h), None)
    if jh:
        return number, jh, None, ()       # 千万工程 → 工程
    return number, rest or None, rest if len(rest) == 1 else None, ()


def _chain_parts(text: str, lx: Lex) -> list[str]:
    """Split a compact chain at each numeral that follows a non-numeral (三重一大 → 三重, 一大)."""
    parts: list[str] = []
    for i, ch in enumerate(text):
        if lx.is_num(ch) and (i == 0 or not lx.is_num(text[i - 1])):
            parts.append(ch)
        elif parts:
            parts[-1] += ch
    return parts


def _single(text: str, lx: Lex) -> bool:
    """N + one or two non-numeral characters that form no ordinary word (四新, 三牛, 两创)."""
    return (2 <= len(text) <= 3 and lx.is_num(text[0]) and text[0] != "一"
            and all(is_han(c) and not lx.is_num(c) and c not in lx.unit_chars and c not in lx.stop_chars
                    for c in text[1:])
            and text not in lx.common_words and text not in lx.idioms
            and not (len(text) == 3 and text[1] == "大" and text[2] in lx.big_word_starts))   # 四大队: a brigade


# ---------------------------------------------------------------- finder 1: quoted phrases

def find_quoted(text: str, lx: Lex) -> tuple[list[Cand], dict[int, tuple[int, int]]]:
    """Classify every quoted phrase; returns candidates and quote content spans by close position."""
    out, by_close = _find_quoted(text, lx)
    for c in out:
        c.quoted = True
    return out, by_close


def _find_quoted(text: str, lx: Lex) -> tuple[list[Cand], dict[int, tuple[int, int]]]:
    quotes = [(m.start(1), m.end(1)) for m in QUOTE_RE.finditer(text)]
    by_close = {qe: (qs, qe) for qs, qe in quotes}
    out: list[Cand] = []
    i = 0
    while i < len(quotes):
        qs, qe = quotes[i]
        j = i
        # "六稳""六保": adjacent numbered short terms merge into one slogan.
        while j + 1 < len(quotes) and j - i < _MAX_MERGED - 1 and quotes[j + 1][0] == quotes[j][1] + 2 \
                and _merge_ok(text[slice(*quotes[j])], lx) and _merge_ok(text[slice(*quotes[j + 1])], lx) \
                and text[slice(*quotes[j + 1])] not in {text[a:b] for a, b in quotes[i:j + 1]}:
            j += 1
        if j > i:
            parts = tuple(text[s:e] for s, e in quotes[i:j + 1])
            out.append(Cand("".join(parts), (qs, quotes[j][1]), leading_number(parts[0]), None, 0, parts=parts))
            i = j + 1
            continue
        cand = classify_quote(text, qs, qe, lx)
        if cand is not None:
            out.append(cand)
        i += 1
    return out, by_close


def _merge_ok(q: str, lx: Lex) -> bool:
    return _single(q, lx) or (q in lx.terms and len(q) <= 3)


def classify_quote(text: str, qs: int, qe: int, lx: Lex) -> Cand | None:
    """What the quoted phrase text[qs:qe] is, if it is a numbered slogan."""
    q = text[qs:qe]
    if q in lx.idioms or q in lx.common_words:
        return None
    if q in lx.terms or q in lx.quoted_terms or q in lx.plan_terms:
        number, head, key, parts = describe(q)
        jh = starts_with_any(text, qe + 1, lx.join_heads) if q in lx.quoted_terms else None
        if jh and jh not in lx.code_only_heads:      # “三品”战略 → 三品战略 (like “三牛”精神)
            return Cand(q + jh, (qs, qe + 1 + len(jh)), number, jh, 0, key=key, parts=parts)
        return Cand(q, (qs, qe), number, head, 0, key=key, parts=parts)
    parts = re.split("[、,]", q)
    if len(parts) >= 2 and all(2 <= len(p) <= 5 and lx.is_num(p[0]) and all(is_han(c) for c in p) for p in parts):
        if all(p[0] == "一" and p[1] in lx.unit_chars for p in parts):
            return None             # “一张床、一间房、一套房”: counted things, one of each
        return Cand(q, (qs, qe), leading_number(q), None, 0, parts=tuple(parts))
    chain = lx.chain_re.fullmatch(q)
    if chain and _chain_ok(q, lx):
        return Cand(q, (qs, qe), leading_number(q), None, 0, parts=tuple(_chain_parts(q, lx)))
    measured = _quoted_measured(q, lx)
    if measured is not None:
        return Cand(q, (qs, qe), measured[0], measured[1], 0)
    if _single(q, lx):
        return _with_join_head(text, qs, qe, q, lx)
    inner = _inner_head(q, lx)
    if inner is not None:
        return Cand(q, (qs, qe), inner[0], inner[1], 0, key=inner[2])
    if _CODE_RE.match(q) or _PLUS_RE.match(q):
        return _code(text, qs, qe, q, lx)
    nick = _nickname(q, lx)
    if nick is not None:
        return Cand(q, (qs, qe), nick, q[-1], 1)
    if 3 <= len(q) <= 6 and lx.is_num(q[-2]) and q[-2] != "一" and is_han(q[-1]) \
            and q[-1] not in lx.unit_chars and all(is_han(c) and not lx.is_num(c) for c in q[:-2]):
        return Cand(q, (qs, qe), lx.numerals[q[-2]], None, 1)     # 质量双提
    if len(q) == 4 and lx.is_num(q[0]) and q[0] != "一" and q[1] not in lx.unit_chars \
            and all(is_han(c) and not lx.is_num(c) for c in q[1:3]) and is_han(q[3]) \
            and not _counted(text, qs, lx) and q[:2] not in lx.tier_words:
        return Cand(q, (qs, qe), lx.numerals[q[0]], None, 1, stem_key=q[1])   # “四化同步”, “三补合一”
    if _ONE_MIN <= len(q) <= _ONE_MAX and q[0] == "一" and all(is_han(c) for c in q) \
            and (any(lx.is_num(c) for c in q[2:]) or (len(q) == 4 and q[2] in lx.one_pair_chars
                                                      and q[:2] not in lx.common_words)) \
            and not q.endswith(lx.one_not_end):
        return Cand(q, (qs, qe), 1, None, 1)    # “一件事一次办”, “一县一中心”: a quoted 一…一 nickname
    return None


_ONE_MIN, _ONE_MAX = 3, 6


def _counted(text: str, qs: int, lx: Lex) -> bool:
    """`10个“二线口岸”`: a count written right before the quote counts the quoted things; their own
    numeral is part of a name, not a slogan's number."""
    return qs >= 3 and text[qs - 2] in lx.unit_chars and (text[qs - 3].isdigit() or lx.is_num(text[qs - 3]))


def _nickname(q: str, lx: Lex) -> int | None:
    """`数据二十条`, `金融16条`: a quoted name, a count and a suffix measure; the count."""
    if len(q) < 4 or q[-1] not in lx.suffix_measures:
        return None
    i = len(q) - 1
    while i > 0 and (lx.is_num(q[i - 1]) or q[i - 1].isdigit()) and len(q) - 1 - i < 3:
        i -= 1
    stem, count = q[:i], q[i:-1]
    if not (2 <= len(stem) <= 6) or not count or not all(is_han(c) and not lx.is_num(c) for c in stem):
        return None
    value = int(count) if count.isdigit() else numeral_value(count)
    return value if value and value >= 2 else None


def _inner_head(q: str, lx: Lex) -> tuple[int | None, str, str | None] | None:
    """A head inside the quotes: `“三牛精神”` (N+X+精神), `“1266总体思路”` (code + head)."""
    for head in lx.code_heads + lx.join_heads:
        if q.endswith(head) and len(q) > len(head):
            stem = q[:-len(head)]
            named = _single(stem, lx) or (stem[0] != "一" and lx.is_num(stem[0]) and stem not in lx.common_words)
            if len(stem) == 2 and named and head in lx.join_heads:        # “四千精神”
                return lx.numerals[stem[0]], head, stem[1]
            if _CODE_RE.match(stem):
                return None, head, None
    return None


def _quoted_measured(q: str, lx: Lex) -> tuple[int, str] | None:
    """`十大创新`, `三个走在前`, `三重要求` filling the quotes: (number, head)."""
    i = 0
    while i < len(q) and i < 3 and lx.is_num(q[i]):
        i += 1
    if i == 0 or i >= len(q) - 1 or q[i] not in lx.measures:
        return None
    head = q[i + 1:]
    value = numeral_value(q[:i])
    if value is None or value < 2 or len(head) > 6 or not all(is_han(c) for c in head):
        return None
    if q[i] == "大" and (head[0] in lx.big_word_starts or (i > 1 and value in lx.congress_numbers)):
        return None                 # “三大学”; “二十大时光”: the party congress
    return value, head


def _with_join_head(text: str, qs: int, qe: int, q: str, lx: Lex) -> Cand:
    """`“三牛”精神` → 三牛精神 (head 精神); a bare `“四新”` keeps its one-character head."""
    jh = starts_with_any(text, qe + 1, lx.join_heads)
    key = q[1:] if len(q) == 2 else None
    if jh and jh not in lx.code_only_heads:
        return Cand(q + jh, (qs, qe + 1 + len(jh)), lx.numerals[q[0]], jh, 0, key=key)
    return Cand(q, (qs, qe), lx.numerals[q[0]], q[1:], 1, key=key)


def _code(text: str, qs: int, qe: int, q: str, lx: Lex) -> Cand | None:
    """Quoted digit codes (`“1266”总体思路`, `“131”工程`) and `+` forms (`“5+2”`, `“白+黑”`)."""
    if "+" in q:
        return Cand(q, (qs, qe), None, None, 0)
    head = starts_with_any(text, qe + 1, lx.code_heads)
    if head:
        return Cand(q + head, (qs, qe + 1 + len(head)), None, head, 0)
    return None                     # a bare quoted number is a hotline, a year, a count (“12345”热线)


# ---------------------------------------------------------------- finder 2: measured phrases

def find_measured(text: str, lx: Lex, quotes_by_close: dict[int, Span], quoted: list[Cand]) -> list[Cand]:
    """N + measure + X in running text; X needs a head, quotes, or the measure 大.

    A quoted form elsewhere in the article fixes where X ends (“十大创新” → 十大创新鼓舞人心 is 十大创新).
    """
    known = sorted({c.text for c in quoted if c.head and c.number}, key=len, reverse=True)
    out, misses = [], []
    for m in lx.measured_re.finditer(text):
        s, pos = m.start(), m.end()
        run = text[s:pos - 1]
        if s > 0 and (text[s - 1] in lx.ordinal_before or text[s - 1].isdigit() or lx.is_num(text[s - 1])):
            continue
        value = numeral_value(run)
        if value is None:
            continue
        if text[pos - 1] == "大" and len(run) == 1 and starts_with_any(text, pos, lx.congress_followers):
            continue                    # 九大推举…: a party congress, not a slogan
        if text[pos - 1] == "大" and len(run) > 1 and value in lx.congress_numbers:
            continue                    # “二十大时光”: the party congress the article is about
        x, end, in_quotes = _read_head(text, pos, text[pos - 1], lx)
        if not x and len(run) == 1 and value >= 2:
            misses.append((s, pos))
        if not x or (not in_quotes and (len(run) > 1 or value < 2)):
            continue
        k = next((k for k in known if text.startswith(k, s) and len(k) > pos - s), None)
        if k is not None and not in_quotes and len(k) < end - s:
            x, end = k[pos - s:], s + len(k)
        cand = Cand(text[s:pos] + x, (s, end), value, x, 2 if in_quotes else 3, quoted=in_quotes)
        before = quotes_by_close.get(s - 1)
        if before is not None and text[pos - 1] in ("篇", "字", "个", "大") and before[1] - before[0] == value \
                and all(is_han(c) for c in text[slice(*before)]):
            cand.items = list(text[slice(*before)])      # “融强靓改”四篇文章 → 融/强/靓/改
            cand.extra.append(before)
        out.append(cand)
    return out + _short_forms(text, lx, misses, out)


def _short_forms(text: str, lx: Lex, misses: list[Span], found: list[Cand]) -> list[Cand]:
    """The short form of a slogan already found (十大重点产业链 … 十大产业链产值增长): at a numeral +
    measure whose X had no end, an ending of a found head (two characters or more) ends it."""
    endings: dict[str, set[str]] = {}
    for c in found:
        if c.head and not c.quoted:
            prefix = c.text[:len(c.text) - len(c.head)]
            endings.setdefault(prefix, set()).update(c.head[k:] for k in range(1, len(c.head) - 1))
    out = []
    for s, pos in misses:
        ends = endings.get(text[s:pos])
        x = next((e for e in sorted(ends or (), key=len, reverse=True) if text.startswith(e, pos)), None)
        if x:
            out.append(Cand(text[s:pos] + x, (s, pos + len(x)), numeral_value(text[s:pos - 1]), x, 3))
    return out


def _read_head(text: str, pos: int, measure: str, lx: Lex) -> tuple[str, int, bool]:
    """The head X after the measure: (X, end, quoted). Empty X when there is no acceptable head."""
    if pos < len(text) and text[pos] in "“\"‘":
        close = pos + 1
        while close < len(text) and close - pos <= 7 and is_han(text[close]) and not lx.is_num(text[close]):
            close += 1
        if close < len(text) and text[close] in "”\"’" and close > pos + 1:
            return text[pos + 1:close], close, True       # 三场“战役”
        return "", pos, False
    run = _head_run(text, pos, lx)
    x = _head_prefix(run, lx) if len(run) <= 8 else None
    if x is None and measure in lx.measure_free:
        x = _free_head(run, lx)
    if not x or x in lx.generic_heads or (measure == "大" and x[0] in lx.big_word_starts):
        return "", pos, False
    return x, pos + len(x), False


def _head_run(text: str, pos: int, lx: Lex) -> str:
    """The Han run after a measure that may hold the head X: it ends at a non-Han character or a
    numeral (≤ 9 characters), at a stop character, and at a breaker word from its third character
    on (三大产业有望达到 → 产业, 四大水系为基础 → 水系)."""
    end = pos
    while end < len(text) and end - pos < 9 and is_han(text[end]) and not lx.is_num(text[end]) \
            and (text[end] not in lx.stop_chars or end - pos < 2
                 or starts_with_word(text, end, lx.head_set, lx.head_lengths)):
        end += 1
    if end < len(text) and lx.is_num(text[end]):
        end = _before_word_across(text, pos, end)
    run = text[pos:end]
    for i in range(2, len(run) - 1):
        if starts_with_word(run, i, lx.breaker_set, lx.breaker_lengths):
            return run[:i]
    return run


def _before_word_across(text: str, pos: int, end: int) -> int:
    """A run stopped by a numeral that belongs to a word begun before it (三大先导产业新一轮 →
    新一轮): the run ends where that word begins."""
    words = segmenter.lexicon()
    for k in (1, 2):
        if end - k > pos + 1 and any(text[end - k:end + m] in words for m in (1, 2)):
            return end - k
    return end


def _free_head(run: str, lx: Lex) -> str | None:
    """X of N大X without a bounded head: up to a stop char; past four characters a head ends it
    (十大创新鼓舞人心 → 创新) or, without one, up to six characters (三大主导产业集群)."""
    cut = next((i for i, c in enumerate(run) if c in lx.stop_chars and i >= 2), len(run))
    if cut <= 4:
        return run[:cut] or None
    head = next((run[:n] for n in range(cut - 1, 1, -1) if ends_with_head(run[:n], lx)
                 and run[:n] not in lx.generic_heads), None)
    return head or (run[:cut] if cut <= 6 else None)


def _head_prefix(run: str, lx: Lex) -> str | None:
    """Longest prefix (≤ 6) of `run` ending in a head right before a boundary (end of run, stop char).

    A head followed by more characters starts a longer noun (三个创新平台 is a count of platforms).
    """
    for n in range(min(6, len(run)), 2, -1):
        x = run[:n]
        spirit = next((w for w in lx.spirit_words if x.endswith(w) and len(x) > len(w)), None)
        if spirit and ends_with_head(x[:-len(spirit)], lx):
            return x[:-len(spirit)]             # 八项规定精神(走深走实, 问题) → 八项规定: its spirit is
    for n in range(min(6, len(run)), 0, -1):    # meant, and 精神 ends the noun
        x = run[:n]
        if (n == len(run) or run[n] in lx.stop_chars) and ends_with_head(x, lx):
            return x
    return None


def find_digit_measured(text: str, lx: Lex) -> list[Cand]:
    """`3点希望`, `5个坚持`: an Arabic count + measure + a head from the data. Such a phrase is most
    often a count, so it is only a candidate: it stays when its items are enumerated in full."""
    out = []
    for m in lx.digit_measured_re.finditer(text):
        s, pos = m.start(), m.end()
        if s > 0 and text[s - 1] in lx.ordinal_before:
            continue
        value = int(text[s:pos - 1])
        x = _head_prefix(_head_run(text, pos, lx), lx)
        if value < 2 or not x or x in lx.generic_heads:
            continue
        out.append(Cand(text[s:pos] + x, (s, pos + len(x)), value, x, 3, needs_items=True))
    return out


# ---------------------------------------------------------------- finders 3-5

def find_codes(text: str, lx: Lex) -> list[Cand]:
    """`坚持1266总体思路`, `131工程`: a digit run followed directly by a code head."""
    out = []
    for m in lx.code_re.finditer(text):
        head = starts_with_any(text, m.end(), lx.code_heads)
        if head and (m.start() == 0 or text[m.start() - 1] != "第"):
            out.append(Cand(m.group() + head, (m.start(), m.end() + len(head)), None, head, 2))
    return out


def find_chains(text: str, lx: Lex) -> list[Cand]:
    """`双招双引`, `三纵三横`, `一区两镇`; a lone N+X before `一体化` is a short term (`双莱`), before a
    joined head a named one (`弘扬三牛精神` → 三牛精神)."""
    out = []
    for m in lx.chain_re.finditer(text):
        s = m.start()
        if _bad_left(text, s, lx):
            continue
        parts = [m.group()[i:i + 2] for i in range(0, len(m.group()), 2)]
        while parts and parts[-1] in lx.common_words:
            parts.pop()
        chain = "".join(parts)
        if len(parts) >= 2 and _chain_ok(chain, lx):
            e = s + len(chain)
            unit = next((u for u in lx.chain_tail_units if text.startswith(u, e - 1)), None)
            if unit:                    # `五城三小时`: the last part is a numeral and a unit
                parts[-1] += unit[1:]
                chain, e = chain + unit[1:], e + len(unit) - 1
            out.append(Cand(chain, (s, e), leading_number(chain), None, 3, parts=tuple(parts)))
    for m in lx.single_re.finditer(text):
        s, nx = m.start(), m.group()
        if _bad_left(text, s, lx) or not _single(nx, lx):
            continue
        jh = starts_with_any(text, s + 2, lx.join_heads)
        if jh and not starts_with_any(text, s + 2, lx.followers):
            out.append(Cand(nx + jh, (s, s + 2 + len(jh)), lx.numerals[nx[0]], jh, 3, key=nx[1]))
        else:
            out.append(Cand(nx, (s, s + 2), lx.numerals[nx[0]], nx[1], 3, key=nx[1]))
    return out


def _bad_left(text: str, s: int, lx: Lex) -> bool:
    """A numeral preceded by another numeral, a digit or an ordinal marker (第一, 十一) opens nothing."""
    return s > 0 and (lx.is_num(text[s - 1]) or text[s - 1] in lx.ordinal_before or text[s - 1].isdigit())


def _chain_ok(chain: str, lx: Lex) -> bool:
    """Parts must differ, carry no unit or function character, and the chain is no idiom."""
    xs = [c for c in chain if not lx.is_num(c)]
    if chain in lx.idioms or any(chain[i:i + 4] in lx.idioms for i in range(0, len(chain) - 3, 2)):
        return False
    if chain in lx.terms:
        return True
    return len(set(xs)) == len(xs) and not any(c in lx.unit_chars or c in lx.stop_chars for c in xs) \
        and not any(chain[i:i + 2] in lx.common_words for i in range(0, len(chain), 2))


def find_terms(text: str, lx: Lex) -> list[Cand]:
    """Lexicon terms; `quoted_terms` only inside quotes."""
    out = []
    for m in lx.term_re.finditer(text):
        s, e, t = m.start(), m.end(), m.group()
        if s > 0 and (lx.is_num(text[s - 1]) or text[s - 1] in lx.ordinal_before):
            continue
        if t in lx.quoted_terms and not (s > 0 and text[s - 1] in "“\"‘" and e < len(text) and text[e] in "”\"’"):
            continue
        number, head, key, parts = describe(t)
        out.append(Cand(t, (s, e), number, head, 4, key=key, parts=parts))
    return out


# ---------------------------------------------------------------- the accept/reject decision

def is_slogan(c: Cand, lx: Lex, place_starts_inside) -> bool:
    """Is the candidate a numbered slogan? Positive evidence came from its finder (quotes, a head,
    the lexicon); this weighs the negative evidence of rules/slogans.toml `[reject]`:
    - idioms and ordinary words (千行百业, 一诺千金), and rhetoric opened by `百`/`千` outside quotes;
    - a name that begins with a numeral: a place mention starts inside the phrase (四平三地, 四川工程),
      or a name from `numeral_names` opens it (三峡工程);
    - durations: `N年` phrases (三年行动计划) are quantities; ordinals (`第六险`) are no slogans;
    - counts of real things outside quotes: the head ends with a real thing (两大沙漠, 三大港口,
      六大数据中心), or a compact part counts one (两党两国, 三金四银, 两国战略).
    """
    t = c.text
    if any(q in t for q in QUOTES) or t in lx.idioms or t in lx.common_words:
        return False
    if t in lx.terms or t in lx.plan_terms or t in lx.quoted_terms:
        return True
    if len(t) > 1 and t[0] in lx.ordinal_before and (lx.is_num(t[1]) or t[1].isdigit()):
        return False                # an ordinal (社保“第六险”) numbers one thing, it is no slogan
    if place_starts_inside(c.span) or (not c.parts and len(t) > 1 and lx.is_num(t[0]) and t[1] == "年") \
            or starts_with_any(t, 0, lx.numeral_names):
        return False
    if _opens_with_division(t):
        return False                # 五常大米, “五常大米”: a division's name opens a brand or place name
    if c.quoted:
        return True
    if t[0] in lx.hyperbolic and c.head not in lx.join_heads and c.head not in lx.code_heads:
        return False
    if c.head and not c.parts and c.number is not None and _counts_real_thing(c.head, lx):
        return False
    if c.parts:
        return not all(len(p) > 1 and p[1] in lx.real_chars for p in c.parts)
    return not (c.number is not None and len(t) > 1 and t[1] in lx.real_chars)


def real_count(c: Cand, lx: Lex) -> tuple[int, int, int, str] | None:
    """(start, end, number, head) of the `N大` of an unquoted `N大X` that counts real things
    (两大沙漠, 三大主粮): no slogan, but a count (docs/annotation.md, Quantities)."""
    k = c.text.find("大")
    if c.quoted or c.parts or c.number is None or not c.head or k < 1 \
            or not all(lx.is_num(ch) for ch in c.text[:k]) or not _counts_real_thing(c.head, lx):
        return None
    return c.span[0], c.span[0] + k + 1, c.number, c.head


def _counts_real_thing(x: str, lx: Lex) -> bool:
    """The head names real things: its longest real ending beats its slogan ending (数据中心 over
    中心), or a prefix ends with a real thing of two characters or more that no head follows
    (主粮基本 → 主粮)."""
    if real_ending(x, lx) > head_ending(x, lx):
        return True
    return not head_ending(x, lx) and any(real_ending(x[:k], lx) >= 2 for k in range(2, len(x)))


# ---------------------------------------------------------------- resolve and emit

def resolve(cands: list[Cand], size: int) -> list[Cand]:
    """Non-overlapping mentions: longer spans first, then stronger finders (linear: spans are short)."""
    chosen: list[Cand] = []
    used = bytearray(size + 1)
    for c in sorted(cands, key=lambda c: (-(c.span[1] - c.span[0]), c.rank, c.span[0])):
        s, e = c.span
        if not any(used[s:e]):
            chosen.append(c)
            used[s:e] = b"\x01" * (e - s)
    return sorted(chosen, key=lambda c: c.span[0])


def _repeats(ctx: ArticleContext, texts: list[str], taken: SpanIndex) -> dict[str, list[Span]]:
    """Plain repeats of accepted slogan texts elsewhere in the content (`双莱` in 双莱一体化)."""
    out: dict[str, list[Span]] = {}
    if not texts:
        return out
    pattern = re.compile("|".join(re.escape(t) for t in sorted(texts, key=len, reverse=True)))
    for m in pattern.finditer(ctx.text):
        if ctx.in_content(m.start(), m.end()) and not taken.hits(m.start(), m.end()):
            out.setdefault(m.group(), []).append((m.start(), m.end()))
    return out


def _place_interiors(ctx: ArticleContext):
    """A test: does a span lie within a place mention (三角 in 长三角, 三河 in 三河镇)? Places run first."""
    spans = sorted(tuple(m) for p in ctx.items.get("places", []) for m in p["mentions"])
    index = SpanIndex(spans)

    def inside(span: Span) -> bool:
        if not index.hits(*span):
            return False
        i = bisect.bisect_right(index.starts, span[0]) - 1
        return any(spans[j][0] <= span[0] and span[1] <= spans[j][1] for j in range(max(0, i - 3), i + 1))
    return inside


def _inside_place_name(text: str, span: Span) -> bool:
    """The candidate lies inside a place name of the lexicon that no mention records (长三角 in a
    book title: 三角 is no slogan; 东北三省一区 runs past 东北三省 and stays)."""
    s, e = span
    return s > 0 and any(ks < s and e <= ke for ks, ke, _key, _en in find_keys(text, max(0, s - 3), min(len(text), e + 3)))


def _opens_with_division(t: str) -> bool:
    """Does a division's own name (the lexicon, not only the record's places) open the phrase?"""
    return any(s == 0 and e < len(t) and any(en.kind == "div" for en in entries)
               for s, e, _key, entries in find_keys(t, 0, min(len(t), _DIVISION_PREFIX_MAX)))


_DIVISION_PREFIX_MAX = 6


def _place_starts(ctx: ArticleContext):
    """A test: does a place mention start inside a span and end inside it or after (四平三地: 四平)?
    A numbered phrase that opens with a place name is a name or a count of places, not a slogan."""
    starts = sorted({m[0] for p in ctx.items.get("places", []) for m in p["mentions"]})

    def test(span: Span) -> bool:
        i = bisect.bisect_left(starts, span[0])
        return i < len(starts) and starts[i] < span[1]
    return test


def _two_forms(groups: dict[str, list[Cand]]) -> dict[str, list[Cand]]:
    """One slogan written in two forms (十大重点产业链 / 十大产业链): the same numeral and measure,
    one head a longer form of the other's ending. The first form in the article names both."""
    measured = [t for t, g in groups.items() if g[0].head and g[0].number and not g[0].parts
                and len(t) > len(g[0].head) and t.endswith(g[0].head) and len(g[0].head) >= 2]
    by_prefix: dict[str, list[str]] = {}
    for t in measured:
        by_prefix.setdefault(t[:len(t) - len(groups[t][0].head)], []).append(t)
    for forms in by_prefix.values():
        forms.sort(key=lambda t: min(c.span[0] for c in groups[t]))
        for t in forms[1:]:
            first = next((f for f in forms if f in groups and f != t and _same_slogan(groups[f][0].head,
                                                                                    groups[t][0].head)), None)
            if first is not None and t in groups:
                groups[first].extend(groups.pop(t))
    return groups


def _same_slogan(a: str, b: str) -> bool:
    """Heads of the same slogan: one ends with the other and adds a modifier (重点产业链 / 产业链)."""
    short, long_ = sorted((a, b), key=len)
    return short != long_ and long_.endswith(short) and len(short) >= 2


def _inside_word(text: str, c: Cand, lx: Lex) -> bool:
    """An unquoted coordinated chain that starts inside a word of the segmenter's is a piece of it
    (举一反三整治 holds 一反三整)."""
    if not c.parts or c.quoted or c.text in lx.terms:
        return False
    s, e = c.span
    return s > 0 and is_han(text[s - 1]) and not segmenter.span_cuts(text, s, e)[0]


def _quoted_real_thing(text: str, c: Cand, lx: Lex) -> bool:
    """`变成一个“微型绿电厂”`: a numeral before a quoted head that names a real thing counts (or is
    the article "a"); quotes around a policy head (一个“根本保证”, 三场“战役”) still make a slogan."""
    s, e = c.span
    q = next((i for i in range(s, e) if text[i] in QUOTES), None)
    return q is not None and q > s and bool(c.head) and _counts_real_thing(c.head, lx)


def extract(ctx: ArticleContext, doc=None) -> list[dict]:
    text = ctx.text
    if not text:
        return []
    lx = lex()
    quoted, by_close = find_quoted(text, lx)
    cands = [*quoted, *find_measured(text, lx, by_close, quoted), *find_codes(text, lx), *find_chains(text, lx),
             *find_terms(text, lx), *find_digit_measured(text, lx)]
    inside_place, place_starts = _place_interiors(ctx), _place_starts(ctx)
    cands = [c for c in cands if ctx.in_content(*c.span) and not inside_place(c.span)
             and not _inside_place_name(text, c.span) and not _inside_word(text, c, lx)
             and not _quoted_real_thing(text, c, lx)]
    ctx.real_counts = [rc for c in cands if (rc := real_count(c, lx)) is not None]
    cands = resolve([c for c in cands if is_slogan(c, lx, place_starts)], len(text))
    groups: dict[str, list[Cand]] = {}
    for c in cands:
        groups.setdefault(c.text, []).append(c)
    groups = _two_forms(groups)
    repeats = _repeats(ctx, list(groups), SpanIndex([c.span for c in cands]))
    finder = ItemFinder(ctx, lx, {c.text for c in cands})
    items = []
    for t, group in groups.items():
        first = min((c for c in group if c.text == t), key=lambda c: c.rank)
        spans = [c.span for c in group] + [s for c in group for s in repeats.get(c.text, [])]
        mentions = sorted({*spans, *(s for c in group for s in c.extra)})
        known = next((c.items for c in group if c.items), [])
        found, complete = finder.items(first, spans[:_MAX_ITEM_MENTIONS], known)
        if first.needs_items and not complete:
            continue
        items.append({"text": _with_issuer(text, t, spans, lx), "number": first.number, "head": first.head,
                      "items": found, "items_complete": complete, "mentions": mentions})
    return items


def _with_issuer(text: str, t: str, spans: list[Span], lx: Lex) -> str:
    """`中央八项规定`: a body that issued the numbered rules, written right before them, is part of
    their name (the short form 八项规定 elsewhere is the same slogan)."""
    for s, _e in spans:
        p = next((p for p in lx.issuer_prefixes if text.startswith(p, s - len(p))), None)
        if p and text.startswith(t, s):
            return p + t
    return t


@Language.factory("govextract_slogans_v1", assigns=["doc._.slogans", "doc._.real_counts"], requires=["doc._.places"])
def make_component(nlp, name):
    return ExtractorComponent("slogans", extract)
