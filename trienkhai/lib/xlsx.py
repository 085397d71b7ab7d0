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
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD/MM/YYYY"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.##"
PERCENT_FORMAT = '0.0"%"'  # figures that are already percentages (92,5 means 92,5 %)


BOLD = Font(bold=True)


def safe_cell(ws: Any, value: Any, *, bold: bool = False, number_format: str | None = None) -> Any:
    """A cell of `ws` holding `value`, with text that a spreadsheet would run as a formula ("=", "+", "-",
    "@" ...) stored as plain text. Every user text an export writes goes through here (or `append_row`)."""
    cell = WriteOnlyCell(ws, value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"
    if number_format:
        cell.number_format = number_format
    if bold:
        cell.font = BOLD
    return cell


def row_cells(
    ws: Any, values: Iterable[Any], *, bold: bool = False, formats: Sequence[str | None] = ()
) -> list[Any]:
    """The cells of one row as `append_row` writes them: a plain value where nothing is needed (fast),
    a cell where the value needs protecting (formula-like text), a format (dates, numbers) or bold."""
    out: list[Any] = []
    for position, value in enumerate(values):
        number_format = None
        if isinstance(value, dt.date):
            number_format = DATE_FORMAT
        elif isinstance(value, int | float | Decimal) and position < len(formats):
            number_format = formats[position]
        if bold or number_format or (isinstance(value, str) and value.startswith(FORMULA_PREFIXES)):
            out.append(safe_cell(ws, value, bold=bold, number_format=number_format))
        else:
            out.append(value)
    return out


def append_row(
    ws: Any, values: Iterable[Any], *, bold: bool = False, formats: Sequence[str | None] = ()
) -> None:
    """Append a row; strings that a spreadsheet would run as a formula are stored as text, dates get
    the Vietnamese day/month/year format, numbers the format of their column (`formats`, by position).

    Never reads the sheet back (no `max_row`, no cell lookup): on a write-only sheet each row costs the
    same, so an export is linear in its rows."""
    ws.append(row_cells(ws, values, bold=bold, formats=formats))


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
    """An .xlsx file holding `sheets`, in order, with every text cell written as text.

    The workbook is write-only: rows stream to the file as they come (from a generator too), nothing is
    kept or looked up, so 100,000 rows cost ten times 10,000 (an in-memory sheet grew quadratically)."""
    wb = Workbook(write_only=True)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name[:31])
        # Widths and frozen panes must be set before the first row is written.
        for index, width in enumerate(sheet.widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        header_row = 1
        if sheet.title:
            header_row += 2 + len(sheet.notes)
        ws.freeze_panes = f"A{header_row + 1}"
        if sheet.title:
            append_row(ws, [sheet.title[:250]], bold=True)
            for note in sheet.notes:
                append_row(ws, [note[:250]])
            ws.append([])
        append_row(ws, sheet.headers, bold=True)
        for row in sheet.rows:
            append_row(ws, row, formats=sheet.formats)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
