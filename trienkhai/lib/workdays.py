"""Working days (ngày làm việc): Monday to Friday, less the public holidays a caller knows of.

One counting for every clock the texts set in working days (the upper union's 10 days for an application
where there is no CĐCS, Decree 145's notice and answer days, the acceptance of a complaint or a
denunciation). The public holidays are the caller's to give: the app's callers pass core/holidays.py's
(the Labour Code's days, the yearly schedules found, and the federation's own).
"""

from __future__ import annotations

import datetime as dt

NO_HOLIDAYS: frozenset[dt.date] = frozenset()


def is_working_day(day: dt.date, off: frozenset[dt.date] = NO_HOLIDAYS) -> bool:
    return day.weekday() < 5 and day not in off


def add_working_days(start: dt.date, days: int, off: frozenset[dt.date] = NO_HOLIDAYS) -> dt.date:
    """The day `days` working days after `start` (before it when `days` is negative); `start` itself does
    not count."""
    step = dt.timedelta(days=1 if days >= 0 else -1)
    day, left = start, abs(days)
    while left:
        day += step
        if is_working_day(day, off):
            left -= 1
    return day
