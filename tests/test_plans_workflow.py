"""Publishing, versions, amendments, sub-plans and reminders through the workflow functions."""

import datetime as dt

from django.core.exceptions import ValidationError

from trienkhai.orgs.models import Sector, UnitKind
from trienkhai.orgs.workflow import create_unit, move_unit
from trienkhai.plans.models import Action, Plan, PlanAssignment, Reminder, Task, TaskGroup
from trienkhai.plans.workflow import (
    complete_sub_plan,
    create_sub_plan,
    diff_snapshots,
    publish_plan,
    remind_all_pending,
    send_reminder,
    start_amendment,
)

from .world import World

ON = dt.date(2024, 8, 8)
DEADLINE = dt.date(2024, 8, 30)


def make_plan(owner, user=None, tasks=3) -> Plan:
    plan = Plan.objects.create(
        owner_unit=owner,
        number="27/KH-LĐLĐ",
        title="Kế hoạch thực hiện Nghị quyết 43-NQ/TW",
        period_start=ON,
        period_end=dt.date(2028, 12, 31),
        created_by=user,
    )
    group = TaskGroup.objects.create(plan=plan, position=0, label="1", title="Tuyên truyền")
    for i in range(tasks):
        Task.objects.create(
            plan=plan, group=group, position=i, code=f"II.1.{i + 1}", text=f"Nhiệm vụ {i + 1}"
        )
    return plan


class PublishTests(World):
    def test_publish_creates_version_and_assignments_for_grassroots_as_of_date(self):
        plan = make_plan(self.province)
        version = publish_plan(
            plan=plan, user=self.chairwoman_lan, units_filter=None, deadline=DEADLINE, on=ON
        )
        plan.refresh_from_db()
        self.assertEqual((version.number, plan.version, plan.status), (1, 1, "published"))
        self.assertEqual(
            set(plan.assignments.values_list("unit__code", flat=True)), {"AB-HL-TH", "AB-HL-MAY"}
        )
        self.assertEqual(len(version.snapshot["groups"][0]["tasks"]), 3)

    def test_unit_moved_in_after_the_date_is_not_included_and_moved_out_after_is(self):
        newcomer = create_unit(
            parent=self.other_province,
            on=dt.date(2020, 1, 1),
            code="BS-X",
            name="CĐCS X",
            kind=UnitKind.GRASSROOTS,
        )
        move_unit(unit=newcomer, new_parent=self.commune, on=dt.date(2024, 9, 1))
        move_unit(unit=self.factory, new_parent=self.other_province, on=dt.date(2024, 9, 1))
        plan = make_plan(self.province)
        publish_plan(plan=plan, user=None, units_filter=None, deadline=DEADLINE, on=ON)
        codes = set(plan.assignments.values_list("unit__code", flat=True))
        self.assertEqual(codes, {"AB-HL-TH", "AB-HL-MAY"})
        plan2 = make_plan(self.province)
        publish_plan(
            plan=plan2, user=None, units_filter=None, deadline=dt.date(2024, 10, 1), on=dt.date(2024, 9, 2)
        )
        self.assertEqual(set(plan2.assignments.values_list("unit__code", flat=True)), {"AB-HL-TH", "BS-X"})

    def test_filters_by_sector_and_children_scope(self):
        plan = make_plan(self.province)
        publish_plan(plan=plan, user=None, units_filter={"sectors": [Sector.FDI]}, deadline=DEADLINE, on=ON)
        self.assertEqual(list(plan.assignments.values_list("unit__code", flat=True)), ["AB-HL-MAY"])
        plan2 = make_plan(self.province)
        publish_plan(plan=plan2, user=None, units_filter={"scope": "children"}, deadline=DEADLINE, on=ON)
        self.assertEqual(list(plan2.assignments.values_list("unit__code", flat=True)), ["AB-HL"])

    def test_published_plan_cannot_be_published_again_without_amendment(self):
        plan = make_plan(self.province)
        publish_plan(plan=plan, user=None, units_filter=None, deadline=DEADLINE, on=ON)
        with self.assertRaises(ValidationError):
            publish_plan(plan=plan, user=None, units_filter=None, deadline=DEADLINE, on=ON)

    def test_amendment_publishes_version_two_with_diff_and_keeps_assignments(self):
        plan = make_plan(self.province)
        publish_plan(plan=plan, user=None, units_filter=None, deadline=DEADLINE, on=ON)
        before = set(plan.assignments.values_list("pk", flat=True))
        start_amendment(
            plan=plan, user=self.chairwoman_lan, reason="Bổ sung nhiệm vụ chuyển đổi số " + "x" * 120
        )
        plan.refresh_from_db()
        self.assertEqual(plan.status, "amending")
        Task.objects.filter(plan=plan, code="II.1.3").delete()
        Task.objects.create(
            plan=plan, group=plan.groups.first(), position=9, code="II.1.4", text="Chuyển đổi số"
        )
        plan.title = "Kế hoạch (sửa đổi)"
        plan.save()
        v2 = publish_plan(
            plan=plan, user=None, units_filter=None, deadline=dt.date(2024, 9, 30), on=dt.date(2024, 9, 1)
        )
        self.assertEqual(v2.number, 2)
        self.assertEqual(v2.note, "Bổ sung nhiệm vụ chuyển đổi số " + "x" * 120)
        self.assertEqual(set(plan.assignments.values_list("pk", flat=True)), before)
        diff = diff_snapshots(plan.versions.get(number=1).snapshot, v2.snapshot)
        self.assertEqual([t["code"] for t in diff["added"]], ["II.1.4"])
        self.assertEqual([t["code"] for t in diff["removed"]], ["II.1.3"])
        self.assertEqual([f["field"] for f in diff["fields"]], ["Tên kế hoạch"])


class SubPlanTests(World):
    def setUp(self):
        self.plan = make_plan(self.province)
        publish_plan(plan=self.plan, user=None, units_filter=None, deadline=DEADLINE, on=ON)
        self.assignment = PlanAssignment.objects.get(plan=self.plan, unit=self.school)

    def test_sub_plan_prefilled_from_picked_tasks_with_source_links(self):
        picked = list(self.plan.tasks.filter(code__in=["II.1.1", "II.1.3"]))
        sub = create_sub_plan(
            assignment=self.assignment, user=self.cdcs_hoa, task_ids=[t.pk for t in picked], on=ON
        )
        self.assertEqual(sub.parent_plan, self.plan)
        self.assertEqual(sub.owner_unit, self.school)
        self.assertEqual(
            sorted(sub.tasks.values_list("code", "source_task_id")), sorted((t.code, t.pk) for t in picked)
        )
        self.assignment.refresh_from_db()
        self.assertIsNotNone(self.assignment.received_at)
        self.assertEqual(self.assignment.sub_plan, sub)

    def _complete(self, on):
        task = self.plan.tasks.first()
        sub = create_sub_plan(assignment=self.assignment, user=self.cdcs_hoa, task_ids=[task.pk], on=ON)
        Action.objects.create(
            plan=sub,
            task=sub.tasks.get(),
            text="Tuyên truyền",
            responsible="Đỗ Thị Hoa",
            due_date=dt.date(2024, 9, 30),
        )
        complete_sub_plan(plan=sub, user=self.cdcs_hoa, on=on)
        self.assignment.refresh_from_db()
        sub.refresh_from_db()
        return sub

    def test_completed_before_deadline_is_on_time(self):
        sub = self._complete(dt.date(2024, 8, 20))
        self.assertEqual(self.assignment.compute_state(), "on_time")
        self.assertEqual(sub.status, "published")
        state = PlanAssignment.objects.with_state().get(pk=self.assignment.pk).state
        self.assertEqual(state, "on_time")

    def test_completed_after_deadline_is_late_with_days(self):
        self._complete(dt.date(2024, 9, 4))
        self.assertEqual(self.assignment.compute_state(), "late")
        self.assertEqual(self.assignment.days_late(), 5)
        self.assertEqual(PlanAssignment.objects.with_state().get(pk=self.assignment.pk).state, "late")

    def test_complete_requires_an_action_per_task(self):
        sub = create_sub_plan(
            assignment=self.assignment, user=self.cdcs_hoa, task_ids=[self.plan.tasks.first().pk], on=ON
        )
        with self.assertRaises(ValidationError):
            complete_sub_plan(plan=sub, user=self.cdcs_hoa, on=ON)

    def test_reminder_is_sent_once_per_unit_per_day(self):
        day = dt.date(2024, 8, 25)
        self.assertTrue(send_reminder(assignment=self.assignment, user=self.chairwoman_lan, on=day))
        self.assertFalse(send_reminder(assignment=self.assignment, user=self.chairwoman_lan, on=day))
        self.assertEqual(remind_all_pending(plan=self.plan, user=self.chairwoman_lan, on=day), 1)
        self.assertEqual(remind_all_pending(plan=self.plan, user=self.chairwoman_lan, on=day), 0)
        self.assertEqual(Reminder.objects.filter(assignment__plan=self.plan).count(), 2)
        self.assertTrue(
            send_reminder(assignment=self.assignment, user=self.chairwoman_lan, on=day + dt.timedelta(1))
        )

    def test_trace_text_follows_source_task_to_top_plan(self):
        task = self.plan.tasks.get(code="II.1.3")
        sub = create_sub_plan(assignment=self.assignment, user=self.cdcs_hoa, task_ids=[task.pk], on=ON)
        text = sub.trace_text(sub.tasks.get())
        self.assertIn("Thực hiện nhiệm vụ II.1.3 của KH 27/KH-LĐLĐ", text)
