"""Report flows: open, save (optimistic lock), submit, return, approve, reopen. One transaction each."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.notify import notify
from trienkhai.lib.periods import period_end, previous
from trienkhai.orgs.models import Unit, today

from . import contrib, sources
from .access import reviewers_of, unit_writers
from .models import ImportJob, Indicator, ReportForm, Submission, SubmissionEvent, SubmissionValue, Target
from .results import stored
from .validation import Checked, check, parse_number

if TYPE_CHECKING:  # excel.py imports this module; the names are only for annotations
    from .excel import CheckedRow, Kept, Problem

S = Submission.Status


class Conflict(Exception):
    """Someone saved the submission after this user opened it; nothing was written."""

    def __init__(self, submission: Submission):
        super().__init__("stale lock_version")
        self.submission = submission


class Locked(Exception):
    """The submission is not in a state that allows this change."""


@transaction.atomic
def open_submission(*, form: ReportForm, unit: Unit, year: int, index: int = 1) -> Submission:
    """The unit's submission for the period, created as a draft on first visit, with every indicator
    that a register answers already filled in from it (reports/sources.py)."""
    start, end = form.period(year, index)
    submission, created = Submission.objects.get_or_create(
        form=form,
        unit=unit,
        year=year,
        index=index,
        defaults={"period_start": start, "period_end": end, "deadline": form.deadline(year, index)},
    )
    if created:
        prefill_from_sources(submission=submission)
    return submission


def prefill_from_sources(*, submission: Submission) -> int:
    """Set each sourced indicator of a draft to its register's figure (dropping an earlier override);
    returns how many values were filled in. Call inside a transaction."""
    figures = sources.for_submission(submission, submission.form.indicators.all())
    existing = {v.key: v for v in submission.values.filter(key__in=figures)}
    for code, figure in figures.items():
        row = existing.get(code) or SubmissionValue(submission=submission, key=code)
        if row.pk and (row.raw, row.source_value, row.override_reason) == (figure.text, figure.text, ""):
            continue
        row.raw, row.number, row.source_value, row.override_reason = (
            figure.text,
            figure.value,
            figure.text,
            "",
        )
        row.save()
    return len(figures)


@transaction.atomic
def refresh_from_sources(*, submission: Submission, user: User) -> int:
    """ "Lấy lại số liệu từ sổ": set a draft's sourced values to the registers' figures of today, as a save
    of `user` (the lock version moves on, so a page opened before must reload); returns how many values
    were filled in. Raises Locked when the report is no longer editable."""
    if not submission.is_editable:
        raise Locked()
    fresh = Submission.objects.select_for_update().get(pk=submission.pk)
    filled = prefill_from_sources(submission=fresh)
    fresh.lock_version += 1
    fresh.updated_by = user
    fresh.save(update_fields=["lock_version", "updated_by", "updated_at"])
    return filled


def _check_sources(submission: Submission, checked: Checked, reasons: dict[str, str]) -> None:
    """Compare each sourced value with its register's figure now; a different figure needs a reason.
    Stores the figure and the reason on the value rows; adds a message per value lacking one."""
    figures = sources.for_submission(submission, submission.form.indicators.all())
    if not figures:
        return
    rows = {v.key: v for v in submission.values.filter(key__in=figures)}
    for code, figure in figures.items():
        row = rows.get(code)
        if row is None:
            continue
        reason = reasons.get(code, row.override_reason).strip()[:2000]
        differs = row.number is not None and row.number != figure.value
        reason = reason if differs else ""
        if (row.source_value, row.override_reason) != (figure.text, reason):
            row.source_value, row.override_reason = figure.text, reason
            row.save(update_fields=["source_value", "override_reason"])
        if differs and not reason and code not in checked.errors:
            checked.errors[code] = _(
                "Số liệu khác với sổ (%(n)s): hãy ghi lý do điều chỉnh, hoặc dùng số liệu của sổ."
            ) % {"n": figure.text}


def _missing_reasons(submission: Submission, checked: Checked) -> None:
    """On submit: every stored value that differs from the register's figure must carry a reason."""
    codes = {i.code for i in submission.form.indicators.all() if i.source}
    for row in submission.values.filter(key__in=codes):
        figure = parse_number(row.source_value) if row.source_value else None
        if figure is not None and row.number is not None and row.number != figure and not row.override_reason:
            checked.errors.setdefault(
                row.key,
                _("Số liệu khác với sổ (%(n)s): hãy ghi lý do điều chỉnh, hoặc dùng số liệu của sổ.")
                % {"n": row.source_value},
            )


def current_values(submission: Submission) -> dict[str, str]:
    return dict(submission.values.values_list("key", "raw"))


def _log(submission: Submission, user: User | None, old: str, comment: str = "") -> None:
    SubmissionEvent.objects.create(
        submission=submission, actor=user, from_status=old, to_status=submission.status, comment=comment
    )


def _url(submission: Submission) -> str:
    return reverse("reports:submission", args=[submission.pk])


@transaction.atomic
def save_values(
    *,
    submission: Submission,
    values: dict[str, str],
    lock_version: int,
    user: User | None,
    on_behalf: bool = False,
    client: str = "",
    reasons: dict[str, str] | None = None,
) -> Checked:
    """Store the values as typed (invalid ones too, so nothing the user typed is lost) and bump the
    lock version. Raises Conflict when `lock_version` is stale (saves from the same page `client` do not
    count), Locked when the report is not editable. `reasons` explain values that differ from a
    register's figure."""
    fresh = Submission.objects.select_for_update().get(pk=submission.pk)
    if not fresh.accepts_save(lock_version=lock_version, client=client):
        raise Conflict(fresh)
    if not fresh.is_editable:
        raise Locked()
    form = fresh.form
    checked = check(form, values, final=False)
    keys = {i.code for i in form.indicators.all()} | {n.key for n in form.narratives.all()}
    existing = {v.key: v for v in fresh.values.all()}
    for key in keys:
        if key not in values:
            continue
        raw = values[key]
        number = checked.numbers.get(key) if key not in checked.errors else None
        row = existing.get(key)
        if row is None:
            if raw.strip():
                SubmissionValue.objects.create(submission=fresh, key=key, raw=raw, number=number)
        elif row.raw != raw:
            row.raw, row.number = raw, number
            row.save()  # one history row per changed value: who changed what from what to what
    _check_sources(fresh, checked, reasons or {})
    fresh.note_save(lock_version=lock_version, client=client)
    fresh.lock_version += 1
    fresh.updated_by = user
    if on_behalf:
        fresh.entered_on_behalf = True
    fresh.save(
        update_fields=[
            "lock_version",
            "updated_by",
            "entered_on_behalf",
            "updated_at",
            "last_client",
            "client_base",
        ]
    )
    submission.lock_version = fresh.lock_version
    submission.entered_on_behalf = fresh.entered_on_behalf
    return checked


@transaction.atomic
def submit_submission(
    *,
    submission: Submission,
    values: dict[str, str],
    lock_version: int,
    user: User | None,
    on_behalf: bool = False,
    client: str = "",
    reasons: dict[str, str] | None = None,
) -> Checked:
    """Save, then submit if everything checks out; otherwise the values stay saved as a draft and the
    messages come back. Lateness is judged once, at the first submission, against the stored deadline."""
    save_values(
        submission=submission,
        values=values,
        lock_version=lock_version,
        user=user,
        on_behalf=on_behalf,
        client=client,
        reasons=reasons,
    )
    sub = Submission.objects.select_for_update().get(pk=submission.pk)
    checked = check(sub.form, current_values(sub), final=True)
    _missing_reasons(sub, checked)
    if not checked.ok:
        return checked
    now = timezone.now()
    if sub.first_submitted_at is None:
        sub.first_submitted_at = now
        sub.is_late = timezone.localdate(now) > sub.deadline
    sub.submitted_at = now
    _move(
        sub,
        to=S.RESUBMITTED if sub.status == S.RETURNED else S.SUBMITTED,
        user=user,
        tell=reviewers_of(sub.unit),
        verb="submitted",
        text=_("%(unit)s đã nộp báo cáo %(form)s — %(period)s.")
        % {"unit": sub.unit.name, "form": sub.form.title, "period": sub.period_label},
    )
    submission.__dict__.update({k: getattr(sub, k) for k in ("status", "lock_version", "is_late")})
    return checked


def _locked_for_change(submission: Submission, *, allowed: tuple[str, ...]) -> Submission:
    """The submission, locked for this transaction; Locked unless it is in one of the `allowed` states."""
    sub: Submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if sub.status not in allowed:
        raise Locked()
    return sub


def _move(
    sub: Submission,
    *,
    to: str,
    user: User | None,
    tell: Iterable[User],
    verb: str,
    text: str,
    comment: str = "",
) -> None:
    """The one way a submission changes state: set it, bump the lock, log who did it and why, and tell
    the people on the other side (once per state change)."""
    old = sub.status
    sub.status = to
    sub.lock_version += 1
    sub.save()
    _log(sub, user, old, comment)
    stored.submission_moved(sub, old=old)
    contrib.submission_moved(sub, user=user, old=old)
    notify(
        users=tell,
        verb=verb,
        text=text,
        url=_url(sub),
        key=f"submission:{sub.pk}:{verb}:{sub.lock_version}",
    )


@transaction.atomic
def return_submission(
    *, submission: Submission, user: User | None, comment: str, field_comments: dict[str, str]
) -> None:
    """Send the report back to the unit with a general comment and comments per field."""
    sub = _locked_for_change(submission, allowed=(S.SUBMITTED, S.RESUBMITTED))
    sub.review_comment = comment
    sub.field_comments = {k: v for k, v in field_comments.items() if v.strip()}
    labels = sub.form.field_labels()
    detail = "; ".join(f"{labels.get(k, k)}: {v}" for k, v in sub.field_comments.items())
    _move(
        sub,
        to=S.RETURNED,
        user=user,
        comment=comment + (f" ({detail})" if detail else ""),
        tell=unit_writers(sub.unit),
        verb="returned",
        text=_("%(report)s — %(period)s bị trả lại: %(c)s")
        % {"report": sub.form.report_name, "period": sub.period_label, "c": comment or detail},
    )


@transaction.atomic
def approve_submission(*, submission: Submission, user: User | None, comment: str = "") -> None:
    """Approve: the report is locked from now on; only a reviewer can reopen it."""
    sub = _locked_for_change(submission, allowed=(S.SUBMITTED, S.RESUBMITTED))
    sub.approved_at = timezone.now()
    sub.approved_by = user
    sub.field_comments = {}
    _move(
        sub,
        to=S.APPROVED,
        user=user,
        comment=comment,
        tell=unit_writers(sub.unit),
        verb="approved",
        text=_("%(report)s — %(period)s đã được duyệt.")
        % {"report": sub.form.report_name, "period": sub.period_label},
    )


@transaction.atomic
def reopen_submission(*, submission: Submission, user: User | None, reason: str) -> None:
    """Reopen an approved report for correction; the reason is required and kept in the log."""
    if not reason.strip():
        raise ValueError(_("Phải nêu lý do mở lại báo cáo."))
    sub = _locked_for_change(submission, allowed=(S.APPROVED,))
    sub.review_comment = reason
    sub.approved_at = None
    sub.approved_by = None
    _move(
        sub,
        to=S.RETURNED,
        user=user,
        comment=reason,
        tell=unit_writers(sub.unit),
        verb="reopened",
        text=_("%(report)s — %(period)s được mở lại để sửa: %(r)s")
        % {"report": sub.form.report_name, "period": sub.period_label, "r": reason},
    )


# --- targets -------------------------------------------------------------------------------------------


class NoTarget(Exception):
    """The unit has no target of its own to allocate."""


@transaction.atomic
def set_targets(
    *, unit: Unit, year: int, index: int, values: dict[Indicator, Decimal | None], user: User
) -> None:
    """Set (or clear, with None) the unit's own target of each indicator for one period."""
    for indicator, value in values.items():
        if value is None:
            Target.objects.filter(indicator=indicator, unit=unit, year=year, index=index).delete()
            continue
        Target.objects.update_or_create(
            indicator=indicator,
            unit=unit,
            year=year,
            index=index,
            defaults={"value": value, "set_by": user, "allocated_from": None},
        )


@transaction.atomic
def allocate_target(
    *, indicator: Indicator, unit: Unit, year: int, index: int, basis: str, remainder: str, user: User
) -> list[Target]:
    """Split the unit's target of `indicator` over its direct children (as of the period's end, or today
    for a period still running): equally, by the number of CĐCS that must report, or by each child's
    figure of the previous period; whole units for integer indicators, cents otherwise. What does not
    divide follows the `remainder` rule (lib.allocate). Each child's target records where it came from."""
    from trienkhai.lib.allocate import allocate

    from .results import REPORTED, rollup_table

    parent = Target.objects.filter(indicator=indicator, unit=unit, year=year, index=index).first()
    if parent is None:
        raise NoTarget()
    form = indicator.form
    end = period_end(form.period_kind, year, index)
    on = min(today(), end)
    children = sorted(unit.children_on(on), key=lambda u: u.name)
    if not children:
        return []
    if basis == "equal":
        weights = [Decimal(1)] * len(children)
    else:
        if basis == "units":
            table = rollup_table(form, unit, year, index, structure=REPORTED, on=on)
            figure = {r.unit.pk: Decimal(r.completeness.expected) for r in table.children}
        else:
            code = basis.removeprefix("previous:")
            prev_year, prev_index = previous(form.period_kind, year, index)
            table = rollup_table(form, unit, prev_year, prev_index, structure=REPORTED, on=on)
            figure = {r.unit.pk: r.cells[code].value or Decimal(0) for r in table.children if code in r.cells}
        weights = [figure.get(c.pk, Decimal(0)) for c in children]
    places = 0 if indicator.kind == Indicator.Kind.INTEGER else 2
    result = allocate(parent.value, weights, places=places, remainder=remainder)
    made = []
    for child, share in zip(children, result.shares, strict=True):
        target, _created = Target.objects.update_or_create(
            indicator=indicator,
            unit=child,
            year=year,
            index=index,
            defaults={"value": share, "set_by": user, "allocated_from": parent},
        )
        made.append(target)
    return made


# --- Excel import --------------------------------------------------------------------------------------


def check_import_job(*, job_id: int) -> None:
    """Body of the check task: read the stored file, report progress, store the problems or the preview,
    and keep the checked rows (with their digest) for the commit. The uploaded file is deleted either way:
    the commit never reads it again. Writes nothing but the job."""
    from .excel import check_file, keep, preview

    job = ImportJob.objects.select_related("form", "unit", "user").filter(pk=job_id).first()
    if job is None or job.state not in (ImportJob.State.QUEUED, ImportJob.State.CHECKING):
        return
    ImportJob.start(job_id, ImportJob.State.CHECKING)
    progress = ImportJob.progress_of(job_id)
    data = _job_bytes(job)
    checked = check_file(data, job.form, user=job.user, scope=job.unit, progress=progress)
    job.refresh_from_db()
    job.year, job.index = checked.year, checked.index
    job.errors = [p.as_dict() for p in checked.problems[:500]]
    job.summary = {
        "rows": checked.rows,
        "changed": len(checked.changes),
        "new": sum(1 for p in checked.changes if p.submission is None),
        "unchanged": len(checked.plans) - len(checked.changes),
        "problems": len(checked.problems),
    }
    if checked.ok:
        rows = keep(checked, file_sha256=hashlib.sha256(data).hexdigest(), form=job.form)
        job.checked.save(f"{secrets.token_urlsafe(24)}.json.gz", ContentFile(rows), save=False)
        job.digest = hashlib.sha256(rows).hexdigest()
        job.checked_until = timezone.now() + dt.timedelta(hours=settings.REPORT_IMPORT_CHECK_HOURS)
        job.state = ImportJob.State.READY
        job.preview = preview(checked, job.form)
    else:
        job.state = ImportJob.State.FAILED
        job.finished_at = timezone.now()
    _drop_file(job)
    job.save()


def _job_bytes(job: ImportJob) -> bytes:
    with job.file.open("rb") as fh:
        data: bytes = fh.read()
    return data


def _drop_file(job: ImportJob) -> None:
    if job.file:
        job.file.delete(save=False)


def _drop_checked(job: ImportJob) -> None:
    if job.checked:
        job.checked.delete(save=False)


def _kept_rows(job: ImportJob) -> tuple[Kept | None, Problem | None]:
    """The rows the check kept, or why the commit must refuse: they expired or are gone, they are not
    the bytes the check wrote (the digest), or the form changed since. Reads the stored rows only."""
    from .excel import form_fingerprint, kept

    if not job.checked or job.checked_until is None or job.checked_until < timezone.now():
        return None, _expired()
    try:
        with job.checked.open("rb") as fh:
            data = fh.read()
    except OSError:
        data = b""
    if not data or hashlib.sha256(data).hexdigest() != job.digest:
        return None, _refusal(
            _("Số liệu đã kiểm tra không còn khớp với tệp đã tải lên. Chưa nhập gì; hãy tải tệp lên lại.")
        )
    rows = kept(data)
    if rows.form != form_fingerprint(job.form):
        return None, _refusal(
            _(
                "Biểu mẫu «%(form)s» đã được sửa sau lúc kiểm tra tệp (chỉ tiêu, quy tắc hoặc lựa chọn). "
                "Chưa nhập gì; hãy tải tệp mẫu mới, điền lại và tải lên."
            )
            % {"form": job.form.title}
        )
    if (rows.year, rows.index) != (job.year, job.index):
        return None, _period_changed()
    return rows, None


def _still_allowed(job: ImportJob, unit_ids: Iterable[int]) -> bool:
    """Whether every checked unit is still in the job's scope today, sent the form's plan and writable by
    its user: one query, whatever the number of rows."""
    ids = set(unit_ids)
    if not ids:
        return True
    reach = (
        Unit.objects.subtree_of([job.unit_id], on=today())
        .filter(pk__in=ids, plan_assignments__plan_id=job.form.plan_id)
        .filter(pk__in=Unit.objects.writable_by(job.user).values("pk"))
    )
    return reach.count() == len(ids)


def _versions_now(job: ImportJob, unit_ids: Iterable[int]) -> dict[int, int | None]:
    ids = list(unit_ids)
    now: dict[int, int | None] = dict.fromkeys(ids)
    now.update(
        Submission.objects.filter(form=job.form, year=job.year, index=job.index, unit_id__in=ids).values_list(
            "unit_id", "lock_version"
        )
    )
    return now


def commit_import_job(*, job_id: int) -> None:
    """Body of the import task: write the rows the check kept, in one transaction, or nothing (the
    problems are shown instead). The file is not read again: the kept rows, their digest, the form's
    fingerprint and the versions of the reports say whether anything changed since the check."""
    job = ImportJob.objects.select_related("form", "unit", "user").filter(pk=job_id).first()
    if job is None or job.state != ImportJob.State.IMPORTING:
        return
    ImportJob.start(job_id, ImportJob.State.IMPORTING)
    rows, problem = _kept_rows(job)
    if rows is not None:
        if _versions_now(job, rows.locks) != rows.locks:
            problem = _conflict()
        elif not _still_allowed(job, rows.locks):
            problem = _refusal(
                _(
                    "Có đơn vị trong tệp không còn trong phạm vi bạn được nhập báo cáo, hoặc không còn "
                    "nhận biểu mẫu này. Chưa nhập gì; hãy tải tệp lên lại."
                )
            )
    written = 0
    if rows is not None and problem is None:
        try:
            written = import_rows(
                rows=rows.rows, form=job.form, year=rows.year, index=rows.index, user=job.user
            )
        except Conflict:
            problem = _conflict()  # the transaction rolled back: nothing was written
    job.refresh_from_db()
    job.finished_at = timezone.now()
    if problem is None:
        job.state = ImportJob.State.DONE
        job.summary = {**job.summary, "written": written}
    else:
        job.state = ImportJob.State.FAILED
        job.errors = [problem.as_dict()]
    _drop_file(job)
    _drop_checked(job)
    job.save()


def expire_import_checks(*, now: dt.datetime) -> int:
    """End the imports checked but never confirmed before their check expired: the kept rows are deleted
    and the job shows why (the commit would refuse them anyway). How many were ended."""
    stale = ImportJob.objects.filter(state=ImportJob.State.READY, checked_until__lt=now)
    ended = 0
    for job in stale:
        _drop_checked(job)
        job.state = ImportJob.State.FAILED
        job.finished_at = now
        job.errors = [_expired().as_dict()]
        job.save(update_fields=["checked", "state", "finished_at", "errors"])
        ended += 1
    return ended


@transaction.atomic
def create_import_job(*, form: ReportForm, unit: Unit, user: User, upload: UploadedFile) -> ImportJob:
    """A new job for an uploaded file of `form`'s reports within `unit`, with the file stored, waiting
    to be checked (the caller queues `check_import_task` once this has committed)."""
    job = ImportJob(form=form, unit=unit, user=user, original_name=(upload.name or "")[:255])
    job.file.save(f"{form.pk}-{unit.pk}.xlsx", upload, save=False)
    job.save()
    return job


@transaction.atomic
def confirm_import_job(*, job: ImportJob) -> bool:
    """The user confirmed a checked file: it waits for the worker to import it (the caller queues
    `import_task`). False when it was no longer waiting for confirmation (a second click)."""
    return ImportJob.queue_next(job.pk, waiting=ImportJob.State.READY, queued=ImportJob.State.IMPORTING)


def _refusal(message: str) -> Problem:
    from .excel import Problem

    return Problem(0, "", message, sheet="")


def _expired() -> Problem:
    return _refusal(_("Kết quả kiểm tra tệp đã hết hạn hoặc không còn. Chưa nhập gì; hãy tải tệp lên lại."))


def _conflict() -> Problem:
    return _refusal(
        _("Trong lúc chờ xác nhận, có báo cáo đã được sửa hoặc nộp. Chưa nhập gì; hãy tải tệp lên lại.")
    )


def _period_changed() -> Problem:
    return _refusal(_("Tệp đã thay đổi kỳ báo cáo so với lúc kiểm tra. Chưa nhập gì; hãy tải tệp lên lại."))


def _insert_with_history(
    values: list[tuple[int, str, str, Decimal | None]], *, user: User, now: dt.datetime
) -> None:
    """Insert new values, (submission id, key, raw, number), and their "+" history rows (by `user`, at
    `now`) with two executemany INSERTs and one SELECT of the new ids: what bulk_create_with_history
    writes, without building 400,000 model instances and preparing every field of each in Python (most
    of a 10,000-row import's time)."""
    q = connection.ops.quote_name
    table = q(SubmissionValue._meta.db_table)
    history = q(SubmissionValue.history.model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({q('submission_id')}, {q('key')}, {q('raw')}, {q('number')}, "
            f"{q('source_value')}, {q('override_reason')}) VALUES (%s, %s, %s, %s, '', '')",
            values,
        )
        new = {(sub, key) for sub, key, _raw, _number in values}
        ids = {
            (sub, key): pk
            for pk, sub, key in SubmissionValue.objects.filter(
                submission_id__in={sub for sub, _key in new}, key__in={key for _sub, key in new}
            ).values_list("pk", "submission_id", "key")
            if (sub, key) in new
        }
        stamp = connection.ops.adapt_datetimefield_value(now)
        cursor.executemany(
            f"INSERT INTO {history} ({q('id')}, {q('key')}, {q('raw')}, {q('number')}, {q('source_value')}, "
            f"{q('override_reason')}, {q('submission_id')}, {q('history_date')}, "
            f"{q('history_change_reason')}, {q('history_type')}, {q('history_user_id')}) "
            f"VALUES (%s, %s, %s, %s, '', '', %s, %s, NULL, '+', %s)",
            [(ids[(sub, key)], key, raw, number, sub, stamp, user.pk) for sub, key, raw, number in values],
        )


@transaction.atomic
def import_rows(*, rows: list[CheckedRow], form: ReportForm, year: int, index: int, user: User) -> int:
    """Write the checked rows of a file: missing reports are opened, values created or updated with one
    history row each (who, when, from what), each touched report's lock version moves on, and reports of
    units that are not the user's own are marked as entered on their behalf. All or nothing; raises
    Conflict when a report stopped being editable or moved on since the check. Returns the rows written."""
    from simple_history.utils import bulk_update_with_history  # type: ignore[import-untyped]

    from .excel import own_unit_ids

    if not rows:
        return 0
    start, end = form.period(year, index)
    deadline = form.deadline(year, index)
    units = [r.unit_id for r in rows]
    locked = {
        s.unit_id: s
        for s in Submission.objects.select_for_update().filter(
            form=form, year=year, index=index, unit_id__in=units
        )
    }
    for r in rows:
        sub = locked.get(r.unit_id)
        if sub is not None and (not sub.is_editable or sub.lock_version != r.version):
            raise Conflict(sub)
    fresh = [
        Submission(
            form=form,
            unit_id=u,
            year=year,
            index=index,
            period_start=start,
            period_end=end,
            deadline=deadline,
        )
        for u in units
        if u not in locked
    ]
    for sub in Submission.objects.bulk_create(fresh, batch_size=1000):
        locked[sub.unit_id] = sub
    stored = {
        (v.submission_id, v.key): v
        for v in SubmissionValue.objects.filter(
            submission__in=list(locked.values()), key__in={k for r in rows for k in r.values}
        )
    }
    create: list[tuple[int, str, str, Decimal | None]] = []
    update = []
    for r in rows:
        sub = locked[r.unit_id]
        for key, (raw, number) in r.values.items():
            row = stored.get((sub.pk, key))
            if row is None:
                if raw:
                    create.append((sub.pk, key, raw, number))
            else:
                row.raw, row.number = raw, number
                update.append(row)
    now = timezone.now()
    if create:
        _insert_with_history(create, user=user, now=now)
    if update:
        bulk_update_with_history(
            update, SubmissionValue, ["raw", "number"], batch_size=1000, default_user=user, default_date=now
        )
    mine = own_unit_ids(user)
    touched = []
    for r in rows:
        sub = locked[r.unit_id]
        sub.lock_version += 1
        sub.updated_by = user
        sub.updated_at = now
        sub.last_client = ""
        if r.unit_id not in mine:
            sub.entered_on_behalf = True
        touched.append(sub)
    # One plain UPDATE per report (executemany): bulk_update's CASE over 10,000 reports and five fields
    # cost more in Python than the database spent writing them.
    q = connection.ops.quote_name
    stamp = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {q(Submission._meta.db_table)} SET {q('lock_version')} = %s, {q('updated_by_id')} = %s, "
            f"{q('updated_at')} = %s, {q('last_client')} = %s, {q('entered_on_behalf')} = %s "
            f"WHERE {q('id')} = %s",
            [(s.lock_version, user.pk, stamp, "", s.entered_on_behalf, s.pk) for s in touched],
        )
    return len(rows)
