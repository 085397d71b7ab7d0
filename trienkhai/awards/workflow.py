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
from trienkhai.orgs.models import Unit, writers_of

from .compose import decision_content
from .eligibility import Warning, warnings_for, warnings_for_many
from .models import GoodModel, Movement, Proposal, ProposalEvent, SignUp

Status = Proposal.Status
Verb = ProposalEvent.Verb
SIGNUP_REMINDER_DAYS = (7, 1)


class AwardRefused(Exception):  # noqa: N818 - a refusal the officer reads, not a crash
    """A step was refused; `problems` are Vietnamese sentences."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = list(problems)


def proposal_warnings(proposal: Proposal) -> list[Warning]:
    return warnings_for(
        form=proposal.form,
        recipient=proposal.recipient,
        unit_id=proposal.recipient_unit_id,
        unit_name=proposal.recipient_unit.name,
        year=proposal.year,
    )


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
    _refuse_blocking(proposal_warnings(proposal))
    proposal.status = Status.PROPOSED
    proposal.created_by = user
    proposal.save()
    _event(proposal, Verb.PROPOSED, user)
    return proposal


@transaction.atomic
def update_proposal(*, proposal: Proposal, user: User) -> Proposal:
    """Save the proposer's edits of a proposal the council has not reviewed yet."""
    current = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not current.editable:
        raise AwardRefused(["Đề nghị đã được xét hoặc đã khen thưởng, không sửa được."])
    _refuse_blocking(proposal_warnings(proposal))
    proposal.save()
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
    content = decision_content(unit, locked, code=default_issuer_code(unit), on=on, year=year)
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
def revoke_award(*, proposal: Proposal, user: User, reason: str) -> Proposal:
    """Thu hồi: an award is never edited or deleted; it is revoked, with who, when and why."""
    proposal = _locked(proposal)
    if not proposal.is_decided:
        raise AwardRefused(["Chỉ thu hồi được khen thưởng đã có quyết định ban hành."])
    if proposal.is_revoked:
        raise AwardRefused(["Khen thưởng này đã bị thu hồi."])
    reason = reason.strip()
    if not reason:
        raise AwardRefused(["Hãy ghi lý do thu hồi."])
    proposal.revoked_at, proposal.revoked_by, proposal.revoke_reason = timezone.now(), user, reason
    proposal.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    _event(proposal, Verb.REVOKED, user, reason)
    return proposal


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
