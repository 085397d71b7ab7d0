"""Forms of the report-form editor and of the review screen."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.core.forms import VNDateField

from . import expressions as rule_eval
from . import sources
from .models import Indicator, ReportForm, Rule
from .validation import parse_number, too_large

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ReportFormForm(forms.ModelForm):
    """A report form: its period (a calendar one, or for a thematic or ad-hoc report its own closing day
    and deadline) and when it is due; a deadline before the closing day is refused (ReportForm.clean)."""

    opens_on = VNDateField(label=_("Số liệu tính từ ngày"), required=False)
    closes_on = VNDateField(label=_("Ngày chốt số liệu"), required=False)
    due_on = VNDateField(label=_("Hạn nộp"), required=False)

    class Meta:
        model = ReportForm
        fields = ["title", "period_kind", "deadline_days", "opens_on", "closes_on", "due_on"]
        help_texts = {
            "period_kind": _(
                "Kỳ định kỳ chốt số liệu theo Điều 12 Nghị định 09/2019/NĐ-CP (ngày chốt là dữ liệu, mặc định ngày "
                "14); báo cáo chuyên đề, đột xuất ghi ngày chốt số liệu và hạn nộp theo yêu cầu của cơ quan yêu cầu."
            ),
            "deadline_days": _("Cho kỳ định kỳ: số ngày sau ngày chốt số liệu."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("opens_on", "closes_on", "due_on"):
            self.fields[name].help_text = _("Chỉ cho báo cáo chuyên đề, đột xuất.")


class IndicatorForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Các lựa chọn (cách nhau bởi dấu ;)"),
        required=False,
        help_text=_("Chỉ dùng cho kiểu Lựa chọn."),
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "label",
            "unit_of_measure",
            "kind",
            "required",
            "position",
            "group",
            "source",
            "aggregation",
            "weight_code",
            "max_value",
        ]
        help_texts = {
            "max_value": _("Để trống nếu không giới hạn. Ví dụ: 100 cho điểm chấm theo thang 100."),
            "aggregation": _(
                "Cách cộng số liệu của các đơn vị lên cấp trên: tổng; trung bình (có thể có trọng số); nhỏ "
                "nhất, lớn nhất; đếm số trả lời Có; giá trị kỳ gần nhất (ví dụ tổng số đoàn viên)."
            ),
            "weight_code": _("Chỉ dùng cho trung bình có trọng số, ví dụ tỷ lệ tính theo total_members."),
        }

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
        self.instance.form = report_form  # the model's checks of the aggregation rule need the form
        numeric = [i for i in report_form.indicators.all() if i.is_numeric and i.pk != self.instance.pk]
        self.fields["weight_code"] = forms.ChoiceField(
            label=_("Chỉ tiêu làm trọng số"),
            required=False,
            choices=[("", "—")] + [(i.code, f"{i.code} — {i.label}") for i in numeric],
            help_text=self.fields["weight_code"].help_text,
        )
        cast(forms.ModelChoiceField, self.fields["group"]).queryset = report_form.plan.groups.all()
        self.fields["group"].required = False
        # Left out, the rule follows the kind (sum; counted for yes/no; averaged for a rate; none for text).
        self.fields["aggregation"].required = False
        self.fields["max_value"].localize = True  # typed the Vietnamese way: 7,5
        self.fields["max_value"].widget.is_localized = True
        if self.instance.pk and self.instance.choices:
            self.initial["choices_text"] = "; ".join(self.instance.choices)

    def clean_max_value(self):
        value = self.cleaned_data.get("max_value")
        if value is not None and value <= 0:
            raise forms.ValidationError(_("Giá trị tối đa phải lớn hơn 0."))
        return value

    def clean_aggregation(self) -> str:
        chosen = self.cleaned_data.get("aggregation")
        return chosen or Indicator.default_aggregation(self.cleaned_data.get("kind", ""))

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
    """A plausibility rule picked from a list, the figures chosen by their labels; the message may be left
    empty (it is then written from the labels). A formula by hand stays possible as the last kind."""

    class Meta:
        model = Rule
        fields = ["kind", "subject", "other", "bound", "expression", "message"]
        help_texts = {
            "expression": _(
                "Chỉ cho loại «Biểu thức tự viết». Ví dụ: new_members <= total_members (dùng mã chỉ tiêu, "
                "+ - * /, and, or)."
            ),
            "message": _("Để trống: viết sẵn theo tên chỉ tiêu."),
            "bound": _("Số giới hạn, hoặc thang điểm N (ví dụ 100)."),
        }

    def __init__(self, *args, report_form: ReportForm, **kwargs):
        super().__init__(*args, **kwargs)
        self.report_form = report_form
        numeric = [i for i in report_form.indicators.all() if i.is_numeric]
        self.labels = {i.code: i.label for i in numeric}
        options = [("", "—"), *((i.code, i.label) for i in numeric)]
        self.fields["subject"] = forms.ChoiceField(
            label=_("Chỉ tiêu được kiểm tra"), choices=options, required=False
        )
        self.fields["other"] = forms.ChoiceField(
            label=_("So với chỉ tiêu"),
            choices=options,
            required=False,
            help_text=_("Chỉ cho loại «Không lớn hơn một chỉ tiêu khác»."),
        )
        self.fields["kind"].initial = Rule.Kind.AT_MOST
        self.fields["kind"].required = False  # a formula posted alone is the advanced kind
        self.fields["expression"].required = False
        self.fields["message"].required = False
        self.fields["bound"].localize = True  # typed the Vietnamese way: 7,5
        self.fields["bound"].widget = forms.TextInput(attrs={"inputmode": "decimal"})
        self.fields["bound"].widget.is_localized = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = str(data.get("kind") or "")
        if not kind:
            kind = Rule.Kind.EXPRESSION if (data.get("expression") or "").strip() else Rule.Kind.AT_MOST
            data["kind"] = kind
        subject, other, bound = data.get("subject") or "", data.get("other") or "", data.get("bound")
        if kind == Rule.Kind.EXPRESSION:
            text = (data.get("expression") or "").strip()
            if not text:
                self.add_error("expression", _("Hãy viết biểu thức."))
                return data
            try:
                rule_eval.parse(text)
                used = rule_eval.names(text)
            except rule_eval.RuleError as exc:
                self.add_error("expression", str(exc))
                return data
            known = set(self.report_form.indicators.values_list("code", flat=True))
            if unknown := sorted(used - known):
                self.add_error("expression", _("Không có chỉ tiêu mã: %(c)s") % {"c": ", ".join(unknown)})
            if not (data.get("message") or "").strip():
                self.add_error("message", _("Hãy ghi thông báo khi vi phạm cho biểu thức tự viết."))
            data["subject"] = data["other"] = ""
            return data
        if not subject:
            self.add_error("subject", _("Hãy chọn chỉ tiêu được kiểm tra."))
        if kind == Rule.Kind.NOT_ABOVE:
            if not other:
                self.add_error("other", _("Hãy chọn chỉ tiêu để so sánh."))
            elif other == subject:
                self.add_error("other", _("Hãy chọn một chỉ tiêu khác với chỉ tiêu được kiểm tra."))
            data["bound"] = None
        else:
            if bound is None:
                self.add_error("bound", _("Hãy nhập số giới hạn."))
            elif kind == Rule.Kind.SCORE_OUT_OF and bound <= 0:
                self.add_error("bound", _("Thang điểm phải lớn hơn 0."))
            data["other"] = ""
        if self.errors:
            return data
        data["expression"] = Rule.build_expression(kind, subject, data["other"], data["bound"])
        if not (data.get("message") or "").strip():
            data["message"] = Rule.default_message(
                kind, self.labels.get(subject, subject), self.labels.get(data["other"], ""), data["bound"]
            )
        return data

    def save(self, commit: bool = True) -> Rule:
        rule = super().save(commit=False)
        rule.form = self.report_form
        rule.expression = self.cleaned_data["expression"]
        rule.message = self.cleaned_data["message"][:255]
        if commit:
            rule.save()
        return rule


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Lý do mở lại"), widget=forms.Textarea(attrs={"rows": 2}))


class TargetsForm(forms.Form):
    """The unit's own target for each numeric indicator of the form, typed the Vietnamese way."""

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for ind in self.indicators:
            self.fields[f"t_{ind.pk}"] = forms.CharField(label=ind.label, required=False, max_length=30)
            value = self.initial.get(f"t_{ind.pk}")
            if isinstance(value, Decimal):
                self.initial[f"t_{ind.pk}"] = _plain(value)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for ind in self.indicators:
            raw = (data.get(f"t_{ind.pk}") or "").strip()
            if not raw:
                data[f"t_{ind.pk}"] = None
                continue
            number = parse_number(raw)
            if number is None or number < 0:
                self.add_error(f"t_{ind.pk}", _("Hãy nhập một số không âm, ví dụ 1.250 hoặc 92,5."))
            elif ind.kind == Indicator.Kind.PERCENT and number > 100:
                self.add_error(f"t_{ind.pk}", _("Tỷ lệ phải từ 0 đến 100%."))
            elif message := too_large(number):
                self.add_error(f"t_{ind.pk}", message)
            else:
                data[f"t_{ind.pk}"] = number
        return data

    def values(self) -> dict:
        return {ind: self.cleaned_data.get(f"t_{ind.pk}") for ind in self.indicators}

    def rows(self):
        return [(ind, self[f"t_{ind.pk}"]) for ind in self.indicators]


def _plain(value: Decimal) -> str:
    """A stored target as a user types it: 1.250 or 92,5."""
    from trienkhai.lib.vn import format_number

    places = 0 if value == value.to_integral_value() else 2
    return format_number(float(value), places)


REMAINDER_CHOICES = [
    ("largest_remainder", _("Phần lẻ chia cho các đơn vị có phần dư lớn nhất")),
    ("to_largest", _("Phần lẻ giao cho đơn vị lớn nhất")),
    ("keep", _("Phần lẻ cấp trên giữ lại")),
]


class AllocateForm(forms.Form):
    """Allocating the unit's target of one indicator to its direct children."""

    indicator = forms.ModelChoiceField(label=_("Chỉ tiêu"), queryset=Indicator.objects.none())
    basis = forms.ChoiceField(label=_("Phân bổ theo"))
    remainder = forms.ChoiceField(label=_("Phần không chia hết"), choices=REMAINDER_CHOICES)

    def __init__(self, *args, indicators, form: ReportForm, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["indicator"]).queryset = Indicator.objects.filter(
            pk__in=[i.pk for i in indicators]
        )
        basis: list[tuple[str, StrOrPromise]] = [
            ("equal", _("Chia đều cho các đơn vị trực thuộc")),
            ("units", _("Số CĐCS phải báo cáo")),
        ]
        basis += [(f"previous:{i.code}", _("«%(l)s» kỳ trước") % {"l": i.label}) for i in indicators]
        cast(forms.ChoiceField, self.fields["basis"]).choices = basis
