"""Count the systematic date errors of the real-text audit (REAL_TEXT_AUDIT.md section 3) in a run.

    python benchmarks/audit_dates.py records.jsonl

Reads the records and, through each record's `source`, the input text (mention offsets are offsets
in the original text). Prints one count per pattern; every pattern is defined by its form, not by
any article:

- subject_day_missed: a day number written without a month right after a word and before a word
  (`国防部20日称`, `李希24日主持`) that no date mention covers (a duration such as `30日内`,
  `连续7日`, `7日均` is not counted);
- bare_day_far_month: a date mention that is a bare day (`16日`, `16日下午`) resolved to a month
  that is neither the publication month nor the month before, with no month written earlier in
  its sentence (the month was taken from an unrelated earlier date);
- context_year_wrong: `上年` / `上一年` / `全年` in a sentence that states a year earlier, resolved
  to another year than that year (minus one for 上年);
- holiday_one_day: a holiday period (`春节假期`, `国庆期间`, `端午小长假` …) resolved to one day;
- decade_as_year: a decade (`1980年代`, `上世纪80年代`) not resolved to its ten years;
- url_date: a date mention inside a web address;
- section9_not_dates: a mention of `截至目前`, `目前`, `N年来`, `近年来`, `一年来` (not dates).
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import orjson

SENTENCE_END = re.compile(r"[。!?;！？；\n]")
SUBJECT_DAY = re.compile(
    r"(?<=[\u4e00-\u9fff])(?<![月号第每近前后数几这余多共达约])(?<!连续|历时|为期|持续|提前|长达|累计)"
    r"(\d{1,2})日(?=[\u4e00-\u9fff])(?!内|以内|之内|左右|之久|以上|以下|多|余|均|游|间|时间|后)")
BARE_DAY = re.compile(r"^\d{1,2}日")
MONTH_WRITTEN = re.compile(r"\d{1,2}月|[一二三四五六七八九十]{1,2}月|本月|上月|下月|上个月|下个月")
YEAR_WRITTEN = re.compile(r"(?<![\d.])((?:19|20)\d{2})年(?!代)")
CONTEXT_WORDS = {"上年": -1, "上一年": -1, "全年": 0}
HOLIDAY = re.compile(r"(春节|国庆|中秋|端午|清明|元旦|五一|劳动节)[节]?(假期|期间|长假|小长假|黄金周)")
DECADE = re.compile(r"(?:上世纪|上个世纪|20世纪|二十世纪)?(?:(?:19|20)\d0|[1-9]0|[五六七八九]十)年代")
URL = re.compile(r"(?:https?://|www\.)[!-~]+", re.IGNORECASE)
NOT_DATES = re.compile(r"^(?:截至目前|截止目前|目前|近年来|一年来|[\d一二三四五六七八九十两几多]+年来)$")


def sentence_start(text: str, pos: int) -> int:
    lo = max(0, pos - 200)
    last = lo
    for m in SENTENCE_END.finditer(text, lo, pos):
        last = m.end()
    return last


def audit(records: list[dict]) -> Counter:
    counts = Counter({k: 0 for k in ("subject_day_missed", "bare_day_far_month", "context_year_wrong",
                                     "holiday_one_day", "decade_as_year", "url_date", "section9_not_dates")})
    for rec in records:
        src = Path(str(rec.get("source", "")).split("#")[0])
        if "doc_id" not in rec or not src.is_file():
            continue
        text = src.read_text(encoding="utf-8", errors="replace")
        items = rec.get("dates", [])
        spans = [(it["mention"]["start"], it["mention"]["end"]) for it in items]
        covered = sorted(spans)
        pub = rec.get("published")
        pub_ym = (int(pub[:4]), int(pub[5:7])) if pub else None

        def is_covered(pos: int) -> bool:
            return any(a <= pos < b for a, b in covered)

        for m in SUBJECT_DAY.finditer(text):
            if not is_covered(m.start(1)) and not any(u.start() <= m.start() < u.end() for u in URL.finditer(text, max(0, m.start() - 200), m.end())):
                counts["subject_day_missed"] += 1
        for m in DECADE.finditer(text):
            ok = any(a <= m.start() and m.end() <= b and it.get("start") and it.get("end")
                     and it["start"].endswith("0-01-01") and it["end"].endswith("9-12-31")
                     for it, (a, b) in zip(items, spans))
            counts["decade_as_year"] += not ok
        urls = [(u.start(), u.end()) for u in URL.finditer(text)]
        for it in items:
            s, e = it["mention"]["start"], it["mention"]["end"]
            t = it["text"]
            if any(a <= s < b for a, b in urls):
                counts["url_date"] += 1
                continue
            if NOT_DATES.match(t):
                counts["section9_not_dates"] += 1
            head = text[sentence_start(text, s):s]
            if BARE_DAY.match(t) and it.get("start") and pub_ym and not MONTH_WRITTEN.search(head):
                ym = (int(it["start"][:4]), int(it["start"][5:7]))
                prev = (pub_ym[0] - (pub_ym[1] == 1), 12 if pub_ym[1] == 1 else pub_ym[1] - 1)
                if ym not in (pub_ym, prev):
                    counts["bare_day_far_month"] += 1
            if t in CONTEXT_WORDS and it.get("start"):
                years = YEAR_WRITTEN.findall(head)
                if years and int(it["start"][:4]) != int(years[-1]) + CONTEXT_WORDS[t]:
                    counts["context_year_wrong"] += 1
            if HOLIDAY.search(t) and it.get("start") and it["start"] == it.get("end"):
                counts["holiday_one_day"] += 1
    return counts


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    records = [orjson.loads(line) for line in Path(argv[1]).read_bytes().splitlines() if line.strip()]
    for name, n in audit(records).items():
        print(f"{name}\t{n}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
