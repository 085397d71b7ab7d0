"""The one way a page hands out a spreadsheet (formulas escaped by `lib.xlsx`).

Small exports are built during the request. Above `settings.EXPORT_SYNC_MAX_ROWS` rows an export becomes an
`ExportJob` built on the task worker: a province's 26,000 members must not hold a web worker for a minute
(gunicorn kills it at 120 s, and the other users wait). The page shows the progress, then the file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.module_loading import import_string

from trienkhai.lib.xlsx import CONTENT_TYPE, Sheet, workbook_bytes

from .models import ExportJob

Builder = Callable[[dict, Any], list[Sheet]]
PROGRESS_EVERY = 1000  # rows between two progress updates of a job
FAILED = "Có lỗi hệ thống khi tạo tệp. Hãy thử lại hoặc báo quản trị viên."


def xlsx_response(sheets: Sequence[Sheet], filename: str) -> HttpResponse:
    response = HttpResponse(workbook_bytes(sheets), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_builder(function: Builder) -> Builder:
    """Mark `function(params, user) -> sheets` as one the task worker may run for an `ExportJob`. The first
    sheet holds the rows counted for the job's progress."""
    function.export_builder = True  # type: ignore[attr-defined]
    return function


def export_response(
    request: HttpRequest,
    builder: Builder,
    params: dict,
    *,
    rows: int,
    filename: str,
    title: str,
    back_url: str = "",
) -> HttpResponse:
    """The file itself when it has at most `EXPORT_SYNC_MAX_ROWS` rows; otherwise a job on the task
    worker and a redirect to its page (progress, then the download)."""
    user = request.user
    if not isinstance(user, User):  # only views behind login export
        raise PermissionDenied
    if rows <= settings.EXPORT_SYNC_MAX_ROWS:
        return xlsx_response(builder(params, user), filename)
    from .tasks import build_export_task

    job = ExportJob.objects.create(
        user=user,
        builder=f"{builder.__module__}.{builder.__qualname__}",
        params=params,
        title=title[:255],
        filename=filename[:255],
        back_url=back_url[:500],
        progress_total=rows,
    )
    build_export_task.enqueue(job.pk)
    return redirect("exports:job", job.pk)


def _counted(rows: Iterable[Sequence[Any]], job_id: int, start: list[int]) -> Iterator[Sequence[Any]]:
    # A plain UPDATE every PROGRESS_EVERY rows, outside any transaction: the polling page sees it at once.
    for row in rows:
        yield row
        start[0] += 1
        if start[0] % PROGRESS_EVERY == 0:
            ExportJob.objects.filter(pk=job_id).update(progress_done=start[0])


def build_export(*, job_id: int) -> None:
    """Body of the export task: rebuild the sheets, stream them into the file, keep it for the user."""
    job = ExportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.state != ExportJob.State.QUEUED:
        return
    ExportJob.objects.filter(pk=job_id).update(state=ExportJob.State.RUNNING)
    try:
        builder = import_string(job.builder)
        if not getattr(builder, "export_builder", False):
            raise ValueError(f"{job.builder} is not an export builder")
        done = [0]
        sheets = builder(job.params, job.user)
        # The first sheet holds the rows the view counted (`progress_total`); the others are notes.
        sheets[0] = dataclasses.replace(sheets[0], rows=_counted(sheets[0].rows, job.pk, done))
        job.file.save(f"{job.pk}.xlsx", ContentFile(workbook_bytes(sheets)), save=False)
    except Exception:
        ExportJob.objects.filter(pk=job_id).update(
            state=ExportJob.State.FAILED, message=FAILED, finished_at=timezone.now()
        )
        raise
    ExportJob.objects.filter(pk=job_id).update(
        state=ExportJob.State.DONE,
        file=job.file.name,
        progress_done=done[0],
        progress_total=max(done[0], job.progress_total),
        finished_at=timezone.now(),
    )
