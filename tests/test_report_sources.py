"""Figures flow into reports: a report opened for a period has each sourced indicator filled in from its
register, with a link to the records behind it; a different figure needs a reason, which the reviewer
sees beside the register's figure."""

from __future__ import annotations

import datetime as dt

from trienkhai.agreements.models import CollectiveAgreement, Dialogue
from trienkhai.legalaid.workflow import open_case
from trienkhai.members.models import FoundingCase
from trienkhai.members.workflow import add_member, found_cdcs, transfer_member
from trienkhai.plans.models import Plan, PlanAssignment
from trienkhai.reports import sources
from trienkhai.reports.forms import IndicatorForm
from trienkhai.reports.models import Indicator, ReportForm, Submission
from trienkhai.reports.workflow import open_submission

from .daily_world import DailyWorld

START, END = dt.date(2024, 12, 15), dt.date(2025, 12, 14)  # year 2025 under Decree 09/2019
SOURCED = {
    "new_members": "members.new",
    "total_members": "members.total",
    "new_cdcs": "members.new_cdcs",
    "new_cba": "agreements.signed",
    "dialogues": "agreements.dialogues",
    "legal_cases": "legalaid.cases",
}


class SourcesWorld(DailyWorld):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.plan = Plan.objects.create(
            owner_unit=cls.province, number="27/KH-LĐLĐ", title="Kế hoạch", status="published"
        )
        for unit in (cls.school, cls.factory, cls.commune):
            PlanAssignment.objects.create(
                plan=cls.plan, unit=unit, sent_on=dt.date(2024, 8, 8), deadline=dt.date(2024, 9, 8)
            )
        cls.form = ReportForm.objects.create(plan=cls.plan, title="Báo cáo năm", period_kind="year")
        for pos, (code, source) in enumerate(SOURCED.items()):
            Indicator.objects.create(form=cls.form, code=code, label=code, position=pos, source=source)
        Indicator.objects.create(form=cls.form, code="sessions", label="Số buổi", position=10)
        # In the year: two admitted at the school, one moved in from the factory (not new), one agreement,
        # two dialogues, a legal case from the factory, a new CĐCS founded under the commune.
        add_member(
            unit=cls.school, full_name="Mới Một", birth_year=2000, sex="male", joined_on=dt.date(2025, 2, 1)
        )
        add_member(
            unit=cls.school,
            full_name="Mới Hai",
            birth_year=2001,
            sex="female",
            joined_on=dt.date(2025, 11, 30),
        )
        add_member(
            unit=cls.school,
            full_name="Sau Kỳ",
            birth_year=2001,
            sex="female",
            joined_on=dt.date(2025, 12, 20),
        )
        transfer_member(member=cls.cuong, to_unit=cls.school, on=dt.date(2025, 5, 1))
        CollectiveAgreement.objects.create(
            unit=cls.factory,
            title="TƯLĐTT 2025",
            employer="Công ty May",
            signed_on=dt.date(2025, 3, 1),
            effective_from=dt.date(2025, 3, 1),
            expires_on=dt.date(2028, 2, 28),
            grade="B",
        )
        for day in (dt.date(2025, 1, 10), dt.date(2025, 7, 10), dt.date(2024, 7, 10)):
            Dialogue.objects.create(unit=cls.school, held_on=day, topics=["wages"])
        open_case(
            origin_unit=cls.factory,
            user=cls.officer_minh,
            requester="X",
            topic="wages",
            summary="Lương",
            opened_on=dt.date(2025, 6, 1),
        )
        case = FoundingCase.objects.create(owner_unit=cls.commune, enterprise="Công ty Mới")
        people = [
            {"full_name": f"Sáng Lập {c}", "birth_year": 1990, "sex": "male", "card_number": ""}
            for c in "ABCDE"
        ]
        cls.new_unit = found_cdcs(
            case=case,
            code="AB-HL-NEW",
            name="Công đoàn Công ty Mới",
            decision_number="5/QĐ",
            decision_on=dt.date(2025, 9, 1),
            members=people,
            user=cls.officer_minh,
        )


class PrefillTests(SourcesWorld):
    def test_opening_a_report_fills_in_every_sourced_indicator_from_the_registers(self):
        school = open_submission(form=self.form, unit=self.school, year=2025)
        values = dict(school.values.values_list("key", "raw"))
        self.assertEqual(
            values,
            {
                "new_members": "2",
                "total_members": "5",
                "new_cdcs": "0",
                "new_cba": "0",
                "dialogues": "2",
                "legal_cases": "0",
            },
        )
        commune = open_submission(form=self.form, unit=self.commune, year=2025)
        values = dict(commune.values.values_list("key", "raw"))
        # The commune's subtree: the school (5), the factory (0 after Cường moved), the new CĐCS (5 founders).
        self.assertEqual(
            values,
            {
                "new_members": "7",
                "total_members": "10",
                "new_cdcs": "1",
                "new_cba": "1",
                "dialogues": "2",
                "legal_cases": "1",
            },
        )
        self.assertTrue(all(v.source_value == v.raw for v in commune.values.all()))

    def test_the_page_shows_the_register_figure_with_a_link_to_the_records(self):
        school = open_submission(form=self.form, unit=self.school, year=2025)
        self.login(self.cdcs_hoa)
        page = self.client.get(f"/bao-cao/{school.pk}/").content.decode()
        self.assertIn(
            f'href="/doan-vien/don-vi/{self.school.pk}/?tu=2024-12-15&amp;den=2025-12-14&amp;loai=moi"', page
        )
        self.assertIn(f'href="/doan-vien/don-vi/{self.school.pk}/?ngay=2025-12-14"', page)
        self.assertIn("btn-refresh", page)
        listed = self.client.get(f"/doan-vien/don-vi/{self.school.pk}/?tu=2024-12-15&den=2025-12-14&loai=moi")
        self.assertContains(listed, "Mới Một")
        self.assertContains(listed, "Mới Hai")
        self.assertNotContains(listed, "Lê Văn Cường")  # moved in: not a new member
        self.assertNotContains(listed, "Sau Kỳ")
        self.assertEqual(listed.context["total"], 2)
        total = self.client.get(f"/doan-vien/don-vi/{self.school.pk}/?ngay=2025-12-14")
        self.assertEqual(total.context["total"], 5)

    def test_confirming_the_register_figures_submits(self):
        school = open_submission(form=self.form, unit=self.school, year=2025)
        self.login(self.cdcs_hoa)
        values = {f"v_{k}": v for k, v in school.values.values_list("key", "raw")}
        response = self.client.post(
            f"/bao-cao/{school.pk}/", {"action": "submit", "lock_version": 0, "v_sessions": "3", **values}
        )
        self.assertRedirects(response, f"/bao-cao/{school.pk}/")
        self.assertEqual(Submission.objects.get(pk=school.pk).status, "submitted")

    def test_an_override_needs_a_reason_that_the_reviewer_sees(self):
        school = open_submission(form=self.form, unit=self.school, year=2025)
        self.login(self.cdcs_hoa)
        values = {f"v_{k}": v for k, v in school.values.values_list("key", "raw")}
        values["v_total_members"] = "6"
        response = self.client.post(
            f"/bao-cao/{school.pk}/", {"action": "submit", "lock_version": 0, "v_sessions": "3", **values}
        )
        self.assertContains(response, "Số liệu khác với sổ (5)", status_code=400)
        school.refresh_from_db()
        self.assertEqual(school.status, "draft")
        self.assertEqual(school.values.get(key="total_members").raw, "6")  # kept as typed

        reason = "Một đoàn viên chuyển đến ngày 10/12 chưa kịp cập nhật sổ."
        response = self.client.post(
            f"/bao-cao/{school.pk}/",
            {
                "action": "submit",
                "lock_version": school.lock_version,
                "v_sessions": "3",
                **values,
                "r_total_members": reason,
            },
        )
        self.assertRedirects(response, f"/bao-cao/{school.pk}/")
        value = school.values.get(key="total_members")
        self.assertEqual((value.raw, value.source_value, value.override_reason), ("6", "5", reason))
        self.assertEqual(school.values.get(key="new_members").override_reason, "")

        self.login(self.officer_minh)  # the reviewer
        page = self.client.get(f"/bao-cao/{school.pk}/").content.decode()
        self.assertIn(reason, page)
        self.assertIn("override-reason", page)
        self.assertIn('<strong class="source-figure">5</strong>', page)

    def test_refreshing_resets_the_sourced_values_to_the_register(self):
        school = open_submission(form=self.form, unit=self.school, year=2025)
        self.login(self.cdcs_hoa)
        self.client.post(
            f"/bao-cao/{school.pk}/",
            {"action": "save", "lock_version": 0, "v_dialogues": "9", "r_dialogues": "Tính cả đối thoại tổ"},
        )
        self.assertEqual(school.values.get(key="dialogues").override_reason, "Tính cả đối thoại tổ")
        Dialogue.objects.create(unit=self.school, held_on=dt.date(2025, 10, 1), topics=["hours"])
        self.client.post(f"/bao-cao/{school.pk}/", {"action": "refresh"})
        value = school.values.get(key="dialogues")
        self.assertEqual((value.raw, value.override_reason), ("3", ""))

    def test_refreshing_moves_the_lock_on_so_a_page_opened_before_must_reload(self):
        school = open_submission(form=self.form, unit=self.school, year=2025)
        self.login(self.cdcs_hoa)
        self.client.post(f"/bao-cao/{school.pk}/", {"action": "refresh"})
        school.refresh_from_db()
        self.assertEqual((school.lock_version, school.updated_by), (1, self.cdcs_hoa))

    def test_refreshing_a_submitted_report_changes_nothing(self):
        school = open_submission(form=self.form, unit=self.school, year=2025)
        Submission.objects.filter(pk=school.pk).update(status=Submission.Status.SUBMITTED)
        Dialogue.objects.create(unit=self.school, held_on=dt.date(2025, 10, 1), topics=["hours"])
        self.login(self.cdcs_hoa)
        response = self.client.post(f"/bao-cao/{school.pk}/", {"action": "refresh"}, follow=True)
        self.assertContains(response, "Báo cáo đã nộp hoặc đã duyệt nên không sửa được.")
        school.refresh_from_db()
        self.assertEqual(school.lock_version, 0)
        self.assertNotEqual(school.values.get(key="dialogues").raw, "3")

    def test_mapping_is_data_chosen_in_the_indicator_editor(self):
        keys = dict(sources.choices())
        self.assertTrue(set(SOURCED.values()) <= set(keys))
        form = IndicatorForm(
            {
                "code": "members_now",
                "label": "Đoàn viên",
                "kind": "integer",
                "position": 1,
                "source": "members.total",
            },
            report_form=ReportForm.objects.create(plan=self.plan, title="Quý", period_kind="quarter"),
        )
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.save().source, "members.total")
        bad = IndicatorForm(
            {"code": "x", "label": "X", "kind": "integer", "position": 1, "source": "os.system"},
            report_form=self.form,
        )
        self.assertFalse(bad.is_valid())

    def test_a_form_without_sourced_indicators_fills_in_nothing(self):
        plain = ReportForm.objects.create(plan=self.plan, title="Tháng", period_kind="month")
        Indicator.objects.create(form=plain, code="total_members", label="Tổng")
        self.assertFalse(open_submission(form=plain, unit=self.school, year=2025, index=3).values.exists())


class YesNoSourceTests(SourcesWorld):
    """ "Có thỏa ước lao động tập thể còn hiệu lực" is answered by the register of agreements, not typed."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.yes_no_form = ReportForm.objects.create(
            plan=cls.plan, title="Báo cáo thỏa ước", period_kind="year"
        )
        Indicator.objects.create(
            form=cls.yes_no_form,
            code="has_cba",
            label="Có thỏa ước lao động tập thể còn hiệu lực",
            kind=Indicator.Kind.YESNO,
            position=0,
            source="agreements.in_force",
        )

    def test_an_agreement_in_force_at_the_period_end_answers_yes_and_none_answers_no(self):
        factory = open_submission(form=self.yes_no_form, unit=self.factory, year=2025)
        school = open_submission(form=self.yes_no_form, unit=self.school, year=2025)
        self.assertEqual(factory.values.get(key="has_cba").raw, "Có")
        self.assertEqual(factory.values.get(key="has_cba").number, 1)
        self.assertEqual(school.values.get(key="has_cba").raw, "Không")
        self.login(self.cdcs_hoa)
        page = self.client.get(f"/bao-cao/{school.pk}/").content.decode()
        self.assertIn('<option value="Không" selected>', page)  # the select shows the register's answer

    def test_an_expired_agreement_counts_only_while_it_is_carried_over(self):
        old = CollectiveAgreement.objects.create(
            unit=self.school,
            title="TƯLĐTT 2021",
            employer="Trường",
            signed_on=dt.date(2021, 1, 4),
            effective_from=dt.date(2021, 1, 4),
            expires_on=dt.date(2024, 1, 3),
            grade="C",
        )
        figure = sources.figures(self.school, START, END, {"agreements.in_force"})["agreements.in_force"]
        self.assertEqual((figure.text, figure.value), ("Không", 0))
        old.carried_until = END  # bargaining for a new one goes on (BLLĐ 2019 Art. 83)
        old.save()
        figure = sources.figures(self.school, START, END, {"agreements.in_force"})["agreements.in_force"]
        self.assertEqual((figure.text, figure.value), ("Có", 1))
