"""The daily job of `concerns`: escalate what is past its deadline, run the law's clocks of cases, forget yesterday's rate-limit hits."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .guard import purge
from .workflow import escalate_overdue, run_case_clocks


def run_daily(*, on: dt.date) -> int:
    """Escalate overdue plain concerns one level up, and run the law's clocks of complaint and
    denunciation cases; returns how many moved plus how many notifications the clocks sent."""
    purge(before=timezone.now() - dt.timedelta(days=1))
    return escalate_overdue(on=on) + run_case_clocks(on=on)
