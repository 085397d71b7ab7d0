"""What `reports` adds to the plan page (see `trienkhai.plans.contrib`): "Giao báo cáo cho kế hoạch
này" for the plan's writers, and the report forms already made for the plan; and to the restructuring
flows (`trienkhai.orgs.contrib`): the stored subtree totals follow the tree."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from trienkhai.plans.contrib import Link
from trienkhai.plans.models import Plan

from .models import ReportForm
from .results.stored import tree_changing


def plan_actions(request: HttpRequest, plan: Plan, *, can_write: bool) -> list[Link]:
    # A report form asks the units that received the plan: only a published plan of a unit with units
    # below has any, and only the plan's writers may make one (as `reports:form_create` checks).
    if not can_write or not plan.version or plan.owner_unit.is_grassroots:
        return []
    url = reverse("reports:form_create", args=[plan.pk])
    return [
        Link(label=_("Giao báo cáo cho kế hoạch này"), url=url, id="ask-reports", icon="bi-clipboard-data")
    ]


def plan_links(request: HttpRequest, plan: Plan) -> list[tuple[str, list[Link]]]:
    forms = ReportForm.objects.filter(plan=plan).order_by("pk")
    links = [
        Link(
            label=f.title,
            url=reverse("reports:form", args=[f.pk]),
            id=f"report-form-{f.pk}",
            detail=str(f.get_period_kind_display()),
        )
        for f in forms
    ]
    return [(_("Báo cáo theo kế hoạch"), links)] if links else []


__all__ = ["plan_actions", "plan_links", "tree_changing"]
