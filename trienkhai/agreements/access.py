"""The one access helper of `agreements`: dialogues and collective agreements belong to the union that
held or signed them; they are seen there and above, changed by a write role there or above."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from trienkhai.orgs.models import Unit

from .models import CollectiveAgreement, Dialogue


def get_agreement_for_user(
    request: HttpRequest, agreement_id: int, *, write: bool = False
) -> CollectiveAgreement:
    agreement = CollectiveAgreement.objects.select_related("unit").filter(pk=agreement_id).first()
    if agreement is None or not Unit.objects.in_scope(request.user, agreement.unit_id, write=write):
        raise Http404("Không tìm thấy thỏa ước.")
    return agreement


def get_dialogue_for_user(request: HttpRequest, dialogue_id: int, *, write: bool = False) -> Dialogue:
    dialogue = Dialogue.objects.select_related("unit").filter(pk=dialogue_id).first()
    if dialogue is None or not Unit.objects.in_scope(request.user, dialogue.unit_id, write=write):
        raise Http404("Không tìm thấy cuộc đối thoại.")
    return dialogue
