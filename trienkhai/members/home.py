"""What `members` puts on the home page: founding cases whose next step is due."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from trienkhai.core.todo import Item, Section
from trienkhai.orgs.models import Membership

from .models import FoundingCase


def todo_sections(user, *, on: dt.date) -> list[Section]:
    due = (
        FoundingCase.objects.filter(owner_unit_id__in=Membership.objects.own_unit_ids(user, on=on))
        .exclude(stage__in=[FoundingCase.Stage.FOUNDED, FoundingCase.Stage.STOPPED])
        .filter(next_step_on__isnull=False, next_step_on__lte=on + dt.timedelta(days=14))
        .select_related("owner_unit")
        .order_by("next_step_on")[:20]
    )
    items = [
        Item(
            kind="founding",
            title=_("Vận động thành lập CĐCS: %(e)s — %(s)s") % {"e": c.enterprise, "s": c.next_step},
            unit_name=c.owner_unit.name,
            url=reverse("members:founding", args=[c.pk]),
            deadline=c.next_step_on,
            status=c.get_stage_display(),
        )
        for c in due
    ]
    return [Section(_("Phát triển CĐCS mới"), items, _("Không có việc nào."), order=80)] if items else []
