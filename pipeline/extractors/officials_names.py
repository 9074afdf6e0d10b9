"""Reading personal names: surname + 1-2 given characters, delimited by what follows.

Chinese prose writes no space after a name, so where a name ends is decided by its right
context: punctuation, a verb from the lexicon (`表示`, `指出`, `主持`…) or a one-character word
(`在`, `和`, `等`…). Readings of 2 and 3 characters (3 and 4 with a compound surname) compete:
the one closed by the stronger delimiter wins, the longer on a tie (`边祥为主持` is 边祥为,
`王忠表示` is 王忠). Everything is bounded: a reading looks at most a few characters ahead.
"""
from __future__ import annotations

import re

import ahocorasick

from pipeline.extractors.officials_lexicon import Lexicon, is_han, word_lexicon
from pipeline.shared import segmenter
from pipeline.shared.segmenter import is_word_span

STRONG, WEAK, NONE = 2, 1, 0
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_ADDRESS = "同志"
_BYLINE_STOP = ("报道", "摄影", "摄像", "摄", "图", "文", "整理", "编辑", "审核", "校对")


def right_strength(text: str, pos: int, lex: Lexicon) -> int:
    """How clearly position `pos` closes a name: STRONG, WEAK or NONE."""
    if pos >= len(text) or not is_han(text[pos]):
        return STRONG
    for n in range(min(lex.max_verb, len(text) - pos), 1, -1):
        if text[pos:pos + n] in lex.strong_verbs:
            return STRONG
    return WEAK if text[pos] in lex.weak_verbs else NONE


def surname_lengths(text: str, pos: int, lex: Lexicon) -> list[int]:
    """Lengths of the surnames that start at `pos` (compound first)."""
    out = []
    if text[pos:pos + 2] in lex.compound_surnames:
        out.append(2)
    if pos < len(text) and text[pos] in lex.surnames:
        out.append(1)
    return out


def plausible_name(cand: str, sur_len: int, lex: Lexicon, addressed: bool = False) -> bool:
    """Shape and stop-list checks of one reading (no context but `addressed`: `同志` follows,
    so a given name equal to an honorific is a name, `张工同志`)."""
    given = cand[sur_len:]
    if not 1 <= len(given) <= 2 or not _HAN.fullmatch(cand) or not lex.non_name.isdisjoint(given):
        return False
    if cand in lex.stopnames or cand in lex.role_of_title:
        return False
    if given in lex.strong_verbs:
        return False            # `领导曾先后多次…`: 曾 is "once", 先后 a verb, not a given name
    return addressed or (given not in lex.honorific_set and not given.startswith(lex.honorific_prefixes))


def accept_name(text: str, start: int, end: int, lex: Lexicon, strength: int, *,
                foreign: bool = False, before_title: bool = False) -> bool:
    """THE accept/reject decision for a name candidate text[start:end] in its context.

    Grammar first: a Chinese name is a listed surname + 1-2 given characters that are no function
    or org characters (`plausible_name`); a foreign name is a run of transliteration characters,
    parts joined by a separator (`foreign`). Then word evidence, for a candidate that no strong
    delimiter (punctuation, a verb of the lexicon) closes: the candidate must not end inside a
    word — its last character forming a word of the segmenter's lexicon with what follows
    (`关切询|问`, `饶有兴|趣`) — nor start inside one begun before it (`集团长|江电力`: the `团长`
    is a piece of 集团, 江 a piece of 长江). Both the lexicon and the CRF segmenter
    (`is_word_span` at that one position) must agree before a reading is cut: the segmenter alone
    splits unknown names (`记习|近平`), the lexicon alone knows `平和` in `习近平和…`. A name read before a post-name title (`…总书记`)
    never ends in a clause character (`高声向总书记`).
    """
    cand = text[start:end]
    if foreign:
        if not lex.separators.isdisjoint(cand):
            ok = 2 <= len(cand) <= lex.name_max
        else:
            odd = sum(c not in lex.translit for c in cand[1:]) + (cand[0] not in lex.translit and cand[0] not in lex.surnames)
            ok = 2 <= len(cand) <= lex.part_max and odd <= 1 and all(c in lex.translit or c not in lex.non_name for c in cand) \
                and not (odd and len(cand) == 2 and cand in word_lexicon())  # `大选` is a word
        if not ok:
            return False
    elif not any(plausible_name(cand, n, lex, text.startswith(_ADDRESS, end)) for n in surname_lengths(text, start, lex)):
        return False
    elif segmenter.word_tag(cand) in lex.word_tags_not_names:
        return False            # a verb or adverb of the lexicon, not a name (`满含`, `郑重`)
    if before_title and cand[-1] in lex.post_name_bad_end:
        return False
    if strength == STRONG:
        return True
    words = word_lexicon()
    if end < len(text) and (text[end - 1:end + 1] in words or text[end - 1:end + 2] in words) \
            and not is_word_span(text, end, end):
        return False            # the last character belongs to the next word
    if start > 0 and not before_title and (text[start - 1:start + 1] in words or text[start - 1:start + 2] in words) \
            and not is_word_span(text, start, start):
        return False            # the first character belongs to the word before
    return True


def _part_end(text: str, pos: int, lex: Lexicon, first: bool) -> int:
    """End of one part of a foreign name starting at `pos` (== pos when none).

    The first part is a run of transliteration characters; a part after a separator may hold any
    name characters (`吉尔拉·依沙木丁`), cut at the first delimiter.
    """
    j, odd = pos, 0
    if first and pos < len(text) and text[pos] in lex.translit_not_initial:
        return pos              # `总统来访`: no name opens with 来
    limit = min(len(text), pos + lex.part_max)
    while j < limit and is_han(text[j]):
        ch = text[j]
        if first and j > pos and _verb_here(text, j, lex):
            break               # a verb starts here (`拜登日前表示`)
        if first and ch not in lex.translit and not (j == pos and ch in lex.surnames):
            if odd or ch in lex.non_name or (j > pos and right_strength(text, j, lex) != NONE):
                break
            odd += 1            # one character outside the table (`久加诺夫`)
        if not first and ((ch in lex.non_name and ch not in lex.translit)
                          or (j > pos and (right_strength(text, j, lex) != NONE if ch not in lex.translit
                                           else _verb_here(text, j, lex)))):
            break
        j += 1
    return j


def _verb_here(text: str, j: int, lex: Lexicon) -> bool:
    """A strong verb starts at j, and not one character later too (`买买提|出席` is no `提出`)."""
    return right_strength(text, j, lex) == STRONG and not (
        j + 1 < len(text) and is_han(text[j + 1]) and right_strength(text, j + 1, lex) == STRONG)


def read_foreign_name(text: str, pos: int, lex: Lexicon) -> int | None:
    """End of a whole foreign name starting at `pos` (`古特雷斯`, `马克·吕特`, `田尻和宏`), or None.

    Parts are joined by separators; the name must be closed by a delimiter. Without a separator
    the longest transliteration run closed by a delimiter wins, else a surname + 1-3 characters
    closed by a strong delimiter (Japanese names), else nothing.
    """
    end = _part_end(text, pos, lex, True)
    parts = 1
    while end + 1 < len(text) and text[end] in lex.separators and is_han(text[end + 1]) and end - pos < lex.name_max:
        nxt = _part_end(text, end + 1, lex, False)
        if nxt == end + 1:
            break
        end, parts = nxt, parts + 1
    if parts > 1:
        return end if accept_name(text, pos, end, lex, right_strength(text, end, lex), foreign=True) else None
    trans = None
    for e in range(end, pos + 1, -1):
        strength = right_strength(text, e, lex)
        if strength != NONE and text[e - 1] not in lex.end_stop:
            if accept_name(text, pos, e, lex, strength, foreign=True):
                trans = (e, strength)
            break
    if trans is not None and trans[1] == STRONG:
        return trans[0]
    if pos < len(text) and (text[pos] in lex.surnames or text[pos] in lex.translit) \
            and text[pos] not in lex.translit_not_initial:
        for e in range(pos + 3 - (text[pos] in lex.surnames), pos + 5):   # `森田和宏表示`
            if e <= len(text) and all(is_han(c) and c not in lex.non_name for c in text[pos:e]) \
                    and text[e - 1] not in lex.end_stop and right_strength(text, e, lex) == STRONG:
                return e if trans is None or e > trans[0] else trans[0]
    return trans[0] if trans else None


def extend_separated(text: str, end: int, lex: Lexicon) -> int:
    """A name read up to a separator continues past it (`马克·吕特`, `吉尔拉·依沙木丁`)."""
    for _ in range(4):
        if end + 1 >= len(text) or text[end] not in lex.separators or not is_han(text[end + 1]):
            break
        nxt = _part_end(text, end + 1, lex, False)
        if nxt == end + 1:
            break
        end = nxt
    return end


def readings_at(text: str, pos: int, lex: Lexicon, blocked=None) -> list[int]:
    """Ends of the plausible name readings starting at `pos`, whatever follows them."""
    out = []
    for sur_len in surname_lengths(text, pos, lex):
        for given_len in (2, 1):
            end = pos + sur_len + given_len
            if end > len(text) or end in out:
                continue
            cand = text[pos:end]
            if not plausible_name(cand, sur_len, lex, text.startswith(_ADDRESS, end)):
                continue
            if blocked is None or not blocked.hits(pos, end):
                out.append(end)
    return out


def read_name_after(text: str, pos: int, lex: Lexicon, blocked=None,
                    readings: list[int] | None = None) -> tuple[int, int] | None:
    """The name starting exactly at `pos`, as (end, strength), or None."""
    best: tuple[int, int] | None = None       # (strength, end): stronger, then longer
    if readings is None:
        readings = readings_at(text, pos, lex, blocked)
    strengths = {end: right_strength(text, end, lex) for end in readings}
    for end, strength in strengths.items():
        if strength == NONE or not accept_name(text, pos, end, lex, strength):
            continue
        if text[end - 1] in lex.end_stop and strengths.get(end - 1, NONE) != NONE:
            continue            # `李明说,` is 李明 (+说); `赵和平出席` stays 赵和平
        if best is None or (strength, end) > best:
            best = (strength, end)
    return (best[1], best[0]) if best else None


def subject_names(text: str, words: set[str], lex: Lexicon) -> set[str]:
    """Which of `words` stand somewhere as a clause subject: after punctuation, before a verb.

    Confirms a name whose first mention is followed by a verb the lexicon lacks
    (`主任张三坚信…` is read once `。张三表示` appears). One Aho-Corasick pass: linear.
    """
    if not words:
        return set()
    auto = ahocorasick.Automaton()
    for w in words:
        auto.add_word(w, w)
    auto.make_automaton()
    out: set[str] = set()
    for last, word in auto.iter(text):
        start = last + 1 - len(word)
        if word in out or (start > 0 and is_han(text[start - 1])):
            continue
        if right_strength(text, last + 1, lex) != NONE:
            out.add(word)
    return out


def read_name_before(text: str, end: int, lex: Lexicon, lo: int, blocked=None,
                     title_ends=None) -> int | None:
    """Start of a name that ends exactly at `end` and starts at or after `lo`.

    A title ending right before a reading fixes it (`主任陈勇` is 陈勇, not 任陈勇); otherwise
    3 characters are preferred over 2 (`书记马保岭`).
    """
    lengths = (3, 2, 4)
    if title_ends is not None:
        fixed = [n for n in (2, 3, 4) if end - n in title_ends]
        lengths = tuple(fixed) + lengths
    for length in lengths:
        start = end - length
        if start < lo:
            continue
        cand = text[start:end]
        for sur_len in surname_lengths(text, start, lex):
            if plausible_name(cand, sur_len, lex) and not (blocked is not None and blocked.hits(start, end)):
                return start
    return None


def names_before(text: str, end: int, lex: Lexicon, blocked=None, title_ends=None,
                 limit: int = 30) -> list[tuple[int, int]]:
    """The `、`-separated list of names ending at `end` (`马保岭、边祥为…黄波` before `等区领导`).

    Every item must be a name; the leftmost one may be glued to preceding words, then its
    reading is chosen among the 2-4 characters before it.
    """
    out: list[tuple[int, int]] = []
    j = end
    for _ in range(limit):
        k = j
        while k > j - 5 and k > 0 and is_han(text[k - 1]):
            k -= 1
        bounded = k == 0 or not is_han(text[k - 1]) or text[k - 1] == "、"
        if bounded and 2 <= j - k <= 4 and _is_name_token(text, k, j, lex, blocked):
            out.append((k, j))
        elif not bounded or j - k > 4:
            start = read_name_before(text, j, lex, max(k, j - 4), blocked, title_ends)
            if start is not None:
                out.append((start, j))
            break
        else:
            break
        if k == 0 or text[k - 1] != "、":
            break
        j = k - 1
    out.reverse()
    return out


_LIST_MAX = 30        # names in one list
_NAME_MAX = 4


def names_after(text: str, pos: int, lex: Lexicon, blocked) -> list[tuple[int, int]]:
    """The 、-separated names starting at `pos`, up to 等 or punctuation; [] when an item is no name."""
    out: list[tuple[int, int]] = []
    for _ in range(_LIST_MAX):
        k = pos
        while k < len(text) and k - pos <= _NAME_MAX and is_han(text[k]) and text[k] != "、" \
                and not (k > pos + 1 and text[k] == "等"):
            k += 1
        if not 2 <= k - pos <= _NAME_MAX or not _is_name_token(text, pos, k, lex, blocked):
            last = read_name_after(text, pos, lex, blocked) if out else None
            return out + [(pos, last[0])] if last else []     # `…、李克强出席`: the last one glued to a verb
        out.append((pos, k))
        if k >= len(text) or text[k] != "、":
            return out if k >= len(text) or not is_han(text[k]) or text[k] == "等" else []
        pos = k + 1
    return out


def _is_name_token(text: str, start: int, end: int, lex: Lexicon, blocked) -> bool:
    if blocked is not None and blocked.hits(start, end):
        return False
    cand = text[start:end]
    return any(plausible_name(cand, n, lex) for n in surname_lengths(text, start, lex))


def byline_token(token: str, lex: Lexicon) -> bool:
    """A name in a reporters' list (`记者 王晓帆 通讯员 李成`): looser, the context is certain."""
    if not 2 <= len(token) <= 4 or not all(is_han(c) for c in token):
        return False
    if token in lex.stopnames or token in lex.role_of_title or token.startswith(lex.media_self):
        return False
    if any(c in lex.non_name for c in token[1:]) or token.endswith(_BYLINE_STOP):
        return False
    if segmenter.word_tag(token) in lex.word_tags_not_names:
        return False            # `受贿案一审宣判`: a verb of the lexicon after a credit word is no name
    return len(token) < 4 or token[:2] in lex.compound_surnames
