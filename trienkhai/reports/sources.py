"""Figures that registers above `reports` can answer, offered to report forms without `reports` knowing them.

An app contributes through its module `report_sources.py` (found by `core.apps_registry`):
- `SOURCES = {key: label}`: the figures it can answer, keys namespaced by the app ("members.total");
- `figures(unit, period_start, period_end) -> {key: Figure}`: their values for `unit` and the units below
  it over the period, each with the address of the records behind the number.

An indicator names its source as data (`Indicator.source`, chosen in the form editor). When a unit opens
a report, each sourced indicator is filled in from its register; the unit confirms the figure or changes
it with a reason, which the reviewer sees beside the register's figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from trienkhai.core.apps_registry import app_modules
from trienkhai.lib.vn import format_number

if TYPE_CHECKING:
    from trienkhai.orgs.models import Unit

    from .models import Indicator, Submission


@dataclass(frozen=True)
class Figure:
    """A register's answer for one figure: the value and the records behind it (a URL of ids and dates)."""

    value: int | Decimal
    url: str
    shown: str = ""  # what a unit picks when the figure is not typed as a number ("Có", "Không")

    @classmethod
    def yes_no(cls, yes: bool, url: str) -> Figure:
        """A yes/no figure, as the report form's select holds it."""
        return cls(1 if yes else 0, url, "Có" if yes else "Không")

    @property
    def text(self) -> str:
        """The value as a unit would type it: 1.234 or 12,5 (or pick it: Có, Không)."""
        if self.shown:
            return self.shown
        if isinstance(self.value, Decimal) and self.value != self.value.to_integral_value():
            return format_number(float(self.value), 2).rstrip("0").rstrip(",")
        return format_number(int(self.value))


def choices() -> list[tuple[str, str]]:
    """(key, label) of every figure some app can answer, for the indicator editor."""
    found: list[tuple[str, str]] = []
    for module in app_modules("report_sources"):
        found.extend((key, str(label)) for key, label in getattr(module, "SOURCES", {}).items())
    return found


def label(key: str) -> str:
    return dict(choices()).get(key, key)


def figures(unit: Unit, period_start: dt.date, period_end: dt.date, keys: set[str]) -> dict[str, Figure]:
    """The figures named by `keys` for `unit` over the period; keys no app answers are left out."""
    out: dict[str, Figure] = {}
    if not keys:
        return out
    for module in app_modules("report_sources"):
        if keys & set(getattr(module, "SOURCES", {})):
            out.update({k: v for k, v in module.figures(unit, period_start, period_end).items() if k in keys})
    return out


def for_submission(submission: Submission, indicators: Iterable[Indicator]) -> dict[str, Figure]:
    """{indicator code: Figure} for the sourced indicators among `indicators` (no query when none is)."""
    sourced = {i.code: i.source for i in indicators if i.source}
    if not sourced:
        return {}
    found = figures(submission.unit, submission.period_start, submission.period_end, set(sourced.values()))
    return {code: found[key] for code, key in sourced.items() if key in found}
