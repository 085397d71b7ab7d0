"""Figures the registers of agreements and dialogues answer for reports (see reports/sources.py)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trienkhai.orgs.models import Unit
from trienkhai.reports.sources import Figure

from .models import CollectiveAgreement, Dialogue

SOURCES = {
    "agreements.signed": _("Sổ thỏa ước: TƯLĐTT ký mới trong kỳ"),
    "agreements.dialogues": _("Sổ đối thoại: cuộc đối thoại trong kỳ"),
    # A yes/no figure: an agreement of the unit (or of a union below it) applies on the period's last day,
    # within its term or carried over while a new one is bargained (BLLĐ 2019 Art. 83).
    "agreements.in_force": _("Sổ thỏa ước: có TƯLĐTT còn hiệu lực cuối kỳ (Có/Không)"),
}


def figures(unit: Unit, period_start: dt.date, period_end: dt.date) -> dict[str, Figure]:
    subtree = Unit.objects.subtree_of([unit.pk], on=period_end).values("pk")
    span = f"don-vi={unit.pk}&tu={period_start.isoformat()}&den={period_end.isoformat()}"
    signed = CollectiveAgreement.objects.filter(unit__in=subtree, signed_on__range=(period_start, period_end))
    held = Dialogue.objects.filter(unit__in=subtree, held_on__range=(period_start, period_end))
    in_force = CollectiveAgreement.objects.filter(unit__in=subtree).in_force(on=period_end)
    return {
        "agreements.signed": Figure(signed.count(), f"{reverse('agreements:list')}?{span}"),
        "agreements.dialogues": Figure(held.count(), f"{reverse('agreements:dialogues')}?{span}"),
        "agreements.in_force": Figure.yes_no(
            in_force.exists(), f"{reverse('agreements:list')}?don-vi={unit.pk}&loc=hieu-luc"
        ),
    }
