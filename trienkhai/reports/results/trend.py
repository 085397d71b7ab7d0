"""The trend: a subtree's figures per period or per year, for a few indicators, in one query."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from trienkhai.orgs.models import Unit

from ..models import ReportForm
from .tiers import figures
from .values import REPORTED, Agg


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
