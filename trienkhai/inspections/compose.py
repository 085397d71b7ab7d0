"""The inspection notice (Thông báo kiểm tra, TB) and the visit record (Biên bản kiểm tra, BB), composed
as `trienkhai.document/1` dicts on issuing's shared parts; issuing numbers, renders (Decree 30) and
registers them. Every text is a first draft the officer edits before issuing."""

from __future__ import annotations

import datetime as dt
import re

from trienkhai.issuing.api import Signer, base_content, default_signer, numbered, section
from trienkhai.issuing.models import OutgoingDocument
from trienkhai.lib.content import Content, Table
from trienkhai.lib.vn import format_date

from .models import InspectionPlan, TeamMember, Visit


def subject_of(plan: InspectionPlan) -> str:
    """The plan's title without a leading "Kế hoạch" / "Kiểm tra", lower-cased for "Về việc kiểm tra …"."""
    text = " ".join(plan.title.split()).rstrip(".")
    text = re.sub(r"^(kế hoạch\s+)?(kiểm tra|giám sát)\s+", "", text, flags=re.IGNORECASE)
    return text[:1].lower() + text[1:]


def _verb(plan: InspectionPlan) -> str:
    return "giám sát" if plan.kind == InspectionPlan.Kind.SUPERVISION else "kiểm tra"


def team_lines(plan: InspectionPlan) -> list[str]:
    lines = []
    for m in plan.team.all():
        who = f"{m.name}, {m.position}" if m.position else m.name
        lines.append(f"{who}: {m.get_role_display()}")
    return lines


def _head(plan: InspectionPlan) -> TeamMember | None:
    return next((m for m in plan.team.all() if m.role == TeamMember.Role.HEAD), None)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def notice_content(plan: InspectionPlan, *, code: str, on: dt.date) -> Content:
    """Thông báo về việc kiểm tra: the CĐCS inspected with their dates, the topics, the team."""
    unit, verb = plan.unit, _verb(plan)
    visits = list(plan.visits.select_related("unit").order_by("visit_on", "pk"))
    doc = base_content(
        unit,
        kind=OutgoingDocument.Kind.NOTICE,
        code=code,
        on=on,
        title=f"Về việc {verb} {subject_of(plan)}",
        signer=default_signer(unit, on=on),
    )
    doc["preamble"] = [
        "Căn cứ Điều lệ Công đoàn Việt Nam;",
        f"Căn cứ chương trình công tác {verb} năm {plan.starts_on.year} của {unit.name};",
        f"{unit.name} thông báo {verb} như sau:",
    ]
    table: Table = {
        "columns": ["STT", "Đơn vị được " + verb, "Ngày " + verb],
        "rows": [[str(n), v.unit.name, format_date(v.visit_on)] for n, v in enumerate(visits, start=1)],
        "widths": [12, 118, 35],
        "align": ["center", "left", "center"],
    }
    doc["sections"] = numbered(
        [
            section("", f"NỘI DUNG {verb.upper()}", items=list(plan.topics)),
            section(
                "",
                f"ĐƠN VỊ ĐƯỢC {verb.upper()} VÀ THỜI GIAN",
                paragraphs=[
                    f"Thời gian {verb}: từ ngày {format_date(plan.starts_on)} đến ngày {format_date(plan.ends_on)}, "
                    "cụ thể:"
                ],
                table=table if visits else None,
            ),
            section("", f"THÀNH PHẦN ĐOÀN {verb.upper()}", items=team_lines(plan)),
            section(
                "",
                "TỔ CHỨC THỰC HIỆN",
                paragraphs=[
                    f"Đề nghị các công đoàn cơ sở được {verb} chuẩn bị báo cáo, hồ sơ, sổ sách liên quan đến nội "
                    f"dung {verb}; bố trí Ban Chấp hành làm việc với Đoàn {verb} theo thời gian nêu trên.",
                    f"Đoàn {verb} lập biên bản tại từng đơn vị; kiến nghị của Đoàn được theo dõi trên phần mềm "
                    "Triển khai đến khi hoàn thành.",
                ],
            ),
        ]
    )
    doc["closing"] = [f"Trên đây là thông báo {verb} của {unit.name}, đề nghị các đơn vị thực hiện./."]
    parent = unit.parent_on(on)
    doc["recipients"] = [
        *(f"{v.unit.name} (t.h)" for v in visits),
        f"Thành viên Đoàn {verb}",
        *([f"{parent.short_name or parent.name} (b.c)"] if parent else []),
    ]
    return doc


def record_signer(plan: InspectionPlan, *, on: dt.date) -> Signer:
    """The head of the team signs for the team; without a head, the inspecting unit's chair."""
    head = _head(plan)
    if head is None:
        return default_signer(plan.unit, on=on)
    return Signer(mode="TM", collective=f"ĐOÀN {_verb(plan).upper()}", position="TRƯỞNG ĐOÀN", name=head.name)


def record_content(visit: Visit, *, code: str, on: dt.date) -> Content:
    """Biên bản kiểm tra at one CĐCS: who took part, what was checked, findings, the recommendations."""
    plan, cdcs = visit.plan, visit.unit
    unit, verb = plan.unit, _verb(plan)
    doc = base_content(
        unit,
        kind=OutgoingDocument.Kind.RECORD,
        code=code,
        on=on,
        title=f"{verb.capitalize()} {subject_of(plan)} tại {cdcs.name}",
        signer=record_signer(plan, on=on),
    )
    notice = plan.notice
    basis = (
        f"Thực hiện Thông báo số {notice.number} ngày {format_date(notice.issued_on)} của {unit.name} về việc "
        f"{verb} {subject_of(plan)};"
        if notice is not None and notice.issued_on
        else f"Thực hiện kế hoạch {verb} {subject_of(plan)} của {unit.name};"
    )
    doc["preamble"] = [
        basis,
        f"Hôm nay, ngày {format_date(visit.visit_on)}, tại {cdcs.name}, Đoàn {verb} của {unit.name} tiến hành "
        f"{verb} và lập biên bản như sau:",
    ]
    attendees = _lines(visit.attendees) or ["Đại diện Ban Chấp hành công đoàn cơ sở."]
    recs = list(visit.recommendations.order_by("pk"))
    table: Table = {
        "columns": ["STT", "Nội dung kiến nghị", "Đơn vị, người thực hiện", "Thời hạn"],
        "rows": [
            [
                str(n),
                r.text,
                f"{cdcs.name}" + (f" ({r.owner_name})" if r.owner_name else ""),
                format_date(r.deadline),
            ]
            for n, r in enumerate(recs, start=1)
        ],
        "widths": [11, 89, 42, 23],
        "align": ["center", "left", "left", "center"],
    }
    doc["sections"] = numbered(
        [
            section(
                "",
                "THÀNH PHẦN",
                children=[
                    section("1", f"Đoàn {verb}", items=team_lines(plan)),
                    section("2", f"Đơn vị được {verb}: {cdcs.name}", items=attendees),
                ],
            ),
            section("", f"NỘI DUNG {verb.upper()}", items=_lines(visit.checked) or list(plan.topics)),
            section("", f"KẾT QUẢ {verb.upper()}", paragraphs=_lines(visit.findings)),
            section(
                "",
                "KIẾN NGHỊ",
                paragraphs=[
                    f"Đoàn {verb} kiến nghị {cdcs.name} thực hiện các nội dung sau và báo cáo kết quả kèm minh "
                    "chứng trước thời hạn:"
                    if recs
                    else f"Đoàn {verb} không có kiến nghị."
                ],
                table=table if recs else None,
            ),
        ]
    )
    doc["closing"] = [
        f"Biên bản được lập thành 02 bản, {unit.name} giữ 01 bản, {cdcs.name} giữ 01 bản; đã đọc lại cho các "
        "thành phần cùng nghe và thống nhất ký tên./."
    ]
    doc["recipients"] = [f"{cdcs.name} (t.h)", f"Thành viên Đoàn {verb}"]
    return doc
