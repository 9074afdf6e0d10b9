"""Unit tests of the slogans extractor: rules data lint, helpers, linear time, odd input."""
from __future__ import annotations

import time

import pytest

from tests.linear import assert_linear

from pipeline.extractors import slogans
from pipeline.shared.base import ArticleContext
from pipeline.extractors.slogans_items import split_items
from pipeline.extractors.slogans_lex import leading_number, lex, numeral_value
from pipeline.stages.normalise import normalise
from pipeline.shared.rules import load_toml


def run(text: str) -> list[dict]:
    return slogans.extract(ArticleContext(norm=normalise(text)))


# ---------------------------------------------------------------- rules/slogans.toml lint

def test_rules_are_well_formed():
    cfg = load_toml("slogans.toml")
    lx = lex()
    assert all(len(m) == 1 for m in cfg["lexicon"]["measures"])
    assert set(cfg["lexicon"]["measure_free"]) <= set(cfg["lexicon"]["measures"])
    for key in ("terms", "quoted_terms", "plan_terms"):
        for term in cfg["lexicon"][key]:
            assert lx.is_num(term[0]), f"{key}: {term} has no leading numeral"
    assert not (lx.terms & lx.idioms), "a term cannot also be an idiom"
    assert set(cfg["lexicon"]["generic_heads"]) <= set(cfg["lexicon"]["heads"]) | {"方面", "工作"}
    for tpl in cfg["text"]["ordinal_markers"]:
        assert "{n}" in tpl


# ---------------------------------------------------------------- helpers

@pytest.mark.parametrize("text,value", [("一", 1), ("两", 2), ("双", 2), ("十", 10), ("十二", 12), ("二十", 20),
                                        ("三十六", 36), ("百", 100), ("十九大", None), ("", None)])
def test_numeral_value(text, value):
    assert numeral_value(text) == value


@pytest.mark.parametrize("text,value", [("十大创新", 10), ("六稳六保", 6), ("一核三区", 1), ("十四五", 14),
                                        ("1266总体思路", None), ("两个确立", 2)])
def test_leading_number(text, value):
    assert leading_number(text) == value


@pytest.mark.parametrize("text,expected", [
    ("三农", (3, "农", "农", ())),
    ("十四五", (None, None, None, ())),
    ("三重一大", (3, None, None, ("三重", "一大"))),
    ("两个确立", (2, "确立", None, ())),
])
def test_describe(text, expected):
    assert slogans.describe(text) == expected


@pytest.mark.parametrize("segment,n,items", [
    ("全面推进实施产业兴旺、生态宜居、文明润村", 3, ["产业兴旺", "生态宜居", "文明润村"]),
    ("着力培育引进跨境物流服务、工业设计服务和绿色低碳金融", 3, ["跨境物流服务", "工业设计服务", "绿色低碳金融"]),
    ("保持“稳”的定力、追求“好”的成效", 2, ["稳", "好"]),
    ("围绕“烟台新门户、滨海新家园”的目标", 2, ["烟台新门户", "滨海新家园"]),
    ("没有列表", 2, None),
])
def test_split_items(segment, n, items):
    assert split_items(segment, n, lex()) == items


# ---------------------------------------------------------------- robustness and linear time

@pytest.mark.parametrize("text", ["", "\n\n", "“", "”“", "十", "一是", "、", "9" * 50, "“" + "三" * 40 + "”",
                                  "第一" * 10, "十大" * 10, "“六稳”" * 10, "1+" * 30])
def test_odd_input_never_raises(text):
    for item in run(text):       # whatever is found is a well-formed slogan of the text
        assert item["text"] and all(0 <= s < e <= len(text) for s, e in item["mentions"])


@pytest.mark.parametrize("unit", ["十大", "、", "“", "1", "十大创新", "“三农”", "双招双引", "一是", "三大产业、",
                                  "要优化营商环境,提升产业发展竞争力。\n", "“十大创新”中,“加强数字变革创新”"])
def test_pathological_repetition_stays_linear(unit):
    """Doubling the input must not much more than double the time (quadratic would quadruple)."""
    reps = 50_000 if len(unit) <= 4 else 10_000
    assert_linear(run, lambda n: "会议指出," + unit * n, reps, label=repr(unit))


def test_merged_quotes_are_bounded():
    out = run("做好" + "“六稳”“六保”" * 50 + "工作。")
    assert {o["text"] for o in out} == {"六稳六保"}
    assert len(out[0]["mentions"]) == 50


# ---------------------------------------------------------------- rules validation and the classifier

def test_rules_file_is_validated_and_forbids_unknown_keys():
    from pydantic import ValidationError
    from pipeline.extractors.slogans_lex import SloganRules
    cfg = load_toml("slogans.toml")
    SloganRules.model_validate(cfg)
    bad = {**cfg, "reject": {**cfg["reject"], "idiomz": ["一心一意"]}}
    with pytest.raises(ValidationError):
        SloganRules.model_validate(bad)
    missing = {**cfg, "text": {k: v for k, v in cfg["text"].items() if k != "stop_chars"}}
    with pytest.raises(ValidationError):
        SloganRules.model_validate(missing)


@pytest.mark.parametrize("text,number,head,quoted,ok", [
    ("十大创新", 10, "创新", False, True),
    ("两大沙漠", 2, "沙漠", False, False),        # a count of real things
    ("六大数据中心", 6, "数据中心", False, False),  # the real ending beats the head 中心
    ("三大主粮基本", 3, "主粮基本", False, False),  # a real thing followed by more words
    ("千行百业", 1000, None, False, False),       # an idiom
    ("三年行动", 3, "行动", False, False),         # a duration
    ("三峡工程", 3, "工程", False, False),         # a name opened by a numeral
    ("两国战略", 2, "战略", False, False),         # two countries, not a slogan
    ("三大港口", 3, "港口", True, True),           # quoted: the author names it as a term
])
def test_is_slogan(text, number, head, quoted, ok):
    cand = slogans.Cand(text, (0, len(text)), number, head, 3, quoted=quoted)
    assert slogans.is_slogan(cand, lex(), lambda span: False) is ok
