"""Pinned query counts of the pages every user opens (STYLE.md): a change that adds a query per row or per
history record shows up here. Counts are for the named test world; the plan page must not grow with its
history."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from trienkhai.core.notify import notify
from trienkhai.plans.models import Task

from .reports_world import ReportWorld


class PinnedQueryCountTests(ReportWorld):
    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(ctx.captured_queries)

    def test_home(self):
        self.login(self.cdcs_hoa)
        self.assertEqual(self.count("/"), HOME)

    def test_notifications(self):
        for i in range(3):
            notify(users=[self.cdcs_hoa], verb="x", text=f"Tin {i}", url="/", key=f"k{i}")
        self.login(self.cdcs_hoa)
        self.assertEqual(self.count("/thong-bao/"), NOTIFICATIONS)

    def test_submission_page(self):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        self.post(sub, "save", **self.good_values())
        self.assertEqual(self.count(f"/bao-cao/{sub.pk}/"), SUBMISSION)

    def test_plan_page_does_not_grow_with_its_history(self):
        self.login(self.chairwoman_lan)
        url = f"/ke-hoach/{self.plan.pk}/"
        task = Task.objects.create(plan=self.plan, group=self.group, position=0, code="II.1.1", text="Một")
        few = self.count(url)
        for i in range(20):
            task.text = f"Lần sửa {i}"
            task.save()
            self.plan.title = f"Kế hoạch thử {i}"
            self.plan.save()
        self.assertEqual(self.count(url), few)
        self.assertEqual(few, PLAN)


# The pinned numbers (SQLite and PostgreSQL alike).
# HOME: reports 3+, one per daily-work section (agreements 2: ending soon, and the Art. 77 filing clock),
# inspections 1, evaluations 1, awards 4 (its home.py); issue 19-20, one each and never per row: the case
# clocks the unit holds and those past their limit at the units below (concerns 2), the limitation clocks
# (legalaid 1), the CĐCS below with no dialogue or Hội nghị (agreements 1), the applications waiting for
# the upper union (members 1)
HOME = 25
NOTIFICATIONS = 4
# SUBMISSION +1: whether the plan has a budget (finance/hooks.py submission_panels); +1: the form's checks,
# named by label and shown as the user types (reports.validation.rule_hints)
SUBMISSION = 13
PLAN = 26  # +1: the report forms made for the plan (reports/hooks.py plan_links), +1: its budget (finance);
# +1: the plan's owner unit in scope, walked up from it (plans/access.py), not the user's subtree expanded
