"""The "trienkhai.document/1" contract (shared spec parse-json.md) as types, defined once.

TypedDicts are plain dicts at run time: what `parse_text` returns can be stored as JSON, compared and
indexed as before, and mypy checks every reader. `to_json` prints the contract exactly as
`trienkhai parse --json` always has; `from_json` reads it back (a stored parse, an older row) and fills
keys added since with their empty values.
"""

from __future__ import annotations

import json
from typing import Any, TypedDict, cast

SCHEMA = "trienkhai.document/1"


class Signer(TypedDict):
    """Who signed: the name, the office ("PHÓ CHỦ TỊCH") and the on-behalf lines ("TM. ...", "KT. ...")."""

    name: str | None
    title: str | None
    authority: list[str]


class Section(TypedDict):
    """A numbered part of the body and its subtree; `id` is the path of numbers ("II.1")."""

    label: str | None
    title: str
    id: str
    paragraphs: list[str]
    items: list[str]
    children: list[Section]


class Task(TypedDict):
    """One bullet of the tasks part, with the group it sits in."""

    id: str
    group: str
    group_title: str
    text: str


class Assignment(TypedDict):
    """One unit of the "TỔ CHỨC THỰC HIỆN" part and its duties."""

    unit: str | None
    duties: list[str]


class Citation(TypedDict):
    """A document cited in the text."""

    number: str
    doc_type: str | None
    date: str | None
    issuer: str | None


class Document(TypedDict):
    """A parsed official document (keys in the order they are printed)."""

    schema: str
    parent_body: str | None
    issuer: str | None
    number: str | None
    number_raw: str | None
    doc_type: str | None
    doc_type_name: str | None
    is_dispatch: bool
    place: str | None
    date: str | None
    title: str | None
    addressees: list[str]
    preamble: list[str]
    sections: list[Section]
    closing: list[str]
    tasks: list[Task]
    assignments: list[Assignment]
    citations: list[Citation]
    recipients: list[str]
    signer: Signer
    warnings: list[str]


def empty_document() -> Document:
    """A contract dict with every required key and nothing known."""
    return {
        "schema": SCHEMA,
        "parent_body": None,
        "issuer": None,
        "number": None,
        "number_raw": None,
        "doc_type": None,
        "doc_type_name": None,
        "is_dispatch": False,
        "place": None,
        "date": None,
        "title": None,
        "addressees": [],
        "preamble": [],
        "sections": [],
        "closing": [],
        "tasks": [],
        "assignments": [],
        "citations": [],
        "recipients": [],
        "signer": {"name": None, "title": None, "authority": []},
        "warnings": [],
    }


def to_json(doc: Document) -> str:
    """The document as `trienkhai parse --json` prints it: UTF-8 text, not ASCII-escaped, indent 2."""
    return json.dumps(doc, ensure_ascii=False, indent=2)


def from_json(data: str | bytes | dict[str, Any]) -> Document:
    """Read a document back from JSON text or a decoded dict; keys it lacks get their empty values.

    Raises ValueError when the data is not a "trienkhai.document/1" object.
    """
    raw: Any = json.loads(data) if isinstance(data, str | bytes) else data
    if not isinstance(raw, dict):
        raise ValueError("không phải một đối tượng JSON")
    if raw.get("schema", SCHEMA) != SCHEMA:
        raise ValueError(f"lược đồ không đúng: {raw.get('schema')!r}")
    doc = cast(dict[str, Any], empty_document())
    for key, value in raw.items():
        doc[key] = value
    signer = doc.get("signer")
    if not isinstance(signer, dict):
        doc["signer"] = {"name": None, "title": None, "authority": []}
    else:
        signer.setdefault("name", None)
        signer.setdefault("title", None)
        signer.setdefault("authority", [])
    return cast(Document, doc)


__all__ = [
    "SCHEMA",
    "Assignment",
    "Citation",
    "Document",
    "Section",
    "Signer",
    "Task",
    "empty_document",
    "from_json",
    "to_json",
]
