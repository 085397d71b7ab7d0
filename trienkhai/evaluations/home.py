"""What `evaluations` puts on the home page: a CĐCS's self-assessment to do (or to redo), and for a
parent the self-assessments waiting for its moderation. One query."""

from __future__ import annotations

import datetime as dt

from django.db.models import BooleanField, Case, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _

from trienkhai.core.todo import Item, Section
from trienkhai.orgs.models import Membership, Unit

from .models import Evaluation

S = Evaluation.Status


def todo_sections(user, *, on: dt.date) -> list[Section]:
    own = Membership.objects.own_unit_ids(user)
    mine = Q(unit_id__in=own, status=S.DRAFT)
    to_moderate = Q(status=S.SUBMITTED, parent__in=Unit.objects.writable_by(user))
    rows = list(
        Evaluation.objects.filter(mine | to_moderate)
        .annotate(
            is_mine=Case(When(mine, then=Value(True)), default=Value(False), output_field=BooleanField())
        )
        .select_related("unit", "criteria_set__owner")
        .order_by("criteria_set__due_on", "submitted_at", "unit__name")[:100]
    )
    drafts = [ev for ev in rows if ev.is_mine]
    waiting = [ev for ev in rows if not ev.is_mine]
    sections = []
    todo = [
        Item(
            kind="evaluation",
            title=_("Tự đánh giá, xếp loại CĐCS năm %(y)s") % {"y": ev.year},
            unit_name=ev.unit.name,
            url=reverse("evaluations:evaluation", args=[ev.pk]),
            deadline=ev.criteria_set.due_on,
            status=ev.get_status_display(),
            issuer=ev.criteria_set.owner.name,
            today=on,
        )
        for ev in drafts
    ]
    if todo:
        sections.append(Section(_("Tự đánh giá, xếp loại CĐCS"), todo, "", order=55))
    moderate = [
        Item(
            kind="evaluation_moderation",
            title=_("Thẩm định phiếu tự đánh giá năm %(y)s") % {"y": ev.year},
            unit_name=ev.unit.name,
            url=reverse("evaluations:moderate", args=[ev.pk]),
            deadline=None,
            status=ev.get_status_display(),
            today=on,
        )
        for ev in waiting
    ]
    if moderate:
        sections.append(Section(_("Phiếu tự đánh giá chờ thẩm định"), moderate, "", order=56))
    return sections
