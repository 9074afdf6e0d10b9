"""Every stage stays linear on pathological repetitions (no regex backtracking blow-ups)."""
from __future__ import annotations

import pytest

from pipeline.stages.process import extract_text
from schemas import DocumentRecord
from tests.linear import assert_linear

PATTERNS = ["十大", "、", "“", "1", "一二三", "区委书记", "王", "(zhuǎn)轉", "2022年", "亿元", "一是",
            "1266", "(", "。\n", "三新、四化、", "等区领导", "多名"]
N = 20_000


def _extract(text: str) -> None:
    assert isinstance(extract_text(text), DocumentRecord)


@pytest.mark.parametrize("unit", PATTERNS)
def test_doubling_input_at_most_triples_time(unit):
    assert_linear(_extract, lambda n: unit * (n // len(unit)), N, runs=5, label=repr(unit))


@pytest.mark.parametrize("unit", ["十大", "、", "“", "1"])
def test_hundred_thousand_repetitions_stay_linear(unit):
    """The issue's pathological inputs at full size: 100 000 repetitions, then 200 000
    (the long ones cross the piece size of pipeline/stages/pieces.py, which must keep them linear)."""
    assert_linear(_extract, lambda n: unit * n, 100_000, runs=2, label=repr(unit))
