"""The door of `concerns` for the apps above it (awards): what complaint and denunciation cases say about
a unit or a member on a date."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.db.models import Q

from trienkhai.lib.vn import format_date

from .models import ConcernCase


def pending_for(*, unit_ids: Collection[int], member_ids: Collection[int], on: date) -> list[str]:
    """Contract shared with awards: the reasons, in Vietnamese, why an award to these units or members
    must wait on `on` — one per complaint or denunciation case about one of them (its subject unit or
    subject member) that was received by `on` and not closed before it. An empty list: nothing to wait
    for. A reason names the kind of case, the unit holding it, the date it was received and the unit or
    member it is about; never the complainant or the denouncer (Luật Tố cáo 2018 Art. 47)."""
    units, members = list(unit_ids), list(member_ids)
    if not units and not members:
        return []
    about = Q(subject_unit_id__in=units) | Q(subject_member_id__in=members)
    cases = (
        ConcernCase.objects.open_on(on)
        .filter(about)
        .select_related("unit", "subject_unit")
        .order_by("received_on", "pk")
    )
    reasons = []
    for case in cases:
        if case.subject_member_id in members:
            target = "đoàn viên được đề nghị"
        else:
            target = case.subject_unit.name if case.subject_unit else ""
        reasons.append(
            f"Đang có đơn {case.get_kind_display().lower()} liên quan đến {target} "
            f"({case.unit.name} nhận ngày {format_date(case.received_on)}, chưa giải quyết xong)"
        )
    return reasons
