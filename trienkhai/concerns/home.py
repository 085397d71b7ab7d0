"""What `concerns` puts on the home page: concerns the user's units must answer, the overdue first."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from trienkhai.core.todo import Item, Section
from trienkhai.orgs.models import Membership

from .models import Concern


def todo_sections(user, *, on: dt.date) -> list[Section]:
    # The concerns waiting on a unit where the user writes: filed there, or escalated to it.
    mine = Membership.objects.own_unit_ids(user, on=on)
    waiting = (
        Concern.objects.open()
        .filter(handler_id__in=mine)
        .select_related("category", "handler")
        .order_by("due_on", "pk")[:30]
    )
    items = [
        Item(
            kind="concern",
            title=_("Tâm tư, nguyện vọng: %(c)s") % {"c": c.category.name},
            unit_name=c.handler.name,
            url=reverse("concerns:detail", args=[c.pk]),
            deadline=c.due_on,
            status=c.get_status_display() + (_(" · chuyển lên từ cấp dưới") if c.level else ""),
        )
        for c in waiting
    ]
    return (
        [
            Section(
                _("Ý kiến người lao động chờ trả lời"), items, _("Không có ý kiến nào chờ trả lời."), order=50
            )
        ]
        if items
        else []
    )
