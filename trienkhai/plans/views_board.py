"""Views of plans: the cascade board (who received the plan, who made their own, who is late), reminders
one by one or to all, and the board as an Excel file."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from trienkhai.core.exports import xlsx_response
from trienkhai.core.http import AuthedRequest
from trienkhai.lib.xlsx import Sheet
from trienkhai.orgs.models import Sector, UnitKind, today

from .access import can_write_plan, get_assignment_for_user, get_plan_for_user
from .board import cascade_board
from .models import Plan, PlanAssignment
from .workflow import (
    remind_all_pending,
    send_reminder,
)


def _board_rows(request: AuthedRequest, plan: Plan) -> dict:
    board = cascade_board(plan, params=request.GET, on=today())
    return {
        **board,
        "plan": plan,
        "labels": PlanAssignment.STATE_LABELS,
        "kind_labels": dict(UnitKind.choices),
        "sectors": dict(Sector.choices),
        "today": board["on"],
        "can_remind": can_write_plan(request, plan),
        "query": request.GET.urlencode(),
    }


@login_required
def plan_board(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id, manage=True)
    context = _board_rows(request, plan)
    template = "plans/_board.html" if request.htmx else "plans/board.html"
    return render(request, template, context)


@login_required
@require_POST
def remind(request: AuthedRequest, assignment_id: int) -> HttpResponse:
    assignment = get_assignment_for_user(request, assignment_id)
    plan = get_plan_for_user(request, assignment.plan_id, write=True)
    sent = send_reminder(assignment=assignment, user=request.user) is not None
    if not request.htmx:
        messages.info(
            request, gettext("Đã nhắc đơn vị.") if sent else gettext("Đơn vị đã được nhắc hôm nay.")
        )
        return redirect("plans:board", plan.pk)
    row = PlanAssignment.objects.board(plan).get(pk=assignment.pk)
    row.late_days = row.days_late()
    row.state_label = PlanAssignment.STATE_LABELS[row.state]
    return render(
        request,
        "plans/_board_row.html",
        {
            "r": row,
            "plan": plan,
            "can_remind": True,
            "today": today(),
            "just_sent": sent,
            "sectors": dict(Sector.choices),
        },
    )


@login_required
@require_POST
def remind_all(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id, write=True)
    sent = remind_all_pending(plan=plan, user=request.user)
    if request.htmx:
        context = _board_rows(request, plan)
        context["reminded_now"] = sent
        return render(request, "plans/_board.html", context)
    messages.info(request, gettext("Đã nhắc %(count)d đơn vị.") % {"count": sent})
    return redirect("plans:board", plan.pk)


@login_required
def plan_board_xlsx(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request, plan_id, manage=True)
    context = _board_rows(request, plan)
    kinds, sectors = context["kind_labels"], context["sectors"]
    rows = (
        [
            i,
            r.unit.code,
            r.unit.name,
            str(kinds.get(r.unit.kind, r.unit.kind)),
            str(sectors.get(r.unit.sector, "")),
            r.parent_now_name or "",
            r.sent_on,
            r.deadline,
            r.received_at.date() if r.received_at else None,
            r.completed_on,
            str(r.state_label),
            r.late_days,
            r.action_count,
            r.last_reminded_on,
        ]
        for i, r in enumerate(context["rows"], start=1)
    )
    sheet = Sheet(
        name="Tiến độ",
        title=f"Tiến độ xây dựng kế hoạch thực hiện {plan.number or ''} — {plan.title}",
        headers=[
            "STT",
            "Mã đơn vị",
            "Đơn vị",
            "Loại đơn vị",
            "Khu vực",
            "Cấp trên hiện nay",
            "Ngày gửi",
            "Hạn xây dựng kế hoạch",
            "Ngày nhận",
            "Ngày hoàn thành",
            "Tình trạng",
            "Số ngày trễ",
            "Số hoạt động",
            "Nhắc gần nhất",
        ],
        rows=rows,
        widths=[5, 14, 50, 22, 28, 34, 12, 14, 12, 14, 26, 10, 10, 13],
    )
    return xlsx_response([sheet], f"tien-do-ke-hoach-{plan.pk}.xlsx")
