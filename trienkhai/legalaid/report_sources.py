"""Figures the legal-aid register answers for reports (see reports/sources.py)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trienkhai.orgs.models import Unit
from trienkhai.reports.sources import Figure

from .models import LegalCase

SOURCES = {"legalaid.cases": _("Tư vấn pháp luật: vụ việc tiếp nhận trong kỳ")}


def figures(unit: Unit, period_start: dt.date, period_end: dt.date) -> dict[str, Figure]:
    """Cases received in the period from the unit's subtree (counted by the worker's CĐCS, whoever advises:
    a number, no personal data; the list shows only the cases the reader may see)."""
    subtree = Unit.objects.subtree_of([unit.pk], on=period_end).values("pk")
    count = LegalCase.objects.filter(
        origin_unit__in=subtree, opened_on__range=(period_start, period_end)
    ).count()
    url = f"{reverse('legalaid:list')}?don-vi={unit.pk}&tu={period_start.isoformat()}&den={period_end.isoformat()}"
    return {"legalaid.cases": Figure(count, url)}
