"""The daily job of `inspections` (run by `trienkhai daily_work` and the task worker's daily run)."""

from __future__ import annotations

import datetime as dt

from .workflow import remind_overdue


def run_daily(*, on: dt.date) -> int:
    """Reminders for recommendations past their deadline; returns how many notifications went out."""
    return remind_overdue(on=on)
