"""Roll-up by tier: the figures of a unit's subtree, one row per direct child, the unit's own, a total.

Every figure is computed from the stored reports when it is asked for: approving a report changes what
the next page shows, with nothing to refresh (docs/decisions/0001-rollup-live.md says why and what it
costs). Each indicator rolls up by its own rule (`Indicator.aggregation`); the database returns, per
group and indicator, parts that combine (count, sum, min, max, weighted sum, weight, latest sum), so the
grand total is the sum of the rows' parts and every rule is computed the same way at every tier.

Two structures, one query shape (the structure only changes the parameters):
- REPORTED (as reported): each report is counted under the parent its unit had at the end of the report's
  period, read from the effective-dated tree (`orgs.UnitLink`). Units merged into the unit (its
  predecessors, such as a province merged in 2025) are rows of their own, as they were then.
- CURRENT: the same reports under today's tree; a unit that ended counts under its successor.

The tree is walked by one recursive CTE per query, seeded with (unit, group, date) rows: the unit at each
period end (as reported) or at today (current). A fixed number of queries whatever the number of units:
stats and completeness (1), figures (1), units (1), targets (1), predecessors (1, and 1 more only when
there are any).

`rollup_table(form, unit, year, index, structure=..., include_submitted=...)` is the entry point other
apps use (the dashboards, documents that report results); it returns typed rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.utils.translation import gettext_lazy as _

from trienkhai.lib import periods as P
from trienkhai.lib.vn import fold, format_number
from trienkhai.orgs.models import Unit, UnitLink, today
from trienkhai.plans.models import PlanAssignment

from .models import Indicator, ReportForm, Submission, SubmissionValue, Target
from .period_names import period_name

REPORTED, CURRENT = "reported", "current"
STRUCTURES = {REPORTED: _("Theo cơ cấu khi báo cáo"), CURRENT: _("Theo cơ cấu hiện nay")}
A = Indicator.Aggregation
S = Submission.Status
ZERO = Decimal(0)
FINAL_STATES = (S.APPROVED,)
WITH_SUBMITTED = (S.APPROVED, S.SUBMITTED, S.RESUBMITTED)


def _dec(value) -> Decimal:
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
    return format_number(float(value), max(0, min(places, -shown.as_tuple().exponent)))


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
        return period_label(self.form, self.year, self.index)

    @property
    def not_final(self) -> bool:
        return self.total.not_final


# --- periods ------------------------------------------------------------------------------------------


def periods_of(form: ReportForm, year: int, index: int) -> list[tuple[int, int]]:
    """The (year, index) periods a selection covers: one period, or (index 0) every period of the year."""
    kind = form.period_kind
    if kind == "year":
        return [(year, 1)]
    if index == 0:
        return [(year, i) for i in range(1, P.PER_YEAR[kind] + 1)]
    return [(year, index)]


def period_label(form: ReportForm, year: int, index: int) -> str:
    return period_name(form.period_kind, year, index)


def period_end(form: ReportForm, year: int, index: int) -> dt.date:
    return P.period_for(form.period_kind, year, index)[1]


def target_index(form: ReportForm, index: int) -> int:
    """Targets of a yearly form are kept under period 1; of other forms, 0 means the whole year."""
    return 1 if form.period_kind == "year" else index


# --- the query shape ------------------------------------------------------------------------------------


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _date(value: dt.date):
    return connection.ops.adapt_datefield_value(value)


def _in(values: Sequence) -> str:
    return ",".join(["%s"] * len(values))


def _predecessors(root: Unit) -> tuple[list[int], dict[int, tuple[dt.date, dt.date | None]], list]:
    """Units merged into `root` (directly or through others), their lifetimes and parent links."""
    unit = Unit._meta.db_table
    sql = (
        f"WITH RECURSIVE pred(id, depth) AS (SELECT id, 1 FROM {unit} WHERE successor_id = %s UNION "
        f"SELECT u.id, pred.depth + 1 FROM {unit} u JOIN pred ON u.successor_id = pred.id "
        f"WHERE pred.depth < 16) SELECT u.id, u.valid_from, u.valid_to FROM pred JOIN {unit} u ON u.id = pred.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [root.pk])
        rows = cursor.fetchall()
    if not rows:
        return [], {}, []
    ids = [r[0] for r in rows]
    life = {r[0]: (_as_date(r[1]), _as_date(r[2])) for r in rows}
    links = list(
        UnitLink.objects.filter(unit_id__in=ids).values_list("unit_id", "parent_id", "valid_from", "valid_to")
    )
    return ids, life, links


def _as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _seeds(root: Unit, dates: Iterable[dt.date], structure: str) -> list[tuple[int, int, dt.date]]:
    """(unit, group, date) rows the tree walk starts from.

    As reported, a unit merged into `root` starts a group of its own at a date when it was active and
    not under another unit of the same family (so a district under a merged province is reached through
    the province, once)."""
    dates = sorted(set(dates))
    seeds = [(root.pk, root.pk, d) for d in dates]
    if structure != REPORTED:
        return seeds
    ids, life, links = _predecessors(root)
    family = set(ids) | {root.pk}
    for d in dates:
        for pid in ids:
            start, end = life[pid]
            if not (start <= d and (end is None or end > d)):
                continue
            parent = next(
                (p for u, p, f, t in links if u == pid and f <= d and (t is None or t > d)),
                None,
            )
            if parent not in family:
                seeds.append((pid, pid, d))
    return seeds


def _tree_sql(
    seeds: list[tuple[int, int, dt.date]],
    root_id: int,
    structure: str,
    periods: Sequence[tuple[int, int, dt.date, dt.date]],
) -> tuple[str, list]:
    """The CTEs every roll-up query starts with: `tree(id, grp, d, depth)`, every unit reached from the
    seeds at each seed's date with the direct child of the root it falls under (or the seed itself), and
    `per(y, i, d, pend)`, each period with the date its tree is read at and its last day."""
    link, unit = UnitLink._meta.db_table, Unit._meta.db_table
    values = ", ".join(["(%s, %s, %s)"] * len(seeds))
    params: list = []
    for uid, grp, d in seeds:
        params += [uid, grp, _date(d)]
    successors = 1 if structure == CURRENT else 0
    sql = (
        f"seed(id, grp, d) AS (VALUES {values}), "
        f"tree(id, grp, d, depth) AS ("
        f"SELECT CAST(id AS BIGINT), CAST(grp AS BIGINT), d, 0 FROM seed UNION ALL "
        f"SELECT COALESCE(l.unit_id, u.id), "
        f"CASE WHEN t.depth = 0 AND t.id = %s AND l.unit_id IS NOT NULL THEN l.unit_id ELSE t.grp END, "
        f"t.d, t.depth + 1 FROM tree t "
        f"CROSS JOIN (SELECT 1 AS k UNION ALL SELECT 2 AS k) e "
        f"LEFT JOIN {link} l ON e.k = 1 AND l.parent_id = t.id AND l.valid_from <= t.d "
        f"AND (l.valid_to IS NULL OR l.valid_to > t.d) "
        # Current structure: a unit that ended counts under its successor (never as reported).
        f"LEFT JOIN {unit} u ON e.k = 2 AND {successors} = 1 AND u.successor_id = t.id "
        f"WHERE (l.unit_id IS NOT NULL OR u.id IS NOT NULL) AND t.depth < 64), "
        f"per(y, i, d, pend) AS (VALUES {', '.join(['(%s, %s, %s, %s)'] * len(periods))})"
    )
    per = [x for y, i, d, end in periods for x in (y, i, _date(d), _date(end))]
    return sql, [*params, root_id, *per]


def _group_expr(by: str, sub: str) -> str:
    if by == "bucket":
        return "t.grp"
    if by == "period":
        return f"{sub}.year * 100 + {sub}.{_q('index')}"
    if by == "year":
        return f"{sub}.year"
    raise ValueError(by)


def _shape(form: ReportForm, unit: Unit, periods: Sequence[tuple[int, int]], structure: str, on: dt.date):
    """The tree and period CTEs for one selection: as reported, the tree at each period's end; current,
    the tree of `on` (today) for every period. The only difference is in the parameters."""
    ends = {(y, i): period_end(form, y, i) for y, i in periods}
    dated = [(y, i, ends[(y, i)] if structure == REPORTED else on, ends[(y, i)]) for y, i in periods]
    seeds = _seeds(unit, [d for _y, _i, d, _e in dated], structure)
    return _tree_sql(seeds, unit.pk, structure, dated)


@dataclass(frozen=True)
class _GroupStats:
    units: int
    min_depth: int
    max_depth: int
    completeness: Completeness


FIGURES, STATS = 0, 1  # the two kinds of rows one statement returns


def _figures_sql(
    indicators: Sequence[Indicator], periods: int, *, form_id: int, statuses: Sequence[str], by: str
) -> tuple[str, list, str] | None:
    """(CTEs, their params, SELECT) of the figures per group and indicator, or None when nothing rolls up.

    Each row: FIGURES, group, code, count, sum, min, max, Σ value × weight, Σ weight, Σ latest, n latest, 0.
    Parts that no indicator of the selection needs are constant zeros, not aggregates."""
    codes = [i.code for i in indicators if i.rolls_up]
    if not codes:
        return None
    sub, val = Submission._meta.db_table, SubmissionValue._meta.db_table
    weights = {i.code: i.weight_code for i in indicators if i.aggregation == A.WEIGHTED and i.weight_code}
    latest = any(i.aggregation == A.LATEST for i in indicators) and periods > 1 and by != "period"
    grp = _group_expr(by, "s")
    partition = "p.year, p.unit_id, v.key" if by == "year" else "p.unit_id, v.key"
    rn = f"ROW_NUMBER() OVER (PARTITION BY {partition} ORDER BY p.year DESC, p.idx DESC)" if latest else "1"
    # Each weight is joined once per report (not once per value), as a column of `picked`.
    weight_codes = sorted(set(weights.values()))
    weight_cols = "".join(f", w{i}.number" for i in range(len(weight_codes)))
    weight_names = "".join(f", w{i}" for i in range(len(weight_codes)))
    weight_joins = "".join(
        f"LEFT JOIN {val} w{i} ON w{i}.submission_id = s.id AND w{i}.key = %s "
        for i in range(len(weight_codes))
    )
    if weights:
        case = " ".join(f"WHEN %s THEN p.w{weight_codes.index(w)}" for w in weights.values())
        wnum = f"CASE v.key {case} END"
    else:
        wnum = "CAST(NULL AS NUMERIC)"
    # A few indicators (a trend) are sought by key; for the whole form, reading each report's values in
    # one range of the (submission, key) index and leaving out the rest afterwards is cheaper than one
    # index probe per indicator (3 times on SQLite); values of other indicators are simply not used.
    key_filter = f" AND v.key IN ({_in(codes)})" if len(codes) <= 3 else ""
    # With a window function (each unit's latest value) SQLite may choose to start from every stored
    # value; CROSS JOIN makes it walk from the tree down (PostgreSQL plans CROSS JOIN like any join).
    # Otherwise the planners choose the order: comma joins.
    join = " CROSS JOIN " if latest else ", "
    ctes = (
        f"picked(grp, sid, unit_id, year, idx{weight_names}) AS ("
        f"SELECT {grp}, s.id, s.unit_id, s.year, s.{_q('index')}{weight_cols} FROM tree t"
        f"{join}per pe{join}{sub} s "
        f"{weight_joins}"
        # Each tree row is at the date of its periods (per.d): as reported, one period's end, so a unit
        # moved mid-year counts under each parent for the periods it had it; current, today for all.
        f"WHERE pe.d = t.d AND s.unit_id = t.id AND s.form_id = %s AND s.year = pe.y "
        f"AND s.{_q('index')} = pe.i AND s.status IN ({_in(statuses)})), "
        f"vals(grp, unit_id, key, num, wnum, rn) AS ("
        f"SELECT p.grp, p.unit_id, v.key, v.number, {wnum}, {rn} FROM picked p{join}{val} v "
        f"WHERE v.submission_id = p.sid AND v.number IS NOT NULL{key_filter})"
    )
    weighted = "SUM(num * wnum), SUM(wnum)" if weights else "0, 0"
    last = "SUM(CASE WHEN rn = 1 THEN num END), SUM(CASE WHEN rn = 1 THEN 1 ELSE 0 END)" if latest else "0, 0"
    select = (
        f"SELECT {FIGURES}, grp, key, COUNT(num), SUM(num), MIN(num), MAX(num), {weighted}, {last}, 0 "
        f"FROM vals GROUP BY grp, key"
    )
    params = [*weight_codes, form_id, *statuses, *weights, *(codes if key_filter else [])]
    return ctes, params, select, latest


def _stats_sql(form: ReportForm) -> tuple[str, list]:
    """SELECT of the stats per group of the tree: units, depth, and the completeness of the reports due.
    Each row: STATS, group, NULL, units, min depth, max depth, due, received, waiting, approved, returned,
    on time (the same columns as a figures row, so one statement can return both)."""
    sub, assignment, unit = Submission._meta.db_table, PlanAssignment._meta.db_table, Unit._meta.db_table
    idx = _q("index")
    sql = (
        f"SELECT {STATS}, t.grp, NULL, COUNT(DISTINCT t.id), MIN(t.depth), MAX(t.depth), COUNT(p.y), "
        f"COUNT(s.first_submitted_at), "
        f"SUM(CASE WHEN s.status IN (%s, %s) THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN s.status = %s THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN s.status = %s THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN s.first_submitted_at IS NOT NULL AND s.is_late = %s THEN 1 ELSE 0 END) "
        f"FROM tree t "
        f"LEFT JOIN {assignment} a ON a.unit_id = t.id AND a.plan_id = %s "
        f"LEFT JOIN {unit} u ON u.id = a.unit_id "
        f"LEFT JOIN per p ON a.id IS NOT NULL AND p.d = t.d AND u.valid_from <= p.pend "
        f"LEFT JOIN {sub} s ON p.y IS NOT NULL AND s.form_id = %s AND s.unit_id = t.id "
        f"AND s.year = p.y AND s.{idx} = p.i "
        f"GROUP BY t.grp"
    )
    params = [S.SUBMITTED, S.RESUBMITTED, S.APPROVED, S.RETURNED, False, form.plan_id, form.pk]
    return sql, params


def _run(
    form: ReportForm,
    tree: tuple[str, list],
    indicators: Sequence[Indicator],
    periods: int,
    *,
    statuses: Sequence[str],
    by: str,
    stats: bool,
) -> tuple[dict[tuple[int, str], Agg], dict[int, _GroupStats]]:
    """One statement over the tree: the figures (and, with `stats`, the completeness per group)."""
    tree_sql, params = tree
    figures = _figures_sql(indicators, periods, form_id=form.pk, statuses=statuses, by=by)
    selects, select_params = [], []
    ctes = tree_sql
    latest = False
    if figures is not None:
        fig_ctes, fig_params, fig_select, latest = figures
        ctes += ", " + fig_ctes
        params = [*params, *fig_params]
        selects.append(fig_select)
    if stats:
        stat_select, stat_params = _stats_sql(form)
        selects.append(stat_select)
        select_params += stat_params
    if not selects:
        return {}, {}
    sql = f"WITH RECURSIVE {ctes} " + " UNION ALL ".join(selects)
    aggs: dict[tuple[int, str], Agg] = {}
    groups: dict[int, _GroupStats] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *select_params])
        for part, g, key, *rest in cursor.fetchall():
            if int(part) == FIGURES:
                n, total, low, high, wsum, wden, last, last_n, _pad = rest
                aggs[(int(g), key)] = Agg(
                    n=int(n),
                    total=_dec(total),
                    low=_dec(low) if low is not None else None,
                    high=_dec(high) if high is not None else None,
                    wsum=_dec(wsum),
                    wden=_dec(wden),
                    latest=_dec(last) if latest else _dec(total),
                    latest_n=int(last_n or 0) if latest else int(n),
                )
            else:
                units, lo, hi, expected, received, waiting, approved, returned, on_time = (
                    int(x or 0) for x in rest
                )
                groups[int(g)] = _GroupStats(
                    units, lo, hi, Completeness(expected, received, waiting, approved, returned, on_time)
                )
    return aggs, groups


# --- the public functions ---------------------------------------------------------------------------


def structure_date(
    form: ReportForm, periods: Sequence[tuple[int, int]], structure: str, on: dt.date
) -> dt.date:
    """The date the tree is shown at: the end of the last period (as reported), or today (current)."""
    if structure == REPORTED:
        return max(period_end(form, y, i) for y, i in periods)
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
    tree = _shape(form, unit, periods, structure, on)
    statuses = WITH_SUBMITTED if include_submitted else FINAL_STATES
    return _run(form, tree, indicators, len(periods), statuses=statuses, by=by, stats=False)[0]


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
    periods = periods_of(form, year, index)
    indicators = list(form.indicators.all())
    rolling = [i for i in indicators if i.rolls_up]
    tree = _shape(form, unit, periods, structure, on)
    statuses = WITH_SUBMITTED if include_submitted else FINAL_STATES
    aggs, stats = _run(form, tree, rolling, len(periods), statuses=statuses, by="bucket", stats=True)
    shown_on = structure_date(form, periods, structure, on)
    groups = set(stats) | {g for g, _ in aggs} | {unit.pk}
    units = {u.pk: u for u in Unit.objects.filter(pk__in=groups).with_name_on(shown_on)}
    targets = _targets(rolling, groups, year, target_index(form, index))
    leaf_subs = _leaf_submissions(form, stats, unit, periods)

    def row(group: int, kind: str) -> RollupRow:
        st = stats.get(group) or _GroupStats(0, 0, 0, Completeness())
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
    total_stats = _GroupStats(0, 0, 0, Completeness())
    for st in stats.values():
        total_stats = _GroupStats(
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
        index=index if form.period_kind != "year" else 1,
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


def _leaf_submissions(form: ReportForm, stats: dict[int, _GroupStats], unit: Unit, periods) -> dict[int, int]:
    """For one period: the report of each group that is a single unit (a CĐCS row links to its report)."""
    if len(periods) != 1:
        return {}
    leaves = [g for g, st in stats.items() if st.max_depth == st.min_depth] + [unit.pk]
    year, index = periods[0]
    rows = Submission.objects.filter(form=form, unit_id__in=leaves, year=year, index=index)
    return dict(rows.values_list("unit_id", "pk"))


def trend(
    form: ReportForm,
    unit: Unit,
    periods: Sequence[tuple[int, int]],
    *,
    codes: Sequence[str] | None = None,
    structure: str = REPORTED,
    include_submitted: bool = False,
    by: str = "period",
    on: dt.date | None = None,
) -> dict[int, dict[str, Agg]]:
    """The subtree's figures per period (key year * 100 + index) or per year, for the given indicators:
    one query. Points without any report are absent."""
    indicators = [i for i in form.indicators.all() if i.rolls_up and (codes is None or i.code in codes)]
    aggs = figures(
        form,
        unit,
        periods,
        structure=structure,
        include_submitted=include_submitted,
        by=by,
        indicators=indicators,
        on=on,
    )
    out: dict[int, dict[str, Agg]] = defaultdict(dict)
    for (g, code), agg in aggs.items():
        out[g][code] = agg
    return dict(out)


def breadcrumbs(user, unit: Unit, on: dt.date) -> list[Unit]:
    """The units above `unit` as of `on` that the user may open, top first, ending with `unit`'s parent.
    Where the walk up leaves the user's reach at a unit merged away (Bình Phước in 2024), the unit that
    carries it on today (Đồng Nai) is put on top, so the trail leads back to where the user started.
    Three queries."""
    ancestors = unit.ancestors(on)
    chain = [unit, *ancestors]
    successor_ids = [u.successor_id for u in chain if u.successor_id]
    ids = [a.pk for a in ancestors] + successor_ids
    visible = set(Unit.objects.visible_to(user, on=on).filter(pk__in=ids).values_list("pk", flat=True))
    trail = []
    top = unit
    for a in ancestors:  # nearest first
        if a.pk not in visible:
            break
        trail.append(a)
        top = a
    if top.successor_id and top.successor_id in visible and top.successor_id not in {u.pk for u in trail}:
        trail.append(Unit.objects.get(pk=top.successor_id))
    return list(reversed(trail))
