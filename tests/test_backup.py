"""`trienkhai backup FILE` and `trienkhai restore FILE`: every row and every stored file, restored exactly
into an empty, migrated database; exit 2 with a Vietnamese message and nothing half-written on failure."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client, TransactionTestCase, override_settings

from trienkhai.core import backup
from trienkhai.core.backup import file_hashes
from trienkhai.core.models import Notification
from trienkhai.documents.tasks import queue_reading
from trienkhai.documents.workflow import ingest_upload
from trienkhai.plans.models import Plan
from trienkhai.reports.models import Evidence
from trienkhai.reports.workflow import open_submission, save_values, submit_submission

from .documents_world import IMMEDIATE, seed_bytes
from .reports_world import ReportWorld
from .world import PASSWORD

TRIENKHAI = Path(sys.executable).parent / "trienkhai"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def every_row() -> dict[str, list[dict]]:
    """Every row of every model (many-to-many included), as Python values, by model, in key order."""
    rows = {}
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        queryset = model._base_manager.order_by(model._meta.pk.name)
        rows[model._meta.label] = serializers.serialize("python", queryset)
    return rows


def run(command: str, *args: str) -> tuple[int, str]:
    """Run a management command in process; (exit code, stderr)."""
    err = io.StringIO()
    code = 0
    with contextlib.redirect_stderr(err):
        try:
            call_command(command, *args, stdout=io.StringIO())
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, err.getvalue()


class BackupWorld(TransactionTestCase):
    """Scratch media and backup folders, and the world to back up; no tests of its own."""

    def setUp(self) -> None:
        self.media = tempfile.mkdtemp(prefix="trienkhai-test-media-")
        self.scratch = Path(tempfile.mkdtemp(prefix="trienkhai-test-backup-"))
        self.override = override_settings(MEDIA_ROOT=self.media, TASKS=IMMEDIATE)
        self.override.enable()

    def tearDown(self) -> None:
        self.override.disable()
        shutil.rmtree(self.media, ignore_errors=True)
        shutil.rmtree(self.scratch, ignore_errors=True)

    def build_world(self):
        """The named test world and its yearly report, plus an uploaded document, a report with values,
        history, events, notifications and an evidence file, a session and a failed login."""

        class Built(ReportWorld):
            pass

        Built.setUpTestData()
        w = Built
        document, _ = ingest_upload(
            data=seed_bytes(), filename="ke-hoach-27.txt", owner_unit=w.commune, user=w.officer_minh
        )
        document = queue_reading(document)
        Plan.objects.filter(pk=w.plan.pk).update(document=document)
        submission = open_submission(form=w.form, unit=w.school, year=w.year, index=1)
        values = {
            "sessions": "4",
            "new_members": "12",
            "total_members": "85",
            "rate": "92,5",
            "spent": "3.500.000",
            w.narrative.key: "Đã tổ chức 4 buổi tuyên truyền Nghị quyết 43.",
        }
        save_values(submission=submission, values=values, lock_version=0, user=w.cdcs_hoa)
        submission.refresh_from_db()
        submit_submission(
            submission=submission, values=values, lock_version=submission.lock_version, user=w.cdcs_hoa
        )
        evidence = Evidence(submission=submission, name="biên bản.pdf", size=len(PDF), uploaded_by=w.cdcs_hoa)
        evidence.file.save("bien-ban.pdf", ContentFile(PDF), save=True)
        Client().force_login(w.cdcs_hoa)
        Client().post("/tai-khoan/dang-nhap/", {"username": "cdcs_hoa", "password": "sai"})
        return w


class BackupRestoreTests(BackupWorld):
    def test_backup_then_restore_into_an_empty_database_gives_back_every_row_and_file(self):
        self.build_world()
        before, files_before = every_row(), file_hashes(Path(self.media))
        for label in (
            "orgs.Unit",
            "orgs.Membership",
            "orgs.HistoricalUnit",
            "auth.User",
            "documents.Document",
            "plans.Plan",
            "reports.Submission",
            "reports.SubmissionValue",
            "reports.HistoricalSubmissionValue",
            "reports.SubmissionEvent",
            "reports.Evidence",
            "core.Notification",
            "sessions.Session",
            "axes.AccessAttempt",
        ):
            self.assertTrue(before[label], f"the test world has no {label}")
        self.assertEqual(len(files_before), 2)  # the document's original and the evidence

        archive = self.scratch / "sao-luu.zip"
        self.assertEqual(run("backup", str(archive)), (0, ""))

        call_command("flush", interactive=False, verbosity=0)  # an empty, migrated database
        shutil.rmtree(self.media)
        self.assertFalse(Notification.objects.exists())

        self.assertEqual(run("restore", str(archive)), (0, ""))
        after = every_row()
        self.assertEqual(sorted(after), sorted(before))
        for label, rows in before.items():
            self.assertEqual(after[label], rows, label)
        self.assertEqual(file_hashes(Path(self.media)), files_before)

        # Keys go on after the restored ones (PostgreSQL sequences were reset).
        extra = Notification.objects.create(user_id=before["auth.User"][0]["pk"], verb="x", text="x", key="x")
        self.assertGreater(extra.pk, max(row["pk"] for row in before["core.Notification"]))

    def test_the_archive_holds_a_manifest_with_every_file_hash(self):
        self.build_world()
        archive = self.scratch / "sao-luu.zip"
        backup.create_backup(path=archive)
        with zipfile.ZipFile(archive) as zf:
            manifest = json.loads(zf.read("manifest.json"))
            self.assertEqual(manifest["format"], "trienkhai-backup/1")
            media = {
                m[len("media/") :]: v["sha256"] for m, v in manifest["members"].items() if m != "data.jsonl"
            }
            self.assertEqual(media, file_hashes(Path(self.media)))
            self.assertEqual(manifest["rows"]["reports.Evidence"], 1)

    def test_restore_refuses_a_database_that_is_not_empty(self):
        w = self.build_world()
        archive = self.scratch / "sao-luu.zip"
        backup.create_backup(path=archive)
        before = every_row()
        code, message = run("restore", str(archive))
        self.assertEqual(code, 2)
        self.assertIn("Chỉ khôi phục vào cơ sở dữ liệu trống", message)
        self.assertEqual(every_row(), before)
        self.assertTrue(w.cdcs_hoa.__class__.objects.get(pk=w.cdcs_hoa.pk).check_password(PASSWORD))

    def test_a_damaged_archive_is_refused_before_anything_is_written(self):
        self.build_world()
        archive = self.scratch / "sao-luu.zip"
        backup.create_backup(path=archive)
        damaged = self.scratch / "hong.zip"
        with zipfile.ZipFile(archive) as src, zipfile.ZipFile(damaged, "w") as dst:
            for item in src.infolist():
                data = src.read(item)
                if item.filename.endswith(".pdf"):
                    data = data.replace(b"Catalog", b"Katalog")
                dst.writestr(item, data)
        call_command("flush", interactive=False, verbosity=0)
        shutil.rmtree(self.media)
        code, message = run("restore", str(damaged))
        self.assertEqual(code, 2)
        self.assertIn("bị hỏng", message)
        self.assertFalse(Notification.objects.exists())
        self.assertFalse(Path(self.media).exists() and any(Path(self.media).rglob("*")))

    def test_a_failed_backup_leaves_nothing_behind(self):
        self.build_world()
        archive = self.scratch / "sao-luu.zip"
        real_copy = backup._copy_into

        def failing_copy(zf, member, source):
            if member.startswith("media/"):
                raise OSError("đĩa đầy")
            return real_copy(zf, member, source)

        backup._copy_into = failing_copy
        try:
            code, message = run("backup", str(archive))
        finally:
            backup._copy_into = real_copy
        self.assertEqual(code, 2)
        self.assertIn("Không tạo được bản sao lưu", message)
        self.assertEqual(list(self.scratch.iterdir()), [])

    def test_a_backup_written_under_media_root_does_not_copy_itself(self):
        self.build_world()
        archive = Path(self.media) / "sao-luu.zip"
        backup.create_backup(path=archive)
        with zipfile.ZipFile(archive) as zf:
            names = zf.namelist()
        self.assertEqual(len([n for n in names if n.startswith("media/")]), 2)
        self.assertNotIn("media/sao-luu.zip", names)

    def test_backup_into_a_missing_folder_exits_2_in_vietnamese(self):
        code, message = run("backup", str(self.scratch / "khong-co" / "sao-luu.zip"))
        self.assertEqual(code, 2)
        self.assertIn("không tồn tại", message)


class CommandLineTests(TransactionTestCase):
    def test_restore_of_a_missing_file_exits_2_with_one_vietnamese_line(self):
        with tempfile.TemporaryDirectory(prefix="trienkhai-test-cli-") as folder:
            env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3", "MEDIA_ROOT": folder}
            result = subprocess.run(
                [str(TRIENKHAI), "restore", f"{folder}/khong-co.zip"],
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertEqual(result.stderr.strip(), f"Không tìm thấy tệp sao lưu “{folder}/khong-co.zip”.")


def fresh_database_url(scratch: Path) -> tuple[str, object]:
    """A brand-new database of the same kind as the suite's, and a function that drops it afterwards.

    The drill must follow the README on the database the federation runs: PostgreSQL gets a new database
    made with the suite's own role (CREATEDB), SQLite a new file."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return f"sqlite:///{scratch / 'fresh.sqlite3'}", lambda: None
    import psycopg

    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_restore_drill"[:63]
    params = {
        "host": settings_dict["HOST"] or "127.0.0.1",
        "port": settings_dict["PORT"] or 5432,
        "user": settings_dict["USER"],
        "password": settings_dict["PASSWORD"],
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(**params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    user, password = settings_dict["USER"], settings_dict["PASSWORD"]
    return f"postgres://{user}:{password}@{params['host']}:{params['port']}/{name}", drop


class ReadmeRestoreDrillTests(BackupWorld):
    """README, Backup and restore: `trienkhai backup`, then on a fresh database `trienkhai migrate` and
    `trienkhai restore`, exactly as written; every table and every file comes back identical."""

    def cli(self, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(TRIENKHAI), *args], env=env, capture_output=True, text=True, timeout=600)

    def test_readme_procedure_backup_fresh_database_migrate_restore_gives_identical_tables_and_files(self):
        self.build_world()
        first = self.scratch / "sao-luu.zip"
        self.assertEqual(run("backup", str(first)), (0, ""))

        url, drop = fresh_database_url(self.scratch)
        self.addCleanup(drop)
        media = self.scratch / "media-moi"
        env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media)}
        for args in (("migrate", "--noinput", "-v", "0"), ("restore", str(first))):
            done = self.cli(env, *args)
            self.assertEqual(done.returncode, 0, f"trienkhai {args[0]}: {done.stderr}")

        second = self.scratch / "sao-luu-lai.zip"
        done = self.cli(env, "backup", str(second))
        self.assertEqual(done.returncode, 0, done.stderr)
        with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
            rows_a, rows_b = (
                json.loads(a.read("manifest.json"))["rows"],
                json.loads(b.read("manifest.json"))["rows"],
            )
            self.assertEqual(rows_b, rows_a)
            self.assertGreater(sum(rows_a.values()), 100)
            self.assertEqual(b.read("data.jsonl").splitlines(), a.read("data.jsonl").splitlines())
        self.assertEqual(file_hashes(media), file_hashes(Path(self.media)))
        self.assertEqual(len(file_hashes(media)), 2)

    def test_a_freshly_migrated_database_counts_as_empty(self):
        # Every row migrations seed is declared (AppConfig.seeded_by_migrations), else restore refuses.
        call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", "concerns", "zero", verbosity=0, interactive=False)
        call_command("migrate", verbosity=0, interactive=False)
        self.assertEqual(backup._nonempty_models("default"), [])
