"""The plan's money as it is spent (issue 25): the spending records (khoản chi) a unit keeps against the
budget lines of its plan, each with its voucher; the reason a unit gives for an overspent line; and the
period's spending frozen with a periodic report when the unit submits it (confirmed) and when the level
above approves it.

Money is whole đồng in `Decimal`, never a float. A record is never edited: a mistake is corrected by a
reversing entry (bút toán đảo) that carries the opposite amount and the reason, as accountants expect.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from trienkhai.orgs.models import Unit
from trienkhai.plans.models import BudgetLine
from trienkhai.reports.models import Submission


class PaymentQuerySet(models.QuerySet):
    def between(self, start: dt.date | None, end: dt.date | None) -> PaymentQuerySet:
        """Records dated from `start` to `end`, both included (either may be open)."""
        qs = self
        if start is not None:
            qs = qs.filter(paid_on__gte=start)
        if end is not None:
            qs = qs.filter(paid_on__lte=end)
        return qs

    def total(self) -> Decimal:
        return self.aggregate(total=Sum("amount"))["total"] or Decimal(0)


class Payment(models.Model):
    """One payment (khoản chi) of a unit against a line of its plan's budget; a reversing entry when
    `reverses` is set (its amount is the opposite of the entry it reverses)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="payments", verbose_name=_("đơn vị")
    )
    line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="payments", verbose_name=_("dòng kinh phí")
    )
    paid_on = models.DateField(_("ngày chi"))
    amount = models.DecimalField(_("số tiền (đồng)"), max_digits=15, decimal_places=0)
    payee = models.CharField(_("người nhận"), max_length=200)
    purpose = models.CharField(_("nội dung chi"), max_length=500)
    voucher = models.FileField(_("chứng từ"), upload_to="finance/vouchers/%Y/", blank=True)
    voucher_name = models.CharField(max_length=255, blank=True)
    reverses = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
        verbose_name=_("đảo bút toán"),
    )
    reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("khoản chi")
        verbose_name_plural = _("khoản chi")
        ordering = ["paid_on", "pk"]
        constraints = [
            # A payment is positive; only a reversing entry is negative, so nothing is "edited" by sign.
            models.CheckConstraint(
                condition=(Q(reverses__isnull=True) & Q(amount__gt=0))
                | (Q(reverses__isnull=False) & Q(amount__lt=0)),
                name="payment_sign_by_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.paid_on:%d/%m/%Y} {self.payee}: {self.amount}"

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


class OverspendReason(models.Model):
    """Why a unit spent more than a line of its plan (shown in red with the line in the roll-ups)."""

    line = models.OneToOneField(BudgetLine, on_delete=models.CASCADE, related_name="overspend_reason")
    text = models.TextField(_("lý do chi vượt dự toán"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    given_at = models.DateTimeField(auto_now=True)
    # Optimistic locking: two officers of the unit may write the reason at the same time.
    lock_version = models.PositiveIntegerField(default=0)


class Statement(models.Model):
    """The period's spending per line, frozen with a periodic report: confirmed when the unit submits it,
    approved when the level above approves the report (bảng kê chi trong kỳ)."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="spending")
    lines = models.JSONField(default=list)  # [{"line": id, "item": str, "amount": "123"}], as confirmed
    total = models.DecimalField(max_digits=15, decimal_places=0, default=0)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
