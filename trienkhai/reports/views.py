"""Report views: form editor, submission (fill, autosave, submit, review), status board, notifications."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from trienkhai.core.exports import xlsx_response
from trienkhai.core.http import AuthedRequest
from trienkhai.core.pwa import offline_ready
from trienkhai.core.redirects import Redirect, redirects
from trienkhai.core.uploads import serve_stored
from trienkhai.lib.periods import PER_YEAR, from_query, period_end
from trienkhai.lib.xlsx import Sheet
from trienkhai.orgs.models import Membership, Unit, today
from trienkhai.plans.api import get_plan_for_user
from trienkhai.plans.models import Plan

from . import contrib, queue, sources, workflow
from .access import REVIEWER, get_form_for_user, get_submission_for_user, get_unit_role_for_user
from .board import FILTERS, SORTS, board_rows
from .forms import IndicatorForm, ReopenForm, ReportFormForm, RuleForm
from .models import Evidence, ReportForm, Rule, Submission, SubmissionValue
from .period_names import period_name, period_picker
from .validation import check, check_upload

# --- report forms -------------------------------------------------------------------------------------


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    plans = Plan.objects.visible_to(request.user)
    forms = ReportForm.objects.filter(plan__in=plans).select_related("plan", "plan__owner_unit")
    return render(request, "reports/index.html", {"forms": forms})


@login_required
def form_create(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id, write=True)
    form = ReportFormForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report_form = form.save(commit=False)
        report_form.plan, report_form.created_by = plan, request.user
        report_form.totals_kept_since = timezone.now()  # nothing approved yet: its totals are complete
        report_form.save()
        return redirect("reports:form", report_form.pk)
    return render(request, "reports/form_create.html", {"plan": plan, "form": form})


def _can_edit_form(request: HttpRequest, report_form: ReportForm) -> bool:
    try:
        get_plan_for_user(request, report_form.plan_id, write=True)
    except Http404:
        return False
    return report_form.is_editable


@login_required
def form_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    report_form = get_form_for_user(request, pk)
    editable = _can_edit_form(request, report_form)
    ctx = {
        "rf": report_form,
        "indicators": report_form.indicators.select_related("group"),
        "rules": _described_rules(report_form),
        "narratives": report_form.narratives.select_related("group"),
        "editable": editable,
        "indicator_form": IndicatorForm(report_form=report_form) if editable else None,
        "rule_form": RuleForm(report_form=report_form) if editable else None,
        "board_units": _board_units(request, report_form),
        "year": report_form.current_period(today())[0],
    }
    return render(request, "reports/form_detail.html", ctx)


def _described_rules(report_form: ReportForm) -> list[tuple[Rule, str]]:
    """Each rule with its wording by the labels of its figures."""
    labels = {i.code: i.label for i in report_form.indicators.all()}
    return [(rule, rule.describe(labels)) for rule in report_form.rules.all()]


def _board_units(request: HttpRequest, report_form: ReportForm) -> list[Unit]:
    """Units the user can open the board for: their own units that sent or received this plan."""
    ids = set(Membership.objects.own_unit_ids(request.user))
    visible = Unit.objects.visible_to(request.user).filter(pk__in=ids)
    return list(visible.order_by("name"))


def _editable_form_or_404(request: HttpRequest, pk: int) -> ReportForm:
    report_form = get_form_for_user(request, pk, write=True)
    if not report_form.is_editable:
        raise Redirect(
            reverse("reports:form", args=[pk]),
            _("Biểu mẫu đã có đơn vị nộp báo cáo nên không sửa được nữa."),
            messages.ERROR,
        )
    return report_form


@login_required
@redirects
def indicator_edit(request: AuthedRequest, pk: int, indicator_id: int | None = None) -> HttpResponse:
    report_form = _editable_form_or_404(request, pk)
    instance = get_object_or_404(report_form.indicators, pk=indicator_id) if indicator_id else None
    form = IndicatorForm(request.POST or None, instance=instance, report_form=report_form)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu chỉ tiêu."))
        return redirect("reports:form", pk)
    return render(
        request, "reports/indicator_edit.html", {"rf": report_form, "form": form, "instance": instance}
    )


@login_required
@require_POST
@redirects
def indicator_delete(request: AuthedRequest, pk: int, indicator_id: int) -> HttpResponse:
    report_form = _editable_form_or_404(request, pk)
    get_object_or_404(report_form.indicators, pk=indicator_id).delete()
    messages.success(request, _("Đã xóa chỉ tiêu."))
    return redirect("reports:form", pk)


@login_required
@require_POST
@redirects
def rule_add(request: AuthedRequest, pk: int) -> HttpResponse:
    report_form = _editable_form_or_404(request, pk)
    form = RuleForm(request.POST, report_form=report_form)
    if form.is_valid():
        form.save()
        messages.success(request, _("Đã thêm quy tắc kiểm tra."))
        return redirect("reports:form", pk)
    ctx = {
        "rf": report_form,
        "indicators": report_form.indicators.select_related("group"),
        "rules": _described_rules(report_form),
        "narratives": report_form.narratives.select_related("group"),
        "editable": True,
        "indicator_form": IndicatorForm(report_form=report_form),
        "rule_form": form,
        "board_units": [],
        "year": today().year,
    }
    return render(request, "reports/form_detail.html", ctx, status=400)


@login_required
@require_POST
@redirects
def rule_delete(request: AuthedRequest, pk: int, rule_id: int) -> HttpResponse:
    report_form = _editable_form_or_404(request, pk)
    get_object_or_404(report_form.rules, pk=rule_id).delete()
    return redirect("reports:form", pk)


# --- submissions -----------------------------------------------------------------------------------


@login_required
def open_report(request: AuthedRequest, form_id: int, unit_id: int, year: int, index: int) -> HttpResponse:
    unit, _role = get_unit_role_for_user(request, unit_id, need="edit")
    report_form = get_object_or_404(ReportForm, pk=form_id, plan__assignments__unit=unit)
    if not 1 <= index <= PER_YEAR[report_form.period_kind] or not 2000 <= year <= 2100:
        raise Http404("Không có kỳ báo cáo này.")
    existing = Submission.objects.filter(form=report_form, unit=unit, year=year, index=index).first()
    if existing is not None:
        return redirect("reports:submission", existing.pk)
    if request.method != "POST":
        # A GET creates nothing (prefetch, crawlers): the page starts the report with a POST of its own.
        context = {
            "rf": report_form,
            "unit": unit,
            "period": period_name(report_form.period_kind, year, index),
        }
        return render(request, "reports/open.html", context)
    submission = workflow.open_submission(form=report_form, unit=unit, year=year, index=index)
    if request.htmx:
        return HttpResponseClientRedirect(reverse("reports:submission", args=[submission.pk]))
    return redirect("reports:submission", submission.pk)


def _posted_values(request: HttpRequest, report_form: ReportForm) -> dict[str, str]:
    keys = [i.code for i in report_form.indicators.all()] + [n.key for n in report_form.narratives.all()]
    return {k: request.POST.get(f"v_{k}", "") for k in keys if f"v_{k}" in request.POST}


def _posted_reasons(request: HttpRequest, report_form: ReportForm) -> dict[str, str]:
    """Reasons typed for values that differ from a register's figure (`r_<code>`)."""
    codes = [i.code for i in report_form.indicators.all() if i.source]
    return {c: request.POST.get(f"r_{c}", "") for c in codes if f"r_{c}" in request.POST}


def _client(request: HttpRequest) -> str:
    """The random id of the open report page that posted (see Submission.accepts_save)."""
    value = request.POST.get("client", "")
    return value if len(value) == 32 and value.isalnum() else ""


def _lock_version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("lock_version", "-1"))
    except ValueError:
        return -1


def _fields(
    submission: Submission, values: dict[str, str], errors: dict[str, str], theirs=None, reasons=None
) -> list[dict]:
    """Rows for the template: indicators then narratives, with value, message and reviewer comment, and
    for an indicator filled in from a register: the register's figure, its records and the reason of a
    different figure."""
    comments = submission.field_comments or {}
    indicators = list(submission.form.indicators.select_related("group"))
    figures = sources.for_submission(submission, indicators)
    stored = {v.key: v for v in submission.values.filter(key__in=figures)} if figures else {}
    rows = []
    for ind in indicators:
        figure, row = figures.get(ind.code), stored.get(ind.code)
        source = None
        if figure is not None:
            # While the report is open the register's figure is today's; once submitted, the one it had then.
            shown = figure.text if submission.is_editable or row is None else row.source_value
            source = {
                "label": sources.label(ind.source),
                "figure": shown,
                "url": figure.url,
                "reason": (reasons or {}).get(ind.code, row.override_reason if row else ""),
                "differs": bool(row and row.override_reason)
                or (values.get(ind.code, "").strip() not in ("", shown)),
            }
        rows.append(
            {
                "key": ind.code,
                "label": ind.label,
                "unit": ind.unit_suffix,
                "indicator": ind,
                "value": values.get(ind.code, ""),
                "error": errors.get(ind.code, ""),
                "comment": comments.get(ind.code, ""),
                "theirs": (theirs or {}).get(ind.code, ""),
                "source": source,
            }
        )
    for nar in submission.form.narratives.select_related("group"):
        rows.append(
            {
                "key": nar.key,
                "label": str(nar.group),
                "narrative": nar,
                "required": nar.required,
                "value": values.get(nar.key, ""),
                "error": errors.get(nar.key, ""),
                "comment": comments.get(nar.key, ""),
                "theirs": (theirs or {}).get(nar.key, ""),
            }
        )
    return rows


def _render_submission(
    request: AuthedRequest,
    submission: Submission,
    role: str,
    *,
    values=None,
    checked=None,
    conflict=None,
    status=200,
):
    stored = workflow.current_values(submission)
    values = stored if values is None else values
    errors = checked.errors if checked else {}
    if checked is None and submission.is_editable and values:
        errors = check(submission.form, values, final=False).errors  # show saved invalid values' messages
    reasons = _posted_reasons(request, submission.form) if request.method == "POST" else None
    fields = _fields(submission, values, errors, theirs=stored if conflict else None, reasons=reasons)
    ctx = {
        "s": submission,
        "role": role,
        "is_reviewer": role == REVIEWER,
        "can_edit": submission.is_editable and role in ("writer", "reviewer"),
        "fields": fields,
        "has_sources": any(f.get("source") for f in fields),
        "rule_errors": checked.rule_errors if checked else [],
        "conflict": conflict,
        "events": submission.events.select_related("actor"),
        "evidence": submission.evidence.all(),
        "panels": contrib.submission_panels(
            request, submission, can_edit=submission.is_editable and role in ("writer", "reviewer")
        ),
        "reopen_form": ReopenForm(),
        "next_to_review": queue.next_to_review(request.user, submission) if role == REVIEWER else None,
        "today": today(),
        # Kept across a failed submit or a conflict screen: still the same page of the same user.
        "client": _client(request) or uuid.uuid4().hex,
    }
    return render(request, "reports/submission.html", ctx, status=status)


@offline_ready
@login_required
def submission_view(request: AuthedRequest, pk: int) -> HttpResponse:
    need = "edit" if request.method == "POST" else "read"
    submission, role = get_submission_for_user(request, pk, need=need)
    if request.method != "POST":
        return _render_submission(request, submission, role)
    values = _posted_values(request, submission.form)
    reasons = _posted_reasons(request, submission.form)
    on_behalf = role == REVIEWER
    if request.POST.get("action") == "refresh":
        return _refresh_from_sources(request, submission)
    try:
        if request.POST.get("action") == "submit":
            checked = workflow.submit_submission(
                submission=submission,
                values=values,
                lock_version=_lock_version(request),
                user=request.user,
                on_behalf=on_behalf,
                client=_client(request),
                reasons=reasons,
            )
            if checked.ok:
                messages.success(request, _("Đã nộp báo cáo."))
                return redirect("reports:submission", pk)
            submission.refresh_from_db()
            messages.error(
                request, _("Báo cáo chưa nộp được: hãy sửa các chỗ được đánh dấu. Số liệu đã được lưu nháp.")
            )
            return _render_submission(request, submission, role, values=values, checked=checked, status=400)
        checked = workflow.save_values(
            submission=submission,
            values=values,
            lock_version=_lock_version(request),
            user=request.user,
            on_behalf=on_behalf,
            client=_client(request),
            reasons=reasons,
        )
    except workflow.Conflict as c:
        messages.warning(
            request,
            _(
                "Người khác vừa lưu báo cáo này. Bản của họ đã lưu (cột trái); bản của bạn vẫn còn trong ô nhập — "
                "xem lại rồi bấm Lưu để ghi đè."
            ),
        )
        return _render_submission(request, c.submission, role, values=values, conflict=True, status=409)
    except workflow.Locked:
        messages.error(request, _("Báo cáo đã được duyệt hoặc đang chờ duyệt nên không sửa được."))
        return redirect("reports:submission", pk)
    messages.success(request, _("Đã lưu nháp."))
    if checked.errors:
        return _render_submission(request, submission, role, values=values, checked=checked, status=200)
    return redirect("reports:submission", pk)


def _refresh_from_sources(request: AuthedRequest, submission: Submission) -> HttpResponse:
    """ "Lấy lại số liệu từ sổ": set the sourced values of a draft to the registers' figures of today."""
    try:
        filled = workflow.refresh_from_sources(submission=submission, user=request.user)
    except workflow.Locked:
        messages.error(request, _("Báo cáo đã nộp hoặc đã duyệt nên không sửa được."))
        return redirect("reports:submission", submission.pk)
    messages.success(request, _("Đã lấy lại %(n)s số liệu từ sổ.") % {"n": filled})
    return redirect("reports:submission", submission.pk)


@login_required
@require_POST
def autosave(request: AuthedRequest, pk: int) -> HttpResponse:
    """HTMX: save the draft as typed; invalid values are kept and their messages come back."""
    submission, role = get_submission_for_user(request, pk, need="edit")
    values = _posted_values(request, submission.form)
    ctx = {"s": submission, "keys": list(values)}
    try:
        checked = workflow.save_values(
            submission=submission,
            values=values,
            lock_version=_lock_version(request),
            user=request.user,
            on_behalf=role == REVIEWER,
            client=_client(request),
            reasons=_posted_reasons(request, submission.form),
        )
        ctx.update(state="saved", errors={**checked.rule_hints, **checked.errors}, at=timezone.localtime())
    except workflow.Conflict:
        ctx.update(state="conflict", errors={})
    except workflow.Locked:
        ctx.update(state="locked", errors={})
    return render(request, "reports/_autosave.html", ctx)


@login_required
@require_GET
def review_queue(request: AuthedRequest) -> HttpResponse:
    raw = request.GET.get("bieu-mau", "")
    form_id = int(raw) if raw.isdigit() and len(raw) < 10 else None  # anything else: the whole queue
    groups = queue.review_queue(request.user, today=today(), form_id=form_id)
    return render(
        request,
        "reports/review_queue.html",
        {"groups": groups, "total": sum(len(g.rows) for g in groups), "filtered": form_id is not None},
    )


@login_required
@require_POST
def review(request: AuthedRequest, pk: int) -> HttpResponse:
    submission, _role = get_submission_for_user(request, pk, need="review")
    action = request.POST.get("action")
    try:
        if action == "approve":
            workflow.approve_submission(
                submission=submission, user=request.user, comment=request.POST.get("comment", "")
            )
            messages.success(request, _("Đã duyệt báo cáo."))
        elif action == "return":
            keys = [i.code for i in submission.form.indicators.all()] + [
                n.key for n in submission.form.narratives.all()
            ]
            field_comments = {k: request.POST.get(f"c_{k}", "") for k in keys}
            comment = request.POST.get("comment", "").strip()
            if not comment and not any(v.strip() for v in field_comments.values()):
                messages.error(request, _("Hãy ghi ý kiến (chung hoặc theo chỉ tiêu) khi trả lại báo cáo."))
                return redirect("reports:submission", pk)
            workflow.return_submission(
                submission=submission, user=request.user, comment=comment, field_comments=field_comments
            )
            messages.success(request, _("Đã trả lại báo cáo kèm ý kiến."))
        else:
            raise Http404()
    except workflow.Locked:
        messages.error(request, _("Báo cáo không ở trạng thái chờ duyệt."))
    return redirect("reports:submission", pk)


@login_required
@require_POST
def reopen(request: AuthedRequest, pk: int) -> HttpResponse:
    submission, _role = get_submission_for_user(request, pk, need="review")
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Phải nêu lý do mở lại báo cáo."))
        return redirect("reports:submission", pk)
    try:
        workflow.reopen_submission(
            submission=submission, user=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Đã mở lại báo cáo để sửa."))
    except workflow.Locked:
        messages.error(request, _("Chỉ mở lại được báo cáo đã duyệt."))
    return redirect("reports:submission", pk)


@login_required
@require_POST
def upload(request: AuthedRequest, pk: int) -> HttpResponse:
    submission, role = get_submission_for_user(request, pk, need="edit")
    if not submission.is_editable:
        messages.error(request, _("Báo cáo đã nộp hoặc đã duyệt nên không thêm minh chứng được."))
        return redirect("reports:submission", pk)
    files = request.FILES.getlist("files")
    if not files:
        messages.error(request, _("Chưa chọn tệp nào."))
    for f in files:
        problem = check_upload(f)
        if problem:
            messages.error(request, problem)
            continue
        # A file posted in a form always has a name and a size (the stubs type both optional).
        Evidence.objects.create(
            submission=submission, file=f, name=f.name or "", size=f.size or 0, uploaded_by=request.user
        )
        messages.success(request, _("Đã đính kèm «%(n)s».") % {"n": f.name})
    return redirect(reverse("reports:submission", args=[pk]) + "#minh-chung")


@login_required
def evidence_file(request: AuthedRequest, pk: int, evidence_id: int) -> FileResponse:
    """An evidence file, only to those who may read the report (never a public media URL)."""
    submission, _role = get_submission_for_user(request, pk, need="read")
    evidence = submission.evidence.filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404("Không tìm thấy tệp minh chứng.")
    return serve_stored(evidence.file, evidence.name, missing="Không còn tệp minh chứng.")


@login_required
def history(request: AuthedRequest, pk: int) -> HttpResponse:
    submission, role = get_submission_for_user(request, pk, need="read")
    labels = submission.form.field_labels()
    rows = (
        SubmissionValue.history.filter(submission_id=submission.pk)
        .select_related("history_user")
        .order_by("key", "history_date", "history_id")
    )
    changes: list[dict[str, Any]] = []
    last: dict[str, str] = {}
    for h in rows:
        changes.append({"h": h, "label": labels.get(h.key, h.key), "old": last.get(h.key, "")})
        last[h.key] = h.raw
    changes.sort(key=lambda c: c["h"].history_date, reverse=True)
    return render(request, "reports/history.html", {"s": submission, "changes": changes})


# --- status board ---------------------------------------------------------------------------------


def _board_context(request: AuthedRequest, form_id: int, unit_id: int) -> dict:
    from .results import CURRENT, REPORTED, STRUCTURES, rollup_table

    # The form first: a unit of one's own must not open another province's form (nor tell that it exists).
    report_form = get_form_for_user(request, form_id)
    kind = report_form.period_kind
    year, index = from_query(request.GET, kind, report_form.current_period(today()))
    structure = CURRENT if request.GET.get("co-cau") == "hien-tai" else REPORTED
    tree_on = period_end(kind, year, index) if structure == REPORTED else today()
    unit, role = get_unit_role_for_user(request, unit_id, need="read", on=tree_on)
    rows = board_rows(report_form, unit, year, index, tree_on=tree_on)
    status = request.GET.get("loc", "")
    all_rows = list(rows)
    rows = [r for r in rows if FILTERS.get(status, FILTERS[""])(r)]
    sort = request.GET.get("sap", "name")
    rows.sort(key=SORTS.get(sort, SORTS["name"]))
    table = rollup_table(report_form, unit, year, index, structure=structure)
    counts = {
        "total": len(all_rows),
        "plan_made": sum(r.plan_made for r in all_rows),
        "submitted": sum(r.submission is not None and r.status != "draft" for r in all_rows),
        "approved": sum(r.status == "approved" for r in all_rows),
        "returned": sum(r.status == "returned" for r in all_rows),
        "late": sum(r.late for r in all_rows),
    }
    cells = list(table.total.cells.values())
    charted = [c for c in cells if c.indicator.aggregation in ("sum", "latest")]
    return {
        "rf": report_form,
        "unit": unit,
        "role": role,
        "rows": rows,
        **period_picker(report_form.period_kind, year, index, this_year=today().year),
        "status": status,
        "sort": sort,
        "counts": counts,
        "structure": "hien-tai" if structure == CURRENT else "bao-cao",
        "structure_label": STRUCTURES[structure],
        "tree_on": tree_on,
        "totals": cells,
        "chart": {
            "labels": [c.indicator.label for c in charted],
            "values": [float(c.value or 0) for c in charted],
            "money": [c.indicator.is_money for c in charted],
            "legend": pgettext("chart legend", "Tổng"),
        },
    }


@login_required
def board(request: AuthedRequest, form_id: int, unit_id: int) -> HttpResponse:
    ctx = _board_context(request, form_id, unit_id)
    return render(request, "reports/board.html", ctx)


@login_required
def board_excel(request: AuthedRequest, form_id: int, unit_id: int) -> HttpResponse:
    ctx = _board_context(request, form_id, unit_id)
    status_rows = (
        [
            r.unit.code,
            r.unit.name,
            "Có" if r.assignment.received_at else "Chưa",
            "Có" if r.plan_made else "Chưa",
            str(r.status_label),
            r.deadline,
            timezone.localtime(r.submission.submitted_at).strftime("%d/%m/%Y %H:%M")
            if r.submission and r.submission.submitted_at
            else "",
            "Muộn" if r.late else "",
        ]
        for r in ctx["rows"]
    )
    sheets = [
        Sheet(
            name="Tình hình báo cáo",
            title=f"{ctx['rf'].title} — {ctx['period_label']} — {ctx['unit'].name}",
            headers=["Mã đơn vị", "Đơn vị", "Đã nhận", "Đã xây dựng KH", "Trạng thái báo cáo", "Hạn nộp"]
            + ["Nộp lúc", "Muộn"],
            rows=status_rows,
            widths=[14, 55, 10, 14, 20, 12, 18, 8],
        ),
        Sheet(
            name="Tổng hợp",
            title=f"Tổng hợp — {ctx['structure_label']} (cơ cấu ngày {ctx['tree_on']:%d/%m/%Y})",
            headers=["Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Cách tổng hợp", "Số liệu (báo cáo đã duyệt)"],
            rows=[
                [
                    c.indicator.code,
                    c.indicator.label,
                    c.indicator.unit_of_measure,
                    str(c.indicator.get_aggregation_display()),
                    c.text if c.indicator.aggregation == "count_yes" else _xlsx_number(c.value),
                ]
                for c in ctx["totals"]
            ],
            widths=[16, 50, 14, 28, 24],
            formats=[None, None, None, None, "#,##0.##"],
        ),
    ]
    return xlsx_response(sheets, f"bao-cao-{form_id}-{unit_id}-{ctx['year']}-{ctx['index']}.xlsx")


def _xlsx_number(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
