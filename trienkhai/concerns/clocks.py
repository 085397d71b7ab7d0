"""The clocks the law sets for a complaint (khiếu nại) or a denunciation (tố cáo) case, as data.

Each clock is a `CaseClock` row (admin: a federation changes it) seeded from `DEFAULT_CLOCKS`, with the
article it follows beside it; `value()` falls back to the default when a row is missing. Read in the
consolidated texts (Luật Khiếu nại 02/2011/QH13, Luật Tố cáo 25/2018/QH14, Bộ luật Dân sự 2015,
Thông tư 07/2013/TT-TTCP as amended by Thông tư 02/2016/TT-TTCP, Nghị định 31/2019/NĐ-CP).

Unions: Luật Khiếu nại Art. 3(3) and Luật Tố cáo Art. 20 leave the procedure inside a political-social
organisation to that organisation's own guidance "căn cứ vào Luật này"; TLĐ's own guidance was not found
in the stored texts, so the law's values are the defaults.

How days are counted (Bộ luật Dân sự 2015 Art. 147–148): the day of the event is not counted; a limit in
days ends at the end of its last day, moved to the next working day when that day is a weekend or a public
holiday. A limit "ngày làm việc" counts working days only. Public holidays: core/holidays.py (the Labour
Code's days and the yearly schedules found, with what was not found; a federation adds its own).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from trienkhai.core.holidays import public_holidays
from trienkhai.lib.workdays import add_working_days, is_working_day

CALENDAR = "ngay"
WORKING = "ngay_lam_viec"
TIMES = "lan"


@dataclass(frozen=True)
class Default:
    key: str
    value: int
    unit: str
    article: str
    note: str = ""


DEFAULT_CLOCKS: list[Default] = [
    Default(
        "complaint_accept",
        10,
        WORKING,
        "Điều 27 Luật Khiếu nại 2011; khoản 1 Điều 5 Thông tư 07/2013/TT-TTCP (sửa bởi Thông tư 02/2016/TT-TTCP)",
        "Luật ghi 10 ngày; Thông tư hướng dẫn ghi rõ 10 ngày làm việc kể từ ngày nhận được khiếu nại.",
    ),
    Default("complaint_settle", 30, CALENDAR, "Điều 28 Luật Khiếu nại 2011", "Kể từ ngày thụ lý."),
    Default("complaint_settle_complex", 45, CALENDAR, "Điều 28 Luật Khiếu nại 2011", "Vụ việc phức tạp."),
    Default(
        "complaint_settle_remote",
        45,
        CALENDAR,
        "Điều 28 Luật Khiếu nại 2011 (đoạn 2)",
        "Vùng sâu, vùng xa đi lại khó khăn.",
    ),
    Default(
        "complaint_settle_remote_complex",
        60,
        CALENDAR,
        "Điều 28 Luật Khiếu nại 2011 (đoạn 2)",
        "Vùng sâu, vùng xa, vụ việc phức tạp.",
    ),
    Default(
        "complaint_second_window",
        30,
        CALENDAR,
        "khoản 1 Điều 33 Luật Khiếu nại 2011",
        "Quá hạn mà chưa giải quyết: người khiếu nại có quyền khiếu nại lần hai lên cấp trên trong thời hạn này.",
    ),
    Default(
        "complaint_second_window_remote",
        45,
        CALENDAR,
        "khoản 1 Điều 33 Luật Khiếu nại 2011",
        "Vùng sâu, vùng xa đi lại khó khăn.",
    ),
    Default(
        "denunciation_accept",
        7,
        WORKING,
        "khoản 1 Điều 24 Luật Tố cáo 2018",
        "Vào sổ, xử lý ban đầu, kiểm tra điều kiện thụ lý (có thể đến 10 ngày làm việc nếu xác minh nhiều nơi).",
    ),
    Default(
        "denunciation_settle",
        30,
        CALENDAR,
        "khoản 1 Điều 30 Luật Tố cáo 2018",
        "Kể từ ngày thụ lý; không phân biệt vùng sâu, vùng xa.",
    ),
    Default(
        "denunciation_extension",
        30,
        CALENDAR,
        "khoản 2, 3 Điều 30 Luật Tố cáo 2018; Điều 3 Nghị định 31/2019/NĐ-CP",
        "Mỗi lần gia hạn không quá 30 ngày, bằng văn bản.",
    ),
    Default(
        "denunciation_extensions_complex", 1, TIMES, "khoản 2 Điều 30 Luật Tố cáo 2018", "Vụ việc phức tạp."
    ),
    Default(
        "denunciation_extensions_very_complex",
        2,
        TIMES,
        "khoản 3 Điều 30 Luật Tố cáo 2018",
        "Vụ việc đặc biệt phức tạp (từ 2 tiêu chí của khoản 2 Điều 3 Nghị định 31/2019/NĐ-CP).",
    ),
    Default(
        "denunciation_superior_report",
        5,
        WORKING,
        "khoản 2 Điều 38 Luật Tố cáo 2018",
        "Quá hạn mà chưa giải quyết: cấp trên trực tiếp có văn bản yêu cầu báo cáo trong thời hạn này.",
    ),
    Default(
        "reminder_before",
        5,
        CALENDAR,
        "ví dụ, không lấy từ văn bản",
        "Nhắc người giải quyết trước khi hết hạn (và vào ngày cuối cùng).",
    ),
]
DEFAULTS = {d.key: d for d in DEFAULT_CLOCKS}


def rule(key: str) -> tuple[int, str, str]:
    """(value, unit, article) of one clock: the federation's row when there is one, else the text's."""
    from .models import CaseClock

    row = CaseClock.objects.filter(key=key).values_list("value", "unit", "article").first()
    if row is not None:
        return row[0], row[1], row[2]
    d = DEFAULTS[key]
    return d.value, d.unit, d.article


def add(start: dt.date, value: int, unit: str) -> dt.date:
    """The last day of a limit of `value` days from `start` (BLDS 2015 Art. 147–148)."""
    off = public_holidays()
    if unit == WORKING:
        return add_working_days(start, value, off)
    day = start + dt.timedelta(days=value)
    while not is_working_day(day, off):  # Art. 148(5): a last day that is a day off moves on
        day += dt.timedelta(days=1)
    return day


def due(key: str, start: dt.date) -> dt.date:
    value, unit, _article = rule(key)
    return add(start, value, unit)


def article(key: str) -> str:
    return rule(key)[2]
