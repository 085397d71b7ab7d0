"""Prometheus metrics (issue 23): off by default; /metrics only with the bearer token or, without one,
from the machine itself not through the proxy; requests, latency and errors counted; queue depth and age,
failed tasks and jobs, reminders, the last good backup read from the database; several processes added up
through PROMETHEUS_MULTIPROC_DIR."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from unittest import mock

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from trienkhai.core import metrics
from trienkhai.core.models import BackupRun, Notification

from .world import World

TOKEN = "ma-bi-mat-cua-may-giam-sat"


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            found[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return found


class FreshCache(TestCase):
    def setUp(self) -> None:
        metrics.DatabaseCollector._cache = None


@override_settings(METRICS_ENABLED=True, METRICS_TOKEN=TOKEN)
class AccessTests(FreshCache):
    def test_off_by_default_is_404_even_with_the_token(self):
        with override_settings(METRICS_ENABLED=False):
            response = self.client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        self.assertEqual(response.status_code, 404)

    def test_token_opens_metrics(self):
        response = self.client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("trienkhai_task_queue_depth", response.content.decode())

    def test_wrong_token_is_404(self):
        self.assertEqual(self.client.get("/metrics", HTTP_AUTHORIZATION="Bearer sai").status_code, 404)

    def test_with_a_token_configured_loopback_alone_is_not_enough(self):
        self.assertEqual(self.client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code, 404)

    @override_settings(METRICS_TOKEN="")
    def test_without_token_loopback_is_answered(self):
        self.assertEqual(self.client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code, 200)

    @override_settings(METRICS_TOKEN="")
    def test_without_token_a_request_through_the_proxy_is_404(self):
        response = self.client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
        self.assertEqual(response.status_code, 404)

    @override_settings(METRICS_TOKEN="")
    def test_without_token_another_address_is_404(self):
        self.assertEqual(self.client.get("/metrics", REMOTE_ADDR="192.0.2.10").status_code, 404)


@override_settings(METRICS_ENABLED=True, METRICS_TOKEN=TOKEN)
class RequestMetricTests(World, FreshCache):
    def scrape(self) -> dict:
        response = self.client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        return samples(response.content.decode())

    def test_requests_are_counted_by_view_and_status_with_their_latency(self):
        key = ("trienkhai_http_requests_total", (("method", "GET"), ("status", "200"), ("view", "healthz")))
        before = self.scrape().get(key, 0)
        self.client.get(reverse("healthz"))
        after = self.scrape()
        self.assertEqual(after[key], before + 1)
        count_key = (
            "trienkhai_http_request_duration_seconds_count",
            (("method", "GET"), ("view", "healthz")),
        )
        self.assertGreaterEqual(after[count_key], 1)

    def test_unhandled_errors_are_counted(self):
        key = ("trienkhai_http_exceptions_total", (("view", "home"),))
        before = self.scrape().get(key, 0)
        self.login(self.officer_minh)
        self.client.raise_request_exception = False
        with mock.patch("trienkhai.core.views.collect", side_effect=RuntimeError("boom")):
            self.assertEqual(self.client.get(reverse("home")).status_code, 500)
        self.assertEqual(self.scrape()[key], before + 1)


@override_settings(METRICS_ENABLED=True, METRICS_TOKEN=TOKEN)
class DatabaseMetricTests(World, FreshCache):
    def scrape(self) -> dict:
        metrics.DatabaseCollector._cache = None
        response = self.client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        return samples(response.content.decode())

    def test_queue_depth_and_age_of_the_oldest_waiting_task(self):
        from django_tasks_db.models import DBTaskResult

        from trienkhai.core.tasks import build_export_task

        build_export_task.enqueue(1)
        build_export_task.enqueue(2)
        DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=10))
        found = self.scrape()
        self.assertEqual(found[("trienkhai_task_queue_depth", (("queue", "default"),))], 2)
        self.assertGreaterEqual(
            found[("trienkhai_task_queue_oldest_age_seconds", (("queue", "default"),))], 600
        )
        self.assertEqual(found[("trienkhai_task_queue_depth", (("queue", "slow"),))], 0)

    def test_failed_tasks_and_reminders_and_last_backup(self):
        from django_tasks_db.models import DBTaskResult

        from trienkhai.core.tasks import build_export_task

        build_export_task.enqueue(1)
        DBTaskResult.objects.update(status="FAILED")
        Notification.objects.create(user=self.cdcs_hoa, verb="reminder", text="Nhắc", key="a")
        Notification.objects.create(user=self.cdcs_hoa, verb="approved", text="Duyệt", key="b")
        at = timezone.now() - dt.timedelta(hours=2)
        BackupRun.objects.create(started_at=at, finished_at=at, ok=True)
        found = self.scrape()
        self.assertEqual(found[("trienkhai_tasks_failed_total", (("queue", "default"),))], 1)
        self.assertEqual(found[("trienkhai_reminders_sent_total", (("kind", "reminder"),))], 1)
        self.assertAlmostEqual(
            found[("trienkhai_backup_last_success_timestamp_seconds", (("kind", "backup"),))], at.timestamp()
        )
        self.assertEqual(found[("trienkhai_backup_last_success_timestamp_seconds", (("kind", "drill"),))], 0)


class MultiprocessTests(TestCase):
    def test_counts_of_several_processes_add_up(self):
        """Two processes count requests into one PROMETHEUS_MULTIPROC_DIR; a third reads the sum."""
        folder = tempfile.mkdtemp(prefix="trienkhai-test-prom-")
        env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": folder, "PYTHONPATH": os.getcwd()}
        count = "from trienkhai.core.metrics import REQUESTS; REQUESTS.labels('GET', 'home', '200').inc(3)"
        for _i in range(2):
            subprocess.run([sys.executable, "-c", count], env=env, check=True, timeout=60)
        read = (
            "from prometheus_client import generate_latest; from trienkhai.core import metrics;"
            "print(generate_latest(metrics.registry(with_database=False)).decode())"
        )
        out = subprocess.run(
            [sys.executable, "-c", read], env=env, check=True, timeout=60, capture_output=True, text=True
        )
        key = ("trienkhai_http_requests_total", (("method", "GET"), ("status", "200"), ("view", "home")))
        self.assertEqual(samples(out.stdout)[key], 6)
