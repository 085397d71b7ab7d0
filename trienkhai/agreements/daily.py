"""The daily job of `agreements` (run by `trienkhai daily_work` and the task worker's daily run)."""

from __future__ import annotations

import datetime as dt

from .workflow import remind_expiring


def run_daily(*, on: dt.date) -> int:
    """Reminders before agreements expire; returns how many notifications went out."""
    return remind_expiring(on=on)
