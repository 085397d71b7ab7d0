"""lib.workdays: the one working-day count behind every clock the texts set in working days."""

from __future__ import annotations

import datetime as dt

from trienkhai.lib.workdays import add_working_days, is_working_day

FRIDAY = dt.date(2026, 1, 30)


def test_the_weekend_is_skipped_both_ways() -> None:
    assert add_working_days(FRIDAY, 1) == dt.date(2026, 2, 2)  # the Monday after
    assert add_working_days(dt.date(2026, 2, 2), -1) == FRIDAY
    assert add_working_days(FRIDAY, 0) == FRIDAY


def test_a_public_holiday_the_caller_names_is_skipped() -> None:
    tet = frozenset({dt.date(2026, 2, 16), dt.date(2026, 2, 17)})  # a Monday and a Tuesday
    assert not is_working_day(dt.date(2026, 2, 16), tet)
    assert add_working_days(dt.date(2026, 2, 13), 1, tet) == dt.date(2026, 2, 18)
    assert add_working_days(dt.date(2026, 2, 13), 1) == dt.date(2026, 2, 16)
