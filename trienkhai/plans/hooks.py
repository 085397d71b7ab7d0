"""What `plans` adds to the pages of `documents` (see `trienkhai.documents.contrib`): the plans made
from a document, the plans known under its number, and the "Lưu thành kế hoạch" button."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from trienkhai.documents.api import can_write_document, is_plan
from trienkhai.documents.contrib import Button, Link
from trienkhai.documents.models import Document, LegalBasis
from trienkhai.lib.vn import fold

from .models import Plan


def _link(plan: Plan, label: str, **extra: str) -> Link:
    return Link(label=label, url=reverse("plans:detail", args=[plan.pk]), **extra)


def document_links(request: HttpRequest, documents: list[Document]) -> dict[int, list[Link]]:
    ordered = Plan.objects.order_by("pk")
    by_document = Document.objects.filter(pk__in=[d.pk for d in documents]).prefetch_related(
        Prefetch("plans", queryset=ordered)
    )
    return {
        d.pk: [_link(p, p.title, detail=p.get_status_display(), id="plan-link") for p in d.plans.all()]
        for d in by_document
    }


def known_elsewhere(request: HttpRequest, document: Document) -> list[Link]:
    """Plans of the same number and issuer as the document, not made from it."""
    parsed = document.contract()
    number, issuer = parsed["number"], fold(parsed["issuer"] or "")
    if not number:
        return []
    plans = Plan.objects.visible_to(request.user).filter(number=number).exclude(document=document)
    found = []
    for plan in plans.select_related("owner_unit", "document").order_by("pk")[:20]:
        printed = (plan.document.contract()).get("issuer") if plan.document else None
        if fold(printed or plan.owner_unit.name) == issuer:
            label = _("Kế hoạch %(number)s của %(unit)s") % {"number": number, "unit": plan.owner_unit.name}
            found.append(_link(plan, label))
    return found


def review_buttons(request: HttpRequest, document: Document) -> list[Button]:
    if not is_plan(document.contract()) or not can_write_document(request, document):
        return []
    label = _("Lưu và mở kế hoạch") if document.plans.exists() else _("Lưu thành kế hoạch")
    url = reverse("plans:from_document", args=[document.pk])
    return [Button(label=label, formaction=url, id="save-plan", icon="bi-list-check")]


def basis_links(request: HttpRequest, basis: LegalBasis) -> list[tuple[str, Link]]:
    plans = Plan.objects.visible_to(request.user).select_related("owner_unit").order_by("-issued_on", "-pk")
    out = []
    for p in plans.filter(implements=basis):
        label = f"{p.number} {p.title[:80]}".strip()
        out.append(
            ("below", _link(p, label, detail=f"{p.owner_unit.name}, {p.get_status_display().lower()}"))
        )
    for p in plans.filter(basis=basis):
        out.append(("own", _link(p, p.title[:80], detail=p.get_status_display().lower(), id="own-plan-link")))
    return out
