"""Background tasks of `documents` (django-tasks; run by the `db_worker` command in production).

Reading a document can take minutes (OCR of a scan, page by page), so it runs on its own queue, "slow",
served by its own worker (`make run` starts one per queue): a member import or the daily reminders on
"default" never wait behind it.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from django_tasks import task

from trienkhai.lib.docread import resume_tools, stop_tools

from . import workflow

SLOW_QUEUE = "slow"
_STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


@contextmanager
def tools_stop_on_signal() -> Iterator[None]:
    """While the block runs, SIGTERM or SIGINT first kills the running tesseract/pdftoppm and stops any
    page from starting (the reading ends as failed, with a message), then goes to the worker's own
    handler (db_worker: finish the current task, then exit). Without this the worker waited for every
    remaining page of the scan before it could stop."""
    if threading.current_thread() is not threading.main_thread():  # signals reach the main thread only
        yield
        return
    previous = {signum: signal.getsignal(signum) for signum in _STOP_SIGNALS}

    def handler(signum: int, frame: FrameType | None) -> None:
        stop_tools()
        before = previous[signal.Signals(signum)]
        if callable(before):
            before(signum, frame)

    for signum in _STOP_SIGNALS:
        signal.signal(signum, handler)
    try:
        yield
    finally:
        for signum, before in previous.items():
            signal.signal(signum, before)
        resume_tools()


@task(queue_name=SLOW_QUEUE)
def read_document_task(document_id: int) -> None:
    """Read a stored document (OCR of a scan included); the review page polls its progress meanwhile."""
    with tools_stop_on_signal():
        workflow.read_queued_document(document_id=document_id)
