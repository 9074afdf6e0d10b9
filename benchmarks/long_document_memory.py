"""Peak memory (RSS) and time of one very long document, each case in a fresh process.

    python benchmarks/long_document_memory.py [--mb 10]

Measures the batch path (`process_to_line`, what `govextract run` does per document).
Cases: a short article (the process's floor: Python + spaCy + rules); a 10 MB single line of
base64-like noise with one article in the middle (what the bounded pieces cost); 10 MB of dense
article text (synthetic meeting reports from tests/batch_corpus.py glued into one document,
no page footers), where the record itself — hundreds of thousands of items — is most of the
memory.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import base64, random, resource, sys, time
from pathlib import Path
from pipeline.stages.ingest import InputDoc, sha256
from pipeline.stages.process import process_to_line
case, size = sys.argv[1], int(sys.argv[2])
article = "区委书记赵明远主持会议。今年以来,全区新增企业120家,总投资35亿元。"
if case == "short":
    text = article
elif case == "noise":
    blob = base64.b64encode(random.Random(1).randbytes(size * 3 // 4)).decode()
    text = blob[: size // 2] + article + blob[size // 2:]
else:
    sys.path.insert(0, ".")
    from tests.batch_corpus import article
    parts, n, i = [], 0, 0
    while n < size:
        parts.append(article(i))
        n += len(parts[-1])
        i += 1
    text = "".join(parts)[:size]
t = time.perf_counter()
record, line = process_to_line(InputDoc(source="big.txt", doc_id=sha256(text.encode()), text=text))
count = getattr(record, "count", lambda c: len(getattr(record, c, [])))
items = sum(count(c) for c in ("officials", "places", "dates", "quantities", "slogans"))
print(len(text), round(time.perf_counter() - t, 1), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
      len(line) // 2**20, items, type(record).__name__)
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0)
    args = ap.parse_args()
    size = int(args.mb * 1e6)
    print(f"{'case':<8} {'chars':>11} {'seconds':>8} {'peak RSS MB':>12} {'record MB':>10} {'items':>8}")
    for case in ("short", "noise", "dense"):
        out = subprocess.run([sys.executable, "-c", CHILD, case, str(size)], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout.split()
        chars, secs, rss, rec_mb, items, kind = out
        print(f"{case:<8} {int(chars):>11,} {secs:>8} {rss:>12} {rec_mb:>10} {items:>8} {kind}")


if __name__ == "__main__":
    main()
