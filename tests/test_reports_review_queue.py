"""The reviewer's queue (issue 26, point 8): grouped by form and period, each row led by the unit named as
in the report's period and as today, a flat number of queries, and a link from one report to the next."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from trienkhai.orgs.models import UnitKind
from trienkhai.orgs.workflow import create_unit, dissolve_unit, rename_unit
from trienkhai.plans.models import Plan
from trienkhai.reports.models import ReportForm, Submission
from trienkhai.reports.workflow import open_submission

from .reports_world import ReportWorld

QUEUE = "/bao-cao/cho-duyet/"


class ReviewQueueTests(ReportWorld):
    def submitted(self, unit, *, year=None, form=None):
        s = open_submission(form=form or self.form, unit=unit, year=year or self.year - 1, index=1)
        Submission.objects.filter(pk=s.pk).update(
            status=Submission.Status.SUBMITTED, submitted_at=timezone.now()
        )
        return Submission.objects.get(pk=s.pk)

    def more_cdcs(self, n: int, start: int = 0):
        return [
            create_unit(
                parent=self.commune,
                on=dt.date(2010, 1, 1),
                code=f"AB-HL-{i}",
                name=f"Công đoàn Doanh nghiệp số {i:03d}",
                kind=UnitKind.GRASSROOTS,
            )
            for i in range(start, start + n)
        ]

    def test_queue_says_form_and_period_once_and_leads_each_row_with_the_unit(self):
        for unit in [self.school, self.factory, *self.more_cdcs(5)]:
            self.submitted(unit)
        self.login(self.officer_minh)
        page = self.client.get(QUEUE).content.decode()
        self.assertEqual(page.count("Báo cáo năm"), 1)  # the group's heading, not once per report
        self.assertEqual(page.count('class="list-group-item queue-row"'), 7)
        self.assertIn("Công đoàn Trường Tiểu học Hòa Lạc</a>", page)
        self.assertIn("Công đoàn Doanh nghiệp số 004</a>", page)

    def test_home_shows_one_line_per_form_and_period_with_the_count(self):
        for unit in [self.school, self.factory, *self.more_cdcs(5)]:
            self.submitted(unit)
        self.submitted(self.school, year=self.year - 2)
        self.login(self.officer_minh)
        page = self.client.get("/").content.decode()
        self.assertEqual(page.count("Báo cáo năm —"), 2)
        self.assertIn("7 báo cáo chờ duyệt", page)
        self.assertIn("1 báo cáo chờ duyệt", page)

    def test_queue_names_the_unit_as_in_the_period_and_as_today(self):
        self.submitted(self.school)
        rename_unit(unit=self.school, name="Công đoàn Trường Liên cấp Hòa Lạc", on=dt.date(self.year, 1, 1))
        self.login(self.officer_minh)
        r = self.client.get(QUEUE)
        self.assertContains(r, "Công đoàn Trường Tiểu học Hòa Lạc")
        self.assertContains(r, "nay: Công đoàn Trường Liên cấp Hòa Lạc")

    def test_queue_names_who_carries_a_plan_whose_issuer_was_dissolved_before_the_period(self):
        district = create_unit(
            parent=self.province,
            on=dt.date(2010, 1, 1),
            code="AB-PR",
            name="Liên đoàn Lao động huyện Phú Hòa",
            kind=UnitKind.DISTRICT,
        )
        plan = Plan.objects.create(
            owner_unit=district, number="9/KH", title="KH", status=Plan.Status.PUBLISHED
        )
        form = ReportForm.objects.create(plan=plan, title="Báo cáo của huyện", period_kind="year")
        dissolve_unit(unit=district, on=dt.date(self.year - 2, 7, 1), successor=self.province)
        self.submitted(self.school, form=form)
        self.login(self.officer_minh)
        r = self.client.get(QUEUE)
        self.assertContains(r, "Đơn vị ban hành: Liên đoàn Lao động tỉnh An Bình")
        self.assertContains(r, f"kế thừa Liên đoàn Lao động huyện Phú Hòa, chấm dứt 01/7/{self.year - 2}")

    def test_queue_is_scoped_to_what_the_user_reviews(self):
        self.submitted(self.school)
        self.submitted(self.other_cdcs)
        self.login(self.officer_minh)
        r = self.client.get(QUEUE)
        self.assertContains(r, self.school.name)
        self.assertNotContains(r, self.other_cdcs.name)
        self.login(self.cdcs_hoa)  # writes the school's report, does not review it
        self.assertContains(self.client.get(QUEUE), "Không có báo cáo nào chờ duyệt.")

    def test_queue_query_count_does_not_grow_with_the_reports(self):
        self.submitted(self.school)
        rename_unit(unit=self.school, name="Công đoàn Trường Liên cấp Hòa Lạc", on=dt.date(self.year, 1, 1))
        self.login(self.officer_minh)
        with CaptureQueriesContext(connection) as few:
            self.client.get(QUEUE)
        for unit in [self.factory, *self.more_cdcs(12)]:
            self.submitted(unit)
        self.submitted(self.factory, year=self.year - 2)
        with CaptureQueriesContext(connection) as many:
            self.client.get(QUEUE)
        self.assertEqual(len(many), len(few))

    def test_review_page_links_to_the_next_waiting_report_of_the_same_form_and_period(self):
        a, b = self.more_cdcs(2)
        first, second, third = self.submitted(a), self.submitted(b), self.submitted(self.factory)
        self.submitted(self.school, year=self.year - 2)  # another period: never offered
        self.submitted(self.other_cdcs)  # not this reviewer's
        self.login(self.officer_minh)
        order = [third, first, second]  # by unit name: "Công ty May…" before "Doanh nghiệp số 000, 001"
        for current, following in zip(order, order[1:] + order[:1], strict=True):
            r = self.client.get(f"/bao-cao/{current.pk}/")
            self.assertContains(r, f'id="next-to-review" href="/bao-cao/{following.pk}/"')

    def test_review_page_offers_no_next_report_when_it_was_the_last(self):
        sub = self.submitted(self.school)
        self.login(self.officer_minh)
        r = self.client.post(f"/bao-cao/{sub.pk}/duyet/", {"action": "approve"}, follow=True)
        self.assertContains(r, "Đã duyệt báo cáo.")
        self.assertNotContains(r, 'id="next-to-review"')
