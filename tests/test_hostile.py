"""Hostile and broken input through the whole batch path: a clear error record or a correct record."""
from __future__ import annotations

import base64
import os
import random
from pathlib import Path

import orjson
import pytest

from pipeline.runner.batch import run_batch
from schemas import DocumentRecord, ErrorRecord

ARTICLE = "区委书记赵明远主持会议。今年以来,全区新增企业120家,总投资35亿元。"
OFFICIAL = "赵明远"


def _run_one(tmp_path: Path, name: str, data: bytes) -> tuple[list[dict], list[dict]]:
    src = tmp_path / "in"
    src.mkdir(exist_ok=True)
    (src / name).write_bytes(data)
    out = tmp_path / "out" / "records.jsonl"
    summary = run_batch([str(src)], out, workers=1)
    records = [orjson.loads(x) for x in out.read_bytes().splitlines()]
    errors = [orjson.loads(x) for x in out.with_name("errors.jsonl").read_bytes().splitlines()]
    assert summary.adds_up and summary.inputs == len(records) + len(errors)
    for r in records:
        DocumentRecord.model_validate(r)
    for e in errors:
        ErrorRecord.model_validate(e)
    return records, errors


def _names(record: dict) -> set[str]:
    return {o["name"] for o in record["officials"]}


ERROR_CASES = [
    ("empty.txt", b"", "ingest", "empty document"),
    ("blank.txt", " \n\t\r\n\u3000\n".encode("utf-8"), "ingest", "empty document"),
    ("garbage.txt", random.Random(7).randbytes(4096), "decode", "not a text document"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 16, "decode", "PNG image"),
    ("utf16-garbage.txt", b"\xff\xfe" + bytes(range(256)) * 3, None, None),   # decodes: accepted or error, never a crash
]


@pytest.mark.parametrize("name,data,stage,needle", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_unusable_inputs_become_clear_error_records(tmp_path, name, data, stage, needle):
    records, errors = _run_one(tmp_path, name, data)
    if stage is None:
        assert len(records) + len(errors) == 1
        return
    assert records == [] and len(errors) == 1
    assert errors[0]["stage"] == stage and needle in errors[0]["reason"]
    assert errors[0]["source"].endswith(name)


RECORD_CASES = [
    ("truncated-utf8.txt", ARTICLE.encode("utf-8")[:-2]),
    ("gbk-undeclared.txt", ARTICLE.encode("gbk")),
    ("utf16-bom.txt", ARTICLE.encode("utf-16")),
    ("utf16le-no-bom.txt", ARTICLE.encode("utf-16-le")),
    ("utf16be-bom.txt", b"\xfe\xff" + ARTICLE.encode("utf-16-be")),
    ("nul-bytes.txt", ARTICLE.replace("主持", "主\x00持").encode("utf-8") + b"\x00\x00"),
    ("controls.txt", ("\x01\x02" + ARTICLE.replace("。", "。\x1b\x07\x7f") + "\x0c").encode("utf-8")),
    ("script.html", (f"<html><body><script>var leader='区长钱多多';</script><p>{ARTICLE}</p>"
                     "<style>p{{}}</style></body></html>").encode("utf-8")),
    ("deep.html", ("<html><body>" + "<div>" * 50_000 + ARTICLE + "</div>" * 50_000 + "</body></html>").encode()),
    ("unclosed.html", ("<html><body>" + "<div><span><b>" * 20_000 + ARTICLE).encode()),
    ("file name with spaces 文件.txt", ARTICLE.encode("utf-8")),
]


@pytest.mark.parametrize("name,data", RECORD_CASES, ids=[c[0] for c in RECORD_CASES])
def test_damaged_but_readable_inputs_become_correct_records(tmp_path, name, data):
    records, errors = _run_one(tmp_path, name, data)
    assert errors == [] and len(records) == 1
    record = records[0]
    assert _names(record) == {OFFICIAL}                    # nothing from <script>, nothing garbled
    assert record["source"] == str(tmp_path / "in" / name)
    assert any(q["value"] == 35e8 and q["kind"] == "money" for q in record["quantities"])


def test_mentions_in_text_with_nul_bytes_point_at_the_original_characters(tmp_path):
    text = "\x00" + ARTICLE.replace("赵明远", "赵\x00明远")
    records, _ = _run_one(tmp_path, "nul.txt", text.encode("utf-8"))
    [official] = records[0]["officials"]
    m = official["mentions"][0]
    assert text[m["start"]:m["end"]].replace("\x00", "") == OFFICIAL


def test_traditional_text_with_pinyin_glosses(tmp_path):
    text = "區(qū)委書記趙明遠主持會(huì)議。今年以來,全區(qū)新增企業120家,總(zǒng)投資35億元。"
    records, errors = _run_one(tmp_path, "trad.txt", text.encode("utf-8"))
    record = records[0]
    assert errors == [] and _names(record) == {OFFICIAL}
    assert any(w.startswith("pinyin glosses removed") for w in record["warnings"])
    [m] = record["officials"][0]["mentions"]
    assert text[m["start"]:m["end"]] == "趙明遠"


def test_full_width_digits(tmp_path):
    text = "区委书记赵明远主持会议。全区新增企业１２０家,总投资３５．５亿元,同比增长８％。"
    records, _ = _run_one(tmp_path, "fullwidth.txt", text.encode("utf-8"))
    values = {(q["value"], q["unit"]) for q in records[0]["quantities"]}
    assert {(120, "家"), (35.5e8, "亿元"), (8, "%")} <= values


def test_jsonl_with_mixed_encodings_bad_lines_and_missing_fields(tmp_path):
    lines = [orjson.dumps({"id": "u8", "text": ARTICLE}),
             b'{"id": "gbk", "text": "' + ARTICLE.encode("gbk") + b'"}',
             b'{"id": "cut", "text": "abc',
             orjson.dumps({"id": "nofield", "body": ARTICLE}),
             b"[1, 2, 3]",
             orjson.dumps({"id": "html", "html": f"<p>{ARTICLE}</p>"})]
    records, errors = _run_one(tmp_path, "dump.jsonl", b"\n".join(lines) + b"\n")
    assert [r["source"].rsplit("#", 1)[1] for r in records] == ["u8", "gbk", "html"]
    assert all(_names(r) == {OFFICIAL} for r in records)
    reasons = {e["source"].rsplit("#", 1)[1]: e["reason"] for e in errors}
    assert set(reasons) == {"3", "nofield", "5"}
    assert "not valid JSON" in reasons["3"] and "no string field" in reasons["nofield"]
    assert "not a JSON object" in reasons["5"]


def test_ten_megabyte_single_line(tmp_path):
    blob = base64.b64encode(random.Random(3).randbytes(7_500_000)).decode()     # 10 000 000 chars
    line = blob[:5_000_000] + ARTICLE + blob[5_000_000:]
    records, errors = _run_one(tmp_path, "one-line.txt", line.encode("ascii", "ignore") + ARTICLE.encode())
    assert errors == [] and len(records) == 1
    assert any("pieces" in w for w in records[0]["warnings"])


def test_unreadable_file_is_an_error_record(tmp_path, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    (src / "locked.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    os.chmod(src / "locked.txt", 0)
    if os.geteuid() == 0:      # root reads anything: make the read fail as it would for a user
        real = Path.read_bytes

        def read_bytes(self):
            if self.name == "locked.txt":
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)
        monkeypatch.setattr(Path, "read_bytes", read_bytes)
    out = tmp_path / "out" / "records.jsonl"
    summary = run_batch([str(src)], out)
    [error] = [orjson.loads(x) for x in out.with_name("errors.jsonl").read_bytes().splitlines()]
    assert error["source"].endswith("locked.txt") and "Permission denied" in error["reason"]
    assert (summary.records, summary.errors) == (1, 1)


def test_symlink_loop_in_input_folder(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "sub" / "loop").symlink_to(src)
    (src / "self.txt").symlink_to(src / "self.txt")          # a file symlink pointing at itself
    out = tmp_path / "out" / "records.jsonl"
    summary = run_batch([str(src)], out)
    assert summary.records == 1 and summary.adds_up
    errors = [orjson.loads(x) for x in out.with_name("errors.jsonl").read_bytes().splitlines()]
    assert [e["source"].rsplit("/", 1)[1] for e in errors] == ["self.txt"]
