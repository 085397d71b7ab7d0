"""Criteria computed from approved reports through the roll-up: new members against the unit's target as a
share of the points, a collective agreement as yes/no; reports not approved do not count."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.urls import reverse

from trienkhai.evaluations import workflow
from trienkhai.evaluations.models import CriteriaGroup, CriteriaSet, Criterion, Evaluation, GradeBand, Method
from trienkhai.reports.models import Target

from .rollup_world import RollupWorld

D = Decimal


class ComputedCriteriaTests(RollupWorld):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        members = cls.form.indicators.get(code="new_members")
        Target.objects.create(indicator=members, unit=cls.school, year=2026, index=0, value=D(40))
        Target.objects.create(indicator=members, unit=cls.company, year=2026, index=0, value=D(4))
        cls.report(cls.school, 2026, 1, new_members=10, has_cba="Không")
        cls.report(cls.school, 2026, 2, new_members=20)
        cls.report(cls.school, 2026, 3, status="submitted", new_members=5)  # waiting: not counted
        cls.report(cls.factory, 2026, 1, new_members=3, has_cba="Có")
        cls.report(cls.company, 2026, 2, new_members=8)
        cs = CriteriaSet.objects.create(owner=cls.province, year=2026, title="Bộ tiêu chí")
        group = CriteriaGroup.objects.create(criteria_set=cs, position=0, label="I", title="Tổ chức")
        cls.members_c = Criterion.objects.create(
            group=group,
            position=0,
            code="2.1",
            text="Phát triển đoàn viên",
            max_points=D(10),
            method=Method.RATIO,
            form=cls.form,
            indicator_code="new_members",
        )
        cls.cba_c = Criterion.objects.create(
            group=group,
            position=1,
            code="1.2",
            text="Có TƯLĐTT",
            max_points=D(10),
            method=Method.YES,
            form=cls.form,
            indicator_code="has_cba",
        )
        GradeBand.objects.create(criteria_set=cs, grade="tot", min_score=D(10))
        workflow.open_evaluations(
            criteria_set=cs, due_on=dt.date(2026, 12, 20), user=None, on=dt.date(2026, 11, 1)
        )
        cls.cs = cs

    def points(self, unit) -> dict[str, Decimal | None]:
        ev = Evaluation.objects.get(criteria_set=self.cs, unit=unit)
        return {s.criterion.code: s.self_points for s in ev.scores.select_related("criterion")}

    def test_every_cdcs_of_the_province_is_scored_from_its_approved_reports(self) -> None:
        self.assertEqual(self.points(self.school), {"2.1": D("7.50"), "1.2": D(0)})  # 30 / 40 × 10
        self.assertEqual(self.points(self.factory), {"2.1": D(0), "1.2": D(10)})  # no target: 0
        self.assertEqual(self.points(self.company), {"2.1": D(10), "1.2": D(0)})  # 8 / 4: capped at 10
        self.assertEqual(self.points(self.hospital), {"2.1": D(0), "1.2": D(0)})  # no report at all

    def test_the_page_says_what_a_score_was_computed_from(self) -> None:
        ev = Evaluation.objects.get(criteria_set=self.cs, unit=self.school)
        self.assertEqual(
            ev.scores.get(criterion=self.members_c).computed_from, "Đoàn viên kết nạp mới: 30 / chỉ tiêu 40"
        )
        hospital = Evaluation.objects.get(criteria_set=self.cs, unit=self.hospital)
        self.assertIn("chưa có báo cáo được duyệt", hospital.scores.get(criterion=self.cba_c).computed_from)

    def test_an_approval_after_opening_counts_at_the_next_save(self) -> None:
        sub = self.form.submissions.get(unit=self.school, year=2026, index=3)
        sub.status = "approved"
        sub.save()
        ev = Evaluation.objects.get(criteria_set=self.cs, unit=self.school)
        typed = workflow.SelfEntry(points=D(99))  # a computed criterion ignores what is typed
        workflow.save_self_assessment(
            evaluation=ev, entries={self.members_c.pk: typed}, note="", user=self.cdcs_hoa
        )
        self.assertEqual(self.points(self.school)["2.1"], D("8.75"))  # 35 / 40 × 10

    def test_issue19_the_form_shows_the_computed_figures_that_sending_stores(self) -> None:
        """A report approved after the year opened: the form page already scores it, and what the chair
        saw is what is stored once sent (1.2 = 0 and 2.1 = 7,5 at opening; 10 and 8,75 now)."""
        sub = self.form.submissions.get(unit=self.school, year=2026, index=3)
        sub.status = "approved"
        sub.save()
        self.report(self.school, 2026, 4, has_cba="Có")
        ev = Evaluation.objects.get(criteria_set=self.cs, unit=self.school)
        self.client.force_login(self.cdcs_hoa)
        url = reverse("evaluations:evaluation", args=[ev.pk])
        page = self.client.get(url)
        shown = {
            code: " ".join(re.sub(r"<[^>]+>", " ", html).split())
            for code, html in re.findall(r'id="criterion-([\d.]+)">(.*?)</li>', page.content.decode(), re.S)
        }
        self.assertIn("Tự chấm 8,75", shown["2.1"])
        self.assertIn("Tự chấm 10", shown["1.2"])
        seen = re.search(r'name="computed_seen" value="([^"]*)"', page.content.decode()).group(1)
        response = self.client.post(
            url,
            {"action": "submit", "lock_version": ev.lock_version, "computed_seen": seen, "self_note": ""},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.points(self.school), {"2.1": D("8.75"), "1.2": D(10)})
        self.assertEqual(Evaluation.objects.get(pk=ev.pk).status, Evaluation.Status.SUBMITTED)

    def test_issue19_a_send_after_the_figures_changed_is_refused_and_shows_the_new_ones(self) -> None:
        ev = Evaluation.objects.get(criteria_set=self.cs, unit=self.school)
        self.client.force_login(self.cdcs_hoa)
        url = reverse("evaluations:evaluation", args=[ev.pk])
        page = self.client.get(url).content.decode()
        seen = re.search(r'name="computed_seen" value="([^"]*)"', page).group(1)
        self.report(self.school, 2026, 4, has_cba="Có")  # approved while the page was open
        response = self.client.post(
            url,
            {"action": "submit", "lock_version": ev.lock_version, "computed_seen": seen, "self_note": ""},
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Số liệu tính từ báo cáo đã thay đổi", status_code=400)
        self.assertEqual(Evaluation.objects.get(pk=ev.pk).status, Evaluation.Status.DRAFT)
        self.assertEqual(self.points(self.school)["1.2"], D(10))  # stored by the save, for review
