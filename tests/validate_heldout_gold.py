"""Sanity checks for a held-out folder's gold.jsonl: `python tests/validate_heldout_gold.py tests/heldout3`."""
import json, re, sys, datetime, pathlib
import opencc

HERE = pathlib.Path(sys.argv[1]).resolve()
EX = pathlib.Path(__file__).resolve().parent / "gold" / "examples.jsonl"
t2s = opencc.OpenCC("t2s")

ref = json.loads(EX.read_text(encoding="utf-8").splitlines()[0])
KEYS = list(ref)
SUB = {c: list(ref[c][0]) for c in ("officials", "places", "dates", "quantities", "slogans")}
POSK = list(ref["officials"][0]["positions"][0])
errors = []
def err(*a): errors.append(" ".join(map(str, a)))

def iso(x):
    if x is None: return None
    return datetime.date.fromisoformat(x)

lines = (HERE / "gold.jsonl").read_text(encoding="utf-8").splitlines()
docs = [json.loads(l) for l in lines]
if [d["source"] for d in docs] != sorted(d["source"] for d in docs): err("not sorted")
txts = sorted(p.name for p in HERE.glob("*.txt"))
if txts != [d["source"] for d in docs]: err("sources != txt files", txts)

for d in docs:
    src = d["source"]
    raw = (HERE / src).read_text(encoding="utf-8")
    text = t2s.convert(raw)
    body = text.split("相关新闻")[0]
    # header timestamp lines (page date, not date mentions) are not counted as body
    body = "\n".join(l for l in body.split("\n") if not re.fullmatch(r"\s*(发布时间：)?\d{4}(-\d\d-\d\d \d\d:\d\d.*|年\d{1,2}月\d{1,2}日( 星期.)?( \d\d:\d\d)?)\s*", l))
    if list(d) != KEYS: err(src, "doc keys", list(d))
    if d["published_basis"] not in ("explicit", "dateline", "inferred", "unknown"): err(src, "basis")
    iso(d["published"])
    if d["title"] is not None and not text.startswith(d["title"]): err(src, "title not first line")
    names = [o["name"] for o in d["officials"]]
    if len(set(names)) != len(names): err(src, "dup official")
    for o in d["officials"]:
        if list(o) != SUB["officials"]: err(src, "official keys", o)
        if o["role"] not in ("official", "media", "business", "other"): err(src, "role", o)
        if o["name"] not in text: err(src, "official name missing", o["name"])
        if not o["positions"]: err(src, "no positions", o["name"])
        for p in o["positions"]:
            if list(p) != POSK: err(src, "pos keys", p)
            if not isinstance(p["title"], str) or not (p["org"] is None or isinstance(p["org"], str)): err(src, "pos types", p)
    seen = set()
    for p in d["places"]:
        if list(p) != SUB["places"]: err(src, "place keys", p)
        for n in [p["name"]] + p["aliases"]:
            if n not in body: err(src, "place missing", n)
        if p["level"] not in ("country", "province", "city", "county", "town", "village", "zone", "region", "foreign"): err(src, "level", p)
        if p["adcode"] is not None and not re.fullmatch(r"\d{6}", p["adcode"]): err(src, "adcode", p)
        key = p["adcode"] or p["canonical"]
        if key in seen: err(src, "dup place", key)
        seen.add(key)
    for x in d["dates"]:
        if list(x) != SUB["dates"]: err(src, "date keys", x)
        if x["text"] not in body: err(src, "date text missing", x["text"])
        s, e = iso(x["start"]), iso(x["end"])
        if s and e and s > e: err(src, "start>end", x)
    # occurrence counts of date/quantity texts (longest match first, masked)
    for cat in ("dates", "quantities"):
        want = {}
        for x in d[cat]: want[x["text"]] = want.get(x["text"], 0) + 1
        masked = body
        for t in sorted(want, key=len, reverse=True):
            n = masked.count(t)
            if n != want[t]: err(src, cat, "count", t, "text", n, "gold", want[t])
            masked = masked.replace(t, "\0" * len(t))
    for x in d["quantities"]:
        if list(x) != SUB["quantities"]: err(src, "quantity keys", x)
        if x["text"] not in body: err(src, "quantity text missing", x["text"])
        if not isinstance(x["value"], float): err(src, "value type", x)
        if x["comparator"] not in ("eq", "ge", "le", "gt", "approx"): err(src, "comparator", x)
        if x["kind"] not in ("count", "money", "percent", "area", "volume", "duration", "other"): err(src, "kind", x)
        if not isinstance(x["is_target"], bool): err(src, "is_target", x)
        if x["unit"] not in x["text"]: err(src, "unit not in text", x)
    for x in d["slogans"]:
        if list(x) != SUB["slogans"]: err(src, "slogan keys", x)
        if x["text"].replace("、", "") not in body.replace("“", "").replace("”", "").replace("、", ""): err(src, "slogan missing", x["text"])
        if x["items_complete"] != (x["number"] is not None and len(x["items"]) == x["number"]): err(src, "items_complete", x["text"])
        for it in x["items"]:
            if it not in body: err(src, "item missing", it)
    print(f"{src}: officials={len(d['officials'])} places={len(d['places'])} dates={len(d['dates'])} "
          f"quantities={len(d['quantities'])} slogans={len(d['slogans'])} published={d['published']} ({d['published_basis']})")

for e in errors: print("ERROR", e)
print("OK" if not errors else f"{len(errors)} errors")
sys.exit(1 if errors else 0)
