"""Results up the tree: the roll-up by tier with drill-down and breadcrumbs, the dashboard, targets, and
their Excel exports. Every page reads one unit's subtree through `access.get_results_unit_for_user`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from trienkhai.core.dbrouter import reads_from_replica
from trienkhai.core.exports import xlsx_response
from trienkhai.core.http import AuthedRequest
from trienkhai.lib.periods import PER_YEAR, from_query, period_end, previous, stored_index
from trienkhai.lib.xlsx import DECIMAL_FORMAT, INTEGER_FORMAT, PERCENT_FORMAT, Sheet
from trienkhai.orgs.models import Membership, Unit, today
from trienkhai.plans.models import Plan

from . import workflow
from .access import can_set_targets, get_form_for_user, get_results_unit_for_user
from .dashboard import build_dashboard
from .forms import AllocateForm, TargetsForm
from .models import Indicator, ReportForm, Target
from .period_names import period_name
from .results import CURRENT, REPORTED, STRUCTURES, RollupRow, RollupTable, breadcrumbs, rollup_table

STRUCTURE_PARAM = {"bao-cao": REPORTED, "hien-tai": CURRENT}
PARAM_OF = {v: k for k, v in STRUCTURE_PARAM.items()}


@dataclass
class Selection:
    """What a results page shows: the period (index 0: the whole year), the structure, whether reports
    waiting for review count, and the indicator a dashboard charts."""

    year: int
    index: int
    structure: str
    include_submitted: bool
    code: str = ""

    def query(self, **changes) -> str:
        values = {
            "nam": self.year,
            "ky": self.index,
            "co-cau": PARAM_OF[self.structure],
            "chua-duyet": "1" if self.include_submitted else "",
            "chi-tieu": self.code,
        }
        values.update(changes)
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})

    @property
    def param(self) -> str:
        return PARAM_OF[self.structure]

    @property
    def structure_label(self) -> str:
        return str(STRUCTURES[self.structure])


def default_period(form: ReportForm, on: dt.date) -> tuple[int, int]:
    """The latest period whose deadline has passed (its figures should all be in), else the one before."""
    year, index = form.current_period(on)
    if form.deadline(year, index) <= on:
        return year, index
    return previous(form.period_kind, year, index)


def selection(request: HttpRequest, form: ReportForm, *, allow_year: bool = True) -> Selection:
    lowest = 0 if allow_year and PER_YEAR[form.period_kind] > 1 else 1
    year, index = from_query(request.GET, form.period_kind, default_period(form, today()), lowest=lowest)
    return Selection(
        year=year,
        index=index,
        structure=STRUCTURE_PARAM.get(request.GET.get("co-cau", ""), REPORTED),
        include_submitted=request.GET.get("chua-duyet") == "1",
        code=request.GET.get("chi-tieu", "")[:40],
    )


def _period_choices(form: ReportForm) -> list[tuple[int, str]]:
    kind = form.period_kind
    if kind == "year":
        return [(1, _("Cả năm"))]
    if kind == "nine":
        return [(1, _("9 tháng"))]
    if PER_YEAR[kind] == 1:
        return [(1, _("Cả kỳ"))]
    label = {"quarter": _("Quý"), "month": _("Tháng"), "half": _("6 tháng")}[kind]
    choices = [(0, _("Cả năm"))]
    if kind == "half":
        return choices + [(1, _("6 tháng đầu năm")), (2, _("6 tháng cuối năm"))]
    return choices + [(i, f"{label} {i}") for i in range(1, PER_YEAR[kind] + 1)]


def _results_context(request: AuthedRequest, form_id: int, unit_id: int, *, allow_year: bool = True) -> dict:
    report_form = get_form_for_user(request, form_id)
    sel = selection(request, report_form, allow_year=allow_year)
    last = period_end(report_form.period_kind, sel.year, sel.index)
    unit = get_results_unit_for_user(request, unit_id, on=last if sel.structure == REPORTED else None)
    return {
        "rf": report_form,
        "unit": unit,
        "sel": sel,
        "years": range(today().year - 4, today().year + 1),
        "period_choices": _period_choices(report_form) if allow_year else _period_choices(report_form)[1:],
        "structures": [(PARAM_OF[k], v) for k, v in STRUCTURES.items()],
        "can_set_targets": can_set_targets(request.user, unit),
    }


def _selected_table(ctx: dict[str, Any]) -> RollupTable:
    """The roll-up of the page's form, unit and selection (see `_results_context`)."""
    sel = ctx["sel"]
    return rollup_table(
        ctx["rf"],
        ctx["unit"],
        sel.year,
        sel.index,
        structure=sel.structure,
        include_submitted=sel.include_submitted,
    )


@login_required
@require_safe
@reads_from_replica
def rollup(request: AuthedRequest, form_id: int, unit_id: int) -> HttpResponse:
    ctx = _results_context(request, form_id, unit_id)
    table = _selected_table(ctx)
    ctx.update(table=table, crumbs=breadcrumbs(request.user, ctx["unit"], table.on))
    return render(request, "reports/rollup.html", ctx)


def _figure(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(round(value, 4))


def _number_format(indicator: Indicator) -> str:
    if indicator.kind == Indicator.Kind.PERCENT:
        return PERCENT_FORMAT
    if indicator.kind == Indicator.Kind.INTEGER and indicator.aggregation not in ("avg", "wavg"):
        return INTEGER_FORMAT
    return DECIMAL_FORMAT


ROW_KIND = {"child": "", "merged": "Đã sáp nhập", "own": "Số liệu của chính đơn vị", "total": "Tổng cộng"}


def rollup_sheet(table: RollupTable, *, name: str = "Tổng hợp") -> Sheet:
    """The roll-up as a worksheet: unit codes and names, completeness, then each indicator (with the
    number of answers for yes/no counts, and the target and progress where any row has a target)."""
    headers = [
        "Mã đơn vị",
        "Đơn vị",
        "Ghi chú",
        "Số đơn vị",
        "Phải báo cáo",
        "Đã nhận",
        "Đã duyệt",
        "Đúng hạn",
    ]
    formats: list[str | None] = [None, None, None, INTEGER_FORMAT, INTEGER_FORMAT, INTEGER_FORMAT]
    formats += [INTEGER_FORMAT, INTEGER_FORMAT]
    all_rows = [*table.rows, table.total]
    columns = []
    for ind in table.indicators:
        label = f"{ind.label} ({ind.unit_suffix})" if ind.unit_suffix else ind.label
        columns.append((ind, "value"))
        headers.append(label)
        formats.append(INTEGER_FORMAT if ind.aggregation == "count_yes" else _number_format(ind))
        if ind.aggregation == "count_yes":
            columns.append((ind, "answered"))
            headers.append(f"{ind.label} — số đơn vị đã trả lời")
            formats.append(INTEGER_FORMAT)
        if any(r.cells[ind.code].target is not None for r in all_rows):
            columns += [(ind, "target"), (ind, "progress")]
            headers += [f"{ind.label} — chỉ tiêu giao", f"{ind.label} — % đạt"]
            formats += [_number_format(ind), PERCENT_FORMAT]

    def line(row: RollupRow) -> list:
        c = row.completeness
        note = ROW_KIND[row.kind] + (" (có báo cáo chưa duyệt)" if row.not_final else "")
        out = [row.unit.code, getattr(row.unit, "name_at", row.unit.name), note.strip(), row.units]
        out += [c.expected, c.received, c.approved, c.on_time]
        for ind, part in columns:
            cell = row.cells[ind.code]
            if part == "value":
                out.append(_figure(cell.value))
            elif part == "answered":
                out.append(cell.answered)
            elif part == "target":
                out.append(_figure(cell.target))
            else:
                out.append(_figure(cell.progress))
        return out

    status = (
        "báo cáo đã duyệt và báo cáo chờ duyệt (chưa chính thức)"
        if table.include_submitted
        else "báo cáo đã duyệt"
    )
    return Sheet(
        name=name,
        title=f"{table.form.title} — {table.period_label} — {table.unit.name}",
        notes=[
            f"{STRUCTURES[table.structure]} (cơ cấu ngày {table.on:%d/%m/%Y}); số liệu từ {status}.",
            f"Xuất ngày {today():%d/%m/%Y}.",
        ],
        headers=headers,
        rows=[line(r) for r in all_rows],
        widths=[16, 50, 22, 10, 12, 10, 10, 10] + [18] * len(columns),
        formats=formats,
    )


@login_required
@require_safe
@reads_from_replica
def rollup_excel(request: AuthedRequest, form_id: int, unit_id: int) -> HttpResponse:
    ctx = _results_context(request, form_id, unit_id)
    sel = ctx["sel"]
    table = _selected_table(ctx)
    name = f"tong-hop-{form_id}-{ctx['unit'].code}-{sel.year}-{sel.index}-{PARAM_OF[sel.structure]}.xlsx"
    return xlsx_response([rollup_sheet(table)], _ascii(name))


def _ascii(name: str) -> str:
    from trienkhai.lib.vn import fold

    return "".join(ch if ch.isalnum() or ch in "-._" else "-" for ch in fold(name))


# --- dashboard -------------------------------------------------------------------------------------------


@login_required
@require_safe
@reads_from_replica
def dashboard(request: AuthedRequest, form_id: int, unit_id: int) -> HttpResponse:
    ctx = _results_context(request, form_id, unit_id)
    board = build_dashboard(ctx["rf"], ctx["unit"], ctx["sel"])
    ctx.update(d=board, table=board.table, crumbs=breadcrumbs(request.user, ctx["unit"], board.table.on))
    return render(request, "reports/dashboard.html", ctx)


@login_required
@require_safe
@reads_from_replica
def dashboard_excel(request: AuthedRequest, form_id: int, unit_id: int) -> HttpResponse:
    ctx = _results_context(request, form_id, unit_id)
    board = build_dashboard(ctx["rf"], ctx["unit"], ctx["sel"])
    ind = board.indicator
    sheets = [
        Sheet(
            name="Tiến độ báo cáo",
            title=f"Tiến độ báo cáo — {board.table.period_label} — {ctx['unit'].name}",
            notes=[f"{ctx['sel'].structure_label}."],
            headers=["Mã đơn vị", "Đơn vị", "Phải báo cáo", "Đã nhận", "Chờ duyệt", "Đã duyệt", "Bị trả lại"]
            + ["Đúng hạn", "Đã nhận (%)", "Đã duyệt (%)", "Đúng hạn (%)"],
            rows=[
                [r.unit.code, r.name, r.c.expected, r.c.received, r.c.waiting, r.c.approved, r.c.returned]
                + [r.c.on_time, r.c.received_pct, r.c.approved_pct, r.c.on_time_pct]
                for r in board.completeness
            ],
            widths=[16, 50] + [12] * 9,
            formats=[None, None] + [INTEGER_FORMAT] * 6 + [PERCENT_FORMAT] * 3,
        ),
        rollup_sheet(board.table, name="Tổng hợp và chỉ tiêu"),
    ]
    if ind is not None:
        fmt = _number_format(ind)
        sheets.append(
            Sheet(
                name="Xu hướng",
                title=f"{ind.label} — theo kỳ và theo năm — {ctx['unit'].name}",
                headers=["Năm", *board.trend_columns, "Cả năm"],
                rows=[
                    [y, *[_figure(v) for v in vals], _figure(whole)] for y, vals, whole in board.trend_rows
                ],
                widths=[10] + [14] * (len(board.trend_columns) + 1),
                formats=[None] + [fmt] * (len(board.trend_columns) + 1),
            )
        )
        sheets.append(
            Sheet(
                name="Xếp hạng",
                title=f"Xếp hạng đơn vị trực thuộc theo «{ind.label}» — {board.table.period_label}",
                headers=["Hạng", "Mã đơn vị", "Đơn vị", ind.label],
                rows=[[r.rank, r.unit.code, r.name, _figure(r.value)] for r in board.ranking],
                widths=[8, 16, 50, 18],
                formats=[INTEGER_FORMAT, None, None, fmt],
            )
        )
    sel = ctx["sel"]
    return xlsx_response(sheets, _ascii(f"so-lieu-{form_id}-{ctx['unit'].code}-{sel.year}-{sel.index}.xlsx"))


@login_required
@require_safe
@reads_from_replica
def dashboards(request: AuthedRequest) -> HttpResponse:
    """Where dashboards start: each report form the user can see, for each of the user's own units."""
    return render(request, "reports/dashboards.html", {"entries": dashboard_entries(request.user)})


def dashboard_entries(user) -> list[tuple[ReportForm, list[Unit]]]:
    """(form, units) pairs: forms of plans the user sees, with the user's own units (roles today) that
    can open their results. Three queries."""
    own = Unit.objects.visible_to(user).filter(
        pk__in=Membership.objects.active_on(today()).filter(user=user).values("unit_id")
    )
    units = sorted(own, key=lambda u: u.name)
    if not units:
        return []
    forms = ReportForm.objects.filter(plan__in=Plan.objects.visible_to(user)).select_related("plan")
    return [(f, units) for f in forms.order_by("plan__number", "pk")]


# --- targets -----------------------------------------------------------------------------------------------


@login_required
def targets(request: AuthedRequest, form_id: int, unit_id: int) -> HttpResponse:
    """The unit's targets for a period, its children's shares, and allocation down the tree."""
    ctx = _results_context(request, form_id, unit_id)
    report_form, unit, sel = ctx["rf"], ctx["unit"], ctx["sel"]
    editable = ctx["can_set_targets"]
    if request.method == "POST" and not editable:
        raise Http404("Không tìm thấy đơn vị.")
    indicators = [i for i in report_form.indicators.all() if i.rolls_up and i.is_numeric]
    t_index = stored_index(report_form.period_kind, sel.index)
    own = {
        t.indicator_id: t.value
        for t in Target.objects.filter(indicator__in=indicators, unit=unit, year=sel.year, index=t_index)
    }
    set_form = TargetsForm(
        request.POST if request.POST.get("action") == "set" else None,
        indicators=indicators,
        initial={f"t_{i.pk}": own.get(i.pk) for i in indicators},
    )
    allocate_form = AllocateForm(
        request.POST if request.POST.get("action") == "allocate" else None,
        indicators=indicators,
        form=report_form,
    )
    if request.method == "POST":
        back = reverse("reports:targets", args=[form_id, unit_id]) + f"?{sel.query()}"
        if request.POST.get("action") == "set" and set_form.is_valid():
            workflow.set_targets(
                unit=unit, year=sel.year, index=t_index, values=set_form.values(), user=request.user
            )
            messages.success(request, _("Đã lưu chỉ tiêu giao."))
            return redirect(back)
        if request.POST.get("action") == "allocate" and allocate_form.is_valid():
            data = allocate_form.cleaned_data
            try:
                shares = workflow.allocate_target(
                    indicator=data["indicator"],
                    unit=unit,
                    year=sel.year,
                    index=t_index,
                    basis=data["basis"],
                    remainder=data["remainder"],
                    user=request.user,
                )
            except workflow.NoTarget:
                messages.error(request, _("Hãy giao chỉ tiêu cho chính đơn vị này trước khi phân bổ xuống."))
                return redirect(back)
            messages.success(
                request, _("Đã phân bổ chỉ tiêu xuống %(n)s đơn vị trực thuộc.") % {"n": len(shares)}
            )
            return redirect(back)
    table = rollup_table(
        report_form, unit, sel.year, sel.index, structure=CURRENT if sel.structure == CURRENT else REPORTED
    )
    ctx.update(
        table=table,
        indicators=indicators,
        set_form=set_form,
        allocate_form=allocate_form,
        editable=editable,
        crumbs=breadcrumbs(request.user, unit, table.on),
        period_text=period_name(report_form.period_kind, sel.year, sel.index),
    )
    status = 400 if request.method == "POST" else 200
    return render(request, "reports/targets.html", ctx, status=status)
