"""Views of `issuing`: make a draft from a plan, a report board or a cascade board; edit, preview and
issue it; download the frozen .docx and .pdf; upload the signed copy and compare it with what was issued;
the register (sổ văn bản đi) and its Excel export."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from trienkhai.core.converters import parse_id
from trienkhai.core.exports import xlsx_response
from trienkhai.core.http import AuthedRequest
from trienkhai.core.redirects import Redirect, redirects
from trienkhai.lib.docread import size_message
from trienkhai.lib.periods import PER_YEAR
from trienkhai.lib.render import RenderError
from trienkhai.lib.vn import fold, format_date
from trienkhai.lib.xlsx import Sheet
from trienkhai.orgs.models import Membership, Unit, today
from trienkhai.plans.api import get_plan_for_user
from trienkhai.reports.api import get_form_for_user, get_unit_role_for_user

from . import compose, conversion, kit, workflow
from .access import (
    can_issue,
    can_see_register,
    get_batch_for_user,
    get_document_for_user,
    get_register_unit_for_user,
    issuing_units,
    require_issuer,
)
from .editing import apply_edits, blocks
from .forms import HeaderForm, ReminderForm, SignedCopyForm
from .models import OutgoingDocument, SignedCopy

State = OutgoingDocument.State


# --- Making drafts from the pages where officers work -------------------------------------------------


@login_required
@require_POST
def plan_draft(request: AuthedRequest, plan_id: int) -> HttpResponse:
    """ "Văn bản kế hoạch" on a plan's page: its draft document (or the issued one)."""
    plan = get_plan_for_user(request, plan_id)
    require_issuer(request, kit.acting_unit(plan.owner_unit, on=today()))
    document = workflow.create_plan_draft(plan=plan, user=request.user, on=today())
    return redirect("issuing:document", document.pk)


def _report_scope(request: AuthedRequest, form_id: int, unit_id: int, year: int, index: int):
    unit, _role = get_unit_role_for_user(request, unit_id)
    require_issuer(request, unit)
    form = get_form_for_user(request, form_id)
    if not (2000 <= year <= 2100 and 1 <= index <= PER_YEAR.get(form.period_kind, 1)):
        raise Http404("Không có kỳ báo cáo này.")
    return form, unit


@login_required
@require_POST
def report_draft(request: AuthedRequest, form_id: int, unit_id: int, year: int, index: int) -> HttpResponse:
    """ "Lập báo cáo kết quả" on a report board: the unit's result report (BC) for the period."""
    form, unit = _report_scope(request, form_id, unit_id, year, index)
    document = workflow.create_report_draft(
        form=form, unit=unit, year=year, index=index, user=request.user, on=today()
    )
    return redirect("issuing:document", document.pk)


def _reminder_page(request: AuthedRequest, *, late, context: dict, make) -> HttpResponse:
    form = ReminderForm(request.POST if request.method == "POST" else None, late=late)
    if request.method == "POST" and form.is_valid():
        documents, batch = make(form.chosen(), form.cleaned_data["one_each"])
        if batch is not None:
            messages.success(request, gettext("Đã lập %(n)s dự thảo công văn.") % {"n": len(documents)})
            return redirect("issuing:batch", batch.pk)
        return redirect("issuing:document", documents[0].pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "issuing/reminder.html", {**context, "form": form, "late": late}, status=status)


@login_required
def plan_reminder(request: AuthedRequest, plan_id: int) -> HttpResponse:
    """A reminder dispatch to the units that have not made their plan (from the cascade board)."""
    plan = get_plan_for_user(request, plan_id, manage=True)
    unit = require_issuer(request, kit.acting_unit(plan.owner_unit, on=today()))
    late = compose.plan_late_units(plan, on=today())

    def make(chosen, one_each):
        return workflow.create_reminder_drafts(
            unit=unit, late=chosen, user=request.user, on=today(), plan=plan, one_each=one_each
        )

    context = {
        "unit": unit,
        "subject": gettext("Đôn đốc xây dựng kế hoạch thực hiện %(p)s") % {"p": plan.number or plan.title},
        "back": reverse("plans:board", args=[plan.pk]),
    }
    return _reminder_page(request, late=late, context=context, make=make)


@login_required
def report_reminder(
    request: AuthedRequest, form_id: int, unit_id: int, year: int, index: int
) -> HttpResponse:
    """A reminder dispatch to the units below that have not submitted their report (from the report board)."""
    form, unit = _report_scope(request, form_id, unit_id, year, index)
    late = compose.report_late_units(form, unit, year, index, on=today())

    def make(chosen, one_each):
        return workflow.create_reminder_drafts(
            unit=unit,
            late=chosen,
            user=request.user,
            on=today(),
            form=form,
            year=year,
            index=index,
            one_each=one_each,
        )

    context = {
        "unit": unit,
        "subject": gettext("Đôn đốc nộp %(r)s, %(p)s")
        % {"r": form.report_name, "p": compose.period_phrase(form.period_kind, year, index)},
        "back": reverse("reports:board", args=[form.pk, unit.pk]) + f"?nam={year}&ky={index}",
    }
    return _reminder_page(request, late=late, context=context, make=make)


# --- One document: edit, preview, issue ------------------------------------------------------------------


def _document_context(request: AuthedRequest, document: OutgoingDocument, **extra) -> dict:
    editable = document.is_draft and can_issue(request.user, document.unit)
    content = extra.pop("content", document.content)
    body = blocks(content)
    for block in body:
        block.rows = min(12, max(2, len(block.text) // 85 + 1))
    header_form = extra.pop("header_form", None)
    if header_form is None and editable:
        header_form = HeaderForm(initial=HeaderForm.initial_from(content), is_dispatch=document.is_dispatch)
    return {
        "document": document,
        "content": content,
        "blocks": body,
        "header_form": header_form,
        "editable": editable,
        "can_replace": not document.is_draft and can_issue(request.user, document.unit),
        "preview_current": _preview_current(document),
        "replaced_by": OutgoingDocument.objects.filter(replaces=document).first()
        if not document.is_draft
        else None,
        "problems": extra.pop("problems", []),
        **_signed_context(request, document, extra.pop("signed_form", None)),
        "register_url": _register_url(request, document.unit_id),
        **extra,
    }


def _signed_context(request: AuthedRequest, document: OutgoingDocument, form: SignedCopyForm | None) -> dict:
    """The signed copy panel: the current copy with its comparison, earlier copies, the upload form."""
    if document.is_draft:
        return {"signed": None, "signed_history": [], "signed_form": None}
    signed = document.signed_copy
    if form is None and can_issue(request.user, document.unit):
        form = SignedCopyForm(initial={"current": document.signed_copy_id or 0})
    history = document.signed_copies.select_related("uploaded_by")
    if document.signed_copy_id is not None:  # exclude(pk=None) would keep every copy too
        history = history.exclude(pk=document.signed_copy_id)
    return {
        "signed": signed,
        "comparison": signed.comparison()
        if signed and signed.read_state == SignedCopy.ReadState.READY
        else [],
        "signed_history": list(history[:20]),
        "signed_form": form,
    }


def _register_url(request: AuthedRequest, unit_id: int) -> str:
    """The issuing unit's register when the user may open it, else the user's own register."""
    url = reverse("issuing:register")
    return f"{url}?don_vi={unit_id}" if can_see_register(request.user, unit_id) else url


def _preview_current(document: OutgoingDocument) -> bool:
    """Whether the stored PDF shows the document as it is now."""
    if document.pdf_state != OutgoingDocument.PdfState.READY or not document.pdf:
        return False
    return not document.is_draft or document.pdf_key == workflow.content_key(document.content)


@login_required
def document_view(request: AuthedRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        document = get_document_for_user(request, pk)
        return render(request, "issuing/document.html", _document_context(request, document))
    document = get_document_for_user(request, pk, write=True)
    if not document.is_draft:
        if request.POST.get("action") == "pdf":  # the frozen .docx again through LibreOffice
            workflow.queue_preview(document=document)
        else:
            messages.warning(
                request, gettext("Văn bản đã ban hành không sửa được; hãy ban hành văn bản thay thế.")
            )
        return redirect("issuing:document", document.pk)
    action = request.POST.get("action", "save")
    header_form = HeaderForm(request.POST, is_dispatch=document.is_dispatch, issuing=action == "issue")
    content = apply_edits(document.content, request.POST)
    if not header_form.is_valid():
        ctx = _document_context(request, document, header_form=header_form, content=content)
        return render(request, "issuing/document.html", ctx, status=400)
    header = header_form.header()
    if action == "issue":
        on = header.get("date") or today()
        try:
            document = workflow.issue_document(
                document=document, user=request.user, on=on, content=content, header=header
            )
        except workflow.IssueRefused as exc:
            ctx = _document_context(
                request, document, header_form=header_form, content=content, problems=exc.problems
            )
            return render(request, "issuing/document.html", ctx, status=400)
        messages.success(
            request,
            gettext("Đã ban hành văn bản số %(n)s; bản PDF đang được tạo.") % {"n": document.number},
        )
        return redirect("issuing:document", document.pk)
    document = workflow.save_draft(document=document, content=content, header=header)
    if action == "preview":
        workflow.queue_preview(document=document)
        return redirect(reverse("issuing:document", args=[document.pk]) + "#preview")
    messages.success(request, gettext("Đã lưu dự thảo."))
    return redirect("issuing:document", document.pk)


@login_required
def progress(request: AuthedRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request, pk)
    ctx = {"document": document, "preview_current": _preview_current(document)}
    return render(request, "issuing/_pdf_state.html", ctx)


@login_required
def download_docx(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """The frozen .docx of an issued document; a draft rendered as it stands now."""
    document = get_document_for_user(request, pk)
    name = f"{document.file_stem()}.docx"
    if not document.is_draft:
        return FileResponse(document.docx.open("rb"), as_attachment=True, filename=name)
    try:
        data = workflow.render_bytes(document.content)
    except RenderError as exc:
        messages.error(request, str(exc))
        return redirect("issuing:document", document.pk)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@redirects  # type: ignore[arg-type]  # core.redirects is typed for HttpResponse; a FileResponse passes
def download_pdf(request: AuthedRequest, pk: int) -> HttpResponseBase:
    document = get_document_for_user(request, pk)
    if not _preview_current(document):
        raise Redirect(
            reverse("issuing:document", args=[document.pk]),
            gettext("Bản PDF chưa sẵn sàng; bấm “Xem trước” rồi chờ trong giây lát."),
        )
    return FileResponse(document.pdf.open("rb"), as_attachment=True, filename=f"{document.file_stem()}.pdf")


@login_required
def page_image(request: AuthedRequest, pk: int, page: int) -> HttpResponseBase:
    document = get_document_for_user(request, pk)
    if not _preview_current(document) or not 1 <= page <= document.pages:
        raise Http404("Không có trang này.")
    path = f"{conversion.pages_folder(document)}/page-{page}.png"
    if not default_storage.exists(path):
        raise Http404("Không có trang này.")
    return FileResponse(default_storage.open(path, "rb"), content_type="image/png")


# --- The signed copy -----------------------------------------------------------------------------------------


@login_required
@require_POST
def signed_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    """ "Tải lên bản đã ký, đóng dấu": the document of record, read back and compared on the task worker."""
    document = get_document_for_user(request, pk, write=True)
    if document.is_draft:
        raise Http404("Không có văn bản đã ban hành này.")
    form = SignedCopyForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        limit = settings.UPLOAD_MAX_BYTES
        if upload.size > limit:  # refuse before reading a huge file into memory
            form.add_error("file", size_message(upload.size, limit))
        else:
            try:
                workflow.upload_signed_copy(
                    document=document,
                    data=upload.read(),
                    filename=upload.name,
                    user=request.user,
                    expected=form.cleaned_data["current"],
                )
            except workflow.IssueRefused as exc:
                form.add_error("file", " ".join(exc.problems))
            else:
                messages.success(
                    request, gettext("Đã lưu bản đã ký; hệ thống đang đọc lại để so với văn bản đã ban hành.")
                )
                return redirect(reverse("issuing:document", args=[document.pk]) + "#signed-copy")
    document.refresh_from_db()
    ctx = _document_context(request, document, signed_form=form)
    return render(request, "issuing/document.html", ctx, status=400)


def _signed_copy_for_user(request: AuthedRequest, pk: int, signed_id: int) -> SignedCopy:
    document = get_document_for_user(request, pk)
    signed = document.signed_copies.filter(pk=signed_id).first() if not document.is_draft else None
    if signed is None:
        raise Http404("Không có bản đã ký này.")
    signed.document = document
    return signed


@login_required
def signed_file(request: AuthedRequest, pk: int, signed_id: int) -> HttpResponseBase:
    """The signed copy as uploaded (the current one or an earlier one), for whoever sees the document."""
    signed = _signed_copy_for_user(request, pk, signed_id)
    return FileResponse(signed.file.open("rb"), as_attachment=True, filename=signed.download_name())


@login_required
def signed_progress(request: AuthedRequest, pk: int) -> HttpResponse:
    """The polled panel: reading the signed copy, then the comparison with what was issued."""
    document = get_document_for_user(request, pk)
    if document.is_draft:
        raise Http404("Không có văn bản đã ban hành này.")
    ctx = {"document": document, **_signed_context(request, document, None)}
    return render(request, "issuing/_signed_copy.html", ctx)


@login_required
@require_POST
def replace(request: AuthedRequest, pk: int) -> HttpResponse:
    """ "Ban hành văn bản thay thế": a new draft that corrects an issued document."""
    document = get_document_for_user(request, pk, write=True)
    try:
        draft = workflow.start_replacement(document=document, user=request.user)
    except workflow.IssueRefused as exc:
        messages.warning(request, " ".join(exc.problems))
        return redirect("issuing:document", document.pk)
    return redirect("issuing:document", draft.pk)


@login_required
@require_POST
def discard(request: AuthedRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request, pk, write=True)
    try:
        workflow.discard_draft(document=document)
    except workflow.IssueRefused as exc:
        messages.warning(request, " ".join(exc.problems))
        return redirect("issuing:document", document.pk)
    messages.success(request, gettext("Đã xóa dự thảo."))
    return redirect(reverse("issuing:register") + f"?don_vi={document.unit_id}")


# --- Batches -----------------------------------------------------------------------------------------------


def _batch_context(batch) -> dict:
    documents = list(batch.documents.select_related("recipient_unit").order_by("pk"))
    ready = sum(d.pdf_state == OutgoingDocument.PdfState.READY for d in documents)
    return {
        "batch": batch,
        "documents": documents,
        "drafts": sum(d.is_draft for d in documents),
        "ready": ready,
        "busy": any(d.pdf_busy for d in documents),
        "total": len(documents),
    }


@login_required
def batch_view(request: AuthedRequest, batch_id: int) -> HttpResponse:
    """A batch of reminder dispatches: issue them all (consecutive numbers), then follow the PDFs."""
    batch = get_batch_for_user(request, batch_id)
    form = None
    problems: list[str] = []
    if request.method == "POST":
        form = HeaderForm(request.POST, is_dispatch=True, issuing=True)
        if form.is_valid():
            header = {k: v for k, v in form.header().items() if k in ("date", "signer", "issuer_code")}
            try:
                issued = workflow.issue_batch(
                    batch=batch, user=request.user, on=header.get("date") or today(), header=header
                )
            except workflow.IssueRefused as exc:
                problems = exc.problems
            else:
                messages.success(
                    request,
                    gettext("Đã ban hành %(n)s công văn, số %(a)s đến %(b)s; các bản PDF đang được tạo.")
                    % {"n": len(issued), "a": issued[0].number, "b": issued[-1].number},
                )
                return redirect("issuing:batch", batch.pk)
    ctx = _batch_context(batch)
    if form is None and ctx["drafts"]:
        first = next(d for d in ctx["documents"] if d.is_draft)
        form = HeaderForm(initial=HeaderForm.initial_from(first.content), is_dispatch=True)
    status = 400 if problems or (form is not None and form.errors) else 200
    return render(request, "issuing/batch.html", {**ctx, "form": form, "problems": problems}, status=status)


@login_required
def batch_progress(request: AuthedRequest, batch_id: int) -> HttpResponse:
    batch = get_batch_for_user(request, batch_id)
    return render(request, "issuing/_batch_progress.html", _batch_context(batch))


# --- The register ----------------------------------------------------------------------------------------


def _register_rows(unit: Unit, year: int) -> list[OutgoingDocument]:
    return list(
        OutgoingDocument.objects.register_of(unit, year)
        .select_related("issued_by", "replaces", "recipient_unit")
        .prefetch_related("replaced_by")
    )


@login_required
def register(request: AuthedRequest) -> HttpResponse:
    """Sổ văn bản đi of one unit for one year, with the unit's open drafts for its issuers."""
    own = Unit.objects.filter(
        pk__in=Membership.objects.active_on(today()).filter(user=request.user).values("unit_id")
    ).order_by("name")
    unit_id = parse_id(request.GET.get("don_vi")) or own.values_list("pk", flat=True).first()
    unit = get_register_unit_for_user(request, unit_id) if unit_id else None
    try:
        year = int(request.GET.get("nam", today().year))
    except ValueError:
        year = today().year
    year = max(2000, min(year, 2100))
    rows = _register_rows(unit, year) if unit else []
    drafts = (
        OutgoingDocument.objects.filter(unit=unit, state=State.DRAFT).order_by("-updated_at")[:50]
        if unit and can_issue(request.user, unit)
        else []
    )
    context = {
        "unit": unit,
        "units": own,
        "year": year,
        "years": range(today().year, today().year - 5, -1),
        "rows": rows,
        "drafts": drafts,
        "issuing_units": issuing_units(request.user),
    }
    return render(request, "issuing/register.html", context)


@login_required
def register_xlsx(request: AuthedRequest, unit_id: int, year: int) -> HttpResponse:
    unit = get_register_unit_for_user(request, unit_id)
    rows = [
        [
            d.serial,
            d.number,
            d.issued_on,
            d.get_kind_display(),
            d.title,
            d.signer_text,
            "; ".join(d.content.get("addressees") or d.content.get("recipients") or []),
            d.get_state_display(),
            d.note,
        ]
        for d in _register_rows(unit, year)
    ]
    sheet = Sheet(
        name=f"Sổ văn bản đi {year}",
        title=f"Sổ văn bản đi năm {year} — {unit.name} (xuất ngày {format_date(today())})",
        headers=["Số TT", "Số, ký hiệu", "Ngày ban hành", "Loại", "Trích yếu", "Người ký", "Nơi nhận"]
        + ["Tình trạng", "Ghi chú"],
        rows=rows,
        widths=[8, 18, 14, 18, 70, 30, 40, 16, 40],
    )
    code = "".join(c if c.isalnum() else "-" for c in fold(unit.code))
    return xlsx_response([sheet], f"so-van-ban-di-{code}-{year}.xlsx")
