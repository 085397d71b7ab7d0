"""The figures of a result report: one function, so the source of the numbers can change in one place.

The numbers are the roll-up's total row (`reports.rollup.rollup_table`): each indicator that rolls up,
over the approved reports of the unit's subtree, by the indicator's own rule (sum, average, weighted
average, count of yes …), the tree as it stood when the reports were made. Nothing else in `issuing`
knows where the numbers come from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from trienkhai.orgs.models import Unit
from trienkhai.reports.models import Indicator, ReportForm
from trienkhai.reports.results import rollup_table


@dataclass(frozen=True)
class Figure:
    """One line of the report's table: the indicator, its unit of measure and the total."""

    code: str
    label: str
    unit_of_measure: str
    kind: str
    value: Decimal | None


def report_figures(form: ReportForm, unit: Unit, year: int, index: int, *, on: dt.date) -> list[Figure]:
    """Each indicator of `form` that rolls up (see `Indicator.rolls_up`), in form order, with its figure
    for `unit`'s subtree in the period (None when no approved report gave it)."""
    table = rollup_table(form, unit, year, index, on=on)
    return [
        Figure(
            i.code,
            i.label,
            "đơn vị trả lời có" if i.kind == Indicator.Kind.YESNO else i.unit_suffix,
            i.kind,
            cell.value if (cell := table.total.cells.get(i.code)) else None,
        )
        for i in form.indicators.order_by("position", "pk")
        if i.rolls_up
    ]
