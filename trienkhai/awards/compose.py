"""The commendation decision (Quyết định khen thưởng, QĐ) as a first draft in Decree 30 layout, from the
proposals its council approved: the legal bases, the articles, and the annex table of recipients (tập thể,
cá nhân; đơn vị; hình thức; thành tích). The officer edits it on issuing's pages before issuing it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from trienkhai.issuing.api import base_content, default_signer, section
from trienkhai.issuing.models import OutgoingDocument
from trienkhai.lib.content import Content
from trienkhai.orgs.models import Unit

from .models import BaseSalary, CouncilSession, CouncilVote, Proposal, Recipient

ANNEX_TITLE = "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG"
ANNEX_COLUMNS = [
    "STT",
    "Tập thể, cá nhân",
    "Chức vụ, đơn vị",
    "Hình thức",
    "Thành tích",
    "Hệ số",
    "Tiền thưởng (đồng)",
]


def money(amount: int | None) -> str:
    """1.234.000 (Vietnamese separators); blank when the form carries no money."""
    return f"{amount:,}".replace(",", ".") if amount is not None else ""


def multiple(value: Decimal | None) -> str:
    return f"{value:.1f}".replace(".", ",") if value is not None else ""


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
        elif p.recipient == Recipient.PERSON:
            name = p.person_name
            born = f"sinh năm {p.person_birth_year}" if p.person_birth_year else ""
            sex = p.get_person_sex_display() if p.person_sex else ""
            where = ", ".join(x for x in (sex, born, p.person_position, p.recipient_unit.name) if x)
        else:
            name = p.person_name
            where = f"{p.get_recipient_display()}, {p.recipient_unit.name}"
        rows.append(
            [
                str(n),
                name,
                where,
                p.form.name,
                _first_line(p.achievements),
                multiple(p.money_multiple),
                money(p.money_amount),
            ]
        )
    total = sum(p.money_amount or 0 for p in ordered)
    rows.append(["", "Tổng cộng", "", "", "", "", money(total)])
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
    unit: Unit,
    proposals: Sequence[Proposal],
    *,
    code: str,
    on: dt.date,
    year: int,
    base_salary: BaseSalary | None = None,
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
                "Các tập thể, cá nhân có tên tại Điều 1 được hưởng tiền thưởng theo danh sách kèm theo, "
                "bằng hệ số nhân mức lương cơ sở (Nghị định số 98/2023/NĐ-CP, Điều 54)"
                + (
                    f"; mức lương cơ sở {money(base_salary.amount)} đồng theo {base_salary.decree}."
                    if base_salary
                    else "."
                )
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
                "widths": [10, 40, 40, 28, 50, 12, 22],
                "align": ["center", "left", "left", "left", "left", "center", "right"],
            },
        ),
    ]
    parent = unit.parent_on(on)
    doc["recipients"] = ["Như Điều 3"] + ([f"{parent.short_name or parent.name} (b.c)"] if parent else [])
    return doc


MINUTES_COLUMNS = [
    "STT",
    "Tập thể, cá nhân",
    "Hình thức đề nghị",
    "Đồng ý",
    "Không đồng ý",
    "Không biểu quyết",
    "Kết quả",
]


def minutes_content(
    session: CouncilSession, votes: Sequence[CouncilVote], *, code: str, on: dt.date
) -> Content:
    """The minutes (biên bản) of a session of the Hội đồng thi đua – khen thưởng: when, who chaired, the
    members present, and the vote and result per proposal."""
    unit = session.unit
    doc = base_content(
        unit,
        kind=OutgoingDocument.Kind.RECORD,
        code=code,
        on=on,
        title=f"Họp Hội đồng Thi đua – Khen thưởng xét khen thưởng năm {session.year}",
        signer=default_signer(unit, on=on),
    )
    present = session.present
    approved = [v for v in votes if v.approved]
    doc["preamble"] = [
        f"Hôm nay, ngày {session.held_on:%d/%m/%Y}, Hội đồng Thi đua – Khen thưởng {unit.name} họp xét đề nghị "
        f"khen thưởng năm {session.year}, do đồng chí {session.chair} chủ trì.",
        f"Có mặt {len(present)}/{session.members_total} thành viên Hội đồng.",
    ]
    doc["sections"] = [
        section("I", "THÀNH VIÊN CÓ MẶT", items=[f"{n}. {name}" for n, name in enumerate(present, start=1)]),
        section(
            "II",
            "KẾT QUẢ BIỂU QUYẾT",
            table={
                "columns": MINUTES_COLUMNS,
                "rows": [
                    [
                        str(n),
                        v.proposal.recipient_name,
                        v.proposal.form.name,
                        str(v.agree),
                        str(v.disagree),
                        str(v.abstain),
                        "Đồng ý" if v.approved else "Không đồng ý",
                    ]
                    for n, v in enumerate(votes, start=1)
                ],
                "widths": [10, 50, 45, 16, 18, 20, 22],
                "align": ["center", "left", "left", "center", "center", "center", "center"],
            },
        ),
        section(
            "III",
            "KẾT LUẬN",
            paragraphs=[
                f"Hội đồng thống nhất đề nghị khen thưởng {len(approved)}/{len(votes)} tập thể, cá nhân "
                "(đồng ý khi quá nửa số thành viên có mặt đồng ý). Biên bản lập xong lúc kết thúc cuộc họp./."
            ],
        ),
    ]
    doc["recipients"] = ["Thành viên Hội đồng", "Lưu hồ sơ khen thưởng"]
    return doc
