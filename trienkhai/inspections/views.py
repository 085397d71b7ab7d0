"""Views of inspection plans, visits (records) and recommendations. Scope through `access`; changes only
on POST; a refused form shows again with what was typed and a Vietnamese message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trienkhai.core.http import AuthedRequest
from trienkhai.core.uploads import serve_stored
from trienkhai.issuing.api import acting_unit, can_issue, require_issuer
from trienkhai.orgs.access import get_unit_for_user
from trienkhai.orgs.models import Membership, Unit, UnitKind, today
from trienkhai.reports.api import check_upload

from . import workflow
from .access import (
    can_answer,
    can_decide,
    get_plan_for_user,
    get_recommendation_for_user,
    get_visit_for_user,
    plans_for,
    visits_for,
)
from .forms import MAX_FILES, AnswerForm, PlanForm, RecommendationForm, ReopenForm, VisitForm, team_formset
from .models import Evidence, InspectionPlan, Recommendation, RecommendationEvent

INSPECTING_KINDS = [k for k in UnitKind.values if k not in (UnitKind.GRASSROOTS, UnitKind.GUILD)]


def _inspecting_units(request: AuthedRequest):  # noqa: ANN202
    return (
        Unit.objects.writable_by(request.user)
        .active_on(today())
        .filter(kind__in=INSPECTING_KINDS)
        .order_by("name")
    )


def _team_users(unit: Unit):  # noqa: ANN202
    """Accounts a team member may be linked to: members of the inspecting unit and of the units above it."""
    on = today()
    units = [unit.pk, *(u.pk for u in unit.ancestors(on))]
    members = Membership.objects.active_on(on).filter(unit_id__in=units).values("user_id")
    return get_user_model().objects.filter(pk__in=members, is_active=True).order_by("last_name", "first_name")


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    plans = (
        plans_for(request.user)
        .select_related("unit")
        .annotate(
            n_visits=Count("visits", distinct=True),
            n_open=Count(
                "visits__recommendations", filter=~Q(visits__recommendations__status="closed"), distinct=True
            ),
        )
        .order_by("-starts_on", "-pk")
    )
    page = Paginator(plans, 50).get_page(request.GET.get("trang"))
    visible = Unit.objects.visible_to(request.user)
    pending = (
        Recommendation.objects.open()
        .filter(Q(visit__unit__in=visible) | Q(visit__plan__unit__in=visible))
        .select_related("visit__unit", "visit__plan__unit")
        .order_by("deadline", "pk")[:50]
    )
    ctx = {
        "page": page,
        "pending": pending,
        "today": today(),
        "can_create": _inspecting_units(request).exists(),
    }
    return render(request, "inspections/index.html", ctx)


def _plan_form_page(request, *, form, team, unit, plan=None, status=200) -> HttpResponse:  # noqa: ANN001
    title = plan.title if plan else _("Lập kế hoạch kiểm tra — %(u)s") % {"u": unit.name}
    ctx = {"form": form, "team": team, "unit": unit, "plan": plan, "title": title}
    return render(request, "inspections/plan_form.html", ctx, status=status)


@login_required
def plan_create(request: AuthedRequest) -> HttpResponse:
    raw = request.GET.get("don-vi", "")
    candidates = _inspecting_units(request)
    if raw.isdigit() and len(raw) <= 18:
        unit = get_unit_for_user(request, int(raw), write=True)
        if unit.kind not in INSPECTING_KINDS:
            raise Http404("Không tìm thấy đơn vị.")
    elif candidates.count() == 1:
        unit = candidates.get()
    else:
        return render(request, "inspections/choose_unit.html", {"units": candidates[:200]})
    users = _team_users(unit)
    plan = InspectionPlan(unit=unit)
    initial = {"starts_on": today(), "ends_on": today()}
    form = PlanForm(request.POST or None, instance=plan, unit=unit, initial=initial)
    team = team_formset(request.POST or None, plan=None, users=users)
    if request.method == "POST":
        if form.is_valid() and team.is_valid():
            plan = workflow.save_plan(
                plan=form.save(commit=False),
                units=form.cleaned_data["units"],
                team=team.entries(),
                user=request.user,
            )
            messages.success(request, _("Đã lập kế hoạch kiểm tra."))
            return redirect("inspections:plan", plan.pk)
        return _plan_form_page(request, form=form, team=team, unit=unit, status=400)
    return _plan_form_page(request, form=form, team=team, unit=unit)


@login_required
def plan_edit(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id, write=True)
    form = PlanForm(request.POST or None, instance=plan, unit=plan.unit)
    team = team_formset(request.POST or None, plan=plan, users=_team_users(plan.unit))
    if request.method == "POST":
        if form.is_valid() and team.is_valid():
            workflow.save_plan(
                plan=form.save(commit=False),
                units=form.cleaned_data["units"],
                team=team.entries(),
                user=request.user,
            )
            messages.success(request, _("Đã lưu kế hoạch kiểm tra."))
            return redirect("inspections:plan", plan.pk)
        return _plan_form_page(request, form=form, team=team, unit=plan.unit, plan=plan, status=400)
    return _plan_form_page(request, form=form, team=team, unit=plan.unit, plan=plan)


@login_required
def plan_detail(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id)
    visits = visits_for(request.user, plan).annotate(
        n_recs=Count("recommendations"),
        n_open=Count("recommendations", filter=~Q(recommendations__status="closed")),
    )
    writable = Unit.objects.in_scope(request.user, plan.unit_id, write=True)
    ctx = {
        "plan": plan,
        "visits": visits,
        "team": plan.team.select_related("user"),
        "writable": writable,
        "inspector": Unit.objects.in_scope(request.user, plan.unit_id),
        "can_issue": writable and can_issue(request.user, acting_unit(plan.unit, on=today())),
    }
    return render(request, "inspections/plan.html", ctx)


@login_required
@require_POST
def notice(request: AuthedRequest, plan_id: int) -> HttpResponse:
    """ "Soạn thông báo kiểm tra": the plan's notice draft (or the issued notice) on issuing's page."""
    plan = get_plan_for_user(request, plan_id, write=True)
    require_issuer(request, acting_unit(plan.unit, on=today()))
    document = workflow.create_notice_draft(plan=plan, user=request.user, on=today())
    return redirect("issuing:document", document.pk)


def _visit_page(request: AuthedRequest, visit, *, reopen_forms=None, status: int = 200) -> HttpResponse:  # noqa: ANN001
    events = RecommendationEvent.objects.select_related("actor").prefetch_related("evidence")
    recs = list(visit.recommendations.prefetch_related(Prefetch("events", queryset=events)).order_by("pk"))
    reopen_forms = reopen_forms or {}
    for rec in recs:
        rec.reopen_form = reopen_forms.get(rec.pk) or ReopenForm(prefix=f"r{rec.pk}")
        history = list(rec.events.all())
        last = history[-1] if history else None
        rec.returned = last if last and last.to_status == "open" and last.from_status else None
    decide = can_decide(request.user, visit)
    ctx = {
        "visit": visit,
        "plan": visit.plan,
        "recs": recs,
        "today": today(),
        "decide": decide,
        "answer": can_answer(request.user, visit),
        "can_issue": decide and can_issue(request.user, acting_unit(visit.plan.unit, on=today())),
        "rec_form": RecommendationForm(visit=visit),
    }
    return render(request, "inspections/visit.html", ctx, status=status)


@login_required
def visit_detail(request: AuthedRequest, visit_id: int) -> HttpResponse:
    return _visit_page(request, get_visit_for_user(request, visit_id))


@login_required
def visit_edit(request: AuthedRequest, visit_id: int) -> HttpResponse:
    visit = get_visit_for_user(request, visit_id, write=True)
    form = VisitForm(request.POST or None, instance=visit)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu biên bản kiểm tra."))
        return redirect("inspections:visit", visit.pk)
    ctx = {"form": form, "visit": visit, "title": _("Biên bản kiểm tra — %(u)s") % {"u": visit.unit.name}}
    return render(request, "inspections/form.html", ctx, status=400 if form.errors else 200)


@login_required
def recommend(request: AuthedRequest, visit_id: int) -> HttpResponse:
    visit = get_visit_for_user(request, visit_id, write=True)
    form = RecommendationForm(request.POST or None, visit=visit)
    if request.method == "POST" and form.is_valid():
        rec = workflow.add_recommendation(
            visit=visit,
            text=form.cleaned_data["text"],
            deadline=form.cleaned_data["deadline"],
            owner_name=form.cleaned_data["owner_name"],
            user=request.user,
        )
        messages.success(request, _("Đã thêm kiến nghị."))
        return redirect(reverse("inspections:visit", args=[visit.pk]) + f"#kien-nghi-{rec.pk}")
    ctx = {"form": form, "visit": visit, "title": _("Thêm kiến nghị — %(u)s") % {"u": visit.unit.name}}
    return render(request, "inspections/form.html", ctx, status=400 if form.errors else 200)


@login_required
@require_POST
def record(request: AuthedRequest, visit_id: int) -> HttpResponse:
    """ "Soạn biên bản": the visit's record draft (or the issued record) on issuing's page."""
    visit = get_visit_for_user(request, visit_id, write=True)
    require_issuer(request, acting_unit(visit.plan.unit, on=today()))
    if not visit.is_recorded:
        messages.error(request, _("Hãy ghi biên bản (kết quả kiểm tra, ngày lập) trước khi soạn văn bản."))
        return redirect("inspections:visit", visit.pk)
    document = workflow.create_record_draft(visit=visit, user=request.user, on=today())
    return redirect("issuing:document", document.pk)


@login_required
def answer(request: AuthedRequest, rec_id: int) -> HttpResponse:
    rec = get_recommendation_for_user(request, rec_id, need="answer")
    form = AnswerForm(request.POST or None, initial={"action_taken": rec.action_taken})
    if request.method == "POST" and form.is_valid():
        files = request.FILES.getlist("files")
        problems: list[str] = []
        if rec.status == Recommendation.Status.CLOSED:
            problems.append(_("Kiến nghị đã được xác nhận hoàn thành; không báo cáo thêm được."))
        elif len(files) > MAX_FILES:  # refused before any file is read
            problems.append(_("Mỗi lần gửi tối đa %(n)s tệp.") % {"n": MAX_FILES})
        else:
            problems = [p for p in (check_upload(f) for f in files) if p]
        if not problems:
            try:
                workflow.answer_recommendation(
                    recommendation=rec,
                    action_taken=form.cleaned_data["action_taken"],
                    files=files,
                    user=request.user,
                )
                messages.success(request, _("Đã gửi kết quả thực hiện kiến nghị."))
                return redirect(reverse("inspections:visit", args=[rec.visit_id]) + f"#kien-nghi-{rec.pk}")
            except workflow.WrongState as exc:
                problems.append(str(exc))
        for problem in problems:
            form.add_error(None, problem)
    ctx = {"form": form, "rec": rec, "visit": rec.visit, "max_files": MAX_FILES}
    return render(request, "inspections/answer.html", ctx, status=400 if form.errors else 200)


@login_required
@require_POST
def accept(request: AuthedRequest, rec_id: int) -> HttpResponse:
    rec = get_recommendation_for_user(request, rec_id, need="decide")
    try:
        workflow.accept_recommendation(recommendation=rec, user=request.user)
        messages.success(request, _("Đã xác nhận hoàn thành kiến nghị."))
    except workflow.WrongState as exc:
        messages.error(request, str(exc))
    return redirect(reverse("inspections:visit", args=[rec.visit_id]) + f"#kien-nghi-{rec.pk}")


@login_required
@require_POST
def reopen(request: AuthedRequest, rec_id: int) -> HttpResponse:
    rec = get_recommendation_for_user(request, rec_id, need="decide")
    form = ReopenForm(request.POST, prefix=f"r{rec.pk}")
    if form.is_valid():
        try:
            workflow.reopen_recommendation(
                recommendation=rec,
                user=request.user,
                reason=form.cleaned_data["reason"],
                deadline=form.cleaned_data["deadline"],
            )
            messages.success(request, _("Đã mở lại kiến nghị."))
            return redirect(reverse("inspections:visit", args=[rec.visit_id]) + f"#kien-nghi-{rec.pk}")
        except workflow.WrongState as exc:
            form.add_error(None, str(exc))
    visit = get_visit_for_user(request, rec.visit_id)
    return _visit_page(request, visit, reopen_forms={rec.pk: form}, status=400)


@login_required
def evidence_file(request: AuthedRequest, rec_id: int, evidence_id: int) -> FileResponse:
    """An evidence file, only to those who may read the recommendation (never a public media URL)."""
    rec = get_recommendation_for_user(request, rec_id)
    evidence = Evidence.objects.filter(recommendation=rec, pk=evidence_id).first()
    if evidence is None:
        raise Http404("Không tìm thấy tệp minh chứng.")
    return serve_stored(evidence.file, evidence.name, missing="Không còn tệp minh chứng.")
