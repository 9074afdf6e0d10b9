"""NER spans as evidence at the extractors' accept/reject points (issue 12) — never blindly.

Each function is one rule, called from the extractor that makes the decision, and switched by
a setting of that extractor's component in config.cfg (all on by default; silent when no NER
component ran, i.e. `ctx.ner is None`):

- officials `ner_person_next_to_title`: a PERSON span right after a title (or right before a
  post-name title such as `书记`) is that official's name when the name grammar found none —
  an unlisted surname, a transliterated or a long name, a name no verb closes.
- places `ner_location_support`: a gazetteer hit that a LOCATION span starts at is bounded
  (not mid-word), and a weak or short meaning (`单县`, `莱阳`) needs no province named when a
  LOCATION span is exactly it (or it plus a level suffix).
- places `ner_location_veto`: a gazetteer reading that crosses a LOCATION span which is itself
  another reading (the model chooses between overlapping readings: `铁路北京` is 北京, not 路北)
  or lies inside a PERSON span is dropped before the readings are tiled.
- places `ner_org_block`: a place inside an ORGANIZATION span is dropped unless the
  organisation is a government-type body of that place (ANNOTATION.md §9: `莱西市委` lends
  莱西市, a company or brand name such as `横滨轮胎` does not). "Government-type" is read from how
  the name ends (suffixes in rules/ner_evidence.toml), so `沈阳铁路局` still lends 沈阳.
"""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline.shared.base import is_han
from pipeline.shared.ner import LOCATION, ORGANIZATION, PERSON, NerSpans
from pipeline.shared.tables import DIVISION_LEVELS
from pipeline.shared.rules import load_toml

_NAME = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+(?:[·•][\u3400-\u4dbf\u4e00-\u9fff]+)*")


@lru_cache(maxsize=1)
def _cfg() -> dict:
    c = dict(load_toml("ner_evidence.toml"))
    c["gov_suffixes"] = tuple(sorted(c["gov_suffixes"], key=len, reverse=True))
    c["level_suffixes"] = DIVISION_LEVELS          # rules/text.toml, shared with the officials extractor
    return c


# ---------------------------------------------------------------- officials

def _person_ok(text: str, s: int, e: int, lex, blocked) -> bool:
    """A PERSON span may be a name: its length and script, no stop-listed word, no character that
    never stands in a name (`的`, `给`…), and it does not start with a verb or a word that closes
    names (`指出`, `表示`: a tagger that learnt "a name follows 书记" also tags `总书记指出`)."""
    c = _cfg()
    name = text[s:e]
    if not c["person_min_chars"] <= len(name) <= c["person_max_chars"] or not _NAME.fullmatch(name):
        return False
    if name in lex.stopnames or name in lex.role_of_title or name in lex.historical:
        return False
    if not lex.non_name.isdisjoint(name) or name[0] in lex.weak_verbs:
        return False
    if any(name.startswith(w) for w in c["person_bad_starts"]) or \
            any(name[:n] in lex.strong_verbs for n in range(2, min(len(name), lex.max_verb) + 1)):
        return False
    return blocked is None or not blocked.hits(s, e)


def person_after_title(ner: NerSpans | None, text: str, title_end: int, lex, blocked,
                       title_start: int | None = None) -> int | None:
    """End of the PERSON span that starts right where a title ends (`主任阿卜杜·热合曼`), unless the
    title already follows a name (`习近平总书记…`: the title is that name's)."""
    if ner is None:
        return None
    if title_start is not None and _name_before(text, title_start, lex, ner):
        return None
    ends = [s.end for s in ner.starting_at(title_end, PERSON) if _person_ok(text, s.start, s.end, lex, blocked)]
    return max(ends, default=None)


def _name_before(text: str, title_start: int, lex, ner: NerSpans) -> bool:
    """A name ends where the title starts (a PERSON span, or a surname reading standing at a word
    boundary: `。习近平总书记`)."""
    from pipeline.extractors.officials_names import read_name_before

    if ner.ending_at(title_start, PERSON):
        return True
    s = read_name_before(text, title_start, lex, max(0, title_start - 4))
    return s is not None and (s == 0 or not is_han(text[s - 1]))


def person_before_title(ner: NerSpans | None, text: str, title_start: int, lex, blocked) -> int | None:
    """Start of the PERSON span that ends right where a post-name title starts (`欧阳晓晖书记`)."""
    if ner is None:
        return None
    starts = [s.start for s in ner.ending_at(title_start, PERSON) if _person_ok(text, s.start, s.end, lex, blocked)]
    return min(starts, default=None)


# ---------------------------------------------------------------- places

def location_bounds(ner: NerSpans | None, start: int) -> bool:
    """A LOCATION span starts where the gazetteer hit starts: the hit is not mid-word."""
    return ner is not None and bool(ner.starting_at(start, LOCATION))


def location_supports(ner: NerSpans | None, text: str, start: int, end: int) -> bool:
    """A LOCATION span is exactly the hit, or the hit plus a level suffix (`莱阳` + `市`)."""
    if ner is None:
        return False
    for s in ner.starting_at(start, LOCATION):
        if s.end == end or text[end:s.end] in _cfg()["level_suffixes"]:
            return True
    return False


def veto_readings(ner: NerSpans, cands: list) -> list:
    """Drop the gazetteer readings of a line that the spans veto (before tiling, so a competing
    reading takes the characters): a reading inside a PERSON span (`王福山` ≠ 福山), and a
    reading that crosses a LOCATION span which is itself another reading of the line (`铁路北京`:
    LOCATION 北京 drops 路北, and 北京 is kept). A LOCATION span that no reading matches vetoes
    nothing: the small silver-trained tagger cuts many spans wrongly (`湖区姜畲镇`, `巴国`)."""
    readings = {(c.start, c.end) for c in cands}
    out = []
    for c in cands:
        if ner.covering(c.start, c.end, PERSON):
            continue
        if any((s.start, s.end) in readings for s in ner.crossing(c.start, c.end, LOCATION)):
            continue
        out.append(c)
    return out


def org_blocks(ner: NerSpans | None, text: str, start: int, end: int) -> bool:
    """The hit is inside a longer ORGANIZATION span that is not a government-type body."""
    if ner is None:
        return False
    for s in ner.covering(start, end, ORGANIZATION):
        if (s.start, s.end) == (start, end):
            continue
        rest = text[end:s.end]
        if not rest or not rest.endswith(_cfg()["gov_suffixes"]):
            return True
    return False
