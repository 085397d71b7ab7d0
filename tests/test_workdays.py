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


# --- core.holidays: the public holidays every clock of the app counts without ----------------------


def test_blld_2019_art112_the_solar_days_are_off_by_default() -> None:
    from trienkhai.core.holidays import public_holidays

    off = public_holidays()
    for day in ("2026-01-01", "2026-04-30", "2026-05-01", "2026-09-02", "2027-01-01"):
        assert dt.date.fromisoformat(day) in off, day


def test_blld_2019_art112_tet_2026_and_the_make_up_day_for_gio_to_are_off() -> None:
    from trienkhai.core.holidays import DEFAULT_HOLIDAYS, add_working_days

    # The Friday before the Tết break: the next working day is the Monday after it (14–22/02/2026).
    assert add_working_days(dt.date(2026, 2, 13), 1) == dt.date(2026, 2, 23)
    # Giỗ Tổ on Sunday 26/04/2026 is made up on Monday 27/04; 30/04 and 01/05 follow.
    assert add_working_days(dt.date(2026, 4, 24), 1) == dt.date(2026, 4, 28)
    assert add_working_days(dt.date(2026, 4, 29), 1) == dt.date(2026, 5, 4)
    assert all("Điều 112" in h.basis for h in DEFAULT_HOLIDAYS)  # every day names its article


def test_a_federation_adds_and_removes_days_without_code(settings) -> None:
    from trienkhai.core.holidays import MISSING, add_working_days

    assert any("2027: Tết" in line for line in MISSING)  # what was not found is said in the data
    tet_2027 = [f"2027-02-{d:02d}" for d in range(4, 11) if dt.date(2027, 2, d).weekday() < 5]
    settings.PUBLIC_HOLIDAYS = tet_2027
    assert add_working_days(dt.date(2027, 2, 3), 1) == dt.date(2027, 2, 11)
    settings.PUBLIC_HOLIDAYS_REMOVED = ["2026-05-01"]
    assert add_working_days(dt.date(2026, 4, 30), 1) == dt.date(2026, 5, 1)


def test_a_misspelt_holiday_is_named_by_the_system_check_and_never_breaks_a_clock(settings) -> None:
    from trienkhai.core.checks import holidays_are_dates
    from trienkhai.core.holidays import add_working_days

    settings.PUBLIC_HOLIDAYS = ["2027-02-05", "05/02/2027"]
    assert add_working_days(dt.date(2027, 2, 4), 1) == dt.date(2027, 2, 8)  # the good one counts
    errors = holidays_are_dates(None)
    assert [e.id for e in errors] == ["trienkhai.E010"] and "05/02/2027" in errors[0].msg
    settings.PUBLIC_HOLIDAYS = ["2027-02-05"]
    assert holidays_are_dates(None) == []
