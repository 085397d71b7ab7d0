"""Views of plans for the receiving unit: open what was sent, pick the tasks of its own plan (sub-plan),
add and remove concrete actions, complete it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from trienkhai.core.converters import parse_id
from trienkhai.core.http import AuthedRequest
from trienkhai.core.redirects import redirects
from trienkhai.orgs.models import Unit, today

from .access import get_assignment_for_user
from .forms import ActionForm
from .models import Plan, PlanAssignment, Task
from .views_edit import editable_plan
from .workflow import (
    add_action,
    complete_sub_plan,
    create_sub_plan,
    delete_action,
    mark_received,
    must_send_on,
    set_sub_plan_tasks,
)


@login_required
def assignment_open(request: AuthedRequest, assignment_id: int) -> HttpResponse:
    assignment = get_assignment_for_user(request, assignment_id)
    writable = Unit.objects.writable_by(request.user).filter(pk=assignment.unit_id).exists()
    if not writable:
        # The sender's side looks at what the unit made (or the board).
        if assignment.sub_plan_id:
            return redirect("plans:detail", assignment.sub_plan_id)
        return redirect("plans:board", assignment.plan_id)
    # Opening the page records nothing: a link prefetch or a cross-site image must not mark the plan
    # received. The page itself posts that (assignment_received) once it is shown in a browser.
    if assignment.sub_plan_id:
        return redirect("plans:detail", assignment.sub_plan_id)
    parent = assignment.plan
    groups = parent.groups.order_by("position", "pk").prefetch_related(
        Prefetch("tasks", queryset=Task.objects.order_by("position", "pk"))
    )
    error = ""
    picked = {str(t.pk) for t in parent.tasks.all()}
    if request.method == "POST":
        task_ids = _posted_task_ids(request)
        picked = {str(t) for t in task_ids or []}
        if task_ids is None:
            error = gettext("Danh sách nhiệm vụ gửi lên không hợp lệ; hãy chọn lại các nhiệm vụ.")
        elif not task_ids:
            error = gettext("Chọn ít nhất một nhiệm vụ phù hợp với đơn vị.")
        else:
            sub = create_sub_plan(assignment=assignment, user=request.user, task_ids=task_ids)
            messages.success(
                request, "Đã tạo kế hoạch của đơn vị. Hãy thêm hoạt động cụ thể cho từng nhiệm vụ."
            )
            return redirect("plans:detail", sub.pk)
    context = {"assignment": assignment, "parent": parent, "groups": groups, "picked": picked, "error": error}
    return render(request, "plans/assignment.html", context, status=400 if error else 200)


def _posted_task_ids(request: AuthedRequest) -> list[int] | None:
    """The task ids a form posted; None when one of them is not an id (a forged or broken post)."""
    ids = [parse_id(value) for value in request.POST.getlist("tasks")]
    return None if None in ids else [i for i in ids if i is not None]


@login_required
@require_POST
def assignment_received(request: AuthedRequest, assignment_id: int) -> HttpResponse:
    """The receiving unit has opened the plan sent to it (posted by its page once shown)."""
    assignment = get_assignment_for_user(request, assignment_id, write=True)
    mark_received(assignment=assignment)
    if request.htmx:
        return HttpResponse(status=204)
    messages.success(request, gettext("Đã xác nhận nhận kế hoạch."))
    return redirect("plans:assignment", assignment.pk)


@login_required
@require_POST
@redirects
def sub_plan_tasks(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = _editable_sub_plan(request, plan_id)
    picked = _posted_task_ids(request)
    if picked is None:
        messages.error(
            request, gettext("Danh sách nhiệm vụ gửi lên không hợp lệ; hãy chọn lại các nhiệm vụ.")
        )
    elif not picked:
        messages.error(request, gettext("Chọn ít nhất một nhiệm vụ."))
    else:
        set_sub_plan_tasks(plan=plan, task_ids=picked)
        messages.success(request, gettext("Đã cập nhật các nhiệm vụ của kế hoạch."))
    return redirect("plans:detail", plan.pk)


def _editable_sub_plan(request: AuthedRequest, plan_id: int) -> Plan:
    """A unit's own plan (sub-plan) that the user writes and that is still a draft."""
    plan = editable_plan(request, plan_id)
    if not plan.is_sub_plan:
        raise Http404()
    return plan


def _task_actions(
    request: AuthedRequest, plan: Plan, task: Task, form: ActionForm | None = None, status: int = 200
):
    context = {
        "plan": plan,
        "task": task,
        "actions": task.actions.order_by("due_date", "position", "pk"),
        "action_form": form or ActionForm(plan=plan, initial={"task": task.pk}),
        "can_edit": True,
    }
    return render(request, "plans/_actions.html", context, status=status)


@login_required
@require_POST
@redirects
def action_add(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = _editable_sub_plan(request, plan_id)
    form = ActionForm(request.POST, plan=plan)
    task = plan.tasks.filter(pk=parse_id(request.POST.get("task")) or 0).first()
    if task is None:
        raise Http404()
    saved = form.is_valid()
    if saved:
        add_action(plan=plan, task=task, action=form.save(commit=False))
    elif not request.htmx:
        messages.error(request, "; ".join(str(e) for errs in form.errors.values() for e in errs))
    if not request.htmx:
        return redirect(f"{reverse('plans:detail', args=[plan.pk])}#task-{task.pk}")
    # Once saved, the partial shows an empty form for the next action; else this one with its errors.
    return _task_actions(request, plan, task, None if saved else form, status=200)


@login_required
@require_POST
@redirects
def action_delete(request: AuthedRequest, plan_id: int, action_id: int) -> HttpResponse:
    plan = editable_plan(request, plan_id)
    action = plan.actions.filter(pk=action_id).select_related("task").first()
    if action is None:
        raise Http404()
    task = action.task
    delete_action(action=action)
    if not request.htmx:
        return redirect("plans:detail", plan.pk)
    return _task_actions(request, plan, task)


@login_required
@require_POST
@redirects
def sub_plan_complete(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = editable_plan(request, plan_id)
    if must_send_on(plan=plan, on=today()):
        messages.info(
            request,
            gettext(
                "Kế hoạch này hoàn thành bằng cách gửi xuống: chọn đơn vị nhận và hạn rồi bấm “%(button)s”."
            )
            % {"button": gettext("Hoàn thành và gửi xuống")},
        )
        return redirect("plans:publish", plan.pk)
    try:
        complete_sub_plan(plan=plan, user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("plans:detail", plan.pk)
    completion_message(request, plan)
    return redirect("plans:detail", plan.pk)


def completion_message(request: AuthedRequest, plan: Plan) -> None:
    assignment = PlanAssignment.objects.get(sub_plan=plan)
    if assignment.compute_state() == "late":
        messages.warning(
            request,
            gettext("Đã hoàn thành kế hoạch, trễ hạn %(days)d ngày.") % {"days": assignment.days_late()},
        )
    else:
        messages.success(request, gettext("Đã hoàn thành kế hoạch, đúng hạn."))
