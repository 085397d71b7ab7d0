"""Concern flows: file (public), answer, follow up, and escalate up the tree past the deadline; a concern
that becomes a complaint or denunciation case follows the law's clocks instead (clocks.py)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from trienkhai.core.notify import notify
from trienkhai.lib.vn import format_date
from trienkhai.orgs.models import Unit, writers_of

from . import clocks
from .models import Concern, ConcernBox, ConcernCase, ConcernCategory, ConcernEvent, IdentityRead

K = ConcernEvent.Kind


def _url(concern: Concern) -> str:
    return reverse("concerns:detail", args=[concern.pk])


@transaction.atomic
def file_concern(
    *,
    box: ConcernBox,
    category: ConcernCategory,
    text: str,
    anonymous: bool,
    name: str = "",
    contact: str = "",
    sender: str = "",
    on: dt.date | None = None,
    held_reason: str = "",
) -> Concern:
    """A worker's concern, filed at the box's CĐCS with the category's response deadline. An anonymous
    concern keeps no name or contact, whatever was typed. With a `held_reason` (a bot trap or the CĐCS's
    hourly cap) it is stored held: not a case, no deadline running, until an officer releases it; the
    officers are told once an hour that something waits for review."""
    on = on or timezone.localdate()
    unit = box.unit
    concern = Concern.objects.create(
        unit=unit,
        handler=unit,
        category=category,
        text=text,
        anonymous=anonymous,
        name="" if anonymous else name,
        contact="" if anonymous else contact,
        due_on=on + dt.timedelta(days=category.sla_days),
        sender_hash=sender,
        status=Concern.Status.HELD if held_reason else Concern.Status.NEW,
        held_reason=held_reason,
    )
    if held_reason:
        ConcernEvent.objects.create(
            concern=concern,
            kind=K.STATUS,  # "filed" (tiếp nhận) only once an officer takes it in
            unit=unit,
            text="Đã nhận; đang chờ cán bộ công đoàn xem xét trước khi tiếp nhận xử lý.",
        )
        notify(
            users=writers_of([unit.pk], on=on),
            verb="concern_held",
            text=f"Có ý kiến gửi qua hộp thư góp ý của {unit.name} đang chờ xem xét trước khi tiếp nhận.",
            url=reverse("concerns:list") + f"?loc=cho-xem-xet&don-vi={unit.pk}",
            key=f"concern:held:{unit.pk}:{timezone.now():%Y%m%d%H}",
        )
        return concern
    _received(concern, on=on)
    return concern


def _received(concern: Concern, *, on: dt.date) -> None:
    unit, category = concern.unit, concern.category
    ConcernEvent.objects.create(
        concern=concern,
        kind=K.FILED,
        unit=unit,
        text=f"{unit.name} đã tiếp nhận; hạn trả lời {format_date(concern.due_on)}.",
    )
    notify(
        users=writers_of([unit.pk], on=on),
        verb="concern_filed",
        text=f"Tâm tư, nguyện vọng mới ({category.name}) tại {unit.name}; hạn trả lời {format_date(concern.due_on)}.",
        url=_url(concern),
        key=f"concern:{concern.pk}:filed",
    )


@transaction.atomic
def release_concern(*, concern: Concern, user: User | None, unit: Unit, on: dt.date | None = None) -> bool:
    """Take a held concern in as a case: its deadline runs from today. False when it is no longer held
    (another officer decided first)."""
    on = on or timezone.localdate()
    concern = Concern.objects.select_for_update().select_related("unit", "category").get(pk=concern.pk)
    if concern.status != Concern.Status.HELD:
        return False
    concern.status = Concern.Status.NEW
    concern.due_on = on + dt.timedelta(days=concern.category.sla_days)
    concern.save(update_fields=["status", "due_on"])
    ConcernEvent.objects.create(
        concern=concern, kind=K.NOTE, unit=unit, actor=user, text="Đã xem xét: tiếp nhận.", public=False
    )
    _received(concern, on=on)
    return True


@transaction.atomic
def discard_concern(*, concern: Concern, user: User | None, unit: Unit, note: str) -> bool:
    """Refuse a held concern (spam, a test, a duplicate): kept, with the reason the sender reads by the
    tracking code. False when it is no longer held."""
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if concern.status != Concern.Status.HELD:
        return False
    concern.status = Concern.Status.DISCARDED
    concern.save(update_fields=["status"])
    text = "Không tiếp nhận" + (f": {note}" if note else ".")
    ConcernEvent.objects.create(concern=concern, kind=K.STATUS, unit=unit, actor=user, text=text)
    return True


@transaction.atomic
def answer_concern(*, concern: Concern, user: User | None, answer: str, unit: Unit) -> None:
    """The answer the submitter reads with the tracking code; it ends the deadline."""
    concern.answer = answer
    concern.answered_at = timezone.now()
    concern.answered_by = user
    concern.status = Concern.Status.ANSWERED
    concern.save(update_fields=["answer", "answered_at", "answered_by", "status"])
    ConcernEvent.objects.create(concern=concern, kind=K.ANSWERED, unit=unit, actor=user, text=answer)


@transaction.atomic
def follow_up(
    *, concern: Concern, user: User | None, unit: Unit, status: str, note: str, public: bool
) -> None:
    """A status change and/or a note; a public note is shown to the submitter."""
    if status and status != concern.status:
        concern.status = status
        concern.save(update_fields=["status"])
    kind = K.STATUS if public else K.NOTE
    ConcernEvent.objects.create(concern=concern, kind=kind, unit=unit, actor=user, text=note, public=public)


def escalate_overdue(*, on: dt.date) -> int:
    """Move every open concern past its deadline to the union directly above its handler (the tree as of
    `on`), with a new deadline, and tell both sides. One level per run; returns how many moved."""
    moved = 0
    # A complaint or denunciation case follows the law's clocks instead (run_case_clocks).
    overdue = Concern.objects.overdue(on=on).plain().select_related("handler", "category", "unit")
    for concern in overdue.iterator(chunk_size=200):
        with transaction.atomic():
            parent = concern.handler.parent_on(on)
            if parent is None:
                continue  # the top of the tree: it stays overdue there, on that union's to-do list
            old = concern.handler
            concern.handler = parent
            concern.level += 1
            concern.due_on = on + dt.timedelta(days=concern.category.sla_days)
            concern.escalated_at = timezone.now()
            concern.save(update_fields=["handler", "level", "due_on", "escalated_at"])
            ConcernEvent.objects.create(
                concern=concern,
                kind=K.ESCALATED,
                unit=parent,
                text=(
                    f"{old.name} chưa trả lời đúng hạn; chuyển lên {parent.name}, "
                    f"hạn trả lời mới {format_date(concern.due_on)}."
                ),
            )
            notify(
                users=list(writers_of([parent.pk, old.pk], on=on)),
                verb="concern_escalated",
                text=(
                    f"Tâm tư, nguyện vọng tại {concern.unit.name} quá hạn trả lời, đã chuyển lên {parent.name}; "
                    f"hạn mới {format_date(concern.due_on)}."
                ),
                url=_url(concern),
                key=f"concern:{concern.pk}:escalated:{concern.level}",
            )
            moved += 1
    return moved


# --- complaint and denunciation cases ------------------------------------------------------------------

CK = ConcernCase.Kind
LAW: dict[str, str] = {CK.COMPLAINT: "Luật Khiếu nại 2011", CK.DENUNCIATION: "Luật Tố cáo 2018"}


def settle_key(case: ConcernCase) -> str:
    """The clock of settlement: a complaint's depends on the area and the complexity (Luật Khiếu nại
    Art. 28); a denunciation's does not (Luật Tố cáo Art. 30: complexity allows extensions instead)."""
    if case.kind == CK.DENUNCIATION:
        return "denunciation_settle"
    key = "complaint_settle" + ("_remote" if case.remote else "")
    return key + ("_complex" if case.complexity != ConcernCase.Complexity.NORMAL else "")


def _case_event(case: ConcernCase, *, text: str, user: User | None = None, public: bool = True) -> None:
    ConcernEvent.objects.create(
        concern=case.concern, kind=K.STATUS, unit=case.unit, actor=user, text=text, public=public
    )


@transaction.atomic
def open_case(
    *,
    concern: Concern,
    kind: str,
    unit: Unit,
    received_on: dt.date,
    user: User | None,
    remote: bool = False,
    subject_unit: Unit | None = None,
    subject_member_id: int | None = None,
    handlers: list[User] | None = None,
) -> ConcernCase:
    """The concern becomes a complaint or a denunciation case held by `unit`, its acceptance clock running
    from `received_on`; it no longer escalates one level a day. The handlers are the only ones who may
    read a denouncer's identity (default: the user who opened the case)."""
    case = ConcernCase.objects.create(
        concern=concern,
        kind=kind,
        unit=unit,
        received_on=received_on,
        remote=remote,
        accept_due=clocks.due(f"{kind}_accept", received_on),
        subject_unit=subject_unit,
        subject_member_id=subject_member_id,
    )
    case.handlers.set(handlers or ([user] if user else []))
    concern.handler = unit
    concern.status = Concern.Status.IN_PROGRESS
    concern.due_on = case.accept_due
    concern.save(update_fields=["handler", "status", "due_on"])
    _case_event(
        case,
        user=user,
        text=(
            f"{unit.name} xử lý ý kiến này như đơn {case.get_kind_display().lower()} theo {LAW[kind]}; "
            f"ngày nhận đơn {format_date(received_on)}, hạn thụ lý {format_date(case.accept_due)} "
            f"({clocks.article(f'{kind}_accept')})."
        ),
    )
    notify(
        users=list(writers_of([unit.pk], on=timezone.localdate())) + list(case.handlers.all()),
        verb="case_opened",
        text=f"Đơn {case.get_kind_display().lower()} tại {unit.name}: hạn thụ lý {format_date(case.accept_due)}.",
        url=_url(concern),
        key=f"case:{case.pk}:opened",
    )
    return case


@transaction.atomic
def accept_case(*, case: ConcernCase, on: dt.date, user: User | None) -> None:
    """Thụ lý: the settlement clock starts (Luật Khiếu nại Art. 28; Luật Tố cáo Art. 30)."""
    case.accepted_on = on
    case.settle_due = clocks.due(settle_key(case), on)
    case.save(update_fields=["accepted_on", "settle_due"])
    Concern.objects.filter(pk=case.concern_id).update(due_on=case.settle_due)
    _case_event(
        case,
        user=user,
        text=(
            f"Đã thụ lý ngày {format_date(on)}; hạn giải quyết {format_date(case.settle_due)} "
            f"({clocks.article(settle_key(case))})."
        ),
    )


@transaction.atomic
def set_complexity(*, case: ConcernCase, complexity: str, user: User | None) -> None:
    """A complex complaint gets the longer limit (Luật Khiếu nại Art. 28); a complex denunciation may be
    extended (Luật Tố cáo Art. 30(2), (3))."""
    case.complexity = complexity
    if case.accepted_on and case.kind == CK.COMPLAINT:
        case.settle_due = clocks.due(settle_key(case), case.accepted_on)
        Concern.objects.filter(pk=case.concern_id).update(due_on=case.settle_due)
    case.save(update_fields=["complexity", "settle_due"])
    _case_event(
        case,
        user=user,
        text=f"Xác định tính chất vụ việc: {case.get_complexity_display().lower()}."
        + (f" Hạn giải quyết {format_date(case.settle_due)}." if case.settle_due else ""),
        public=False,
    )


def extensions_allowed(case: ConcernCase) -> int:
    """How many times a denunciation may be extended (Luật Tố cáo Art. 30(2), (3)); a complaint never."""
    C = ConcernCase.Complexity
    if case.kind != CK.DENUNCIATION or case.complexity == C.NORMAL:
        return 0
    key = (
        "denunciation_extensions_complex"
        if case.complexity == C.COMPLEX
        else "denunciation_extensions_very_complex"
    )
    return clocks.rule(key)[0]


@transaction.atomic
def extend_case(*, case: ConcernCase, user: User | None) -> str:
    """Extend a denunciation's settlement once more by up to 30 days; '' when done, else why not."""
    if case.kind != CK.DENUNCIATION:
        return "Luật Khiếu nại 2011 không quy định gia hạn; vụ việc phức tạp có thời hạn dài hơn (Điều 28)."
    if case.settle_due is None:
        return "Chưa thụ lý nên chưa thể gia hạn."
    allowed = extensions_allowed(case)
    if case.extensions >= allowed:
        return (
            f"Vụ việc {case.get_complexity_display().lower()} được gia hạn tối đa {allowed} lần "
            f"(Điều 30 Luật Tố cáo 2018)."
        )
    value, unit, article = clocks.rule("denunciation_extension")
    case.settle_due = clocks.add(case.settle_due, value, unit)
    case.extensions += 1
    case.save(update_fields=["settle_due", "extensions"])
    Concern.objects.filter(pk=case.concern_id).update(due_on=case.settle_due)
    _case_event(
        case,
        user=user,
        text=f"Gia hạn giải quyết lần {case.extensions}; hạn mới {format_date(case.settle_due)} ({article}).",
    )
    return ""


@transaction.atomic
def close_case(*, case: ConcernCase, outcome: str, result: str, on: dt.date, user: User | None) -> None:
    """Settled, not accepted (with the reason, Luật Khiếu nại Art. 27) or withdrawn: the clocks stop; the
    submitter reads the result with the tracking code."""
    case.closed_on = on
    case.outcome = outcome
    case.result = result
    case.save(update_fields=["closed_on", "outcome", "result"])
    concern = case.concern
    concern.answer = result
    concern.answered_at = timezone.now()
    concern.answered_by = user
    concern.status = Concern.Status.ANSWERED
    concern.save(update_fields=["answer", "answered_at", "answered_by", "status"])
    late = ""
    if outcome == ConcernCase.Outcome.SETTLED and case.settle_due and on > case.settle_due:
        late = f" (quá hạn {(on - case.settle_due).days} ngày)"
    ConcernEvent.objects.create(
        concern=concern,
        kind=K.ANSWERED,
        unit=case.unit,
        actor=user,
        text=f"{case.get_outcome_display()} ngày {format_date(on)}{late}: {result}",
    )


def read_identity(*, case: ConcernCase, user: User) -> tuple[str, str]:
    """The denouncer's name and contact for a case handler; every read is logged (Luật Tố cáo Art. 47)."""
    IdentityRead.objects.create(case=case, user=user)
    return case.concern.name, case.concern.contact


def _remind(case: ConcernCase, *, on: dt.date, due: dt.date, stage: str) -> int:
    left = (due - on).days
    before = clocks.rule("reminder_before")[0]
    if left not in (before, 0):
        return 0
    what = "thụ lý" if stage == "accept" else "giải quyết"
    when = "hôm nay là ngày cuối" if left == 0 else f"còn {left} ngày"
    users = list(writers_of([case.unit_id], on=on)) + list(case.handlers.all())
    return notify(
        users=users,
        verb="case_due",
        text=(
            f"Đơn {case.get_kind_display().lower()} tại {case.unit.name}: hạn {what} {format_date(due)}, "
            f"{when}."
        ),
        url=_url(case.concern),
        key=f"case:{case.pk}:remind:{stage}:{due.isoformat()}:{left}",
    )


def _overdue(case: ConcernCase, *, on: dt.date, due: dt.date, stage: str) -> int:
    """Past a limit, the law's next step: the direct superior is told; past settlement, a complainant may
    complain a second time to it (Luật Khiếu nại Art. 33(1)) and a denouncer may denounce further to it,
    which then asks for a report within 5 working days (Luật Tố cáo Art. 38(1), (2))."""
    parent = case.unit.parent_on(on)
    kind = case.get_kind_display().lower()
    if stage == "accept":
        text = (
            f"Đơn {kind} tại {case.unit.name} quá hạn thụ lý ({format_date(due)}, "
            f"{clocks.article(f'{case.kind}_accept')})."
        )
    elif case.kind == CK.COMPLAINT:
        window = "complaint_second_window" + ("_remote" if case.remote else "")
        case.superior, case.superior_due = parent, clocks.due(window, due)
        text = (
            f"Hết hạn giải quyết khiếu nại ({format_date(due)}, {clocks.article(settle_key(case))}) mà chưa "
            f"giải quyết: người khiếu nại có quyền khiếu nại lần hai"
            + (f" đến {parent.name}" if parent else "")
            + f" đến hết ngày {format_date(case.superior_due)} ({clocks.article(window)})."
        )
    else:
        case.superior, case.superior_due = parent, clocks.due("denunciation_superior_report", on)
        text = (
            f"Quá hạn giải quyết tố cáo ({format_date(due)}, {clocks.article('denunciation_settle')}): "
            f"người tố cáo có quyền tố cáo tiếp với người đứng đầu cấp trên trực tiếp"
            + (f" ({parent.name})" if parent else "")
            + f"; cấp trên yêu cầu báo cáo trước ngày {format_date(case.superior_due)} "
            f"({clocks.article('denunciation_superior_report')})."
        )
    if stage == "settle":
        case.overdue_on = on
        case.save(update_fields=["overdue_on", "superior", "superior_due"])
        _case_event(case, text=text)
    units = [case.unit_id] + ([parent.pk] if parent else [])
    return notify(
        users=list(writers_of(units, on=on)) + list(case.handlers.all()),
        verb="case_overdue",
        text=text,
        url=_url(case.concern),
        key=f"case:{case.pk}:overdue:{stage}:{due.isoformat()}",
    )


def run_case_clocks(*, on: dt.date) -> int:
    """The daily run of the law's clocks: remind before a limit runs out and on its last day, and take
    the law's next step the day after it ran out (once per limit). Returns how many notifications."""
    sent = 0
    cases = ConcernCase.objects.open().select_related("unit", "concern")
    for case in cases.iterator(chunk_size=200):
        with transaction.atomic():
            stage = "accept" if case.accepted_on is None else "settle"
            due = case.next_due()
            if on <= due:
                sent += _remind(case, on=on, due=due, stage=stage)
            elif stage == "accept" or case.overdue_on is None:
                sent += _overdue(case, on=on, due=due, stage=stage)
    return sent
