"""The status board of one form for one unit's subtree and one period, and its roll-up totals.

A fixed number of queries whatever the number of units: the subtree is one recursive CTE, assignments,
submissions and totals are one query each. The subtree is read at `tree_on`: the period's end for the
structure "as reported", today for the current one (`rollup.py` computes the totals the same way).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from trienkhai.orgs.models import Unit, today
from trienkhai.plans.models import PlanAssignment

from .models import ReportForm, Submission

S = Submission.Status


@dataclass
class Row:
    unit: Unit
    assignment: PlanAssignment
    submission: Submission | None
    deadline: dt.date
    overdue: bool

    @property
    def plan_made(self) -> bool:
        # Finished = the unit published its own plan (the plans app stamps completed_on then).
        return self.assignment.completed_on is not None

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else "none"

    @property
    def status_label(self) -> str:
        return self.submission.get_status_display() if self.submission else "Chưa bắt đầu"

    @property
    def late(self) -> bool:
        return bool(self.submission and self.submission.is_late) or self.overdue


FILTERS = {
    "": lambda r: True,
    "none": lambda r: r.submission is None,
    "draft": lambda r: r.status == S.DRAFT,
    "waiting": lambda r: r.status in (S.SUBMITTED, S.RESUBMITTED),
    "returned": lambda r: r.status == S.RETURNED,
    "approved": lambda r: r.status == S.APPROVED,
    "late": lambda r: r.late,
}
ORDER = ["none", S.DRAFT, S.RETURNED, S.SUBMITTED, S.RESUBMITTED, S.APPROVED]
SORTS = {
    "name": lambda r: r.unit.name,
    "status": lambda r: (ORDER.index(r.status), r.unit.name),
    "submitted": lambda r: (
        r.submission.submitted_at.isoformat() if r.submission and r.submission.submitted_at else "~"
    ),
}


def board_rows(
    form: ReportForm,
    unit: Unit,
    year: int,
    index: int,
    *,
    on: dt.date | None = None,
    tree_on: dt.date | None = None,
) -> list[Row]:
    """Every unit of the subtree (as of `tree_on`, default `on`) that received the form's plan, with its
    report for the period; `on` (today) decides what is overdue."""
    on = on or today()
    subtree = Unit.objects.subtree_of([unit.pk], on=tree_on or on)
    assignments = list(
        PlanAssignment.objects.filter(plan_id=form.plan_id, unit__in=subtree)
        .select_related("unit")
        .order_by("unit__name")
    )
    subs = {
        s.unit_id: s
        for s in Submission.objects.filter(
            form=form, year=year, index=index, unit_id__in=[a.unit_id for a in assignments]
        )
    }
    deadline = form.deadline(year, index)
    rows = []
    for a in assignments:
        sub = subs.get(a.unit_id)
        d = sub.deadline if sub else deadline
        overdue = on > d and (sub is None or sub.status == S.DRAFT)
        rows.append(Row(unit=a.unit, assignment=a, submission=sub, deadline=d, overdue=overdue))
    return rows


def totals(
    form: ReportForm,
    unit: Unit,
    year: int,
    index: int,
    *,
    structure: str = "current",
    include_submitted=False,
) -> dict:
    """Each rolling-up indicator's figure over the subtree, by its aggregation rule (see results/tiers.py)."""
    from .results import rollup_table

    table = rollup_table(form, unit, year, index, structure=structure, include_submitted=include_submitted)
    return {code: cell.value for code, cell in table.total.cells.items()}
