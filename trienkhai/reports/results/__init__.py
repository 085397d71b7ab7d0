"""Results up the tree: the roll-up by tier and the trend (see `tiers.py` for how figures are computed).

Rooms: `values` (the value types and rows), `sql` (the one statement over the effective-dated tree),
`tiers` (the table by tier, the entry point), `trend` (figures per period), `crumbs` (the way back up).
The names below are what the rest of `reports` uses; other apps reach them through `reports.api`.
"""

from __future__ import annotations

from .crumbs import breadcrumbs
from .tiers import figures, rollup_table, structure_date
from .trend import trend
from .values import (
    CURRENT,
    REPORTED,
    STRUCTURES,
    Agg,
    Cell,
    Completeness,
    RollupRow,
    RollupTable,
    format_figure,
)

__all__ = [
    "CURRENT",
    "REPORTED",
    "STRUCTURES",
    "Agg",
    "Cell",
    "Completeness",
    "RollupRow",
    "RollupTable",
    "breadcrumbs",
    "figures",
    "format_figure",
    "rollup_table",
    "structure_date",
    "trend",
]
