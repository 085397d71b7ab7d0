"""Views of the plan's money: the ledger of a plan (its lines, what was spent, the records with their
vouchers, recording and reversing), the roll-up of planned against spent up the tree (page and Excel),
and a unit's records over a period (what a finance inspection opens). Scope through `access`; changes
only on POST, through `workflow`; a refused form shows again with what was typed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from trienkhai.core.exports import xlsx_response
from trienkhai.core.http import AuthedRequest
from trienkhai.core.uploads import serve_stored
from trienkhai.orgs.models import today
from trienkhai.plans.models import BudgetLine, Plan
from trienkhai.reports.api import CURRENT, REPORTED, STRUCTURES

from . import workflow
from .access import get_payment_for_user, get_plan_for_user, get_unit_for_user
from .exports import rollup_sheets
from .forms import PaymentForm, PeriodForm, ReasonForm, ReverseForm
from .ledger import money_rollup
from .models import OverspendReason, Payment

LEDGER_ROWS = 300  # the newest records on the ledger page; the unit's records page reads any period


def _can_write(request: AuthedRequest, plan: Plan) -> bool:
    return Plan.objects.writable_by(request.user).filter(pk=plan.pk).exists()


def _ledger_context(request: AuthedRequest, plan: Plan, form: PaymentForm) -> dict:
    lines = list(plan.budget_lines.order_by("position", "pk").select_related("group", "task", "parent_line"))
    reasons = {r.line_id: r for r in OverspendReason.objects.filter(line__in=lines)}
    for line in lines:
        line.reason = reasons.get(line.pk)  # type: ignore[attr-defined]
    payments = list(
        Payment.objects.filter(line__plan=plan)
        .select_related("line", "created_by", "reverses")
        .prefetch_related("reversed_by")
        .order_by("-paid_on", "-pk")[:LEDGER_ROWS]
    )
    reversed_ids = set(
        Payment.objects.filter(line__plan=plan, reverses__isnull=False).values_list("reverses_id", flat=True)
    )
    total = sum((b.amount for b in lines), Decimal(0))
    spent = sum((b.spent for b in lines), Decimal(0))
    return {
        "plan": plan,
        "lines": lines,
        "payments": payments,
        "reversed_ids": reversed_ids,
        "form": form,
        "can_write": _can_write(request, plan),
        "totals": {"amount": total, "spent": spent, "remaining": total - spent},
        "today": today(),
    }


@login_required
def ledger(request: AuthedRequest, plan_id: int) -> HttpResponse:
    """Sổ chi của kế hoạch: lines, spending, records; a writer of the owner unit records a payment."""
    plan = get_plan_for_user(request, plan_id, write=request.method == "POST")
    if request.method != "POST":
        return render(request, "finance/ledger.html", _ledger_context(request, plan, PaymentForm(plan=plan)))
    form = PaymentForm(request.POST, request.FILES, plan=plan)
    if form.is_valid():
        data = form.cleaned_data
        try:
            workflow.record_payment(
                line=data["line"],
                paid_on=data["paid_on"],
                amount=data["amount"],
                payee=data["payee"],
                purpose=data["purpose"],
                voucher=request.FILES.get("voucher"),
                user=request.user,
            )
        except workflow.Refused as refused:
            form.add_error("voucher" if "tệp" in str(refused) else None, str(refused))
        else:
            messages.success(request, _("Đã ghi khoản chi."))
            return redirect("finance:ledger", plan.pk)
    return render(request, "finance/ledger.html", _ledger_context(request, plan, form), status=400)


@login_required
@require_POST
def reverse_payment(request: AuthedRequest, payment_id: int) -> HttpResponse:
    """Bút toán đảo: the only correction of a recorded payment."""
    payment = get_payment_for_user(request, payment_id, write=True)
    form = ReverseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy nêu lý do và ngày điều chỉnh (dd/mm/yyyy) để đảo khoản chi."))
        return redirect("finance:ledger", payment.line.plan_id)
    try:
        workflow.reverse_payment(
            payment=payment, reason=form.cleaned_data["reason"], on=form.cleaned_data["on"], user=request.user
        )
    except workflow.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Đã ghi bút toán đảo cho khoản chi."))
    return redirect("finance:ledger", payment.line.plan_id)


@login_required
@require_GET
def voucher(request: AuthedRequest, payment_id: int) -> FileResponse:
    payment = get_payment_for_user(request, payment_id)
    if not payment.voucher:
        raise Http404("Khoản chi này không có chứng từ.")
    return serve_stored(
        payment.voucher, payment.voucher_name or "chung-tu", inline=True, missing="Không còn tệp chứng từ."
    )


@login_required
@require_POST
def overspend_reason(request: AuthedRequest, line_id: int) -> HttpResponse:
    line = BudgetLine.objects.filter(pk=line_id).first()
    if line is None:
        raise Http404("Không tìm thấy dòng kinh phí.")
    plan = get_plan_for_user(request, line.plan_id, write=True)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy ghi lý do chi vượt dự toán."))
    elif workflow.give_overspend_reason(
        line=line,
        text=form.cleaned_data["text"],
        lock_version=form.cleaned_data["lock_version"],
        user=request.user,
    ):
        messages.success(request, _("Đã lưu lý do chi vượt dự toán."))
    else:
        current = OverspendReason.objects.filter(line=line).first()
        messages.error(
            request,
            _(
                "Người khác vừa sửa lý do của dòng này; lý do hiện tại: “%(text)s”. Lý do bạn nhập chưa được lưu: “%(mine)s”."
            )
            % {"text": current.text if current else "", "mine": form.cleaned_data["text"]},
        )
    return redirect("finance:ledger", plan.pk)


def _rollup_params(request: AuthedRequest) -> tuple[str, dt.date | None]:
    structure = request.GET.get("co-cau", REPORTED)
    if structure not in (REPORTED, CURRENT):
        structure = REPORTED
    period = PeriodForm({"den": request.GET.get("den", "")})
    until = period.cleaned_data.get("den") if period.is_valid() else None
    return structure, until


@login_required
@require_GET
def rollup(request: AuthedRequest, plan_id: int) -> HttpResponse:
    """Planned against spent up the tree, per line, task group, source of funds and unit below."""
    plan = get_plan_for_user(request, plan_id)
    structure, until = _rollup_params(request)
    money = money_rollup(plan, plan.owner_unit, structure=structure, until=until)
    return render(
        request,
        "finance/rollup.html",
        {
            "plan": plan,
            "money": money,
            "structures": STRUCTURES,
            "structure": structure,
            "until_text": f"{money.until:%d/%m/%Y}",
            "bad_date": bool(request.GET.get("den")) and until is None,
        },
    )


@login_required
@require_GET
def rollup_xlsx(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id)
    structure, until = _rollup_params(request)
    money = money_rollup(plan, plan.owner_unit, structure=structure, until=until)
    return xlsx_response(rollup_sheets(money), f"kinh-phi-ke-hoach-{plan.pk}.xlsx")


@login_required
@require_GET
def unit_records(request: AuthedRequest, unit_id: int) -> HttpResponse:
    """A unit's spending records and vouchers over a period (from the finance inspection's record)."""
    unit = get_unit_for_user(request, unit_id)
    period = PeriodForm(request.GET or None)
    start = end = None
    if period.is_bound and period.is_valid():
        start, end = period.cleaned_data.get("tu"), period.cleaned_data.get("den")
    payments = list(
        Payment.objects.filter(unit=unit)
        .between(start, end)
        .select_related("line", "line__plan", "reverses")
        .order_by("paid_on", "pk")
    )
    total = sum((p.amount for p in payments), Decimal(0))
    return render(
        request,
        "finance/unit_records.html",
        {"unit": unit, "payments": payments, "total": total, "period": period, "start": start, "end": end},
        status=400 if period.is_bound and not period.is_valid() else 200,
    )
