"""The one access helper of `members`: the register, its imports and the founding of new CĐCS.

Personal data stays inside the CĐCS's tree (Luật 91/2025/QH15; Decree 13/2023 before 2026): a member is seen by the roles of the CĐCS the
member belongs to today and of the units above it, never from below or beside (404, so ids do not leak).
Changes, imports and exports need a write role there; viewers read. Every reading of personal data is
written to the access log (`log`).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from trienkhai.orgs.access import get_unit_for_user
from trienkhai.orgs.models import Unit

from .models import DataAccess, FoundingCase, Member, MemberImport


def get_register_unit(request: HttpRequest, unit_id: int, *, write: bool = False) -> Unit:
    """The unit whose register the user opens (a CĐCS, or a unit above CĐCS for its whole tree)."""
    return get_unit_for_user(request, unit_id, write=write)


def can_write(request: HttpRequest, unit: Unit) -> bool:
    return Unit.objects.in_scope(request.user, unit.pk, write=True)


def get_member_for_user(request: HttpRequest, member_id: int, *, write: bool = False) -> Member:
    """A member, reached through the CĐCS they belong to today; 404 outside that tree."""
    member = Member.objects.select_related("unit").filter(pk=member_id).first()
    if member is None or not Unit.objects.in_scope(request.user, member.unit_id, write=write):
        raise Http404("Không tìm thấy đoàn viên.")
    return member


def get_import_for_user(request: HttpRequest, import_id: int) -> MemberImport:
    """An import, only for write roles of its unit or above (it holds the uploaded personal data)."""
    job = MemberImport.objects.select_related("unit").filter(pk=import_id).first()
    if job is None or not Unit.objects.in_scope(request.user, job.unit_id, write=True):
        raise Http404("Không tìm thấy lượt nhập.")
    return job


def get_founding_for_user(request: HttpRequest, case_id: int, *, write: bool = False) -> FoundingCase:
    case = FoundingCase.objects.select_related("owner_unit", "new_unit").filter(pk=case_id).first()
    if case is None or not Unit.objects.in_scope(request.user, case.owner_unit_id, write=write):
        raise Http404("Không tìm thấy hồ sơ thành lập CĐCS.")
    return case


def log(
    request: HttpRequest, unit: Unit, action: str, *, member=None, records: int = 1, purpose: str = ""
) -> None:
    """Write one line of the personal-data access log."""
    user = request.user if request.user.is_authenticated else None
    DataAccess.objects.create(
        user=user, unit=unit, member=member, action=action, records=records, purpose=purpose[:255]
    )
