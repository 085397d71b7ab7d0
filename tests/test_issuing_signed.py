"""The signed copy of an issued document (bản đã ký, đóng dấu): uploaded by the issuing unit's writers,
checked by content, kept with its history, read back through the documents app's reading path on the
task worker and compared with what was issued (number, date, signer); it becomes the document of record
that the registry of legal bases and the plan pages link to."""

from __future__ import annotations

import copy
import datetime as dt
import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from trienkhai.issuing import workflow
from trienkhai.issuing.models import OutgoingDocument, SignedCopy
from trienkhai.issuing.signers import Signer
from trienkhai.orgs.models import Role

from .docread.util import require_tools
from .issuing_world import IssuingWorld

ON = dt.date(2026, 4, 10)
SIGNER = Signer(mode="TM", collective="BAN THƯỜNG VỤ", position="CHỦ TỊCH", name="Lê Văn Hùng")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class SignedWorld(IssuingWorld):
    """The commune's result report, issued as 01/BC-… with a signer."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.viewer = cls.make_user("viewer_vy", "Vy", cls.province, Role.VIEWER)

    def setUp(self) -> None:
        # Files go to the test media folder, which setUpTestData cannot reach yet.
        draft = workflow.create_report_draft(
            form=self.form, unit=self.commune, year=self.year, index=1, user=None, on=ON
        )
        self.issued = workflow.issue_document(
            document=draft, user=self.officer_minh, on=ON, header={"signer": SIGNER}, queue_pdf=False
        )

    def issued_bytes(self, **changes) -> bytes:
        """The issued document rendered again, with `changes` to its content (a copy "as signed")."""
        content = copy.deepcopy(self.issued.content)
        content.update(changes)
        return workflow.render_bytes(content)

    def upload(self, data: bytes, name: str = "ban-ky.docx", current: int | None = None, user=None):
        self.login(user or self.officer_minh)
        if current is None:
            current = OutgoingDocument.objects.get(pk=self.issued.pk).signed_copy_id or 0
        with self.captureOnCommitCallbacks(execute=True):  # the task worker (immediate backend)
            return self.client.post(
                reverse("issuing:signed_upload", args=[self.issued.pk]),
                {"file": SimpleUploadedFile(name, data, content_type=DOCX), "current": current},
            )

    def page(self, user=None):
        self.login(user or self.officer_minh)
        return self.client.get(reverse("issuing:document", args=[self.issued.pk]))


class SignedCopyTests(SignedWorld):
    # --- upload and reading back --------------------------------------------------------------------

    def test_issuer_uploads_the_signed_copy_and_it_becomes_the_documents_signed_copy(self) -> None:
        response = self.upload(self.issued_bytes())
        self.assertRedirects(response, reverse("issuing:document", args=[self.issued.pk]) + "#signed-copy")
        signed = SignedCopy.objects.get(document=self.issued)
        self.assertEqual(signed.uploaded_by, self.officer_minh)
        self.assertIsNotNone(signed.uploaded_at)
        self.assertEqual(OutgoingDocument.objects.get(pk=self.issued.pk).signed_copy, signed)
        self.assertEqual(signed.read_state, SignedCopy.ReadState.READY)

    def test_a_faithful_signed_copy_matches_number_date_and_signer(self) -> None:
        self.upload(self.issued_bytes())
        page = self.page()
        states = [c.state for c in SignedCopy.objects.get(document=self.issued).comparison()]
        self.assertEqual(states, ["match", "match", "match"])
        self.assertContains(page, 'data-field-state="match"', count=3)
        self.assertContains(page, "khớp")

    def test_a_signed_copy_with_another_number_shows_the_difference(self) -> None:
        other = self.issued.number.replace("01/", "07/", 1)
        self.assertNotEqual(other, self.issued.number)
        self.upload(self.issued_bytes(number=other))
        page = self.page()
        self.assertContains(page, 'data-field-state="differs"', count=1)
        self.assertContains(page, f"đã ban hành <strong>{self.issued.number}</strong>", html=False)
        self.assertContains(page, f"bản ký đọc được <strong>{other}</strong>", html=False)
        self.assertContains(page, 'data-field-state="match"', count=2)  # date and signer agree

    def test_a_copy_the_parser_finds_nothing_in_shows_not_read(self) -> None:
        document = docx.Document()
        document.add_paragraph("Trang này chỉ có chữ ký và dấu, không có số hay ngày.")
        buffer = io.BytesIO()
        document.save(buffer)
        self.upload(buffer.getvalue(), name="chi-co-dau.docx")
        page = self.page()
        self.assertContains(page, 'data-field-state="unread"', count=3)
        self.assertContains(page, "chưa đọc được")

    def test_while_reading_the_page_polls_the_progress(self) -> None:
        self.login(self.officer_minh)
        workflow.upload_signed_copy(
            document=self.issued, data=self.issued_bytes(), filename="ban-ky.docx", user=None, expected=0
        )  # on_commit never runs inside the test: the copy stays queued
        page = self.page()
        progress_url = reverse("issuing:signed_progress", args=[self.issued.pk])
        self.assertContains(page, f'hx-get="{progress_url}"')
        self.assertContains(self.client.get(progress_url), 'id="signed-progress"')

    # --- refusals -------------------------------------------------------------------------------------

    def test_a_file_that_is_not_what_its_name_says_is_refused_in_vietnamese(self) -> None:
        response = self.upload(b"<html><body>not a PDF</body></html>", name="ban-ky.pdf")
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, "Tệp không phải là PDF, Word (.docx), ảnh JPEG hay ảnh PNG hợp lệ.", status_code=400
        )
        self.assertFalse(SignedCopy.objects.exists())

    def test_an_upload_over_someone_elses_new_copy_is_refused_and_keeps_theirs(self) -> None:
        self.upload(self.issued_bytes())
        first = SignedCopy.objects.get()
        response = self.upload(self.issued_bytes(number="09/BC-CĐ"), current=0, user=self.officer_minh)
        self.assertContains(response, "Người khác vừa tải lên một bản đã ký", status_code=400)
        self.assertEqual(OutgoingDocument.objects.get(pk=self.issued.pk).signed_copy, first)
        self.assertEqual(SignedCopy.objects.count(), 1)

    # --- replacing keeps history ----------------------------------------------------------------------

    def test_a_new_upload_replaces_the_current_copy_and_keeps_the_earlier_one(self) -> None:
        self.upload(self.issued_bytes(), name="lan-1.docx")
        first = SignedCopy.objects.get()
        self.upload(self.issued_bytes(), name="lan-2.docx")
        current = OutgoingDocument.objects.get(pk=self.issued.pk).signed_copy
        self.assertEqual(current.original_name, "lan-2.docx")
        self.assertEqual(SignedCopy.objects.filter(document=self.issued).count(), 2)
        page = self.page()
        self.assertContains(page, reverse("issuing:signed_file", args=[self.issued.pk, first.pk]))
        self.assertContains(page, 'id="signed-history"')

    # --- the document of record -----------------------------------------------------------------------

    def test_the_generated_file_is_offered_as_the_issued_draft_once_signed(self) -> None:
        self.assertNotContains(self.page(), "Bản dự thảo đã ban hành")
        self.upload(self.issued_bytes())
        page = self.page()
        self.assertContains(page, "Bản dự thảo đã ban hành (.docx)")
        self.assertContains(page, reverse("issuing:docx", args=[self.issued.pk]))

    def test_the_registry_of_legal_bases_links_to_the_signed_copy(self) -> None:
        self.upload(self.issued_bytes())
        signed = SignedCopy.objects.get()
        url = reverse("issuing:signed_file", args=[self.issued.pk, signed.pk])
        self.login(self.chairwoman_lan)
        listing = self.client.get(reverse("documents:bases"), {"q": self.issued.number})
        self.assertContains(listing, url)
        self.assertContains(listing, "Bản đã ký")
        detail = self.client.get(reverse("documents:basis", args=[self.issued.basis_id]))
        self.assertContains(detail, url)

    def test_the_registry_shows_no_signed_copy_link_to_who_cannot_open_it(self) -> None:
        self.upload(self.issued_bytes())
        self.issued.basis.is_public = True
        self.issued.basis.save()
        self.login(self.outsider)
        detail = self.client.get(reverse("documents:basis", args=[self.issued.basis_id]))
        self.assertEqual(detail.status_code, 200)
        self.assertNotContains(detail, "Bản đã ký")

    def test_the_plan_page_and_its_sub_plans_link_to_the_signed_plan(self) -> None:
        plan_doc = workflow.create_plan_draft(plan=self.commune_plan, user=self.officer_minh, on=ON)
        plan_doc = workflow.issue_document(
            document=plan_doc, user=self.officer_minh, on=ON, header={"signer": SIGNER}, queue_pdf=False
        )
        self.issued = plan_doc
        self.upload(self.issued_bytes())
        url = reverse("issuing:signed_file", args=[plan_doc.pk, SignedCopy.objects.get().pk])
        self.login(self.officer_minh)
        own = self.client.get(reverse("plans:detail", args=[self.commune_plan.pk]))
        self.assertContains(own, 'id="plan-signed-copy"')
        self.assertContains(own, url)
        self.login(self.cdcs_hoa)
        sub = self.client.get(reverse("plans:detail", args=[self.school_plan.pk]))
        self.assertContains(sub, 'id="parent-signed-copy"')
        self.assertContains(sub, url)

    # --- who may do what ------------------------------------------------------------------------------

    def test_a_viewer_downloads_the_signed_copy_but_cannot_upload_one(self) -> None:
        data = self.issued_bytes()  # rendered once: a .docx carries the second it was written
        self.upload(data)
        signed = SignedCopy.objects.get()
        page = self.page(user=self.viewer)
        self.assertNotContains(page, 'id="signed-upload-form"')
        download = self.client.get(reverse("issuing:signed_file", args=[self.issued.pk, signed.pk]))
        self.assertEqual(download.status_code, 200)
        self.assertIn("ban-da-ky.docx", download["Content-Disposition"])
        self.assertEqual(b"".join(download.streaming_content), data)
        response = self.upload(self.issued_bytes(), user=self.viewer)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(SignedCopy.objects.count(), 1)

    def test_an_outsider_gets_404_on_the_signed_copy(self) -> None:
        self.upload(self.issued_bytes())
        signed = SignedCopy.objects.get()
        self.login(self.outsider)
        response = self.client.get(reverse("issuing:signed_file", args=[self.issued.pk, signed.pk]))
        self.assertEqual(response.status_code, 404)

    def test_a_draft_takes_no_signed_copy(self) -> None:
        draft = workflow.create_plan_draft(plan=self.commune_plan, user=self.officer_minh, on=ON)
        self.login(self.officer_minh)
        response = self.client.post(
            reverse("issuing:signed_upload", args=[draft.pk]),
            {"file": SimpleUploadedFile("a.docx", self.issued_bytes()), "current": 0},
        )
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(self.client.get(reverse("issuing:document", args=[draft.pk])), "signed-copy")


@pytest.mark.slow
class SignedScanTests(SignedWorld):
    """A real scan: the issued document printed to PDF by LibreOffice, rasterised to a PNG page as a
    scanner would, then read back by Tesseract on the task worker."""

    def test_a_scanned_page_is_read_by_ocr_and_compared(self) -> None:
        require_tools("soffice", "tesseract")
        import tempfile
        from pathlib import Path

        from trienkhai.lib.office import page_images
        from trienkhai.lib.render import docx_to_pdf

        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "ban.docx"
            source.write_bytes(self.issued_bytes())
            pdf = docx_to_pdf(source, Path(tmp))
            png = page_images(pdf, Path(tmp) / "pages", dpi=200)[0].read_bytes()
        self.upload(png, name="ban-chup.png")
        signed = SignedCopy.objects.get()
        self.assertEqual(signed.read_kind, "ocr")
        by_label = {str(c.label): c for c in signed.comparison()}
        self.assertEqual(by_label["Số, ký hiệu"].state, "match", by_label["Số, ký hiệu"].read)
        self.assertEqual(by_label["Ngày ban hành"].state, "match", by_label["Ngày ban hành"].read)
