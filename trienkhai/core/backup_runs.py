"""Backups that happen (issue 23): every night the task worker writes a backup (core.backup) into the
storage `STORAGES["backups"]` (a directory by default, on another disk or object storage in production),
keeps the daily ones a week and one a week for a month, and once a week proves that the last one opens: it
is restored, in a separate process, into a scratch SQLite database and folder, and its row counts and file
digests are compared with its manifest. Each run leaves a `BackupRun` row; the administrators' home page
shows the age of the last good backup.

Only the storage API is used on the copies (save, open, listdir, delete), so any Django storage will do.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.utils import timezone

from .backup import BackupError, create_backup, file_hashes, read_manifest
from .models import BackupRun

NAME_RE = re.compile(r"^trienkhai-(\d{8})-(\d{6})\.zip$")
DRILL_TIMEOUT_SECONDS = 3600


def backup_storage() -> Storage:
    return storages["backups"]


def archive_name(at: dt.datetime) -> str:
    return timezone.localtime(at).strftime("trienkhai-%Y%m%d-%H%M%S.zip")


def archive_time(name: str) -> dt.datetime | None:
    """When the archive `name` was written, from its name (portable across storages); None if the name
    is not one of ours (a file someone else put there is never deleted)."""
    match = NAME_RE.match(name)
    if not match:
        return None
    naive = dt.datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S")
    return timezone.make_aware(naive)


def stored_archives() -> list[tuple[dt.datetime, str]]:
    """(when, name) of every archive in the backup storage, newest first."""
    _dirs, names = backup_storage().listdir("")
    found = [(when, name) for name in names if (when := archive_time(name)) is not None]
    return sorted(found, reverse=True)


def run_backup(*, now: dt.datetime | None = None) -> BackupRun:
    """Write a backup, copy it into the backup storage, record the run. A failure is recorded, not
    raised: the worker goes on and the home page shows the age of the last good one."""
    now = now or timezone.now()
    run = BackupRun.objects.create(kind=BackupRun.Kind.BACKUP, started_at=now)
    name = archive_name(now)
    try:
        with tempfile.TemporaryDirectory(prefix="trienkhai-backup-run-") as scratch:
            local = Path(scratch) / name
            summary = create_backup(path=local)
            with local.open("rb") as fh:
                stored = backup_storage().save(name, File(fh, name=name))
            run.name, run.size = stored, local.stat().st_size
            run.rows, run.files = summary.rows, summary.files
            if summary.missing:
                run.message = f"{len(summary.missing)} tệp có trong dữ liệu nhưng không có trong kho tệp."
        run.ok = True
    except Exception as exc:  # recorded for the administrators; a backup must never stop the worker
        run.ok, run.message = False, str(exc)[:2000]
    run.finished_at = timezone.now()
    run.save()
    return run


def prune_backups(*, now: dt.datetime | None = None) -> list[str]:
    """Apply the retention: every archive of the last BACKUP_KEEP_DAILY_DAYS days, then the newest of each
    week up to BACKUP_KEEP_WEEKLY_DAYS days; the rest is deleted. The newest archive is always kept.
    Returns the names deleted."""
    now = now or timezone.now()
    daily_from = now - dt.timedelta(days=settings.BACKUP_KEEP_DAILY_DAYS)
    weekly_from = now - dt.timedelta(days=settings.BACKUP_KEEP_WEEKLY_DAYS)
    archives = stored_archives()
    keep = {archives[0][1]} if archives else set()
    weeks_seen: set[tuple[int, int]] = set()
    for when, name in archives:  # newest first: the first one met in a week is that week's newest
        week = tuple(timezone.localtime(when).isocalendar()[:2])
        if when >= daily_from:
            keep.add(name)
            weeks_seen.add(week)  # type: ignore[arg-type]
        elif when >= weekly_from and week not in weeks_seen:
            keep.add(name)
            weeks_seen.add(week)  # type: ignore[arg-type]
    deleted = [name for _when, name in archives if name not in keep]
    for name in deleted:
        backup_storage().delete(name)
    return deleted


def _row_counts(database: Path, manifest_rows: dict[str, int]) -> dict[str, int]:
    """Rows per model label in the scratch SQLite file, read directly (no Django connection to it)."""
    counts = {}
    with sqlite3.connect(database) as db:
        for label in manifest_rows:
            table = apps.get_model(label)._meta.db_table
            counts[label] = db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
    return counts


def _command(*args: str, env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "trienkhai", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=DRILL_TIMEOUT_SECONDS,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"“trienkhai {args[0]}” thất bại: {(done.stderr or done.stdout).strip()[-500:]}")


def run_drill() -> BackupRun:
    """Restore the newest archive of the backup storage as the README tells an operator to (`trienkhai
    migrate` then `trienkhai restore`, in a new process) into a scratch SQLite file and folder, then
    compare every model's rows and every file's SHA-256 with the archive's manifest."""
    run = BackupRun.objects.create(kind=BackupRun.Kind.DRILL, started_at=timezone.now())
    try:
        archives = stored_archives()
        if not archives:
            raise BackupError("Chưa có bản sao lưu nào để diễn tập khôi phục.")
        run.name = archives[0][1]
        with tempfile.TemporaryDirectory(prefix="trienkhai-drill-") as scratch_dir:
            scratch = Path(scratch_dir)
            archive = scratch / run.name
            with backup_storage().open(run.name, "rb") as src, archive.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1024 * 1024)
            run.size = archive.stat().st_size
            manifest = read_manifest(archive)
            database, media = scratch / "drill.sqlite3", scratch / "media"
            env = {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{database}",
                "MEDIA_ROOT": str(media),
                "DJANGO_SETTINGS_MODULE": "trienkhai.settings",
                "SECRET_KEY": settings.SECRET_KEY or os.environ.get("SECRET_KEY", ""),
            }
            # The scratch restore must never reach the production files: no object storage for its media,
            # and its process counts no requests into the web processes' metrics.
            for name in ("MEDIA_STORAGE_URL", "PROMETHEUS_MULTIPROC_DIR"):
                env.pop(name, None)
            _command("migrate", "--noinput", env=env)
            _command("restore", str(archive), env=env)
            expected = manifest["rows"]
            counts = _row_counts(database, expected)
            wrong = [f"{label}: {counts[label]}/{n}" for label, n in expected.items() if counts[label] != n]
            files = {
                m[len("media/") :]: meta["sha256"]
                for m, meta in manifest["members"].items()
                if m.startswith("media/")
            }
            restored = file_hashes(media) if media.is_dir() else {}
            bad_files = sorted(name for name, digest in files.items() if restored.get(name) != digest)
            run.rows, run.files = sum(counts.values()), len(files)
            if wrong or bad_files:
                raise BackupError(
                    f"Số dòng khác bản sao lưu ({', '.join(wrong[:5])}); tệp khác: {', '.join(bad_files[:5])}."
                )
            run.message = f"Khớp {len(expected)} bảng, {run.rows} dòng và {run.files} tệp."
        run.ok = True
    except Exception as exc:  # recorded for the administrators, never raised into the worker
        run.ok, run.message = False, str(exc)[:2000]
    run.finished_at = timezone.now()
    run.save()
    return run


def last_good(kind: str = BackupRun.Kind.BACKUP) -> BackupRun | None:
    return BackupRun.objects.filter(kind=kind, ok=True).order_by("-started_at").first()
