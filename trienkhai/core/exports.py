"""The one way a page hands out a spreadsheet (formulas escaped by `lib.xlsx`)."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpResponse

from trienkhai.lib.xlsx import CONTENT_TYPE, Sheet, workbook_bytes


def xlsx_response(sheets: Sequence[Sheet], filename: str) -> HttpResponse:
    response = HttpResponse(workbook_bytes(sheets), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
