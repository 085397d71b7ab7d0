"""What /readyz checks: the database answers, every migration is applied, each task queue's worker beat
recently, and the disk under MEDIA_ROOT has room. Each check says only ok or not and a number, never an
error text (it could name a host or a path) nor a version."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone


@dataclass
class Check:
    ok: bool
    detail: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, **self.detail}


def check_database() -> Check:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return Check(False, {"error": "unreachable"})
    return Check(True)


def check_migrations() -> Check:
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:
        return Check(False, {"error": "unreadable"})
    return Check(not plan, {"unapplied": len(plan)})


def worker_max_age(queue: str) -> int:
    """Seconds a queue's last beat may be old. The slow queue's worker runs one document reading at a time,
    up to OCR_TASK_SECONDS, and beats only between readings: it gets that much more."""
    allowed = settings.READY_WORKER_MAX_AGE_SECONDS
    if queue == "slow":
        allowed += settings.OCR_TASK_SECONDS
    return allowed


def check_workers(*, now: dt.datetime | None = None) -> Check:
    from .models import WorkerHeartbeat

    now = now or timezone.now()
    try:
        seen = dict(WorkerHeartbeat.objects.values_list("queue", "seen_at"))
    except Exception:
        return Check(False, {"error": "unreadable"})
    queues: dict[str, dict[str, Any]] = {}
    for queue in settings.TASK_QUEUES:
        at = seen.get(queue)
        age = None if at is None else max(0, int((now - at).total_seconds()))
        limit = worker_max_age(queue)
        queues[queue] = {"ok": age is not None and age <= limit, "age_seconds": age, "max_age_seconds": limit}
    return Check(all(q["ok"] for q in queues.values()), {"queues": queues})


def check_disk() -> Check:
    # A fresh install has no MEDIA_ROOT folder until the first upload: the disk it will be on is what counts.
    path = Path(settings.MEDIA_ROOT).resolve()
    while not path.exists() and path != path.parent:
        path = path.parent
    try:
        free = shutil.disk_usage(path).free
    except OSError:
        return Check(False, {"error": "unreadable"})
    minimum = settings.READY_MIN_FREE_BYTES
    return Check(free >= minimum, {"free_bytes": free, "min_free_bytes": minimum})


def readiness() -> dict[str, Check]:
    database = check_database()
    if not database.ok:
        # Without a database the other table checks can only fail, slowly: say so without trying.
        skipped = Check(False, {"error": "database unreachable"})
        return {"database": database, "migrations": skipped, "worker": skipped, "disk": check_disk()}
    return {
        "database": database,
        "migrations": check_migrations(),
        "worker": check_workers(),
        "disk": check_disk(),
    }
