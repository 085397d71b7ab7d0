"""The content of an outgoing document as types: what `issuing` (and the apps that draft through it) write,
what the officer edits and what `lib.render` lays out in the Decree 30 layout.

It is the "trienkhai.document/1" contract of `lib.docparse.schema` (the same `signer`, `tasks`,
`assignments`) with the layout keys the renderer reads: a `table` in a section, the `annexes` after the
signature, the `filing_unit` of the "Lưu: VT, …" line, and the signer's block as its form holds it
(`signer_form`). TypedDicts are plain dicts at run time: the content is stored as JSON unchanged.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

from trienkhai.lib.docparse.schema import Assignment, Signer, Task

__all__ = ["Annex", "Content", "ContentSection", "SignerForm", "Table"]


class Table(TypedDict):
    """A ruled table of figures: header `columns`, body `rows`, column `widths` (relative, in mm) and
    the alignment of each column ("left", "center", "right"); the renderer defaults the last two."""

    columns: list[str]
    rows: list[list[str]]
    widths: NotRequired[list[float]]
    align: NotRequired[list[str]]


class ContentSection(TypedDict):
    """A part of the body ("I", "1", "Điều 1" or no label) with its paragraphs, bullets, an optional table
    and its sub-parts."""

    label: str
    title: str
    paragraphs: list[str]
    items: list[str]
    children: list[ContentSection]
    table: NotRequired[Table]


class Annex(TypedDict):
    """A phụ lục after the signature, on a page of its own: a title and a table."""

    title: str
    table: Table


class SignerForm(TypedDict):
    """The parts of the signature block as the officer's form edits them (issuing's `Signer`)."""

    mode: str
    collective: str
    principal: str
    position: str
    name: str


class Content(TypedDict):
    """An outgoing document: header, body, recipients and signer (keys in the order they are written)."""

    schema: str
    parent_body: str | None
    issuer: str
    number: str
    doc_type: str | None
    doc_type_name: str
    is_dispatch: bool
    place: str
    date: str
    title: str
    addressees: list[str]
    preamble: list[str]
    sections: list[ContentSection]
    closing: list[str]
    recipients: list[str]
    signer: Signer
    signer_form: SignerForm
    filing_unit: str
    tasks: NotRequired[list[Task]]
    assignments: NotRequired[list[Assignment]]
    annexes: NotRequired[list[Annex]]
