"""Fuzz the whole batch path: random bytes and random Chinese text, files and JSONL dumps.

Asserts what a nightly user relies on: no exception escapes, every output line validates
against the contract, and every input document is accounted for exactly once.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.runner.batch import run_batch
from schemas import DocumentRecord, ErrorRecord

EXAMPLES = 300   # stated in the closing note

GENRE = ("区市县委书记长副主任会议召开推进重点项目投资亿万元同比增长百分之个家年月日季度上半年"
         "十大三新四化五区六大攻坚战一二三四五六七八九零〇两0123456789.%、,。;:“”《》()()"
         "王李张刘陈杨赵省乡镇街道开发区高新技术产业园 \n\t")
chinese = st.text(alphabet=st.sampled_from(GENRE) | st.characters(min_codepoint=0x3400, max_codepoint=0x9FFF),
                  max_size=400)
any_text = st.text(max_size=300)
document = st.one_of(
    st.binary(max_size=600).map(lambda b: ("bin", b)),
    chinese.map(lambda t: ("txt", t.encode("utf-8"))),
    chinese.map(lambda t: ("txt", t.encode("gb18030"))),
    chinese.map(lambda t: ("txt", t.encode("utf-16"))),
    any_text.map(lambda t: ("txt", t.encode("utf-8", "surrogatepass"))),
    chinese.map(lambda t: ("html", f"<html><body><p>{t}</p><script>{t}</script></body></html>".encode())),
    st.lists(st.one_of(chinese.map(lambda t: orjson.dumps({"text": t})), st.binary(max_size=80)),
             min_size=1, max_size=4).map(lambda lines: ("jsonl", b"\n".join(lines))),
)


def _count_inputs(kind: str, data: bytes) -> int:
    if kind != "jsonl":
        return 1
    return sum(1 for line in data.split(b"\n") if line.strip())


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(document, min_size=1, max_size=4))
def test_random_inputs_never_escape_and_always_add_up(docs):
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        expected = 0
        for i, (kind, data) in enumerate(docs):
            (src / f"doc{i}.{kind if kind != 'bin' else 'txt'}").write_bytes(data)
            expected += _count_inputs(kind, data)
        out = Path(tmp) / "out" / "records.jsonl"
        summary = run_batch([str(src)], out)
        records = out.read_bytes().splitlines()
        errors = out.with_name("errors.jsonl").read_bytes().splitlines()
        assert summary.inputs == expected == len(records) + len(errors)
        assert summary.adds_up and (summary.records, summary.errors) == (len(records), len(errors))
        for line in records:
            DocumentRecord.model_validate(orjson.loads(line))
        for line in errors:
            ErrorRecord.model_validate(orjson.loads(line))
        run = orjson.loads(out.with_name("run.json").read_bytes())
        assert run["inputs"] == run["records"] + run["errors"] + run["skipped_unchanged"]
