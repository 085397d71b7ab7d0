"""What `finance` adds to lower apps' pages and flows (issue 25):
- the plan page (`plans.contrib`): "Sổ chi, chứng từ" and "Dự toán và đã chi toàn hệ thống";
- the report page (`reports.contrib`): the period's spending per line, read from the records, confirmed
  with the report and approved with it (`submission_moved` freezes it inside the report's transaction);
- the issued result report (`issuing.contrib`): a finance section, planned against spent to the end of
  the period, from the same `money_rollup` as the page and the Excel export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from trienkhai.issuing.api import section
from trienkhai.lib import periods as P
from trienkhai.lib.content import ContentSection, Table
from trienkhai.lib.vn import format_date, format_money
from trienkhai.orgs.models import Unit
from trienkhai.plans.contrib import Link
from trienkhai.plans.models import BudgetLine, Plan
from trienkhai.reports.models import ReportForm, Submission

from .ledger import money_rollup, period_spending
from .models import Statement
from .workflow import statement_moved


def plan_links(request: HttpRequest, plan: Plan) -> list[tuple[str, list[Link]]]:
    # Spending is read by the plan's unit and the levels above (finance.access); a unit the plan was only
    # sent to sees the plan but not the sender's books, so it is offered no link.
    if not plan.budget_lines.exists() or not Unit.objects.in_scope(request.user, plan.owner_unit_id):
        return []
    links = [
        Link(
            label=_("Sổ chi, chứng từ"),
            url=reverse("finance:ledger", args=[plan.pk]),
            id="finance-ledger",
            icon="bi-journal-text",
        ),
        Link(
            label=_("Dự toán và đã chi toàn hệ thống"),
            url=reverse("finance:rollup", args=[plan.pk]),
            id="finance-rollup",
            icon="bi-cash-coin",
        ),
    ]
    return [(_("Kinh phí"), links)]


def submission_panels(request: HttpRequest, submission: Submission, *, can_edit: bool) -> list[SafeString]:
    plan = submission.form.plan
    if not BudgetLine.objects.filter(plan_id=plan.pk).exists():
        return []  # a plan without a budget: one query, nothing to show
    rows = period_spending(submission.unit, plan, submission.period_start, submission.period_end)
    if not rows:
        return []
    statement = (
        Statement.objects.filter(submission=submission).select_related("confirmed_by", "approved_by").first()
    )
    own_plans = {r.line.plan_id for r in rows}
    html = render_to_string(
        "finance/_submission_panel.html",
        {
            "s": submission,
            "rows": rows,
            "total": sum((r.spent for r in rows), Decimal(0)),
            "statement": statement,
            "ledgers": sorted(own_plans),
            "can_edit": can_edit,
        },
        request=request,
    )
    return [SafeString(html)]


def submission_moved(submission: Submission, *, user: User | None, old: str) -> None:
    statement_moved(submission, user=user, old=old)


def report_sections(
    form: ReportForm, unit: Unit, year: int, index: int, *, on: dt.date
) -> list[ContentSection]:
    """ "KINH PHÍ THỰC HIỆN": planned, spent and left per line of the plan to the end of the period, with
    the overspent lines and the reasons the units gave."""
    plan = form.plan
    if not plan.budget_lines.exists():
        return []
    until = min(P.period_end(form.period_kind, year, index), on)
    money = money_rollup(plan, unit, until=until, on=on)
    table: Table = {
        "columns": ["STT", "Nội dung chi", "Dự toán (đồng)", "Đã chi (đồng)", "Còn lại (đồng)"],
        "rows": [
            [str(n), r.label, _amount(r.planned), _amount(r.spent), _amount(r.remaining)]
            for n, r in enumerate(money.lines, start=1)
        ]
        + [
            [
                "",
                "Tổng cộng",
                _amount(money.total.planned),
                _amount(money.total.spent),
                _amount(money.total.remaining),
            ]
        ],
        "widths": [11, 80, 30, 30, 30],
        "align": ["center", "left", "right", "right", "right"],
    }
    paragraphs = [
        f"Tổng dự toán kinh phí {format_money(money.total.planned)}, đã chi đến ngày {format_date(until)} "
        f"{format_money(money.total.spent)} (theo sổ chi và chứng từ của các đơn vị), còn lại "
        f"{format_money(money.total.remaining)}:"
    ]
    items = [
        (
            f"{r.label}: chi vượt {format_money(r.spent - r.planned)}"
            if r.over_total
            else f"{r.label}: có đơn vị chi vượt phần được phân bổ"
        )
        + (f" — {'; '.join(r.reasons)}" if r.reasons else "")
        for r in money.lines
        if r.overspent
    ]
    return [section("", "KINH PHÍ THỰC HIỆN", paragraphs=paragraphs, items=items, table=table)]


def _amount(value: Decimal) -> str:
    """An amount in a table cell: 1.234.567 (the column says đồng)."""
    return format_money(value).removesuffix(" đ")
