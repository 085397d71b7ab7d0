"""Pages of the annual evaluation: criteria sets, self-assessment, moderation, ranking and export."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trienkhai.core.exports import xlsx_response
from trienkhai.core.http import AuthedRequest
from trienkhai.core.pwa import offline_ready
from trienkhai.core.uploads import serve_stored
from trienkhai.lib.xlsx import DECIMAL_FORMAT, Sheet
from trienkhai.orgs.models import Membership, Unit, UnitKind, today
from trienkhai.reports.models import ReportForm

from . import workflow
from .access import can_moderate, get_evaluation_for_user, get_set_for_user, visible_sets
from .forms import CopyForm, CriterionForm, OpenForm, RulesForm, SetForm, parse_points
from .models import FROZEN_MESSAGE, CriteriaSet, Criterion, Evaluation, FrozenSetError
from .ranking import BY_PARENT, BY_SECTOR, ranking
from .scoring import format_points
from .workflow import ZERO, EvaluationConflict, EvaluationError, ModerationEntry, SelfEntry

S = Evaluation.Status
UPPER_KINDS = [k for k in UnitKind.values if k not in (UnitKind.GRASSROOTS, UnitKind.GUILD)]


def _error(request: HttpRequest, exc: Exception) -> None:
    for text in getattr(exc, "messages", [str(exc)]):
        messages.error(request, text)


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    own = Membership.objects.own_unit_ids(request.user)
    mine = (
        Evaluation.objects.filter(unit_id__in=own)
        .select_related("unit", "criteria_set")
        .order_by("-year")[:20]
    )
    waiting = Evaluation.objects.filter(status=S.SUBMITTED, parent__in=Unit.objects.writable_by(request.user))
    to_moderate = waiting.select_related("unit", "parent").order_by("submitted_at")[:20]
    sets = visible_sets(request.user).select_related("owner").order_by("-year", "owner__name")
    can_create = Unit.objects.writable_by(request.user).filter(kind__in=UPPER_KINDS).exists()
    ctx = {
        "mine": mine,
        "to_moderate": to_moderate,
        "waiting": waiting.count(),
        "sets": sets,
        "can_create": can_create,
    }
    return render(request, "evaluations/index.html", ctx)


@login_required
def set_create(request: AuthedRequest) -> HttpResponse:
    units = Unit.objects.writable_by(request.user).filter(kind__in=UPPER_KINDS).active_on(today())
    form = SetForm(request.POST or None, units=units, initial={"year": today().year})
    if request.method == "POST" and form.is_valid():
        criteria_set = workflow.create_set(criteria_set=form.save(commit=False), user=request.user)
        messages.success(request, _("Đã tạo bộ tiêu chí; hãy thêm nhóm, tiêu chí và ngưỡng xếp loại."))
        return redirect("evaluations:set", criteria_set.pk)
    ctx = {"form": form, "title": _("Bộ tiêu chí mới")}
    return render(request, "evaluations/form.html", ctx, status=400 if form.errors else 200)


@login_required
def set_detail(request: AuthedRequest, set_id: int) -> HttpResponse:
    criteria_set = get_set_for_user(request, set_id)
    groups = criteria_set.groups.prefetch_related("criteria__form")
    writable = Unit.objects.in_scope(request.user, criteria_set.owner_id, write=True)
    counts = {
        s: criteria_set.evaluations.filter(status=s).count()
        for s in (S.DRAFT, S.SUBMITTED, S.MODERATED, S.PUBLISHED)
    }
    ctx = {
        "set": criteria_set,
        "groups": groups,
        "bands": criteria_set.bands.all(),
        "max_total": criteria_set.max_total(),
        "writable": writable,
        "counts": counts,
        "status_labels": dict(S.choices),
        "open_form": OpenForm(initial={"due_on": criteria_set.due_on}),
        "copy_form": CopyForm(initial={"year": criteria_set.year + 1}),
        "problems": workflow.check_set(criteria_set) if not criteria_set.is_frozen else [],
    }
    return render(request, "evaluations/set.html", ctx)


def _frozen(request: HttpRequest, criteria_set: CriteriaSet) -> HttpResponse:
    """The answer to a change posted to a frozen set (frozen before the page, or meanwhile): 409."""
    messages.error(request, str(FROZEN_MESSAGE))
    return render(request, "evaluations/frozen.html", {"set": criteria_set}, status=409)


def _refuse_frozen(request: HttpRequest, criteria_set: CriteriaSet) -> HttpResponse | None:
    if criteria_set.is_frozen:
        if request.method == "POST":
            return _frozen(request, criteria_set)
        messages.error(request, str(FROZEN_MESSAGE))
        return redirect("evaluations:set", criteria_set.pk)
    return None


@login_required
def set_edit(request: AuthedRequest, set_id: int) -> HttpResponse:
    criteria_set = get_set_for_user(request, set_id, write=True)
    refused = _refuse_frozen(request, criteria_set)
    if refused:
        return refused
    form = RulesForm(request.POST or None, instance=criteria_set)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.save_rules(
                criteria_set=form.save(commit=False),
                bands=form.bands(),
                new_group=form.cleaned_data["new_group"],
            )
        except FrozenSetError:  # frozen by someone else meanwhile
            return _frozen(request, criteria_set)
        messages.success(request, _("Đã lưu bộ tiêu chí."))
        return redirect("evaluations:set", criteria_set.pk)
    ctx = {"form": form, "title": _("Sửa bộ tiêu chí và quy tắc xếp loại"), "set": criteria_set}
    return render(request, "evaluations/form.html", ctx, status=400 if form.errors else 200)


def _report_forms(request: AuthedRequest) -> QuerySet[ReportForm]:
    return ReportForm.objects.filter(
        plan__owner_unit__in=Unit.objects.related_to(request.user)
    ).select_related("plan")


def _criterion_form(
    request: AuthedRequest, criteria_set: CriteriaSet, criterion: Criterion | None
) -> HttpResponse:
    refused = _refuse_frozen(request, criteria_set)
    if refused:
        return refused
    form = CriterionForm(
        request.POST or None,
        instance=criterion,
        criteria_set=criteria_set,
        report_forms=_report_forms(request),
    )
    if request.method == "POST" and form.is_valid():
        try:
            workflow.save_criterion(criterion=form.save(commit=False))
        except FrozenSetError:
            return _frozen(request, criteria_set)
        messages.success(request, _("Đã lưu tiêu chí."))
        return redirect("evaluations:set", criteria_set.pk)
    title = _("Sửa tiêu chí") if criterion else _("Thêm tiêu chí")
    ctx = {"form": form, "title": title, "set": criteria_set}
    return render(request, "evaluations/form.html", ctx, status=400 if form.errors else 200)


@login_required
def criterion_create(request: AuthedRequest, set_id: int) -> HttpResponse:
    criteria_set = get_set_for_user(request, set_id, write=True)
    return _criterion_form(request, criteria_set, None)


@login_required
def criterion_edit(request: AuthedRequest, set_id: int, criterion_id: int) -> HttpResponse:
    criteria_set = get_set_for_user(request, set_id, write=True)
    criterion = Criterion.objects.filter(pk=criterion_id, group__criteria_set=criteria_set).first()
    if criterion is None:
        raise Http404
    return _criterion_form(request, criteria_set, criterion)


@login_required
@require_POST
def criterion_delete(request: AuthedRequest, set_id: int, criterion_id: int) -> HttpResponse:
    criteria_set = get_set_for_user(request, set_id, write=True)
    criterion = Criterion.objects.filter(pk=criterion_id, group__criteria_set=criteria_set).first()
    if criterion is None:
        raise Http404
    refused = _refuse_frozen(request, criteria_set)
    if refused:
        return refused
    try:
        workflow.delete_criterion(criterion=criterion)
    except FrozenSetError:
        return _frozen(request, criteria_set)
    messages.success(request, _("Đã xóa tiêu chí %(c)s.") % {"c": criterion.code})
    return redirect("evaluations:set", criteria_set.pk)


@login_required
@require_POST
def set_copy(request: AuthedRequest, set_id: int) -> HttpResponse:
    criteria_set = get_set_for_user(request, set_id, write=True)
    form = CopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Năm sao chép không hợp lệ."))
        return redirect("evaluations:set", criteria_set.pk)
    try:
        copy = workflow.copy_set(source=criteria_set, year=form.cleaned_data["year"], user=request.user)
    except EvaluationError as exc:
        _error(request, exc)
        return redirect("evaluations:set", criteria_set.pk)
    messages.success(request, _("Đã sao chép bộ tiêu chí sang năm %(y)s.") % {"y": copy.year})
    return redirect("evaluations:set", copy.pk)


@login_required
@require_POST
def set_open(request: AuthedRequest, set_id: int) -> HttpResponse:
    criteria_set = get_set_for_user(request, set_id, write=True)
    form = OpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy nhập hạn gửi phiếu dạng ngày/tháng/năm, ví dụ 20/12/2026."))
        return redirect("evaluations:set", criteria_set.pk)
    try:
        n = workflow.open_evaluations(
            criteria_set=criteria_set, due_on=form.cleaned_data["due_on"], user=request.user, on=today()
        )
    except EvaluationError as exc:
        _error(request, exc)
        return redirect("evaluations:set", criteria_set.pk)
    messages.success(request, _("Đã mở tự đánh giá cho %(n)s CĐCS; bộ tiêu chí đã khóa.") % {"n": n})
    return redirect("evaluations:set", criteria_set.pk)


@login_required
@require_POST
def set_classify(request: AuthedRequest, set_id: int) -> HttpResponse:
    criteria_set = get_set_for_user(request, set_id, write=True)
    try:
        n = workflow.classify_set(criteria_set=criteria_set)
    except EvaluationError as exc:
        _error(request, exc)
        return redirect("evaluations:set", criteria_set.pk)
    messages.success(request, _("Đã xếp loại tạm %(n)s CĐCS đã thẩm định (chưa công bố).") % {"n": n})
    return redirect("evaluations:ranking", criteria_set.pk)


@login_required
@require_POST
def set_publish(request: AuthedRequest, set_id: int) -> HttpResponse:
    criteria_set = get_set_for_user(request, set_id, write=True)
    try:
        n = workflow.publish_results(criteria_set=criteria_set, user=request.user, on=today())
    except EvaluationError as exc:
        _error(request, exc)
        return redirect("evaluations:set", criteria_set.pk)
    messages.success(request, _("Đã công bố kết quả xếp loại của %(n)s CĐCS.") % {"n": n})
    return redirect("evaluations:ranking", criteria_set.pk)


@login_required
@require_POST
def set_report(request: AuthedRequest, set_id: int) -> HttpResponse:
    criteria_set = get_set_for_user(request, set_id, write=True)
    try:
        document = workflow.create_summary_report(criteria_set=criteria_set, user=request.user, on=today())
    except EvaluationError as exc:
        _error(request, exc)
        return redirect("evaluations:set", criteria_set.pk)
    return redirect("issuing:document", document.pk)


@login_required
def set_bonus(request: AuthedRequest, set_id: int) -> HttpResponse:
    """The emulation council's bonus points on the moderated evaluations of the set (only the owner's
    officers reach this page: a CĐCS or a moderating parent below the owner gets 404)."""
    criteria_set = get_set_for_user(request, set_id, write=True)
    evaluations = list(
        criteria_set.evaluations.filter(status__in=[S.MODERATED, S.PUBLISHED])
        .select_related("unit", "parent")
        .order_by("parent__name", "unit__name")
    )
    typed: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        entries: dict[int, tuple] = {}
        problems = []
        for ev in evaluations:
            raw = request.POST.get(f"bonus_{ev.pk}", "")
            reason = request.POST.get(f"reason_{ev.pk}", "")
            typed[f"bonus_{ev.pk}"], typed[f"reason_{ev.pk}"] = raw, reason
            points, error = parse_points(raw)
            if error:
                problems.append(f"{ev.unit.name}: {error}")
                continue
            entries[ev.pk] = (points, reason)
        if not problems:
            try:
                n = workflow.score_bonus(criteria_set=criteria_set, entries=entries, user=request.user)
            except EvaluationError as exc:
                problems = exc.messages
            else:
                messages.success(request, _("Đã lưu điểm thưởng của %(n)s đơn vị.") % {"n": n})
                return redirect("evaluations:set_bonus", criteria_set.pk)
        for text in problems:
            messages.error(request, text)
        status = 400
    for ev in evaluations:
        ev.shown_bonus = typed.get(f"bonus_{ev.pk}", points_text(ev.bonus_points))
        ev.shown_reason = typed.get(f"reason_{ev.pk}", ev.bonus_reason)
    ctx = {
        "set": criteria_set,
        "evaluations": evaluations,
        "can_act": criteria_set.published_at is None and criteria_set.bonus_max > 0,
    }
    return render(request, "evaluations/bonus.html", ctx, status=status)


def _by(request: HttpRequest) -> str:
    return BY_SECTOR if request.GET.get("theo") == BY_SECTOR else BY_PARENT


@login_required
def ranking_view(request: AuthedRequest, set_id: int) -> HttpResponse:
    criteria_set = get_set_for_user(request, set_id)
    by = _by(request)
    ctx = {
        "set": criteria_set,
        "groups": ranking(criteria_set, request.user, by=by),
        "by": by,
        "BY_PARENT": BY_PARENT,
        "BY_SECTOR": BY_SECTOR,
        "writable": Unit.objects.in_scope(request.user, criteria_set.owner_id, write=True),
    }
    return render(request, "evaluations/ranking.html", ctx)


@login_required
def ranking_export(request: AuthedRequest, set_id: int) -> HttpResponse:
    criteria_set = get_set_for_user(request, set_id)
    by = _by(request)
    rows = []
    for group in ranking(criteria_set, request.user, by=by):
        for r in group.rows:
            rows.append(
                [
                    group.title,
                    r.rank,
                    r.evaluation.unit.name,
                    r.evaluation.parent.name,
                    r.total,
                    r.grade_label,
                    r.evaluation.grade_note,
                    r.last_total,
                    r.last_grade_label,
                ]
            )
    sheet = Sheet(
        name=f"Xếp loại {criteria_set.year}",
        title=f"Kết quả đánh giá, xếp loại CĐCS năm {criteria_set.year} — {criteria_set.owner.name}",
        notes=[criteria_set.title],
        headers=[
            "Khu vực" if by == BY_SECTOR else "Cấp trên",
            "Hạng",
            "CĐCS",
            "Cấp trên trực tiếp",
            "Điểm",
            "Xếp loại",
            "Ghi chú xếp loại",
            f"Điểm năm {criteria_set.year - 1}",
            f"Xếp loại năm {criteria_set.year - 1}",
        ],
        rows=rows,
        widths=[30, 7, 45, 32, 9, 30, 30, 12, 30],
        formats=[None, None, None, None, DECIMAL_FORMAT, None, None, DECIMAL_FORMAT, None],
    )
    return xlsx_response([sheet], f"xep-loai-cdcs-{criteria_set.year}.xlsx")


def _score_rows(evaluation: Evaluation):
    return list(evaluation.scores.select_related("criterion", "criterion__group"))


def _posted_lock(request: HttpRequest) -> int:
    """The lock version the page was read at; a missing or garbled one never matches (-1), so a save
    without it cannot overwrite anybody."""
    try:
        value = int(request.POST.get("lock_version", ""))
    except ValueError:
        return -1
    return value if 0 <= value < 2**31 else -1


def _differences(scores, typed: dict[str, str], fields, note: tuple[str, str, str]) -> list[dict]:
    """What the other person saved against what this user typed, only where they differ: one row per
    (criterion, field) and the note. `fields` are (posted name, label, stored value of a score, None
    where the page has no box for it)."""
    rows = []
    for s in scores:
        for name, label, stored in fields:
            theirs = stored(s)
            if theirs is None:
                continue
            yours = typed.get(f"{name}_{s.criterion_id}", "")
            if theirs.strip() != yours.strip():
                rows.append({"code": s.criterion.code, "label": label, "theirs": theirs, "yours": yours})
    key, label, stored_note = note
    if stored_note.strip() != typed.get(key, "").strip():
        rows.append({"code": "", "label": label, "theirs": stored_note, "yours": typed.get(key, "")})
    return rows


@offline_ready
@login_required
def evaluation_detail(request: AuthedRequest, evaluation_id: int) -> HttpResponse:
    """The CĐCS's evaluation: its self-assessment form while a draft (for its writers), else the scores
    with the parent's changes and reasons; the grade once published."""
    evaluation = get_evaluation_for_user(request, evaluation_id)
    writable = Unit.objects.in_scope(request.user, evaluation.unit_id, write=True)
    moderator = can_moderate(request.user, evaluation)
    typed: dict[str, str] = {}
    status = 200
    conflict = None
    lock_version = evaluation.lock_version
    if request.method == "POST":
        lock_version = _posted_lock(request)
        if not writable:
            raise Http404("Không tìm thấy phiếu đánh giá.")
        if not evaluation.is_editable:
            messages.error(request, _("Phiếu đã gửi cấp trên, không sửa được nữa."))
            return redirect("evaluations:evaluation", evaluation.pk)
        entries, problems, typed = _self_entries(request, evaluation)
        posted = (request.FILES.get(name) for name in request.FILES)
        if sum(f.size or 0 for f in posted if f is not None) > settings.UPLOAD_MAX_BYTES:
            problems.append(
                _("Các tệp minh chứng gửi một lần không được quá %(n)s MB.")
                % {"n": settings.UPLOAD_MAX_BYTES // 2**20}
            )
        if problems:
            for text in problems:
                messages.error(request, text)
            status = 400
        else:
            submit = request.POST.get("action") == "submit"
            try:
                saved = workflow.save_self_assessment(
                    evaluation=evaluation,
                    entries=entries,
                    note=request.POST.get("self_note", ""),
                    user=request.user,
                    lock_version=lock_version,
                )
                # Saved: from here the page stands at the new version (a refused submit must not turn
                # the user's next click into a conflict with their own save).
                lock_version = saved.lock_version
                if submit:
                    workflow.submit_self_assessment(
                        evaluation=evaluation,
                        user=request.user,
                        seen=request.POST.get("computed_seen"),
                    )
            except EvaluationConflict as exc:
                # Keep what was typed; the page now carries the new version, so saving again is a
                # deliberate choice made with both versions in view.
                conflict, lock_version, status = exc.evaluation, exc.evaluation.lock_version, 409
            except EvaluationError as exc:
                _error(request, exc)
                status = 400
            else:
                messages.success(
                    request,
                    _("Đã gửi phiếu tự đánh giá cho cấp trên thẩm định.")
                    if submit
                    else _("Đã lưu phiếu tự đánh giá."),
                )
                return redirect("evaluations:evaluation", evaluation.pk)
            evaluation.refresh_from_db()
    scores = _score_rows(evaluation)
    editing = writable and evaluation.is_editable
    if editing:
        # Computed criteria as sending would score them now, by the same function (issue 19).
        workflow.apply_computed(evaluation, scores)
        evaluation.self_total = sum((s.self_points or ZERO for s in scores), ZERO)
    groups: dict[int, dict] = {}
    for s in scores:
        pk = s.criterion_id
        s.shown_points = typed.get(f"points_{pk}", points_text(s.self_points))
        s.shown_evidence = typed.get(f"evidence_{pk}", s.evidence)
        s.shown_note = typed.get(f"note_{pk}", s.note)
        g = groups.setdefault(s.criterion.group_id, {"group": s.criterion.group, "scores": []})
        g["scores"].append(s)
    ctx = {
        "ev": evaluation,
        "lock_version": lock_version,
        "conflict": conflict,
        "differences": _differences(
            scores,
            typed,
            [
                (
                    "points",
                    _("Tự chấm"),
                    lambda s: None if s.criterion.is_computed else points_text(s.self_points),
                ),
                ("evidence", _("Minh chứng"), lambda s: s.evidence),
                ("note", _("Ghi chú"), lambda s: s.note),
            ],
            ("self_note", _("Tự nhận xét của CĐCS"), evaluation.self_note),
        )
        if conflict
        else [],
        "groups": list(groups.values()),
        "editing": editing,
        "computed_seen": workflow.computed_seen(scores) if editing else "",
        "moderator": moderator,
        "show_final": evaluation.status in (S.MODERATED, S.PUBLISHED),
        "self_note": typed.get("self_note", evaluation.self_note),
        "max_total": sum((s.criterion.max_points for s in scores), 0),
    }
    return render(request, "evaluations/evaluation.html", ctx, status=status)


@login_required
@require_POST
def self_autosave(request: AuthedRequest, evaluation_id: int) -> HttpResponse:
    """The self-assessment saved as typed (also what a phone sends when its connection returns): the
    same flow and lock version as "Lưu nháp", files aside; a stale version is a conflict, saving nothing."""
    evaluation = get_evaluation_for_user(request, evaluation_id, write=True)
    ctx: dict = {"ev": evaluation, "state": "saved", "problems": []}
    entries, problems, _typed = _self_entries(request, evaluation)
    if not evaluation.is_editable:
        ctx["state"] = "locked"
    elif problems:
        ctx.update(state="invalid", problems=problems)
    else:
        try:
            ctx["ev"] = workflow.save_self_assessment(
                evaluation=evaluation,
                entries={pk: e for pk, e in entries.items() if e.file is None},
                note=request.POST.get("self_note", ""),
                user=request.user,
                lock_version=_posted_lock(request),
            )
            ctx["at"] = timezone.localtime()
        except EvaluationConflict:
            ctx["state"] = "conflict"
        except EvaluationError as exc:
            ctx.update(state="invalid", problems=exc.messages)
    return render(request, "evaluations/_autosave.html", ctx)


def _self_entries(
    request: HttpRequest, evaluation: Evaluation
) -> tuple[dict[int, SelfEntry], list[str], dict[str, str]]:
    entries: dict[int, SelfEntry] = {}
    problems: list[str] = []
    typed: dict[str, str] = {}
    for score in evaluation.scores.select_related("criterion"):
        c = score.criterion
        raw = request.POST.get(f"points_{c.pk}", "")
        typed[f"points_{c.pk}"] = raw
        typed[f"evidence_{c.pk}"] = request.POST.get(f"evidence_{c.pk}", "")
        typed[f"note_{c.pk}"] = request.POST.get(f"note_{c.pk}", "")
        points, error = parse_points(raw) if not c.is_computed else (None, None)
        if error:
            problems.append(_("Tiêu chí %(c)s: %(e)s") % {"c": c.code, "e": error})
        entries[c.pk] = SelfEntry(
            points=points,
            evidence=typed[f"evidence_{c.pk}"],
            note=typed[f"note_{c.pk}"],
            file=request.FILES.get(f"file_{c.pk}"),
        )
    typed["self_note"] = request.POST.get("self_note", "")
    return entries, problems, typed


@login_required
def moderate(request: AuthedRequest, evaluation_id: int) -> HttpResponse:
    evaluation = get_evaluation_for_user(request, evaluation_id, moderate=True)
    scores = _score_rows(evaluation)
    typed: dict[str, str] = {}
    status = 200
    conflict = None
    lock_version = _posted_lock(request) if request.method == "POST" else evaluation.lock_version
    can_act = evaluation.status in (S.SUBMITTED, S.MODERATED)
    if request.method == "POST" and request.POST.get("action") == "return":
        try:
            workflow.return_evaluation(
                evaluation=evaluation,
                note=request.POST.get("moderation_note", ""),
                user=request.user,
                lock_version=lock_version,
            )
        except EvaluationConflict as exc:
            conflict, lock_version, status = exc.evaluation, exc.evaluation.lock_version, 409
            typed.update(
                {k: request.POST.get(k, "") for k in request.POST if k.startswith(("points_", "reason_"))}
            )
            typed["moderation_note"] = request.POST.get("moderation_note", "")
        except EvaluationError as exc:
            _error(request, exc)
            typed["moderation_note"] = request.POST.get("moderation_note", "")
            status = 400
        else:
            messages.success(request, _("Đã trả lại phiếu cho CĐCS bổ sung."))
            return redirect("evaluations:evaluation", evaluation.pk)
    elif request.method == "POST":
        entries: dict[int, ModerationEntry] = {}
        problems = []
        for s in scores:
            c = s.criterion
            raw = request.POST.get(f"points_{c.pk}", "")
            reason = request.POST.get(f"reason_{c.pk}", "")
            typed[f"points_{c.pk}"], typed[f"reason_{c.pk}"] = raw, reason
            points, error = parse_points(raw)
            if error or points is None:
                problems.append(_("Tiêu chí %(c)s: %(e)s") % {"c": c.code, "e": error or _("hãy nhập điểm.")})
                continue
            entries[c.pk] = ModerationEntry(points=points, reason=reason)
        typed["moderation_note"] = request.POST.get("moderation_note", "")
        typed["disciplined"] = request.POST.get("disciplined", "")
        typed["discipline_note"] = request.POST.get("discipline_note", "")
        if not problems:
            try:
                workflow.moderate_evaluation(
                    evaluation=evaluation,
                    entries=entries,
                    note=typed["moderation_note"],
                    user=request.user,
                    lock_version=lock_version,
                    disciplined=typed["disciplined"] == "on",
                    discipline_note=typed["discipline_note"],
                )
            except EvaluationConflict as exc:
                conflict, lock_version = exc.evaluation, exc.evaluation.lock_version
            except EvaluationError as exc:
                problems = exc.messages
            else:
                messages.success(
                    request, _("Đã lưu kết quả thẩm định; CĐCS xem được điểm và lý do điều chỉnh.")
                )
                return redirect("evaluations:evaluation", evaluation.pk)
        for text in problems:
            messages.error(request, text)
        status = 409 if conflict else 400
    differences = []
    if conflict:
        evaluation = conflict
        can_act = evaluation.status in (S.SUBMITTED, S.MODERATED)
        scores = _score_rows(evaluation)
        differences = _differences(
            scores,
            typed,
            [
                ("points", _("Điểm thẩm định"), lambda s: points_text(_moderated(s))),
                ("reason", _("Lý do điều chỉnh"), lambda s: s.reason),
            ],
            ("moderation_note", _("Nhận xét của cấp trên"), evaluation.moderation_note),
        )
    for s in scores:
        pk = s.criterion_id
        s.shown_points = typed.get(f"points_{pk}", points_text(_moderated(s)))
        s.shown_reason = typed.get(f"reason_{pk}", s.reason)
    note = typed.get("moderation_note", evaluation.moderation_note)
    ctx = {
        "disciplined": typed["disciplined"] == "on" if "disciplined" in typed else evaluation.disciplined,
        "discipline_note": typed.get("discipline_note", evaluation.discipline_note),
        "ev": evaluation,
        "scores": scores,
        "note": note,
        "can_act": can_act,
        "lock_version": lock_version,
        "conflict": conflict,
        "differences": differences,
    }
    return render(request, "evaluations/moderate.html", ctx, status=status)


def _moderated(score):
    """The points the moderation form starts from: the parent's, or the CĐCS's until moderated."""
    return score.final_points if score.final_points is not None else score.self_points


@login_required
def evidence(request: AuthedRequest, evaluation_id: int, score_id: int) -> FileResponse:
    evaluation = get_evaluation_for_user(request, evaluation_id)
    score = evaluation.scores.filter(pk=score_id).first()
    if score is None or not score.evidence_file:
        raise Http404("Không có tệp minh chứng.")
    name = score.evidence_file.name.rsplit("/", 1)[-1]
    return serve_stored(score.evidence_file, name, missing="Không còn tệp minh chứng.")


def points_text(value) -> str:
    return "" if value is None else format_points(value)
