"""Every generated paragraph of a draft as a box the officer can edit.

A draft's body (preamble, the section tree, closing) is shown as a list of `Block`s, each with a form key;
the posted texts are applied back onto the stored content: a changed text replaces the old one, an emptied
box removes its paragraph (or a section's heading, and the section with it when nothing is left), and the
"add" box under each part appends a paragraph. The structure itself (labels, tables of figures) comes from
the data and is not edited here.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from trienkhai.lib.content import Content, ContentSection, Table

MAX_TEXT = 20_000  # characters in one paragraph: a bound on what one box may store


@dataclass
class Block:
    key: str
    kind: str  # preamble, heading, paragraph, item, table, closing, add
    text: str = ""
    label: str = ""
    depth: int = 0
    table: Table | None = None
    where: str = ""  # for an "add" box: the part it adds to
    rows: int = 2  # the height of its box, from the length of its text (set by the page)


def _clean(text: str) -> str:
    return " ".join(str(text).split())[:MAX_TEXT]


def _walk(
    sections: list[ContentSection], path: tuple[int, ...] = ()
) -> Iterator[tuple[tuple[int, ...], ContentSection]]:
    for i, section in enumerate(sections):
        if isinstance(section, dict):
            yield (*path, i), section
            yield from _walk(section.get("children") or [], (*path, i))


def _path_key(path: tuple[int, ...]) -> str:
    return "s" + "-".join(str(i) for i in path)


def blocks(content: Content) -> list[Block]:
    """The editable boxes of `content`, in reading order."""
    out = [Block(f"pre-{i}", "preamble", str(t)) for i, t in enumerate(content.get("preamble") or [])]
    out.append(Block("pre-add", "add", where="preamble"))
    for path, section in _walk(content.get("sections") or []):
        key, depth = _path_key(path), len(path) - 1
        label = str(section.get("label") or "")
        if label or section.get("title"):
            out.append(
                Block(f"{key}-t", "heading", str(section.get("title") or ""), label=label, depth=depth)
            )
        out += [
            Block(f"{key}-p-{j}", "paragraph", str(t), depth=depth)
            for j, t in enumerate(section.get("paragraphs") or [])
        ]
        out += [
            Block(f"{key}-i-{j}", "item", str(t), depth=depth)
            for j, t in enumerate(section.get("items") or [])
        ]
        if isinstance(section.get("table"), dict):
            out.append(Block(f"{key}-table", "table", depth=depth, table=section["table"]))
        title = " ".join(filter(None, [label, str(section.get("title") or "")]))
        out.append(Block(f"{key}-add", "add", depth=depth, where=title[:60]))
    out += [Block(f"close-{i}", "closing", str(t)) for i, t in enumerate(content.get("closing") or [])]
    out.append(Block("close-add", "add", where="closing"))
    return out


def _edit_list(values: list[str], prefix: str, data: Mapping[str, str]) -> list[str]:
    out = []
    for j, old in enumerate(values):
        new = data.get(f"{prefix}-{j}")
        text = _clean(old if new is None else new)
        if text:
            out.append(text)
    return out


def apply_edits(content: Content, data: Mapping[str, str]) -> Content:
    """`content` with the posted box texts applied (keys absent from `data` keep their text)."""
    doc = copy.deepcopy(content)
    doc["preamble"] = _edit_list(doc.get("preamble") or [], "pre", data)
    if _clean(data.get("pre-add", "")):
        doc["preamble"].append(_clean(data["pre-add"]))

    def edit(sections: list[ContentSection], path: tuple[int, ...]) -> list[ContentSection]:
        kept: list[ContentSection] = []
        for i, section in enumerate(sections):
            if not isinstance(section, dict):
                continue
            key = _path_key((*path, i))
            had_heading = bool(section.get("label") or section.get("title"))
            if f"{key}-t" in data:
                section["title"] = _clean(data[f"{key}-t"])
            section["paragraphs"] = _edit_list(section.get("paragraphs") or [], f"{key}-p", data)
            section["items"] = _edit_list(section.get("items") or [], f"{key}-i", data)
            added = _clean(data.get(f"{key}-add", ""))
            if added:
                section["paragraphs"].append(added)
            section["children"] = edit(section.get("children") or [], (*path, i))
            emptied = had_heading and not section["title"]
            has_body = (
                section["paragraphs"] or section["items"] or section["children"] or section.get("table")
            )
            if emptied and not has_body:
                continue
            kept.append(section)
        return kept

    doc["sections"] = edit(doc.get("sections") or [], ())
    doc["closing"] = _edit_list(doc.get("closing") or [], "close", data)
    if _clean(data.get("close-add", "")):
        doc["closing"].append(_clean(data["close-add"]))
    return doc


def body_is_empty(content: Content) -> bool:
    """True when the document says nothing: no paragraph, item or table anywhere in its body."""
    if any(_clean(t) for t in content.get("preamble") or []):
        return False
    for _path, section in _walk(content.get("sections") or []):
        if section.get("paragraphs") or section.get("items") or section.get("table"):
            return False
    return True


_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def printable(content: Content) -> Content:
    """The content as it is printed: parts left without any text (a heading the officer did not fill
    in) are dropped, and the top-level roman numbers close up (I, II, IV → I, II, III)."""
    doc = copy.deepcopy(content)

    def keep(sections: list[ContentSection]) -> list[ContentSection]:
        out: list[ContentSection] = []
        for section in sections:
            if not isinstance(section, dict):
                continue
            section["children"] = keep(section.get("children") or [])
            if (
                section.get("paragraphs")
                or section.get("items")
                or section.get("table")
                or section["children"]
            ):
                out.append(section)
        return out

    sections = keep(doc.get("sections") or [])
    labels = [str(s.get("label") or "") for s in sections]
    if labels and all(label in _ROMAN for label in labels):
        for section, label in zip(sections, _ROMAN, strict=False):
            section["label"] = label
    doc["sections"] = sections
    return doc
