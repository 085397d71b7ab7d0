"""The daily job of `awards` (run by `trienkhai daily_work` and the task worker's daily run)."""

from __future__ import annotations

import datetime as dt

from .workflow import remind_signups


def run_daily(*, on: dt.date) -> int:
    """Reminders before the sign-up deadline of a movement; returns how many notifications went out."""
    return remind_signups(on=on)
