"""Reporting periods after Decree 09/2019/NĐ-CP: data closes on the 14th, a period opens on the 15th.

Kinds and their `index` within a year:
- ``month`` 1–12: 15th of the previous month to the 14th of the month (January: 15/12 of the year before);
- ``quarter`` 1–4: 15th of the month before the quarter to the 14th of its last month;
- ``half`` 1–2: 15/12 of the previous year to 14/6, then 15/6 to 14/12;
- ``nine`` 1 (nine months): 15/12 of the previous year to 14/9;
- ``year`` 1: 15/12 of the previous year to 14/12.

(With the default closing day, `CLOSING_DAY` = 14; a federation sets another through settings, and every
period then ends on that day and opens on the next.) Both ends are inclusive. Deadlines are not fixed by the decree for unions, so they come from data: a number
of days after the closing date, or an explicit date (see `deadline_for`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

KINDS = ("month", "quarter", "half", "nine", "year", "thematic", "adhoc")
PER_YEAR = {"month": 12, "quarter": 4, "half": 2, "nine": 1, "year": 1, "thematic": 1, "adhoc": 1}
MONTHS_IN = {"month": 1, "quarter": 3, "half": 6, "nine": 9, "year": 12, "thematic": 12, "adhoc": 12}
LABELS = {
    "month": "Tháng",
    "quarter": "Quý",
    "half": "6 tháng",
    "nine": "9 tháng",
    "year": "Năm",
    "thematic": "Chuyên đề",
    "adhoc": "Đột xuất",
}
# Kinds whose period is not fixed by the calendar: the report form carries its own closing day and
# deadline (ReportForm.closes_on, due_on); here they fall back to the year's window.
OWN_DATES = ("thematic", "adhoc")
# The nine-month report (báo cáo 9 tháng) counts from 15/12 of the year before to the closing day of
# September. Decree 09/2019/NĐ-CP's own text was not found in the sources searched; the window is the one
# provincial rules written after it state (e.g. Khánh Hòa QĐ 01/2023/QĐ-UBND Art. 4: "Báo cáo 9 tháng tính
# từ 15/12 năm trước đến 14/9 của kỳ báo cáo"), with the closing day as data like every other period.
# Thematic and ad-hoc reports (báo cáo chuyên đề, đột xuất) have no period of their own: the requesting body
# sets the closing day and the deadline, so a form of that kind carries them as explicit dates.

# The day of the month figures are counted to ("ngày chốt số liệu"); the next day opens the next period.
# Data, not code: the project sets it from settings.REPORT_CLOSING_DAY when Django starts (reports' app
# config). The default 14 follows the government reporting regime (Decree 09/2019/NĐ-CP, Art. 12: a yearly
# report counts "từ ngày 15 tháng 12 năm trước kỳ báo cáo đến ngày 14 tháng 12 của kỳ báo cáo"), which
# TLĐ practice follows; no union text fixing it was found. Must be 1..27 so the next day exists in every month.
CLOSING_DAY = 14


def _check(kind: str, index: int) -> None:
    if kind not in PER_YEAR:
        raise ValueError(f"unknown period kind: {kind!r}")
    if not 1 <= index <= PER_YEAR[kind]:
        raise ValueError(f"{kind} index must be 1..{PER_YEAR[kind]}, got {index}")


def period_for(kind: str, year: int, index: int = 1) -> tuple[dt.date, dt.date]:
    """First and last day (inclusive) of period `index` of `kind` in `year`.

    >>> period_for("year", 2024, 1)
    (datetime.date(2023, 12, 15), datetime.date(2024, 12, 14))
    """
    _check(kind, index)
    last_month = index * MONTHS_IN[kind]  # the month whose 14th closes the period
    first_month = last_month - MONTHS_IN[kind]  # its 15th opens it; 0 means December of the year before
    close = CLOSING_DAY
    start = dt.date(year - 1, 12, close + 1) if first_month == 0 else dt.date(year, first_month, close + 1)
    return start, dt.date(year, last_month, close)


def period_containing(kind: str, day: dt.date) -> tuple[int, int]:
    """(year, index) of the period of `kind` that contains `day`. From 15/12 on, it is next year's."""
    if kind not in PER_YEAR:
        raise ValueError(f"unknown period kind: {kind!r}")
    year, month = day.year, day.month
    if day.day > CLOSING_DAY:  # the day after the closing day opens the next month's period
        month += 1
        if month == 13:
            year, month = year + 1, 1
    if (
        kind == "nine"
    ):  # it does not cover the year: after it closes, the period of the year is the one just closed
        return year, 1
    return year, (month - 1) // MONTHS_IN[kind] + 1


def periods_between(kind: str, start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """Every (year, index) of `kind` whose period meets [start, end], in order."""
    if end < start:
        return []
    return list(_iter(kind, period_containing(kind, start), period_containing(kind, end)))


def _iter(kind: str, first: tuple[int, int], last: tuple[int, int]) -> Iterator[tuple[int, int]]:
    year, index = first
    while (year, index) <= last:
        yield year, index
        index += 1
        if index > PER_YEAR[kind]:
            year, index = year + 1, 1


def previous(kind: str, year: int, index: int) -> tuple[int, int]:
    """The period before (year, index) of `kind`; index 0 (the whole year of a form reported more often
    than yearly) gives the whole year before.

    >>> previous("quarter", 2026, 1)
    (2025, 4)
    """
    if index == 0:
        return year - 1, 0
    _check(kind, index)
    if index > 1:
        return year, index - 1
    return year - 1, PER_YEAR[kind]


def periods_of(kind: str, year: int, index: int) -> list[tuple[int, int]]:
    """The (year, index) periods a selection covers: one period, or (index 0) every period of the year."""
    if PER_YEAR[kind] == 1:
        return [(year, 1)]
    if index == 0:
        return [(year, i) for i in range(1, PER_YEAR[kind] + 1)]
    return [(year, index)]


def stored_index(kind: str, index: int) -> int:
    """The index a selection is kept under: a yearly form has one period, 1 (its index 0, "the whole
    year", is that period); other kinds keep their index (0 for the whole year)."""
    return 1 if PER_YEAR[kind] == 1 else index


def period_end(kind: str, year: int, index: int) -> dt.date:
    """The last day of a selection: of period `index`, or (index 0) of the year's last period."""
    return period_for(kind, year, index or PER_YEAR[kind])[1]


def from_query(
    query: Mapping[str, str], kind: str, default: tuple[int, int], *, lowest: int = 1
) -> tuple[int, int]:
    """The (year, index) a page asks for in its query string (`nam`, `ky`), else `default`.

    A year that is not a number leaves both at their default; the year is kept within 2000..2100; an
    index outside `lowest`..the periods of a year becomes 1."""
    year, index = default
    try:
        year = int(query.get("nam", year))
        index = int(query.get("ky", index))
    except ValueError:
        pass
    if not lowest <= index <= PER_YEAR[kind]:
        index = 1
    return max(2000, min(year, 2100)), index


def deadline_for(
    kind: str, year: int, index: int, *, days_after: int, overrides: dict[str, str] | None = None
) -> dt.date:
    """Submission deadline: an explicit date from `overrides` (keyed by `key(kind, year, index)`, ISO
    dates) when the union set one, else `days_after` days after the closing date."""
    explicit = (overrides or {}).get(key(kind, year, index))
    if explicit:
        return dt.date.fromisoformat(explicit)
    return period_for(kind, year, index)[1] + dt.timedelta(days=days_after)


def key(kind: str, year: int, index: int) -> str:
    """A stable text key for a period: "2026-Y1", "2026-Q3", "2026-H1", "2026-M07"."""
    _check(kind, index)
    return {
        "year": f"{year}-Y1",
        "nine": f"{year}-N1",
        "thematic": f"{year}-T1",
        "adhoc": f"{year}-A1",
        "half": f"{year}-H{index}",
        "quarter": f"{year}-Q{index}",
        "month": f"{year}-M{index:02d}",
    }[kind]


def parse_key(text: str) -> tuple[str, int, int]:
    """(kind, year, index) of a key made by `key`: "2026-Q3" -> ("quarter", 2026, 3). ValueError if bad."""
    year, _, rest = text.partition("-")
    kind = {
        "Y": "year",
        "N": "nine",
        "T": "thematic",
        "A": "adhoc",
        "H": "half",
        "Q": "quarter",
        "M": "month",
    }.get(rest[:1])
    if kind is None or not year.isdigit() or not rest[1:].isdigit():
        raise ValueError(f"not a period key: {text!r}")
    _check(kind, int(rest[1:]))
    return kind, int(year), int(rest[1:])


def label(kind: str, year: int, index: int) -> str:
    """Vietnamese name of the period: "Năm 2026", "Quý 3/2026", "6 tháng đầu năm 2026", "Tháng 7/2026"."""
    _check(kind, index)
    if kind == "year":
        return f"Năm {year}"
    if kind == "nine":
        return f"9 tháng năm {year}"
    if kind in OWN_DATES:
        return f"{LABELS[kind]} năm {year}"
    if kind == "half":
        return f"6 tháng {'đầu' if index == 1 else 'cuối'} năm {year}"
    return f"{LABELS[kind]} {index}/{year}"
