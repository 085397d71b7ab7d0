"""Finance flows (issue 25). Each is one function, keyword-only, in one transaction.

A record is never edited or deleted: `reverse_payment` writes the opposite entry with its reason. Every
flow that changes what a line has spent locks the line row first, then refreshes the line's `spent` from
its records, so the plan page's "đã chi" is always the sum of the records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.lib.uploads import UploadRefused
from trienkhai.plans.models import BudgetLine
from trienkhai.reports.models import Submission

from .ledger import period_spending
from .models import OverspendReason, Payment, Statement
from .vouchers import check_voucher


class Refused(Exception):
    """A finance change refused; the message is the Vietnamese sentence the user reads."""


def _refresh_spent(line: BudgetLine) -> None:
    BudgetLine.objects.filter(pk=line.pk).update(spent=Payment.objects.filter(line=line).total())


@transaction.atomic
def record_payment(
    *,
    line: BudgetLine,
    paid_on: dt.date,
    amount: Decimal,
    payee: str,
    purpose: str,
    voucher: UploadedFile | None,
    user: User | None,
) -> Payment:
    """Record what the plan's owner unit paid against `line`, with its voucher checked by the upload
    policy before anything is stored."""
    if amount <= 0 or amount != amount.to_integral_value():
        raise Refused(_("Số tiền phải là số đồng dương, không có phần lẻ."))
    if voucher is not None:
        try:
            check_voucher(voucher)
        except UploadRefused as exc:
            raise Refused(
                _("Không nhận tệp «%(name)s»: %(why)s") % {"name": voucher.name, "why": exc}
            ) from exc
    locked = BudgetLine.objects.select_for_update().select_related("plan").get(pk=line.pk)
    payment = Payment(
        unit_id=locked.plan.owner_unit_id,
        line=locked,
        paid_on=paid_on,
        amount=amount,
        payee=payee,
        purpose=purpose,
        created_by=user,
    )
    if voucher is not None:
        payment.voucher_name = (voucher.name or "chung-tu")[:255]
        payment.voucher.save(voucher.name or "chung-tu", voucher, save=False)
    payment.save()
    _refresh_spent(locked)
    return payment


@transaction.atomic
def reverse_payment(*, payment: Payment, reason: str, on: dt.date, user: User | None) -> Payment:
    """Correct a record by its reversing entry (bút toán đảo): the opposite amount, dated `on`, with the
    reason; the record itself stays as it was. A record is reversed once; a reversal is not reversed."""
    if not reason.strip():
        raise Refused(_("Phải nêu lý do điều chỉnh."))
    BudgetLine.objects.select_for_update().filter(pk=payment.line_id).first()
    fresh = Payment.objects.select_for_update().get(pk=payment.pk)
    if fresh.is_reversal:
        raise Refused(_("Đây là bút toán đảo; không đảo lại được. Hãy ghi một khoản chi mới nếu cần."))
    if Payment.objects.filter(reverses=fresh).exists():
        raise Refused(_("Khoản chi này đã được đảo trước đó."))
    reversal = Payment.objects.create(
        unit_id=fresh.unit_id,
        line_id=fresh.line_id,
        paid_on=on,
        amount=-fresh.amount,
        payee=fresh.payee,
        purpose=_("Đảo bút toán ngày %(day)s: %(what)s")
        % {"day": f"{fresh.paid_on:%d/%m/%Y}", "what": fresh.purpose},
        reverses=fresh,
        reason=reason.strip(),
        created_by=user,
    )
    _refresh_spent(fresh.line)
    return reversal


@transaction.atomic
def give_overspend_reason(*, line: BudgetLine, text: str, lock_version: int, user: User | None) -> bool:
    """Write why the unit overspent `line`; False, with nothing written, when someone else wrote the
    reason since it was read at `lock_version` (optimistic locking)."""
    reason, _created = OverspendReason.objects.select_for_update().get_or_create(
        line=line, defaults={"text": "", "given_by": user}
    )
    if reason.lock_version != lock_version:
        return False
    reason.text = text.strip()
    reason.given_by = user
    reason.lock_version += 1
    reason.save()
    return True


def confirm_spending(*, submission: Submission, user: User | None) -> Statement:
    """Freeze the period's spending per line of the submission's unit, as `user` confirms it."""
    rows = period_spending(
        submission.unit, submission.form.plan, submission.period_start, submission.period_end
    )
    statement, _created = Statement.objects.update_or_create(
        submission=submission,
        defaults={
            "lines": [{"line": r.line.pk, "item": r.line.item, "amount": str(r.spent)} for r in rows],
            "total": sum((r.spent for r in rows), Decimal(0)),
            "confirmed_by": user,
            "confirmed_at": timezone.now(),
            "approved_by": None,
            "approved_at": None,
        },
    )
    return statement


def statement_moved(submission: Submission, *, user: User | None, old: str) -> None:
    """With the report's state change (called inside its transaction, `reports.contrib`): on submitting,
    freeze the period's spending per line as the unit confirms it; on approval, approve it; when the
    report goes back to the unit, the confirmation is withdrawn until it is submitted again."""
    S = Submission.Status
    if submission.status in (S.SUBMITTED, S.RESUBMITTED):
        confirm_spending(submission=submission, user=user)
    elif submission.status == S.APPROVED:
        Statement.objects.filter(submission=submission).update(approved_by=user, approved_at=timezone.now())
    elif submission.status == S.RETURNED:
        Statement.objects.filter(submission=submission).update(
            confirmed_by=None, confirmed_at=None, approved_by=None, approved_at=None
        )
