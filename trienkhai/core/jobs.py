"""One lifecycle for the background jobs that a page follows while the task worker runs them (a report or
member import from Excel, the reading of a document).

A job model inherits `Job`: it names its active states (the page polls while the row is in one of them)
and its failed state, and gets the progress counters and a heartbeat. The worker's step runs through
`run_job`, so an exception ends the job as failed with a Vietnamese sentence the user sees (never a
traceback: that goes to the log); every `set_progress` stamps the heartbeat, so a job whose worker died
without raising (killed, out of memory, the machine restarted) has a heartbeat older than
`settings.JOB_STALE_SECONDS` and is shown as failed when its page polls (`show_dead_as_failed`, in memory:
a GET writes nothing) and stored as failed by the daily sweep (`fail_dead_jobs`). The polling box is one
template, `core/_job_progress.html`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from django.apps import apps
from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django_htmx.http import HttpResponseClientRefresh

log = logging.getLogger(__name__)

# Stored on the row and shown as is (like every job message): Vietnamese, whatever the reader's language.
CRASHED = "Có lỗi hệ thống khi xử lý; hãy thử lại hoặc báo quản trị viên."
DIED = "Việc xử lý bị gián đoạn (máy chủ dừng giữa chừng) và đã hủy; hãy thử lại."
# An import writes all its rows in one transaction, so a crash leaves none written.
IMPORT_CRASHED = "Có lỗi hệ thống khi xử lý tệp; chưa nhập dòng nào. Hãy thử lại hoặc báo quản trị viên."

J = TypeVar("J", bound="Job")


def stale_before(now: dt.datetime | None = None) -> dt.datetime:
    """A running job whose last heartbeat is older than this has lost its worker."""
    return (now or timezone.now()) - dt.timedelta(seconds=settings.JOB_STALE_SECONDS)


class Job(models.Model):
    """What every background job row has: progress counters and the heartbeat of its worker.

    A subclass sets `ACTIVE_STATES` (queued or running: the page polls), `FAILED_STATE`, and, when its
    state field is not `state` or its message is not `message`, `STATE_FIELD` and `failure_fields` /
    `failure_text`. A queued job has no heartbeat (`heartbeat_at` is None) and never counts as dead."""

    STATE_FIELD: ClassVar[str] = "state"
    ACTIVE_STATES: ClassVar[tuple[str, ...]]
    FAILED_STATE: ClassVar[str]
    # What the user reads when the step raised, and when the worker died without raising.
    CRASH_MESSAGE: ClassVar[str] = CRASHED
    DEAD_MESSAGE: ClassVar[str] = DIED

    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    # Stamped when the worker starts the job and at every progress update; None while queued.
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    # --- reading ---------------------------------------------------------------------------------------

    @property
    def job_state(self) -> str:
        return str(getattr(self, self.STATE_FIELD))

    @property
    def active(self) -> bool:
        """Queued or running: the page keeps polling."""
        return self.job_state in self.ACTIVE_STATES

    @property
    def failed(self) -> bool:
        return self.job_state == self.FAILED_STATE

    @property
    def percent(self) -> int:
        return min(100, int(100 * self.progress_done / self.progress_total)) if self.progress_total else 0

    @property
    def dead(self) -> bool:
        """Running, but its worker has not been heard of for JOB_STALE_SECONDS."""
        return self.active and self.heartbeat_at is not None and self.heartbeat_at < stale_before()

    @property
    def progress_text(self) -> str:
        """The sentence next to the spinner while the job is active."""
        return ""

    @property
    def failure_text(self) -> str:
        return str(getattr(self, "message", ""))

    @classmethod
    def failure_fields(cls, message: str) -> dict[str, Any]:
        """The columns a failure writes besides the state (the message where this model keeps it)."""
        return {"message": message}

    def show_dead_as_failed(self: J) -> J:
        """A job whose worker died is shown as failed, with why, in memory only (a GET writes nothing;
        the daily sweep stores it)."""
        if self.dead:
            setattr(self, self.STATE_FIELD, self.FAILED_STATE)
            for name, value in self.failure_fields(self.DEAD_MESSAGE).items():
                setattr(self, name, value)
        return self

    # --- the worker's writes (plain UPDATEs, outside any long transaction: the page sees them at once) ----

    @classmethod
    def start(cls, pk: int, state: str) -> None:
        """The worker took the job: it is in `state` from now, with a fresh heartbeat."""
        cls._default_manager.filter(pk=pk).update(**{cls.STATE_FIELD: state, "heartbeat_at": timezone.now()})

    @classmethod
    def set_progress(cls, pk: int, done: int, total: int) -> None:
        cls._default_manager.filter(pk=pk).update(
            progress_done=done, progress_total=total, heartbeat_at=timezone.now()
        )

    @classmethod
    def progress_of(cls, pk: int) -> Callable[[int, int], None]:
        """The `progress(done, total)` callback a reader calls, bound to one job."""
        return lambda done, total: cls.set_progress(pk, done, total)

    @classmethod
    def queue_next(cls, pk: int, *, waiting: str, queued: str) -> bool:
        """Move the job from `waiting` (for the user, e.g. to confirm) to `queued` (for the worker's next
        step), with its progress and heartbeat cleared, so the old heartbeat never reads as a dead worker.
        False when the job was not `waiting` (a second click)."""
        moved = cls._default_manager.filter(pk=pk, **{cls.STATE_FIELD: waiting}).update(
            **{cls.STATE_FIELD: queued}, progress_done=0, heartbeat_at=None
        )
        return bool(moved)

    @classmethod
    def fail(cls, pk: int, message: str) -> int:
        """End an active job as failed with `message`; a job already finished is left as it is."""
        return cls._default_manager.filter(pk=pk, **{f"{cls.STATE_FIELD}__in": cls.ACTIVE_STATES}).update(
            **{cls.STATE_FIELD: cls.FAILED_STATE}, **cls.failure_fields(message)
        )

    @classmethod
    def fail_dead(cls) -> int:
        """Store as failed every job of this model whose worker died; how many."""
        dead = cls._default_manager.filter(
            **{f"{cls.STATE_FIELD}__in": cls.ACTIVE_STATES}, heartbeat_at__lt=stale_before()
        )
        return dead.update(**{cls.STATE_FIELD: cls.FAILED_STATE}, **cls.failure_fields(cls.DEAD_MESSAGE))


def run_job(model: type[Job], pk: int, step: Callable[[], object]) -> None:
    """Run one worker step of the job `pk` of `model`. If it raises, the job ends as failed with the
    model's `CRASH_MESSAGE`, and the exception goes on to the task worker (which logs it and records the
    task as failed); whatever the step wrote in its own transaction was rolled back."""
    try:
        step()
    except Exception:
        log.exception("Job %s %s crashed", model.__name__, pk)
        model.fail(pk, model.CRASH_MESSAGE)
        raise


def fail_dead_jobs() -> int:
    """Store as failed every job, of every app, whose worker died (the daily sweep); how many. The job
    models are found in the app registry, so core imports no app."""
    return sum(
        model.fail_dead()
        for model in apps.get_models()
        if issubclass(model, Job) and not model._meta.abstract
    )


@dataclass(frozen=True)
class JobBox:
    """What `core/_job_progress.html` draws: the job, the URL it polls, the box's id on the page, and
    where a failed job's "upload another file" and a finished job's link lead."""

    job: Job
    poll_url: str
    id: str = "job-progress"
    retry_url: str = ""
    done_url: str = ""


def poll(request: HttpRequest, box: JobBox) -> HttpResponse:
    """The answer to the page's poll: the box while the job is active (or to a plain GET); once it has
    ended, an HTMX poll reloads the page, which shows the result (or the failure) in full."""
    box.job.show_dead_as_failed()
    if not box.job.active and getattr(request, "htmx", False):
        return HttpResponseClientRefresh()
    return render(request, "core/_job_progress.html", {"box": box})
