"""What `plans` puts on the home page: plans sent to the user's units that still need their own plan."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from trienkhai.core.todo import Item, Section, by_deadline
from trienkhai.orgs.models import Membership

from .models import Plan, PlanAssignment


def received_assignments(user: User | AnonymousUser) -> QuerySet[PlanAssignment]:
    """Published plans sent to a unit where the user holds a write role today (none for anybody else),
    with the plan, its owner unit, the receiving unit and its sub-plan selected. Reads only."""
    return PlanAssignment.objects.filter(
        unit_id__in=Membership.objects.own_unit_ids(user), plan__status=Plan.Status.PUBLISHED
    ).select_related("plan", "plan__owner_unit", "unit", "sub_plan")


def todo_sections(user, *, on: dt.date) -> list[Section]:
    items = [
        Item(
            kind="subplan",
            title=a.plan.number or a.plan.title[:80],
            unit_name=a.unit.name,
            url=reverse("plans:assignment", args=[a.pk]),
            deadline=a.deadline,
            status=_("Chưa ban hành") if a.sub_plan else _("Chưa xây dựng"),
            issuer=a.plan.owner_unit.name,
        )
        for a in received_assignments(user)
        if a.completed_on is None
    ]
    return [
        Section(
            _("Kế hoạch cần xây dựng"),
            sorted(items, key=by_deadline),
            _("Không có kế hoạch nào phải xây dựng."),
            order=20,
        )
    ]
