"""The article texts behind the records, read back through the same ingest code the run used.

Offsets in a record index the *original* text as `pipeline.stages.ingest` produced it (the visible text
of an HTML page, the text field of a JSONL line), so the review page must read the input the same
way or its highlights drift. A source that cannot be read — missing, unreadable, changed since it
was extracted (its bytes no longer hash to the record's `doc_id`), or stdin — is reported with a
reason instead of stopping the page.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.stages.ingest import TEXT_FIELDS, InputDoc, docs_from_bytes


@dataclass
class Text:
    text: str | None
    problem: str | None = None


def split_source(source: str) -> tuple[str, bool]:
    """`dump.jsonl#ID` → (`dump.jsonl`, True): the file to read and whether it is a JSONL dump."""
    cut = source.lower().find(".jsonl#")
    if cut >= 0:
        return source[:cut + len(".jsonl")], True
    return source, source.lower().endswith(".jsonl")


class Texts:
    """Looks up the original text of a record by (source, doc_id); each input file is read once."""

    def __init__(self, base: Path | None = None, text_fields=TEXT_FIELDS):
        self.base = base
        self.text_fields = tuple(text_fields)
        self._files: dict[str, dict[str, list] | str] = {}

    def _path(self, label: str) -> Path:
        path = Path(label)
        return path if path.is_absolute() or self.base is None else self.base / path

    def _read(self, label: str) -> dict[str, list] | str:
        """Every document of one input file by its source label, or why the file cannot be read."""
        if label not in self._files:
            if label == "-":
                self._files[label] = "read from standard input: it cannot be read back"
            else:
                try:
                    data = self._path(label).read_bytes()
                except OSError as exc:
                    self._files[label] = f"cannot read {label}: {exc.strerror or exc}"
                else:
                    docs: dict[str, list] = {}
                    for doc in docs_from_bytes(label, data, self.text_fields):
                        docs.setdefault(doc.source, []).append(doc)
                    self._files[label] = docs
        return self._files[label]

    def get(self, source: str, doc_id: str | None) -> Text:
        label, _ = split_source(source)
        docs = self._read(label)
        if isinstance(docs, str):
            return Text(None, docs)
        found = docs.get(source, [])
        for doc in found:
            if isinstance(doc, InputDoc) and (doc_id is None or doc.doc_id == doc_id):
                return Text(doc.text)
        if not found:
            return Text(None, f"{source} is not in {label} any more")
        if any(isinstance(d, InputDoc) for d in found):
            return Text(None, f"{source} changed since it was extracted (its content no longer hashes to the "
                              f"record's doc_id), so the offsets would not fit")
        return Text(None, f"{source} cannot be read: {found[0].reason}")
