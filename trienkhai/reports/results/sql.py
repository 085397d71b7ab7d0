"""The SQL of the roll-up: one statement per selection over the effective-dated tree.

The tree is walked by one recursive CTE per query, seeded with (unit, group, date) rows: the unit at each
period end (as reported) or at today (current); the structure only changes the parameters. The database
returns, per group and indicator, parts that combine (`values.Agg`), and with them, per group, the stats
of the reports due (`GroupStats`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db import connection, connections

from trienkhai.core.dbrouter import read_alias
from trienkhai.lib import periods as P
from trienkhai.orgs.models import Unit, UnitLink
from trienkhai.plans.models import PlanAssignment

from ..models import Indicator, ReportForm, Submission, SubmissionValue
from .values import CURRENT, REPORTED, A, Agg, Completeness, S, to_decimal


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
    with connections[read_alias()].cursor() as cursor:
        cursor.execute(sql, [root.pk])
        rows = cursor.fetchall()
    if not rows:
        return [], {}, []
    ids = [r[0] for r in rows]
    life = {r[0]: (_to_date(r[1]), _as_date(r[2])) for r in rows}
    links = list(
        UnitLink.objects.filter(unit_id__in=ids).values_list("unit_id", "parent_id", "valid_from", "valid_to")
    )
    return ids, life, links


def _as_date(value: object) -> dt.date | None:
    return None if value is None else _to_date(value)


def _to_date(value: object) -> dt.date:
    """A database date (SQLite returns text) as a date."""
    if isinstance(value, dt.date):
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


def buckets(root: Unit, dates: Sequence[dt.date], structure: str) -> dict[tuple[int, dt.date], int]:
    """Every unit under `root` at each of `dates`, with the group the roll-up counts it in: the direct
    child of `root` it falls under (`root` for itself; as reported, a unit merged into `root` heads a group
    of its own). The same tree walk as the figures, one statement; read the tree at the period ends for
    the structure as reported, at today for the current one."""
    dates = sorted(set(dates))
    if not dates:
        return {}
    seeds = _seeds(root, dates, structure)
    tree_sql, params = _tree_sql(seeds, root.pk, structure, [(0, 0, d, d) for d in dates])
    with connection.cursor() as cursor:
        cursor.execute(f"WITH RECURSIVE {tree_sql} SELECT DISTINCT id, grp, d FROM tree", params)
        return {(int(uid), _to_date(d)): int(grp) for uid, grp, d in cursor.fetchall()}


def _group_expr(by: str, sub: str) -> str:
    if by == "bucket":
        return "t.grp"
    if by == "period":
        return f"{sub}.year * 100 + {sub}.{_q('index')}"
    if by == "year":
        return f"{sub}.year"
    raise ValueError(by)


def shape(
    form: ReportForm, unit: Unit, periods: Sequence[tuple[int, int]], structure: str, on: dt.date
) -> tuple[str, list[Any]]:
    """The tree and period CTEs for one selection: as reported, the tree at each period's end; current,
    the tree of `on` (today) for every period. The only difference is in the parameters."""
    ends = {(y, i): P.period_end(form.period_kind, y, i) for y, i in periods}
    dated = [(y, i, ends[(y, i)] if structure == REPORTED else on, ends[(y, i)]) for y, i in periods]
    seeds = _seeds(unit, [d for _y, _i, d, _e in dated], structure)
    return _tree_sql(seeds, unit.pk, structure, dated)


@dataclass(frozen=True)
class GroupStats:
    units: int
    min_depth: int
    max_depth: int
    completeness: Completeness


class FiguresSql(NamedTuple):
    """The figures part of a roll-up statement."""

    ctes: str
    params: list[Any]
    select: str
    latest: bool  # whether rows carry each unit's latest value (a window function), not the plain sum


FIGURES, STATS = 0, 1  # the two kinds of rows one statement returns


def _figures_sql(
    indicators: Sequence[Indicator], periods: int, *, form_id: int, statuses: Sequence[str], by: str
) -> FiguresSql | None:
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
    return FiguresSql(ctes, params, select, latest)


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


def run(
    form: ReportForm,
    tree: tuple[str, list],
    indicators: Sequence[Indicator],
    periods: int,
    *,
    statuses: Sequence[str],
    by: str,
    stats: bool,
) -> tuple[dict[tuple[int, str], Agg], dict[int, GroupStats]]:
    """One statement over the tree: the figures (and, with `stats`, the completeness per group)."""
    tree_sql, params = tree
    figures = _figures_sql(indicators, periods, form_id=form.pk, statuses=statuses, by=by)
    selects, select_params = [], []
    ctes = tree_sql
    latest = False
    if figures is not None:
        ctes += ", " + figures.ctes
        params = [*params, *figures.params]
        selects.append(figures.select)
        latest = figures.latest
    if stats:
        stat_select, stat_params = _stats_sql(form)
        selects.append(stat_select)
        select_params += stat_params
    if not selects:
        return {}, {}
    sql = f"WITH RECURSIVE {ctes} " + " UNION ALL ".join(selects)
    aggs: dict[tuple[int, str], Agg] = {}
    groups: dict[int, GroupStats] = {}
    with connections[read_alias()].cursor() as cursor:
        cursor.execute(sql, [*params, *select_params])
        for part, g, key, *rest in cursor.fetchall():
            if int(part) == FIGURES:
                n, total, low, high, wsum, wden, last, last_n, _pad = rest
                aggs[(int(g), key)] = Agg(
                    n=int(n),
                    total=to_decimal(total),
                    low=to_decimal(low) if low is not None else None,
                    high=to_decimal(high) if high is not None else None,
                    wsum=to_decimal(wsum),
                    wden=to_decimal(wden),
                    latest=to_decimal(last) if latest else to_decimal(total),
                    latest_n=int(last_n or 0) if latest else int(n),
                )
            else:
                units, lo, hi, expected, received, waiting, approved, returned, on_time = (
                    int(x or 0) for x in rest
                )
                groups[int(g)] = GroupStats(
                    units, lo, hi, Completeness(expected, received, waiting, approved, returned, on_time)
                )
    return aggs, groups
