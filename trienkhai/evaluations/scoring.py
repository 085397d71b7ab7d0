"""Scores and grades: criteria computed from approved reports, and classification with quotas.

`classify` is a pure function over plain rows, so the rules can be checked on hand-computed cases:

1. Band: the best grade whose lowest score the total (moderated points + the council's bonus) reaches
   (none reached: the lowest grade).
2. Conditions (`Conditions`, each the best grade a unit may get, data of the set): a mandatory criterion
   scored 0; a group of criteria below its minimum share of points; a discipline in the year.
3. Quota (`Quota`), best grade first: at most share × base / 100 units keep a grade with a `max_share`,
   where the base is all units or those graded at least "Hoàn thành tốt" (after the conditions), the
   count rounds down, to the nearest, or down but at least one, and it counts per parent or pooled over
   the whole set. The highest totals keep it. **Tie rule**: units tied on the total at the cut are
   treated alike — when keeping all of them would exceed the quota, none of them keeps the grade (the
   quota is never exceeded and equal scores never get different grades). Units that lose a grade move
   one grade down, where that grade's quota applies to them in turn.
4. Rank within the parent by total, highest first; equal totals share a rank (1, 2, 2, 4).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from trienkhai.lib.vn import format_number

from .grades import GRADE_ORDER, worse_than

ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Band:
    grade: str
    min_score: Decimal
    max_share: Decimal | None = None


@dataclass(frozen=True)
class Row:
    """One evaluation as classification sees it."""

    id: int
    parent_id: int
    total: Decimal
    mandatory_zero: bool = False
    group_shortfall: bool = False
    disciplined: bool = False


@dataclass(frozen=True)
class Conditions:
    """The best grade a unit may get under each condition (empty: the condition does not apply)."""

    mandatory_zero_cap: str = ""
    group_shortfall_cap: str = ""
    discipline_cap: str = ""


@dataclass(frozen=True)
class Quota:
    base: str = "all"  # "all" | "good"
    rounding: str = "down"  # "down" | "nearest" | "at_least_one"
    scope: str = "parent"  # "parent" | "pooled"


@dataclass
class Outcome:
    grade: str
    note: str = ""
    rank: int = 0


def _band_grade(total: Decimal, bands: Sequence[Band]) -> str:
    for band in sorted(bands, key=lambda b: b.min_score, reverse=True):
        if total >= band.min_score:
            return band.grade
    return GRADE_ORDER[-1]


def _below(grade: str) -> str:
    i = GRADE_ORDER.index(grade)
    return GRADE_ORDER[min(i + 1, len(GRADE_ORDER) - 1)]


def quota_of(share: Decimal, units: int, rounding: str = "down") -> int:
    """How many of `units` may hold a grade limited to `share` percent, rounded as the set says."""
    exact = share * units / 100
    if rounding == "nearest":
        return int(exact.to_integral_value(rounding=ROUND_HALF_UP))
    allowed = int(exact.to_integral_value(rounding="ROUND_FLOOR"))
    if rounding == "at_least_one" and units > 0 and share > 0:
        return max(1, allowed)
    return allowed


def _capped(row: Row, conditions: Conditions, grade: str) -> tuple[str, str]:
    checks = (
        (row.mandatory_zero, conditions.mandatory_zero_cap, "Có tiêu chí bắt buộc bị 0 điểm"),
        (row.group_shortfall, conditions.group_shortfall_cap, "Có nhóm tiêu chí dưới mức điểm tối thiểu"),
        (row.disciplined, conditions.discipline_cap, "Bị kỷ luật trong năm"),
    )
    notes = []
    for applies, cap, reason in checks:
        if applies and cap and worse_than(cap, grade):
            grade = cap
            notes.append(reason)
    return grade, "; ".join(notes)


def classify(
    rows: Iterable[Row],
    bands: Sequence[Band],
    *,
    mandatory_zero_cap: str = "",
    conditions: Conditions | None = None,
    quota: Quota | None = None,
) -> dict[int, Outcome]:
    """Grade, reason and rank of every row (see the module docstring for the rules)."""
    rows = list(rows)
    conditions = conditions or Conditions(mandatory_zero_cap=mandatory_zero_cap)
    quota = quota or Quota()
    out: dict[int, Outcome] = {}
    for row in rows:
        grade, note = _capped(row, conditions, _band_grade(row.total, bands))
        out[row.id] = Outcome(grade, note)
    by_parent: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        by_parent[row.parent_id].append(row)
    pools = [rows] if quota.scope == "pooled" else list(by_parent.values())
    shares = {b.grade: b.max_share for b in bands if b.max_share is not None}
    for members in pools:
        if quota.base == "good":
            base = sum(1 for r in members if not worse_than(out[r.id].grade, "tot"))
        else:
            base = len(members)
        for grade in GRADE_ORDER:
            share = shares.get(grade)
            if share is None:
                continue
            holders = sorted((r for r in members if out[r.id].grade == grade), key=lambda r: -r.total)
            allowed = quota_of(share, base, quota.rounding)
            if len(holders) <= allowed:
                continue
            keep = allowed
            cut = holders[allowed].total  # the first unit past the quota
            while keep > 0 and holders[keep - 1].total == cut:
                keep -= 1  # units tied with the first one left out are left out with it
            for row in holders[keep:]:
                out[row.id] = Outcome(
                    _below(grade),
                    f"Vượt tỷ lệ tối đa {format_number(float(share), 0)}% được xếp loại cao hơn",
                )
    for members in by_parent.values():
        ranked = sorted(members, key=lambda r: -r.total)
        for position, row in enumerate(ranked, start=1):
            previous = ranked[position - 2] if position > 1 else None
            if previous is not None and previous.total == row.total:
                out[row.id].rank = out[previous.id].rank
            else:
                out[row.id].rank = position
    return out


def ratio_points(value: Decimal | None, target: Decimal | None, max_points: Decimal) -> Decimal:
    """Points of a "result against target" criterion: value / target × max, never above max."""
    if value is None or target is None or target <= 0:
        return ZERO
    points = min(max_points, value / target * max_points)
    return max(ZERO, points).quantize(CENT, rounding=ROUND_HALF_UP)


def yes_points(value: Decimal | None, max_points: Decimal) -> Decimal:
    """Points of a yes/no criterion: full points when the figure is above 0 (Có, or a count)."""
    return max_points if value is not None and value > 0 else ZERO


def format_points(value: Decimal | None) -> str:
    """Points as Vietnamese text with only the decimals they have: 10, 7,5, 3,33; "—" for none."""
    if value is None:
        return "—"
    value = Decimal(value).quantize(CENT).normalize()
    places = max(0, -int(value.as_tuple().exponent))
    return format_number(float(value), places)
