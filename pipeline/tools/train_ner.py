"""`govextract train-ner CORPUS -o MODEL_DIR`: a HanLP NER model from the rules' own silver labels.

The rule pipeline (no NER) runs over the user's corpus; its confident findings become
character-level BIO labels of the same sentences the NER component will tag
(`pipeline/shared/ner.py: sentences`):
- PERSON: every mention of an official the rules found (a name with a stated position);
- LOCATION: every mention of a division, country, foreign place, region, town or village;
- ORGANIZATION: a company or media name that begins with a place (`横滨轮胎有限公司`), the names
  the places filter recognises by their suffix.
Only high-confidence sentences are kept: a sentence is dropped when it holds a zone (a named
park is neither clearly a place nor an organisation), two labels that overlap, or a title from
the officials lexicon that no labelled name follows or precedes (a name the rules may have
missed would be taught as "no name"). Sentences without any entity are kept one in
`negative_every` so the tagger also learns what is not a name.

The tagger is HanLP's `RNNNamedEntityRecognizer` (a BiLSTM over characters) with randomly
initialised character embeddings: nothing is downloaded. Its directory loads with
`hanlp.load(MODEL_DIR)`, the path `--ner hanlp:MODEL_DIR` takes.
"""
from __future__ import annotations

import hashlib
import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.shared.ner import LOCATION, ORGANIZATION, PERSON, sentences

LOCATION_LEVELS = frozenset({"country", "province", "city", "county", "foreign", "region", "town", "village"})
INFO_FILE = "govextract_ner.json"


@dataclass
class Silver:
    sentences: list[tuple[list[str], list[str]]] = field(default_factory=list)
    documents: int = 0
    excluded: int = 0
    dropped: Counter = field(default_factory=Counter)
    entities: Counter = field(default_factory=Counter)


def excluded_names(paths: list[Path]) -> set[str]:
    """File names to leave out: one per line in a text file, or the `source` fields of a JSONL gold."""
    names: set[str] = set()
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line:
                continue
            if line.startswith("{"):
                src = json.loads(line).get("source")
                if src:
                    names.add(Path(src.split("#", 1)[0]).name)
            else:
                names.add(Path(line).name)
    return names


def _org_spans(text: str, ls: int, le: int) -> list[tuple[int, int]]:
    """Company and media names that begin with a place (`青岛啤酒股份有限公司`)."""
    from pipeline.extractors.places_filters import _cfg as place_filter_cfg, name_run
    from pipeline.extractors.places_gazetteer import find_keys

    cfg = place_filter_cfg()
    suffix = _org_suffix_re(tuple(cfg["company_suffixes"] + cfg["media_suffixes"]))
    out = []
    for s, e, _key, _entries in find_keys(text, ls, le):
        run = name_run(text, e, le)
        m = None
        for m in suffix.finditer(run):
            pass
        if m is not None:
            out.append((s, e + m.end()))
    return out


_SUFFIX_RE: dict = {}


def _org_suffix_re(suffixes: tuple[str, ...]):
    if suffixes not in _SUFFIX_RE:
        _SUFFIX_RE[suffixes] = re.compile("|".join(map(re.escape, sorted(suffixes, key=len, reverse=True))))
    return _SUFFIX_RE[suffixes]


def _labels(text: str, items: dict, ranges) -> tuple[dict[int, tuple[int, str]], list[tuple[int, int]]]:
    """start → (end, label) of the confident entities; spans that make a sentence unsure."""
    spans: list[tuple[int, int, str]] = []
    unsure: list[tuple[int, int]] = []
    for off in items.get("officials", []):
        for s, e in off["mentions"]:
            spans.append((s, e, PERSON))
    for place in items.get("places", []):
        for s, e in place["mentions"]:
            if place["level"] in LOCATION_LEVELS:
                spans.append((s, e, LOCATION))
            else:
                unsure.append((s, e))
    for ls, le in ranges:
        spans.extend((s, e, ORGANIZATION) for s, e in _org_spans(text, ls, le))
    out: dict[int, tuple[int, str]] = {}
    spans.sort(key=lambda x: (x[0], -x[1]))
    last_end = -1
    for s, e, lab in spans:
        if s < last_end:
            unsure.append((s, e))          # overlapping labels: the sentence is not sure
            continue
        out[s] = (e, lab)
        last_end = e
    return out, unsure


def _title_spans(text: str, ranges) -> list[tuple[int, int]]:
    from pipeline.extractors.officials_lexicon import lexicon
    lex = lexicon()
    out = []
    for ls, le in ranges:
        for last, title in lex.titles.iter(text[ls:le]):
            out.append((ls + last + 1 - len(title), ls + last + 1))
    return out


def silver_of(text: str, items: dict, ranges, keep_negative, out: Silver) -> None:
    """Append the confident sentences of one normalised document to `out`."""
    labels, unsure = _labels(text, items, ranges)
    person_starts = {s for s, (e, lab) in labels.items() if lab == PERSON}
    person_ends = {e for s, (e, lab) in labels.items() if lab == PERSON}
    bad = set()
    for s, e in unsure:
        bad.update(range(s, e))
    for s, e in _title_spans(text, ranges):
        if e not in person_starts and s not in person_ends:
            bad.add(s)          # a title with no labelled name next to it: a name may be missing
    for chars, offsets in sentences(text, ranges):
        first, last = offsets[0], offsets[-1] + 1
        if any(o in bad for o in offsets):
            out.dropped["unsure"] += 1
            continue
        tags = ["O"] * len(chars)
        index = {o: i for i, o in enumerate(offsets)}
        n = 0
        ok = True
        for s, (e, lab) in labels.items():
            if s < first or s >= last:
                continue
            if e > last or s not in index or (e - 1) not in index:
                ok = False
                break
            i, j = index[s], index[e - 1]
            tags[i] = "B-" + lab
            for k in range(i + 1, j + 1):
                tags[k] = "I-" + lab
            n += 1
            out.entities[lab] += 1
        if not ok:
            out.dropped["cut entity"] += 1
            continue
        if n == 0 and not keep_negative(chars):
            out.dropped["negative not sampled"] += 1
            continue
        out.sentences.append((chars, tags))


def build_silver(inputs: list[str], exclude: set[str], negative_every: int = 3) -> Silver:
    """Run the rule pipeline (never the NER component) over the corpus; collect silver sentences."""
    from pipeline.shared.base import ArticleContext  # noqa: F401  (import order: pipeline first)
    from pipeline.stages import nlp
    from pipeline.stages.ingest import InputDoc, iter_documents
    from pipeline.stages.metadata import extract_metadata
    from pipeline.stages.normalise import normalise
    from pipeline.stages.process import _extract_items

    def keep_negative(chars: list[str]) -> bool:
        h = hashlib.sha1("".join(chars).encode()).digest()[0]
        return negative_every > 0 and h % negative_every == 0

    out = Silver()
    with nlp.options(ner="none"):
        for doc in iter_documents(list(inputs)):
            if not isinstance(doc, InputDoc):
                continue
            if Path(doc.source.split("#", 1)[0]).name in exclude:
                out.excluded += 1
                continue
            norm = normalise(doc.text)
            meta = extract_metadata(norm, doc.published)
            items = _extract_items(norm, meta)
            ranges = [(ln.start, ln.end) for ln in norm.lines if ln.kind in ("title", "subtitle", "body")]
            silver_of(norm.text, items, ranges, keep_negative, out)
            out.documents += 1
    return out


def write_tsv(path: Path, sents) -> None:
    with path.open("w", encoding="utf-8") as f:
        for chars, tags in sents:
            for c, t in zip(chars, tags):
                f.write(f"{c}\t{t}\n")
            f.write("\n")


def train(inputs: list[str], out_dir: Path, exclude: set[str], epochs: int = 20, embed: int = 50,
          rnn_hidden: int = 64, lr: float = 0.01, dev_every: int = 10, seed: int = 1, negative_every: int = 3,
          max_sentences: int = 0, threads: int = 1, log=print) -> dict:
    """Silver labels → TSV → HanLP RNN NER training → a model directory with a report beside it.

    `crf=False`: HanLP 2.1.5's RNNTaggingModel passes its `crf_constraints` argument (None) into
    the CRF's `batch_first` slot, so a CRF tagger reads batches as time steps and predicts one
    tag per sentence; the softmax output layer has no such problem and loads with plain
    `hanlp.load`. One torch thread by default: several threads on a busy 2-core machine were
    50× slower (spinning OpenMP threads), and the rule pipeline uses the other core."""
    try:
        import torch
    except ImportError as exc:
        raise RuntimeError("HanLP is not installed: pip install 'govextract[hanlp]'") from exc
    if threads > 0:
        torch.set_num_threads(threads)
    t0 = time.time()
    silver = build_silver(inputs, exclude, negative_every)
    sents = silver.sentences[:max_sentences] if max_sentences else silver.sentences
    if len(sents) < 2:
        raise RuntimeError(f"only {len(sents)} confident sentences in the corpus: nothing to train on")
    dev = [s for i, s in enumerate(sents) if i % dev_every == dev_every - 1]
    trn = [s for i, s in enumerate(sents) if i % dev_every != dev_every - 1]
    silver_seconds = time.time() - t0
    log(f"silver: {silver.documents} documents ({silver.excluded} excluded), {len(sents)} sentences "
        f"({len(trn)} train / {len(dev)} dev), entities {dict(silver.entities)}, dropped {dict(silver.dropped)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    data_dir = out_dir / "silver"
    data_dir.mkdir(exist_ok=True)
    write_tsv(data_dir / "train.tsv", trn)
    write_tsv(data_dir / "dev.tsv", dev)
    t1 = time.time()
    fit_tsv(data_dir / "train.tsv", data_dir / "dev.tsv", out_dir, epochs=epochs, embed=embed,
            rnn_hidden=rnn_hidden, lr=lr, seed=seed)
    train_seconds = time.time() - t1
    log_text = (out_dir / "train.log").read_text(encoding="utf-8", errors="replace") if (out_dir / "train.log").is_file() else ""
    best = re.findall(r"Max score of dev is ([0-9.]+)% at epoch (\d+)", log_text)
    size = sum(f.stat().st_size for f in out_dir.iterdir() if f.is_file())
    info = {"trainer": "hanlp RNNNamedEntityRecognizer (BiLSTM + softmax, random character embeddings)",
            "corpus": [str(p) for p in inputs], "documents": silver.documents, "excluded_documents": silver.excluded,
            "sentences": {"train": len(trn), "dev": len(dev)}, "entities": dict(silver.entities),
            "dropped_sentences": dict(silver.dropped),
            "params": {"epochs": epochs, "embed": embed, "rnn_hidden": rnn_hidden, "lr": lr, "seed": seed,
                       "negative_every": negative_every},
            "silver_seconds": round(silver_seconds, 1), "train_seconds": round(train_seconds, 1),
            "dev_span_f1_vs_silver": float(best[-1][0]) / 100 if best else None,
            "best_epoch": int(best[-1][1]) if best else None, "model_bytes": size}
    (out_dir / INFO_FILE).write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return info


def fit_tsv(trn: Path, dev: Path, out_dir: Path, epochs: int = 20, embed: int = 50, rnn_hidden: int = 64,
            lr: float = 0.01, seed: int = 1, patience: int = 5) -> None:
    """HanLP's RNN NER on two BIO TSV files (character TAB tag, blank line between sentences)."""
    try:
        from hanlp.components.ner.rnn_ner import RNNNamedEntityRecognizer
    except ImportError as exc:
        raise RuntimeError("HanLP is not installed: pip install 'govextract[hanlp]'") from exc
    RNNNamedEntityRecognizer().fit(str(trn), str(dev), str(out_dir), epochs=epochs, embed=embed,
                                   rnn_hidden=rnn_hidden, lr=lr, crf=False, patience=patience,
                                   tagging_scheme="BIO", token_delimiter="", seed=seed, devices=-1,
                                   verbose=False)
