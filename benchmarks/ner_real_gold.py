"""Does the HanLP NER evidence help? Real-gold P/R/F1 with and without it, rule by rule (issue 12).

    python benchmarks/ner_real_gold.py MODEL_DIR [--gold tests/gold/real/batch1.jsonl ...]
                                       [--corpus ../shared/corpus/xwlb]

Runs the pipeline (in this process, one core) over the gold's `source` files with NER off, with
`--ner hanlp:MODEL_DIR` and all four evidence rules, and with each rule alone; prints the
scores of `govextract eval` (pipeline/tools/evaluate.py) for each and the items that changed.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.stages import nlp  # noqa: E402
from pipeline.stages.ingest import iter_documents  # noqa: E402
from pipeline.stages.process import process  # noqa: E402
from pipeline.tools.evaluate import evaluate, format_report, load_jsonl  # noqa: E402

RULES = {"ner_person_next_to_title": "govextract_officials", "ner_location_support": "govextract_places",
         "ner_location_veto": "govextract_places", "ner_org_block": "govextract_places"}


def settings_only(rule: str | None) -> dict:
    return {f"components.{comp}.{r}": (rule is None or r == rule) for r, comp in RULES.items()}


def run(files: list[str], ner: str, settings: dict) -> list[dict]:
    out = []
    with nlp.options(ner=ner, settings=settings):
        for doc in iter_documents(files):
            rec = process(doc)
            out.append(orjson.loads(rec.model_dump_json()))
    return out


def brief(recs: list[dict]) -> dict[str, set]:
    return {Path(r["source"]).name: {("official", o["name"]) for o in r.get("officials", [])}
            | {("place", p["name"], p.get("adcode")) for p in r.get("places", [])} for r in recs}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--gold", nargs="+", default=[str(ROOT / "tests/gold/real/batch1.jsonl"),
                                                  str(ROOT / "tests/gold/real/batch2.jsonl")])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared/corpus/xwlb"))
    args = ap.parse_args()
    gold = [g for path in args.gold for g in load_jsonl(path)]
    files = [str(Path(args.corpus) / Path(g["source"]).name) for g in gold]
    print(f"{len(gold)} gold documents from {', '.join(args.gold)}")
    base = run(files, "none", {})
    scores, missing = evaluate(gold, base)
    print("\n== without NER\n" + format_report(scores, missing))
    before = brief(base)
    for rule in (None, *RULES):
        recs = run(files, f"hanlp:{args.model}", settings_only(rule))
        scores, missing = evaluate(gold, recs)
        print(f"\n== --ner hanlp:{args.model}, " + ("all four rules" if rule is None else f"only {rule}"))
        print(format_report(scores, missing))
        for name, items in brief(recs).items():
            added, removed = sorted(items - before[name]), sorted(before[name] - items)
            if added or removed:
                print(f"   {name}: +{added} -{removed}")


if __name__ == "__main__":
    main()
