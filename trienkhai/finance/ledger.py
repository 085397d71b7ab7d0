"""The money of a plan read from the spending records: the period's spending per line of one unit (what a
report shows and freezes), and planned against spent up the tree (per line, per task group, per source of
funds, per unit below) in either structure of the roll-up. Every figure is a `Decimal` of whole đồng; the
page, the Excel export and the issued report all read `money_rollup`, so their totals agree to the đồng.

Queries do not grow with the number of rows: the plans below a plan are read one level at a time (a
handful of levels), their lines in one query, the records summed in one, the tree in one statement
(`reports.api.unit_buckets`, the roll-up's own tree walk)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from trienkhai.lib import periods as P
from trienkhai.orgs.models import Unit, today
from trienkhai.plans.models import BudgetLine, Plan
from trienkhai.reports.api import CURRENT, REPORTED, unit_buckets

from .models import OverspendReason, Payment

ZERO = Decimal(0)
MAX_DEPTH = 6  # federation → province → commune → CĐCS, with room for a sector level or two


def family_plan_ids(plan: Plan) -> list[int]:
    """`plan` and every sub-plan below it (sub-plans of sub-plans too), one query per level."""
    ids, level = [plan.pk], [plan.pk]
    for _depth in range(MAX_DEPTH):
        level = list(Plan.objects.filter(parent_plan_id__in=level).values_list("pk", flat=True))
        if not level:
            break
        ids += level
    return ids


@dataclass
class Family:
    """The lines of a plan and of every plan below it, each traced to the top plan's line it comes from."""

    plan: Plan
    lines: dict[int, BudgetLine]
    root: dict[int, int | None]  # line id → id of the top plan's line it is drawn from (None: own funds)

    @classmethod
    def of(cls, plan: Plan) -> Family:
        lines = {
            line.pk: line
            for line in BudgetLine.objects.filter(plan_id__in=family_plan_ids(plan)).select_related(
                "plan", "plan__owner_unit", "plan__assignment_from_parent", "group"
            )
        }
        root: dict[int, int | None] = {}
        for pk, line in lines.items():
            node: BudgetLine | None = line
            for _depth in range(MAX_DEPTH + 1):
                if node is None or node.plan_id == plan.pk:
                    break
                node = lines.get(node.parent_line_id) if node.parent_line_id else None
            root[pk] = node.pk if node is not None and node.plan_id == plan.pk else None
        return cls(plan=plan, lines=lines, root=root)

    def traced(self) -> list[int]:
        """Ids of the lines that draw, directly or not, on a line of the top plan (and the top lines)."""
        return [pk for pk, top in self.root.items() if top is not None]


@dataclass
class PeriodLine:
    line: BudgetLine
    spent: Decimal


def period_spending(unit: Unit, plan: Plan, start: dt.date, end: dt.date) -> list[PeriodLine]:
    """What `unit` spent from `start` to `end` on each line of its own that draws on `plan`'s budget
    (the lines of `plan` itself when the unit owns it), read from the records; every such line is listed,
    a line with no spending as 0. Three queries plus one per plan level."""
    family = Family.of(plan)
    own = [pk for pk in family.traced() if family.lines[pk].plan.owner_unit_id == unit.pk]
    sums = dict(
        Payment.objects.filter(unit=unit, line_id__in=own)
        .between(start, end)
        .order_by()
        .values("line_id")
        .annotate(total=Sum("amount"))
        .values_list("line_id", "total")
    )
    lines = sorted((family.lines[pk] for pk in own), key=lambda b: (b.plan_id, b.position, b.pk))
    return [PeriodLine(line=b, spent=Decimal(sums.get(b.pk) or 0)) for b in lines]


@dataclass
class MoneyRow:
    """Planned against spent for one line, task group, source of funds or unit."""

    key: str
    label: str
    planned: Decimal = ZERO
    allocated: Decimal = ZERO  # given down to the units below (lines only)
    spent: Decimal = ZERO
    reasons: list[str] = field(default_factory=list)  # "Unit: reason" for each overspent line below
    unit_id: int | None = None

    @property
    def remaining(self) -> Decimal:
        return self.planned - self.spent

    @property
    def over_total(self) -> bool:
        """More spent than planned on this row as a whole."""
        return self.spent > self.planned

    @property
    def overspent(self) -> bool:
        """Shown in red: more spent than planned here, or on a line below it (whose reason is listed)."""
        return self.over_total or bool(self.reasons)


@dataclass
class MoneyRollup:
    plan: Plan
    unit: Unit
    structure: str
    until: dt.date
    lines: list[MoneyRow]
    groups: list[MoneyRow]
    sources: list[MoneyRow]
    units: list[MoneyRow]
    total: MoneyRow


def _tree_date(day: dt.date, until: dt.date) -> dt.date:
    """As reported, a record counts where its unit stood at the end of the quarter it was spent in."""
    year, index = P.period_containing("quarter", day)
    return min(P.period_end("quarter", year, index), until)


def money_rollup(
    plan: Plan,
    unit: Unit,
    *,
    structure: str = REPORTED,
    until: dt.date | None = None,
    on: dt.date | None = None,
) -> MoneyRollup:
    """Planned against spent for `plan`'s budget over `unit`'s subtree, up to `until` (today by default):
    per line of `plan`, per task group, per source of funds, and per direct child of `unit` in the
    structure asked (as reported: where each unit stood when it spent; current: today's tree, `on`).
    No permission check: pass a plan and a unit the user may see."""
    on = on or today()
    until = until or on
    if structure == CURRENT:
        # On today's tree an ended unit is read through its successor (PRG's plan through DNI after the
        # 2025 reform), which took its units, as the plan's recipients are.
        for _hop in range(8):
            if unit.is_active_on(on) or unit.successor_id is None:
                break
            unit = Unit.objects.get(pk=unit.successor_id)
    family = Family.of(plan)
    traced = family.traced()
    rows = list(
        Payment.objects.filter(line_id__in=traced, paid_on__lte=until)
        .order_by()
        .values("unit_id", "line_id", "paid_on")
        .annotate(total=Sum("amount"))
        .values_list("unit_id", "line_id", "paid_on", "total")
    )
    # As reported, an allocation counts where its unit stood when the plan was sent to it.
    sent_on: dict[int, dt.date] = {}
    for pk in traced:
        sub = family.lines[pk].plan
        assignment = getattr(sub, "assignment_from_parent", None) if sub.pk != plan.pk else None
        if assignment is not None:
            sent_on[sub.owner_unit_id] = min(assignment.sent_on, until)
    if structure == CURRENT:
        tree_dates = {on}
    else:
        tree_dates = {_tree_date(paid_on, until) for _u, _l, paid_on, _t in rows} | {until, *sent_on.values()}
    bucket = unit_buckets(unit, sorted(tree_dates), structure)

    def group_of(unit_id: int, day: dt.date) -> int | None:
        if structure == CURRENT:
            return bucket.get((unit_id, on))
        return bucket.get((unit_id, _tree_date(day, until)), bucket.get((unit_id, until)))

    spent_line: dict[int, Decimal] = defaultdict(Decimal)  # own line id → spent on it
    spent_top: dict[int, Decimal] = defaultdict(Decimal)  # top line id → spent under it
    spent_bucket: dict[int, Decimal] = defaultdict(Decimal)
    for unit_id, line_id, paid_on, total in rows:
        grp = group_of(unit_id, paid_on)
        if grp is None:
            continue  # a unit outside the subtree asked for
        amount = Decimal(total or 0)
        spent_line[line_id] += amount
        top = family.root[line_id]
        assert top is not None
        spent_top[top] += amount
        spent_bucket[grp] += amount

    reasons = {
        r.line_id: r.text for r in OverspendReason.objects.filter(line_id__in=traced).only("line_id", "text")
    }
    overspent_below: dict[int, list[str]] = defaultdict(list)  # top line → reasons of overspent lines
    bucket_planned: dict[int, Decimal] = defaultdict(Decimal)
    bucket_reasons: dict[int, list[str]] = defaultdict(list)
    allocated: dict[int, Decimal] = defaultdict(Decimal)
    for pk in traced:
        line = family.lines[pk]
        top = family.root[pk]
        assert top is not None
        owner = line.plan.owner_unit
        if line.parent_line_id == top and line.plan_id != plan.pk:
            allocated[top] += line.amount
        if spent_line[pk] > line.amount:
            text = f"{owner.name}: {reasons.get(pk) or '(chưa nêu lý do)'}"
            overspent_below[top].append(text)
        if line.plan_id != plan.pk and line.parent_line_id == top:
            grp = group_of(owner.pk, until)
            if grp is None and structure == REPORTED and owner.pk in sent_on:
                grp = bucket.get((owner.pk, sent_on[owner.pk]))
            if grp is not None:
                bucket_planned[grp] += line.amount
                if spent_line[pk] > line.amount:
                    bucket_reasons[grp].append(f"{owner.name}: {reasons.get(pk) or '(chưa nêu lý do)'}")

    top_lines = sorted((family.lines[pk] for pk in traced if family.lines[pk].plan_id == plan.pk), key=_order)
    line_rows = [
        MoneyRow(
            key=str(b.pk),
            label=b.item,
            planned=b.amount,
            allocated=allocated[b.pk],
            spent=spent_top[b.pk],
            reasons=overspent_below[b.pk],
        )
        for b in top_lines
    ]
    for row, b in zip(line_rows, top_lines, strict=True):
        if row.over_total and b.pk in reasons and not any(r.endswith(reasons[b.pk]) for r in row.reasons):
            row.reasons.insert(0, f"{plan.owner_unit.name}: {reasons[b.pk]}")

    groups: dict[str, MoneyRow] = {}
    sources: dict[str, MoneyRow] = {}
    for row, b in zip(line_rows, top_lines, strict=True):
        gkey = str(b.group_id or 0)
        g = groups.setdefault(
            gkey, MoneyRow(key=gkey, label=str(b.group) if b.group else "Chưa gắn nhóm nhiệm vụ")
        )
        s = sources.setdefault(b.source, MoneyRow(key=b.source, label=str(b.get_source_display())))
        for agg in (g, s):
            agg.planned += row.planned
            agg.allocated += row.allocated
            agg.spent += row.spent
            agg.reasons += row.reasons

    names = dict(Unit.objects.filter(pk__in=set(bucket.values())).values_list("pk", "name"))
    unit_rows = [
        MoneyRow(
            key=str(grp),
            label=names.get(grp, ""),
            planned=bucket_planned[grp],
            spent=spent_bucket[grp],
            reasons=bucket_reasons[grp],
            unit_id=grp,
        )
        for grp in sorted(set(spent_bucket) | set(bucket_planned), key=lambda g: names.get(g, ""))
        if grp != unit.pk
    ]
    total = MoneyRow(key="total", label="Tổng cộng")
    for row in line_rows:
        total.planned += row.planned
        total.allocated += row.allocated
        total.spent += row.spent
    return MoneyRollup(
        plan=plan,
        unit=unit,
        structure=structure,
        until=until,
        lines=line_rows,
        groups=list(groups.values()),
        sources=list(sources.values()),
        units=unit_rows,
        total=total,
    )


def _order(line: BudgetLine) -> tuple[int, int]:
    return (line.position, line.pk)
