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


# The rules of a set a federation edits, each with the text it follows (or "ví dụ" where none was found).
RULE_FORM_FIELDS = [
    "applies_to",
    "min_members",
    "max_members",
    "applies_on",
    "evaluate_founded_in_year",
    "mandatory_zero_cap",
    "group_min_share",
    "group_shortfall_cap",
    "discipline_cap",
    "bonus_max",
    "quota_base",
    "quota_rounding",
    "quota_scope",
]
RULE_HELP = {
    "applies_to": _(
        "Mỗi loại đơn vị, mỗi quy mô một bảng điểm (ví dụ hướng dẫn hằng năm của Công đoàn TKV: Phụ lục 1 "
        "cho CĐCS từ 500 đoàn viên, Phụ lục 2 dưới 500, Phụ lục 3 cho công đoàn cấp trên cơ sở)."
    ),
    "min_members": _("Để trống: không giới hạn. Số đoàn viên đọc từ sổ đoàn viên vào ngày xác định."),
    "applies_on": _("Để trống: ngày mở tự đánh giá."),
    "evaluate_founded_in_year": _(
        "Chưa tìm thấy văn bản của TLĐ quy định; mặc định không đánh giá (ví dụ, không lấy từ văn bản)."
    ),
    "mandatory_zero_cap": _(
        "Điều kiện: đơn vị có tiêu chí bắt buộc bị 0 điểm chỉ được xếp loại này trở xuống (để trống: "
        "không áp dụng)."
    ),
    "group_min_share": _(
        "Ví dụ 50: không nhóm tiêu chí nào dưới 50% số điểm của nhóm (ví dụ, không lấy từ văn bản của "
        "TLĐ). Để trống: không áp dụng."
    ),
    "discipline_cap": _("Ví dụ, không lấy từ văn bản của TLĐ. Để trống: không áp dụng."),
    "bonus_max": _(
        "Chỉ Hội đồng thi đua của đơn vị đánh giá chấm, cộng trên điểm tự chấm (Công đoàn TKV: tối đa "
        "95 điểm chấm + 05 điểm thưởng). 0: không có điểm thưởng."
    ),
    "quota_rounding": _("“Ít nhất 1”: cấp trên có ít CĐCS vẫn xếp được một đơn vị loại cao nhất."),
}


def _rule_fields(form: forms.ModelForm) -> None:
    for name, text in RULE_HELP.items():
        if name in form.fields:
            form.fields[name].help_text = text
    for name in ("group_min_share", "bonus_max"):
        if name in form.fields:
            # Typed the Vietnamese way (5 or 2,5): a text box, as a number box would refuse the comma.
            form.fields[name].localize = True
            form.fields[name].widget = forms.TextInput(attrs={"inputmode": "decimal"})
            form.fields[name].widget.is_localized = True
    if "group_min_share" in form.fields:
        form.fields["group_min_share"].validators += [MinValueValidator(0), MaxValueValidator(100)]
    if "bonus_max" in form.fields:
        form.fields["bonus_max"].validators += [MinValueValidator(0)]
    for name in KEPT_WHEN_ABSENT:
        if name in form.fields:
            form.fields[name].required = False


# Rules a post may leave out (an older page, a script): they keep the set's value, or the default.
KEPT_WHEN_ABSENT = ("applies_to", "bonus_max", "quota_base", "quota_rounding", "quota_scope")


def _keep_absent(form: forms.ModelForm, data: dict[str, Any]) -> None:
    for name in KEPT_WHEN_ABSENT:
        if name in form.fields and data.get(name) in (None, ""):
            data[name] = getattr(form.instance, name)


def _check_band(form: forms.ModelForm, data: dict[str, Any]) -> None:
    low, high = data.get("min_members"), data.get("max_members")
    if low is not None and high is not None and low > high:
        form.add_error("max_members", _("“Đến số đoàn viên” phải không nhỏ hơn “từ số đoàn viên”."))


class SetForm(forms.ModelForm[CriteriaSet]):
    class Meta:
        model = CriteriaSet
        fields = ["owner", "year", "title", "basis", *RULE_FORM_FIELDS]
        widgets = {"basis": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"applies_on": VNDateField}

    def __init__(self, *args: Any, units: QuerySet[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_only(self.fields["owner"], units)
        self.fields["year"].validators += [MinValueValidator(2000), MaxValueValidator(2100)]
        _rule_fields(self)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        owner, year, title = data.get("owner"), data.get("year"), data.get("title")
        if owner and year and CriteriaSet.objects.filter(owner=owner, year=year, title=title).exists():
            self.add_error(
                "title",
                _(
                    "Đơn vị đã có bộ tiêu chí năm này với cùng tên; hãy đặt tên khác, sửa hoặc sao chép bộ đó."
                ),
            )
        _check_band(self, data)
        _keep_absent(self, data)
        return data


class RulesForm(forms.ModelForm[CriteriaSet]):
    """The set's title, condition and its bands: the lowest score and the largest share of each grade."""

    class Meta:
        model = CriteriaSet
        fields = ["title", "basis", *RULE_FORM_FIELDS]
        widgets = {"basis": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"applies_on": VNDateField}

    new_group = forms.CharField(label=_("Thêm nhóm tiêu chí"), required=False, max_length=255)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _rule_fields(self)
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
                label=_("%(g)s: tỷ lệ tối đa (%%), tính theo phạm vi đã chọn") % {"g": label},
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
        _check_band(self, data)
        _keep_absent(self, data)
        title = data.get("title")
        others = CriteriaSet.objects.filter(owner_id=self.instance.owner_id, year=self.instance.year)
        if title and others.exclude(pk=self.instance.pk).filter(title=title).exists():
            self.add_error("title", _("Đơn vị đã có bộ tiêu chí cùng tên năm này."))
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
