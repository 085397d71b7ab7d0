"""Legal-aid flows: open a request, assign an advisor, note, take to court, close with an outcome."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from trienkhai.core.names import display_name
from trienkhai.core.notify import notify
from trienkhai.core.uploads import policy, refusal
from trienkhai.orgs.models import Membership, Unit, today

from .models import CaseDocument, CaseNote, CaseStage, CourtCase, LegalCase

S = LegalCase.Status
DOCUMENT_KINDS = ("pdf", "docx", "doc", "jpeg", "png")


def advisors_for(case: LegalCase) -> list[Membership]:
    """Who may take the case: write roles of its unit and of every unit above it, today. Each comes with
    the unit they would advise from (the nearest), so the case moves there."""
    chain = [case.unit, *case.unit.ancestors(today())]
    order = {u.pk: i for i, u in enumerate(chain)}
    memberships = (
        Membership.objects.active_on(today())
        .writing()
        .filter(unit__in=chain, user__is_active=True)
        .select_related("user", "unit")
    )
    best: dict[int, Membership] = {}
    for m in memberships:
        if m.user_id not in best or order[m.unit_id] < order[best[m.user_id].unit_id]:
            best[m.user_id] = m
    return sorted(best.values(), key=lambda m: (order[m.unit_id], display_name(m.user)))


@transaction.atomic
def open_case(*, origin_unit: Unit, user: User | None, **fields: Any) -> LegalCase:
    """A request for legal aid, received by the worker's own unit (advisor to be assigned)."""
    return LegalCase.objects.create(unit=origin_unit, origin_unit=origin_unit, created_by=user, **fields)


@transaction.atomic
def assign_advisor(
    *,
    case: LegalCase,
    advisor_id: int,
    user: User | None,
    qualification: str = "",
    credential: str = "",
) -> LegalCase:
    """The case goes to the advisor and to the advisor's unit: from now on only that unit and the units
    above it see it. The advisor's qualification is kept on the case (who advised, with what standing)."""
    choice = next((m for m in advisors_for(case) if m.user_id == advisor_id), None)
    if choice is None:
        raise ValidationError(
            "Người này không thể nhận vụ việc (cần vai trò cán bộ ở đơn vị xử lý hoặc cấp trên)."
        )
    case.advisor, case.unit = choice.user, choice.unit
    case.advisor_qualification, case.advisor_credential = qualification, credential
    if case.status == S.NEW:
        case.status = S.ASSIGNED
    case.save(update_fields=["advisor", "unit", "status", "advisor_qualification", "advisor_credential"])
    CaseNote.objects.create(
        case=case,
        author=user,
        text=f"Phân công {display_name(choice.user)} ({choice.unit.name}) tư vấn.",
    )
    notify(
        users=[choice.user],
        verb="legal_assigned",
        text=f"Bạn được phân công tư vấn pháp luật một vụ việc ({case.get_topic_display()}).",
        url=reverse("legalaid:detail", args=[case.pk]),
        key=f"legalcase:{case.pk}:assigned:{choice.user.pk}",
    )
    return case


@transaction.atomic
def add_note(*, case: LegalCase, user: User | None, text: str) -> CaseNote:
    if case.status in (S.NEW, S.ASSIGNED):
        case.status = S.IN_PROGRESS
        case.save(update_fields=["status"])
    return CaseNote.objects.create(case=case, author=user, text=text)


@transaction.atomic
def record_court_case(*, case: LegalCase, user: User | None, **fields: Any) -> CourtCase:
    court = CourtCase.objects.create(case=case, **fields)
    case.kind, case.status = LegalCase.Kind.COURT, S.COURT
    case.save(update_fields=["kind", "status"])
    CaseNote.objects.create(
        case=case, author=user, text=f"Vụ án tại {court.court}: {court.get_stage_display()}."
    )
    return court


@transaction.atomic
def record_stage(*, case: LegalCase, user: User | None, **fields: Any) -> CaseStage:
    """One step of the dispute's road (advice, mediation, arbitration, court), noted in the case's log."""
    stage = CaseStage.objects.create(case=case, created_by=user, **fields)
    if case.status in (S.NEW, S.ASSIGNED):
        case.status = S.IN_PROGRESS
        case.save(update_fields=["status"])
    body = f" ({stage.body})" if stage.body else ""
    CaseNote.objects.create(
        case=case,
        author=user,
        text=f"Giai đoạn {stage.get_stage_display()}{body} từ {stage.started_on:%d/%m/%Y}.",
    )
    return stage


@transaction.atomic
def close_case(
    *,
    case: LegalCase,
    user: User | None,
    outcome: str,
    closed_on: dt.date,
    note: str = "",
    amount: Decimal | None = None,
) -> LegalCase:
    if closed_on < case.opened_on:
        raise ValidationError("Ngày kết thúc không được trước ngày tiếp nhận.")
    case.status, case.outcome, case.closed_on = S.CLOSED, outcome, closed_on
    case.outcome_note, case.amount_recovered = note, amount
    case.save(update_fields=["status", "outcome", "closed_on", "outcome_note", "amount_recovered"])
    CaseNote.objects.create(
        case=case, author=user, text=f"Kết thúc: {case.get_outcome_display()}. {note}".strip()
    )
    return case


def check_document(upload: Any) -> str | None:
    """A Vietnamese message when the file may not be attached to a case, else None (size, then content)."""
    limit = int(getattr(settings, "LEGALAID_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))
    if upload.size > limit:
        return f"Tệp «{upload.name}» quá lớn; tối đa {limit // 1048576} MB."
    return refusal(upload, policy(DOCUMENT_KINDS, max_bytes=limit))


@transaction.atomic
def attach_document(
    *, case: LegalCase, upload: Any, user: User | None, kind: str = CaseDocument.Kind.OTHER
) -> CaseDocument:
    document = CaseDocument(case=case, kind=kind, name=upload.name[:255], size=upload.size, uploaded_by=user)
    document.file.save(upload.name, upload, save=False)
    document.save()
    return document
