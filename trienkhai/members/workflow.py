"""Register flows: join, edit, leave, transfer (chuyển sinh hoạt), import, and founding a new CĐCS.

Each is one transaction; dates are effective dates, so the register read as of an earlier day is
unchanged. Errors are `ValidationError`s with Vietnamese messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from trienkhai.core.notify import notify
from trienkhai.lib.vn import fold, format_date
from trienkhai.orgs.api import create_unit
from trienkhai.orgs.models import Unit, UnitKind, writers_of

from . import rules
from .importer import Checked, Row, check_rows
from .models import (
    AdmissionRequest,
    Affiliation,
    FoundingCase,
    FoundingStep,
    Member,
    MemberImport,
    MemberPause,
    MemberStatus,
    SubjectRequest,
)

GRASSROOTS = (UnitKind.GRASSROOTS, UnitKind.GUILD)


def _start_at(unit: Unit, joined_on: dt.date) -> dt.date:
    # A member who joined the union before this CĐCS existed belongs to it from its founding day.
    return max(joined_on, unit.valid_from)


def _require_grassroots(unit: Unit, on: dt.date) -> None:
    if unit.kind not in GRASSROOTS:
        raise ValidationError(f"Đoàn viên sinh hoạt tại công đoàn cơ sở; “{unit.name}” không phải CĐCS.")
    if not unit.is_active_on(on):
        raise ValidationError(f"CĐCS “{unit.name}” không hoạt động vào ngày {format_date(on)}.")


def _require_free_card(card_number: str, *, exclude: int | None = None) -> None:
    if card_number and Member.objects.filter(card_number=card_number).exclude(pk=exclude).exists():
        raise ValidationError(f"Số thẻ “{card_number}” đã có trong sổ đoàn viên.")


@transaction.atomic
def add_member(
    *,
    unit: Unit,
    full_name: str,
    birth_year: int,
    sex: str,
    joined_on: dt.date,
    card_number: str = "",
    phone: str = "",
    start: str = Affiliation.Start.JOINED,
    **details: Any,
) -> Member:
    """Register a member in a CĐCS from the day they joined (or the CĐCS's founding day, if later).
    `details` are the register's other fields (birth date, ID number, card issue date, admission …)."""
    since = _start_at(unit, joined_on)
    _require_grassroots(unit, since)
    _require_free_card(card_number)
    member = Member.objects.create(
        unit=unit,
        full_name=full_name,
        birth_year=birth_year,
        sex=sex,
        joined_on=joined_on,
        card_number=card_number,
        phone=phone,
        **details,
    )
    Affiliation.objects.create(member=member, unit=unit, valid_from=since, start=start)
    return member


@transaction.atomic
def update_member(*, member: Member, **fields: Any) -> Member:
    """Correct a member's personal data (not where they belong: that is `transfer_member`)."""
    if "card_number" in fields:
        _require_free_card(fields["card_number"], exclude=member.pk)
    for name, value in fields.items():
        setattr(member, name, value)
    member.save()
    return member


def _open_affiliation(member: Member, on: dt.date) -> Affiliation:
    current: Affiliation | None = (
        member.affiliations.filter(valid_to__isnull=True).select_related("unit").first()
    )
    if current is None:
        raise ValidationError("Đoàn viên này hiện không sinh hoạt ở CĐCS nào.")
    if on <= current.valid_from:
        raise ValidationError(
            f"Ngày hiệu lực phải sau ngày bắt đầu sinh hoạt tại {current.unit.name} ({format_date(current.valid_from)})."
        )
    return current


@transaction.atomic
def leave_member(*, member: Member, on: dt.date, reason: str) -> None:
    """The member is no longer a union member from `on` (nghỉ việc, xin ra, từ trần ...)."""
    current = _open_affiliation(member, on)
    current.valid_to, current.end = on, Affiliation.End.LEFT
    current.save(update_fields=["valid_to", "end"])
    close_pause(member, on)
    member.status, member.left_on, member.left_reason = MemberStatus.LEFT, on, reason
    member.save(update_fields=["status", "left_on", "left_reason", "search_text"])


@transaction.atomic
def transfer_member(*, member: Member, to_unit: Unit, on: dt.date, user: User | None = None) -> None:
    """Chuyển sinh hoạt: the member belongs to `to_unit` from `on`. The receiving CĐCS is told."""
    current = _open_affiliation(member, on)
    if current.unit_id == to_unit.pk:
        raise ValidationError("Đoàn viên đang sinh hoạt tại chính CĐCS này.")
    _require_grassroots(to_unit, on)
    current.valid_to, current.end = on, Affiliation.End.TRANSFER
    current.save(update_fields=["valid_to", "end"])
    Affiliation.objects.create(member=member, unit=to_unit, valid_from=on, start=Affiliation.Start.TRANSFER)
    member.unit = to_unit
    member.save(update_fields=["unit", "search_text"])
    notify(
        users=writers_of([to_unit.pk], on=on),
        verb="member_transfer",
        text=f"{current.unit.name} chuyển sinh hoạt một đoàn viên đến {to_unit.name} từ ngày {format_date(on)}.",
        url=reverse("members:detail", args=[member.pk]),
        key=f"member:{member.pk}:transfer:{to_unit.pk}:{on.isoformat()}",
    )


# The columns an imported member is written with (the others keep their defaults: no leaving date), and
# their PostgreSQL types. An import of 100,000 rows written with bulk_create spends most of its time in
# Django's per-field preparation; plain values cost a fraction: on PostgreSQL one INSERT … SELECT FROM
# UNNEST(arrays) per batch (the statement stays short), on SQLite one multi-row INSERT … RETURNING id.
MEMBER_COLUMNS = {
    "unit_id": "bigint",
    "full_name": "varchar",
    "birth_year": "smallint",
    "sex": "varchar",
    "card_number": "varchar",
    "joined_on": "date",
    "phone": "varchar",
    "status": "varchar",
    "left_reason": "varchar",
    "search_text": "varchar",
    "created_at": "timestamptz",
    "birth_date": "date",
    "card_issued_on": "date",
    "union_position": "varchar",
    "ethnicity": "varchar",
    "education": "varchar",
}
AFFILIATION_COLUMNS = {
    "member_id": "bigint",
    "unit_id": "bigint",
    "valid_from": "date",
    "start": "varchar",
    "end": "varchar",
}


def _insert(
    cursor: Any, table: str, columns: dict[str, str], rows: list[tuple[Any, ...]], *, returning: bool
) -> list[int]:
    ops = connection.ops
    names = ", ".join(ops.quote_name(c) for c in columns)
    tail = " RETURNING id" if returning else ""
    if connection.vendor == "postgresql":
        arrays = ", ".join(f"%s::{kind}[]" for kind in columns.values())
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT * FROM UNNEST({arrays}){tail}",
            [list(c) for c in zip(*rows, strict=True)],
        )
    else:
        one = "(" + ", ".join(["%s"] * len(columns)) + ")"
        cursor.execute(
            f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(rows))}{tail}",
            [v for r in rows for v in r],
        )
    return [row[0] for row in cursor.fetchall()] if returning else []


def write_rows(rows: Sequence[Row], *, batch: int = 2000) -> int:
    """Insert checked rows: members, then where each belongs from when. Call inside a transaction."""
    units = Unit.objects.in_bulk({r.unit_id for r in rows})
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    members, affiliations = ops.quote_name(Member._meta.db_table), ops.quote_name(Affiliation._meta.db_table)
    written = 0
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            values = [
                (
                    r.unit_id,
                    r.full_name,
                    r.birth_year,
                    r.sex,
                    r.card_number,
                    ops.adapt_datefield_value(r.joined_on),
                    r.phone,
                    MemberStatus.ACTIVE.value,
                    "",
                    Member.folded(r.full_name, r.card_number),
                    now,
                    ops.adapt_datefield_value(r.birth_date),
                    ops.adapt_datefield_value(r.card_issued_on),
                    r.union_position,
                    r.ethnicity,
                    r.education,
                )
                for r in chunk
            ]
            ids = _insert(cursor, members, MEMBER_COLUMNS, values, returning=True)
            links = [
                (
                    pk,
                    r.unit_id,
                    ops.adapt_datefield_value(_start_at(units[r.unit_id], r.joined_on)),
                    "joined",
                    "",
                )
                for pk, r in zip(ids, chunk, strict=True)
            ]
            _insert(cursor, affiliations, AFFILIATION_COLUMNS, links, returning=False)
            written += len(chunk)
    return written


def import_members(*, data: bytes, unit: Unit, progress: Callable[[int, int], None] | None = None) -> Checked:
    """Check every row of the file and, only when none has an error, write them all (one transaction).
    Returns the `Checked` result; `rows` were written when `ok`."""
    checked = check_rows(data, unit=unit, progress=progress)
    if not checked.ok:
        return checked
    with transaction.atomic():
        write_rows(checked.rows)
    return checked


def check_member_import(*, job_id: int) -> MemberImport | None:
    """The preview step (task worker): read and check the uploaded file, keep the first rows and the
    errors; nothing enters the register."""
    from .importer import preview_rows

    job = MemberImport.objects.select_related("unit").filter(pk=job_id).first()
    if job is None:
        return None
    MemberImport.start(job.pk, MemberImport.State.CHECKING)
    data = _file_bytes(job)
    checked = check_rows(data, unit=job.unit, progress=MemberImport.progress_of(job.pk))
    _store_result(job, checked)
    job.state = MemberImport.State.READY if checked.ok else MemberImport.State.REFUSED
    job.preview = preview_rows(checked) if checked.ok else []
    job.save()
    if not checked.ok:
        discard_import_file(job)
    return job


def _file_bytes(job: MemberImport) -> bytes:
    """The uploaded file's bytes, or none when the file was already discarded."""
    if not job.file:
        return b""
    with job.file.open("rb") as f:
        data: bytes = f.read()
    return data


def _store_result(job: MemberImport, checked: Checked) -> None:
    names = dict(Unit.objects.filter(pk__in=checked.per_unit).values_list("pk", "name"))
    job.rows = len(checked.rows)
    job.errors = checked.errors
    job.error_count = checked.error_count
    job.message = checked.refused or checked.note
    job.per_unit = {names.get(k, str(k)): v for k, v in checked.per_unit.items()}
    job.progress_done = job.progress_total = max(job.rows + job.error_count, 1)


def apply_member_import(*, job_id: int) -> MemberImport | None:
    """The confirmed step (task worker): check the file again (the register may have changed since the
    preview) and write every row, or none."""
    job = MemberImport.objects.select_related("unit").filter(pk=job_id).first()
    if job is None or job.state != MemberImport.State.IMPORTING:
        return job
    MemberImport.start(job.pk, MemberImport.State.IMPORTING)
    data = _file_bytes(job)
    checked = import_members(data=data, unit=job.unit, progress=MemberImport.progress_of(job.pk))
    _store_result(job, checked)
    job.state = MemberImport.State.DONE if checked.ok else MemberImport.State.REFUSED
    job.created = len(checked.rows) if checked.ok else 0
    job.preview = []  # personal data is not kept beyond its use
    job.save()
    discard_import_file(job)
    return job


def discard_import_file(job: MemberImport) -> None:
    if job.file:
        job.file.delete(save=False)
        MemberImport.objects.filter(pk=job.pk).update(file="")


@transaction.atomic
def create_member_import(*, unit: Unit, user: User, upload: UploadedFile) -> MemberImport:
    """A new import of an uploaded register for `unit`, with the file stored, waiting to be checked (the
    caller queues `check_import_task` once this has committed)."""
    job = MemberImport.objects.create(unit=unit, uploaded_by=user, filename=(upload.name or "")[:255])
    job.file.save(f"{job.pk}.xlsx", upload, save=True)
    return job


@transaction.atomic
def confirm_member_import(*, job: MemberImport) -> bool:
    """The user confirmed a checked import: it waits for the worker to write it (the caller queues
    `apply_import_task`). False when it was no longer waiting for confirmation (a second click)."""
    return MemberImport.queue_next(
        job.pk, waiting=MemberImport.State.READY, queued=MemberImport.State.IMPORTING
    )


@transaction.atomic
def cancel_member_import(*, job: MemberImport) -> bool:
    """The user dropped a checked or refused import: nothing is written, the preview and the file go.
    False when the import was not at one of those steps."""
    if job.state not in (MemberImport.State.READY, MemberImport.State.REFUSED):
        return False
    job.state, job.preview, job.message = (
        MemberImport.State.FAILED,
        [],
        gettext("Đã hủy; không nhập dòng nào."),
    )
    job.save(update_fields=["state", "preview", "message"])
    discard_import_file(job)
    return True


# --- founding new CĐCS ---------------------------------------------------------------------------


@transaction.atomic
def record_founding_step(
    *, case: FoundingCase, on: dt.date, stage: str, note: str, user: User | None
) -> FoundingStep:
    """A canvassing step; moves the case to `stage` (never to "founded": that is `found_cdcs`)."""
    if stage == FoundingCase.Stage.FOUNDED:
        raise ValidationError("Giai đoạn “Đã có quyết định thành lập” được ghi bằng quyết định thành lập.")
    if not case.is_open and stage != case.stage:
        raise ValidationError("Hồ sơ đã kết thúc; không đổi giai đoạn được nữa.")
    step = FoundingStep.objects.create(case=case, on=on, stage=stage, note=note, by=user)
    case.stage = stage
    case.save(update_fields=["stage"])
    return step


def min_founding_members() -> int:
    """The founding threshold of a CĐCS, as data (founding.threshold; FOUNDING_MIN_MEMBERS when unset)."""
    from .founding import threshold  # founding drafts through issuing; only this rule is shared

    return threshold(UnitKind.GRASSROOTS).min_members


@transaction.atomic
def found_cdcs(
    *,
    case: FoundingCase,
    code: str,
    name: str,
    decision_number: str,
    decision_on: dt.date,
    members: Sequence[dict[str, Any]],
    user: User | None,
) -> Unit:
    """The founding decision: a new CĐCS in the tree under the case's union (from the decision date),
    with its founding members in the register."""
    if not case.is_open:
        raise ValidationError("Hồ sơ này đã kết thúc.")
    if case.owner_unit.kind in GRASSROOTS:
        raise ValidationError("Chỉ công đoàn cấp trên mới ra quyết định thành lập CĐCS.")
    if len(members) < min_founding_members():
        raise ValidationError(
            f"Cần ít nhất {min_founding_members()} đoàn viên sáng lập; mới có {len(members)}."
        )
    unit = create_unit(
        parent=case.owner_unit,
        on=decision_on,
        user=user,
        note=f"Quyết định {decision_number} thành lập CĐCS {case.enterprise}",
        code=code,
        name=name,
        kind=UnitKind.GRASSROOTS,
        sector=case.sector,
        address=case.address,
    )
    for person in members:
        add_member(unit=unit, joined_on=decision_on, start=Affiliation.Start.FOUNDING, **person)
    case.stage = FoundingCase.Stage.FOUNDED
    case.decision_number, case.decision_on = decision_number, decision_on
    case.new_unit, case.founding_members = unit, len(members)
    case.save()
    FoundingStep.objects.create(
        case=case,
        on=decision_on,
        stage=FoundingCase.Stage.FOUNDED,
        note=f"Quyết định số {decision_number}: thành lập {name} với {len(members)} đoàn viên sáng lập.",
        by=user,
    )
    return unit


ANONYMOUS_NAME = "Đoàn viên đã rời #"


def retention_cutoff(*, on: dt.date, years: int) -> dt.date:
    """The leaving date before which personal data has been kept `years` full years on `on`."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


def anonymise_departed(*, on: dt.date, years: int) -> int:
    """Erase the name, phone and card number of every member who left more than `years` years before
    `on` (name → "Đoàn viên đã rời #id"); unit, sex, birth year, dates and status stay, so the counts of
    the past do not change. One UPDATE; returns how many were erased. `years` ≤ 0 erases nothing."""
    if years <= 0:
        return 0
    due = Member.objects.filter(
        status=MemberStatus.LEFT,
        left_on__lt=retention_cutoff(on=on, years=years),
        anonymised_on__isnull=True,
    )
    number = Cast("pk", output_field=CharField())
    return due.update(
        full_name=Concat(Value(ANONYMOUS_NAME), number, output_field=CharField()),
        search_text=Concat(Value(fold(ANONYMOUS_NAME)), number, output_field=CharField()),
        phone="",
        card_number="",
        id_number="",
        birth_date=None,
        ethnicity="",
        anonymised_on=on,
    )


# --- admission, states and the data subject's requests (issue 20) -----------------------------------------


def check_admissible(
    *, on: dt.date, not_admitted: str = "", id_number: str = "", full_name: str = "", birth_year: int = 0
) -> None:
    """Refuse, with the article, a person the guidance does not admit (rules.not_admitted), a person who is
    a member already, or one who left less than rules.READMISSION_MONTHS months before `on`."""
    labels = dict(rules.not_admitted())
    if not_admitted:
        label = labels.get(not_admitted, not_admitted)
        raise ValidationError(
            f"Không kết nạp: “{label}” thuộc đối tượng không kết nạp vào Công đoàn Việt Nam "
            f"({rules.NOT_ADMITTED_ARTICLE})."
        )
    same = Member.objects.none()
    if id_number:
        same = Member.objects.filter(id_number=id_number)
    elif full_name and birth_year:
        same = Member.objects.filter(search_text__startswith=fold(full_name), birth_year=birth_year).filter(
            Q(id_number="")
        )
    if same.exclude(status=MemberStatus.LEFT).exists():
        raise ValidationError("Người này đang là đoàn viên trong sổ; không kết nạp lần nữa.")
    last = same.filter(status=MemberStatus.LEFT, left_on__isnull=False).order_by("-left_on").first()
    months = rules.READMISSION_MONTHS.value()
    if last and last.left_on and on < rules.add_months(last.left_on, months):
        raise ValidationError(
            f"Người này ra khỏi tổ chức ngày {format_date(last.left_on)}; chỉ kết nạp lại sau {months} tháng, "
            f"tức từ ngày {format_date(rules.add_months(last.left_on, months))} "
            f"({rules.READMISSION_MONTHS.article})."
        )


def check_application(*, application: str, signed: bool, scan: Any) -> None:
    """The signed application (Mẫu 5a or 5b) must be on file: marked signed, or its scan uploaded."""
    if not application:
        raise ValidationError(
            f"Cần đơn gia nhập công đoàn (Mẫu 5a cá nhân hoặc 5b tập thể) — {rules.APPLICATION.article}."
        )
    if not signed and not scan:
        raise ValidationError(
            "Đơn gia nhập phải có chữ ký của người viết đơn (đơn tập thể: chữ ký của từng người): đánh dấu "
            f"“đơn đã có chữ ký” hoặc tải lên bản chụp đơn — {rules.APPLICATION.article}."
        )


@transaction.atomic
def admit_member(
    *,
    unit: Unit,
    decided_by: Unit,
    decision_number: str,
    decided_on: dt.date,
    application: str,
    application_signed: bool,
    application_scan: Any = None,
    not_admitted: str = "",
    **fields: Any,
) -> Member:
    """Kết nạp: the BCH of `unit` (or the upper union `decided_by`, where there is no CĐCS) admits the person
    whose signed application is on file; the member belongs to `unit` from the decision's day."""
    check_application(application=application, signed=application_signed, scan=application_scan)
    if not decision_number:
        raise ValidationError(f"Cần số quyết định kết nạp của ban chấp hành — {rules.BCH_DECISION.article}.")
    check_admissible(
        on=decided_on,
        not_admitted=not_admitted,
        id_number=fields.get("id_number", ""),
        full_name=fields.get("full_name", ""),
        birth_year=fields.get("birth_year", 0),
    )
    member = add_member(
        unit=unit,
        application=application,
        application_signed=application_signed,
        admission_decision=decision_number,
        admission_decided_on=decided_on,
        admitted_by=decided_by,
        **fields,
    )
    if application_scan:
        member.application_scan.save(f"{member.pk}-don.{_ext(application_scan)}", application_scan, save=True)
    return member


def _ext(upload: Any) -> str:
    name = getattr(upload, "name", "") or ""
    return name.rsplit(".", 1)[-1].lower() if "." in name else "pdf"


@transaction.atomic
def receive_admission_request(
    *, unit: Unit, received_on: dt.date, user: User | None, **fields: Any
) -> AdmissionRequest:
    """An application sent to the upper union `unit` where the worker's workplace has no CĐCS: it must
    be decided within rules.UPPER_DECISION_WORKING_DAYS working days (the clock on the home page)."""
    if unit.kind in GRASSROOTS:
        raise ValidationError(
            "Đơn gửi công đoàn cấp trên là cho nơi chưa có CĐCS; CĐCS tự quyết định kết nạp."
        )
    scan = fields.pop("application_scan", None)
    check_application(
        application=fields.get("application", ""), signed=fields.get("application_signed", False), scan=scan
    )
    due = rules.add_working_days(received_on, rules.UPPER_DECISION_WORKING_DAYS.value())
    request = AdmissionRequest.objects.create(
        unit=unit, received_on=received_on, due_on=due, created_by=user, **fields
    )
    if scan:
        request.application_scan.save(f"yc-{request.pk}.{_ext(scan)}", scan, save=True)
    return request


@transaction.atomic
def decide_admission_request(
    *,
    request: AdmissionRequest,
    admit: bool,
    decided_on: dt.date,
    decision_number: str = "",
    cdcs: Unit | None = None,
    note: str = "",
    not_admitted: str = "",
) -> Member | None:
    """The upper union's answer: admit (into `cdcs`, the CĐCS it assigns the member to) or refuse."""
    if request.outcome:
        raise ValidationError("Đơn này đã được quyết định.")
    member = None
    if admit:
        if cdcs is None:
            raise ValidationError("Chọn CĐCS nơi đoàn viên sinh hoạt.")
        member = admit_member(
            unit=cdcs,
            decided_by=request.unit,
            decision_number=decision_number,
            decided_on=decided_on,
            application=request.application,
            application_signed=request.application_signed or bool(request.application_scan),
            not_admitted=not_admitted,
            full_name=request.full_name,
            birth_year=request.birth_date.year,
            birth_date=request.birth_date,
            sex=request.sex,
            joined_on=decided_on,
        )
        if request.application_scan:
            member.application_scan.name = request.application_scan.name
            member.save(update_fields=["application_scan"])
    request.outcome = AdmissionRequest.Outcome.ADMITTED if admit else AdmissionRequest.Outcome.REFUSED
    request.decided_on, request.decision_number, request.note = decided_on, decision_number, note
    request.member = member
    request.save()
    return member


@transaction.atomic
def pause_member(*, member: Member, on: dt.date, reason: str, note: str = "") -> None:
    """Tạm dừng sinh hoạt from `on`: still a member, not counted among the active, no dues."""
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError("Chỉ tạm dừng sinh hoạt được đoàn viên đang sinh hoạt.")
    _open_affiliation(member, on)  # the pause starts after the member's current stint began
    MemberPause.objects.create(member=member, valid_from=on, reason=reason, note=note)
    member.status, member.status_on, member.status_note = MemberStatus.PAUSED, on, note[:255]
    member.save(update_fields=["status", "status_on", "status_note", "search_text"])


@transaction.atomic
def resume_member(*, member: Member, on: dt.date, note: str = "") -> None:
    """The member takes part again from `on` (the pause ends the day before)."""
    pause = member.pauses.filter(valid_to__isnull=True).first()
    if member.status != MemberStatus.PAUSED or pause is None:
        raise ValidationError("Đoàn viên này không ở trạng thái tạm dừng sinh hoạt.")
    if on <= pause.valid_from:
        raise ValidationError(f"Ngày sinh hoạt lại phải sau ngày tạm dừng ({format_date(pause.valid_from)}).")
    pause.valid_to = on
    pause.save(update_fields=["valid_to"])
    member.status, member.status_on, member.status_note = MemberStatus.ACTIVE, on, note[:255]
    member.save(update_fields=["status", "status_on", "status_note", "search_text"])


def close_pause(member: Member, on: dt.date) -> None:
    """Leaving while paused ends the pause the same day (the member is no longer counted anywhere)."""
    member.pauses.filter(valid_to__isnull=True, valid_from__lt=on).update(valid_to=on)


@transaction.atomic
def record_subject_request(
    *, member: Member, kind: str, received_on: dt.date, detail: str, user: User | None
) -> SubjectRequest:
    """A data subject's request, with the clocks of rules.SUBJECT_* (acknowledge, then carry out)."""
    ack = rules.add_working_days(received_on, rules.SUBJECT_ACK_WORKING_DAYS.value())
    days = (
        rules.SUBJECT_RESTRICTION_DAYS
        if kind == SubjectRequest.Kind.RESTRICTION
        else rules.SUBJECT_OTHER_DAYS
    ).value()
    return SubjectRequest.objects.create(
        member=member,
        kind=kind,
        received_on=received_on,
        ack_due_on=ack,
        due_on=received_on + dt.timedelta(days=days),
        detail=detail,
        by=user,
    )


@transaction.atomic
def complete_subject_request(*, request: SubjectRequest, on: dt.date, outcome: str) -> None:
    """Carry out the request: a restriction marks the member (never exported again), a deletion
    anonymises a member who left (`erase_member`); access and correction are done by the officer (export,
    edit) and recorded here."""
    if request.done_on:
        raise ValidationError("Yêu cầu này đã được thực hiện.")
    member = request.member
    if request.kind == SubjectRequest.Kind.RESTRICTION:
        member.restricted_on = on
        member.save(update_fields=["restricted_on", "search_text"])
    elif request.kind == SubjectRequest.Kind.DELETION:
        erase_member(member=member, on=on)
    request.done_on, request.outcome = on, outcome
    request.save(update_fields=["done_on", "outcome"])


def erase_member(*, member: Member, on: dt.date) -> None:
    """Anonymise one member who left (Luật 91/2025/QH15 Điều 14): the name, phone, card, ID number, birth
    day and application go; the rows that make the counts of the past (unit, sex, birth year, dates,
    status) stay. A member still in the union is refused: the register needs their data."""
    if member.status != MemberStatus.LEFT:
        raise ValidationError(
            "Chỉ xóa (ẩn danh hóa) được dữ liệu của người đã ra khỏi tổ chức; đoàn viên đang sinh hoạt cần "
            "ghi ra khỏi tổ chức trước."
        )
    if member.application_scan:
        member.application_scan.delete(save=False)
    Member.objects.filter(pk=member.pk).update(
        full_name=f"{ANONYMOUS_NAME}{member.pk}",
        search_text=f"{fold(ANONYMOUS_NAME)}{member.pk}",
        phone="",
        card_number="",
        id_number="",
        birth_date=None,
        ethnicity="",
        status_note="",
        application_scan="",
        anonymised_on=on,
    )
    member.refresh_from_db()


def own_data(member: Member) -> dict[str, Any]:
    """Everything the register holds about `member`, for the data subject's own copy (Điều 4: yêu cầu cung
    cấp dữ liệu), as label → value."""
    fields = [
        f
        for f in Member._meta.concrete_fields
        if f.name not in ("id", "search_text", "created_at", "application_scan")
    ]
    data: dict[str, Any] = {}
    for f in fields:
        value = getattr(member, f.name)
        if f.choices:
            value = getattr(member, f"get_{f.name}_display")()
        elif isinstance(value, Unit):
            value = value.name
        elif isinstance(value, dt.date):
            value = format_date(value)
        data[str(f.verbose_name)] = "" if value is None else str(value)
    data["Quá trình sinh hoạt"] = "; ".join(
        f"{a.unit.name}: {format_date(a.valid_from)} – {format_date(a.valid_to) if a.valid_to else '…'}"
        for a in member.affiliations.select_related("unit")
    )
    data["Tạm dừng sinh hoạt"] = "; ".join(
        f"{format_date(p.valid_from)} – {format_date(p.valid_to) if p.valid_to else '…'} ({p.get_reason_display()})"
        for p in member.pauses.all()
    )
    return data
