"""Unit tests of the quantities extractor with hand-made items of the earlier extractors.

The spec cases (tests/cases/quantities) run the whole pipeline; here the places/dates/slogans
items are fixed by hand, so place, period and slogan-overlap logic is tested on its own.
"""
from __future__ import annotations

import pytest

from pipeline.extractors import quantities
from pipeline.shared.base import ArticleContext
from pipeline.extractors.quantities_parse import find_amounts, lexicon
from pipeline.stages.normalise import normalise


def run(text: str, **items) -> list[dict]:
    ctx = ArticleContext(norm=normalise(text))
    ctx.items.update(items)
    return quantities.extract(ctx)


def span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def place(text: str, name: str, nth: int = 0) -> dict:
    return {"name": name, "canonical": None, "adcode": None, "level": "county", "mentions": [span(text, name, nth)]}


def date(text: str, phrase: str) -> dict:
    return {"text": phrase, "start": None, "end": None, "granularity": "year", "modifier": None,
            "mention": span(text, phrase)}


def test_place_is_nearest_preceding_in_sentence():
    text = "胶州市召开会议。今年,即墨区共排定重点项目96个,计划总投资412.5亿元。"
    items = run(text, places=[place(text, "胶州市"), place(text, "即墨区")])
    assert [q["place"] for q in items] == ["即墨区", "即墨区"]


def test_place_does_not_cross_sentences():
    text = "即墨区召开会议。全区新增企业120家。"
    assert run(text, places=[place(text, "即墨区")])[0]["place"] is None


def test_period_from_dates_items():
    text = "力争2022年全县固定资产投资增长12%以上。"
    (q,) = run(text, dates=[date(text, "2022年")])
    assert (q["period"], q["subject"], q["is_target"]) == ("2022年", "固定资产投资增长", True)


def test_amount_inside_slogan_mention_is_skipped():
    text = "聚力实现六个提升,新建学校六所。"
    slogan = {"text": "六个提升", "number": 6, "head": "提升", "items": [], "items_complete": False,
              "mentions": [span(text, "六个提升")]}
    items = run(text, slogans=[slogan])
    assert [q["text"] for q in items] == ["六所"]


def test_amount_inside_date_mention_is_skipped():
    text = "未来3天,全区新增企业120家。"
    items = run(text, dates=[date(text, "未来3天")])
    assert [q["text"] for q in items] == ["120家"]


def test_duration_since_is_kept_inside_a_date_reading():
    """docs/annotation.md, decisions on real articles: `N年来` is a duration quantity (unit 年), not a date."""
    text = "近三年来,全区新增企业120家。"
    items = run(text, dates=[date(text, "近三年来")])
    assert [(q["text"], q["unit"], q["comparator"]) for q in items] == [("近三年", "年", "eq"), ("120家", "家", "eq")]


def test_group_ids_start_at_one_and_increase():
    text = "全市签约项目88个、计划总投资2310亿元。全市在谈项目130个、计划总投资3120亿元。"
    groups = [q["group"] for q in run(text)]
    assert groups == [1, 1, 2, 2]


@pytest.mark.parametrize("text,value,unit,comparator", [
    ("412.5亿元", 41250000000.0, "亿元", "eq"),
    ("1.2万元", 12000.0, "万元", "eq"),
    ("5万余人", 50000.0, "万人", "gt"),
    ("3亿多元", 300000000.0, "亿元", "gt"),
    ("一千二百万元", 12000000.0, "万元", "eq"),
    ("两千多名", 2000.0, "名", "gt"),
    ("百分之八十五点五", 85.5, "%", "eq"),
    ("10%以上", 10.0, "%", "ge"),
    ("30天内", 30.0, "天", "le"),
    ("10万元上下", 100000.0, "万元", "approx"),
    ("近2000亩", 2000.0, "亩", "approx"),
    ("不超过50万元", 500000.0, "万元", "le"),
])
def test_parse_values(text, value, unit, comparator):
    (a,) = find_amounts(text, lexicon())
    assert (a.value, a.unit, a.comparator, text[a.start:a.end]) == (pytest.approx(value), unit, comparator, text)


@pytest.mark.parametrize("text", ["上下游企业", "0531-86120457", "1至10月份", "十大创新", "二〇二二年", "万事有解"])
def test_parse_nothing(text):
    assert [text[a.start:a.end] for a in find_amounts(text, lexicon())
            if a.unit != "年"] == []


@pytest.mark.parametrize("text", ["", "\n\n", "9" * 400 + "亿元", "1" * 30 + ".5亿元", "亿元" * 50, "百分之" * 20])
def test_odd_input_never_raises(text):
    items = run(text)
    assert all(q["value"] == q["value"] and abs(q["value"]) < 1e18 for q in items)


def test_rules_file_is_validated_strictly():
    """rules/quantities.toml is checked by a Pydantic model with extra="forbid": a typo fails on load."""
    import copy

    import pydantic
    from pipeline.extractors.quantities_parse import _Tables
    from pipeline.shared.rules import load_toml

    cfg = load_toml("quantities.toml")
    _Tables.model_validate(cfg)
    bad = copy.deepcopy(cfg)
    bad["guards"]["session_heds"] = ["全会"]
    with pytest.raises(pydantic.ValidationError):
        _Tables.model_validate(bad)
    bad = copy.deepcopy(cfg)
    bad["units"]["weight"] = {"吨": 1}
    with pytest.raises(pydantic.ValidationError):
        _Tables.model_validate(bad)


def test_small_chinese_numerals_agree_with_cn2an():
    """The fast path for small numerals (no cn2an import on most documents) reads exactly what
    cn2an reads, for every 1–3 character combination of digits and 十."""
    import itertools
    from decimal import Decimal

    import cn2an

    from pipeline.extractors.quantities_parse import _small_cn_value

    checked = 0
    for n in (1, 2, 3):
        for chars in itertools.product("零〇○一二两三四五六七八九十", repeat=n):
            core = "".join(chars)
            quick = _small_cn_value(core)
            if quick is None:
                continue
            checked += 1
            assert Decimal(str(cn2an.cn2an(core, "smart"))) == quick, core
    assert checked > 100
