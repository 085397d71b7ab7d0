"""The door of `concerns` for the apps above it.

`pending_for` is a contract shared with `awards` (issue 19): no award while a complaint or denunciation
about the person or unit is pending. This is a minimal version (an open concern about the unit); the
concerns engineers replace its body, never its signature."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from trienkhai.lib.vn import format_date

from .models import Concern


def pending_for(*, unit_ids: Iterable[int], member_ids: Iterable[int], on: dt.date) -> list[str]:
    """Contract shared with awards: the reasons (Vietnamese sentences) why a complaint or denunciation
    about one of `unit_ids` or `member_ids` is pending on `on`; empty when nothing pends."""
    del member_ids  # the minimal version knows concerns about units only
    concerns = (
        Concern.objects.open()
        .filter(unit_id__in=list(unit_ids), filed_at__date__lte=on)
        .select_related("unit")
        .order_by("filed_at", "pk")
    )
    return [
        f"{c.unit.name} có ý kiến, khiếu nại mã {c.code} (gửi {format_date(c.filed_at.date())}) đang chờ giải quyết."
        for c in concerns
    ]
