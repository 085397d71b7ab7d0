"""Read replicas (issue 21, item 5): with a replica configured, the results pages read from it and every
other page, and every write, stays on the primary. Two databases: "replica" mirrors "default" in tests
(conftest.py), so the rows are the same and only the alias a query went to tells them apart."""

from __future__ import annotations

import datetime as dt

from django.db import connections
from django.test import TransactionTestCase, override_settings
from django.test.utils import CaptureQueriesContext

from trienkhai.core.dbrouter import ReplicaRouter, replica_reads
from trienkhai.orgs.models import Role, UnitKind
from trienkhai.orgs.workflow import add_membership, create_unit
from trienkhai.plans.models import Plan, PlanAssignment
from trienkhai.reports.models import Indicator, ReportForm, Submission

START = dt.date(2010, 1, 1)


class ReplicaRoutingTests(TransactionTestCase):
    # Committed rows (TransactionTestCase): the replica alias is another connection, which would not see
    # the rows of a test's open transaction.
    databases = {"default", "replica"}

    def setUp(self) -> None:
        from django.contrib.auth import get_user_model

        province = create_unit(
            parent=None, on=START, code="AB", name="LĐLĐ tỉnh An Bình", kind=UnitKind.PROVINCIAL
        )
        self.province = province
        school = create_unit(
            parent=province,
            on=START,
            code="AB-TH",
            name="Công đoàn Trường Tiểu học",
            kind=UnitKind.GRASSROOTS,
        )
        self.chair = get_user_model().objects.create_user("chairwoman_lan", password="x")
        add_membership(user=self.chair, unit=province, role=Role.CHAIR, start_date=START, end_date=None)
        plan = Plan.objects.create(owner_unit=province, number="1/KH", title="Kế hoạch", status="published")
        PlanAssignment.objects.create(plan=plan, unit=school, sent_on=START, deadline=START)
        self.form = ReportForm.objects.create(plan=plan, title="Báo cáo quý", period_kind="quarter")
        Indicator.objects.create(form=self.form, code="members", label="Tổng số đoàn viên", kind="integer")
        sub = Submission.objects.create(
            form=self.form,
            unit=school,
            year=2025,
            index=1,
            status="approved",
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 3, 31),
            deadline=dt.date(2025, 4, 5),
        )
        sub.values.create(key="members", raw="40", number=40)
        self.client.force_login(self.chair)

    def get(self, url: str) -> tuple[list[str], list[str]]:
        """(SQL sent to the primary, SQL sent to the replica) while the page answered 200."""
        with (
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(connections["replica"]) as replica,
        ):
            response = self.client.get(url)
        assert response.status_code == 200, response.status_code
        return [q["sql"] for q in primary.captured_queries], [q["sql"] for q in replica.captured_queries]

    def dashboard(self) -> str:
        return f"/bao-cao/bieu-mau/{self.form.pk}/so-lieu/{self.province.pk}/?nam=2025&ky=1"

    @override_settings(READ_REPLICA=True)
    def test_the_dashboard_reads_its_figures_from_the_replica(self):
        primary, replica = self.get(self.dashboard())
        assert any("reports_submissionvalue" in sql for sql in replica), replica  # the roll-up statement
        assert any('FROM "reports_reportform"' in sql for sql in replica)
        assert not any("reports_submissionvalue" in sql for sql in primary), primary

    @override_settings(READ_REPLICA=True)
    def test_the_rollup_page_reads_from_the_replica(self):
        _primary, replica = self.get(
            f"/bao-cao/bieu-mau/{self.form.pk}/tong-hop/{self.province.pk}/?nam=2025&ky=1"
        )
        assert any("reports_submissionvalue" in sql for sql in replica), replica

    @override_settings(READ_REPLICA=True)
    def test_other_pages_read_the_primary_with_the_replica_on(self):
        _primary, replica = self.get("/")
        assert replica == []

    @override_settings(READ_REPLICA=False)
    def test_without_a_replica_the_results_pages_read_the_primary(self):
        primary, replica = self.get(self.dashboard())
        assert replica == []
        assert any("reports_submissionvalue" in sql for sql in primary)


class RouterTests(TransactionTestCase):
    databases: set[str] = set()

    @override_settings(READ_REPLICA=True)
    def test_only_reads_inside_replica_reads_go_to_the_replica_and_writes_never(self):
        router = ReplicaRouter()
        assert router.db_for_read(Submission) is None
        with replica_reads():
            assert router.db_for_read(Submission) == "replica"
            assert router.db_for_write(Submission) is None
        assert router.db_for_read(Submission) is None
        assert router.allow_migrate("replica", "reports") is False
