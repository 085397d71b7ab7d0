"""Prometheus metrics (issue 23), on only with METRICS_ENABLED.

Two sources:
- the requests, counted by `MetricsMiddleware` in each process: number by view and status, latency,
  unhandled errors. With several gunicorn processes, PROMETHEUS_MULTIPROC_DIR makes prometheus-client keep
  them in files that /metrics adds up (its multiprocess mode; gunicorn's `child_exit` hook must call
  `mark_process_dead`, see docs/deploy.md);
- the state in the database, read at each scrape (so the same whatever process answers): the task
  queue's depth and the age of its oldest waiting task, failed tasks and background jobs, reminders sent,
  the last good backup, the workers' heartbeats. Cached for METRICS_DB_CACHE_SECONDS.

/metrics answers only with METRICS_TOKEN as a bearer token, or, without a token configured, to a request
from the machine itself that did not come through the proxy (no X-Forwarded-For); everyone else gets 404.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db.models import Count, Min
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

REQUESTS = Counter(
    "trienkhai_http_requests_total",
    "HTTP requests answered, by view and status.",
    ["method", "view", "status"],
)
LATENCY = Histogram(
    "trienkhai_http_request_duration_seconds",
    "Time to answer a request, by view.",
    ["method", "view"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
ERRORS = Counter("trienkhai_http_exceptions_total", "Requests that raised an unhandled exception.", ["view"])

# Notification verbs that are reminders (reports, plans, agreements, inspections, awards).
REMINDER_VERBS = (
    "reminder",
    "plan_reminder",
    "agreement_expiring",
    "recommendation_overdue",
    "movement_signup_due",
)


def _view_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    # Only names from the URLconf: a label per path would grow without bound (ids, scanners' guesses).
    return (match.view_name or "unnamed") if match is not None else "unresolved"


class MetricsMiddleware:
    """First in MIDDLEWARE after the request id: times everything below it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.METRICS_ENABLED:
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        view = _view_name(request)
        if view != "metrics":  # the scrapes themselves would only measure the scraper
            LATENCY.labels(request.method, view).observe(time.perf_counter() - started)
            REQUESTS.labels(request.method, view, str(response.status_code)).inc()
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if settings.METRICS_ENABLED:
            ERRORS.labels(_view_name(request)).inc()


class DatabaseCollector(Collector):
    """The metrics read from the database at scrape time."""

    _cache: tuple[float, list[Metric]] | None = None

    def collect(self) -> Iterator[Metric]:
        now = time.monotonic()
        cached = DatabaseCollector._cache
        if cached is None or now - cached[0] > settings.METRICS_DB_CACHE_SECONDS:
            cached = DatabaseCollector._cache = (now, list(self._read()))
        yield from cached[1]

    def _read(self) -> Iterator[Metric]:
        from django_tasks_db.models import DBTaskResult, get_date_max

        from .jobs import Job
        from .models import BackupRun, ExportJob, Notification, WorkerHeartbeat

        now = timezone.now()
        depth = GaugeMetricFamily(
            "trienkhai_task_queue_depth", "Tasks ready to run, waiting.", labels=["queue"]
        )
        age = GaugeMetricFamily(
            "trienkhai_task_queue_oldest_age_seconds",
            "How long the oldest ready task has waited.",
            labels=["queue"],
        )
        ready = DBTaskResult.objects.ready()
        waiting = {q: (0, None) for q in settings.TASK_QUEUES}
        immediate = ready.filter(run_after=get_date_max()).values("queue_name")
        for row in immediate.annotate(n=Count("id"), oldest=Min("enqueued_at")):
            waiting[row["queue_name"]] = (row["n"], row["oldest"])
        delayed = ready.exclude(run_after=get_date_max()).values("queue_name")
        for row in delayed.annotate(n=Count("id"), oldest=Min("run_after")):
            n, oldest = waiting.get(row["queue_name"], (0, None))
            both = [t for t in (oldest, row["oldest"]) if t is not None]
            waiting[row["queue_name"]] = (n + row["n"], min(both) if both else None)
        for queue, (n, oldest) in sorted(waiting.items()):
            depth.add_metric([queue], n)
            age.add_metric([queue], max(0.0, (now - oldest).total_seconds()) if oldest else 0.0)
        yield depth
        yield age

        failed_tasks = CounterMetricFamily(
            "trienkhai_tasks_failed", "Tasks that ended in failure.", labels=["queue"]
        )
        counts = dict(DBTaskResult.objects.failed().values_list("queue_name").annotate(n=Count("id")))
        for queue in sorted(set(settings.TASK_QUEUES) | set(counts)):
            failed_tasks.add_metric([queue], counts.get(queue, 0))
        yield failed_tasks

        failed_jobs = GaugeMetricFamily(
            "trienkhai_jobs_failed",
            "Background jobs (imports, readings, exports) stored as failed.",
            labels=["job"],
        )
        from django.apps import apps

        for model in apps.get_models():
            if issubclass(model, Job) and not model._meta.abstract:
                n = model._base_manager.filter(**{model.STATE_FIELD: model.FAILED_STATE}).count()
                failed_jobs.add_metric([model._meta.label_lower], n)
        failed_jobs.add_metric(
            [ExportJob._meta.label_lower], ExportJob.objects.filter(state=ExportJob.State.FAILED).count()
        )
        yield failed_jobs

        reminders = CounterMetricFamily(
            "trienkhai_reminders_sent", "Reminder notifications sent, by kind.", labels=["kind"]
        )
        sent = dict(
            Notification.objects.filter(verb__in=REMINDER_VERBS).values_list("verb").annotate(n=Count("id"))
        )
        for verb in REMINDER_VERBS:
            reminders.add_metric([verb], sent.get(verb, 0))
        yield reminders

        backup = GaugeMetricFamily(
            "trienkhai_backup_last_success_timestamp_seconds",
            "When the last good backup (or restore drill) started, Unix time; 0 if never.",
            labels=["kind"],
        )
        for kind in BackupRun.Kind:
            last = BackupRun.objects.filter(kind=kind, ok=True).order_by("-started_at").first()
            backup.add_metric([kind.value], last.started_at.timestamp() if last else 0.0)
        yield backup

        beats = GaugeMetricFamily(
            "trienkhai_worker_heartbeat_age_seconds",
            "Seconds since each queue's worker last beat.",
            labels=["queue"],
        )
        for queue, seen in WorkerHeartbeat.objects.values_list("queue", "seen_at"):
            beats.add_metric([queue], max(0.0, (now - seen).total_seconds()))
        yield beats


def registry(*, with_database: bool = True) -> CollectorRegistry:
    """The requests' metrics (added up over the processes in multiprocess mode) and the database's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        reg = CollectorRegistry()
        multiprocess.MultiProcessCollector(reg)
    else:
        reg = CollectorRegistry()
        for collector in (REQUESTS, LATENCY, ERRORS):
            reg.register(collector)
    if with_database:
        reg.register(DatabaseCollector())
    return reg


def _loopback(request: HttpRequest) -> bool:
    if "HTTP_X_FORWARDED_FOR" in request.META or "HTTP_X_REAL_IP" in request.META:
        return False  # came through the proxy, whose own address is the loopback too
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    if token:
        given = request.META.get("HTTP_AUTHORIZATION", "")
        return given.startswith("Bearer ") and hmac.compare_digest(given[7:].strip(), token)
    return _loopback(request)


def metrics_view(request: HttpRequest) -> HttpResponse:
    if not settings.METRICS_ENABLED or not allowed(request):
        raise Http404
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
