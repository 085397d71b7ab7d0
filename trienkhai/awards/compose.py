"""The commendation decision (Quyết định khen thưởng, QĐ) as a first draft in Decree 30 layout, from the
proposals its council approved: the legal bases, the articles, and the annex table of recipients (tập thể,
cá nhân; đơn vị; hình thức; thành tích). The officer edits it on issuing's pages before issuing it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from trienkhai.issuing.api import base_content, default_signer, section
from trienkhai.issuing.models import OutgoingDocument
from trienkhai.lib.content import Content
from trienkhai.orgs.models import Unit

from .models import Proposal, Recipient

ANNEX_TITLE = "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG"
ANNEX_COLUMNS = ["STT", "Tập thể, cá nhân", "Chức vụ, đơn vị", "Hình thức", "Thành tích"]


def decision_title(proposals: Sequence[Proposal], year: int) -> str:
    movements = {p.movement.title for p in proposals if p.movement is not None}
    if len(movements) == 1:
        return f"Về việc khen thưởng các tập thể, cá nhân có thành tích trong phong trào thi đua “{movements.pop()}” năm {year}"
    return (
        f"Về việc khen thưởng các tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua năm {year}"
    )


def _first_line(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def annex_rows(proposals: Sequence[Proposal]) -> list[list[str]]:
    """One row per recipient: units first, then persons, each by form in the forms' order."""
    ordered = sorted(
        proposals, key=lambda p: (p.recipient != Recipient.UNIT, p.form.position, p.form.name, p.pk)
    )
    rows = []
    for n, p in enumerate(ordered, start=1):
        if p.recipient == Recipient.UNIT:
            where = ""
            name = p.recipient_unit.name
        else:
            name = p.person_name
            where = ", ".join(x for x in (p.person_position, p.recipient_unit.name) if x)
        rows.append([str(n), name, where, p.form.name, _first_line(p.achievements)])
    return rows


def _counted(proposals: Sequence[Proposal]) -> list[str]:
    """ "Tặng Giấy khen cho 2 tập thể và 3 cá nhân" per form."""
    by_form: dict[str, list[int]] = {}
    for p in proposals:
        counts = by_form.setdefault(p.form.name, [0, 0])
        counts[0 if p.recipient == Recipient.UNIT else 1] += 1
    lines = []
    for form, (units, persons) in by_form.items():
        who = " và ".join(
            x for x in (f"{units} tập thể" if units else "", f"{persons} cá nhân" if persons else "") if x
        )
        lines.append(f"Tặng {form} cho {who};")
    if lines:
        lines[-1] = lines[-1].rstrip(";") + "."
    return lines


def decision_content(
    unit: Unit, proposals: Sequence[Proposal], *, code: str, on: dt.date, year: int
) -> Content:
    """The draft of `unit`'s commendation decision for `proposals` (approved by its council)."""
    doc = base_content(
        unit,
        kind=OutgoingDocument.Kind.DECISION,
        code=code,
        on=on,
        title=decision_title(proposals, year),
        signer=default_signer(unit, on=on),
    )
    doc["preamble"] = [
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Điều lệ Công đoàn Việt Nam và các quy định về công tác thi đua, khen thưởng của tổ chức Công đoàn;",
        f"Xét đề nghị của Hội đồng Thi đua – Khen thưởng {unit.name},",
        "QUYẾT ĐỊNH:",
    ]
    doc["sections"] = [
        section(
            "Điều 1",
            "",
            paragraphs=[
                f"Khen thưởng các tập thể, cá nhân đã có thành tích xuất sắc trong phong trào thi đua năm {year} "
                f"(có danh sách kèm theo), cụ thể:"
            ],
            items=_counted(proposals),
        ),
        section(
            "Điều 2",
            "",
            paragraphs=[
                "Các tập thể, cá nhân có tên tại Điều 1 được hưởng tiền thưởng theo quy định hiện hành của "
                "Tổng Liên đoàn Lao động Việt Nam."
            ],
        ),
        section(
            "Điều 3",
            "",
            paragraphs=[
                f"Văn phòng, các ban của {unit.name} và các tập thể, cá nhân có tên tại Điều 1 căn cứ Quyết định "
                f"thi hành. Quyết định có hiệu lực kể từ ngày ký./."
            ],
        ),
        section(
            "",
            ANNEX_TITLE,
            table={
                "columns": ANNEX_COLUMNS,
                "rows": annex_rows(proposals),
                "widths": [11, 45, 45, 30, 60],
                "align": ["center", "left", "left", "left", "left"],
            },
        ),
    ]
    parent = unit.parent_on(on)
    doc["recipients"] = ["Như Điều 3"] + ([f"{parent.short_name or parent.name} (b.c)"] if parent else [])
    return doc
