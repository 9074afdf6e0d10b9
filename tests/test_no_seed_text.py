"""The acceptance articles are read from ../shared/seeds, never copied: no tracked file (but the
gold annotations, which hold facts, and the examples, written independently) shares a run of
12 or more characters with a seed, compared after normalisation (Simplified, folded)."""
from __future__ import annotations

import subprocess
from pathlib import Path

from pipeline.stages.normalise import normalise
from tests.shared_data import SHARED, require_shared

ROOT = Path(__file__).resolve().parents[1]
SEEDS = SHARED / "seeds"
K = 12
EXEMPT = ("tests/gold/", "examples/")


def _seed_grams() -> set[str]:
    grams: set[str] = set()
    for path in sorted(SEEDS.glob("*.txt")):
        text = normalise(path.read_text(encoding="utf-8")).text
        grams.update(text[i:i + K] for i in range(len(text) - K + 1))
    return grams


def _overlaps(text: str, grams: set[str]) -> list[str]:
    hits, i = [], 0
    while i <= len(text) - K:
        if text[i:i + K] in grams:
            j = i + K
            while j < len(text) and text[j - K + 1:j + 1] in grams:
                j += 1
            hits.append(text[i:j])
            i = j
        else:
            i += 1
    return hits


def test_no_tracked_file_copies_seed_text():
    require_shared("seeds")
    grams = _seed_grams()
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    found = {}
    for name in files:
        if name.startswith(EXEMPT):
            continue
        try:
            text = (ROOT / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if hits := _overlaps(normalise(text).text, grams):
            found[name] = hits[:5]
    assert not found, f"seed text copied into: {found}"
