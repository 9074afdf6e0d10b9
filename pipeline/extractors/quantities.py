"""Extractor: quantities and targets (docs/annotation.md, Quantities and targets).

find      `quantities_parse.find_amounts`: every numeral followed by a unit (scale, range and
          comparator words included), with its value in the kind's base unit;
filter    drop what is not data: amounts outside content lines, inside slogans/dates/idioms/short
          quoted set phrases/book titles, ordinals (`第15次`), years (`2022年`), codes and phone
          numbers, vague counts (`数十家`) and the article-like bare `一` (`一个电话`, `一批`);
resolve   subject (after the unit, else before the number), place and period (nearest preceding
          places/dates items in the sentence), is_target (nearest marker), group (a count and
          the investment that follows it).
Lexicons live in rules/quantities.toml.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import replace
from functools import lru_cache

import ahocorasick
from spacy.language import Language

from pipeline.shared.base import ArticleContext, ExtractorComponent, SpanIndex, is_han, mention_spans
from pipeline.extractors.quantities_context import Matcher, readers
from pipeline.extractors.quantities_parse import Amount, find_amounts, lexicon
from pipeline.shared import segmenter
from pipeline.shared.rules import load_toml

_SENTENCE_END = re.compile(r"[。!?;!?;\n]")
_CLAUSE_END = re.compile(r"[,:;。!?、“”\n\t ]")      # bounds a subject read before a number
_MARKER_CLAUSE_END = re.compile(r"[,:;。!?\n]")          # bounds the target/achieved markers
_YEAR = re.compile(r"\d{4}")


@lru_cache(maxsize=1)
def _guards_cfg() -> dict:
    cfg = load_toml("quantities.toml")
    g = cfg["guards"]
    auto = ahocorasick.Automaton()
    for idiom in g["idioms"]:
        auto.add_word(idiom, idiom)
    auto.make_automaton()
    return {
        "idioms": auto,
        "quote": re.compile(r"“[^“”\n,;。!?]{1,%d}”" % cfg.get("quote_max_chars", 24)),
        "book": re.compile(r"《[^《》\n]{1,%d}》" % cfg.get("title_max_chars", 60)),
        "ordinal": tuple(g["ordinal_prefixes"]),
        "ranking": (g.get("ranking_prefix", "前"), frozenset(g.get("ranking_units", []))),
        "vague": tuple(g["vague_prefixes"]),
        "denominator": tuple(g["denominator_prefixes"]),
        "period_units": frozenset(g["period_units_after_rank"]),
        "rank_not_after": tuple(g["rank_prefix_not_after"]),
        "session_units": frozenset(g["session_units"]),
        "session_heads": tuple(g["session_heads"]),
        "session_marker": g["session_marker"],
        "session_window": g["session_window"],
        "set_phrases": tuple(g["set_phrase_heads"]),
        "rank_units": frozenset(g["rank_units"]),
        "rank_change": tuple(g["rank_change_verbs"]),
        "fan_cues": tuple(g["fan_cues"]),
        "since_words": tuple(g["since_words"]),
        "restating_units": frozenset(g.get("restating_units", ())),
        "change_units": frozenset(g["change_units"]),
        "duration_ok_before": tuple(cfg["amount"]["duration_ok_before"]),
        "context": Matcher(g["context_blockers"]),
        "context_window": g.get("context_blocker_window", 6),
        "bare_one_ok": tuple(cfg["amount"]["bare_one_ok_after"]),
        "duration_ok": tuple(cfg["amount"]["duration_ok_after"] + cfg["subject"]["activity_verbs"]),
        "group_markers": tuple(cfg["group"]["markers"]),
        "group_gap": cfg.get("group_max_gap", 16),
        "marker_window": cfg.get("marker_window", 100),
    }


def _blocked_spans(ctx: ArticleContext, text: str) -> tuple[SpanIndex, SpanIndex]:
    """Spans no amount may overlap: slogans, idioms, short quoted phrases, book titles; and dates
    (apart, because a duration `N年来` is a quantity even where a date reading claims it)."""
    g = _guards_cfg()
    spans = []
    for item in ctx.items.get("slogans", []) or []:
        spans.extend(mention_spans(item))
    dates = SpanIndex([sp for item in ctx.items.get("dates", []) or [] for sp in mention_spans(item)])
    for end, idiom in g["idioms"].iter(text):
        spans.append((end + 1 - len(idiom), end + 1))
    spans.extend(m.span() for m in g["quote"].finditer(text))
    spans.extend(m.span() for m in g["book"].finditer(text))
    return SpanIndex(spans), dates


def accept(text: str, a: Amount) -> Amount | None:
    """The accept/reject decision of the category: the amount as it will be reported, or None
    when the number is not data. Rejected: ordinals and ranks (`第15次`, `前3位`), periods
    (`前10个月`), session numbers (`二十届…二次全会`), numbered set phrases (`八项规定`),
    denominators (`每100个`), years (`2022年`), codes and phone numbers, vague counts (`数十家`),
    the article-like bare `一` (`一个电话`), durations inside names (`15分钟生活圈`) and numbers
    after context blockers (`阅读 1200`). A change of rank (`提升3位`) is re-kinded `other`.
    Data: `[guards]` and `[amount]` of rules/quantities.toml."""
    g = _guards_cfg()
    before = text[max(0, a.num_start - 4):a.num_start]
    after = text[a.end:a.end + 4]
    if before.endswith(g["ordinal"]) or before.endswith(g["denominator"]):
        return None
    if a.unit in g["rank_units"] and _ends_with_any(text, a.start, g["rank_change"]):
        return replace(a, kind="other")
    if before.endswith(g["ranking"][0]) and not before[:-1].endswith(g["rank_not_after"]) \
            and (a.unit in g["ranking"][1] or a.unit in g["period_units"]):
        return None
    if a.chinese and (before.endswith(g["vague"]) or after.startswith("几")):
        return None
    if not a.chinese and _adjacent_code(before[-1:]):
        return None
    if a.unit == "年" and _YEAR.fullmatch(a.numeral.replace(",", "")):
        return None
    if a.unit in g["session_units"] and after.startswith(g["session_heads"]) \
            and g["session_marker"] in text[max(0, a.num_start - g["session_window"]):a.num_start]:
        return None
    if a.chinese and a.kind == "count" and after.startswith(g["set_phrases"]):
        return None
    if a.unit in g["change_units"]:
        cue = any(c in text[max(0, a.start - 3):a.start] for c in g["fan_cues"])
        if a.unit == "番" or (a.numeral == "一" and not a.has_scale):
            return a if cue else None
    if a.numeral == "一" and not a.has_scale and a.value_max is None and a.comparator == "eq" and a.kind != "percent":
        return a if a.kind == "duration" and after.startswith(g["bare_one_ok"]) else None
    if after.startswith("“") and a.kind in ("count", "duration"):
        return None             # `三场“战役”`, `7×24小时“不打烊”`: a quoted head makes a set phrase
    if a.kind == "duration" and a.comparator == "eq" and after[:1] and is_han(after[0]) \
            and not after.startswith(g["duration_ok"]) and not _ends_with_any(text, a.start, g["duration_ok_before"]) \
            and not _verb_follows(text, a.end):
        return None             # `15分钟生活圈`, `九天微星`: a duration word inside a name
    window = text[max(0, a.num_start - g["context_window"]):a.num_start]
    if g["context"].find(window) and (a.unit in _BARE_UNITS or sum(c.isdigit() for c in a.numeral) >= _PHONE_DIGITS):
        return None             # `阅读 1.2万`, `电话 12345678`; not `手机终端超60款`
    return a


_BARE_UNITS = frozenset(["", "万", "亿", "万亿"])
_PHONE_DIGITS = 7
_VERB_TAGS = frozenset(["v", "vn", "d", "ad"])


def _verb_follows(text: str, pos: int) -> bool:
    """`24小时优化发酵工艺`: a verb after the duration times an activity (lexicon tag of the next word)."""
    n = segmenter.word_length_at(text, pos)
    return n >= 2 and segmenter.word_tag(text[pos:pos + n]) in _VERB_TAGS


def _ends_with_any(text: str, pos: int, words: tuple[str, ...]) -> bool:
    """Does `text[:pos]` end with one of `words` (a few slices, no scan)?"""
    return text[max(0, pos - 6):pos].endswith(words)


def _adjacent_code(c: str) -> bool:
    """A character next to an Arabic number that makes it a code (`G20`, `19:09`, `0531-`)."""
    return bool(c) and (c.isascii() and (c.isalpha() or c in "-:/+#_@")) and c != "%"


class _Positions:
    """Sorted (end, start, label) of earlier extractors' mentions: nearest preceding one fast."""

    def __init__(self, entries: list[tuple[int, int, str]]):
        self.entries = sorted(entries)
        self.ends = [e for e, _, _ in self.entries]

    def last_before(self, pos: int, floor: int) -> tuple[int, int, str] | None:
        i = bisect.bisect_right(self.ends, pos) - 1
        while i >= 0 and self.entries[i][0] > floor:
            end, start, label = self.entries[i]
            if start >= floor:
                return self.entries[i]
            i -= 1
        return None


def _place_positions(ctx: ArticleContext) -> _Positions:
    return _Positions([(e, s, item.get("name")) for item in ctx.items.get("places", []) or []
                       for s, e in mention_spans(item) if item.get("name")])


def _date_positions(ctx: ArticleContext) -> _Positions:
    """Dates by position; each label is (text, start ISO or None, end ISO or None)."""
    return _Positions([(item["mention"][1], item["mention"][0], (item["text"], item.get("start"), item.get("end")))
                       for item in ctx.items.get("dates", []) or [] if item.get("mention") and item.get("text")])


class _Sentences:
    """Sentence starts (after 。!?; or a newline) for bisecting any offset to its sentence."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]

    def start_of(self, pos: int) -> int:
        return self.starts[bisect.bisect_right(self.starts, pos) - 1]


class _Clauses:
    """Offsets of clause punctuation, found once: the clause start of any offset by bisection."""

    def __init__(self, text: str, ends: re.Pattern):
        self.marks = [m.start() for m in ends.finditer(text)]

    def start_of(self, pos: int, floor: int) -> int:
        """Start of the clause holding `pos` (after the last mark before it), not before floor."""
        i = bisect.bisect_left(self.marks, pos) - 1
        return max(floor, self.marks[i] + 1) if i >= 0 else floor


def _candidates(ctx: ArticleContext) -> list[Amount]:
    text = ctx.text
    blocked, dates = _blocked_spans(ctx, text)
    places = _place_spans(ctx)
    place_ends = {e for _s, e in places.spans}
    since = _guards_cfg()["since_words"]
    restating = set(_guards_cfg().get("restating_units", ()))
    out = []
    for a in find_amounts(text, lexicon()):
        if not ctx.in_content(a.start, a.end) or blocked.hits(a.start, a.end) or places.hits(a.num_start, a.num_end):
            continue
        if a.unit in restating and a.start in place_ends:
            continue                  # 京津冀三地: the places just named, counted again
        if dates.hits(a.start, a.end) and not (a.kind == "duration" and text.startswith(since, a.end)):
            continue
        kept = accept(text, a)
        if kept is not None:
            out.append(kept)
    for s, e, n, _head in ctx.real_counts:            # 两大沙漠: counted by `N大`, found by the slogans extractor
        if not blocked.hits(s, e) and not places.hits(s, e):
            out.append(Amount(s, e, s, e - 1, float(n), None, "大", "count", "eq", text[s:e - 1], True, False))
    out.sort(key=lambda a: a.start)
    return out


def _place_spans(ctx: ArticleContext) -> SpanIndex:
    """Place mentions: a numeral inside one is part of a name (`七台河市`, `三门峡`)."""
    return SpanIndex([sp for item in ctx.items.get("places", []) or [] for sp in mention_spans(item)])


class _Doc:
    """Per-document helpers of the resolve step, built once: sentence and clause bounds, the
    earlier extractors' places and dates, and the index of target/achieved markers."""

    def __init__(self, ctx: ArticleContext, amounts: list[Amount], sentences: _Sentences):
        self.text = text = ctx.text
        self.subjects, self.targets = readers()
        self.sentences = sentences
        self.places, self.dates = _place_positions(ctx), _date_positions(ctx)
        self.window = _guards_cfg()["marker_window"]
        self.published = ctx.published.isoformat() if ctx.published else None
        markers = load_toml("quantities.toml")["markers"]
        self.weather = Matcher(markers["forecast_topics"])
        self.estimates = Matcher(markers["estimates"])
        self.horizons = tuple(markers["plan_horizon_after"])
        self.task_nouns = tuple(markers.get("task_nouns", []))
        self.goal_list_heads = tuple(markers.get("goal_list_heads", []))
        self.goal_list_reach = markers.get("goal_list_reach", 400)
        self.plan_spans = _plan_sections(text, ctx.published, markers)
        self.subject_clauses = _Clauses(text, _CLAUSE_END)
        self.marker_clauses = _Clauses(text, _MARKER_CLAUSE_END)
        self.markers = self.targets.index(text, [(self.low(a), a.start) for a in amounts])

    def low(self, a: Amount) -> int:
        return max(self.sentences.start_of(a.start), a.start - self.window)


_TOP_HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}、")
_HEADING_MAX = 40


def _plan_sections(text: str, published, markers: dict) -> list[tuple[int, int]]:
    """Spans of a report's plan part: from a top-level heading about this year's tasks (`二、2025年
    工作安排`, `二、2025年主要任务`) or a lead such as `今年要重点抓好以下十个方面工作` to the next
    top-level heading. Every figure written there is a plan unless its own clause marks it done
    (docs/annotation.md: work reports)."""
    heads, leads = tuple(markers.get("plan_headings", [])), tuple(markers.get("plan_leads", []))
    if not heads or (not any(h in text for h in heads) and not any(w in text for w in leads)):
        return []
    year = published.year if published else None
    spans, start, pos = [], None, 0
    for line in text.split("\n"):
        ls, pos = pos, pos + len(line) + 1
        if _TOP_HEADING.match(line) and len(line) <= _HEADING_MAX:
            if start is not None:
                spans.append((start, ls))
                start = None
            years = [int(y) for y in re.findall(r"(20\d\d)年", line)]
            this_year = "今年" in line or (year is not None and any(y >= year for y in years))
            if this_year and any(h in line for h in heads):
                start = pos
        elif start is None and "以下" in line and any(w in line for w in leads) and len(line) <= _HEADING_MAX:
            start = pos
    if start is not None:
        spans.append((start, len(text)))
    return spans


def _in_plan(d, pos: int) -> bool:
    return any(s <= pos < e for s, e in d.plan_spans)


def _resolve(ctx: ArticleContext, amounts: list[Amount], sentences: _Sentences) -> list[dict]:
    """One item per amount; a discourse count (`三个方面`) is dropped after its subject is known."""
    d = _Doc(ctx, amounts, sentences)
    items: list[dict | None] = []
    prev_end = 0
    for i, a in enumerate(amounts):
        nxt = amounts[i + 1] if i + 1 < len(amounts) else None
        prev = items[-1] if items else None
        items.append(_item(d, a, nxt, prev_end, prev))
        if items[-1] is not None and prev is not None and _is_change_of(d, prev, a):
            items[-1]["is_target"] = prev["is_target"]
        _level_passed(items)
        if a.kind != "duration":
            prev_end = a.end        # `粮食产量连续9年稳定在…`: a duration is an adverbial, no subject bound
    for i in range(len(items) - 2, -1, -1):
        if items[i] is not None and items[i].pop("_link") and items[i + 1] is not None:
            items[i]["subject"] = items[i + 1]["subject"]
    if items and items[-1] is not None:
        items[-1].pop("_link")
    return [{k: v for k, v in it.items() if k != "_sent"} for it in items if it is not None]


_EXCLAIMED = re.compile(r"[!。]这是")


def _exclaimed_figure(text: str, a: Amount, limit: int) -> str | None:
    """`71.6万公里!这是“十四五”前四年农村公路新改建的里程`: a figure exclaimed alone is named by the
    sentence after it, from its last clause (the time or scope before a comma is no part of it)."""
    m = _EXCLAIMED.match(text, a.end)
    if m is None:
        return None
    end = next((i for i in range(m.end(), min(len(text), m.end() + 60)) if text[i] in "。!?;\n"), None)
    if end is None:
        return None
    clause = text[m.end():end].rsplit(",", 1)[-1][-limit:]
    k = next((i for i, c in enumerate(clause) if is_han(c)), len(clause))
    return clause[k:] if len(clause) - k >= 2 else None


def _level_passed(items: list[dict | None]) -> None:
    """`外贸进出口值5.49万亿元,同比增长20.8%,历史同期首次突破5万亿元大关`: a bound (`gt`/`ge`) with no
    subject of its own is a level passed by the last amount of the same kind in its sentence."""
    it = items[-1]
    if it is None or it["subject"] is not None or it["comparator"] not in ("gt", "ge") or it["_link"]:
        return
    for other in reversed(items[:-1]):
        if other is None:
            continue
        if other["_sent"] != it["_sent"]:
            return
        if other["kind"] == it["kind"] and other["unit"][-1:] == it["unit"][-1:] and len(other["subject"] or "") >= 2:
            it["subject"] = other["subject"]
            return


_CHANGE_GAP_MAX = 10
_PART_OF = ",其中"


def _is_change_of(d: _Doc, prev: dict, a: Amount) -> bool:
    """`力争实现销量2700万辆左右,同比增长约3%`: a change written right after an amount, in the next
    clause with only a comparison and a change word between, shares that amount's status (a
    planned level has a planned growth; a reported one a reported growth); so does a part of it
    introduced by 其中 in the next clause."""
    gap = d.text[prev["mention"][1]:a.start]
    if prev["_sent"] != d.sentences.start_of(a.start):
        return False
    if gap.startswith(_PART_OF) and "," not in gap[len(_PART_OF):] and ";" not in gap:
        return True         # `…2700万辆左右,同比增长约3%,其中新能源汽车销量900万辆左右`: a part of it
    if not gap.startswith(",") or len(gap) > _CHANGE_GAP_MAX:
        return False
    rest = gap[1:]
    for word in d.subjects.drop_words:
        rest = rest.replace(word, "")
    rest = rest.replace("分别", "")
    return rest in d.subjects.change_words


def _drop_change_adverb(subject: str, subjects) -> str:
    """`装备制造业利润大幅增长` → `装备制造业利润增长`: a manner adverb right before the closing change
    word says how, not what (rules: change_adverbs)."""
    change = next((w for w in subjects.change_words if subject.endswith(w)), None)
    if change is None:
        return subject
    head = subject[:-len(change)]
    adverb = next((w for w in subjects.change_adverbs if head.endswith(w) and len(head) > len(w)), None)
    return head[:-len(adverb)] + change if adverb else subject


def _change_of_previous(subject: str | None, a: Amount, prev: dict | None, sent: int, subjects,
                        level: bool = False) -> str | None:
    """`完成投资186亿元,同比增长9.7%`: a bare change word measures the previous amount's subject
    (`投资增长`); comparison adverbs (同比, 预期) are dropped from a percent's subject.

    A comparison (`比上年全年加快1.4个百分点`) keeps only its change word, and a difference of
    rates measures the growth rate of the previous thing (`基础设施投资增长5.8%,比上年全年加快
    1.4个百分点` → `基础设施投资增速加快`); a change of another amount of the same kind takes that
    amount's thing (`湿地面积增加3万亩` → `湿地面积增加`); after 到/至 the amount is the level
    reached, so it measures the thing itself (`湿地面积从9万亩扩大到了17万亩` → `湿地面积`)."""
    if subject is None:
        return subject
    if subject.startswith(("比", "较")):
        subject = next((w for w in subjects.change_words if subject.endswith(w)), subject)
    if a.kind == "percent" or a.unit.endswith("百分点"):
        for word in subjects.drop_words:
            subject = subject.replace(word, "")
        subject = _drop_change_adverb(subject, subjects)
    elif subject not in subjects.change_words:     # 参保人数达13.19亿人,同比增加469万人 → 参保人数增加
        bare = subject
        for word in subjects.drop_words:
            bare = bare.replace(word, "")
        subject = bare if bare in subjects.change_words else subject
    if subject in subjects.change_words and prev is not None and prev["_sent"] == sent and prev["subject"]:
        base = prev["subject"]
        old = next((w for w in subjects.change_words if base.endswith(w)), None)
        if a.unit.endswith("百分点") and prev["kind"] == "percent":
            base = base[:-len(old)] + subjects.rate_word if old in subjects.growth_words else base
            return base + subject
        change = (a.kind == "percent" or a.unit in subjects.change_units) and prev["kind"] != "duration"
        if change and prev["kind"] != "percent":
            return (base[:-len(old)] if old else base) + subject    # 总人次增加15.8亿,增长75.5% → 总人次增长
        if change and old is not None:     # 收入…同比增长7.4%,较2020年增长36.4% → 收入增长
            return base[:-len(old)] + subject
        if a.kind != "percent" and prev["kind"] == a.kind and old is None:
            return base if level else base + subject
    return subject or None


def _item(d: _Doc, a: Amount, nxt: Amount | None, prev_end: int, prev: dict | None) -> dict | None:
    text = d.text
    sent = d.sentences.start_of(a.start)
    place = d.places.last_before(a.start, sent)
    period = _governing_period(d, a.start, sent)
    floor = d.subject_clauses.start_of(a.start, max(sent, prev_end))
    base = _QUOTED_BASE.search(text, max(sent, prev_end, floor - _QUOTED_BASE_REACH), a.start)
    if base is not None and base.start() < floor <= base.end():
        # `规模将比“十四五”末翻一番`: the quote marks of a comparison base close no clause
        floor = d.subject_clauses.start_of(base.start(), max(sent, prev_end))
    subject, link, attributive = _subject(text, a, nxt, floor, d.subjects, place)
    if d.subjects.is_time_word(subject):
        subject = None                          # `预计今年将首次突破…`: a time word names no thing
    if subject is None and not link and a.kind != "duration":
        subject = _purpose(text, a, d.subjects) or _topic_before(d, a, floor, max(sent, prev_end))
    if d.subjects.is_discourse(subject):
        return None
    if subject is None and not link:
        subject = _exclaimed_figure(text, a, d.subjects.max_chars)
    if subject is None and not link and prev is not None and text[prev["mention"][1]:a.start] in _SUM_GAPS:
        subject = prev["subject"]               # `新建加固导洪堤86处共133公里`: the same things, measured
    if subject is None and not link and a.kind != "duration" \
            and text[floor:a.start].strip(_OPENERS) in _CLAUSE_OPENERS:
        # `1670人被授予全国劳动模范称号`: an amount opening its clause with no noun after it is what
        # the predicate says of it
        subject = d.subjects.predicate_after(text, a.end, d.subjects.max_chars, clause_subject=True)
    if subject is None and not link and a.kind != "duration" and prev is not None \
            and prev["_sent"] == sent and prev["kind"] == a.kind:
        subject = prev["subject"]               # `新建5G基站1260个,累计建成3800余个`
    if subject:
        subject = d.subjects.drop_inner(subject)
    if subject and subject[-1] in _CONJUNCTIONS and len(subject) > 2:
        subject = subject[:-1]                  # `2.85亿有线电视和IPTV用户`: the list goes on past the letters
    level = any(c in text[max(0, a.start - _LEVEL_REACH):a.start] for c in _LEVEL_MARKS)
    subject = _change_of_previous(subject, a, prev, sent, d.subjects, level)
    low = d.low(a)
    clause = d.marker_clauses.start_of(a.start, low)
    return {
        "text": text[a.start:a.end], "kind": a.kind, "value": a.value, "value_max": a.value_max,
        "unit": a.unit, "comparator": a.comparator, "subject": subject,
        "place": place[2] if place else None, "period": period[2][0] if period else None,
        "is_target": _target(d, a, attributive, low, clause, sent, period),
        "group": None, "mention": (a.start, a.end), "_link": link, "_sent": sent,
    }


_COMPARISON_BASES = ("较", "比", "比上", "相比", "与")
_OPENERS = " \t“‘(【《"
_CLAUSE_OPENERS = ("", "其中")
_CONJUNCTIONS = "和与及或、"
_SUM_GAPS = ("共", "共计", "合计", "总计", ",共", ",共计", ",合计", ",总计")
_QUOTED_BASE = re.compile(r"(?:较|比)“十[一二三四五六七八九]五”(?:末|时期|期末)?")
_QUOTED_BASE_REACH = 12


def _governing_period(d: _Doc, pos: int, sent: int):
    """The last date before `pos` in its sentence that is not the base of a comparison
    (`到2030年,…较2025年降低17%`: the figure is of 2030, the 2025 only its base)."""
    period = d.dates.last_before(pos, sent)
    while period is not None and d.text.endswith(_COMPARISON_BASES, max(sent, period[1] - 2), period[1]):
        period = d.dates.last_before(period[1], sent)
    return period


def _purpose(text: str, a: Amount, subjects) -> str | None:
    """`其中,5亿元用于水毁水利工程修复`: money set aside for a purpose measures that purpose."""
    word = next((w for w in subjects.purpose_words if text.startswith(w, a.end)), None)
    if word is None:
        return None
    pos = a.end + len(word)
    end = pos + next((i for i, c in enumerate(text[pos:pos + _PURPOSE_MAX]) if c in _CLAUSE_MARKS), _PURPOSE_MAX)
    phrase = text[pos:end]
    return phrase if 2 <= len(phrase) <= subjects.max_chars and all(is_han(c) for c in phrase) else None


_PURPOSE_MAX = 20


def _topic_before(d: _Doc, a: Amount, floor: int, lowest: int) -> str | None:
    """`…领域项目开工率最高,达到90%`: a clause holding only a verb before the number measures the
    topic that ends the clause before it (predicate adjectives such as 最高 dropped), when no other
    amount stands in between."""
    text, subjects = d.text, d.subjects
    if floor <= lowest or text[floor - 1] != "," or subjects.trim_list_item(text[floor:a.start]):
        return None
    start = d.subject_clauses.start_of(floor - 1, lowest)
    if start <= lowest and start != d.sentences.start_of(a.start):
        return None
    clause = text[start:floor - 1]
    for word in subjects.topic_trailing:
        if clause.endswith(word):
            clause = clause[:-len(word)]
            break
    else:
        return None
    found = subjects.before(text, start, start + len(clause)) if clause else None
    return None if found is None or subjects.is_time_word(found) else found


def _target(d: _Doc, a: Amount, attributive: bool, low: int, clause: int, sent: int, period) -> bool:
    """is_target (docs/annotation.md, decisions on real articles): a forward-looking cue about a period not yet over.

    A threshold (`亿元以上项目`) is never a goal; a deadline date in the clause (`到2027年`, open
    start, end after publication) is a cue by itself; a cue about a period that ended before
    publication (`预计2024年…` in 2025) is an estimate of what was achieved; a forecast of the
    weather (`预计未来10天…降雨`) is no plan."""
    text = d.text
    if _is_threshold(text, a, attributive):
        return False
    if a.kind == "duration" and text.startswith(d.horizons, a.end):
        return True         # `三年行动计划`: the horizon of a plan
    if a.kind != "count" and _names_a_task(text, a, d.task_nouns):
        return True         # `完成全年13亿吨煤炭产量任务`: the figure a task sets
    if _is_change_origin(text, a, d.subjects):
        return False        # `将从目前的约5小时压缩至2.5小时`: the value it starts from is no goal
    when = period[2] if period is not None else None
    target = d.targets.is_target(d.markers, text, low, clause, a.start, attributive) \
        or _in_goal_list(d, a, clause)
    if target and d.published and when is not None and when[2] and when[2] < d.published \
            and (when[2][:4] < d.published[:4] or d.estimates.find(text[low:a.start])):
        return False        # a plan of a past year, or an estimate of a finished period
    if not target and d.published and when is not None and when[1] is None and when[2] and when[2] > d.published \
            and (not attributive or d.targets.goal_verbs.find(text[period[0]:a.start])):
        target = True       # `到2030年,…建设10个产业集群`: a deadline and a goal verb before the object
    if not target and d.plan_spans and _in_plan(d, a.start) \
            and d.targets.clause_state(d.markers, clause, a.start) != "achieved" \
            and not (when is not None and when[2] and when[2] < d.published):
        target = True       # a figure in the plan part of a work report (`新增3000张养老床位`)
    if target and d.weather.find(text[sent:a.end + 40]):
        return False
    return target


_TASK_REACH = 14


def _names_a_task(text: str, a: Amount, task_nouns: tuple[str, ...]) -> bool:
    """The noun phrase right after the amount ends in a goal noun (13亿吨煤炭产量任务, 6.2亿吨…供应目标任务)."""
    after = text[a.end:a.end + _TASK_REACH]
    stop = next((i for i, c in enumerate(after) if not is_han(c)), len(after))
    phrase = after[:stop]
    return any(w in phrase for w in task_nouns)


def _in_goal_list(d: _Doc, a: Amount, clause: int) -> bool:
    """`主要预期目标是:A增长5%左右,…;城镇新增就业18万人以上;…`: after a goal-list head and a colon,
    up to the sentence's end (。), an amount is a goal unless its own clause marks it achieved."""
    text = d.text
    lo = max(text.rfind("\n", 0, a.start) + 1, a.start - d.goal_list_reach)
    k = text.rfind(":", lo, a.start)
    if k < 0 or "。" in text[k:a.start] or not text.endswith(d.goal_list_heads, max(lo, k - 6), k):
        return False
    return d.targets.clause_state(d.markers, max(clause, k), a.start) != "achieved"


def _is_threshold(text: str, a: Amount, attributive: bool) -> bool:
    """`投资亿元以上项目`, `10亿元以上的重大项目`: a bound that describes the set counted, never a goal."""
    return attributive and a.comparator in ("ge", "le") and text[a.start:a.end].endswith(lexicon().bound_suffixes)


def _subject(text: str, a: Amount, nxt: Amount | None, floor: int, subjects, place):
    """(subject, takes the next amount's subject, attributive position).

    A duration names the object of the activity it timed (`45天完成近1300亩土地清场`); an amount
    right before another (`26大类67项问题整改`) shares its subject; otherwise the noun phrase after
    the unit (`530家外资企业`, attributive), else the one before the number (`重点项目共计96个`)."""
    if a.kind == "duration" and text.startswith(_guards_cfg()["since_words"], a.end):
        pos = a.end + (2 if text.startswith("以来", a.end) else 1)
        pos += text[pos:pos + 1] in ",,"
        return subjects.after(text, pos) or subjects.object_phrase(text, pos), False, False
    if a.kind == "duration":
        pos = subjects.activity_start(text, a.end)
        if pos is None:
            return _duration_subject(text, a, floor, subjects), False, False
        noun = subjects.activity_noun(text, pos)
        if noun:
            return noun, False, False
        if nxt is not None and nxt.start == pos:
            return None, True, False
        return subjects.object_phrase(text, pos), False, False
    if a.kind == "count" and a.unit in subjects.self_naming:
        return text[a.num_end:a.end].lstrip(), False, False   # `七部门`, `28省(区、市)`: the unit names them
    if nxt is not None and nxt.start == a.end:
        return None, True, True
    found = subjects.after(text, a.end)
    if found:
        return found, False, True
    cut = floor
    if place is not None and place[0] <= a.start:
        cut = max(cut, place[0])
    found = subjects.before(text, cut, a.start)
    if found is None or subjects.is_time_word(found) or found.endswith(subjects.change_from):
        # `参保率从“十三五”末的91%提高到…`: only a time stands between `从` and the number, so the
        # thing that changed is named before `从` (in the same sentence, quotes allowed between)
        found = _before_change_from(text, a.start, subjects) or found
    if found is None or subjects.is_time_word(found):
        found = subjects.noun_words(text, a.end) or found  # `9名数字化技术员同时管理…`, `近期又有33个外资项目`
    return found, False, False


def _duration_subject(text: str, a: Amount, floor: int, subjects) -> str | None:
    """A duration that times no activity verb: `过去5年的工作` and `40多分钟的下山路` time the noun
    after 的; `经过三年跟踪监测` the phrase after the lead verb; after 连续 or a time-length word, what
    stands before it with the predicate after it (`粮食产量连续9年稳定在…` → 粮食产量稳定在,
    `单程耗时36分钟` → 单程耗时); else none."""
    plan = next((w for w in subjects.plan_nouns if text.startswith(w, a.end)), None)
    if plan:
        return plan                             # `三年行动方案`
    if text.startswith("的", a.end):
        return subjects.after(text, a.end)      # `过去5年的工作`
    changed = _before_change_from(text, a.start, subjects)
    if changed:
        return changed                          # `运行时间将从目前的2个半小时缩短至1小时`
    lo = max(floor, a.start - len(max(subjects.duration_leads, key=len, default="")))
    if text[lo:a.start].endswith(subjects.duration_leads):
        return subjects.object_phrase(text, a.end)
    if not subjects.measures_before(text, floor, a.start):
        return _timed_clause(text, a, subjects)
    found = subjects.before(text, floor, a.start)
    if found is not None and subjects.is_time_word(found):
        found = None
    # what lasted is the topic and its predicate: `粮食产量连续9年稳定…` → 粮食产量稳定
    predicate = subjects.predicate_after(text, a.end)
    if found and predicate and len(found) + len(predicate) <= subjects.max_chars:
        return found + predicate
    return found or predicate


def _timed_clause(text: str, a: Amount, subjects) -> str | None:
    """What a period times when nothing before it is measured: `过去5年,我们有效应对…` → the clause
    after the comma (a period opened by 过去/近/未来… leads its sentence); `24小时满功率运行`,
    `三分钟就能安排好…` → the predicate right after it (adverbs of ease skipped)."""
    after = a.end
    while True:
        skip = next((w for w in subjects.timed_skip if text.startswith(w, after)), None)
        if skip is None:
            break
        after += len(skip)
    if text.startswith(",", after):
        if not text[max(0, a.start - _PERIOD_LEAD_REACH):a.start].endswith(subjects.period_leads):
            return None
        after += 1
    found = subjects.predicate_after(text, after, subjects.max_chars, clause_subject=True)
    if found and found.endswith("的"):
        found = found[:-1]                      # `两小时内送到的…`: the predicate of a noun after
    return found if found and len(found) >= 2 else None


_PERIOD_LEAD_REACH = 3
_CHANGE_FROM_REACH = 16
_ORIGIN_REACH = 8


def _is_change_origin(text: str, a: Amount, subjects) -> bool:
    """`从X提高到Y`, `由X缩短至Y`: X is where a change starts (从/由 and at most a time word before it
    in the clause, 到/至 a few characters after it)."""
    lo = max(0, a.start - _ORIGIN_REACH)
    k = max(text.rfind(w, lo, a.start) for w in subjects.change_from)
    if k < 0 or any(c in _CLAUSE_MARKS for c in text[k:a.start]):
        return False
    tail = text[a.end:a.end + _ORIGIN_REACH]
    stop = next((i for i, c in enumerate(tail) if c in _CLAUSE_MARKS), len(tail))
    return any(w in tail[:stop] for w in _LEVEL_MARKS)


_SENTENCE_MARKS = "。!?;\n"


def _before_change_from(text: str, start: int, subjects) -> str | None:
    lo = max(0, start - _CHANGE_FROM_REACH)
    k = max(text.rfind(w, lo, start) for w in subjects.change_from)
    if k <= 0 or any(c in _SENTENCE_MARKS for c in text[k:start]):
        return None
    clause = k
    while clause > 0 and text[clause - 1] not in _CLAUSE_MARKS:
        clause -= 1
    return subjects.before(text, clause, k)


_LEVEL_MARKS = ("到", "至")        # `扩大到(现在的)17万亩`: the amount is the level reached
_LEVEL_REACH = 6
_LIST_GAPS = frozenset(["、", "和", "及", "与", "以及"])
_CLAUSE_MARKS = ",;:。!?\n"
_DISTRIBUTE_REACH = 80


def _distribute(text: str, items: list[dict], sentences: _Sentences) -> None:
    """`A、B和C出口分别增长x%、y%、z%` (or `A、B同比增长x%、y%`): a list of amounts after a list
    of things gives each amount its own thing, with the shared measure noun and the change word
    (`A出口增长`, `B出口增长`, `C出口增长`). Applied only when both lists have the same length."""
    subjects = readers()[0]
    i = 0
    while i < len(items):
        j = i
        while j + 1 < len(items) and sentences.start_of(items[j]["mention"][0]) == \
                sentences.start_of(items[j + 1]["mention"][0]) \
                and text[items[j]["mention"][1]:items[j + 1]["mention"][0]].strip() in _LIST_GAPS:
            j += 1
        if j > i:
            things = _list_subjects(text, items[i]["mention"][0], j - i + 1, subjects) \
                or _earlier_amount_subjects(text, items, i, j - i + 1, sentences, subjects)
            if things:
                for it, thing in zip(items[i:j + 1], things):
                    it["subject"] = thing
        i = j + 1


def _earlier_amount_subjects(text: str, items: list[dict], i: int, n: int, sentences: _Sentences,
                             subjects) -> list[str] | None:
    """`购物金额100亿元,购物人数132万人次,同比分别增长25%、1.8%`: a distributive change after n
    amounts of the same sentence measures their things, in order (`购物金额增长`, `购物人数增长`)."""
    start = items[i]["mention"][0]
    head = text[max(0, start - _DISTRIBUTE_REACH):start]
    clause = head[max(head.rfind(c) for c in _CLAUSE_MARKS) + 1:]
    if "分别" not in clause or i < n:
        return None
    pred = clause.rsplit("分别", 1)[1]
    word = next((w for w in subjects.change_words if w in pred), None)
    earlier = items[i - n:i]
    sent = sentences.start_of(start)
    if word is None or any(sentences.start_of(e["mention"][0]) != sent or not e["subject"]
                           or e["kind"] == "percent" for e in earlier):
        return None
    return [e["subject"] + word for e in earlier]


def _list_subjects(text: str, start: int, n: int, subjects) -> list[str] | None:
    """The n subjects of a distributive predicate ending at `start`, or None when the clause
    before holds no list of n things."""
    lo = max(0, start - _DISTRIBUTE_REACH)
    head = text[lo:start]
    head = head[max(head.rfind(c) for c in _CLAUSE_MARKS) + 1:]
    for word in subjects.drop_words:
        head = head.replace(word, "")
    head = head[:-1] if head.endswith("了") else head      # `分别增长了x和y`
    if "分别" in head:
        left, pred = head.rsplit("分别", 1)
    else:
        pred = next((w for w in subjects.change_words if head.endswith(w)), "")
        left = head[:len(head) - len(pred)]
    if pred not in subjects.change_words and pred not in subjects.copulas:
        return None
    left = _cut_comparison(left)
    tail = ""
    if "等" in left:
        left, rest = left.split("等", 1)
        tail = next((t for t in subjects.shared_tails if rest.endswith(t)), "")
    parts = [p for p in _split_list(left)]
    if len(parts) != n and len(left.split("、")) == n:
        parts = left.split("、")        # `社会保障和就业支出、教育支出…`: 和 inside a member
    if len(parts) != n or not all(parts):
        return None
    parts[0] = parts[0].rsplit("的", 1)[-1]     # `新区的小学、初中…`: the modifier is no member
    last = parts[-1]
    if "的" in last:
        parts[-1], tail = last.split("的", 1)
    elif not tail:
        t = next((t for t in subjects.shared_tails if last.endswith(t) and not parts[0].endswith(t)), "")
        if t and len(last) > len(t):
            parts[-1], tail = last[:-len(t)], t
    word = pred if pred in subjects.change_words else ""
    out = [subjects.trim_list_item(p) + tail + word for p in parts]
    if not all(p and len(p) <= subjects.max_chars + len(tail) + len(word) and all(is_han(c) or c.isalnum() for c in p)
               for p in out):
        return None
    return out


def _cut_comparison(left: str) -> str:
    """`…出口较2012年` → `…出口`: a comparison base at the end of the list clause is no subject."""
    for k in range(len(left) - 1, -1, -1):
        if left[k] in "较比" and k + 1 < len(left) and (left[k + 1].isdigit() or left[k + 1:k + 3] in ("上年", "去年")):
            return left[:k]
    return left


def _split_list(left: str) -> list[str]:
    out, cur, k = [], [], 0
    while k < len(left):
        if left.startswith("以及", k):
            out.append("".join(cur)); cur = []; k += 2
            continue
        if left[k] in "、和与及":
            out.append("".join(cur)); cur = []
        else:
            cur.append(left[k])
        k += 1
    out.append("".join(cur))
    return out


def _group(text: str, items: list[dict], sentences: _Sentences) -> None:
    """A money amount right after a count in the same sentence, joined by 投资/总投资…, shares its
    group id and takes the count's subject (`重点项目共计96个,计划总投资412.5亿元`)."""
    g = _guards_cfg()
    next_id = 1
    for prev, cur in zip(items, items[1:]):
        if prev["kind"] != "count" or cur["kind"] != "money":
            continue
        (_, pe), (cs, _) = prev["mention"], cur["mention"]
        gap = text[pe:cs]
        if len(gap) > g["group_gap"] or sentences.start_of(pe) != sentences.start_of(cs):
            continue
        marker = next((m for m in sorted(g["group_markers"], key=len, reverse=True) if m in gap), None)
        if marker is None:
            continue
        if prev["group"] is None:
            prev["group"], next_id = next_id, next_id + 1
        cur["group"] = prev["group"]
        head = _attributive_head(text, cur["mention"][1], gap)
        if head:                  # `546个总投资约9500亿元的重大项目`: both describe the noun after 的
            prev["subject"], cur["subject"] = head, head + marker
        else:
            cur["subject"] = prev["subject"] or cur["subject"]


def _attributive_head(text: str, money_end: int, gap: str) -> str | None:
    """The noun a count + money phrase modifies when the two stand before 的 with nothing but the
    investment word between them (`546个总投资约9500亿元的重大项目`)."""
    if not text.startswith("的", money_end) or any(c in _CLAUSE_MARKS for c in gap):
        return None
    return readers()[0].after(text, money_end)


def extract(ctx: ArticleContext, doc=None) -> list[dict]:
    """find → filter → resolve → group. Items shaped like schemas.Quantity (mention as a tuple)."""
    if not ctx.text:
        return []
    sentences = _Sentences(ctx.text)
    items = _resolve(ctx, _candidates(ctx), sentences)
    heads = {(s, e): head for s, e, _n, head in ctx.real_counts}
    for it in items:              # `七大重点流域`: the thing counted is the phrase's own head
        if tuple(it["mention"]) in heads:
            it["subject"] = heads[tuple(it["mention"])]
    _distribute(ctx.text, items, sentences)
    _group(ctx.text, items, sentences)
    return items


@Language.factory("govextract_quantities_v1", assigns=["doc._.quantities"],
                  requires=["doc._.dates", "doc._.slogans", "doc._.real_counts", "doc._.places"])
def make_component(nlp, name):
    # Load what extraction needs now, not on the first document (forked workers then share it):
    # the rule tables and cn2an (for numerals beyond the small ones read without it).
    lexicon()
    import cn2an  # noqa: F401
    return ExtractorComponent("quantities", extract)
