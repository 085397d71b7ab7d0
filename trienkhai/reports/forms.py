"""Forms of the report-form editor and of the review screen."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import expressions as rule_eval
from . import sources
from .models import Indicator, ReportForm, Rule


class ReportFormForm(forms.ModelForm):
    class Meta:
        model = ReportForm
        fields = ["title", "period_kind", "deadline_days"]


class IndicatorForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Các lựa chọn (cách nhau bởi dấu ;)"),
        required=False,
        help_text=_("Chỉ dùng cho kiểu Lựa chọn."),
    )

    class Meta:
        model = Indicator
        fields = ["code", "label", "unit_of_measure", "kind", "required", "position", "group", "source"]

    def __init__(self, *args, report_form: ReportForm, **kwargs):
        super().__init__(*args, **kwargs)
        self.report_form = report_form
        # Which register answers this figure: data on the indicator, offered by the apps above reports.
        self.fields["source"] = forms.ChoiceField(
            label=_("Lấy số liệu từ sổ"),
            choices=[("", _("— Không, đơn vị tự nhập —")), *sources.choices()],
            required=False,
            help_text=_(
                "Khi đơn vị mở báo cáo, chỉ tiêu được điền sẵn từ sổ; đơn vị xác nhận hoặc sửa kèm lý do."
            ),
        )
        self.fields["group"].queryset = report_form.plan.groups.all()
        self.fields["group"].required = False
        if self.instance.pk and self.instance.choices:
            self.initial["choices_text"] = "; ".join(self.instance.choices)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace("-", "_")
        if code in rule_eval.KEYWORDS:
            raise forms.ValidationError(_("Mã chỉ tiêu không được trùng từ khóa and/or/not."))
        clash = self.report_form.indicators.filter(code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Mã chỉ tiêu này đã có trong biểu mẫu."))
        return code

    def save(self, commit: bool = True) -> Indicator:
        ind = super().save(commit=False)
        ind.form = self.report_form
        ind.choices = [
            c.strip() for c in (self.cleaned_data.get("choices_text") or "").split(";") if c.strip()
        ]
        if commit:
            ind.save()
        return ind


class RuleForm(forms.ModelForm):
    class Meta:
        model = Rule
        fields = ["expression", "message"]
        help_texts = {
            "expression": _("Ví dụ: new_members <= total_members (dùng mã chỉ tiêu, + - * /, and, or).")
        }

    def __init__(self, *args, report_form: ReportForm, **kwargs):
        super().__init__(*args, **kwargs)
        self.report_form = report_form

    def clean_expression(self) -> str:
        text = self.cleaned_data["expression"]
        try:
            rule_eval.parse(text)
            used = rule_eval.names(text)
        except rule_eval.RuleError as exc:
            raise forms.ValidationError(str(exc)) from exc
        known = set(self.report_form.indicators.values_list("code", flat=True))
        unknown = sorted(used - known)
        if unknown:
            raise forms.ValidationError(_("Không có chỉ tiêu mã: %(c)s") % {"c": ", ".join(unknown)})
        return text

    def save(self, commit: bool = True) -> Rule:
        rule = super().save(commit=False)
        rule.form = self.report_form
        if commit:
            rule.save()
        return rule


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Lý do mở lại"), widget=forms.Textarea(attrs={"rows": 2}))
