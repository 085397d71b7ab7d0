"""The one upload policy (issue 26, hostile findings 3 and 11).

A hostile corpus built in memory (tests/upload_corpus.py) is posted to every file field of the project,
through HTTP, as a user allowed to upload there: each file is refused with a Vietnamese sentence and
nothing is stored. The list of file fields covered is checked against the models and forms, so that a
new FileField fails here until it is routed through the policy and added to this corpus run.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import tracemalloc
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import SimpleTestCase, override_settings
from django.urls import reverse

import trienkhai
from trienkhai.activities.models import Activity, ActivityPhoto
from trienkhai.agreements.models import Dialogue
from trienkhai.documents.models import Document
from trienkhai.evaluations.models import Score
from trienkhai.finance.models import Payment
from trienkhai.inspections.models import Evidence as InspectionEvidence
from trienkhai.issuing.models import OutgoingDocument, SignedCopy
from trienkhai.legalaid.models import CaseDocument
from trienkhai.legalaid.workflow import open_case
from trienkhai.lib import uploads
from trienkhai.lib.docread import UnreadableDocument, read_bytes
from trienkhai.lib.uploads import Policy, UploadRefused, check, check_archive
from trienkhai.lib.xlsx_read import Refused, read_table
from trienkhai.members.models import DuesPayment, MemberImport
from trienkhai.orgs.models import Unit
from trienkhai.reports.models import Evidence as ReportEvidence
from trienkhai.reports.models import ImportJob

from .daily_world import DailyWorld
from .documents_world import DocumentWorld
from .evaluations_world import EvaluationWorld
from .media import TempMediaMixin
from .reports_world import ReportWorld
from .test_finance import FinanceWorld
from .test_inspections import InspectionWorld
from .test_issuing_signed import SignedWorld
from .test_reports_excel import ExcelWorld
from .upload_corpus import (
    BOMB_BYTES,
    blank_pdf,
    honest_docx_bomb,
    hostile_corpus,
    huge_png,
    lying_bomb,
    png_image,
)

# Every FileField of every model: the upload it stores, or why it is no upload.
MODEL_FILE_FIELDS = {
    "documents.Document.original": "documents upload (/van-ban/tai-len/)",
    "reports.Evidence.file": "report evidence (/bao-cao/<id>/minh-chung/)",
    "reports.ImportJob.file": "report Excel import (/bao-cao/bieu-mau/<id>/nhap-excel/<unit>/)",
    "inspections.Evidence.file": "answer to a recommendation (/kiem-tra/kien-nghi/<id>/tra-loi/)",
    "evaluations.Score.evidence_file": "self-assessment evidence (/danh-gia/<id>/)",
    "legalaid.CaseDocument.file": "legal-aid documents (/phap-ly/<id>/tai-lieu/)",
    "agreements.Dialogue.minutes": "signed minutes of a dialogue (/thoa-uoc/doi-thoai/moi/, <id>/sua/)",
    "activities.ActivityPhoto.file": "activity photos (/hoat-dong/<id>/anh/)",
    "members.MemberImport.file": "member register import (/doan-vien/don-vi/<id>/nhap-excel/)",
    "members.Member.application_scan": "signed application Mẫu 5a/5b (/doan-vien/don-vi/<id>/them/)",
    "members.AdmissionRequest.application_scan": "application to the upper union (/doan-vien/don-vi/<id>/don-gia-nhap/)",
    "issuing.OutgoingDocument.docx": None,  # written by the app (Decree 30 rendering), never uploaded
    "issuing.OutgoingDocument.pdf": None,  # LibreOffice's conversion of the frozen .docx
    "issuing.SignedCopy.file": "signed copy of an issued document (/van-ban-di/<id>/ban-da-ky/)",
    "core.ExportJob.file": None,  # an Excel export the task worker writes, never uploaded
    "reports.ImportJob.checked": None,  # the rows the app checked, kept by the app between preview and commit
    "finance.Payment.voucher": "payment voucher (/tai-chinh/ke-hoach/<id>/)",
}
# Every form with a FileField, and the model field or flow it feeds.
FORM_FILE_FIELDS = {
    "trienkhai.documents.forms.UploadForm.file": "documents.Document.original",
    "trienkhai.reports.excel_views.UploadForm.file": "reports.ImportJob.file",
    "trienkhai.members.forms.ImportForm.file": "members.MemberImport.file",
    "trienkhai.members.forms.AddMemberForm.application_scan": "members.Member.application_scan",
    "trienkhai.members.forms.NewMemberForm.application_scan": "members.Member.application_scan",
    "trienkhai.members.forms.AdmissionRequestForm.application_scan": "members.AdmissionRequest.application_scan",
    "trienkhai.members.dues_forms.DuesUploadForm.file": "dues sheet (/doan-vien/don-vi/<id>/doan-phi/nhap-excel/), read and not stored",
    "trienkhai.legalaid.forms.DocumentForm.file": "legalaid.CaseDocument.file",
    "trienkhai.agreements.forms.DialogueForm.minutes": "agreements.Dialogue.minutes",
    "trienkhai.orgs.forms.ImportForm.file": "units import (/don-vi/<id>/nhap-excel/), read and not stored",
    "trienkhai.issuing.forms.SignedCopyForm.file": "issuing.SignedCopy.file",
    "trienkhai.finance.forms.PaymentForm.voucher": "finance.Payment.voucher",
}
CORPUS = hostile_corpus()
# The policy's Vietnamese reasons, one of which each refusal page shows.
REFUSALS = (
    "Không nhận tệp",
    "bom nén",
    "kích thước quá lớn",
    "mã trang web",
    "ảnh SVG",
    "chương trình chạy được",
    "không phải là",
)


def _model_file_fields() -> set[str]:
    return {
        f"{model._meta.app_label}.{model.__name__}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("trienkhai.")
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    }


def _form_file_fields() -> set[str]:
    found: set[str] = set()
    for info in pkgutil.walk_packages(trienkhai.__path__, "trienkhai."):
        if (
            ".migrations" in info.name
            or info.name.endswith(("__main__", ".wsgi"))
            or "management" in info.name
        ):
            continue
        module = importlib.import_module(info.name)
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, forms.BaseForm) and obj.__module__ == info.name:
                for field_name, field in getattr(obj, "base_fields", {}).items():
                    if isinstance(field, forms.FileField):
                        found.add(f"{info.name}.{name}.{field_name}")
    return found


class CoverageTests(SimpleTestCase):
    def test_every_model_file_field_is_listed_with_its_upload(self) -> None:
        self.assertEqual(_model_file_fields(), set(MODEL_FILE_FIELDS))

    def test_every_form_file_field_is_listed_with_its_upload(self) -> None:
        self.assertEqual(_form_file_fields(), set(FORM_FILE_FIELDS))

    def test_every_view_reading_request_files_is_one_this_module_posts_to(self) -> None:
        root = Path(trienkhai.__file__).parent
        readers = sorted(
            str(p.relative_to(root))
            for p in root.rglob("*.py")
            if "request.FILES" in p.read_text(encoding="utf-8")
        )
        self.assertEqual(
            readers,
            [
                "activities/views.py",
                "agreements/views.py",
                "documents/views.py",
                "evaluations/views.py",
                "finance/views.py",
                "inspections/views.py",
                "issuing/views.py",
                "legalaid/views.py",
                "members/dues_views.py",
                "members/views.py",
                "orgs/views.py",
                "reports/excel_views.py",
                "reports/views.py",
            ],
        )


class ArchiveInflationTests(SimpleTestCase):
    """Finding 3: a .docx whose directory declares 1,000 bytes but inflates to much more."""

    def test_zipfile_reads_a_lying_member_whole_before_it_stops(self) -> None:
        # Why the declared sizes cannot bound the work: zipfile returns the declared 1,000 bytes without
        # an error, but it inflated everything to get them.
        archive = zipfile.ZipFile(BytesIO(lying_bomb()))
        tracemalloc.start()
        try:
            data = archive.read("word/document.xml")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert len(data) == 1000
        assert peak > BOMB_BYTES

    def test_the_real_bytes_of_a_lying_bomb_are_counted_in_small_chunks(self) -> None:
        tracemalloc.start()
        try:
            with pytest.raises(UploadRefused, match="bom nén"):
                check_archive(lying_bomb())
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert peak < 4 * 1024 * 1024, peak

    def test_the_document_reader_refuses_a_lying_bomb_before_python_docx_opens_it(self) -> None:
        import docx

        original = docx.Document
        docx.Document = lambda *a, **k: pytest.fail("python-docx opened a zip bomb")  # type: ignore[assignment]
        try:
            with pytest.raises(UnreadableDocument, match="bom nén"):
                read_bytes(lying_bomb("docx"), "ke-hoach.docx")
        finally:
            docx.Document = original

    def test_the_spreadsheet_reader_refuses_a_lying_bomb(self) -> None:
        with pytest.raises(Refused, match="bom nén"):
            list(read_table(lying_bomb("xlsx")))

    def test_a_member_inflating_to_another_size_than_declared_is_refused(self) -> None:
        small = lying_bomb(real=2 * 1024 * 1024, declared=1000)  # ratio and total within every cap
        with pytest.raises(UploadRefused, match="khai sai kích thước"):
            check_archive(small)

    @override_settings(UPLOAD_MAX_INFLATED_BYTES=8 * 1024 * 1024, UPLOAD_MAX_RATIO=10**6)
    def test_the_inflation_caps_are_settings(self) -> None:
        with pytest.raises(UploadRefused, match="bom nén"):
            check_archive(honest_docx_bomb(16 * 1024 * 1024))

    @override_settings(UPLOAD_MAX_RATIO=10**6)
    def test_an_archive_within_the_caps_passes(self) -> None:
        assert "word/document.xml" in check_archive(honest_docx_bomb(16 * 1024 * 1024))


class PolicyTests(SimpleTestCase):
    policy = Policy(kinds={"pdf", "png", "jpeg", "docx"}, max_bytes=20 * 1024 * 1024)

    def test_pixels_are_read_from_the_header_and_bounded(self) -> None:
        with pytest.raises(UploadRefused, match="kích thước quá lớn"):
            check(huge_png(7000, 7000), "anh.png", self.policy)  # 49 MP: under Pillow's own bomb limit

    def test_real_files_pass_with_their_kind(self) -> None:
        assert check(blank_pdf(2), "a.pdf", Policy(kinds={"pdf"}, max_bytes=10**6, max_pages=5)).pages == 2
        assert check(png_image(5, 3), "a.png", self.policy).size == (5, 3)

    def test_each_hostile_file_is_refused_in_vietnamese(self) -> None:
        for label, (name, data) in CORPUS.items():
            with self.subTest(label), pytest.raises(UploadRefused) as refused:
                check(data, name, self.policy)
            assert any(ch in str(refused.value) for ch in "ệạảốờ"), str(refused.value)

    def test_svg_is_refused_by_name_of_its_kind(self) -> None:
        with pytest.raises(UploadRefused, match="SVG"):
            check(CORPUS["svg with script"][1], "anh.svg", self.policy)


class CorpusMixin:
    """Post each hostile file to one file field; assert a Vietnamese refusal and nothing stored."""

    stored: type[models.Model]
    # An Excel-only field refuses other names before reading: the corpus is renamed .xlsx to reach the
    # content checks there.
    rename: str | None = None

    def post_file(self, upload: SimpleUploadedFile):  # pragma: no cover - each class says how
        raise NotImplementedError

    def refusal_text(self, response) -> str:  # noqa: ANN001
        if response.status_code in (301, 302):
            response = self.client.get(response["Location"])  # type: ignore[attr-defined]
        return response.content.decode()

    def stored_count(self) -> int:
        return self.stored.objects.count()

    def test_every_hostile_file_is_refused_and_nothing_stored(self) -> None:
        for label, (name, data) in CORPUS.items():
            with self.subTest(label):  # type: ignore[attr-defined]
                name = Path(name).stem + self.rename if self.rename else name
                response = self.post_file(SimpleUploadedFile(name, data))
                page = self.refusal_text(response)
                assert any(phrase in page for phrase in REFUSALS), label
                assert self.stored_count() == 0, label


class DocumentsCorpusTests(CorpusMixin, DocumentWorld):
    stored = Document

    def setUp(self) -> None:
        super().setUp()
        self.login(self.officer_minh)

    def post_file(self, upload):
        response = self.client.post("/van-ban/tai-len/", {"owner_unit": self.commune.pk, "file": upload})
        assert response.status_code == 400
        return response


class ReportEvidenceCorpusTests(CorpusMixin, TempMediaMixin, ReportWorld):
    stored = ReportEvidence

    def setUp(self) -> None:
        super().setUp()
        self.sub = self.school_submission()
        self.login(self.cdcs_hoa)

    def post_file(self, upload):
        return self.client.post(f"/bao-cao/{self.sub.pk}/minh-chung/", {"files": [upload]})

    def refusal_text(self, response) -> str:
        page = super().refusal_text(response)
        assert "Không nhận tệp" in page
        return page


class PaymentVoucherCorpusTests(CorpusMixin, FinanceWorld):
    stored = Payment

    def setUp(self) -> None:
        super().setUp()
        self.before = Payment.objects.count()
        self.login(self.cdcs_hoa)

    def stored_count(self) -> int:
        return Payment.objects.count() - self.before

    def post_file(self, upload):
        response = self.ledger_post(self.school_plan, voucher=upload)
        assert response.status_code == 400
        return response


class InspectionAnswerCorpusTests(CorpusMixin, InspectionWorld):
    stored = InspectionEvidence

    def setUp(self) -> None:
        super().setUp()
        plan = self.make_plan()
        self.rec = self.recommend(self.visit_of(plan, self.school), deadline=self.today)
        self.login(self.cdcs_hoa)

    def post_file(self, upload):
        response = self.client.post(
            f"/kiem-tra/kien-nghi/{self.rec.pk}/tra-loi/", {"action_taken": "Đã họp BCH.", "files": [upload]}
        )
        assert response.status_code == 400
        return response


class EvaluationEvidenceCorpusTests(CorpusMixin, TempMediaMixin, EvaluationWorld):
    stored = Score

    def setUp(self) -> None:
        super().setUp()
        self.login(self.cdcs_hoa)

    def post_file(self, upload):
        crit = self.criteria()
        self.school_ev.refresh_from_db()
        response = self.client.post(
            reverse("evaluations:evaluation", args=[self.school_ev.pk]),
            {
                f"points_{crit['1.1'].pk}": "35",
                "action": "save",
                f"file_{crit['1.1'].pk}": upload,
                "lock_version": self.school_ev.lock_version,  # the page's optimistic lock
            },
        )
        assert response.status_code == 400
        return response

    def stored_count(self) -> int:
        # Scores exist without evidence; what must stay empty is their evidence file.
        return Score.objects.exclude(evidence_file="").count()


class LegalAidCorpusTests(CorpusMixin, DailyWorld):
    stored = CaseDocument

    def setUp(self) -> None:
        super().setUp()
        self.case = open_case(
            origin_unit=self.school,
            user=self.cdcs_hoa,
            requester="Nguyễn Văn An",
            topic="dismissal",
            summary="Bị chấm dứt hợp đồng.",
            opened_on=dt.date(2026, 2, 1),
        )
        self.login(self.cdcs_hoa)

    def post_file(self, upload):
        return self.client.post(f"/phap-ly/{self.case.pk}/tai-lieu/", {"file": [upload]})


class DialogueMinutesCorpusTests(CorpusMixin, DailyWorld):
    stored = Dialogue

    def setUp(self) -> None:
        super().setUp()
        self.login(self.cdcs_dung)

    def post_file(self, upload):
        data = {
            "unit": self.factory.pk,
            "held_on": "12/03/2026",
            "kind": "periodic",
            "topics": ["wages"],
            "representatives": "14",
            "representatives_present": "11",
            "legal_rep_present": "on",
            "minutes": upload,
        }
        response = self.client.post("/thoa-uoc/doi-thoai/moi/", data)
        assert response.status_code == 400
        return response


class ActivityPhotoCorpusTests(CorpusMixin, DailyWorld):
    stored = ActivityPhoto

    def setUp(self) -> None:
        super().setUp()
        self.activity = Activity.objects.create(
            unit=self.school, kind="propaganda", held_on=dt.date(2026, 3, 8), topic="Luật", participants=4
        )
        self.login(self.cdcs_hoa)

    def post_file(self, upload):
        return self.client.post(f"/hoat-dong/{self.activity.pk}/anh/", {"photos": [upload]})


class MemberImportCorpusTests(CorpusMixin, DailyWorld):
    stored = MemberImport
    rename = ".xlsx"

    def setUp(self) -> None:
        super().setUp()
        self.login(self.officer_minh)

    def post_file(self, upload):
        response = self.client.post(f"/doan-vien/don-vi/{self.school.pk}/nhap-excel/", {"file": upload})
        assert response.status_code == 400
        return response


class DuesSheetCorpusTests(CorpusMixin, DailyWorld):
    stored = DuesPayment
    rename = ".xlsx"

    def setUp(self) -> None:
        super().setUp()
        self.login(self.cdcs_hoa)

    def post_file(self, upload):
        response = self.client.post(
            f"/doan-vien/don-vi/{self.school.pk}/doan-phi/nhap-excel/", {"month": "11/2026", "file": upload}
        )
        assert response.status_code == 400
        return response


class ReportImportCorpusTests(CorpusMixin, ExcelWorld):
    stored = ImportJob
    rename = ".xlsx"

    def setUp(self) -> None:
        super().setUp()
        self.login(self.officer_minh)

    def post_file(self, upload):
        response = self.client.post(
            f"/bao-cao/bieu-mau/{self.form.pk}/nhap-excel/{self.commune.pk}/", {"file": upload}
        )
        assert response.status_code == 400
        return response


class UnitImportCorpusTests(CorpusMixin, DailyWorld):
    stored = Unit

    def setUp(self) -> None:
        super().setUp()
        self.before = Unit.objects.count()
        self.login(self.chairwoman_lan)

    def post_file(self, upload):
        return self.client.post(reverse("orgs:import", args=[self.commune.pk]), {"file": upload})

    def test_every_hostile_file_is_refused_and_nothing_stored(self) -> None:
        for label, (name, data) in CORPUS.items():
            with self.subTest(label):
                page = self.post_file(SimpleUploadedFile(name, data)).content.decode()
                assert any(phrase in page for phrase in REFUSALS), label
                assert Unit.objects.count() == self.before, label


class ServingTests(DailyWorld):
    def test_a_stored_upload_is_served_with_its_checked_type_and_no_sniffing(self) -> None:
        case = open_case(
            origin_unit=self.school,
            user=self.cdcs_hoa,
            requester="An",
            topic="dismissal",
            summary="x",
            opened_on=dt.date(2026, 2, 1),
        )
        self.login(self.cdcs_hoa)
        self.client.post(
            f"/phap-ly/{case.pk}/tai-lieu/", {"file": [SimpleUploadedFile("qd.pdf", blank_pdf())]}
        )
        document = case.documents.get()
        response = self.client.get(f"/phap-ly/{case.pk}/tai-lieu/{document.pk}/")
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment")

    def test_content_types_come_from_the_checked_kind(self) -> None:
        assert uploads.content_type_for("x.svg") == "application/octet-stream"
        assert uploads.content_type_for("x.html") == "application/octet-stream"
        assert uploads.content_type_for("a.PNG") == "image/png"


class SignedCopyCorpusTests(CorpusMixin, SignedWorld):
    stored = SignedCopy

    def post_file(self, upload):
        self.login(self.officer_minh)
        current = OutgoingDocument.objects.get(pk=self.issued.pk).signed_copy_id or 0
        response = self.client.post(
            reverse("issuing:signed_upload", args=[self.issued.pk]), {"file": upload, "current": current}
        )
        assert response.status_code == 400
        return response
