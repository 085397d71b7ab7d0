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
