"""Forms of dialogues and collective agreements."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.core.forms import VNDateField
from trienkhai.orgs.models import Unit, today

from .models import TERM_FIELDS, CollectiveAgreement, Dialogue, DialogueTopic, suggested_grade


class UnitScopedForm(forms.ModelForm):
    def __init__(self, *args, units=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


class DialogueForm(UnitScopedForm):
    held_on = VNDateField(label=_("Ngày đối thoại"))
    topics = forms.MultipleChoiceField(
        label=_("Nội dung đối thoại"), choices=DialogueTopic.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Dialogue
        fields = ["unit", "held_on", "kind", "topics", "workers", "result"]
        widgets = {"result": forms.Textarea(attrs={"rows": 3})}

    def clean_held_on(self):
        on = self.cleaned_data["held_on"]
        if on > today():
            raise forms.ValidationError(_("Ngày đối thoại không được ở tương lai."))
        return on


class AgreementForm(UnitScopedForm):
    signed_on = VNDateField(label=_("Ngày ký"))
    effective_from = VNDateField(label=_("Có hiệu lực từ"))
    expires_on = VNDateField(label=_("Hết hạn ngày"))
    grade = forms.ChoiceField(
        label=_("Xếp loại chất lượng"),
        choices=[("", _("— Theo số điều khoản có lợi hơn luật —")), *CollectiveAgreement.Grade.choices],
        required=False,
        help_text=_("Để trống: loại A khi có lợi hơn luật ở 4–5 nội dung, B ở 3, C ở 1–2, D khi không có."),
    )

    class Meta:
        model = CollectiveAgreement
        fields = [
            "unit",
            "scope",
            "title",
            "employer",
            "signed_on",
            "effective_from",
            "expires_on",
            "workers",
            *TERM_FIELDS,
            "grade",
            "note",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 2}) for name in (*TERM_FIELDS, "note")}

    def clean(self) -> dict:
        data = super().clean()
        signed, start, end = data.get("signed_on"), data.get("effective_from"), data.get("expires_on")
        if start and end and end <= start:
            self.add_error("expires_on", _("Ngày hết hạn phải sau ngày có hiệu lực."))
        if signed and start and start < signed:
            self.add_error("effective_from", _("Thỏa ước có hiệu lực từ ngày ký trở đi."))
        if start and end and (end - start).days > 3 * 366:
            self.add_error("expires_on", _("Thời hạn thỏa ước từ 1 đến 3 năm (Điều 78 Bộ luật Lao động)."))
        if not data.get("grade"):
            better = sum(1 for name in TERM_FIELDS if (data.get(name) or "").strip())
            data["grade"] = suggested_grade(better)
        return data
