"""What `inspections` puts on the home page: recommendations not yet closed, on the inspected CĐCS's home
(to carry out) and on the inspecting unit's (to follow up and accept). One query."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q
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
    pending = list(
        Recommendation.objects.open()
        .filter(Q(visit__unit__in=mine) | Q(visit__plan__unit__in=mine))
        .annotate(
            to_do=Exists(mine.filter(unit_id=OuterRef("visit__unit_id"))),
            to_follow=Exists(mine.filter(unit_id=OuterRef("visit__plan__unit_id"))),
        )
        .select_related("visit__unit", "visit__plan__unit")
        .order_by("deadline", "pk")[: 2 * LIMIT]
    )
    to_do = [r for r in pending if r.to_do][:LIMIT]
    # Answers waiting for the inspecting unit's decision come first.
    to_follow = sorted((r for r in pending if r.to_follow), key=lambda r: r.status)[:LIMIT]
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
