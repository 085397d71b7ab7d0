"""The parser against the hand-written corpus: every rendering parses to its expected values."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from trienkhai.lib.docparse import SCHEMA, parse_text_strict

from .accuracy import CORPUS, FIELDS, comparable, corpus_files, normalise_expected

PAIRS = corpus_files()
HELDOUT = corpus_files(CORPUS / "heldout")
REQUIRED = {
    "schema",
    "parent_body",
    "issuer",
    "number",
    "number_raw",
    "doc_type",
    "doc_type_name",
    "place",
    "date",
    "title",
    "sections",
    "tasks",
    "assignments",
    "citations",
    "recipients",
    "signer",
    "warnings",
}


def test_corpus_holds_at_least_twelve_documents_each_in_two_renderings() -> None:
    per_doc = Counter(doc.name.split("-")[0] for doc, _ in PAIRS)
    assert len(per_doc) >= 12
    assert all(n >= 2 for n in per_doc.values()), per_doc


def test_corpus_covers_every_rendering_kind() -> None:
    kinds = {doc.name.split("-")[1].split(".")[0] for doc, _ in PAIRS}
    assert kinds >= {"pipe", "flat", "ocr", "wrap", "md"}


@pytest.mark.parametrize(
    ("doc_path", "expected_path"), PAIRS + HELDOUT, ids=[d.name for d, _ in PAIRS + HELDOUT]
)
def test_corpus_document_parses_to_its_expected_values(doc_path, expected_path) -> None:
    doc = parse_text_strict(doc_path.read_text(encoding="utf-8"))
    assert REQUIRED <= doc.keys()
    assert doc["schema"] == SCHEMA
    assert all(isinstance(w, str) and w for w in doc["warnings"])
    got = comparable(doc)
    expected = normalise_expected(json.loads(expected_path.read_text(encoding="utf-8")))
    mismatched = {f: (got[f], expected[f]) for f in FIELDS if got[f] != expected[f]}
    assert not mismatched, json.dumps(mismatched, ensure_ascii=False, indent=1)[:4000]


@pytest.mark.parametrize(("doc_path", "expected_path"), [p for p in PAIRS if "-ocr" in p[0].name])
def test_ocr_renderings_report_their_repairs(doc_path, expected_path) -> None:
    warnings = " ".join(parse_text_strict(doc_path.read_text(encoding="utf-8"))["warnings"])
    assert "“Ð”" in warnings
    assert "dòng lạc" in warnings


def test_text_values_carry_no_markdown_marks() -> None:
    for doc_path, _ in PAIRS:
        doc = parse_text_strict(doc_path.read_text(encoding="utf-8"))
        texts = [doc["title"] or "", *(t["text"] for t in doc["tasks"]), *doc["recipients"]]
        assert not any("**" in t or t.startswith("#") for t in texts), doc_path.name
