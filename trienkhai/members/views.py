"""Views of the member register (list as of a date, a member's record, join/leave/transfer, Excel import
and export, the access log) and of founding new CĐCS.

No personal data ever travels in a URL: pages take ids and dates only; the name search is posted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trienkhai.core.converters import parse_id
from trienkhai.core.exports import export_builder, export_response, xlsx_response
from trienkhai.core.http import AuthedRequest
from trienkhai.core.jobs import JobBox, poll
from trienkhai.core.names import display_name
from trienkhai.core.uploads import serve_stored
from trienkhai.lib.vn import format_date, parse_date
from trienkhai.lib.xlsx import Sheet
from trienkhai.orgs.access import view_date
from trienkhai.orgs.models import Membership, Unit, UnitKind, today

from . import rules, workflow
from .access import (
    can_write,
    get_founding_for_user,
    get_import_for_user,
    get_member_for_user,
    get_register_unit,
    log,
)
from .forms import (
    ENTRY_ADMIT,
    AddMemberForm,
    AdmissionDecisionForm,
    AdmissionRequestForm,
    ExportForm,
    FoundingCaseForm,
    FoundingDecisionForm,
    FoundingStepForm,
    ImportForm,
    LeaveForm,
    MemberForm,
    NewMemberForm,
    PauseForm,
    ResumeForm,
    SubjectDoneForm,
    SubjectRequestForm,
    TransferForm,
)
from .founding_forms import CongressForm
from .importer import COLUMNS, WIDTHS, template_workbook
from .models import (
    PURPOSE,
    AdmissionRequest,
    Affiliation,
    DataAccess,
    Education,
    FoundingCase,
    Member,
    MemberImport,
    MemberStatus,
    Sex,
    SubjectRequest,
    member_count,
    paused_count,
)
from .pace import check_pace
from .tasks import apply_import_task, check_import_task

PAGE = 50
GRASSROOTS = (UnitKind.GRASSROOTS, UnitKind.GUILD)
A = DataAccess.Action


def _date_arg(request: AuthedRequest, name: str) -> dt.date | None:
    raw = request.GET.get(name, "")
    value = parse_date(raw) if raw else None
    return value if value and dt.date(1929, 1, 1) <= value <= dt.date(2200, 1, 1) else None


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    """The user's own units with their member count today: the way into each register."""
    on = today()
    units = Unit.objects.filter(
        pk__in=Membership.objects.active_on(on).filter(user=request.user).values("unit_id")
    )
    rows = [(u, member_count(u, on=on)) for u in units.order_by("name")[:20]]
    return render(request, "members/index.html", {"rows": rows, "on": on})


def _register_rows(unit: Unit, *, on: dt.date, start: dt.date | None, end: dt.date | None, kind: str):
    """Affiliations behind the list: active on `on`, or (with a period) that began or ended in it."""
    rows = Affiliation.objects.all()
    if start and end:
        rows = rows.under(unit, on=end)
        if kind == "moi":
            rows = rows.admissions().filter(valid_from__range=(start, end))
        elif kind == "ra":
            rows = rows.filter(end=Affiliation.End.LEFT, valid_to__range=(start, end))
        else:
            rows = rows.filter(valid_from__lte=end).exclude(valid_to__lte=start)
    else:
        rows = rows.under(unit, on=on).active_on(on)
    return rows


@login_required
def register(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = get_register_unit(request, unit_id)
    if slow_down := check_pace(request, unit):
        return slow_down
    writable = can_write(request, unit)
    on = view_date(request)
    active_count, paused = member_count(unit, on=on), paused_count(unit, on=on)
    start, end = _date_arg(request, "tu"), _date_arg(request, "den")
    kind = request.GET.get("loai", "")
    if start and end and start > end:
        start, end = end, start
    rows = _register_rows(unit, on=on, start=start, end=end, kind=kind)
    members = Member.objects.filter(pk__in=rows.values("member_id"))
    # Search by name or card is posted, never sent in the address (Luật 91/2025/QH15: no personal data in URLs).
    query = request.POST.get("q", "").strip()[:60] if request.method == "POST" else ""
    if query:
        # Read-only roles do not see card numbers, so they cannot look one up either.
        words = query if writable else _without_numbers(query)
        members = members.search(words) if words else members.none()
    if request.GET.get("gioi-tinh") in (Sex.MALE, Sex.FEMALE):
        members = members.filter(sex=request.GET["gioi-tinh"])
    unit_at = rows.filter(member=OuterRef("pk")).order_by("-valid_from").values("unit__name")[:1]
    members = members.annotate(unit_at=Subquery(unit_at)).order_by("unit__name", "search_text", "pk")
    page = Paginator(members, PAGE).get_page(request.GET.get("trang"))
    log(request, unit, A.LIST, records=len(page.object_list))
    ctx = {
        "unit": unit,
        "page": page,
        "on": on,
        "start": start,
        "end": end,
        "kind": kind,
        "query": query,
        "total": page.paginator.count,
        "active_count": active_count,
        "paused_count": paused,
        "writable": writable,
        # Card numbers only for the roles that keep the register (write roles), never for viewers.
        "show_ids": writable,
        "grassroots": unit.kind in GRASSROOTS,
        "purpose": PURPOSE,
        "today": today(),
    }
    template = "members/_register_table.html" if request.htmx else "members/register.html"
    return render(request, template, ctx)


def _without_numbers(query: str) -> str:
    return " ".join(word for word in query.split() if not any(ch.isdigit() for ch in word))


def _units_for_new_member(unit: Unit):
    on = today()
    if unit.kind in GRASSROOTS:
        return Unit.objects.filter(pk=unit.pk)
    return unit.descendants(on).filter(kind__in=GRASSROOTS).active_on(on).order_by("name")


@login_required
def member_add(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = get_register_unit(request, unit_id, write=True)
    units = _units_for_new_member(unit)
    form_class = AddMemberForm if unit.kind in GRASSROOTS else NewMemberForm
    kwargs = {} if unit.kind in GRASSROOTS else {"units": units}
    form = form_class(request.POST or None, request.FILES or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        target = data.pop("unit", unit)
        entry = data.pop("entry")
        admission = {k: data.pop(k) for k in ADMISSION_FIELDS}
        try:
            if entry == ENTRY_ADMIT:
                # The BCH of the CĐCS admits; the decision's day is the day the member joined.
                member = workflow.admit_member(
                    unit=target,
                    decided_by=target,
                    decision_number=admission["admission_decision"].strip(),
                    decided_on=data["joined_on"],
                    application=admission["application"],
                    application_signed=admission["application_signed"],
                    application_scan=admission["application_scan"],
                    not_admitted=admission["not_admitted"],
                    **data,
                )
            else:
                member = workflow.add_member(unit=target, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            log(request, target, A.CREATE, member=member)
            messages.success(request, _("Đã thêm đoàn viên vào sổ."))
            return redirect("members:detail", member.pk)
    return render(
        request,
        "members/member_form.html",
        {"unit": unit, "form": form, "rules": rules},
        status=400 if form.errors else 200,
    )


ADMISSION_FIELDS = (
    "application",
    "application_signed",
    "application_scan",
    "admission_decision",
    "not_admitted",
)


@login_required
def member_detail(request: AuthedRequest, member_id: int) -> HttpResponse:
    member = get_member_for_user(request, member_id)
    if slow_down := check_pace(request, member.unit):
        return slow_down
    writable = can_write(request, member.unit)
    log(request, member.unit, A.VIEW, member=member)
    ctx: dict[str, Any] = {
        "m": member,
        "affiliations": member.affiliations.select_related("unit").order_by("valid_from", "pk"),
        "writable": writable,
        "show_ids": writable,
        "edit_form": MemberForm(instance=member) if writable else None,
        "leave_form": LeaveForm(initial={"on": today()}) if writable else None,
        "transfer_form": _transfer_form(request, member) if writable else None,
        "purpose": PURPOSE,
    }
    if writable:
        ctx.update(_state_context(member))
    if writable and member.status == MemberStatus.ACTIVE:
        ctx.update(_transfer_choices(request, member, ctx["transfer_form"]))
    return render(request, "members/detail.html", ctx)


def _state_context(member: Member, **forms) -> dict[str, Any]:
    """The forms of a member's state and of their data-subject requests, with the rules beside them."""
    return {
        "pause_form": forms.get("pause_form") or PauseForm(initial={"on": today()}),
        "resume_form": forms.get("resume_form") or ResumeForm(initial={"on": today()}),
        "subject_form": forms.get("subject_form") or SubjectRequestForm(initial={"received_on": today()}),
        "done_form": SubjectDoneForm(initial={"on": today()}),
        "subject_requests": list(member.subject_requests.all()),
        "pauses": list(member.pauses.all()),
        "rules": rules,
        "today": today(),
    }


def _detail_with_error(request, member, *, status=400, **forms) -> HttpResponse:
    ctx = {
        "m": member,
        "affiliations": member.affiliations.select_related("unit").order_by("valid_from", "pk"),
        "writable": True,
        "show_ids": True,
        "edit_form": forms.get("edit_form") or MemberForm(instance=member),
        "leave_form": forms.get("leave_form") or LeaveForm(initial={"on": today()}),
        "transfer_form": forms.get("transfer_form") or _transfer_form(request, member),
        "purpose": PURPOSE,
    }
    ctx.update(_state_context(member, **forms))
    ctx.update(_transfer_choices(request, member, ctx["transfer_form"]))
    return render(request, "members/detail.html", ctx, status=status)


@login_required
@require_POST
def member_edit(request: AuthedRequest, member_id: int) -> HttpResponse:
    member = get_member_for_user(request, member_id, write=True)
    form = MemberForm(request.POST, instance=Member.objects.get(pk=member.pk))
    if not form.is_valid():
        return _detail_with_error(request, member, edit_form=form)
    workflow.update_member(member=member, **form.cleaned_data)
    log(request, member.unit, A.EDIT, member=member)
    messages.success(request, _("Đã lưu thông tin đoàn viên."))
    return redirect("members:detail", member.pk)


@login_required
@require_POST
def member_leave(request: AuthedRequest, member_id: int) -> HttpResponse:
    member = get_member_for_user(request, member_id, write=True)
    form = LeaveForm(request.POST)
    if form.is_valid():
        try:
            workflow.leave_member(
                member=member, on=form.cleaned_data["on"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error("on", exc)
    if form.errors:
        return _detail_with_error(request, member, leave_form=form)
    log(request, member.unit, A.LEAVE, member=member)
    messages.success(request, _("Đã ghi đoàn viên ra khỏi tổ chức."))
    return redirect("members:detail", member.pk)


@login_required
@require_POST
def member_transfer(request: AuthedRequest, member_id: int) -> HttpResponse:
    member = get_member_for_user(request, member_id, write=True)
    old_unit = member.unit
    form = _transfer_form(request, member, data=request.POST)
    if form.is_valid():
        try:
            workflow.transfer_member(
                member=member,
                to_unit=form.cleaned_data["to_unit"],
                on=form.cleaned_data["on"],
                user=request.user,
            )
        except ValidationError as exc:
            form.add_error("on", exc)
    if form.errors:
        return _detail_with_error(request, member, transfer_form=form)
    log(request, old_unit, A.TRANSFER, member=member)
    messages.success(
        request,
        _("Đã chuyển sinh hoạt đoàn viên đến %(unit)s từ ngày %(on)s.")
        % {"unit": member.unit.name, "on": format_date(form.cleaned_data["on"])},
    )
    if Unit.objects.in_scope(request.user, member.unit_id):
        return redirect("members:detail", member.pk)
    return redirect("members:register", old_unit.pk)


# The transfer form lists this many destinations at a time; the search box finds the others by name.
DESTINATIONS_SHOWN = 50


def _destinations(request: AuthedRequest, member: Member):
    """The CĐCS the user may transfer `member` to: those in the user's reach, and those under the same
    union as the member's CĐCS (a move to the neighbouring school), active today."""
    on = today()
    reach = Unit.objects.visible_to(request.user).values("pk")
    parent = member.unit.parent_on(on)
    nearby = Q(pk__in=Unit.objects.subtree_of([parent.pk], on=on).values("pk")) if parent else Q(pk__in=[])
    return (
        Unit.objects.filter(Q(pk__in=reach) | nearby)
        .filter(kind__in=GRASSROOTS)
        .active_on(on)
        .exclude(pk=member.unit_id)
        .order_by("name", "pk")
    )


def _transfer_form(request: AuthedRequest, member: Member, data=None) -> TransferForm:
    return TransferForm(data, units=_destinations(request, member), initial={"on": today()})


def _transfer_choices(request: AuthedRequest, member: Member, form: TransferForm, text: str = "") -> dict:
    """The destinations shown in the picker: the first matches of `text` by name (accents ignored),
    with the one already chosen kept."""
    units = form.units
    if text:
        units = units.search(text)
    shown = list(units[: DESTINATIONS_SHOWN + 1])
    chosen = form["to_unit"].value() if form.is_bound else None
    chosen_id = int(str(chosen)) if str(chosen or "").isdigit() else None
    if chosen_id and chosen_id not in {u.pk for u in shown[:DESTINATIONS_SHOWN]}:
        shown[:0] = list(form.units.filter(pk=chosen_id))
    return {
        "destinations": shown[:DESTINATIONS_SHOWN],
        "more_destinations": len(shown) > DESTINATIONS_SHOWN,
        "chosen_destination": chosen_id,
        "destination_query": text,
    }


@login_required
def transfer_units(request: AuthedRequest, member_id: int) -> HttpResponse:
    """HTMX: the options of the transfer picker matching the typed name."""
    member = get_member_for_user(request, member_id, write=True)
    text = request.GET.get("q", "").strip()[:60]
    ctx = _transfer_choices(request, member, _transfer_form(request, member), text)
    return render(request, "members/_transfer_options.html", ctx)


@login_required
def export(request: AuthedRequest, unit_id: int) -> HttpResponse:
    """Export the register as of a date: write roles of the unit and the units above it only, with a
    stated purpose that goes into the access log and onto the file."""
    unit = get_register_unit(request, unit_id, write=True)
    on = view_date(request)
    form = ExportForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render(
            request, "members/export.html", {"unit": unit, "form": form, "on": on, "purpose": PURPOSE}
        )
    purpose = form.purpose_text()
    count = _register_members(unit, on).count()
    log(request, unit, A.EXPORT, records=count, purpose=purpose)
    user_name = display_name(request.user)
    return export_response(
        request,
        register_export,
        {"unit": unit.pk, "on": on.isoformat(), "purpose": purpose, "by": user_name, "count": count},
        rows=count,
        filename=f"doan-vien-{unit.pk}-{on.isoformat()}.xlsx",
        title=_("Sổ đoàn viên của %(unit)s tại ngày %(on)s") % {"unit": unit.name, "on": format_date(on)},
        back_url=reverse("members:register", args=[unit.pk]),
    )


def _register_members(unit: Unit, on: dt.date):
    rows = Affiliation.objects.under(unit, on=on).active_on(on)
    return (
        # A member who asked to restrict the processing of their data (Luật 91/2025/QH15 Điều 4) is kept in
        # the register but leaves it in no file.
        Member.objects.filter(pk__in=rows.values("member_id"), restricted_on__isnull=True)
        .annotate(code_at=Subquery(rows.filter(member=OuterRef("pk")).values("unit__code")[:1]))
        .order_by("code_at", "search_text", "pk")
    )


@export_builder
def register_export(params: dict, user) -> list[Sheet]:
    """The sheets of a register export (`params` from `export`); the rows stream from the database, so a
    province's tens of thousands of members never sit in memory at once. The access was checked and
    logged when the export was asked for."""
    unit = Unit.objects.get(pk=params["unit"])
    on = dt.date.fromisoformat(params["on"])
    sex_label = dict(Sex.choices)
    education_label = dict(Education.choices)
    # The import's columns, in its order (never the CCCD: see importer.COLUMNS); dates as dates.
    data = (
        [
            m.full_name,
            m.birth_year,
            str(sex_label.get(m.sex, "")),
            m.card_number,
            m.joined_on,
            m.phone,
            m.code_at,
            m.birth_date,
            m.card_issued_on,
            m.union_position,
            m.ethnicity,
            str(education_label.get(m.education, "")),
        ]
        for m in _register_members(unit, on).iterator(chunk_size=2000)
    )
    return [
        Sheet(
            name="Đoàn viên",
            headers=[label for _k, label, _r in COLUMNS],
            rows=data,
            widths=list(WIDTHS),
        ),
        Sheet(
            name="Thông tin",
            headers=["Nội dung"],
            rows=[
                [f"Sổ đoàn viên của {unit.name}, tại ngày {format_date(on)}: {params['count']} đoàn viên."],
                [f"Người xuất: {params['by']}; mục đích: {params['purpose']}."],
                [str(PURPOSE)],
            ],
            widths=[140],
        ),
    ]


@login_required
def import_template(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = get_register_unit(request, unit_id, write=True)
    response = HttpResponse(
        template_workbook(unit),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-doan-vien-{unit.pk}.xlsx"'
    return response


@login_required
def import_upload(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = get_register_unit(request, unit_id, write=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = workflow.create_member_import(unit=unit, user=request.user, upload=upload)
        log(request, unit, A.IMPORT, records=0, purpose=_("Tải lên tệp nhập: %(f)s") % {"f": job.filename})
        check_import_task.enqueue(job.pk)
        return redirect("members:import_detail", job.pk)
    recent = [j.show_dead_as_failed() for j in MemberImport.objects.filter(unit=unit)[:10]]
    return render(
        request,
        "members/import.html",
        {"unit": unit, "form": form, "recent": recent, "purpose": PURPOSE},
        status=400 if form.errors else 200,
    )


def _import_box(job: MemberImport) -> JobBox:
    return JobBox(
        job=job,
        poll_url=reverse("members:import_progress", args=[job.pk]),
        id="import-progress",
        retry_url=reverse("members:import", args=[job.unit_id]),
    )


@login_required
def import_detail(request: AuthedRequest, import_id: int) -> HttpResponse:
    job = get_import_for_user(request, import_id).show_dead_as_failed()
    ctx = {"job": job, "unit": job.unit, "purpose": PURPOSE, "box": _import_box(job)}
    return render(request, "members/import_detail.html", ctx)


@login_required
def import_progress(request: AuthedRequest, import_id: int) -> HttpResponse:
    """HTMX: the progress box, polled while the worker reads or writes the file."""
    return poll(request, _import_box(get_import_for_user(request, import_id)))


@login_required
@require_POST
def import_confirm(request: AuthedRequest, import_id: int) -> HttpResponse:
    job = get_import_for_user(request, import_id)
    if workflow.confirm_member_import(job=job):
        log(
            request,
            job.unit,
            A.IMPORT,
            records=job.rows,
            purpose=_("Xác nhận nhập: %(f)s") % {"f": job.filename},
        )
        apply_import_task.enqueue(job.pk)
    else:
        messages.error(request, _("Lượt nhập này không còn ở bước chờ xác nhận."))
    return redirect("members:import_detail", job.pk)


@login_required
@require_POST
def import_cancel(request: AuthedRequest, import_id: int) -> HttpResponse:
    job = get_import_for_user(request, import_id)
    if workflow.cancel_member_import(job=job):
        messages.info(request, _("Đã hủy lượt nhập."))
    return redirect("members:import", job.unit_id)


@login_required
def access_log(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = get_register_unit(request, unit_id, write=True)
    subtree = Unit.objects.subtree_of([unit.pk], on=today()).values("pk")
    entries = DataAccess.objects.filter(unit_id__in=subtree).select_related("user", "unit", "member")
    page = Paginator(entries, 100).get_page(request.GET.get("trang"))
    return render(request, "members/access_log.html", {"unit": unit, "page": page, "purpose": PURPOSE})


# --- founding new CĐCS -------------------------------------------------------------------------------


def _founding_units(request: AuthedRequest):
    """Units that may run a founding case: the user's writable units above CĐCS level."""
    return (
        Unit.objects.writable_by(request.user)
        .active_on(today())
        .exclude(kind__in=GRASSROOTS)
        .order_by("name")
    )


@login_required
def founding_list(request: AuthedRequest) -> HttpResponse:
    visible = Unit.objects.visible_to(request.user)
    cases = FoundingCase.objects.filter(owner_unit__in=visible).select_related("owner_unit", "new_unit")
    unit = None
    unit_id = parse_id(request.GET.get("don-vi"))
    if unit_id:
        unit = get_register_unit(request, unit_id)
        subtree = Unit.objects.subtree_of([unit.pk], on=today()).values("pk")
        cases = cases.filter(owner_unit_id__in=subtree) | cases.filter(new_unit_id__in=subtree)
    start, end = _date_arg(request, "tu"), _date_arg(request, "den")
    if start and end:
        cases = cases.filter(decision_on__range=(start, end))
    stage = request.GET.get("giai-doan", "")
    if stage in FoundingCase.Stage.values:
        cases = cases.filter(stage=stage)
    ctx = {
        "cases": cases[:300],
        "unit": unit,
        "start": start,
        "end": end,
        "stage": stage,
        "stages": FoundingCase.Stage.choices,
        "can_create": _founding_units(request).exists(),
        "today": today(),
    }
    return render(request, "members/founding_list.html", ctx)


@login_required
def founding_create(request: AuthedRequest) -> HttpResponse:
    units = _founding_units(request)
    form = FoundingCaseForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        case = form.save(commit=False)
        case.created_by = request.user
        case.save()
        messages.success(request, _("Đã lập hồ sơ theo dõi thành lập CĐCS."))
        return redirect("members:founding", case.pk)
    return render(request, "members/founding_form.html", {"form": form}, status=400 if form.errors else 200)


def _founding_context(request, case, **forms) -> dict:
    writable = can_write(request, case.owner_unit)
    return {
        "case": case,
        "steps": case.steps.select_related("by"),
        "writable": writable,
        "step_form": forms.get("step_form") or FoundingStepForm(initial={"on": today(), "stage": case.stage}),
        "decision_form": forms.get("decision_form") or FoundingDecisionForm(initial={"decision_on": today()}),
        "min_members": workflow.min_founding_members(),
        "congress_form": forms.get("congress_form") or CongressForm(initial={"held_on": today()}),
    }


@login_required
def founding_detail(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_founding_for_user(request, case_id)
    return render(request, "members/founding_detail.html", _founding_context(request, case))


@login_required
@require_POST
def founding_step(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_founding_for_user(request, case_id, write=True)
    form = FoundingStepForm(request.POST)
    if form.is_valid():
        try:
            workflow.record_founding_step(case=case, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
    if form.errors:
        ctx = _founding_context(request, case, step_form=form)
        return render(request, "members/founding_detail.html", ctx, status=400)
    messages.success(request, _("Đã ghi bước vận động."))
    return redirect("members:founding", case.pk)


@login_required
@require_POST
def founding_decide(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_founding_for_user(request, case_id, write=True)
    form = FoundingDecisionForm(request.POST)
    if form.is_valid():
        try:
            unit = workflow.found_cdcs(case=case, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            log(request, unit, A.CREATE, records=case.founding_members, purpose=_("Đoàn viên sáng lập CĐCS"))
            messages.success(request, _("Đã thành lập %(name)s trong cơ cấu tổ chức.") % {"name": unit.name})
            return redirect(reverse("members:register", args=[unit.pk]))
    ctx = _founding_context(request, case, decision_form=form)
    return render(request, "members/founding_detail.html", ctx, status=400)


# --- states, the ID number, the data subject's requests (issue 20) ---------------------------------------


@login_required
@require_POST
def member_pause(request: AuthedRequest, member_id: int) -> HttpResponse:
    member = get_member_for_user(request, member_id, write=True)
    form = PauseForm(request.POST)
    if form.is_valid():
        try:
            workflow.pause_member(member=member, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("on", exc)
    if form.errors:
        return _detail_with_error(request, member, pause_form=form)
    log(request, member.unit, A.STATE, member=member, purpose=_("Tạm dừng sinh hoạt"))
    messages.success(request, _("Đã ghi tạm dừng sinh hoạt; đoàn viên không tính vào số đang sinh hoạt."))
    return redirect("members:detail", member.pk)


@login_required
@require_POST
def member_resume(request: AuthedRequest, member_id: int) -> HttpResponse:
    member = get_member_for_user(request, member_id, write=True)
    form = ResumeForm(request.POST)
    if form.is_valid():
        try:
            workflow.resume_member(member=member, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("on", exc)
    if form.errors:
        return _detail_with_error(request, member, resume_form=form)
    log(request, member.unit, A.STATE, member=member, purpose=_("Sinh hoạt lại"))
    messages.success(request, _("Đoàn viên đã sinh hoạt lại."))
    return redirect("members:detail", member.pk)


@login_required
def member_id_number(request: AuthedRequest, member_id: int) -> HttpResponse:
    """HTMX: the full personal ID number, for the roles that keep the register; each showing is logged."""
    member = get_member_for_user(request, member_id, write=True)
    log(request, member.unit, A.VIEW_ID, member=member)
    return render(request, "members/_id_number.html", {"m": member})


@login_required
def application_scan(request: AuthedRequest, member_id: int) -> HttpResponseBase:
    member = get_member_for_user(request, member_id, write=True)
    if not member.application_scan:
        messages.info(request, _("Hồ sơ này không có bản chụp đơn."))
        return redirect("members:detail", member.pk)
    log(request, member.unit, A.VIEW, member=member, purpose=_("Xem bản chụp đơn gia nhập"))
    name = member.application_scan.name.rsplit("/", 1)[-1]
    return serve_stored(member.application_scan, name, missing=_("Không còn tệp bản chụp đơn."))


@login_required
@require_POST
def subject_request(request: AuthedRequest, member_id: int) -> HttpResponse:
    member = get_member_for_user(request, member_id, write=True)
    form = SubjectRequestForm(request.POST)
    if not form.is_valid():
        return _detail_with_error(request, member, subject_form=form)
    item = workflow.record_subject_request(member=member, user=request.user, **form.cleaned_data)
    log(request, member.unit, A.SUBJECT, member=member, purpose=item.get_kind_display())
    messages.success(
        request,
        _("Đã ghi yêu cầu; phản hồi trước %(ack)s, thực hiện xong trước %(due)s.")
        % {"ack": format_date(item.ack_due_on), "due": format_date(item.due_on)},
    )
    return redirect("members:detail", member.pk)


@login_required
@require_POST
def subject_request_done(request: AuthedRequest, request_id: int) -> HttpResponse:
    item = SubjectRequest.objects.select_related("member").filter(pk=request_id).first()
    if item is None:
        raise Http404(_("Không tìm thấy yêu cầu."))
    member = get_member_for_user(request, item.member_id, write=True)
    form = SubjectDoneForm(request.POST)
    if form.is_valid():
        try:
            workflow.complete_subject_request(request=item, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("members:detail", member.pk)
        action = A.ERASE if item.kind == SubjectRequest.Kind.DELETION else A.SUBJECT
        log(
            request,
            member.unit,
            action,
            member=member,
            purpose=_("Đã thực hiện: %(k)s") % {"k": item.get_kind_display()},
        )
        messages.success(request, _("Đã ghi yêu cầu là đã thực hiện."))
    else:
        messages.error(request, _("Ghi ngày thực hiện (dd/mm/yyyy) và kết quả."))
    return redirect("members:detail", member.pk)


@login_required
@require_POST
def member_erase(request: AuthedRequest, member_id: int) -> HttpResponse:
    """Anonymise a member who left: the history's counts stay, the person's data goes."""
    member = get_member_for_user(request, member_id, write=True)
    try:
        workflow.erase_member(member=member, on=today())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("members:detail", member.pk)
    log(request, member.unit, A.ERASE, member=member)
    messages.success(request, _("Đã xóa dữ liệu cá nhân; số liệu các kỳ trước giữ nguyên."))
    return redirect("members:detail", member.pk)


@login_required
def member_own_data(request: AuthedRequest, member_id: int) -> HttpResponse:
    """The member's own data as a file to hand them (Luật 91/2025/QH15 Điều 4: yêu cầu cung cấp)."""
    member = get_member_for_user(request, member_id, write=True)
    log(request, member.unit, A.EXPORT_OWN, member=member)
    data = workflow.own_data(member)
    sheet = Sheet(
        name="Dữ liệu của tôi",
        headers=["Thông tin", "Nội dung"],
        rows=[[k, v] for k, v in data.items()],
        title=f"Dữ liệu cá nhân trong sổ đoàn viên, ngày {format_date(today())}",
        notes=[f"{rules.SUBJECT_RIGHTS.article}.", str(PURPOSE)],
        widths=[32, 90],
    )
    return xlsx_response([sheet], f"du-lieu-doan-vien-{member.pk}.xlsx")


# --- applications where there is no CĐCS (the upper union decides) -----------------------------------------


def _upper_unit(request: AuthedRequest, unit_id: int, *, write: bool) -> Unit:
    unit = get_register_unit(request, unit_id, write=write)
    if unit.kind in GRASSROOTS:
        raise Http404(_("Đơn gửi công đoàn cấp trên; CĐCS tự quyết định kết nạp."))
    return unit


@login_required
def admission_requests(request: AuthedRequest, unit_id: int) -> HttpResponse:
    """The applications an upper union received where there is no CĐCS, each with its decision clock."""
    unit = _upper_unit(request, unit_id, write=True)
    form = AdmissionRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            item = workflow.receive_admission_request(
                unit=unit, received_on=data.pop("received_on"), user=request.user, **data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            log(request, unit, A.CREATE, records=1, purpose=_("Nhận đơn gia nhập (nơi chưa có CĐCS)"))
            messages.success(
                request, _("Đã ghi đơn; hạn quyết định %(d)s.") % {"d": format_date(item.due_on)}
            )
            return redirect("members:admission_request", item.pk)
    items = AdmissionRequest.objects.filter(unit=unit).order_by("outcome", "due_on", "pk")[:200]
    ctx = {
        "unit": unit,
        "form": form,
        "items": items,
        "rule": rules.UPPER_DECISION_WORKING_DAYS,
        "today": today(),
    }
    return render(request, "members/admission_requests.html", ctx, status=400 if form.errors else 200)


def _get_admission_request(request: AuthedRequest, request_id: int) -> AdmissionRequest:
    item = AdmissionRequest.objects.select_related("unit").filter(pk=request_id).first()
    if item is None or not Unit.objects.in_scope(request.user, item.unit_id, write=True):
        raise Http404(_("Không tìm thấy đơn."))
    return item


@login_required
def admission_request(request: AuthedRequest, request_id: int) -> HttpResponse:
    item = _get_admission_request(request, request_id)
    units = _units_for_new_member(item.unit)
    form = AdmissionDecisionForm(request.POST or None, units=units, initial={"decided_on": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = workflow.decide_admission_request(
                request=item,
                admit=data["admit"] == "1",
                decided_on=data["decided_on"],
                decision_number=data["decision_number"].strip(),
                cdcs=data["cdcs"],
                note=data["note"],
                not_admitted=data["not_admitted"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if member:
                log(request, member.unit, A.CREATE, member=member, purpose=_("Kết nạp theo đơn gửi cấp trên"))
            messages.success(request, _("Đã ghi quyết định."))
            return redirect("members:admission_request", item.pk)
    ctx = {
        "item": item,
        "unit": item.unit,
        "form": form,
        "rule": rules.UPPER_DECISION_WORKING_DAYS,
        "today": today(),
    }
    return render(request, "members/admission_request.html", ctx, status=400 if form.errors else 200)
