"""The one access helper of `agreements`: dialogues and collective agreements belong to the union that
held or signed them; they are seen there and above, changed by a write role there or above."""

from __future__ import annotations

from django.http import HttpRequest

from trienkhai.orgs.access import get_owned_for_user

from .models import CollectiveAgreement, Dialogue


def get_agreement_for_user(
    request: HttpRequest, agreement_id: int, *, write: bool = False
) -> CollectiveAgreement:
    rows = CollectiveAgreement.objects.select_related("unit")
    return get_owned_for_user(request, rows, agreement_id, write=write, missing="Không tìm thấy thỏa ước.")


def get_dialogue_for_user(request: HttpRequest, dialogue_id: int, *, write: bool = False) -> Dialogue:
    rows = Dialogue.objects.select_related("unit")
    return get_owned_for_user(
        request, rows, dialogue_id, write=write, missing="Không tìm thấy cuộc đối thoại."
    )
