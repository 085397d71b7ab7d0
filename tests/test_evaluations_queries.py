"""The ranking tables do not grow with the number of CĐCS: 10 and 300 units cost the same queries."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trienkhai.evaluations.models import Evaluation
from trienkhai.orgs.models import Sector, Unit, UnitKind, UnitLink

from .evaluations_world import make_set
from .world import START, World

RANKING = 8  # session, user, the set, its scope, evaluations, last year, owner's write scope, the bell
SECTORS = [Sector.ADMINISTRATIVE, Sector.FDI, Sector.NON_STATE]


class RankingQueryCountTests(World):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.last = make_set(cls.province, 2025)
        cls.current = make_set(cls.province, 2026)

    def grow(self, n: int) -> None:
        """`n` CĐCS under the commune with a published 2025 result and a moderated 2026 one."""
        start = Unit.objects.count()
        units = Unit.objects.bulk_create(
            [
                Unit(
                    code=f"Q{start + i}",
                    name=f"Công đoàn Công ty {start + i}",
                    kind=UnitKind.GRASSROOTS,
                    sector=SECTORS[i % 3],
                    valid_from=START,
                )
                for i in range(n)
            ]
        )
        UnitLink.objects.bulk_create([UnitLink(unit=u, parent=self.commune, valid_from=START) for u in units])
        rows = []
        for i, u in enumerate(units):
            for cs, status, total in (
                (self.last, "published", 60 + i % 40),
                (self.current, "moderated", 50 + i % 50),
            ):
                rows.append(
                    Evaluation(
                        criteria_set=cs,
                        unit=u,
                        year=cs.year,
                        parent=self.commune,
                        sector=u.sector,
                        status=status,
                        final_total=Decimal(total),
                        grade="tot",
                    )
                )
        Evaluation.objects.bulk_create(rows)

    def test_ranking_by_parent_and_by_sector_cost_the_same_for_10_and_300_units(self) -> None:
        self.login(self.chairwoman_lan)
        url = reverse("evaluations:ranking", args=[self.current.pk])
        for n, grow in ((10, 10), (300, 290)):
            self.grow(grow)
            for query in ("", "?theo=khu-vuc"):
                with self.assertNumQueries(RANKING):
                    response = self.client.get(url + query)
                self.assertEqual(response.status_code, 200)
            self.assertContains(response, f"({n // 3} CĐCS)")  # per sector: a third of the units each

    def test_excel_export_costs_the_same_for_10_and_300_units(self) -> None:
        self.login(self.chairwoman_lan)
        url = reverse("evaluations:ranking_export", args=[self.current.pk])
        self.grow(10)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        self.grow(290)
        with self.assertNumQueries(len(few.captured_queries)):
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
