"""Flows of `awards`: sign up for a movement, propose a commendation, the council's review (approve with a
note, reject with a reason, forward a higher form upward), the commendation decision drafted through
issuing, revocation of an award, good models published, and the reminders before a sign-up deadline.

Each flow that writes is one keyword-only function in one transaction, and leaves a `ProposalEvent` where
a proposal changes (who, when, why)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from trienkhai.core.notify import notify
from trienkhai.issuing import api as issuing
from trienkhai.issuing.api import default_issuer_code
from trienkhai.issuing.models import OutgoingDocument
from trienkhai.lib.vn import format_date
from trienkhai.orgs.models import Unit, today, writers_of

from .compose import decision_content, minutes_content
from .eligibility import Warning, pending_warnings, rule_warnings, warnings_for, warnings_for_many
from .models import (
    REVOKE_GROUNDS,
    BaseSalary,
    CouncilSession,
    CouncilVote,
    GoodModel,
    Movement,
    Proposal,
    ProposalEvent,
    ProposalFile,
    Recipient,
    SignUp,
)

Status = Proposal.Status
Verb = ProposalEvent.Verb
SIGNUP_REMINDER_DAYS = (7, 1)


class AwardRefused(Exception):  # noqa: N818 - a refusal the officer reads, not a crash
    """A step was refused; `problems` are Vietnamese sentences."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = list(problems)


def proposal_warnings(proposal: Proposal, *, on: dt.date | None = None) -> list[Warning]:
    """The grade rules of the year (and years before), then the rules over the register and the pending
    cases (`eligibility.rule_warnings`)."""
    return warnings_for(
        form=proposal.form,
        recipient=proposal.recipient,
        unit_id=proposal.recipient_unit_id,
        unit_name=proposal.recipient_unit.name,
        year=proposal.year,
    ) + rule_warnings(proposal, on=on or today())


def _fill_identity(proposal: Proposal) -> None:
    """A person who is a member carries the identity of the member register: name, birth year, sex and
    unit (the CĐCS of the member)."""
    if proposal.recipient != Recipient.PERSON:
        proposal.member = None
        return
    member = proposal.member
    if member is None:
        return
    proposal.person_name = proposal.person_name.strip() or member.full_name
    proposal.person_birth_year, proposal.person_sex = member.birth_year, member.sex
    proposal.recipient_unit_id = member.unit_id


def needed_slots(proposal: Proposal) -> list[str]:
    """Luật TĐKT 2022 Điều 84: tờ trình, báo cáo thành tích, biên bản bình xét; the proof of the
    initiative when the form rests on one or the proposal names one."""
    slots = [ProposalFile.Slot.TO_TRINH, ProposalFile.Slot.BAO_CAO, ProposalFile.Slot.BIEN_BAN]
    if proposal.form.needs_initiative or proposal.initiative.strip():
        slots.append(ProposalFile.Slot.SANG_KIEN)
    return [str(x) for x in slots]


def _ensure_slots(proposal: Proposal) -> None:
    have = set(proposal.files.values_list("slot", flat=True))
    ProposalFile.objects.bulk_create(
        [ProposalFile(proposal=proposal, slot=slot) for slot in needed_slots(proposal) if slot not in have]
    )


def missing_files(proposal: Proposal) -> list[str]:
    """The slots of the file not yet accepted, as sentences (empty: the file is complete)."""
    states = dict(proposal.files.values_list("slot", "state"))
    labels = dict(ProposalFile.Slot.choices)
    return [
        f"{proposal.recipient_name}: hồ sơ thiếu «{labels[slot]}» (Luật TĐKT 2022, Điều 84)."
        for slot in needed_slots(proposal)
        if states.get(slot) != ProposalFile.State.ACCEPTED
    ]


def _refuse_blocking(warnings: Sequence[Warning]) -> None:
    blocking = [w.text for w in warnings if w.blocking]
    if blocking:
        raise AwardRefused(blocking)


def _event(proposal: Proposal, verb: str, user: User | None, note: str = "") -> None:
    ProposalEvent.objects.create(proposal=proposal, verb=verb, user=user, note=note)


# --------------------------------------------------------------------------------------------------
# Movements and sign-ups
# --------------------------------------------------------------------------------------------------


@transaction.atomic
def launch_movement(*, movement: Movement, user: User) -> Movement:
    """Store a new movement (built by the form, not yet saved), launched by `user`."""
    movement.created_by = user
    movement.save()
    return movement


@transaction.atomic
def sign_up(*, movement: Movement, unit: Unit, pledges: str, user: User, on: dt.date) -> SignUp:
    """The unit's sign-up (or its change) while sign-ups are open; refused after the deadline."""
    if not movement.is_open(on):
        raise AwardRefused([f"Đã hết hạn đăng ký thi đua (hạn {format_date(movement.signup_deadline)})."])
    if unit.pk == movement.unit_id:
        raise AwardRefused(["Đơn vị phát động không tự đăng ký thi đua phong trào của mình."])
    signup, _created = SignUp.objects.update_or_create(
        movement=movement, unit=unit, defaults={"pledges": pledges.strip(), "signed_by": user}
    )
    return signup


def remind_signups(*, on: dt.date) -> int:
    """A reminder to the writers of each unit below an open movement that has not signed up, 7 days and 1
    day before the deadline. Idempotent per (movement, unit, day)."""
    sent = 0
    for days in SIGNUP_REMINDER_DAYS:
        deadline = on + dt.timedelta(days=days)
        for movement in Movement.objects.filter(signup_deadline=deadline).select_related("unit"):
            signed = set(movement.signups.values_list("unit_id", flat=True))
            for child in movement.unit.children_on(on).order_by("pk"):
                if child.pk in signed:
                    continue
                sent += notify(
                    users=writers_of([child.pk], on=on),
                    verb="movement_signup_due",
                    text=(
                        f"Còn {days} ngày đến hạn đăng ký thi đua phong trào «{movement.title}» của "
                        f"{movement.unit.name} (hạn {format_date(movement.signup_deadline)})."
                    ),
                    url=reverse("awards:movement", args=[movement.pk]),
                    key=f"movement:{movement.pk}:unit:{child.pk}:signup:{days}",
                )
    return sent


# --------------------------------------------------------------------------------------------------
# Proposals and the council's review
# --------------------------------------------------------------------------------------------------


@transaction.atomic
def propose(*, proposal: Proposal, user: User) -> Proposal:
    """Store a new proposal (built by the form, not yet saved), refused only by a blocking rule."""
    _fill_identity(proposal)
    _refuse_blocking(proposal_warnings(proposal))
    proposal.status = Status.PROPOSED
    proposal.created_by = user
    proposal.save()
    _ensure_slots(proposal)
    _event(proposal, Verb.PROPOSED, user)
    return proposal


@transaction.atomic
def update_proposal(*, proposal: Proposal, user: User) -> Proposal:
    """Save the proposer's edits of a proposal the council has not reviewed yet."""
    current = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not current.editable:
        raise AwardRefused(["Đề nghị đã được xét hoặc đã khen thưởng, không sửa được."])
    _fill_identity(proposal)
    _refuse_blocking(proposal_warnings(proposal))
    proposal.save()
    _ensure_slots(proposal)
    _event(proposal, Verb.EDITED, user)
    return proposal


def _locked(proposal: Proposal) -> Proposal:
    locked: Proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("form", "recipient_unit", "council_unit")
        .get(pk=proposal.pk)
    )
    return locked


@transaction.atomic
def review_proposal(*, proposal: Proposal, user: User, approve: bool, note: str) -> Proposal:
    """The council's review: approve (with its note) or reject (the note is the reason, required)."""
    proposal = _locked(proposal)
    if proposal.decision_id is not None:
        raise AwardRefused(["Đề nghị đã ở trong quyết định khen thưởng, không xét lại được."])
    note = note.strip()
    if approve:
        # The council cannot decide with the file incomplete (Luật TĐKT 2022 Điều 84).
        _refuse_blocking([Warning(x, blocking=True) for x in missing_files(proposal)])
        _refuse_blocking(proposal_warnings(proposal))
        proposal.status, proposal.reject_reason = Status.REVIEWED, ""
        verb = Verb.REVIEWED
    else:
        if not note:
            raise AwardRefused(["Hãy ghi lý do không khen thưởng."])
        proposal.status, proposal.reject_reason = Status.REJECTED, note
        verb = Verb.REJECTED
    proposal.save(update_fields=["status", "reject_reason"])
    _event(proposal, verb, user, note)
    return proposal


@transaction.atomic
def note_proposal(*, proposal: Proposal, user: User, note: str) -> Proposal:
    """A council member's note on a proposal before the council concludes (its status does not change)."""
    note = note.strip()
    if not note:
        raise AwardRefused(["Hãy ghi ý kiến."])
    proposal = _locked(proposal)
    if proposal.decision_id is not None or proposal.status == Status.REJECTED:
        raise AwardRefused(["Đề nghị đã được kết luận, không ghi thêm ý kiến được."])
    _event(proposal, Verb.NOTE, user, note)
    return proposal


@transaction.atomic
def forward_proposal(*, proposal: Proposal, user: User, note: str, on: dt.date) -> Proposal:
    """A form the council's unit does not decide goes up: the proposal, approved here, is proposed to the
    unit above, whose council reviews it next."""
    proposal = _locked(proposal)
    if not proposal.form.is_upward:
        raise AwardRefused(
            [f"{proposal.form.name} do {proposal.council_unit.name} quyết định, không cần trình lên."]
        )
    if proposal.status != Status.REVIEWED or proposal.decision_id is not None:
        raise AwardRefused(["Hội đồng phải xét, đồng ý đề nghị trước khi trình cấp trên."])
    parent = proposal.council_unit.parent_on(on)
    if parent is None:
        raise AwardRefused(["Đơn vị không có cấp trên để trình."])
    was = proposal.council_unit.name
    proposal.council_unit, proposal.status = parent, Status.PROPOSED
    proposal.save(update_fields=["council_unit", "status"])
    _event(proposal, Verb.FORWARDED, user, note.strip() or f"{was} trình {parent.name}.")
    return proposal


@transaction.atomic
def create_decision_draft(
    *, unit: Unit, proposals: Sequence[Proposal], user: User, on: dt.date, year: int
) -> OutgoingDocument:
    """The draft commendation decision of `unit` listing `proposals` (approved by its council, of forms it
    decides itself). The officer edits and issues it on issuing's pages; once issued, the proposals are
    awards."""
    if not proposals:
        raise AwardRefused(["Hãy chọn ít nhất một đề nghị đã được Hội đồng xét, đồng ý."])
    locked = list(
        Proposal.objects.select_for_update(of=("self",))
        .select_related("form", "recipient_unit", "movement")
        .filter(pk__in=[p.pk for p in proposals])
        .order_by("pk")
    )
    problems = []
    for p in locked:
        if p.council_unit_id != unit.pk or p.status != Status.REVIEWED or p.decision_id is not None:
            problems.append(
                f"{p.recipient_name}: đề nghị chưa được Hội đồng của đơn vị xét, đồng ý hoặc đã có quyết định."
            )
        elif p.form.is_upward:
            problems.append(f"{p.recipient_name}: {p.form.name} do cấp trên quyết định; hãy trình cấp trên.")
    rows = [(p.form, p.recipient, p.recipient_unit_id, p.recipient_unit.name) for p in locked]
    for p, found in zip(locked, warnings_for_many(rows, year=year), strict=True):
        problems += [f"{p.recipient_name}: {w.text}" for w in found if w.blocking]
    if problems:
        raise AwardRefused(problems)
    # A case opened after the council's vote still stops the award (Nghị định 152/2025 Điều 4).
    for p in locked:
        problems += [f"{p.recipient_name}: {w.text}" for w in pending_warnings(p, on=on)]
    if problems:
        raise AwardRefused(problems)
    salary = BaseSalary.on(on)
    for p in locked:
        multiple = p.form.multiple_for(p.recipient)
        p.money_multiple = multiple
        p.money_amount = int(round(multiple * salary.amount)) if multiple is not None and salary else None
        p.save(update_fields=["money_multiple", "money_amount"])
    content = decision_content(
        unit, locked, code=default_issuer_code(unit), on=on, year=year, base_salary=salary
    )
    document = issuing.create_draft(
        unit=unit, kind=OutgoingDocument.Kind.DECISION, content=content, user=user
    )
    Proposal.objects.filter(pk__in=[p.pk for p in locked]).update(decision=document)
    ProposalEvent.objects.bulk_create(
        [ProposalEvent(proposal=p, verb=Verb.IN_DECISION, user=user, note=document.title) for p in locked]
    )
    return document


@transaction.atomic
def issue_decision(
    *, document: OutgoingDocument, user: User, on: dt.date, header: dict[str, Any] | None = None
) -> OutgoingDocument:
    """Issue the commendation decision (issuing numbers it in the unit's register): the proposals it lists
    are awards from then on. Issuing's own page issues it the same way."""
    return issuing.issue_document(document=document, user=user, on=on, header=header)


@transaction.atomic
def revoke_award(
    *, proposal: Proposal, user: User, reason: str, ground: str = "", recover: str = ""
) -> Proposal:
    """Thu hồi: an award is never edited or deleted; it is revoked, with who, when and why, its legal
    ground (Luật TĐKT 2022 chương VII, khoản 2 điểm a–d) and what is to be recovered (the items, the
    money: by default the money of the award)."""
    proposal = _locked(proposal)
    if not proposal.is_decided:
        raise AwardRefused(["Chỉ thu hồi được khen thưởng đã có quyết định ban hành."])
    if proposal.is_revoked:
        raise AwardRefused(["Khen thưởng này đã bị thu hồi."])
    reason = reason.strip()
    if not reason:
        raise AwardRefused(["Hãy ghi lý do thu hồi."])
    if ground and ground not in dict(REVOKE_GROUNDS):
        raise AwardRefused(["Căn cứ thu hồi không hợp lệ."])
    recover = recover.strip()
    if not recover:
        money = f"{proposal.money_amount:,} đồng".replace(",", ".") if proposal.money_amount else ""
        recover = "; ".join(
            x for x in (f"Hiện vật: {proposal.form.name}", f"Tiền thưởng: {money}" if money else "") if x
        )
    proposal.revoked_at, proposal.revoked_by, proposal.revoke_reason = timezone.now(), user, reason
    proposal.revoke_ground, proposal.recover = ground, recover
    proposal.save(update_fields=["revoked_at", "revoked_by", "revoke_reason", "revoke_ground", "recover"])
    _event(proposal, Verb.REVOKED, user, reason)
    return proposal


# --------------------------------------------------------------------------------------------------
# The file of a proposal and the council session
# --------------------------------------------------------------------------------------------------


@transaction.atomic
def set_file(*, proposal: Proposal, slot: str, state: str, reference: str, user: User) -> ProposalFile:
    """The state of one document of the file (Điều 84), set by the proposer or the council's officer."""
    if slot not in needed_slots(proposal):
        raise AwardRefused(["Giấy tờ không thuộc hồ sơ của đề nghị này."])
    if state not in ProposalFile.State.values:
        raise AwardRefused(["Tình trạng giấy tờ không hợp lệ."])
    proposal = _locked(proposal)
    if proposal.decision_id is not None:
        raise AwardRefused(["Đề nghị đã ở trong quyết định khen thưởng, không sửa hồ sơ được."])
    item, _created = ProposalFile.objects.update_or_create(
        proposal=proposal,
        slot=slot,
        defaults={"state": state, "reference": reference.strip(), "updated_by": user},
    )
    _event(proposal, Verb.FILE, user, f"{item.get_slot_display()}: {item.get_state_display()}")
    return item


@transaction.atomic
def open_session(
    *,
    unit: Unit,
    year: int,
    held_on: dt.date,
    chair: str,
    members_total: int,
    members_present: str,
    user: User,
) -> CouncilSession:
    """Open a session of the unit's Hội đồng thi đua – khen thưởng: who sits, who is present."""
    present = [x for x in members_present.splitlines() if x.strip()]
    if not present:
        raise AwardRefused(["Hãy ghi các thành viên có mặt."])
    if len(present) > members_total:
        raise AwardRefused(["Số thành viên có mặt nhiều hơn số thành viên Hội đồng."])
    return CouncilSession.objects.create(
        unit=unit,
        year=year,
        held_on=held_on,
        chair=chair.strip(),
        members_total=members_total,
        members_present="\n".join(x.strip() for x in present),
        created_by=user,
    )


def _open_session(session: CouncilSession) -> CouncilSession:
    locked: CouncilSession = CouncilSession.objects.select_for_update().get(pk=session.pk)
    if locked.state != CouncilSession.State.OPEN:
        raise AwardRefused(["Phiên họp đã kết thúc."])
    return locked


@transaction.atomic
def record_vote(
    *, session: CouncilSession, proposal: Proposal, agree: int, disagree: int, abstain: int, user: User
) -> CouncilVote:
    """The council votes on one proposal: approved when more than half of the members present agree. The
    council cannot decide with the file incomplete (Điều 84), nor approve what a blocking rule refuses."""
    session = _open_session(session)
    proposal = _locked(proposal)
    if proposal.council_unit_id != session.unit_id or proposal.status != Status.PROPOSED:
        raise AwardRefused([f"{proposal.recipient_name}: đề nghị không chờ Hội đồng này xét."])
    present = len(session.present)
    if agree + disagree + abstain != present:
        raise AwardRefused(
            [f"Tổng số phiếu ({agree + disagree + abstain}) phải bằng số thành viên có mặt ({present})."]
        )
    _refuse_blocking([Warning(x, blocking=True) for x in missing_files(proposal)])
    approved = agree * 2 > present
    if approved:
        _refuse_blocking(proposal_warnings(proposal, on=session.held_on))
    vote, _created = CouncilVote.objects.update_or_create(
        session=session,
        proposal=proposal,
        defaults={"agree": agree, "disagree": disagree, "abstain": abstain, "approved": approved},
    )
    note = f"Phiên họp ngày {format_date(session.held_on)}: {agree}/{present} đồng ý, {disagree} không đồng ý, {abstain} không biểu quyết."
    proposal.status = Status.REVIEWED if approved else Status.REJECTED
    proposal.reject_reason = "" if approved else f"Hội đồng biểu quyết không đồng ý. {note}"
    proposal.save(update_fields=["status", "reject_reason"])
    _event(proposal, Verb.VOTED, user, note)
    return vote


@transaction.atomic
def close_session(*, session: CouncilSession, user: User, on: dt.date) -> OutgoingDocument:
    """End the session: its minutes (biên bản) drafted through issuing, to be issued there."""
    session = _open_session(session)
    votes = list(session.votes.select_related("proposal__form", "proposal__recipient_unit").order_by("pk"))
    if not votes:
        raise AwardRefused(["Hội đồng chưa biểu quyết đề nghị nào."])
    content = minutes_content(session, votes, code=default_issuer_code(session.unit), on=on)
    document = issuing.create_draft(
        unit=session.unit, kind=OutgoingDocument.Kind.RECORD, content=content, user=user
    )
    session.minutes, session.state = document, CouncilSession.State.CLOSED
    session.save(update_fields=["minutes", "state"])
    return document


# --------------------------------------------------------------------------------------------------
# Good models
# --------------------------------------------------------------------------------------------------


@transaction.atomic
def propose_good_model(*, item: GoodModel, user: User, on: dt.date) -> GoodModel:
    """Store a unit's new good model (built by the form, not yet saved) for the federation above the unit
    on `on` (the unit itself when it has none) to publish."""
    item.federation = item.unit.parent_on(on) or item.unit
    item.created_by = user
    item.save()
    return item


@transaction.atomic
def publish_good_model(*, item: GoodModel, user: User) -> GoodModel:
    """The federation publishes a good model: every unit below it sees it in the library."""
    item = GoodModel.objects.select_for_update().get(pk=item.pk)
    if item.status == GoodModel.Status.PUBLISHED:
        raise AwardRefused(["Mô hình đã được công bố."])
    item.status, item.published_by, item.published_at = GoodModel.Status.PUBLISHED, user, timezone.now()
    item.save(update_fields=["status", "published_by", "published_at"])
    return item
