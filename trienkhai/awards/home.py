"""What `awards` puts on the home page: proposals waiting for the review of the council of the user's
units, and the movements of the unions above that the user's units have not signed up for yet. A fixed
number of queries."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from trienkhai.core.todo import Item, Section
from trienkhai.orgs.models import Membership, Unit

from .models import Movement, Proposal, SignUp


def todo_sections(user, *, on: dt.date) -> list[Section]:  # noqa: ANN001
    sections = []
    waiting = (
        Proposal.objects.filter(
            council_unit__in=Unit.objects.writable_by(user).values("pk"), status=Proposal.Status.PROPOSED
        )
        .select_related("form", "recipient_unit", "council_unit", "proposer_unit")
        .order_by("pk")[:20]
    )
    items = [
        Item(
            kind="award_proposal",
            title=_("Xét đề nghị %(f)s: %(r)s") % {"f": p.form.name, "r": p.recipient_name},
            unit_name=p.council_unit.name,
            url=reverse("awards:proposal", args=[p.pk]),
            deadline=None,
            status=_("%(u)s đề nghị") % {"u": p.proposer_unit.name},
        )
        for p in waiting
    ]
    if items:
        sections.append(
            Section(_("Đề nghị khen thưởng chờ Hội đồng thi đua – khen thưởng xét"), items, "", order=70)
        )
    own = list(Membership.objects.own_unit_ids(user, on=on))
    movements = list(
        Movement.objects.filter(signup_deadline__gte=on, unit__in=Unit.objects.above_user(user))
        .select_related("unit")
        .order_by("signup_deadline", "pk")[:20]
    )
    signed = set(
        SignUp.objects.filter(movement__in=movements, unit_id__in=own).values_list("movement_id", flat=True)
    )
    items = [
        Item(
            kind="movement_signup",
            title=_("Đăng ký thi đua: %(t)s") % {"t": m.title},
            unit_name=m.unit.name,
            url=reverse("awards:movement", args=[m.pk]),
            deadline=m.signup_deadline,
            status=_("Chưa đăng ký"),  # the deadline is shown beside it ("hạn 14/12/2026")
            issuer=m.unit.name,
            today=on,
        )
        for m in movements
        if m.pk not in signed
    ]
    if items:
        sections.append(Section(_("Phong trào thi đua đang mở đăng ký"), items, "", order=71))
    return sections
