"""What waits for a user ("Việc cần làm"): reports and sub-plans due from their units, reports to
review, reports returned to them. A fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext

from trienkhai.lib.periods import label, period_containing
from trienkhai.orgs.models import Membership, today
from trienkhai.plans.models import Plan, PlanAssignment

from .access import reviewable_units
from .models import ReportForm, Submission

S = Submission.Status


@dataclass
class Item:
    kind: str  # report | subplan | review | returned
    title: str
    unit_name: str
    url: str
    deadline: dt.date | None
    status: str = ""
    # The unit that issued the plan: "27/KH-LĐLĐ" alone cannot tell two federations' plans apart.
    issuer: str = ""

    @property
    def overdue(self) -> bool:
        return self.deadline is not None and self.deadline < today()


def own_unit_ids(user) -> list[int]:
    return list(
        Membership.objects.active_on(today()).writing().filter(user=user).values_list("unit_id", flat=True)
    )


def todo_for(user, *, on: dt.date | None = None) -> dict[str, list[Item]]:
    on = on or today()
    mine = own_unit_ids(user)
    assignments = list(
        PlanAssignment.objects.filter(unit_id__in=mine, plan__status=Plan.Status.PUBLISHED).select_related(
            "plan", "plan__owner_unit", "unit", "sub_plan"
        )
    )
    subplans = [
        Item(
            kind="subplan",
            title=a.plan.number or a.plan.title[:80],
            unit_name=a.unit.name,
            url=_plan_url(a),
            deadline=a.deadline,
            status=gettext("Chưa ban hành") if a.sub_plan else gettext("Chưa xây dựng"),
            issuer=a.plan.owner_unit.name,
        )
        for a in assignments
        if a.completed_on is None
    ]
    forms = list(
        ReportForm.objects.filter(plan_id__in={a.plan_id for a in assignments}).select_related(
            "plan__owner_unit"
        )
    )
    wanted = []
    for a in assignments:
        for f in forms:
            if f.plan_id == a.plan_id:
                year, index = period_containing(f.period_kind, on)
                wanted.append((f, a.unit, year, index))
    existing = {
        (s.form_id, s.unit_id, s.year, s.index): s
        for s in Submission.objects.filter(form__in=forms, unit_id__in=mine).select_related(
            "form__plan__owner_unit", "unit"
        )
    }
    reports = []
    for f, unit, year, index in wanted:
        sub = existing.get((f.pk, unit.pk, year, index))
        if sub and sub.status not in (S.DRAFT,):
            continue
        reports.append(
            Item(
                kind="report",
                title=f"{f.title} — {label(f.period_kind, year, index)}",
                unit_name=unit.name,
                url=reverse("reports:open", args=[f.pk, unit.pk, year, index]),
                deadline=sub.deadline if sub else f.deadline(year, index),
                status=sub.get_status_display() if sub else gettext("Chưa bắt đầu"),
                issuer=f.plan.owner_unit.name,
            )
        )
    returned = [
        Item(
            kind="returned",
            title=f"{s.form.title} — {s.period_label}",
            unit_name=s.unit.name,
            url=reverse("reports:submission", args=[s.pk]),
            deadline=s.deadline,
            status=s.get_status_display(),
            issuer=s.form.plan.owner_unit.name,
        )
        for s in existing.values()
        if s.status == S.RETURNED
    ]
    waiting = (
        Submission.objects.filter(status__in=[S.SUBMITTED, S.RESUBMITTED], unit__in=reviewable_units(user))
        .select_related("form__plan__owner_unit", "unit")
        .order_by("submitted_at")[:50]
    )
    review = [
        Item(
            kind="review",
            title=f"{s.form.title} — {s.period_label}",
            unit_name=s.unit.name,
            url=reverse("reports:submission", args=[s.pk]),
            deadline=None,
            status=s.get_status_display(),
            issuer=s.form.plan.owner_unit.name,
        )
        for s in waiting
    ]
    by_deadline = lambda i: (i.deadline or dt.date.max, i.title)  # noqa: E731
    return {
        "reports": sorted(reports, key=by_deadline),
        "subplans": sorted(subplans, key=by_deadline),
        "review": review,
        "returned": sorted(returned, key=by_deadline),
    }


def _plan_url(assignment: PlanAssignment) -> str:
    return reverse("plans:assignment", args=[assignment.pk])


def todo_sections(user) -> list[tuple[str, list[Item], str]]:
    """The home page's four boxes: (title, items, text when empty)."""
    from django.utils.translation import gettext as _

    todo = todo_for(user)
    return [
        (_("Báo cáo cần nộp"), todo["reports"], _("Không có báo cáo nào đến hạn.")),
        (_("Kế hoạch cần xây dựng"), todo["subplans"], _("Không có kế hoạch nào phải xây dựng.")),
        (_("Chờ tôi duyệt"), todo["review"], _("Không có báo cáo nào chờ duyệt.")),
        (_("Bị trả lại"), todo["returned"], _("Không có báo cáo nào bị trả lại.")),
    ]
