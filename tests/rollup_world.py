"""The named world grown for roll-ups: a second commune union, a CĐCS directly under the province, and a
quarterly form of the province's plan with one indicator per aggregation rule.

LĐLĐ tỉnh An Bình (province)                           chairwoman_lan
  ├─ Công đoàn xã Hòa Lạc (commune)                    officer_minh
  │    ├─ CĐCS Trường Tiểu học Hòa Lạc (school)        cdcs_hoa
  │    └─ CĐCS Công ty May Hòa Lạc (factory)
  ├─ Công đoàn xã Tân Lập (commune2)
  │    └─ CĐCS Bệnh viện Tân Lập (hospital)
  └─ CĐCS Công ty Cơ khí An Bình (company)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from trienkhai.orgs.models import Sector, UnitKind
from trienkhai.orgs.workflow import create_unit
from trienkhai.plans.models import Plan, PlanAssignment
from trienkhai.reports.models import Indicator, ReportForm, Rule, Submission, SubmissionValue
from trienkhai.reports.validation import check_indicator
from trienkhai.reports.workflow import open_submission

from .world import START, World

K, A = Indicator.Kind, Indicator.Aggregation
INDICATORS = [
    # code, label, kind, rule, weight
    ("members", "Tổng số đoàn viên", K.INTEGER, A.LATEST, ""),
    ("new_members", "Đoàn viên kết nạp mới", K.INTEGER, A.SUM, ""),
    ("fee_rate", "Tỷ lệ đóng đoàn phí", K.PERCENT, A.WEIGHTED, "members"),
    ("score", "Điểm tự đánh giá", K.DECIMAL, A.AVERAGE, ""),
    ("wage_low", "Lương thấp nhất (triệu đồng)", K.DECIMAL, A.MIN, ""),
    ("wage_high", "Lương cao nhất (triệu đồng)", K.DECIMAL, A.MAX, ""),
    ("has_cba", "Có thỏa ước lao động tập thể", K.YESNO, A.COUNT_YES, ""),
    ("note", "Ghi chú", K.TEXT, A.NONE, ""),
]


class RollupWorld(World):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.commune2 = create_unit(
            parent=cls.province, on=START, code="AB-TL", name="Công đoàn xã Tân Lập", kind=UnitKind.COMMUNE
        )
        cls.hospital = create_unit(
            parent=cls.commune2,
            on=START,
            code="AB-TL-BV",
            name="Công đoàn Bệnh viện Tân Lập",
            kind=UnitKind.GRASSROOTS,
            sector=Sector.ADMINISTRATIVE,
        )
        cls.company = create_unit(
            parent=cls.province,
            on=START,
            code="AB-CK",
            name="Công đoàn Công ty Cơ khí An Bình",
            kind=UnitKind.GRASSROOTS,
            sector=Sector.NON_STATE,
        )
        cls.plan = Plan.objects.create(
            owner_unit=cls.province, number="12/KH-LĐLĐ", title="Kế hoạch thử", status=Plan.Status.PUBLISHED
        )
        for unit in (cls.school, cls.factory, cls.hospital, cls.company):
            PlanAssignment.objects.create(plan=cls.plan, unit=unit, sent_on=START, deadline=START)
        cls.form = ReportForm.objects.create(plan=cls.plan, title="Báo cáo quý", period_kind="quarter")
        for pos, (code, label, kind, rule, weight) in enumerate(INDICATORS):
            Indicator.objects.create(
                form=cls.form,
                code=code,
                label=label,
                kind=kind,
                aggregation=rule,
                weight_code=weight,
                position=pos,
                required=False,
            )
        Rule.objects.create(
            form=cls.form,
            expression="new_members <= members",
            message="Số đoàn viên kết nạp mới không được lớn hơn tổng số đoàn viên.",
        )

    @classmethod
    def report(cls, unit, year: int, index: int, status: str = "approved", late: bool = False, **values):
        """A report in the given state with the given values, as the workflow would leave it."""
        sub = open_submission(form=cls.form, unit=unit, year=year, index=index)
        indicators = {i.code: i for i in cls.form.indicators.all()}
        for key, raw in values.items():
            number, error = check_indicator(indicators[key], str(raw))
            assert error is None, (key, raw, error)
            SubmissionValue.objects.update_or_create(
                submission=sub, key=key, defaults={"raw": str(raw), "number": number}
            )
        if status != "draft":
            sub.status = status
            sub.first_submitted_at = sub.submitted_at = timezone.now()
            sub.is_late = late
            if status == Submission.Status.APPROVED:
                sub.approved_at = timezone.now()
            sub.save()
        return sub


def q(year: int, index: int) -> dt.date:
    """The last day of a quarter (data closes on the 14th)."""
    from trienkhai.lib.periods import period_for

    return period_for("quarter", year, index)[1]


D = Decimal
