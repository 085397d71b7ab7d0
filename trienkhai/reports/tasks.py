"""Background tasks of `reports`: checking and importing an Excel file of reports. (The daily reminders
run with the other apps' daily jobs, `reports/daily.py`, from core's daily run.)"""

from __future__ import annotations

from django_tasks import task

UNEXPECTED = "Có lỗi hệ thống khi xử lý tệp; chưa nhập dòng nào. Hãy thử lại hoặc báo quản trị viên."


def _run_import(job_id: int, step) -> None:
    """Run one step of an Excel import; whatever goes wrong, the job ends as failed with a message, so the
    page never polls "đang kiểm tra" for ever (the rows were written in one transaction, or none)."""
    from django.utils import timezone

    from .models import ImportJob

    try:
        step(job_id=job_id)
    except Exception:
        ImportJob.objects.filter(pk=job_id, state__in=ImportJob.RUNNING).update(
            state=ImportJob.State.FAILED,
            errors=[{"sheet": "", "row": 0, "column": "", "message": UNEXPECTED}],
            finished_at=timezone.now(),
        )
        raise


@task()
def check_import_task(job_id: int) -> None:
    """Check an uploaded Excel file of reports; the job page polls its progress meanwhile."""
    from .workflow import check_import_job

    _run_import(job_id, check_import_job)


@task()
def import_task(job_id: int) -> None:
    """Import a checked Excel file of reports, all rows or none."""
    from .workflow import commit_import_job

    _run_import(job_id, commit_import_job)
