"""The date grammar: rules/dates.toml compiled into one leftmost-first regex plus lookup tables.

The TOML keeps named sub-patterns (`{name}` references), lexicon tables and an ordered rule list,
the way Recognizers-Text keeps `Chinese-DateTime.yaml`. Here they become one alternation
`(?P<R0>rule0)|(?P<R1>rule1)|…`: at each position the first rule that matches wins, so the data
decides priority. Each rule's named groups are renamed `g<i>_<name>` (Python forbids duplicate
group names across alternatives); `Grammar.groups_of(match, rule)` gives them back under their
short names, which is all the parser ever sees.

Speed: each rule is guarded by a lookahead on the characters it can start with (computed from
the parsed pattern), and lexicon words are written literal-first, so a position that cannot
start a date costs a character test instead of a walk through every rule's optional parts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict

from pipeline.shared.rules import load_toml

try:                                   # the stdlib regex parser, used only to find first characters
    import re._constants as sre_c
    import re._parser as sre_parse
except ImportError:                    # pragma: no cover — other Pythons: no guard, same results
    sre_c = sre_parse = None

RULES_FILE = "dates.toml"

# The group names a rule may define; their meaning is fixed by the parser (dates_parse.py).
KNOWN_GROUPS = frozenset({
    "y", "ry", "m", "d", "y2", "ry2", "m2", "d2", "q", "qn", "qp", "yp", "mp", "season", "f", "f2",
    "fpost", "rd", "rd2", "rw", "rm", "pod", "clock", "pre", "post",
    "mn", "same", "plan", "pp", "cent", "dec", "on", "ou", "od", "clause", "rdp",
})
_REF = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_GROUP = re.compile(r"\(\?P<([a-z0-9_]+)>")
_MAX_DEPTH = 12


class Entry(BaseModel):
    """One word of a lexicon table, with its guards and its value."""
    model_config = ConfigDict(extra="forbid")
    offset: Optional[int] = None
    standalone: bool = False
    # a year word relative to the year of its context (`上年`, `全年`): the sentence's stated year
    # when there is one, else the publication year (or the year a January review looks back on)
    context: bool = False
    # a year word that points back at the year last stated in the paragraph (`当年年底`)
    anaphoric: bool = False
    not_after: str = ""
    # words that may precede it although they end in a `not_after` character (`截至今年`)
    unless_after: list[str] = []
    after: list[str] = []
    after_class: Optional[str] = None
    not_before: list[str] = []
    not_before_class: Optional[str] = None
    start: Optional[Union[int, str]] = None
    end: Optional[Union[int, str]] = None
    op: Optional[Literal["until", "from", "since", "around", "same", "eve", "before", "day"]] = None
    unit: Optional[Literal["year", "month", "day"]] = None


class Festival(BaseModel):
    model_config = ConfigDict(extra="forbid")
    aliases: list[str]
    fixed: Optional[str] = None
    lunar: Optional[str] = None
    shift: int = 0
    span: tuple[int, int] = (0, 0)
    next_year_from_month: Optional[int] = None
    bare: list[str] = []           # aliases that name the date with no suffix (元旦, 五一劳动节)
    bare_period: bool = False      # written bare, the festival means its period (春节), else its day
    suffix_only: list[str] = []    # aliases that name a date only with a suffix, even after a year (新年前夕)


class Holidays(BaseModel):
    """Statutory holiday periods as announced by the State Council, per festival and year."""
    model_config = ConfigDict(extra="forbid")
    source: str
    spans: dict[str, dict[int, tuple[date, date]]]


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    pattern: str


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_year: int = 1900
    max_year: int = 2100
    max_months_ahead: int = 9
    cumulative_months_ahead: int = 2
    part_of_day_granularity: Literal["day", "part_of_day"] = "day"
    quoted_phrase_max: int = 6
    dateline_markers: str = "讯电"
    dateline_prefix_max: int = 24
    nowadays_words: list[str] = []
    nowadays_cues: list[str] = []
    core: str = "[年月日号季旬周天春夏秋冬节旦宵夕庆]|清明|五一|端午"
    window_before: int = 16
    window_after: int = 24
    future_cues: list[str] = ["将", "预计", "预报", "计划", "拟"]
    future_cue_window: int = 20
    review_months: int = 3


@dataclass
class Grammar:
    regex: re.Pattern
    core: re.Pattern
    rule_names: list[str]
    rule_groups: list[dict[str, str]]          # per rule: short name -> renamed group
    tables: dict[str, dict[str, Entry]]
    festivals: dict[str, Festival]
    alias_to_festival: dict[str, str]
    lunar: dict[str, dict[int, str]]
    settings: Settings
    holidays: dict[str, dict[int, tuple[date, date]]] = field(default_factory=dict)
    _wrapper_index: dict[str, int] = field(default_factory=dict)

    def rule_of(self, m: re.Match) -> int:
        """Index of the rule that produced `m` (its wrapper group closes last)."""
        return self._wrapper_index[m.lastgroup]

    def groups_of(self, m: re.Match, rule: int) -> dict[str, str]:
        """The rule's matched groups under their short names (unmatched groups left out)."""
        out = {}
        for short, full in self.rule_groups[rule].items():
            val = m.group(full)
            if val is not None:
                out[short] = val
        return out

    def start_of(self, m: re.Match, rule: int, short: str) -> int:
        """Offset where a rule's group starts in the text (-1 when it did not match)."""
        full = self.rule_groups[rule].get(short)
        return m.start(full) if full else -1

    def end_of(self, m: re.Match, rule: int, short: str) -> int:
        full = self.rule_groups[rule].get(short)
        return m.end(full) if full else -1

    def entry(self, table: str, word: str) -> Entry | None:
        return self.tables.get(table, {}).get(word)


def _word_regex(word: str, e: Entry) -> str:
    """A lexicon word with its guards, literal first so that other positions fail at once:
    `word(?:(?<![^after_class]word)|(?<=after word)…)(?<![not_after]word)(?!not_before…)`."""
    w = re.escape(word)
    out = w
    options = [f"(?<![^{re.escape(e.after_class)}]{w})"] if e.after_class else []
    options += [f"(?<={re.escape(a)}{w})" for a in e.after]
    if options:
        out += "(?:" + "|".join(options) + ")"
    if e.not_after and e.unless_after:
        out += "(?:" + "|".join([f"(?<![{re.escape(e.not_after)}]{w})"]
                                + [f"(?<={re.escape(a)}{w})" for a in e.unless_after]) + ")"
    elif e.not_after:
        out += f"(?<![{re.escape(e.not_after)}]{w})"
    if e.not_before:
        out += "(?!" + "|".join(re.escape(x) for x in e.not_before) + ")"
    if e.not_before_class:
        out += "(?!" + e.not_before_class + ")"
    return out


def _alternation(words: dict[str, Entry]) -> str:
    """Longest word first, so `上半年` is tried before `上年` and `截止到` before `截止`."""
    ordered = sorted(words.items(), key=lambda kv: (-len(kv[0]), kv[0]))
    return "(?:" + "|".join(_word_regex(w, e) for w, e in ordered) + ")"


def _table_subs(tables: dict[str, dict[str, Entry]], festivals: dict[str, Festival]) -> dict[str, str]:
    subs = {name: _alternation(words) for name, words in tables.items()}
    rel = tables.get("rel_year", {})
    subs["rel_year_prefix"] = _alternation({w: e for w, e in rel.items() if not e.standalone})
    aliases = {a: Entry() for f in festivals.values() for a in f.aliases}
    subs["festival"] = _alternation(aliases)
    # aliases that need a suffix even after a year (`新年前夕`; not `二〇二六年新年贺词`)
    only = {a: Entry() for f in festivals.values() for a in f.suffix_only}
    subs["festival_suffix_only"] = _alternation(only) if only else "(?!)"
    bare = {a: Entry() for f in festivals.values() for a in f.bare}
    subs["festival_bare"] = _alternation(bare) if bare else "(?!)"
    return subs


def expand(pattern: str, subs: dict[str, str]) -> str:
    """Replace `{name}` references until none is left (bounded: a cycle is a data error)."""
    for _ in range(_MAX_DEPTH):
        if not _REF.search(pattern):
            return pattern
        pattern = _REF.sub(lambda m: _lookup(subs, m.group(1)), pattern)
    raise ValueError(f"{RULES_FILE}: sub-pattern references nest too deep (cycle?): {pattern[:80]}")


def _lookup(subs: dict[str, str], name: str) -> str:
    if name not in subs:
        raise ValueError(f"{RULES_FILE}: unknown sub-pattern {{{name}}}")
    return subs[name]


def first_chars(pattern: str) -> set[str] | None:
    """The characters a match of `pattern` can start with, or None when any may (or unknown).

    Used to put `(?=[…])` in front of every rule: the regex engine otherwise walks each rule's
    optional prefixes and guarded words at every position of the text; with the lookahead a
    position that cannot start a date costs one character test.
    """
    if sre_parse is None:
        return None
    try:
        chars, nullable = _first_seq(list(sre_parse.parse(pattern)))
    except (TypeError, ValueError, AttributeError, re.error):
        return None
    return None if chars is None or nullable else chars


def _first_seq(items) -> tuple[set[str] | None, bool]:
    acc: set[str] = set()
    for op, av in items:
        chars, nullable = _first_item(op, av)
        if chars is None:
            return None, False
        acc |= chars
        if not nullable:
            return acc, False
    return acc, True


def _first_item(op, av) -> tuple[set[str] | None, bool]:
    if op is sre_c.LITERAL:
        return {chr(av)}, False
    if op is sre_c.IN:
        return _first_class(av), False
    if op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
        return set(), True
    if op is sre_c.SUBPATTERN:
        return _first_seq(list(av[-1]))
    if op is sre_c.BRANCH:
        results = [_first_seq(list(alt)) for alt in av[1]]
        if any(c is None for c, _ in results):
            return None, False
        return set().union(*(c for c, _ in results)), any(n for _, n in results)
    if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT):
        chars, nullable = _first_seq(list(av[2]))
        return chars, nullable or av[0] == 0
    return None, False


def _first_class(items) -> set[str] | None:
    out: set[str] = set()
    for op, av in items:
        if op is sre_c.LITERAL:
            out.add(chr(av))
        elif op is sre_c.RANGE and av[1] - av[0] < 512:
            out.update(chr(c) for c in range(av[0], av[1] + 1))
        elif op is sre_c.CATEGORY and av is sre_c.CATEGORY_DIGIT:
            out.update("0123456789")
        else:
            return None
    return out


def _lookahead(chars: set[str] | None) -> str:
    return "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + "])" if chars else ""


def _compile_rules(rules: list[Rule], subs: dict[str, str]):
    """One regex `(?=[any start])(?:(?=[starts0])(?P<R0>…)|…)`, plus each rule's group names."""
    parts, groups, starts, bodies = [], [], [], []
    for i, rule in enumerate(rules):
        body = expand(rule.pattern, subs)
        bodies.append((rule.name, body))
        found = list(dict.fromkeys(_GROUP.findall(body)))   # named groups, in order, once each
        unknown = set(found) - KNOWN_GROUPS
        if unknown:
            raise ValueError(f"{RULES_FILE}: rule {rule.name} uses unknown groups {sorted(unknown)}")
        renamed = _GROUP.sub(lambda m: f"(?P<g{i}_{m.group(1)}>", body)
        starts.append(first_chars(body))
        parts.append(f"{_lookahead(starts[-1])}(?P<R{i}>{renamed})")
        groups.append({g: f"g{i}_{g}" for g in found})
    head = _lookahead(None if any(c is None for c in starts) else set().union(*starts))
    try:
        return re.compile(head + "(?:" + "|".join(parts) + ")"), groups
    except re.error:
        # Name the broken rule (compiling each rule alone up front cost 0.2 s of every start-up).
        for name, body in bodies:
            try:
                re.compile(body)
            except re.error as exc:
                raise ValueError(f"{RULES_FILE}: rule {name} does not compile: {exc}") from exc
        raise


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """Load, validate and compile rules/dates.toml once per process."""
    raw = load_toml(RULES_FILE)
    tables = {name: {w: Entry.model_validate(v) for w, v in words.items()}
              for name, words in raw.get("table", {}).items()}
    festivals = {k: Festival.model_validate(v) for k, v in raw.get("festival", {}).items()}
    subs = {**_table_subs(tables, festivals), **raw.get("sub", {})}
    rules = [Rule.model_validate(r) for r in raw.get("rule", [])]
    regex, groups = _compile_rules(rules, subs)
    lunar = {k: {int(y): md for y, md in v.items()} for k, v in raw.get("lunar", {}).items()}
    for name, f in festivals.items():
        if not set(f.bare) <= set(f.aliases):
            raise ValueError(f"{RULES_FILE}: festival {name} lists bare names that are not its aliases")
        if not f.fixed and f.lunar not in lunar:
            raise ValueError(f"{RULES_FILE}: festival {name} has neither `fixed` nor a known `lunar` row")
    settings = Settings.model_validate(raw.get("settings", {}))
    holidays = Holidays.model_validate(raw["holiday"]) if "holiday" in raw else None
    for name, years in (holidays.spans.items() if holidays else ()):
        if name not in festivals:
            raise ValueError(f"{RULES_FILE}: holiday table names an unknown festival {name}")
        for y, (a, b) in years.items():
            if not a <= b or b.year - y not in (0, 1) or y - a.year not in (0, 1):
                raise ValueError(f"{RULES_FILE}: holiday {name} {y}: {a}..{b} is not a period of that year")
    return Grammar(
        regex=regex, core=re.compile(settings.core), rule_names=[r.name for r in rules],
        rule_groups=groups, tables=tables, festivals=festivals,
        alias_to_festival={a: k for k, f in festivals.items() for a in f.aliases},
        lunar=lunar, settings=settings, holidays=holidays.spans if holidays else {}, _wrapper_index={f"R{i}": i for i in range(len(rules))})
