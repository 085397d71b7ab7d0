"""The page of a large Excel export built on the task worker: progress, then the download. Only the user
who asked for the export sees it (404 for anyone else: job ids cannot be probed)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django_htmx.http import HttpResponseClientRefresh

from trienkhai.lib.xlsx import CONTENT_TYPE

from .http import AuthedRequest
from .models import ExportJob


def _job(request: AuthedRequest, job_id: int) -> ExportJob:
    return get_object_or_404(ExportJob, pk=job_id, user=request.user)


@login_required
@require_safe
def job(request: AuthedRequest, job_id: int) -> HttpResponse:
    return render(request, "core/export_job.html", {"job": _job(request, job_id)})


@login_required
@require_safe
def progress(request: AuthedRequest, job_id: int) -> HttpResponse:
    """HTMX partial polled while the file is built; reloads the page when it is ready or failed."""
    export = _job(request, job_id)
    if not export.running and request.htmx:
        return HttpResponseClientRefresh()
    return render(request, "core/_export_progress.html", {"job": export})


@login_required
@require_safe
def download(request: AuthedRequest, job_id: int) -> FileResponse:
    export = _job(request, job_id)
    if export.state != ExportJob.State.DONE or not export.file:
        raise Http404
    return FileResponse(
        export.file.open("rb"), as_attachment=True, filename=export.filename, content_type=CONTENT_TYPE
    )
