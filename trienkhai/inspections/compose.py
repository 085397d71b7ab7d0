"""The documents of an inspection, composed as `trienkhai.document/1` dicts on issuing's shared parts;
issuing numbers, renders (Decree 30) and registers them. Every text is a first draft the officer edits
before issuing. Along the way of each process (rules.Process.steps): the quyết định kiểm tra (QĐ) at the
start, the thông báo kiểm tra (TB) to the targets, the biên bản (BB) per visit, and the thông báo kết luận
(TB) at the end."""

from __future__ import annotations

import datetime as dt
import re

from trienkhai.issuing.api import Signer, base_content, default_signer, numbered, section
from trienkhai.issuing.models import OutgoingDocument
from trienkhai.lib.content import Content, ContentSection, Table
from trienkhai.lib.vn import format_date, format_money

from . import rules
from .models import InspectionPlan, TeamMember, Visit


def subject_of(plan: InspectionPlan) -> str:
    """The plan's title without a leading "Kế hoạch" / "Kiểm tra", lower-cased for "Về việc kiểm tra …"."""
    text = " ".join(plan.title.split()).rstrip(".")
    text = re.sub(r"^(kế hoạch\s+)?(kiểm tra|giám sát)\s+", "", text, flags=re.IGNORECASE)
    return text[:1].lower() + text[1:]


def _verb(plan: InspectionPlan) -> str:
    return plan.rule.verb


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
        "rows": [[str(n), v.target_name, format_date(v.visit_on)] for n, v in enumerate(visits, start=1)],
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
        title=f"{verb.capitalize()} {subject_of(plan)} "
        + (f"đối với đồng chí {visit.target_name}" if visit.is_person else f"tại {cdcs.name}"),
        signer=record_signer(plan, on=on),
    )
    notice = plan.decision if plan.decision is not None and plan.decision.issued_on else plan.notice
    basis = (
        f"Thực hiện {'Quyết định' if notice is plan.decision else 'Thông báo'} số {notice.number} ngày {format_date(notice.issued_on)} của {unit.name} về việc "
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
            *([finance_section(visit)] if plan.process == rules.FINANCE else []),
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


def money(value) -> str:  # noqa: ANN001
    """Whole đồng with Vietnamese separators; "—" when not filled."""
    return "—" if value is None else format_money(value)


def finance_section(visit: Visit) -> ContentSection:
    """The figures of a finance inspection (684/QĐ-TLĐ quy trình 3)."""
    year = visit.fin_year or visit.visit_on.year
    table: Table = {
        "columns": ["Nội dung", "Số tiền"],
        "rows": [
            [f"Đoàn phí công đoàn đã thu năm {year}", money(visit.dues_collected)],
            [f"Kinh phí công đoàn đã thu năm {year}", money(visit.funds_collected)],
            [f"Đã chi năm {year}", money(visit.spent)],
            ["Số tiền sai phạm phải xử lý", money(visit.findings_amount)],
        ],
        "widths": [115, 50],
        "align": ["left", "right"],
    }
    return section("", "SỐ LIỆU TÀI CHÍNH", table=table)


def decision_content(plan: InspectionPlan, *, code: str, on: dt.date) -> Content:
    """Quyết định kiểm tra (giám sát): the legal bases, the targets and period, the team, who carries it out."""
    unit, verb, rule = plan.unit, _verb(plan), plan.rule
    visits = list(plan.visits.select_related("unit").order_by("visit_on", "pk"))
    doc = base_content(
        unit,
        kind=OutgoingDocument.Kind.DECISION,
        code=code,
        on=on,
        title=f"Về việc {verb} {subject_of(plan)}",
        signer=default_signer(unit, on=on),
    )
    doc["preamble"] = [
        "Căn cứ Điều lệ Công đoàn Việt Nam;",
        "Căn cứ Quyết định số 684/QĐ-TLĐ ngày 08/6/2020 của Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam "
        f"ban hành Quy trình kiểm tra, giám sát, xử lý kỷ luật và giải quyết khiếu nại, tố cáo của công đoàn ({rule.name.lower()});",
        f"Căn cứ chương trình công tác {verb} năm {plan.starts_on.year} của {unit.name};",
        (f"Xét đề nghị của {plan.committee}," if plan.committee_id else "Xét đề nghị của Ủy ban kiểm tra,"),
        "QUYẾT ĐỊNH:",
    ]
    doc["sections"] = [
        section(
            "Điều 1",
            "",
            paragraphs=[
                f"{verb.capitalize()} {subject_of(plan)} đối với: "
                + "; ".join(v.target_name for v in visits)
                + f". Thời gian: từ ngày {format_date(plan.starts_on)} đến ngày {format_date(plan.ends_on)}."
            ],
            items=list(plan.topics),
        ),
        section(
            "Điều 2", "", paragraphs=[f"Thành lập Đoàn {verb} gồm các đồng chí:"], items=team_lines(plan)
        ),
        section(
            "Điều 3",
            "",
            paragraphs=[
                f"Đoàn {verb} lập biên bản từng cuộc làm việc, báo cáo kết quả để {unit.name} thông báo kết "
                f"luận. Đoàn {verb}, các tổ chức, cá nhân có tên tại Điều 1 căn cứ Quyết định thi hành. Quyết "
                "định có hiệu lực kể từ ngày ký./."
            ],
        ),
    ]
    doc["recipients"] = ["Như Điều 3"]
    return doc


def conclusion_content(plan: InspectionPlan, *, code: str, on: dt.date) -> Content:
    """Thông báo kết luận: what the decision ordered, what each record found, the conclusion, the
    recommendations still to carry out."""
    unit, verb, rule = plan.unit, _verb(plan), plan.rule
    visits = list(plan.visits.select_related("unit", "record").order_by("visit_on", "pk"))
    decision = plan.decision
    doc = base_content(
        unit,
        kind=OutgoingDocument.Kind.NOTICE,
        code=code,
        on=on,
        title=f"{rule.conclusion_title.replace('Thông báo ', '').capitalize()} {subject_of(plan)}",
        signer=default_signer(unit, on=on),
    )
    doc["preamble"] = [
        (
            f"Thực hiện Quyết định số {decision.number} ngày {format_date(decision.issued_on)} của {unit.name} "
            f"về việc {verb} {subject_of(plan)};"
            if decision is not None and decision.issued_on
            else f"Thực hiện kế hoạch {verb} {subject_of(plan)} của {unit.name};"
        ),
        f"Trên cơ sở báo cáo kết quả của Đoàn {verb}, {unit.name} thông báo kết luận như sau:",
    ]
    rows = []
    for n, v in enumerate(visits, start=1):
        record = f"{v.record.number}" if v.record is not None and v.record.number else "—"
        rows.append([str(n), v.target_name, format_date(v.visit_on), record])
    table: Table = {
        "columns": ["STT", "Đối tượng", "Ngày " + verb, "Biên bản"],
        "rows": rows,
        "widths": [12, 93, 30, 30],
        "align": ["center", "left", "center", "center"],
    }
    recs = [r for v in visits for r in v.recommendations.exclude(status="closed").order_by("pk")]
    doc["sections"] = numbered(
        [
            section("", f"ĐỐI TƯỢNG ĐÃ {verb.upper()}", table=table),
            section("", "KẾT LUẬN", paragraphs=_lines(plan.conclusion_text)),
            *([finance_summary(visits)] if plan.process == rules.FINANCE else []),
            section(
                "",
                "KIẾN NGHỊ",
                items=[f"{r.text} (thời hạn {format_date(r.deadline)})" for r in recs]
                or [f"Đoàn {verb} không còn kiến nghị chưa thực hiện."],
            ),
        ]
    )
    doc["recipients"] = [*(f"{v.target_name} (t.h)" for v in visits), f"Thành viên Đoàn {verb}"]
    return doc


def finance_summary(visits: list[Visit]) -> ContentSection:
    total = sum((v.findings_amount or 0 for v in visits), 0)
    return section(
        "",
        "VỀ TÀI CHÍNH",
        paragraphs=[f"Tổng số tiền sai phạm phải xử lý: {money(total)}."],
    )
