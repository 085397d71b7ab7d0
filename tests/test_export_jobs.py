"""Large Excel exports run on the task worker: above EXPORT_SYNC_MAX_ROWS the member register's export
becomes a job with progress, then a download for the user who asked (only them); below it stays immediate."""

from __future__ import annotations

import datetime as dt
import io
from unittest import mock

from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.test import override_settings
from django.utils import timezone
from openpyxl import load_workbook

from trienkhai.core import exports
from trienkhai.core.daily_jobs import run_all
from trienkhai.core.models import ExportJob

from .daily_world import DailyWorld

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class ExportJobTests(DailyWorld):
    def export(self):
        self.login(self.officer_minh)
        return self.client.post(f"/doan-vien/don-vi/{self.school.pk}/xuat-excel/", {"purpose": "report"})

    def names(self, content: bytes) -> list:
        ws = load_workbook(io.BytesIO(content)).worksheets[0]
        return sorted(row[0].value for row in ws.iter_rows(min_row=2))

    def test_a_small_export_is_the_file_itself(self):
        response = self.export()
        assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
        assert self.names(response.content) == ["Nguyễn Văn An", "Trần Thị Bình"]
        assert not ExportJob.objects.exists()

    @override_settings(EXPORT_SYNC_MAX_ROWS=1)
    def test_a_large_export_becomes_a_job_then_a_download(self):
        response = self.export()
        job = ExportJob.objects.get()
        self.assertRedirects(response, f"/xuat-excel/{job.pk}/")
        assert (job.state, job.user, job.progress_done) == ("done", self.officer_minh, 2)
        page = self.client.get(f"/xuat-excel/{job.pk}/").content.decode()
        assert 'id="export-download"' in page and "Tệp đã sẵn sàng" in page
        download = self.client.get(f"/xuat-excel/{job.pk}/tai-ve/")
        assert download.status_code == 200
        assert download["Content-Disposition"].startswith("attachment")
        assert self.names(b"".join(download.streaming_content)) == ["Nguyễn Văn An", "Trần Thị Bình"]

    @override_settings(EXPORT_SYNC_MAX_ROWS=1, TASKS=DB_TASKS)
    def test_the_page_polls_the_progress_until_the_worker_has_built_the_file(self):
        self.export()
        job = ExportJob.objects.get()
        assert job.state == "queued"
        page = self.client.get(f"/xuat-excel/{job.pk}/").content.decode()
        assert f'hx-get="/xuat-excel/{job.pk}/tien-do/"' in page and "export-download" not in page
        assert self.client.get(f"/xuat-excel/{job.pk}/tai-ve/").status_code == 404
        real_update = QuerySet.update
        with (
            mock.patch.object(exports, "PROGRESS_EVERY", 1),
            mock.patch.object(QuerySet, "update", autospec=True, side_effect=real_update) as update,
        ):
            exports.build_export(job_id=job.pk)
        steps = [
            c.kwargs["progress_done"] for c in update.call_args_list if set(c.kwargs) == {"progress_done"}
        ]
        assert steps == [1, 2]  # the count went up row by row while the file was written
        polled = self.client.get(f"/xuat-excel/{job.pk}/tien-do/", HTTP_HX_REQUEST="true")
        assert polled.headers.get("HX-Refresh") == "true"
        assert self.client.get(f"/xuat-excel/{job.pk}/tai-ve/").status_code == 200

    @override_settings(EXPORT_SYNC_MAX_ROWS=1)
    def test_only_the_user_who_asked_sees_the_job_and_its_file(self):
        self.export()
        job = ExportJob.objects.get()
        for user in (self.cdcs_hoa, self.chairwoman_lan, self.outsider):
            self.login(user)
            for suffix in ("", "tien-do/", "tai-ve/"):
                assert self.client.get(f"/xuat-excel/{job.pk}/{suffix}").status_code == 404, (user, suffix)

    @override_settings(EXPORT_SYNC_MAX_ROWS=1)
    def test_a_failed_build_ends_the_job_as_failed_with_a_message(self):
        with mock.patch("trienkhai.core.exports.workbook_bytes", side_effect=RuntimeError("đĩa đầy")):
            self.export()
        job = ExportJob.objects.get()
        assert job.state == "failed" and not job.file
        page = self.client.get(f"/xuat-excel/{job.pk}/").content.decode()
        assert 'id="export-failed"' in page and "Có lỗi hệ thống khi tạo tệp" in page

    @override_settings(EXPORT_SYNC_MAX_ROWS=1, EXPORT_KEEP_DAYS=7)
    def test_the_daily_job_deletes_export_files_after_the_keeping_days(self):
        self.export()
        job = ExportJob.objects.get()
        name = job.file.name
        finished = timezone.localdate(job.finished_at)
        assert run_all(on=finished + dt.timedelta(days=7))["trienkhai.core.daily"] == 0
        assert run_all(on=finished + dt.timedelta(days=8))["trienkhai.core.daily"] == 1
        job.refresh_from_db()
        assert not job.file and not default_storage.exists(name)
        page = self.client.get(f"/xuat-excel/{job.pk}/").content.decode()
        assert 'id="export-expired"' in page and "export-download" not in page
        assert self.client.get(f"/xuat-excel/{job.pk}/tai-ve/").status_code == 404
