"""Views of plans: publishing (or finishing a unit's own plan by sending it on), the recipient preview
of the publish dialog, amendment, and the published versions."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from trienkhai.core.http import AuthedRequest
from trienkhai.core.redirects import redirects
from trienkhai.orgs.models import Sector, Unit, UnitKind, today

from .access import get_plan_for_user
from .forms import AmendForm, PublishForm
from .models import Plan
from .views_edit import editable_plan
from .views_subplans import completion_message
from .workflow import (
    complete_sub_plan,
    diff_snapshots,
    must_send_on,
    new_recipients,
    no_recipients_reason,
    publish_plan,
    start_amendment,
)

# Session key of the one-off confirmation shown on the plan page after publishing: [plan id, version].
JUST_PUBLISHED = "plans:just_published"


def _publish_initial(plan: Plan) -> dict:
    # Today and three weeks ahead, never the document's date: units are chosen as of the publishing date,
    # and a date in the past can reach nobody and set a deadline that has already gone by.
    on = today()
    deadline = on + dt.timedelta(days=21)
    return {"lock_version": plan.lock_version, "on": on, "deadline": deadline, "scope": "grassroots"}


def _recipient_preview(plan: Plan, form: PublishForm, *, first: bool) -> dict:
    """How many units publishing with the dialog's current choices would send the plan to now."""
    data = form.preview_data(first=first)
    if data is None:
        return {"count": None}
    units_filter, on = data
    if units_filter is None:  # an amendment that keeps its recipients
        return {"count": None, "keeps": plan.assignments.count()}
    units = new_recipients(plan=plan, units_filter=units_filter, on=on)
    reason = no_recipients_reason(plan=plan, units_filter=units_filter, on=on) if not units else ""
    names = list(Unit.objects.filter(pk__in=units[:5]).order_by("name").values_list("name", flat=True))
    return {"count": len(units), "names": names, "more": max(0, len(units) - 5), "reason": reason}


@login_required
@redirects
def plan_publish(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = editable_plan(request, plan_id)
    form = PublishForm(request.POST or None, initial=_publish_initial(plan))
    # A unit's own plan for the CĐCS below it is finished by sending it on: one step, with its checks.
    finishing = must_send_on(plan=plan, on=today())
    first = plan.version == 0 or finishing
    if request.method == "POST" and form.is_valid():
        expected = form.cleaned_data["lock_version"]
        if expected != plan.lock_version:
            form.add_error(
                None, "Kế hoạch vừa được người khác sửa; hãy xem lại trang kế hoạch rồi ban hành lại."
            )
        else:
            units_filter = form.units_filter() if first or form.cleaned_data["add_recipients"] else None
            options = {
                "plan": plan,
                "user": request.user,
                "units_filter": units_filter,
                "deadline": form.cleaned_data["deadline"],
                "on": form.cleaned_data["on"],
                "note": form.cleaned_data["note"],
            }
            try:
                version = complete_sub_plan(**options) if finishing else publish_plan(**options)
            except ValidationError as exc:
                form.add_error(None, exc.messages[0])
            else:
                if finishing:
                    completion_message(request, plan)
                # The plan page shows the confirmation once, with what to do next (ask for reports).
                request.session[JUST_PUBLISHED] = [plan.pk, version.number]
                return redirect("plans:detail", plan.pk)
    kinds = dict(UnitKind.choices)
    context = {
        "plan": plan,
        "form": form,
        "first": first,
        "finishing": finishing,
        "kinds": kinds,
        "sectors": dict(Sector.choices),
        "preview": _recipient_preview(plan, form, first=first),
    }
    return render(request, "plans/publish.html", context, status=400 if form.errors else 200)


@login_required
def plan_publish_preview(request: AuthedRequest, plan_id: int) -> HttpResponse:
    """HTMX partial of the publish dialog: the number of units that will receive the plan."""
    plan = get_plan_for_user(request, plan_id, write=True)
    form = PublishForm(request.GET, initial=_publish_initial(plan))
    first = plan.version == 0 or must_send_on(plan=plan, on=today())
    context = {"plan": plan, "first": first, "preview": _recipient_preview(plan, form, first=first)}
    return render(request, "plans/_publish_count.html", context)


@login_required
def plan_amend(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id, write=True)
    form = AmendForm(request.POST or None, initial={"lock_version": plan.lock_version})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["lock_version"] != plan.lock_version:
            form.add_error(None, "Kế hoạch vừa thay đổi; hãy tải lại trang.")
        else:
            try:
                start_amendment(plan=plan, user=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                form.add_error(None, exc.messages[0])
            else:
                messages.info(request, gettext("Đã mở sửa đổi. Sửa nội dung rồi ban hành phiên bản mới."))
                return redirect("plans:detail", plan.pk)
    return render(request, "plans/amend.html", {"plan": plan, "form": form})


@login_required
def plan_version(request: AuthedRequest, plan_id: int, number: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id)
    version = plan.versions.filter(number=number).select_related("published_by").first()
    if version is None:
        raise Http404()
    previous = plan.versions.filter(number=number - 1).first()
    diff = diff_snapshots(previous.snapshot, version.snapshot) if previous else None
    return render(
        request, "plans/version.html", {"plan": plan, "version": version, "previous": previous, "diff": diff}
    )
