"""Background tasks of `members` (django-tasks; the `db_worker` command runs them in production)."""

from django_tasks import task

from . import workflow
from .models import MemberImport

FAILED = "Có lỗi hệ thống khi xử lý tệp; chưa nhập dòng nào. Hãy thử lại hoặc báo quản trị viên."


def _run(import_id: int, step) -> None:
    job = MemberImport.objects.select_related("unit").filter(pk=import_id).first()
    if job is None:
        return
    try:
        step(job=job)
    except Exception:
        # The page must not poll "đang kiểm tra" forever; the rows were written in one transaction or not.
        MemberImport.objects.filter(pk=import_id).update(state=MemberImport.State.FAILED, message=FAILED)
        raise


@task()
def check_import_task(import_id: int) -> None:
    """Read and check an uploaded register; the import page polls the progress meanwhile."""
    _run(import_id, workflow.check_member_import)


@task()
def apply_import_task(import_id: int) -> None:
    """Write a confirmed import, all rows or none."""
    _run(import_id, workflow.apply_member_import)
