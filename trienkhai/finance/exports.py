"""The money roll-up as a workbook: the same `MoneyRollup` the page shows, every amount a whole number of
đồng (an int: exact in a spreadsheet), every user text written as text (`lib.xlsx`)."""

from __future__ import annotations

from trienkhai.lib.vn import format_date
from trienkhai.lib.xlsx import Sheet
from trienkhai.reports.api import STRUCTURES

from .ledger import MoneyRollup, MoneyRow

MONEY = "#,##0"
HEADERS = [
    "Nội dung",
    "Dự toán (đồng)",
    "Đã phân bổ (đồng)",
    "Đã chi (đồng)",
    "Còn lại (đồng)",
    "Vượt dự toán",
    "Lý do",
]


def _row(row: MoneyRow) -> list[object]:
    return [
        row.label,
        int(row.planned),
        int(row.allocated),
        int(row.spent),
        int(row.remaining),
        "Vượt" if row.over_total else ("Đơn vị cấp dưới vượt" if row.overspent else ""),
        "; ".join(row.reasons),
    ]


def rollup_sheets(money: MoneyRollup) -> list[Sheet]:
    notes = [
        f"Kế hoạch: {money.plan}",
        f"Đơn vị: {money.unit.name}; số liệu đến ngày {format_date(money.until)}; {STRUCTURES[money.structure]}",
    ]
    formats = [None, MONEY, MONEY, MONEY, MONEY, None, None]
    widths = [60, 16, 16, 16, 16, 12, 60]

    def sheet(name: str, title: str, rows: list[MoneyRow], *, total: bool) -> Sheet:
        body = [_row(r) for r in rows]
        if total:
            body.append(_row(money.total))
        return Sheet(
            name=name, title=title, headers=HEADERS, rows=body, notes=notes, formats=formats, widths=widths
        )

    return [
        sheet("Theo dòng kinh phí", "KINH PHÍ: DỰ TOÁN VÀ ĐÃ CHI THEO DÒNG", money.lines, total=True),
        sheet("Theo nhóm nhiệm vụ", "THEO NHÓM NHIỆM VỤ", money.groups, total=True),
        sheet("Theo nguồn", "THEO NGUỒN KINH PHÍ", money.sources, total=True),
        sheet("Theo đơn vị", "THEO ĐƠN VỊ TRỰC THUỘC", money.units, total=False),
    ]
