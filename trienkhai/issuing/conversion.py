"""The task worker's side of `issuing`: convert documents to PDF and page images, and read the signed copy
of an issued document back. `tasks.py` registers these as background tasks; `workflow.py` queues them.
Nothing here queues anything, so the flows and the tasks do not import each other.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from trienkhai.documents import api as documents_api
from trienkhai.lib.office import convert_many, page_images
from trienkhai.lib.render import RenderError, docx_to_pdf, render_docx

from .editing import printable
from .models import OutgoingDocument, SignedCopy

PdfState = OutgoingDocument.PdfState
PREVIEW_DPI = 80


def pages_folder(document: OutgoingDocument, key: str | None = None) -> str:
    """Where the page images of the document's preview for `key` (default: its current one) are kept."""
    return f"issuing/pages/{document.pk}/{(key or document.pdf_key)[:16]}"


def delete_pages(document: OutgoingDocument) -> None:
    """Delete the page images of every preview of the document."""
    root = f"issuing/pages/{document.pk}"
    try:
        folders, _files = default_storage.listdir(root)
    except FileNotFoundError:
        return
    for folder in folders:
        for name in default_storage.listdir(f"{root}/{folder}")[1]:
            default_storage.delete(f"{root}/{folder}/{name}")


def _source_docx(document: OutgoingDocument, folder: Path) -> Path:
    """The .docx to convert: the frozen file of an issued document, a fresh rendering of a draft."""
    path = folder / f"doc-{document.pk}.docx"
    if document.is_draft:
        return render_docx(printable(document.content), path)
    with document.docx.open("rb") as src, path.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    return path


def _store_pdf(document: OutgoingDocument, key: str, pdf: Path, folder: Path) -> None:
    """Keep the PDF and its page images, unless the draft changed while it was converted."""
    images = page_images(pdf, folder / f"pages-{document.pk}", dpi=PREVIEW_DPI)
    with transaction.atomic():
        current = OutgoingDocument.objects.select_for_update().filter(pk=document.pk).first()
        if current is None or current.pdf_key != key:
            return  # deleted, or a newer preview was asked for: that conversion will store its own
        delete_pages(current)
        if current.pdf:
            current.pdf.delete(save=False)
        for n, image in enumerate(images, start=1):
            default_storage.save(
                f"{pages_folder(current, key)}/page-{n}.png", ContentFile(image.read_bytes())
            )
        current.pdf.save(f"{current.file_stem()}.pdf", ContentFile(pdf.read_bytes()), save=False)
        current.pages = len(images)
        current.pdf_state = PdfState.READY
        current.pdf_error = ""
        current.save(update_fields=["pdf", "pages", "pdf_state", "pdf_error", "updated_at"])


def _fail_pdf(document_id: int, key: str, message: str) -> None:
    OutgoingDocument.objects.filter(pk=document_id, pdf_key=key).update(
        pdf_state=PdfState.FAILED, pdf_error=message[:500], updated_at=timezone.now()
    )


def convert_pdfs(*, document_ids: Sequence[int]) -> int:
    """Body of the PDF task: convert each document (LibreOffice, one profile per conversion, one
    conversion per core), keep its PDF and page images, mark it ready; returns how many succeeded.
    The database is written from this thread only, as each conversion ends."""
    documents = list(OutgoingDocument.objects.filter(pk__in=document_ids, pdf_state=PdfState.QUEUED))
    if not documents:
        return 0
    keys = {d.pk: d.pdf_key for d in documents}
    for document in documents:
        # Per document and key: a draft edited since it was read keeps its newer request queued.
        OutgoingDocument.objects.filter(
            pk=document.pk, pdf_key=keys[document.pk], pdf_state=PdfState.QUEUED
        ).update(pdf_state=PdfState.CONVERTING, updated_at=timezone.now())
    ready = 0
    with tempfile.TemporaryDirectory(prefix="trienkhai-pdf-") as tmp:
        folder = Path(tmp)
        sources: list[tuple[OutgoingDocument, Path]] = []
        for document in documents:
            try:
                sources.append((document, _source_docx(document, folder)))
            except (RenderError, OSError) as exc:
                _fail_pdf(document.pk, keys[document.pk], str(exc) or "Không trình bày được văn bản.")

        def done(i: int, result: Path | RenderError) -> None:
            nonlocal ready
            document = sources[i][0]
            if isinstance(result, RenderError):
                _fail_pdf(document.pk, keys[document.pk], str(result))
                return
            try:
                _store_pdf(document, keys[document.pk], result, folder)
                ready += 1
            except RenderError as exc:
                _fail_pdf(document.pk, keys[document.pk], str(exc))

        if len(sources) == 1:
            document, path = sources[0]
            try:
                result: Path | RenderError = docx_to_pdf(path, folder)
            except RenderError as exc:
                result = exc
            done(0, result)
        elif sources:
            convert_many([p for _, p in sources], folder, on_done=done)
    return ready


def read_signed_copy(*, signed_id: int) -> None:
    """Body of the background task: read the signed copy through the documents app's reading path (OCR
    of a scan page by page, with progress) and keep the parse. A copy that cannot be read stays the
    document of record; the page says it could not be compared."""
    signed = SignedCopy.objects.filter(pk=signed_id).first()
    if signed is None or not signed.busy:
        return
    rows = SignedCopy.objects.filter(pk=signed_id)
    rows.update(read_state=SignedCopy.ReadState.READING)

    def progress(done: int, total: int) -> None:
        rows.update(progress_done=done, progress_total=total)

    try:
        with signed.file.open("rb") as fh:
            data = fh.read()
        reading = documents_api.read_file(data, signed.original_name, progress=progress)
    except (documents_api.UnreadableDocument, OSError) as exc:
        message = str(exc) if isinstance(exc, documents_api.UnreadableDocument) else ""
        rows.update(
            read_state=SignedCopy.ReadState.FAILED,
            error=(message or "Không đọc được tệp đã lưu.")[:500],
        )
        return
    rows.update(
        read_state=SignedCopy.ReadState.READY, read_kind=reading.kind, parsed=dict(reading.parsed), error=""
    )
