"""Issue 26: the home page shows no empty box that says nothing to the user (a CĐCS chair reviews
nothing; "Bị trả lại" only when something was returned), and a to-do line never says its deadline twice."""

from __future__ import annotations

import datetime as dt

from trienkhai.awards.models import Movement
from trienkhai.lib.vn import format_date
from trienkhai.orgs.models import today
from trienkhai.reports.models import Submission

from .reports_world import ReportWorld


class HomeSectionTests(ReportWorld):
    def test_cdcs_chair_sees_no_empty_review_or_returned_box(self):
        self.login(self.cdcs_hoa)
        page = self.client.get("/")
        self.assertContains(page, "Báo cáo cần nộp")
        self.assertNotContains(page, "Chờ tôi duyệt")
        self.assertNotContains(page, "Bị trả lại")

    def test_reviewer_keeps_the_empty_review_box(self):
        self.login(self.officer_minh)
        page = self.client.get("/")
        self.assertContains(page, "Chờ tôi duyệt")
        self.assertContains(page, "Không có báo cáo nào chờ duyệt.")
        self.assertNotContains(page, "Bị trả lại")

    def test_a_returned_report_shows_the_returned_box(self):
        sub = self.school_submission()
        Submission.objects.filter(pk=sub.pk).update(status=Submission.Status.RETURNED)
        self.login(self.cdcs_hoa)
        self.assertContains(self.client.get("/"), "Bị trả lại")

    def test_an_open_movement_says_its_signup_deadline_once(self):
        deadline = today() + dt.timedelta(days=7)
        Movement.objects.create(
            unit=self.commune,
            title="Lao động giỏi, Lao động sáng tạo",
            year=deadline.year,
            starts_on=today(),
            ends_on=deadline + dt.timedelta(days=200),
            signup_deadline=deadline,
        )
        self.login(self.cdcs_hoa)
        page = self.client.get("/").content.decode()
        shown = format_date(deadline)
        self.assertIn("Đăng ký thi đua: Lao động giỏi", page)
        self.assertEqual(page.count(shown), 1, shown)
