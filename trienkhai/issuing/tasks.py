"""Background tasks of `issuing` (django-tasks; run by `trienkhai db_worker`): PDF conversions and reading
back the signed copy of an issued document.

`convert_pdfs_task` takes a list of documents: a single preview or issued document, or a whole batch (one
reminder dispatch to each late unit), which it converts on every core. The pages poll each document's
`pdf_state`, and the signed copy's `read_state`. The work itself is in `conversion.py`; `workflow.py`
queues these tasks.
"""

from django_tasks import task

from . import conversion


@task()
def convert_pdfs_task(document_ids: list[int]) -> int:
    """Convert the documents to PDF and page images; returns how many are ready."""
    return conversion.convert_pdfs(document_ids=document_ids)


@task()
def read_signed_copy_task(signed_id: int) -> None:
    """Read the signed copy of an issued document back (OCR of a scan); its page polls the progress."""
    conversion.read_signed_copy(signed_id=signed_id)
