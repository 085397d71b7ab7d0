"""Forms of the activities log."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.core.forms import VNDateField, offer_only
from trienkhai.orgs.models import today

from .models import Activity


class ActivityForm(forms.ModelForm):
    held_on = VNDateField(label=_("Ngày tổ chức"))

    class Meta:
        model = Activity
        fields = ["unit", "kind", "held_on", "topic", "participants", "channel", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, units=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offer_only(self.fields["unit"], units)

    def clean_held_on(self):
        on = self.cleaned_data["held_on"]
        if on > today():
            raise forms.ValidationError(_("Chỉ ghi hoạt động đã tổ chức (ngày không ở tương lai)."))
        return on
