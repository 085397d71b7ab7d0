"""Backups that happen (issue 23): the nightly run writes into STORAGES["backups"] and records itself, the
retention keeps a week of dailies and a month of weeklies, the weekly drill restores the newest archive in a
separate process and compares it, the task queues its next night, and administrators see the age of the
last good backup on their home page."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
import zipfile
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import TransactionTestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from trienkhai.core import backup_runs
from trienkhai.core.backup import BackupError
from trienkhai.core.models import BackupRun
from trienkhai.core.tasks import BACKUP_PATH, schedule_backups, scheduled_backup

from .world import World


def backups_in(folder: str) -> dict:
    return {
        **settings.STORAGES,
        "backups": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": folder},
        },
    }


class BackupStorageCase(TransactionTestCase):
    """Outside a test transaction, as on the worker: on PostgreSQL the dump opens its own REPEATABLE READ
    transaction, which cannot be set once a transaction has run a query."""

    def setUp(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="trienkhai-test-backups-")
        override = override_settings(STORAGES=backups_in(self.folder))
        override.enable()
        self.addCleanup(override.disable)

    def names(self) -> set[str]:
        return set(storages["backups"].listdir("")[1])


class RunTests(BackupStorageCase):
    def test_backup_is_written_to_the_backup_storage_and_recorded(self):
        run = backup_runs.run_backup()
        self.assertTrue(run.ok, run.message)
        self.assertEqual(self.names(), {run.name})
        self.assertEqual(run.size, (Path(self.folder) / run.name).stat().st_size)
        self.assertGreater(run.rows, 0)
        with zipfile.ZipFile(Path(self.folder) / run.name) as zf:
            self.assertIn("manifest.json", zf.namelist())

    def test_failed_backup_is_recorded_and_not_raised(self):
        with mock.patch.object(backup_runs, "create_backup", side_effect=BackupError("Đĩa đầy.")):
            run = backup_runs.run_backup()
        self.assertIs(run.ok, False)
        self.assertEqual(run.message, "Đĩa đầy.")
        self.assertIsNotNone(run.finished_at)
        self.assertEqual(self.names(), set())

    def test_retention_keeps_a_week_of_dailies_and_the_newest_of_each_week_for_a_month(self):
        now = timezone.make_aware(dt.datetime(2026, 12, 7, 3, 0))  # a Monday
        for days in range(0, 45):
            when = now - dt.timedelta(days=days, hours=1)
            storages["backups"].save(backup_runs.archive_name(when), ContentFile(b"x"))
        storages["backups"].save("notes.txt", ContentFile(b"not ours"))
        deleted = backup_runs.prune_backups(now=now)
        kept = sorted(backup_runs.archive_time(n).date() for n in self.names() if n != "notes.txt")
        daily = [d for d in kept if d > dt.date(2026, 11, 30)]
        self.assertEqual(len(daily), 7)
        weekly = [d for d in kept if d <= dt.date(2026, 11, 30)]
        # The newest of each ISO week older than the dailies, back to 31 days: Sundays 29/11, 22/11, 15/11
        # and the week of 6/11 (its newest inside the month: 06/11).
        self.assertEqual(
            weekly,
            [dt.date(2026, 11, 8), dt.date(2026, 11, 15), dt.date(2026, 11, 22), dt.date(2026, 11, 29)],
        )
        self.assertIn("notes.txt", self.names())
        self.assertEqual(len(deleted), 45 - len(kept))

    def test_backup_now_command_backs_up_records_and_prunes(self):
        import io

        from django.core.management import call_command

        old = backup_runs.archive_name(timezone.now() - dt.timedelta(days=60))
        storages["backups"].save(old, ContentFile(b"x"))
        out = io.StringIO()
        call_command("backup_now", stdout=out)
        self.assertIn("đã xóa 1 bản cũ", out.getvalue())
        self.assertTrue(BackupRun.objects.get().ok)
        self.assertNotIn(old, self.names())
        self.assertEqual(len(self.names()), 1)

    def test_drill_of_a_damaged_archive_fails_and_says_so(self):
        storages["backups"].save(backup_runs.archive_name(timezone.now()), ContentFile(b"PK\x03\x04 broken"))
        run = backup_runs.run_drill()
        self.assertIs(run.ok, False)
        self.assertIn("Không đọc được tệp sao lưu", run.message)

    def test_drill_restore_never_reaches_the_production_object_storage(self):
        backup_runs.run_backup()
        seen = {}

        def fake_run(args, env, **kwargs):
            seen.update(env)
            return subprocess.CompletedProcess(args, 2, "", "dừng ở đây")

        with (
            mock.patch.dict(os.environ, {"MEDIA_STORAGE_URL": "s3://bucket"}),
            mock.patch.object(backup_runs.subprocess, "run", side_effect=fake_run),
        ):
            run = backup_runs.run_drill()
        self.assertIs(run.ok, False)
        self.assertNotIn("MEDIA_STORAGE_URL", seen)
        self.assertTrue(seen["DATABASE_URL"].startswith("sqlite:///"))

    def test_drill_without_any_backup_fails(self):
        run = backup_runs.run_drill()
        self.assertIs(run.ok, False)
        self.assertIn("Chưa có bản sao lưu", run.message)


class DrillTests(BackupStorageCase):
    def test_drill_restores_the_newest_backup_into_a_scratch_database_with_the_same_counts(self):
        default_storage_file = "tests/drill.txt"
        storages["default"].save(default_storage_file, ContentFile("tệp thử".encode()))
        backup_runs.run_backup()
        run = backup_runs.run_drill()
        self.assertTrue(run.ok, run.message)
        self.assertIn("Khớp", run.message)
        self.assertGreater(run.rows, 0)
        self.assertGreaterEqual(run.files, 1)


class ScheduleTests(BackupStorageCase):
    def test_one_backup_is_queued_at_backup_at_however_often_scheduled(self):
        from django_tasks_db.models import DBTaskResult

        schedule_backups()
        self.assertFalse(schedule_backups())
        runs = DBTaskResult.objects.filter(task_path=BACKUP_PATH, status="READY")
        self.assertEqual(runs.count(), 1)
        self.assertEqual(timezone.localtime(runs.get().run_after).time(), settings.BACKUP_AT)
        self.assertEqual(runs.get().queue_name, "slow")  # never in front of the short jobs

    @override_settings(BACKUP_SCHEDULE=False)
    def test_schedule_off_queues_nothing(self):
        from django_tasks_db.models import DBTaskResult

        self.assertFalse(schedule_backups())
        self.assertFalse(DBTaskResult.objects.filter(task_path=BACKUP_PATH).exists())

    def test_the_task_backs_up_and_queues_the_next_night(self):
        from django_tasks_db.models import DBTaskResult

        not_drill_day = (timezone.localdate().weekday() + 1) % 7
        with override_settings(BACKUP_DRILL_WEEKDAY=not_drill_day):
            self.assertTrue(scheduled_backup.call())
        self.assertEqual(len(self.names()), 1)
        self.assertEqual(DBTaskResult.objects.filter(task_path=BACKUP_PATH, status="READY").count(), 1)


class HomePanelTests(World):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        from django.contrib.auth import get_user_model

        cls.admin = get_user_model().objects.create_superuser("admin_an", password="x")

    def record(self, *, hours_ago: float, ok: bool = True, kind: str = BackupRun.Kind.BACKUP) -> BackupRun:
        at = timezone.now() - dt.timedelta(hours=hours_ago)
        return BackupRun.objects.create(
            kind=kind, started_at=at, finished_at=at, ok=ok, size=2048, message="" if ok else "Đĩa đầy."
        )

    def home(self):
        self.login(self.admin)
        return self.client.get(reverse("home"))

    def test_administrator_sees_the_age_of_the_last_good_backup(self):
        self.record(hours_ago=5)
        response = self.home()
        self.assertContains(response, "Bản sao lưu tốt gần nhất: 5 giờ trước")
        self.assertContains(response, "alert-success")

    def test_administrator_is_warned_when_the_last_good_backup_is_too_old(self):
        self.record(hours_ago=24 * 3)
        self.record(hours_ago=1, ok=False)
        response = self.home()
        self.assertContains(response, "3 ngày trước")
        self.assertContains(response, f"Quá {settings.BACKUP_WARN_HOURS} giờ chưa có bản sao lưu mới")
        self.assertContains(response, "Đĩa đầy.")

    def test_administrator_is_warned_when_there_is_no_backup_at_all(self):
        self.assertContains(self.home(), "Chưa có bản sao lưu nào thành công")

    def test_officers_do_not_see_the_backup_panel(self):
        self.record(hours_ago=5)
        self.login(self.chairwoman_lan)
        self.assertNotContains(self.client.get(reverse("home")), 'id="backup-panel"')
