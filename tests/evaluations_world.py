"""The named world with a criteria set of the province: two groups, four criteria (one mandatory, one
needing evidence), 100 points in all, bands 90 / 70 / 50 and the top grade for at most 50 % of one
parent's CĐCS.

LĐLĐ tỉnh An Bình (province, owner of the set)       chairwoman_lan
  └─ Công đoàn xã Hòa Lạc (commune, the parent)     officer_minh
       ├─ CĐCS Trường Tiểu học Hòa Lạc (school)     cdcs_hoa
       └─ CĐCS Công ty May Hòa Lạc (factory)        cdcs_dung (added here)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from trienkhai.evaluations import workflow
from trienkhai.evaluations.models import CriteriaGroup, CriteriaSet, Criterion, Evaluation, GradeBand
from trienkhai.orgs.models import Role

from .world import World

D = Decimal
HALF = Decimal(50)
OPENED = dt.date(2026, 11, 1)
DUE = dt.date(2026, 12, 20)


def make_set(owner, year: int, *, share: Decimal | None = HALF) -> CriteriaSet:
    criteria_set = CriteriaSet.objects.create(owner=owner, year=year, title=f"Bộ tiêu chí năm {year}")
    first = CriteriaGroup.objects.create(criteria_set=criteria_set, position=0, label="I", title="Chăm lo")
    second = CriteriaGroup.objects.create(criteria_set=criteria_set, position=1, label="II", title="Tổ chức")
    for group, pos, code, points, mandatory, evidence in (
        (first, 0, "1.1", 40, True, False),
        (first, 1, "1.2", 30, False, True),
        (second, 0, "2.1", 20, False, False),
        (second, 1, "2.2", 10, False, False),
    ):
        Criterion.objects.create(
            group=group,
            position=pos,
            code=code,
            text=f"Tiêu chí {code}",
            max_points=D(points),
            mandatory=mandatory,
            evidence_required=evidence,
        )
    for grade, low, cap in (("xuat_sac", 90, share), ("tot", 70, None), ("hoan_thanh", 50, None)):
        GradeBand.objects.create(criteria_set=criteria_set, grade=grade, min_score=D(low), max_share=cap)
    return criteria_set


class EvaluationWorld(World):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.cdcs_dung = cls.make_user("cdcs_dung", "Dũng", cls.factory, Role.CDCS_CHAIR)
        cls.criteria_set = make_set(cls.province, 2026)
        workflow.open_evaluations(criteria_set=cls.criteria_set, due_on=DUE, user=None, on=OPENED)
        cls.school_ev = Evaluation.objects.get(unit=cls.school, year=2026)
        cls.factory_ev = Evaluation.objects.get(unit=cls.factory, year=2026)

    def criteria(self, criteria_set: CriteriaSet | None = None) -> dict[str, Criterion]:
        cs = criteria_set or self.criteria_set
        return {c.code: c for c in Criterion.objects.filter(group__criteria_set=cs)}

    def assess(self, evaluation: Evaluation, points: dict[str, str | int], *, user=None, submit=True):
        """Self-assess and submit through the workflow (evidence given where required)."""
        crit = self.criteria(evaluation.criteria_set)
        entries = {
            crit[code].pk: workflow.SelfEntry(points=D(str(p)), evidence="Biên bản số 1")
            for code, p in points.items()
        }
        user = user or self.cdcs_hoa
        evaluation = workflow.save_self_assessment(evaluation=evaluation, entries=entries, note="", user=user)
        return workflow.submit_self_assessment(evaluation=evaluation, user=user) if submit else evaluation

    def accept(self, evaluation: Evaluation, changes: dict[str, tuple[str, str]] | None = None):
        """Moderate: keep the self-scores, except `changes` {code: (points, reason)}."""
        changes = changes or {}
        crit = self.criteria(evaluation.criteria_set)
        entries = {}
        for score in evaluation.scores.select_related("criterion"):
            code = score.criterion.code
            points, reason = changes.get(code, (str(score.self_points), ""))
            entries[crit[code].pk] = workflow.ModerationEntry(points=D(points), reason=reason)
        return workflow.moderate_evaluation(
            evaluation=evaluation, entries=entries, note="", user=self.officer_minh
        )
