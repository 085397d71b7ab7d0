"""Reporting periods (Decree 09/2019/NĐ-CP): closing on the 14th, opening on the 15th."""

import datetime as dt

import pytest

from trienkhai.lib.periods import (
    deadline_for,
    from_query,
    key,
    label,
    period_containing,
    period_end,
    period_for,
    periods_between,
    periods_of,
    previous,
    stored_index,
)

D = dt.date


def test_month_runs_from_15th_of_previous_month_to_14th():
    assert period_for("month", 2026, 3) == (D(2026, 2, 15), D(2026, 3, 14))


def test_january_starts_in_december_of_previous_year():
    assert period_for("month", 2026, 1) == (D(2025, 12, 15), D(2026, 1, 14))


def test_quarters():
    assert period_for("quarter", 2026, 1) == (D(2025, 12, 15), D(2026, 3, 14))
    assert period_for("quarter", 2026, 3) == (D(2026, 6, 15), D(2026, 9, 14))


def test_half_year_and_year():
    assert period_for("half", 2026, 1) == (D(2025, 12, 15), D(2026, 6, 14))
    assert period_for("half", 2026, 2) == (D(2026, 6, 15), D(2026, 12, 14))
    assert period_for("year", 2024) == (D(2023, 12, 15), D(2024, 12, 14))


def test_bad_kind_or_index_is_refused():
    with pytest.raises(ValueError):
        period_for("week", 2026, 1)
    with pytest.raises(ValueError):
        period_for("quarter", 2026, 5)


def test_period_containing_switches_on_the_15th():
    assert period_containing("month", D(2026, 3, 14)) == (2026, 3)
    assert period_containing("month", D(2026, 3, 15)) == (2026, 4)
    assert period_containing("year", D(2026, 12, 14)) == (2026, 1)
    assert period_containing("year", D(2026, 12, 15)) == (2027, 1)
    assert period_containing("quarter", D(2026, 6, 15)) == (2026, 3)


def test_every_day_belongs_to_exactly_the_period_containing_it():
    day = D(2025, 11, 1)
    while day < D(2027, 2, 1):
        for kind in ("month", "quarter", "half", "year"):
            start, end = period_for(kind, *period_containing(kind, day))
            assert start <= day <= end
        day += dt.timedelta(days=1)


def test_periods_between_crosses_the_year():
    assert periods_between("quarter", D(2025, 11, 1), D(2026, 4, 1)) == [(2025, 4), (2026, 1), (2026, 2)]
    assert periods_between("year", D(2024, 1, 1), D(2026, 1, 1)) == [(2024, 1), (2025, 1), (2026, 1)]
    assert periods_between("month", D(2026, 2, 1), D(2026, 1, 1)) == []


def test_deadline_days_after_closing_or_explicit_override():
    assert deadline_for("year", 2026, 1, days_after=5) == D(2026, 12, 19)
    overrides = {"2026-Y1": "2026-12-25"}
    assert deadline_for("year", 2026, 1, days_after=5, overrides=overrides) == D(2026, 12, 25)


def test_keys_and_labels():
    assert key("month", 2026, 7) == "2026-M07"
    assert label("quarter", 2026, 3) == "Quý 3/2026"
    assert label("half", 2026, 1) == "6 tháng đầu năm 2026"
    assert label("year", 2026, 1) == "Năm 2026"


def test_closing_day_is_data_decree_09_2019_art_12(monkeypatch):
    """Decree 09/2019/NĐ-CP Art. 12 counts figures to the 14th; a federation may set another closing day."""
    from django.conf import settings

    from trienkhai.lib import periods

    assert periods.CLOSING_DAY == settings.REPORT_CLOSING_DAY == 14
    monkeypatch.setattr(periods, "CLOSING_DAY", 20)
    assert period_for("year", 2026, 1) == (D(2025, 12, 21), D(2026, 12, 20))
    assert period_containing("month", D(2026, 3, 20)) == (2026, 3)
    assert period_containing("month", D(2026, 3, 21)) == (2026, 4)
    assert deadline_for("year", 2026, 1, days_after=5) == D(2026, 12, 25)


def test_previous_period_steps_back_across_the_year_and_whole_years_stay_whole():
    assert previous("quarter", 2026, 3) == (2026, 2)
    assert previous("quarter", 2026, 1) == (2025, 4)
    assert previous("month", 2026, 1) == (2025, 12)
    assert previous("year", 2026, 1) == (2025, 1)
    assert previous("quarter", 2026, 0) == (2025, 0)


def test_a_selection_covers_one_period_or_every_period_of_the_year():
    assert periods_of("quarter", 2026, 2) == [(2026, 2)]
    assert periods_of("half", 2026, 0) == [(2026, 1), (2026, 2)]
    assert periods_of("year", 2026, 0) == [(2026, 1)]
    assert stored_index("year", 0) == 1
    assert stored_index("quarter", 0) == 0


def test_the_whole_year_ends_with_its_last_period():
    assert period_end("quarter", 2026, 0) == period_end("quarter", 2026, 4) == D(2026, 12, 14)
    assert period_end("month", 2026, 3) == D(2026, 3, 14)


def test_the_period_asked_for_in_the_query_string_falls_back_to_the_default():
    assert from_query({"nam": "2025", "ky": "3"}, "quarter", (2026, 1)) == (2025, 3)
    assert from_query({}, "quarter", (2026, 2)) == (2026, 2)
    assert from_query({"nam": "abc", "ky": "3"}, "quarter", (2026, 2)) == (2026, 2)
    assert from_query({"nam": "1900", "ky": "9"}, "quarter", (2026, 2)) == (2000, 1)
    assert from_query({"ky": "0"}, "quarter", (2026, 2)) == (2026, 1)
    assert from_query({"ky": "0"}, "quarter", (2026, 2), lowest=0) == (2026, 0)


def test_nd09_art12_nine_month_period_runs_from_15_december_to_14_september():
    assert period_for("nine", 2026, 1) == (D(2025, 12, 15), D(2026, 9, 14))
    assert key("nine", 2026, 1) == "2026-N1"
    assert label("nine", 2026, 1) == "9 tháng năm 2026"
    assert deadline_for("nine", 2026, 1, days_after=5) == D(2026, 9, 19)


def test_nd09_art12_nine_month_period_of_a_day_is_the_years_own():
    assert period_containing("nine", D(2026, 3, 1)) == (2026, 1)
    assert period_containing("nine", D(2026, 10, 1)) == (2026, 1)  # closed: still the year's report
    assert period_containing("nine", D(2026, 12, 15)) == (2027, 1)  # the next one has opened
    assert periods_of("nine", 2026, 0) == [(2026, 1)] and stored_index("nine", 0) == 1


def test_nd09_art12_nine_month_closing_day_is_data(monkeypatch):
    from trienkhai.lib import periods

    monkeypatch.setattr(periods, "CLOSING_DAY", 20)
    assert period_for("nine", 2026, 1) == (D(2025, 12, 21), D(2026, 9, 20))
