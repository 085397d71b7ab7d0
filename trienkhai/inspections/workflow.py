"""Inspection flows: the plan with its visits and team, the record of a visit, the recommendations and
their answers (every state change audited), the notice and record drafts through issuing, and the
reminders for overdue recommendations through the shared notification path."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from trienkhai.core.notify import notify
from trienkhai.issuing import api as issuing
from trienkhai.issuing.models import OutgoingDocument
from trienkhai.lib.vn import format_date
from trienkhai.members.models import Member
from trienkhai.orgs.models import Unit, writers_of

from . import compose, rules
from .models import (
    UNIT_TARGETS,
    Committee,
    CommitteeMember,
    DisciplineCase,
    Evidence,
    InspectionPlan,
    Recommendation,
    RecommendationEvent,
    TeamMember,
    Visit,
)

S = Recommendation.Status
Kind = OutgoingDocument.Kind


class WrongState(Exception):  # noqa: N818 - a refusal the officer reads, not a crash
    """The recommendation is not in a state that allows this step; the message is for the user."""


class RuleBroken(Exception):  # noqa: N818 - a refusal the officer reads, not a crash
    """A rule of rules.py refuses the change; the message (with its article) is for the user."""


@dataclass
class TeamEntry:
    name: str
    position: str = ""
    role: str = TeamMember.Role.MEMBER
    user: User | None = None
    committee_member: CommitteeMember | None = None


@dataclass
class CommitteeEntry:
    name: str
    position: str = ""
    role: str = CommitteeMember.Role.MEMBER
    on_bch: bool = False
    user: User | None = None


def committee_problems(entries: Sequence[CommitteeEntry]) -> list[str]:
    """What the Điều lệ refuses in a committee's membership (rules.COMMITTEE_*)."""
    problems = []
    num, den = rules.COMMITTEE_MAX_BCH_SHARE
    on_bch = sum(e.on_bch for e in entries)
    if on_bch * den > num * len(entries):
        problems.append(
            f"Số ủy viên Ban Chấp hành ({on_bch}/{len(entries)}) vượt quá {num}/{den} tổng số ủy viên Ủy ban "
            f"kiểm tra ({rules.COMMITTEE_ARTICLE})."
        )
    if sum(e.role == CommitteeMember.Role.CHAIR for e in entries) > 1:
        problems.append("Ủy ban kiểm tra chỉ có một Chủ nhiệm.")
    return problems


@transaction.atomic
def save_committee(*, committee: Committee, members: Sequence[CommitteeEntry]) -> Committee:
    """Save a committee for its term with its members (replacing them), refused when a rule is broken."""
    problems = committee_problems(members)
    if problems:
        raise RuleBroken(" ".join(problems))
    committee.save()
    committee.members.all().delete()
    CommitteeMember.objects.bulk_create(
        CommitteeMember(
            committee=committee, name=m.name, position=m.position, role=m.role, on_bch=m.on_bch, user=m.user
        )
        for m in members
    )
    return committee


def committee_of(unit: Unit, *, on: dt.date) -> Committee | None:
    """The unit's committee whose term covers `on`."""
    return next((c for c in Committee.objects.filter(unit=unit) if c.active_on(on)), None)


def team_problems(committee: Committee | None, team: Sequence[TeamEntry]) -> list[str]:
    """The team is drawn from the committee's members (rules.TEAM_FROM_COMMITTEE)."""
    if committee is None or not rules.TEAM_FROM_COMMITTEE:
        return []
    ids = set(committee.members.values_list("pk", flat=True))
    outside = [t.name for t in team if t.committee_member is None or t.committee_member.pk not in ids]
    if outside:
        return [f"Thành viên đoàn phải là ủy viên {committee} ({rules.TEAM_ARTICLE}): {', '.join(outside)}."]
    return []


@transaction.atomic
def save_plan(
    *, plan: InspectionPlan, units: Sequence[Unit], team: Sequence[TeamEntry], user: User | None
) -> InspectionPlan:
    """Save the plan with one visit per CĐCS in `units` (a new one on the plan's first day; a CĐCS left
    out loses its visit only while that visit has no record and no recommendation) and its team."""
    problems = team_problems(plan.committee, team)
    if problems:
        raise RuleBroken(" ".join(problems))
    if plan.pk is None:
        plan.created_by = user
    plan.save()
    wanted = {u.pk for u in units}
    current = {v.unit_id: v for v in plan.visits.filter(target__in=UNIT_TARGETS)}
    for unit_id, visit in current.items():
        if unit_id not in wanted and not visit.is_recorded and not visit.recommendations.exists():
            visit.delete()
        elif not visit.is_recorded and not plan.starts_on <= visit.visit_on <= plan.ends_on:
            visit.visit_on = plan.starts_on  # the period moved: a visit not yet held moves with it
            visit.save(update_fields=["visit_on"])
    for unit in units:
        if unit.pk not in current:
            target = rules.UNIT_SAME if unit.pk == plan.unit_id else rules.UNIT_BELOW
            if not plan.rule.allows(target):
                raise RuleBroken(
                    f"{plan.rule.name} không áp dụng cho {str(rules.TARGET_LABELS[target]).lower()} "
                    f"({plan.rule.article})."
                )
            Visit.objects.create(plan=plan, unit=unit, visit_on=plan.starts_on, target=target)
    plan.team.all().delete()
    TeamMember.objects.bulk_create(
        TeamMember(
            plan=plan,
            name=t.name,
            position=t.position,
            role=t.role,
            user=t.user,
            committee_member=t.committee_member,
        )
        for t in team
    )
    return plan


@transaction.atomic
def add_person_visit(
    *,
    plan: InspectionPlan,
    target: str,
    unit: Unit,
    person_name: str,
    person_position: str = "",
    member: Member | None = None,
    on: dt.date | None = None,
) -> Visit:
    """An officer or member inspected under the plan, where its process allows persons."""
    if target in UNIT_TARGETS or not plan.rule.allows(target):
        raise RuleBroken(
            f"{plan.rule.name} không áp dụng cho {str(rules.TARGET_LABELS.get(target, target)).lower()} "
            f"({plan.rule.article})."
        )
    return Visit.objects.create(
        plan=plan,
        unit=unit,
        target=target,
        member=member,
        person_name=person_name or (member.full_name if member else ""),
        person_position=person_position,
        visit_on=on or plan.starts_on,
    )


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    import calendar

    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def open_discipline(
    *,
    authority: Unit,
    target: str,
    unit: Unit,
    violation: str,
    opened_on: dt.date,
    member: Member | None = None,
    person_name: str = "",
    person_position: str = "",
    plan: InspectionPlan | None = None,
    user: User | None = None,
) -> DisciplineCase:
    """A discipline case in progress (684/QĐ-TLĐ quy trình 5)."""
    if target not in rules.FORMS_BY_TARGET:
        raise RuleBroken("Đối tượng kỷ luật không hợp lệ.")
    return DisciplineCase.objects.create(
        authority=authority,
        plan=plan,
        target=target,
        unit=unit,
        member=member,
        person_name=person_name or (member.full_name if member else ""),
        person_position=person_position,
        violation=violation,
        opened_on=opened_on,
        created_by=user,
    )


@transaction.atomic
def decide_discipline(
    *,
    case: DisciplineCase,
    form: str,
    decided_on: dt.date,
    decision_ref: str = "",
    effective_until: dt.date | None = None,
    decision: OutgoingDocument | None = None,
) -> DisciplineCase:
    """Record the decision: a form the target may receive (rules.FORMS_BY_TARGET, QĐ 5130/QĐ-TLĐ), in
    effect from the decision day until `effective_until` or the form's default period
    (rules.EFFECT_MONTHS); form "" drops the case without discipline."""
    case = DisciplineCase.objects.select_for_update().get(pk=case.pk)
    if case.status != DisciplineCase.Status.OPEN:
        raise RuleBroken("Vụ việc đã có quyết định.")
    if decided_on < case.opened_on:
        raise RuleBroken("Ngày quyết định phải từ ngày bắt đầu xem xét trở đi.")
    case.closed_on = decided_on
    if not form:
        case.status = DisciplineCase.Status.DROPPED
        case.save(update_fields=["status", "closed_on"])
        return case
    allowed = rules.FORMS_BY_TARGET[case.target]
    if form not in allowed:
        names = ", ".join(str(rules.DISCIPLINE_FORMS[f]).lower() for f in allowed)
        raise RuleBroken(
            f"{rules.TARGET_LABELS[case.target]} chỉ bị kỷ luật bằng: {names} ({rules.DISCIPLINE_ARTICLE})."
        )
    if effective_until is None:
        months = rules.EFFECT_MONTHS.get(form)
        effective_until = add_months(decided_on, months) if months else None
    elif effective_until < decided_on:
        raise RuleBroken("Ngày hết hiệu lực phải từ ngày quyết định trở đi.")
    case.status, case.form, case.decision_ref, case.decision = (
        DisciplineCase.Status.DECIDED,
        form,
        decision_ref,
        decision,
    )
    case.effective_from, case.effective_until = decided_on, effective_until
    case.save()
    return case


def _event(rec: Recommendation, *, to: str, user: User | None, comment: str = "") -> RecommendationEvent:
    event = RecommendationEvent.objects.create(
        recommendation=rec, actor=user, from_status=rec.status, to_status=to, comment=comment
    )
    _tell(rec, event)
    return event


def _tell(rec: Recommendation, event: RecommendationEvent) -> None:
    """The other side learns of each step: the inspecting unit of an answer, the CĐCS of a decision
    (once per event, through the shared notification path)."""
    visit = Visit.objects.select_related("unit", "plan__unit").get(pk=rec.visit_id)
    on = timezone.localdate()
    if event.to_status == S.ANSWERED:
        units, text = [visit.plan.unit_id], f"{visit.unit.name} đã báo cáo kết quả thực hiện kiến nghị"
    elif event.to_status == S.CLOSED:
        units, text = [visit.unit_id], f"{visit.plan.unit.name} đã xác nhận hoàn thành kiến nghị"
    elif event.from_status:
        units, text = [visit.unit_id], f"{visit.plan.unit.name} mở lại kiến nghị ({event.comment[:160]})"
    else:
        return  # a new recommendation: the CĐCS sees it on its home page
    notify(
        users=writers_of(units, on=on),
        verb=f"recommendation_{event.to_status}",
        text=f"{text}: «{rec.text[:120]}».",
        url=reverse("inspections:visit", args=[visit.pk]) + f"#kien-nghi-{rec.pk}",
        key=f"inspection-rec-event:{event.pk}",
    )


@transaction.atomic
def add_recommendation(
    *, visit: Visit, text: str, deadline: dt.date, owner_name: str, user: User | None
) -> Recommendation:
    """A new open recommendation of the visit's record, with its first event."""
    rec = Recommendation.objects.create(visit=visit, text=text, deadline=deadline, owner_name=owner_name)
    RecommendationEvent.objects.create(recommendation=rec, actor=user, from_status="", to_status=S.OPEN)
    return rec


def _locked(rec: Recommendation) -> Recommendation:
    locked: Recommendation = Recommendation.objects.select_for_update().get(pk=rec.pk)
    return locked


@transaction.atomic
def answer_recommendation(
    *, recommendation: Recommendation, action_taken: str, files: Sequence[UploadedFile], user: User | None
) -> RecommendationEvent:
    """The CĐCS reports what it did, with evidence (files already checked by the caller): → answered."""
    rec = _locked(recommendation)
    if rec.status == S.CLOSED:
        raise WrongState("Kiến nghị đã được xác nhận hoàn thành; không báo cáo thêm được.")
    event = _event(rec, to=S.ANSWERED, user=user, comment=action_taken)
    for f in files:
        Evidence.objects.create(
            recommendation=rec,
            event=event,
            file=f,
            name=f.name or "minh-chung",
            size=f.size or 0,
            uploaded_by=user,
        )
    rec.status, rec.action_taken, rec.answered_at = S.ANSWERED, action_taken, timezone.now()
    rec.save(update_fields=["status", "action_taken", "answered_at"])
    return event


@transaction.atomic
def accept_recommendation(*, recommendation: Recommendation, user: User | None, comment: str = "") -> None:
    """The inspecting unit accepts the answer: → closed."""
    rec = _locked(recommendation)
    if rec.status != S.ANSWERED:
        raise WrongState("Chỉ xác nhận được kiến nghị mà đơn vị đã báo cáo kết quả thực hiện.")
    _event(rec, to=S.CLOSED, user=user, comment=comment)
    rec.status, rec.closed_at = S.CLOSED, timezone.now()
    rec.save(update_fields=["status", "closed_at"])


@transaction.atomic
def reopen_recommendation(
    *, recommendation: Recommendation, user: User | None, reason: str, deadline: dt.date | None = None
) -> None:
    """The inspecting unit sends the recommendation back (the answer falls short, or a closed one proves
    not done): → open, with the reason the CĐCS reads."""
    rec = _locked(recommendation)
    if rec.status == S.OPEN:
        raise WrongState("Kiến nghị đang chờ đơn vị thực hiện; không cần mở lại.")
    if not reason.strip():
        raise WrongState("Cần ghi lý do mở lại kiến nghị.")
    comment = reason.strip()
    if deadline is not None and deadline != rec.deadline:
        comment += f" (thời hạn mới: {format_date(deadline)})"
        rec.deadline = deadline
    _event(rec, to=S.OPEN, user=user, comment=comment)
    rec.status, rec.closed_at = S.OPEN, None
    rec.save(update_fields=["status", "closed_at", "deadline"])


def _reusable(document: OutgoingDocument | None) -> bool:
    return document is not None and document.state in (
        OutgoingDocument.State.DRAFT,
        OutgoingDocument.State.ISSUED,
    )


@transaction.atomic
def create_notice_draft(*, plan: InspectionPlan, user: User | None, on: dt.date) -> OutgoingDocument:
    """The plan's notice: its open draft or issued notice when there is one, else a new draft."""
    plan = (
        InspectionPlan.objects.select_for_update(of=("self",))
        .select_related("notice", "unit")
        .get(pk=plan.pk)
    )
    if plan.notice is not None and _reusable(plan.notice):
        return plan.notice
    unit = issuing.acting_unit(plan.unit, on=on)
    content = compose.notice_content(plan, code=issuing.default_issuer_code(unit), on=on)
    document = issuing.create_draft(unit=unit, kind=Kind.NOTICE, content=content, user=user)
    plan.notice = document
    plan.save(update_fields=["notice"])
    return document


@transaction.atomic
def create_record_draft(*, visit: Visit, user: User | None, on: dt.date) -> OutgoingDocument:
    """The visit's record (biên bản): its open draft or issued record, else a new draft."""
    visit = (
        Visit.objects.select_for_update(of=("self",))
        .select_related("record", "plan__unit", "unit")
        .get(pk=visit.pk)
    )
    if visit.record is not None and _reusable(visit.record):
        return visit.record
    unit = issuing.acting_unit(visit.plan.unit, on=on)
    content = compose.record_content(visit, code=issuing.default_issuer_code(unit), on=on)
    document = issuing.create_draft(unit=unit, kind=Kind.RECORD, content=content, user=user)
    visit.record = document
    visit.save(update_fields=["record"])
    return document


@transaction.atomic
def create_decision_draft(*, plan: InspectionPlan, user: User | None, on: dt.date) -> OutgoingDocument:
    """The quyết định kiểm tra (or giám sát) that opens the plan: its draft or issued one, else a new one."""
    plan = (
        InspectionPlan.objects.select_for_update(of=("self",))
        .select_related("decision", "unit", "committee")
        .get(pk=plan.pk)
    )
    if plan.decision is not None and _reusable(plan.decision):
        return plan.decision
    unit = issuing.acting_unit(plan.unit, on=on)
    content = compose.decision_content(plan, code=issuing.default_issuer_code(unit), on=on)
    document = issuing.create_draft(unit=unit, kind=Kind.DECISION, content=content, user=user)
    plan.decision = document
    plan.save(update_fields=["decision"])
    return document


@transaction.atomic
def create_conclusion_draft(
    *, plan: InspectionPlan, text: str, user: User | None, on: dt.date
) -> OutgoingDocument:
    """The thông báo kết luận that closes the plan, from `text`; refused before every visit has its record
    (the conclusion rests on the records: 684/QĐ-TLĐ, bước kết thúc)."""
    plan = (
        InspectionPlan.objects.select_for_update(of=("self",))
        .select_related("conclusion", "unit", "decision")
        .get(pk=plan.pk)
    )
    if plan.conclusion is not None and _reusable(plan.conclusion):
        return plan.conclusion  # the draft made from the first text is edited on issuing's page
    missing = [v.target_name for v in plan.visits.select_related("unit") if not v.is_recorded]
    if missing:
        raise RuleBroken("Chưa lập biên bản tại: " + ", ".join(missing) + ".")
    plan.conclusion_text = text.strip()
    unit = issuing.acting_unit(plan.unit, on=on)
    content = compose.conclusion_content(plan, code=issuing.default_issuer_code(unit), on=on)
    document = issuing.create_draft(unit=unit, kind=Kind.NOTICE, content=content, user=user)
    plan.conclusion = document
    plan.save(update_fields=["conclusion", "conclusion_text"])
    return document


def remind_overdue(*, on: dt.date) -> int:
    """Tell the writers of the CĐCS and of the inspecting unit about every open recommendation past its
    deadline: once per recommendation and deadline (a reopened one with a new deadline is told again)."""
    sent = 0
    overdue = Recommendation.objects.overdue(on=on).select_related("visit__unit", "visit__plan__unit")
    for rec in overdue:
        visit = rec.visit
        sent += notify(
            users=writers_of([visit.unit_id, visit.plan.unit_id], on=on),
            verb="recommendation_overdue",
            text=(
                f"Kiến nghị của Đoàn kiểm tra {visit.plan.unit.name} tại {visit.unit.name} đã quá hạn "
                f"({format_date(rec.deadline)}) mà chưa có báo cáo kết quả: «{rec.text[:120]}»."
            ),
            url=reverse("inspections:visit", args=[visit.pk]) + f"#kien-nghi-{rec.pk}",
            key=f"inspection-rec:{rec.pk}:overdue:{rec.deadline.isoformat()}",
        )
    return sent
