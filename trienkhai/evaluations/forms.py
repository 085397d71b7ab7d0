"""Forms of criteria sets, criteria and the opening of a year; scores are read by `parse_points`."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from trienkhai.core.forms import VNDateField, offer_only
from trienkhai.orgs.models import Unit
from trienkhai.reports.models import ReportForm

from .grades import GRADES
from .models import CriteriaGroup, CriteriaSet, Criterion, Method


def parse_points(text: str) -> tuple[Decimal | None, str | None]:
    """Points typed the Vietnamese way ("7,5" or "7.5"); (None, None) when empty, (None, error) when
    not a number."""
    text = (text or "").strip().replace(" ", "")
    if not text:
        return None, None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None, str(_("Điểm phải là một số, ví dụ 7,5."))
    if not value.is_finite():
        return None, str(_("Điểm phải là một số, ví dụ 7,5."))
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        return None, str(_("Điểm có tối đa hai chữ số thập phân."))
    return value, None


class SetForm(forms.ModelForm[CriteriaSet]):
    class Meta:
        model = CriteriaSet
        fields = ["owner", "year", "title", "basis", "mandatory_zero_cap"]
        widgets = {"basis": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, units: QuerySet[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_only(self.fields["owner"], units)
        self.fields["year"].validators += [MinValueValidator(2000), MaxValueValidator(2100)]
        self.fields["mandatory_zero_cap"].help_text = _(
            "Điều kiện: CĐCS có tiêu chí bắt buộc bị 0 điểm chỉ được xếp loại này trở xuống (để trống: "
            "không áp dụng)."
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        owner, year = data.get("owner"), data.get("year")
        if owner and year and CriteriaSet.objects.filter(owner=owner, year=year).exists():
            self.add_error("year", _("Đơn vị đã có bộ tiêu chí năm này; hãy sửa hoặc sao chép bộ đó."))
        return data


class RulesForm(forms.ModelForm[CriteriaSet]):
    """The set's title, condition and its bands: the lowest score and the largest share of each grade."""

    class Meta:
        model = CriteriaSet
        fields = ["title", "basis", "mandatory_zero_cap"]
        widgets = {"basis": forms.Textarea(attrs={"rows": 2})}

    new_group = forms.CharField(label=_("Thêm nhóm tiêu chí"), required=False, max_length=255)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bands = {b.grade: b for b in self.instance.bands.all()} if self.instance.pk else {}
        for code, label in GRADES[:-1]:
            band = bands.get(code)
            self.fields[f"min_{code}"] = forms.DecimalField(
                label=_("%(g)s: từ (điểm)") % {"g": label},
                min_value=0,
                max_digits=6,
                decimal_places=2,
                initial=band.min_score if band else None,
                localize=True,
            )
            self.fields[f"share_{code}"] = forms.DecimalField(
                label=_("%(g)s: tỷ lệ tối đa trong một cấp trên (%%)") % {"g": label},
                min_value=0,
                max_value=100,
                max_digits=5,
                decimal_places=2,
                required=False,
                initial=band.max_share if band else None,
                localize=True,
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        mins = [data.get(f"min_{code}") for code, _label in GRADES[:-1]]
        given: list[Decimal] = [m for m in mins if m is not None]
        if len(given) == len(mins) and not all(a > b for a, b in zip(given, given[1:], strict=False)):
            raise forms.ValidationError(_("Ngưỡng điểm phải giảm dần từ xếp loại cao nhất đến thấp nhất."))
        return data

    def bands(self) -> list[tuple[str, Decimal, Decimal | None]]:
        return [
            (code, self.cleaned_data[f"min_{code}"], self.cleaned_data.get(f"share_{code}"))
            for code, _label in GRADES[:-1]
        ]


class CriterionForm(forms.ModelForm[Criterion]):
    class Meta:
        model = Criterion
        fields = [
            "group",
            "code",
            "text",
            "max_points",
            "method",
            "form",
            "indicator_code",
            "evidence_required",
            "mandatory",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(
        self,
        *args: Any,
        criteria_set: CriteriaSet,
        report_forms: QuerySet[ReportForm] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_only(self.fields["group"], CriteriaGroup.objects.filter(criteria_set=criteria_set))
        offer_only(
            self.fields["form"], (report_forms if report_forms is not None else ReportForm.objects.none())
        )
        self.fields["max_points"].localize = True
        self.fields["max_points"].widget.is_localized = True

    def clean_max_points(self) -> Decimal:
        value = self.cleaned_data["max_points"]
        if value <= 0:
            raise forms.ValidationError(_("Điểm tối đa phải lớn hơn 0."))
        return value

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("method") and data["method"] != Method.MANUAL:
            form, code = data.get("form"), (data.get("indicator_code") or "").strip()
            if not form:
                self.add_error("form", _("Tiêu chí tính từ báo cáo cần chọn biểu mẫu báo cáo."))
            elif not form.indicators.filter(code=code).exists():
                self.add_error("indicator_code", _("Biểu mẫu không có chỉ tiêu mã này."))
        return data


class OpenForm(forms.Form):
    due_on = VNDateField(label=_("Hạn CĐCS gửi phiếu tự đánh giá"))


class CopyForm(forms.Form):
    year = forms.IntegerField(label=_("Sao chép sang năm"), min_value=2000, max_value=2100)
