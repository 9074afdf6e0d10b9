"""The bundled examples: every format decodes, and the held-out gold (annotated without looking
at the pipeline's output) scores above regression floors set just under the measured F1."""
from __future__ import annotations

from pathlib import Path

from pipeline.runner.batch import run_batch
from pipeline.tools.evaluate import evaluate, format_report, load_jsonl

ROOT = Path(__file__).resolve().parents[1]

F1_FLOORS = {
    "officials": 0.97, "officials_title": 0.97, "places": 0.90, "dates": 0.95,
    "quantities": 0.95, "quantities_subject": 0.85, "slogans": 0.92, "slogan_items": 0.80,
}


def test_examples_run_clean_and_score(tmp_path):
    out = tmp_path / "records.jsonl"
    summary = run_batch([str(ROOT / "examples")], out)
    assert (summary.documents, summary.records, summary.errors) == (8, 8, 0), summary.error_reasons
    records = {r["source"].rsplit("/", 1)[-1]: r for r in load_jsonl(out)}
    assert records["zhejiang_district_traditional.txt"]["script"] == "traditional"
    assert records["shandong_gb18030.txt"]["published"] == "2022-11-26"
    scores, missing = evaluate(load_jsonl(ROOT / "tests" / "gold" / "examples.jsonl"), load_jsonl(out))
    report = format_report(scores, missing)
    assert not missing, report
    low = {k: round(scores[k].f1, 3) for k, floor in F1_FLOORS.items() if scores[k].f1 < floor}
    assert not low, f"F1 below floor: {low}\n{report}"


HELDOUT_FLOORS = {
    "officials": 0.93, "officials_title": 0.92, "places": 0.88, "dates": 0.95,
    "quantities": 0.95, "quantities_subject": 0.82, "slogans": 0.95, "slogan_items": 0.85,
}
HELDOUT3_FLOORS = {
    "officials": 0.95, "officials_title": 0.95, "places": 0.90, "dates": 0.92,
    "quantities": 0.95, "quantities_subject": 0.80, "slogans": 0.85, "slogan_items": 0.85,
}


def _assert_heldout_scores(tmp_path, folder: str, n_docs: int, floors: dict) -> None:
    out = tmp_path / "records.jsonl"
    summary = run_batch([str(p) for p in sorted((ROOT / "tests" / folder).glob("*.txt"))], out)
    assert (summary.records, summary.errors) == (n_docs, 0), summary.error_reasons
    scores, missing = evaluate(load_jsonl(ROOT / "tests" / folder / "gold.jsonl"), load_jsonl(out))
    report = format_report(scores, missing)
    assert not missing, report
    low = {k: round(scores[k].f1, 3) for k, floor in floors.items() if scores[k].f1 < floor}
    assert not low, f"F1 below floor: {low}\n{report}"


def test_second_heldout_set_scores(tmp_path):
    """tests/heldout: five articles and their gold, written without seeing the pipeline."""
    _assert_heldout_scores(tmp_path, "heldout", 5, HELDOUT_FLOORS)


def test_third_heldout_set_scores(tmp_path):
    """tests/heldout3: four articles annotated after all fixes; first-run scores minus a margin."""
    _assert_heldout_scores(tmp_path, "heldout3", 4, HELDOUT3_FLOORS)
