"""The daily job of `reports` (run by core's daily run, core/daily_jobs.py): the reminders of reports and
plans due or overdue."""

from __future__ import annotations

import datetime as dt

from .reminders import send_reminders


def run_daily(*, on: dt.date) -> int:
    """Send the reminders due on `on`; how many notifications were new."""
    return send_reminders(on=on)
