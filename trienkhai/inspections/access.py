"""The one access helper of `inspections`.

An inspection plan belongs to the inspecting unit: seen there and above, changed by a write role there or
above. A CĐCS named in the plan sees the plan's notice part and its own visit only, never another CĐCS's
visit or recommendations. The CĐCS (or a writer above it) answers a recommendation; only the inspecting
unit (or above) records the visit, accepts or reopens.
"""

from __future__ import annotations

from typing import Literal

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from trienkhai.orgs.models import Unit

from .models import Committee, DisciplineCase, InspectionPlan, Recommendation, Visit

Need = Literal["read", "answer", "decide"]


def visits_for(user, plan: InspectionPlan) -> QuerySet[Visit]:  # noqa: ANN001
    """The plan's visits `user` may see: all of them for the inspecting unit, else the user's own."""
    visits = plan.visits.select_related("unit", "record")
    if Unit.objects.in_scope(user, plan.unit_id):
        return visits
    return visits.filter(unit__in=Unit.objects.visible_to(user))


def get_plan_for_user(request: HttpRequest, plan_id: int, *, write: bool = False) -> InspectionPlan:
    plan = InspectionPlan.objects.select_related("unit", "notice").filter(pk=plan_id).first()
    if plan is not None and Unit.objects.in_scope(request.user, plan.unit_id, write=write):
        return plan
    if plan is not None and not write and visits_for(request.user, plan).exists():
        return plan
    raise Http404("Không tìm thấy kế hoạch kiểm tra.")


def get_visit_for_user(request: HttpRequest, visit_id: int, *, write: bool = False) -> Visit:
    """`write`: the inspecting unit records the visit; reading is also open to the inspected CĐCS."""
    visit = Visit.objects.select_related("plan__unit", "unit", "record").filter(pk=visit_id).first()
    if visit is not None:
        user = request.user
        if Unit.objects.in_scope(user, visit.plan.unit_id, write=write):
            return visit
        if not write and Unit.objects.in_scope(user, visit.unit_id):
            return visit
    raise Http404("Không tìm thấy cuộc kiểm tra.")


def get_recommendation_for_user(request: HttpRequest, rec_id: int, *, need: Need = "read") -> Recommendation:
    """`answer`: a writer of the CĐCS (or above it); `decide` (accept, reopen): a writer of the inspecting
    unit (or above it)."""
    rec = Recommendation.objects.select_related("visit__plan__unit", "visit__unit").filter(pk=rec_id).first()
    if rec is not None:
        user, visit = request.user, rec.visit
        inspector = Unit.objects.in_scope(user, visit.plan.unit_id, write=need == "decide")
        inspected = Unit.objects.in_scope(user, visit.unit_id, write=need == "answer")
        allowed = {"read": inspector or inspected, "answer": inspected, "decide": inspector}[need]
        if allowed:
            return rec
    raise Http404("Không tìm thấy kiến nghị.")


def can_decide(user, visit: Visit) -> bool:  # noqa: ANN001
    return Unit.objects.in_scope(user, visit.plan.unit_id, write=True)


def can_answer(user, visit: Visit) -> bool:  # noqa: ANN001
    return Unit.objects.in_scope(user, visit.unit_id, write=True)


def plans_for(user) -> QuerySet[InspectionPlan]:  # noqa: ANN001
    """Plans of the user's units and below, and plans that inspect one of the user's units."""
    visible = Unit.objects.visible_to(user)
    return (
        InspectionPlan.objects.filter(unit__in=visible)
        | InspectionPlan.objects.filter(visits__unit__in=visible)
    ).distinct()


def get_committee_for_user(request: HttpRequest, committee_id: int, *, write: bool = False) -> Committee:
    """A committee belongs to its union: seen there and above, changed by a write role there or above."""
    committee = Committee.objects.select_related("unit").filter(pk=committee_id).first()
    if committee is not None and Unit.objects.in_scope(request.user, committee.unit_id, write=write):
        return committee
    raise Http404("Không tìm thấy ủy ban kiểm tra.")


def get_case_for_user(request: HttpRequest, case_id: int, *, write: bool = False) -> DisciplineCase:
    """A discipline case belongs to the union handling it (its `authority`): seen and decided there and
    above; the person's or unit's own union does not see the case."""
    case = DisciplineCase.objects.select_related("authority", "unit").filter(pk=case_id).first()
    if case is not None and Unit.objects.in_scope(request.user, case.authority_id, write=write):
        return case
    raise Http404("Không tìm thấy vụ việc kỷ luật.")
