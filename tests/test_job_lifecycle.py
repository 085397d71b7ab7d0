"""One lifecycle for background jobs (core.jobs, issue 18): for each job (the member import, the report
Excel import, the reading of a document), a worker that crashes in the middle, and one that dies without
raising (killed: the row stays "running" and its heartbeat ages), end as failed with a Vietnamese message
on the page that polls, never polling for ever and never showing a traceback."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from django.utils import timezone

from trienkhai.core.daily_jobs import run_all
from trienkhai.core.jobs import DIED, IMPORT_CRASHED
from trienkhai.documents.models import READ_CRASHED, STALE_MESSAGE, Document
from trienkhai.documents.tasks import queue_reading
from trienkhai.documents.workflow import ingest_upload
from trienkhai.members.models import Member, MemberImport
from trienkhai.reports.models import ImportJob

from .daily_world import HEADERS, member_rows, xlsx
from .documents_world import DocumentWorld, seed_bytes
from .test_members_import import ImportFlow
from .test_reports_excel import ExcelWorld


class Killed(SystemExit):
    """Stands for the worker process being killed: not an Exception, so nothing in the job catches it,
    and the row is left as the dead worker left it."""


@contextmanager
def dies_midway(target: str, error: BaseException) -> Iterator[list[int]]:
    """Replace the reader at `target` by one that reports the first of ten steps, then raises `error`."""
    reported: list[int] = []

    def reader(*args: Any, progress: Callable[[int, int], None] | None = None, **kwargs: Any) -> None:
        assert progress is not None
        progress(1, 10)
        reported.append(1)
        raise error

    with mock.patch(target, reader):
        yield reported


def age_heartbeat(model: type[Any], pk: int) -> None:
    model.objects.filter(pk=pk).update(heartbeat_at=timezone.now() - dt.timedelta(hours=1))


class PollingPage:
    """What the user's page sees when it polls a job that has ended badly."""

    def assert_failed_on_poll(self: Any, url: str, message: str) -> None:
        partial = self.client.get(url)
        self.assertContains(partial, message)
        self.assertNotContains(partial, "hx-trigger")  # the polling stops
        self.assertNotContains(partial, "Traceback")
        refresh = self.client.get(url, headers={"HX-Request": "true"})
        self.assertEqual(refresh.headers.get("HX-Refresh"), "true")  # the page reloads with the failure


class MemberImportJobTests(PollingPage, ImportFlow):
    def upload_dying(self, error: BaseException) -> MemberImport:
        self.login(self.officer_minh)
        with dies_midway("trienkhai.members.workflow.check_rows", error) as reported:
            self.upload(xlsx([HEADERS, *member_rows(3)]))
        self.assertEqual(reported, [1])
        return self.last_job()

    def test_a_member_import_whose_worker_raises_midway_is_failed_on_its_polling_page(self):
        members = Member.objects.count()
        job = self.upload_dying(RuntimeError("boom"))
        self.assert_failed_on_poll(f"/doan-vien/nhap/{job.pk}/tien-do/", IMPORT_CRASHED)
        self.assertContains(self.client.get(f"/doan-vien/nhap/{job.pk}/"), IMPORT_CRASHED)
        job.refresh_from_db()
        self.assertEqual((job.state, Member.objects.count()), (MemberImport.State.FAILED, members))

    def test_a_member_import_whose_worker_died_without_raising_is_failed_on_its_polling_page(self):
        job = self.upload_dying(Killed())
        job.refresh_from_db()
        self.assertEqual((job.state, job.progress_done), (MemberImport.State.CHECKING, 1))
        self.assertContains(self.client.get(f"/doan-vien/nhap/{job.pk}/tien-do/"), "hx-trigger")  # alive
        age_heartbeat(MemberImport, job.pk)
        self.assert_failed_on_poll(f"/doan-vien/nhap/{job.pk}/tien-do/", DIED)
        self.assertEqual(run_all(on=dt.date.today())["trienkhai.core.daily"], 1)  # and stored by the sweep
        job.refresh_from_db()
        self.assertEqual((job.state, job.message), (MemberImport.State.FAILED, DIED))


class ReportImportJobTests(PollingPage, ExcelWorld):
    def upload_dying(self, error: BaseException) -> ImportJob:
        data = self.template(self.officer_minh, self.commune)
        with dies_midway("trienkhai.reports.excel.check_file", error) as reported:
            job = self.upload(self.officer_minh, self.commune, data)
        self.assertEqual(reported, [1])
        return job

    def test_a_report_import_whose_worker_raises_midway_is_failed_on_its_polling_page(self):
        job = self.upload_dying(RuntimeError("boom"))
        self.assert_failed_on_poll(f"/bao-cao/nhap-excel/{job.pk}/tien-do/", IMPORT_CRASHED)
        self.assertContains(self.client.get(f"/bao-cao/nhap-excel/{job.pk}/"), IMPORT_CRASHED)
        self.assertEqual(job.state, ImportJob.State.FAILED)

    def test_a_report_import_whose_worker_died_without_raising_is_failed_on_its_polling_page(self):
        job = self.upload_dying(Killed())
        self.assertEqual((job.state, job.progress_done), (ImportJob.State.CHECKING, 1))
        age_heartbeat(ImportJob, job.pk)
        self.assert_failed_on_poll(f"/bao-cao/nhap-excel/{job.pk}/tien-do/", DIED)
        self.assertContains(self.client.get(f"/bao-cao/nhap-excel/{job.pk}/"), DIED)


class DocumentReadingJobTests(PollingPage, DocumentWorld):
    def read_dying(self, error: BaseException) -> Document:
        document, _ = ingest_upload(
            data=seed_bytes(), filename="ke-hoach-27.txt", owner_unit=self.commune, user=self.officer_minh
        )
        with dies_midway("trienkhai.documents.workflow.read_bytes", error) as reported:
            queue_reading(document)  # the worker's run (tasks run at once here)
        self.assertEqual(reported, [1])
        document.refresh_from_db()
        return document

    def test_a_reading_whose_worker_raises_midway_is_failed_on_its_polling_page(self):
        document = self.read_dying(RuntimeError("boom"))
        self.login(self.officer_minh)
        self.assert_failed_on_poll(f"/van-ban/{document.pk}/tien-do/", READ_CRASHED)
        self.assertContains(self.client.get(f"/van-ban/{document.pk}/"), READ_CRASHED)
        self.assertEqual(document.read_state, Document.ReadState.FAILED)

    def test_a_reading_whose_worker_died_without_raising_is_failed_on_its_polling_page(self):
        document = self.read_dying(Killed())
        self.assertEqual((document.read_state, document.progress_done), (Document.ReadState.READING, 1))
        age_heartbeat(Document, document.pk)
        self.login(self.officer_minh)
        self.assert_failed_on_poll(f"/van-ban/{document.pk}/tien-do/", STALE_MESSAGE)
