"""Excel exports that are safe to open: every text is written as text, never as a live formula.

A CĐCS chair can name a unit `=HYPERLINK("http://…","Bấm vào đây")`; written naively, that name becomes a
working formula in the province's export. `openpyxl` treats any string starting with "=" as a formula, and
Excel also evaluates text starting with "+", "-" or "@"; such cells are stored as plain strings here.
Django-free: the views wrap the bytes in a response.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD/MM/YYYY"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.##"
PERCENT_FORMAT = '0.0"%"'  # figures that are already percentages (92,5 means 92,5 %)


def append_row(
    ws: Worksheet, values: Iterable[Any], *, bold: bool = False, formats: Sequence[str | None] = ()
) -> None:
    """Append a row; strings that a spreadsheet would run as a formula are stored as text, dates get
    the Vietnamese day/month/year format, numbers the format of their column (`formats`, by position)."""
    ws.append(list(values))
    for position, cell in enumerate(ws[ws.max_row]):
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
            cell.data_type = "s"
        elif isinstance(cell.value, dt.date):
            cell.number_format = DATE_FORMAT
        elif isinstance(cell.value, int | float | Decimal) and position < len(formats) and formats[position]:
            cell.number_format = formats[position]
        if bold:
            cell.font = Font(bold=True)


@dataclass
class Sheet:
    """One worksheet: an optional title line, bold headers, rows, and column widths in characters."""

    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    title: str = ""
    widths: Sequence[int] = field(default_factory=tuple)
    formats: Sequence[str | None] = field(default_factory=tuple)  # number format per column
    notes: Sequence[str] = field(default_factory=tuple)  # lines under the title (period, structure ...)


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """An .xlsx file holding `sheets`, in order, with every text cell written as text."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name[:31])
        if sheet.title:
            append_row(ws, [sheet.title[:250]], bold=True)
            for note in sheet.notes:
                append_row(ws, [note[:250]])
            ws.append([])
        append_row(ws, sheet.headers, bold=True)
        ws.freeze_panes = f"A{ws.max_row + 1}"  # a coordinate: asking for the cell would create a row
        for row in sheet.rows:
            append_row(ws, row, formats=sheet.formats)
        for index, width in enumerate(sheet.widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
