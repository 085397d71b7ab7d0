"""The demo world as `make run` loads it: what an officer sees there must make sense."""

from __future__ import annotations

import io
import shutil
import tempfile

from django.core.management import call_command
from django.test import TestCase, override_settings

from trienkhai.reports import demo as report_demo
from trienkhai.reports.models import Indicator


class DemoWorldTests(TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.media = tempfile.mkdtemp(prefix="trienkhai-test-media-")
        cls._override = override_settings(MEDIA_ROOT=cls.media)
        cls._override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        cls._override.disable()
        shutil.rmtree(cls.media, ignore_errors=True)

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
