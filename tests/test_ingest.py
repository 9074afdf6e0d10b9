"""Ingest: encodings, HTML, JSONL, and bad input becoming error records (never a crash)."""
from __future__ import annotations

import orjson
import pytest

from pipeline.stages.ingest import InputDoc, decode_bytes, html_to_text, iter_documents, sha256
from schemas import ErrorRecord

ARTICLE = "区委书记王小明主持会议。今年以来,全区新增企业120家。"


@pytest.mark.parametrize("data", [
    ARTICLE.encode("utf-8"),
    b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"),
    ARTICLE.encode("utf-16"),            # with BOM
    ARTICLE.encode("gb18030"),
    ARTICLE.encode("gbk"),
    ARTICLE.encode("utf-16-le"),          # no BOM
])
def test_decodes_common_encodings(data):
    assert decode_bytes(data) == ARTICLE


@pytest.mark.parametrize("name,data,needle", [
    ("empty.txt", b"", "empty document"),
    ("blank.txt", b"  \n\t \n", "empty document"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
    ("garbage.txt", bytes(range(256)) * 8, "not a text document"),
])
def test_bad_files_become_error_records(tmp_path, name, data, needle):
    (tmp_path / name).write_bytes(data)
    [item] = list(iter_documents([str(tmp_path / name)]))
    assert isinstance(item, ErrorRecord)
    assert needle in item.reason
    assert item.source.endswith(name)


def test_missing_file_is_an_error_record(tmp_path):
    [item] = list(iter_documents([str(tmp_path / "nope.txt")]))
    assert isinstance(item, ErrorRecord) and item.stage == "ingest" and "cannot read" in item.reason


def test_html_keeps_text_drops_script_and_nav():
    html = ("<html><head><title>站点</title><script>var x='王小明';</script></head><body>"
            "<nav><a href='/'>首页</a></nav><div class='article'><h1>标题一</h1><p>第一段。</p>"
            "<p>第二&amp;段</p></div></body></html>")
    assert html_to_text(html) == "标题一\n第一段。\n第二&段"


def test_jsonl_lines_with_ids_and_bad_lines(tmp_path):
    lines = [orjson.dumps({"id": "a1", "text": ARTICLE, "published": "2022-03-01"}), b"{not json",
             orjson.dumps({"id": "b2", "body": "x"}), orjson.dumps({"content": ARTICLE})]
    path = tmp_path / "dump.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = list(iter_documents([str(path)]))
    assert [type(i).__name__ for i in items] == ["InputDoc", "ErrorRecord", "ErrorRecord", "InputDoc"]
    first = items[0]
    assert isinstance(first, InputDoc) and first.source.endswith("dump.jsonl#a1")
    assert first.published == "2022-03-01" and first.doc_id == sha256(ARTICLE.encode())
    assert items[1].source.endswith("#2") and "not valid JSON" in items[1].reason
    assert "no string field" in items[2].reason and items[2].source.endswith("#b2")
    assert items[3].source.endswith("#4")


def test_folder_recursion_is_sorted_and_filtered(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "1.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "skip.bin").write_bytes(b"\x00\x01")
    (tmp_path / "b" / "loop").symlink_to(tmp_path)
    sources = [i.source for i in iter_documents([str(tmp_path)])]
    assert [s.rsplit("/", 1)[-1] for s in sources] == ["1.txt", "2.txt"]
