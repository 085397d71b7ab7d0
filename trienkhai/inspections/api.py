"""The door of `inspections` for the apps above it.

`pending_for` is a contract shared with `awards` (issue 19): no award while an inspection of the person or
unit is pending. This is a minimal version (a visit of a plan already started whose record is not made
yet); the inspections engineers replace its body, never its signature."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from trienkhai.lib.vn import format_date

from .models import Visit


def pending_for(*, unit_ids: Iterable[int], member_ids: Iterable[int], on: dt.date) -> list[str]:
    """Contract shared with awards: the reasons (Vietnamese sentences) why an inspection of one of
    `unit_ids` or `member_ids` is pending on `on`; empty when nothing pends."""
    del member_ids  # the minimal version inspects units only
    visits = (
        Visit.objects.filter(unit_id__in=list(unit_ids), plan__starts_on__lte=on, recorded_on__isnull=True)
        .select_related("plan", "unit")
        .order_by("plan__starts_on", "pk")
    )
    return [
        f"{v.unit.name} đang được kiểm tra theo «{v.plan.title}» (từ {format_date(v.plan.starts_on)}), "
        f"chưa có kết luận."
        for v in visits
    ]
