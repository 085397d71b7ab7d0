"""Criteria computed from approved reports, read through the roll-up (`reports.api.figures`).

Each CĐCS's figure is its own approved reports' figure over the year (the indicator's own roll-up rule,
e.g. the sum of the quarters' new members); its target is the `reports.Target` set for it. One roll-up
query per parent and report form: the parent's direct children are the CĐCS being scored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from trienkhai.lib.periods import periods_of, stored_index
from trienkhai.lib.vn import format_number
from trienkhai.reports.api import Agg, figures
from trienkhai.reports.models import Indicator, ReportForm, Target

from .models import Criterion, Evaluation, Method
from .scoring import ratio_points, yes_points


def _num(value: Decimal | None) -> str:
    return "—" if value is None else format_number(float(value), 0 if value == value.to_integral() else 2)


def computed_scores(
    evaluations: Sequence[Evaluation], criteria: Sequence[Criterion]
) -> dict[tuple[int, int], tuple[Decimal, str]]:
    """{(evaluation id, criterion id): (points, how they were computed)} for the computed criteria."""
    computed = [c for c in criteria if c.is_computed and c.form_id and c.indicator_code]
    if not computed or not evaluations:
        return {}
    out: dict[tuple[int, int], tuple[Decimal, str]] = {}
    year = evaluations[0].year
    forms = {f.pk: f for f in ReportForm.objects.filter(pk__in={c.form_id for c in computed})}
    indicators = {
        (i.form_id, i.code): i
        for i in Indicator.objects.filter(form_id__in=forms, code__in={c.indicator_code for c in computed})
    }
    by_parent: dict[int, list[Evaluation]] = defaultdict(list)
    for ev in evaluations:
        by_parent[ev.parent_id].append(ev)
    unit_ids = [ev.unit_id for ev in evaluations]
    for form in forms.values():
        mine = [c for c in computed if c.form_id == form.pk and (form.pk, c.indicator_code) in indicators]
        wanted = [indicators[(form.pk, c.indicator_code)] for c in mine]
        if not wanted:
            continue
        periods = periods_of(form.period_kind, year, 0)
        targets = {
            (t.unit_id, t.indicator_id): t.value
            for t in Target.objects.filter(
                indicator__in=wanted, unit_id__in=unit_ids, year=year, index=stored_index(form.period_kind, 0)
            )
        }
        for parent_evaluations in by_parent.values():
            parent = parent_evaluations[0].parent
            aggs = figures(form, parent, periods, by="bucket", indicators=wanted)
            for ev in parent_evaluations:
                for criterion in mine:
                    indicator = indicators[(form.pk, criterion.indicator_code)]
                    value = aggs.get((ev.unit_id, indicator.code), Agg()).value(indicator.aggregation)
                    if criterion.method == Method.RATIO:
                        target = targets.get((ev.unit_id, indicator.pk))
                        points = ratio_points(value, target, criterion.max_points)
                        how = f"{indicator.label}: {_num(value)} / chỉ tiêu {_num(target)}"
                    else:
                        points = yes_points(value, criterion.max_points)
                        how = f"{indicator.label}: {_num(value)}"
                    if value is None:
                        how += " (chưa có báo cáo được duyệt)"
                    out[(ev.pk, criterion.pk)] = (points, how)
    return out
