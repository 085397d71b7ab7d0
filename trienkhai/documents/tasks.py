"""Background tasks of `documents` (django-tasks; run by the `db_worker` command in production)."""

from django_tasks import task

from . import workflow


@task()
def read_document_task(document_id: int) -> None:
    """OCR a stored scan; the review page polls the document's progress meanwhile."""
    workflow.read_queued_document(document_id=document_id)
