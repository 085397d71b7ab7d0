"""The daily job of `core`: export files are kept EXPORT_KEEP_DAYS days, then deleted (they may hold
personal data; the job's row stays, and its page says to export again); and every background job whose
worker died (core.jobs: no heartbeat for JOB_STALE_SECONDS) is stored as failed, with the message its page
already shows; and, at the 07:00 run, each digest user's one message of what they have not read, and
every delivery that waits past its time (its worker was down) queued again."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from .delivery import requeue_due, send_digests
from .jobs import fail_dead_jobs
from .models import ExportJob


def run_daily(*, on: dt.date) -> int:
    """Delete the files of exports finished more than EXPORT_KEEP_DAYS days before `on`, fail the jobs
    whose worker died, send the digests and queue again the deliveries left waiting; how many of all."""
    cutoff = timezone.make_aware(
        dt.datetime.combine(on - dt.timedelta(days=settings.EXPORT_KEEP_DAYS), dt.time())
    )
    deleted = 0
    for job in ExportJob.objects.filter(finished_at__lt=cutoff).exclude(file=""):
        job.file.delete(save=True)
        deleted += 1
    return deleted + fail_dead_jobs() + send_digests() + requeue_due()
