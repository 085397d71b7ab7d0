"""Dues (đoàn phí), issue 20: the rate and cap of Quyết định 61/QĐ-TLĐ as data, a month per member or per
CĐCS from an Excel sheet (all rows or none), the members who owe none, and the report figure "Tỷ lệ đoàn
viên đóng đoàn phí" filled in from the dues register — a Q4 form starts with the registers' figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from trienkhai.agreements.models import Dialogue
from trienkhai.members import dues
from trienkhai.members.models import DuesPayment, DuesRule, Member
from trienkhai.members.workflow import add_member, leave_member, pause_member
from trienkhai.plans.models import Plan, PlanAssignment
from trienkhai.reports.models import Indicator, ReportForm
from trienkhai.reports.workflow import open_submission

from .daily_world import DailyWorld, xlsx

OCT = dt.date(2026, 10, 1)
NOV = dt.date(2026, 11, 1)
HEADER = ["Số thẻ đoàn viên", "Họ và tên", "Tiền lương đóng BHXH (đồng)"]


def _upload(rows) -> SimpleUploadedFile:
    return SimpleUploadedFile("doan-phi.xlsx", xlsx([HEADER, *rows]))


class DuesRuleTests(DailyWorld):
    def test_qd61_tld_2025_dues_are_half_a_percent_of_the_salary(self):
        rule = dues.rule_for(NOV)
        self.assertIn("61/QĐ-TLĐ", rule.decision)
        self.assertEqual(dues.amount_for(Decimal(5_500_000), rule), Decimal(27_500))

    def test_qd61_tld_2025_dues_are_capped_at_ten_percent_of_the_base_salary(self):
        rule = dues.rule_for(NOV)
        self.assertEqual(dues.cap_of(rule), Decimal(234_000))
        self.assertEqual(dues.amount_for(Decimal(60_000_000), rule), Decimal(234_000))

    def test_qd61_tld_2025_amounts_are_whole_dong_rounded_half_up(self):
        self.assertEqual(dues.amount_for(Decimal(5_432_100), dues.rule_for(NOV)), Decimal(27_161))

    def test_a_federation_records_a_new_rule_and_later_months_follow_it(self):
        DuesRule.objects.create(
            decision="Quy định mới (ví dụ, không lấy từ văn bản)",
            valid_from=dt.date(2026, 12, 1),
            rate_percent=Decimal("1.00"),
            cap_percent_of_base=None,
            base_salary=Decimal(2_340_000),
        )
        self.assertEqual(dues.amount_for(Decimal(5_500_000), dues.rule_for(NOV)), Decimal(27_500))
        later = dues.rule_for(dt.date(2026, 12, 1))
        self.assertEqual(dues.amount_for(Decimal(60_000_000), later), Decimal(600_000))

    def test_a_month_before_any_rule_is_refused_in_vietnamese(self):
        with self.assertRaisesMessage(ValidationError, "Chưa có quy định mức đóng đoàn phí"):
            dues.rule_for(dt.date(2020, 1, 1))


class DuesRecordTests(DailyWorld):
    def test_a_cdcs_records_one_members_month_through_the_page(self):
        self.login(self.cdcs_hoa)
        response = self.client.post(
            f"/doan-vien/don-vi/{self.school.pk}/doan-phi/ghi/",
            {"month": "11/2026", "card_number": "7900000001", "salary": "5.500.000"},
        )
        self.assertEqual(response.status_code, 302)
        payment = DuesPayment.objects.get(member=self.an)
        self.assertEqual(
            (payment.month, payment.amount, payment.unit_id), (NOV, Decimal(27_500), self.school.pk)
        )
        page = self.client.get(response["Location"]).content.decode()
        self.assertIn("27.500 đ", page)

    def test_a_member_who_left_owes_no_dues(self):
        leave_member(member=self.binh, on=dt.date(2026, 10, 1), reason="job_ended")
        self.login(self.cdcs_hoa)
        response = self.client.post(
            f"/doan-vien/don-vi/{self.school.pk}/doan-phi/ghi/",
            {"month": "11/2026", "card_number": "Trần Thị Bình", "salary": "5000000"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "không sinh hoạt tại", status_code=400)
        self.assertFalse(DuesPayment.objects.exists())

    def test_dieu_le_paused_member_owes_no_dues(self):
        # "tạm dừng sinh hoạt" stops dues for the months of the pause, read from its dates, not from the
        # member's status today: the month before the pause is still owed.
        pause_member(member=Member.objects.get(pk=self.an.pk), on=NOV, reason="suspended")
        self.assertNotIn(self.an.pk, set(dues.due_members(self.school, NOV).values_list("pk", flat=True)))
        self.assertIn(self.an.pk, set(dues.due_members(self.school, OCT).values_list("pk", flat=True)))
        with self.assertRaisesMessage(ValidationError, "tạm dừng sinh hoạt trong tháng 11/2026"):
            dues.record_dues(
                member=Member.objects.get(pk=self.an.pk),
                unit=self.school,
                month=NOV,
                salary=Decimal(5_000_000),
                user=None,
            )
        self.assertFalse(DuesPayment.objects.exists())

    def test_a_salary_not_in_whole_dong_is_refused_and_kept_on_the_page(self):
        self.login(self.cdcs_hoa)
        response = self.client.post(
            f"/doan-vien/don-vi/{self.school.pk}/doan-phi/ghi/",
            {"month": "11/2026", "card_number": "7900000001", "salary": "năm triệu"},
        )
        self.assertContains(response, "số đồng nguyên", status_code=400)
        self.assertContains(response, 'value="năm triệu"', status_code=400)


class DuesSheetTests(DailyWorld):
    def test_a_cdcs_month_from_the_sheet_writes_every_row(self):
        self.login(self.cdcs_hoa)
        rows = [["7900000001", "Nguyễn Văn An", 5_500_000], ["", "Trần Thị Bình", "60.000.000"]]
        response = self.client.post(
            f"/doan-vien/don-vi/{self.school.pk}/doan-phi/nhap-excel/",
            {"month": "11/2026", "file": _upload(rows)},
        )
        self.assertEqual(response.status_code, 302)
        amounts = dict(DuesPayment.objects.values_list("member_id", "amount"))
        self.assertEqual(amounts, {self.an.pk: Decimal(27_500), self.binh.pk: Decimal(234_000)})

    def test_one_bad_row_writes_nothing_and_names_the_row_in_vietnamese(self):
        self.login(self.cdcs_hoa)
        rows = [["7900000001", "Nguyễn Văn An", 5_500_000], ["7900000003", "Lê Văn Cường", 5_000_000]]
        response = self.client.post(
            f"/doan-vien/don-vi/{self.school.pk}/doan-phi/nhap-excel/",
            {"month": "11/2026", "file": _upload(rows)},
        )
        self.assertEqual(response.status_code, 400)
        page = response.content.decode()
        self.assertIn("Có 1 lỗi — chưa ghi dòng nào", page)
        self.assertIn("<td>3</td>", page)
        self.assertIn("Không có đoàn viên thẻ số “7900000003”", page)
        self.assertFalse(DuesPayment.objects.exists())

    def test_the_sheet_is_bounded_by_the_upload_policy_rows(self):
        self.login(self.cdcs_hoa)
        rows = [["7900000001", "Nguyễn Văn An", 5_500_000], ["", "Trần Thị Bình", 5_000_000]]
        with self.settings(DUES_IMPORT_MAX_ROWS=1):
            response = self.client.post(
                f"/doan-vien/don-vi/{self.school.pk}/doan-phi/nhap-excel/",
                {"month": "11/2026", "file": _upload(rows)},
            )
        self.assertContains(response, "Tệp có quá nhiều dòng (tối đa 1 dòng dữ liệu)", status_code=400)
        self.assertFalse(DuesPayment.objects.exists())

    def test_the_template_lists_the_members_who_owe_dues(self):
        from openpyxl import load_workbook

        self.login(self.cdcs_hoa)
        response = self.client.get(f"/doan-vien/don-vi/{self.school.pk}/doan-phi/mau.xlsx?thang=2026-11")
        self.assertEqual(response.status_code, 200)
        import io

        ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
        names = [r[1] for r in ws.iter_rows(min_row=2, values_only=True)]
        self.assertEqual(sorted(names), ["Nguyễn Văn An", "Trần Thị Bình"])


class DuesFigureTests(DailyWorld):
    """The report figure "Tỷ lệ đoàn viên đóng đoàn phí" comes from the dues register (members.dues_rate)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.plan = Plan.objects.create(
            owner_unit=cls.province, number="9/KH-LĐLĐ", title="Kế hoạch", status="published"
        )
        PlanAssignment.objects.create(
            plan=cls.plan, unit=cls.school, sent_on=dt.date(2026, 1, 8), deadline=dt.date(2026, 2, 8)
        )
        cls.form = ReportForm.objects.create(
            plan=cls.plan, title="Báo cáo nhanh hằng quý", period_kind="quarter"
        )
        for pos, (code, kind, source) in enumerate(
            [
                ("total_members", "integer", "members.total"),
                ("new_members", "integer", "members.new"),
                ("fee_rate", "percent", "members.dues_rate"),
                ("dialogues", "integer", "agreements.dialogues"),
            ]
        ):
            Indicator.objects.create(
                form=cls.form, code=code, label=code, kind=kind, position=pos, source=source
            )
        # In Q4 2026 (15/9–14/12 under Decree 09/2019): one admitted, a dialogue; An's dues recorded, not Bình's
        # nor the newcomer's: 1 of 3 paid.
        add_member(
            unit=cls.school,
            full_name="Mới Quý Bốn",
            birth_year=2000,
            sex="male",
            joined_on=dt.date(2026, 10, 2),
        )
        Dialogue.objects.create(unit=cls.school, held_on=dt.date(2026, 10, 20), topics=["wages"])
        dues.record_dues(member=cls.an, unit=cls.school, month=NOV, salary=Decimal(5_500_000), user=None)

    def test_the_paid_share_counts_members_who_owe_dues_and_those_recorded(self):
        share = dues.paid_share(self.school, dt.date(2026, 9, 15), dt.date(2026, 12, 14))
        self.assertEqual((share.due, share.paid, share.percent), (3, 1, Decimal("33.3")))

    def test_the_q4_form_starts_with_the_registers_figures(self):
        submission = open_submission(form=self.form, unit=self.school, year=2026, index=4)
        values = dict(submission.values.values_list("key", "raw"))
        self.assertEqual(
            values, {"total_members": "3", "new_members": "1", "fee_rate": "33,3", "dialogues": "1"}
        )
        self.login(self.cdcs_hoa)
        page = self.client.get(f"/bao-cao/{submission.pk}/").content.decode()
        self.assertIn('value="33,3"', page)
        self.assertIn(f"/doan-vien/don-vi/{self.school.pk}/doan-phi/?thang=2026-12", page)

    def test_a_unit_without_dues_records_types_the_figure_itself(self):
        submission = open_submission(form=self.form, unit=self.factory, year=2026, index=4)
        self.assertNotIn("fee_rate", dict(submission.values.values_list("key", "raw")))
