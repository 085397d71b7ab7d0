"""Demo step of `legalaid`: requests from the district's enterprises, some advised by the commune union,
some by the province, one in court (represented by the union, with the worker's authorisation, its stages
and its limitation clock), one in mediation, several closed. Idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from trienkhai.orgs.models import Unit, today

from .models import CaseDocument, LegalCase, Topic
from .workflow import add_note, assign_advisor, close_case, open_case, record_court_case, record_stage

CASES = [
    (
        "PR-MAY",
        Topic.WAGES,
        "Nhóm 12 công nhân tổ cắt bị trừ lương do sản phẩm lỗi vượt định mức; hỏi cách tính có đúng luật không.",
        12,
        "officer_son",
        "advised",
    ),
    (
        "PR-GIAY",
        Topic.DISMISSAL,
        "Công nhân bị chấm dứt hợp đồng khi đang nuôi con dưới 12 tháng tuổi.",
        1,
        "officer_son",
        "court",
    ),
    (
        "PR-DIEU",
        Topic.INSURANCE,
        "Công ty nợ bảo hiểm xã hội 8 tháng; người lao động nghỉ việc không chốt được sổ.",
        46,
        "officer_son",
        "resolved",
    ),
    (
        "PR-CS-PR",
        Topic.ACCIDENT,
        "Công nhân cạo mủ bị ngã gãy chân khi đi làm; hỏi chế độ tai nạn lao động.",
        1,
        "officer_son",
        "open",
    ),
    (
        "PR-TTYT",
        Topic.CONTRACT,
        "Nhân viên hợp đồng của trung tâm y tế ký liên tiếp 3 hợp đồng xác định thời hạn 6 tháng.",
        7,
        "officer_minh",
        "partial",
    ),
    (
        "PR-DT",
        Topic.HOURS,
        "Làm thêm giờ vượt 300 giờ/năm, không trả lương ngày nghỉ hằng tuần.",
        30,
        None,
        "new",
    ),
    (
        "PR-THCS-PR",
        Topic.OTHER,
        "Giáo viên hợp đồng hỏi chế độ nghỉ thai sản khi hợp đồng sắp hết hạn.",
        1,
        None,
        "new",
    ),
    (
        "PR-NS",
        Topic.WAGES,
        "Trả lương thấp hơn lương tối thiểu vùng cho lao động mùa vụ.",
        18,
        "officer_son",
        "open",
    ),
    (
        "PR-LOGI",
        Topic.DISMISSAL,
        "Sa thải tài xế vì từ chối chạy ca đêm thứ ba liên tiếp.",
        1,
        "officer_son",
        "withdrawn",
    ),
    (
        "PR-CB",
        Topic.INSURANCE,
        "Chậm đóng bảo hiểm thất nghiệp, người lao động không hưởng được trợ cấp.",
        22,
        "officer_son",
        "resolved",
    ),
]


def build(world: dict, stdout) -> None:
    if LegalCase.objects.exists():
        stdout.write("Vụ việc tư vấn pháp luật mẫu đã có sẵn.")
        return
    units: dict[str, Unit] = world.get("units", {})
    users = get_user_model().objects.in_bulk(
        ["officer_minh", "officer_son", "cdcs_dung"], field_name="username"
    )
    on = today()
    made = 0
    for i, (code, topic, summary, workers, advisor, outcome) in enumerate(CASES):
        unit = units.get(code)
        if unit is None:
            continue
        opened = on - dt.timedelta(days=20 + 31 * i)
        creator = users.get("cdcs_dung") if code == "PR-CS-PR" else users.get("officer_minh")
        case = open_case(
            origin_unit=unit,
            user=creator,
            requester=["Nguyễn Văn Tâm", "Trần Thị Huyền", "Lê Văn Phước", "Điểu Thị Lan", "Phạm Văn Hòa"][
                i % 5
            ],
            requester_contact=f"09{(i * 7919) % 10**8:08d}",
            workers=workers,
            topic=topic,
            kind="support" if workers > 5 else "advice",
            summary=summary,
            opened_on=opened,
        )
        if advisor and users.get(advisor):
            assign_advisor(
                case=case,
                advisor_id=users[advisor].pk,
                user=creator,
                qualification="law_graduate" if advisor == "officer_son" else "collaborator",
            )
            add_note(
                case=case,
                user=users[advisor],
                text="Đã gặp người lao động, xem hợp đồng, bảng lương và quyết định liên quan.",
            )
        if outcome in ("court", "open") and topic in (Topic.DISMISSAL, Topic.WAGES, Topic.ACCIDENT):
            _dispute(case, outcome=outcome, user=users.get(advisor or "") or creator, on=on)
        if outcome == "court":
            record_court_case(
                case=case,
                user=users[advisor],
                court="Tòa án nhân dân khu vực 9 — Đồng Nai",
                number="45/2026/TLST-LĐ",
                filed_on=opened + dt.timedelta(days=25),
                hearing_on=on + dt.timedelta(days=18),
                stage="first",
            )
        elif outcome not in ("open", "new"):
            close_case(
                case=case,
                user=users[advisor],
                outcome=outcome,
                closed_on=min(opened + dt.timedelta(days=35), on),
                note="Doanh nghiệp đã khắc phục theo kiến nghị của công đoàn."
                if outcome == "resolved"
                else "",
                amount=Decimal(workers * 3_500_000) if outcome in ("resolved", "partial") else None,
            )
        made += 1
    stdout.write(f"Đã tạo {made} vụ việc tư vấn, hỗ trợ pháp luật mẫu.")


def _dispute(case: LegalCase, *, outcome: str, user, on: dt.date) -> None:
    """The dispute's road and clock (Art. 190 Bộ luật Lao động 2019): the dismissal goes to court without
    mediation (Art. 188(1) lets it), represented by the union with the worker's authorisation; the wage
    claim is at the mediator; the accident claim's mediation clock runs out in a few days."""
    found = 10  # the breach was found ten days before the worker came
    case.dispute_kind, case.discovered_on = "individual", case.opened_on - dt.timedelta(days=found)
    if case.topic == Topic.ACCIDENT:
        case.discovered_on = on - dt.timedelta(days=170)  # 6 months run out in about ten days
    case.represented = outcome == "court"
    case.save(update_fields=["dispute_kind", "discovered_on", "represented"])
    if case.represented:
        letter = CaseDocument(case=case, kind=CaseDocument.Kind.AUTHORISATION, uploaded_by=user)
        letter.name = "giay-uy-quyen-nguoi-lao-dong.pdf"
        data = _pdf()
        letter.size = len(data)
        letter.file.save(letter.name, ContentFile(data), save=False)
        letter.save()
    record_stage(case=case, user=user, stage="advice", started_on=case.opened_on, body="")
    if outcome == "court":
        record_stage(
            case=case,
            user=user,
            stage="court",
            started_on=case.opened_on + dt.timedelta(days=25),
            body="Tòa án nhân dân khu vực 9 — Đồng Nai",
        )
    elif case.topic == Topic.WAGES:
        record_stage(
            case=case,
            user=user,
            stage="mediation",
            started_on=min(case.opened_on + dt.timedelta(days=10), on),
            body="Hòa giải viên lao động Nguyễn Văn Bình (Sở Nội vụ)",
        )


def _pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def wipe() -> None:
    LegalCase.objects.all().delete()
