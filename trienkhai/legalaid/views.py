"""Legal-aid views: the list of cases in reach, a case with its notes, court stages and documents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trienkhai.core.http import AuthedRequest
from trienkhai.core.uploads import serve_stored
from trienkhai.orgs.access import list_filter
from trienkhai.orgs.models import Unit, today

from . import rules, workflow
from .access import get_case_for_user, get_document_for_user, visible_cases
from .forms import AssignForm, CaseForm, CloseForm, CourtForm, DisputeForm, DocumentForm, NoteForm, StageForm
from .models import CaseDocument


@login_required
def case_list(request: AuthedRequest) -> HttpResponse:
    cases = visible_cases(request.user).select_related("unit", "origin_unit", "advisor")
    where = list_filter(request)
    cases = where.narrow(cases, date_field="opened_on", unit_field="origin_unit")
    show = request.GET.get("loc", "")
    if show == "mo":
        cases = cases.exclude(status="closed")
    page = Paginator(cases, 50).get_page(request.GET.get("trang"))
    ctx = {
        "page": page,
        **where.context(),
        "show": show,
        "can_create": Unit.objects.writable_by(request.user).exists(),
    }
    return render(request, "legalaid/list.html", ctx)


@login_required
def case_create(request: AuthedRequest) -> HttpResponse:
    units = Unit.objects.choosable_by(request.user)
    form = CaseForm(request.POST or None, units=units, initial={"opened_on": today()})
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        case = workflow.open_case(origin_unit=fields.pop("origin_unit"), user=request.user, **fields)
        messages.success(request, _("Đã tiếp nhận yêu cầu tư vấn."))
        return redirect("legalaid:detail", case.pk)
    return render(request, "legalaid/form.html", {"form": form}, status=400 if form.errors else 200)


def _context(request: HttpRequest, case, **forms) -> dict:
    writable = Unit.objects.in_scope(request.user, case.unit_id, write=True)
    advisors = workflow.advisors_for(case) if writable and case.is_open else []
    stages = list(case.stages.all())
    on = today()
    return {
        "case": case,
        "today": on,
        "stages": stages,
        "clocks": [
            {"clock": c, "left": c.days_left(on), "late": -c.days_left(on)} for c in case.clocks(stages)
        ],
        "document_kinds": CaseDocument.Kind.choices,
        "next_clock": case.next_clock(on, stages),
        "rules": rules,
        "stage_form": forms.get("stage_form") or StageForm(case=case, initial={"started_on": on}),
        "dispute_form": forms.get("dispute_form") or DisputeForm(instance=case),
        "notes": case.notes.select_related("author"),
        "courts": case.court_cases.all(),
        "documents": case.documents.all(),
        "writable": writable,
        "assign_form": forms.get("assign_form") or AssignForm(advisors=advisors),
        "note_form": forms.get("note_form") or NoteForm(),
        "court_form": forms.get("court_form") or CourtForm(initial={"filed_on": today()}),
        "close_form": forms.get("close_form") or CloseForm(initial={"closed_on": today()}),
        "document_form": DocumentForm(),
    }


@login_required
def case_detail(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request, case_id)
    return render(request, "legalaid/detail.html", _context(request, case))


def _invalid(request, case, **forms) -> HttpResponse:
    return render(request, "legalaid/detail.html", _context(request, case, **forms), status=400)


@login_required
@require_POST
def case_assign(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request, case_id, write=True)
    form = AssignForm(request.POST, advisors=workflow.advisors_for(case))
    if form.is_valid():
        try:
            workflow.assign_advisor(
                case=case,
                advisor_id=form.cleaned_data["advisor"],
                user=request.user,
                qualification=form.cleaned_data["qualification"],
                credential=form.cleaned_data["credential"],
            )
        except ValidationError as exc:
            form.add_error("advisor", exc)
    if form.errors:
        return _invalid(request, case, assign_form=form)
    messages.success(request, _("Đã phân công người tư vấn."))
    if Unit.objects.in_scope(request.user, case.unit_id):
        return redirect("legalaid:detail", case.pk)
    return redirect("legalaid:list")


@login_required
@require_POST
def case_note(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request, case_id, write=True)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, note_form=form)
    workflow.add_note(case=case, user=request.user, text=form.cleaned_data["text"])
    return redirect("legalaid:detail", case.pk)


@login_required
@require_POST
def case_court(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request, case_id, write=True)
    form = CourtForm(request.POST)
    if not form.is_valid():
        return _invalid(request, case, court_form=form)
    workflow.record_court_case(case=case, user=request.user, **form.cleaned_data)
    messages.success(request, _("Đã ghi vụ án tại tòa."))
    return redirect("legalaid:detail", case.pk)


@login_required
@require_POST
def case_stage(request: AuthedRequest, case_id: int) -> HttpResponse:
    """Record a step of the dispute's road: advice → mediation → arbitration → court."""
    case = get_case_for_user(request, case_id, write=True)
    form = StageForm(request.POST, case=case)
    if not form.is_valid():
        return _invalid(request, case, stage_form=form)
    workflow.record_stage(case=case, user=request.user, **form.cleaned_data)
    messages.success(request, _("Đã ghi giai đoạn giải quyết."))
    return redirect("legalaid:detail", case.pk)


@login_required
@require_POST
def case_dispute(request: AuthedRequest, case_id: int) -> HttpResponse:
    """The dispute's kind, the day the breach was found (the limitation clock) and the representation."""
    case = get_case_for_user(request, case_id, write=True)
    form = DisputeForm(request.POST, instance=case)
    if not form.is_valid():
        case.refresh_from_db()  # the page shows the saved case beside the typed form
        return _invalid(request, case, dispute_form=form)
    form.save()
    messages.success(request, _("Đã lưu thông tin tranh chấp."))
    return redirect("legalaid:detail", case.pk)


@login_required
@require_POST
def case_close(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request, case_id, write=True)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            workflow.close_case(
                case=case,
                user=request.user,
                outcome=form.cleaned_data["outcome"],
                closed_on=form.cleaned_data["closed_on"],
                note=form.cleaned_data["note"],
                amount=form.cleaned_data["amount"],
            )
        except ValidationError as exc:
            form.add_error("closed_on", exc)
    if form.errors:
        return _invalid(request, case, close_form=form)
    messages.success(request, _("Đã kết thúc vụ việc."))
    return redirect("legalaid:detail", case.pk)


@login_required
@require_POST
def case_upload(request: AuthedRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request, case_id, write=True)
    files = request.FILES.getlist("file")[:10]
    if not files:
        messages.error(request, _("Chưa chọn tệp nào."))
    for upload in files:
        problem = workflow.check_document(upload)
        if problem:
            messages.error(request, problem)
            continue
        kind = request.POST.get("kind", "")
        kind = kind if kind in CaseDocument.Kind.values else CaseDocument.Kind.OTHER
        workflow.attach_document(case=case, upload=upload, user=request.user, kind=kind)
        messages.success(request, _("Đã đính kèm «%(n)s».") % {"n": upload.name})
    return redirect("legalaid:detail", case.pk)


@login_required
def case_document(request: AuthedRequest, case_id: int, document_id: int) -> FileResponse:
    """A case document, only through the case's access rule (never a public media address)."""
    document = get_document_for_user(request, case_id, document_id)
    return serve_stored(document.file, document.name, missing="Không còn tệp.")
