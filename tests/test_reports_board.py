"""The status board and the roll-up cost the same number of queries for 10 and for 300 CĐCS."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from trienkhai.orgs.models import UnitKind
from trienkhai.orgs.workflow import create_unit
from trienkhai.plans.models import PlanAssignment
from trienkhai.reports.models import Submission, SubmissionValue
from trienkhai.reports.workflow import open_submission

from .reports_world import ReportWorld
from .world import START


class BoardQueryTests(ReportWorld):
    def grow(self, n: int) -> None:
        have = PlanAssignment.objects.filter(plan=self.plan).count()
        for i in range(have, n):
            unit = create_unit(
                parent=self.commune, on=START, code=f"X{i}", name=f"CĐCS số {i:03d}", kind=UnitKind.GRASSROOTS
            )
            PlanAssignment.objects.create(plan=self.plan, unit=unit, sent_on=START, deadline=START)
            sub = open_submission(form=self.form, unit=unit, year=self.year, index=1)
            if i % 3 == 0:
                Submission.objects.filter(pk=sub.pk).update(status="approved")
                SubmissionValue.objects.create(submission=sub, key="sessions", raw="2", number=2)

    def count(self) -> tuple[int, str]:
        self.login(self.officer_minh)
        url = f"/bao-cao/bieu-mau/{self.form.pk}/bang/{self.commune.pk}/?nam={self.year}&ky=1"
        with CaptureQueriesContext(connection) as ctx:
            r = self.client.get(url)
        assert r.status_code == 200
        return len(ctx.captured_queries), r.content.decode()

    def test_same_query_count_for_10_and_300(self):
        self.grow(10)
        small, _ = self.count()
        self.grow(300)
        big, html = self.count()
        assert small == big, (small, big)
        print(f"board queries: {small} with 10 CĐCS, {big} with 300")
        assert "CĐCS số 299" in html
        # 100 approved units (every third of 2..299 plus none of the world's two) reported 2 sessions each.
        approved = Submission.objects.filter(status="approved").count()
        assert f">{approved * 2}<" in html.replace(".", "")

    def test_filter_returned_only(self):
        self.grow(5)
        sub = Submission.objects.filter(unit__code="X3").get()
        Submission.objects.filter(pk=sub.pk).update(status="returned")
        self.login(self.officer_minh)
        r = self.client.get(
            f"/bao-cao/bieu-mau/{self.form.pk}/bang/{self.commune.pk}/?nam={self.year}&loc=returned"
        )
        self.assertContains(r, "CĐCS số 003")
        self.assertNotContains(r, "CĐCS số 002")
