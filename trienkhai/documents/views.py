"""Views of `documents`: upload, the list of my documents, the review screen with its OCR progress
partial, the original file, and the registry of legal bases (list with search, detail with the chain)."""

from __future__ import annotations

from itertools import takewhile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trienkhai.core.http import AuthedRequest
from trienkhai.core.jobs import JobBox, poll
from trienkhai.core.uploads import serve_stored
from trienkhai.lib.docparse.numbers import TYPE_CODES
from trienkhai.lib.docread import UnreadableDocument, size_message
from trienkhai.lib.vn import fold
from trienkhai.orgs.models import Unit

from . import contrib
from .access import documents_for_user, get_document_for_user
from .forms import ReviewForms, UploadForm
from .models import Document, LegalBasis
from .review import posted_review, review_context, review_page
from .tasks import queue_reading
from .workflow import (
    discard_document,
    find_duplicate,
    ingest_upload,
    save_review,
    set_basis_public,
    type_name,
)

PAGE_SIZE = 50
# Undated bases (cited without a date) go last on every database (PostgreSQL puts NULL first by default).
NEWEST_FIRST = F("date").desc(nulls_last=True)


@login_required
def document_list(request: AuthedRequest) -> HttpResponse:
    documents = (
        documents_for_user(request)
        .select_related("owner_unit", "uploaded_by", "basis")
        .order_by("-uploaded_at", "-pk")
    )
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("trang"))
    links = contrib.document_links(request, page)
    for document in page:
        document.show_dead_as_failed()
        document.made_links = links.get(document.pk, [])
    return render(request, "documents/list.html", {"page": page})


@login_required
def upload(request: AuthedRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        document = _ingest(request, form)
        if document is not None:
            return redirect("documents:detail", document.pk)
    return render(
        request,
        "documents/upload.html",
        {"form": form, "max_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
        status=400 if form.errors else 200,
    )


def _ingest(request: AuthedRequest, form: UploadForm) -> Document | None:
    """Read the uploaded file into a Document; on any problem, put the message on the form and store
    nothing."""
    upload_file = form.cleaned_data["file"]
    limit = settings.UPLOAD_MAX_BYTES
    if upload_file.size > limit:  # refuse before reading 60 MB into memory
        form.add_error("file", size_message(upload_file.size, limit))
        return None
    data = upload_file.read()
    duplicate = find_duplicate(data, owner_unit=form.cleaned_data["owner_unit"])
    if duplicate is not None:
        messages.info(request, _("Tệp này đã được tải lên trước đây; đây là văn bản đã có."))
        return duplicate
    try:
        document, created = ingest_upload(
            data=data,
            filename=upload_file.name,
            owner_unit=form.cleaned_data["owner_unit"],
            user=request.user,
        )
    except UnreadableDocument as exc:
        form.add_error("file", str(exc))
        return None
    if created:
        document = queue_reading(document)
    if document.read_state == Document.ReadState.FAILED:
        # The task ran at once (no worker) and failed: nothing is kept, the message goes on the form.
        form.add_error("file", document.error)
        discard_document(document=document)
        return None
    return document


@login_required
def document_detail(request: AuthedRequest, document_id: int) -> HttpResponse:
    # A reading whose worker died shows as failed, with why.
    document = get_document_for_user(request, document_id).show_dead_as_failed()
    if document.read_state != Document.ReadState.READY:
        ctx = {**review_context(request, document, None), "box": _reading_box(document)}
        return render(request, "documents/detail.html", ctx)
    if request.method == "POST":
        posted = posted_review(request, document_id)
        if isinstance(posted, HttpResponse):
            return posted
        save_review(document=posted.document, parsed=posted.parsed, user=request.user)
        messages.success(request, _("Đã lưu kết quả rà soát."))
        return redirect("documents:detail", posted.document.pk)
    return review_page(request, document, ReviewForms(document.contract()))


def _reading_box(document: Document) -> JobBox:
    return JobBox(
        job=document,
        poll_url=reverse("documents:progress", args=[document.pk]),
        id="read-progress",
        retry_url=reverse("documents:upload"),
        done_url=reverse("documents:detail", args=[document.pk]),
    )


@login_required
def document_progress(request: AuthedRequest, document_id: int) -> HttpResponse:
    """HTMX partial polled while a file is read; asks the page to reload once the reading has ended."""
    return poll(request, _reading_box(get_document_for_user(request, document_id)))


@login_required
def document_original(request: AuthedRequest, document_id: int) -> FileResponse:
    document = get_document_for_user(request, document_id)
    if not document.original:
        raise Http404("Không còn tệp gốc.")
    return serve_stored(document.original, document.original_name, missing="Không còn tệp gốc.")


# --------------------------------------------------------------------------------------------------
# Registry of legal bases
# --------------------------------------------------------------------------------------------------

_TYPE_WORDS = sorted(((fold(name), code) for code, name in TYPE_CODES.items()), key=lambda p: -len(p[0]))


def search_bases(queryset, text: str):
    """Diacritic-insensitive search; a type name in the query ("nghi quyet 43") also matches the type
    code of numbers that do not spell it out (43-NQ/TW)."""
    query = f" {fold(text)} "
    for words, _code in _TYPE_WORDS:
        if f" {words} " in query:
            query = query.replace(f" {words} ", " ")
            codes = [c for w, c in _TYPE_WORDS if w == words]
            queryset = queryset.filter(Q(doc_type__in=codes) | Q(search_text__contains=words))
    return queryset.search(query) if query.strip() else queryset


@login_required
def basis_list(request: AuthedRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    bases = (
        LegalBasis.objects.visible_to(request.user)
        .with_implements_visible_to(request.user)
        .select_related("implements", "owner_unit")
    )
    if query:
        bases = search_bases(bases, query)
    page = Paginator(bases.order_by(NEWEST_FIRST, "number"), PAGE_SIZE).get_page(request.GET.get("trang"))
    records = contrib.record_copies(request, page)
    for basis in page:
        basis.type_name = type_name(basis.doc_type)
        basis.record = records.get(basis.pk)
    return render(request, "documents/basis_list.html", {"page": page, "query": query})


@login_required
def basis_detail(request: AuthedRequest, basis_id: int) -> HttpResponse:
    visible = LegalBasis.objects.visible_to(request.user)
    basis = get_object_or_404(visible.select_related("implements", "owner_unit"), pk=basis_id)
    visible_ids = set(visible.filter(pk__in=[b.pk for b in basis.chain_up()]).values_list("pk", flat=True))
    visible_documents = documents_for_user(request).select_related("owner_unit")
    context = {
        "basis": basis,
        "type_name": type_name(basis.doc_type),
        # The chain stops below the first basis the user may not see (another tree's own document).
        "chain": list(takewhile(lambda b: b.pk in visible_ids, basis.chain_up())),
        "below": visible.filter(implements=basis).order_by(NEWEST_FIRST, "number"),
        "can_publish": _can_publish_basis(request, basis),
        "made": contrib.basis_links(request, basis),
        "record": contrib.record_copies(request, [basis]).get(basis.pk),
        "own_documents": visible_documents.filter(basis=basis).order_by("-uploaded_at"),
        "citing": visible_documents.filter(cites=basis).order_by("-uploaded_at"),
    }
    return render(request, "documents/basis_detail.html", context)


def _can_publish_basis(request: AuthedRequest, basis: LegalBasis) -> bool:
    """Only a write role of the issuing unit makes its own document public (or private again)."""
    return basis.owner_unit_id is not None and Unit.objects.in_scope(
        request.user, basis.owner_unit_id, write=True
    )


@login_required
@require_POST
def basis_publicity(request: AuthedRequest, basis_id: int) -> HttpResponse:
    """Mark a unit's own document public for everybody, or keep it within the unit's tree again."""
    basis = get_object_or_404(LegalBasis.objects.visible_to(request.user), pk=basis_id)
    if not _can_publish_basis(request, basis):
        raise Http404("Không tìm thấy văn bản căn cứ.")
    set_basis_public(basis=basis, public=request.POST.get("public") == "1")
    if basis.is_public:
        messages.success(request, _("Văn bản đã được công khai cho mọi đơn vị."))
    else:
        messages.success(request, _("Văn bản chỉ hiển thị trong hệ thống tổ chức của đơn vị."))
    return redirect("documents:basis", basis.pk)
