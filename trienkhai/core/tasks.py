"""Background tasks of `core` (django-tasks; the `db_worker` command runs them in production)."""

from django_tasks import task


@task()
def build_export_task(job_id: int) -> None:
    """Build a large Excel export; its page polls the progress meanwhile."""
    from .exports import build_export

    build_export(job_id=job_id)
