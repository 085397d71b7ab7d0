"""The one access helper of `evaluations`.

- A criteria set is seen by the users who see its owner (the evaluating federation) or a union that
  moderates under it; it is changed (edited, opened, published) only by writers of the owner or above.
- An evaluation is seen by those who see its CĐCS (the CĐCS itself and the unions above it: a CĐCS
  never sees another CĐCS's evaluation); the CĐCS's writers fill it in; only writers of its parent (or
  above) moderate it. Outside that: 404, so ids do not leak.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpRequest

from trienkhai.orgs.models import Unit

from .models import CriteriaSet, Evaluation


def visible_sets(user):
    seen = Unit.objects.visible_to(user)
    moderated = Evaluation.objects.filter(criteria_set=OuterRef("pk"), parent__in=seen)
    return CriteriaSet.objects.filter(Q(owner__in=seen) | Exists(moderated))


def get_set_for_user(request: HttpRequest, set_id: int, *, write: bool = False) -> CriteriaSet:
    criteria_set = CriteriaSet.objects.select_related("owner").filter(pk=set_id).first()
    if criteria_set is None:
        raise Http404("Không tìm thấy bộ tiêu chí.")
    if write:
        allowed = Unit.objects.in_scope(request.user, criteria_set.owner_id, write=True)
    else:
        allowed = visible_sets(request.user).filter(pk=set_id).exists()
    if not allowed:
        raise Http404("Không tìm thấy bộ tiêu chí.")
    return criteria_set


def can_moderate(user, evaluation: Evaluation) -> bool:
    return Unit.objects.in_scope(user, evaluation.parent_id, write=True)


def get_evaluation_for_user(
    request: HttpRequest, evaluation_id: int, *, write: bool = False, moderate: bool = False
) -> Evaluation:
    evaluation = (
        Evaluation.objects.select_related("unit", "parent", "criteria_set", "criteria_set__owner")
        .filter(pk=evaluation_id)
        .first()
    )
    if evaluation is None:
        raise Http404("Không tìm thấy phiếu đánh giá.")
    if moderate:
        allowed = can_moderate(request.user, evaluation)
    else:
        allowed = Unit.objects.in_scope(request.user, evaluation.unit_id, write=write)
    if not allowed:
        raise Http404("Không tìm thấy phiếu đánh giá.")
    return evaluation
