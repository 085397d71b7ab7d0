"""What `inspections` puts on the home page: recommendations not yet closed, on the inspected CĐCS's home
(to carry out) and on the inspecting unit's (to follow up and accept). Two queries."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from trienkhai.core.todo import Item, Section
from trienkhai.orgs.models import Membership

from .models import Recommendation

LIMIT = 20


def _item(rec: Recommendation, *, unit_name: str, issuer: str, on: dt.date) -> Item:
    status = rec.get_status_display()
    if rec.is_overdue(on):
        status = _("Quá hạn")
    return Item(
        kind="recommendation",
        title=_("Kiến nghị: %(t)s") % {"t": rec.text if len(rec.text) <= 90 else rec.text[:89] + "…"},
        unit_name=unit_name,
        url=reverse("inspections:visit", args=[rec.visit_id]) + f"#kien-nghi-{rec.pk}",
        deadline=rec.deadline,
        status=str(status),
        issuer=issuer,
    )


def todo_sections(user, *, on: dt.date) -> list[Section]:  # noqa: ANN001
    mine = Membership.objects.own_unit_ids(user, on=on)
    pending = Recommendation.objects.open().select_related("visit__unit", "visit__plan__unit")
    to_do = pending.filter(visit__unit__in=mine).order_by("deadline", "pk")[:LIMIT]
    to_follow = pending.filter(visit__plan__unit__in=mine).order_by("status", "deadline", "pk")[:LIMIT]
    sections = []
    items = [_item(r, unit_name=r.visit.unit.name, issuer=r.visit.plan.unit.name, on=on) for r in to_do]
    if items:
        sections.append(
            Section(_("Kiến nghị sau kiểm tra cần thực hiện"), items, _("Không có kiến nghị nào."), order=55)
        )
    items = [_item(r, unit_name=r.visit.unit.name, issuer="", on=on) for r in to_follow]
    if items:
        sections.append(
            Section(
                _("Kiến nghị của đoàn kiểm tra đang theo dõi"), items, _("Không có kiến nghị nào."), order=56
            )
        )
    return sections
