"""Acceptance: the five seed articles (../shared/seeds) against our gold annotations.

The floors are the acceptance targets; what the pipeline measures is printed by
`govextract eval tests/gold/seeds.jsonl <run output>`. Without ../shared beside the clone these
tests skip with the reason printed; under CI (CI=true) a missing seeds folder fails.
"""
from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from pipeline.runner.batch import run_batch
from pipeline.cli import _validate_line
from pipeline.tools.evaluate import evaluate, format_report, load_jsonl
from tests.shared_data import SHARED, require_shared

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "seeds.jsonl"

# The acceptance targets of the core issue (names 0.95; name+title, places, dates, quantities
# 0.90; slogans 0.85), plus floors for the secondary keys.
F1_FLOORS = {
    "officials": 0.95, "officials_title": 0.90, "places": 0.90, "dates": 0.90,
    "quantities": 0.90, "quantities_subject": 0.85, "slogans": 0.85, "slogan_items": 0.80,
}


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    seeds = require_shared("seeds")
    out = tmp_path_factory.mktemp("seeds") / "records.jsonl"
    summary = run_batch([str(seeds)], out)
    return summary, out


def test_five_records_no_errors_all_valid(seed_run):
    summary, out = seed_run
    assert (summary.documents, summary.records, summary.errors) == (5, 5, 0), summary.error_reasons
    for raw in out.read_bytes().splitlines():
        _validate_line(raw)


def test_gold_file_is_well_formed():
    require_shared("seeds")
    keys = {"source", "published", "published_basis", "title", "officials", "places", "dates", "quantities", "slogans"}
    docs = load_jsonl(GOLD)
    assert [d["source"] for d in docs] == sorted(p.name for p in (SHARED / "seeds").glob("*.txt"))
    for d in docs:
        assert keys <= set(d)
        assert all(p["adcode"] is None or len(p["adcode"]) == 6 for p in d["places"])
        assert all(s["items_complete"] == (s["number"] is not None and len(s["items"]) == s["number"])
                   for s in d["slogans"])


def test_metadata_matches_gold(seed_run):
    _, out = seed_run
    preds = {Path(d["source"]).name: d for d in load_jsonl(out)}
    for gold in load_jsonl(GOLD):
        pred = preds[gold["source"]]
        assert (pred["published"], pred["published_basis"]) == (gold["published"], gold["published_basis"])
        assert pred["title"] == gold["title"]


def test_f1_floors(seed_run):
    _, out = seed_run
    scores, missing = evaluate(load_jsonl(GOLD), load_jsonl(out))
    report = format_report(scores, missing)
    print(report)
    assert not missing
    low = {k: round(scores[k].f1, 3) for k, floor in F1_FLOORS.items() if scores[k].f1 < floor}
    assert not low, f"F1 below floor: {low}\n{report}"
