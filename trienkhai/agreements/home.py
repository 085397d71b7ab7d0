"""What `agreements` puts on the home page: agreements of the user's units that expire soon, and those
not yet sent to the provincial labour authority (Art. 77 Bộ luật Lao động 2019), with their clock."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from trienkhai.core.todo import Item, Section
from trienkhai.orgs.models import Unit

from .models import CollectiveAgreement, filing_days
from .workflow import reminder_days


def _filing_status(agreement: CollectiveAgreement, on: dt.date) -> str:
    late = agreement.filing_days_late(on)
    if late:
        return _("quá hạn %(n)s ngày (Điều 77 BLLĐ 2019)") % {"n": late}
    return _("còn %(n)s ngày (Điều 77 BLLĐ 2019)") % {"n": (agreement.filing_due - on).days}


def todo_sections(user, *, on: dt.date) -> list[Section]:
    writable = Unit.objects.writable_by(user)
    expiring = (
        CollectiveAgreement.objects.expiring(on=on, days=max(reminder_days()))
        .filter(unit__in=writable)
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
    sections = (
        [Section(_("Thỏa ước sắp hết hạn"), items, _("Không có thỏa ước nào sắp hết hạn."), order=60)]
        if items
        else []
    )
    # Signed in the last year and not yet sent: an older one is a matter for the register, not a to-do.
    unfiled = (
        CollectiveAgreement.objects.filter(
            unit__in=writable, filed_on__isnull=True, signed_on__gte=on - dt.timedelta(days=365)
        )
        .select_related("unit")
        .order_by("signed_on", "pk")[:20]
    )
    filing = [
        Item(
            kind="agreement_filing",
            title=_("Gửi thỏa ước đến cơ quan chuyên môn về lao động cấp tỉnh: %(t)s") % {"t": a.title},
            unit_name=a.unit.name,
            url=reverse("agreements:detail", args=[a.pk]),
            deadline=a.signed_on + dt.timedelta(days=filing_days()),
            status=_filing_status(a, on),
        )
        for a in unfiled
    ]
    if filing:
        sections.append(
            Section(
                _("Thỏa ước chưa gửi cơ quan lao động"),
                filing,
                _("Không có thỏa ước nào chưa gửi."),
                order=61,
            )
        )
    return sections
