"""The figures of a result report: one function, so the source of the numbers can change in one place.

Today the numbers are the report board's totals (`reports.board.totals`: each numeric indicator summed
over the approved reports of the unit's subtree). When the roll-up engine lands, `report_figures` reads
it instead; nothing else in `issuing` knows where the numbers come from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from trienkhai.orgs.models import Unit
from trienkhai.reports.board import totals
from trienkhai.reports.models import Indicator, ReportForm


@dataclass(frozen=True)
class Figure:
    """One line of the report's table: the indicator, its unit of measure and the total."""

    code: str
    label: str
    unit_of_measure: str
    kind: str
    value: Decimal | None


# Totals that mean something when added up over units: counts and amounts, and yes/no answers (the
# number of units that answered yes). A sum of percentages does not; those wait for the roll-up engine.
ADDITIVE = (Indicator.Kind.INTEGER, Indicator.Kind.DECIMAL, Indicator.Kind.YESNO)


def report_figures(form: ReportForm, unit: Unit, year: int, index: int, *, on: dt.date) -> list[Figure]:
    """Each additive indicator of `form` (see ADDITIVE), in form order, with its total for `unit`'s
    subtree in the period (None when no approved report gave it)."""
    sums = totals(form, unit, year, index, on=on)
    return [
        Figure(
            i.code,
            i.label,
            "đơn vị trả lời có" if i.kind == Indicator.Kind.YESNO else i.unit_suffix,
            i.kind,
            sums.get(i.code),
        )
        for i in form.indicators.order_by("position", "pk")
        if i.kind in ADDITIVE
    ]
