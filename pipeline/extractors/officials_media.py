"""Reporters and editors: bylines, `(某某日报记者 A B C)` credits, `责任编辑:王逸群` lines.

These are the only officials read outside body text (docs/annotation.md, General conventions).
The names of a credit are a whitespace-separated list after a media title (`记者 王晓帆 通讯员 李成 赵建华`);
the outlet written right before the title is their org (`半岛全媒体记者` → 半岛全媒体), `本报`
and the like give none.
"""
from __future__ import annotations

from pipeline.extractors.officials_lexicon import Lexicon, is_han
from pipeline.extractors.officials_names import byline_token

_MAX_NAMES = 20
_OUTLET_MAX = 20
_OUTLET_EXTRA = "/·"
_SEPARATORS = " \t\u00a0\u3000、,"


def _outlet(text: str, start: int, line_start: int, lex: Lexicon) -> str | None:
    """The outlet written right before a media title, or None (`本报记者`, line start)."""
    j = start
    lo = max(line_start, start - _OUTLET_MAX)
    while j > lo and (is_han(text[j - 1]) or text[j - 1] in _OUTLET_EXTRA):
        j -= 1
    outlet = text[j:start].strip("/·")
    if not outlet or outlet.startswith(lex.media_self) or outlet in ("文", "图", "文图"):
        return None
    return outlet


def _tokens_after(text: str, pos: int, end: int):
    """Whitespace-separated Han tokens after a title, as (start, end), until something else."""
    i = pos
    for _ in range(_MAX_NAMES):
        while i < end and text[i] in _SEPARATORS:
            i += 1
        j = i
        while j < end and j - i < 6 and is_han(text[j]):
            j += 1
        if j == i:
            return
        yield i, j
        i = j


def _padded_names(text: str, tokens):
    """`记者 王  萍`: a two-character name padded to the width of three is one token again."""
    tokens = list(tokens)
    k = 0
    while k < len(tokens):
        (s, e) = tokens[k]
        if e - s == 1 and k + 1 < len(tokens) and tokens[k + 1][1] - tokens[k + 1][0] == 1 \
                and tokens[k + 1][0] - e <= 3:
            yield s, tokens[k + 1][1]
            k += 2
        else:
            yield s, e
            k += 1


def credits_in(text: str, line_start: int, line_end: int, titles: list[tuple[int, int, str]],
               lex: Lexicon, editor_only: bool) -> list[tuple[int, int, str, dict]]:
    """(start, end, name, position) for every credited name in one line.

    `titles` are the media-title matches of the line (start, end, title). In boilerplate lines
    (`editor_only`) a title counts only when a colon follows it (`责任编辑:王逸群`).
    """
    out = []
    title_starts = {s for s, _, _ in titles}
    for start, end, title in titles:
        pos = end
        while pos < line_end and text[pos] in " \t\u00a0\u3000":
            pos += 1
        colon = pos < line_end and text[pos] in ":|"
        if editor_only and not colon:
            continue
        if colon:
            pos += 1
        elif pos == end and not _closed_credit(text, end, line_end):
            continue            # `记者张三表示…` in prose: the sentence grammar reads it
        outlet = None if colon else _outlet(text, start, line_start, lex)
        position = {"org": outlet, "title": title, "text": text[start - len(outlet or ""):end]}
        for ts, te in _padded_names(text, _tokens_after(text, pos, line_end)):
            if ts in title_starts or text[ts:te] in lex.role_of_title or text[te:te + 1] in (":", "|"):
                break           # the next credit's label (`一审:丁奕`)
            token = text[ts:te]
            if te - ts > 2 and not is_han(text[ts + 1]):
                token = text[ts] + text[te - 1]
            if not byline_token(token, lex):
                break
            out.append((ts, te, token, position))
    return out


def _closed_credit(text: str, pos: int, line_end: int) -> bool:
    """`记者张三 李四`: a name glued to the title is a credit only if whitespace/`)`/end follows."""
    j = pos
    while j < line_end and j - pos < 4 and is_han(text[j]):
        j += 1
    return j == line_end or text[j] in " \t\u00a0\u3000)"
