"""The one access helper of `documents`. An uploaded document belongs to its owner unit: it is reached
through that unit's scope (404 outside, so ids do not leak). The registry of legal bases is public
knowledge (resolutions, plans, decisions) and open to every logged-in user.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from trienkhai.orgs.models import Unit

from .models import Document


def documents_for_user(request: HttpRequest, *, write: bool = False):
    user = request.user
    units = Unit.objects.writable_by(user) if write else Unit.objects.visible_to(user)
    return Document.objects.filter(owner_unit__in=units)


def get_document_for_user(request: HttpRequest, document_id: int, *, write: bool = False) -> Document:
    document = (
        documents_for_user(request, write=write)
        .filter(pk=document_id)
        .select_related("owner_unit", "uploaded_by", "basis")
        .first()
    )
    if document is None:
        raise Http404("Không tìm thấy văn bản.")
    return document


def can_write_document(request: HttpRequest, document: Document) -> bool:
    """Whether the user holds a write role over the document's owner unit (one query)."""
    return Unit.objects.writable_by(request.user).filter(pk=document.owner_unit_id).exists()
