"""Targets: the allocation rules (Django-free, hand-worked and by property), and through HTTP: a unit's
target set, allocated down to its children with a remainder rule, and shown with progress at each tier."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import SimpleTestCase
from hypothesis import given
from hypothesis import strategies as st

from trienkhai.lib.allocate import KEEP, LARGEST_REMAINDER, TO_LARGEST, allocate
from trienkhai.reports.models import Target
from trienkhai.reports.results import rollup_table
from trienkhai.reports.workflow import NoTarget, allocate_target

from .rollup_world import RollupWorld

D = Decimal


class AllocateTests(SimpleTestCase):
    def test_largest_remainder_gives_the_leftover_to_the_largest_fractions(self):
        # 100 by 3 : 2 : 2 -> 42,86 / 28,57 / 28,57 -> 42 / 28 / 28, two left: 42,86 and one 28,57 win
        assert allocate(D(100), [3, 2, 2]).shares == [D(43), D(29), D(28)]

    def test_to_largest_puts_every_leftover_unit_on_the_biggest_child(self):
        assert allocate(D(100), [3, 2, 2], remainder=TO_LARGEST).shares == [D(44), D(28), D(28)]

    def test_keep_leaves_the_leftover_with_the_parent(self):
        result = allocate(D(100), [3, 2, 2], remainder=KEEP)
        assert result.shares == [D(42), D(28), D(28)] and result.kept == D(2)

    def test_zero_weights_share_equally_and_decimals_keep_cents(self):
        assert allocate(D("10.00"), [0, 0, 0], places=2).shares == [D("3.34"), D("3.33"), D("3.33")]

    def test_unknown_rule_and_negative_total_are_refused(self):
        with pytest.raises(ValueError):
            allocate(D(1), [1], remainder="magic")
        with pytest.raises(ValueError):
            allocate(D(-1), [1])

    @given(
        total=st.integers(min_value=0, max_value=10**9),
        weights=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=40),
        rule=st.sampled_from([LARGEST_REMAINDER, TO_LARGEST, KEEP]),
    )
    def test_shares_and_kept_always_add_up_to_the_total(self, total, weights, rule):
        result = allocate(D(total), [D(w) for w in weights], remainder=rule)
        assert sum(result.shares) + result.kept == total
        assert all(s >= 0 for s in result.shares)
        if rule == LARGEST_REMAINDER and sum(weights):
            # Never more than one unit away from the exact proportional share.
            for share, w in zip(result.shares, weights, strict=True):
                assert abs(share - D(total) * w / sum(weights)) < 1


class TargetFlowTests(RollupWorld):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.new_members = cls.form.indicators.get(code="new_members")
        # Last year's figures weigh the allocation: Hòa Lạc 30, Tân Lập 10, the company none.
        cls.report(cls.school, 2024, 4, members=50, new_members=10)
        cls.report(cls.factory, 2024, 4, members=150, new_members=20)
        cls.report(cls.hospital, 2024, 4, members=90, new_members=10)

    def test_allocation_needs_a_target_of_the_unit_itself(self):
        with pytest.raises(NoTarget):
            allocate_target(
                indicator=self.new_members,
                unit=self.province,
                year=2025,
                index=1,
                basis="equal",
                remainder=LARGEST_REMAINDER,
                user=self.chairwoman_lan,
            )

    def test_set_then_allocate_by_last_periods_figures_through_the_page(self):
        self.login(self.chairwoman_lan)
        url = f"/bao-cao/bieu-mau/{self.form.pk}/chi-tieu-giao/{self.province.pk}/?nam=2025&ky=1"
        r = self.client.post(url, {"action": "set", f"t_{self.new_members.pk}": "100"})
        assert r.status_code == 302
        r = self.client.post(
            url,
            {
                "action": "allocate",
                "indicator": self.new_members.pk,
                "basis": "previous:new_members",
                "remainder": "largest_remainder",
            },
        )
        assert r.status_code == 302
        shares = dict(Target.objects.filter(allocated_from__isnull=False).values_list("unit__code", "value"))
        assert shares == {"AB-HL": 75, "AB-TL": 25, "AB-CK": 0}  # 30 : 10 : 0 of Q4/2024
        parent = Target.objects.get(unit=self.province)
        assert Target.objects.get(unit=self.commune).allocated_from == parent
        self.report(self.school, 2025, 1, members=50, new_members=15)
        table = rollup_table(self.form, self.province, 2025, 1)
        hl = next(r for r in table.rows if r.unit.code == "AB-HL")
        assert hl.cell("new_members").progress == D("20.0")  # 15 of 75
        assert table.total.cell("new_members").progress == D("15.0")  # 15 of 100
        page = self.client.get(url).content.decode()
        assert "75 ·" in page
        assert "20,0%" in page

    def test_a_viewer_cannot_set_targets_and_bad_numbers_are_explained(self):
        self.login(self.chairwoman_lan)
        url = f"/bao-cao/bieu-mau/{self.form.pk}/chi-tieu-giao/{self.province.pk}/?nam=2025&ky=1"
        r = self.client.post(url, {"action": "set", f"t_{self.new_members.pk}": "mười"})
        assert r.status_code == 400 and "Hãy nhập một số không âm" in r.content.decode()
        assert not Target.objects.exists()
        self.login(self.officer_minh)
        r = self.client.post(
            f"/bao-cao/bieu-mau/{self.form.pk}/chi-tieu-giao/{self.province.pk}/?nam=2025&ky=1",
            {"action": "set", f"t_{self.new_members.pk}": "5"},
        )
        assert r.status_code == 404

    def test_a_target_too_large_to_store_is_refused_in_vietnamese_not_a_500(self):
        self.login(self.chairwoman_lan)
        url = f"/bao-cao/bieu-mau/{self.form.pk}/chi-tieu-giao/{self.province.pk}/?nam=2025&ky=1"
        for typed in ("1e20", str(2**63), "1e309", "99999999999999999"):
            r = self.client.post(url, {"action": "set", f"t_{self.new_members.pk}": typed})
            assert r.status_code == 400, typed
            page = r.content.decode()
            assert "Số quá lớn" in page and typed in page
        assert not Target.objects.exists()
