"""Figures the member register answers for reports (see reports/sources.py)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trienkhai.orgs.models import Unit
from trienkhai.reports.sources import Figure

from .dues import paid_share
from .models import Affiliation, FoundingCase, member_count, paused_count

SOURCES = {
    "members.new": _("Sổ đoàn viên: kết nạp mới trong kỳ"),
    "members.total": _("Sổ đoàn viên: tổng số cuối kỳ"),
    "members.new_cdcs": _("Thành lập CĐCS: CĐCS mới trong kỳ"),
    # Issue 20: "members.total" counts the active; the paused (tạm dừng sinh hoạt) are a figure of their own.
    "members.paused": _("Sổ đoàn viên: tạm dừng sinh hoạt cuối kỳ"),
    "members.dues_rate": _("Sổ đoàn phí: tỷ lệ đoàn viên đã đóng đoàn phí trong kỳ"),
}


def figures(unit: Unit, period_start: dt.date, period_end: dt.date) -> dict[str, Figure]:
    """The unit's subtree (as of the period's last day) over the period."""
    register = reverse("members:register", args=[unit.pk])
    span = f"tu={period_start.isoformat()}&den={period_end.isoformat()}"
    admitted = (
        Affiliation.objects.under(unit, on=period_end)
        .admissions()
        .filter(valid_from__range=(period_start, period_end))
        .count()
    )
    subtree = Unit.objects.subtree_of([unit.pk], on=period_end).values("pk")
    founded = FoundingCase.objects.filter(
        stage=FoundingCase.Stage.FOUNDED, decision_on__range=(period_start, period_end), new_unit__in=subtree
    ).count()
    share = paid_share(unit, period_start, period_end)
    out = {
        "members.new": Figure(admitted, f"{register}?{span}&loai=moi"),
        "members.total": Figure(
            member_count(unit, on=period_end), f"{register}?ngay={period_end.isoformat()}"
        ),
        "members.paused": Figure(
            paused_count(unit, on=period_end), f"{register}?ngay={period_end.isoformat()}"
        ),
        "members.new_cdcs": Figure(
            founded, f"{reverse('members:founding_list')}?don-vi={unit.pk}&{span}&giai-doan=founded"
        ),
    }
    # No dues recorded in the period (the unit keeps no dues register here): no figure, the unit types it.
    if share.due and share.paid:
        out["members.dues_rate"] = Figure(
            share.percent, f"{reverse('members:dues', args=[unit.pk])}?thang={period_end.strftime('%Y-%m')}"
        )
    return out
