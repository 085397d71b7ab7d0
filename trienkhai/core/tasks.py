"""Background tasks of `core` (django-tasks; the `db_worker` command runs them in production): exports,
the workers' heartbeat, and the project's daily run at 07:00."""

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


# The daily run: every app's daily job (core/daily_jobs.py: the reports' reminders, concerns escalated past
# their deadline, agreements about to expire ...) at 07:00 local time. Each run queues the next one, so one
# `trienkhai schedule_reminders` at start-up keeps it going. Cron is the alternative:
# `0 7 * * * trienkhai daily_work`.
DAILY_AT = dt.time(7, 0)
DAILY_PATH = "trienkhai.core.tasks.daily_work"
# Where the daily run lived before it moved to core (issue 18): a run queued there by an older release is
# replaced when the run is scheduled again (at every deployment), never run beside the new one.
FORMER_DAILY_PATHS = ("trienkhai.reports.tasks.daily_reminders",)


@task()
def daily_work() -> int:
    """Run every app's daily job for today, then queue tomorrow's run; how many things they did or sent."""
    from .daily_jobs import run_all

    done = run_all(on=timezone.localdate())
    schedule_daily()
    return sum(done.values())


def next_daily_run(now: dt.datetime | None = None) -> dt.datetime:
    """The next 07:00 local time strictly after `now`."""
    now = timezone.localtime(now or timezone.now())
    candidate = timezone.make_aware(dt.datetime.combine(now.date(), DAILY_AT), now.tzinfo)
    if candidate <= now:
        candidate += dt.timedelta(days=1)
    return candidate


def schedule_daily(now: dt.datetime | None = None) -> bool:
    """Make sure exactly one future daily run is queued; return True when one was added now."""
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(task_path__in=FORMER_DAILY_PATHS, status="READY").delete()
    queued = DBTaskResult.objects.filter(task_path=DAILY_PATH, status="READY").order_by("run_after")
    ids = list(queued.values_list("pk", flat=True))
    if ids:
        DBTaskResult.objects.filter(pk__in=ids[1:]).delete()  # duplicates from racing starts
        return False
    daily_work.using(run_after=next_daily_run(now)).enqueue()
    return True


# The nightly backup (core/backup_runs.py) at BACKUP_AT local time, with the weekly restore drill after it
# on BACKUP_DRILL_WEEKDAY. Like the daily run, each run queues the next; `trienkhai schedule_reminders`
# (run at every start) makes sure one is queued.
BACKUP_PATH = "trienkhai.core.tasks.scheduled_backup"


@task()
def scheduled_backup() -> bool:
    """Back up, apply the retention, on the drill's weekday prove the newest archive opens; then queue the
    next night's run. True when every step worked."""
    from django.conf import settings

    from .backup_runs import prune_backups, run_backup, run_drill

    try:
        run = run_backup()
        ok = bool(run.ok)
        if ok:
            prune_backups()
        if timezone.localdate().weekday() == settings.BACKUP_DRILL_WEEKDAY:
            ok = bool(run_drill().ok) and ok
    finally:
        schedule_backups()
    return ok


def next_backup_run(now: dt.datetime | None = None) -> dt.datetime:
    """The next BACKUP_AT local time strictly after `now`."""
    from django.conf import settings

    now = timezone.localtime(now or timezone.now())
    candidate = timezone.make_aware(dt.datetime.combine(now.date(), settings.BACKUP_AT), now.tzinfo)
    if candidate <= now:
        candidate += dt.timedelta(days=1)
    return candidate


def schedule_backups(now: dt.datetime | None = None) -> bool:
    """Make sure exactly one future backup run is queued (none with BACKUP_SCHEDULE off); True when one was
    added now."""
    from django.conf import settings
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.filter(task_path=BACKUP_PATH, status="READY").order_by("run_after")
    if not settings.BACKUP_SCHEDULE:
        queued.delete()
        return False
    ids = list(queued.values_list("pk", flat=True))
    if ids:
        DBTaskResult.objects.filter(pk__in=ids[1:]).delete()
        return False
    # On the "slow" queue, idle at night: a backup (and the drill's restore) takes minutes at national
    # scale and must not hold up the short jobs of the default queue.
    scheduled_backup.using(queue_name="slow", run_after=next_backup_run(now)).enqueue()
    return True


@task()
def send_delivery(delivery_id: int) -> str:
    """One attempt at sending a notification on one channel (core.delivery.attempt: retries, back-off and
    fallback are queued from there)."""
    from .delivery import attempt

    return attempt(delivery_id)
