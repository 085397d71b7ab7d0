"""Demo step of `finance`: the money of the seed plan 27/KH-LĐLĐ. Its budget lines are tied to the task
groups; two CĐCS that made their own plans draw allocations from the district's lines and record their
spending with vouchers over two quarters (IV/2024 and I/2025); one of them overspends its training line
and says why; the district records its own spending too. Idempotent: nothing is added once the plan has
spending records."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from trienkhai.plans.demo import NUMBER
from trienkhai.plans.models import BudgetLine, Plan
from trienkhai.reports.models import Submission

from .models import OverspendReason, Payment, Statement
from .workflow import confirm_spending, record_payment

# Allocations of the two CĐCS: (line position in 27/KH, item, amount).
ALLOCATIONS = [
    (0, "Tuyên truyền Nghị quyết 43-NQ/TW tại đơn vị (pano, tài liệu)", 3_000_000),
    (1, "Cử cán bộ công đoàn dự tập huấn kỹ năng", 6_000_000),
]
# (allocation index, date, amount, payee, purpose, voucher file name) per CĐCS; the second overspends
# its training allocation (6.000.000 đ) by 1.350.000 đ.
SPENDING = [
    [
        (
            0,
            dt.date(2024, 11, 12),
            1_250_000,
            "Cơ sở in ấn Phú Riềng",
            "In pano, áp phích tuyên truyền",
            "phieu-chi-01.pdf",
        ),
        (
            1,
            dt.date(2024, 12, 3),
            2_400_000,
            "Trường Chính trị tỉnh",
            "Học phí tập huấn 2 cán bộ",
            "phieu-chi-02.pdf",
        ),
        (
            0,
            dt.date(2025, 2, 18),
            850_000,
            "Nhà sách Phú Riềng",
            "Tài liệu học tập Nghị quyết",
            "phieu-chi-03.pdf",
        ),
        (
            1,
            dt.date(2025, 3, 6),
            1_800_000,
            "Nhà xe Phú Riềng",
            "Thuê xe đưa cán bộ đi tập huấn",
            "phieu-chi-04.pdf",
        ),
    ],
    [
        (
            1,
            dt.date(2024, 10, 22),
            3_150_000,
            "Khách sạn Phú Riềng",
            "Hội trường, nước uống lớp tập huấn",
            "phieu-chi-01.pdf",
        ),
        (
            0,
            dt.date(2024, 12, 16),
            1_900_000,
            "Công ty Quảng cáo Bình Phước",
            "Pano tuyên truyền tại cổng",
            "phieu-chi-02.pdf",
        ),
        (
            1,
            dt.date(2025, 1, 14),
            2_700_000,
            "Trường Chính trị tỉnh",
            "Học phí tập huấn 3 cán bộ",
            "phieu-chi-03.pdf",
        ),
        (
            1,
            dt.date(2025, 3, 20),
            1_500_000,
            "Nhà xe Phú Riềng",
            "Thuê xe đưa cán bộ đi tập huấn",
            "phieu-chi-04.pdf",
        ),
    ],
]
OVERSPEND_REASON = (
    "Số cán bộ công đoàn cần tập huấn tăng từ 2 lên 3 người sau đại hội công đoàn cơ sở; "
    "phần vượt chi từ nguồn tài chính công đoàn cơ sở tích lũy."
)
# The district's own spending on its lines (position, date, amount, payee, purpose).
DISTRICT = [
    (
        0,
        dt.date(2024, 10, 15),
        12_500_000,
        "Công ty Quảng cáo Bình Phước",
        "Pano tuyên truyền tại trung tâm huyện",
    ),
    (
        3,
        dt.date(2024, 12, 27),
        12_000_000,
        "Cơ sở in ấn Phú Riềng",
        "Giấy khen, khung, tiền thưởng sơ kết năm 2024",
    ),
    (1, dt.date(2025, 3, 25), 18_000_000, "Trường Chính trị tỉnh", "Lớp tập huấn chủ tịch CĐCS (2 ngày)"),
]


def _voucher(name: str) -> SimpleUploadedFile:
    """A one-page PDF standing for the scanned payment voucher (phiếu chi)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="application/pdf")


def build(world: dict, stdout) -> None:  # noqa: ANN001
    plan = Plan.objects.filter(number=NUMBER, parent_plan__isnull=True).order_by("pk").first()
    if plan is None:
        return
    if Payment.objects.filter(line__plan=plan).exists():
        stdout.write(f"Kinh phí {NUMBER} đã có sổ chi mẫu.")
        return
    lines = list(plan.budget_lines.order_by("position", "pk"))
    groups = list(plan.groups.order_by("position"))
    for n, line in enumerate(lines):  # the budget lines pay for the task groups, in order
        if groups:
            BudgetLine.objects.filter(pk=line.pk).update(group=groups[min(n, len(groups) - 1)])
    subs = list(
        Plan.objects.filter(parent_plan=plan, owner_unit__code__in=["PR-TH-PR", "PR-MN-PR", "PR-THPT-PR"])
        .select_related("owner_unit")
        .order_by("owner_unit__code")
    ) or list(Plan.objects.filter(parent_plan=plan).select_related("owner_unit").order_by("owner_unit__code"))
    subs = subs[:2]
    users = get_user_model().objects
    son = users.filter(username="officer_son").first()
    for sub, spending in zip(subs, SPENDING, strict=False):
        allocations = [
            BudgetLine.objects.create(
                plan=sub,
                position=k,
                item=item,
                amount=Decimal(amount),
                source=lines[position].source,
                parent_line=lines[position],
                group=sub.groups.order_by("position").first(),
            )
            for k, (position, item, amount) in enumerate(ALLOCATIONS)
        ]
        for k, paid_on, amount, payee, purpose, voucher in spending:
            record_payment(
                line=allocations[k],
                paid_on=paid_on,
                amount=Decimal(amount),
                payee=payee,
                purpose=purpose,
                voucher=_voucher(voucher),
                user=sub.created_by,
            )
    if len(subs) == 2:
        overspent = BudgetLine.objects.get(plan=subs[1], position=1)
        OverspendReason.objects.create(line=overspent, text=OVERSPEND_REASON, given_by=subs[1].created_by)
    for position, paid_on, amount, payee, purpose in DISTRICT:
        if position < len(lines):
            record_payment(
                line=lines[position],
                paid_on=paid_on,
                amount=Decimal(amount),
                payee=payee,
                purpose=purpose,
                voucher=_voucher(f"phieu-chi-huyen-{paid_on:%Y%m%d}.pdf"),
                user=son,
            )
    # The two CĐCS's reports on the plan were submitted and approved before this step: their statements
    # are frozen as they would have been then (confirmed by the submitter, approved by the reviewer).
    for submission in Submission.objects.filter(
        form__plan=plan,
        unit__in=[s.owner_unit for s in subs],
        status__in=["submitted", "resubmitted", "approved"],
    ).select_related("unit", "form__plan", "approved_by"):
        submitted = (
            submission.events.filter(to_status__in=["submitted", "resubmitted"]).order_by("-at").first()
        )
        statement = confirm_spending(submission=submission, user=submitted.actor if submitted else None)
        Statement.objects.filter(pk=statement.pk).update(
            confirmed_at=submitted.at if submitted else submission.submitted_at,
            approved_by=submission.approved_by,
            approved_at=submission.approved_at,
        )
    names = ", ".join(s.owner_unit.name for s in subs)
    stdout.write(
        f"Kinh phí {NUMBER}: phân bổ cho {names}; {Payment.objects.filter(line__plan__in=[plan, *subs]).count()} "
        "khoản chi có chứng từ trong quý IV/2024 và quý I/2025, một dòng chi vượt dự toán."
    )


def wipe() -> None:
    Statement.objects.all().delete()
    OverspendReason.objects.all().delete()
    Payment.objects.filter(reverses__isnull=False).delete()
    Payment.objects.all().delete()
    BudgetLine.objects.filter(parent_line__isnull=False).delete()
