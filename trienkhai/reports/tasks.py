"""Background tasks of `reports`: checking and importing an Excel file of reports. (The daily reminders
run with the other apps' daily jobs, `reports/daily.py`, from core's daily run.)"""

from __future__ import annotations

from django_tasks import task

from trienkhai.core.jobs import run_job

from . import workflow
from .models import ImportJob


@task()
def check_import_task(job_id: int) -> None:
    """Check an uploaded Excel file of reports; the job page polls its progress meanwhile."""
    run_job(ImportJob, job_id, lambda: workflow.check_import_job(job_id=job_id))


@task()
def import_task(job_id: int) -> None:
    """Import a checked Excel file of reports, all rows or none."""
    run_job(ImportJob, job_id, lambda: workflow.commit_import_job(job_id=job_id))
