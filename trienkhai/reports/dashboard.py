"""The dashboard of one unit, form and period, assembled from the roll-up: completeness by child, the
totals against targets, the trend of one indicator across periods and years, and the children ranked on it.

Three queries on top of the roll-up's (the trend per period and per year), whatever the number of units;
each section carries both what its chart draws (`chart`, handed to the page as JSON) and the table that
stands beside the chart for screen readers and for reading exact figures.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from trienkhai.lib.periods import PER_YEAR, period_end
from trienkhai.orgs.models import Unit, today

from .models import Indicator, ReportForm
from .period_names import period_columns
from .results import Cell, Completeness, RollupRow, RollupTable, format_figure, rollup_table, trend

TREND_YEARS = 3
CHART_BARS = 15  # a phone shows this many bars legibly; the table beside the chart lists every unit
LABEL_WIDTH = 26  # characters per line of a chart label: long unit names wrap, never cut


@dataclass
class CompletenessRow:
    unit: Unit
    name: str
    c: Completeness
    kind: str


@dataclass
class Ranked:
    rank: int | None
    unit: Unit
    name: str
    value: Decimal | None
    text: str
    not_final: bool


@dataclass
class Dashboard:
    table: RollupTable
    indicator: Indicator | None
    choices: list[Indicator]
    completeness: list[CompletenessRow]
    totals: list[Cell]
    trend_columns: list[str]
    trend_rows: list[tuple[int, list[Decimal | None], Decimal | None]]
    trend_texts: list[tuple[int, list[str], str]]
    ranking: list[Ranked]
    chart: dict = field(default_factory=dict)

    @property
    def has_targets(self) -> bool:
        return any(c.target is not None for c in self.totals)


def _name(row: RollupRow) -> str:
    return getattr(row.unit, "name_at", None) or row.unit.name


def _lines(text: str, width: int = LABEL_WIDTH) -> list[str]:
    """A chart label as lines (Chart.js draws a list as a label of several lines): the whole name, wrapped
    between words, so "Công đoàn Trường Tiểu học …" is never cut to "Công đoàn Trường Tiểu h…"."""
    return textwrap.wrap(text, width, break_long_words=False) or [text]


def _height(labels: list[list[str]], extra: float) -> float:
    """The height (rem) a horizontal bar chart needs so its wrapped labels do not overlap: a line of
    11 px text per label line, a little air per bar, and room for the axis and legend."""
    return round(sum(len(lines) for lines in labels) * 0.85 + len(labels) * 0.5 + extra, 1)


def build_dashboard(form: ReportForm, unit, sel, *, on: dt.date | None = None) -> Dashboard:
    """Everything the dashboard page shows for `sel` (period, structure, submitted switch, indicator).
    A period that has not ended on `on` (today) is a gap in the trend, not a figure: its reports are not
    all in, and a partial sum read as a drop misleads."""
    on = on or today()
    table = rollup_table(
        form, unit, sel.year, sel.index, structure=sel.structure, include_submitted=sel.include_submitted
    )
    choices = [
        i for i in table.indicators if i.is_numeric or i.aggregation == Indicator.Aggregation.COUNT_YES
    ]
    # Unless one is asked for, chart the first indicator that adds up (its trend reads best).
    default = next(
        (i for i in choices if i.aggregation == Indicator.Aggregation.SUM), choices[0] if choices else None
    )
    indicator = next((i for i in choices if i.code == sel.code), None) or default

    completeness = [CompletenessRow(r.unit, _name(r), r.completeness, r.kind) for r in table.rows]
    completeness.append(CompletenessRow(table.total.unit, _("Tổng cộng"), table.total.completeness, "total"))
    totals = list(table.total.cells.values())

    years = list(range(sel.year - TREND_YEARS + 1, sel.year + 1))
    per_year = PER_YEAR[form.period_kind]
    periods = [(y, i) for y in years for i in range(1, per_year + 1)]
    columns = period_columns(form.period_kind)
    rows: list[tuple[int, list[Decimal | None], Decimal | None]] = []

    def ended(year: int, index: int) -> bool:
        return period_end(form.period_kind, year, index) < on

    if indicator is not None:
        common = dict(
            codes=[indicator.code], structure=sel.structure, include_submitted=sel.include_submitted
        )
        points = trend(form, unit, periods, **common)
        if per_year > 1 and indicator.aggregation == Indicator.Aggregation.LATEST:
            # Each unit's latest quarter of the year: only the database can tell, one more query.
            yearly = trend(form, unit, periods, by="year", **common)
        else:
            # Every other rule's parts add up over the periods of the year (disjoint sets of reports).
            yearly = {}
            for y in years:
                parts = [
                    points[y * 100 + i][indicator.code]
                    for i in range(1, per_year + 1)
                    if y * 100 + i in points
                ]
                if parts:
                    yearly[y] = {indicator.code: sum(parts[1:], parts[0])}
        rule = indicator.aggregation
        for y in years:
            values = [
                _value(points.get(y * 100 + i, {}), indicator.code, rule) if ended(y, i) else None
                for i in range(1, per_year + 1)
            ]
            whole = _value(yearly.get(y, {}), indicator.code, rule) if ended(y, per_year) else None
            rows.append((y, values if per_year > 1 else [], whole))

    ranking: list[Ranked] = []
    if indicator is not None:
        scored = [r for r in table.children if r.kind in ("child", "merged")]
        scored.sort(
            key=lambda r: (r.cells[indicator.code].value is None, -(r.cells[indicator.code].value or 0))
        )
        rank = 0
        for r in scored:
            cell = r.cells[indicator.code]
            rank = rank + 1 if cell.value is not None else rank
            ranking.append(
                Ranked(
                    rank if cell.value is not None else None,
                    r.unit,
                    _name(r),
                    cell.value,
                    cell.text,
                    r.not_final,
                )
            )

    texts = []
    if indicator is not None:
        unfinished = _("chưa kết thúc kỳ")

        def text(value: Decimal | None, year: int, index: int) -> str:
            return format_figure(value, indicator) if ended(year, index) else unfinished

        texts = [
            (
                y,
                [text(v, y, i) for i, v in enumerate(vals, start=1)],
                text(w, y, per_year),
            )
            for y, vals, w in rows
        ]
    board = Dashboard(
        trend_texts=texts,
        table=table,
        indicator=indicator,
        choices=choices,
        completeness=completeness,
        totals=totals,
        trend_columns=columns,
        trend_rows=rows,
        ranking=ranking,
    )
    board.chart = _chart(board, sel)
    return board


def _value(aggs: dict, code: str, rule: str) -> Decimal | None:
    agg = aggs.get(code)
    return agg.value(rule) if agg is not None else None


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(round(value, 2))


def _chart(board: Dashboard, sel) -> dict:
    """What the four charts draw, as plain lists for dashboard.js."""
    kids = [r for r in board.completeness if r.kind != "total"]
    # With many children the chart shows those that need attention: the lowest share received first.
    kids = sorted(kids, key=lambda r: (r.c.received_pct if r.c.expected else 101, r.name))[:CHART_BARS]
    labels = [_lines(r.name) for r in kids]
    completeness = {
        "truncated": len(board.completeness) - 1 > CHART_BARS,
        "labels": labels,
        "height": _height(labels, 4),
        "approved": [r.c.approved for r in kids],
        "waiting": [r.c.waiting for r in kids],
        "returned": [r.c.returned for r in kids],
        "missing": [r.c.expected - r.c.received for r in kids],
        # Legends come from the catalog: dashboard.js writes no words of its own.
        "legend": {
            "approved": _("Đã duyệt"),
            "waiting": _("Chờ duyệt"),
            "returned": _("Bị trả lại"),
            "missing": _("Chưa nộp"),
        },
    }
    with_target = [c for c in board.totals if c.target]
    target_labels = [_lines(c.indicator.label) for c in with_target]
    targets = {
        "labels": target_labels,
        "height": _height(target_labels, 3),
        "progress": [_num(c.progress) for c in with_target],
        "legend": _("% đạt chỉ tiêu"),
    }
    ind = board.indicator
    trend_chart: dict = {"labels": [], "series": []}
    if ind is not None:
        if board.trend_columns:
            trend_chart["labels"] = board.trend_columns
            trend_chart["series"] = [
                {"label": str(y), "data": [_num(v) for v in values]} for y, values, _whole in board.trend_rows
            ]
        else:
            trend_chart["labels"] = [str(y) for y, _v, _w in board.trend_rows]
            trend_chart["series"] = [
                {"label": ind.label, "data": [_num(w) for _y, _v, w in board.trend_rows]}
            ]
    ranked = [r for r in board.ranking if r.value is not None][:CHART_BARS]
    ranked_labels = [_lines(r.name) for r in ranked]
    ranking = {
        "label": ind.label if ind else "",
        "truncated": len(board.ranking) > CHART_BARS,
        "labels": ranked_labels,
        "height": _height(ranked_labels, 3),
        "values": [_num(r.value) for r in ranked],
    }
    return {
        "completeness": completeness,
        "targets": targets,
        "trend": trend_chart,
        "ranking": ranking,
        "indicator": ind.label if ind else "",
        "unit": ind.unit_suffix if ind else "",
    }
