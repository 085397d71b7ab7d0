"""The named world plus a published plan of the province, sent to both CĐCS, with a yearly report form."""

from __future__ import annotations

import datetime as dt

from trienkhai.orgs.models import today
from trienkhai.plans.models import Plan, PlanAssignment, TaskGroup
from trienkhai.reports.models import Indicator, Narrative, ReportForm, Rule
from trienkhai.reports.workflow import open_submission

from .world import World


class ReportWorld(World):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.plan = Plan.objects.create(
            owner_unit=cls.province, number="27/KH-LĐLĐ", title="Kế hoạch thử", status=Plan.Status.PUBLISHED
        )
        cls.group = TaskGroup.objects.create(plan=cls.plan, position=0, label="1", title="Tuyên truyền")
        for unit in (cls.school, cls.factory):
            PlanAssignment.objects.create(
                plan=cls.plan, unit=unit, sent_on=dt.date(2024, 8, 8), deadline=dt.date(2024, 9, 8)
            )
        cls.form = ReportForm.objects.create(plan=cls.plan, title="Báo cáo năm", period_kind="year")
        K = Indicator.Kind
        for pos, (code, label, kind) in enumerate(
            [
                ("sessions", "Số buổi tuyên truyền", K.INTEGER),
                ("new_members", "Đoàn viên kết nạp mới", K.INTEGER),
                ("total_members", "Tổng số đoàn viên", K.INTEGER),
                ("rate", "Tỷ lệ tham gia", K.PERCENT),
                ("spent", "Kinh phí đã chi", K.DECIMAL),
            ]
        ):
            Indicator.objects.create(form=cls.form, code=code, label=label, kind=kind, position=pos)
        Rule.objects.create(
            form=cls.form,
            expression="new_members <= total_members",
            message="Số đoàn viên kết nạp mới không được lớn hơn tổng số đoàn viên.",
        )
        cls.narrative = Narrative.objects.create(form=cls.form, group=cls.group, required=True)
        cls.year = today().year if today() < dt.date(today().year, 12, 15) else today().year + 1

    def good_values(self) -> dict[str, str]:
        return {
            "v_sessions": "4",
            "v_new_members": "12",
            "v_total_members": "85",
            "v_rate": "92,5",
            "v_spent": "3.500.000",
            f"v_{self.narrative.key}": "Đã tổ chức 4 buổi tuyên truyền Nghị quyết 43.",
        }

    def school_submission(self):
        return open_submission(form=self.form, unit=self.school, year=self.year, index=1)

    def post(self, submission, action: str = "save", **values):
        data = {"action": action, "lock_version": submission.lock_version, **values}
        return self.client.post(f"/bao-cao/{submission.pk}/", data)
