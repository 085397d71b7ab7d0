"""The plan's money (issue 25), through HTTP where a user acts: spending recorded with its voucher under the
upload policy, corrected only by a reversing entry; the period's spending on the report page, confirmed
with the report and approved with it; planned against spent up the tree per line, task group, source and
unit, in both structures, with overspending and its reason; the totals equal to the đồng on the page, in
the Excel export and in the issued result report; a unit's records opened from an inspection visit."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from trienkhai.finance.ledger import money_rollup
from trienkhai.finance.models import OverspendReason, Payment, Statement
from trienkhai.finance.workflow import reverse_payment
from trienkhai.inspections import workflow as inspections_workflow
from trienkhai.inspections.models import InspectionPlan
from trienkhai.issuing.models import OutgoingDocument
from trienkhai.orgs.models import Role
from trienkhai.orgs.workflow import merge_units, move_unit
from trienkhai.plans.models import BudgetLine, PlanAssignment, TaskGroup
from trienkhai.plans.workflow import create_sub_plan, publish_plan
from trienkhai.reports.models import ReportForm, Submission
from trienkhai.reports.workflow import open_submission, submit_submission

from .test_plans_workflow import DEADLINE, ON, make_plan
from .world import World

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
Q4 = dt.date(2024, 11, 20)  # in the 4th quarter of 2024
Q1 = dt.date(2025, 2, 10)  # in the 1st quarter of 2025


def _pdf_upload(name: str = "phieu-chi.pdf") -> SimpleUploadedFile:
    from .upload_corpus import blank_pdf

    return SimpleUploadedFile(name, blank_pdf(), content_type="application/pdf")


class FinanceWorld(World):
    """The commune's plan (officer_minh) has two lines: training 10.000.000 đ (group 1, union fund) and
    commendation 5.000.000 đ (group 2, state budget). The school (cdcs_hoa) draws 4.000.000 đ of the
    training, the factory 5.000.000 đ; the factory spent 6.000.000 đ on it (overspent, with a reason),
    the school 1.500.000 đ, and the commune itself 800.000 đ on the commendation line."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.factory_chair = cls.make_user("cdcs_dung", "Trần Văn Dũng", cls.factory, Role.CDCS_CHAIR)
        cls.plan = make_plan(cls.commune, cls.officer_minh)
        group1 = cls.plan.groups.get()
        group2 = TaskGroup.objects.create(plan=cls.plan, position=1, label="2", title="Khen thưởng")
        cls.training = BudgetLine.objects.create(
            plan=cls.plan, position=0, item="Tập huấn cán bộ", amount=10_000_000, group=group1
        )
        cls.awards = BudgetLine.objects.create(
            plan=cls.plan, position=1, item="Khen thưởng", amount=5_000_000, group=group2, source="state"
        )
        publish_plan(plan=cls.plan, user=cls.officer_minh, units_filter=None, deadline=DEADLINE, on=ON)
        cls.school_plan = create_sub_plan(
            assignment=PlanAssignment.objects.get(plan=cls.plan, unit=cls.school),
            user=cls.cdcs_hoa,
            task_ids=[],
        )
        cls.factory_plan = create_sub_plan(
            assignment=PlanAssignment.objects.get(plan=cls.plan, unit=cls.factory), user=None, task_ids=[]
        )
        cls.school_line = BudgetLine.objects.create(
            plan=cls.school_plan, item="Tập huấn", amount=4_000_000, parent_line=cls.training
        )
        cls.factory_line = BudgetLine.objects.create(
            plan=cls.factory_plan, item="Tập huấn", amount=5_000_000, parent_line=cls.training
        )
        Payment.objects.create(
            unit=cls.factory,
            line=cls.factory_line,
            paid_on=Q4,
            amount=6_000_000,
            payee="Khách sạn",
            purpose="Hội trường",
        )
        OverspendReason.objects.create(line=cls.factory_line, text="Số học viên tăng gấp đôi")
        Payment.objects.create(
            unit=cls.school,
            line=cls.school_line,
            paid_on=Q1,
            amount=1_500_000,
            payee="Nhà sách",
            purpose="Tài liệu",
        )
        Payment.objects.create(
            unit=cls.commune,
            line=cls.awards,
            paid_on=Q4,
            amount=800_000,
            payee="Cơ sở in",
            purpose="Giấy khen",
        )
        cls.form = ReportForm.objects.create(plan=cls.plan, title="Báo cáo quý", period_kind="quarter")
        cls.form.indicators.create(code="sessions", label="Số buổi", kind="integer")

    def ledger_post(self, plan, **overrides):
        data = {
            "line": str(self.school_line.pk),
            "paid_on": "15/02/2025",
            "amount": "1.234.567",
            "payee": "Công ty In Hòa Lạc",
            "purpose": "In tài liệu tập huấn",
            "voucher": _pdf_upload(),
        }
        data.update(overrides)
        return self.client.post(reverse("finance:ledger", args=[plan.pk]), data)


class RecordingTests(FinanceWorld):
    def test_unit_records_a_payment_with_its_pdf_voucher_and_the_line_spent_follows(self):
        self.login(self.cdcs_hoa)
        response = self.ledger_post(self.school_plan)
        self.assertEqual(response.status_code, 302)
        payment = Payment.objects.get(payee="Công ty In Hòa Lạc")
        self.assertEqual(
            (payment.amount, payment.unit, payment.created_by),
            (Decimal(1_234_567), self.school, self.cdcs_hoa),
        )
        self.assertTrue(payment.voucher.name.endswith(".pdf"))
        self.school_line.refresh_from_db()
        self.assertEqual(self.school_line.spent, Decimal(1_500_000 + 1_234_567))
        page = self.client.get(reverse("finance:ledger", args=[self.school_plan.pk]))
        self.assertContains(page, "2.734.567 đ")
        self.assertContains(page, "15/02/2025")
        self.assertEqual(self.client.get(reverse("finance:voucher", args=[payment.pk])).status_code, 200)

    def test_voucher_that_is_not_a_scan_or_pdf_is_refused_keeping_what_was_typed(self):
        self.login(self.cdcs_hoa)
        fake = SimpleUploadedFile("phieu-chi.pdf", b"<html><script>alert(1)</script></html>")
        response = self.ledger_post(self.school_plan, voucher=fake)
        self.assertContains(response, "Không nhận tệp", status_code=400)
        self.assertContains(response, 'value="Công ty In Hòa Lạc"', status_code=400)
        self.assertFalse(Payment.objects.filter(payee="Công ty In Hòa Lạc").exists())

    def test_voucher_above_the_bound_is_refused(self):
        self.login(self.cdcs_hoa)
        with self.settings(FINANCE_VOUCHER_MAX_BYTES=100):
            response = self.ledger_post(self.school_plan)
        self.assertContains(response, "Không nhận tệp", status_code=400)
        self.assertFalse(Payment.objects.filter(payee="Công ty In Hòa Lạc").exists())

    def test_amount_with_a_fraction_of_a_dong_is_refused(self):
        self.login(self.cdcs_hoa)
        response = self.ledger_post(self.school_plan, amount="1.500,5")
        self.assertContains(response, "Số tiền tính bằng đồng, không có phần lẻ.", status_code=400)

    def test_level_above_reads_but_cannot_record_for_the_school(self):
        self.login(self.officer_minh)
        self.assertEqual(
            self.client.get(reverse("finance:ledger", args=[self.school_plan.pk])).status_code, 200
        )
        self.assertEqual(self.ledger_post(self.school_plan).status_code, 404)
        self.assertFalse(Payment.objects.filter(payee="Công ty In Hòa Lạc").exists())


class ReversingTests(FinanceWorld):
    def test_a_payment_is_corrected_by_a_reversing_entry_never_edited(self):
        original = Payment.objects.get(unit=self.school)
        self.login(self.cdcs_hoa)
        response = self.client.post(
            reverse("finance:reverse", args=[original.pk]), {"reason": "Ghi nhầm dòng", "on": "20/02/2025"}
        )
        self.assertEqual(response.status_code, 302)
        fresh = Payment.objects.get(pk=original.pk)
        self.assertEqual((fresh.amount, fresh.payee, fresh.paid_on), (Decimal(1_500_000), "Nhà sách", Q1))
        reversal = Payment.objects.get(reverses=original)
        self.assertEqual(
            (reversal.amount, reversal.reason, reversal.created_by),
            (Decimal(-1_500_000), "Ghi nhầm dòng", self.cdcs_hoa),
        )
        self.assertEqual(reversal.paid_on, dt.date(2025, 2, 20))
        self.school_line.refresh_from_db()
        self.assertEqual(self.school_line.spent, 0)

    def test_a_payment_is_reversed_once_only(self):
        original = Payment.objects.get(unit=self.school)
        reverse_payment(payment=original, reason="Sai", on=Q1, user=None)
        self.login(self.cdcs_hoa)
        response = self.client.post(
            reverse("finance:reverse", args=[original.pk]),
            {"reason": "Lần nữa", "on": "20/02/2025"},
            follow=True,
        )
        self.assertContains(response, "Khoản chi này đã được đảo trước đó.")
        self.assertEqual(Payment.objects.filter(line=self.school_line).count(), 2)

    def test_reversal_without_a_reason_is_refused(self):
        original = Payment.objects.get(unit=self.school)
        self.login(self.cdcs_hoa)
        response = self.client.post(
            reverse("finance:reverse", args=[original.pk]), {"reason": "", "on": "20/02/2025"}, follow=True
        )
        self.assertContains(response, "Hãy nêu lý do")
        self.assertFalse(Payment.objects.filter(reverses=original).exists())

    def test_nothing_offers_to_edit_or_delete_a_payment(self):
        names = {p.name for p in __import__("trienkhai.finance.urls", fromlist=["urlpatterns"]).urlpatterns}
        self.assertFalse({n for n in names if "edit" in n or "delete" in n or "sua" in n})


class ReportHookTests(FinanceWorld):
    def test_period_spending_shows_on_the_report_frozen_on_submit_and_approved_with_it(self):
        submission = open_submission(form=self.form, unit=self.school, year=2025, index=1)
        self.login(self.cdcs_hoa)
        page = self.client.get(reverse("reports:submission", args=[submission.pk]))
        self.assertContains(page, "Kinh phí đã chi trong kỳ")
        self.assertContains(page, "1.500.000 đ")
        submit_submission(
            submission=submission,
            values={"sessions": "2"},
            lock_version=submission.lock_version,
            user=self.cdcs_hoa,
        )
        statement = Statement.objects.get(submission=submission)
        self.assertEqual((statement.total, statement.confirmed_by), (Decimal(1_500_000), self.cdcs_hoa))
        # A payment recorded after submitting does not change what the unit confirmed.
        Payment.objects.create(
            unit=self.school, line=self.school_line, paid_on=Q1, amount=1, payee="x", purpose="y"
        )
        self.login(self.officer_minh)
        response = self.client.post(reverse("reports:review", args=[submission.pk]), {"action": "approve"})
        self.assertEqual(response.status_code, 302)
        statement.refresh_from_db()
        self.assertEqual((statement.total, statement.approved_by), (Decimal(1_500_000), self.officer_minh))
        self.assertEqual(Submission.objects.get(pk=submission.pk).status, "approved")
        page = self.client.get(reverse("reports:submission", args=[submission.pk]))
        self.assertContains(page, "Cấp trên đã duyệt")

    def test_spending_outside_the_period_is_not_in_the_report(self):
        submission = open_submission(form=self.form, unit=self.school, year=2024, index=4)
        self.login(self.cdcs_hoa)
        page = self.client.get(reverse("reports:submission", args=[submission.pk]))
        self.assertContains(
            page, '<td class="text-end text-nowrap" id="period-spending-total">0 đ</td>', html=False
        )


class RollupTests(FinanceWorld):
    def test_planned_against_spent_per_line_group_source_and_unit_with_the_overspend_reason(self):
        money = money_rollup(self.plan, self.commune, until=dt.date(2025, 3, 31))
        lines = {r.label: (r.planned, r.allocated, r.spent) for r in money.lines}
        self.assertEqual(lines["Tập huấn cán bộ"], (10_000_000, 9_000_000, 7_500_000))
        self.assertEqual(lines["Khen thưởng"], (5_000_000, 0, 800_000))
        self.assertEqual(
            {r.label: r.spent for r in money.groups},
            {"1. Tuyên truyền": 7_500_000, "2. Khen thưởng": 800_000},
        )
        self.assertEqual({r.key: r.spent for r in money.sources}, {"union_fund": 7_500_000, "state": 800_000})
        units = {r.label: r for r in money.units}
        self.assertTrue(units[self.factory.name].overspent)
        self.assertEqual(units[self.factory.name].reasons, [f"{self.factory.name}: Số học viên tăng gấp đôi"])
        self.assertFalse(units[self.school.name].overspent)
        self.assertEqual(money.total.spent, 8_300_000)

    def test_page_shows_overspending_in_red_with_the_reason(self):
        self.login(self.officer_minh)
        page = self.client.get(reverse("finance:rollup", args=[self.plan.pk]) + "?den=31/03/2025")
        html = page.content.decode()
        row = re.search(r'<tr class="table-danger overspent">.*?</tr>', html, re.S)
        assert row is not None
        self.assertIn(self.factory.name, row.group(0))
        self.assertIn("Số học viên tăng gấp đôi", row.group(0))

    def test_a_unit_moved_away_counts_as_reported_but_not_on_todays_tree(self):
        move_unit(unit=self.factory, new_parent=self.province, on=dt.date(2025, 7, 1))
        reported = money_rollup(self.plan, self.commune, structure="reported", on=dt.date(2025, 8, 1))
        current = money_rollup(self.plan, self.commune, structure="current", on=dt.date(2025, 8, 1))
        self.assertEqual(reported.total.spent, 8_300_000)
        self.assertEqual(current.total.spent, 2_300_000)
        self.assertIn(self.factory.name, {r.label for r in reported.units})
        self.assertNotIn(self.factory.name, {r.label for r in current.units})

    def test_an_ended_owner_is_read_through_its_successor_on_todays_tree(self):
        merge_units(sources=[self.commune], into=self.province, on=dt.date(2025, 7, 1))
        reported = money_rollup(self.plan, self.commune, structure="reported", on=dt.date(2025, 8, 1))
        current = money_rollup(self.plan, self.commune, structure="current", on=dt.date(2025, 8, 1))
        self.assertEqual(reported.unit, self.commune)
        self.assertEqual(current.unit, self.province)
        self.assertEqual(reported.total.spent, current.total.spent)
        # As reported, each CĐCS with its allocation, as it stood when the plan was sent to it.
        self.assertEqual(
            {r.label: (r.planned, r.spent) for r in reported.units},
            {self.school.name: (4_000_000, 1_500_000), self.factory.name: (5_000_000, 6_000_000)},
        )

    def test_rollup_queries_do_not_grow_with_the_records(self):
        self.login(self.officer_minh)
        url = reverse("finance:rollup", args=[self.plan.pk]) + "?den=31/12/2025"
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for day in range(1, 29):
            Payment.objects.create(
                unit=self.school,
                line=self.school_line,
                paid_on=dt.date(2025, 5, day),
                amount=1000,
                payee="x",
                purpose="y",
            )
        with CaptureQueriesContext(connection) as many:
            self.client.get(url)
        self.assertEqual(len(many), len(few))


class TotalsMatchTests(FinanceWorld):
    def test_totals_match_to_the_dong_on_the_page_in_excel_and_in_the_issued_report(self):
        Payment.objects.create(
            unit=self.school, line=self.school_line, paid_on=Q1, amount=1_234_567, payee="x", purpose="y"
        )
        self.login(self.officer_minh)
        until = "31/03/2025"
        page = self.client.get(
            reverse("finance:rollup", args=[self.plan.pk]) + f"?den={until}"
        ).content.decode()
        page_spent = re.search(r'id="by-line".*?class="[^"]*total-spent">([^<]+)<', page, re.S).group(1)
        page_planned = re.search(r'id="by-line".*?class="[^"]*total-planned">([^<]+)<', page, re.S).group(1)
        self.assertEqual((page_planned, page_spent), ("15.000.000 đ", "9.534.567 đ"))

        xlsx = self.client.get(reverse("finance:rollup_xlsx", args=[self.plan.pk]) + f"?den={until}")
        sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
        total_row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Tổng cộng")
        self.assertEqual((total_row[1], total_row[3]), (15_000_000, 9_534_567))
        self.assertTrue(all(isinstance(v, int) for v in total_row[1:5]))

        self.client.post(reverse("issuing:report_draft", args=[self.form.pk, self.commune.pk, 2025, 1]))
        content = OutgoingDocument.objects.get(kind="report").content
        finance = next(s for s in content["sections"] if s["title"] == "KINH PHÍ THỰC HIỆN")
        self.assertEqual(finance["table"]["rows"][-1][1:4], ["Tổng cộng", "15.000.000", "9.534.567"])
        self.assertIn("chi vượt", " ".join(finance["items"]))

    def test_excel_writes_user_text_as_text(self):
        BudgetLine.objects.filter(pk=self.awards.pk).update(item='=HYPERLINK("http://x")')
        self.login(self.officer_minh)
        xlsx = self.client.get(reverse("finance:rollup_xlsx", args=[self.plan.pk])).content
        from .test_plans_views import assert_no_formula

        assert_no_formula(xlsx, '=HYPERLINK("http://x")')


class InspectionTests(FinanceWorld):
    def test_inspection_visit_opens_the_units_records_and_vouchers_for_the_period(self):
        payment = Payment.objects.get(unit=self.school)
        payment.voucher_name = "phieu-chi.pdf"
        payment.voucher.save("phieu-chi.pdf", ContentFile(PDF), save=True)
        plan = inspections_workflow.save_plan(
            plan=InspectionPlan(
                unit=self.commune,
                title="Kiểm tra tài chính công đoàn",
                topics=["Thu, chi tài chính"],
                starts_on=dt.date(2025, 4, 1),
                ends_on=dt.date(2025, 4, 30),
            ),
            units=[self.school],
            team=[inspections_workflow.TeamEntry("Trần Văn Bình", role="head")],
            user=self.officer_minh,
        )
        visit = plan.visits.get(unit=self.school)
        self.login(self.officer_minh)
        page = self.client.get(reverse("inspections:visit", args=[visit.pk])).content.decode()
        link = re.search(r'href="(/tai-chinh/don-vi/\d+/\?[^"]+)"', page)
        assert link is not None, "the visit page links to the unit's spending records"
        records = self.client.get(link.group(1).replace("&amp;", "&"))
        self.assertContains(records, "Nhà sách")
        self.assertContains(records, reverse("finance:voucher", args=[payment.pk]))
        self.assertEqual(self.client.get(reverse("finance:voucher", args=[payment.pk])).status_code, 200)

    def test_records_of_a_period_leave_out_the_others(self):
        self.login(self.officer_minh)
        url = reverse("finance:unit_records", args=[self.school.pk])
        self.assertNotContains(self.client.get(url + "?tu=01/01/2024&den=31/12/2024"), "Nhà sách")
        self.assertContains(self.client.get(url + "?tu=01/01/2025&den=31/03/2025"), "Nhà sách")

    def test_another_cdcs_cannot_open_the_schools_records(self):
        self.login(self.factory_chair)
        self.assertEqual(
            self.client.get(reverse("finance:unit_records", args=[self.school.pk])).status_code, 404
        )


class ReasonTests(FinanceWorld):
    def test_two_people_writing_the_reason_do_not_overwrite_each_other(self):
        self.login(self.factory_chair)
        OverspendReason.objects.filter(line=self.factory_line).update(lock_version=3)
        Plan = type(self.factory_plan)
        Plan.objects.filter(pk=self.factory_plan.pk).update(created_by=self.factory_chair)
        response = self.client.post(
            reverse("finance:reason", args=[self.factory_line.pk]),
            {"text": "Giá tăng", "lock_version": "2"},
            follow=True,
        )
        self.assertContains(response, "Người khác vừa sửa lý do")
        self.assertEqual(OverspendReason.objects.get(line=self.factory_line).text, "Số học viên tăng gấp đôi")
        response = self.client.post(
            reverse("finance:reason", args=[self.factory_line.pk]), {"text": "Giá tăng", "lock_version": "3"}
        )
        self.assertEqual(OverspendReason.objects.get(line=self.factory_line).text, "Giá tăng")
