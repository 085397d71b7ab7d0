"""Roll-up by tier: the figures of a unit's subtree, one row per direct child, the unit's own, a total.

Every figure is computed from the stored reports when it is asked for: approving a report changes what
the next page shows, with nothing to refresh (docs/decisions/0001-rollup-live.md says why and what it
costs). Each indicator rolls up by its own rule (`Indicator.aggregation`); the database returns, per
group and indicator, parts that combine (count, sum, min, max, weighted sum, weight, latest sum), so the
grand total is the sum of the rows' parts and every rule is computed the same way at every tier.

Two structures, one query shape (the structure only changes the parameters, see `sql.py`):
- REPORTED (as reported): each report is counted under the parent its unit had at the end of the report's
  period, read from the effective-dated tree (`orgs.UnitLink`). Units merged into the unit (its
  predecessors, such as a province merged in 2025) are rows of their own, as they were then.
- CURRENT: the same reports under today's tree; a unit that ended counts under its successor.

A fixed number of queries whatever the number of units: stats and completeness (1), figures (1), units
(1), targets (1), predecessors (1, and 1 more only when there are any).

`rollup_table(form, unit, year, index, structure=..., include_submitted=...)` is the entry point other
apps use (the dashboards, documents that report results); it returns typed rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from trienkhai.lib import periods as P
from trienkhai.lib.vn import fold
from trienkhai.orgs.models import Unit, today

from ..models import Indicator, ReportForm, Submission, Target
from . import stored
from .sql import GroupStats, run, shape
from .values import (
    FINAL_STATES,
    REPORTED,
    STRUCTURES,
    WITH_SUBMITTED,
    Agg,
    Cell,
    Completeness,
    RollupRow,
    RollupTable,
)


def structure_date(
    form: ReportForm, periods: Sequence[tuple[int, int]], structure: str, on: dt.date
) -> dt.date:
    """The date the tree is shown at: the end of the last period (as reported), or today (current)."""
    if structure == REPORTED:
        return max(P.period_end(form.period_kind, y, i) for y, i in periods)
    return on


def figures(
    form: ReportForm,
    unit: Unit,
    periods: Sequence[tuple[int, int]],
    *,
    structure: str = REPORTED,
    include_submitted: bool = False,
    by: str = "bucket",
    indicators: Sequence[Indicator] | None = None,
    on: dt.date | None = None,
) -> dict[tuple[int, str], Agg]:
    """Figures of `unit`'s subtree grouped `by` direct child ("bucket": the group is the child's id, or
    the unit's own id), by period (year * 100 + index) or by year. One query (plus one for merged units
    as reported)."""
    on = on or today()
    indicators = list(form.indicators.all()) if indicators is None else list(indicators)
    if stored.reads_stored(form, structure, include_submitted) and (
        by == "period" or len(periods) == 1 and by == "bucket"
    ):
        return stored.figures(form, unit, periods, by=by, indicators=[i for i in indicators if i.rolls_up])
    tree = shape(form, unit, periods, structure, on)
    statuses = WITH_SUBMITTED if include_submitted else FINAL_STATES
    return run(form, tree, indicators, len(periods), statuses=statuses, by=by, stats=False)[0]


def rollup_table(
    form: ReportForm,
    unit: Unit,
    year: int,
    index: int,
    *,
    structure: str = REPORTED,
    include_submitted: bool = False,
    on: dt.date | None = None,
) -> RollupTable:
    """The roll-up of `form` for `unit` and a period (`index` 0: the whole year of a quarterly or
    monthly form): a row per direct child with its subtree's figures, the unit's own row and the total.

    Approved reports only, unless `include_submitted` (rows that count reports still waiting for review
    are marked `not_final`). Permission is the caller's business: pass a unit the user may see.
    """
    if structure not in STRUCTURES:
        raise ValueError(structure)
    on = on or today()
    periods = P.periods_of(form.period_kind, year, index)
    indicators = list(form.indicators.all())
    rolling = [i for i in indicators if i.rolls_up]
    tree = shape(form, unit, periods, structure, on)
    statuses = WITH_SUBMITTED if include_submitted else FINAL_STATES
    if stored.reads_stored(form, structure, include_submitted) and len(periods) == 1:
        # The default view of one period: the figures are the stored subtree totals of the children; the
        # statement over the tree still gives the completeness.
        stats = run(form, tree, [], 1, statuses=statuses, by="bucket", stats=True)[1]
        aggs = stored.figures(form, unit, periods, by="bucket", indicators=rolling)
    else:
        aggs, stats = run(form, tree, rolling, len(periods), statuses=statuses, by="bucket", stats=True)
    shown_on = structure_date(form, periods, structure, on)
    groups = set(stats) | {g for g, _ in aggs} | {unit.pk}
    units = {u.pk: u for u in Unit.objects.filter(pk__in=groups).with_name_on(shown_on)}
    targets = _targets(rolling, groups, year, P.stored_index(form.period_kind, index))
    leaf_subs = _leaf_submissions(form, stats, unit, periods)

    def row(group: int, kind: str) -> RollupRow:
        st = stats.get(group) or GroupStats(0, 0, 0, Completeness())
        cells = {
            i.code: Cell(
                indicator=i, agg=aggs.get((group, i.code), Agg()), target=targets.get((group, i.code))
            )
            for i in rolling
        }
        children = st.max_depth > st.min_depth if kind != "own" else False
        return RollupRow(
            unit=units[group],
            kind=kind,
            cells=cells,
            completeness=st.completeness,
            units=st.units,
            has_children=children,
            not_final=include_submitted and st.completeness.waiting > 0,
            submission_id=None if children else leaf_subs.get(group),
        )

    children = []
    for g in groups - {unit.pk}:
        st = stats.get(g)
        merged = st is not None and st.min_depth == 0
        children.append(row(g, "merged" if merged else "child"))
    # Units with units under them first (the tiers one drills into), merged units last, then by name.
    children.sort(
        key=lambda r: (r.kind == "merged", not r.has_children, fold(getattr(r.unit, "name_at", r.unit.name)))
    )
    own = row(unit.pk, "own")
    own.units = 1
    total_stats = GroupStats(0, 0, 0, Completeness())
    for st in stats.values():
        total_stats = GroupStats(
            total_stats.units + st.units, 0, 0, total_stats.completeness + st.completeness
        )
    total_cells = {}
    for i in rolling:
        agg = Agg()
        for g in groups:
            agg = agg + aggs.get((g, i.code), Agg())
        total_cells[i.code] = Cell(indicator=i, agg=agg, target=targets.get((unit.pk, i.code)))
    # The unit's own target is the target of its whole subtree: show it on the total, not on "own".
    for cell in own.cells.values():
        cell.target = None
    total = RollupRow(
        unit=units[unit.pk],
        kind="total",
        cells=total_cells,
        completeness=total_stats.completeness,
        units=total_stats.units,
        has_children=bool(children),
        not_final=include_submitted and total_stats.completeness.waiting > 0,
    )
    return RollupTable(
        form=form,
        unit=units[unit.pk],
        year=year,
        index=P.stored_index(form.period_kind, index),
        periods=periods,
        structure=structure,
        include_submitted=include_submitted,
        on=shown_on,
        indicators=rolling,
        children=children,
        own=own,
        total=total,
    )


def _targets(indicators: Sequence[Indicator], groups: Iterable[int], year: int, index: int) -> dict:
    if not indicators:
        return {}
    by_id = {i.pk: i.code for i in indicators}
    rows = Target.objects.filter(indicator_id__in=by_id, unit_id__in=list(groups), year=year, index=index)
    return {
        (t.unit_id, by_id[t.indicator_id]): t.value for t in rows.only("unit_id", "indicator_id", "value")
    }


def _leaf_submissions(
    form: ReportForm, stats: dict[int, GroupStats], unit: Unit, periods: Sequence[tuple[int, int]]
) -> dict[int, int]:
    """For one period: the report of each group that is a single unit (a CĐCS row links to its report)."""
    if len(periods) != 1:
        return {}
    leaves = [g for g, st in stats.items() if st.max_depth == st.min_depth] + [unit.pk]
    year, index = periods[0]
    rows = Submission.objects.filter(form=form, unit_id__in=leaves, year=year, index=index)
    return dict(rows.values_list("unit_id", "pk"))
