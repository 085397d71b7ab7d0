"""Forms of `orgs`. Dates are typed the Vietnamese way (08/8/2024) or picked (2024-08-08)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from trienkhai.core.forms import VNDateField, offer_only
from trienkhai.core.uploads import policy, refusal

from .models import Role, Sector, Unit, UnitKind


def date_field(label, required: bool = True) -> forms.DateField:
    return VNDateField(label=label, required=required)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.name} ({obj.code})"


class BaseForm(forms.Form):
    """Vietnamese required-field message everywhere."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages.setdefault("required", "Trường này là bắt buộc.")
            field.error_messages["required"] = "Trường này là bắt buộc."


class ChildUnitForm(BaseForm):
    code = forms.CharField(label=_("Mã đơn vị"), max_length=32)
    name = forms.CharField(label=_("Tên đơn vị"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Loại đơn vị"), choices=UnitKind.choices, initial=UnitKind.GRASSROOTS)
    sector = forms.ChoiceField(label=_("Khu vực"), choices=[("", "—"), *Sector.choices], required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    on = date_field(_("Ngày thành lập"))

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        if Unit.objects.filter(code__iexact=code).exists():
            raise forms.ValidationError(f"Mã đơn vị “{code}” đã tồn tại.")
        return code


class UnitInfoForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["short_name", "sector", "address"]


class MoveForm(BaseForm):
    new_parent = UnitChoiceField(label=_("Đơn vị cấp trên mới"), queryset=Unit.objects.none())
    on = date_field(_("Ngày hiệu lực"))
    note = forms.CharField(label=_("Căn cứ / ghi chú"), required=False, widget=forms.TextInput())

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_only(self.fields["new_parent"], parents)


class RenameForm(BaseForm):
    name = forms.CharField(label=_("Tên mới"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt mới"), max_length=100, required=False)
    on = date_field(_("Ngày hiệu lực"))
    note = forms.CharField(label=_("Căn cứ / ghi chú"), required=False)


class MergeForm(BaseForm):
    into = UnitChoiceField(label=_("Sáp nhập vào đơn vị"), queryset=Unit.objects.none())
    on = date_field(_("Ngày hiệu lực"))
    note = forms.CharField(label=_("Căn cứ / ghi chú"), required=False)

    def __init__(self, *args, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_only(self.fields["into"], targets)


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.name} ({obj.code})"


class MergeNewForm(BaseForm):
    """A + B (+ ...) -> C: this unit and the chosen ones end; a new unit takes their children."""

    others = UnitMultipleChoiceField(
        label=_("Hợp nhất cùng các đơn vị"), queryset=Unit.objects.none(), widget=forms.SelectMultiple
    )
    code = forms.CharField(label=_("Mã đơn vị mới"), max_length=32)
    name = forms.CharField(label=_("Tên đơn vị mới"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại đơn vị mới"), choices=UnitKind.choices)
    new_parent = UnitChoiceField(label=_("Đơn vị cấp trên của đơn vị mới"), queryset=Unit.objects.none())
    on = date_field(_("Ngày hiệu lực"))
    note = forms.CharField(label=_("Căn cứ / ghi chú"), required=False)

    def __init__(self, *args, peers=None, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_only(self.fields["others"], peers)
        offer_only(self.fields["new_parent"], parents)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        if Unit.objects.filter(code__iexact=code).exists():
            raise forms.ValidationError(f"Mã đơn vị “{code}” đã tồn tại.")
        return code


class SplitForm(BaseForm):
    """The new units, one per line as "MÃ | Tên đơn vị", and for each child the number of its new unit."""

    parts = forms.CharField(
        label=_("Các đơn vị mới (mỗi dòng: Mã | Tên đơn vị)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    kind = forms.ChoiceField(label=_("Loại đơn vị mới"), choices=UnitKind.choices)
    on = date_field(_("Ngày hiệu lực"))
    note = forms.CharField(label=_("Căn cứ / ghi chú"), required=False)

    def __init__(self, *args, children=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.children = list(children)
        for child in self.children:
            self.fields[f"child_{child.pk}"] = forms.IntegerField(
                label=child.name,
                min_value=1,
                initial=1,
                error_messages={
                    "min_value": "Số thứ tự đơn vị mới bắt đầu từ 1.",
                    "invalid": "Hãy nhập số thứ tự của đơn vị mới.",
                    "required": "Hãy chọn đơn vị mới cho đơn vị này.",
                },
            )

    def clean_parts(self) -> list[dict]:
        parts, seen = [], set()
        for number, line in enumerate(self.cleaned_data["parts"].splitlines(), start=1):
            if not line.strip():
                continue
            code, sep, name = line.partition("|")
            code, name = code.strip().upper(), name.strip()
            if not sep or not code or not name:
                raise forms.ValidationError(f"Dòng {number}: hãy viết theo mẫu “Mã | Tên đơn vị”.")
            if code in seen or Unit.objects.filter(code__iexact=code).exists():
                raise forms.ValidationError(f"Mã đơn vị “{code}” đã tồn tại hoặc bị trùng.")
            seen.add(code)
            parts.append({"code": code, "name": name})
        if len(parts) < 2:
            raise forms.ValidationError("Chia tách cần ít nhất hai đơn vị mới.")
        return parts

    def clean(self):
        super().clean()
        data = self.cleaned_data
        parts = data.get("parts")
        if parts:
            for child in self.children:
                index = data.get(f"child_{child.pk}")
                if index is not None and index > len(parts):
                    self.add_error(f"child_{child.pk}", f"Chỉ có {len(parts)} đơn vị mới.")
        return data


class DissolveForm(BaseForm):
    successor = UnitChoiceField(
        label=_("Đơn vị kế thừa (nhận các đơn vị trực thuộc)"), queryset=Unit.objects.none(), required=False
    )
    on = date_field(_("Ngày chấm dứt hoạt động"))
    note = forms.CharField(label=_("Căn cứ / ghi chú"), required=False)

    def __init__(self, *args, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_only(self.fields["successor"], targets)


class MembershipForm(BaseForm):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    start_date = date_field(_("Từ ngày"))
    end_date = date_field(_("Đến ngày"), required=False)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")
        username = (data.get("username") or "").strip()
        if (
            username
            and not get_user_model().objects.filter(username=username).exists()
            and not data.get("full_name")
        ):
            self.add_error("full_name", "Tài khoản mới: hãy nhập họ và tên.")
        return data


class ImportForm(BaseForm):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        problem = refusal(upload, policy(("xlsx",)))
        if problem:
            raise forms.ValidationError(problem)
        return upload
