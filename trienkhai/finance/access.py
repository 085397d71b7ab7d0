"""The one access helper of `finance`.

A plan's spending is read by its owner unit and the levels above it (the plan's board readers) and written
only by a writer of the owner unit (the unit that spends keeps its own records). A unit's records over a
period (what a finance inspection opens) are read by whoever sees the unit: the unit and the levels above,
the inspecting unit among them. Everything else answers 404, so ids do not leak."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from trienkhai.orgs.models import Unit
from trienkhai.plans.api import get_plan_for_user as _plan_for_user
from trienkhai.plans.models import Plan

from .models import Payment


def get_plan_for_user(request: HttpRequest, plan_id: int, *, write: bool = False) -> Plan:
    """The plan when the user may read its spending (`write`: record spending against it)."""
    if write:
        return _plan_for_user(request, plan_id, write=True)
    return _plan_for_user(request, plan_id, manage=True)


def get_payment_for_user(request: HttpRequest, payment_id: int, *, write: bool = False) -> Payment:
    payment = Payment.objects.select_related("line__plan", "unit").filter(pk=payment_id).first()
    if payment is not None:
        if write:
            if Plan.objects.writable_by(request.user).filter(pk=payment.line.plan_id).exists():
                return payment
        elif Unit.objects.in_scope(request.user, payment.unit_id):
            return payment
    raise Http404("Không tìm thấy khoản chi.")


def get_unit_for_user(request: HttpRequest, unit_id: int) -> Unit:
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is not None and Unit.objects.in_scope(request.user, unit.pk):
        return unit
    raise Http404("Không tìm thấy đơn vị.")
