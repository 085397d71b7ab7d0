"""Scores and grades: criteria computed from approved reports, and classification with quotas.

`classify` is a pure function over plain rows, so the rules can be checked on hand-computed cases:

1. Band: the best grade whose lowest score the total reaches (none reached: the lowest grade).
2. Condition: a unit with a mandatory criterion scored 0 gets at most the set's `mandatory_zero_cap`.
3. Quota, per parent, best grade first: at most floor(share × units of the parent / 100) units keep a
   grade with a `max_share`; the highest totals keep it. **Tie rule**: units tied on the total at the cut
   are treated alike — when keeping all of them would exceed the quota, none of them keeps the grade (the
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


def quota_of(share: Decimal, units: int) -> int:
    """How many of `units` may hold a grade limited to `share` percent: rounded down."""
    return int((share * units / 100).to_integral_value(rounding="ROUND_FLOOR"))


def classify(
    rows: Iterable[Row], bands: Sequence[Band], *, mandatory_zero_cap: str = ""
) -> dict[int, Outcome]:
    """Grade, reason and rank of every row (see the module docstring for the rules)."""
    rows = list(rows)
    out: dict[int, Outcome] = {}
    for row in rows:
        grade = _band_grade(row.total, bands)
        note = ""
        if row.mandatory_zero and mandatory_zero_cap and worse_than(mandatory_zero_cap, grade):
            grade, note = mandatory_zero_cap, "Có tiêu chí bắt buộc bị 0 điểm"
        out[row.id] = Outcome(grade, note)
    by_parent: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        by_parent[row.parent_id].append(row)
    shares = {b.grade: b.max_share for b in bands if b.max_share is not None}
    for members in by_parent.values():
        for grade in GRADE_ORDER:
            share = shares.get(grade)
            if share is None:
                continue
            holders = sorted((r for r in members if out[r.id].grade == grade), key=lambda r: -r.total)
            allowed = quota_of(share, len(members))
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
