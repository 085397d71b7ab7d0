"""Background tasks of `issuing` (django-tasks; run by `trienkhai db_worker`): PDF conversions.

One task takes a list of documents: a single preview or issued document, or a whole batch (one reminder
dispatch to each late unit), which it converts on every core. The pages poll each document's `pdf_state`.
"""

from django_tasks import task

from . import workflow


@task()
def convert_pdfs_task(document_ids: list[int]) -> int:
    """Convert the documents to PDF and page images; returns how many are ready."""
    return workflow.convert_pdfs(document_ids=document_ids)
