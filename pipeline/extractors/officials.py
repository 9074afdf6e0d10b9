"""Extractor: officials — people with the positions the article gives them (docs/annotation.md, Officials).

find: a name is accepted only where the grammar gives it a position —
  1. after a title chain (`东平市委副书记、市长孙明川`, `董事长兼总经理张栋国`), and the `、`-list of
     names continuing it;
  2. before a group role (`马保岭、边祥为…等区领导`);
  3. before a post-name title (`习近平总书记`, `。周科书记指出`);
  4. in reporter/editor credits (officials_media);
  5. in appointment news, before or after the post (`A、B同志不再担任X副主任`, `免去C同志X职务`,
     `以D为团长的`: rules [appointments]).
resolve: orgs from the chain and the article's places (officials_orgs); one official per name,
  every position in article order, every later mention of the name (`周科强调`).
Names never overlap a place, date or slogan mention; stop-lists and historical figures are data.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import partial

import ahocorasick
from spacy.language import Language

from pipeline.shared import segmenter
from pipeline.shared.tables import DIVISION_LEVELS
from pipeline.shared.base import ArticleContext, ExtractorComponent, SpanIndex, mention_spans
from pipeline.extractors import ner_evidence
from pipeline.extractors.officials_lexicon import Lexicon, is_han, lexicon, titles_by_end, word_lexicon
from pipeline.extractors.officials_media import credits_in
from pipeline.extractors.officials_names import (NONE, STRONG, WEAK, accept_name, extend_separated,
                                                 names_after, names_before, read_foreign_name, read_name_after,
                                                 readings_at, right_strength, subject_names,
                                                 surname_lengths)
from pipeline.extractors.officials_orgs import (Blocks, Jurisdictions, chain_before, org_start,
                                                person_role, position_role, resolve)

_LIST_MAX = 20
_CREDIT_KINDS = ("byline", "boilerplate", "meta", "title", "subtitle", "body")


class Found:
    """People found so far: name → positions (with the offset that gave them) and mentions."""

    def __init__(self) -> None:
        self.people: dict[str, dict] = {}
        self.seq = 0

    def add(self, name: str, span: tuple[int, int], positions: list[dict]) -> None:
        """Positions are kept with the name's offset, then finding order: article order at the end."""
        person = self.people.setdefault(name, {"positions": [], "mentions": set()})
        person["mentions"].add(span)
        for pos in positions:
            self.seq += 1
            person["positions"].append((span[0], self.seq, pos))

    def items(self, lex: Lexicon) -> list[dict]:
        out = []
        for name, person in self.people.items():
            positions = _dedupe([p for _, _, p in sorted(person["positions"], key=lambda x: x[:2])])
            if not positions or name in lex.historical:
                continue
            roles = [position_role(p["title"], p["org"], lex, p["text"]) for p in positions]
            out.append({"name": name, "role": person_role(roles), "positions": positions,
                        "mentions": sorted(person["mentions"])})
        out.sort(key=lambda it: it["mentions"][0])
        return out


def _dedupe(positions: list[dict]) -> list[dict]:
    """One position per (title, org); an org-less title is dropped when the same title has an org."""
    with_org = {p["title"] for p in positions if p["org"]}
    seen, out = set(), []
    for p in positions:
        key = (p["title"], p["org"])
        if key in seen or (p["org"] is None and p["title"] in with_org):
            continue
        seen.add(key)
        out.append(p)
    return out


def _spans(ctx: ArticleContext, *cats: str) -> list[tuple[int, int]]:
    return [tuple(s) for c in cats for it in ctx.items.get(c) or [] for s in mention_spans(it)]


class NameBlocker:
    """Where a name may not stand: over a date, a slogan or a place mention.

    A bare two-character place (`振华`, no level word) is ambiguous with a name: it only blocks a
    reading that it covers from its start (`莱西`), not `局长于振华` nor the 3-char `常德传`.
    """

    _LEVEL_ENDS = DIVISION_LEVELS

    def __init__(self, ctx: ArticleContext):
        text = ctx.text
        strong = _spans(ctx, "dates", "slogans")
        self.weak: dict[int, int] = {}
        for s, e in _spans(ctx, "places"):
            if e - s <= 2 and not text[s:e].endswith(self._LEVEL_ENDS):
                self.weak[s] = e
            else:
                strong.append((s, e))
        self.strong = SpanIndex(strong)

    def hits(self, start: int, end: int) -> bool:
        """`莱西` after a title is the place; `常德传` (3 chars over the place 常德) is a name."""
        weak_end = self.weak.get(start)
        return (weak_end is not None and end <= weak_end) or self.strong.hits(start, end)


@dataclass
class State:
    """What every finder of one article shares."""
    ctx: ArticleContext
    text: str
    lex: Lexicon
    ends: dict                   # title end -> (start, title)
    blocked: NameBlocker         # where names may not stand
    blocks: Blocks               # where orgs stop
    jur: Jurisdictions
    foreign_places: list = field(default_factory=list)  # sorted starts of foreign place mentions
    found: Found = field(default_factory=Found)
    chains: dict = field(default_factory=dict)      # name end -> positions of that name's chain
    named_titles: set = field(default_factory=set)  # starts of titles written after a name (习近平总书记)
    date_ends: set = field(default_factory=set)     # a date ends a clause head (`1月15日龚正市长在…`)
    ner: object = None           # NER spans when the rule ner_person_next_to_title is on (issue 12)


def extract(ctx: ArticleContext, doc=None, ner_person_next_to_title: bool = True) -> list[dict]:
    text = ctx.text
    if not text:
        return []
    lex = lexicon()
    st = State(ctx, text, lex, titles_by_end(text), NameBlocker(ctx),
               Blocks(_spans(ctx, "dates", "slogans")), Jurisdictions(ctx, text),
               sorted(s for it in ctx.items.get("places") or [] if _is_foreign_place(it)
                      for s, _ in mention_spans(it)),
               ner=ctx.ner if ner_person_next_to_title else None)
    st.date_ends = {e for _, e in _spans(ctx, "dates")}
    _post_name(st)
    _after_titles(st)
    _appointments(st)
    _group_roles(st)
    _group_labels(st)
    _counted_groups(st)
    _credits(st)
    _later_mentions(st)
    return st.found.items(lex)


def _is_foreign_place(item: dict) -> bool:
    return item.get("level") == "foreign" or (item.get("level") == "country" and item.get("name") != "中国")


_CLAUSE_END = "。,，;；!！?？:：\n"
_CONTEXT_MAX = 40


def _foreign_context(st: State, start: int, title: str) -> bool:
    """Is the title at `start` a foreign or international post? (`美国总统`, `联合国秘书长`, `首相`)

    Yes for a foreign-only title, or when its chain — back to the clause start — holds a foreign
    place mention or an international body.
    """
    if title in st.lex.foreign_titles:
        return True
    text, k = st.text, start
    while k > 0 and start - k < _CONTEXT_MAX and text[k - 1] not in _CLAUSE_END:
        k -= 1
    i = bisect.bisect_left(st.foreign_places, k)
    if i < len(st.foreign_places) and st.foreign_places[i] < start:
        return True
    window = text[k:start]
    return any(m in window for m in st.lex.foreign_markers)


def _separated(text: str, start: int, end: int, lex: Lexicon) -> bool:
    return any(c in lex.separators for c in text[start:end])


def _after_titles(st: State) -> None:
    """Pattern 1: [org]title(、[org]title)* NAME(、NAME)* — the workhorse.

    A title followed by a name-like word that no known verb closes waits: it is taken when the
    same word stands elsewhere as a clause subject (`主任张三坚信…` + `。张三表示`), or, after
    an org-qualified title, as a full-length guess (`_full_name_guess`).
    """
    text, lex, ctx = st.text, st.lex, st.ctx
    pending: list[tuple[int, list[int]]] = []
    for end in sorted(st.ends):
        start, title = st.ends[end]
        if not ctx.in_content(start, end) or start in st.named_titles:
            continue            # `习近平总书记郑重宣布`: a title written after a name takes no other
        at = _after_space(st, start, end, title)
        readings = readings_at(text, at, lex, st.blocked)
        hit = read_name_after(text, at, lex, readings=readings) if readings else None
        far = read_foreign_name(text, at, lex) if lex.role_class(title) != "media" else None
        if far is not None and not st.blocked.hits(at, far) and (hit is None or far >= hit[0]) \
                and (_separated(text, at, far, lex) or _foreign_context(st, start, title)
                     or (hit is None and far - at >= 3 and all(c in lex.translit for c in text[at:far]))):
            hit = (far, STRONG)
        if hit is not None:
            _anchor(st, end, hit[0], at)
        elif readings and at == end:
            pending.append((end, readings))
        elif not readings:
            # -- NER evidence (issue 12): a PERSON span the name grammar cannot read
            ner_end = ner_evidence.person_after_title(st.ner, text, at, lex, st.blocked, start)
            if ner_end is not None:
                _anchor(st, end, ner_end, at)
    confirmed = subject_names(text, {text[e:r] for e, rs in pending for r in rs}, lex)
    for end, readings in pending:
        name_end = max((r for r in readings if text[end:r] in confirmed
                        and accept_name(text, end, r, lex, WEAK)), default=None)
        if name_end is None:
            # -- NER evidence (issue 12): no verb closed the name; a PERSON span does
            name_end = ner_evidence.person_after_title(st.ner, text, end, lex, st.blocked, st.ends[end][0])
        if name_end is None:
            name_end = _full_name_guess(st, end, readings)
        if name_end is not None:
            _anchor(st, end, name_end)


def _appointments(st: State) -> None:
    """Pattern 5: appointment news puts the person before the post — `A、B同志不再担任X委员会副主任`,
    `免去C同志X职务` (rules [appointments]). The post is the title chain from after the verb (or the
    name) to a title that closes the clause or meets `职务`; the names are a 、-list (before the verb)
    or one name (after 免去), accepted by the same name rules as everywhere."""
    text, lex, ctx = st.text, st.lex, st.ctx
    rules = lex.appointments
    honor = rules["honorific"]
    for ln in ctx.content_lines():
        line = text[ln.start:ln.end]
        taken: set[int] = set()          # verb ends already read (任 inside 担任 is the same verb)
        for verb in rules["verbs"]:      # longest first
            i = line.find(verb)
            while i >= 0:
                at = ln.start + i
                if at + len(verb) in taken:
                    i = line.find(verb, i + len(verb))
                    continue
                taken.add(at + len(verb))
                k = at - len(honor) if text.endswith(honor, 0, at) else at
                if k == at and k > ln.start and text[k - 1] not in _CLAUSE_END and not is_han(text[k - 1]):
                    k = -1
                names = names_before(text, k, lex, st.blocked, st.ends) if k > ln.start else []
                if names:
                    names[0] = _after_left_word(text, *names[0], ln.start, lex)
                if names and (k < at or _clause_start(text, names[0][0], ln.start, lex)):
                    _appointed(st, names, at + len(verb), ln.end)
                i = line.find(verb, i + len(verb))
        i = line.find(rules["frame_open"])
        while i >= 0:                    # 以NAME(同志)为[org]TITLE的
            pos = ln.start + i + len(rules["frame_open"])
            hit = read_name_after(text, pos, lex, st.blocked) or _name_before_word(st, pos, rules["frame_as"])
            if hit is not None:
                after = hit[0] + len(honor) if text.startswith(honor, hit[0]) else hit[0]
                if text.startswith(rules["frame_as"], after):
                    _appointed(st, [(pos, hit[0])], after + len(rules["frame_as"]), ln.end,
                               closers=tuple(rules["frame_close"]))
            i = line.find(rules["frame_open"], i + 1)
        for cue in rules["remove"]:
            i = line.find(cue)
            while i >= 0:
                pos = ln.start + i + len(cue)
                names = _name_list_after(st, pos)
                if names:
                    end = names[-1][1]
                    after = end + len(honor) if text.startswith(honor, end) else end
                    _appointed(st, names, after, ln.end, need_end=True)
                i = line.find(cue, i + len(cue))


def _after_left_word(text: str, s: int, e: int, line_start: int, lex: Lexicon) -> tuple[int, int]:
    """A leftmost name read glued to a left word (`祝贺苏林` read as 贺苏林) starts after that word."""
    for w in lex.left_words:
        p = text.rfind(w, max(line_start, s - len(w) + 1), s + len(w) - 1)
        if p >= 0 and s < p + len(w) <= e - 2 and accept_name(text, p + len(w), e, lex, WEAK):
            return p + len(w), e
    return s, e


def _clause_start(text: str, s: int, line_start: int, lex: Lexicon | None = None) -> bool:
    """A name opens its clause, or follows a left word (`祝贺苏林当选…`)."""
    return s == line_start or text[s - 1] in _CLAUSE_END or (
        lex is not None and any(text.endswith(w, line_start, s) for w in lex.left_words))


def _name_list_after(st: State, pos: int) -> list[tuple[int, int]]:
    """`免去A、B、C同志…`: the 、-separated names starting at `pos`."""
    out: list[tuple[int, int]] = []
    for _ in range(_LIST_MAX):
        hit = read_name_after(st.text, pos, st.lex, st.blocked)
        if hit is None and out:
            # after `、` the last name may run straight into the post (`…、李民吉政协…委员资格`):
            # its longest reading is taken when a real word begins right after it
            hit = next(((e, WEAK) for e in sorted(readings_at(st.text, pos, st.lex, st.blocked), reverse=True)
                        if accept_name(st.text, pos, e, st.lex, WEAK)
                        and segmenter.word_length_at(st.text, e) >= 2), None)
        if hit is None:
            break
        out.append((pos, hit[0]))
        if not st.text.startswith("、", hit[0]):
            break
        pos = hit[0] + 1
    return out


def _name_before_word(st: State, pos: int, word: str) -> tuple[int, int] | None:
    """A name at `pos` closed by `word` (`以王沪宁为…`: 为 is no verb of the name grammar)."""
    for end in sorted(readings_at(st.text, pos, st.lex, st.blocked), reverse=True):
        if st.text.startswith(word, end) and accept_name(st.text, pos, end, st.lex, STRONG):
            return end, STRONG
    return None


def _appointed(st: State, names: list[tuple[int, int]], post_start: int, line_end: int,
               need_end: bool = False, closers: tuple[str, ...] = ()) -> None:
    """Give every name the chain of the first title in [post_start, clause end) that ends the post
    (at the clause end, before `职务`, or before one of `closers`)."""
    text, rules = st.text, st.lex.appointments
    stop = min(line_end, post_start + rules["post_max"])
    clause_end = next((j for j in range(post_start, stop) if text[j] in _CLAUSE_END), stop)
    if closers:     # the post ends at the first closer (`以X为核心的党中央…领导的结果`: at 核心的)
        clause_end = next((j for j in range(post_start, clause_end) if text.startswith(closers, j)), clause_end)
    for end in range(post_start + 1, clause_end + 1):
        if end not in st.ends or st.ends[end][0] < post_start:
            continue
        closes = any(text.startswith(w, end) for w in rules["post_end"])
        if closers:
            if not text.startswith(closers, end):
                continue
        elif not closes and (need_end or end != clause_end):
            continue
        start, title = st.ends[end]
        st.blocks.add((post_start - 1, post_start))      # the post's org starts after the verb
        segs = chain_before(text, start, end, title, st.ends, st.lex, st.blocks, st.jur)
        positions = resolve(segs, text, st.lex, st.jur)
        for s, e in names:
            if st.ctx.in_content(s, e):
                st.found.add(text[s:e], (s, e), positions)
        return


def _full_name_guess(st: State, end: int, readings: list[int]) -> int | None:
    """Last resort after an organisation-qualified title (`香城镇党委书记边新福摸索出…`).

    Such a title is almost always followed by a name; no delimiter told its length, so take
    the full reading (surname + 2, as most officials' names are) unless its start is a
    stop-listed word (`区委书记高度重视`).
    """
    start, _ = st.ends[end]
    longest = max(readings)
    if longest - end < 3 or st.text[end:end + 2] in st.lex.stopnames or st.text[end] in st.lex.guess_unsafe:
        return None
    qualified = org_start(st.text, start, st.lex, st.blocks, st.jur) != start
    for name_end in sorted((r for r in readings if r - end >= 2), reverse=True):
        n = segmenter.word_length_at(st.text, name_end)
        word_after = n >= 2
        # a shorter reading only when a predicate word begins right after it (`局长卢林违规从事…`:
        # 违规, a verbal noun); not `李干杰作总结` (杰作 is a noun: the name is 李干杰)
        if name_end < longest and segmenter.word_tag(st.text[name_end:name_end + n]) not in _PREDICATE_TAGS:
            continue
        if not accept_name(st.text, end, name_end, st.lex, NONE):
            continue
        if qualified:
            return name_end
        # A bare title (`、局长`) is too often followed by ordinary words: guess only when an earlier
        # title of its chain has an org and a word of two or more characters begins right after the
        # name (`山西省原粮食局党组书记、局长杨随亭违规决策`: 违规).
        return name_end if word_after and _org_qualified(st, start) else None
    return None


_PREDICATE_TAGS = frozenset(["v", "vn", "vd", "a", "ad", "d"])


def _org_qualified(st: State, start: int) -> bool:
    """The title at `start`, or an earlier title of its 、-chain, has an organisation written before
    it (`山西省原粮食局党组书记、局长` qualifies its bare 局长)."""
    for _ in range(_LIST_MAX):
        if org_start(st.text, start, st.lex, st.blocks, st.jur) != start:
            return True
        j = start - 1
        if j < 0 or st.text[j] not in "、兼" or j not in st.ends:
            return False
        start = st.ends[j][0]
    return False


_SPACES = " \u3000\u00a0\t"


def _after_space(st: State, start: int, end: int, title: str) -> int:
    """Where the name after a title starts: right after it, or after the spaces of a speaker line
    (`北京市市长 殷勇同志作政府工作报告`, `省长 李乐成在…`). Press titles keep their credit reader."""
    j = end
    while j < len(st.text) and j - end < 2 and st.text[j] in _SPACES:
        j += 1
    if j == end or st.lex.role_class(title) == "media" or j >= len(st.text) or not is_han(st.text[j]):
        return end
    return j


def _anchor(st: State, end: int, name_end: int, name_start: int | None = None) -> None:
    """The name at [end, name_end) holds the chain ending at `end`; so does a `、` list after it."""
    text, lex, ctx = st.text, st.lex, st.ctx
    start, title = st.ends[end]
    name_end = extend_separated(text, name_end, lex)
    if not ctx.in_content(start, name_end):
        return
    segs = chain_before(text, start, end, title, st.ends, lex, st.blocks, st.jur)
    positions = [_clean_media(p, lex) for p in resolve(segs, text, lex, st.jur, _previous_org(st, segs[0]))]
    span = (end if name_start is None else name_start, name_end)
    for _ in range(_LIST_MAX):
        st.chains[span[1]] = positions
        st.found.add(text[span[0]:span[1]], span, positions)
        st.blocks.add(span)
        pos = span[1]
        if pos >= len(text) or text[pos] != "、":
            break
        nxt = read_name_after(text, pos + 1, lex, st.blocked)
        if nxt is None or not ctx.in_content(pos + 1, nxt[0]):
            break
        span = (pos + 1, nxt[0])


def _previous_org(st: State, first) -> str | None:
    """`协会会长雷雄志、秘书长唐华平`: a bare first title right after `name、` takes that name's org."""
    k = first.org_start - 1
    if first.org_start != first.title_start or k < 0 or st.text[k] != "、":
        return None
    if st.lex.role_class(first.title) == "media":
        return None             # a correspondent is not on the reporter's paper (gold NOTES)
    previous = st.chains.get(k)
    return previous[-1]["org"] if previous else None


def _clean_media(position: dict, lex: Lexicon) -> dict:
    """`本报记者` has no org: the outlet words of the lexicon are not an organisation."""
    org = position["org"]
    if org and lex.role_class(position["title"]) == "media" and org.startswith(lex.media_self):
        return {**position, "org": None}
    return position


_GROUP_TITLES = ("领导人", "领导")      # the role word a group key ends with (else 领导: `等领导同志`)


def _group_roles(st: State) -> None:
    """Pattern 2: NAME、NAME…等区领导 → each gets {title 领导, org <the district>}."""
    ctx, text, lex = st.ctx, st.text, st.lex
    if not len(lex.group_auto):
        return
    for last, key in lex.group_auto.iter(text):
        start = last + 1 - len(key)
        if text.startswith(lex.group_not_before, last + 1):
            continue
        names = [(s, e) for s, e in names_before(text, start, lex, st.blocked, st.ends)
                 if ctx.in_content(s, e)]
        if not names or not ctx.in_content(start, last + 1):
            continue
        level = lex.group_roles[key]
        org = st.jur.for_level(level, start) if level else None
        title = next((t for t in _GROUP_TITLES if key.endswith(t)), _GROUP_TITLES[-1])
        position = {"org": org, "title": title, "text": key[1:]}
        for s, e in names:
            st.found.add(text[s:e], (s, e), [position])


def _group_labels(st: State) -> None:
    """Pattern 2b: a group label before its list (`党和国家领导人习近平、李强…等`): each name gets
    the label's role. Every item is a whole name between 、 and 等 or punctuation."""
    ctx, text, lex = st.ctx, st.text, st.lex
    for label, level in lex.group_labels.items():
        at = text.find(label)
        while at >= 0:
            names = names_after(text, at + len(label), lex, st.blocked)
            if len(names) >= 2 and ctx.in_content(at, names[-1][1]):
                org = st.jur.for_level(level, at) if level else None
                title = next((t for t in _GROUP_TITLES if label.endswith(t)), _GROUP_TITLES[-1])
                position = {"org": org, "title": title, "text": label}
                for s, e in names:
                    st.found.add(text[s:e], (s, e), [position])
            at = text.find(label, at + len(label))


def _counted_groups(st: State) -> None:
    """Pattern 2c: a list closed by a count and a member word (`刘宁、蓝天立…等5位代表`): each name
    is such a member (title = the word, no org). Every item is a whole name, at least two."""
    ctx, text, lex = st.ctx, st.text, st.lex
    for m in lex.counted_group_re.finditer(text):
        names = [(s, e) for s, e in names_before(text, m.start(), lex, st.blocked, st.ends) if ctx.in_content(s, e)]
        if len(names) < 2:
            continue
        position = {"org": None, "title": m.group("title"), "text": m.group("title")}
        for s, e in names:
            st.found.add(text[s:e], (s, e), [position])


_NAME_LEFT_CONJ = ("同", "与", "和", "及", "、", ",")


def _post_name(st: State) -> None:
    """Pattern 3: NAME + title (`习近平总书记`; `周科书记` only between clear boundaries)."""
    ctx, text, lex = st.ctx, st.text, st.lex
    for end in sorted(st.ends):
        start, title = st.ends[end]
        loose = title in lex.post_loose
        if not (loose or title in lex.post_strict):
            continue
        right = right_strength(text, end, lex)
        if not loose and right == NONE:
            continue
        for length in ((3, 4, 2) if loose else (3, 2)):
            s = start - length
            if s < 0 or st.blocked.hits(s, start):
                continue
            cand = text[s:start]
            if loose and length == 2:
                # `同通伦总书记`: a two-character transliterated name after a conjunction
                if not (all(c in lex.translit for c in cand) and text[s - 1:s] in _NAME_LEFT_CONJ):
                    continue
            elif not surname_lengths(text, s, lex) \
                    or not accept_name(text, s, start, lex, WEAK, before_title=True):
                continue
            # strict titles: a boundary before the name and a verb after the title; a weak one
            # (`在`) only after a hard boundary (line start, punctuation, a date: `15日龚正市长在…`)
            bounded = (right == STRONG and _left_boundary(text, s, lex)) or s in st.date_ends \
                or s == 0 or not (is_han(text[s - 1]) or text[s - 1].isalnum())
            if (loose or bounded) and ctx.in_content(s, end):
                level = lex.gov_heads.get(title)
                place = st.jur.for_level(level, s) if level else None
                org = place + "人民政府" if place else None
                st.found.add(cand, (s, start), [{"org": org, "title": title, "text": title}])
                st.named_titles.add(start)
                break
        else:
            # -- NER evidence (issue 12): a PERSON span right before the post-name title (where
            # the title has a clear right side: a loose title, or a strong verb after it)
            if not (loose or right == STRONG):
                continue
            s = ner_evidence.person_before_title(st.ner, text, start, lex, st.blocked)
            if s is not None and ctx.in_content(s, end) and text[s:start] not in st.found.people:
                level = lex.gov_heads.get(title)
                place = st.jur.for_level(level, s) if level else None
                org = place + "人民政府" if place else None
                st.found.add(text[s:start], (s, start), [{"org": org, "title": title, "text": title}])
                st.named_titles.add(start)


def _left_boundary(text: str, pos: int, lex: Lexicon) -> bool:
    if pos == 0 or not is_han(text[pos - 1]):
        return True
    return any(text.startswith(w, pos - len(w)) for w in lex.left_words)


def _credits(st: State) -> None:
    """Pattern 4: reporters and editors in bylines, credits and editor lines."""
    ctx, text, ends, lex, found = st.ctx, st.text, st.ends, st.lex, st.found
    media = sorted((s, e, t) for e, (s, t) in ends.items() if lex.role_class(t) == "media")
    if not media:
        return
    starts = [m[0] for m in media]
    for line in ctx.lines_of(*_CREDIT_KINDS):
        lo = bisect.bisect_left(starts, line.start)
        hi = bisect.bisect_left(starts, line.end)
        titles = [m for m in media[lo:hi] if m[1] <= line.end]
        if not titles:
            continue
        editor_only = line.kind in ("boilerplate", "meta")
        for s, e, name, position in credits_in(text, line.start, line.end, titles, lex, editor_only):
            found.add(name, (s, e), [position])


def _later_mentions(st: State) -> None:
    """Every other occurrence of a found name in body or byline text is a mention of that person."""
    ctx, text, lex, blocked, found = st.ctx, st.text, st.lex, st.blocked, st.found
    if not found.people:
        return
    taken = SpanIndex([s for p in found.people.values() for s in p["mentions"]])
    auto = ahocorasick.Automaton()
    for name in found.people:
        auto.add_word(name, name)
    auto.make_automaton()
    for last, name in auto.iter(text):           # one pass for all names: linear
        i, j = last + 1 - len(name), last + 1
        person = found.people[name]
        if (i, j) not in person["mentions"] and _mention_ok(ctx, text, i, j, lex, blocked, taken):
            person["mentions"].add((i, j))


def _mention_ok(ctx, text, i, j, lex, blocked, taken) -> bool:
    line = ctx.line_at(i)
    if line is None or line.kind not in ("title", "subtitle", "body", "byline") or j > line.end:
        return False
    if blocked.hits(i, j) or taken.hits(i, j):
        return False
    if j - i == 2 and right_strength(text, j, lex) == NONE:
        return False            # `王忠` inside `王忠诚`
    return True


@Language.factory("govextract_officials_v1", assigns=["doc._.officials"], requires=["doc._.jurisdiction", "doc._.places", "doc._.dates", "doc._.slogans"],
                  default_config={"ner_person_next_to_title": True})
def make_component(nlp, name, ner_person_next_to_title: bool):
    word_lexicon()      # load the word list with the pipeline (before workers fork), not on first use
    return ExtractorComponent("officials", partial(extract, ner_person_next_to_title=ner_person_next_to_title))
