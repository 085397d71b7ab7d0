"""The report world plus what issuing works on:

- `commune_plan`: the commune union's own plan (no number yet), with two task groups, a budget and duties,
  published to both CĐCS; the school made its own plan from it (`school_plan`, with actions and the
  people responsible) and completed it;
- the province's plan 27/KH-LĐLĐ of `ReportWorld` is registered as a legal basis carrying out 43-NQ/TW;
  the school's yearly report is approved, the factory has not reported (late).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from trienkhai.documents.models import LegalBasis
from trienkhai.plans.models import Action, BudgetLine, Duty, Plan, Task, TaskGroup
from trienkhai.plans.workflow import complete_sub_plan, create_sub_plan, publish_plan
from trienkhai.reports.models import Submission
from trienkhai.reports.workflow import approve_submission, submit_submission

from .media import TempMediaMixin
from .reports_world import ReportWorld

IMMEDIATE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default", "slow"]}
}
PUBLISHED = dt.date(2026, 3, 2)


class IssuingWorld(TempMediaMixin, ReportWorld):
    extra_settings = {"TASKS": IMMEDIATE}

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        resolution = LegalBasis.objects.create(
            number="43-NQ/TW", doc_type="NQ", issuer="BCH Trung ương", date=dt.date(2023, 11, 24)
        )
        cls.plan_basis = LegalBasis.objects.create(
            number="27/KH-LĐLĐ",
            owner_unit=cls.province,
            doc_type="KH",
            date=dt.date(2024, 8, 8),
            title="Thực hiện Nghị quyết số 43-NQ/TW",
            implements=resolution,
        )
        Plan.objects.filter(pk=cls.plan.pk).update(
            basis=cls.plan_basis, implements=resolution, issued_on=dt.date(2024, 8, 8), place="An Bình"
        )
        cls.plan.refresh_from_db()
        cls.commune_plan = cls._commune_plan()
        cls.school_plan = cls._school_plan()
        # The school's yearly report is approved; the factory has not reported.
        sub = cls.school_submission(cls)
        values = {
            "sessions": "4",
            "new_members": "12",
            "total_members": "85",
            "rate": "92,5",
            "spent": "3.500.000",
            cls.narrative.key: "Đã tổ chức 4 buổi tuyên truyền Nghị quyết 43 cho toàn thể đoàn viên.",
        }
        submit_submission(submission=sub, values=values, lock_version=sub.lock_version, user=cls.cdcs_hoa)
        sub.refresh_from_db()
        approve_submission(submission=sub, user=cls.officer_minh)
        cls.approved = Submission.objects.get(pk=sub.pk)

    @classmethod
    def _commune_plan(cls) -> Plan:
        plan = Plan.objects.create(
            owner_unit=cls.commune,
            title="Kế hoạch tuyên truyền Nghị quyết 43-NQ/TW năm 2026",
            place="Hòa Lạc",
            purposes=["Nâng cao nhận thức của đoàn viên về Nghị quyết 43-NQ/TW."],
            period_start=PUBLISHED,
            period_end=dt.date(2026, 12, 31),
            signer_name="Trần Văn Bình",
            signer_title="TM. BAN THƯỜNG VỤ CHỦ TỊCH",
            created_by=cls.officer_minh,
        )
        for g, (title, tasks) in enumerate(
            [
                ("Tuyên truyền, quán triệt", ["Tổ chức hội nghị quán triệt", "Đăng tin bài trên bảng tin"]),
                ("Chăm lo đời sống đoàn viên", ["Thăm hỏi đoàn viên khó khăn"]),
            ],
            start=1,
        ):
            group = TaskGroup.objects.create(plan=plan, position=g, label=str(g), title=title)
            for t, text in enumerate(tasks, start=1):
                Task.objects.create(plan=plan, group=group, position=t, code=f"II.{g}.{t}", text=text)
        BudgetLine.objects.create(
            plan=plan, position=0, item="Tài liệu tuyên truyền", amount=Decimal(4_500_000)
        )
        BudgetLine.objects.create(
            plan=plan, position=1, item="Quà thăm hỏi", amount=Decimal(10_000_000), source="social"
        )
        Duty.objects.create(plan=plan, position=0, unit_label="Công đoàn xã", text="Hướng dẫn, kiểm tra.")
        Duty.objects.create(plan=plan, position=1, unit_label="Công đoàn cơ sở", text="Xây dựng kế hoạch.")
        publish_plan(
            plan=plan, user=cls.officer_minh, units_filter=None, deadline=dt.date(2026, 3, 20), on=PUBLISHED
        )
        plan.refresh_from_db()
        return plan

    @classmethod
    def _school_plan(cls) -> Plan:
        assignment = cls.commune_plan.assignments.get(unit=cls.school)
        tasks = list(cls.commune_plan.tasks.values_list("pk", flat=True))
        sub = create_sub_plan(
            assignment=assignment, user=cls.cdcs_hoa, task_ids=tasks[:2], on=dt.date(2026, 3, 5)
        )
        for n, task in enumerate(sub.tasks.order_by("position")):
            Action.objects.create(
                plan=sub,
                task=task,
                position=0,
                text=f"Hoạt động cụ thể số {n + 1}",
                responsible="Đỗ Thị Hoa" if n == 0 else "Phó Chủ tịch CĐCS",
                due_date=dt.date(2026, 6, 30),
            )
        complete_sub_plan(plan=sub, user=cls.cdcs_hoa, on=dt.date(2026, 3, 15))
        sub.refresh_from_db()
        return sub
