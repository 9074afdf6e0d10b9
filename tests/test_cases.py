"""Runs every spec case in tests/cases/<category>/*.jsonl through the whole pipeline.

A case: {"id", "input", "context": {"published": "YYYY-MM-DD"}, "expected": [fragments],
"absent": [fragments], "exact": bool, "status": "known_failure", "reason": "..."}.
`expected` fragments must each match a distinct item of record[<category>]; `absent` fragments
must match none; `exact` demands exactly len(expected) items. For the `metadata` folder the
fragments are matched against the record's top-level fields instead.

NER evidence (issue 12): `"ner": [["PERSON", "王小明"], ...]` runs the case with the fixed NER
component (every occurrence of each surface is a span of that label; no torch needed), and
`"config": {"components.govextract_places.ner_org_block": false}` overrides config.cfg values.
"""
from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from pipeline.stages import nlp
from pipeline.stages.process import extract_text
from schemas import CATEGORIES, DocumentRecord
from tests.casematch import matches

CASES_DIR = Path(__file__).parent / "cases"
FOLDERS = (*CATEGORIES, "metadata")


def load_cases():
    out = []
    for folder in FOLDERS:
        for path in sorted((CASES_DIR / folder).glob("*.jsonl")):
            for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if not raw.strip():
                    continue
                case = orjson.loads(raw)
                marks = []
                if case.get("status") == "known_failure":
                    marks.append(pytest.mark.xfail(reason=case.get("reason", "known failure"), strict=True))
                out.append(pytest.param(folder, case, id=f"{folder}/{path.stem}:{lineno}:{case['id']}", marks=marks))
    return out


ALL_CASES = load_cases()


def test_every_category_has_positive_and_negative_cases():
    """Each category's rules are pinned from both sides: cases that must find an item, and cases
    that must not (an `absent` fragment, or `exact` with fewer items than a naive reading)."""
    for folder in CATEGORIES:
        cases = [p.values[1] for p in ALL_CASES if p.values[0] == folder]
        positives = [c for c in cases if c.get("expected")]
        negatives = [c for c in cases if c.get("absent") or (c.get("exact") and not c.get("expected"))]
        assert len(positives) >= 20 and len(negatives) >= 10, (folder, len(positives), len(negatives))
    ids = [p.id for p in ALL_CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("folder,case", ALL_CASES)
def test_case(folder, case):
    settings = dict(case.get("config", {}))
    if "ner" in case:
        settings["components.govextract_ner.spans"] = case["ner"]
    with nlp.options(ner="fixed" if "ner" in case else None, settings=settings):
        record = extract_text(case["input"], published=case.get("context", {}).get("published"))
    assert isinstance(record, DocumentRecord), record
    dumped = orjson.loads(record.model_dump_json())
    actual = [dumped] if folder == "metadata" else dumped[folder]
    for fragment in case.get("expected", []):
        assert any(matches(fragment, a) for a in actual) if folder == "metadata" else matches([fragment], actual), \
            f"missing {fragment}\n got: {orjson.dumps(actual, option=orjson.OPT_INDENT_2).decode()[:3000]}"
    if folder != "metadata" and case.get("expected"):
        assert matches(case["expected"], actual), "expected items must match distinct items"
    for fragment in case.get("absent", []):
        assert not any(matches(fragment, a) for a in actual), f"unexpected {fragment} in {actual}"
    if case.get("exact"):
        assert len(actual) == len(case.get("expected", [])), f"expected exactly {case['expected']}, got {actual}"
