"""The dashboard's charts (issue 26, point 9): a period that has not ended is a gap, not a figure, in the
chart and in the table beside it; long unit names wrap in the chart's labels instead of being cut."""

from __future__ import annotations

import json

from trienkhai.lib.periods import period_containing
from trienkhai.orgs.models import UnitKind, today
from trienkhai.orgs.workflow import create_unit

from .rollup_world import RollupWorld
from .world import START

LONG = "Công đoàn cơ sở Công ty Trách nhiệm hữu hạn Một thành viên Cao su Phú Riềng"


class DashboardGapTests(RollupWorld):
    def dashboard(self, query: str) -> tuple[dict, str]:
        self.login(self.chairwoman_lan)
        r = self.client.get(f"/bao-cao/bieu-mau/{self.form.pk}/so-lieu/{self.province.pk}/?{query}")
        html = r.content.decode()
        start = html.index('id="dashboard-data"')
        data = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
        return data, html

    def test_trend_leaves_the_period_that_has_not_ended_as_a_gap(self):
        year, index = period_containing("quarter", today())
        self.report(self.school, year, index, members=40, new_members=2)  # approved early, period still open
        if index > 1:
            self.report(self.school, year, index - 1, members=40, new_members=3)
        data, html = self.dashboard(f"nam={year}&ky={index}&chi-tieu=new_members")
        this_year = next(s for s in data["trend"]["series"] if s["label"] == str(year))
        self.assertIsNone(this_year["data"][index - 1])
        if index > 1:
            self.assertEqual(this_year["data"][index - 2], 3.0)
        table = html[html.index('id="table-trend"') : html.index("</table>", html.index('id="table-trend"'))]
        row = table[table.index(f">{year}</th>") :].split("</tr>")[0]
        self.assertEqual(row.count("chưa kết thúc kỳ"), 4 - index + 1 + 1)  # the open quarters and the year

    def test_chart_labels_wrap_long_unit_names_instead_of_cutting_them(self):
        long_unit = create_unit(
            parent=self.province, on=START, code="AB-LONG", name=LONG, kind=UnitKind.GRASSROOTS
        )
        self.plan.assignments.create(unit=long_unit, sent_on=START, deadline=START)
        self.report(long_unit, 2025, 1, members=50, new_members=4)
        data, _html = self.dashboard("nam=2025&ky=1&chi-tieu=new_members")
        for chart in ("completeness", "ranking"):
            label = next(
                x for x in data[chart]["labels"] if isinstance(x, list) and x[0].startswith("Công đoàn cơ sở")
            )
            self.assertEqual(" ".join(label), LONG, chart)
            self.assertTrue(all(len(line) <= 30 for line in label), label)
