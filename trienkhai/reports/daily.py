"""The daily job of `reports` (run by core's daily run, core/daily_jobs.py): the reminders of reports and
plans due or overdue, and the end of Excel imports checked but never confirmed in time."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .reminders import send_reminders
from .workflow import expire_import_checks


def run_daily(*, on: dt.date) -> int:
    """Send the reminders due on `on`; how many notifications were new. Also deletes the kept rows of
    imports whose check expired (they hold a file's figures nobody confirmed)."""
    expire_import_checks(now=timezone.now())
    return send_reminders(on=on)
