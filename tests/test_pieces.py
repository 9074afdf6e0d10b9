"""Long documents in pieces: offsets still index the original text; entities merge across cuts."""
from __future__ import annotations

import pytest

import pipeline.stages.pieces as pieces
from pipeline.stages.pieces import merge_warnings, split_pieces
from pipeline.stages.process import extract_text
from tests.batch_corpus import article


@pytest.mark.parametrize("text", ["甲" * 1000, "第一行。\n" * 300, "句子。" * 400, "x" * 999 + "\n"])
def test_pieces_cover_the_text_exactly_and_respect_the_limit(text):
    parts = list(split_pieces(text, 100))
    assert "".join(p for _, p in parts) == text
    assert all(len(p) <= 100 for _, p in parts)
    assert [off for off, _ in parts] == [sum(len(p) for _, p in parts[:i]) for i in range(len(parts))]


def test_cuts_prefer_line_ends_then_sentence_ends():
    assert [p for _, p in split_pieces("aaaa\nbbbb\ncccc\n", 12)] == ["aaaa\nbbbb\n", "cccc\n"]
    assert [p for _, p in split_pieces("甲乙丙。丁戊己。庚辛", 9)] == ["甲乙丙。丁戊己。", "庚辛"]


def test_a_long_document_in_pieces_keeps_offsets_and_merges_entities(monkeypatch):
    text = "\n".join(article(i % 3) for i in range(40))            # three articles repeated
    whole = extract_text(text)
    monkeypatch.setattr(pieces, "MAX_PIECE_CHARS", 900)
    cut = extract_text(text)
    assert any("pieces" in w for w in cut.warnings)
    # every mention still points at its characters in the original text
    for item in cut.officials + cut.places + cut.slogans:
        for m in item.mentions:
            assert text[m.start:m.end] == m.text
    for item in cut.dates + cut.quantities:
        assert text[item.mention.start:item.mention.end] == item.mention.text
    # the same officials, each one item with all its mentions, as when read in one go
    assert sorted(o.name for o in cut.officials) == sorted(o.name for o in whole.officials)
    assert len({o.name for o in cut.officials}) == len(cut.officials)
    assert sum(len(o.mentions) for o in cut.officials) == sum(len(o.mentions) for o in whole.officials)
    assert len(cut.quantities) == len(whole.quantities)
    # group ids are renumbered per piece: a group never joins quantities of two pieces
    members: dict[int, list[int]] = {}
    for q in cut.quantities:
        if q.group is not None:
            members.setdefault(q.group, []).append(q.mention.start)
    assert members and all(max(v) - min(v) < 900 for v in members.values())
    assert len(members) == len({q.group for q in whole.quantities if q.group is not None})


def test_warnings_of_pieces_add_up():
    assert merge_warnings([["pinyin glosses removed: 3", "x"], ["pinyin glosses removed: 4", "x"]]) == [
        "pinyin glosses removed: 7", "x"]


def test_batch_line_of_a_long_document_equals_the_full_record(monkeypatch):
    """The batch path keeps only JSON bytes of dates and quantities; the line is the same."""
    from pipeline.runner.workers import outcome_of
    from pipeline.stages.ingest import InputDoc, sha256
    from pipeline.stages.pieces import SpilledRecord
    from pipeline.stages.process import process, process_to_line
    from pipeline.shared.sinks import dumps

    text = "\n".join(article(i) for i in range(30))
    doc = InputDoc(source="long.txt", doc_id=sha256(text.encode()), text=text)
    monkeypatch.setattr(pieces, "MAX_PIECE_CHARS", 700)
    full = process(doc)
    result, line = process_to_line(doc)
    assert isinstance(result, SpilledRecord) and result.header.dates == [] and result.counts["dates"] > 0
    assert line == dumps(full)
    out = outcome_of(doc)
    assert out.line == line and out.items == {c: len(getattr(full, c)) for c in out.items}
