"""Items of a numbered slogan: the things the article enumerates for it, found near a mention.

Sources, tried in this order; a list whose length equals the slogan's number (complete) wins,
otherwise the longest incomplete one from the sources that may be partial (marked *):
1. before: the 、-list ending right before the slogan (`党建提升、…、美丽强基“六大战役”`);
2. after: a 、-list in the clause after `slogan,` / `slogan:` (`“三个趋势”,看清…、摸清…、认清…`),
   or consecutive clauses each carrying one quoted key (`始终巩固“稳中向好”的…,着力破解“…”…`);
3. *ordinal markers right after the slogan (`一是…二是…三是…`): the item is the first clause
   after the marker, as written (`一是聚焦项目攻坚,…` → 聚焦项目攻坚);
4. *parallel paragraphs after the slogan's paragraph whose first sentence has the head word in the
   same clause (`要创优创新生态,…` × 6 for 六大生态): the item is that clause from the end of the
   common opener to the head (创新生态), or the whole clause when it starts with the head
   (提升科学技术驱动力 for 六个提升);
5. lists whose items all contain a one-character head at the same place (`孺子牛、拓荒牛、老黄牛`
   for 三牛精神, `农业、农村、农民` for 三农): in the mention's paragraph, or anywhere when the list
   ends with the slogan's joined head (…老黄牛精神); parts of coordinated slogans (三新、四化) the same;
6. for 双X/两X: two juxtaposed words with X before 一体化 (`莱西莱阳一体化` → 莱西, 莱阳);
7. *quoted phrases ending with the head in the mention's sentence (`“十大创新”中,“加强数字变革创新”`).
Items are trimmed the same way everywhere: quotes removed (or the quoted key kept when every item
has one: `把握“稳”的主基调` → 稳), leading verbs from `item_strip_prefixes` removed
(`全面推进实施党建提升` → 党建提升), `A、B和C` split into three when that reaches the number.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from pipeline.shared import segmenter
from pipeline.shared.base import ArticleContext
from pipeline.extractors.slogans_lex import (CLAUSE_END, CLOSE_Q, HAN, OPEN_Q, QUOTE_RE, QUOTES, SENTENCE_END,
                                             Lex, is_han, numeral_value)

Span = tuple[int, int]
_CN = "一二三四五六七八九十"
_MARK_BOUNDARY = "。,;:!?\n \u3000" + QUOTES
_CLAUSE_SPLIT = re.compile("[,;:]")
_CLAUSE_CHUNK = re.compile("[^,。;:!?\n]+")
_NO_QUOTES = {ord(q): None for q in QUOTES}


def _cut_quotes(item: str, first: bool, last: bool) -> str | None:
    """Remove quote marks; an odd one at the list's first/last item marks where the list starts/ends."""
    n = sum(item.count(q) for q in QUOTES)
    if n % 2:
        if first:
            item = item[max(item.rfind(q) for q in QUOTES) + 1:]
        elif last:
            item = item[:min((item.find(q) for q in QUOTES if q in item))]
        else:
            return None
    return item


def _strip_prefix(item: str, lx: Lex, first: bool) -> str:
    """Drop leading verbs/adverbs (全面推进实施党建提升 → 党建提升); one-char ones only on the first item."""
    changed = True
    while changed:
        changed = False
        for k in lx.prefix_lengths:
            if item[:k] in lx.prefix_set and len(item) - k >= 2 and (k > 1 or first):
                item, changed = item[k:], True
                break
    return item


def _ordinal_item(clause: str, lx: Lex, head: str | None) -> str:
    """An ordinal item is named like a listed one: frame (`在X上实现突破`) and leading verbs dropped,
    unless the verb is the slogan's own head (`四个强化`: `强化项目支撑` stays whole)."""
    for frame in lx.item_frames:
        if m := frame.match(clause):
            clause = m["item"]
            break
    if head and clause.startswith(head):
        return clause
    return _strip_prefix(clause, lx, first=False)


_ADJACENT_QUOTES = re.compile("”“")


def split_items(seg: str, n: int | None, lx: Lex) -> list[str] | None:
    """Items of a 、-list segment, trimmed (see module doc); None when it is not a clean list.
    Quoted items written back to back (`“A”“B”`) are separate items too."""
    raw = _ADJACENT_QUOTES.sub("”、“", seg.strip()).split("、")
    if len(raw) < 2 or len(raw) > lx.windows["list_max_items"]:
        return None
    cut = [_cut_quotes(x, i == 0, i == len(raw) - 1) for i, x in enumerate(raw)]
    if any(x is None for x in cut):
        return None
    keys = [QUOTE_RE.search(x) for x in cut]
    if all(keys) and not all(k.group(0) == x.strip() for k, x in zip(keys, cut)):
        items = [k.group(1) for k in keys]
    else:
        items = [x.translate({ord(q): None for q in QUOTES}).strip() for x in cut]
        items[-1] = _cut_trailing_count(_trailing(items[-1], lx), lx)
        if n is not None and len(items) == n - 1:
            items = items[:-1] + _split_conj(items[-1], lx)
        items = [_strip_prefix(x, lx, i == 0) for i, x in enumerate(items)]
        items[0] = _cut_long_first(items, lx)
    if any(not x or len(x) > lx.windows["item_max_chars"] for x in items):
        return None
    return items


def _trailing(item: str, lx: Lex) -> str:
    """The last item without the words that close a list before its noun (A、B和C这…, A和B的…, …等)."""
    k = item.find(_COPULA)
    if k >= 2 and item.endswith("的"):
        item = item[:k]         # A、…、E是中华文明的(五个突出特性): the copula closes the list
    changed = True
    while changed:
        changed = False
        for w in lx.list_closers:
            if item.endswith(w) and len(item) - len(w) >= 1:
                item, changed = item[:-len(w)], True
                break
    return item


_COPULA = "是"


def _cut_trailing_count(item: str, lx: Lex) -> str:
    """`民生保障五场硬仗` → 民生保障: a numeral + measure after the last item starts another phrase."""
    for i in range(2, len(item) - 1):
        if lx.is_num(item[i]) and item[i + 1] in lx.measures:
            return item[:i]
    return item


def _split_conj(item: str, lx: Lex) -> list[str]:
    for c in lx.conjunctions:
        k = item.find(c, 2)
        if k >= 2 and len(item) - k - len(c) >= 2:
            return [item[:k], item[k + len(c):]]
    return [item]


def _cut_long_first(items: list[str], lx: Lex) -> str:
    """A first item longer than the rest starts after the sentence's predicate: after its last
    cut character (我们创造了A → A, 宁夏将在A → A), then, when still much longer, after its last verb
    (…着力打造A → A). A leading cut verb goes too (推出A → A)."""
    first, longest = items[0], max(len(x) for x in items[1:])
    verb = starts_with_any_of(first, lx.item_cut_verbs)
    if verb and len(first) - len(verb) >= 2:
        first = first[len(verb):]
    if len(first) > longest + 1:
        k = max(first.rfind(c, 1, len(first) - 2) for c in lx.item_cut_chars)
        if k > 0:
            first = _strip_prefix(first[k + 1:], lx, True)
    if len(first) <= longest:
        return first
    best = len(first)
    for p in (*lx.strip_prefixes, *lx.item_cut_verbs):
        k = first.rfind(p)
        if len(p) > 1 and k >= 0 and len(first) - k - len(p) >= 2:
            best = min(best, len(first) - k - len(p))
    first = first[len(first) - best:]
    if len(first) > longest + 1:
        words = segmenter.segment(first)
        if len(words[0]) == 1 and words[0] in lx.item_cut_chars:
            # still a clause (it opens with a preposition): keep its last words up to the other
            # items' length (到端稳端牢粮食 → 粮食)
            tail = ""
            for word in reversed(words):
                if len(tail) >= longest or len(tail) + len(word) > longest + 1:
                    break
                tail = word + tail
            first = tail if len(tail) >= 2 else first
    return first


def _after_opening_verbs(words: list[str], min_len: int) -> str | None:
    """`续写经济快速发展(和社会长期稳定)`: what follows the verbs that open the first item, when at
    least `min_len` characters are left; they govern the list (its other items open with no verb)."""
    best, k = None, 0
    while k < len(words) - 1 and segmenter.word_tag(words[k]) in _GOVERNS:
        k += 1
        rest = "".join(words[k:])
        if len(rest) >= min_len:
            best = rest
    return best


# Word classes of jieba's tags that two coordinated words share (发展 vn + 安全 an: nominal).
_FRAME_OPENERS = frozenset("在从以为向对把")   # a preposition opening a clause frames a new predicate
_GOVERNS = frozenset(["v", "vd"])      # lexicon tags of a lone verb written right before a slogan
_TAG_CLASSES = (frozenset(["n", "nz", "ns", "vn", "an", "s"]), frozenset(["v", "vn"]), frozenset(["a", "an"]))


def _one_shape(items: list[str]) -> bool:
    """`政策服务、数字服务、热线服务“三送”`: items built alike (a shared two-character ending) are an
    enumeration even when the slogan's one-character key is not written in them."""
    end = items[0][-2:]
    return len(end) == 2 and all(len(x) > 2 and x.endswith(end) for x in items)


def _modifies(item: str, slogan: str) -> bool:
    """`“平急两用”公共基础设施建设`: the slogan inside the item qualifies the noun written after it."""
    i = item.find(slogan) + len(slogan)
    rest = item[i:].lstrip(QUOTES)
    return len(rest) >= 2 and is_han(rest[0]) and is_han(rest[1])


def _coordinate(a: str, b: str) -> bool:
    """Can two words written together be a coordinated pair? Their lexicon tags share a class
    (创新 v + 开放 v; not 全力 n + 推进 v, not 深刻 d + 领悟 n)."""
    ta, tb = segmenter.word_tag(a), segmenter.word_tag(b)
    return any(ta in c and tb in c for c in _TAG_CLASSES)


def starts_with_any_of(text: str, words: tuple[str, ...]) -> str | None:
    return next((w for w in words if text.startswith(w)), None)


def clean_item(item: str, lx: Lex) -> bool:
    """A clean phrase, not a sentence piece: short, no aspect/passive/modal characters, not ending
    with `的`/`等`."""
    return 1 <= len(item) <= lx.windows["item_max_chars"] and not any(c in lx.unclean_chars for c in item) \
        and not item.endswith(("的", "等")) and not any(q in item for q in QUOTES)


def _common_prefix(xs: list[str]) -> int:
    n = 0
    while all(len(x) > n for x in xs) and len({x[n] for x in xs}) == 1:
        n += 1
    return n


@lru_cache(maxsize=64)
def _expanded_re(key: str, rest: str, n: int) -> re.Pattern:
    k = re.escape(key)
    return re.compile(f"((?:[{HAN}]{{1,3}}?{k}){{{n}}}){re.escape(rest)}")


@lru_cache(maxsize=64)
def _pair_re(key: str, followers: tuple[str, ...]) -> re.Pattern:
    k = re.escape(key)
    return re.compile(f"(?:{k}[{HAN}]{k}[{HAN}]|[{HAN}]{k}[{HAN}]{k})(?={'|'.join(map(re.escape, followers))})")


class ItemFinder:
    """Finds items for the slogans of one article; caches the article's 、-lists."""

    def __init__(self, ctx: ArticleContext, lx: Lex, slogan_texts: set[str]):
        self.ctx, self.text, self.lx = ctx, ctx.text, lx
        self.slogans = slogan_texts
        self.lines = ctx.content_lines()
        self.starts = [ln.start for ln in self.lines]
        self._lists: list[tuple[int, int, str]] | None = None

    def _past_close(self, i: int) -> int:
        """`i` moved past closing quote marks (the end of a quoted mention)."""
        while i < len(self.text) and self.text[i] in CLOSE_Q:
            i += 1
        return i

    def _before_open(self, i: int) -> int:
        """`i` moved back over opening quote marks (the start of a quoted mention)."""
        while i > 0 and self.text[i - 1] in OPEN_Q:
            i -= 1
        return i

    # ------------------------------------------------------------ entry point
    def items(self, cand, spans: list[Span], known: list[str]) -> tuple[list[str], bool]:
        """(items, items_complete) for one slogan from its mentions `spans`."""
        found, complete = self._items(cand, spans, known)
        found = [x.translate(_NO_QUOTES).strip() for x in found]
        return found, complete and all(clean_item(x, self.lx) for x in found)

    def _items(self, cand, spans: list[Span], known: list[str]) -> tuple[list[str], bool]:
        n = cand.number
        if known:
            return known, len(known) == n
        if cand.parts and cand.head is None:
            return self._part_items(cand.parts, spans)
        if n is None or n < 2 or n > self.lx.windows["list_max_items"] or not any(
                c.isdigit() or self.lx.is_num(c) for c in cand.text[:2]):
            return [], False            # the number opens the slogan, or follows one prefix (新三样)
        partial: list[str] = []
        for s, e in spans:
            for found, may_be_partial in self._per_mention(cand, s, e, n):
                if found and len(found) == n:
                    return found, True
                if found and may_be_partial and len(found) > len(partial):
                    partial = found
        for found in (self._key_items(cand.key, n, spans, cand.head), self._pair_items(cand.key, n, spans),
                      self._expanded(cand.text, cand.stem_key, n), self._head_items(cand, n, spans)):
            if found and len(found) == n:
                return found, True
        return partial, False

    def _head_items(self, cand, n: int, spans: list[Span]) -> list[str] | None:
        """`“五个中心”` … `建设国际经济中心、金融中心、贸易中心、航运中心和科技创新中心`: a list anywhere in
        the article of exactly n items that all end in the slogan's head (two characters or more)."""
        head = cand.head
        if cand.key or not head or len(head) < 2 or cand.parts:
            return None
        return self._key_items(head, n, spans, None, anywhere=True)

    def _per_mention(self, cand, s: int, e: int, n: int):
        inside = self._inside_item(e)
        if inside and n == 2:
            yield self._pair_in_item(s), False
        if not inside:
            yield self._compact_before(s, n), False
            before = self._before(s, e, n, cand.key if len(cand.text) == 2 else None)
            yield before, bool(before) and len(before) < n
            yield self._previous_sentence(s, n, cand.head), False
            yield self._preceding_clauses(s, n, cand.head), False
            yield self._after(e, n), False
            yield self._questions_after(e, n), False
            yield self._appositive(s, e, n), False
            yield self._after_same_verb(s, e, n), True
        yield self._ordinal(e, n, cand.head), True
        if cand.head and len(cand.head) >= 2:
            yield self._parallel(s, cand.head, cand.text, n), True
            yield self._quoted_sub(e, cand.head, n), True
        if cand.head:
            yield self._quoted_position(e, cand.head), True

    # ------------------------------------------------------------ 1. list before
    def _inside_item(self, end: int) -> bool:
        """Is the mention part of a longer list item (畅通国内国际“双循环”主动脉、引领…)? Then the
        lists around it are lists of those longer items, not the slogan's items."""
        text, i = self.text, self._past_close(end)
        start, stop = i, min(len(text), i + 8)
        while i < stop and is_han(text[i]):
            i += 1
        return start < i < len(text) and text[i] == "、"

    def _before(self, pos: int, end: int, n: int, key: str | None = None) -> list[str] | None:
        """The list right before the mention: complete, or partial when it ends with `等`
        (肉牛、桑蚕养殖等三大产业). Not a list of verb phrases governing the slogan (坚定拥护“两个确立”、
        坚决做到“两个维护”), nor one whose items carry another slogan; for a one-character key
        (三农 → 农) every item carries the key."""
        text, i = self.text, self._before_open(pos)
        b, limit = i, max(0, i - self.lx.windows["before_window"])
        if i > 0 and text[i - 1] in CLOSE_Q:            # “A、B、C”“三个X”: the quoted list alone
            q = max(text.rfind(o, limit, i - 1) for o in OPEN_Q)
            if q >= 0 and (quoted := split_items(text[q + 1:i - 1], n, self.lx)) and len(quoted) == n:
                return self._valid_before(quoted, text[q + 1:i - 1], key)
        if n == 2 and text.endswith("的", 0, i) and i > 1 and text[i - 2] in CLOSE_Q:
            return self._quoted_statement(text, i - 2, limit)
        while b > limit and text[b - 1] not in CLAUSE_END:
            b -= 1
        if b == limit and b > 0 and text[b - 1] not in CLAUSE_END:
            return None
        seg = text[b:i]
        head, sep, last = seg.rpartition("、")
        verb = starts_with_any_of(last, self.lx.governing_verbs)
        if sep and verb and len(last) - len(verb) >= 2:
            seg = last[len(verb):]            # 确保A、强化B和C“双轮驱动”: only the last phrase governs it
        etc = seg.rstrip(QUOTES).endswith("等") or (     # `包括“A”“B”的七大战略`: a partial list too
            seg.endswith("的") and any(w in seg for w in self.lx.partial_openers))
        if "、" not in seg and "”“" not in seg and n == 2:
            items = self._conj_pair(seg)
        else:
            items = split_items(seg, n, self.lx) if etc else None       # A、B和C等“新三样”
            if not items or len(items) != n:
                items = split_items(seg, None if etc else n, self.lx)
        if not items or not (len(items) == n or etc and 2 <= len(items) < n):
            return None
        return self._valid_before(items, seg, key)

    def _quoted_statement(self, text: str, close: int, limit: int) -> list[str] | None:
        """`“A就是B”的“两山”`: a quoted statement of two halves joined by one link word, right before
        `的` and a two-item slogan, names its two items."""
        q = max(text.rfind(o, limit, close) for o in OPEN_Q)
        if q < 0:
            return None
        quote = text[q + 1:close]
        for link in (*self.lx.definition_links, *self.lx.conjunctions):
            if quote.count(link) == 1:
                a, b = quote.split(link)
                if 2 <= len(a) <= 6 and 2 <= len(b) <= 6 and all(is_han(c) for c in a + b):
                    return [a, b]
        return None

    def _previous_sentence(self, pos: int, n: int, head: str | None) -> list[str] | None:
        """`…,必须坚持A、必须坚持B、必须坚持C。这“三个必须坚持”…`: a sentence opened by a demonstrative
        before the slogan points back at the list of the sentence before, read from its last clause
        back; the list must have exactly n items, each holding the head when it has two characters."""
        text, i = self.text, self._before_open(pos)
        demo = next((d for d in self.lx.demonstratives if text.endswith(d, 0, i)), None)
        j = i - len(demo) if demo else 0
        if j <= 0 or text[j - 1] not in "。;!?":
            return None
        start = max(0, j - 1 - self.lx.windows["before_window"])
        start = max([text.rfind(c, start, j - 1) for c in SENTENCE_END] + [start - 1]) + 1
        for clause in reversed(_CLAUSE_SPLIT.split(text[start:j - 1])):
            if "、" not in clause:
                continue
            shared = False
            etc = clause.rfind("等")
            if head and etc > clause.rfind("、") and clause.endswith(head):
                clause, shared = clause[:etc], True     # A、B…、E等全面振兴: the head is said once, for all
            items = split_items(clause, n, self.lx)
            if items and len(items) == n and not (head and len(head) >= 2 and not shared
                                                  and any(head not in x for x in items)):
                return items
            return None                 # only the nearest list is the one pointed at
        return None

    def _preceding_clauses(self, pos: int, n: int, head: str | None) -> list[str] | None:
        """`持续加强A,持续推动B,…,持续抓好E,总书记强调要做到“五个持续”`: the sentence opens with exactly
        n clauses that each start with the slogan's head word; one or two other clauses may stand
        between them and the slogan's clause. The items are those clauses, as written."""
        if not head or len(head) < 2:
            return None
        text, i = self.text, self._before_open(pos)
        limit = max(0, i - self.lx.windows["item_max_chars"] * (n + 3))
        start = max([text.rfind(c, limit, i) for c in SENTENCE_END] + [limit - 1]) + 1
        if start == limit and limit > 0:
            return None                 # the sentence is longer than the window: not this shape
        clauses = [c.strip().translate(_NO_QUOTES) for c in _CLAUSE_SPLIT.split(text[start:i])][:-1]
        k = len(clauses)
        gap = 0
        while k > 0 and not clauses[k - 1].startswith(head) and gap < 2:
            k, gap = k - 1, gap + 1
        run = []
        while k > 0 and clauses[k - 1].startswith(head):
            run.insert(0, clauses[k - 1])
            k -= 1
        if k != 0 or len(run) != n or any(len(x) <= len(head) or len(x) > self.lx.windows["item_max_chars"]
                                          for x in run):
            return None
        return run

    def _appositive(self, pos: int, end: int, n: int) -> list[str] | None:
        """`作为北京“新两翼”的A和B,…`: the slogan in apposition to the list right after its 的 — only
        under an opener such as 作为 in the same clause (not `“两个确立”的决定性意义和…`)."""
        text, i = self.text, self._past_close(end)
        if not text.startswith("的", i):
            return None
        b = pos
        while b > 0 and text[b - 1] not in CLAUSE_END:
            b -= 1
        if not any(o in text[b:pos] for o in self.lx.appositive_openers):
            return None
        stop = self._find_any(i + 1, CLAUSE_END, self.lx.windows["item_max_chars"] * n)
        if stop >= len(text) or text[stop] not in CLAUSE_END:
            return None
        seg = text[i + 1:stop]
        items = split_items(seg, n, self.lx) if "、" in seg else (self._conj_pair(seg) if n == 2 else None)
        return items if items and len(items) == n else None

    def _pair_in_item(self, pos: int) -> list[str] | None:
        """`续写A和B两大奇迹新篇章、奋力开创…`: the mention lies inside one item of a longer list, but
        its own pair stands within that item (after the last 、 or clause end)."""
        text, i = self.text, self._before_open(pos)
        b, limit = i, max(0, i - self.lx.windows["before_window"])
        while b > limit and text[b - 1] not in CLAUSE_END and text[b - 1] != "、":
            b -= 1
        if b == limit and b > 0:
            return None
        items = self._conj_pair(text[b:i])
        return self._valid_before(items, text[b:i], None) if items else None

    def _conj_pair(self, seg: str) -> list[str] | None:
        """`A和B两大奇迹`: two items joined by one conjunction, the first trimmed like a list's."""
        for c in self.lx.conjunctions:
            if seg.count(c) == 1 and not any(seg.count(o) for o in self.lx.conjunctions if o != c and o not in c):
                a, b = seg.split(c)
                b = _cut_trailing_count(_trailing(b, self.lx), self.lx)
                if len(a) < 2 or len(b) < 2 or any(q in seg for q in QUOTES):
                    return None
                items = [_strip_prefix(a, self.lx, True), b]
                items[0] = _cut_long_first(items, self.lx)
                if len(items[0]) > len(b) + 1 and segmenter.word_tag(segmenter.segment(b)[0]) not in _GOVERNS:
                    items[0] = _after_opening_verbs(segmenter.segment(items[0]), max(2, len(b) - 1)) or items[0]
                return items
        return None

    def _valid_before(self, items: list[str], seg: str, key: str | None) -> list[str] | None:
        last = seg.rstrip().rstrip(QUOTES).removesuffix("等").rsplit("、", 1)[-1]
        shaped = _one_shape(items)        # items built alike end in their noun, not in a verb
        if not shaped and any(last.endswith(v) for v in self.lx.governing_verbs):
            return None
        if segmenter.word_tag(last) in _GOVERNS and all(len(x) > len(last) + 1 for x in items[:-1]):
            return None     # `贯穿一条主线、办好“两件大事”`: a lone verb after longer phrases governs
                            # the slogan (not 产业、人才、文化、生态、组织“五个振兴”)
        if any(t in x and t != x and not _modifies(x, t) for x in items for t in self.slogans):
            return None     # an item that ends in another slogan (坚决做到两个维护) is a longer phrase
        if key and any(key not in x for x in items) and not shaped:
            return None
        if shaped:
            first = segmenter.segment(items[0])
            if len(first) > 2 and segmenter.word_tag(first[0]) in _GOVERNS:
                items = [items[0][len(first[0]):], *items[1:]]   # 加强政策服务、数字服务 → 政策服务
        return items

    def _compact_before(self, pos: int, n: int) -> list[str] | None:
        """`统筹国内国际两个大局`: two two-character words sharing a character, or two words of the
        lexicon that the segmenter keeps apart, written together right before the slogan
        (国内国际 → 国内, 国际; 发展安全 → 发展, 安全)."""
        text, i = self.text, self._before_open(pos)
        w = text[max(0, i - 4):i]
        if n != 2 or len(w) != 4 or not all(is_han(c) and not self.lx.is_num(c) and c not in self.lx.stop_chars
                                            for c in w):
            return None
        a, b = w[:2], w[2:]
        if a != b and (a[0] == b[0] or a[1] == b[1]):
            return [a, b]
        words = segmenter.lexicon()
        clause = text[max(0, i - self.lx.windows["before_window"]):i - 4]
        clause = clause[max(clause.rfind(c) for c in CLAUSE_END) + 1:]
        if i == pos and a != b and a in words and b in words and w not in words and segmenter.segment(w) == [a, b] \
                and _coordinate(a, b) and not any(c in clause for c in self.lx.conjunctions) and "、" not in clause:
            return [a, b]       # 统筹发展安全两件大事, 创新开放双轮驱动: two words written together
        return None             # (not across a quote: 深刻领悟“两个确立” is a verb phrase before it)

    def _expanded(self, slogan: str, key: str | None, n: int) -> list[str] | None:
        """`三权分置` written out: `所有权承包权经营权分置` (n words ending with the key, then the rest)."""
        if not key or not is_han(key) or not (2 <= n <= 4) or len(slogan) < 4 or slogan[1] != key:
            return None
        rest = slogan[2:]
        if self.text.count(rest) <= self.text.count(slogan):
            return None                 # the rest is only ever written inside the slogan itself
        m = _expanded_re(key, rest, n).search(self.text)
        if not m:
            return None
        words = re.findall(f"[{HAN}]{{1,3}}?{re.escape(key)}", m.group(1))
        if len(words) == n:                 # the match may start a character early (土地所有权 → 地所有权)
            words[0] = words[0][-max(len(w) for w in words[1:]):]
        return words if len(words) == n and len(set(words)) == n else None

    # ------------------------------------------------------------ 2. list or quoted keys after
    def _after(self, end: int, n: int) -> list[str] | None:
        text, i = self.text, self._past_close(end)
        if text.startswith("即", i):
            i += 1
        if i >= len(text) or text[i] not in ",:":
            return None
        i += 1
        sent_end = self._find_any(i, SENTENCE_END, 400)
        clauses = _CLAUSE_SPLIT.split(text[i:sent_end])
        if "、" in clauses[0]:
            items = split_items(clauses[0], n, self.lx)
            if items and len(items) == n and not (text[i - 1] == "," and (any(
                    starts_with_any_of(x, self.lx.governing_verbs) for x in items)
                    or self._opens_with_predicate(clauses[0]))):
                return items            # not the next predicates (做到“两个维护”,坚定信心、敢于斗争)
        keys = []
        for c in clauses:
            qs = QUOTE_RE.findall(c)
            if len(qs) != 1:
                break
            keys.append(qs[0])
        return keys if len(keys) == n else None

    def _questions_after(self, end: int, n: int) -> list[str] | None:
        """`“三个如何”的治理之问:如何A?如何B?如何C?`: after a colon closing the slogan's clause,
        exactly n questions in a row are its items."""
        text, i = self.text, self._past_close(end)
        colon = self._find_any(i, CLAUSE_END, 12)
        if colon >= len(text) or text[colon] != ":":
            return None
        items, j = [], colon + 1
        limit = self.lx.windows["item_max_chars"]
        while len(items) < n:
            q = self._find_any(j, SENTENCE_END, limit + 1)
            if q >= len(text) or text[q] != "?" or q == j:
                return None
            items.append(text[j:q])
            j = q + 1
        return items

    def _after_same_verb(self, pos: int, end: int, n: int) -> list[str] | None:
        """`纠治“四风”,重点纠治形式主义、官僚主义`: the next clause repeats the verb written before the
        slogan (after an adverb such as 重点) over a 、-list: those are (some of) its items."""
        text, i = self.text, self._past_close(end)
        if i >= len(text) or text[i] != ",":
            return None
        b = self._before_open(pos)
        verb = text[max(0, b - 2):b]
        if len(verb) < 2 or not all(is_han(c) for c in verb):
            return None
        stop = self._find_any(i + 1, CLAUSE_END, self.lx.windows["item_max_chars"] * n)
        clause = text[i + 1:stop]
        k = clause.find(verb)
        if k < 0 or k > 3 or "、" not in clause:
            return None
        items = split_items(clause[k + len(verb):], None, self.lx)
        return items if items and 2 <= len(items) <= n else None

    @staticmethod
    def _opens_with_predicate(clause: str) -> bool:
        """`…“两个毫不动摇”,促进A、B`: one verb opens the clause and governs its whole list (the next
        predicate), unlike parallel verb phrases (`看清A、摸清B、认清C`) or bare verbs (`规划、建设`)."""
        parts = clause.split("、")
        words = segmenter.segment(parts[0][:12])
        if words and words[0] in _FRAME_OPENERS:
            return True     # `“三个务必”,在新征程上开拓创新、奋发进取…`: a framed new predicate (not 把握)
        if len(words) < 2 or segmenter.word_tag(words[0]) not in _GOVERNS:
            return False
        rest = [segmenter.segment(x[:6])[0] for x in parts[1:] if x]
        return not any(segmenter.word_tag(w) in _GOVERNS for w in rest)

    def _find_any(self, start: int, chars: str, limit: int) -> int:
        stop = min(len(self.text), start + limit)
        for j in range(start, stop):
            if self.text[j] in chars:
                return j
        return stop

    # ------------------------------------------------------------ 3. 一是…二是…
    def _ordinal(self, end: int, n: int, head: str | None = None) -> list[str] | None:
        text, w = self.text, self.lx.windows
        for tpl in self.lx.markers:
            items: list[str] = []
            pos, reach = end, w["after_first_marker"]
            for numeral in _CN[:n]:
                marker = tpl.replace("{n}", numeral)
                p = self._find_marker(marker, pos, pos + reach + len(marker))
                if p < 0:
                    break
                pos = p + len(marker)
                items.append(_ordinal_item(text[pos:self._find_any(pos, CLAUSE_END, w["item_max_chars"])].strip(),
                                           self.lx, head))
                reach = w["after_window"]
            if len(items) == n and n < len(_CN) and self._find_marker(
                    tpl.replace("{n}", _CN[n]), pos, pos + reach + 2) >= 0:
                return None     # the enumeration goes on past n: it belongs to another slogan
            if len(items) >= 2 and all(items):
                return items
        return None

    def _find_marker(self, marker: str, start: int, stop: int) -> int:
        p = self.text.find(marker, start, min(len(self.text), stop))
        while p > 0 and self.text[p - 1] not in _MARK_BOUNDARY:
            p = self.text.find(marker, p + 1, min(len(self.text), stop))
        return p

    # ------------------------------------------------------------ 4. parallel paragraphs
    def _parallel(self, pos: int, head: str, slogan: str, n: int) -> list[str] | None:
        li = bisect.bisect_right(self.starts, pos) - 1
        found: list[tuple[int, str]] = []
        for ln in self.lines[li + 1: li + 1 + self.lx.windows["list_max_items"]]:
            seg = self.text[ln.start:min(ln.end, ln.start + 200)].strip()
            sentence = seg.split("。", 1)[0]
            parts = _CLAUSE_SPLIT.split(sentence)
            idx = next((k for k, p in enumerate(parts) if head in p and slogan not in p), None)
            if idx is None:
                break
            found.append((idx, parts[idx].strip()))
        if len(found) < 2 or len({k for k, _ in found}) != 1:
            return None
        if len(found) < n:
            return None                 # a head word in a few paragraphs is no enumeration
        clauses = [c for _, c in found][:n]
        lcp = _common_prefix(clauses)
        if lcp == 0:
            return None
        out = []
        for c in clauses:
            h = c.find(head)
            out.append(c if h == 0 else c[min(lcp, h):h + len(head)])
        return out if all(out) else None

    # ------------------------------------------------------------ 5. lists sharing a key character
    def _all_lists(self) -> list[tuple[int, int, str]]:
        """Every 、-list clause in the content: (start, line index, clause). Computed once."""
        if self._lists is None:
            self._lists = []
            for li, ln in enumerate(self.lines):
                for m in _CLAUSE_CHUNK.finditer(self.text, ln.start, ln.end):
                    if 0 < m.group().count("、") < self.lx.windows["list_max_items"]:
                        self._lists.append((m.start(), li, m.group()))
        return self._lists

    def _key_items(self, key: str | None, n: int, spans: list[Span], join: str | None,
                   anywhere: bool = False) -> list[str] | None:
        """The list nearest a mention whose items all carry `key`; shortest items win (农业、农村、农民).
        `anywhere`: the list may stand in any paragraph, its items ending in the key (a slogan's head)."""
        if not key or not spans:
            return None
        lines = {bisect.bisect_right(self.starts, s) - 1 for s, _ in spans}
        best, best_rank = None, None
        for start, li, clause in self._all_lists():
            if key not in clause or not n - 2 <= clause.count("、") <= n - 1:
                continue
            raw_last = clause.rstrip().rstrip(QUOTES)
            joined = bool(join) and join != key and raw_last.endswith(join)     # …老黄牛精神
            if li not in lines and li - 1 not in lines and not joined and not anywhere:
                continue                    # the mention's paragraph, or the one right after it
            items = split_items(clause, n, self.lx)
            if not items or len(items) != n:
                continue
            if anywhere:
                k = items[-1].rfind(key)            # …科技创新中心重要使命 → 科技创新中心
                items[-1] = items[-1][:k + len(key)] if k > 0 else items[-1]
                items[0] = re.split("[是为]", items[0])[-1]     # 内蒙古是国家重要能源…基地 → 国家…基地
                if not all(x.endswith(key) and len(x) > len(key) for x in items):
                    continue
            else:
                items[-1] = self._trim_last(items[-1], key, join)
                if not self._keyed(items, key):
                    continue
            rank = (max(len(x) for x in items), min(abs(start - s) for s, _ in spans))
            if best_rank is None or rank < best_rank:
                best, best_rank = items, rank
        return best

    def _trim_last(self, item: str, key: str, join: str | None) -> str:
        """`老黄牛精神` → 老黄牛 (the joined head); `农民三方面工作` → 农民 (a trailing count)."""
        if join and join != key and item.endswith(join) and len(item) > len(join):
            item = item[:-len(join)]        # (not when the head is the key: 设备更新 of 两新 keeps 新)
        k = item.find(key)
        cut = next((i for i in range(k + 1, len(item)) if self.lx.is_num(item[i])
                    or i - k > 1 and starts_with_any_of(item[i:], self.lx.breakers)), len(item))
        return item[:cut]            # 农民更富深入调研 → 农民更富

    def _keyed(self, items: list[str], key: str) -> bool:
        if any(key not in x or len(x) > self.lx.windows["key_item_max_chars"] or x in self.slogans for x in items):
            return False
        if len({x.find(key) for x in items}) == 1:
            return True                     # 农业、农村、农民; 新技术、新产业
        from_end = {len(x) - x.rfind(key) for x in items}
        # aligned on the end: the key closes each item (孺子牛、拓荒牛; 设备更新、以旧换新) or the items
        # are one shape (绿水青山、金山银山), not 消费新热点、新业态
        return len(from_end) == 1 and (from_end == {1} or len({len(x) for x in items}) == 1)

    def _part_items(self, parts: tuple[str, ...], spans: list[Span]) -> tuple[list[str], bool]:
        """Coordinated slogans: one list grouped by part (三比一争: 比…、比…、比…、争…), else
        per-part lists (三新 → three items with 新), in part order."""
        shape = [(p[1], numeral_value(p[0])) for p in parts if len(p) == 2]
        if len(shape) == len(parts) and all(v for _, v in shape):
            grouped = self._grouped(shape, spans)
            if grouped:
                return grouped, True
        out, complete = [], True
        for key, value in shape:
            found = self._key_items(key, value, spans, None) if value and value > 1 else None
            if found:
                out.extend(found)
            else:
                complete = False
        return out, complete and bool(out) and len(shape) == len(parts)

    def _grouped(self, shape: list[tuple[str, int]], spans: list[Span]) -> list[str] | None:
        total = sum(v for _, v in shape)
        lines = {bisect.bisect_right(self.starts, s) - 1 for s, _ in spans}
        for _, li, clause in self._all_lists():
            if li not in lines or clause.count("、") != total - 1:
                continue
            items = split_items(clause, total, self.lx)
            keys = [k for k, v in shape for _ in range(v)]
            if items and len(items) == total and all(x.startswith(k) or x.endswith(k) for x, k in zip(items, keys)):
                return items
        return None

    # ------------------------------------------------------------ 6. 双莱: 莱西莱阳一体化
    def _pair_items(self, key: str | None, n: int, spans: list[Span]) -> list[str] | None:
        if not key or n != 2 or not is_han(key):
            return None
        pat = _pair_re(key, self.lx.followers)
        for s, e in spans:
            li = bisect.bisect_right(self.starts, s) - 1
            stop = min(self.lines[li].end, e + 300) if 0 <= li < len(self.lines) else e
            m = pat.search(self.text, e, stop)
            if m:
                return [m.group()[:2], m.group()[2:]]
        return None

    # ------------------------------------------------------------ 7. quoted sub-items
    def _quoted_sub(self, end: int, head: str, n: int) -> list[str] | None:
        end = self._past_close(end)
        stop = self._find_any(end, SENTENCE_END, 200)
        out = []
        for m in QUOTE_RE.finditer(self.text, end, stop):
            q = m.group(1)
            if q.endswith(head) and len(q) > len(head) + 1 and q not in self.slogans and q not in out:
                out.append(q)
        return out[:n] if len(out) >= 2 else None     # one quoted name is no enumeration (做成“富民工程”)

    def _quoted_position(self, end: int, head: str) -> list[str] | None:
        """`在“九个以”的实践要求中,排在第一的是“以坚持党中央集中统一领导为根本保证”`: one quoted
        phrase that opens or closes with the head, after a word naming its place in the list."""
        end = self._past_close(end)
        stop = self._find_any(end, SENTENCE_END, 200)
        m = QUOTE_RE.search(self.text, end, stop)
        if m is None or not any(w in self.text[end:m.start()] for w in self.lx.item_position_words):
            return None
        q = m.group(1)
        ok = (q.startswith(head) or q.endswith(head)) and len(q) > len(head) + 1 and q not in self.slogans
        return [q] if ok else None
