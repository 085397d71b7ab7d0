"""The ranking table of a year: per parent or per sector, with last year's result beside each CĐCS.

Two queries whatever the number of units: the year's evaluations (with unit and parent), and last year's
published results of the same units.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from trienkhai.lib.vn import fold
from trienkhai.orgs.models import Sector, Unit

from .models import GRADE_LABELS, CriteriaSet, Evaluation

BY_PARENT, BY_SECTOR = "cap-tren", "khu-vuc"
SECTOR_LABELS = dict(Sector.choices)


@dataclass
class RankRow:
    evaluation: Evaluation
    rank: int | None
    total: Decimal | None
    last_grade: str = ""
    last_total: Decimal | None = None

    @property
    def grade_label(self) -> str:
        return self.evaluation.grade_label

    @property
    def last_grade_label(self) -> str:
        return str(GRADE_LABELS.get(self.last_grade, ""))

    @property
    def change(self) -> Decimal | None:
        if self.total is None or self.last_total is None:
            return None
        return self.total - self.last_total


@dataclass
class RankGroup:
    title: str
    rows: list[RankRow]


def _total(ev: Evaluation) -> Decimal | None:
    """The moderated points with the council's bonus, once moderated."""
    if ev.status not in (Evaluation.Status.MODERATED, Evaluation.Status.PUBLISHED):
        return None
    return ev.grand_total


def ranking(criteria_set: CriteriaSet, user, *, by: str = BY_PARENT) -> list[RankGroup]:
    """The set's evaluations the user may see, grouped by parent (or sector), best total first; units
    with equal totals share a rank; units not moderated yet come last, unranked."""
    evaluations = (
        Evaluation.objects.filter(criteria_set=criteria_set, unit__in=Unit.objects.visible_to(user))
        .select_related("unit", "parent")
        .only(
            "pk",
            "status",
            "final_total",
            "bonus_points",
            "self_total",
            "grade",
            "grade_note",
            "rank",
            "sector",
            "year",
            "unit_id",
            "unit__name",
            "unit__code",
            "parent_id",
            "parent__name",
        )
    )
    listed = list(evaluations)
    last = {
        unit_id: (grade, total)
        for unit_id, grade, total in Evaluation.objects.published()
        .filter(year=criteria_set.year - 1, unit_id__in=[e.unit_id for e in listed])
        .values_list("unit_id", "grade", "final_total")
    }

    def key(ev: Evaluation) -> str:
        if by == BY_SECTOR:
            return str(SECTOR_LABELS.get(ev.sector, "Chưa xác định"))
        return ev.parent.name

    def order(ev: Evaluation) -> tuple:
        total = _total(ev)
        return (fold(key(ev)), total is None, -(total or 0), fold(ev.unit.name))

    listed.sort(key=order)
    groups = []
    for title, members in groupby(listed, key=key):
        rows: list[RankRow] = []
        for ev in members:
            total = _total(ev)
            rank: int | None = None
            if total is not None:
                previous = rows[-1] if rows else None
                rank = previous.rank if previous and previous.total == total else len(rows) + 1
            grade, last_total = last.get(ev.unit_id, ("", None))
            rows.append(RankRow(ev, rank, total, grade, last_total))
        groups.append(RankGroup(title, rows))
    return groups
