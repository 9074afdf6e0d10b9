"""Quantities, step 2 (resolve): what an amount measures and whether it is a target.

Subjects are read in a bounded window next to the amount; target/achieved markers are found
once per document in the merged windows before the amounts. Word lists come from
`rules/quantities.toml` (`[subject]`, `[markers]`) and are matched with Aho-Corasick automata,
so the cost per amount is bounded and the whole pass stays linear.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

import ahocorasick

from pipeline.extractors.quantities_parse import CN_DIGITS
from pipeline.shared import segmenter
from pipeline.shared.rules import load_toml
from pipeline.shared.base import is_han

_AFTER_WINDOW = 16
_HAN_PREDICATE_MAX = 10
_BEFORE_WINDOW = 30
_QUOTES = "“”‘’\"'「」"
_SUBJECT_NO_HEAD_MAX = 8   # a subject read after the unit with no known noun head must be this short
_GOAL_VERB_AFTER = 20
# Trim words of one character that also end common nouns: kept when they close a lexicon word
# (`城市治理应用`, `医疗总费用`, `日均`, `可节约`, `报废更新`), trimmed otherwise (`均`, `面积约`).
_WORD_FINAL = frozenset("用均约新只里正")    # 节约, 签约 keep 约; an attributive amount's goal verb may follow it in its clause (将对N项商品实施…)
# A numeral inside a before-window, with the classifier after it (`省市区三级重点项目` → cut after `三级`).
_NUM_CHARS = frozenset("0123456789.%" + CN_DIGITS + "十")
_NUM_FOLLOWERS = frozenset("级个项大类条名家批种年月日季度号期届次后强份")
# The base of a comparison written with a year (`较2025年`, `比2023年同期`), removed from a subject.
_COMPARISON_BASE = re.compile(
    r"(?:较|比)(?:(?:\d{4}|[〇零一二三四五六七八九]{4})年(?:同期|底|末|全年)?|“?十[一二三四五六七八九]五”?(?:末|时期|期末))")


class Matcher:
    """All occurrences of a fixed word list in a short string (Aho-Corasick, linear)."""

    def __init__(self, words):
        self.words = frozenset(words)
        self.auto = ahocorasick.Automaton()
        for w in self.words:
            self.auto.add_word(w, w)
        if self.words:
            self.auto.make_automaton()

    def find(self, s: str) -> list[tuple[int, int, str]]:
        """(start, end, word) of every occurrence, overlapping ones included, by end then start."""
        if not self.words or not s:
            return []
        return [(end + 1 - len(w), end + 1, w) for end, w in self.auto.iter(s)]


class TaggedMatcher:
    """Like Matcher, for several word lists at once: each hit carries the set of its lists' tags."""

    def __init__(self, lists: dict[str, list[str]]):
        tags: dict[str, set[str]] = {}
        for tag, words in lists.items():
            for w in words:
                tags.setdefault(w, set()).add(tag)
        self.auto = ahocorasick.Automaton()
        for w, t in tags.items():
            self.auto.add_word(w, (len(w), frozenset(t)))
        self.empty = not tags
        if tags:
            self.auto.make_automaton()

    def find(self, s: str) -> list[tuple[int, int, frozenset]]:
        if self.empty or not s:
            return []
        return [(end + 1 - n, end + 1, t) for end, (n, t) in self.auto.iter(s)]


class SubjectReader:
    """The noun phrase an amount counts or measures, read after the unit or before the number."""

    def __init__(self, cfg: dict):
        sub = cfg["subject"]
        self.max_chars = cfg.get("subject_max_chars", 12)
        self.after_words = TaggedMatcher({"stop": sub["stops_after"], "head": sub["heads"],
                                          "keep": sub.get("keep", [])})
        self.cuts = Matcher(sub["cut_before"])
        self.trim_tail = _by_length(sub["trim_tail"])
        self.trim_tail_words = frozenset(sub["trim_tail"])
        self.predicate_not_first = tuple(sub.get("predicate_not_first", ()))
        self.inner_drop = frozenset(sub.get("inner_drop", ()))
        self.period_leads = tuple(sub.get("period_leads", ()))
        self.timed_skip = tuple(sorted(sub.get("timed_skip", ()), key=len, reverse=True))
        self.trim_head = _by_length(sub["trim_head"])
        self.trim_soft = _by_length(sub.get("trim_head_soft", []))
        self.skip_after = tuple(sub["skip_after"])
        self.events = tuple(sub.get("head_events", []))
        self.head_suffixes = frozenset(sub.get("head_suffixes", []))
        self.activity_skip = sorted(sub.get("activity_skip", []), key=len, reverse=True)
        self.activity_verbs = sorted(sub.get("activity_verbs", []), key=len, reverse=True)
        self.duration_leads = tuple(sub.get("duration_leads", []))
        self.purpose_words = tuple(sub.get("purpose_words", []))
        self.topic_trailing = sorted(sub.get("topic_trailing", []), key=len, reverse=True)
        self.plan_nouns = sorted(sub.get("plan_nouns", []), key=len, reverse=True)
        self.duration_before_cues = tuple(sub.get("duration_before_cues", []))
        self.duration_before_skip = sorted(sub.get("duration_before_skip", []), key=len, reverse=True)
        self.discourse = frozenset(sub.get("discourse_subjects", []))
        self.drop_words = tuple(sub.get("percent_drop_words", []))
        self.change_words = tuple(sorted(sub.get("change_words", []), key=len, reverse=True))
        self.currency_after = tuple(sub.get("currency_after_unit", []))
        self.noun_trailers = frozenset(sub.get("noun_trailers", []))
        self.growth_words = frozenset(sub.get("growth_words", []))
        self.change_units = frozenset(cfg.get("guards", {}).get("change_units", []))   # 倍, 番
        self.rate_word = (sub.get("rate_word") or ["增速"])[0]
        self.shared_tails = tuple(sorted(sub.get("shared_tails", []), key=len, reverse=True))
        self.copulas = frozenset(sub.get("copulas", []))
        self.change_from = tuple(sub["change_from"])
        self.time_words = frozenset(sub.get("trim_head_soft", []) + sub.get("time_words", []))
        self.bound_str = "".join(sub.get("bound_chars", []))
        self.bound = frozenset(self.bound_str)
        self.noun_tags = frozenset(sub.get("after_noun_tags", []))
        self.noun_end_tags = frozenset(sub.get("after_noun_end_tags", []))
        self.noun_stop_chars = frozenset("".join(sub.get("after_noun_stop_chars", [])))
        self.self_naming = frozenset(sub.get("self_naming_units", []))
        self.change_adverbs = tuple(sorted(sub.get("change_adverbs", []), key=len, reverse=True))

    def after(self, text: str, pos: int, past_modifier: bool = True) -> str | None:
        """`612名科级以上干部利用…` → `科级以上干部`: Han run, cut at a stop word, end at a noun head.

        With no head before a 的, the run may be a modifier: a phrase after 的 that ends in a known
        head is the counted noun (`50个可与周边连通的“服务区”` → 服务区)."""
        if text.startswith(self.currency_after, pos):
            pos += len(next(c for c in self.currency_after if text.startswith(c, pos)))   # 50亿元人民币国债
        w = text[pos:pos + _AFTER_WINDOW]
        if w.startswith("的"):
            w = w[1:]
        w = w.lstrip(_QUOTES)
        if w.startswith(self.skip_after):
            return None
        start = pos + _AFTER_WINDOW - len(w) if len(text) >= pos + _AFTER_WINDOW else len(text) - len(w)
        run = w[:_han_run(w)]
        found = self.after_words.find(run)
        masks = [(s, e) for s, e, t in found if "stop" not in t]
        stops = [(s, e) for s, e, t in found if "stop" in t and not any(ms <= s < me for ms, me in masks)]
        cut = min(s for s, _ in stops) if stops else len(run)
        heads = sorted((s, e) for s, e, t in found if "head" in t and e <= cut)
        if heads and run[heads[-1][1]:heads[-1][1] + 1] and is_han(run[heads[-1][1]]):
            cuts = segmenter.word_cuts(run)     # a head straddling two words is none (大学|校长 holds no 学校)
            heads = [(s, e) for s, e in heads if s in cuts or e in cuts]
        if heads:
            end = _head_chain_end(heads)
            if run[end:end + 1] not in self.head_suffixes:
                event = next((ev for ev in self.events if run.startswith(ev, end)), "")
                return run[:end + len(event)] or None
        de = cut if run[cut:cut + 1] == "的" else (run.find("的", cut) if cut == 1 else -1)
        if past_modifier and de >= 0:
            # `标准化的“司机之家”`; `可与周边连通的…` (one character before a stop is no noun)
            found = self.after(text, start + de, past_modifier=False)
            if found:
                return found
        if not past_modifier:
            return None         # after a modifier, only a known noun head is trusted
        if 0 < cut <= _SUBJECT_NO_HEAD_MAX:
            nouns = self.noun_words(text, start)
            if nouns and run.startswith(nouns) and len(nouns) < cut and self._word_follows(run[len(nouns):]):
                return nouns        # `快件进入`, `试验田里`: the nouns, not the verb after them
            return run[:cut]
        return None

    def _word_follows(self, rest: str) -> bool:
        """The nouns end where a word begins: the rest opens with a lexicon word of two or more
        characters (进入, 参会) or a trailing localizer/adverb (里, 正) — not with a lone character
        the segmenter split off a longer noun (大学校|长参会)."""
        if not rest:
            return False
        first = rest[:min(c for c in segmenter.word_cuts(rest) if c > 0)]
        return len(first) >= 2 or first in self.noun_trailers

    def noun_words(self, text: str, pos: int) -> str | None:
        """`9名数字化技术员同时管理着…` → `数字化技术员`: the words right after the unit that the lexicon
        tags as nouns or noun modifiers, up to the last noun — the last reading of a counted thing
        that no head list knows and that no phrase before the number names."""
        run = text[pos:pos + _AFTER_WINDOW]
        words = []
        han = run[:_han_run(run)]
        cuts = sorted(segmenter.word_cuts(han)) if han else [0]
        for w in (han[a:b] for a, b in zip(cuts, cuts[1:])):
            if segmenter.word_tag(w) not in self.noun_tags:
                if len(w) == 1 and is_han(w) and w not in self.noun_stop_chars:
                    return None      # stopped inside a compound the lexicon lacks (鲁班|工|坊)
                break
            words.append(w)
        while words and segmenter.word_tag(words[-1]) not in self.noun_end_tags:
            words.pop()
        if len(words) == 1 and segmenter.word_tag(words[0]) == "s":
            return None              # a place word alone (`4所国内知名高校` → not 国内)
        phrase = "".join(words)
        return phrase if 2 <= len(phrase) <= self.max_chars else None

    def activity_start(self, text: str, pos: int) -> int | None:
        """Where the object of a timed activity starts (`三天时间,完成道路整平…` → at `道路`).

        None when no activity verb follows the duration: then it measures nothing we can name."""
        pos = self._skip(text, pos)
        verb = next((v for v in self.activity_verbs if text.startswith(v, pos)), None)
        return None if verb is None else self._skip(text, pos + len(verb))

    def activity_noun(self, text: str, pos: int) -> str | None:
        """`完成了对530家外资企业的走访调研` → `走访调研`: with 对…的 the activity is the noun after 的."""
        if text[pos - 1:pos] != "对":
            return None
        w = text[pos:pos + _AFTER_WINDOW]
        run = w[:next((i for i, c in enumerate(w) if c in ",;。!?、\n"), len(w))]
        de = run.rfind("的")
        noun = run[de + 1:][:_han_run(run[de + 1:])] if de >= 0 else ""
        return noun[:self.max_chars] or None

    def measures_before(self, text: str, floor: int, start: int) -> bool:
        """A duration at `start` measures the phrase before it: 连续 or a time-length word stands right
        before, with only adverbs and comparison words between (rules: duration_before_cues)."""
        pos = start
        for _ in range(3):
            word = next((w for w in self.duration_before_skip if text.startswith(w, pos - len(w))), None)
            if word is None:
                break
            pos -= len(word)
        return pos > floor and text[max(floor, pos - 3):pos].endswith(self.duration_before_cues)

    def predicate_after(self, text: str, pos: int, limit: int = 0, clause_subject: bool = False) -> str | None:
        """What a duration after 连续 lasted, when nothing before names it: the predicate that follows,
        up to punctuation or a number (`连续6个月保持增长` → 保持增长, `连续22年位居全省首位`). For an
        amount opening its clause (`1670人被授予…称号`), not a predicate that opens with a particle,
        adverb or preposition of another subject (rules: predicate_not_first)."""
        run = text[pos:pos + min(_AFTER_WINDOW, limit or _HAN_PREDICATE_MAX)]
        run = run[:_han_run(run)]
        if clause_subject and run.startswith(self.predicate_not_first):
            return None
        return run if len(run) >= 2 and run not in self.trim_tail_words else None

    def drop_inner(self, subject: str) -> str:
        """Adverbs and time words inside a subject are no part of what is measured (`海关已监管中欧班列`
        → 海关监管中欧班列, `集装箱今年吞吐量` → 集装箱吞吐量): whole words of the segmenter only."""
        if not self.inner_drop or not any(w in subject for w in self.inner_drop):
            return subject
        words = segmenter.segment(subject)
        kept = "".join(w for i, w in enumerate(words) if not (0 < i < len(words) - 1 and w in self.inner_drop))
        return kept if len(kept) >= 2 else subject

    def trim_list_item(self, w: str) -> str:
        """A member of a list of measured things, without jurisdiction or time words (`全国…`) and
        without a count of its own (`16条省级重点产业链` → 省级重点产业链)."""
        w = self._trim(w.strip())
        n = 0
        while n < len(w) and w[n] in _NUM_CHARS:
            n += 1
        if n and n + 1 < len(w) and w[n] in _NUM_FOLLOWERS:
            w = w[n + 1:]
        return w

    def is_time_word(self, subject: str | None) -> bool:
        """`今年`, `全年`: a time word alone is no subject ([subject] trim_head_soft, time_words)."""
        return subject is not None and subject in self.time_words

    def is_discourse(self, subject: str | None) -> bool:
        """`三个方面`: a count of the parts of a speech, not of real things."""
        return subject in self.discourse

    def _skip(self, text: str, pos: int) -> int:
        for _ in range(6):
            word = next((w for w in self.activity_skip if text.startswith(w, pos)), None)
            if word is None:
                break
            pos += len(word)
        return pos

    def object_phrase(self, text: str, pos: int) -> str | None:
        """The noun phrase at `pos` up to punctuation, cut like a before-subject (`开工前各项审批手续`
        → `审批手续`)."""
        end = pos + _han_run(text[pos:pos + _AFTER_WINDOW])
        return self.before(text, pos, end) if end > pos else None

    def before(self, text: str, floor: int, start: int) -> str | None:
        """`城阳区共排定2023年市级重点项目共计96个` → `重点项目` (floor: clause/mention cut)."""
        lo = max(floor, start - _BEFORE_WINDOW)
        if text[lo:start].endswith(")") and "(" not in text[lo:start]:
            lo = _bracket_clause(text, start)     # `示范区(园、点)169个`: the 、 in the gloss cuts nothing
        w = text[lo:start]
        if w.endswith(")") and "(" in w:
            w = w[:w.rindex("(")]      # `无欠薪村(社区)120个`: the gloss in brackets is no subject
        w = _COMPARISON_BASE.sub("", w)     # `排放较2025年降低`: the base year is no cut (→ 排放降低)
        num = _last_numeral_end(w)
        rest = self._trim(w[num:])
        if num and not rest and w[:num].endswith(_DURATION_ENDS):
            # `粮食产量连续9年稳定在1.3万亿斤`: only a verb after a duration, the subject stands before it
            w = self._trim(w[:_numeral_start(w, num)])
        else:
            w = rest
        single = ""
        for _ in range(3):
            # a cut word inside a longer noun (`服务业`, `覆盖率`) leaves a bound character: no cut
            cuts = [c for c in self.cuts.find(w) if w[c[1]:c[1] + 1] not in self.bound]
            if not cuts:
                break
            s, e, _ = max(cuts, key=lambda c: (c[1], -c[0]))
            rest = self._trim(w[e:])
            if len(rest) > 1:
                w = rest
                break
            # the verb stood right before the number (`力争降到`, one character or none left):
            # read before it, keeping the character only when nothing else is found
            single = single or rest
            w = self._trim(w[:s])
        w = w or single
        if not w or not all(is_han(c) or c.isalnum() or c in "()" for c in w) or not _balanced(w):
            return None
        at = text.rfind(w, lo, start)
        if len(w) > self.max_chars:
            at, w = at + len(w) - self.max_chars, w[-self.max_chars:]
        if at > 0 and is_han(w[0]) and _may_cut_a_word(text, at):
            # a subject begins at a word boundary: `年末净增` read from `末`, or `中国进出口银行` cut to
            # its last characters, starts at the next word (`净增`, `进出口银行`)
            skip = segmenter.word_start_at_or_after(text, at, at + len(w)) - at
            w = self._trim(w[skip:]) if skip < len(w) else w
        return w or None

    def _trim(self, w: str) -> str:
        """Strip trim words from both ends, longest first, until none is left."""
        changed = True
        while w and changed:
            changed = False
            for n, words in self.trim_tail:
                if w[-n:] in words and not (n == 1 and w[-1] in _WORD_FINAL and w[-2:] in segmenter.lexicon()):
                    w, changed = w[:-n], True      # not the last character of a word (应用, 费用, 日均)
                    break
            for n, words in self.trim_head:
                if w[:n] in words:
                    w, changed = w[n:], True
                    break
            for n, words in self.trim_soft:
                if w[:n] in words and len(w) - n >= 3:
                    w, changed = w[n:], True
                    break
        return w


def _may_cut_a_word(text: str, at: int) -> bool:
    """Could a word of the lexicon straddle `at`? Only then is the segmenter asked (it costs a
    window segmentation; most subjects start after punctuation or a function word)."""
    if not is_han(text[at - 1]):
        return False
    words = segmenter.lexicon()
    return text[at - 1:at + 1] in words or text[at - 1:at + 2] in words or text[max(0, at - 2):at + 1] in words \
        or text[max(0, at - 2):at + 2] in words


def _head_chain_end(heads: list[tuple[int, int]]) -> int:
    """End of the first noun head and of the heads chained right onto it: `中长期流动资金贷款` ends
    after `贷款`, but `科级以上干部组成服务专班` after `干部` (a verb comes between)."""
    end = heads[0][1]
    for s, e in heads[1:]:
        if s <= end < e:
            end = e
    return end


def _by_length(words) -> list[tuple[int, frozenset]]:
    """Words grouped by length, longest first: constant-time `endswith`/`startswith` tests."""
    lengths = sorted({len(w) for w in words if w}, reverse=True)
    return [(n, frozenset(w for w in words if len(w) == n)) for n in lengths]


def _han_run(w: str) -> int:
    n = 0
    while n < len(w) and is_han(w[n]):
        n += 1
    return n


_DURATION_ENDS = ("年", "个月", "天", "周")
_BRACKET_REACH = 24


def _bracket_clause(text: str, start: int) -> int:
    """Start of the clause holding the `(` of a gloss that ends at `start` (bounded look back)."""
    lo = max(0, start - _BEFORE_WINDOW - _BRACKET_REACH)
    seg = text[lo:start]
    op = seg.rfind("(")
    if op < 0:
        return start
    cut = max(seg.rfind(c, 0, op) for c in ",;:。!?\n")
    return lo + cut + 1


def _balanced(w: str) -> bool:
    """Brackets inside a subject only as a whole gloss (`广义货币(M2)余额`), never one alone."""
    return w.count("(") == w.count(")") and not w.startswith(("(", ")")) and (w.find("(") <= w.find(")"))


def _numeral_start(w: str, end: int) -> int:
    """Start of the numeral whose classifier ends at `end` (`连续9年` → at `9`)."""
    i = end
    while i > 0 and not (w[i - 1] in _NUM_CHARS):
        i -= 1
    while i > 0 and w[i - 1] in _NUM_CHARS:
        i -= 1
    return i


def _last_numeral_end(w: str) -> int:
    """Offset after the last numeral and its classifier/date word in `w` (`2021年`, `三级`), or 0.

    A Chinese digit only counts when a classifier follows, so `统一`, `进一步` are no numerals."""
    for i in range(len(w) - 1, -1, -1):
        c = w[i]
        if c.isdigit() and ((i + 1 < len(w) and w[i + 1].isascii() and w[i + 1].isalpha())
                            or (i > 0 and w[i - 1].isascii() and w[i - 1].isalpha())):
            continue                   # `5G基站`, `M2`: a digit inside a Latin word is no numeral
        if c.isdigit() or c == "%" or (c in _NUM_CHARS and i + 1 < len(w) and w[i + 1] in _NUM_FOLLOWERS):
            j = i + 1
            while j < len(w) and j - i <= 2 and w[j] in _NUM_FOLLOWERS:
                j += 1
            return j
    return 0


class MarkerIndex:
    """Every target/achieved marker of one document, found in one pass and sorted by end.

    A marker inside a blocker (`主要`), a longer marker (`目标` in `预期目标`) or a quoted name
    (`“三年行动计划”`) is dropped here, once, instead of per amount."""

    def __init__(self, reader: "TargetReader", text: str, regions: list[tuple[int, int]]):
        self.text = text
        found = [(s + lo, e + lo, w) for lo, hi in regions for s, e, w in reader.matcher.find(text[lo:hi])]
        covers: dict[int, list[int]] = {}
        for s, e, w in found:
            if reader.kind[w] == "blocker" or len(w) > 1:
                covers.setdefault(s, []).append(e)
        reach = max((len(w) for w in reader.kind), default=1)
        marks = []
        for s, e, w in found:
            kind = reader.kind[w]
            if kind == "blocker" or _covered(covers, s, e, reach) or _in_quote(text, s, e):
                continue
            marks.append((e, s, kind))
        self.marks = sorted(marks)
        self.ends = [e for e, _, _ in self.marks]

    def before(self, lo: int, hi: int):
        """Markers inside [lo, hi), nearest (rightmost end) first."""
        i = bisect.bisect_right(self.ends, hi) - 1
        while i >= 0 and self.marks[i][0] > lo:
            e, s, kind = self.marks[i]
            if s >= lo:
                yield s, e, kind
            i -= 1


def _covered(covers: dict[int, list[int]], s: int, e: int, reach: int) -> bool:
    return any(ce >= e and ce - cs > e - s for cs in range(s - reach, s + 1) for ce in covers.get(cs, ()))


def _in_quote(text: str, s: int, e: int) -> bool:
    """Inside a short “…” or 《…》 (bounded look both ways): the marker is part of a name."""
    left = text[max(0, s - 40):s]
    right = text[e:e + 40]
    for lq, rq in (("“", "”"), ("《", "》")):
        i, j = left.rfind(lq), right.find(rq)
        if i >= 0 and j >= 0 and rq not in left[i:] and lq not in right[:j]:
            return True
    return False


class TargetReader:
    """Is an amount a goal (计划, 力争, 确保…) or a reported figure (已, 累计, 完成…)?"""

    def __init__(self, cfg: dict):
        mk = cfg["markers"]
        self.kind = {w: "achieved" for w in mk["achieved"]}
        self.kind.update({w: "weak" for w in mk["weak_achieved"]})
        self.kind.update({w: "target" for w in mk["target"]})
        self.kind.update({w: "blocker" for w in mk["blockers"]})
        self.goal_pivots = tuple(mk.get("goal_pivots", []))
        self.matcher = Matcher(self.kind)
        self.goal_verbs = Matcher(mk.get("goal_verbs", []))
        self.weak_reach = mk.get("weak_reach", 6)

    def index(self, text: str, windows: list[tuple[int, int]]) -> MarkerIndex:
        """Markers of the text before the amounts: `windows` (sorted by start) merged, read once."""
        regions: list[tuple[int, int]] = []
        for lo, hi in windows:
            if regions and lo <= regions[-1][1]:
                regions[-1] = (regions[-1][0], max(hi, regions[-1][1]))
            else:
                regions.append((lo, hi))
        return MarkerIndex(self, text, regions)

    def is_target(self, idx: MarkerIndex, text: str, lo: int, clause: int, hi: int,
                  attributive: bool = False) -> bool:
        """The nearest marker of the clause [clause, hi) before the number decides; with none
        there, the nearest in the earlier clauses of the sentence [lo, clause)
        (`目标是:…增长6%左右,…增长5%以上`).

        An attributive amount (`105个重点项目`) also needs a goal verb in its clause after the
        marker: otherwise the plan acts on an existing stock, which is no goal."""
        state, end = self._decide(idx, clause, hi)
        if state is None:
            state, end = self._decide(idx, lo, clause)[0], clause
        if state != "target":
            return False
        if not attributive or self.goal_verbs.find(text[end:hi]):
            return True
        if not text.endswith(self.goal_pivots, max(end, hi - 4), hi):
            return False
        after = text[hi:hi + _GOAL_VERB_AFTER]     # `将对1010项商品实施`, `将推动1万家企业开展技术改造`
        stop = next((i for i, c in enumerate(after) if c in ",;:。!?\n"), len(after))
        return bool(self.goal_verbs.find(after[:stop]))

    def clause_state(self, idx: MarkerIndex, lo: int, hi: int) -> str | None:
        """'target' | 'achieved' | None: what the markers of [lo, hi) alone decide."""
        return self._decide(idx, lo, hi)[0]

    def _decide(self, idx: MarkerIndex, lo: int, hi: int) -> tuple[str | None, int]:
        """('target', marker end) | ('achieved', 0) | (None, 0) from the nearest deciding marker.

        A weak verb decides nothing, and stops the search unless a target marker stands close
        before it (`力争实现`), directly or through the weak verbs of earlier list items: a
        farther marker belongs to another predicate."""
        for s, e, kind in idx.before(lo, hi):
            if kind == "target":
                return "target", e
            if kind == "achieved":
                return "achieved", 0
            if kind == "weak":
                # `力争A达到60%以上、B达到70%以上`: a weak verb of a list item reaches back through
                # the same verbs of the items before it to the target marker of the list
                at = s
                for prev in idx.before(lo, at):
                    gap = idx.text[prev[1]:at]
                    one_clause = "," not in gap and ";" not in gap
                    if at - prev[1] > self.weak_reach * (1 + gap.count("、") if one_clause else 1) \
                            or (at < s and not one_clause):
                        break       # a list of items separated by 、 in one clause
                    if prev[2] == "target":
                        return "target", prev[1]
                    if prev[2] == "achieved":
                        return "achieved", 0        # `已完成…达到20万亩`
                    at = prev[0]
                return None, 0
        return None, 0


@lru_cache(maxsize=1)
def readers() -> tuple[SubjectReader, TargetReader]:
    cfg = load_toml("quantities.toml")
    return SubjectReader(cfg), TargetReader(cfg)
