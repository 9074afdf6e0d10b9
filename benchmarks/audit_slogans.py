"""Count the slogan error patterns of the real-text audit (REAL_TEXT_AUDIT.md section 3) in a
records.jsonl: one line per pattern, `count  pattern`.

    python benchmarks/audit_slogans.py output/records.jsonl

The patterns are defined generally (shapes and word classes), with word lists of their own kept
here on purpose: they are the yardstick, independent of rules/slogans.toml, so a rule change
cannot make its own measure look better. Counts are slogan entries (one per document and text),
items patterns count slogan entries with such items.
"""
from __future__ import annotations

import re
import sys

import orjson

NUM = "一二两双三四五六七八九十百千万"
QUOTES = "“”\"‘’「」『』"
# Polities and parties counted in a set phrase of diplomacy (两党两国, 两国战略, 两岸关系).
POLITY = "国党岸"
# Numerals of "very many": 千行百业, 千车万人 are rhetoric, not numbered slogans.
HYPERBOLIC = "百千万"
# Concrete nouns: a numbered phrase ending with one counts real things (两大沙漠, 三大港口).
CONCRETE = ("洲", "洋", "湖", "湖泊", "河", "江", "沙漠", "港口", "港", "建筑", "展览", "运营商", "城市群",
            "景区", "流域", "水系", "作物", "区域", "品类", "奖项", "案件", "展区", "数据中心", "枢纽", "股指",
            "主粮", "金", "银", "铜", "队", "企业", "公司", "机场", "大学")
# Verbs and adverbs that cannot be inside a slogan's head: text running past the slogan's end.
VERBISH = ("全线", "推举", "有望", "开展", "提出", "揭晓", "获得", "发展", "为基础", "新篇章", "全面", "推进",
           "基本", "发力", "实现", "达到", "成为", "正在", "已经", "上涨", "下跌", "举行", "召开")
# Names that begin with a numeral (places and sites the gazetteer may not hold; people).
NUMERAL_NAMES = ("三峡", "四川", "四平", "五常", "三亚", "三明", "六盘水", "三门峡", "九江", "七台河", "李四光")
# Fixed slogans whose items, when an article states them, carry the slogan's verb (两个维护 → 维护…).
FIXED_VERB = {"两个维护": "维护", "两个确立": "确立", "四个意识": "意识", "四个自信": "自信"}
UNCLEAN = re.compile("[了着将被让吗呢吧]|的$|等$|^(?:我们|他们|大家|习近平|总书记)")

PATTERNS = [
    ("diplomatic", "stock diplomatic phrase: a numbered part counts polities or parties (两党两国, 两国战略)"),
    ("idiom", "idiom or rhetoric of 百/千/万 taken as a slogan (千行百业, 千车万人)"),
    ("overrun", "text running past the slogan: a verb or adverb inside the head (三大股指全线)"),
    ("name", "a name that begins with a numeral: a place of the record or a known numeral name opens the text"),
    ("real_count", "count of real things: the head ends with a concrete noun (两大沙漠, 三大港口)"),
    ("duration", "an N年 phrase taken as a slogan (三年行动计划)"),
    ("quote", "a quote mark left in the text (三北”工程)"),
    ("items_unclean_complete", "items_complete true with a sentence piece among the items"),
    ("items_fixed_wrong", "items of a fixed slogan that do not carry its verb (两个维护 → items without 维护)"),
    ("items_count_mismatch", "items_complete true while the item count differs from the number"),
]


def classify(slogan: dict, places: list[str]) -> set[str]:
    t, out = slogan["text"], set()
    body = [c for c in t if c not in NUM]
    parts = re.findall(f"[{NUM}]+[^{NUM}]", t)
    if parts and all(p[-1] in POLITY for p in parts):
        out.add("diplomatic")
    if t[:1] in HYPERBOLIC and not t.endswith("工程") and len(t) == 4 and any(c in HYPERBOLIC for c in t[2:]):
        out.add("idiom")
    m = re.match(f"^[{NUM}]+[大个项场条]", t)
    if m and any(v in t[m.end() + 1:] for v in VERBISH):
        out.add("overrun")
    if any(t.startswith(n) for n in (*NUMERAL_NAMES, *(p for p in places if p and p[0] in NUM))):
        out.add("name")
    if m and t.endswith(CONCRETE) and body:
        out.add("real_count")
    if re.match(f"^[{NUM}]+年", t):
        out.add("duration")
    if any(q in t for q in QUOTES):
        out.add("quote")
    items = slogan.get("items") or []
    if slogan.get("items_complete") and any(len(x) > 14 or UNCLEAN.search(x) for x in items):
        out.add("items_unclean_complete")
    verb = FIXED_VERB.get(t)
    if verb and items and any(verb not in x for x in items):
        out.add("items_fixed_wrong")
    if slogan.get("items_complete") and slogan.get("number") and not slogan.get("head") is None \
            and len(items) != slogan["number"]:
        out.add("items_count_mismatch")
    return out


def main(path: str) -> dict[str, int]:
    counts = {k: 0 for k, _ in PATTERNS}
    with open(path, "rb") as f:
        for line in f:
            rec = orjson.loads(line)
            places = [n for p in rec.get("places", []) for n in (p.get("name"), p.get("canonical")) if n]
            for s in rec.get("slogans", []):
                for k in classify(s, places):
                    counts[k] += 1
    return counts


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python benchmarks/audit_slogans.py RECORDS.jsonl")
    result = main(sys.argv[1])
    for key, desc in PATTERNS:
        print(f"{result[key]:6d}  {key:24s} {desc}")
