"""/healthz (alive, no database) and /readyz (database, migrations, worker heartbeats, disk), and the
heartbeat task that keeps itself queued once per queue."""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from trienkhai.core.models import WorkerHeartbeat
from trienkhai.core.tasks import HEARTBEAT_PATH, schedule_heartbeat, worker_heartbeat

ROOMY = override_settings(READY_MIN_FREE_BYTES=1)


def beat(queue: str, seconds_ago: int) -> None:
    WorkerHeartbeat.objects.update_or_create(
        queue=queue, defaults={"seen_at": timezone.now() - dt.timedelta(seconds=seconds_ago)}
    )


class HealthzTests(TestCase):
    def test_healthz_answers_ok_without_any_query_even_with_a_session(self):
        user = get_user_model().objects.create_user("tam", password="x")
        self.client.force_login(user)
        with self.assertNumQueries(0):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"ok")
        self.assertTrue(response["Content-Type"].startswith("text/plain"))

    def test_healthz_answers_head_and_refuses_post(self):
        self.assertEqual(self.client.head("/healthz").status_code, 200)
        self.assertEqual(self.client.post("/healthz").status_code, 405)

    @override_settings(SECURE_SSL_REDIRECT=True)
    def test_health_probes_over_plain_http_are_not_redirected(self):
        self.assertEqual(self.client.get("/healthz").status_code, 200)
        self.assertEqual(self.client.get("/").status_code, 301)


@ROOMY
class ReadyzTests(TestCase):
    def get(self):
        response = self.client.get("/readyz")
        return response, json.loads(response.content)

    def test_ready_when_every_check_passes(self):
        beat("default", 10)
        beat("slow", 10)
        response, body = self.get()
        self.assertEqual(response.status_code, 200, body)
        self.assertEqual(body["status"], "ok")
        self.assertEqual(set(body["checks"]), {"database", "migrations", "worker", "disk"})
        self.assertEqual(body["checks"]["migrations"], {"ok": True, "unapplied": 0})
        self.assertEqual(body["checks"]["worker"]["queues"]["default"]["age_seconds"], 10)

    def test_not_ready_without_any_worker_heartbeat(self):
        response, body = self.get()
        self.assertEqual(response.status_code, 503)
        self.assertEqual(body["status"], "fail")
        self.assertIsNone(body["checks"]["worker"]["queues"]["default"]["age_seconds"])
        self.assertTrue(body["checks"]["database"]["ok"])

    def test_not_ready_when_the_default_worker_beat_is_older_than_the_limit(self):
        beat("default", 301)
        beat("slow", 10)
        response, body = self.get()
        self.assertEqual(response.status_code, 503)
        queues = body["checks"]["worker"]["queues"]
        self.assertEqual((queues["default"]["ok"], queues["slow"]["ok"]), (False, True))
        self.assertEqual(queues["default"]["age_seconds"], 301)

    @override_settings(READY_WORKER_MAX_AGE_SECONDS=300, OCR_TASK_SECONDS=600)
    def test_slow_worker_may_be_silent_for_one_document_reading_more(self):
        beat("default", 10)
        beat("slow", 800)  # busy reading a scan: it beats only between readings
        self.assertEqual(self.get()[0].status_code, 200)
        beat("slow", 901)
        self.assertEqual(self.get()[0].status_code, 503)

    def test_not_ready_when_free_disk_is_below_the_threshold(self):
        beat("default", 0)
        beat("slow", 0)
        with override_settings(READY_MIN_FREE_BYTES=1 << 62):
            response, body = self.get()
        self.assertEqual(response.status_code, 503)
        self.assertFalse(body["checks"]["disk"]["ok"])

    def test_disk_is_measured_where_media_root_will_be_before_it_exists(self):
        with tempfile.TemporaryDirectory() as folder:
            with override_settings(MEDIA_ROOT=f"{folder}/media/not-yet"):
                _response, body = self.get()
        self.assertTrue(body["checks"]["disk"]["ok"], body["checks"]["disk"])

    def test_not_ready_while_a_migration_is_unapplied(self):
        beat("default", 0)
        beat("slow", 0)
        with mock.patch(
            "trienkhai.core.health.MigrationExecutor.migration_plan", return_value=[(object(), False)]
        ):
            response, body = self.get()
        self.assertEqual(response.status_code, 503)
        self.assertEqual(body["checks"]["migrations"], {"ok": False, "unapplied": 1})

    def test_database_down_is_503_without_the_error_text(self):
        error = OperationalError('could not connect to server "db-secret.internal" password=hunter2')
        with mock.patch.object(connection, "cursor", side_effect=error):
            response, body = self.get()
        self.assertEqual(response.status_code, 503)
        self.assertFalse(body["checks"]["database"]["ok"])
        self.assertNotIn(b"db-secret", response.content)
        self.assertNotIn(b"hunter2", response.content)

    def test_readyz_tells_no_version(self):
        beat("default", 0)
        beat("slow", 0)
        response, _body = self.get()
        self.assertNotIn(b"version", response.content.lower())
        self.assertNotIn("Server", response.headers)
        self.assertEqual(response["Cache-Control"].split(",")[0].strip(), "max-age=0")


class HeartbeatTaskTests(TestCase):
    def waiting(self, queue: str):
        return DBTaskResult.objects.filter(task_path=HEARTBEAT_PATH, status="READY", queue_name=queue)

    def test_heartbeat_records_the_time_and_queues_the_next_one_a_minute_later(self):
        before = timezone.now()
        worker_heartbeat.func("slow")
        self.assertGreaterEqual(WorkerHeartbeat.objects.get(queue="slow").seen_at, before)
        (next_beat,) = self.waiting("slow")
        self.assertGreaterEqual(next_beat.run_after, before + dt.timedelta(seconds=59))
        self.assertEqual(self.waiting("default").count(), 0)

    def test_scheduling_twice_leaves_one_waiting_heartbeat_per_queue(self):
        out = io.StringIO()
        call_command("schedule_heartbeats", stdout=out)
        call_command("schedule_heartbeats", stdout=out)
        self.assertEqual(self.waiting("default").count(), 1)
        self.assertEqual(self.waiting("slow").count(), 1)
        self.assertIn("Đã có lịch", out.getvalue())

    def test_duplicate_heartbeats_from_a_race_are_deleted(self):
        worker_heartbeat.using(queue_name="default").enqueue(queue="default")
        worker_heartbeat.using(queue_name="default").enqueue(queue="default")
        self.assertFalse(schedule_heartbeat(queue="default"))
        self.assertEqual(self.waiting("default").count(), 1)
