"""The one access helper of `issuing` (404 outside, so ids do not leak).

- Issue, edit a draft, make a document from a unit's data: a write role in the issuing unit itself, today.
  A level above reads what a unit issued but does not issue for it; a CĐCS issues only its own documents.
- See an issued document and its frozen files: the issuing unit is in the user's tree (in it, above it, or
  below it, as for the unit's entries in the registry of legal bases).
- See a draft: only who may issue it.
- Upload the signed, stamped copy of an issued document: who may issue for its unit; download it (and
  its earlier copies): who may see the issued document.
- See a unit's register (sổ văn bản đi) and export it: the unit is in the user's reach (in it or above).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from trienkhai.orgs.models import Membership, Unit, today

from .models import Batch, OutgoingDocument


def issuing_units(user: User | AnonymousUser) -> QuerySet[Unit]:
    """Units the user issues documents for: a write role there today, the unit still active."""
    if not user.is_authenticated:
        return Unit.objects.none()
    units = (
        Unit.objects.all()
        if user.is_superuser
        else Unit.objects.filter(pk__in=Membership.objects.own_unit_ids(user))
    )
    return units.active_on(today())


def can_issue(user: User | AnonymousUser, unit: Unit) -> bool:
    """Whether the user may issue for `unit` today (a write role there, the unit still active); one query,
    never raises."""
    return issuing_units(user).filter(pk=unit.pk).exists()


def require_issuer(request: HttpRequest, unit: Unit) -> Unit:
    """`unit` when the signed-in user may issue for it today, else Http404 (ids do not leak)."""
    if not can_issue(request.user, unit):
        raise Http404("Không tìm thấy đơn vị.")
    return unit


def get_document_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> OutgoingDocument:
    document = (
        OutgoingDocument.objects.select_related(
            "unit",
            "plan",
            "plan__owner_unit",
            "report_form",
            "recipient_unit",
            "replaces",
            "batch",
            "basis",
            "signed_copy",
            "signed_copy__uploaded_by",
        )
        .filter(pk=pk)
        .first()
    )
    if document is None:
        raise Http404("Không tìm thấy văn bản.")
    if write or document.is_draft:
        require_issuer(request, document.unit)
    elif not Unit.objects.related_to(request.user).filter(pk=document.unit_id).exists():
        raise Http404("Không tìm thấy văn bản.")
    return document


def get_batch_for_user(request: HttpRequest, batch_id: int) -> Batch:
    batch = Batch.objects.select_related("unit").filter(pk=batch_id).first()
    if batch is None or not can_issue(request.user, batch.unit):
        raise Http404("Không tìm thấy đợt văn bản.")
    return batch


def can_see_register(user: User | AnonymousUser, unit_id: int) -> bool:
    """Whether the user may open the unit's register: the one rule for the register page and every link
    to it (a CĐCS reads what the level above issued, but not the level above's register)."""
    return Unit.objects.in_scope(user, unit_id)


def get_register_unit_for_user(request: HttpRequest, unit_id: int) -> Unit:
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None or not can_see_register(request.user, unit.pk):
        raise Http404("Không tìm thấy đơn vị.")
    return unit
