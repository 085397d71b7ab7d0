"""Reading documents is bounded (issue 26, hostile finding 4): pages at upload, time per task, a queue of
its own, a clean stop on SIGTERM, and no document left "reading" for ever."""

from __future__ import annotations

import datetime as dt
import os
import signal
import threading
import time

import pytest
from django.conf import settings
from django.test import SimpleTestCase, override_settings
from django.utils import timezone

from trienkhai.documents import tasks
from trienkhai.documents.models import STALE_MESSAGE, Document
from trienkhai.lib.docread import Deadline, TimeLimit
from trienkhai.lib.docread import pdf as docread_pdf

from .docread.util import require_tools
from .documents_world import DocumentWorld
from .upload_corpus import blank_pdf


class PageCapTests(DocumentWorld):
    def test_a_2000_page_pdf_is_refused_at_upload_before_anything_is_queued(self) -> None:
        self.login(self.officer_minh)
        response = self.upload(blank_pdf(2000), "2000-trang.pdf")
        self.assertContains(response, "Tệp PDF có 2.000 trang, quá giới hạn 50 trang", status_code=400)
        self.assertFalse(Document.objects.exists())

    @override_settings(OCR_MAX_PAGES=3)
    def test_the_page_cap_is_a_setting(self) -> None:
        self.login(self.officer_minh)
        response = self.upload(blank_pdf(4), "bon-trang.pdf")
        self.assertContains(response, "quá giới hạn 3 trang", status_code=400)
        self.assertFalse(Document.objects.exists())


class TimeLimitTests(DocumentWorld):
    @override_settings(OCR_TASK_SECONDS=1)
    def test_ocr_past_the_time_limit_fails_the_document_with_the_reason(self) -> None:
        require_tools("pdftoppm", "pdftotext")
        original = docread_pdf._tesseract

        def slow_tesseract(image, *, threads=None, deadline=None):  # noqa: ANN001
            time.sleep(0.4)  # a page of OCR, much shortened
            return "Chữ trên trang"

        docread_pdf._tesseract = slow_tesseract
        started = time.monotonic()
        try:
            self.login(self.officer_minh)
            response = self.upload(blank_pdf(40), "ban-quet.pdf")  # 40 pages: some 8 s without the limit
        finally:
            docread_pdf._tesseract = original
        self.assertLess(time.monotonic() - started, 6)
        self.assertContains(response, "vượt thời gian cho phép (1 giây)", status_code=400)
        self.assertFalse(Document.objects.exists())

    def test_a_tool_gets_only_the_time_left_before_the_deadline(self) -> None:
        started = time.monotonic()
        with pytest.raises(TimeLimit, match="vượt thời gian cho phép"):
            docread_pdf._run(["sleep", "30"], deadline=Deadline.after(1))
        self.assertLess(time.monotonic() - started, 5)


class StopTests(SimpleTestCase):
    def test_sigterm_kills_the_running_tool_and_then_reaches_the_workers_handler(self) -> None:
        received: list[int] = []
        before = signal.signal(signal.SIGTERM, lambda signum, frame: received.append(signum))  # db_worker's
        timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGTERM))
        started = time.monotonic()
        try:
            timer.start()
            with tasks.tools_stop_on_signal(), pytest.raises(TimeLimit, match="máy chủ khởi động lại"):
                docread_pdf._run(["sleep", "30"])  # stands for a tesseract run of several minutes
        finally:
            timer.cancel()
            signal.signal(signal.SIGTERM, before)
        self.assertLess(time.monotonic() - started, 5)
        self.assertEqual(received, [signal.SIGTERM])
        self.assertFalse(docread_pdf._CHILDREN)
        docread_pdf._run(["true"])  # the next task of a worker that goes on runs its tools again

    def test_reading_runs_on_its_own_queue(self) -> None:
        self.assertEqual(tasks.read_document_task.queue_name, "slow")
        self.assertEqual(settings.TASKS["default"]["QUEUES"], ["default", "slow"])


class StaleReadingTests(DocumentWorld):
    def reading_since(self, minutes: int) -> Document:
        """A reading whose worker last reported `minutes` ago."""
        document = self.ingest_seed()
        Document.objects.filter(pk=document.pk).update(
            read_state=Document.ReadState.READING,
            heartbeat_at=timezone.now() - dt.timedelta(minutes=minutes),
        )
        return document

    @override_settings(JOB_STALE_SECONDS=600)
    def test_a_reading_whose_worker_died_is_failed_with_a_message_when_its_page_is_opened(self) -> None:
        document = self.reading_since(60)
        self.login(self.officer_minh)
        page = self.client.get(f"/van-ban/{document.pk}/")
        self.assertContains(page, STALE_MESSAGE)
        self.assertNotContains(self.client.get(f"/van-ban/{document.pk}/tien-do/"), "hx-trigger")
        document.refresh_from_db()
        self.assertEqual(document.read_state, Document.ReadState.READING)  # a GET writes nothing

    def test_the_daily_job_records_a_reading_whose_worker_died_as_failed(self) -> None:
        from trienkhai.core.daily_jobs import run_all

        document = self.reading_since(0)
        assert run_all(on=dt.date.today())["trienkhai.core.daily"] == 0  # a reading within its limit
        document = self.reading_since(60)
        assert run_all(on=dt.date.today())["trienkhai.core.daily"] == 1
        document.refresh_from_db()
        self.assertEqual((document.read_state, document.error), (Document.ReadState.FAILED, STALE_MESSAGE))

    @override_settings(JOB_STALE_SECONDS=600)
    def test_a_reading_within_its_time_limit_goes_on(self) -> None:
        document = self.reading_since(5)
        self.login(self.officer_minh)
        self.assertNotContains(self.client.get(f"/van-ban/{document.pk}/tien-do/"), STALE_MESSAGE)
        document.refresh_from_db()
        self.assertEqual(document.read_state, Document.ReadState.READING)
