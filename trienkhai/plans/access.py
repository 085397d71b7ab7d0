"""The one access helper of `plans`. A plan is reached through its owner unit's scope (404 outside).

Read: the owner unit is visible to the user, or the plan was sent to a unit the user can see.
Write: the user may change the owner unit (write role at it or above).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from trienkhai.orgs.models import Unit

from .models import Plan


def get_plan_for_user(request: HttpRequest, plan_id: int, *, write: bool = False) -> Plan:
    user = request.user
    if write:
        plans = Plan.objects.filter(owner_unit__in=Unit.objects.writable_by(user))
    else:
        plans = Plan.objects.visible_to(user)
    plan = plans.filter(pk=plan_id).select_related("owner_unit").first()
    if plan is None:
        raise Http404("Không tìm thấy kế hoạch.")
    return plan
