"""The systematic error patterns of the real-text audit, counted before and after, in one table.

    python benchmarks/audit_real_text.py BEFORE/records.jsonl AFTER/records.jsonl

Runs the five category audits (benchmarks/audit_<category>.py: each defines its patterns
generally and prints one count per pattern) on two runs of the pipeline over the same corpus —
e.g. an earlier commit and this one over ../shared/corpus/xwlb — and prints a Markdown table of
the counts side by side with the change in per cent.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CATEGORIES = ("places", "officials", "dates", "quantities", "slogans")
_COUNT_FIRST = re.compile(r"^\s*(\d+)\s+(\S.*?)\s*$")
_COUNT_LAST = re.compile(r"^\s*([^\d\s].*?)\s*[:=]?\s+(\d+)\s*$")


def counts(category: str, records: Path) -> dict[str, int]:
    """Pattern → count, parsed from the audit script's lines (`count pattern` or `pattern count`)."""
    out = subprocess.run([sys.executable, str(HERE / f"audit_{category}.py"), str(records)],
                         capture_output=True, text=True, check=True).stdout
    found: dict[str, int] = {}
    for line in out.splitlines():
        if m := _COUNT_FIRST.match(line):
            found[m.group(2)] = int(m.group(1))
        elif m := _COUNT_LAST.match(line):
            found[m.group(1).rstrip(":")] = int(m.group(2))
    return found


def main(before: Path, after: Path) -> None:
    print("| category | pattern | before | after | change |\n| --- | --- | ---: | ---: | ---: |")
    for category in CATEGORIES:
        b, a = counts(category, before), counts(category, after)
        for pattern in dict.fromkeys([*b, *a]):
            x, y = b.get(pattern, 0), a.get(pattern, 0)
            change = f"{(y - x) / x:+.0%}" if x else "–"
            print(f"| {category} | {pattern} | {x} | {y} | {change} |")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
