"""Classification on hand-computed cases: bands, the mandatory-zero condition, quotas and their tie rule,
ranks; and the points of computed criteria."""

from __future__ import annotations

from decimal import Decimal

from django.test import SimpleTestCase

from trienkhai.evaluations.scoring import Band, Row, classify, quota_of, ratio_points, yes_points

D = Decimal
BANDS = [Band("xuat_sac", D(90), D(20)), Band("tot", D(70)), Band("hoan_thanh", D(50))]


def grades(outcomes) -> dict[int, str]:
    return {k: v.grade for k, v in outcomes.items()}


class BandTests(SimpleTestCase):
    def test_each_total_gets_the_best_band_it_reaches(self) -> None:
        rows = [
            Row(1, 9, D(95)),
            Row(2, 9, D("89.99")),
            Row(3, 9, D(70)),
            Row(4, 9, D(50)),
            Row(5, 9, D("49.5")),
        ]
        bands = [Band(b.grade, b.min_score) for b in BANDS]  # no quota here
        self.assertEqual(
            grades(classify(rows, bands)),
            {1: "xuat_sac", 2: "tot", 3: "tot", 4: "hoan_thanh", 5: "khong_hoan_thanh"},
        )

    def test_a_mandatory_criterion_at_zero_caps_the_grade(self) -> None:
        rows = [Row(1, 9, D(96), mandatory_zero=True), Row(2, 9, D(60), mandatory_zero=True)]
        bands = [Band(b.grade, b.min_score) for b in BANDS]
        out = classify(rows, bands, mandatory_zero_cap="tot")
        self.assertEqual(out[1].grade, "tot")
        self.assertEqual(out[1].note, "Có tiêu chí bắt buộc bị 0 điểm")
        self.assertEqual((out[2].grade, out[2].note), ("hoan_thanh", ""))  # already below the cap

    def test_without_the_condition_a_mandatory_zero_changes_nothing(self) -> None:
        out = classify(
            [Row(1, 9, D(96), mandatory_zero=True)], [Band("xuat_sac", D(90))], mandatory_zero_cap=""
        )
        self.assertEqual(out[1].grade, "xuat_sac")


class QuotaTests(SimpleTestCase):
    def test_quota_is_rounded_down(self) -> None:
        self.assertEqual(quota_of(D(20), 10), 2)
        self.assertEqual(quota_of(D(20), 14), 2)  # 2.8
        self.assertEqual(quota_of(D(20), 4), 0)  # 0.8

    def test_only_the_highest_totals_keep_the_top_grade(self) -> None:
        # 10 units of one parent, 20 %: two may be "xuất sắc"; four reached 90.
        totals = [99, 97, 95, 91, 80, 75, 72, 60, 55, 40]
        rows = [Row(i, 7, D(t)) for i, t in enumerate(totals, start=1)]
        out = classify(rows, BANDS)
        self.assertEqual([out[i].grade for i in range(1, 5)], ["xuat_sac", "xuat_sac", "tot", "tot"])
        self.assertIn("Vượt tỷ lệ tối đa 20%", out[3].note)
        self.assertEqual(out[10].grade, "khong_hoan_thanh")

    def test_units_tied_at_the_cut_all_lose_the_grade(self) -> None:
        # Quota 2; totals 98, 93, 93: keeping both 93s would give 3 > 2, so both drop to "tốt".
        totals = [98, 93, 93, 80, 80, 70, 60, 60, 50, 10]
        rows = [Row(i, 7, D(t)) for i, t in enumerate(totals, start=1)]
        out = classify(rows, BANDS)
        self.assertEqual((out[1].grade, out[2].grade, out[3].grade), ("xuat_sac", "tot", "tot"))

    def test_a_tie_inside_the_quota_keeps_the_grade(self) -> None:
        totals = [93, 93, 85, 80, 80, 70, 60, 60, 50, 10]
        out = classify([Row(i, 7, D(t)) for i, t in enumerate(totals, start=1)], BANDS)
        self.assertEqual((out[1].grade, out[2].grade), ("xuat_sac", "xuat_sac"))

    def test_quotas_count_each_parent_apart(self) -> None:
        rows = [Row(i, 1, D(95)) for i in range(1, 6)] + [
            Row(i, 2, D(t)) for i, t in ((6, 95), (7, 60), (8, 60), (9, 60), (10, 60))
        ]
        out = classify(rows, BANDS)
        # Parent 1: five tied at 95, quota 1: none keeps it. Parent 2: one at 95, quota 1: it keeps it.
        self.assertEqual({out[i].grade for i in range(1, 6)}, {"tot"})
        self.assertEqual(out[6].grade, "xuat_sac")

    def test_a_unit_dropped_by_a_quota_meets_the_next_grades_quota(self) -> None:
        bands = [Band("xuat_sac", D(90), D(20)), Band("tot", D(70), D(20)), Band("hoan_thanh", D(50))]
        totals = [95, 94, 93, 72, 60]  # quota 1 for each limited grade
        out = classify([Row(i, 3, D(t)) for i, t in enumerate(totals, start=1)], bands)
        self.assertEqual(
            [out[i].grade for i in range(1, 6)], ["xuat_sac", "tot", "hoan_thanh", "hoan_thanh", "hoan_thanh"]
        )

    def test_equal_totals_share_a_rank(self) -> None:
        totals = [80, 90, 80, 70]
        out = classify([Row(i, 3, D(t)) for i, t in enumerate(totals, start=1)], [Band("tot", D(70))])
        self.assertEqual([out[i].rank for i in range(1, 5)], [2, 1, 2, 4])


class ComputedPointTests(SimpleTestCase):
    def test_ratio_against_target_is_capped_and_rounded(self) -> None:
        self.assertEqual(ratio_points(D(30), D(40), D(10)), D("7.50"))
        self.assertEqual(ratio_points(D(50), D(40), D(10)), D(10))
        self.assertEqual(ratio_points(D(1), D(3), D(10)), D("3.33"))

    def test_no_figure_or_no_target_scores_zero(self) -> None:
        self.assertEqual(ratio_points(None, D(40), D(10)), 0)
        self.assertEqual(ratio_points(D(5), None, D(10)), 0)
        self.assertEqual(ratio_points(D(5), D(0), D(10)), 0)

    def test_yes_gives_full_points(self) -> None:
        self.assertEqual(yes_points(D(1), D(10)), D(10))
        self.assertEqual(yes_points(D(0), D(10)), 0)
        self.assertEqual(yes_points(None, D(10)), 0)
