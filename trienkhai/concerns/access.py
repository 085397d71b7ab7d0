"""The one access helper of `concerns`.

A concern is read by the roles of its CĐCS and of every union above it (it reaches them by escalation);
a write role there may answer it. The public side knows only a box's key (to file) and a tracking code
(to follow): never an id.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from trienkhai.orgs.access import get_unit_for_user
from trienkhai.orgs.models import Unit

from .models import Concern, ConcernBox


def get_concern_for_user(request: HttpRequest, concern_id: int, *, write: bool = False) -> Concern:
    concern = Concern.objects.select_related("unit", "handler", "category").filter(pk=concern_id).first()
    if concern is None or not Unit.objects.in_scope(request.user, concern.unit_id, write=write):
        raise Http404("Không tìm thấy ý kiến.")
    return concern


def acting_unit(request: HttpRequest, concern: Concern) -> Unit:
    """The unit the user answers for: the handler when they write there, else the CĐCS."""
    if Unit.objects.in_scope(request.user, concern.handler_id, write=True):
        return concern.handler
    return concern.unit


def get_box_unit(request: HttpRequest, unit_id: int, *, write: bool = False) -> Unit:
    unit = get_unit_for_user(request, unit_id, write=write)
    if not unit.is_grassroots:
        raise Http404("Chỉ công đoàn cơ sở có hộp thư góp ý.")
    return unit


def get_public_box(key: str) -> ConcernBox:
    box = ConcernBox.objects.select_related("unit").filter(key=key, active=True).first()
    if box is None or box.unit.valid_to is not None:
        raise Http404("Không tìm thấy hộp thư góp ý.")
    return box
