"""Report forms in Excel: download a template (one CĐCS, or every CĐCS an officer enters), upload it,
follow the check on the task worker, see the problems or a preview, and import all rows or none."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from trienkhai.core.http import AuthedRequest
from trienkhai.core.jobs import JobBox, poll
from trienkhai.core.uploads import policy, refusal
from trienkhai.lib.periods import from_query, key
from trienkhai.lib.xlsx import CONTENT_TYPE
from trienkhai.orgs.models import Unit, today

from . import workflow
from .access import get_form_for_user, get_import_job_for_user, get_unit_role_for_user
from .excel import MAX_ROWS, template_bytes
from .models import ImportJob, ReportForm, SubmissionValue
from .period_names import period_name, period_picker
from .results_views import default_period
from .tasks import check_import_task, import_task


def template_units(form: ReportForm, unit: Unit, user) -> list[Unit]:
    """The units a template for `unit` lists: those of its subtree (today) that were sent the form's plan
    and whose reports the user may enter. One query."""
    return list(
        Unit.objects.subtree_of([unit.pk], on=today())
        .filter(plan_assignments__plan_id=form.plan_id)
        .filter(pk__in=Unit.objects.writable_by(user).values("pk"))
        .order_by("code")
    )


def _period(request: HttpRequest, form: ReportForm) -> tuple[int, int]:
    return from_query(request.GET, form.period_kind, default_period(form, today()))


@login_required
@require_safe
def excel_template(request: AuthedRequest, form_id: int, unit_id: int) -> HttpResponse:
    report_form = get_form_for_user(request, form_id)
    unit, _role = get_unit_role_for_user(request, unit_id, need="edit")
    year, index = _period(request, report_form)
    units = template_units(report_form, unit, request.user)
    stored: dict[int, dict] = {}
    rows = SubmissionValue.objects.filter(
        submission__form=report_form,
        submission__year=year,
        submission__index=index,
        submission__unit__in=units,
    ).values_list("submission__unit_id", "key", "raw", "number")
    for unit_pk, value_key, raw, number in rows:
        stored.setdefault(unit_pk, {})[value_key] = (raw, number)
    data = template_bytes(report_form, year, index, units, stored)
    response = HttpResponse(data, content_type=CONTENT_TYPE)
    name = f"mau-bao-cao-{report_form.pk}-{unit.code}-{key(report_form.period_kind, year, index)}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{_ascii(name)}"'
    return response


def _ascii(name: str) -> str:
    from trienkhai.lib.vn import fold

    return "".join(ch if ch.isalnum() or ch in "-._" else "-" for ch in fold(name))


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx) đã điền số liệu"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() != ".xlsx":
            raise forms.ValidationError(_("Chỉ nhận tệp Excel .xlsx (hãy dùng tệp mẫu)."))
        limit = settings.UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Tệp quá lớn (%(size)s MB); tối đa %(max)s MB.")
                % {"size": f"{upload.size / 1048576:.1f}".replace(".", ","), "max": f"{limit / 1048576:.0f}"}
            )
        problem = refusal(upload, policy(("xlsx",), max_bytes=limit))
        if problem:
            raise forms.ValidationError(problem)
        return upload


@login_required
def import_start(request: AuthedRequest, form_id: int, unit_id: int) -> HttpResponse:
    report_form = get_form_for_user(request, form_id)
    unit, role = get_unit_role_for_user(request, unit_id, need="edit")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = workflow.create_import_job(form=report_form, unit=unit, user=request.user, upload=upload)
        check_import_task.enqueue(job.pk)
        return redirect("reports:import_job", job.pk)
    year, index = _period(request, report_form)
    ctx = {
        "rf": report_form,
        "unit": unit,
        "role": role,
        "form": form,
        **period_picker(report_form.period_kind, year, index, this_year=today().year),
        "units": len(template_units(report_form, unit, request.user)),
        "max_rows": MAX_ROWS,
        "jobs": [
            j.show_dead_as_failed()
            for j in ImportJob.objects.filter(form=report_form, user=request.user).order_by("-created_at")[:5]
        ],
    }
    return render(request, "reports/import.html", ctx, status=400 if request.method == "POST" else 200)


@login_required
@require_safe
def import_job(request: AuthedRequest, job_id: int) -> HttpResponse:
    job = get_import_job_for_user(request, job_id).show_dead_as_failed()
    by_row: list = sorted(
        job.errors, key=lambda e: (e.get("sheet", ""), e.get("row", 0), e.get("column", ""))
    )
    ctx = {
        "job": job,
        "rf": job.form,
        "unit": job.unit,
        "errors": by_row,
        "period_label": period_name(job.form.period_kind, job.year, job.index) if job.year else "",
        "box": _import_box(job),
    }
    return render(request, "reports/import_job.html", ctx)


def _import_box(job: ImportJob) -> JobBox:
    return JobBox(
        job=job,
        poll_url=reverse("reports:import_progress", args=[job.pk]),
        id="import-progress",
        retry_url=reverse("reports:import", args=[job.form_id, job.unit_id]),
    )


@login_required
@require_safe
def import_progress(request: AuthedRequest, job_id: int) -> HttpResponse:
    """HTMX partial polled while the file is checked or imported; reloads the page when that is done."""
    return poll(request, _import_box(get_import_job_for_user(request, job_id)))


@login_required
@require_POST
def import_commit(request: AuthedRequest, job_id: int) -> HttpResponse:
    job = get_import_job_for_user(request, job_id)
    if workflow.confirm_import_job(job=job):
        import_task.enqueue(job.pk)
    else:
        messages.error(request, _("Lượt nhập này không ở trạng thái chờ xác nhận."))
    return redirect("reports:import_job", job.pk)
