"""Issue 19, evaluation and classification of CĐCS: the rules of the texts, each data of the criteria set
with the text's value as default, each test named after the text it follows (or "example" where no text
was found: the data says "ví dụ, không lấy từ văn bản").

- Công đoàn TKV's yearly guidance (after Hướng dẫn 392/HD-CĐTKV, 25/9/2019): one table for CĐCS with 500
  members or more, one for under 500, one for upper-level unions; 95 points + up to 5 bonus points
  "do Hội đồng thi đua khen thưởng Công đoàn TKV chấm".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from trienkhai.evaluations import workflow
from trienkhai.evaluations.models import AppliesTo, Evaluation
from trienkhai.evaluations.scoring import Band, Conditions, Quota, Row, classify
from trienkhai.members.models import Affiliation, Member
from trienkhai.orgs.models import UnitKind
from trienkhai.orgs.workflow import create_unit

from .evaluations_world import EvaluationWorld, make_set

D = Decimal
OPEN_2027 = dt.date(2027, 11, 1)
BANDS = [Band("xuat_sac", D(90), D(20)), Band("tot", D(70)), Band("hoan_thanh", D(50))]


def grades(rows, **rules) -> dict[int, str]:
    return {pk: o.grade for pk, o in classify(rows, BANDS, **rules).items()}


class CriteriaSetPerKindTests(EvaluationWorld):
    def open(self, criteria_set, on=OPEN_2027) -> set:
        workflow.open_evaluations(
            criteria_set=criteria_set, due_on=on + dt.timedelta(days=40), user=None, on=on
        )
        return set(Evaluation.objects.filter(criteria_set=criteria_set).values_list("unit_id", flat=True))

    def test_tkv_guidance_each_unit_is_scored_on_the_set_of_its_kind(self) -> None:
        enterprise = make_set(self.province, 2027)
        enterprise.applies_to, enterprise.title = AppliesTo.ENTERPRISE, "CĐCS doanh nghiệp 2027"
        enterprise.save()
        public = make_set(self.province, 2027)  # same owner and year, another table
        public.applies_to, public.title = AppliesTo.PUBLIC, "CĐCS cơ quan, đơn vị sự nghiệp 2027"
        public.save()
        self.assertEqual(self.open(enterprise), {self.factory.pk})  # FDI
        self.assertEqual(self.open(public), {self.school.pk})  # hành chính sự nghiệp

    def test_tkv_guidance_members_band_500_or_more_and_under_500(self) -> None:
        """The bands as data (here 2 or more / under 2, the register read on the set's date)."""
        for n in range(2):
            member = Member.objects.create(
                full_name=f"Đoàn viên {n}",
                birth_year=1990,
                sex="female",
                joined_on=dt.date(2020, 1, 1),
                unit=self.factory,
            )
            Affiliation.objects.create(member=member, unit=self.factory, valid_from=dt.date(2020, 1, 1))
        large = make_set(self.province, 2027)
        large.title, large.min_members, large.applies_on = "Từ 2 đoàn viên", 2, dt.date(2027, 10, 1)
        large.save()
        small = make_set(self.province, 2027)
        small.title, small.max_members = "Dưới 2 đoàn viên", 1
        small.save()
        self.assertEqual(self.open(large), {self.factory.pk})
        self.assertEqual(self.open(small), {self.school.pk})

    def test_tkv_guidance_upper_level_unions_are_graded_too(self) -> None:
        upper = make_set(self.province, 2027)
        upper.applies_to, upper.title = AppliesTo.UPPER, "Công đoàn cấp trên cơ sở 2027"
        upper.quota_rounding = "at_least_one"  # the commune is the province's only upper union here
        upper.save()
        opened = self.open(upper)
        self.assertIn(self.commune.pk, opened)
        self.assertNotIn(self.school.pk, opened)
        ev = Evaluation.objects.get(criteria_set=upper, unit=self.commune)
        self.assertEqual(ev.parent_id, self.province.pk)
        self.assess(ev, {"1.1": 40, "1.2": 30, "2.1": 20, "2.2": 5}, user=self.chairwoman_lan)
        self.accept(ev)
        workflow.classify_set(criteria_set=upper)
        self.assertEqual(Evaluation.objects.get(pk=ev.pk).grade, "xuat_sac")

    def test_example_a_cdcs_founded_during_the_year_is_evaluated_only_if_the_set_says_so(self) -> None:
        new = create_unit(
            parent=self.commune,
            on=dt.date(2027, 3, 1),
            code="AB-HL-MOI",
            name="CĐCS Công ty Mới",
            kind=UnitKind.GRASSROOTS,
            sector="non_state",
        )
        by_default = make_set(self.province, 2027)
        self.assertNotIn(new.pk, self.open(by_default))
        Evaluation.objects.filter(criteria_set=by_default).delete()
        including = make_set(self.province, 2028)
        including.evaluate_founded_in_year = True
        including.save()
        new_2028 = create_unit(
            parent=self.commune,
            on=dt.date(2028, 5, 1),
            code="AB-HL-MOI2",
            name="CĐCS Công ty Mới 2",
            kind=UnitKind.GRASSROOTS,
            sector="non_state",
        )
        self.assertIn(new_2028.pk, self.open(including, dt.date(2028, 11, 1)))


class BonusTests(EvaluationWorld):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.criteria_set.bonus_max = D(5)
        cls.criteria_set.quota_rounding = "at_least_one"  # one moderated CĐCS may take the top grade
        cls.criteria_set.save(update_fields=["bonus_max", "quota_rounding"])

    def moderated_school(self, points) -> Evaluation:
        ev = self.assess(self.school_ev, points)
        return self.accept(ev) or Evaluation.objects.get(pk=ev.pk)

    def test_tkv_guidance_bonus_points_scored_only_by_council(self) -> None:
        ev = self.moderated_school({"1.1": 40, "1.2": 30, "2.1": 15, "2.2": 3})  # 88: "tốt"
        url = reverse("evaluations:set_bonus", args=[self.criteria_set.pk])
        data = {f"bonus_{ev.pk}": "5", f"reason_{ev.pk}": "Mô hình điểm về chăm lo"}
        self.client.force_login(self.officer_minh)  # the moderating commune is not the council
        self.assertEqual(self.client.post(url, data).status_code, 404)
        self.client.force_login(self.cdcs_hoa)
        self.assertEqual(self.client.post(url, data).status_code, 404)
        self.assertIsNone(Evaluation.objects.get(pk=ev.pk).bonus_points)
        self.client.force_login(self.chairwoman_lan)  # the province: its emulation council
        self.assertEqual(self.client.post(url, data).status_code, 302)
        ev.refresh_from_db()
        self.assertEqual((ev.final_total, ev.bonus_points, ev.grand_total), (D(88), D(5), D(93)))
        workflow.classify_set(criteria_set=self.criteria_set)
        self.assertEqual(Evaluation.objects.get(pk=ev.pk).grade, "xuat_sac")  # 88 + 5 reaches 90

    def test_tkv_guidance_bonus_above_the_sets_maximum_is_refused(self) -> None:
        ev = self.moderated_school({"1.1": 40, "1.2": 30, "2.1": 15, "2.2": 3})
        self.client.force_login(self.chairwoman_lan)
        url = reverse("evaluations:set_bonus", args=[self.criteria_set.pk])
        response = self.client.post(url, {f"bonus_{ev.pk}": "6", f"reason_{ev.pk}": "Nhiều thành tích"})
        self.assertContains(response, "điểm thưởng phải từ 0 đến 5", status_code=400)
        self.assertContains(response, 'value="6"', status_code=400)  # what was typed stays
        self.assertIsNone(Evaluation.objects.get(pk=ev.pk).bonus_points)


class ConditionTests(EvaluationWorld):
    def test_example_no_group_below_half_of_its_points(self) -> None:
        self.criteria_set.group_min_share = D(50)
        self.criteria_set.save(update_fields=["group_min_share"])
        ev = self.assess(self.school_ev, {"1.1": 40, "1.2": 30, "2.1": 10, "2.2": 4})  # II: 14 / 30
        self.accept(ev)
        workflow.classify_set(criteria_set=self.criteria_set)
        ev = Evaluation.objects.get(pk=ev.pk)
        self.assertEqual((ev.final_total, ev.grade), (D(84), "hoan_thanh"))  # 84 would be "tốt"
        self.assertIn("nhóm tiêu chí dưới mức", ev.grade_note)

    def test_example_a_discipline_in_the_year_caps_the_grade(self) -> None:
        self.criteria_set.discipline_cap = "khong_hoan_thanh"
        self.criteria_set.save(update_fields=["discipline_cap"])
        ev = self.assess(self.school_ev, {"1.1": 40, "1.2": 30, "2.1": 20, "2.2": 5})
        crit = self.criteria()
        self.client.force_login(self.officer_minh)
        data = {
            f"points_{c.pk}": p
            for c, p in ((crit["1.1"], "40"), (crit["1.2"], "30"), (crit["2.1"], "20"), (crit["2.2"], "5"))
        }
        data.update({"action": "moderate", "lock_version": Evaluation.objects.get(pk=ev.pk).lock_version})
        refused = self.client.post(
            reverse("evaluations:moderate", args=[ev.pk]), {**data, "disciplined": "on"}
        )
        self.assertContains(refused, "Hãy ghi hình thức và số quyết định kỷ luật", status_code=400)
        data.update({"disciplined": "on", "discipline_note": "Khiển trách, QĐ số 12/QĐ-LĐLĐ"})
        self.assertEqual(
            self.client.post(reverse("evaluations:moderate", args=[ev.pk]), data).status_code, 302
        )
        workflow.classify_set(criteria_set=self.criteria_set)
        ev = Evaluation.objects.get(pk=ev.pk)
        self.assertEqual((ev.disciplined, ev.grade), (True, "khong_hoan_thanh"))
        self.assertIn("kỷ luật", ev.grade_note)


class QuotaTests(EvaluationWorld):
    def test_quota_at_least_one_lets_a_parent_with_fewer_than_five_cdcs_give_the_top_grade(self) -> None:
        rows = [Row(1, 7, D(95)), Row(2, 7, D(92))]  # 20 % of 2 is 0,4
        self.assertEqual(grades(rows), {1: "tot", 2: "tot"})  # rounded down: never the top grade
        self.assertEqual(grades(rows, quota=Quota(rounding="at_least_one")), {1: "xuat_sac", 2: "tot"})

    def test_quota_at_least_one_through_the_set(self) -> None:
        band = self.criteria_set.bands.get(grade="xuat_sac")
        self.criteria_set.frozen_at = None
        self.criteria_set.quota_rounding = "at_least_one"
        self.criteria_set.save(update_fields=["frozen_at", "quota_rounding"])
        band.max_share = D(20)
        band.save()
        for ev, extra in ((self.school_ev, 5), (self.factory_ev, 4)):
            user = self.cdcs_hoa if ev == self.school_ev else self.cdcs_dung
            self.accept(self.assess(ev, {"1.1": 40, "1.2": 30, "2.1": 20, "2.2": extra}, user=user))
        workflow.classify_set(criteria_set=self.criteria_set)
        got = dict(Evaluation.objects.filter(criteria_set=self.criteria_set).values_list("unit_id", "grade"))
        self.assertEqual(got, {self.school.pk: "xuat_sac", self.factory.pk: "tot"})

    def test_quota_nearest_rounds_half_up(self) -> None:
        rows = [Row(i, 7, D(99 - i)) for i in range(1, 9)]  # 20 % of 8 is 1,6
        top = [pk for pk, g in grades(rows, quota=Quota(rounding="nearest")).items() if g == "xuat_sac"]
        self.assertEqual(top, [1, 2])

    def test_quota_base_of_units_graded_at_least_good(self) -> None:
        rows = [Row(1, 7, D(98)), Row(2, 7, D(96)), *(Row(i, 7, D(60)) for i in range(3, 11))]
        share = [Band("xuat_sac", D(90), D(50)), Band("tot", D(70)), Band("hoan_thanh", D(50))]
        of_all = classify(rows, share)
        of_good = classify(rows, share, quota=Quota(base="good"))
        self.assertEqual([of_all[1].grade, of_all[2].grade], ["xuat_sac", "xuat_sac"])  # 50 % of 10
        self.assertEqual([of_good[1].grade, of_good[2].grade], ["xuat_sac", "tot"])  # 50 % of 2

    def test_quota_pooled_at_the_set_level(self) -> None:
        rows = [Row(1, 7, D(95)), Row(2, 8, D(93))]  # one unit under each of two parents, 50 %
        share = [Band("xuat_sac", D(90), D(50)), Band("tot", D(70))]
        per_parent = {pk: o.grade for pk, o in classify(rows, share).items()}
        pooled = {pk: o.grade for pk, o in classify(rows, share, quota=Quota(scope="pooled")).items()}
        self.assertEqual(per_parent, {1: "tot", 2: "tot"})  # 50 % of 1 rounds down to 0
        self.assertEqual(pooled, {1: "xuat_sac", 2: "tot"})  # 50 % of 2 is 1

    def test_conditions_as_data_each_caps_only_when_set(self) -> None:
        row = Row(1, 7, D(95), group_shortfall=True, disciplined=True)
        self.assertEqual(grades([row], quota=Quota(rounding="at_least_one")), {1: "xuat_sac"})
        capped = grades(
            [row], conditions=Conditions(discipline_cap="hoan_thanh"), quota=Quota(rounding="at_least_one")
        )
        self.assertEqual(capped, {1: "hoan_thanh"})


class RulesFormTests(EvaluationWorld):
    def test_the_rules_form_shows_and_takes_the_bonus_the_vietnamese_way(self) -> None:
        draft = make_set(self.province, 2027)
        draft.bonus_max = D(5)
        draft.save(update_fields=["bonus_max"])
        self.client.force_login(self.chairwoman_lan)
        url = reverse("evaluations:set_edit", args=[draft.pk])
        self.assertContains(self.client.get(url), 'name="bonus_max" value="5,00"')
        data = {
            "title": draft.title,
            "applies_to": "enterprise",
            "min_members": "500",
            "bonus_max": "2,5",
            "group_min_share": "50",
            "group_shortfall_cap": "hoan_thanh",
            "quota_base": "good",
            "quota_rounding": "at_least_one",
            "quota_scope": "pooled",
            "min_xuat_sac": "90",
            "share_xuat_sac": "20",
            "min_tot": "70",
            "min_hoan_thanh": "50",
        }
        self.assertEqual(self.client.post(url, data).status_code, 302)
        draft.refresh_from_db()
        self.assertEqual(
            (draft.applies_to, draft.min_members, draft.bonus_max, draft.quota_rounding, draft.quota_scope),
            ("enterprise", 500, D("2.5"), "at_least_one", "pooled"),
        )
