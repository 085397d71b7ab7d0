"""Views of plans: list, page, editing with optimistic locking, publishing and versions, the receiving
unit's sub-plan, and the cascade board with reminders and Excel export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import takewhile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from trienkhai.core.converters import parse_id
from trienkhai.core.exports import xlsx_response
from trienkhai.core.history import attach_changes
from trienkhai.core.redirects import Redirect, redirects
from trienkhai.documents import contrib as documents_contrib
from trienkhai.documents.access import get_document_for_user
from trienkhai.documents.forms import ReviewForms
from trienkhai.documents.models import LegalBasis
from trienkhai.documents.views import review_page
from trienkhai.documents.workflow import is_plan, save_review
from trienkhai.lib.vn import format_date
from trienkhai.lib.xlsx import Sheet
from trienkhai.orgs.models import Membership, Sector, Unit, UnitKind, today

from . import contrib
from .access import can_write_plan, get_assignment_for_user, get_plan_for_user
from .board import cascade_board
from .filters import PlanFilter
from .forms import ROW_KINDS, ActionForm, AmendForm, LockForm, PlanForm, PublishForm, row_formset
from .models import Action, BudgetLine, Plan, PlanAssignment, Task
from .workflow import (
    complete_sub_plan,
    create_plan_from_document,
    create_sub_plan,
    diff_snapshots,
    mark_received,
    must_send_on,
    new_recipients,
    no_recipients_reason,
    publish_plan,
    remind_all_pending,
    save_plan_header,
    save_plan_rows,
    send_reminder,
    set_sub_plan_tasks,
    start_amendment,
)

# Session key of the one-off confirmation shown on the plan page after publishing: [plan id, version].
JUST_PUBLISHED = "plans:just_published"


def _basis_url(basis) -> str:
    return reverse("documents:basis", args=[basis.pk])


# --- List and page -----------------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
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


def _my_units(request: HttpRequest):
    """Units where the user holds a write role today: what is "sent to my unit" (not the whole subtree)."""
    return Membership.objects.own_unit_ids(request.user)


def _creatable_units(request: HttpRequest):
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


def _plan_context(request: HttpRequest, plan: Plan) -> dict:
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
    budget = list(plan.budget_lines.order_by("position", "pk"))
    totals = plan.budget_lines.aggregate(amount=Sum("amount"), spent=Sum("spent"))
    totals = {k: v or Decimal(0) for k, v in totals.items()}
    totals["remaining"] = totals["amount"] - totals["spent"]
    for line in budget:
        line.remaining = line.amount - line.spent
    chain = plan.legal_chain()
    seen = set(
        LegalBasis.objects.visible_to(request.user)
        .filter(pk__in=[b.pk for b in chain])
        .values_list("pk", flat=True)
    )
    legal_bases = list(takewhile(lambda b: b.pk in seen, chain))
    parent_basis = plan.parent_plan.basis if plan.parent_plan_id else None
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
    parent_groups, picked_sources = [], set()
    if plan.is_sub_plan and can_write and plan.is_editable:
        parent_groups = plan.parent_plan.groups.order_by("position", "pk").prefetch_related(
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
        "trace": plan.trace_text() if plan.is_sub_plan else "",
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


def _just_published(request: HttpRequest, plan: Plan) -> dict | None:
    """The confirmation after publishing, once: the version and how many units it newly reached."""
    stored = request.session.get(JUST_PUBLISHED)
    if not stored or stored[0] != plan.pk:
        return None
    del request.session[JUST_PUBLISHED]
    number = stored[1]
    return {"number": number, "sent": plan.assignments.filter(version_added=number).count()}


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id)
    return render(request, "plans/detail.html", _plan_context(request, plan))


@login_required
@require_POST
def plan_from_document(request: HttpRequest, document_id: int) -> HttpResponse:
    """ "Lưu thành kế hoạch" on the review screen of a document: save the review, then make the plan."""
    document = get_document_for_user(request, document_id, write=True)
    forms = ReviewForms(document.contract(), request.POST)
    if not forms.is_valid():
        return review_page(request, document, forms, status=400)
    parsed = forms.to_parsed()
    save_review(document=document, parsed=parsed, user=request.user)
    if not is_plan(parsed):
        messages.warning(request, gettext("Đã lưu kết quả rà soát; văn bản này không phải kế hoạch."))
        return redirect("documents:detail", document.pk)
    plan, created = create_plan_from_document(document=document, user=request.user)
    if created:
        messages.success(request, gettext("Đã lưu và tạo kế hoạch (bản nháp)."))
    else:
        messages.info(request, gettext("Văn bản này đã có kế hoạch; mở kế hoạch đã có."))
    return redirect("plans:detail", plan.pk)


# --- Editing with optimistic locking -------------------------------------------------------------------


def _posted_lock(request: HttpRequest) -> int | None:
    try:
        value = int(request.POST.get("lock_version", ""))
    except ValueError:
        return None
    return value if 0 <= value < 2**31 else None  # a number the lock column can hold


def _require_editable(request: HttpRequest, plan: Plan) -> None:
    # An owner who opens an edit page of a published plan is sent back to the plan (it is changed
    # through an amendment), not shown a 404 as if the plan did not exist.
    if not plan.is_editable:
        raise Redirect(
            reverse("plans:detail", args=[plan.pk]),
            gettext("Kế hoạch đã ban hành nên không sửa trực tiếp được; hãy dùng “Sửa đổi”."),
        )


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
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
            plan = form.save(commit=False)
            plan.owner_unit = unit
            plan.created_by = request.user
            plan.save()
            messages.success(request, gettext("Đã tạo bản nháp kế hoạch."))
            return redirect("plans:detail", plan.pk)
    return render(
        request,
        "plans/edit.html",
        {"form": form, "units": units, "unit": unit, "unit_error": unit_error, "creating": True},
    )


@login_required
@redirects
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id, write=True)
    _require_editable(request, plan)
    if request.method != "POST":
        return render(request, "plans/edit.html", {"form": PlanForm(instance=plan), "plan": plan})
    form = PlanForm(request.POST, instance=plan)
    if form.is_valid():
        if save_plan_header(plan=plan, changed=form.save(commit=False), lock_version=_posted_lock(request)):
            messages.success(request, gettext("Đã lưu thông tin chung của kế hoạch."))
            return redirect("plans:detail", plan.pk)
        return _header_conflict(request, plan, form)
    return render(request, "plans/edit.html", {"form": form, "plan": plan})


def _header_conflict(request: HttpRequest, plan: Plan, form: PlanForm) -> HttpResponse:
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
def plan_rows(request: HttpRequest, plan_id: int, kind: str) -> HttpResponse:
    """Add, edit, remove and reorder groups, tasks, duties or budget lines (one formset per kind)."""
    if kind not in ROW_KINDS:
        raise Http404()
    plan = get_plan_for_user(request, plan_id, write=True)
    _require_editable(request, plan)
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
        if save_plan_rows(plan=plan, rows=rows, deleted=formset.deleted_objects, lock_version=expected):
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


# --- Publishing, amendment, versions -------------------------------------------------------------------


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
def plan_publish(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id, write=True)
    _require_editable(request, plan)
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
                    _completion_message(request, plan)
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
def plan_publish_preview(request: HttpRequest, plan_id: int) -> HttpResponse:
    """HTMX partial of the publish dialog: the number of units that will receive the plan."""
    plan = get_plan_for_user(request, plan_id, write=True)
    form = PublishForm(request.GET, initial=_publish_initial(plan))
    first = plan.version == 0 or must_send_on(plan=plan, on=today())
    context = {"plan": plan, "first": first, "preview": _recipient_preview(plan, form, first=first)}
    return render(request, "plans/_publish_count.html", context)


@login_required
def plan_amend(request: HttpRequest, plan_id: int) -> HttpResponse:
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
def plan_version(request: HttpRequest, plan_id: int, number: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id)
    version = plan.versions.filter(number=number).select_related("published_by").first()
    if version is None:
        raise Http404()
    previous = plan.versions.filter(number=number - 1).first()
    diff = diff_snapshots(previous.snapshot, version.snapshot) if previous else None
    return render(
        request, "plans/version.html", {"plan": plan, "version": version, "previous": previous, "diff": diff}
    )


# --- The receiving unit: open, pick tasks, actions, complete -------------------------------------------


@login_required
def assignment_open(request: HttpRequest, assignment_id: int) -> HttpResponse:
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


def _posted_task_ids(request: HttpRequest) -> list[int] | None:
    """The task ids a form posted; None when one of them is not an id (a forged or broken post)."""
    ids = [parse_id(value) for value in request.POST.getlist("tasks")]
    return None if None in ids else [i for i in ids if i is not None]


@login_required
@require_POST
def assignment_received(request: HttpRequest, assignment_id: int) -> HttpResponse:
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
def sub_plan_tasks(request: HttpRequest, plan_id: int) -> HttpResponse:
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


def _editable_sub_plan(request: HttpRequest, plan_id: int) -> Plan:
    """A unit's own plan (sub-plan) that the user writes and that is still a draft."""
    plan = get_plan_for_user(request, plan_id, write=True)
    _require_editable(request, plan)
    if not plan.is_sub_plan:
        raise Http404()
    return plan


def _task_actions(
    request: HttpRequest, plan: Plan, task: Task, form: ActionForm | None = None, status: int = 200
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
def action_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _editable_sub_plan(request, plan_id)
    form = ActionForm(request.POST, plan=plan)
    task = plan.tasks.filter(pk=parse_id(request.POST.get("task")) or 0).first()
    if task is None:
        raise Http404()
    if form.is_valid():
        action = form.save(commit=False)
        action.plan = plan
        action.position = task.actions.count()
        action.save()
        form = None
    elif not request.htmx:
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
    if not request.htmx:
        return redirect(f"{reverse('plans:detail', args=[plan.pk])}#task-{task.pk}")
    return _task_actions(request, plan, task, form, status=200)


@login_required
@require_POST
@redirects
def action_delete(request: HttpRequest, plan_id: int, action_id: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id, write=True)
    _require_editable(request, plan)
    action = plan.actions.filter(pk=action_id).select_related("task").first()
    if action is None:
        raise Http404()
    task = action.task
    action.delete()
    if not request.htmx:
        return redirect("plans:detail", plan.pk)
    return _task_actions(request, plan, task)


@login_required
@require_POST
@redirects
def sub_plan_complete(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id, write=True)
    _require_editable(request, plan)
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
    _completion_message(request, plan)
    return redirect("plans:detail", plan.pk)


def _completion_message(request: HttpRequest, plan: Plan) -> None:
    assignment = PlanAssignment.objects.get(sub_plan=plan)
    if assignment.compute_state() == "late":
        messages.warning(
            request,
            gettext("Đã hoàn thành kế hoạch, trễ hạn %(days)d ngày.") % {"days": assignment.days_late()},
        )
    else:
        messages.success(request, gettext("Đã hoàn thành kế hoạch, đúng hạn."))


# --- The cascade board ---------------------------------------------------------------------------------


def _board_rows(request: HttpRequest, plan: Plan) -> dict:
    board = cascade_board(plan, params=request.GET, on=today())
    return {
        **board,
        "plan": plan,
        "labels": PlanAssignment.STATE_LABELS,
        "kind_labels": dict(UnitKind.choices),
        "sectors": dict(Sector.choices),
        "today": board["on"],
        "can_remind": can_write_plan(request, plan),
        "query": request.GET.urlencode(),
    }


@login_required
def plan_board(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id, manage=True)
    context = _board_rows(request, plan)
    template = "plans/_board.html" if request.htmx else "plans/board.html"
    return render(request, template, context)


@login_required
@require_POST
def remind(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_assignment_for_user(request, assignment_id)
    plan = get_plan_for_user(request, assignment.plan_id, write=True)
    sent = send_reminder(assignment=assignment, user=request.user) is not None
    if not request.htmx:
        messages.info(
            request, gettext("Đã nhắc đơn vị.") if sent else gettext("Đơn vị đã được nhắc hôm nay.")
        )
        return redirect("plans:board", plan.pk)
    row = PlanAssignment.objects.board(plan).get(pk=assignment.pk)
    row.late_days = row.days_late()
    row.state_label = PlanAssignment.STATE_LABELS[row.state]
    return render(
        request,
        "plans/_board_row.html",
        {
            "r": row,
            "plan": plan,
            "can_remind": True,
            "today": today(),
            "just_sent": sent,
            "sectors": dict(Sector.choices),
        },
    )


@login_required
@require_POST
def remind_all(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id, write=True)
    sent = remind_all_pending(plan=plan, user=request.user)
    if request.htmx:
        context = _board_rows(request, plan)
        context["reminded_now"] = sent
        return render(request, "plans/_board.html", context)
    messages.info(request, gettext("Đã nhắc %(count)d đơn vị.") % {"count": sent})
    return redirect("plans:board", plan.pk)


@login_required
def plan_board_xlsx(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id, manage=True)
    context = _board_rows(request, plan)
    kinds, sectors = context["kind_labels"], context["sectors"]
    rows = (
        [
            i,
            r.unit.code,
            r.unit.name,
            str(kinds.get(r.unit.kind, r.unit.kind)),
            str(sectors.get(r.unit.sector, "")),
            r.parent_now_name or "",
            r.sent_on,
            r.deadline,
            r.received_at.date() if r.received_at else None,
            r.completed_on,
            str(r.state_label),
            r.late_days,
            r.action_count,
            r.last_reminded_on,
        ]
        for i, r in enumerate(context["rows"], start=1)
    )
    sheet = Sheet(
        name="Tiến độ",
        title=f"Tiến độ xây dựng kế hoạch thực hiện {plan.number or ''} — {plan.title}",
        headers=[
            "STT",
            "Mã đơn vị",
            "Đơn vị",
            "Loại đơn vị",
            "Khu vực",
            "Cấp trên hiện nay",
            "Ngày gửi",
            "Hạn xây dựng kế hoạch",
            "Ngày nhận",
            "Ngày hoàn thành",
            "Tình trạng",
            "Số ngày trễ",
            "Số hoạt động",
            "Nhắc gần nhất",
        ],
        rows=rows,
        widths=[5, 14, 50, 22, 28, 34, 12, 14, 12, 14, 26, 10, 10, 13],
    )
    return xlsx_response([sheet], f"tien-do-ke-hoach-{plan.pk}.xlsx")
