"""Flows of `issuing`: make drafts from the app's data, save the officer's edits, take the next number of
the register and issue, replace an issued document, queue its PDF, keep the signed copy of an issued
document and queue its reading (the task worker's side of both is in `conversion.py`).

Each flow that writes is one keyword-only function in one transaction. Issuing holds the register row's
lock from the moment it takes the number until the document, its .docx and its registry entry are
written, so two officers issuing at the same moment never get the same number, and a refusal writes
nothing.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from trienkhai.documents import api as documents_api
from trienkhai.documents.models import LegalBasis
from trienkhai.lib.content import Content
from trienkhai.lib.render import render_docx, validate_for_render
from trienkhai.lib.uploads import Policy, UploadRefused, check
from trienkhai.lib.vn import format_date
from trienkhai.orgs.models import Unit
from trienkhai.plans.models import Plan
from trienkhai.reports.models import ReportForm

from . import compose, kit
from .conversion import delete_pages
from .editing import body_is_empty, printable
from .models import Batch, OutgoingDocument, Register, SignedCopy
from .signers import Signer
from .tasks import convert_pdfs_task, read_signed_copy_task

Kind = OutgoingDocument.Kind
State = OutgoingDocument.State
PdfState = OutgoingDocument.PdfState
STALE_CONVERSION = dt.timedelta(minutes=10)
# The header fields the form writes as they are: one line of text, a list of lines.
_TEXT_KEYS: tuple[Literal["title", "place"], ...] = ("title", "place")
_LIST_KEYS: tuple[Literal["recipients", "addressees"], ...] = ("recipients", "addressees")


class IssueRefused(Exception):  # noqa: N818 - a refusal the officer reads, not a crash
    """Issuing was refused; `problems` are Vietnamese sentences naming what is missing or wrong."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = list(problems)


def content_key(content: Content) -> str:
    """A fingerprint of a document's content: which version a PDF and its page images show."""
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


# --------------------------------------------------------------------------------------------------
# Drafts
# --------------------------------------------------------------------------------------------------


def create_draft(
    *, unit: Unit, kind: str, content: Content, user: User | None, **links: Any
) -> OutgoingDocument:
    """A new draft of `kind` with `content` (start from `kit.base_content`); `links` are the
    document's own foreign keys (plan, report_form ...). Apps above issuing keep their own link to it."""
    return OutgoingDocument.objects.create(
        unit=unit,
        kind=kind,
        content=content,
        title=content.get("title") or "",
        issuer_code=content.get("filing_unit") or "",
        created_by=user,
        **links,
    )


@transaction.atomic
def create_plan_draft(*, plan: Plan, user: User | None, on: dt.date) -> OutgoingDocument:
    """The draft of the plan's document: its open draft, or the issued document when there is one (a
    correction goes through `start_replacement`)."""
    mine = OutgoingDocument.objects.filter(plan=plan, kind=Kind.PLAN)
    existing: OutgoingDocument | None = (
        mine.filter(state=State.DRAFT).first() or mine.filter(state=State.ISSUED).first()
    )
    if existing is not None:
        return existing
    unit = kit.acting_unit(plan.owner_unit, on=on)
    code = kit.default_issuer_code(unit)
    content = compose.plan_content(plan, code=code, on=on)
    return create_draft(unit=unit, kind=Kind.PLAN, content=content, user=user, plan=plan)


@transaction.atomic
def create_report_draft(
    *, form: ReportForm, unit: Unit, year: int, index: int, user: User | None, on: dt.date
) -> OutgoingDocument:
    """The draft of `unit`'s result report for the period (its open draft when there is one)."""
    existing: OutgoingDocument | None = OutgoingDocument.objects.filter(
        kind=Kind.REPORT,
        state=State.DRAFT,
        unit=unit,
        report_form=form,
        period_year=year,
        period_index=index,
    ).first()
    if existing is not None:
        return existing
    code = kit.default_issuer_code(unit)
    content = compose.report_content(form, unit, year, index, code=code, on=on)
    return create_draft(
        unit=unit,
        kind=Kind.REPORT,
        content=content,
        user=user,
        plan=form.plan,
        report_form=form,
        period_year=year,
        period_index=index,
    )


@transaction.atomic
def create_reminder_drafts(
    *,
    unit: Unit,
    late: Sequence[compose.LateUnit],
    user: User | None,
    on: dt.date,
    plan: Plan | None = None,
    form: ReportForm | None = None,
    year: int | None = None,
    index: int | None = None,
    one_each: bool = False,
) -> tuple[list[OutgoingDocument], Batch | None]:
    """Reminder dispatches from `unit` about `plan` (a plan not yet made) or `form`'s period (a report not
    yet submitted): one listing every late unit, or (`one_each`) one to each, grouped in a batch."""
    if not late:
        raise IssueRefused(["Không có đơn vị nào chậm hoặc quá hạn để đôn đốc."])
    code = kit.default_issuer_code(unit)

    def content(single: Unit | None) -> Content:
        if form is not None:
            assert year is not None and index is not None
            return compose.report_reminder_content(
                form, unit, year, index, late, code=code, on=on, single=single
            )
        assert plan is not None
        return compose.plan_reminder_content(plan, unit, late, code=code, on=on, single=single)

    links = {
        "plan": form.plan if form is not None else plan,
        "report_form": form,
        "period_year": year,
        "period_index": index,
    }
    if not one_each:
        return [create_draft(unit=unit, kind=Kind.REMINDER, content=content(None), user=user, **links)], None
    title = content(None)["title"]
    batch = Batch.objects.create(unit=unit, title=f"{title} ({len(late)} đơn vị)"[:255], created_by=user)
    documents = [
        create_draft(
            unit=unit,
            kind=Kind.REMINDER,
            content=content(u.unit),
            user=user,
            recipient_unit=u.unit,
            batch=batch,
            **links,
        )
        for u in late
    ]
    return documents, batch


def _apply_header(content: Content, header: dict[str, Any], *, kind: str) -> Content:
    """Write the form's header fields (title, place, date, code, signer, recipients …) into the content."""
    doc = copy.deepcopy(content)
    for key in _TEXT_KEYS:
        if key in header:
            doc[key] = " ".join(str(header[key] or "").split())
    if header.get("date"):
        doc["date"] = header["date"].isoformat()
    if "issuer_code" in header:
        code = "".join(str(header["issuer_code"] or "").split())
        doc["filing_unit"] = code
        if str(doc.get("number") or "/").startswith("/"):  # a draft's number follows its code
            doc["number"] = kit.draft_number(kind, code) if code else ""
    if "signer" in header:
        signer: Signer = header["signer"]
        doc["signer"] = signer.as_dict()
        doc["signer_form"] = signer.as_form()
    for list_key in _LIST_KEYS:
        if list_key in header:
            doc[list_key] = [" ".join(line.split()) for line in header[list_key] if line.strip()]
    return doc


@transaction.atomic
def save_draft(
    *, document: OutgoingDocument, content: Content, header: dict[str, Any] | None = None
) -> OutgoingDocument:
    """Store the officer's edits of a draft (body `content`, then the header fields of the form)."""
    document = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
    if not document.is_draft:
        raise IssueRefused(["Văn bản đã ban hành không sửa được; hãy ban hành văn bản thay thế."])
    content = _apply_header(content, header or {}, kind=document.kind)
    document.content = content
    document.title = content.get("title") or ""
    document.issuer_code = content.get("filing_unit") or ""
    document.save()
    return document


@transaction.atomic
def discard_draft(*, document: OutgoingDocument) -> None:
    """Delete a draft that will not be issued, with its preview files."""
    document = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
    if not document.is_draft:
        raise IssueRefused(["Văn bản đã ban hành không xóa được."])
    delete_files(document)
    document.delete()


# --------------------------------------------------------------------------------------------------
# The register and issuing
# --------------------------------------------------------------------------------------------------


def next_number(*, unit: Unit, year: int) -> int:
    """Take the next serial of `unit`'s register for `year` (01 for the first document of the year).

    Must run inside the caller's transaction: the UPDATE locks the register row until it commits, so a
    concurrent issuer waits and then reads the number after ours.
    """
    Register.objects.get_or_create(unit=unit, year=year)
    Register.objects.filter(unit=unit, year=year).update(last_number=F("last_number") + 1)
    return Register.objects.values_list("last_number", flat=True).get(unit=unit, year=year)


def problems_for_issue(document: OutgoingDocument, content: Content) -> list[str]:
    """Everything that keeps a draft from being issued, in one Vietnamese list."""
    missing = []
    form = content.get("signer_form")
    signer = Signer(**form) if form else None
    if signer is None:
        raw = content.get("signer")
        if not ((raw.get("name") if raw else None) or "").strip():
            missing.append("họ tên người ký")
        if not ((raw.get("title") if raw else None) or "").strip():
            missing.append("chức vụ người ký")
    else:
        missing += signer.missing()
    if not (content.get("filing_unit") or "").strip():
        missing.append("số, ký hiệu văn bản (ký hiệu đơn vị ban hành)")
    if not (content.get("title") or "").strip():
        missing.append("trích yếu nội dung")
    if not (content.get("date") or "").strip():
        missing.append("ngày ban hành")
    if body_is_empty(content):
        missing.append("nội dung văn bản (đang trống)")
    problems = [f"Chưa ban hành được, còn thiếu: {', '.join(missing)}."] if missing else []
    if document.kind == Kind.PLAN and document.plan is not None:
        plan = document.plan
        current = (
            OutgoingDocument.objects.filter(plan=plan, kind=Kind.PLAN, state=State.ISSUED)
            .exclude(pk=document.replaces_id)
            .first()
        )
        if current is not None:
            problems.append(
                f"Kế hoạch đã ban hành thành văn bản số {current.number}; muốn sửa, hãy ban hành văn bản thay thế."
            )
        elif (
            plan.number
            and not OutgoingDocument.objects.issued().filter(plan=plan, number=plan.number).exists()
        ):
            problems.append(
                f"Kế hoạch đã có số {plan.number} (ban hành ngoài hệ thống); chỉ tải về được, không cấp số mới."
            )
        elif plan.status != Plan.Status.PUBLISHED:
            problems.append(
                "Kế hoạch chưa ban hành trên hệ thống (hoặc đang sửa đổi); hãy ban hành kế hoạch trước."
            )
    if document.unit.valid_to is not None and document.unit.valid_to <= timezone.localdate():
        problems.append(f"{document.unit.name} đã chấm dứt hoạt động; không ban hành văn bản mới được.")
    return problems


def _implements(document: OutgoingDocument) -> LegalBasis | None:
    """What the issued document carries out in the registry: its plan's parent (a unit's own plan), or
    the plan itself (a result report, a reminder)."""
    plan = document.plan
    if plan is None:
        return None
    if document.kind == Kind.PLAN:
        if plan.parent_plan is not None and plan.parent_plan.basis_id:
            return plan.parent_plan.basis
        return plan.implements
    return plan.basis or plan.implements


def _register_basis(document: OutgoingDocument) -> LegalBasis:
    """The issued number in the registry of legal bases, owned by the issuing unit. The register is the
    authority on its own numbers: an entry of the same number (the same serial last year) is updated."""
    values: dict[str, Any] = {
        "doc_type": document.type_code,
        "issuer": document.unit.name,
        "date": document.issued_on,
        "title": document.title,
    }
    basis = documents_api.upsert_basis(document.number, owner=document.unit, **values)
    for field, value in values.items():
        setattr(basis, field, value)
    target = _implements(document)
    if target is not None and target.pk != basis.pk and all(b.pk != basis.pk for b in target.chain_up()):
        basis.implements = target
    basis.save()
    return basis


def render_bytes(content: Content) -> bytes:
    """The .docx of `content` as printed (see editing.printable), as bytes."""
    with tempfile.TemporaryDirectory(prefix="trienkhai-issue-") as tmp:
        return render_docx(printable(content), Path(tmp) / "document.docx").read_bytes()


@transaction.atomic
def issue_document(
    *,
    document: OutgoingDocument,
    user: User | None,
    on: dt.date,
    content: Content | None = None,
    header: dict[str, Any] | None = None,
    queue_pdf: bool = True,
) -> OutgoingDocument:
    """Ban hành: check the draft (with the officer's last edits), take the next number of the unit's
    register for the year of `on`, freeze the content, store it as .docx, put it in the registry of legal
    bases and queue its PDF. Raises IssueRefused, with nothing written, naming what is missing."""
    document = (
        OutgoingDocument.objects.select_for_update(of=("self",))
        .select_related("unit", "plan")
        .get(pk=document.pk)
    )
    if not document.is_draft:
        raise IssueRefused([f"Văn bản này đã ban hành, số {document.number}."])
    content = _apply_header(
        content if content is not None else document.content,
        {**(header or {}), "date": on},
        kind=document.kind,
    )
    problems = problems_for_issue(document, content)
    if problems:
        raise IssueRefused(problems)
    serial = next_number(unit=document.unit, year=on.year)
    number = f"{serial:02d}{content['number'][content['number'].index('/') :]}"
    content = printable(content)  # frozen as printed: parts left empty are not part of the document
    content["number"] = number
    content["date"] = on.isoformat()
    problems = validate_for_render(content)
    if problems:
        raise IssueRefused(problems)
    document.content = content
    document.title = content.get("title") or ""
    document.issuer_code = content.get("filing_unit") or ""
    document.state = State.ISSUED
    document.year, document.serial, document.number = on.year, serial, number
    document.issued_on, document.issued_by, document.issued_at = on, user, timezone.now()
    old_preview = document.pdf.name
    document.pdf, document.pages, document.pdf_error = None, 0, ""
    document.docx.save(f"{document.file_stem()}.docx", ContentFile(render_bytes(content)), save=False)
    try:
        document.basis = _register_basis(document)
        document.pdf_key = content_key(content)
        document.pdf_state = PdfState.QUEUED
        document.save()
        if document.kind == Kind.PLAN and document.plan is not None:
            Plan.objects.filter(pk=document.plan.pk).update(number=number, basis=document.basis)
        if document.replaces_id:
            OutgoingDocument.objects.filter(pk=document.replaces_id).update(state=State.REPLACED)
        transaction.on_commit(lambda: _forget_preview(document, old_preview))
    except BaseException:
        document.docx.delete(save=False)  # the transaction rolls back: leave no orphan file
        raise
    if queue_pdf:
        transaction.on_commit(lambda: _enqueue_pdf([document.pk]))
    return document


@transaction.atomic
def issue_batch(
    *, batch: Batch, user: User | None, on: dt.date, header: dict[str, Any] | None = None
) -> list[OutgoingDocument]:
    """Issue every draft of a batch (consecutive numbers), then convert their PDFs together on every
    core. All or nothing: one draft that cannot be issued stops the batch, with its reason."""
    drafts = list(batch.documents.filter(state=State.DRAFT).order_by("pk"))
    if not drafts:
        raise IssueRefused(["Đợt văn bản này không còn dự thảo nào để ban hành."])
    issued = []
    for draft in drafts:
        try:
            issued.append(issue_document(document=draft, user=user, on=on, header=header, queue_pdf=False))
        except IssueRefused as exc:
            who = draft.recipient_unit.name if draft.recipient_unit_id else draft.title
            raise IssueRefused([f"{who}: {p}" for p in exc.problems]) from exc
    ids = [d.pk for d in issued]
    transaction.on_commit(lambda: _enqueue_pdf(ids))
    return issued


@transaction.atomic
def start_replacement(*, document: OutgoingDocument, user: User | None) -> OutgoingDocument:
    """A correction: a new draft with the issued document's content, which replaces it once issued."""
    document = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
    if document.is_draft:
        raise IssueRefused(["Dự thảo thì sửa trực tiếp, không cần văn bản thay thế."])
    existing: OutgoingDocument | None = OutgoingDocument.objects.filter(replaces=document).first()
    if existing is not None:
        return existing
    if document.state == State.REPLACED:
        raise IssueRefused(["Văn bản này đã được thay thế."])
    content = copy.deepcopy(document.content)
    content["number"] = kit.draft_number(document.kind, document.issuer_code)
    note = f"Văn bản này thay thế văn bản số {document.number} ngày {format_date(document.issued_on)}."
    content["closing"] = [note, *(content.get("closing") or [])]
    return OutgoingDocument.objects.create(
        unit=document.unit,
        kind=document.kind,
        content=content,
        title=document.title,
        issuer_code=document.issuer_code,
        plan=document.plan,
        report_form=document.report_form,
        period_year=document.period_year,
        period_index=document.period_index,
        recipient_unit=document.recipient_unit,
        replaces=document,
        created_by=user,
    )


# --------------------------------------------------------------------------------------------------
# PDF and page images (the task worker)
# --------------------------------------------------------------------------------------------------


def _enqueue_pdf(ids: list[int]) -> None:
    convert_pdfs_task.enqueue(ids)


def queue_preview(*, document: OutgoingDocument) -> bool:
    """Ask the task worker for the draft's PDF and page images; False when the current content already
    has them (or is being converted)."""
    key = content_key(document.content)
    # A conversion that has not moved for long lost its worker (a restart): asking again queues it anew.
    stale = document.updated_at is not None and timezone.now() - document.updated_at > STALE_CONVERSION
    if document.pdf_key == key and (
        document.pdf_state == PdfState.READY or (document.pdf_busy and not stale)
    ):
        return False
    OutgoingDocument.objects.filter(pk=document.pk).update(
        pdf_key=key, pdf_state=PdfState.QUEUED, pdf_error="", updated_at=timezone.now()
    )
    document.pdf_key, document.pdf_state = key, PdfState.QUEUED
    transaction.on_commit(lambda: _enqueue_pdf([document.pk]))
    return True


def _forget_preview(document: OutgoingDocument, pdf_name: str) -> None:
    """Delete the files of the draft's last preview once the issued document no longer points at them."""
    if pdf_name:
        default_storage.delete(pdf_name)
    delete_pages(document)


def delete_files(document: OutgoingDocument) -> None:
    """Remove every stored file of a document: .docx, .pdf, page images and signed copies."""
    for field in (document.docx, document.pdf):
        if field:
            field.delete(save=False)
    for signed in document.signed_copies.all():
        signed.file.delete(save=False)
    delete_pages(document)


# --------------------------------------------------------------------------------------------------
# The signed copy (bản đã ký, đóng dấu) and reading it back (the task worker)
# --------------------------------------------------------------------------------------------------

# A scan as PDF or a photo, or the .docx the officer kept; checked by content (lib/uploads), not by name.
SIGNED_KINDS = ("pdf", "jpeg", "png", "docx")


def check_signed_copy(data: bytes, filename: str) -> str | None:
    """A Vietnamese sentence saying why the file cannot be the signed copy, or None. The project's one
    upload policy (lib.uploads): kind by content and name, no markup, pixels, real inflation, pages."""
    if not data:
        return "Tệp rỗng, không có nội dung."
    field = Policy(kinds=SIGNED_KINDS, max_bytes=settings.UPLOAD_MAX_BYTES, max_pages=settings.OCR_MAX_PAGES)
    try:
        check(data, filename, field)
    except UploadRefused as exc:
        return f"Không nhận tệp «{Path(filename).name}»: {exc}"
    return None


@transaction.atomic
def upload_signed_copy(
    *, document: OutgoingDocument, data: bytes, filename: str, user: User | None, expected: int
) -> SignedCopy:
    """Keep the signed, stamped copy of an issued document as its document of record and queue its
    reading. `expected` is the signed copy the officer saw (0 for none): when somebody uploaded another
    since, nothing is written (IssueRefused), so two officers never replace each other's copy unseen.
    An earlier copy is never overwritten; it stays in the document's history."""
    problem = check_signed_copy(data, filename)
    if problem:
        raise IssueRefused([problem])
    if document.is_draft:
        raise IssueRefused(["Dự thảo chưa có bản đã ký; hãy ban hành văn bản trước."])
    stale = [
        "Người khác vừa tải lên một bản đã ký cho văn bản này. Hãy xem bản đó rồi tải lên lại nếu cần thay."
    ]
    if (document.signed_copy_id or 0) != expected:
        raise IssueRefused(stale)
    name = Path(filename).name[:200] or "ban-da-ky"
    signed = SignedCopy(
        document=document,
        original_name=name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=user,
    )
    signed.file.save(name, ContentFile(data), save=False)
    try:
        signed.save()
        # The optimistic lock: the pointer moves only from the copy the officer saw.
        moved = OutgoingDocument.objects.filter(pk=document.pk, signed_copy=expected or None).update(
            signed_copy=signed, updated_at=timezone.now()
        )
        if not moved:
            raise IssueRefused(stale)
    except BaseException:
        signed.file.delete(save=False)  # the transaction rolls back: leave no orphan file
        raise
    document.signed_copy = signed
    transaction.on_commit(lambda: _enqueue_signed_read(signed.pk))
    return signed


def _enqueue_signed_read(signed_id: int) -> None:
    read_signed_copy_task.enqueue(signed_id)
