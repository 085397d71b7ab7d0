"""Stored subtree totals (issue 21): kept in the approving and reopening transactions and on restructuring,
rebuilt and checked against the engine by two commands, the check in the daily job."""

from __future__ import annotations

import datetime as dt
import io
import random

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings

from trienkhai.core.models import Notification
from trienkhai.orgs.models import Unit, UnitKind
from trienkhai.orgs.workflow import create_unit, dissolve_unit, merge_units, move_unit, split_unit
from trienkhai.plans.models import Plan
from trienkhai.reports.daily import run_daily
from trienkhai.reports.models import Indicator, ReportForm, Submission, SubmissionValue, SubtreeTotal
from trienkhai.reports.results import rollup_table, stored, trend
from trienkhai.reports.workflow import approve_submission, open_submission, reopen_submission

from . import test_reports_results_views as views_tests
from .rollup_world import INDICATORS, D, RollupWorld

S = Submission.Status


def approve(sub: Submission) -> None:
    Submission.objects.filter(pk=sub.pk).update(status=S.SUBMITTED)
    sub.refresh_from_db()
    approve_submission(submission=sub, user=None)


def cell(form: ReportForm, unit: Unit, year: int, index: int, code: str) -> stored.Agg:
    row = SubtreeTotal.objects.filter(form=form, unit=unit, year=year, index=index, key=code).first()
    return stored.row_agg(row) if row else stored.Agg()


class KeptByTheWorkflow(RollupWorld):
    def test_approving_adds_the_report_to_its_unit_and_every_ancestor_at_the_period_end(self):
        approve(self.report(self.school, 2024, 1, status="submitted", new_members=5, wage_low="4.5"))
        approve(self.report(self.hospital, 2024, 1, status="submitted", new_members=2, wage_low="3.1"))
        for unit, total in ((self.school, 5), (self.commune, 5), (self.province, 7), (self.federation, 7)):
            self.assertEqual(cell(self.form, unit, 2024, 1, "new_members").total, D(total), unit.name)
        self.assertEqual(cell(self.form, self.province, 2024, 1, "wage_low").low, D("3.1"))
        self.assertEqual(cell(self.form, self.factory, 2024, 1, "new_members").n, 0)

    def test_reopening_the_report_that_held_the_min_recomputes_the_row_from_its_subtree(self):
        approve(self.report(self.school, 2024, 1, status="submitted", wage_low="4.5", wage_high=9))
        low = self.report(self.hospital, 2024, 1, status="submitted", wage_low="3.1", wage_high=7)
        approve(low)
        reopen_submission(submission=low, user=None, reason="Sai số liệu")
        agg = cell(self.form, self.province, 2024, 1, "wage_low")
        self.assertEqual((agg.n, agg.low, agg.high), (1, D("4.5"), D("4.5")))
        self.assertFalse(SubtreeTotal.objects.filter(unit=self.commune2, form=self.form).exists())
        self.assertEqual(stored.check(form=self.form), [])

    def test_a_back_dated_move_carries_the_totals_of_the_periods_after_its_date_only(self):
        for index in (1, 2, 3):
            approve(self.report(self.school, 2024, index, status="submitted", new_members=index))
        move_unit(unit=self.school, new_parent=self.commune2, on=dt.date(2024, 4, 1))
        self.assertEqual(cell(self.form, self.commune, 2024, 1, "new_members").total, D(1))
        self.assertEqual(cell(self.form, self.commune, 2024, 2, "new_members").n, 0)
        self.assertEqual(cell(self.form, self.commune2, 2024, 3, "new_members").total, D(3))
        self.assertEqual(cell(self.form, self.province, 2024, 3, "new_members").total, D(3))
        self.assertEqual(stored.check(form=self.form), [])


class Commands(RollupWorld):
    def test_rebuild_totals_recomputes_rows_that_were_lost(self):
        approve(self.report(self.school, 2024, 1, status="submitted", new_members=5, fee_rate=80, members=10))
        self.report(self.hospital, 2024, 1, new_members=4)  # approved outside the workflow (an import)
        SubtreeTotal.objects.all().delete()
        out = io.StringIO()
        call_command("rebuild_totals", "--form", str(self.form.pk), stdout=out)
        self.assertEqual(cell(self.form, self.province, 2024, 1, "new_members").total, D(9))
        self.assertEqual(stored.check(form=self.form), [])

    def test_rebuild_totals_of_one_unit_leaves_the_rest(self):
        self.report(self.school, 2024, 1, new_members=5)
        call_command("rebuild_totals", "--unit", self.commune.code, stdout=io.StringIO())
        self.assertEqual(cell(self.form, self.commune, 2024, 1, "new_members").total, D(5))
        self.assertEqual(cell(self.form, self.province, 2024, 1, "new_members").n, 0)

    def test_check_totals_names_every_cell_that_drifted(self):
        stored.rebuild(form=self.form)  # read by the pages, so checked
        approve(self.report(self.school, 2024, 1, status="submitted", new_members=5))
        SubtreeTotal.objects.filter(unit=self.province, key="new_members").update(total=6)
        out = io.StringIO()
        with self.assertRaises(SystemExit):
            call_command("check_totals", stdout=out, stderr=out)
        self.assertIn("new_members", out.getvalue())

    def test_the_daily_job_tells_the_administrators_of_drift_as_an_error(self):
        admin = get_user_model().objects.create_user("quantri", is_superuser=True)
        stored.rebuild(form=self.form)
        approve(self.report(self.school, 2024, 1, status="submitted", new_members=5))
        run_daily(on=dt.date(2024, 5, 1))
        self.assertFalse(Notification.objects.filter(user=admin, verb="totals_drift").exists())
        SubtreeTotal.objects.filter(unit=self.commune).delete()
        run_daily(on=dt.date(2024, 5, 2))
        self.assertTrue(Notification.objects.filter(user=admin, verb="totals_drift").exists())
        # Until the next rebuild the form's pages compute from the reports: never a drifted figure.
        self.form.refresh_from_db()
        self.assertIsNone(self.form.totals_kept_since)

    def test_a_form_never_rebuilt_is_not_checked(self):
        self.report(self.school, 2024, 1, new_members=5)  # approved outside the workflow (an import)
        self.assertEqual(stored.check(), [])
        self.assertNotEqual(stored.check(form=self.form), [])


# --- the pages read them --------------------------------------------------------------------------------


@override_settings(RESULTS_STORED_TOTALS=True)
class PagesReadTheStoredTotals(RollupWorld):
    def setUp(self) -> None:
        super().setUp()
        stored.rebuild(form=self.form)  # whole from here on: the workflow keeps them

    def url(self, name: str, unit: Unit, query: str = "") -> str:
        return f"/bao-cao/bieu-mau/{self.form.pk}/{name}/{unit.pk}/?nam=2025&ky=1&chi-tieu=members{query}"

    def test_the_tier_table_and_the_dashboard_show_the_stored_row_of_each_child(self):
        approve(self.report(self.school, 2025, 1, status="submitted", members=40))
        # A row changed behind the engine's back shows that the pages read the stored rows.
        SubtreeTotal.objects.filter(unit=self.commune, key="members").update(total=41)
        self.login(self.chairwoman_lan)
        for name in ("tong-hop", "so-lieu"):
            html = self.client.get(self.url(name, self.province)).content.decode()
            assert ">41<" in html, name
            with self.settings(RESULTS_STORED_TOTALS=False):
                assert ">40<" in self.client.get(self.url(name, self.province)).content.decode(), name

    def test_a_form_whose_totals_are_not_known_whole_is_computed_from_the_reports(self):
        approve(self.report(self.school, 2025, 1, status="submitted", members=40))
        SubtreeTotal.objects.filter(unit=self.commune, key="members").update(total=41)
        ReportForm.objects.filter(pk=self.form.pk).update(totals_kept_since=None)  # as the drift check does
        self.login(self.chairwoman_lan)
        html = self.client.get(self.url("tong-hop", self.province)).content.decode()
        assert ">40<" in html and ">41<" not in html

    def test_a_form_made_in_the_app_is_read_from_its_stored_totals_from_the_start(self):
        self.login(self.chairwoman_lan)
        response = self.client.post(
            f"/bao-cao/ke-hoach/{self.form.plan_id}/bieu-mau/moi/",
            {"title": "Báo cáo mới", "period_kind": "quarter", "deadline_days": 5},
        )
        made = ReportForm.objects.get(title="Báo cáo mới")
        self.assertEqual(response.status_code, 302)
        self.assertIsNotNone(made.totals_kept_since)

    def test_counting_reports_waiting_for_review_keeps_the_engine(self):
        approve(self.report(self.school, 2025, 1, status="submitted", members=40))
        SubtreeTotal.objects.filter(unit=self.commune, key="members").update(total=41)
        self.login(self.chairwoman_lan)
        html = self.client.get(self.url("tong-hop", self.province, "&chua-duyet=1")).content.decode()
        assert ">40<" in html and ">41<" not in html


@override_settings(RESULTS_STORED_TOTALS=True)
class StoredQueryCounts(views_tests.QueryCountTests):
    """The pinned test of the roll-up and dashboard query counts (10 and 500 CĐCS), with the stored read."""

    def grow(self, n: int) -> None:
        super().grow(n)
        stored.rebuild(form=self.form)


# --- the property: stored equals the engine in every cell ---------------------------------------------


START = dt.date(2020, 1, 1)
YEARS = (2023, 2024)
PERIODS = [(y, i) for y in YEARS for i in (1, 2, 3, 4)]
ACTIONS = ["approve"] * 6 + ["reopen"] * 2 + ["move", "move", "merge", "split", "dissolve"]


class StoredEqualsEngine(TestCase):
    """Random small trees, random approvals and reopenings, random moves, merges, splits and dissolutions
    with back-dated effective dates, in a random order: after every step the stored totals equal the
    engine's figures in every cell (seeded: a failure names its seed and step, and repeats)."""

    SEEDS = range(4)
    STEPS = 30

    def world(self, rnd: random.Random, seed: int) -> tuple[list[Unit], list[Unit], ReportForm]:
        def unit(parent: Unit | None, code: str, kind: str) -> Unit:
            return create_unit(parent=parent, on=START, code=f"s{seed}-{code}", name=code, kind=kind)

        top = unit(None, "T", UnitKind.CONFEDERATION)
        unions = [unit(top, f"P{n}", UnitKind.PROVINCIAL) for n in range(2)]
        for n in range(rnd.randint(2, 4)):
            unions.append(unit(rnd.choice(unions), f"X{n}", UnitKind.COMMUNE))
        leaves = [
            unit(rnd.choice(unions[2:]), f"C{n}", UnitKind.GRASSROOTS) for n in range(rnd.randint(4, 8))
        ]
        plan = Plan.objects.create(owner_unit=top, number=f"{seed}/KH", title="Kế hoạch", status="published")
        form = ReportForm.objects.create(plan=plan, title="Báo cáo quý", period_kind="quarter")
        for pos, (code, label, kind, rule, weight) in enumerate(INDICATORS):
            Indicator.objects.create(
                form=form,
                code=code,
                label=label,
                kind=kind,
                aggregation=rule,
                weight_code=weight,
                position=pos,
                required=False,
            )
        return unions, leaves, form

    def approve_random(self, rnd: random.Random, units: list[Unit], form: ReportForm) -> None:
        sub = open_submission(
            form=form, unit=rnd.choice(units), year=rnd.choice(YEARS), index=rnd.randint(1, 4)
        )
        if sub.status == S.APPROVED:
            return
        values = {
            "members": rnd.randint(5, 60),
            "new_members": rnd.randint(0, 5),
            "fee_rate": D(rnd.randint(500, 1000)) / 10,
            "score": D(rnd.randint(0, 100)) / 10,
            "wage_low": D(rnd.randint(30, 90)) / 10,
            "wage_high": D(rnd.randint(30, 200)) / 10,
            "has_cba": rnd.randint(0, 1),
        }
        for code, number in values.items():
            if rnd.random() < 0.15:
                continue  # a value left empty
            SubmissionValue.objects.update_or_create(
                submission=sub, key=code, defaults={"raw": str(number), "number": number}
            )
        approve(sub)

    def act(self, rnd: random.Random, action: str, unions: list[Unit], leaves: list[Unit], form: ReportForm):
        day = dt.date(rnd.choice(YEARS), rnd.randint(1, 12), rnd.randint(1, 28))
        communes = unions[2:]
        if action == "approve":
            self.approve_random(rnd, unions + leaves, form)
        elif action == "reopen":
            approved = list(Submission.objects.filter(form=form, status=S.APPROVED))
            if approved:
                reopen_submission(submission=rnd.choice(approved), user=None, reason="Sửa")
        elif action == "move":
            move_unit(unit=rnd.choice(communes + leaves), new_parent=rnd.choice(unions), on=day)
        elif action == "merge":
            a, b = rnd.sample(communes, 2)
            merge_units(sources=[a], into=b, on=day)
        elif action == "split":
            whole = rnd.choice(communes)
            children = list(whole.children_on(day))
            parts = [
                {
                    "code": f"{whole.code}-{n}-{rnd.randint(0, 10**6)}",
                    "name": "Tách",
                    "kind": UnitKind.COMMUNE,
                }
                for n in range(2)
            ]
            new = split_unit(
                unit=whole, parts=parts, assignment={c.pk: rnd.randint(0, 1) for c in children}, on=day
            )
            unions.extend(new)
        else:
            gone = rnd.choice(communes + leaves)
            dissolve_unit(unit=gone, on=day, successor=rnd.choice(unions) if rnd.random() < 0.7 else None)

    def test_stored_totals_equal_the_engine_in_every_cell(self):
        for seed in self.SEEDS:
            rnd = random.Random(seed)
            unions, leaves, form = self.world(rnd, seed)
            stored.rebuild(form=form)  # an empty form: whole from the start, so the pages read it
            for step in range(self.STEPS):
                action = rnd.choice(ACTIONS)
                try:
                    with transaction.atomic():
                        self.act(rnd, action, unions, leaves, form)
                except ValidationError:
                    pass  # a refused restructuring (inactive unit, a cycle, a later change) changes nothing
                drifts = [str(d) for d in stored.check(form=form)]
                self.assertEqual(drifts, [], f"seed {seed}, step {step}, after {action}")
            self.assertTrue(SubtreeTotal.objects.filter(form=form).exists(), f"seed {seed}: nothing approved")
            self.assert_pages_read_the_same(form, seed)

    def assert_pages_read_the_same(self, form: ReportForm, seed: int) -> None:
        """The tier table and the trend of every unit read from the stored totals give the engine's cells."""
        units = Unit.objects.filter(code__startswith=f"s{seed}-")
        for unit in units:
            for year, index in PERIODS[1::2]:  # every other quarter: the test stays fast
                engine = rollup_table(form, unit, year, index, on=dt.date(2025, 1, 1))
                with self.settings(RESULTS_STORED_TOTALS=True):
                    read = rollup_table(form, unit, year, index, on=dt.date(2025, 1, 1))
                where = f"seed {seed}, {unit.name}, {index}/{year}"
                self.assertEqual([r.unit.pk for r in read.rows], [r.unit.pk for r in engine.rows], where)
                for a, b in zip([*read.rows, read.total], [*engine.rows, engine.total], strict=True):
                    for code, c in b.cells.items():
                        self.assertTrue(
                            stored.same(a.cells[code].agg, c.agg), f"{where}, {a.unit.name}, {code}"
                        )
            engine_trend = trend(form, unit, PERIODS, on=dt.date(2025, 1, 1))
            with self.settings(RESULTS_STORED_TOTALS=True):
                read_trend = trend(form, unit, PERIODS, on=dt.date(2025, 1, 1))
            self.assertEqual(set(read_trend), set(engine_trend), f"seed {seed}, trend of {unit.name}")
            for point, cells in engine_trend.items():
                for code, agg in cells.items():
                    self.assertTrue(
                        stored.same(read_trend[point][code], agg), f"trend {unit.name} {point} {code}"
                    )
