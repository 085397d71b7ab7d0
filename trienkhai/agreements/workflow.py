"""Agreement flows: the reminders before an agreement expires (hết hạn), through the shared notification
path, once per agreement and reminder day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse

from trienkhai.core.notify import notify
from trienkhai.lib.vn import format_date
from trienkhai.orgs.models import writers_of

from .models import AgreementChange, AgreementGrading, CollectiveAgreement


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


@transaction.atomic
def record_change(
    *, agreement: CollectiveAgreement, data: Mapping[str, Any], user: User | None
) -> AgreementChange:
    """Keep an amendment, extension or carry-over in the agreement's history and apply it: an extension
    moves the expiry, a carry-over sets the day the old agreement applies to (Art. 82-83)."""
    agreement = CollectiveAgreement.objects.select_for_update().get(pk=agreement.pk)
    kind = data["kind"]
    summary = data.get("summary") or ""
    if data.get("agreed_otherwise"):
        summary = (
            summary + "\n" if summary else ""
        ) + "Các bên có thỏa thuận khác về thời gian tiếp tục thực hiện."
    change = AgreementChange.objects.create(
        agreement=agreement,
        kind=kind,
        on=data["on"],
        summary=summary,
        voters=data.get("voters"),
        votes_for=data.get("votes_for"),
        previous_expires_on=agreement.expires_on,
        new_until=data.get("new_until"),
        created_by=user,
    )
    if kind == AgreementChange.Kind.EXTENSION:
        agreement.expires_on = data["new_until"]
        agreement.carried_until = None
        agreement.save(update_fields=["expires_on", "carried_until"])
    elif kind == AgreementChange.Kind.CARRY_OVER:
        agreement.carried_until = data["new_until"]
        agreement.save(update_fields=["carried_until"])
    return change


class GradingConflict(Exception):
    """Somebody graded the year since the form was shown: nothing was written. `grading` is theirs."""

    def __init__(self, grading: AgreementGrading) -> None:
        super().__init__(grading.pk)
        self.grading = grading


@transaction.atomic
def grade_agreement(
    *,
    agreement: CollectiveAgreement,
    data: Mapping[str, Any],
    user: User | None,
    lock_version: int | None = None,
) -> AgreementGrading:
    """The grade of one year: one row per agreement and year; grading the year again replaces it.

    `lock_version` is the version of that year's grading the user saw (0: none yet). When somebody saved
    the year since, GradingConflict is raised and nothing is written. None is for flows outside a page
    (demo), which have nothing to be stale against."""
    # Locking the agreement serialises two first gradings of the same year as well (no row to lock yet).
    CollectiveAgreement.objects.select_for_update().filter(pk=agreement.pk).first()
    grading = (
        AgreementGrading.objects.select_related("graded_by")
        .filter(agreement=agreement, year=data["year"])
        .first()
    )
    current = grading.lock_version if grading else 0
    if grading is not None and lock_version is not None and lock_version != current:
        raise GradingConflict(grading)
    if grading is None:
        grading = AgreementGrading(agreement=agreement, year=data["year"], lock_version=0)
    grading.grade = "" if data.get("ungraded") else data.get("grade") or ""
    grading.ungraded = data.get("ungraded") or ""
    grading.better_terms = agreement.better_terms
    grading.note = data.get("note") or ""
    grading.graded_by = user
    grading.lock_version = current + 1
    grading.save()
    return grading
