"""Property: every mention's original span, normalised again, gives the mention's text."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.stages.normalise import normalise
from pipeline.stages.process import extract_text
from schemas import CATEGORIES, DocumentRecord

# Fragments of the genre in both scripts, with the corruptions the normaliser repairs.
FRAGMENTS = [
    "莱西市委副书记、市长张三丰表示,", "區委書記李明輝講話,", "轉(zhuǎn)", "創(chuàng)新", "經(jīng)濟",
    "２０２２年", "2月7日上午,", "今年1至10月份", "截至11月底,", "重點項目共計９６個,",
    "计划总投资412.5亿元,", "增长10%以上。", "“十大创新”", "三新、四化、五区", "1266总体思路",
    "胶州市", "青島西海岸新區", "沙特", "\n", "\r\n", "\x00", "\u200b", "　", "(记者 王小明)",
    "坚(jiān)定不移", "全区885名干部", "一是聚焦项目,二是聚焦产业,三是聚焦运行。", "责任编辑:赵六",
]


def _mentions(record: DocumentRecord):
    for cat in CATEGORIES:
        for item in getattr(record, cat):
            yield from (item.mentions if hasattr(item, "mentions") else [item.mention])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), min_size=1, max_size=30))
def test_every_mention_maps_back_to_the_original(parts):
    original = "".join(parts)
    record = extract_text(original)
    assert isinstance(record, DocumentRecord), record
    for m in _mentions(record):
        assert 0 <= m.start <= m.end <= len(original)
        assert normalise(original[m.start:m.end]).text == m.text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=25), st.data())
def test_any_normalised_span_maps_back(parts, data):
    original = "".join(parts)
    norm = normalise(original)
    n = len(norm.text)
    ns = data.draw(st.integers(0, n))
    ne = data.draw(st.integers(ns, n))
    start, end = norm.orig_span(ns, ne)
    assert normalise(original[start:end]).text == norm.text[ns:ne]
