"""Forms of legal-aid cases."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.core.forms import VNDateField, offer_only
from trienkhai.core.names import display_name
from trienkhai.orgs.models import today

from .models import CourtCase, LegalCase


class CaseForm(forms.ModelForm):
    opened_on = VNDateField(label=_("Ngày tiếp nhận"))

    class Meta:
        model = LegalCase
        fields = [
            "origin_unit",
            "requester",
            "requester_contact",
            "workers",
            "topic",
            "kind",
            "summary",
            "opened_on",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, units=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offer_only(self.fields["origin_unit"], units)
        self.fields["origin_unit"].label = _("Đơn vị tiếp nhận (CĐCS của người lao động)")

    def clean_opened_on(self):
        on = self.cleaned_data["opened_on"]
        if on > today():
            raise forms.ValidationError(_("Ngày tiếp nhận không được ở tương lai."))
        return on


class AssignForm(forms.Form):
    advisor = forms.TypedChoiceField(label=_("Người tư vấn"), coerce=int)

    def __init__(self, *args, advisors=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["advisor"]
        assert isinstance(field, forms.TypedChoiceField)  # `fields` is typed as plain Field
        field.choices = [(m.user_id, f"{display_name(m.user)} — {m.unit.name}") for m in advisors]


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Ghi chú"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class CourtForm(forms.ModelForm):
    filed_on = VNDateField(label=_("Ngày nộp đơn"))
    hearing_on = VNDateField(label=_("Ngày xét xử"), required=False)

    class Meta:
        model = CourtCase
        fields = ["court", "number", "filed_on", "hearing_on", "stage", "result"]
        widgets = {"result": forms.Textarea(attrs={"rows": 2})}


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=LegalCase.Outcome.choices)
    closed_on = VNDateField(label=_("Ngày kết thúc"))
    amount = forms.DecimalField(
        label=_("Số tiền người lao động được nhận (đồng)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=0,
    )
    note = forms.CharField(
        label=_("Ghi chú"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Tài liệu (PDF, Word, ảnh)"))
