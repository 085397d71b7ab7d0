"""Forms of plans. Every edit form carries the plan's `lock_version` (optimistic locking)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.forms import BaseModelFormSet, modelformset_factory
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise

from trienkhai.core.forms import VNDateField
from trienkhai.lib.vn import format_number
from trienkhai.orgs.models import Sector, UnitKind

from .models import Action, BudgetLine, Duty, Plan, Task, TaskGroup


class AmountField(forms.CharField):
    """Whole đồng, typed the Vietnamese way: "1.500.000", "1 500 000" or "1500000"; never negative."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, (int, Decimal)):
            return format_number(int(value))
        return value

    def to_python(self, value):
        text = (super().to_python(value) or "").strip()
        if not text:
            return None if not self.required else text
        compact = re.sub(r"[\s.\u00a0]", "", text).removesuffix("đ").removesuffix("đồng").strip()
        if compact.startswith("-"):
            raise forms.ValidationError(_("Số tiền không được âm."), code="negative")
        if "," in compact:
            raise forms.ValidationError(_("Số tiền tính bằng đồng, không có phần lẻ."), code="decimal")
        if not compact.isdigit():
            raise forms.ValidationError(_("Số tiền không hợp lệ; nhập ví dụ 1.500.000."), code="invalid")
        if len(compact) > 15:
            raise forms.ValidationError(_("Số tiền quá lớn."), code="too_big")
        return Decimal(compact)


class LockForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class PlanForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    issued_on = VNDateField(label=_("Ngày ban hành"), required=False)
    period_start = VNDateField(label=_("Thực hiện từ ngày"), required=False)
    period_end = VNDateField(label=_("Đến ngày"), required=False)
    purposes_text = forms.CharField(
        label=_("Mục đích, yêu cầu"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Mỗi dòng một ý."),
    )

    class Meta:
        model = Plan
        fields = [
            "number",
            "title",
            "place",
            "issued_on",
            "period_start",
            "period_end",
            "signer_name",
            "signer_title",
        ]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"title": {"required": _("Nhập tên kế hoạch.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["purposes_text"] = "\n".join(self.instance.purposes or [])
            self.initial["lock_version"] = self.instance.lock_version

    def clean_title(self):
        title = (self.cleaned_data.get("title") or "").strip()
        if not title:
            raise forms.ValidationError(_("Nhập tên kế hoạch."))
        return title

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
        return data

    def save(self, commit=True):
        plan = super().save(commit=False)
        lines = (self.cleaned_data.get("purposes_text") or "").splitlines()
        plan.purposes = [line.strip().lstrip("-• ").strip() for line in lines if line.strip()]
        if commit:
            plan.save()
        return plan


class RowForm(forms.ModelForm):
    """A row of a plan section. A new row counts as filled in only when one of its CONTENT fields is: a
    blank row still posts the first choice of its select (the task's group) and must not be validated
    as if the user had typed something."""

    CONTENT: tuple[str, ...] = ()

    def has_changed(self) -> bool:
        if self.instance.pk:
            return super().has_changed()
        return any(str(self.data.get(self.add_prefix(name), "")).strip() for name in self.CONTENT)


class GroupForm(RowForm):
    CONTENT = ("label", "title")

    class Meta:
        model = TaskGroup
        fields = ["position", "label", "title"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}
        labels = {"position": _("Thứ tự"), "label": _("Số")}


class TaskForm(RowForm):
    CONTENT = ("code", "text")

    class Meta:
        model = Task
        fields = ["group", "position", "code", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {"group": _("Nhóm"), "position": _("Thứ tự"), "code": _("Mã")}

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        # `fields` holds base Field types; this one is the model's ForeignKey, a ModelChoiceField.
        group = cast(forms.ModelChoiceField, self.fields["group"])
        group.queryset = TaskGroup.objects.filter(plan=plan)
        group.empty_label = None


class DutyForm(RowForm):
    CONTENT = ("unit_label", "text")

    class Meta:
        model = Duty
        fields = ["position", "unit_label", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        labels = {"position": _("Thứ tự")}


class BudgetForm(RowForm):
    """A budget line: for a task group or a task of the plan; in a sub-plan, drawn from a line of the
    parent plan. What was spent is not typed here: the finance app keeps it from the spending records."""

    CONTENT = ("item", "amount")

    amount = AmountField(label=_("Dự toán (đồng)"))

    class Meta:
        model = BudgetLine
        fields = ["position", "item", "group", "task", "parent_line", "amount", "source"]
        labels = {
            "position": _("Thứ tự"),
            "group": _("Cho nhóm nhiệm vụ"),
            "task": _("Cho nhiệm vụ"),
            "parent_line": _("Phân bổ từ dòng kinh phí cấp trên"),
        }

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        group = cast(forms.ModelChoiceField, self.fields["group"])
        group.queryset = TaskGroup.objects.filter(plan=plan)
        group.empty_label = "—"
        task = cast(forms.ModelChoiceField, self.fields["task"])
        task.queryset = Task.objects.filter(plan=plan)
        task.empty_label = "—"
        parent = cast(forms.ModelChoiceField, self.fields["parent_line"])
        parent_plan_id = plan.parent_plan_id if plan is not None else None
        parent.queryset = (
            BudgetLine.objects.filter(plan_id=parent_plan_id) if parent_plan_id else BudgetLine.objects.none()
        )
        parent.empty_label = "—"
        if parent_plan_id is None:
            # A plan with no parent has nothing to draw from.
            del self.fields["parent_line"]

    def clean(self):
        cleaned = super().clean() or {}
        task, group = cleaned.get("task"), cleaned.get("group")
        if task is not None and group is not None and task.group_id != group.pk:
            self.add_error("task", _("Nhiệm vụ này không thuộc nhóm nhiệm vụ đã chọn."))
        if task is not None and group is None:
            cleaned["group"] = task.group
        return cleaned


class _RowFormSet(BaseModelFormSet):
    def __init__(self, *args, plan=None, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if issubclass(self.form, (TaskForm, BudgetForm)):
            kwargs["plan"] = self.plan
        return kwargs

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            **self.get_form_kwargs(None),
        )
        self.add_fields(form, None)
        return form


ROW_KINDS: dict[str, tuple[type[TaskGroup | Task | Duty | BudgetLine], type[RowForm], StrPromise]] = {
    # kind in the URL: (model, form, title)
    "nhom": (TaskGroup, GroupForm, _("Nhóm nhiệm vụ")),
    "nhiem-vu": (Task, TaskForm, _("Nhiệm vụ, giải pháp")),
    "to-chuc": (Duty, DutyForm, _("Tổ chức thực hiện")),
    "kinh-phi": (BudgetLine, BudgetForm, _("Kinh phí")),
}


def row_formset(kind: str, plan: Plan, data: QueryDict | None = None) -> _RowFormSet:
    model, form, _title = ROW_KINDS[kind]
    # The stubs type the factory's result as the base class, not the `formset` class it derives from.
    FormSet = cast(
        type[_RowFormSet],
        modelformset_factory(model, form=form, formset=_RowFormSet, extra=2, can_delete=True),
    )
    qs = model.objects.filter(plan=plan).order_by("position", "pk")
    return FormSet(data, queryset=qs, plan=plan, prefix=kind.replace("-", "_"))


class PublishForm(forms.Form):
    SCOPES = [
        ("grassroots", _("Tất cả công đoàn cơ sở trực thuộc (tính đến ngày ban hành)")),
        ("children", _("Chỉ các đơn vị trực thuộc trực tiếp")),
    ]
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    on = VNDateField(
        label=_("Ngày ban hành"), help_text=_("Đơn vị nhận được tính theo cơ cấu tổ chức vào ngày này.")
    )
    deadline = VNDateField(label=_("Hạn các đơn vị xây dựng kế hoạch"))
    scope = forms.ChoiceField(
        label=_("Gửi đến"), choices=SCOPES, widget=forms.RadioSelect, initial="grassroots"
    )
    kinds = forms.MultipleChoiceField(
        label=_("Chỉ loại đơn vị"),
        choices=UnitKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = forms.MultipleChoiceField(
        label=_("Chỉ khu vực"), choices=Sector.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    add_recipients = forms.BooleanField(
        label=_("Gửi thêm cho đơn vị mới (theo lựa chọn trên)"), required=False
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("on") and data.get("deadline") and data["deadline"] < data["on"]:
            self.add_error("deadline", _("Hạn phải sau hoặc bằng ngày ban hành."))
        return data

    def units_filter(self) -> dict:
        d = self.cleaned_data
        return {"scope": d["scope"], "kinds": d.get("kinds") or [], "sectors": d.get("sectors") or []}

    def preview_data(self, *, first: bool) -> tuple[dict | None, dt.date] | None:
        """(units filter, date) from what the dialog holds now, bound or not yet; None while the date
        cannot be read. The filter is None on an amendment that adds no recipients."""
        if not self.is_bound:
            on, kinds, sectors, scope, adding = self.initial["on"], [], [], "grassroots", False
        else:
            try:
                on = self.fields["on"].clean(self.data.get("on"))
            except forms.ValidationError:
                return None
            # Bound to the query string of the dialog (`request.GET`), which the stubs type as a Mapping.
            data = cast(QueryDict, self.data)
            kinds = [k for k in data.getlist("kinds") if k in UnitKind.values]
            sectors = [k for k in data.getlist("sectors") if k in Sector.values]
            posted_scope = data.get("scope") or ""
            scope = posted_scope if posted_scope in dict(self.SCOPES) else "grassroots"
            adding = bool(self.data.get("add_recipients"))
        if not (first or adding):
            return None, on
        return {"scope": scope, "kinds": kinds, "sectors": sectors}, on


class AmendForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Lý do sửa đổi"), widget=forms.Textarea(attrs={"rows": 3}))


class ActionForm(forms.ModelForm):
    due_date = VNDateField(
        label=_("Thời hạn"),
        error_messages={"required": _("Nhập thời hạn (ví dụ 30/9/2024).")},
    )

    class Meta:
        model = Action
        fields = ["task", "text", "responsible", "due_date"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "text": {"required": _("Nhập nội dung hoạt động cụ thể.")},
            "responsible": {"required": _("Nhập người phụ trách.")},
        }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        # `fields` holds base Field types; this one is the model's ForeignKey, a ModelChoiceField.
        cast(forms.ModelChoiceField, self.fields["task"]).queryset = plan.tasks.all()
        self.fields["task"].widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        from .workflow import validate_action

        super().clean()
        data = self.cleaned_data
        errors = validate_action(
            plan=self.plan,
            text=data.get("text", ""),
            responsible=data.get("responsible", ""),
            due_date=data.get("due_date"),
        )
        for field, message in errors.items():
            if field not in self.errors:
                self.add_error(field, message)
        return data
