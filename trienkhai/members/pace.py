"""How fast one user may page through personal data (Luật 91/2025/QH15, before 2026 Decree 13/2023: harvesting the register is a
breach, not a use). Counted from the access log itself (`DataAccess`): pages read in the last minute
against `MEMBER_PAGES_PER_MINUTE` (past it: a 429 page, and nothing is shown or logged), records read in
the last hour against `MEMBER_BULK_READ_RECORDS` (past it: the chair of the unit read is told, once an
hour per reader). One query per page.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from trienkhai.core.http import AuthedRequest
from trienkhai.core.names import display_name
from trienkhai.core.notify import notify
from trienkhai.orgs.models import Membership, Role, Unit, today

from .models import DataAccess

A = DataAccess.Action
READS = (A.LIST, A.VIEW)
CHAIRS = (Role.CHAIR, Role.CDCS_CHAIR)


def check_pace(request: AuthedRequest, unit: Unit) -> HttpResponse | None:
    """None when the user may read one more page of `unit`'s personal data now; else the 429 page."""
    per_minute = int(getattr(settings, "MEMBER_PAGES_PER_MINUTE", 20))
    bulk = int(getattr(settings, "MEMBER_BULK_READ_RECORDS", 500))
    now = timezone.now()
    seen = DataAccess.objects.filter(
        user=request.user, action__in=READS, at__gte=now - dt.timedelta(hours=1)
    ).aggregate(
        pages=Count("pk", filter=Q(at__gte=now - dt.timedelta(minutes=1))),
        records=Coalesce(Sum("records"), 0),
    )
    too_fast = seen["pages"] >= per_minute
    if too_fast or seen["records"] >= bulk:
        _tell_chair(request, unit, records=seen["records"], now=now)
    if too_fast:
        ctx = {"unit": unit, "per_minute": per_minute}
        return render(request, "members/slow_down.html", ctx, status=429)
    return None


def _tell_chair(request: AuthedRequest, unit: Unit, *, records: int, now: dt.datetime) -> None:
    on = today()
    chairs = Membership.objects.active_on(on).filter(unit=unit, role__in=CHAIRS)
    users = [m.user for m in chairs.select_related("user") if m.user_id != request.user.pk]
    who = display_name(request.user)
    notify(
        users=users,
        verb="member_bulk_read",
        text=(
            f"{who} đã đọc {records} bản ghi dữ liệu cá nhân đoàn viên trong một giờ qua "
            f"(sổ đoàn viên {unit.name}). Nếu không phải việc được giao, hãy kiểm tra nhật ký truy cập."
        ),
        url=reverse("members:access_log", args=[unit.pk]),
        key=f"members:bulk-read:{request.user.pk}:{unit.pk}:{timezone.localtime(now):%Y%m%d%H}",
    )
