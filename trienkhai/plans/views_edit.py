"""Views of plans: editing a draft with optimistic locking, the header and the rows (groups, tasks, duties,
budget lines); two people saving the same plan see each other's changes instead of overwriting them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from trienkhai.core.http import AuthedRequest
from trienkhai.core.redirects import Redirect, redirects

from .access import get_plan_for_user
from .forms import ROW_KINDS, LockForm, PlanForm, row_formset
from .models import Plan
from .workflow import (
    AllocationRefused,
    save_plan_header,
    save_plan_rows,
)


def _posted_lock(request: AuthedRequest) -> int | None:
    try:
        value = int(request.POST.get("lock_version", ""))
    except ValueError:
        return None
    return value if 0 <= value < 2**31 else None  # a number the lock column can hold


def editable_plan(request: AuthedRequest, plan_id: int) -> Plan:
    """A plan the user writes (404 otherwise) that is still a draft (views behind `@redirects`)."""
    plan = get_plan_for_user(request, plan_id, write=True)
    # An owner who opens an edit page of a published plan is sent back to the plan (it is changed
    # through an amendment), not shown a 404 as if the plan did not exist.
    if not plan.is_editable:
        raise Redirect(
            reverse("plans:detail", args=[plan.pk]),
            gettext("Kế hoạch đã ban hành nên không sửa trực tiếp được; hãy dùng “Sửa đổi”."),
        )
    return plan


@login_required
@redirects
def plan_edit(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = editable_plan(request, plan_id)
    if request.method != "POST":
        return render(request, "plans/edit.html", {"form": PlanForm(instance=plan), "plan": plan})
    form = PlanForm(request.POST, instance=plan)
    if form.is_valid():
        if save_plan_header(plan=plan, changed=form.save(commit=False), lock_version=_posted_lock(request)):
            messages.success(request, gettext("Đã lưu thông tin chung của kế hoạch."))
            return redirect("plans:detail", plan.pk)
        return _header_conflict(request, plan, form)
    return render(request, "plans/edit.html", {"form": form, "plan": plan})


def _header_conflict(request: AuthedRequest, plan: Plan, form: PlanForm) -> HttpResponse:
    theirs = Plan.objects.get(pk=plan.pk)
    rows = []
    for name in [*PlanForm.Meta.fields]:
        field = form.fields[name]
        rows.append(
            {"label": field.label, "theirs": getattr(theirs, name), "yours": form.cleaned_data.get(name)}
        )
    rows.append(
        {
            "label": form.fields["purposes_text"].label,
            "theirs": "\n".join(theirs.purposes or []),
            "yours": form.cleaned_data.get("purposes_text"),
        }
    )
    for row in rows:
        row["differs"] = (row["theirs"] or "") != (row["yours"] or "")
    data = request.POST.copy()
    data["lock_version"] = str(theirs.lock_version)
    retry = PlanForm(data, instance=theirs)
    retry.is_valid()
    return render(
        request,
        "plans/conflict.html",
        {"plan": theirs, "rows": rows, "form": retry, "action": reverse("plans:edit", args=[plan.pk])},
        status=409,
    )


@login_required
@redirects
def plan_rows(request: AuthedRequest, plan_id: int, kind: str) -> HttpResponse:
    """Add, edit, remove and reorder groups, tasks, duties or budget lines (one formset per kind)."""
    if kind not in ROW_KINDS:
        raise Http404()
    plan = editable_plan(request, plan_id)
    title = ROW_KINDS[kind][2]
    if request.method != "POST":
        formset = row_formset(kind, plan)
        lock = LockForm(initial={"lock_version": plan.lock_version})
        return render(
            request,
            "plans/rows.html",
            {"plan": plan, "formset": formset, "lock": lock, "kind": kind, "title": title},
        )
    formset = row_formset(kind, plan, request.POST)
    expected = _posted_lock(request)
    if formset.is_valid():
        rows = formset.save(commit=False)
        try:
            saved = save_plan_rows(
                plan=plan, rows=rows, deleted=formset.deleted_objects, lock_version=expected
            )
        except AllocationRefused as refused:
            # Nothing was written (the flow's transaction rolled back); the typed rows stay in the form.
            lock = LockForm(initial={"lock_version": expected})
            context = {"plan": plan, "formset": formset, "lock": lock, "kind": kind, "title": title}
            return render(request, "plans/rows.html", {**context, "refused": str(refused)}, status=400)
        if saved:
            messages.success(request, gettext("Đã lưu: %(what)s.") % {"what": title})
            return redirect("plans:detail", plan.pk)
        current = Plan.objects.get(pk=plan.pk)
        model = ROW_KINDS[kind][0]
        theirs = model.objects.filter(plan=plan).order_by("position", "pk")
        lock = LockForm(initial={"lock_version": current.lock_version})
        return render(
            request,
            "plans/rows.html",
            {
                "plan": current,
                "formset": formset,
                "lock": lock,
                "kind": kind,
                "title": title,
                "conflict": True,
                "theirs": theirs,
            },
            status=409,
        )
    lock = LockForm(initial={"lock_version": expected if expected is not None else plan.lock_version})
    return render(
        request,
        "plans/rows.html",
        {"plan": plan, "formset": formset, "lock": lock, "kind": kind, "title": title},
    )
