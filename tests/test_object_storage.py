"""MEDIA_STORAGE_URL: uploads, evidence, photos, issued documents and backups in an S3-compatible bucket
(moto's server on 127.0.0.1), through HTTP as the users upload and read them back."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import SimpleTestCase
from django.urls import reverse

from trienkhai.core.backup import storage_hashes
from trienkhai.core.object_storage import StorageUrlError, file_storages, s3_options
from trienkhai.issuing.models import SignedCopy

from .documents_world import DocumentWorld, seed_bytes
from .reports_world import ReportWorld
from .s3 import S3MediaMixin, bucket_keys, moto_server  # noqa: F401  (moto_server: the session fixture)
from .test_activities import ActivityTests, png
from .test_backup import BackupWorld, every_row, run
from .test_issuing_signed import SignedWorld
from .test_reports_flow import tiny_pdf


class StorageUrlTests(SimpleTestCase):
    def test_the_url_names_bucket_endpoint_region_and_prefix(self):
        options = s3_options("s3://hoso?endpoint_url=https://s3.ldld.vn&region=hn&prefix=/tinh/")
        self.assertEqual(
            options,
            {
                "bucket_name": "hoso",
                "endpoint_url": "https://s3.ldld.vn",
                "region_name": "hn",
                "location": "tinh",
            },
        )

    def test_uploads_and_backups_are_separate_folders_of_the_bucket(self):
        found = file_storages(media_storage_url="s3://hoso?prefix=tinh", backup_root=Path("/unused"))
        self.assertEqual(found["default"]["OPTIONS"]["location"], "tinh/media")
        self.assertEqual(found["backups"]["OPTIONS"]["location"], "tinh/backups")
        self.assertIsNone(found["default"]["OPTIONS"]["default_acl"])  # private: downloads go through the app

    def test_without_the_url_files_stay_on_disk_and_backups_in_backup_root(self):
        found = file_storages(media_storage_url="", backup_root=Path("/var/backups/trienkhai"))
        self.assertEqual(found["default"]["BACKEND"], "django.core.files.storage.FileSystemStorage")
        self.assertEqual(found["backups"]["OPTIONS"]["location"], "/var/backups/trienkhai")

    def test_a_mistyped_url_is_refused_with_what_is_wrong(self):
        with self.assertRaisesMessage(StorageUrlError, "s3://bucket"):
            s3_options("https://hoso")
        with self.assertRaisesMessage(StorageUrlError, "unknown parameter 'regoin'"):
            s3_options("s3://hoso?regoin=hn")


class S3EvidenceTests(S3MediaMixin, ReportWorld):
    def test_report_evidence_is_uploaded_to_the_bucket_and_downloaded_back(self):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        f = SimpleUploadedFile("bien-ban.pdf", tiny_pdf(), content_type="application/pdf")
        self.client.post(f"/bao-cao/{sub.pk}/minh-chung/", {"files": f})
        evidence = sub.evidence.get()
        self.assertEqual(bucket_keys(self.bucket), [f"media/{evidence.file.name}"])
        response = self.client.get(f"/bao-cao/{sub.pk}/minh-chung/{evidence.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), tiny_pdf())

    def test_evidence_lost_from_the_bucket_is_a_404(self):
        sub = self.school_submission()
        self.login(self.cdcs_hoa)
        f = SimpleUploadedFile("bien-ban.pdf", tiny_pdf(), content_type="application/pdf")
        self.client.post(f"/bao-cao/{sub.pk}/minh-chung/", {"files": f})
        evidence = sub.evidence.get()
        default_storage.delete(evidence.file.name)
        self.assertEqual(self.client.get(f"/bao-cao/{sub.pk}/minh-chung/{evidence.pk}/").status_code, 404)


class S3PhotoTests(S3MediaMixin, ActivityTests):
    """Every activity-photo test again, with the photos in the bucket."""

    def test_a_photo_is_read_back_from_the_bucket_inline(self):
        a = self.activity()
        self.login(self.cdcs_hoa)
        self.upload(a, SimpleUploadedFile("hoi-nghi.png", png()))
        photo = a.photos.get()
        self.assertIn(f"media/{photo.file.name}", bucket_keys(self.bucket))
        response = self.client.get(f"/hoat-dong/{a.pk}/anh/{photo.pk}/")
        self.assertEqual(b"".join(response.streaming_content), png())
        self.assertEqual(response["Content-Type"], "image/png")


class S3DocumentTests(S3MediaMixin, DocumentWorld):
    def test_an_uploaded_document_keeps_its_original_in_the_bucket(self):
        self.login(self.officer_minh)
        self.upload(seed_bytes(), "ke-hoach-27.txt")
        from trienkhai.documents.models import Document

        document = Document.objects.get()
        self.assertEqual(bucket_keys(self.bucket), [f"media/{document.original.name}"])
        response = self.client.get(reverse("documents:original", args=[document.pk]))
        self.assertEqual(b"".join(response.streaming_content), seed_bytes())


class S3IssuedDocumentTests(S3MediaMixin, SignedWorld):
    def test_the_issued_draft_and_its_signed_copy_are_kept_in_the_bucket(self):
        # The bytes uploaded, kept: a second rendering differs in the zip's timestamps across a second.
        uploaded = self.issued_bytes()
        self.upload(uploaded)
        signed = SignedCopy.objects.get(document=self.issued)
        keys = bucket_keys(self.bucket)
        self.assertIn(f"media/{self.issued.docx.name}", keys)
        self.assertIn(f"media/{signed.file.name}", keys)
        self.login(self.officer_minh)
        draft = self.client.get(reverse("issuing:docx", args=[self.issued.pk]))
        self.assertEqual(draft.status_code, 200)
        download = self.client.get(reverse("issuing:signed_file", args=[self.issued.pk, signed.pk]))
        self.assertEqual(b"".join(download.streaming_content), uploaded)


class S3BackupTests(S3MediaMixin, BackupWorld):
    def test_backup_then_restore_on_the_bucket_gives_back_every_row_and_file(self):
        self.build_world()
        before, files_before = every_row(), storage_hashes()
        self.assertEqual(len(files_before), 2)  # the document's original and the evidence
        archive = self.scratch / "sao-luu.zip"
        self.assertEqual(run("backup", str(archive)), (0, ""))

        call_command("flush", interactive=False, verbosity=0)
        for name in files_before:
            default_storage.delete(name)
        self.assertEqual(bucket_keys(self.bucket, "media/"), [])

        self.assertEqual(run("restore", str(archive)), (0, ""))
        self.assertEqual(storage_hashes(), files_before)
        after = every_row()
        for label, rows in before.items():
            self.assertEqual(after[label], rows, label)

    def test_backups_are_kept_in_the_bucket_beside_the_uploads_not_among_them(self):
        with tempfile.TemporaryDirectory(prefix="trienkhai-test-") as folder:
            archive = Path(folder) / "sao-luu.zip"
            self.assertEqual(run("backup", str(archive)), (0, ""))
            with archive.open("rb") as fh:
                name = storages["backups"].save("trienkhai-2026-12-07.zip", fh)
        self.assertEqual(bucket_keys(self.bucket, "backups/"), [f"backups/{name}"])
        self.assertEqual(storage_hashes(), {})  # a backup is not an upload: the next backup leaves it out
        self.assertEqual(storages["backups"].open(name).read()[:2], b"PK")


del ActivityTests  # run once, in tests/test_activities.py
