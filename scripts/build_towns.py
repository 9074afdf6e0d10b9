"""Build rules/places_streets.tsv, the town/township/street names (乡级 divisions) per county.

    python scripts/build_towns.py [--src ../shared/data/divisions] [--out rules/places_streets.tsv]

Input: streets.csv of github.com/modood/Administrative-divisions-of-China (commit 57a0aa9c, 2024-11-28;
the National Bureau of Statistics' 统计用区划代码, 2023 edition), licence WTFPL. Output: one line per
county, `<6-digit county code>\t<name>|<name>|...` (names as written, with their suffix, sorted), under
a header that names the source and the licence. Deterministic; about 0.3 MB.
"""
from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = """# Town-level divisions (镇, 乡, 街道, 苏木, 地区…) per county: `<county code>\\t<name>|<name>…`.
# Derived by scripts/build_towns.py from streets.csv of github.com/modood/Administrative-divisions-of-China
# (commit 57a0aa9cef47169a2eb74cf057b0245052a34e8c, 2024-11-28), built from the National Bureau of
# Statistics' 统计用区划代码 (2023 edition). Licence: WTFPL (Do What The F*ck You Want To Public License,
# version 2, Sam Hocevar): everyone may copy, modify and distribute it. Do not edit by hand.
"""


def build(src: Path) -> dict[str, list[str]]:
    per_county: dict[str, set[str]] = defaultdict(set)
    with open(src / "streets.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            name = row["name"].strip()
            if name:
                per_county[row["areaCode"].strip()].add(name)
    return {code: sorted(names) for code, names in sorted(per_county.items())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=ROOT.parent / "shared" / "data" / "divisions")
    ap.add_argument("--out", type=Path, default=ROOT / "rules" / "places_streets.tsv")
    args = ap.parse_args()
    table = build(args.src)
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(HEADER)
        for code, names in table.items():
            fh.write(f"{code}\t{'|'.join(names)}\n")
    print(f"{sum(map(len, table.values()))} names in {len(table)} counties → {args.out}")


if __name__ == "__main__":
    main()
