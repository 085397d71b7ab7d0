"""Views of emulation and commendation: movements and sign-ups, proposals and the council's review, the
commendation decision, the register of awards (with its Excel export and certificates), good models."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trienkhai.core.exports import xlsx_response
from trienkhai.core.http import AuthedRequest
from trienkhai.issuing.models import OutgoingDocument
from trienkhai.lib.vn import format_date
from trienkhai.lib.xlsx import Sheet
from trienkhai.orgs.models import Unit, UnitKind, today

from . import grades, workflow
from .access import (
    can_edit_proposal,
    can_keep_file,
    get_good_model_for_user,
    get_movement_for_user,
    get_proposal_for_user,
    get_session_for_user,
    is_council,
)
from .compose import money, multiple
from .eligibility import priority_marks, quota_rows, warnings_for_many
from .forms import (
    AwardFilter,
    FileForm,
    GoodModelForm,
    MovementForm,
    ProposalForm,
    ReviewForm,
    RevokeForm,
    SessionForm,
    SignUpForm,
    VoteForm,
)
from .models import (
    AwardForm,
    BaseSalary,
    CouncilSession,
    GoodModel,
    Movement,
    Proposal,
    ProposalFile,
    Recipient,
)

PAGE = 50


def _writable(request: AuthedRequest) -> QuerySet[Unit]:
    return Unit.objects.choosable_by(request.user)


def _refused(request: HttpRequest, exc: workflow.AwardRefused) -> None:
    for problem in exc.problems:
        messages.error(request, problem)


# --------------------------------------------------------------------------------------------------
# Overview, movements and sign-ups
# --------------------------------------------------------------------------------------------------


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    on = today()
    related = Unit.objects.related_to(request.user).values("pk")
    movements = (
        Movement.objects.filter(unit__in=related)
        .select_related("unit")
        .order_by("-year", "signup_deadline")[:20]
    )
    writable = Unit.objects.writable_by(request.user).values("pk")
    to_review = (
        Proposal.objects.filter(council_unit__in=writable, status=Proposal.Status.PROPOSED)
        .select_related("form", "recipient_unit", "proposer_unit")
        .order_by("pk")[:20]
    )
    to_decide = Proposal.objects.filter(
        council_unit__in=writable, status=Proposal.Status.REVIEWED, decision__isnull=True, form__level="own"
    ).count()
    mine = (
        Proposal.objects.filter(proposer_unit__in=writable)
        .select_related("form", "recipient_unit", "decision")
        .order_by("-pk")[:20]
    )
    ctx = {
        "movements": movements,
        "to_review": to_review,
        "to_decide": to_decide,
        "mine": mine,
        "today": on,
        "can_write": _writable(request).exists(),
        "can_launch": _writable(request).exclude(kind=UnitKind.GRASSROOTS).exists(),
    }
    return render(request, "awards/index.html", ctx)


@login_required
def movement_create(request: AuthedRequest) -> HttpResponse:
    units = _writable(request).exclude(kind=UnitKind.GRASSROOTS)
    form = MovementForm(request.POST or None, units=units, initial={"year": today().year})
    if request.method == "POST" and form.is_valid():
        movement = workflow.launch_movement(movement=form.save(commit=False), user=request.user)
        messages.success(request, _("Đã phát động phong trào thi đua."))
        return redirect("awards:movement", movement.pk)
    return render(
        request,
        "awards/form.html",
        {"form": form, "title": _("Phát động phong trào thi đua")},
        status=400 if form.errors else 200,
    )


def _signup_units(request: AuthedRequest, movement: Movement) -> QuerySet[Unit]:
    children = movement.unit.children_on(today()).values("pk")
    return _writable(request).filter(pk__in=children)


@login_required
def movement_detail(request: AuthedRequest, movement_id: int, form: SignUpForm | None = None) -> HttpResponse:
    movement = get_movement_for_user(request, movement_id)
    on = today()
    units = _signup_units(request, movement)
    visible = Unit.objects.visible_to(request.user).values("pk")
    # The launching unit sees every sign-up; a unit below sees its own.
    signups = movement.signups.select_related("unit")
    launcher = Unit.objects.in_scope(request.user, movement.unit_id)
    if not launcher:
        signups = signups.filter(unit__in=visible)
    if form is None and units.exists() and movement.is_open(on):
        own = movement.signups.filter(unit__in=units.values("pk")).first()
        form = SignUpForm(
            units=units,
            initial={"unit": own.unit_id, "pledges": own.pledges} if own else {"unit": units.first()},
        )
    children = movement.unit.children_on(on).count()
    missing = (
        movement.unit.children_on(on)
        .exclude(pk__in=movement.signups.values("unit_id"))
        .order_by("name")[:200]
        if launcher
        else []
    )
    ctx = {
        "missing": missing,
        "m": movement,
        "signups": signups,
        "form": form,
        "today": on,
        "children": children,
        "launcher": launcher,
    }
    return render(
        request, "awards/movement.html", ctx, status=400 if form is not None and form.errors else 200
    )


@login_required
@require_POST
def movement_signup(request: AuthedRequest, movement_id: int) -> HttpResponse:
    movement = get_movement_for_user(request, movement_id)
    units = _signup_units(request, movement)
    if not units.exists():
        raise Http404("Không tìm thấy phong trào thi đua.")
    form = SignUpForm(request.POST, units=units)
    if not form.is_valid():
        return movement_detail(request, movement_id, form=form)
    try:
        workflow.sign_up(
            movement=movement,
            unit=form.cleaned_data["unit"],
            pledges=form.cleaned_data["pledges"],
            user=request.user,
            on=today(),
        )
    except workflow.AwardRefused as exc:
        form.add_error(None, " ".join(exc.problems))
        return movement_detail(request, movement_id, form=form)
    messages.success(request, _("Đã ghi đăng ký thi đua."))
    return redirect("awards:movement", movement.pk)


# --------------------------------------------------------------------------------------------------
# Proposals and the council
# --------------------------------------------------------------------------------------------------


@login_required
def proposal_list(request: AuthedRequest) -> HttpResponse:
    proposals = Proposal.objects.visible_to(request.user).select_related(
        "form", "recipient_unit", "council_unit", "proposer_unit", "decision"
    )
    show = request.GET.get("loc", "")
    if show == "cho-xet":
        proposals = proposals.filter(status=Proposal.Status.PROPOSED)
    elif show == "da-xet":
        proposals = proposals.filter(status=Proposal.Status.REVIEWED, decision__isnull=True)
    elif show == "khong":
        proposals = proposals.filter(status=Proposal.Status.REJECTED)
    page = Paginator(proposals.order_by("-year", "-pk"), PAGE).get_page(request.GET.get("trang"))
    return render(request, "awards/proposals.html", {"page": page, "show": show})


def _warn(request: HttpRequest, proposal: Proposal) -> None:
    for w in workflow.proposal_warnings(proposal):
        messages.warning(request, w.text)


@login_required
def proposal_create(request: AuthedRequest) -> HttpResponse:
    initial = {"year": today().year - (1 if today().month < 7 else 0), "recipient": Recipient.UNIT}
    form = ProposalForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = workflow.propose(proposal=form.save(commit=False), user=request.user)
        except workflow.AwardRefused as exc:
            form.add_error("form", " ".join(exc.problems))
        else:
            messages.success(request, _("Đã gửi đề nghị khen thưởng."))
            _warn(request, proposal)
            return redirect("awards:proposal", proposal.pk)
    return render(
        request,
        "awards/form.html",
        {"form": form, "title": _("Đề nghị khen thưởng"), "quotas": _quotas(form)},
        status=400 if form.errors else 200,
    )


def _quotas(form: ProposalForm) -> list[dict]:
    """The quotas of the forms that have one, for the proposer and council being chosen (shown while
    proposing, Quy chế TLĐ)."""
    data = form.data if form.is_bound else form.initial
    try:
        proposer, council = int(data.get("proposer_unit") or 0), int(data.get("council_unit") or 0)
        year = int(data.get("year") or today().year)
    except (TypeError, ValueError):
        return []
    out = []
    capped = AwardForm.objects.filter(active=True).filter(
        Q(yearly_quota__isnull=False) | Q(proposer_quota__isnull=False)
    )
    for award_form in capped:
        for what, used, cap in quota_rows(
            award_form, council_unit_id=council, proposer_unit_id=proposer, year=year
        ):
            out.append(
                {
                    "form": award_form.name,
                    "what": what,
                    "used": used,
                    "cap": cap,
                    "source": award_form.quota_source,
                    "year": year,
                }
            )
    return out


@login_required
def proposal_edit(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    proposal = get_proposal_for_user(request, proposal_id)
    if not Unit.objects.in_scope(request.user, proposal.proposer_unit_id, write=True):
        raise Http404("Không tìm thấy đề nghị khen thưởng.")
    if not proposal.editable:
        messages.error(request, _("Đề nghị đã được xét hoặc đã khen thưởng, không sửa được."))
        return redirect("awards:proposal", proposal.pk)
    form = ProposalForm(request.POST or None, instance=proposal, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.update_proposal(proposal=form.save(commit=False), user=request.user)
        except workflow.AwardRefused as exc:
            form.add_error(None, " ".join(exc.problems))
        else:
            messages.success(request, _("Đã lưu đề nghị."))
            _warn(request, proposal)
            return redirect("awards:proposal", proposal.pk)
    return render(
        request,
        "awards/form.html",
        {"form": form, "title": _("Sửa đề nghị khen thưởng")},
        status=400 if form.errors else 200,
    )


@login_required
def proposal_detail(request: AuthedRequest, proposal_id: int, **forms) -> HttpResponse:
    proposal = get_proposal_for_user(request, proposal_id)
    council = is_council(request, proposal)
    grade = grades.published_grades([proposal.recipient_unit_id], proposal.year).get(
        proposal.recipient_unit_id
    )
    ctx = {
        "p": proposal,
        "warnings": [] if proposal.is_decided else workflow.proposal_warnings(proposal),
        "events": proposal.events.select_related("user"),
        "council": council,
        "can_edit": can_edit_proposal(request, proposal),
        "review_form": forms.get("review_form") or ReviewForm(),
        "revoke_form": forms.get("revoke_form") or RevokeForm(),
        "file_form": forms.get("file_form") or FileForm(),
        "files": _file_rows(proposal),
        "can_keep_file": can_keep_file(request, proposal) and proposal.decision_id is None,
        "marks": priority_marks(proposal),
        "money": _money_of(proposal),
        "result_url": grades.result_url(proposal.recipient_unit_id, proposal.year),
        "grade": grades.grade_label(grade) if grade else "",
    }
    return render(request, "awards/proposal.html", ctx, status=400 if forms else 200)


def _file_rows(proposal: Proposal) -> list[dict]:
    states = {f.slot: f for f in proposal.files.all()}
    labels = dict(ProposalFile.Slot.choices)
    rows = []
    for slot in workflow.needed_slots(proposal):
        item = states.get(slot)
        rows.append(
            {
                "slot": slot,
                "label": labels[slot],
                "state": item.get_state_display() if item else ProposalFile.State.MISSING.label,
                "ok": item is not None and item.state == ProposalFile.State.ACCEPTED,
                "reference": item.reference if item else "",
            }
        )
    return rows


def _money_of(proposal: Proposal) -> dict:
    """The money of the award: fixed in the decision, else what it would be today (Nghị định 98/2023)."""
    factor = (
        proposal.money_multiple
        if proposal.money_multiple is not None
        else proposal.form.multiple_for(proposal.recipient)
    )
    if factor is None:
        return {}
    amount = proposal.money_amount
    salary = BaseSalary.on(today())
    if amount is None and salary is not None:
        amount = int(round(factor * salary.amount))
    return {"multiple": multiple(factor), "amount": money(amount), "source": proposal.form.money_source}


@login_required
@require_POST
def proposal_file(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    proposal = get_proposal_for_user(request, proposal_id)
    if not can_keep_file(request, proposal):
        raise Http404("Không tìm thấy đề nghị khen thưởng.")
    form = FileForm(request.POST)
    if not form.is_valid():
        return proposal_detail(request, proposal_id, file_form=form)
    try:
        workflow.set_file(
            proposal=proposal,
            slot=form.cleaned_data["slot"],
            state=form.cleaned_data["state"],
            reference=form.cleaned_data["reference"],
            user=request.user,
        )
    except workflow.AwardRefused as exc:
        form.add_error(None, " ".join(exc.problems))
        return proposal_detail(request, proposal_id, file_form=form)
    messages.success(request, _("Đã cập nhật hồ sơ đề nghị."))
    return redirect("awards:proposal", proposal.pk)


@login_required
@require_POST
def proposal_review(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    proposal = get_proposal_for_user(request, proposal_id, as_council=True)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return proposal_detail(request, proposal_id, review_form=form)
    verdict, note = form.cleaned_data["verdict"], form.cleaned_data["note"]
    try:
        if verdict == "note":
            workflow.note_proposal(proposal=proposal, user=request.user, note=note)
        else:
            workflow.review_proposal(
                proposal=proposal, user=request.user, approve=verdict == "approve", note=note
            )
    except workflow.AwardRefused as exc:
        form.add_error(None, " ".join(exc.problems))
        return proposal_detail(request, proposal_id, review_form=form)
    messages.success(request, _("Đã ghi ý kiến của Hội đồng."))
    return redirect("awards:proposal", proposal.pk)


@login_required
@require_POST
def proposal_forward(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    proposal = get_proposal_for_user(request, proposal_id, as_council=True)
    try:
        workflow.forward_proposal(
            proposal=proposal, user=request.user, note=request.POST.get("note", ""), on=today()
        )
    except workflow.AwardRefused as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Đã trình đề nghị lên cấp trên."))
    return redirect("awards:proposal", proposal.pk)


@login_required
@require_POST
def proposal_revoke(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    proposal = get_proposal_for_user(request, proposal_id, as_council=True)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        return proposal_detail(request, proposal_id, revoke_form=form)
    try:
        workflow.revoke_award(
            proposal=proposal,
            user=request.user,
            reason=form.cleaned_data["reason"],
            ground=form.cleaned_data["ground"],
            recover=form.cleaned_data["recover"],
        )
    except workflow.AwardRefused as exc:
        form.add_error(None, " ".join(exc.problems))
        return proposal_detail(request, proposal_id, revoke_form=form)
    messages.success(request, _("Đã thu hồi khen thưởng."))
    return redirect("awards:proposal", proposal.pk)


@login_required
def certificate(request: AuthedRequest, proposal_id: int) -> HttpResponse:
    proposal = get_proposal_for_user(request, proposal_id)
    if not proposal.is_decided or proposal.is_revoked:
        raise Http404("Chưa có giấy khen.")
    return render(request, "awards/certificate.html", {"p": proposal, "d": proposal.decision})


# --------------------------------------------------------------------------------------------------
# The council's sessions
# --------------------------------------------------------------------------------------------------


@login_required
def sessions(request: AuthedRequest) -> HttpResponse:
    """The sessions of the councils the user sees, and a new session for a council the user holds."""
    councils = _writable(request).exclude(kind=UnitKind.GRASSROOTS)
    initial = {
        "year": today().year - (1 if today().month < 7 else 0),
        "held_on": today(),
        "unit": councils.first(),
    }
    form = SessionForm(request.POST or None, units=councils, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = workflow.open_session(
                unit=data["unit"],
                year=data["year"],
                held_on=data["held_on"],
                chair=data["chair"],
                members_total=data["members_total"],
                members_present=data["members_present"],
                user=request.user,
            )
        except workflow.AwardRefused as exc:
            form.add_error(None, " ".join(exc.problems))
        else:
            messages.success(request, _("Đã mở phiên họp Hội đồng."))
            return redirect("awards:session", session.pk)
    visible = Unit.objects.visible_to(request.user).values("pk")
    listed = CouncilSession.objects.filter(unit__in=visible).select_related("unit", "minutes")[:50]
    ctx = {"sessions": listed, "form": form, "can_open": councils.exists()}
    return render(request, "awards/sessions.html", ctx, status=400 if form.errors else 200)


def _waiting(session: CouncilSession) -> QuerySet[Proposal]:
    return Proposal.objects.filter(
        council_unit=session.unit, year=session.year, status=Proposal.Status.PROPOSED
    ).select_related("form", "recipient_unit")


@login_required
def session_detail(
    request: AuthedRequest, session_id: int, vote_form: VoteForm | None = None
) -> HttpResponse:
    session = get_session_for_user(request, session_id)
    holder = Unit.objects.in_scope(request.user, session.unit_id, write=True)
    open_ = session.state == CouncilSession.State.OPEN
    waiting = list(_waiting(session)[:200]) if open_ else []
    rows = [{"p": p, "missing": workflow.missing_files(p), "marks": priority_marks(p)} for p in waiting]
    if vote_form is None and holder and open_:
        vote_form = VoteForm(proposals=_waiting(session), initial={"agree": len(session.present)})
    ctx = {
        "s": session,
        "votes": session.votes.select_related("proposal__form", "proposal__recipient_unit"),
        "rows": rows,
        "vote_form": vote_form if holder and open_ else None,
        "holder": holder,
    }
    return render(
        request, "awards/session.html", ctx, status=400 if vote_form is not None and vote_form.errors else 200
    )


@login_required
@require_POST
def session_vote(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = get_session_for_user(request, session_id, write=True)
    if session.state != CouncilSession.State.OPEN:
        messages.error(request, _("Phiên họp đã kết thúc."))
        return redirect("awards:session", session.pk)
    form = VoteForm(request.POST, proposals=_waiting(session))
    if not form.is_valid():
        return session_detail(request, session_id, vote_form=form)
    data = form.cleaned_data
    try:
        workflow.record_vote(
            session=session,
            proposal=data["proposal"],
            agree=data["agree"],
            disagree=data["disagree"],
            abstain=data["abstain"],
            user=request.user,
        )
    except workflow.AwardRefused as exc:
        form.add_error(None, " ".join(exc.problems))
        return session_detail(request, session_id, vote_form=form)
    messages.success(request, _("Đã ghi kết quả biểu quyết."))
    return redirect("awards:session", session.pk)


@login_required
@require_POST
def session_close(request: AuthedRequest, session_id: int) -> HttpResponse:
    session = get_session_for_user(request, session_id, write=True)
    try:
        document = workflow.close_session(session=session, user=request.user, on=today())
    except workflow.AwardRefused as exc:
        _refused(request, exc)
        return redirect("awards:session", session.pk)
    messages.success(request, _("Đã lập dự thảo biên bản họp Hội đồng: kiểm tra rồi ban hành để cấp số."))
    return redirect("issuing:document", document.pk)


# --------------------------------------------------------------------------------------------------
# The commendation decision
# --------------------------------------------------------------------------------------------------


@login_required
def decision_create(request: AuthedRequest) -> HttpResponse:
    """Pick the approved proposals of one council unit and draft its commendation decision."""
    councils = _writable(request).exclude(kind=UnitKind.GRASSROOTS)
    ready = (
        Proposal.objects.filter(council_unit__in=councils.values("pk"), status=Proposal.Status.REVIEWED)
        .filter(decision__isnull=True, form__level="own")
        .select_related("form", "recipient_unit", "council_unit")
        .order_by("council_unit__name", "year", "form__position", "pk")
    )
    if request.method == "POST":
        ids = [int(x) for x in request.POST.getlist("de_nghi") if x.isdigit()]
        chosen = list(ready.filter(pk__in=ids))
        units = {p.council_unit_id for p in chosen}
        years = {p.year for p in chosen}
        if not chosen:
            messages.error(request, _("Hãy chọn ít nhất một đề nghị đã được Hội đồng xét, đồng ý."))
        elif len(units) > 1 or len(years) > 1:
            messages.error(request, _("Một quyết định chỉ gồm đề nghị của một đơn vị xét và một năm."))
        else:
            try:
                document = workflow.create_decision_draft(
                    unit=chosen[0].council_unit,
                    proposals=chosen,
                    user=request.user,
                    on=today(),
                    year=years.pop(),
                )
            except workflow.AwardRefused as exc:
                _refused(request, exc)
            else:
                messages.success(
                    request, _("Đã lập dự thảo quyết định khen thưởng: sửa nếu cần, rồi ban hành để cấp số.")
                )
                return redirect("issuing:document", document.pk)
        status = 400
    else:
        status = 200
    shown = list(ready[:200])
    warnings: dict[int, list] = {}
    for year in {p.year for p in shown}:
        same = [p for p in shown if p.year == year]
        rows_in = [(p.form, p.recipient, p.recipient_unit_id, p.recipient_unit.name) for p in same]
        warnings.update(zip([p.pk for p in same], warnings_for_many(rows_in, year=year), strict=True))
    rows = [(p, warnings[p.pk]) for p in shown]
    decisions = OutgoingDocument.objects.filter(
        kind=OutgoingDocument.Kind.DECISION, unit__in=councils.values("pk")
    ).order_by("-pk")[:20]
    ctx = {"rows": rows, "decisions": decisions}
    return render(request, "awards/decision_create.html", ctx, status=status)


# --------------------------------------------------------------------------------------------------
# The register of awards
# --------------------------------------------------------------------------------------------------


def _awards(request: AuthedRequest) -> AwardFilter:
    awards = (
        Proposal.objects.visible_to(request.user)
        .decided()
        .select_related("form", "recipient_unit", "council_unit", "decision")
        .order_by("-year", "decision__issued_on", "pk")
    )
    return AwardFilter(request.GET or None, queryset=awards)


@login_required
def register(request: AuthedRequest) -> HttpResponse:
    filtered = _awards(request)
    page = Paginator(filtered.qs, PAGE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "awards/register.html",
        {"filter": filtered, "page": page, "query": query.urlencode()},
        status=400 if filtered.errors else 200,
    )


@login_required
def register_xlsx(request: AuthedRequest) -> HttpResponse:
    filtered = _awards(request)
    rows = [
        [
            p.year,
            p.recipient_name,
            p.get_recipient_display(),
            p.person_position,
            p.recipient_unit.name,
            p.form.name,
            p.achievements,
            p.decision.number,
            format_date(p.decision.issued_on),
            p.council_unit.name,
            _("Đã thu hồi: %(r)s") % {"r": p.revoke_reason} if p.is_revoked else "",
        ]
        for p in filtered.qs[:20000]
    ]
    sheet = Sheet(
        name="Khen thưởng",
        title=_("SỔ KHEN THƯỞNG"),
        headers=[
            _("Năm"),
            _("Tập thể, cá nhân"),
            _("Loại"),
            _("Chức vụ"),
            _("Đơn vị"),
            _("Hình thức"),
            _("Thành tích"),
            _("Số quyết định"),
            _("Ngày quyết định"),
            _("Cấp quyết định"),
            _("Ghi chú"),
        ],
        rows=rows,
        widths=[7, 32, 10, 24, 36, 24, 50, 16, 14, 32, 30],
    )
    return xlsx_response([sheet], "so-khen-thuong.xlsx")


# --------------------------------------------------------------------------------------------------
# Good models
# --------------------------------------------------------------------------------------------------


@login_required
def good_models(request: AuthedRequest) -> HttpResponse:
    items = GoodModel.objects.visible_to(request.user).select_related("unit", "federation")
    show = request.GET.get("loc", "")
    if show == "cho-cong-bo":
        items = items.filter(status=GoodModel.Status.PROPOSED)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        items = items.filter(Q(title__icontains=q) | Q(summary__icontains=q))
    page = Paginator(items, PAGE).get_page(request.GET.get("trang"))
    return render(
        request,
        "awards/good_models.html",
        {"page": page, "show": show, "q": q, "can_write": _writable(request).exists()},
    )


@login_required
def good_model_create(request: AuthedRequest) -> HttpResponse:
    form = GoodModelForm(request.POST or None, units=_writable(request), initial={"year": today().year})
    if request.method == "POST" and form.is_valid():
        item = workflow.propose_good_model(item=form.save(commit=False), user=request.user, on=today())
        messages.success(request, _("Đã gửi mô hình; liên đoàn cấp trên xem xét để công bố."))
        return redirect("awards:good_model", item.pk)
    return render(
        request,
        "awards/form.html",
        {"form": form, "title": _("Đề xuất mô hình hay, cách làm hiệu quả")},
        status=400 if form.errors else 200,
    )


@login_required
def good_model_detail(request: AuthedRequest, model_id: int) -> HttpResponse:
    item = get_good_model_for_user(request, model_id)
    can_publish = item.status == GoodModel.Status.PROPOSED and Unit.objects.in_scope(
        request.user, item.federation_id, write=True
    )
    return render(request, "awards/good_model.html", {"m": item, "can_publish": can_publish})


@login_required
@require_POST
def good_model_publish(request: AuthedRequest, model_id: int) -> HttpResponse:
    item = get_good_model_for_user(request, model_id, publish=True)
    try:
        workflow.publish_good_model(item=item, user=request.user)
    except workflow.AwardRefused as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Đã công bố mô hình cho các đơn vị trực thuộc."))
    return redirect("awards:good_model", item.pk)
