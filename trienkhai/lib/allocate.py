"""Allocating a parent's target down to its children, with an explicit rule for what does not divide.

Django-free: the reports app calls it with the children's weights (equal, or proportional to a figure such
as last year's members) and stores the shares.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

# What happens to the part that does not divide into whole steps (a unit, or 0.01 with two places):
LARGEST_REMAINDER = "largest_remainder"  # one step each to the children with the largest fractions
TO_LARGEST = "to_largest"  # all of it to the child with the largest weight
KEEP = "keep"  # it stays with the parent, as the parent's own share
REMAINDER_RULES = (LARGEST_REMAINDER, TO_LARGEST, KEEP)


@dataclass(frozen=True)
class Allocation:
    shares: list[Decimal]
    kept: Decimal  # what the parent keeps for itself (only with KEEP)


def allocate(
    total: Decimal, weights: Sequence[Decimal], *, places: int = 0, remainder: str = LARGEST_REMAINDER
) -> Allocation:
    """Split `total` over children in proportion to `weights` (all zero or empty weights: equal shares),
    rounded down to `places` decimals, then place what is left by the `remainder` rule.

    The shares plus `kept` always add up to `total` exactly.

    >>> allocate(Decimal(10), [1, 1, 1]).shares
    [Decimal('4'), Decimal('3'), Decimal('3')]
    >>> allocate(Decimal(10), [1, 1, 1], remainder=KEEP)
    Allocation(shares=[Decimal('3'), Decimal('3'), Decimal('3')], kept=Decimal('1'))
    """
    if remainder not in REMAINDER_RULES:
        raise ValueError(f"unknown remainder rule: {remainder!r}")
    if total < 0:
        raise ValueError("a target cannot be negative")
    step = Decimal(1).scaleb(-places)
    total = Decimal(total).quantize(step, rounding=ROUND_FLOOR)
    if not weights:
        return Allocation(shares=[], kept=total)
    w = [max(Decimal(x), Decimal(0)) for x in weights]
    if sum(w) == 0:
        w = [Decimal(1)] * len(w)
    whole = sum(w)
    exact = [total * x / whole for x in w]
    shares = [e.quantize(step, rounding=ROUND_FLOOR) for e in exact]
    left = total - sum(shares)
    steps = int((left / step).to_integral_value())
    if remainder == KEEP:
        return Allocation(shares=shares, kept=left)
    if remainder == TO_LARGEST:
        biggest = max(range(len(w)), key=lambda i: (w[i], -i))
        shares[biggest] += left
        return Allocation(shares=shares, kept=Decimal(0).quantize(step))
    # Largest remainder (Hamilton): ties go to the larger weight, then to the earlier child.
    order = sorted(range(len(w)), key=lambda i: (-(exact[i] - shares[i]), -w[i], i))
    for i in order[:steps]:
        shares[i] += step
    return Allocation(shares=shares, kept=Decimal(0).quantize(step))
