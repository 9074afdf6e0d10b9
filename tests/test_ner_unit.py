"""The NER plumbing without any NER library (issue 12): spans, sentences, options, imports."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.shared.ner import LOCATION, ORGANIZATION, PERSON, NerSpan, NerSpans, sentences, spans_from_tagged
from pipeline.stages import nlp

ROOT = Path(__file__).resolve().parent.parent


def test_span_lookups():
    ner = NerSpans([NerSpan(0, 3, LOCATION), NerSpan(4, 7, PERSON), NerSpan(10, 16, ORGANIZATION),
                    NerSpan(4, 7, PERSON)])
    assert len(ner) == 3
    assert [s.end for s in ner.starting_at(4, PERSON)] == [7] and ner.starting_at(4, LOCATION) == []
    assert [s.start for s in ner.ending_at(7, PERSON)] == [4]
    assert ner.covering(11, 13, ORGANIZATION) and not ner.covering(9, 13, ORGANIZATION)
    assert ner.crossing(2, 5, LOCATION) and not ner.crossing(0, 2, LOCATION) and not ner.crossing(0, 5, LOCATION)


def test_sentences_cut_at_ends_and_length_and_skip_whitespace():
    text = "第一句话。第二 句话！\n" + "长" * 40 + "," + "句" * 40
    units = list(sentences(text, [(0, 11), (12, len(text))], max_chars=60))
    assert ["".join(c) for c, _ in units] == ["第一句话。", "第二句话！", "长" * 40 + ",", "句" * 40]
    chars, offsets = units[1]
    assert all(text[o] == c for c, o in zip(chars, offsets)) and offsets[2] == 8


def test_tagged_tuples_map_to_text_offsets_and_labels():
    offsets = [0, 1, 3, 4, 5]            # a space at 2 was left out
    got = spans_from_tagged(offsets, [("王 福山", "NR", 1, 4), ("x", "DATE", 0, 1), ("bad", "LOC", 3, 9)])
    assert got == [NerSpan(1, 5, PERSON)]


def test_options_build_the_ner_component_first_and_override_settings():
    with nlp.options(ner="fixed", settings={"components.govextract_ner.spans": [["PER", "王福山"]],
                                            "components.govextract_places.ner_org_block": False}):
        cfg = nlp.build_config()
        assert cfg["nlp"]["pipeline"][0] == "govextract_ner"
        assert cfg["components"]["govextract_places"]["ner_org_block"] is False
        version = nlp.config_hash()
    assert nlp.build_config()["nlp"]["pipeline"][0] != "govextract_ner"
    assert version != nlp.config_hash()
    with pytest.raises(ValueError):
        nlp.set_options(ner="hanlp")           # a model is required
    with pytest.raises(ValueError):
        nlp.set_options(ner="stanza:x")


def test_default_pipeline_imports_neither_hanlp_nor_torch():
    code = ("import sys; from pipeline.stages.process import extract_text;"
            "r = extract_text('市长李长春表示,要抓好落实。');"
            "assert r.officials, r; print('torch' in sys.modules, 'hanlp' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
