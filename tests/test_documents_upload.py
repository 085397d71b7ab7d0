"""Upload of official documents: the seed goes in, duplicates are recognised, every bad input is refused
with its own Vietnamese message and nothing stored, scans are read by the background task."""

from __future__ import annotations

import functools
import io
import json
import random
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from django.test import override_settings

from trienkhai.documents import workflow
from trienkhai.documents.models import Document
from trienkhai.documents.workflow import save_review
from trienkhai.lib.docread import OcrNeeded, ReadResult, UnreadableDocument
from trienkhai.plans.workflow import create_plan_from_document

from .docread.util import png_bytes, require_tools
from .documents_world import DocumentWorld, seed_bytes
from .upload_corpus import blank_pdf


class UploadTests(DocumentWorld):
    def test_upload_of_the_seed_opens_the_review_with_26_tasks_and_the_warnings(self) -> None:
        self.login(self.officer_minh)
        response = self.upload(seed_bytes(), "ke-hoach-27.txt")
        document = Document.objects.get()
        self.assertRedirects(response, f"/van-ban/{document.pk}/")
        self.assertEqual(document.owner_unit, self.commune)
        self.assertEqual(document.uploaded_by, self.officer_minh)
        self.assertEqual(document.read_state, Document.ReadState.READY)
        self.assertEqual(document.parsed["number"], "27/KH-LĐLĐ")
        self.assertEqual(document.parsed_original, document.parsed)
        page = self.client.get(f"/van-ban/{document.pk}/")
        html = page.content.decode()
        self.assertContains(page, "26 nhiệm vụ")
        self.assertEqual(html.count('class="task-item'), 26)
        self.assertIn('id="parse-warnings"', html)
        self.assertIn("Đã sửa số hiệu “27 /KH-LĐLD” thành “27/KH-LĐLĐ”", html)
        self.assertIn("Lưu thành kế hoạch", html)

    def test_the_same_file_twice_goes_to_the_existing_document(self) -> None:
        self.login(self.officer_minh)
        first = self.upload(seed_bytes(), "a.txt")
        second = self.upload(seed_bytes(), "ban-sao.txt", follow=True)
        document = Document.objects.get()
        self.assertEqual(first.url, f"/van-ban/{document.pk}/")
        self.assertRedirects(second, f"/van-ban/{document.pk}/")
        self.assertContains(second, "đã được tải lên trước đây")
        self.assertEqual(Document.objects.count(), 1)

    def test_the_same_file_uploaded_by_another_province_is_that_provinces_own_copy(self) -> None:
        # Two provinces both keep the same central resolution: a duplicate is a per-unit matter.
        self.login(self.outsider)
        self.upload(seed_bytes(), "a.txt", unit=self.other_province)
        theirs = Document.objects.get()
        self.login(self.officer_minh)
        response = self.upload(seed_bytes(), "a.txt")
        mine = Document.objects.exclude(pk=theirs.pk).get()
        self.assertRedirects(response, f"/van-ban/{mine.pk}/")
        self.assertEqual((mine.owner_unit, theirs.owner_unit), (self.commune, self.other_province))
        page = self.client.get(f"/van-ban/{mine.pk}/")
        self.assertNotContains(page, f"/van-ban/{theirs.pk}/")  # the other province's copy stays unseen

    def test_a_document_already_known_by_number_and_issuer_says_so_with_a_link(self) -> None:
        self.login(self.officer_minh)
        self.upload(seed_bytes(), "ke-hoach.txt", unit=self.school)
        first = Document.objects.get()
        save_review(document=first, parsed=first.parsed, user=self.officer_minh)
        plan, _created = create_plan_from_document(document=first, user=self.officer_minh)
        self.upload(seed_bytes().replace(b"\r\n", b"\n") + b"\n", "ban-khac.txt", unit=self.commune)
        second = Document.objects.exclude(pk=first.pk).get()
        page = self.client.get(f"/van-ban/{second.pk}/")
        self.assertContains(page, 'id="known-copies"')
        self.assertContains(page, f'href="/van-ban/{first.pk}/"')
        self.assertContains(page, f'href="/ke-hoach/{plan.pk}/"')

    def test_upload_page_offers_only_units_the_user_may_write(self) -> None:
        self.login(self.officer_minh)
        page = self.client.get("/van-ban/tai-len/")
        self.assertContains(page, self.commune.name)
        self.assertContains(page, self.school.name)
        self.assertNotContains(page, self.province.name)
        self.assertNotContains(page, self.other_province.name)

    def test_outsider_cannot_upload_into_another_units_scope(self) -> None:
        self.login(self.outsider)
        response = self.upload(seed_bytes(), "a.txt", unit=self.commune)
        self.assertContains(response, "không có quyền với đơn vị này", status_code=400)
        self.assertEqual(Document.objects.count(), 0)

    def test_upload_form_lists_own_units_first_and_chooses_the_first(self) -> None:
        self.login(self.officer_minh)
        html = self.client.get("/van-ban/tai-len/").content.decode()
        own = html.index("Đơn vị của tôi")
        commune = html.index(f'<option value="{self.commune.pk}" selected>')
        below = html.index("Đơn vị trực thuộc")
        self.assertLess(own, commune)
        self.assertLess(commune, below)
        self.assertLess(below, html.index(self.school.name))

    def test_viewer_cannot_upload_for_the_unit_they_only_see(self) -> None:
        self.login(self.viewer)
        response = self.upload(seed_bytes(), "a.txt", unit=self.commune)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Document.objects.count(), 0)

    def test_viewer_is_told_they_may_upload_for_no_unit(self) -> None:
        self.login(self.viewer)
        self.assertContains(self.client.get("/van-ban/tai-len/"), 'id="no-units"')
        self.login(self.officer_minh)
        self.assertNotContains(self.client.get("/van-ban/tai-len/"), 'id="no-units"')

    def test_anonymous_is_sent_to_login(self) -> None:
        response = self.client.get("/van-ban/tai-len/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/tai-khoan/dang-nhap/", response.url)

    def test_no_file_chosen(self) -> None:
        self.login(self.officer_minh)
        response = self.client.post("/van-ban/tai-len/", {"owner_unit": self.commune.pk})
        self.assertContains(response, "Hãy chọn tệp văn bản để tải lên.", status_code=400)


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as entry:
            chunk = bytes(4 * 1024 * 1024)
            for _ in range(100):
                entry.write(chunk)
    return buf.getvalue()


def _locked_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("mat-khau", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


class RaceTests(DocumentWorld):
    def test_same_file_stored_meanwhile_by_another_request_is_returned_not_duplicated(self) -> None:
        first = self.ingest_seed()
        real = workflow.find_duplicate
        calls = []

        def late(data, **kwargs):  # the other request had not committed when this one looked
            calls.append(1)
            return None if len(calls) == 1 else real(data, **kwargs)

        workflow.find_duplicate = late
        try:
            document, created = workflow.ingest_upload(
                data=seed_bytes(), filename="b.txt", owner_unit=self.commune, user=self.officer_minh
            )
        finally:
            workflow.find_duplicate = real
        self.assertEqual((document, created), (first, False))
        self.assertEqual(Document.objects.count(), 1)


class BadInputTests(DocumentWorld):
    def assert_refused(self, data: bytes, name: str, message: str) -> None:
        self.login(self.officer_minh)
        before = Document.objects.count()
        response = self.upload(data, name, unit=self.school)
        self.assertContains(response, message, status_code=400)
        self.assertEqual(Document.objects.count(), before)
        # The chosen unit stays chosen, so the officer only picks another file.
        self.assertContains(response, f'<option value="{self.school.pk}" selected>', status_code=400)

    def test_empty_file(self) -> None:
        self.assert_refused(b"", "rong.docx", "Tệp rỗng, không có nội dung.")

    def test_binary_junk_named_docx(self) -> None:
        self.assert_refused(
            random.Random(1).randbytes(5000),
            "ke-hoach.docx",
            "Tệp không phải là tài liệu Word hợp lệ (.docx).",
        )

    def test_zip_bomb_disguised_as_docx(self) -> None:
        self.assert_refused(
            _zip_bomb(), "bom.docx", "Tệp .docx chứa dữ liệu nén bất thường (nghi ngờ bom nén)."
        )

    def test_file_of_60_mb(self) -> None:
        self.assert_refused(bytes(60 * 1024 * 1024), "lon.pdf", "Tệp quá lớn: 60,0 MB, giới hạn là 20 MB.")

    @override_settings(UPLOAD_MAX_BYTES=1024 * 1024)
    def test_limit_comes_from_settings(self) -> None:
        self.assert_refused(b"x" * (1536 * 1024), "a.txt", "Tệp quá lớn: 1,5 MB, giới hạn là 1 MB.")

    def test_password_protected_pdf(self) -> None:
        self.assert_refused(
            _locked_pdf(), "khoa.pdf", "Tệp PDF được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi tải lên lại."
        )

    def test_text_in_an_unknown_encoding(self) -> None:
        self.assert_refused(
            random.Random(3).randbytes(3000), "la.txt", "Không xác định được bảng mã của tệp văn bản."
        )

    @pytest.mark.slow
    def test_image_with_no_text_goes_through_ocr_and_is_refused(self) -> None:
        require_tools("tesseract")
        self.assert_refused(png_bytes(400, 300), "trang.png", "Không nhận dạng được chữ nào trong ảnh.")


class OcrTaskTests(DocumentWorld):
    """A scan is stored first and read by the task; the page polls its progress."""

    def fake_scan_reader(self, monkeypatch_target):
        text = seed_bytes().decode("utf-8")

        def read(data, filename, *, max_bytes, ocr=True, progress=None, deadline=None):
            if not ocr:
                raise OcrNeeded("Tệp PDF không có lớp chữ (bản quét); cần bật OCR để đọc.")
            for page in (1, 2, 3):
                progress(page, 3)
            return ReadResult(text=text, kind="ocr", warnings=["Văn bản được nhận dạng bằng OCR; hãy kiểm tra lại."],
                              pages=3, used_ocr=True)  # fmt: skip

        return read

    def test_scan_is_read_by_the_task_with_progress_and_parsed(self) -> None:
        original = workflow.read_bytes
        workflow.read_bytes = self.fake_scan_reader(workflow)
        try:
            self.login(self.officer_minh)
            response = self.upload(blank_pdf(3), "scan.pdf")
        finally:
            workflow.read_bytes = original
        document = Document.objects.get()
        self.assertRedirects(response, f"/van-ban/{document.pk}/")
        self.assertEqual(document.read_state, Document.ReadState.READY)
        self.assertEqual((document.progress_done, document.progress_total), (3, 3))
        self.assertEqual(document.read_kind, "ocr")
        self.assertEqual(len(document.parsed["tasks"]), 26)
        self.assertIn("nhận dạng bằng OCR", document.parsed["warnings"][0])

    def test_progress_partial_polls_while_reading(self) -> None:
        document = self.ingest_seed()
        Document.objects.filter(pk=document.pk).update(
            read_state=Document.ReadState.READING, progress_done=2, progress_total=5
        )
        self.login(self.officer_minh)
        page = self.client.get(f"/van-ban/{document.pk}/")
        self.assertContains(page, "Đang nhận dạng trang 2/5")
        self.assertContains(page, 'hx-trigger="every 2s"')
        self.assertNotContains(page, 'id="review-form"')
        partial = self.client.get(f"/van-ban/{document.pk}/tien-do/", headers={"HX-Request": "true"})
        self.assertContains(partial, "Đang nhận dạng trang 2/5")
        self.assertNotContains(partial, "<html")

    def test_a_queued_docx_waits_to_be_read_not_for_ocr(self) -> None:
        document = self.ingest_seed()
        Document.objects.filter(pk=document.pk).update(
            read_state=Document.ReadState.QUEUED, original_name="ke-hoach.docx"
        )
        self.login(self.officer_minh)
        page = self.client.get(f"/van-ban/{document.pk}/")
        self.assertContains(page, "Đang chờ đọc tệp ke-hoach.docx")
        self.assertNotContains(page, "OCR")
        self.assertContains(self.client.get("/van-ban/"), "Đang chờ đọc")
        self.assertNotContains(self.client.get("/van-ban/"), "Đang nhận dạng chữ")

    def test_a_queued_image_waits_for_ocr(self) -> None:
        document = self.ingest_seed()
        Document.objects.filter(pk=document.pk).update(
            read_state=Document.ReadState.QUEUED, original_name="ban-chup.jpg"
        )
        self.login(self.officer_minh)
        self.assertContains(self.client.get(f"/van-ban/{document.pk}/"), "Đang chờ nhận dạng chữ (OCR)")

    def test_progress_partial_reloads_the_page_when_reading_is_done(self) -> None:
        document = self.ingest_seed()
        self.login(self.officer_minh)
        partial = self.client.get(f"/van-ban/{document.pk}/tien-do/", headers={"HX-Request": "true"})
        self.assertEqual(partial.headers.get("HX-Refresh"), "true")

    def test_failed_read_in_the_background_is_shown_and_stores_no_file(self) -> None:
        document = self.ingest_seed()
        Document.objects.filter(pk=document.pk).update(read_state=Document.ReadState.QUEUED)
        original = workflow.read_bytes

        def fail(*args, **kwargs):
            raise UnreadableDocument("Không nhận dạng được chữ nào trong tệp PDF quét.")

        workflow.read_bytes = fail
        try:
            workflow.read_queued_document(document_id=document.pk)
        finally:
            workflow.read_bytes = original
        document.refresh_from_db()
        self.assertEqual(document.read_state, Document.ReadState.FAILED)
        self.assertFalse(document.original)
        self.login(self.officer_minh)
        self.assertContains(self.client.get(f"/van-ban/{document.pk}/"), "Không nhận dạng được chữ nào")
        # Uploading the same file again replaces the failed attempt.
        self.upload(seed_bytes(), "lai.txt")
        self.assertEqual(Document.objects.get().read_state, Document.ReadState.READY)


@functools.cache
def _scanned_seed_pdf() -> bytes:
    """The seed rendered by LibreOffice, printed to 200 dpi page images and bound as an image-only PDF:
    what a scanner gives an officer."""
    from trienkhai.lib.render import docx_to_pdf, render_docx

    from .docread.util import SEED_JSON, image_pdf

    with tempfile.TemporaryDirectory(prefix="trienkhai-scan-") as tmp:
        out = Path(tmp)
        pdf = docx_to_pdf(
            render_docx(json.loads(SEED_JSON.read_text(encoding="utf-8")), out / "seed.docx"), out
        )
        subprocess.run(
            ["pdftoppm", "-r", "200", "-gray", "-jpeg", str(pdf), str(out / "scan")], check=True, timeout=120
        )
        # Two pages keep the OCR short and still hold the header and the first task groups.
        return image_pdf([p.read_bytes() for p in sorted(out.glob("scan-*.jpg"))[:2]], 200)


class RealScanTests(DocumentWorld):
    @pytest.mark.slow
    def test_scanned_pdf_is_ocrd_by_the_task_and_opens_for_review(self) -> None:
        require_tools("tesseract", "soffice", "pdftoppm")
        self.login(self.officer_minh)
        response = self.upload(_scanned_seed_pdf(), "ban-quet.pdf")
        document = Document.objects.get()
        self.assertRedirects(response, f"/van-ban/{document.pk}/")
        self.assertEqual((document.read_state, document.read_kind), (Document.ReadState.READY, "ocr"))
        self.assertEqual(document.progress_total, 2)
        self.assertEqual(document.progress_done, document.progress_total)
        self.assertEqual(document.parsed["number"], "27/KH-LĐLĐ")
        self.assertGreaterEqual(len(document.parsed["tasks"]), 6)
        self.assertContains(self.client.get(f"/van-ban/{document.pk}/"), "nhận dạng bằng OCR")


class ReadingInTheWorkerTests(DocumentWorld):
    """The web request only stores the file and runs the cheap checks; the reading is the worker's."""

    @override_settings(
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "slow"]}}
    )
    def test_upload_answers_at_once_and_the_worker_reads(self) -> None:
        self.login(self.officer_minh)
        response = self.upload(seed_bytes(), "ke-hoach-27.txt")
        document = Document.objects.get()
        self.assertRedirects(response, f"/van-ban/{document.pk}/", fetch_redirect_response=False)
        self.assertEqual((document.read_state, document.text), (Document.ReadState.QUEUED, ""))
        self.assertContains(self.client.get(f"/van-ban/{document.pk}/"), 'id="read-progress"')
        workflow.read_queued_document(document_id=document.pk)  # what `trienkhai db_worker` runs
        document.refresh_from_db()
        self.assertEqual(document.read_state, Document.ReadState.READY)
        self.assertEqual(document.contract()["number"], "27/KH-LĐLĐ")

    def test_a_long_text_is_cut_on_the_review_page(self) -> None:
        document = self.ingest_seed()
        lines = [f"Dòng {i} của một văn bản rất dài." for i in range(5000)]
        Document.objects.filter(pk=document.pk).update(text="\n".join(lines))
        self.login(self.officer_minh)
        page = self.client.get(f"/van-ban/{document.pk}/")
        self.assertContains(page, 'id="source-more"')
        self.assertContains(page, "Dòng 2999 ")
        self.assertNotContains(page, "Dòng 3000 ")
