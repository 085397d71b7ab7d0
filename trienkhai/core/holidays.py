"""Public holidays (ngày nghỉ lễ, tết) for every clock counted in working days, as data.

Bộ luật Lao động 2019 Art. 112(1) names the days: Tết Dương lịch 1 day (1/1), Tết Âm lịch 5 days, Ngày
Chiến thắng 1 day (30/4), Ngày Quốc tế lao động 1 day (1/5), Quốc khánh 2 days (2/9 and one day next to
it), Giỗ Tổ Hùng Vương 1 day (10/3 âm lịch). Art. 112(3): the Prime Minister fixes each year which days
the Tết holiday and the second Quốc khánh day are. Days falling on a weekend are made up on the next
working day (nghỉ bù), as each year's announcement says.

So the solar days are listed from the code itself; the Tết days, the second Quốc khánh day and the
nghỉ bù days only where the year's schedule was found in the public pages searched (the source is named
beside the day). What was not found is said in MISSING, and a federation adds it, or any day of its
own, without touching code: PUBLIC_HOLIDAYS (ISO dates, comma-separated) adds days, and
PUBLIC_HOLIDAYS_REMOVED takes listed ones away. Without a day here a clock that spans it ends one day
early: the safe side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from trienkhai.lib import workdays


@dataclass(frozen=True)
class Holiday:
    day: dt.date
    name: str
    basis: str


ART_112 = "khoản 1 Điều 112 Bộ luật Lao động 2019"
TET_2026 = (
    "điểm b khoản 1 và khoản 3 Điều 112 Bộ luật Lao động 2019; lịch nghỉ Tết Bính Ngọ của công chức, viên "
    "chức từ 14/02 đến hết 22/02/2026 theo phương án Thủ tướng đã chốt (congan.com.vn; số văn bản của Thủ "
    "tướng không có trong các trang đã tra)"
)
GIO_TO_2026 = (
    "điểm e khoản 1 Điều 112 Bộ luật Lao động 2019; 10/3 âm lịch là Chủ nhật 26/4/2026, nghỉ bù thứ Hai "
    "27/4 (thanhnien.vn, 23/02/2026)"
)


def _fixed(year: int) -> list[Holiday]:
    """The four days the Code fixes on the solar calendar."""
    return [
        Holiday(dt.date(year, 1, 1), "Tết Dương lịch", f"điểm a {ART_112}"),
        Holiday(dt.date(year, 4, 30), "Ngày Chiến thắng", f"điểm c {ART_112}"),
        Holiday(dt.date(year, 5, 1), "Ngày Quốc tế lao động", f"điểm d {ART_112}"),
        Holiday(dt.date(year, 9, 2), "Quốc khánh", f"điểm đ {ART_112}"),
    ]


DEFAULT_HOLIDAYS: tuple[Holiday, ...] = (
    *_fixed(2025),
    *_fixed(2026),
    *(Holiday(dt.date(2026, 2, d), "Tết Âm lịch (Bính Ngọ)", TET_2026) for d in range(16, 21)),
    Holiday(dt.date(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương", GIO_TO_2026),
    *_fixed(2027),
)

# What the public pages searched did not give; a federation adds these through PUBLIC_HOLIDAYS.
MISSING: tuple[str, ...] = (
    "2025: Tết Ất Tỵ, Giỗ Tổ Hùng Vương, ngày Quốc khánh thứ hai và các ngày nghỉ bù",
    "2026: ngày Quốc khánh thứ hai (1/9 hoặc 3/9) và các ngày hoán đổi",
    "2027: Tết Đinh Mùi, Giỗ Tổ Hùng Vương, ngày Quốc khánh thứ hai, nghỉ bù cho 1/5 (thứ Bảy)",
)


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None  # named by the system check (core/checks.py), never a failing page


def _dates(values) -> set[dt.date]:
    return {d for d in map(_date, values) if d is not None}


def misspelt(values) -> list[str]:
    """The entries of a PUBLIC_HOLIDAYS setting that are not ISO dates."""
    return [str(v) for v in values if str(v).strip() and _date(v) is None]


def public_holidays() -> frozenset[dt.date]:
    """Every day off besides weekends: the defaults above, plus the federation's, less its removals."""
    days = {h.day for h in DEFAULT_HOLIDAYS} | _dates(getattr(settings, "PUBLIC_HOLIDAYS", ()))
    return frozenset(days - _dates(getattr(settings, "PUBLIC_HOLIDAYS_REMOVED", ())))


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The one working-day count (lib/workdays), less the public holidays."""
    return workdays.add_working_days(start, days, public_holidays())
