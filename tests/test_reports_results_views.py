"""The roll-up, dashboard and targets pages through HTTP: drill-down and breadcrumbs, the two switches, an
approval seen at the next load, exports that hold only the user's subtree, and a constant number of
queries for 10 and for 500 units."""

from __future__ import annotations

import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from trienkhai.orgs.models import Unit, UnitKind, UnitLink
from trienkhai.orgs.workflow import create_unit
from trienkhai.plans.models import Plan, PlanAssignment
from trienkhai.reports.models import ReportForm, Submission, SubmissionValue, Target
from trienkhai.reports.workflow import approve_submission

from .rollup_world import RollupWorld
from .world import START

Q = "nam=2025&ky=1"


class ResultsPageTests(RollupWorld):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.report(cls.school, 2025, 1, members=40, new_members=2, fee_rate=90)
        cls.report(cls.factory, 2025, 1, members=200, new_members=15, fee_rate=60)
        cls.report(cls.hospital, 2025, 1, "submitted", members=100, new_members=5, fee_rate=80)
        cls.outsider_form_unit = cls.other_cdcs

    def url(self, name: str, unit, query: str = Q) -> str:
        return f"/bao-cao/bieu-mau/{self.form.pk}/{name}/{unit.pk}/?{query}"

    def test_rollup_lists_children_with_their_subtree_and_links_down(self):
        self.login(self.chairwoman_lan)
        r = self.client.get(self.url("tong-hop", self.province))
        html = r.content.decode()
        assert r.status_code == 200
        assert "Công đoàn xã Hòa Lạc" in html and "Công đoàn xã Tân Lập" in html
        assert f'href="/bao-cao/bieu-mau/{self.form.pk}/tong-hop/{self.commune.pk}/?' in html  # drill-down
        assert ">240<" in html  # Hòa Lạc: 40 + 200 members
        assert "Liên đoàn Lao động tỉnh Bắc Sơn" not in html

    def test_drill_down_shows_breadcrumbs_back_up_and_cdcs_link_to_their_report(self):
        self.login(self.chairwoman_lan)
        html = self.client.get(self.url("tong-hop", self.commune)).content.decode()
        crumbs = html[html.index('id="crumbs"') : html.index("</ol>", html.index('id="crumbs"'))]
        assert "Liên đoàn Lao động tỉnh An Bình" in crumbs
        assert "Tổng Liên đoàn" not in crumbs  # above the user's reach
        school_report = Submission.objects.get(unit=self.school, year=2025, index=1)
        assert f'href="/bao-cao/{school_report.pk}/"' in html

    def test_submitted_reports_count_only_with_the_switch_and_are_marked(self):
        self.login(self.chairwoman_lan)
        plain = self.client.get(self.url("tong-hop", self.province)).content.decode()
        assert "chưa chính thức" not in plain.split('id="rollup"')[1]
        switched = self.client.get(self.url("tong-hop", self.province, Q + "&chua-duyet=1")).content.decode()
        assert 'id="not-final-note"' in switched
        assert switched.count("chưa chính thức") >= 2  # the Tân Lập row and the total
        assert ">340<" in switched  # 240 + the hospital's 100

    def test_approving_changes_the_dashboard_at_the_next_load(self):
        self.login(self.chairwoman_lan)
        before = self.client.get(self.url("so-lieu", self.province, Q + "&chi-tieu=members")).content.decode()
        assert ">240<" in before
        sub = Submission.objects.get(unit=self.hospital, year=2025, index=1)
        approve_submission(submission=sub, user=self.officer_minh)
        after = self.client.get(self.url("so-lieu", self.province, Q + "&chi-tieu=members")).content.decode()
        assert ">340<" in after

    def test_dashboard_has_a_table_beside_every_chart(self):
        Target.objects.create(
            indicator=self.form.indicators.get(code="members"),
            unit=self.province,
            year=2025,
            index=1,
            value=400,
        )
        self.login(self.chairwoman_lan)
        html = self.client.get(
            self.url("so-lieu", self.province, Q + "&chi-tieu=new_members")
        ).content.decode()
        for chart, table in [
            ("chart-completeness", "table-completeness"),
            ("chart-targets", "table-totals"),
            ("chart-trend", "table-trend"),
            ("chart-ranking", "table-ranking"),
        ]:
            assert f'id="{chart}"' in html and f'id="{table}"' in html, chart
        assert "60,0%" in html  # 240 approved members of a target of 400

    def test_current_structure_switch_is_offered_and_kept_in_links(self):
        self.login(self.chairwoman_lan)
        html = self.client.get(self.url("tong-hop", self.province, Q + "&co-cau=hien-tai")).content.decode()
        assert "Theo cơ cấu hiện nay" in html
        assert "co-cau=hien-tai" in html.split('id="rollup"')[1]

    def test_commune_officer_cannot_open_the_province(self):
        self.login(self.officer_minh)
        assert self.client.get(self.url("tong-hop", self.province)).status_code == 404
        assert self.client.get(self.url("so-lieu", self.province)).status_code == 404
        assert self.client.get(self.url("tong-hop/excel", self.province)).status_code == 404


class ExportScopeTests(RollupWorld):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.report(cls.school, 2025, 1, members=40, new_members=2)
        cls.report(cls.factory, 2025, 1, members=200, new_members=15)
        cls.report(cls.hospital, 2025, 1, members=100, new_members=5)

    def sheet_texts(self, response) -> str:
        wb = load_workbook(io.BytesIO(response.content))
        return "\n".join(
            " ".join(str(c) for c in row if c is not None)
            for ws in wb.worksheets
            for row in ws.iter_rows(values_only=True)
        )

    def test_commune_export_holds_only_the_communes_subtree(self):
        self.login(self.officer_minh)
        r = self.client.get(f"/bao-cao/bieu-mau/{self.form.pk}/tong-hop/{self.commune.pk}/excel/?{Q}")
        assert r.status_code == 200
        text = self.sheet_texts(r)
        assert "AB-HL-TH" in text and "AB-HL-MAY" in text
        assert "AB-TL-BV" not in text and "Bệnh viện Tân Lập" not in text
        assert "Tổng số đoàn viên" in text and "Mã đơn vị" in text

    def test_dashboard_export_of_the_province_has_every_sheet_and_no_other_province(self):
        self.login(self.chairwoman_lan)
        r = self.client.get(
            f"/bao-cao/bieu-mau/{self.form.pk}/so-lieu/{self.province.pk}/excel/?{Q}&chi-tieu=members"
        )
        wb = load_workbook(io.BytesIO(r.content))
        assert wb.sheetnames == ["Tiến độ báo cáo", "Tổng hợp và chỉ tiêu", "Xu hướng", "Xếp hạng"]
        text = self.sheet_texts(r)
        assert "Bắc Sơn" not in text and "BS-BV" not in text

    def test_export_numbers_are_numbers_and_names_are_never_formulas(self):
        Unit.objects.filter(pk=self.school.pk).update(name='=HYPERLINK("http://x","bấm")')
        self.login(self.officer_minh)
        r = self.client.get(f"/bao-cao/bieu-mau/{self.form.pk}/tong-hop/{self.commune.pk}/excel/?{Q}")
        ws = load_workbook(io.BytesIO(r.content)).worksheets[0]
        cells = {c.value: c for row in ws.iter_rows() for c in row if c.value is not None}
        assert cells['=HYPERLINK("http://x","bấm")'].data_type == "s"
        assert isinstance(cells[240].value, int) and cells[240].number_format == "#,##0"

    def test_outsider_gets_404_on_every_export(self):
        self.login(self.outsider)
        for path in ("tong-hop", "so-lieu"):
            r = self.client.get(f"/bao-cao/bieu-mau/{self.form.pk}/{path}/{self.province.pk}/excel/?{Q}")
            assert r.status_code == 404, path


class QueryCountTests(RollupWorld):
    """The tier roll-up and the dashboard cost the same queries with 10 and with 500 CĐCS."""

    def grow(self, n: int) -> None:
        have = Unit.objects.filter(code__startswith="Q-").count()
        units = Unit.objects.bulk_create(
            Unit(code=f"Q-{i:04d}", name=f"CĐCS số {i:04d}", kind=UnitKind.GRASSROOTS, valid_from=START)
            for i in range(have, n)
        )
        parents = [self.commune, self.commune2]
        UnitLink.objects.bulk_create(
            UnitLink(unit=u, parent=parents[i % 2], valid_from=START) for i, u in enumerate(units)
        )
        PlanAssignment.objects.bulk_create(
            PlanAssignment(plan=self.plan, unit=u, sent_on=START, deadline=START) for u in units
        )
        for i, unit in enumerate(units):
            self.report(
                unit, 2025, 1, "approved" if i % 3 else "submitted", members=10 + i % 7, new_members=1
            )

    def count(self, name: str) -> int:
        self.login(self.chairwoman_lan)
        url = f"/bao-cao/bieu-mau/{self.form.pk}/{name}/{self.province.pk}/?{Q}&chi-tieu=members"
        with CaptureQueriesContext(connection) as ctx:
            r = self.client.get(url)
        assert r.status_code == 200
        return len(ctx.captured_queries)

    def test_rollup_and_dashboard_query_counts_do_not_grow_with_units(self):
        self.grow(10)
        small = (self.count("tong-hop"), self.count("so-lieu"))
        self.grow(500)
        big = (self.count("tong-hop"), self.count("so-lieu"))
        assert small == big, (small, big)
        print(f"roll-up / dashboard queries: {small} with 10 CĐCS, {big} with 500")
        approved = SubmissionValue.objects.filter(key="members", submission__status="approved")
        expected = sum(int(v.number) for v in approved)
        assert approved.count() > 300
        html = self.client.get(
            f"/bao-cao/bieu-mau/{self.form.pk}/tong-hop/{self.province.pk}/?{Q}"
        ).content.decode()
        assert f">{expected:,}<".replace(",", ".") in html


class PlanCheckTests(RollupWorld):
    """Every results page checks that the user may see the form's plan (issue 21, item 3), the cheapest way
    first: the plan's owner unit in the user's scope (walked up from it); only then a walk down the
    user's reach, their own units first, that stops at the first unit the plan was sent to (LIMIT 1),
    never a join of every unit the plan was sent to."""

    def url(self) -> str:
        return f"/bao-cao/bieu-mau/{self.form.pk}/tong-hop/{self.school.pk}/?{Q}"

    def send_to(self, n: int) -> None:
        units = Unit.objects.bulk_create(
            Unit(code=f"P-{i:04d}", name=f"CĐCS nhận {i:04d}", kind=UnitKind.GRASSROOTS, valid_from=START)
            for i in range(n)
        )
        UnitLink.objects.bulk_create(UnitLink(unit=u, parent=self.commune2, valid_from=START) for u in units)
        PlanAssignment.objects.bulk_create(
            PlanAssignment(plan=self.plan, unit=u, sent_on=START, deadline=START) for u in units
        )

    def queries(self, user=None) -> list[str]:
        self.login(user or self.cdcs_hoa)
        with CaptureQueriesContext(connection) as ctx:
            r = self.client.get(self.url())
        assert r.status_code == 200
        return [q["sql"] for q in ctx.captured_queries]

    def test_the_plan_check_costs_the_same_queries_however_many_units_the_plan_was_sent_to(self):
        few = len(self.queries())
        self.send_to(300)
        assert len(self.queries()) == few

    def test_a_plan_owned_in_the_users_scope_needs_neither_its_assignments_nor_the_users_subtree(self):
        self.send_to(300)
        sql = self.queries(self.chairwoman_lan)  # the province owns the plan
        assert not [q for q in sql if 'FROM "plans_plan"' in q and "EXISTS" in q]
        assert not [q for q in sql if 'FROM "plans_planassignment"' in q and '"orgs_membership"' in q]

    def test_a_plan_sent_to_the_users_own_unit_is_one_walk_that_stops_at_its_first_row(self):
        self.send_to(300)
        sql = self.queries()
        assert not [
            q for q in sql if 'FROM "plans_plan"' in q and "EXISTS" in q
        ]  # no join of the plan's rows
        probes = [q for q in sql if "plans_planassignment a WHERE" in q]
        assert len(probes) == 1 and probes[0].rstrip().endswith("LIMIT 1"), probes
        assert "orgs_membership" in probes[0]  # the walk starts at the user's own units

    def test_the_plan_check_asks_for_one_assignment_in_reach_not_all(self):
        # The commune officer's own unit was not sent the plan: the school below it was.
        checks = [sql for sql in self.queries(self.officer_minh) if "plans_planassignment a WHERE" in sql]
        assert len(checks) == 1, checks
        sql = checks[0]
        # One walk down the officer's reach that stops at the first unit the plan was sent to.
        assert sql.startswith("WITH RECURSIVE") and sql.rstrip().endswith("LIMIT 1"), sql
        assert "DISTINCT" not in sql
        assert not [q for q in self.queries(self.officer_minh) if 'FROM "plans_plan"' in q and "EXISTS" in q]

    def test_a_plan_sent_only_outside_the_users_reach_is_not_found(self):
        # A plan of another province sent to one CĐCS of the province, then withdrawn from it: the commune
        # officer below the province sees it while the school has it, not after.
        other = create_unit(parent=None, on=START, code="XY", name="LĐLĐ tỉnh khác", kind=UnitKind.PROVINCIAL)
        plan = Plan.objects.create(
            owner_unit=other, number="3/KH-LĐLĐ", title="Kế hoạch tỉnh khác", status="published"
        )
        form = ReportForm.objects.create(plan=plan, title="Báo cáo tỉnh khác", period_kind="quarter")
        sent = PlanAssignment.objects.create(plan=plan, unit=self.hospital, sent_on=START, deadline=START)
        url = f"/bao-cao/bieu-mau/{form.pk}/tong-hop/{self.commune.pk}/?{Q}"
        self.login(self.officer_minh)  # Hòa Lạc: the hospital is in Tân Lập, outside their reach
        assert self.client.get(url).status_code == 404
        sent.unit = self.school  # the school is in Hòa Lạc
        sent.save()
        assert self.client.get(url).status_code == 200

    def test_a_cdcs_no_longer_sent_the_plan_cannot_see_its_results(self):
        self.login(self.cdcs_hoa)
        assert self.client.get(self.url()).status_code == 200
        PlanAssignment.objects.filter(plan=self.plan, unit=self.school).delete()
        assert self.client.get(self.url()).status_code == 404
