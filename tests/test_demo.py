"""The demo world as `make run` loads it: what an officer sees there must make sense."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.test import TestCase

from trienkhai.reports import demo as report_demo
from trienkhai.reports.models import Indicator

from .media import TempMediaMixin


class DemoWorldTests(TempMediaMixin, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("demo", stdout=io.StringIO())

    def test_indicators_are_filed_under_the_task_group_they_report_on(self) -> None:
        indicators = Indicator.objects.filter(form__title=report_demo.TITLE).select_related("group")
        group_of = {i.code: (i.group.title if i.group else "") for i in indicators}
        for code in ("new_members", "total_members", "new_cdcs"):
            self.assertIn("phát triển đoàn viên", group_of[code], code)
        for code in ("new_cba", "dialogues", "legal_cases"):
            self.assertIn("quyền, lợi ích hợp pháp", group_of[code], code)
        for code in ("trained", "contests"):
            self.assertIn("đào tạo", group_of[code], code)
        self.assertIn("tuyên truyền", group_of["sessions"].lower())
        self.assertIn("phát triển đảng viên", group_of["party_referrals"])
        self.assertIn("thi đua", group_of["good_models"])

    def test_no_label_repeats_its_unit_of_measure(self) -> None:
        for indicator in Indicator.objects.all():
            self.assertNotIn(f"({indicator.unit_of_measure})", indicator.label)

    # --- inspections: a completed inspection with one closed and one open recommendation -------------------

    def test_the_demo_inspection_has_a_closed_and_an_open_recommendation(self) -> None:
        from trienkhai.inspections.models import InspectionPlan, Recommendation
        from trienkhai.orgs.models import today

        plan = InspectionPlan.objects.select_related("unit").get()
        self.assertEqual(plan.unit.code, "X-PR")
        visits = list(plan.visits.select_related("unit").order_by("pk"))
        self.assertEqual([v.unit.code for v in visits], ["PR-THCS-PR", "PR-TH-PR"])
        self.assertTrue(all(v.is_recorded and v.findings for v in visits))
        self.assertEqual(plan.team.filter(role="head").count(), 1)
        closed = Recommendation.objects.get(status="closed")
        self.assertEqual(
            [(e.from_status, e.to_status) for e in closed.events.all()],
            [("", "open"), ("open", "answered"), ("answered", "closed")],
        )
        self.assertEqual([e.name for e in closed.evidence.all()], ["so-doan-phi-thang-7-9.pdf"])
        self.assertTrue(closed.evidence.get().file.size > 0)
        still_open = Recommendation.objects.exclude(status="closed").get()
        self.assertGreater(still_open.deadline, today())
        self.assertEqual(still_open.visit.unit.code, "PR-THCS-PR")  # cdcs_hoa's school: on her home page
        self.assertFalse(visits[1].recommendations.exists())
        # The notice and both records are issued with registered numbers of the commune union.
        self.assertRegex(plan.notice.number, r"^\d{2}/TB-")
        self.assertEqual([v.record.content["doc_type"] for v in visits], ["BB", "BB"])
        self.assertTrue(all(v.record.state == "issued" and v.record.number for v in visits))
