"""The founding congress form (members/founding.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.core.forms import VNDateField
from trienkhai.orgs.models import UnitKind

from .models import FoundingCongress


class CongressForm(forms.Form):
    path = forms.ChoiceField(label=_("Hình thức"), choices=FoundingCongress.Path.choices)
    kind = forms.ChoiceField(
        label=_("Loại"),
        choices=[(UnitKind.GRASSROOTS, UnitKind.GRASSROOTS.label), (UnitKind.GUILD, UnitKind.GUILD.label)],
    )
    organisation = forms.CharField(
        label=_("Tên tổ chức của người lao động (Điều 6)"), max_length=255, required=False
    )
    dossier_received_on = VNDateField(label=_("Ngày nhận hồ sơ gia nhập (Điều 6)"), required=False)
    held_on = VNDateField(label=_("Ngày đại hội"))
    attendees = forms.IntegerField(label=_("Số đoàn viên dự đại hội"), min_value=0, max_value=100_000)
    bch = forms.CharField(
        label=_("Ban Chấp hành (mỗi dòng: họ tên – chức vụ)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    ubkt = forms.CharField(
        label=_("Ủy ban Kiểm tra (mỗi dòng: họ tên – chức vụ)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
