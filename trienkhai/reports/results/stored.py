"""Stored per-period subtree totals for the default view (as reported, approved reports only).

One `SubtreeTotal` row per (form, unit, year, period, indicator) holds the combinable parts of `Agg` of
every approved report of the unit's subtree as the tree stood at the period's end — what the engine
(`sql.py`) computes for that unit and period, kept so the results pages need not walk the subtree.
(docs/decisions/0002-stored-totals.md says why and what each path costs.)

Kept in three places, each inside the transaction that changes what the engine would read:
- approving a report adds its values to the rows of its unit and of every ancestor at the period's end;
  reopening subtracts them, and a row whose min or max came from that report is recomputed from its
  subtree (a min cannot be subtracted) — `submission_moved`, from `workflow._move`;
- restructuring (`orgs.contrib.tree_changing`, from `move_unit` and from ending a unit): the rows of the
  units whose subtree changed, below the nearest common ancestor, for every period ending on or after the
  effective date, are recomputed from the engine — `tree_changing`;
- `rebuild` recomputes every row (or a form's, or a unit's subtree's) in one statement per form, walking
  up from each approved report; `check` compares every stored row with the engine, walking down.

A fixed number of queries per approval or reopening, whatever the depth or the number of indicators.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from trienkhai.lib import periods as P
from trienkhai.orgs.models import Unit, UnitLink

from ..models import Indicator, ReportForm, Submission, SubmissionValue, SubtreeTotal
from .sql import _date, _in, _q, _seeds, _tree_sql, run
from .values import FINAL_STATES, REPORTED, A, Agg, S, to_decimal

Period = tuple[int, int]
FIELDS = ["n", "total", "low", "high", "wsum", "wden"]  # the parts a row stores


# --- reading and comparing ---------------------------------------------------------------------------


def row_agg(row: SubtreeTotal) -> Agg:
    total = to_decimal(row.total)
    return Agg(
        n=row.n,
        total=total,
        low=None if row.low is None else to_decimal(row.low),
        high=None if row.high is None else to_decimal(row.high),
        wsum=to_decimal(row.wsum),
        wden=to_decimal(row.wden),
        latest=total,
        latest_n=row.n,
    )


def _rounded(value: Decimal | None, places: int = 4) -> Decimal | None:
    # SQLite sums numbers as floats: two correct sums may differ in the 15th digit.
    return None if value is None else to_decimal(value).quantize(Decimal(1).scaleb(-places))


def same(a: Agg, b: Agg) -> bool:
    """Whether two sets of parts give the same figures by every rule (to 4 decimal places)."""
    if a.n != b.n:
        return False
    if a.n == 0:
        return True
    return all(
        _rounded(x) == _rounded(y)
        for x, y in ((a.total, b.total), (a.low, b.low), (a.high, b.high), (a.wsum, b.wsum), (a.wden, b.wden))
    )


def stored(form: ReportForm, unit_ids: Iterable[int], periods: Sequence[Period]) -> dict:
    """{(unit id, year, index, code): Agg} of the stored rows (one query)."""
    ids = list(unit_ids)
    if not ids or not periods:
        return {}
    when = Q()
    for y, i in periods:
        when |= Q(year=y, index=i)
    rows = SubtreeTotal.objects.filter(when, form=form, unit_id__in=ids)
    return {
        (u, y, i, code): _agg(n, t, lo, hi, ws, wd)
        for u, y, i, code, n, t, lo, hi, ws, wd in rows.values_list(
            "unit_id", "year", "index", "key", *FIELDS
        )
    }


def _agg(n: int, total: object, low: object, high: object, wsum: object, wden: object) -> Agg:
    t = to_decimal(total)
    return Agg(
        n=n,
        total=t,
        low=None if low is None else to_decimal(low),
        high=None if high is None else to_decimal(high),
        wsum=to_decimal(wsum),
        wden=to_decimal(wden),
        latest=t,
        latest_n=n,
    )


# --- the tree at a date -------------------------------------------------------------------------------


def _link_on_sql(alias: str) -> str:
    return f"{alias}.valid_from <= %s AND ({alias}.valid_to IS NULL OR {alias}.valid_to > %s)"


def chain(unit_id: int, on: dt.date) -> list[int]:
    """The unit and its ancestors as of `on`, nearest first (one query)."""
    link = UnitLink._meta.db_table
    sql = (
        f"WITH RECURSIVE up(id, depth) AS (SELECT CAST(%s AS BIGINT), 0 UNION ALL "
        f"SELECT l.parent_id, up.depth + 1 FROM up JOIN {link} l ON l.unit_id = up.id "
        f"AND {_link_on_sql('l')} WHERE up.depth < 64) SELECT id FROM up ORDER BY depth"
    )
    d = _date(on)
    with connection.cursor() as cursor:
        cursor.execute(sql, [unit_id, d, d])
        return [int(r[0]) for r in cursor.fetchall()]


def _subtree(unit_id: int, on: dt.date) -> set[int]:
    return set(Unit.objects.subtree_of([unit_id], on=on).values_list("pk", flat=True))


# --- the engine, for one unit's subtree -----------------------------------------------------------------


def rolling(form: ReportForm) -> list[Indicator]:
    return [i for i in form.indicators.all() if i.rolls_up]


def engine_groups(
    form: ReportForm, unit_id: int, period: Period, indicators: Sequence[Indicator]
) -> dict[tuple[int, str], Agg]:
    """The engine's figures of `unit_id`'s subtree in one period as reported, per direct child (and the
    unit's own report under its own id) — without the units merged into it, which head subtrees of
    their own. One query."""
    y, i = period
    end = P.period_end(form.period_kind, y, i)
    tree = _tree_sql([(unit_id, unit_id, end)], unit_id, REPORTED, [(y, i, end, end)])
    codes = {ind.code for ind in indicators}
    aggs = run(form, tree, indicators, 1, statuses=FINAL_STATES, by="bucket", stats=False)[0]
    return {k: v for k, v in aggs.items() if k[1] in codes}


def engine_subtree(
    form: ReportForm, unit_id: int, period: Period, indicators: Sequence[Indicator]
) -> dict[str, Agg]:
    """{code: Agg} of `unit_id`'s whole subtree in one period, by the engine (one query)."""
    out: dict[str, Agg] = {}
    for (_g, code), agg in engine_groups(form, unit_id, period, indicators).items():
        out[code] = out.get(code, Agg()) + agg
    return out


# --- keeping the rows on approval and reopening ---------------------------------------------------------


def _report_parts(sub: Submission, indicators: Sequence[Indicator]) -> dict[str, Agg]:
    """The parts one report adds to every row above it: its value of each rolling indicator."""
    wanted = {i.code for i in indicators}
    weights = {i.code: i.weight_code for i in indicators if i.aggregation == A.WEIGHTED and i.weight_code}
    numbers = dict(
        SubmissionValue.objects.filter(
            submission=sub, key__in=wanted | set(weights.values()), number__isnull=False
        ).values_list("key", "number")
    )
    parts = {}
    for code in wanted:
        if code not in numbers:
            continue
        value = to_decimal(numbers[code])
        w = numbers.get(weights[code]) if code in weights else None
        weight = None if w is None else to_decimal(w)
        parts[code] = Agg(
            n=1,
            total=value,
            low=value,
            high=value,
            wsum=value * weight if weight is not None else Decimal(0),
            wden=weight if weight is not None else Decimal(0),
        )
    return parts


def _set(row: SubtreeTotal, agg: Agg) -> None:
    row.n, row.total, row.low, row.high = agg.n, agg.total, agg.low, agg.high
    row.wsum, row.wden = agg.wsum, agg.wden


def submission_moved(sub: Submission, *, old: str) -> None:
    """Add an approved report's values to the rows above it, or take a reopened one's away."""
    approved_now, approved_before = sub.status == S.APPROVED, old == S.APPROVED
    if approved_now == approved_before:
        return
    form = sub.form
    indicators = rolling(form)
    parts = _report_parts(sub, indicators)
    if not parts:
        return
    period = (sub.year, sub.index)
    units = chain(sub.unit_id, P.period_end(form.period_kind, *period))
    key = {"form_id": form.pk, "year": sub.year, "index": sub.index}
    # Every row exists before it is locked (a concurrent approval below the same ancestors inserts the
    # same rows: one of the inserts is ignored), then the locked rows are read fresh and written back.
    SubtreeTotal.objects.bulk_create(
        [SubtreeTotal(unit_id=u, key=code, **key) for u in units for code in parts], ignore_conflicts=True
    )
    rows = list(
        SubtreeTotal.objects.select_for_update()
        .filter(unit_id__in=units, key__in=list(parts), **key)
        .order_by("pk")
    )
    again: list[SubtreeTotal] = []
    for row in rows:
        part, agg = parts[row.key], row_agg(row)
        if approved_now:
            _set(row, agg + part)
            continue
        n = agg.n - 1
        low, high = agg.low, agg.high
        if n and (low == part.low or high == part.high):
            again.append(row)  # the report held the min or the max: recomputed from the subtree below
        _set(
            row,
            Agg(
                n=n,
                total=agg.total - part.total,
                low=low if n else None,
                high=high if n else None,
                wsum=agg.wsum - part.wsum,
                wden=agg.wden - part.wden,
            ),
        )
    if again:
        # One engine query per unit whose row needs it (the report's chain: a handful).
        by_unit: dict[int, dict[str, Agg]] = {}
        for row in again:
            if row.unit_id not in by_unit:
                by_unit[row.unit_id] = engine_subtree(form, row.unit_id, period, indicators)
            _set(row, by_unit[row.unit_id].get(row.key, Agg()))
    _update([r for r in rows if r.n])
    SubtreeTotal.objects.filter(pk__in=[r.pk for r in rows if not r.n]).delete()


def _update(rows: Sequence[SubtreeTotal]) -> None:
    """Write the parts of these rows in one UPDATE … FROM (VALUES …) (`bulk_update`'s CASE per field and
    row costs more Python than the approval's every query together)."""
    if not rows:
        return
    table = SubtreeTotal._meta.db_table
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(rows))
    params: list = []
    for r in rows:
        params += [r.pk, r.n, str(r.total), _text(r.low), _text(r.high), str(r.wsum), str(r.wden)]
    # The columns of a VALUES list are column1, column2 … in both PostgreSQL and SQLite (which has no
    # column aliases for it): column1 is the id, then the parts in the order of FIELDS.
    sets = ", ".join(
        f"{_q(f)} = CAST(v.column{n + 2} AS {'INTEGER' if f == 'n' else 'NUMERIC'})"
        for n, f in enumerate(FIELDS)
    )
    sql = (
        f"UPDATE {table} SET {sets} FROM (VALUES {values}) AS v WHERE {table}.id = CAST(v.column1 AS INTEGER)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


# --- recomputing ---------------------------------------------------------------------------------------


def _forms(form: ReportForm | None) -> list[ReportForm]:
    return [form] if form is not None else list(ReportForm.objects.all())


def _periods(form: ReportForm, since: dt.date | None = None) -> list[Period]:
    """The periods of the form that have approved reports or stored rows (ending on or after `since`)."""
    found = set(
        Submission.objects.filter(form=form, status__in=FINAL_STATES).values_list("year", "index").distinct()
    ) | set(SubtreeTotal.objects.filter(form=form).values_list("year", "index").distinct())
    out = sorted(found)
    if since is not None:
        out = [p for p in out if P.period_end(form.period_kind, *p) >= since]
    return out


def _computed_sql(
    form: ReportForm, periods: Sequence[Period], indicators: Sequence[Indicator]
) -> tuple[str, list]:
    """The statement of the stored rows of every unit above (and at) an approved report: each report walks
    up its ancestors at its period's end and adds its values to each. Columns: unit, year, index, code,
    count, sum, min, max, Σ value × weight, Σ weight."""
    sub, val, link = Submission._meta.db_table, SubmissionValue._meta.db_table, UnitLink._meta.db_table
    idx = _q("index")
    codes = [i.code for i in indicators]
    weights = {i.code: i.weight_code for i in indicators if i.aggregation == A.WEIGHTED and i.weight_code}
    per = ", ".join(["(%s, %s, %s)"] * len(periods))
    per_params = [x for y, i in periods for x in (y, i, _date(P.period_end(form.period_kind, y, i)))]
    if weights:
        case = "CASE v.key " + " ".join("WHEN %s THEN %s" for _ in weights) + " END"
        weight_join = f"LEFT JOIN {val} w ON w.submission_id = s.id AND w.key = {case} "
        weight_params = [x for code, wcode in weights.items() for x in (code, wcode)]
        parts = "COALESCE(SUM(v.number * w.number), 0), COALESCE(SUM(w.number), 0)"
    else:
        weight_join, weight_params, parts = "", [], "0, 0"
    sql = (
        f"WITH RECURSIVE per(y, i, d) AS (VALUES {per}), "
        f"up(sid, uid, d, depth) AS ("
        f"SELECT s.id, s.unit_id, pe.d, 0 FROM {sub} s JOIN per pe ON s.year = pe.y AND s.{idx} = pe.i "
        f"WHERE s.form_id = %s AND s.status IN ({_in(FINAL_STATES)}) UNION ALL "
        f"SELECT up.sid, l.parent_id, up.d, up.depth + 1 FROM up JOIN {link} l ON l.unit_id = up.uid "
        f"AND l.valid_from <= up.d AND (l.valid_to IS NULL OR l.valid_to > up.d) WHERE up.depth < 64) "
        f"SELECT up.uid, s.year, s.{idx}, v.key, COUNT(v.number), SUM(v.number), MIN(v.number), "
        f"MAX(v.number), {parts} "
        f"FROM up JOIN {sub} s ON s.id = up.sid "
        f"JOIN {val} v ON v.submission_id = s.id AND v.number IS NOT NULL AND v.key IN ({_in(codes)}) "
        f"{weight_join}"
        f"GROUP BY up.uid, s.year, s.{idx}, v.key"
    )
    params = [*per_params, form.pk, *FINAL_STATES, *codes, *weight_params]
    return sql, params


def _computed(form: ReportForm, periods: Sequence[Period], indicators: Sequence[Indicator]) -> dict:
    """{(unit, year, index, code): Agg} of `_computed_sql` (one statement)."""
    if not periods or not indicators:
        return {}
    sql, params = _computed_sql(form, periods, indicators)
    out = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for uid, y, i, code, n, total, low, high, wsum, wden in cursor.fetchall():
            t = to_decimal(total)
            out[(int(uid), int(y), int(i), code)] = Agg(
                n=int(n),
                total=t,
                low=None if low is None else to_decimal(low),
                high=None if high is None else to_decimal(high),
                wsum=to_decimal(wsum),
                wden=to_decimal(wden),
                latest=t,
                latest_n=int(n),
            )
    return out


def _write(form: ReportForm, rows: dict, scope: Q) -> int:
    """Replace the stored rows of `form` within `scope` by `rows`."""
    SubtreeTotal.objects.filter(scope, form=form).delete()
    objs = []
    for (uid, y, i, code), agg in rows.items():
        if agg.n:
            obj = SubtreeTotal(form=form, unit_id=uid, year=y, index=i, key=code)
            _set(obj, agg)
            objs.append(obj)
    SubtreeTotal.objects.bulk_create(objs, batch_size=2000)
    return len(objs)


def _insert_all(form: ReportForm, periods: Sequence[Period], indicators: Sequence[Indicator]) -> int:
    """Replace every stored row of `form` in one INSERT … SELECT (the national world holds tens of millions
    of rows: they never pass through Python)."""
    SubtreeTotal.objects.filter(form=form).delete()
    if not periods or not indicators:
        return 0
    select, params = _computed_sql(form, periods, indicators)
    table = SubtreeTotal._meta.db_table
    columns = ", ".join(_q(c) for c in ["form_id", "unit_id", "year", "index", "key", *FIELDS])
    head, _sep, tail = select.partition(" SELECT up.uid,")
    # WITH … INSERT … SELECT: both PostgreSQL and SQLite take the CTEs before the INSERT.
    sql = f"{head} INSERT INTO {table} ({columns}) SELECT {int(form.pk)}, up.uid,{tail}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        written = cursor.rowcount
        if connection.vendor == "postgresql":
            # Millions of new rows: the planner's statistics of the table are stale until analysed, and the
            # pages then read one unit's rows by scanning the whole table.
            cursor.execute(f"ANALYZE {table}")
        return written


@transaction.atomic
def rebuild(*, form: ReportForm | None = None, unit: Unit | None = None) -> int:
    """Recompute the stored rows (of one form, of one unit's subtree at each period's end); how many rows
    there are now. A whole form rebuilt is read from its stored rows from now on (`reads_stored`)."""
    written = 0
    for f in _forms(form):
        periods = _periods(f)
        indicators = rolling(f)
        if unit is None:
            written += _insert_all(f, periods, indicators)
            f.totals_kept_since = timezone.now()
            ReportForm.objects.filter(pk=f.pk).update(totals_kept_since=f.totals_kept_since)
            continue
        rows = _computed(f, periods, indicators)
        for y, i in periods:
            below = _subtree(unit.pk, P.period_end(f.period_kind, y, i))
            picked = {k: v for k, v in rows.items() if k[0] in below and k[1:3] == (y, i)}
            written += _write(f, picked, Q(year=y, index=i, unit_id__in=below))
    return written


def recompute(form: ReportForm, period: Period, unit_ids: Iterable[int]) -> None:
    """Replace the stored rows of these units in one period by the engine's figures (one query each)."""
    indicators = rolling(form)
    ids = sorted(set(unit_ids))
    y, i = period
    SubtreeTotal.objects.filter(form=form, year=y, index=i, unit_id__in=ids).delete()
    objs = []
    for uid in ids:
        for code, agg in engine_subtree(form, uid, period, indicators).items():
            if agg.n:
                obj = SubtreeTotal(form=form, unit_id=uid, year=y, index=i, key=code)
                _set(obj, agg)
                objs.append(obj)
    SubtreeTotal.objects.bulk_create(objs)


# --- the check -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Drift:
    form: ReportForm
    unit_id: int
    period: Period
    code: str
    stored: Agg
    engine: Agg

    def __str__(self) -> str:
        y, i = self.period
        return (
            f"biểu mẫu #{self.form.pk} đơn vị #{self.unit_id} {i}/{y} {self.code}: lưu n={self.stored.n} "
            f"tổng={self.stored.total}, tính lại n={self.engine.n} tổng={self.engine.total}"
        )


def _tree_rows(units: set[int], on: dt.date) -> tuple[dict[int, int | None], set[int]]:
    """For the units and every ancestor of theirs at `on`: {unit: parent}; and the full set."""
    parent: dict[int, int | None] = {}
    todo = set(units)
    while todo:
        batch = list(todo - set(parent))
        if not batch:
            break
        found = dict(
            UnitLink.objects.valid_on(on).filter(unit_id__in=batch).values_list("unit_id", "parent_id")
        )
        todo = set()
        for u in batch:
            parent[u] = found.get(u)
            if found.get(u) is not None and found[u] not in parent:
                todo.add(found[u])
    return parent, set(parent)


def check(*, form: ReportForm | None = None) -> list[Drift]:
    """Every cell where the stored rows and the engine differ: of `form`, or of every form whose totals
    are read (a form never rebuilt may hold only the approvals since the upgrade, and nothing reads it).
    Walks down: one engine query per unit that has units below it (its buckets are its children's
    totals), so leaves cost nothing of their own."""
    drifts: list[Drift] = []
    forms = [form] if form is not None else list(ReportForm.objects.filter(totals_kept_since__isnull=False))
    for f in forms:
        indicators = rolling(f)
        if not indicators:
            continue
        for period in _periods(f):
            y, i = period
            end = P.period_end(f.period_kind, y, i)
            kept = {
                (u, code): Agg(n, to_decimal(t), lo, hi, to_decimal(ws), to_decimal(wd))
                for u, code, n, t, lo, hi, ws, wd in SubtreeTotal.objects.filter(
                    form=f, year=y, index=i
                ).values_list("unit_id", "key", *FIELDS)
            }
            reporting = set(
                Submission.objects.filter(form=f, year=y, index=i, status__in=FINAL_STATES).values_list(
                    "unit_id", flat=True
                )
            )
            parent, units = _tree_rows({u for u, _ in kept} | reporting, end)
            inner = {p for p in parent.values() if p is not None}
            roots = {u for u, p in parent.items() if p is None}
            engine: dict[tuple[int, str], Agg] = {}
            for u in sorted(inner | roots):
                for (g, code), agg in engine_groups(f, u, period, indicators).items():
                    engine[(u, code)] = engine.get((u, code), Agg()) + agg
                    if g != u and g not in inner:
                        engine[(g, code)] = agg  # a leaf's subtree is its bucket under its parent
            for cell in set(kept) | set(engine):
                a, b = kept.get(cell, Agg()), engine.get(cell, Agg())
                if not same(a, b):
                    drifts.append(Drift(f, cell[0], period, cell[1], a, b))
    return drifts


# --- restructuring ---------------------------------------------------------------------------------------


def tree_changing(units: Sequence[Unit], on: dt.date) -> Callable[[], None]:
    """Called by `orgs` before it changes the parent links of `units` from `on`; the function returned is
    called after, in the same transaction. The units whose subtree total changes in a period are the
    ancestors that the moved units had before and not after, or after and not before (the nearest common
    ancestor and the ones above it keep every report); their rows are recomputed from the engine for every
    period that ends on or after `on`."""
    ids = [u.pk for u in units]
    work: list[tuple[ReportForm, Period, dt.date]] = []
    for f in ReportForm.objects.all():
        for period in _periods(f, since=on):
            work.append((f, period, P.period_end(f.period_kind, *period)))
    if not work:
        return lambda: None
    dates = sorted({d for _f, _p, d in work})

    def chains() -> dict[dt.date, set[int]]:
        return {d: {a for u in ids for a in chain(u, d)[1:]} for d in dates}

    before = chains()

    def after() -> None:
        now = chains()
        for f, period, d in work:
            changed = before[d] ^ now[d]
            if changed:
                recompute(f, period, changed)

    return after


# --- reading the default view ----------------------------------------------------------------------------


def reads_stored(form: ReportForm, structure: str, include_submitted: bool) -> bool:
    """Whether a selection is the default view the stored totals answer (as reported, approved only), the
    form's totals are known to be whole (`totals_kept_since`: rebuilt, or kept since the form was made,
    and no drift found since), and the stored read is not switched off (`RESULTS_STORED_TOTALS`)."""
    return (
        bool(settings.RESULTS_STORED_TOTALS)
        and form.totals_kept_since is not None
        and structure == REPORTED
        and not include_submitted
    )


def stop_reading(forms: Iterable[ReportForm]) -> int:
    """The daily check found drift in these forms: their pages compute from the reports again until
    `rebuild_totals` is run; how many forms."""
    return ReportForm.objects.filter(pk__in={f.pk for f in forms}).update(totals_kept_since=None)


def _own_parts(form: ReportForm, unit_id: int, period: Period, indicators: Sequence[Indicator]) -> dict:
    """The unit's own approved report in one period as parts (one query)."""
    y, i = period
    sub = (
        Submission.objects.filter(form=form, unit_id=unit_id, year=y, index=i, status__in=FINAL_STATES)
        .only("pk")
        .first()
    )
    return {} if sub is None else _report_parts(sub, indicators)


def figures(
    form: ReportForm, unit: Unit, periods: Sequence[Period], *, by: str, indicators: Sequence[Indicator]
) -> dict[tuple[int, str], Agg]:
    """What the engine's `figures` returns for the default view, read from the stored rows: `by="period"`
    (the unit's row of each period, and those of the units merged into it that headed subtrees of their
    own then) or `by="bucket"` for one period (each direct child's row, each such merged unit's row, and
    the unit's own report). A fixed number of queries."""
    codes = {i.code for i in indicators}
    if not codes or not periods:
        return {}
    end = {p: P.period_end(form.period_kind, *p) for p in periods}
    by_date: dict[dt.date, list[Period]] = {}
    for p, d in end.items():
        by_date.setdefault(d, []).append(p)
    seeds = _seeds(unit, list(by_date), REPORTED)  # (unit, group, date): the unit and its merged units
    out: dict[tuple[int, str], Agg] = {}
    if by == "period":
        wanted = {(uid, p) for uid, _g, d in seeds for p in by_date[d]}
        rows = stored(form, {uid for uid, _p in wanted}, list(periods))
        for (uid, y, i, code), agg in rows.items():
            if code in codes and (uid, (y, i)) in wanted:
                g = y * 100 + i
                out[(g, code)] = out.get((g, code), Agg()) + agg
        return out
    if by != "bucket" or len(periods) != 1:
        raise ValueError(by)
    period = periods[0]
    children = set(
        UnitLink.objects.valid_on(end[period]).filter(parent_id=unit.pk).values_list("unit_id", flat=True)
    )
    groups = children | {uid for uid, _g, _d in seeds if uid != unit.pk}
    for (uid, _y, _i, code), agg in stored(form, groups, [period]).items():
        if code in codes:
            out[(uid, code)] = agg
    for code, agg in _own_parts(form, unit.pk, period, indicators).items():
        out[(unit.pk, code)] = agg
    return out
