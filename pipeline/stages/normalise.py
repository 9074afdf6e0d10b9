"""Normalise raw article text while keeping a map back to the original characters.

Every step is either 1:1 per character (full-width folding, OpenCC conversion) or a pure
deletion (pinyin glosses, control characters), so a single array `to_orig` — normalised
index → original index — is enough to map any span back. Mentions are half-open; the
original span of `[ns, ne)` is `[to_orig[ns], to_orig[ne - 1] + 1)`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import opencc

from pipeline.shared.textlines import Line, classify_lines

# A pinyin gloss: lower-case Latin letters with tone marks, in parentheses, right after a Han char.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_GLOSS = re.compile(r"(?<=[\u3400-\u9fff])\(([a-z" + _TONED + r"]{1,7})\)")
_HAS_TONE = re.compile("[" + _TONED + "]")
# Characters that carry no text: C0 controls but tab/newline, DEL, zero-width marks, BOM.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2060\ufeff]")
# Full-width ASCII block and the ideographic space fold to ASCII (1:1).
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
# Toneless glosses (`(de)`) are only removed when the document clearly carries toned ones.
_MIN_TONED_GLOSSES = 3


@dataclass
class NormText:
    original: str
    text: str
    to_orig: list[int]
    script: str
    lines: list[Line] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def orig_span(self, ns: int, ne: int) -> tuple[int, int]:
        """Original `[start, end)` of the normalised span `[ns, ne)`."""
        if ne <= ns:
            pos = self.to_orig[ns] if ns < len(self.to_orig) else len(self.original)
            return pos, pos
        return self.to_orig[ns], self.to_orig[ne - 1] + 1


@lru_cache(maxsize=1)
def _converters() -> tuple[opencc.OpenCC, opencc.OpenCC]:
    return opencc.OpenCC("t2s"), opencc.OpenCC("s2t")


def _delete(text: str, to_orig: list[int], pattern: re.Pattern, keep=None) -> tuple[str, list[int], int]:
    """Delete every match of `pattern` (or of its group 0 when `keep` says so), keeping the map."""
    parts: list[str] = []
    mapping: list[int] = []
    last = 0
    removed = 0
    for m in pattern.finditer(text):
        if keep is not None and keep(m):
            continue
        parts.append(text[last:m.start()])
        mapping.extend(to_orig[last:m.start()])
        last = m.end()
        removed += 1
    if not removed:
        return text, to_orig, 0
    parts.append(text[last:])
    mapping.extend(to_orig[last:])
    return "".join(parts), mapping, removed


def _changed(a: str, b: str) -> int:
    """How many characters differ between two equal-length strings (C-speed map)."""
    if a == b:
        return 0
    return sum(map(str.__ne__, a, b)) if len(a) == len(b) else 0


def detect_script(text: str) -> tuple[str, int, int]:
    """Count characters that change under t2s (traditional-only) and s2t (simplified-only)."""
    t2s, s2t = _converters()
    trad_only = _changed(text, t2s.convert(text))
    if trad_only == 0:
        return "simplified", 0, 0
    simp_only = _changed(text, s2t.convert(text))
    if simp_only > 3 * trad_only:
        return "simplified", trad_only, simp_only
    if trad_only > 3 * simp_only:
        return "traditional", trad_only, simp_only
    return "mixed", trad_only, simp_only


def to_simplified(text: str) -> str:
    """OpenCC t2s, guaranteed 1:1 in length (falls back to per-character conversion)."""
    t2s, _ = _converters()
    out = t2s.convert(text)
    if len(out) == len(text):
        return out
    return "".join(c if len(s := t2s.convert(c)) != 1 else s for c in text)


def normalise(original: str) -> NormText:
    """Fold width, drop invisible characters and pinyin glosses, convert to Simplified."""
    warnings: list[str] = []
    text = original.translate(_FOLD)
    to_orig = list(range(len(text)))
    text, to_orig, n_invisible = _delete(text, to_orig, _INVISIBLE)
    if n_invisible:
        warnings.append(f"invisible/control characters removed: {n_invisible}")
    toned = sum(1 for m in _GLOSS.finditer(text) if _HAS_TONE.search(m.group(1)))
    if toned:
        if toned >= _MIN_TONED_GLOSSES:
            keep = None
        else:
            keep = lambda m: not _HAS_TONE.search(m.group(1))  # noqa: E731
        text, to_orig, n_gloss = _delete(text, to_orig, _GLOSS, keep)
        warnings.append(f"pinyin glosses removed: {n_gloss}")
    script, trad_only, _ = detect_script(text)
    if trad_only:
        # Always convert when any Traditional-only character exists (also in mostly Simplified
        # text), so normalising a substring gives the same characters as the whole document.
        text = to_simplified(text)
        if script != "simplified":
            warnings.append(f"converted {script} text to simplified")
    to_orig.append(len(original))
    return NormText(original=original, text=text, to_orig=to_orig, script=script,
                    lines=classify_lines(text), warnings=warnings)
