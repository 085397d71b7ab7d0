"""Agreement flows: the reminders before an agreement expires (hết hạn), through the shared notification
path, once per agreement and reminder day."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse

from trienkhai.core.notify import notify
from trienkhai.lib.vn import format_date
from trienkhai.orgs.models import writers_of

from .models import CollectiveAgreement


def reminder_days() -> list[int]:
    return sorted(getattr(settings, "AGREEMENT_REMINDER_DAYS", [90, 30, 7]), reverse=True)


def remind_expiring(*, on: dt.date) -> int:
    """On each reminder day before expiry (and on the day it expires) tell the writers of the signing union
    and of the union above it. Idempotent per (agreement, day): a second run the same day sends nothing."""
    sent = 0
    days = set(reminder_days()) | {0}
    horizon = on + dt.timedelta(days=max(days))
    due = CollectiveAgreement.objects.filter(expires_on__gte=on, expires_on__lte=horizon).select_related(
        "unit"
    )
    for agreement in due:
        left = agreement.days_left(on)
        if left not in days:
            continue
        parent = agreement.unit.parent_on(on)
        units = [agreement.unit.pk] + ([parent.pk] if parent else [])
        when = (
            "hết hạn hôm nay"
            if left == 0
            else f"còn {left} ngày nữa hết hạn ({format_date(agreement.expires_on)})"
        )
        sent += notify(
            users=writers_of(units, on=on),
            verb="agreement_expiring",
            text=f"Thỏa ước lao động tập thể «{agreement.title}» của {agreement.unit.name} {when}: chuẩn bị thương lượng, ký mới.",
            url=reverse("agreements:detail", args=[agreement.pk]),
            key=f"agreement:{agreement.pk}:expiry:{left}",
        )
    return sent
