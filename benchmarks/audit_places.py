"""Count the systematic place errors of REAL_TEXT_AUDIT.md §3 in a records file, pattern by pattern.

    python benchmarks/audit_places.py output/records.jsonl [--base DIR]

Each pattern is defined generally, on the records and the text around each mention (the inputs are
read back from the records' `source`, relative to --base), never by a list of known bad examples.
Pattern 1 asks jieba (dictionary, HMM off) whether a suffix-less division mention begins and ends at
word boundaries of its sentence window, skipping mentions that touch another place mention (山东德州)
and one-character abbreviations; this is the extractor's own default evidence without its structural
exceptions, so it measures what slips through rather than being independent of it. Counts are
mentions; lower is better on every line.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DIV_SUFFIXES = ("省", "市", "区", "县", "州", "旗", "盟")
TOWN_SUFFIXES = ("镇", "乡", "街道", "苏木")
FEATURE_NEXT = "湖江河洋山岛湾"                # the next character makes a natural feature (鄱阳湖)
FACILITY_NEXT = ("舰", "号", "航空", "石化", "造船", "卫星发射中心", "发射中心", "机场", "港")
TRANSLIT = set("尔罗里达斯克尼亚德梅兰士利维亨塔佛伊奥乌基顿弗莫格")   # transliteration characters
FUNCTION = set("的了是着跟和与在把被将离对从向")


def fragment(text: str, s: int, e: int, spans: set[int]) -> bool:
    """A mention that jieba cuts in half (重大|理论 for 大理), unless another place touches it."""
    from pipeline.shared.segmenter import is_word_span
    if e - s < 2 or s in spans or e in spans:
        return False
    return not is_word_span(text, s, e, name="jieba")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("records")
    ap.add_argument("--base", default=".")
    args = ap.parse_args()
    from pipeline.extractors.places_gazetteer import gazetteer, town_core, towns
    g = gazetteer()
    known_towns = towns()
    provinces = {d.name: d for d in g.divisions.values() if d.level == "province"}
    prov_short = {name[:2] for name in provinces} | {name[:3] for name in provinces if name.startswith("黑龙江")}
    counts: Counter = Counter()
    texts: dict[str, str] = {}
    for raw in open(args.records, "rb"):
        rec = orjson.loads(raw)
        if "places" not in rec:
            continue
        src = Path(rec["source"])
        path = src if src.is_absolute() else Path(args.base) / src
        try:
            text = texts.setdefault(str(path), path.read_text(encoding="utf-8"))
        except OSError:
            continue
        ends = Counter(m["end"] for p in rec["places"] for m in p["mentions"])
        starts = Counter(m["start"] for p in rec["places"] for m in p["mentions"])
        for p in rec["places"]:
            level, canon = p["level"], p.get("canonical") or ""
            for m in p["mentions"]:
                s, e, name = m["start"], m["end"], m["text"]
                nxt = text[e:e + 6]
                prev = text[max(0, s - 1):s]
                if level in ("province", "city", "county"):
                    suffixless = not name.endswith(DIV_SUFFIXES)
                    if suffixless and fragment(text, s, e, {x for x in ends if x == s} | {x for x in starts if x == e}):
                        counts["1 suffix-less division not a jieba word in its sentence (compound heads such as 遵义会议 included)"] += 1
                    if name.endswith("州") and prev in TRANSLIT:
                        counts["2 Chinese 州 division right after a transliteration character"] += 1
                    if suffixless and nxt[:1] and nxt[0] in FEATURE_NEXT:
                        counts["4a division right before a natural-feature character (湖江河洋山岛湾)"] += 1
                    if name in prov_short and level == "county":
                        counts["4b province short name resolved as a county"] += 1
                    if nxt.startswith(FACILITY_NEXT):
                        counts["5 division right before a facility/ship/company word"] += 1
                elif level in ("town", "village"):
                    core = name
                    for suf in TOWN_SUFFIXES + ("村", "社区"):
                        if core.endswith(suf):
                            core = core[:-len(suf)]
                            break
                    if any(ch in FUNCTION for ch in core):
                        counts["3a town/village whose name holds a function character"] += 1
                    if level == "town" and not known_towns.get(town_core(name)) and not name.endswith(TOWN_SUFFIXES):
                        counts["3b town written without suffix that the division data does not know"] += 1
                    elif level == "town" and not known_towns.get(town_core(name)):
                        counts["3c town that the division data does not know"] += 1
                    if level == "town" and known_towns.get(town_core(name)) and canon:
                        codes = known_towns[town_core(name)]
                        if not any(canon.startswith(g.divisions[c].canonical) for c in codes if c in g.divisions):
                            counts["3d town under a county that the division data does not give it"] += 1
                    if level == "town" and name in {d.name for d in g.divisions.values()} | set(g.table):
                        counts["3e town whose text is a division name (景德镇)"] += 1
                elif level in ("foreign", "country") and nxt[:1] and nxt[0] in "洋河湖":
                    counts["4c foreign place right before a water character (印度洋, 约旦河)"] += 1
    for key in sorted(set(counts) | {
        "1 suffix-less division not a jieba word in its sentence (compound heads such as 遵义会议 included)",
        "2 Chinese 州 division right after a transliteration character",
        "3a town/village whose name holds a function character",
        "3b town written without suffix that the division data does not know",
        "3c town that the division data does not know",
        "3d town under a county that the division data does not give it",
        "3e town whose text is a division name (景德镇)",
        "4a division right before a natural-feature character (湖江河洋山岛湾)",
        "4b province short name resolved as a county",
        "4c foreign place right before a water character (印度洋, 约旦河)",
        "5 division right before a facility/ship/company word"}):
        print(f"{counts[key]:6d}  {key}")


if __name__ == "__main__":
    main()
