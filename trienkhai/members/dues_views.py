"""The dues pages of a unit: the month's record (one member, or the CĐCS's month from an Excel sheet),
the sheet to fill, and the share of members who paid. Scoped like the register (access.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trienkhai.core.http import AuthedRequest
from trienkhai.lib.vn import format_decimal, format_money
from trienkhai.lib.xlsx import CONTENT_TYPE
from trienkhai.orgs.models import Unit, today

from . import dues
from .access import can_write, get_register_unit, log
from .dues_forms import DuesRecordForm, DuesUploadForm, parse_month
from .models import PURPOSE, DataAccess, DuesPayment

A = DataAccess.Action


def _context(request: AuthedRequest, unit: Unit, month, **forms) -> dict:
    try:
        rule = dues.rule_for(month)
    except ValidationError:
        rule = None
    due = dues.due_members(unit, month).order_by("search_text", "pk")
    paid = {
        p.member_id: p
        for p in DuesPayment.objects.filter(month=month, member__in=due.values("pk")).only(
            "member_id", "salary", "amount"
        )
    }
    page = Paginator(due, 100).get_page(request.GET.get("trang"))
    rows = [(m, paid.get(m.pk)) for m in page.object_list]
    share = dues.paid_share(unit, month, dues.month_end(month))
    initial = {"month": month.strftime("%m/%Y")}
    return {
        "unit": unit,
        "month": month,
        "month_text": month.strftime("%m/%Y"),
        "rule": rule,
        "cap": dues.cap_of(rule) if rule else None,
        "rate_text": format_decimal(rule.rate_percent) if rule else "",
        "cap_percent_text": format_decimal(rule.cap_percent_of_base)
        if rule and rule.cap_percent_of_base
        else "",
        "rows": rows,
        "page": page,
        "share": share,
        "total": format_money(sum((p.amount for p in paid.values()), start=0)),
        "writable": can_write(request, unit),
        "record_form": forms.get("record_form") or DuesRecordForm(initial=initial),
        "upload_form": forms.get("upload_form") or DuesUploadForm(initial=initial),
        "result": forms.get("result"),
        "purpose": PURPOSE,
    }


def _month(request: AuthedRequest):
    return parse_month(request.GET.get("thang", "")) or today().replace(day=1)


@login_required
def dues_page(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = get_register_unit(request, unit_id)
    month = _month(request)
    ctx = _context(request, unit, month)
    log(
        request,
        unit,
        A.LIST,
        records=len(ctx["rows"]),
        purpose=_("Xem sổ đoàn phí tháng %(m)s") % {"m": ctx["month_text"]},
    )
    return render(request, "members/dues.html", ctx)


@login_required
@require_POST
def dues_record(request: AuthedRequest, unit_id: int) -> HttpResponse:
    unit = get_register_unit(request, unit_id, write=True)
    form = DuesRecordForm(request.POST)
    if form.is_valid():
        month = form.cleaned_data["month"]
        try:
            member = dues.find_member(unit, form.cleaned_data["card_number"])
            payment = dues.record_dues(
                member=member, unit=unit, month=month, salary=form.cleaned_data["salary"], user=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            log(
                request,
                unit,
                A.EDIT,
                member=member,
                purpose=_("Ghi đoàn phí tháng %(m)s") % {"m": month.strftime("%m/%Y")},
            )
            messages.success(
                request,
                _("Đã ghi đoàn phí tháng %(m)s của %(n)s: %(a)s.")
                % {"m": month.strftime("%m/%Y"), "n": member.full_name, "a": format_money(payment.amount)},
            )
            return redirect(f"{reverse('members:dues', args=[unit.pk])}?thang={month.strftime('%Y-%m')}")
    month = form.cleaned_data.get("month") or _month(request)
    return render(request, "members/dues.html", _context(request, unit, month, record_form=form), status=400)


@login_required
@require_POST
def dues_upload(request: AuthedRequest, unit_id: int) -> HttpResponse:
    """A CĐCS's month from the sheet: every row checked, all written or none (the errors by row)."""
    unit = get_register_unit(request, unit_id, write=True)
    form = DuesUploadForm(request.POST, request.FILES)
    result = None
    if form.is_valid():
        month = form.cleaned_data["month"]
        upload = form.cleaned_data["file"]
        upload.seek(0)
        result = dues.import_dues(data=upload.read(), unit=unit, month=month, user=request.user)
        if result.ok:
            log(
                request,
                unit,
                A.IMPORT,
                records=result.written,
                purpose=_("Nhập đoàn phí tháng %(m)s") % {"m": month.strftime("%m/%Y")},
            )
            messages.success(
                request,
                _("Đã ghi đoàn phí tháng %(m)s của %(n)d đoàn viên, tổng %(a)s.")
                % {"m": month.strftime("%m/%Y"), "n": result.written, "a": format_money(result.total)},
            )
            return redirect(f"{reverse('members:dues', args=[unit.pk])}?thang={month.strftime('%Y-%m')}")
    month = form.cleaned_data.get("month") or _month(request)
    ctx = _context(request, unit, month, upload_form=form, result=result)
    return render(request, "members/dues.html", ctx, status=400)


@login_required
def dues_template(request: AuthedRequest, unit_id: int) -> HttpResponse:
    """The month's sheet: the members who owe dues, salary to fill in."""
    unit = get_register_unit(request, unit_id, write=True)
    month = _month(request)
    try:
        data = dues.template_workbook(unit, month)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(reverse("members:dues", args=[unit.pk]))
    log(request, unit, A.EXPORT, records=dues.due_members(unit, month).count(), purpose=_("Tệp mẫu đoàn phí"))
    response = HttpResponse(data, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="doan-phi-{unit.code or unit.pk}-{month:%Y-%m}.xlsx"'
    )
    return response
