"""The one access helper of `orgs`: every view touching a unit goes through here.

A unit outside the user's scope answers 404, not 403, so that ids do not leak.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest

from trienkhai.lib.vn import parse_date

from .models import Unit, today


def view_date(request: HttpRequest) -> dt.date:
    """The date the page looks at (`?ngay=`), today when absent or unreadable."""
    raw = request.GET.get("ngay") or request.POST.get("ngay") or ""
    parsed = parse_date(raw) if raw else None
    if parsed is None or not (dt.date(1900, 1, 1) <= parsed <= dt.date(2200, 1, 1)):
        return today()
    return parsed


def get_unit_for_user(
    request: HttpRequest, unit_id: int, *, write: bool = False, on: dt.date | None = None
) -> Unit:
    """The unit, if the user may see it (or change it, with `write`); else 404."""
    if not Unit.objects.in_scope(request.user, unit_id, on=on, write=write):
        raise Http404("Không tìm thấy đơn vị.")
    return Unit.objects.get(pk=unit_id)


def can_write(request: HttpRequest, unit: Unit) -> bool:
    return Unit.objects.in_scope(request.user, unit.pk, write=True)


def can_restructure(request: HttpRequest, unit: Unit) -> bool:
    """Restructuring a unit (move, rename, merge, split, dissolve) is decided by a unit above it: a write
    role at its parent or higher, never in the unit itself. A top-level unit: superusers only."""
    if request.user.is_superuser:
        return True
    parent = unit.parent_on(today())
    return parent is not None and Unit.objects.in_scope(request.user, parent.pk, write=True)
