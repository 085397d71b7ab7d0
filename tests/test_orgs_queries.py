"""Tree and subtree views cost the same number of queries with 10 and with 200 units."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trienkhai.orgs.models import Unit, UnitKind, UnitLink

from .world import World


class QueryCountTests(World):
    def grow(self, parent, count: int) -> None:
        """Add `count` units below `parent`, half of them one level deeper (bulk, no workflow needed)."""
        start = Unit.objects.count()
        units = Unit.objects.bulk_create(
            Unit(
                code=f"Q{start + i}",
                name=f"Công đoàn thử {start + i}",
                kind=UnitKind.GRASSROOTS,
                valid_from=dt.date(2010, 1, 1),
            )
            for i in range(count)
        )
        links = []
        for i, unit in enumerate(units):
            target = parent if i % 2 == 0 or i == 0 else units[i - 1]
            links.append(UnitLink(unit=unit, parent=target, valid_from=dt.date(2010, 1, 1)))
        UnitLink.objects.bulk_create(links)

    def count_queries(self, url: str, params: dict | None = None) -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url, params or {})
        self.assertEqual(response.status_code, 200)
        return len(ctx.captured_queries)

    def measure(self) -> dict[str, int]:
        self.login(self.chairwoman_lan)
        return {
            "tree": self.count_queries(reverse("orgs:tree")),
            "tree_as_of": self.count_queries(reverse("orgs:tree"), {"ngay": "2015-01-01"}),
            "children": self.count_queries(reverse("orgs:children", args=[self.commune.pk])),
            "detail": self.count_queries(reverse("orgs:detail", args=[self.commune.pk])),
            "search": self.count_queries(reverse("orgs:tree"), {"q": "cong doan"}),
        }

    def test_query_counts_do_not_grow_with_units(self):
        self.grow(self.commune, 10 - Unit.objects.count() + 2)
        small = self.measure()
        self.assertGreaterEqual(Unit.objects.count(), 10)
        self.grow(self.commune, 200)
        self.assertGreaterEqual(Unit.objects.count(), 200)
        large = self.measure()
        self.assertEqual(small, large)
        # Keep the figures visible in the test output for the closing note.
        print("query counts:", large)

    def test_subtree_is_one_query(self):
        self.grow(self.commune, 200)
        with self.assertNumQueries(1):
            ids = list(
                Unit.objects.subtree_of([self.province.pk], on=dt.date(2024, 1, 1)).values_list(
                    "pk", flat=True
                )
            )
        self.assertGreaterEqual(len(ids), 203)

    def test_ancestors_are_two_queries(self):
        with self.assertNumQueries(2):
            names = [u.name for u in self.school.ancestors(dt.date(2024, 1, 1))]
        self.assertEqual(
            names,
            ["Công đoàn xã Hòa Lạc", "Liên đoàn Lao động tỉnh An Bình", "Tổng Liên đoàn Lao động Việt Nam"],
        )
