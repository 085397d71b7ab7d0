"""Figures the activities log answers for reports (see reports/sources.py)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trienkhai.orgs.models import Unit
from trienkhai.reports.sources import Figure

from .models import Activity

SOURCES = {
    "activities.propaganda": _("Sổ hoạt động: buổi tuyên truyền trong kỳ"),
    "activities.propaganda_attendance": _("Sổ hoạt động: lượt người dự tuyên truyền"),
    "activities.trained": _("Sổ hoạt động: người được tập huấn, đào tạo"),
    "activities.contests": _("Sổ hoạt động: hội thi tay nghề"),
}


def figures(unit: Unit, period_start: dt.date, period_end: dt.date) -> dict[str, Figure]:
    subtree = Unit.objects.subtree_of([unit.pk], on=period_end).values("pk")
    rows = Activity.objects.filter(unit__in=subtree, held_on__range=(period_start, period_end))
    K = Activity.Kind
    totals = rows.aggregate(
        propaganda=Count("pk", filter=Q(kind=K.PROPAGANDA)),
        attendance=Sum("participants", filter=Q(kind=K.PROPAGANDA)),
        trained=Sum("participants", filter=Q(kind=K.TRAINING)),
        contests=Count("pk", filter=Q(kind=K.CONTEST)),
    )
    base = f"{reverse('activities:list')}?don-vi={unit.pk}&tu={period_start.isoformat()}&den={period_end.isoformat()}"
    return {
        "activities.propaganda": Figure(totals["propaganda"], f"{base}&loai={K.PROPAGANDA}"),
        "activities.propaganda_attendance": Figure(totals["attendance"] or 0, f"{base}&loai={K.PROPAGANDA}"),
        "activities.trained": Figure(totals["trained"] or 0, f"{base}&loai={K.TRAINING}"),
        "activities.contests": Figure(totals["contests"], f"{base}&loai={K.CONTEST}"),
    }
