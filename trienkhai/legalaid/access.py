"""The one access helper of `legalaid`.

A case is visible only to the advisor's unit (`LegalCase.unit`) and the units above it: neither the units
beside it nor below it see the worker's dispute. A write role there may add notes, documents, court
stages, assign or close. Outside: 404.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from trienkhai.orgs.access import get_owned_for_user
from trienkhai.orgs.models import Unit

from .models import CaseDocument, LegalCase


def get_case_for_user(request: HttpRequest, case_id: int, *, write: bool = False) -> LegalCase:
    rows = LegalCase.objects.select_related("unit", "origin_unit", "advisor")
    return get_owned_for_user(request, rows, case_id, write=write, missing="Không tìm thấy vụ việc.")


def get_document_for_user(request: HttpRequest, case_id: int, document_id: int) -> CaseDocument:
    case = get_case_for_user(request, case_id)
    document = case.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404("Không tìm thấy tài liệu.")
    return document


def visible_cases(user):
    return LegalCase.objects.filter(unit__in=Unit.objects.visible_to(user))
