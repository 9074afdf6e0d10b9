"""Organisations of a title chain: where each one starts, what it resolves to, which role.

A chain is `[org]title(、[org]title | 兼[org]title)*` right before a name. It is read backwards
from the last title: each segment's org is the run of characters before its title, cut at
punctuation, dates, function words (`由区委` → 区委) and lead words. Relative orgs are resolved
with the article's places: `区委` in an article about 章丘区 → 章丘区委, a bare `区长` → 章丘区人民政府,
a bare title inherits the previous org of the chain (`局党组书记、局长`).
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from pipeline.shared.tables import LEVEL_CHARS
from pipeline.extractors.officials_lexicon import Lexicon, is_han

_ORG_MAX = 40            # longest organisation read before a title
_CHAIN_MAX = 6           # most positions in one chain
_ORG_EXTRA = "/·"        # outlet names: 青岛日报/观海新闻, 大众报业·半岛新闻
_LEVEL_CHARS = LEVEL_CHARS          # rules/text.toml division_levels
_FALLBACK = re.compile(r"([\u4e00-\u9fff]{2,4}?(?:新区|区|市|县|镇))(?:委|人民政府|政府|人大|政协)")
_LOCAL = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2}(?:区|市|县)")  # no places: `,市南区便…由区委`
_ADMIN = ("country", "province", "city", "county", "town", "village")
_LOCAL_WINDOW = 120


@dataclass(frozen=True)
class Segment:
    org_start: int
    title_start: int
    title_end: int
    title: str


class Blocks:
    """Ends of spans that an organisation never crosses (dates, slogans, names found)."""

    def __init__(self, spans):
        self.ends = sorted(e for _, e in spans)

    def add(self, span: tuple[int, int]) -> None:
        """A name found before a later title: `市长张三丰和副市长李四` — 李四's org stops there."""
        bisect.insort(self.ends, span[1])

    def cut(self, lo: int, hi: int) -> int:
        """The latest end of a span ending inside (lo, hi], else lo."""
        i = bisect.bisect_right(self.ends, hi)
        if i and self.ends[i - 1] > lo:
            return self.ends[i - 1]
        return lo


def _full_name(item: dict) -> str | None:
    """The place with its level word (`章丘` → 章丘区, taken from the canonical path)."""
    name, canonical = item.get("name") or "", item.get("canonical") or ""
    if not name or name.endswith(tuple(_LEVEL_CHARS)) or name.endswith("街道"):
        return name or None
    idx = canonical.rfind(name)
    rest = canonical[idx + len(name):] if idx >= 0 else ""
    if rest.startswith(("新区", "街道")):
        return name + rest[:2]
    if rest[:1] and rest[0] in _LEVEL_CHARS:
        return name + rest[0]
    return name


class Jurisdictions:
    """The article's places, asked: which district is `区` here? which place starts at i?"""

    def __init__(self, ctx, text: str):
        self.ctx = ctx
        self.text = text
        self.starts: dict[int, tuple[int, str]] = {}
        self.admin: set[int] = set()        # starts of administrative (not zone) mentions
        counts: Counter[str] = Counter()
        for item in ctx.items.get("places") or []:
            full = _full_name(item)
            admin = item.get("level") in _ADMIN
            for span in item.get("mentions") or []:
                s, e = span[0], span[1]
                self.starts[s] = (e, full or text[s:e])
                if admin:
                    self.admin.add(s)
                if full and (admin or full.endswith("新区")):   # a 新区 has a district government
                    line = ctx.line_at(s)
                    counts[full] += 3 if line is not None and line.kind == "title" else 1
        if not self.starts:
            for m in _FALLBACK.finditer(text):
                counts[m.group(1)] += 1
        self.sorted_starts = sorted(self.starts)
        self.main: dict[str, str] = {}
        self._main_from_places()
        for full, _ in counts.most_common():
            if full[-1] in _LEVEL_CHARS:
                self.main.setdefault(full[-1], full)

    def _main_from_places(self) -> None:
        """Prefer the article's county/city that the places component published (ctx.jurisdiction)."""
        value = self.ctx.jurisdiction
        if isinstance(value, dict):
            value = _full_name(value)
        if isinstance(value, str) and value and value[-1] in _LEVEL_CHARS:
            self.main[value[-1]] = value

    def covered(self, pos: int) -> bool:
        """Is `pos` inside a place mention (so `即` of 即墨区 is not a function word)?"""
        i = bisect.bisect_right(self.sorted_starts, pos) - 1
        return i >= 0 and self.starts[self.sorted_starts[i]][0] > pos

    def place_at(self, pos: int) -> tuple[int, str] | None:
        """(end, full name) of the place mention starting at `pos` (a guess when places are absent)."""
        hit = self.starts.get(pos)
        if hit is None and not self.starts:
            m = _LOCAL.match(self.text, pos)
            if m:
                return m.end(), m.group()
        return hit

    def for_level(self, level: str, pos: int) -> str | None:
        """The division of that level nearest before `pos` in its line, else the article's main one.

        Zones are skipped nearby (`…高新区负责同志出席。区委书记` is the district's 区委).
        """
        line = self.ctx.line_at(pos)
        lo = line.start if line is not None else 0
        i = bisect.bisect_left(self.sorted_starts, pos)
        for k in range(i - 1, max(-1, i - 30), -1):
            s = self.sorted_starts[k]
            if s < lo:
                break
            full = self.starts[s][1]
            if s in self.admin and full and full.endswith(level):
                return full
        if not self.starts:
            window = self.text[max(lo, pos - _LOCAL_WINDOW):pos]
            local = [m.group() for m in _LOCAL.finditer(window) if m.group().endswith(level)]
            if local:
                return local[-1]
        return self.main.get(level)


def org_start(text: str, pos: int, lex: Lexicon, blocks: Blocks, jur: Jurisdictions) -> int:
    """Where the organisation before the title at `pos` starts (== pos when none is written)."""
    lo = max(0, pos - _ORG_MAX)
    j = pos
    while j > lo:
        ch = text[j - 1]
        if ch == ")":                       # 青岛港(集团)有限公司: a short aside inside the name
            k = text.rfind("(", max(lo, j - 8), j - 1)
            if k < 0 or k == lo or not is_han(text[k - 1]):
                break
            j = k
        elif ch != "兼" and (is_han(ch) or ch in _ORG_EXTRA):
            j -= 1
        else:
            break
    j = blocks.cut(_cut_inside(text, j, pos, lex, jur), pos)
    for _ in range(3):
        word = next((w for w in lex.lead_by_char.get(text[j], ()) if text.startswith(w, j) and j + len(w) <= pos),
                    None) if j < pos else None
        if word is None:
            break
        nxt = j + len(word)
        if len(word) == 1 and nxt < pos and (jur.place_at(j) or not _org_follows(text, nxt, lex, jur)):
            break
        j = nxt
    return j


def _org_follows(text: str, k: int, lex: Lexicon, jur: Jurisdictions) -> bool:
    """A place or a bare level word (`区委`, not `区域`) starts at k."""
    if jur.place_at(k) or text.startswith(lex.org_heads, k):
        return True
    return text[k] in lex.relative_levels and not text.startswith(lex.relative_exceptions, k)


def _cut_inside(text: str, j: int, pos: int, lex: Lexicon, jur: Jurisdictions) -> int:
    """Cut after the last function word of the run before an org.

    `的` and the like cut anywhere; `由`/`在`… and verbs (`贯彻落实省委书记`) cut when an org
    follows them (a place, or a bare level word that is not itself the end of a place name).
    """
    for k in range(pos - 1, j - 1, -1):
        ch = text[k]
        if ch in lex.cut_chars and not _kept(text, k, lex):
            return k + 1
        if k == pos - 1 or jur.covered(k) or not _org_follows(text, k + 1, lex, jur):
            continue
        if ch in lex.lead_chars or any(text[k + 1 - n:k + 1] in lex.strong_verbs
                                       or text[k + 1 - n:k + 1] in lex.lead_by_char.get(text[k + 1 - n], ())
                                       for n in (2, 3)):
            return k + 1            # …我们支持|中共中央总书记: a verb or lead word before an org head
    return j


def _kept(text: str, k: int, lex: Lexicon) -> bool:
    """The cut character at k is inside a phrase of org names (中央党的建设工作领导小组)."""
    return any(text.startswith(w, k - w.index(text[k])) for w in lex.cut_keep if text[k] in w)


def chain_before(text: str, start: int, end: int, title: str, ends: dict, lex: Lexicon,
                 blocks: Blocks, jur: Jurisdictions) -> list[Segment]:
    """The title chain ending with the title at [start, end), left to right."""
    segs: list[Segment] = []
    for _ in range(_CHAIN_MAX):
        o = org_start(text, start, lex, blocks, jur)
        segs.append(Segment(o, start, end, title))
        j = o - 1
        if j < 0 or j not in ends or not (text[j] in "、兼" or (text[j] == "," and ends[j][1] in lex.member_titles)):
            break                   # `中央宣讲团成员,农业农村部…部长韩俊`: a member label before a comma joins
        start, title = ends[j]
        end = j
    segs.reverse()
    return segs


def _prefix_place(org: str, level: str) -> str | None:
    """`莱西市委` → 莱西市 (the jurisdiction a government head of that level belongs to)."""
    idx = org.find(level, 1)
    return org[:idx + 1] if idx > 0 else None


def _absolute(org_text: str, org_s: int, lex: Lexicon, jur: Jurisdictions) -> tuple[str, str | None]:
    """(resolved org, its place prefix) for an org as written."""
    hit = jur.place_at(org_s)
    if hit is not None:
        return org_text, org_text[:hit[0] - org_s]
    first = org_text[0]
    if first in lex.relative_levels and not org_text.startswith(lex.relative_exceptions):
        place = jur.for_level(first, org_s)
        if place:
            return place + org_text[1:], place
        # unresolved: `县委` stays, its 纪委 is still the `县纪委`; a bare `区`(领导) is no org
        return (org_text if len(org_text) > 1 else None), first
    if org_text.startswith(lex.relative_exceptions):
        place = jur.for_level(first, org_s)
        if place:
            return place + org_text, place
    return org_text, None


def resolve(segs: list[Segment], text: str, lex: Lexicon, jur: Jurisdictions,
            prev_org: str | None = None) -> list[dict]:
    """Positions {org, title, text} of a chain, resolving relative and inherited orgs.

    `prev_org` is the org a bare first title inherits (the previous person's, `会长A、秘书长B`).
    """
    out: list[dict] = []
    prev_place: str | None = None
    for seg in segs:
        org_text = _expand_department(_drop_former(text[seg.org_start:seg.title_start], lex), seg.title, lex)
        level = lex.gov_heads.get(seg.title)
        if org_text:
            org, place = _absolute(org_text, seg.org_start, lex, jur)
            if level and org and org == place:
                org = place + "人民政府"    # `北京市市长`: the head of the city's people's government
            if place is None and prev_org and len(org_text) > 1:
                if prev_org.endswith("委") and org_text.endswith("部"):
                    org = prev_org + org_text
                elif prev_place:
                    org, place = prev_place + org_text, prev_place
        elif seg.title in lex.implied_orgs and (not prev_org or prev_org.startswith(lex.implied_after)):
            org, place = lex.implied_orgs[seg.title], None      # not after a foreign party's post
        elif seg.title in lex.implied_orgs and (country := next(
                (c for p, c in lex.implied_foreign.items() if prev_org.startswith(p)), None)):
            org, place = country, None          # `老挝人民革命党中央总书记、国家主席` → 老挝
        elif level:
            place = (_prefix_place(prev_org, level) if prev_org else None) or jur.for_level(level, seg.title_start)
            org = place + "人民政府" if place else None
        elif prev_org and lex.role_of_title.get(seg.title) != "other":
            org, place = _inherit(prev_org, seg.title, lex), prev_place   # not 教授, 无党派人士代表
        else:
            org, place = None, None
        out.append({"org": org, "title": seg.title, "text": text[seg.org_start:seg.title_end]})
        prev_org, prev_place = org, place
    return out


_TERM = re.compile(r"^第[0-9一二三四五六七八九十百]{1,4}届(?=.)")


def _drop_former(org_text: str, lex: Lexicon) -> str:
    """`四川省人大常委会原` (+副主任): the mark of a former post is not part of the org; nor is the
    term number of a body (`第八届中国法学会` → 中国法学会)."""
    org_text = _TERM.sub("", org_text)
    for mark in lex.former_marks:
        suf = next((x for x in lex.party_suffixes if org_text.endswith(mark + x)), None)
        if suf and len(org_text) > len(mark + suf):
            return org_text[:-len(mark + suf)] + suf      # 中国银行原党委 (+书记) → 中国银行党委
    for mark in lex.former_marks:
        if org_text.endswith(mark) and len(org_text) > len(mark):
            return org_text[:-len(mark)]
    return org_text


def _expand_department(org_text: str, title: str, lex: Lexicon) -> str:
    """`统战部长` is the 部长 of the 统战部: restore the 部 the abbreviation swallowed."""
    if title in ("部长", "副部长") and org_text.endswith(lex.abbreviated_departments):
        return org_text + "部"
    return org_text


def _inherit(prev_org: str, title: str, lex: Lexicon) -> str:
    """A bare title takes the previous org; a non-party post leaves the party body (集团党委 → 集团)."""
    if title in lex.party_titles:
        return prev_org
    for suf in lex.party_suffixes:
        if prev_org.endswith(suf) and len(prev_org) > len(suf):
            return prev_org[:-len(suf)]
    return prev_org


def position_role(title: str, org: str | None, lex: Lexicon, written: str = "") -> str:
    """official / media / business / other for one position (docs/annotation.md, Officials).

    A company is a state enterprise when a marker says so (`发展集团`, `城投`) or when it is
    written as the jurisdiction's own (`市城镇化集团`, `区…公司`).
    """
    cls = lex.role_class(title)
    if cls in ("media", "other"):
        return cls
    state = bool(org) and (any(m in org for m in lex.state_markers) or written[:1] in lex.relative_levels)
    company = bool(org) and any(s in org for s in lex.company_suffixes)
    if cls == "company":
        public = bool(org) and not company and org.endswith(lex.org_suffixes)
        return "official" if state or public else "business"
    return "business" if company and not state else "official"


_ROLE_RANK = {"official": 0, "business": 1, "media": 2, "other": 3}


def person_role(roles) -> str:
    return min(roles, key=_ROLE_RANK.__getitem__) if roles else "other"
