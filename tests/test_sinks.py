"""The JSONL line format: compact JSON, model field order, equal to orjson's rendering."""
from __future__ import annotations

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.stages.process import extract_text
from pipeline.shared.sinks import dumps
from schemas import DocumentRecord, ErrorRecord
from tests.batch_corpus import article


def test_record_lines_equal_orjson_of_the_dumped_model():
    for i in range(20):
        record = extract_text(article(i))
        assert isinstance(record, DocumentRecord)
        assert dumps(record) == orjson.dumps(record.model_dump(mode="json")) + b"\n"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.floats(allow_nan=True, allow_infinity=True))
def test_odd_strings_and_floats_render_like_orjson(reason, value):
    err = ErrorRecord(source=reason, doc_id=None, stage="extract", reason=reason)
    assert dumps(err) == orjson.dumps(err.model_dump(mode="json")) + b"\n"
    record = extract_text("区委书记赵明远主持会议。全区新增企业120家。")
    data = record.model_dump(mode="json")
    data["quantities"][0]["value"] = value
    data["quantities"][0]["text"] = reason
    model = DocumentRecord.model_validate(data)
    assert dumps(model) == orjson.dumps(model.model_dump(mode="json")) + b"\n"
