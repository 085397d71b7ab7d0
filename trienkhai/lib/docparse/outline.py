"""A readable Vietnamese outline of a parsed document (what `trienkhai parse FILE` prints)."""

from __future__ import annotations

from .schema import Document, Section


def _date_vn(iso: str | None) -> str:
    if not iso or len(iso) != 10:
        return "không rõ"
    year, month, day = iso.split("-")
    return f"{day}/{month if int(month) <= 2 else int(month)}/{year}"


def _value(value: object) -> str:
    return str(value) if value not in (None, "", []) else "không rõ"


def _section_lines(node: Section, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    label = node.get("label")
    head = f"{label}. {node.get('title', '')}" if label else node.get("title", "")
    out.append(f"{pad}{head}".rstrip())
    for para in node.get("paragraphs", []):
        out.append(f"{pad}  ¶ {_short(para)}")
    for item in node.get("items", []):
        out.append(f"{pad}  - {_short(item)}")
    for child in node.get("children", []):
        _section_lines(child, depth + 1, out)


def _short(text: str, size: int = 110) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def format_outline(doc: Document) -> str:
    """Render the contract dict of `parse_text` as a Vietnamese outline, one fact per line."""
    out: list[str] = []
    kind = doc.get("doc_type_name") or "Văn bản"
    out.append(f"{kind.upper()} số {_value(doc.get('number'))}")
    out.append(f"Cơ quan chủ quản: {_value(doc.get('parent_body'))}")
    out.append(f"Cơ quan ban hành: {_value(doc.get('issuer'))}")
    out.append(f"Nơi, ngày ban hành: {_value(doc.get('place'))}, {_date_vn(doc.get('date'))}")
    out.append(f"Trích yếu: {_value(doc.get('title'))}")
    if doc.get("sections"):
        out.append("")
        out.append("Bố cục:")
        for node in doc["sections"]:
            _section_lines(node, 1, out)
    tasks = doc.get("tasks", [])
    out.append("")
    out.append(f"Nhiệm vụ ({len(tasks)}):")
    for task in tasks:
        out.append(f"  {task['id']} {_short(task['text'])}")
    assignments = doc.get("assignments", [])
    out.append("")
    out.append(f"Tổ chức thực hiện ({len(assignments)} đơn vị):")
    for a in assignments:
        out.append(f"  {_value(a.get('unit'))}: {len(a.get('duties', []))} nhiệm vụ")
    citations = doc.get("citations", [])
    out.append("")
    out.append(f"Văn bản dẫn chiếu ({len(citations)}):")
    for c in citations:
        extra = f", ngày {_date_vn(c['date'])}" if c.get("date") else ""
        who = f" của {c['issuer']}" if c.get("issuer") else ""
        out.append(f"  {c['number']}{extra}{who}")
    out.append("")
    out.append("Nơi nhận:")
    for r in doc.get("recipients", []):
        out.append(f"  - {r}")
    signer = doc.get("signer") or {}
    out.append(f"Người ký: {_value(signer.get('name'))} ({_value(signer.get('title'))})")
    warnings = doc.get("warnings", [])
    if warnings:
        out.append("")
        out.append(f"Cảnh báo ({len(warnings)}):")
        for w in warnings:
            out.append(f"  ! {w}")
    return "\n".join(out)
