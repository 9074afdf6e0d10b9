"""Unit tests of the dates extractor: grammar data, the window prefilter, parsing, robustness."""
from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extractors import dates
from pipeline.shared.base import ArticleContext
from pipeline.extractors.dates_grammar import first_chars, grammar
from pipeline.extractors.dates_parse import to_int
from pipeline.stages.normalise import normalise
from pipeline.shared.rules import rules_dir
from tests.linear import assert_linear
from tests.shared_data import SHARED, missing_reason, shared_param

CASES = sorted((Path(__file__).parent / "cases" / "dates").glob("*.jsonl"))
SEED_TEXTS = ([p.read_text("utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]
              if missing_reason("seeds") is None else [shared_param("seeds")])
# Words that can be a date by themselves: each must contain a core, or the prefilter never sees it.
STANDALONE_TABLES = ("rel_year", "rel_day", "rel_week", "rel_month", "year_part_word",
                     "month_part_word", "season", "season_rel")


def _ctx(text: str, published: date | None = date(2022, 2, 7)) -> ArticleContext:
    return ArticleContext(norm=normalise(text), published=published)


def _case_inputs() -> list[str]:
    return [orjson.loads(line)["input"] for p in CASES for line in p.read_text("utf-8").splitlines() if line]


def _full_scan(ctx: ArticleContext) -> list[tuple[int, int]]:
    """What `find` would return without the window prefilter (spans only)."""
    g = grammar()
    out = []
    for ln in ctx.content_lines():
        for m in g.regex.finditer(ctx.text, ln.start, ln.end):
            if m.end() > m.start():
                out.append((m.start(), m.end()))
    return out


def _windowed(ctx: ArticleContext) -> list[tuple[int, int]]:
    g = grammar()
    out = []
    for ln in ctx.content_lines():
        for ws, we in dates.windows(g, ctx.text, ln.start, ln.end):
            out += [(m.start(), m.end()) for m in g.regex.finditer(ctx.text, ws, we) if m.end() > m.start()]
    return out


# ---------------------------------------------------------------- grammar data

def test_grammar_compiles_and_names_rules():
    g = grammar()
    assert len(g.rule_names) == len(set(g.rule_names)) >= 15


def test_every_rule_has_an_example_comment():
    """Like Recognizers-Text: an example comment stands above each rule's pattern."""
    raw = (rules_dir() / "dates.toml").read_text("utf-8")
    blocks = raw.split("[[rule]]")[1:]
    for block in blocks:
        head = block.split("pattern =", 1)[0]
        assert re.search(r"^#\s*\S", head, re.M), f"rule without example: {head.strip()[:60]}"


@pytest.mark.parametrize("table", STANDALONE_TABLES)
def test_standalone_words_contain_a_core(table):
    g = grammar()
    for word in g.tables[table]:
        assert g.core.search(word), f"{table}:{word} has no core, the window prefilter would skip it"


def test_festival_aliases_contain_a_core():
    g = grammar()
    for alias in g.alias_to_festival:
        assert g.core.search(alias), alias


@pytest.mark.parametrize("row", ["spring", "dragon_boat", "mid_autumn", "qingming"])
def test_lunar_tables_cover_2015_to_2035(row):
    table = grammar().lunar[row]
    for year in range(2015, 2036):
        month, day = map(int, table[year].split("-"))
        date(year, month, day)


def test_first_chars_of_rules_are_known():
    """Every rule starts with a known character set, so the lookahead guard is always on."""
    g = grammar()
    assert g.regex.pattern.startswith("(?=[")


@pytest.mark.parametrize("pattern,expected", [
    ("abc", {"a"}), ("(?:x|y)z", {"x", "y"}), ("a?b", {"a", "b"}), ("[0-2]", {"0", "1", "2"}),
    (r"(?<!\d)\d", set("0123456789")), (".", None), ("a*", None),
])
def test_first_chars(pattern, expected):
    assert first_chars(pattern) == expected


# ---------------------------------------------------------------- window prefilter

@pytest.mark.parametrize("text", _case_inputs() + SEED_TEXTS)
def test_windows_find_what_a_full_scan_finds(text):
    ctx = _ctx(text)
    assert _windowed(ctx) == _full_scan(ctx)


_ALPHABET = list("0123456789年月日号至到-今去明本上下半前后初底末旬季度第一二三四五十〇春节期间以来截上午,。“”每近")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=80).map("".join))
def test_windows_equal_full_scan_on_random_text(text):
    ctx = _ctx(text)
    assert _windowed(ctx) == _full_scan(ctx)


# ---------------------------------------------------------------- parsing

@pytest.mark.parametrize("s,n", [("2022", 2022), ("二〇二二", 2022), ("二零二二", 2022), ("十二", 12),
                                 ("十", 10), ("二十三", 23), ("三十一", 31), ("七", 7), ("07", 7)])
def test_to_int(s, n):
    assert to_int(s) == n


@pytest.mark.parametrize("text,start,end", [
    ("今年以来,", "2022-01-01", "2022-02-07"),
    ("今年来,", "2022-01-01", "2022-02-07"),
    ("今年1至10月份,", "2022-01-01", "2022-10-31"),     # the stated year wins
    ("1至10月份,", "2021-01-01", "2021-10-31"),         # a February report: last year's statistic
    ("去年底,", "2021-12-01", "2021-12-31"),
    ("2022年前三季度,", "2022-01-01", "2022-09-30"),
    ("今冬,", "2021-12-01", "2022-02-28"),             # in February: the winter under way
    ("下月中旬,", "2022-03-11", "2022-03-20"),
    ("国庆前夕,", "2022-09-30", "2022-09-30"),
    ("2021年至2023年,", "2021-01-01", "2023-12-31"),
    ("一至三月,", "2022-01-01", "2022-03-31"),
])
def test_values(text, start, end):
    items = dates.extract(_ctx(text))
    assert [(i["start"], i["end"]) for i in items] == [(start, end)]


def test_mentions_cover_the_year_character():
    """Quantities skip spans that are dates: `2022年` must include its 年."""
    text = "2022年,全区完成投资300亿元。"
    (item,) = dates.extract(_ctx(text))
    assert text[item["mention"][0]:item["mention"][1]] == "2022年"


def test_dates_are_not_deduplicated():
    items = dates.extract(_ctx("今年要抓项目,今年要稳增长。"))
    assert [i["text"] for i in items] == ["今年", "今年"]


# ---------------------------------------------------------------- robustness and speed

@pytest.mark.parametrize("text", ["", "\n\n", "2022年13月45日", "99999999年", "〇〇〇〇年", "2月30日",
                                  "二〇五〇年春节期间", "1899年", "31日上午", "2022-02-30"])
@pytest.mark.parametrize("published", [None, date(2022, 2, 7), date(2023, 12, 31)])
def test_never_raises(text, published):
    for item in dates.extract(_ctx(text, published)):
        assert item["start"] is not None or item["end"] is not None


@pytest.mark.parametrize("unit", ["十大", "、", "“", "1", "年", "2022年", "今年", "截至", "1月", "月底"])
def test_pathological_input_stays_linear(unit):
    assert_linear(dates.extract, lambda n: _ctx(unit * n), 50_000, label=repr(unit))


_REPORT = (
    "今年以来,全区坚持项目为王,聚焦主导产业精准招商,新签约过亿元项目46个,总投资达到380亿元。"
    "区委书记在讲话中指出,要保持战略定力,坚定不移走好高质量发展之路,加快构建现代产业体系,"
    "推动经济社会发展质量变革、效率变革、动力变革。各级干部要扑下身子抓落实,以钉钉子精神推动各项任务落地见效。\n"
    "会议要求,各部门要对标对表年度目标任务,确保一季度实现开门红,全年地区生产总值增长7%左右。"
    "要坚持问题导向,建立重点项目清单、责任清单和时限清单,实行周调度、月通报、季考核工作机制,"
    "对进展缓慢的项目挂牌督办,确保项目早开工、早投产、早见效,为全区高质量发展提供有力支撑。\n"
)


def test_article_text_speed():
    """The budget: 500 000 characters of report text in under 0.4 s (here with a CI margin)."""
    ctx = _ctx((_REPORT * (500_000 // len(_REPORT) + 1))[:500_000])
    runs = []
    for _ in range(3):                   # best of three: CI machines are noisy
        t = time.perf_counter()
        items = dates.extract(ctx)
        runs.append(time.perf_counter() - t)
    assert len(items) > 2000
    assert min(runs) < 1.0


def test_a_rule_that_does_not_compile_is_named():
    """Rules are compiled once, as one alternation; a broken one is still reported by name."""
    import pytest

    from pipeline.extractors.dates_grammar import Rule, _compile_rules

    good = Rule(name="year", pattern=r"(?P<y>\d{4})年")
    bad = Rule(name="broken_rule", pattern=r"(?P<m>\d{1,2}月")
    assert _compile_rules([good], {})[0].search("2024年")
    with pytest.raises(ValueError, match="broken_rule"):
        _compile_rules([good, bad], {})
