"""The shared Excel writer (`lib.xlsx`): linear in rows, text stays text, formats and layout kept."""

from __future__ import annotations

import datetime as dt
import io
from unittest import mock

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from trienkhai.lib.xlsx import DATE_FORMAT, INTEGER_FORMAT, Sheet, workbook_bytes


def _rows(count):
    for i in range(count):
        yield [f"Đoàn viên {i}", dt.date(2020, 1, 1) + dt.timedelta(days=i), i * 1000]


def _refuse(*_args, **_kwargs):
    raise AssertionError("the shared writer built or read back an in-memory sheet")


def test_writer_streams_rows_without_an_in_memory_sheet_or_reading_it_back():
    # An in-memory sheet plus `max_row` per row made exports quadratic (16,000 rows: 98 s). A write-only
    # sheet never looks back, so each row costs the same: refuse every way of looking back.
    with (
        mock.patch.object(Worksheet, "__init__", _refuse),
        mock.patch.object(Worksheet, "max_row", property(_refuse)),
        mock.patch.object(Worksheet, "__getitem__", _refuse),
        mock.patch.object(Worksheet, "iter_rows", _refuse),
    ):
        data = workbook_bytes([Sheet(name="Đoàn viên", headers=["Tên", "Ngày", "Số"], rows=_rows(3000))])
    ws = load_workbook(io.BytesIO(data)).active
    assert ws.max_row == 3001
    assert ws["A3001"].value == "Đoàn viên 2999"


def test_writer_keeps_title_formats_widths_and_frozen_headers():
    sheet = Sheet(
        name="Tổng hợp",
        title="Báo cáo quý",
        notes=["Kỳ: Quý 1/2025"],
        headers=["Tên", "Ngày", "Số"],
        rows=[["Trường Tiểu học", dt.date(2025, 3, 31), 1250]],
        widths=[30, 12, 10],
        formats=[None, None, INTEGER_FORMAT],
    )
    ws = load_workbook(io.BytesIO(workbook_bytes([sheet]))).active
    assert ws["A1"].value == "Báo cáo quý" and ws["A1"].font.bold
    assert ws["A2"].value == "Kỳ: Quý 1/2025"
    assert [c.value for c in ws[4]] == ["Tên", "Ngày", "Số"] and ws["A4"].font.bold
    assert ws.freeze_panes == "A5"
    assert ws["B5"].number_format == DATE_FORMAT and ws["C5"].number_format == INTEGER_FORMAT
    assert ws.column_dimensions["A"].width == 30


def test_writer_stores_formula_like_text_as_text():
    texts = ['=HYPERLINK("http://x","y")', "=1+1", "+cmd", "-2+3", "@SUM(A1)"]
    data = workbook_bytes([Sheet(name="S", headers=texts, rows=[texts])])
    ws = load_workbook(io.BytesIO(data)).active
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type == "s" and cell.value in texts
