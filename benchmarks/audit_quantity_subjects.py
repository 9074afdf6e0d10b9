"""Count the quantity-subject error patterns of the real-text audit (REAL_TEXT_AUDIT.md §3) in a run.

    python benchmarks/audit_quantity_subjects.py RECORDS.jsonl [--texts DIR] [--show PATTERN]

Reads the records and each record's source text (its `source` path, or DIR/<file name>), and
prints one count per pattern. The patterns are general, none names an article:

- null: a quantity other than a duration with no subject;
- bound_prefix: a subject that starts with a character that only ends words (`份中国制造业`,
  `些示范区`, `性补贴`: 性, 份, 些, 们, 者, 率, 级, 届, 号);
- fragment: a subject that is no noun phrase: one character, or ending with a particle or
  aspect word (了, 着, 的, 等, 就, 已, 已经), or starting with a comparison (比…, 较…), or
  only a time word/adverb (原, 现, 现在, 首次, 底…);
- distributive_unsplit: a subject holding 分别 (`A、B分别增长x%、y%` read as one subject);
- leak: a subject found only in an earlier clause of the sentence while the amount's own
  clause has a noun run of its own before the number (a grouped amount and a change word
  joined to the previous amount's subject, `投资…,同比增长9.7%` → `投资增长`, are meant).
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.shared.base import is_han  # noqa: E402
from pipeline.shared.rules import load_toml  # noqa: E402
from pipeline.stages.normalise import normalise  # noqa: E402

_PARTICLE_END = ("了", "着", "的", "等", "就", "已", "已经")
_TIME_ADVERBS = frozenset(["原", "现", "现在", "原来", "原有", "目前", "首次", "底", "初", "末", "已经", "基础上",
                           "相当", "当年", "同期", "此前", "其中"])
_BOUND_START = frozenset("性份些们者率级届号")
_CLAUSE = re.compile(r"[,;:。!?\n]")
_SENT = re.compile(r"[。!?;\n]")
PATTERNS = ("null", "bound_prefix", "fragment", "distributive_unsplit", "leak")


def classify(q: dict, text: str, change: tuple) -> list[str]:
    s = q.get("subject")
    if not s:
        return [] if q["kind"] == "duration" else ["null"]
    out = []
    if s[0] in _BOUND_START:
        out.append("bound_prefix")
    if len(s) == 1 or s.endswith(_PARTICLE_END) or s.startswith(("比", "较")) or s in _TIME_ADVERBS:
        out.append("fragment")
    if "分别" in s:
        out.append("distributive_unsplit")
    m = q.get("mention") or {}
    start = m.get("norm_start")
    if start is not None and q.get("group") is None and not s.endswith(change):
        sent = max((x.end() for x in _SENT.finditer(text, max(0, start - 200), start)), default=max(0, start - 200))
        clause = max((x.end() for x in _CLAUSE.finditer(text, sent, start)), default=sent)
        own = text[clause:start]
        key = s[:2]
        if key not in text[clause:start + 20] and key in text[sent:clause] and sum(map(is_han, own)) >= 2:
            out.append("leak")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("records")
    ap.add_argument("--texts")
    ap.add_argument("--show", help="print the items of one pattern")
    args = ap.parse_args()
    change = tuple(load_toml("quantities.toml")["subject"]["change_words"])
    counts: Counter = Counter()
    total = 0
    for line in open(args.records, "rb"):
        r = orjson.loads(line)
        src = Path(args.texts) / Path(r["source"]).name if args.texts else Path(r["source"])
        text = normalise(src.read_text(encoding="utf-8", errors="replace")).text
        for q in r.get("quantities", []):
            total += 1
            for p in classify(q, text, change):
                counts[p] += 1
                if p == args.show:
                    st = q["mention"]["norm_start"]
                    print(f"{q.get('subject')!s:<20} {text[max(0, st - 30):st + 12]!r}")
    print(f"quantities {total}")
    for p in PATTERNS:
        print(f"{p:<22}{counts[p]}")


if __name__ == "__main__":
    main()
