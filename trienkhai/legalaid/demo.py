"""Demo step of `legalaid`: requests from the district's enterprises, some advised by the commune union,
some by the province, one in court, several closed. Idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from trienkhai.orgs.models import Unit, today

from .models import LegalCase, Topic
from .workflow import add_note, assign_advisor, close_case, open_case, record_court_case

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
            assign_advisor(case=case, advisor_id=users[advisor].pk, user=creator)
            add_note(
                case=case,
                user=users[advisor],
                text="Đã gặp người lao động, xem hợp đồng, bảng lương và quyết định liên quan.",
            )
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


def wipe() -> None:
    LegalCase.objects.all().delete()
