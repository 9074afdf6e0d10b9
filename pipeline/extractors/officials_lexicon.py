"""The officials extractor's lexicons, compiled once from rules/officials_*.

Everything the grammar knows about words lives in the rules files: surnames, titles and their
role class, org suffixes, the verbs that close a name, group roles, stop-lists. This module
only turns them into sets and Aho-Corasick automata (linear-time matching of many patterns).
"""
from __future__ import annotations

import os
import pickle
import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick
from pydantic import BaseModel, ConfigDict

from pipeline.shared.segmenter import lexicon as segmenter_lexicon
from pipeline.shared.rules import load_lines, load_toml
from pipeline.shared.base import is_han

TITLES_FILE = "officials_titles.toml"
NAMES_FILE = "officials_names.toml"


class ForeignRules(BaseModel):
    """[foreign] of officials_names.toml: foreign titles, international bodies, transliteration."""
    model_config = ConfigDict(extra="forbid")
    titles: list[str]
    org_markers: list[str]
    translit: str
    translit_not_initial: str = ""
    separators: str
    part_max: int = 8
    name_max: int = 16


class AcceptRules(BaseModel):
    """[accept] of officials_names.toml: grammar data of `accept_name`."""
    model_config = ConfigDict(extra="forbid")
    post_name_bad_end: str
    word_tags_not_names: list[str] = []


class NameRules(BaseModel):
    """The whole of rules/officials_names.toml (unknown keys are an error)."""
    model_config = ConfigDict(extra="forbid")
    foreign: ForeignRules
    accept: AcceptRules


@lru_cache(maxsize=1)
def name_rules() -> NameRules:
    return NameRules.model_validate(load_toml(NAMES_FILE))


def word_lexicon():
    """spacy-pkuseg's bundled word list (~390 000 words; pipeline.shared.segmenter.lexicon), used
    beside the segmenter (jieba by default): a reading is cut only when the two independent sources
    agree — with jieba's own dictionary on both sides, `李明说` lost 李明 (明说 is a jieba word).

    Word evidence next to the segmenter: does a candidate's last character make a word with
    what follows (`关切询|问`), or its first one with what precedes (`团长|江`)?"""
    return segmenter_lexicon("pkuseg")


def _words(name: str) -> frozenset[str]:
    return frozenset(w for line in load_lines(name) for w in line.split())


def _automaton(words) -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for w in words:
        auto.add_word(w, w)
    if len(auto):
        auto.make_automaton()
    return auto


@dataclass(frozen=True)
class Lexicon:
    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    role_of_title: dict[str, str]           # title -> official | media | company | other
    titles: ahocorasick.Automaton
    gov_heads: dict[str, str]               # 市长 -> 市
    implied_orgs: dict[str, str]            # 国家主席 -> 中华人民共和国
    implied_after: tuple[str, ...]          # previous orgs after which the implied org holds
    implied_foreign: dict[str, str]         # 老挝人民革命党 -> 老挝: a state post after that party's post
    party_suffixes: tuple[str, ...]
    party_titles: frozenset[str]
    relative_levels: frozenset[str]
    relative_exceptions: tuple[str, ...]
    org_suffixes: tuple[str, ...]
    abbreviated_departments: tuple[str, ...]
    state_markers: tuple[str, ...]
    company_suffixes: tuple[str, ...]
    lead_words: tuple[str, ...]             # longest first
    lead_by_char: dict[str, tuple[str, ...]]  # first character -> lead words, longest first
    lead_chars: frozenset[str]              # the one-character lead words
    cut_chars: frozenset[str]
    cut_keep: tuple[str, ...]
    member_titles: frozenset[str]
    media_self: tuple[str, ...]
    org_heads: tuple[str, ...]
    former_marks: tuple[str, ...]
    strong_verbs: frozenset[str]
    weak_verbs: frozenset[str]
    max_verb: int
    end_stop: frozenset[str]
    non_name: frozenset[str]
    guess_unsafe: frozenset[str]            # surnames that are also common words (no guessing)
    honorific_set: frozenset[str]           # a given part equal to one is no name (王总, 陶先生)
    honorific_prefixes: tuple[str, ...]     # nor one starting with a multi-char one (王先生们)
    group_roles: dict[str, str]             # 等区领导 -> 区
    group_not_before: tuple[str, ...]       # 等领导|同志: the honorific group, no post
    group_labels: dict[str, str]            # 党和国家领导人 (before its list of names) -> ""
    group_auto: ahocorasick.Automaton
    counted_group_re: re.Pattern
    post_loose: frozenset[str]
    post_strict: frozenset[str]
    left_words: tuple[str, ...]
    stopnames: frozenset[str]
    historical: frozenset[str]
    foreign_titles: frozenset[str]
    foreign_markers: tuple[str, ...]
    translit: frozenset[str]
    translit_not_initial: frozenset[str]
    separators: frozenset[str]
    part_max: int
    name_max: int
    post_name_bad_end: frozenset[str]
    word_tags_not_names: frozenset[str]
    appointments: dict                      # rules [appointments]: verbs, remove, honorific, post_end, post_max

    def role_class(self, title: str) -> str:
        return self.role_of_title.get(title, "official")


def _by_first_char(words) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        out.setdefault(w[0], []).append(w)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Build the lexicon (cached for the process: rules are read once)."""
    cfg = load_toml(TITLES_FILE)
    nr = name_rules()
    surnames = _words("officials_surnames.txt")
    role_of_title = {t: role for role, ts in cfg["titles"].items() for t in ts}
    for t in nr.foreign.titles:
        role_of_title.setdefault(t, "official")
    orgs, names, post = cfg["orgs"], cfg["names"], cfg["post_name"]
    verbs = set(names["verbs"])
    return Lexicon(
        surnames=frozenset(s for s in surnames if len(s) == 1),
        compound_surnames=frozenset(s for s in surnames if len(s) == 2),
        role_of_title=role_of_title,
        titles=_automaton(role_of_title),
        gov_heads=dict(cfg["gov_heads"]),
        implied_orgs=dict(orgs.get("implied", {})),
        implied_after=tuple(orgs.get("implied_after", ())),
        implied_foreign=dict(orgs.get("implied_foreign", {})),
        party_suffixes=tuple(sorted(orgs["party_suffixes"], key=len, reverse=True)),
        party_titles=frozenset(orgs["party_titles"]),
        relative_levels=frozenset(orgs["relative_levels"]),
        relative_exceptions=tuple(orgs.get("relative_exceptions", ())),
        org_suffixes=tuple(sorted(orgs["suffixes"], key=len, reverse=True)),
        abbreviated_departments=tuple(orgs.get("abbreviated_departments", ())),
        state_markers=tuple(orgs["state_enterprise_markers"]),
        company_suffixes=tuple(orgs["company_suffixes"]),
        lead_words=tuple(sorted(orgs["lead_words"], key=len, reverse=True)),
        lead_by_char=_by_first_char(orgs["lead_words"]),
        lead_chars=frozenset(w for w in orgs["lead_words"] if len(w) == 1),
        cut_chars=frozenset(orgs["cut_chars"]),
        cut_keep=tuple(orgs.get("cut_keep", ())),
        member_titles=frozenset(orgs.get("member_titles", ())),
        media_self=tuple(orgs["media_self"]),
        org_heads=tuple(orgs.get("org_heads", ())),
        former_marks=tuple(orgs.get("former_marks", ())),
        strong_verbs=frozenset(v for v in verbs if len(v) > 1),
        weak_verbs=frozenset(v for v in verbs if len(v) == 1),
        max_verb=max((len(v) for v in verbs), default=1),
        end_stop=frozenset(names["end_stop"]),
        non_name=frozenset(c for c in names["non_name_chars"] if not c.isspace()),
        guess_unsafe=frozenset(c for c in names.get("guess_unsafe_initials", "") if not c.isspace()),
        honorific_set=frozenset(names["honorifics"]),
        honorific_prefixes=tuple(h for h in names["honorifics"] if len(h) > 1),
        group_roles=dict(cfg["group_roles"]),
        group_not_before=tuple(cfg.get("group_role_guards", {}).get("not_before", ())),
        group_labels=dict(cfg.get("group_labels", {})),
        group_auto=_automaton(cfg["group_roles"]),
        counted_group_re=re.compile("等[0-9一二三四五六七八九十两]{1,3}[位名](?P<title>%s)" % "|".join(
            map(re.escape, sorted(cfg.get("counted_groups", {}).get("titles", []), key=len, reverse=True))) or "(?!)"),
        appointments={**cfg["appointments"], "verbs": tuple(sorted(cfg["appointments"]["verbs"], key=len, reverse=True))},
        post_loose=frozenset(post["loose"]),
        post_strict=frozenset(post["strict"]),
        left_words=tuple(sorted(post["left_words"], key=len, reverse=True)),
        stopnames=_words("officials_stopnames.txt"),
        historical=_words("officials_historical.txt"),
        foreign_titles=frozenset(nr.foreign.titles),
        foreign_markers=tuple(nr.foreign.org_markers),
        translit=frozenset(c for c in nr.foreign.translit if not c.isspace()),
        translit_not_initial=frozenset(nr.foreign.translit_not_initial),
        separators=frozenset(nr.foreign.separators),
        part_max=nr.foreign.part_max,
        name_max=nr.foreign.name_max,
        post_name_bad_end=frozenset(nr.accept.post_name_bad_end),
        word_tags_not_names=frozenset(nr.accept.word_tags_not_names),
    )


def titles_by_end(text: str) -> dict[int, tuple[int, str]]:
    """For every position where a title ends (exclusive), the longest title ending there.

    A match that a longer title starting at the same place continues is dropped
    (`董事` in `董事长`, `主任` in `主任委员`).
    """
    out: dict[int, tuple[int, str]] = {}
    auto = lexicon().titles
    if not len(auto):
        return out
    reach: dict[int, int] = {}                  # start -> furthest end of a title starting there
    for last, title in auto.iter(text):
        end = last + 1
        start = end - len(title)
        prev = out.get(end)
        if prev is None or len(title) > len(prev[1]):
            out[end] = (start, title)
        if end > reach.get(start, 0):
            reach[start] = end
    # `法人代表刘某` is not 法人 + `代表刘`: a title continued into a longer one is not a title
    return {end: st for end, st in out.items() if reach[st[0]] == end}
