"""The one access helper of `plans`. A plan is reached through its owner unit's scope (404 outside).

Read: the owner unit is visible to the user, or the plan was sent to a unit the user can see.
Write: the user holds a write role at the owner unit itself (each unit writes its own plan; a parent
level only reads the plans below it); successors of an ended owner inherit it, so DNI manages the
cascade of a plan of the dissolved PRG.
Manage (the cascade board, reminders): read needs the owner unit itself in scope — a receiving CĐCS
sees the plan, not the progress of the other units.
"""

from __future__ import annotations

from django.db import connection
from django.http import Http404, HttpRequest

from trienkhai.orgs.models import Unit

from .models import Plan, PlanAssignment


def get_plan_for_user(
    request: HttpRequest, plan_id: int, *, write: bool = False, manage: bool = False
) -> Plan:
    """The plan, with its owner unit, parent plan and the basis it implements selected, when the user
    may read it (`write`: write it; `manage`: see its cascade board), as this module's docstring says;
    Http404 otherwise, the same as for an id that does not exist, so ids do not leak."""
    user = request.user
    related = ("owner_unit", "parent_plan", "implements")
    if write:
        plan = Plan.objects.writable_by(user).filter(pk=plan_id).select_related(*related).first()
        if plan is None:
            raise Http404("Không tìm thấy kế hoạch.")
        return plan
    # The owner unit in scope is answered by walking up from it (a handful of rows); only a plan whose owner
    # is out of scope needs the check over its assignments. Every results page checks its plan: expanding
    # the user's whole subtree for it cost a province officer most of a page (issue 21).
    plan = Plan.objects.filter(pk=plan_id).select_related(*related).first()
    if plan is not None and Unit.objects.in_scope(user, plan.owner_unit_id):
        return plan
    if manage or plan is None:
        raise Http404("Không tìm thấy kế hoạch.")
    # Sent to the user's units or a unit below them: the same rule as `Plan.objects.visible_to`, as a walk
    # down the user's reach, their own units first, that stops at the first unit the plan was sent to. A
    # plan sent to a federation is found at its first row; a national plan sent to every CĐCS a tier or two
    # down, not after expanding a whole province (issue 21).
    if not _sent_into_reach(user, plan.pk):
        raise Http404("Không tìm thấy kế hoạch.")
    return plan


def _sent_into_reach(user, plan_id: int) -> bool:
    if user.is_superuser:
        return True
    table = PlanAssignment._meta.db_table
    sql, params = Unit.objects.reach_sql(
        user,
        f"SELECT 1 FROM sub WHERE EXISTS (SELECT 1 FROM {table} a WHERE a.plan_id = %s AND a.unit_id = sub.id) LIMIT 1",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, plan_id])
        return cursor.fetchone() is not None


def get_assignment_for_user(
    request: HttpRequest, assignment_id: int, *, write: bool = False
) -> PlanAssignment:
    """An assignment, for the receiving unit's people (write: its writers) or the sender's side (read)."""
    user = request.user
    units = Unit.objects.writable_by(user) if write else Unit.objects.visible_to(user)
    qs = PlanAssignment.objects.select_related("plan", "plan__owner_unit", "unit", "sub_plan")
    if write:
        qs = qs.filter(unit__in=units)
    else:
        qs = qs.filter(unit__in=units) | qs.filter(plan__owner_unit__in=units)
    assignment = qs.filter(pk=assignment_id).first()
    if assignment is None:
        raise Http404("Không tìm thấy kế hoạch được giao.")
    return assignment


def can_write_plan(request: HttpRequest, plan: Plan) -> bool:
    return Plan.objects.writable_by(request.user).filter(pk=plan.pk).exists()
