"""Build the word segmenter model shipped in models/segmenter-ud-gsdsimp/ (spacy-pkuseg, offline).

    python scripts/build_segmenter.py [--ud ../shared/data/ud-zh-gsdsimp] [--out models/segmenter-ud-gsdsimp]

Trains spacy_pkuseg's CRF on the 1 000 gold-segmented sentences of UD Chinese GSDSimp (dev + test
parts, CC BY-SA 4.0; the model is a derived work under the same licence, attribution in the
model folder). pkuseg uses its bundled 390 000-word lexicon as features, so a small corpus already
gives word boundaries good enough to tell 重大|理论 from 大理. Deterministic input order; ~35 s.
A better model (pkuseg's `news` model, from a connected machine) can replace it: point
GOVEXTRACT_SEGMENTER_MODEL at its folder.
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def conllu_sentences(path: Path) -> list[str]:
    """Space-separated words of each sentence (multi-word tokens and empty nodes skipped)."""
    out = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        words = [cols[1] for cols in (line.split("\t") for line in block.splitlines() if line and not line.startswith("#"))
                 if cols[0].isdigit()]
        if words:
            out.append(" ".join(words))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ud", type=Path, default=ROOT.parent / "shared" / "data" / "ud-zh-gsdsimp")
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "segmenter-ud-gsdsimp")
    ap.add_argument("--iterations", type=int, default=5)
    args = ap.parse_args()
    import spacy_pkuseg

    dev = conllu_sentences(args.ud / "zh_gsdsimp-ud-dev.conllu")
    test = conllu_sentences(args.ud / "zh_gsdsimp-ud-test.conllu")
    with tempfile.TemporaryDirectory() as tmp:
        train, held = Path(tmp) / "train.txt", Path(tmp) / "test.txt"
        train.write_text("\n".join(dev + test) + "\n", encoding="utf-8")
        held.write_text("\n".join(test) + "\n", encoding="utf-8")
        spacy_pkuseg.train(str(train), str(held), str(Path(tmp) / "model"), train_iter=args.iterations)
        args.out.mkdir(parents=True, exist_ok=True)
        for f in ("features.msgpack", "weights.npz"):
            shutil.copy(Path(tmp) / "model" / f, args.out / f)
    shutil.copy(args.ud / "LICENSE.txt", args.out / "LICENSE.txt")
    (args.out / "SOURCE.md").write_text(
        "# Segmenter model (spacy-pkuseg CRF)\n\n"
        "Built by `python scripts/build_segmenter.py` from Universal Dependencies Chinese GSDSimp\n"
        "(dev + test parts, 1 000 sentences; github.com/UniversalDependencies/UD_Chinese-GSDSimp,\n"
        "commit eb3aed31ebb170897405ee5cd1db83a1a0b11864), licensed CC BY-SA 4.0 (LICENSE.txt).\n"
        "This model is a derived work and is distributed under the same licence, with this attribution.\n"
        f"Training: spacy_pkuseg.train, train_iter={args.iterations}, bundled lexicon features.\n",
        encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
