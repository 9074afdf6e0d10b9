"""Unit tests of the officials extractor's parts: name reading, lexicon data, mentions, speed."""
from __future__ import annotations

import time

import pytest

from tests.linear import assert_linear

from pipeline.extractors import officials
from pipeline.shared.base import ArticleContext
from pipeline.extractors.officials_lexicon import is_han, lexicon, titles_by_end
from pipeline.extractors.officials_names import byline_token, names_before, read_name_after
from pipeline.stages.normalise import normalise
from pipeline.shared.rules import load_lines, load_toml


def _ctx(text: str, **items) -> ArticleContext:
    ctx = ArticleContext(norm=normalise(text))
    ctx.items.update({"places": [], "dates": [], "slogans": [], **items})
    return ctx


@pytest.mark.parametrize("text,name", [
    ("局长王忠表示,", "王忠"),            # 表示 closes a 2-char name
    ("区长边祥为主持会议", "边祥为"),      # 为 is a word, but 主持 after 3 chars is stronger
    ("局长姜可新表示", "姜可新"),
    ("副主任陈文超的锻炼岗位", "陈文超"),
    ("书记李明说,", "李明"),              # a 3-char reading ending in 说 is rejected
    ("主任李有才说,", "李有才"),
    ("副部长金应龙驾驶", "金应龙"),
    ("常务副县长欧阳建峰就做好", "欧阳建峰"),
    ("法人张某表示", "张某"),
])
def test_read_name_after_title(text, name):
    lex = lexicon()
    ends = titles_by_end(text)
    end = max(e for e in ends if text[e:].startswith(name[0]))
    hit = read_name_after(text, end, lex)
    assert hit is not None and text[end:hit[0]] == name


@pytest.mark.parametrize("text", [
    "书记高度重视", "领导班子、", "书记项目、", "局长信箱", "领导曾先后多次", "负责人说起",
    "记者了解到", "记者从区发改局获悉", "书记马上就办", "主任高兴地说", "领导方式",
])
def test_no_name_after_title(text):
    lex = lexicon()
    ends = titles_by_end(text)
    assert all(read_name_after(text, e, lex) is None for e in ends)


def test_names_before_group_role():
    text = "马保岭、边祥为、王继民等区领导参加会议"
    lex = lexicon()
    start = text.index("等区领导")
    assert [text[s:e] for s, e in names_before(text, start, lex)] == ["马保岭", "边祥为", "王继民"]


def test_names_before_stops_at_title():
    text = "人大常委会主任陈勇、王五等领导"
    lex = lexicon()
    spans = names_before(text, text.index("等领导"), lex, title_ends=titles_by_end(text))
    assert [text[s:e] for s, e in spans] == ["陈勇", "王五"]


@pytest.mark.parametrize("token,ok", [("刘笑笑", True), ("锡复春", True), ("报道", False), ("本报", False),
                                      ("通讯员", False), ("欧阳晓峰", True), ("张三李四", False)])
def test_byline_token(token, ok):
    assert byline_token(token, lexicon()) is ok


def test_later_mentions_respect_name_boundaries():
    text = "标题\n莱阳市委书记周阳出席会议。周阳指出,要抓好生产。周阳光照耀着大地。"
    items = officials.extract(_ctx(text))
    assert [it["name"] for it in items] == ["周阳"]
    assert [text[s:e] for s, e in items[0]["mentions"]] == ["周阳", "周阳"]


def test_name_overlapping_place_is_rejected():
    text = "标题\n各区市委书记莱西集中调研。"
    s = text.index("莱西")
    place = {"name": "莱西", "canonical": "山东省青岛市莱西市", "adcode": "370285", "level": "county",
             "mentions": [(s, s + 2)]}
    assert officials.extract(_ctx(text, places=[place])) == []


def test_positions_in_article_order_and_deduped():
    text = "标题\n马保岭、边祥为等区领导出席。区委书记马保岭讲话。区委书记马保岭强调。"
    items = officials.extract(_ctx(text))
    first = next(it for it in items if it["name"] == "马保岭")
    assert [p["title"] for p in first["positions"]] == ["领导", "书记"]


def test_empty_and_odd_input():
    assert officials.extract(_ctx("")) == []
    assert officials.extract(_ctx("书记")) == []
    assert officials.extract(_ctx("、、、等区领导")) == []


# ---- the data files -------------------------------------------------------------------------

def test_surnames_are_han_and_unique():
    words = [w for line in load_lines("officials_surnames.txt") for w in line.split()]
    assert len(words) == len(set(words))
    assert all(1 <= len(w) <= 2 and all(is_han(c) for c in w) for w in words)
    assert len([w for w in words if len(w) == 1]) >= 300


def test_titles_lexicon_is_consistent():
    cfg = load_toml("officials_titles.toml")
    titles = {t for ts in cfg["titles"].values() for t in ts}
    assert set(cfg["gov_heads"]) <= titles
    assert set(cfg["orgs"]["party_titles"]) <= titles
    assert all(k.startswith("等") and k.endswith(("领导", "领导同志", "领导人")) for k in cfg["group_roles"])
    assert not {"党委书记", "工委书记", "党工委书记"} & titles     # the committee is the org (gold NOTES)
    assert set(cfg["post_name"]["loose"]) | set(cfg["post_name"]["strict"]) <= titles


# ---- speed and linearity --------------------------------------------------------------------

@pytest.mark.parametrize("unit", ["十大", "、", "“", "1", "区委书记", "王", "等区领导", "书记王五、",
                                  "记者 王五 ", "局长、", "兼", "张三、李四等区领导", "责任编辑:"])
def test_linear_on_repetitions(unit):
    assert_linear(officials.extract, lambda n: _ctx("标题\n" + unit * (n // len(unit))), 20_000, runs=5,
                  label=repr(unit))


def test_name_rules_file_is_validated():
    """rules/officials_names.toml is checked by a Pydantic model that forbids unknown keys."""
    import pydantic
    from pipeline.extractors.officials_lexicon import NameRules, name_rules
    from pipeline.shared.rules import load_toml

    assert name_rules().foreign.titles
    data = dict(load_toml("officials_names.toml"))
    data["accept"] = {**data["accept"], "typo_key": 1}
    with pytest.raises(pydantic.ValidationError):
        NameRules.model_validate(data)


def test_accept_name_needs_both_witnesses():
    """The lexicon alone (平和) does not cut 习近平; lexicon + segmenter cut 关切询 (询问)."""
    from pipeline.extractors.officials_lexicon import lexicon
    from pipeline.extractors.officials_names import WEAK, accept_name

    lex = lexicon()
    text = "总书记习近平和同志们握手"
    assert accept_name(text, 3, 6, lex, WEAK)
    text = "快递小哥,总书记关切询问他们的工作"
    assert not accept_name(text, 8, 11, lex, WEAK)
