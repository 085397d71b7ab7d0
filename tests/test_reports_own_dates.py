"""Nine-month, thematic and ad-hoc reports (Decree 09/2019/NĐ-CP): a thematic or ad-hoc report carries its
own closing day and deadline as data, and a deadline before the closing day is refused."""

import datetime as dt

from trienkhai.reports.models import ReportForm, Submission
from trienkhai.reports.workflow import open_submission

from .reports_world import ReportWorld


class OwnDatesTests(ReportWorld):
    def create(self, **data):
        self.login(self.chairwoman_lan)
        return self.client.post(f"/bao-cao/ke-hoach/{self.plan.pk}/bieu-mau/moi/", data)

    def test_nd09_art12_adhoc_deadline_before_its_closing_day_is_refused(self):
        r = self.create(
            title="Báo cáo đột xuất tình hình việc làm", period_kind="adhoc", deadline_days="5",
            closes_on="14/12/2026", due_on="10/12/2026",
        )  # fmt: skip
        self.assertContains(r, "Hạn nộp 10/12/2026 sớm hơn ngày kỳ báo cáo kết thúc", status_code=200)
        self.assertContains(r, "Điều 12 Nghị định 09/2019/NĐ-CP", status_code=200)
        self.assertContains(r, 'value="Báo cáo đột xuất tình hình việc làm"', status_code=200)
        self.assertFalse(ReportForm.objects.filter(period_kind="adhoc").exists())

    def test_nd09_thematic_report_needs_its_closing_day_and_deadline(self):
        r = self.create(title="Chuyên đề an toàn lao động", period_kind="thematic", deadline_days="5")
        self.assertContains(r, "cần ngày chốt số liệu", status_code=200)

    def test_nd09_adhoc_report_period_and_deadline_are_the_forms_own(self):
        r = self.create(
            title="Báo cáo đột xuất", period_kind="adhoc", deadline_days="5",
            opens_on="01/11/2026", closes_on="20/11/2026", due_on="25/11/2026",
        )  # fmt: skip
        self.assertEqual(r.status_code, 302)
        form = ReportForm.objects.get(period_kind="adhoc")
        self.assertEqual(form.current_period(dt.date(2026, 11, 10)), (2026, 1))
        sub = open_submission(form=form, unit=self.school, year=2026, index=1)
        self.assertEqual(
            (sub.period_start, sub.period_end, sub.deadline),
            (dt.date(2026, 11, 1), dt.date(2026, 11, 20), dt.date(2026, 11, 25)),
        )
        self.assertContains(self.client.get(f"/bao-cao/bieu-mau/{form.pk}/"), "chốt số liệu ngày 20/11/2026")

    def test_nd09_art12_nine_month_report_closes_on_14_september(self):
        r = self.create(title="Báo cáo 9 tháng", period_kind="nine", deadline_days="3")
        self.assertEqual(r.status_code, 302)
        form = ReportForm.objects.get(period_kind="nine")
        sub = open_submission(form=form, unit=self.school, year=2026, index=1)
        self.assertEqual((sub.period_end, sub.deadline), (dt.date(2026, 9, 14), dt.date(2026, 9, 17)))
        self.assertEqual(Submission.objects.filter(form=form).count(), 1)
