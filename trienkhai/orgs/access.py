"""The one access helper of `orgs`: every view touching a unit goes through here.

A unit outside the user's scope answers 404, not 403, so that ids do not leak.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from trienkhai.core.converters import parse_id
from trienkhai.lib.vn import parse_date

from .models import Unit, today

_Owned = TypeVar("_Owned", bound=Model)
_Rows = TypeVar("_Rows", bound="QuerySet[Any, Any]")


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


# --- i18-daily: the scope steps every unit-owned register repeated ----------------------------------------


def get_owned_for_user(
    request: HttpRequest, rows: QuerySet[_Owned], pk: int, *, write: bool = False, missing: str
) -> _Owned:
    """The row `pk` of `rows` (a model with a `unit` foreign key) if the user may see its unit (or change
    it, with `write`); else 404 with the Vietnamese `missing` sentence. One query for the row, one for
    the scope; never says whether the row exists outside the user's reach."""
    row = rows.filter(pk=pk).first()
    # serializable_value("unit") is the row's unit_id, read without knowing the model's type.
    if row is None or not Unit.objects.in_scope(request.user, row.serializable_value("unit"), write=write):
        raise Http404(missing)
    return row


@dataclass(frozen=True)
class ListFilter:
    """What a register's list page is narrowed to by its query string: `?don-vi=` a unit in the user's
    reach (404 outside) with `subtree`, the ids of its subtree today; `?tu=` and `?den=` two dates."""

    unit: Unit | None
    subtree: QuerySet[Unit, dict[str, Any]] | None
    start: dt.date | None
    end: dt.date | None

    def narrow(self, rows: _Rows, *, date_field: str, unit_field: str = "unit") -> _Rows:
        """`rows` kept to the chosen unit's subtree (through `unit_field`) and, when both dates are given,
        to `date_field` between them (both included); unchanged for what the query string left out."""
        if self.subtree is not None:
            rows = rows.filter(**{f"{unit_field}__in": self.subtree})
        if self.start and self.end:
            rows = rows.filter(**{f"{date_field}__range": (self.start, self.end)})
        return rows

    def context(self) -> dict[str, Any]:
        """What the list's filter form shows again: the chosen unit and the two dates."""
        return {"unit": self.unit, "start": self.start, "end": self.end}


def list_filter(request: HttpRequest) -> ListFilter:
    """Read `?don-vi=`, `?tu=`, `?den=` as every register list does; unreadable values count as absent."""
    unit, subtree = None, None
    unit_id = parse_id(request.GET.get("don-vi"))
    if unit_id:
        unit = get_unit_for_user(request, unit_id)
        subtree = Unit.objects.subtree_of([unit.pk], on=today()).values("pk")
    return ListFilter(
        unit=unit, subtree=subtree, start=_date_arg(request, "tu"), end=_date_arg(request, "den")
    )


def _date_arg(request: HttpRequest, name: str) -> dt.date | None:
    raw = request.GET.get(name, "")
    return parse_date(raw) if raw else None
