"""What `agreements` puts on the home page: agreements of the user's units that expire soon, and those
not yet sent to the provincial labour authority (Art. 77 Bộ luật Lao động 2019), with their clock; and, on a
parent union's page, its CĐCS with no periodic dialogue (Art. 63(2)(a) Bộ luật Lao động 2019) or no Hội
nghị người lao động (Art. 47 Decree 145/2020) in the year."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from trienkhai.core.todo import Item, Section
from trienkhai.orgs.models import Membership, Sector, Unit, UnitKind, UnitLink

from . import rules
from .models import CollectiveAgreement, Dialogue, WorkerConference, filing_days
from .workflow import reminder_days


def _filing_status(agreement: CollectiveAgreement, on: dt.date) -> str:
    late = agreement.filing_days_late(on)
    if late:
        return _("quá hạn %(n)s ngày (Điều 77 BLLĐ 2019)") % {"n": late}
    return _("còn %(n)s ngày (Điều 77 BLLĐ 2019)") % {"n": (agreement.filing_due - on).days}


def todo_sections(user, *, on: dt.date) -> list[Section]:
    return _agreement_sections(user, on=on) + dialogue_sections(user, on=on)


def _agreement_sections(user, *, on: dt.date) -> list[Section]:
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


# Decree 145/2020 binds employers under the Labour Code; the staff of a public-administration unit are
# mostly viên chức, whose democracy at the workplace follows other texts, so those CĐCS are not warned.
NOT_BOUND_SECTORS = (Sector.ADMINISTRATIVE,)


def dialogue_sections(user, *, on: dt.date) -> list[Section]:
    """The CĐCS directly under the user's own units with fewer periodic dialogues or Hội nghị người lao
    động this year than the law asks (both 1 a year by default: rules DIALOGUE_PERIODIC_PER_YEAR and
    WORKER_CONFERENCE_PER_YEAR). A fixed number of queries, whatever the number of CĐCS."""
    child_ids = UnitLink.objects.valid_on(on).filter(parent__in=Membership.objects.own_unit_ids(user, on=on))
    cdcs = list(
        Unit.objects.active_on(on)
        .filter(pk__in=child_ids.values("unit_id"), kind__in=[UnitKind.GRASSROOTS, UnitKind.GUILD])
        .exclude(sector__in=NOT_BOUND_SECTORS)
        .order_by("name")[:200]
    )
    if not cdcs:
        return []
    year_start, year_end = dt.date(on.year, 1, 1), dt.date(on.year, 12, 31)
    held = _counts(Dialogue.objects.filter(kind=Dialogue.Kind.PERIODIC), [u.pk for u in cdcs], year_start, on)
    conferences = _counts(WorkerConference.objects.all(), [u.pk for u in cdcs], year_start, on)
    dialogue_rule, conference_rule = rules.DIALOGUE_PERIODIC_PER_YEAR, rules.WORKER_CONFERENCE_PER_YEAR
    items = []
    for u in cdcs:
        # One line per CĐCS, naming what is missing: a federation with hundreds of CĐCS reads a list of
        # units, not twice as many lines.
        missing = []
        if held.get(u.pk, 0) < dialogue_rule.value():
            missing.append(
                _("Chưa đối thoại định kỳ năm %(y)s (%(article)s)")
                % {"y": on.year, "article": dialogue_rule.article}
            )
        if conferences.get(u.pk, 0) < conference_rule.value():
            missing.append(
                _("Chưa tổ chức hội nghị người lao động năm %(y)s (%(article)s)")
                % {"y": on.year, "article": conference_rule.article}
            )
        if missing:
            items.append(
                Item(
                    kind="dialogue_missing",
                    title=". ".join(missing),
                    unit_name=u.name,
                    url=reverse("agreements:dialogues") + f"?don-vi={u.pk}",
                    deadline=year_end,
                    status=_("còn %(n)s ngày") % {"n": (year_end - on).days},
                )
            )
    if not items:
        return []
    return [
        Section(
            _("CĐCS chưa đối thoại, chưa hội nghị người lao động trong năm"),
            items,
            _("Các CĐCS đều đã đối thoại định kỳ và tổ chức hội nghị người lao động."),
            order=62,
        )
    ]


def _counts(rows, unit_ids: list[int], start: dt.date, end: dt.date) -> dict[int, int]:
    counted = (
        rows.filter(unit_id__in=unit_ids, held_on__gte=start, held_on__lte=end)
        .values("unit_id")
        .annotate(n=Count("pk"))
    )
    return {r["unit_id"]: r["n"] for r in counted}
