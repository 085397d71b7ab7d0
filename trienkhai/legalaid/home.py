"""What `legalaid` puts on the home page: the open cases the user advises."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from trienkhai.core.todo import Item, Section

from .models import LegalCase


def todo_sections(user, *, on: dt.date) -> list[Section]:
    cases = (
        LegalCase.objects.filter(advisor=user)
        .exclude(status=LegalCase.Status.CLOSED)
        .select_related("unit")[:20]
    )
    items = [
        Item(
            kind="legal",
            title=_("Tư vấn pháp luật: %(t)s") % {"t": c.get_topic_display()},
            unit_name=c.unit.name,
            url=reverse("legalaid:detail", args=[c.pk]),
            deadline=None,
            status=c.get_status_display(),
        )
        for c in cases
    ]
    return (
        [Section(_("Vụ việc tôi đang tư vấn"), items, _("Không có vụ việc nào."), order=70)] if items else []
    )
