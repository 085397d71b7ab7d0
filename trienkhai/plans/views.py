"""Views of plans: the list, the plan page, a plan made by hand or from a reviewed document. Editing
with optimistic locking is in `views_edit`, publishing and versions in `views_publish`, the receiving
unit's sub-plan in `views_subplans`, the cascade board with reminders and Excel export in `views_board`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import takewhile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, QuerySet, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from trienkhai.core.converters import parse_id
from trienkhai.core.history import attach_changes
from trienkhai.core.http import AuthedRequest
from trienkhai.documents import api as documents_api
from trienkhai.documents import contrib as documents_contrib
from trienkhai.documents.models import LegalBasis
from trienkhai.lib.vn import format_date
from trienkhai.orgs.models import Membership, Unit, today

from . import contrib
from .access import can_write_plan, get_plan_for_user
from .filters import PlanFilter
from .forms import ROW_KINDS, ActionForm, PlanForm
from .models import Action, BudgetLine, Plan, PlanAssignment, Task, TaskGroup
from .views_publish import JUST_PUBLISHED
from .workflow import create_plan, must_send_on, new_recipients, save_review_as_plan


def _basis_url(basis: LegalBasis) -> str:
    return reverse("documents:basis", args=[basis.pk])


@login_required
def plan_list(request: AuthedRequest) -> HttpResponse:
    plans = Plan.objects.visible_to(request.user)
    owners = Unit.objects.filter(pk__in=plans.values("owner_unit_id")).order_by("name")
    f = PlanFilter(
        request.GET or None, queryset=plans.select_related("owner_unit", "parent_plan"), owners=owners
    )
    received = (
        PlanAssignment.objects.filter(unit__in=_my_units(request))
        .select_related("plan", "plan__owner_unit", "unit", "sub_plan")
        .with_state()
        .order_by("completed_on", "deadline")[:50]
    )
    context = {
        "filter": f,
        "plans": f.qs[:200],
        "received": received,
        "can_create": _creatable_units(request).exists(),
    }
    return render(request, "plans/list.html", context)


def _my_units(request: AuthedRequest):
    """Units where the user holds a write role today: what is "sent to my unit" (not the whole subtree)."""
    return Membership.objects.own_unit_ids(request.user)


def _creatable_units(request: AuthedRequest):
    # Each unit writes its own plans: only units where the user holds a write role (all for superusers).
    units = (
        Unit.objects.all() if request.user.is_superuser else Unit.objects.filter(pk__in=_my_units(request))
    )
    return units.active_on(today()).order_by("name")


# History rows read per model for the plan page: enough to show the latest changes with their previous
# values; older history stays in the database (and the admin) without slowing the page.
HISTORY_WINDOW = 300


def _history(plan: Plan, limit: int = 30) -> list[dict]:
    """Who changed which field from what to what: the plan, its tasks and budget lines. One query per
    model whatever the length of the history."""
    rows = []
    sources = [
        (gettext_lazy("Kế hoạch"), Plan.history.filter(id=plan.pk)),
        (gettext_lazy("Nhiệm vụ"), Task.history.filter(plan_id=plan.pk)),
        (gettext_lazy("Kinh phí"), BudgetLine.history.filter(plan_id=plan.pk)),
    ]
    skip = ("lock_version", "updated_at", "created_at")
    for what, qs in sources:
        newest = list(
            qs.select_related("history_user").order_by("-history_date", "-history_id")[:HISTORY_WINDOW]
        )
        for rec in attach_changes(reversed(newest), skip=skip):
            changes = [_change(field, old, new) for field, old, new in rec.changes]
            if rec.history_type == "~" and not changes:
                continue
            rows.append(
                {
                    "when": rec.history_date,
                    "who": rec.history_user,
                    "what": what,
                    "label": str(getattr(rec, "code", "") or getattr(rec, "item", "") or ""),
                    "type": rec.history_type,
                    "changes": changes,
                    "reason": rec.history_change_reason,
                }
            )
    rows.sort(key=lambda r: r["when"], reverse=True)
    return rows[:limit]


FIELD_LABELS = {
    "status": gettext_lazy("Trạng thái"),
    "version": gettext_lazy("Phiên bản"),
    "amendment_reason": gettext_lazy("Lý do sửa đổi"),
}


def _change(field, old, new) -> dict:
    """One field change for people: Vietnamese field name, choice labels, dates as 08/8/2024."""
    label = FIELD_LABELS.get(field.name) or str(field.verbose_name)

    def show(value):
        if value is None or value == "":
            return ""
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, dt.date):
            return format_date(value)
        if isinstance(value, list):
            return "; ".join(str(v) for v in value)
        return value

    return {"field": label, "old": show(old), "new": show(new)}


def _plan_context(request: AuthedRequest, plan: Plan) -> dict:
    can_write = can_write_plan(request, plan)
    actions = Action.objects.order_by("due_date", "position", "pk")
    groups = plan.groups.order_by("position", "pk").prefetch_related(
        Prefetch(
            "tasks",
            queryset=Task.objects.order_by("position", "pk")
            .select_related("source_task", "source_task__plan")
            .prefetch_related(Prefetch("actions", queryset=actions)),
        )
    )
    budget = list(
        plan.budget_lines.order_by("position", "pk")
        .select_related("group", "task", "parent_line")
        .annotate(allocated=Sum("allocations__amount"))
    )
    sums = plan.budget_lines.aggregate(amount=Sum("amount"), spent=Sum("spent"))
    totals = {k: v or Decimal(0) for k, v in sums.items()}
    totals["remaining"] = totals["amount"] - totals["spent"]
    chain = plan.legal_chain()
    seen = set(
        LegalBasis.objects.visible_to(request.user)
        .filter(pk__in=[b.pk for b in chain])
        .values_list("pk", flat=True)
    )
    legal_bases = list(takewhile(lambda b: b.pk in seen, chain))
    parent = plan.parent_plan  # selected with the plan: no query
    parent_basis = parent.basis if parent is not None else None
    # The document of record of each number (the signed copy, when the issuing app holds one).
    records = documents_contrib.record_copies(request, [plan.basis, parent_basis, *legal_bases])
    legal = [{"basis": b, "url": _basis_url(b), "record": records.get(b.pk)} for b in legal_bases]
    sub_plans = Plan.objects.visible_to(request.user).filter(parent_plan=plan).select_related("owner_unit")
    assignment = PlanAssignment.objects.filter(sub_plan=plan).first() if plan.is_sub_plan else None
    my_assignment = (
        PlanAssignment.objects.filter(plan=plan, unit__in=_my_units(request))
        .select_related("sub_plan", "unit")
        .first()
    )
    board_visible = Unit.objects.visible_to(request.user).filter(pk=plan.owner_unit_id).exists()
    parent_groups: QuerySet[TaskGroup] | list[TaskGroup] = []
    picked_sources: set[int | None] = set()
    if parent is not None and can_write and plan.is_editable:
        parent_groups = parent.groups.order_by("position", "pk").prefetch_related(
            Prefetch("tasks", queryset=Task.objects.order_by("position", "pk"))
        )
        picked_sources = set(plan.tasks.values_list("source_task_id", flat=True))
    return {
        "parent_groups": parent_groups,
        "picked_sources": picked_sources,
        "plan": plan,
        "can_write": can_write,
        "can_edit": can_write and plan.is_editable,
        "groups": groups,
        "duties": plan.duties.order_by("position", "pk"),
        "budget": budget,
        "totals": totals,
        "legal": legal,
        "own_record": records.get(plan.basis_id) if plan.basis_id else None,
        "parent_record": records.get(parent_basis.pk) if parent_basis else None,
        "chain": plan.plan_chain()[1:],
        "trace": plan.trace_text(legal_chain=chain) if plan.is_sub_plan else "",
        "sub_plans": sub_plans[:500],
        "versions": plan.versions.select_related("published_by").order_by("-number"),
        "assignment": assignment,
        "my_assignment": my_assignment,
        "assignment_count": plan.assignments.count(),
        "board_visible": board_visible,
        "history": _history(plan) if board_visible else [],
        "action_form": ActionForm(plan=plan) if plan.is_sub_plan else None,
        "row_kinds": ROW_KINDS,
        "send_on": _send_on_preview(plan) if plan.is_sub_plan and can_write and plan.is_editable else None,
        "next_steps": contrib.plan_actions(request, plan, can_write=can_write),
        "made_for_plan": contrib.plan_links(request, plan),
        "just_published": _just_published(request, plan),
    }


def _send_on_preview(plan: Plan) -> dict | None:
    """Who finishing this unit's own plan sends it to, said on the page before the button is pressed:
    None when it is only reported up."""
    on = today()
    if not must_send_on(plan=plan, on=on):
        return None
    units = new_recipients(plan=plan, units_filter=None, on=on)
    names = list(Unit.objects.filter(pk__in=units[:5]).order_by("name").values_list("name", flat=True))
    return {"count": len(units), "names": names, "more": max(0, len(units) - 5)}


def _just_published(request: AuthedRequest, plan: Plan) -> dict | None:
    """The confirmation after publishing, once: the version and how many units it newly reached."""
    stored = request.session.get(JUST_PUBLISHED)
    if not stored or stored[0] != plan.pk:
        return None
    del request.session[JUST_PUBLISHED]
    number = stored[1]
    return {"number": number, "sent": plan.assignments.filter(version_added=number).count()}


@login_required
def plan_detail(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id)
    return render(request, "plans/detail.html", _plan_context(request, plan))


@login_required
@require_POST
def plan_from_document(request: AuthedRequest, document_id: int) -> HttpResponse:
    """ "Lưu thành kế hoạch" on the review screen of a document: save the review, then make the plan."""
    posted = documents_api.posted_review(request, document_id)
    if isinstance(posted, HttpResponse):
        return posted
    plan, created = save_review_as_plan(document=posted.document, parsed=posted.parsed, user=request.user)
    if plan is None:
        messages.warning(request, gettext("Đã lưu kết quả rà soát; văn bản này không phải kế hoạch."))
        return redirect("documents:detail", posted.document.pk)
    if created:
        messages.success(request, gettext("Đã lưu và tạo kế hoạch (bản nháp)."))
    else:
        messages.info(request, gettext("Văn bản này đã có kế hoạch; mở kế hoạch đã có."))
    return redirect("plans:detail", plan.pk)


@login_required
def plan_create(request: AuthedRequest) -> HttpResponse:
    units = _creatable_units(request)
    if not units.exists():
        raise Http404("Bạn không có quyền lập kế hoạch.")
    form = PlanForm(request.POST or None)
    unit_id = request.POST.get("owner_unit") or request.GET.get("don_vi") or ""
    unit = units.filter(pk=parse_id(unit_id)).first() if parse_id(unit_id) else None
    unit_error = ""
    if request.method == "POST":
        if unit is None:
            unit_error = "Chọn đơn vị ban hành."
        if form.is_valid() and unit is not None:
            plan = create_plan(plan=form.save(commit=False), owner_unit=unit, user=request.user)
            messages.success(request, gettext("Đã tạo bản nháp kế hoạch."))
            return redirect("plans:detail", plan.pk)
    return render(
        request,
        "plans/edit.html",
        {"form": form, "units": units, "unit": unit, "unit_error": unit_error, "creating": True},
    )
