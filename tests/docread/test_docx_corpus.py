"""The clean .docx corpus (tests/docparse/corpus_docx) read with docread and parsed with docparse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trienkhai.lib.docread import read_document

CORPUS = Path(__file__).resolve().parent.parent / "docparse" / "corpus_docx"
NAMES = sorted(p.stem for p in CORPUS.glob("*.docx"))


def test_corpus_has_the_three_documents() -> None:
    assert NAMES == ["committee_decision", "figures_report", "union_plan"]


@pytest.mark.parametrize("name", NAMES)
def test_docx_corpus_key_fields(name: str) -> None:
    from trienkhai.lib.docparse import parse_text

    expected = json.loads((CORPUS / f"{name}.expected.json").read_text(encoding="utf-8"))
    result = read_document(CORPUS / f"{name}.docx")
    assert result.kind == "docx"
    doc = parse_text(result.text)
    got = {
        key: doc.get(key) for key in ("number", "doc_type", "issuer", "parent_body", "date", "place", "title")
    }
    got["task_count"] = len(doc["tasks"])
    got["signer_name"] = (doc.get("signer") or {}).get("name")
    assert got == expected


def test_figures_table_rows_reach_the_parser_as_text() -> None:
    text = read_document(CORPUS / "figures_report.docx").text
    assert "Phát triển đoàn viên | 800 | 512 | 64,0%" in text.splitlines()
