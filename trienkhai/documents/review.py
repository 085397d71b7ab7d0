"""The review screen of a document, shared by every form that posts it: `documents` saves the review
itself, and an app above (plans: "Lưu thành kế hoạch") posts the same form to its own URL. Both read the
post and show the screen again with the errors through here, so no app above calls a documents view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from trienkhai.lib.docparse.schema import Document as ParsedDocument
from trienkhai.lib.vn import fold

from . import contrib
from .access import can_write_document, documents_for_user, get_document_for_user
from .forms import ReviewForms
from .models import Document
from .workflow import type_name

# The review page shows the extracted text beside the form; a long text is cut so the page stays small.
SOURCE_MAX_LINES = 3000
SOURCE_MAX_LINE_CHARS = 1000


def _source_lines(text: str) -> dict[str, Any]:
    lines = text.splitlines()
    shown = [line[:SOURCE_MAX_LINE_CHARS] for line in lines[:SOURCE_MAX_LINES]]
    return {"lines": shown, "line_count": len(lines), "lines_left": max(0, len(lines) - len(shown))}


def _known_copies(request: HttpRequest, document: Document) -> list[tuple[str, str]]:
    """(label, url) of what the system already holds under this document's number and issuer, within
    the user's reach: other uploaded copies, and what other apps made of them (contrib)."""
    parsed = document.contract()
    number, issuer = parsed["number"], fold(parsed["issuer"] or "")
    if not number:
        return []
    found: list[tuple[str, str]] = []
    copies = (
        documents_for_user(request)
        .filter(basis__number=number)
        .exclude(pk=document.pk)
        .select_related("owner_unit")
        .order_by("uploaded_at")
    )
    for other in copies[:20]:
        if fold(other.contract()["issuer"] or "") == issuer:
            label = _("Bản tải lên của %(unit)s") % {"unit": other.owner_unit.name}
            found.append((label, reverse("documents:detail", args=[other.pk])))
    found.extend((link.label, link.url) for link in contrib.known_elsewhere(request, document))
    return found


def review_context(request: HttpRequest, document: Document, forms: ReviewForms | None) -> dict[str, Any]:
    writable = can_write_document(request, document)
    parsed = document.contract()
    return {
        "known": _known_copies(request, document),
        "document": document,
        "parsed": parsed,
        "forms": forms,
        "writable": writable,
        **_source_lines(document.text or ""),
        "made": contrib.document_links(request, [document])[document.pk],
        "buttons": contrib.review_buttons(request, document) if writable else [],
        "type_name": type_name(parsed["doc_type"]),
        "changed": bool(document.parsed_original) and document.parsed_original != document.parsed,
    }


def review_page(
    request: HttpRequest, document: Document, forms: ReviewForms, *, status: int = 200
) -> HttpResponse:
    """The review screen; shown again with the errors (status 400) when a posted review is invalid."""
    return render(request, "documents/detail.html", review_context(request, document, forms), status=status)


@dataclass(frozen=True)
class ValidReview:
    """A review form posted for one document and found valid: the corrected parse, not yet stored."""

    document: Document
    parsed: ParsedDocument


def posted_review(request: HttpRequest, document_id: int) -> ValidReview | HttpResponse:
    """Read the review form posted for a document the user may write (404 otherwise, as for any
    document outside the user's units). When the form is invalid, the answer is the review screen again
    with the errors and everything the officer typed (status 400), for the view to return as it is.
    Stores nothing: saving the review is the caller's flow."""
    document = get_document_for_user(request, document_id, write=True)
    forms = ReviewForms(document.contract(), request.POST)
    if not forms.is_valid():
        return review_page(request, document, forms, status=400)
    return ValidReview(document, forms.to_parsed())
