"""What `concerns` puts on the home page: concerns the user's units must answer, the overdue first; and
the complaint and denunciation cases their units hold, each with the law's clock that runs now."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from trienkhai.core.todo import Item, Section
from trienkhai.orgs.models import Membership

from . import clocks
from .models import Concern, ConcernCase
from .workflow import settle_key


def todo_sections(user, *, on: dt.date) -> list[Section]:
    # The concerns waiting on a unit where the user writes: filed there, or escalated to it.
    mine = Membership.objects.own_unit_ids(user, on=on)
    waiting = (
        Concern.objects.open()
        .plain()
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
    sections = (
        [
            Section(
                _("Ý kiến người lao động chờ trả lời"), items, _("Không có ý kiến nào chờ trả lời."), order=50
            )
        ]
        if items
        else []
    )
    cases = case_items(mine, on=on)
    if cases:
        sections.append(
            Section(_("Khiếu nại, tố cáo: thời hạn theo luật"), cases, _("Không có vụ việc nào."), order=49)
        )
    return sections


def _clock(case: ConcernCase, on: dt.date) -> str:
    due = case.next_due()
    if case.accepted_on is None:
        what, article = _("hạn thụ lý"), clocks.article(f"{case.kind}_accept")
    else:
        what, article = _("hạn giải quyết"), clocks.article(settle_key(case))
    left = (due - on).days
    when = _("quá hạn %(n)s ngày") % {"n": -left} if left < 0 else _("còn %(n)s ngày") % {"n": left}
    return f"{what}: {when} ({article})"


def case_items(mine, *, on: dt.date) -> list[Item]:
    """The open cases held by the user's units, and those past their limit where a user's unit is the
    direct superior the law turns to (Luật Khiếu nại Art. 33, Luật Tố cáo Art. 38)."""
    held = ConcernCase.objects.open().filter(unit_id__in=mine).select_related("unit")
    above = (
        ConcernCase.objects.open()
        .filter(superior_id__in=mine, superior_due__isnull=False)
        .exclude(unit_id__in=mine)
        .select_related("unit", "superior")
    )
    items = [
        Item(
            kind="concern_case",
            title=_("%(k)s: %(code)s") % {"k": c.get_kind_display(), "code": c.concern.code},
            unit_name=c.unit.name,
            url=reverse("concerns:detail", args=[c.concern_id]),
            deadline=c.next_due(),
            status=_clock(c, on),
        )
        for c in held.select_related("concern")[:30]
    ]
    items += [
        Item(
            kind="concern_case_superior",
            title=_("%(k)s quá hạn tại cấp dưới: %(code)s")
            % {"k": c.get_kind_display(), "code": c.concern.code},
            unit_name=c.superior.name if c.superior else "",
            url=reverse("concerns:detail", args=[c.concern_id]),
            deadline=c.superior_due,
            status=_("cấp trên trực tiếp xem xét (%(a)s)")
            % {
                "a": clocks.article(
                    "denunciation_superior_report" if c.is_denunciation else "complaint_second_window"
                )
            },
        )
        for c in above.select_related("concern")[:30]
    ]
    return sorted(items, key=lambda i: i.deadline or on)
