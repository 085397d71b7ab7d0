"""The values of the roll-up: a selection's structures and statuses, the combinable parts of a figure
(`Agg`), a figure as text, and the typed rows and table a roll-up returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from trienkhai.lib.vn import format_number
from trienkhai.orgs.models import Unit

from ..models import Indicator, ReportForm, Submission
from ..period_names import period_name

REPORTED, CURRENT = "reported", "current"
STRUCTURES = {REPORTED: _("Theo cơ cấu khi báo cáo"), CURRENT: _("Theo cơ cấu hiện nay")}
A = Indicator.Aggregation
S = Submission.Status
ZERO = Decimal(0)
FINAL_STATES = (S.APPROVED,)
WITH_SUBMITTED = (S.APPROVED, S.SUBMITTED, S.RESUBMITTED)


def to_decimal(value: Any) -> Decimal:
    """A database number as Decimal (SQLite returns floats and ints, PostgreSQL Decimals)."""
    if value is None:
        return ZERO
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


@dataclass(frozen=True)
class Agg:
    """The parts of one indicator's figures over a set of reports; parts of disjoint sets add up."""

    n: int = 0  # values counted
    total: Decimal = ZERO
    low: Decimal | None = None
    high: Decimal | None = None
    wsum: Decimal = ZERO  # sum of value × weight, over reports that have both
    wden: Decimal = ZERO  # sum of those weights
    latest: Decimal = ZERO  # sum, over units, of each unit's value in its latest period
    latest_n: int = 0

    def __add__(self, other: Agg) -> Agg:
        def pick(f, a, b):
            return b if a is None else a if b is None else f(a, b)

        return Agg(
            n=self.n + other.n,
            total=self.total + other.total,
            low=pick(min, self.low, other.low),
            high=pick(max, self.high, other.high),
            wsum=self.wsum + other.wsum,
            wden=self.wden + other.wden,
            latest=self.latest + other.latest,
            latest_n=self.latest_n + other.latest_n,
        )

    def value(self, rule: str) -> Decimal | None:
        """The figure by the indicator's rule; None when no report gave a value (or no weight)."""
        if rule == A.NONE or self.n == 0:
            return None
        if rule in (A.SUM, A.COUNT_YES):
            return self.total
        if rule == A.AVERAGE:
            return self.total / self.n
        if rule == A.WEIGHTED:
            return self.wsum / self.wden if self.wden else None
        if rule == A.MIN:
            return self.low
        if rule == A.MAX:
            return self.high
        if rule == A.LATEST:
            return self.latest if self.latest_n else None
        raise ValueError(rule)


def format_figure(value: Decimal | None, indicator: Indicator) -> str:
    """A figure as Vietnamese text: 1.234, 12,5 (averages and decimals keep up to 2 places)."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return format_number(float(value), 0)
    places = 1 if indicator.kind in (Indicator.Kind.PERCENT, Indicator.Kind.INTEGER) else 2
    shown = value.quantize(Decimal(1).scaleb(-places)).normalize()
    return format_number(float(value), max(0, min(places, -int(shown.as_tuple().exponent))))  # finite: an int


@dataclass
class Cell:
    """One indicator in one row: the figure, how many reports gave it, and the target if one is set."""

    indicator: Indicator
    agg: Agg
    target: Decimal | None = None

    @property
    def value(self) -> Decimal | None:
        return self.agg.value(self.indicator.aggregation)

    @property
    def answered(self) -> int:
        return self.agg.n

    @property
    def text(self) -> str:
        if self.indicator.aggregation == A.COUNT_YES:
            return f"{format_number(float(self.agg.total))}/{self.agg.n}" if self.agg.n else ""
        return format_figure(self.value, self.indicator)

    @property
    def progress(self) -> Decimal | None:
        """Percent of the target reached (None without a target)."""
        if not self.target or self.value is None:
            return None
        return (self.value * 100 / self.target).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Completeness:
    """Reports of the unit-periods that were due: received (submitted at least once), waiting for review,
    approved, returned, on time."""

    expected: int = 0
    received: int = 0
    waiting: int = 0
    approved: int = 0
    returned: int = 0
    on_time: int = 0

    def __add__(self, o: Completeness) -> Completeness:
        return Completeness(*(a + b for a, b in zip(self._parts(), o._parts(), strict=True)))

    def _parts(self) -> tuple[int, ...]:
        return (self.expected, self.received, self.waiting, self.approved, self.returned, self.on_time)

    def pct(self, part: int) -> float | None:
        return round(100 * part / self.expected, 1) if self.expected else None

    @property
    def received_pct(self) -> float | None:
        return self.pct(self.received)

    @property
    def approved_pct(self) -> float | None:
        return self.pct(self.approved)

    @property
    def on_time_pct(self) -> float | None:
        return self.pct(self.on_time)

    @property
    def missing(self) -> int:
        return self.expected - self.received


@dataclass
class RollupRow:
    """A row of the roll-up: a direct child with its whole subtree ("child"), a unit merged into the
    unit that reported on its own then ("merged", as reported), the unit's own report ("own"), or the
    grand total ("total")."""

    unit: Unit
    kind: str
    cells: dict[str, Cell]
    completeness: Completeness
    units: int = 0  # units of the tree counted in this row
    has_children: bool = False
    not_final: bool = False  # submitted reports that are not approved yet are counted in
    submission_id: int | None = None  # a unit without children, one period: its report

    def cell(self, code: str) -> Cell | None:
        return self.cells.get(code)

    @property
    def has_values(self) -> bool:
        return any(c.agg.n for c in self.cells.values())


@dataclass
class RollupTable:
    form: ReportForm
    unit: Unit
    year: int
    index: int  # 0: the whole year of a form reported more often
    periods: list[tuple[int, int]]
    structure: str
    include_submitted: bool
    on: dt.date  # the date the tree is read at (the last period's end as reported, or today)
    indicators: list[Indicator]
    children: list[RollupRow]
    own: RollupRow
    total: RollupRow

    @property
    def rows(self) -> list[RollupRow]:
        """Children (and merged units), then the unit's own row when it reported or was due."""
        own = [self.own] if self.own.completeness.expected or self.own.has_values else []
        return self.children + own

    @property
    def period_label(self) -> str:
        return period_name(self.form.period_kind, self.year, self.index)

    @property
    def not_final(self) -> bool:
        return self.total.not_final
