"""Forms of `finance`: a payment with its voucher, a reversing entry, the reason for overspending, the
period of a unit's records. Money is typed the Vietnamese way and read as whole đồng."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.core.forms import VNDateField
from trienkhai.plans.models import BudgetLine, Plan

from .vouchers import VOUCHER_KINDS, voucher_max_bytes


class MoneyField(forms.CharField):
    """Whole đồng: "1.500.000", "1 500 000", "1500000 đ"; positive, never a fraction, never a float."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = (super().to_python(value) or "").strip()
        if not text:
            return None
        compact = re.sub(r"[\s.\u00a0]", "", text).removesuffix("đồng").removesuffix("đ").strip()
        if "," in compact:
            raise forms.ValidationError(_("Số tiền tính bằng đồng, không có phần lẻ."), code="decimal")
        if not compact.isdigit():
            raise forms.ValidationError(_("Số tiền không hợp lệ; nhập ví dụ 1.500.000."), code="invalid")
        if len(compact) > 15:
            raise forms.ValidationError(_("Số tiền quá lớn."), code="too_big")
        amount = Decimal(compact)
        if amount <= 0:
            raise forms.ValidationError(_("Số tiền phải lớn hơn 0."), code="zero")
        return amount


class PaymentForm(forms.Form):
    line = forms.ModelChoiceField(
        label=_("Dòng kinh phí"),
        queryset=BudgetLine.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Hãy chọn một dòng kinh phí của kế hoạch.")},
    )
    paid_on = VNDateField(label=_("Ngày chi"))
    amount = MoneyField(label=_("Số tiền (đồng)"))
    payee = forms.CharField(label=_("Người nhận"), max_length=200)
    purpose = forms.CharField(label=_("Nội dung chi"), max_length=500)
    voucher = forms.FileField(
        label=_("Chứng từ (bản chụp hoặc PDF)"),
        required=False,
        help_text=_("Tệp PDF, JPG hoặc PNG."),
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["line"]).queryset = plan.budget_lines.order_by(
            "position", "pk"
        )
        self.fields["voucher"].help_text = _("Tệp PDF, JPG hoặc PNG, tối đa %(mb)s MB.") % {
            "mb": voucher_max_bytes() // (1024 * 1024)
        }
        self.fields["voucher"].widget.attrs["accept"] = ",".join(f".{k}" for k in VOUCHER_KINDS)


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Lý do điều chỉnh"), max_length=1000)
    on = VNDateField(label=_("Ngày điều chỉnh"))


class ReasonForm(forms.Form):
    text = forms.CharField(
        label=_("Lý do chi vượt dự toán"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class PeriodForm(forms.Form):
    tu = VNDateField(label=_("Từ ngày"), required=False)
    den = VNDateField(label=_("Đến ngày"), required=False)
