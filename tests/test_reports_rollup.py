"""The roll-up engine against answers worked out by hand: every aggregation rule on a small tree, the
switch that counts submitted reports, a whole year of a quarterly form, targets at every tier, and the two
structures with a unit that moved mid-year and a unit that was merged.

Reports of Q1/2025 (all approved except the company's, which waits for review):

| unit      | tier under the province | members | new | fee_rate % | score | wage_low | wage_high | CBA |
|-----------|-------------------------|---------|-----|------------|-------|----------|-----------|-----|
| school    | Hòa Lạc                 | 40      | 2   | 90         | 8     | 5        | 7         | no  |
| factory   | Hòa Lạc                 | 200     | 15  | 60         | 6     | 4.5      | 12        | yes |
| hospital  | Tân Lập                 | 100     | 5   | 80         | 9     | 6        | 9         | yes |
| company   | (direct)  *submitted*   | 60      | 0   | 50         | 7     | 4        | 8         | no  |

Q2/2025: school 42/2/95/8.5/5.2/7.5/no, hospital 103/4/85/9/6/9.5/yes, company 60/1/50/7/4/8/no
(approved), the factory did not report.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from trienkhai.orgs.workflow import merge_units, move_unit
from trienkhai.reports.models import Target
from trienkhai.reports.results import CURRENT, REPORTED, rollup_table, trend

from .rollup_world import D, RollupWorld

MOVE = dt.date(2025, 7, 1)  # inside Q3/2025 (15/6–14/9)


def close(value, expected, places: int = 4) -> bool:
    return value is not None and abs(Decimal(value) - Decimal(expected)) < Decimal(10) ** -places


class RollupRuleTests(RollupWorld):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        r = cls.report
        r(
            cls.school,
            2025,
            1,
            members=40,
            new_members=2,
            fee_rate=90,
            score=8,
            wage_low=5,
            wage_high=7,
            has_cba="Không",
            note="Tốt",
        )
        r(
            cls.factory,
            2025,
            1,
            members=200,
            new_members=15,
            fee_rate=60,
            score=6,
            wage_low="4,5",
            wage_high=12,
            has_cba="Có",
        )
        r(
            cls.hospital,
            2025,
            1,
            members=100,
            new_members=5,
            fee_rate=80,
            score=9,
            wage_low=6,
            wage_high=9,
            has_cba="Có",
        )
        r(
            cls.company,
            2025,
            1,
            "submitted",
            members=60,
            new_members=0,
            fee_rate=50,
            score=7,
            wage_low=4,
            wage_high=8,
            has_cba="Không",
        )
        r(
            cls.school,
            2025,
            2,
            members=42,
            new_members=2,
            fee_rate=95,
            score="8,5",
            wage_low="5,2",
            wage_high="7,5",
            has_cba="Không",
        )
        r(
            cls.hospital,
            2025,
            2,
            late=True,
            members=103,
            new_members=4,
            fee_rate=85,
            score=9,
            wage_low=6,
            wage_high="9,5",
            has_cba="Có",
        )
        r(
            cls.company,
            2025,
            2,
            members=60,
            new_members=1,
            fee_rate=50,
            score=7,
            wage_low=4,
            wage_high=8,
            has_cba="Không",
        )

    def rows(self, table) -> dict[str, object]:
        return {row.unit.code: row for row in table.rows}

    def test_every_rule_per_child_and_in_the_total(self):
        t = rollup_table(self.form, self.province, 2025, 1)
        rows = self.rows(t)
        hl, tl = rows["AB-HL"], rows["AB-TL"]
        assert hl.cell("members").value == 240  # latest (one period: the sum)
        assert hl.cell("new_members").value == 17  # sum
        assert hl.cell("fee_rate").value == 65  # (90×40 + 60×200) / 240
        assert hl.cell("score").value == 7  # (8 + 6) / 2
        assert hl.cell("wage_low").value == D("4.5")
        assert hl.cell("wage_high").value == 12
        assert (hl.cell("has_cba").value, hl.cell("has_cba").answered) == (1, 2)
        assert hl.cell("has_cba").text == "1/2"
        assert "note" not in hl.cells  # text does not roll up
        assert tl.cell("fee_rate").value == 80 and tl.cell("members").value == 100
        total = t.total
        assert total.cell("members").value == 340
        assert total.cell("new_members").value == 22
        assert close(total.cell("fee_rate").value, D(23600) / 340)  # 69,41
        assert close(total.cell("score").value, D(23) / 3)
        assert total.cell("wage_low").value == D("4.5") and total.cell("wage_high").value == 12
        assert total.cell("has_cba").text == "2/3"
        assert total.cell("fee_rate").text == "69,4"

    def test_a_report_waiting_for_review_is_left_out_by_default(self):
        company = self.rows(rollup_table(self.form, self.province, 2025, 1))["AB-CK"]
        assert company.cell("members").value is None
        c = company.completeness
        assert (c.expected, c.received, c.waiting, c.approved) == (1, 1, 1, 0)
        assert not company.not_final

    def test_the_switch_counts_submitted_reports_marked_not_final(self):
        t = rollup_table(self.form, self.province, 2025, 1, include_submitted=True)
        rows = self.rows(t)
        assert rows["AB-CK"].not_final and rows["AB-CK"].cell("members").value == 60
        assert not rows["AB-HL"].not_final
        assert t.total.not_final
        assert t.total.cell("members").value == 400
        assert t.total.cell("fee_rate").value == D("66.5")  # (23600 + 50×60) / 400
        assert t.total.cell("score").value == D("7.5")  # (8 + 6 + 9 + 7) / 4
        assert t.total.cell("wage_low").value == 4
        assert t.total.cell("has_cba").text == "2/4"

    def test_the_whole_year_takes_each_units_latest_value_and_adds_the_rest(self):
        t = rollup_table(self.form, self.province, 2025, 0)
        rows = self.rows(t)
        hl, tl = rows["AB-HL"], rows["AB-TL"]
        assert hl.cell("members").value == 242  # school Q2 42 + factory Q1 200 (its latest)
        assert hl.cell("new_members").value == 19  # 2 + 15 + 2
        assert close(hl.cell("fee_rate").value, D(19590) / 282)  # (3600 + 12000 + 3990) / 282
        assert hl.cell("score").value == D("7.5")  # (8 + 6 + 8.5) / 3
        assert hl.cell("has_cba").text == "1/3"
        assert tl.cell("members").value == 103
        assert close(tl.cell("fee_rate").value, D(16755) / 203)
        assert t.total.cell("members").value == 242 + 103 + 60
        assert t.total.cell("new_members").value == 19 + 9 + 1
        assert t.period_label == "Cả năm 2025"

    def test_completeness_counts_due_received_approved_and_on_time(self):
        c = rollup_table(self.form, self.province, 2025, 0).total.completeness
        assert c.expected == 16  # 4 CĐCS × 4 quarters
        assert (c.received, c.approved, c.waiting) == (7, 6, 1)  # 4 in Q1, 3 in Q2
        assert c.on_time == 6  # the hospital's Q2 report was late
        assert c.received_pct == 43.8 and c.missing == 9

    def test_drill_down_to_a_commune_shows_its_cdcs_with_their_reports(self):
        t = rollup_table(self.form, self.commune, 2025, 1)
        rows = self.rows(t)
        assert set(rows) == {"AB-HL-TH", "AB-HL-MAY"}
        assert rows["AB-HL-MAY"].cell("members").value == 200
        assert not rows["AB-HL-MAY"].has_children
        assert rows["AB-HL-MAY"].submission_id is not None
        assert t.total.cell("members").value == 240
        assert self.rows(rollup_table(self.form, self.province, 2025, 1))["AB-HL"].has_children

    def test_targets_show_progress_at_every_tier(self):
        members = self.form.indicators.get(code="members")
        Target.objects.create(indicator=members, unit=self.province, year=2025, index=1, value=400)
        Target.objects.create(indicator=members, unit=self.commune, year=2025, index=1, value=300)
        t = rollup_table(self.form, self.province, 2025, 1)
        assert t.total.cell("members").progress == D("85.0")  # 340 / 400
        assert self.rows(t)["AB-HL"].cell("members").progress == D("80.0")  # 240 / 300
        assert self.rows(t)["AB-TL"].cell("members").target is None

    def test_trend_per_period_and_per_year(self):
        periods = [(2025, i) for i in range(1, 5)]
        points = trend(self.form, self.province, periods, codes=["new_members", "members"])
        assert points[202501]["new_members"].value("sum") == 22
        assert points[202502]["new_members"].value("sum") == 7  # 2 + 4 + 1
        assert 202503 not in points
        yearly = trend(self.form, self.province, periods, codes=["members"], by="year")
        assert yearly[2025]["members"].value("latest") == 405


class StructureTests(RollupWorld):
    """The hospital's CĐCS moves from Tân Lập to Hòa Lạc on 01/7/2025, inside Q3."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        r = cls.report
        r(cls.school, 2025, 1, members=40, new_members=2)
        r(cls.factory, 2025, 1, members=200, new_members=15)
        r(cls.hospital, 2025, 1, members=100, new_members=5)
        r(cls.school, 2025, 2, members=42, new_members=2)
        r(cls.hospital, 2025, 2, members=103, new_members=4)
        r(cls.company, 2025, 2, members=60, new_members=1)

    def rows(self, table) -> dict[str, object]:
        return {row.unit.code: row for row in table.rows}

    def value(self, table, code: str, indicator: str):
        row = self.rows(table).get(code)
        return row.cell(indicator).value if row else None

    def moved(self) -> None:
        move_unit(unit=self.hospital, new_parent=self.commune, on=MOVE)
        self.report(self.hospital, 2025, 3, members=104, new_members=6)

    def test_as_reported_counts_each_quarter_under_the_parent_at_its_end(self):
        self.moved()
        year = rollup_table(self.form, self.province, 2025, 0, structure=REPORTED)
        assert self.value(year, "AB-HL", "new_members") == 19 + 6  # Q1–Q2 school+factory, Q3 hospital
        assert self.value(year, "AB-TL", "new_members") == 9  # hospital Q1 + Q2, before the move
        # Latest value: the hospital's latest quarter (Q3) was reported under Hòa Lạc.
        assert self.value(year, "AB-HL", "members") == 42 + 200 + 104
        assert self.value(year, "AB-TL", "members") is None
        assert year.total.cell("new_members").value == 35

    def test_current_counts_every_quarter_under_todays_parent(self):
        self.moved()
        year = rollup_table(self.form, self.province, 2025, 0, structure=CURRENT)
        assert self.value(year, "AB-HL", "new_members") == 19 + 15
        assert self.value(year, "AB-TL", "new_members") is None
        assert self.value(year, "AB-HL", "members") == 42 + 200 + 104
        assert year.total.cell("new_members").value == 35

    def test_a_quarter_before_the_move_differs_between_the_structures(self):
        self.moved()
        reported = rollup_table(self.form, self.province, 2025, 2, structure=REPORTED)
        current = rollup_table(self.form, self.province, 2025, 2, structure=CURRENT)
        assert self.value(reported, "AB-TL", "new_members") == 4
        assert self.value(reported, "AB-HL", "new_members") == 2
        assert self.value(current, "AB-TL", "new_members") is None
        assert self.value(current, "AB-HL", "new_members") == 6
        assert reported.total.cell("new_members").value == current.total.cell("new_members").value == 7
        # Drill-down follows the same structure.
        assert set(self.rows(rollup_table(self.form, self.commune2, 2025, 2))) == {"AB-TL-BV"}
        assert self.rows(rollup_table(self.form, self.commune2, 2025, 2, structure=CURRENT)) == {}
        assert reported.on == dt.date(2025, 6, 14)

    def test_completeness_follows_the_structure_too(self):
        self.moved()
        reported = rollup_table(self.form, self.province, 2025, 0, structure=REPORTED)
        current = rollup_table(self.form, self.province, 2025, 0, structure=CURRENT)
        tl_reported = self.rows(reported)["AB-TL"].completeness
        assert (tl_reported.expected, tl_reported.received) == (2, 2)  # Q1, Q2 due under Tân Lập
        assert self.rows(current)["AB-TL"].completeness.expected == 0
        assert self.rows(current)["AB-HL"].completeness.expected == 12
        assert reported.total.completeness == current.total.completeness

    def test_a_merged_unit_is_its_own_row_as_reported_and_gone_today(self):
        merge_units(sources=[self.commune2], into=self.commune, on=MOVE)
        reported = rollup_table(self.form, self.commune, 2025, 2, structure=REPORTED)
        rows = self.rows(reported)
        assert set(rows) == {"AB-HL-TH", "AB-HL-MAY", "AB-TL"}
        assert rows["AB-TL"].kind == "merged" and rows["AB-TL"].has_children
        assert rows["AB-TL"].cell("new_members").value == 4
        assert reported.total.cell("new_members").value == 6
        current = rollup_table(self.form, self.commune, 2025, 2, structure=CURRENT)
        assert set(self.rows(current)) == {"AB-HL-TH", "AB-HL-MAY", "AB-TL-BV"}
        assert self.value(current, "AB-TL-BV", "new_members") == 4
        province = rollup_table(self.form, self.province, 2025, 2, structure=REPORTED)
        assert self.value(province, "AB-TL", "new_members") == 4
        province_now = rollup_table(self.form, self.province, 2025, 2, structure=CURRENT)
        assert "AB-TL" not in self.rows(province_now)
        assert self.value(province_now, "AB-HL", "new_members") == 6


class IndicatorRuleFormTests(RollupWorld):
    """The form editor says which aggregation rule fits which kind of indicator."""

    def post(self, **data):
        self.login(self.chairwoman_lan)
        base = {"label": "Tỷ lệ đoàn viên nữ", "kind": "percent", "required": "on", "position": 9}
        return self.client.post(f"/bao-cao/bieu-mau/{self.form.pk}/chi-tieu/moi/", {**base, **data})

    def test_a_weighted_average_needs_a_numeric_weight_of_the_same_form(self):
        r = self.post(code="female_rate", aggregation="wavg", weight_code="")
        assert r.status_code == 200 and "làm trọng số" in r.content.decode()
        r = self.post(code="female_rate", aggregation="wavg", weight_code="note")
        assert r.status_code == 200  # a text indicator is not offered as a weight
        r = self.post(code="female_rate", aggregation="wavg", weight_code="members")
        assert r.status_code == 302
        saved = self.form.indicators.get(code="female_rate")
        assert (saved.aggregation, saved.weight_code) == ("wavg", "members")

    def test_a_rate_is_not_summed_and_yes_no_is_counted(self):
        r = self.post(code="female_rate", aggregation="sum")
        assert r.status_code == 200 and "Không cộng dồn tỷ lệ" in r.content.decode()
        r = self.post(code="has_union_house", label="Có nhà văn hóa", kind="yesno", aggregation="count_yes")
        assert r.status_code == 302
        r = self.post(code="has_fund", label="Có quỹ xã hội", kind="yesno", aggregation="max")
        assert r.status_code == 200 and "đếm số Có" in r.content.decode()
