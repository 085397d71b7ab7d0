"""Concern flows: file (public), answer, follow up, and escalate up the tree past the deadline."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from trienkhai.core.notify import notify
from trienkhai.lib.vn import format_date
from trienkhai.orgs.models import Unit, writers_of

from .models import Concern, ConcernBox, ConcernCategory, ConcernEvent

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
    overdue = Concern.objects.overdue(on=on).select_related("handler", "category", "unit")
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
