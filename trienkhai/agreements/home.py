"""What `agreements` puts on the home page: agreements of the user's units that expire soon."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from trienkhai.core.todo import Item, Section
from trienkhai.orgs.models import Unit

from .models import CollectiveAgreement
from .workflow import reminder_days


def todo_sections(user, *, on: dt.date) -> list[Section]:
    expiring = (
        CollectiveAgreement.objects.expiring(on=on, days=max(reminder_days()))
        .filter(unit__in=Unit.objects.writable_by(user))
        .select_related("unit")
        .order_by("expires_on")[:20]
    )
    items = [
        Item(
            kind="agreement",
            title=_("Thỏa ước sắp hết hạn: %(t)s") % {"t": a.title},
            unit_name=a.unit.name,
            url=reverse("agreements:detail", args=[a.pk]),
            deadline=a.expires_on,
            status=_("còn %(n)s ngày") % {"n": a.days_left(on)},
        )
        for a in expiring
    ]
    return (
        [Section(_("Thỏa ước sắp hết hạn"), items, _("Không có thỏa ước nào sắp hết hạn."), order=60)]
        if items
        else []
    )
