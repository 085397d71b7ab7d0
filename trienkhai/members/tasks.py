"""Background tasks of `members` (django-tasks; the `db_worker` command runs them in production)."""

from django_tasks import task

from trienkhai.core.jobs import run_job

from . import workflow
from .models import MemberImport


@task()
def check_import_task(import_id: int) -> None:
    """Read and check an uploaded register; the import page polls the progress meanwhile."""
    run_job(MemberImport, import_id, lambda: workflow.check_member_import(job_id=import_id))


@task()
def apply_import_task(import_id: int) -> None:
    """Write a confirmed import, all rows or none."""
    run_job(MemberImport, import_id, lambda: workflow.apply_member_import(job_id=import_id))
