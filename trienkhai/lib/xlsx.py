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
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD/MM/YYYY"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def append_row(ws: Worksheet, values: Iterable[Any], *, bold: bool = False) -> None:
    """Append a row; strings that a spreadsheet would run as a formula are stored as text, dates get
    the Vietnamese day/month/year format."""
    ws.append(list(values))
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
            cell.data_type = "s"
        elif isinstance(cell.value, dt.date):
            cell.number_format = DATE_FORMAT
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


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """An .xlsx file holding `sheets`, in order, with every text cell written as text."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name[:31])
        if sheet.title:
            append_row(ws, [sheet.title[:250]], bold=True)
            ws.append([])
        append_row(ws, sheet.headers, bold=True)
        for row in sheet.rows:
            append_row(ws, row)
        for index, width in enumerate(sheet.widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
