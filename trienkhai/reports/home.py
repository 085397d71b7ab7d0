"""What `reports` puts on the home page: reports due from the user's units, reports returned to them,
and reports waiting for the user's review. A fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trienkhai.core.todo import Item, Section, by_deadline
from trienkhai.orgs.models import Membership, Unit, UnitKind
from trienkhai.plans.api import received_assignments

from .models import ReportForm, Submission
from .period_names import period_name
from .queue import queue_summary

S = Submission.Status


def _item(kind: str, s: Submission, *, deadline: dt.date | None) -> Item:
    return Item(
        kind=kind,
        title=f"{s.form.title} — {s.period_label}",
        unit_name=s.unit.name,
        url=reverse("reports:submission", args=[s.pk]),
        deadline=deadline,
        status=s.get_status_display(),
        issuer=s.form.plan.owner_unit.name,
    )


def todo_sections(user, *, on: dt.date) -> list[Section]:
    own = list(Unit.objects.filter(pk__in=Membership.objects.own_unit_ids(user)).values_list("pk", "kind"))
    mine = [pk for pk, _kind in own]
    # Reports are reviewed by the level above: a user who acts only for CĐCS never has any to review.
    reviews = user.is_superuser or any(kind not in (UnitKind.GRASSROOTS, UnitKind.GUILD) for _pk, kind in own)
    assignments = list(received_assignments(user))
    forms = list(
        ReportForm.objects.filter(plan_id__in={a.plan_id for a in assignments}).select_related(
            "plan__owner_unit"
        )
    )
    existing = {
        (s.form_id, s.unit_id, s.year, s.index): s
        for s in Submission.objects.filter(form__in=forms, unit_id__in=mine).select_related(
            "form__plan__owner_unit", "unit"
        )
    }
    reports = []
    for a in assignments:
        for f in forms:
            if f.plan_id != a.plan_id:
                continue
            year, index = f.current_period(on)
            sub = existing.get((f.pk, a.unit_id, year, index))
            if sub and sub.status != S.DRAFT:
                continue
            reports.append(
                Item(
                    kind="report",
                    title=f"{f.title} — {period_name(f.period_kind, year, index)}",
                    unit_name=a.unit.name,
                    url=reverse("reports:open", args=[f.pk, a.unit_id, year, index]),
                    deadline=sub.deadline if sub else f.deadline(year, index),
                    status=sub.get_status_display() if sub else _("Chưa bắt đầu"),
                    issuer=f.plan.owner_unit.name,
                )
            )
    returned = [
        _item("returned", s, deadline=s.deadline) for s in existing.values() if s.status == S.RETURNED
    ]
    # One line per form and period (not one per report): the queue page lists the units.
    waiting = [
        Item(
            kind="review",
            title=f"{g.form.title} — {g.period_label}",
            unit_name=ngettext("%(n)d báo cáo chờ duyệt", "%(n)d báo cáo chờ duyệt", g.count)
            % {"n": g.count},
            url=reverse("reports:review_queue") + f"?bieu-mau={g.form.pk}#f{g.form.pk}-{g.year}-{g.index}",
            deadline=None,
        )
        for g in queue_summary(user)
    ]
    return [
        Section(
            _("Báo cáo cần nộp"),
            sorted(reports, key=by_deadline),
            _("Không có báo cáo nào đến hạn."),
            order=10,
        ),
        Section(
            _("Chờ tôi duyệt"),
            waiting,
            _("Không có báo cáo nào chờ duyệt."),
            order=30,
            keep_empty=reviews,
        ),
        Section(
            _("Bị trả lại"),
            sorted(returned, key=by_deadline),
            _("Không có báo cáo nào bị trả lại."),
            order=40,
            keep_empty=False,
        ),
    ]
