"""What apps above `issuing` add to the documents it writes, without `issuing` knowing them (issue 25).

An app contributes through functions in its module `hooks.py` (found by `core.apps_registry`):
- `report_sections(form, unit, year, index, *, on) -> [ContentSection]`: sections of a unit's result
  report (BC) on a plan for a period, placed after "Kết quả thực hiện" (the finance app: the plan's
  money, planned against spent to the end of the period).
"""

from __future__ import annotations

import datetime as dt

from trienkhai.core.apps_registry import app_functions
from trienkhai.lib.content import ContentSection
from trienkhai.orgs.models import Unit
from trienkhai.reports.models import ReportForm


def report_sections(
    form: ReportForm, unit: Unit, year: int, index: int, *, on: dt.date
) -> list[ContentSection]:
    return [
        part
        for hook in app_functions("hooks", "report_sections")
        for part in hook(form, unit, year, index, on=on)
    ]
