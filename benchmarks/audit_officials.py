"""Count the officials error patterns of the real-text audit (REAL_TEXT_AUDIT.md §3) in a run.

    python benchmarks/audit_officials.py RECORDS.jsonl [--texts DIR]

Reads the records and, for the patterns that need it, each record's source text (its `source`
path, or DIR/<file name>). Prints one count per pattern; the patterns are general:

- foreign_title_no_official: a foreign/international post (rules/officials_names.toml [foreign])
  followed by a name-like run of characters where no official mention starts;
- name_cut_short: an official mention that a transliterated name continues past (the next
  character is a separator followed by a Han character, or both the name and the next
  character are transliteration characters);
- non_name: an official name that is not a name: it ends with a clause character (向, 和, 在…),
  or its last character makes a word of the segmenter's lexicon with the character after it
  while no verb or punctuation closes it, or it follows a title itself written after a name
  (`习近平总书记郑重`);
- org_junk: an org holding a clause: a clause verb (会见, 陪同, 发表, 举行, 今晚…), a title or another found name
  inside it, a leading preposition (在, 和, 同, 由, 从, 向, 与, 对), or a trailing 原/前.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.extractors.officials_lexicon import lexicon, titles_by_end, word_lexicon  # noqa: E402
from pipeline.extractors.officials_names import NONE, STRONG, right_strength  # noqa: E402
from pipeline.shared.base import is_han  # noqa: E402
from pipeline.stages.normalise import normalise  # noqa: E402

_LEADS = tuple("在和同由从向与对")
_CLAUSE_VERBS = ("会见", "会谈", "陪同", "欢迎", "看望", "发表", "落实", "举行", "播出", "支持", "出席", "主持",
                 "访问", "致电", "今天", "今晚", "当天", "会议上")
_FORMER = ("原", "前")


def _text(record: dict, texts: Path | None) -> str | None:
    src = Path(record.get("source") or "")
    for path in ([texts / src.name] if texts else []) + [src]:
        if path.is_file():
            return normalise(path.read_text(encoding="utf-8", errors="replace")).text
    return None


def audit(records: Path, texts: Path | None) -> Counter:
    lex = lexicon()
    words = word_lexicon()
    counts: Counter = Counter({k: 0 for k in ("foreign_title_no_official", "name_cut_short", "non_name", "org_junk")})
    for raw in records.read_bytes().splitlines():
        if not raw.strip():
            continue
        rec = orjson.loads(raw)
        officials = rec.get("officials") or []
        names = {o["name"] for o in officials}
        for o in officials:
            for p in o["positions"]:
                org = p.get("org") or ""
                if org and (org.startswith(_LEADS) or org.endswith(_FORMER)
                            or any(v in org for v in _CLAUSE_VERBS)
                            or any(t in org for t in ("总书记", "主席", "总理", "委员长") if not org.endswith(t))
                            or any(n in org for n in names)):
                    counts["org_junk"] += 1
        text = _text(rec, texts)
        if text is None:
            continue
        starts = {m["norm_start"] for o in officials for m in o["mentions"]}
        ends = titles_by_end(text)
        post = {m["norm_end"] for o in officials for m in o["mentions"]}   # a title after a name
        for end, (start, title) in ends.items():
            if title in lex.foreign_titles and end + 1 < len(text) and is_han(text[end]) and is_han(text[end + 1]) \
                    and text[end] in lex.translit | lex.surnames and end not in starts and end + 1 not in starts:
                counts["foreign_title_no_official"] += 1
        for o in officials:
            name = o["name"]
            m = o["mentions"][0]
            s, e = m["norm_start"], m["norm_end"]
            nxt = text[e:e + 1]
            if (nxt and nxt in lex.separators and is_han(text[e + 1:e + 2])) or \
                    (nxt and all(c in lex.translit for c in name + nxt) and right_strength(text, e, lex) == NONE):
                counts["name_cut_short"] += 1
            strength = right_strength(text, e, lex)
            title_before = ends.get(s)
            if name[-1] in lex.post_name_bad_end \
                    or (strength != STRONG and (text[e - 1:e + 1] in words or text[e - 1:e + 2] in words)) \
                    or (title_before is not None and title_before[0] in post):
                counts["non_name"] += 1
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("records", type=Path)
    ap.add_argument("--texts", type=Path, default=None, help="folder of the source texts (default: the source paths)")
    args = ap.parse_args()
    for key, n in audit(args.records, args.texts).items():
        print(f"{key}\t{n}")


if __name__ == "__main__":
    main()
