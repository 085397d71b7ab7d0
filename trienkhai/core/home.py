"""What `core` shows on the home page: to administrators (superusers), how old the last good backup is,
with a warning past BACKUP_WARN_HOURS, and the last restore drill."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from .models import BackupRun
from .todo import Panel


def panels(user, *, on: dt.date) -> list[Panel]:
    if not user.is_superuser:
        return []
    last = BackupRun.objects.filter(kind=BackupRun.Kind.BACKUP, ok=True).order_by("-started_at").first()
    failed = BackupRun.objects.filter(kind=BackupRun.Kind.BACKUP).order_by("-started_at").first()
    drill = BackupRun.objects.filter(kind=BackupRun.Kind.DRILL).order_by("-started_at").first()
    age_hours = None if last is None else int((timezone.now() - last.started_at).total_seconds() // 3600)
    context = {
        "last": last,
        "age_hours": age_hours,
        "age_days": None if age_hours is None else age_hours // 24,
        "stale": age_hours is None or age_hours > settings.BACKUP_WARN_HOURS,
        "warn_hours": settings.BACKUP_WARN_HOURS,
        "latest_failed": failed if failed is not None and failed.ok is False else None,
        "drill": drill,
    }
    return [Panel(template="core/_backup_panel.html", context=context, order=10)]
