"""Budget lines belong to a task or task group, and a sub-plan's lines are drawn from its parent's lines
(issue 25): through the plan's budget editor, the allocations of one line never add up to more than it,
and a parent line cannot be cut below what it gave out nor deleted while it has allocations."""

from __future__ import annotations

import contextlib
import threading

from django.db import connection, connections
from django.test import TransactionTestCase
from django.urls import reverse

from trienkhai.plans.models import BudgetLine, Plan, PlanAssignment, Task, TaskGroup
from trienkhai.plans.workflow import AllocationRefused, create_sub_plan, publish_plan, save_plan_rows

from .test_plans_workflow import DEADLINE, ON, make_plan
from .world import World


class AllocationWorld(World):
    """The commune's plan has a 10.000.000 đ line; the school (cdcs_hoa) and the factory each made a
    draft sub-plan; the factory has already drawn 6.000.000 đ from the line."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan = make_plan(cls.commune, cls.officer_minh)
        cls.line = BudgetLine.objects.create(plan=cls.plan, item="Tập huấn cán bộ", amount=10_000_000)
        publish_plan(plan=cls.plan, user=cls.officer_minh, units_filter=None, deadline=DEADLINE, on=ON)
        task_ids = list(cls.plan.tasks.values_list("pk", flat=True))
        cls.school_plan = create_sub_plan(
            assignment=PlanAssignment.objects.get(plan=cls.plan, unit=cls.school),
            user=cls.cdcs_hoa,
            task_ids=task_ids,
        )
        cls.factory_plan = create_sub_plan(
            assignment=PlanAssignment.objects.get(plan=cls.plan, unit=cls.factory),
            user=None,
            task_ids=task_ids,
        )
        BudgetLine.objects.create(
            plan=cls.factory_plan, item="Tập huấn", amount=6_000_000, parent_line=cls.line
        )

    def budget_post(self, plan: Plan, amount: str, **extra: str):
        plan.refresh_from_db()
        data = {
            "lock_version": plan.lock_version,
            "kinh_phi-TOTAL_FORMS": "1",
            "kinh_phi-INITIAL_FORMS": "0",
            "kinh_phi-0-position": "1",
            "kinh_phi-0-item": "Tập huấn cán bộ CĐCS trường",
            "kinh_phi-0-amount": amount,
            "kinh_phi-0-source": "union_fund",
            "kinh_phi-0-parent_line": str(self.line.pk),
        }
        data.update(extra)
        return self.client.post(reverse("plans:rows", args=[plan.pk, "kinh-phi"]), data)


class AllocationLimitTests(AllocationWorld):
    def test_allocation_within_the_line_is_saved_with_its_task_group(self):
        self.login(self.cdcs_hoa)
        group = self.school_plan.groups.first()
        response = self.budget_post(self.school_plan, "4.000.000", **{"kinh_phi-0-group": str(group.pk)})
        self.assertEqual(response.status_code, 302)
        line = BudgetLine.objects.get(plan=self.school_plan)
        self.assertEqual(
            (line.amount, line.parent_line_id, line.group_id), (4_000_000, self.line.pk, group.pk)
        )

    def test_allocation_over_the_line_is_refused_in_vietnamese_and_keeps_the_typed_rows(self):
        self.login(self.cdcs_hoa)
        response = self.budget_post(self.school_plan, "4.000.001")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "vượt dự toán của dòng (10.000.000 đ)", status_code=400)
        self.assertContains(response, "10.000.001 đ", status_code=400)
        self.assertContains(response, 'value="Tập huấn cán bộ CĐCS trường"', status_code=400)
        self.assertFalse(BudgetLine.objects.filter(plan=self.school_plan).exists())
        lock = self.school_plan.lock_version
        self.school_plan.refresh_from_db()
        self.assertEqual(self.school_plan.lock_version, lock)  # the refused save took no lock

    def test_parent_line_cannot_be_cut_below_its_allocations(self):
        Plan.objects.filter(pk=self.plan.pk).update(status=Plan.Status.AMENDING)
        self.login(self.officer_minh)
        self.plan.refresh_from_db()
        data = {
            "lock_version": self.plan.lock_version,
            "kinh_phi-TOTAL_FORMS": "1",
            "kinh_phi-INITIAL_FORMS": "1",
            "kinh_phi-0-id": str(self.line.pk),
            "kinh_phi-0-position": "1",
            "kinh_phi-0-item": "Tập huấn cán bộ",
            "kinh_phi-0-amount": "5.000.000",
            "kinh_phi-0-source": "union_fund",
        }
        response = self.client.post(reverse("plans:rows", args=[self.plan.pk, "kinh-phi"]), data)
        self.assertContains(response, "Tổng phân bổ từ dòng kinh phí", status_code=400)
        self.line.refresh_from_db()
        self.assertEqual(self.line.amount, 10_000_000)

    def test_line_with_allocations_cannot_be_deleted(self):
        Plan.objects.filter(pk=self.plan.pk).update(status=Plan.Status.AMENDING)
        self.login(self.officer_minh)
        self.plan.refresh_from_db()
        data = {
            "lock_version": self.plan.lock_version,
            "kinh_phi-TOTAL_FORMS": "1",
            "kinh_phi-INITIAL_FORMS": "1",
            "kinh_phi-0-id": str(self.line.pk),
            "kinh_phi-0-position": "1",
            "kinh_phi-0-item": "Tập huấn cán bộ",
            "kinh_phi-0-amount": "10.000.000",
            "kinh_phi-0-source": "union_fund",
            "kinh_phi-0-DELETE": "on",
        }
        response = self.client.post(reverse("plans:rows", args=[self.plan.pk, "kinh-phi"]), data)
        self.assertContains(response, "Không xóa được dòng kinh phí", status_code=400)
        self.assertTrue(BudgetLine.objects.filter(pk=self.line.pk).exists())

    def test_only_lines_of_the_parent_plan_can_be_drawn_from(self):
        stranger = BudgetLine.objects.create(
            plan=make_plan(self.commune, self.officer_minh), item="X", amount=1
        )
        self.login(self.cdcs_hoa)
        response = self.budget_post(self.school_plan, "1", **{"kinh_phi-0-parent_line": str(stranger.pk)})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(BudgetLine.objects.filter(plan=self.school_plan).exists())

    def test_task_of_another_group_is_refused(self):
        groups = [
            TaskGroup.objects.create(plan=self.school_plan, position=9 + i, title=f"N{i}") for i in (1, 2)
        ]
        task = Task.objects.create(plan=self.school_plan, group=groups[1], text="Việc của nhóm hai")
        self.login(self.cdcs_hoa)
        response = self.budget_post(
            self.school_plan, "1", **{"kinh_phi-0-group": str(groups[0].pk), "kinh_phi-0-task": str(task.pk)}
        )
        self.assertContains(response, "Nhiệm vụ này không thuộc nhóm nhiệm vụ đã chọn.")


class ConcurrentAllocationTests(TransactionTestCase):
    """Two sub-plans drawing 6.000.000 đ each from a 10.000.000 đ line at the same moment: one is saved,
    the other refused. On PostgreSQL both transactions really overlap (the lock on the parent line row
    orders them); SQLite takes one writer at a time, so there they run one after the other."""

    def test_two_sub_plans_saving_at_once_cannot_overrun_the_line(self):
        class w(World):  # the named world, built here because this class commits for real
            pass

        w.setUpTestData()
        plan = make_plan(w.commune, w.officer_minh)
        line = BudgetLine.objects.create(plan=plan, item="Tập huấn", amount=10_000_000)
        publish_plan(plan=plan, user=w.officer_minh, units_filter=None, deadline=DEADLINE, on=ON)
        subs = [
            create_sub_plan(assignment=PlanAssignment.objects.get(plan=plan, unit=u), user=None, task_ids=[])
            for u in (w.school, w.factory)
        ]
        parallel = connection.vendor == "postgresql"
        barrier = threading.Barrier(2) if parallel else None
        one_at_a_time = threading.Lock()
        outcomes: list[str] = []

        def save(sub: Plan) -> None:
            try:
                row = BudgetLine(plan=sub, item="Tập huấn", amount=6_000_000, parent_line_id=line.pk)
                if barrier is not None:
                    barrier.wait(timeout=30)
                with one_at_a_time if barrier is None else contextlib.nullcontext():
                    try:
                        save_plan_rows(plan=sub, rows=[row], deleted=[], lock_version=sub.lock_version)
                        outcomes.append("saved")
                    except AllocationRefused:
                        outcomes.append("refused")
            finally:
                connections.close_all()

        threads = [threading.Thread(target=save, args=(sub,)) for sub in subs]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        self.assertEqual(sorted(outcomes), ["refused", "saved"])
        self.assertEqual(BudgetLine.objects.filter(parent_line=line).count(), 1)
