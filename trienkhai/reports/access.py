"""The one access helper of `reports`. Everything is reached through the unit it belongs to.

Roles towards a unit's report, decided today (memberships active today, the tree of today, units merged
into a successor counting as under it):
- writer: a write role in the unit itself — fills in and submits its report;
- reviewer: a write role at a unit above it (and none in the unit itself) — returns, approves, reopens,
  and may enter the report on the unit's behalf;
- viewer: may see the unit — reads only.
Anyone else gets 404, not 403, so ids do not leak. A role too weak for the action also answers 404.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from trienkhai.core.http import AuthedRequest
from trienkhai.orgs.models import Membership, Unit, today, writers_of
from trienkhai.plans.api import get_plan_for_user

from .models import ReportForm, Submission

if TYPE_CHECKING:
    from .models import ImportJob

WRITER, REVIEWER, VIEWER = "writer", "reviewer", "viewer"
ALLOWED = {"read": {WRITER, REVIEWER, VIEWER}, "edit": {WRITER, REVIEWER}, "review": {REVIEWER}}


def role_for(user: User | AnonymousUser, unit: Unit, *, on: dt.date | None = None) -> str | None:
    """WRITER, REVIEWER, VIEWER or None, for this user towards this unit's reports (as of today; a read
    may also reach the unit through the tree as of `on`, the date a board or roll-up shows)."""
    if not user.is_authenticated:
        return None
    own = Membership.objects.own_unit_ids(user).filter(unit=unit).exists()
    if own:
        return WRITER
    if Unit.objects.in_scope(user, unit.pk, write=True):
        return REVIEWER
    if Unit.objects.in_scope(user, unit.pk, on=on):
        return VIEWER
    return None


def get_submission_for_user(
    request: HttpRequest, submission_id: int, *, need: str = "read"
) -> tuple[Submission, str]:
    """(submission, role) when the user may `need` ("read", "edit", "review") it; else 404."""
    submission = (
        Submission.objects.select_related("form", "form__plan", "unit").filter(pk=submission_id).first()
    )
    role = role_for(request.user, submission.unit) if submission else None
    if submission is None or role is None or role not in ALLOWED[need]:
        raise Http404("Không tìm thấy báo cáo.")
    return submission, role


def get_form_for_user(request: HttpRequest, form_id: int, *, write: bool = False) -> ReportForm:
    """A report form, reached through its plan (owner unit's writers may change it); else 404."""
    form = ReportForm.objects.filter(pk=form_id).only("pk", "plan_id").first()
    if form is None:
        raise Http404("Không tìm thấy biểu mẫu.")
    plan = get_plan_for_user(request, form.plan_id, write=write)
    form = ReportForm.objects.select_related("plan", "plan__owner_unit").get(pk=form.pk)
    form.plan = plan
    return form


def get_unit_role_for_user(
    request: HttpRequest, unit_id: int, *, need: str = "read", on: dt.date | None = None
) -> tuple[Unit, str]:
    unit = Unit.objects.filter(pk=unit_id).first()
    role = role_for(request.user, unit, on=on) if unit else None
    if unit is None or role is None or role not in ALLOWED[need]:
        raise Http404("Không tìm thấy đơn vị.")
    return unit, role


def unit_writers(unit: Unit) -> QuerySet[User]:
    """Users with a write role in the unit itself today (they submit its report)."""
    return writers_of([unit.pk], on=today())


def reviewers_of(unit: Unit) -> QuerySet[User]:
    """Writers of the nearest unit above (today) that has any, for notifications."""
    from django.contrib.auth import get_user_model

    for ancestor in unit.ancestors(today()):
        users = unit_writers(ancestor)
        if users.exists():
            return users
    return get_user_model().objects.none()


def reviewable_units(user: User) -> QuerySet[Unit]:
    """Units the user reviews: writable by them, minus units where they have their own write role."""
    return Unit.objects.writable_by(user).exclude(Q(pk__in=Membership.objects.own_unit_ids(user)))


def get_results_unit_for_user(request: HttpRequest, unit_id: int, *, on: dt.date | None = None) -> Unit:
    """A unit whose results (roll-up, dashboard, their exports) the user may read: in reach today, or in
    reach through the tree as of `on` (a roll-up "as reported" shows units where they were then);
    else 404."""
    if not Unit.objects.in_scope(request.user, unit_id, on=on):
        raise Http404("Không tìm thấy đơn vị.")
    return Unit.objects.get(pk=unit_id)


def can_set_targets(user: User | AnonymousUser, unit: Unit) -> bool:
    """Targets of a unit (and their allocation to its children) are set with a write role in it or above."""
    return Unit.objects.in_scope(user, unit.pk, write=True)


def get_import_job_for_user(request: AuthedRequest, job_id: int) -> ImportJob:
    """An Excel import job: only its own user sees it, and only while they may still edit its unit."""
    from .models import ImportJob

    job = ImportJob.objects.select_related("form", "unit").filter(pk=job_id, user_id=request.user.pk).first()
    if job is None or role_for(request.user, job.unit) not in ALLOWED["edit"]:
        raise Http404("Không tìm thấy lượt nhập.")
    return job
