"""Count the systematic quantity errors of the real-text audit (REAL_TEXT_AUDIT.md section 3).

    python benchmarks/audit_quantities.py RECORDS.jsonl

Reads the records and, for context, each record's `source` file (mention offsets index the original
text). Prints one count per pattern. Patterns are general shapes, not examples:

extracted but not data
  session_ordinal      a count of 次/届 right before a meeting word, with 届 shortly before it
                       (`…届…二次全会`: the number of a session)
  set_phrase_numeral   a Chinese-numeral count right before a set-phrase head (`八项规定`, `四个意识`)
  sports_event         a length in 米 right before an event word (`10米台`, `50米步枪`)
  hours_as_count       a count of 个 right before `多小时`/`小时`/`多月` (`3个多小时` read as 3 个)
  digits_as_rank       a count of 位 right before 数 (`两位数增长`)
  basis_points_count   a count of 个 right before 基点
  denominator          an amount right after 每 (`每100个`)
  rank                 an amount right after 第 or a rank 前N位/名/强 (`第2位`, `前10名`)
  grade_word           an amount whose unit is followed by 级 (`万吨级`)
  split_compound_unit  a count of 台/艘 right before 套/(套)/次 (`台套`, `艘次` cut in two)
missed
  missed_unit:<u>      a numeral + unit <u> in the body text that no quantity mention covers
                       (units 例 列 枚 部 ℃ 摄氏度 毫米 份 班 桶 款 小时, and a bare 万/亿 before a noun)
  missed_unit_word:<u> the same, without numerals inside a word of their context (零部件, 一部分,
                       统一部署) or reduplications (一份份, 一份又一份) — the pattern as first
                       defined counts those, which are no missed counts
is_target
  target_weather       is_target true in a sentence about the weather (`预计未来10天…降雨`)
  target_achieved_cue  is_target true with an achieved cue (已, 已经, 完成了, 累计) right before it in the clause
subjects
  subject_null         subject null
  subject_junk_prefix  subject starting with a character that ends words (`份加快`, `些示范区`,
                       `业增加值`) where that character is inside a word of its context (jieba,
                       dictionary only: 3月|份加快, not 项目 or 年产值, which start with one as words)
  subject_junk_first_char  the first-character test alone (counts 项目, 年产值, 日均 … too: an
                       upper bound, kept to compare with the first audit)
"""
from __future__ import annotations

import collections
import json
import re
import sys
from pathlib import Path

MEETING = ("全会", "全体会议", "会议", "代表大会", "党代会", "常委会", "大会")
SET_HEADS = ("规定", "禁令", "意识", "自信", "维护", "确立", "务必", "全面", "结合", "坚持", "基本点", "毫不动摇")
EVENTS = ("台", "板", "跳", "气步枪", "步枪", "手枪", "自由泳", "蛙泳", "仰泳", "蝶泳", "混合泳", "接力", "栏", "决赛")
WEATHER = ("天气", "气温", "降雨", "降水", "降雪", "暴雨", "台风", "冷空气", "气象", "高温", "寒潮", "大风", "雨雪")
ACHIEVED = ("已", "已经", "完成了", "累计")
JUNK_START = set("份些业们性者度部处届项个年月日号级化")
CN = "零〇一二两三四五六七八九十百千"
NUM = rf"(?:\d+(?:\.\d+)?|[{CN}][{CN}万亿]*)"
MISSED_UNITS = ["例", "列", "枚", "部", "℃", "摄氏度", "毫米", "份", "班", "桶", "款", "小时"]
MISSED = re.compile(rf"(?<![\d.{CN}第每]){NUM}(?:多|余)?(?:万|亿)?(" + "|".join(MISSED_UNITS) + ")")
BARE_SCALE = re.compile(rf"(?<![\d.{CN}第每])\d+(?:\.\d+)?(?:多|余)?(万|亿)(?:多|余)?(?=[\u4e00-\u9fff]|[,，。;；])")
UNITISH = set("元个家名人户亩吨台项条辆件次千米平立公倍斤美欧港日套株头只所座张艘架")
SENT_END = re.compile(r"[。!?;！？；\n]")


def _read(source: str) -> str | None:
    try:
        return Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _inside_word(text: str, subject: str, at: int) -> bool:
    """Does the subject, found near its mention, begin inside a word of its context?"""
    from pipeline.shared.segmenter import span_cuts
    i = text.rfind(subject, max(0, at - 60), at + 40)
    if i < 0:
        return False          # a subject built from parts (distributed lists) is not in the text as such
    return not span_cuts(text, i, i + 1, name="jieba")[0]


def _numeral_in_word(text: str, m: re.Match) -> bool:
    """A Chinese numeral + unit that is part of a word (零部件, 一部分, 统一部署) or a reduplication
    (一份份, 一份又一份): no count was missed there. Refinement of the pattern made on 2026-12-07;
    both counts are printed (`missed_unit:` as first defined, `missed_unit_word:` refined)."""
    if m.group(0)[0].isdigit():
        return False
    unit_end = m.end(1)
    if text.startswith(m.group(1), unit_end) or text.startswith("又一", unit_end):
        return True
    from pipeline.shared.segmenter import span_cuts
    at_start, at_end, _ = span_cuts(text, m.start(), unit_end, name="jieba")
    return not (at_start and at_end)


def audit(records_path: str) -> collections.Counter:
    c: collections.Counter = collections.Counter()
    for line in open(records_path, encoding="utf-8"):
        rec = json.loads(line)
        qs = rec.get("quantities") or []
        text = _read(rec.get("source", ""))
        for q in qs:
            if q.get("subject") is None:
                c["subject_null"] += 1
            elif q["subject"][0] in JUNK_START:
                c["subject_junk_first_char"] += 1
                if text is not None and _inside_word(text, q["subject"], q["mention"]["start"]):
                    c["subject_junk_prefix"] += 1
            if text is None:
                continue
            s, e = q["mention"]["start"], q["mention"]["end"]
            if text[s:e] != q["mention"]["text"]:
                continue
            before, after = text[max(0, s - 12):s], text[e:e + 4]
            unit = q["unit"]
            if unit in ("次", "届") and after.startswith(MEETING) and "届" in before:
                c["session_ordinal"] += 1
            if q["kind"] == "count" and q["text"][:1] in CN and after.startswith(SET_HEADS):
                c["set_phrase_numeral"] += 1
            if unit.endswith("米") and after.startswith(EVENTS):
                c["sports_event"] += 1
            if unit == "个" and after.startswith(("多小时", "小时", "多月")):
                c["hours_as_count"] += 1
            if unit == "位" and after.startswith("数"):
                c["digits_as_rank"] += 1
            if unit == "个" and after.startswith("基点"):
                c["basis_points_count"] += 1
            if before.endswith("每"):
                c["denominator"] += 1
            if before.endswith("第") or (before.endswith("前") and unit in ("位", "名", "强")):
                c["rank"] += 1
            if after.startswith("级"):
                c["grade_word"] += 1
            if (unit.endswith("台") and after.startswith(("套", "(套)", "（套）"))) or (unit.endswith("艘") and after.startswith("次")):
                c["split_compound_unit"] += 1
            if q.get("is_target"):
                lo = max((m.end() for m in SENT_END.finditer(text, max(0, s - 200), s)), default=max(0, s - 200))
                hi = SENT_END.search(text, e)
                sentence = text[lo:hi.start() if hi else len(text)]
                if any(w in sentence for w in WEATHER):
                    c["target_weather"] += 1
                clause = re.split(r"[,，;；:：]", text[lo:s])[-1]
                if any(w in clause[-8:] for w in ACHIEVED):
                    c["target_achieved_cue"] += 1
        if text is None:
            continue
        covered = sorted((q["mention"]["start"], q["mention"]["end"]) for q in qs)
        starts = [a for a, _ in covered]
        import bisect
        def is_covered(pos: int) -> bool:
            i = bisect.bisect_right(starts, pos) - 1
            return i >= 0 and covered[i][1] > pos
        for m in MISSED.finditer(text):
            if not is_covered(m.start(1)):
                c["missed_unit:" + m.group(1)] += 1
                if not _numeral_in_word(text, m):
                    c["missed_unit_word:" + m.group(1)] += 1
        for m in BARE_SCALE.finditer(text):
            if text[m.end():m.end() + 1] in UNITISH:
                continue
            if not is_covered(m.start(1)):
                c["missed_unit:bare " + m.group(1)] += 1
    return c


ORDER = ["session_ordinal", "set_phrase_numeral", "sports_event", "hours_as_count", "digits_as_rank",
         "basis_points_count", "denominator", "rank", "grade_word", "split_compound_unit",
         *[f"missed_unit:{u}" for u in MISSED_UNITS], *[f"missed_unit_word:{u}" for u in MISSED_UNITS],
         "missed_unit:bare 万", "missed_unit:bare 亿",
         "target_weather", "target_achieved_cue", "subject_null", "subject_junk_prefix", "subject_junk_first_char"]


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    c = audit(argv[1])
    n = sum(len(json.loads(l).get("quantities") or []) for l in open(argv[1], encoding="utf-8"))
    print(f"{'quantities':24s} {n}")
    for k in ORDER:
        print(f"{k:24s} {c.get(k, 0)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
