"""What `legalaid` puts on the home page: the open cases the user advises, and the limitation clocks
(Art. 190, 194 Bộ luật Lao động 2019) of the open disputes of the user's units."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from trienkhai.core.todo import Item, Section
from trienkhai.orgs.models import Membership

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
    sections = (
        [Section(_("Vụ việc tôi đang tư vấn"), items, _("Không có vụ việc nào."), order=70)] if items else []
    )
    return sections + _clock_sections(user, on=on)


def _clock_sections(user, *, on: dt.date) -> list[Section]:
    """Open disputes of the user's own units (or advised by the user) with the clock to watch. Two
    queries: the cases, then their stages."""
    cases = list(
        LegalCase.objects.filter(unit__in=Membership.objects.own_unit_ids(user, on=on))
        .exclude(status=LegalCase.Status.CLOSED)
        .exclude(dispute_kind="")
        .filter(discovered_on__isnull=False)
        .select_related("unit")
        .prefetch_related("stages")
        .order_by("discovered_on", "pk")[:50]
    )
    items = []
    for c in cases:
        clock = c.next_clock(on, list(c.stages.all()))
        if clock is None:
            continue
        left = clock.days_left(on)
        items.append(
            Item(
                kind="legal_limitation",
                title=_("Thời hiệu yêu cầu %(body)s: %(t)s")
                % {"body": clock.label, "t": c.get_topic_display()},
                unit_name=c.unit.name,
                url=reverse("legalaid:detail", args=[c.pk]),
                deadline=clock.deadline,
                status=(
                    _("còn %(n)s ngày (%(article)s)") % {"n": left, "article": clock.article}
                    if left >= 0
                    else _("đã hết thời hiệu %(n)s ngày (%(article)s)")
                    % {"n": -left, "article": clock.article}
                ),
                today=on,
            )
        )
    items.sort(key=lambda i: i.deadline or on)
    if not items:
        return []
    return [Section(_("Thời hiệu tranh chấp lao động"), items[:20], _("Không có vụ việc nào."), order=71)]
