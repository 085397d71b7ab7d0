"""The reviewer's queue: reports waiting for the user's review, grouped by form and period.

A province officer may have hundreds of reports of one form and period waiting: the list says the form and
the period once, then leads each row with the unit, named as it was in the report's period and as it is
today (units are renamed, merged and dissolved: a 2026 report of a plan issued by a district dissolved in
2025 must say who carries that plan now). A fixed number of queries whatever the number of reports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q

from trienkhai.lib.periods import label
from trienkhai.orgs.models import Unit, names_on

from .access import reviewable_units
from .models import ReportForm, Submission

S = Submission.Status
WAITING = (S.SUBMITTED, S.RESUBMITTED)


@dataclass
class UnitName:
    """A unit's name in the report's period and today; `now` is empty when nothing changed."""

    then: str
    now: str = ""
    ended: dt.date | None = None
    # A unit dissolved before the period, carried on by `then`: its name and end, said beside it.
    was: str = ""
    was_ended: dt.date | None = None


def unit_name(unit: Unit, *, then: str, today: dt.date) -> UnitName:
    """`then` is the unit's name in the report's period; today it may carry another name, or have ended and passed its
    work to a successor (whose current name is the one to show)."""
    if not unit.is_active_on(today) and (successor := unit.successor) is not None:
        return UnitName(then=then, now=successor.name, ended=unit.valid_to)
    if not unit.is_active_on(today):
        return UnitName(then=then, ended=unit.valid_to)
    return UnitName(then=then, now=unit.name if unit.name != then else "")


@dataclass
class QueueRow:
    submission: Submission
    unit: UnitName


@dataclass
class QueueGroup:
    form: ReportForm
    year: int
    index: int
    period_label: str
    issuer: UnitName
    rows: list[QueueRow] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"f{self.form.pk}-{self.year}-{self.index}"


def waiting_for(user):
    """Submissions waiting for `user`'s review (a queryset; the user's own units are not reviewed by
    them)."""
    return Submission.objects.filter(status__in=WAITING, unit__in=reviewable_units(user))


def review_queue(user, *, today: dt.date, form_id: int | None = None) -> list[QueueGroup]:
    """The waiting reports grouped by (form, period), newest period first, units by name within a group.
    Two queries (the reports with their units, forms and issuers; the renames of those units)."""
    rows = waiting_for(user).select_related("unit__successor", "form__plan__owner_unit__successor")
    if form_id is not None:
        rows = rows.filter(form_id=form_id)
    submissions = list(rows.order_by("form__title", "form_id", "-year", "-index", "unit__name", "pk"))
    pairs = []
    for s in submissions:
        pairs += [(s.unit, s.period_end), (s.form.plan.owner_unit, s.period_end)]
    names = names_on(pairs)
    groups: dict[tuple[int, int, int], QueueGroup] = {}
    for s in submissions:
        key = (s.form_id, s.year, s.index)
        if key not in groups:
            issuer = s.form.plan.owner_unit
            groups[key] = QueueGroup(
                form=s.form,
                year=s.year,
                index=s.index,
                period_label=s.period_label,
                issuer=_name_in_period(issuer, names[(issuer.pk, s.period_end)], s.period_end, today),
            )
        groups[key].rows.append(
            QueueRow(
                submission=s,
                unit=unit_name(s.unit, then=names[(s.unit_id, s.period_end)], today=today),
            )
        )
    return sorted(groups.values(), key=lambda g: (-g.year, -g.index, g.form.title, g.form.pk))


def _name_in_period(unit: Unit, then: str, on: dt.date, today: dt.date) -> UnitName:
    # A plan issued by a district dissolved before the period: in that period its successor carried it.
    if not unit.is_active_on(on) and (successor := unit.successor) is not None:
        return UnitName(then=successor.name, was=then, was_ended=unit.valid_to)
    return unit_name(unit, then=then, today=today)


@dataclass
class QueueSummary:
    form: ReportForm
    year: int
    index: int
    count: int
    period_label: str


def queue_summary(user) -> list[QueueSummary]:
    """Per (form, period): how many reports wait for `user`, oldest waiting first. Two queries."""
    counts = list(
        waiting_for(user)
        .order_by()
        .values("form_id", "year", "index")
        .annotate(n=Count("pk"), first=Min("submitted_at"))
    )
    forms = ReportForm.objects.in_bulk({c["form_id"] for c in counts})
    counts.sort(key=lambda c: (c["first"] is None, c["first"]))
    return [
        QueueSummary(
            form=forms[c["form_id"]],
            year=c["year"],
            index=c["index"],
            count=c["n"],
            period_label=label(forms[c["form_id"]].period_kind, c["year"], c["index"]),
        )
        for c in counts
    ]


def next_to_review(user, submission: Submission) -> Submission | None:
    """The next report of the same form and period waiting for `user`, in the queue's order (unit name),
    wrapping round to the first; None when this was the last one."""
    same = (
        waiting_for(user)
        .filter(form_id=submission.form_id, year=submission.year, index=submission.index)
        .exclude(pk=submission.pk)
        .select_related("unit")
        .order_by("unit__name", "pk")
    )
    name = submission.unit.name
    after = same.filter(Q(unit__name__gt=name) | Q(unit__name=name, pk__gt=submission.pk)).first()
    return after or same.first()
