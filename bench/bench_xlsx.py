"""Excel export speed: the shared writer (`lib.xlsx.workbook_bytes`) on 100,000 rows of ~10 columns.

Prints `BENCH xlsx_export_100k_rows_s <seconds> s` (goal ≤ 10 s). The rows look like a member register
export: names, years, dates, numbers with a format, and some text that must be stored as text.
The old in-memory writer read `max_row` for every row and grew quadratically (16,000 rows: 98 s).
"""

from __future__ import annotations

import datetime as dt
import time

ROWS = 100_000


def rows(count: int = ROWS):
    start = dt.date(2010, 1, 1)
    for i in range(count):
        yield [
            f"Nguyễn Văn Thành {i}",
            1970 + i % 40,
            "Nam" if i % 2 else "Nữ",
            f"CD{i:09d}",
            start + dt.timedelta(days=i % 5000),
            f"09{i:08d}",
            f"CDCS{i % 1300:05d}",
            i * 3,
            (i % 1000) / 7,
            "-ghi chú" if i % 50 == 0 else "Đang sinh hoạt",
        ]


def bench_export(count: int = ROWS) -> float:
    """Seconds to write `count` rows × 10 columns to .xlsx bytes with the shared writer."""
    from trienkhai.lib.xlsx import DECIMAL_FORMAT, INTEGER_FORMAT, Sheet, workbook_bytes

    sheet = Sheet(
        name="Đoàn viên",
        headers=[f"Cột {n}" for n in range(1, 11)],
        rows=rows(count),
        formats=(None, None, None, None, None, None, None, INTEGER_FORMAT, DECIMAL_FORMAT, None),
        widths=(30, 10, 10, 16, 12, 14, 12, 12, 12, 20),
    )
    started = time.perf_counter()
    workbook_bytes([sheet])
    return time.perf_counter() - started


def run() -> None:
    print(f"BENCH xlsx_export_100k_rows_s {bench_export():.1f} s", flush=True)


if __name__ == "__main__":
    run()
