"""Background tasks of `core` (django-tasks; the `db_worker` command runs them in production)."""

import datetime as dt

from django.utils import timezone
from django_tasks import task


@task()
def build_export_task(job_id: int) -> None:
    """Build a large Excel export; its page polls the progress meanwhile."""
    from .exports import build_export

    build_export(job_id=job_id)


HEARTBEAT_PATH = "trienkhai.core.tasks.worker_heartbeat"
HEARTBEAT_EVERY = dt.timedelta(minutes=1)


@task()
def worker_heartbeat(queue: str) -> None:
    """Record that the worker of `queue` is alive, then queue the next beat a minute later on that queue."""
    from .models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(queue=queue, defaults={"seen_at": timezone.now()})
    schedule_heartbeat(queue=queue)


def schedule_heartbeat(*, queue: str, now: dt.datetime | None = None) -> bool:
    """Make sure exactly one heartbeat is waiting on `queue`; return True when one was added now.

    The running beat is no longer READY when it calls this, so it always queues its successor; a second
    start-up (or a race with the running beat) leaves duplicates, which the next call deletes.
    """
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=HEARTBEAT_PATH, status="READY", queue_name=queue)
    ids = list(waiting.order_by("run_after").values_list("pk", flat=True))
    if ids:
        DBTaskResult.objects.filter(pk__in=ids[1:]).delete()
        return False
    worker_heartbeat.using(queue_name=queue, run_after=(now or timezone.now()) + HEARTBEAT_EVERY).enqueue(
        queue=queue
    )
    return True
