"""The daily job of `evaluations` (run by `trienkhai daily_work` and the task worker's daily run)."""

from __future__ import annotations

import datetime as dt

from .workflow import remind_due


def run_daily(*, on: dt.date) -> int:
    """Reminders of self-assessments due soon or overdue; returns how many notifications went out."""
    return remind_due(on=on)
