"""The daily job of `concerns`: escalate what is past its deadline, forget yesterday's rate-limit hits."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .guard import purge
from .workflow import escalate_overdue


def run_daily(*, on: dt.date) -> int:
    """Escalate overdue concerns one level up; returns how many moved."""
    purge(before=timezone.now() - dt.timedelta(days=1))
    return escalate_overdue(on=on)
