"""Demo step of `inspections`: the Ủy ban kiểm tra of Công đoàn xã Phú Riềng (term 2023–2028, three
members elected by the BCH) inspected, by 684/QĐ-TLĐ's process 1 (chấp hành Điều lệ), two of its CĐCS (the
THCS school of cdcs_hoa and the primary school Phú Riềng A) this year: the quyết định kiểm tra, the
thông báo to the CĐCS, a biên bản per visit and the thông báo kết luận, each issued through documents out.
At cdcs_hoa's school one recommendation is closed (answered with evidence and accepted) and one is still
open with its deadline ahead (on her home page); the primary school's record has no recommendation.
Idempotent."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from trienkhai.issuing import api as issuing
from trienkhai.issuing.api import Signer
from trienkhai.orgs.models import Unit, today

from . import rules, workflow
from .models import Committee, CommitteeMember, DisciplineCase, Evidence, InspectionPlan, TeamMember
from .workflow import CommitteeEntry, TeamEntry

TITLE = "Kiểm tra việc chấp hành Điều lệ Công đoàn và công tác tài chính công đoàn"
TOPICS = [
    "Việc chấp hành Điều lệ Công đoàn Việt Nam, nghị quyết của công đoàn cấp trên",
    "Thu, quản lý và sử dụng đoàn phí, kinh phí công đoàn",
    "Phát triển đoàn viên, thành lập công đoàn cơ sở",
]


CONCLUSION = (
    "Hai công đoàn cơ sở chấp hành cơ bản đúng Điều lệ Công đoàn Việt Nam: Ban Chấp hành họp định kỳ, có "
    "nghị quyết; thu, nộp đoàn phí đúng quy định.\n"
    "Công đoàn Trường THCS Phú Riềng còn chậm cập nhật sổ theo dõi thu, chi đoàn phí (đã khắc phục) và chưa "
    "sửa đổi quy chế chi tiêu nội bộ theo quy định mới.\n"
    "Yêu cầu hoàn thành kiến nghị còn lại đúng thời hạn và báo cáo Công đoàn xã."
)


def _minutes_pdf() -> bytes:
    """A one-page PDF standing for the scanned minutes the CĐCS attached."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def build(world: dict, stdout) -> None:  # noqa: ANN001
    if InspectionPlan.objects.exists():
        stdout.write("Kế hoạch kiểm tra mẫu đã có sẵn.")
        return
    units: dict[str, Unit] = world.get("units", {})
    commune, hoa_school, other = units.get("X-PR"), units.get("PR-THCS-PR"), units.get("PR-TH-PR")
    if commune is None or hoa_school is None or other is None:
        return
    users = get_user_model().objects
    minh, hoa = users.filter(username="officer_minh").first(), users.filter(username="cdcs_hoa").first()
    on = today()
    start = on - dt.timedelta(days=40)
    committee = workflow.save_committee(
        committee=Committee(
            unit=commune,
            term="2023–2028",
            term_start=dt.date(2023, 6, 1),
            elected_on=dt.date(2023, 6, 1),
            recognised_by="Quyết định công nhận của Liên đoàn Lao động tỉnh",
        ),
        members=[
            CommitteeEntry(
                "Lê Quang Minh", "Phó Chủ tịch Công đoàn xã Phú Riềng", "chair", on_bch=True, user=minh
            ),
            CommitteeEntry("Phạm Thị Thu", "Ủy viên Ủy ban Kiểm tra Công đoàn xã", "member"),
            CommitteeEntry("Nguyễn Văn Lộc", "Ủy viên Ủy ban Kiểm tra Công đoàn xã", "member"),
        ],
    )
    seats = {m.name: m for m in committee.members.all()}
    plan = workflow.save_plan(
        plan=InspectionPlan(
            unit=commune,
            process=rules.CHARTER,
            committee=committee,
            title=TITLE,
            topics=TOPICS,
            starts_on=start,
            ends_on=start + dt.timedelta(days=14),
        ),
        units=[hoa_school, other],
        team=[
            TeamEntry(
                "Lê Quang Minh",
                "Chủ nhiệm Ủy ban Kiểm tra Công đoàn xã Phú Riềng",
                TeamMember.Role.HEAD,
                minh,
                seats["Lê Quang Minh"],
            ),
            TeamEntry(
                "Phạm Thị Thu",
                "Ủy viên Ủy ban Kiểm tra Công đoàn xã",
                TeamMember.Role.MEMBER,
                None,
                seats["Phạm Thị Thu"],
            ),
            TeamEntry(
                "Nguyễn Văn Lộc",
                "Ủy viên Ủy ban Kiểm tra Công đoàn xã",
                TeamMember.Role.SECRETARY,
                None,
                seats["Nguyễn Văn Lộc"],
            ),
        ],
        user=minh,
    )
    findings = {
        hoa_school.pk: (
            "Ban Chấp hành họp định kỳ hằng tháng, có nghị quyết từng kỳ.\n"
            "Thu đoàn phí đúng 1% tiền lương; sổ theo dõi thu, chi đoàn phí chưa cập nhật đủ các tháng 7–9.\n"
            "Đã kết nạp 6 đoàn viên mới trong năm."
        ),
        other.pk: (
            "Ban Chấp hành hoạt động đều, có chương trình công tác năm.\nThu, nộp đoàn phí đầy đủ, đúng hạn; "
            "quy chế chi tiêu nội bộ đã sửa đổi theo quy định mới về tài chính công đoàn."
        ),
    }
    visits = []
    for visit, offset in zip(plan.visits.order_by("pk"), (2, 5), strict=True):
        visit.visit_on = start + dt.timedelta(days=offset)
        visit.recorded_on = visit.visit_on
        visit.attendees = "Chủ tịch, Phó Chủ tịch và Ủy viên Ban Chấp hành công đoàn cơ sở"
        visit.checked = "\n".join(TOPICS)
        visit.findings = findings[visit.unit_id]
        visit.save()
        visits.append(visit)
    closed = workflow.add_recommendation(
        visit=visits[0],
        text="Cập nhật đầy đủ sổ theo dõi thu, chi đoàn phí các tháng 7–9 và công khai tại hội nghị Ban Chấp hành.",
        deadline=start + dt.timedelta(days=30),
        owner_name="Đỗ Thị Hoa",
        user=minh,
    )
    event = workflow.answer_recommendation(
        recommendation=closed,
        action_taken="Đã cập nhật sổ theo dõi thu, chi đoàn phí đến hết tháng 9; công khai tại hội nghị Ban "
        "Chấp hành ngày 15 hằng tháng.",
        files=[],
        user=hoa,
    )
    evidence = Evidence(recommendation=closed, event=event, name="so-doan-phi-thang-7-9.pdf", uploaded_by=hoa)
    evidence.file.save(evidence.name, ContentFile(_minutes_pdf()), save=False)
    evidence.size = evidence.file.size
    evidence.save()
    workflow.accept_recommendation(recommendation=closed, user=minh)
    workflow.add_recommendation(
        visit=visits[0],
        text="Sửa đổi quy chế chi tiêu nội bộ theo quy định mới về tài chính công đoàn, gửi Công đoàn xã.",
        deadline=on + dt.timedelta(days=25),
        owner_name="",
        user=minh,
    )
    numbers = _issue_documents(plan, minh)
    stdout.write(
        "Đã tạo Ủy ban kiểm tra Công đoàn xã (3 ủy viên) và 1 cuộc kiểm tra chấp hành Điều lệ (2 công đoàn cơ "
        "sở; 1 kiến nghị đã hoàn thành, 1 đang mở)"
        + (f"; đã ban hành {', '.join(numbers)}." if numbers else ".")
    )


def _issue_documents(plan: InspectionPlan, user) -> list[str]:  # noqa: ANN001
    """The quyết định kiểm tra and the notice, issued a week before the first visit; each visit's record,
    issued on its day; the thông báo kết luận, issued ten days after the last visit."""
    signer = Signer(
        mode="TM_KT",
        collective="BAN THƯỜNG VỤ",
        principal="CHỦ TỊCH",
        position="PHÓ CHỦ TỊCH",
        name="Lê Quang Minh",
    )
    on = plan.starts_on - dt.timedelta(days=7)
    try:
        decision = workflow.create_decision_draft(plan=plan, user=user, on=on)
        numbers = [
            issuing.issue_document(document=decision, user=user, on=on, header={"signer": signer}).number
        ]
        notice = workflow.create_notice_draft(plan=plan, user=user, on=on)
        numbers.append(
            issuing.issue_document(document=notice, user=user, on=on, header={"signer": signer}).number
        )
        last = on
        for visit in plan.visits.order_by("visit_on", "pk"):
            record = workflow.create_record_draft(visit=visit, user=user, on=visit.visit_on)
            numbers.append(issuing.issue_document(document=record, user=user, on=visit.visit_on).number)
            last = visit.visit_on
        concluded = last + dt.timedelta(days=10)
        conclusion = workflow.create_conclusion_draft(plan=plan, text=CONCLUSION, user=user, on=concluded)
        numbers.append(
            issuing.issue_document(
                document=conclusion, user=user, on=concluded, header={"signer": signer}
            ).number
        )
    except (issuing.IssueRefused, workflow.RuleBroken):
        return []  # the officer issues them from the pages
    return numbers


def wipe() -> None:
    for evidence in Evidence.objects.all():
        evidence.file.delete(save=False)
    DisciplineCase.objects.all().delete()
    InspectionPlan.objects.all().delete()
    CommitteeMember.objects.all().delete()
    Committee.objects.all().delete()
