"""The daily reminder job on the database-backed task worker (`trienkhai db_worker`).

Each run sends the day's reminders and queues the next run for 07:00 the next day, so one
`schedule_reminders` at start-up keeps it going. Cron is the alternative: `0 7 * * * trienkhai send_reminders`.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from trienkhai.core.jobs import run_job
from trienkhai.orgs.models import today

from . import workflow
from .models import ImportJob

RUN_AT = dt.time(7, 0)
TASK_PATH = "trienkhai.reports.tasks.daily_reminders"


@task()
def daily_reminders() -> int:
    from trienkhai.core.daily_jobs import run_all

    from .reminders import send_reminders

    sent = send_reminders(on=today())
    # The other apps' daily jobs (concerns escalated past their deadline, agreements about to expire).
    run_all(on=today())
    schedule_next()
    return sent


def next_run(now: dt.datetime | None = None) -> dt.datetime:
    """The next 07:00 local time strictly after `now`."""
    now = timezone.localtime(now or timezone.now())
    candidate = timezone.make_aware(dt.datetime.combine(now.date(), RUN_AT), now.tzinfo)
    if candidate <= now:
        candidate += dt.timedelta(days=1)
    return candidate


def schedule_next(now: dt.datetime | None = None) -> bool:
    """Make sure exactly one future run is queued; return True when one was added now."""
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").order_by("run_after")
    ids = list(queued.values_list("pk", flat=True))
    if ids:
        DBTaskResult.objects.filter(pk__in=ids[1:]).delete()  # duplicates from racing starts
        return False
    daily_reminders.using(run_after=next_run(now)).enqueue()
    return True


@task()
def check_import_task(job_id: int) -> None:
    """Check an uploaded Excel file of reports; the job page polls its progress meanwhile."""
    run_job(ImportJob, job_id, lambda: workflow.check_import_job(job_id=job_id))


@task()
def import_task(job_id: int) -> None:
    """Import a checked Excel file of reports, all rows or none."""
    run_job(ImportJob, job_id, lambda: workflow.commit_import_job(job_id=job_id))
