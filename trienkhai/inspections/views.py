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

from . import rules, workflow
from .access import (
    can_answer,
    can_decide,
    get_case_for_user,
    get_committee_for_user,
    get_plan_for_user,
    get_recommendation_for_user,
    get_visit_for_user,
    plans_for,
    visits_for,
)
from .forms import (
    MAX_FILES,
    AnswerForm,
    CommitteeForm,
    CommitteeFormSet,
    ConclusionForm,
    DisciplineDecideForm,
    DisciplineOpenForm,
    PersonVisitForm,
    PlanForm,
    RecommendationForm,
    ReopenForm,
    VisitFinanceForm,
    VisitForm,
    team_formset,
)
from .models import Committee, DisciplineCase, Evidence, InspectionPlan, Recommendation, RecommendationEvent

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
    committee = workflow.committee_of(unit, on=today())
    initial = {"starts_on": today(), "ends_on": today(), "committee": committee.pk if committee else None}
    form = PlanForm(request.POST or None, instance=plan, unit=unit, initial=initial)
    team = team_formset(request.POST or None, plan=None, users=users, unit=unit)
    if request.method == "POST":
        if form.is_valid() and team.is_valid():
            try:
                plan = workflow.save_plan(
                    plan=form.save(commit=False),
                    units=form.cleaned_data["units"],
                    team=team.entries(),
                    user=request.user,
                )
            except workflow.RuleBroken as exc:
                form.add_error(None, str(exc))
            else:
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
            try:
                workflow.save_plan(
                    plan=form.save(commit=False),
                    units=form.cleaned_data["units"],
                    team=team.entries(),
                    user=request.user,
                )
            except workflow.RuleBroken as exc:
                form.add_error(None, str(exc))
            else:
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
    inspector = Unit.objects.in_scope(request.user, plan.unit_id)
    ctx = {
        "plan": plan,
        "rule": plan.rule,
        "visits": visits,
        "team": plan.team.select_related("user", "committee_member"),
        "writable": writable,
        "cases": plan.discipline_cases.select_related("unit") if inspector else [],
        "person_form": PersonVisitForm(plan=plan) if writable and _allows_persons(plan) else None,
        "inspector": inspector,
        "can_issue": writable and can_issue(request.user, acting_unit(plan.unit, on=today())),
    }
    return render(request, "inspections/plan.html", ctx)


def _allows_persons(plan: InspectionPlan) -> bool:
    return plan.rule.allows(rules.OFFICER) or plan.rule.allows(rules.MEMBER)


@login_required
@require_POST
def decision(request: AuthedRequest, plan_id: int) -> HttpResponse:
    """ "Soạn quyết định kiểm tra": the plan's decision draft (or the issued one) on issuing's page."""
    plan = get_plan_for_user(request, plan_id, write=True)
    require_issuer(request, acting_unit(plan.unit, on=today()))
    document = workflow.create_decision_draft(plan=plan, user=request.user, on=today())
    return redirect("issuing:document", document.pk)


@login_required
def conclude(request: AuthedRequest, plan_id: int) -> HttpResponse:
    """The conclusion's text, then its draft (thông báo kết luận) on issuing's page."""
    plan = get_plan_for_user(request, plan_id, write=True)
    form = ConclusionForm(request.POST or None, initial={"text": plan.conclusion_text})
    if request.method == "POST" and form.is_valid():
        require_issuer(request, acting_unit(plan.unit, on=today()))
        try:
            document = workflow.create_conclusion_draft(
                plan=plan, text=form.cleaned_data["text"], user=request.user, on=today()
            )
            return redirect("issuing:document", document.pk)
        except workflow.RuleBroken as exc:
            form.add_error(None, str(exc))
    ctx = {
        "form": form,
        "plan": plan,
        "title": _("%(t)s — %(p)s") % {"t": plan.rule.conclusion_title, "p": plan.title},
    }
    return render(request, "inspections/form.html", ctx, status=400 if form.errors else 200)


@login_required
def person_visit(request: AuthedRequest, plan_id: int) -> HttpResponse:
    """Add an officer or member to inspect (processes that allow persons)."""
    plan = get_plan_for_user(request, plan_id, write=True)
    if not _allows_persons(plan):
        raise Http404("Loại kiểm tra này không áp dụng cho cá nhân.")
    form = PersonVisitForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = workflow.add_person_visit(
                plan=plan,
                target=data["target"],
                unit=data["unit"],
                person_name=data["person_name"],
                person_position=data["person_position"],
                member=data["member"],
            )
            messages.success(request, _("Đã thêm đối tượng kiểm tra."))
            return redirect("inspections:visit", visit.pk)
        except workflow.RuleBroken as exc:
            form.add_error(None, str(exc))
    ctx = {
        "form": form,
        "plan": plan,
        "title": _("Thêm cán bộ, đoàn viên được kiểm tra — %(p)s") % {"p": plan.title},
    }
    return render(request, "inspections/form.html", ctx, status=400 if form.errors else 200)


@login_required
def visit_finance(request: AuthedRequest, visit_id: int) -> HttpResponse:
    """The figures of a finance inspection at one unit."""
    visit = get_visit_for_user(request, visit_id, write=True)
    if visit.plan.process != rules.FINANCE:
        raise Http404("Không phải cuộc kiểm tra tài chính.")
    initial = {} if visit.fin_year else {"fin_year": visit.visit_on.year - 1}
    form = VisitFinanceForm(request.POST or None, instance=visit, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu số liệu tài chính."))
        return redirect("inspections:visit", visit.pk)
    ctx = {"form": form, "visit": visit, "title": _("Số liệu tài chính — %(u)s") % {"u": visit.target_name}}
    return render(request, "inspections/form.html", ctx, status=400 if form.errors else 200)


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


# --- The Ủy ban kiểm tra (Điều lệ CĐVN 2020 Điều 29) -----------------------------------------------------


@login_required
def committees(request: AuthedRequest) -> HttpResponse:
    items = (
        Committee.objects.filter(unit__in=Unit.objects.visible_to(request.user))
        .select_related("unit")
        .prefetch_related("members")
        .order_by("unit__name", "-term_start")[:200]
    )
    ctx = {"committees": items, "units": _inspecting_units(request)[:200], "article": rules.COMMITTEE_ARTICLE}
    return render(request, "inspections/committees.html", ctx)


def _committee_page(request, *, form, members, unit, committee=None, status=200) -> HttpResponse:  # noqa: ANN001
    ctx = {
        "form": form,
        "members": members,
        "unit": unit,
        "committee": committee,
        "article": rules.COMMITTEE_ARTICLE,
    }
    return render(request, "inspections/committee_form.html", ctx, status=status)


def _save_committee(request, *, form, members, unit, committee=None) -> HttpResponse:  # noqa: ANN001
    if form.is_valid() and members.is_valid():
        try:
            saved = workflow.save_committee(committee=form.save(commit=False), members=members.entries())
        except workflow.RuleBroken as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu ủy ban kiểm tra."))
            return redirect("inspections:committee", saved.pk)
    return _committee_page(request, form=form, members=members, unit=unit, committee=committee, status=400)


@login_required
def committee_create(request: AuthedRequest) -> HttpResponse:
    raw = request.GET.get("don-vi", "")
    if not (raw.isdigit() and len(raw) <= 18):
        return redirect("inspections:committees")  # the list offers the user's units to choose from
    unit = get_unit_for_user(request, int(raw), write=True)
    form = CommitteeForm(request.POST or None, instance=Committee(unit=unit))
    members = CommitteeFormSet(request.POST or None, prefix="uv")
    if request.method == "POST":
        return _save_committee(request, form=form, members=members, unit=unit)
    return _committee_page(request, form=form, members=members, unit=unit)


@login_required
def committee_detail(request: AuthedRequest, committee_id: int) -> HttpResponse:
    """The committee and its members; a writer of its union edits it here."""
    committee = get_committee_for_user(request, committee_id)
    writable = Unit.objects.in_scope(request.user, committee.unit_id, write=True)
    if request.method == "POST" and not writable:
        raise Http404("Không tìm thấy ủy ban kiểm tra.")
    initial = [
        {"name": m.name, "position": m.position, "role": m.role, "on_bch": m.on_bch}
        for m in committee.members.all()
    ]
    form = CommitteeForm(request.POST or None, instance=committee)
    members = CommitteeFormSet(request.POST or None, prefix="uv", initial=initial)
    if request.method == "POST":
        return _save_committee(request, form=form, members=members, unit=committee.unit, committee=committee)
    if not writable:
        ctx = {
            "committee": committee,
            "members_list": committee.members.all(),
            "article": rules.COMMITTEE_ARTICLE,
        }
        return render(request, "inspections/committee.html", ctx)
    return _committee_page(request, form=form, members=members, unit=committee.unit, committee=committee)


# --- Discipline (684/QĐ-TLĐ quy trình 5; QĐ 5130/QĐ-TLĐ) --------------------------------------------------


@login_required
def discipline_create(request: AuthedRequest, plan_id: int) -> HttpResponse:
    """A discipline case opened from an inspection plan (its union handles the case)."""
    plan = get_plan_for_user(request, plan_id, write=True)
    form = DisciplineOpenForm(request.POST or None, authority=plan.unit, initial={"opened_on": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = workflow.open_discipline(
            authority=plan.unit,
            plan=plan,
            target=data["target"],
            unit=data["unit"],
            person_name=data["person_name"],
            person_position=data["person_position"],
            violation=data["violation"],
            opened_on=data["opened_on"],
            user=request.user,
        )
        messages.success(request, _("Đã mở vụ việc kỷ luật."))
        return redirect("inspections:discipline", case.pk)
    ctx = {"form": form, "plan": plan, "title": _("Xem xét kỷ luật — %(p)s") % {"p": plan.title}}
    return render(request, "inspections/form.html", ctx, status=400 if form.errors else 200)


@login_required
def discipline_detail(request: AuthedRequest, case_id: int) -> HttpResponse:
    """The case; a writer of its union records the decision (form, date, number, end of effect)."""
    case = get_case_for_user(request, case_id)
    writable = Unit.objects.in_scope(request.user, case.authority_id, write=True)
    form = DisciplineDecideForm(request.POST or None, initial={"decided_on": today()})
    if request.method == "POST":
        if not writable:
            raise Http404("Không tìm thấy vụ việc kỷ luật.")
        if form.is_valid():
            data = form.cleaned_data
            try:
                workflow.decide_discipline(
                    case=case,
                    form=data["form"],
                    decided_on=data["decided_on"],
                    decision_ref=data["decision_ref"],
                    effective_until=data["effective_until"],
                )
                messages.success(request, _("Đã ghi quyết định."))
                return redirect("inspections:discipline", case.pk)
            except workflow.RuleBroken as exc:
                form.add_error(None, str(exc))
    allowed = [rules.DISCIPLINE_FORMS[f] for f in rules.FORMS_BY_TARGET.get(case.target, ())]
    ctx = {
        "case": case,
        "form": form if writable and case.status == DisciplineCase.Status.OPEN else None,
        "allowed": allowed,
        "article": rules.DISCIPLINE_ARTICLE,
        "effect_article": rules.EFFECT_ARTICLE,
    }
    return render(request, "inspections/discipline.html", ctx, status=400 if form.errors else 200)
