"""What `members` puts on the home page: founding cases whose next step is due, and the applications an
upper union must decide within rules.UPPER_DECISION_WORKING_DAYS working days (where there is no CĐCS)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from trienkhai.core.todo import Item, Section
from trienkhai.orgs.models import Membership

from . import rules
from .models import AdmissionRequest, FoundingCase


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
    sections = [Section(_("Phát triển CĐCS mới"), items, _("Không có việc nào."), order=80)] if items else []
    return sections + _admission_sections(user, on=on)


def _admission_sections(user, *, on: dt.date) -> list[Section]:
    pending = (
        AdmissionRequest.objects.filter(
            unit_id__in=Membership.objects.own_unit_ids(user, on=on), outcome=AdmissionRequest.Outcome.PENDING
        )
        .select_related("unit")
        .order_by("due_on", "pk")[:20]
    )
    article = rules.UPPER_DECISION_WORKING_DAYS.article
    items = [
        Item(
            kind="admission",
            title=_("Quyết định kết nạp: %(n)s (%(w)s)") % {"n": r.full_name, "w": r.workplace},
            unit_name=r.unit.name,
            url=reverse("members:admission_request", args=[r.pk]),
            deadline=r.due_on,
            status=_("Nhận đơn %(d)s — %(a)s") % {"d": r.received_on.strftime("%d/%m/%Y"), "a": article},
        )
        for r in pending
    ]
    if not items:
        return []
    return [Section(_("Đơn gia nhập chờ quyết định"), items, _("Không có đơn nào."), order=79)]
