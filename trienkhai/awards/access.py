"""The one access helper of `awards`. A movement belongs to the unit that launched it; a proposal to the
unit that proposed it and to the unit whose council decides it (an award is also seen by the unit that
received it); a good model to the unit that proposed it and to its federation (once published, to every
unit below the federation). Seen there and above; changed by a write role there or above. 404 outside."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from trienkhai.orgs.models import Unit

from .models import CouncilSession, GoodModel, Movement, Proposal


def get_movement_for_user(request: HttpRequest, movement_id: int, *, write: bool = False) -> Movement:
    movement = Movement.objects.select_related("unit").filter(pk=movement_id).first()
    if movement is None:
        raise Http404("Không tìm thấy phong trào thi đua.")
    if write:
        if not Unit.objects.in_scope(request.user, movement.unit_id, write=True):
            raise Http404("Không tìm thấy phong trào thi đua.")
    elif not (
        Unit.objects.in_scope(request.user, movement.unit_id)
        # A movement is launched for the units below: they see it to sign up.
        or Unit.objects.above_user(request.user).filter(pk=movement.unit_id).exists()
    ):
        raise Http404("Không tìm thấy phong trào thi đua.")
    return movement


def get_proposal_for_user(request: HttpRequest, proposal_id: int, *, as_council: bool = False) -> Proposal:
    """The proposal if the user may see it (or, `as_council`, act for the council that decides it)."""
    proposal = (
        Proposal.objects.visible_to(request.user)
        .select_related(
            "council_unit", "proposer_unit", "recipient_unit", "form", "decision", "task", "movement"
        )
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None:
        raise Http404("Không tìm thấy đề nghị khen thưởng.")
    if as_council and not Unit.objects.in_scope(request.user, proposal.council_unit_id, write=True):
        raise Http404("Không tìm thấy đề nghị khen thưởng.")
    return proposal


def can_edit_proposal(request: HttpRequest, proposal: Proposal) -> bool:
    return proposal.editable and Unit.objects.in_scope(request.user, proposal.proposer_unit_id, write=True)


def is_council(request: HttpRequest, proposal: Proposal) -> bool:
    return Unit.objects.in_scope(request.user, proposal.council_unit_id, write=True)


def get_good_model_for_user(request: HttpRequest, model_id: int, *, publish: bool = False) -> GoodModel:
    item = (
        GoodModel.objects.visible_to(request.user)
        .select_related("unit", "federation")
        .filter(pk=model_id)
        .first()
    )
    if item is None or (publish and not Unit.objects.in_scope(request.user, item.federation_id, write=True)):
        raise Http404("Không tìm thấy mô hình.")
    return item


def get_session_for_user(request: HttpRequest, session_id: int, *, write: bool = False) -> CouncilSession:
    """A council session belongs to its unit: seen there and above, held by a write role there."""
    session = CouncilSession.objects.select_related("unit", "minutes").filter(pk=session_id).first()
    if session is None or not Unit.objects.in_scope(request.user, session.unit_id, write=write):
        raise Http404("Không tìm thấy phiên họp Hội đồng.")
    return session


def can_keep_file(request: HttpRequest, proposal: Proposal) -> bool:
    """The file of a proposal is kept by the proposer or by the council's officers."""
    return Unit.objects.in_scope(request.user, proposal.proposer_unit_id, write=True) or is_council(
        request, proposal
    )
