"""Reminders: "còn N ngày đến hạn" and "quá hạn", for report submissions not yet submitted and for plan
assignments without a finished sub-plan. Keys include the date, so one run per day sends each at most once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from trienkhai.core.notify import notify
from trienkhai.lib.periods import label, previous
from trienkhai.lib.vn import format_date
from trienkhai.orgs.models import Membership
from trienkhai.plans.api import send_reminder
from trienkhai.plans.models import Plan, PlanAssignment

from .models import ReportForm, Submission

# Overdue reports are chased for this many past periods; older gaps are for the status board, not e-mail.
PAST_PERIODS = 2


def reminder_days() -> list[int]:
    return list(getattr(settings, "REPORT_REMINDER_DAYS", [7, 3, 1]))


def _writers_by_unit(unit_ids: set[int], on: dt.date) -> dict[int, list]:
    rows = (
        Membership.objects.active_on(on)
        .writing()
        .filter(unit_id__in=unit_ids, user__is_active=True)
        .values_list("unit_id", "user_id")
    )
    by_unit: dict[int, set[int]] = defaultdict(set)
    for unit_id, user_id in rows:
        by_unit[unit_id].add(user_id)
    users = get_user_model().objects.in_bulk({u for ids in by_unit.values() for u in ids})
    return {unit_id: [users[u] for u in ids] for unit_id, ids in by_unit.items()}


def _when(deadline: dt.date, on: dt.date, days: list[int]) -> tuple[str, str] | None:
    """('due', 'còn N ngày') / ('overdue', ...) / None when no reminder is due today."""
    left = (deadline - on).days
    if left < 0:
        return "overdue", f"đã quá hạn {-left} ngày"
    if left in days:
        return "due", f"còn {left} ngày đến hạn"
    return None


def _latest(kind: str, year: int, index: int, n: int) -> list[tuple[int, int]]:
    """(year, index) and the `n` periods before it, latest first."""
    out = [(year, index)]
    for _ in range(n):
        year, index = previous(kind, year, index)
        out.append((year, index))
    return out


def send_reminders(*, on: dt.date) -> int:
    """Send every reminder due on `on`; return how many notifications were new."""
    days = reminder_days()
    assignments = list(
        PlanAssignment.objects.filter(plan__status=Plan.Status.PUBLISHED).select_related("plan", "unit")
    )
    writers = _writers_by_unit({a.unit_id for a in assignments}, on)
    sent = 0
    for a in assignments:
        if a.completed_on is not None:
            continue
        when = _when(a.deadline, on, days)
        if when:
            # The same path as the officer's "Nhắc" button: one reminder per unit per day, on the board.
            reminder = send_reminder(assignment=a, user=None, on=on, when=when[1])
            sent += reminder.notified if reminder else 0
    by_plan: dict[int, list[PlanAssignment]] = defaultdict(list)
    for a in assignments:
        by_plan[a.plan_id].append(a)
    forms = list(ReportForm.objects.filter(plan_id__in=by_plan))
    subs = {
        (s.form_id, s.unit_id, s.year, s.index): s
        for s in Submission.objects.filter(form__in=forms).only(
            "form_id", "unit_id", "year", "index", "status"
        )
    }
    for form in forms:
        for year, index in _latest(form.period_kind, *form.current_period(on), PAST_PERIODS):
            if form.has_own_dates and year != form.current_period(on)[0]:
                continue  # a thematic or ad-hoc report has one period, not one a year
            start, end = form.period(year, index)
            deadline = form.deadline(year, index)
            when = _when(deadline, on, days)
            if not when:
                continue
            for a in by_plan[form.plan_id]:
                if end < a.sent_on:  # the period closed before the unit got the plan
                    continue
                sub = subs.get((form.pk, a.unit_id, year, index))
                if sub and sub.status != Submission.Status.DRAFT:
                    continue
                period = label(form.period_kind, year, index)
                sent += notify(
                    users=writers.get(a.unit_id, []),
                    verb="reminder",
                    text=f"{form.report_name} — {period}: {when[1]} (hạn {format_date(deadline)}).",
                    url=reverse("reports:open", args=[form.pk, a.unit_id, year, index]),
                    key=f"reminder:report:{form.pk}:{a.unit_id}:{year}-{index}:{on.isoformat()}",
                )
    return sent
