"""The public concern form, the tracking lookup, and the union's answer."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trienkhai.core.forms import VNDateField, offer_only
from trienkhai.orgs.models import Unit

from .models import CODE_ALPHABET, Concern, ConcernCase, ConcernCategory

MAX_TEXT = 3000


class ConcernForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Nội dung liên quan đến"),
        queryset=ConcernCategory.objects.filter(active=True),
        empty_label=_("— Chọn —"),
        error_messages={
            "invalid_choice": _("Hãy chọn một mục trong danh sách."),
            "required": _("Hãy chọn một mục."),
        },
    )
    text = forms.CharField(
        label=_("Tâm tư, nguyện vọng của bạn"),
        min_length=10,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MAX_TEXT}),
        error_messages={
            "required": _("Hãy viết nội dung."),
            "min_length": _("Nội dung quá ngắn (ít nhất 10 ký tự)."),
            "max_length": _("Nội dung dài quá %(limit_value)d ký tự."),
        },
    )
    anonymous = forms.BooleanField(
        label=_("Giấu tên (không ghi họ tên, số điện thoại)"), required=False, initial=True
    )
    name = forms.CharField(label=_("Họ tên"), max_length=100, required=False)
    contact = forms.CharField(
        label=_("Số điện thoại hoặc email để công đoàn liên hệ"), max_length=100, required=False
    )
    # The honeypot: hidden from people by CSS, filled in by bots that fill in everything.
    website = forms.CharField(required=False, label=_("Để trống ô này"))
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if len(set(text.replace(" ", ""))) < 4:
            raise forms.ValidationError(_("Nội dung chưa đọc được; hãy viết rõ hơn."))
        return text

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if not data.get("anonymous") and not (data.get("name") or "").strip():
            self.add_error("name", _("Hãy ghi họ tên, hoặc chọn «Giấu tên»."))
        return data


def normalize_code(text: str) -> str:
    raw = re.sub(r"[^A-Z0-9]", "", text.upper())
    if raw.startswith("TT"):
        raw = raw[2:]
    return f"TT-{raw[:4]}-{raw[4:8]}" if len(raw) == 8 else ""


class LookupForm(forms.Form):
    code = forms.CharField(label=_("Mã tra cứu"), max_length=20)

    def clean_code(self) -> str:
        code = normalize_code(self.cleaned_data["code"])
        if not code or any(ch not in CODE_ALPHABET for ch in code[3:7] + code[8:]):
            raise forms.ValidationError(_("Mã tra cứu có dạng TT-XXXX-XXXX (8 chữ và số)."))
        return code


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Trả lời người lao động (người gửi đọc được bằng mã tra cứu)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        choices=[
            ("", _("— Giữ nguyên —")),
            (Concern.Status.IN_PROGRESS, _("Đang xử lý")),
            (Concern.Status.CLOSED, _("Đã kết thúc")),
        ],
        required=False,
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=3000, widget=forms.Textarea(attrs={"rows": 2}))
    public = forms.BooleanField(label=_("Cho người gửi xem ghi chú này"), required=False)


class ReviewForm(forms.Form):
    """The decision on a held concern; refusing it needs a reason, which the sender reads."""

    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("release", _("Tiếp nhận xử lý")), ("discard", pgettext_lazy("action", "Không tiếp nhận"))],
    )
    note = forms.CharField(
        label=_("Lý do không tiếp nhận (người gửi xem được)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("decision") == "discard" and not (data.get("note") or "").strip():
            self.add_error("note", _("Hãy ghi lý do không tiếp nhận."))
        return data


class CaseOpenForm(forms.Form):
    """A concern becomes a complaint or denunciation case: its kind, the date the petition was received,
    the unit that holds it, and what it is about (awards wait for it: api.pending_for)."""

    kind = forms.ChoiceField(label=_("Xử lý như"), choices=ConcernCase.Kind.choices)
    received_on = VNDateField(label=_("Ngày nhận đơn"))
    unit = forms.ModelChoiceField(
        label=_("Đơn vị giải quyết"),
        queryset=Unit.objects.all(),
        empty_label=None,
        error_messages={"invalid_choice": _("Hãy chọn một đơn vị trong danh sách.")},
    )
    remote = forms.BooleanField(
        label=_("Vùng sâu, vùng xa đi lại khó khăn (Điều 28 Luật Khiếu nại 2011)"), required=False
    )
    subject_unit = forms.ModelChoiceField(
        label=_("Đơn vị bị khiếu nại, tố cáo"),
        queryset=Unit.objects.all(),
        required=False,
        empty_label=_("— Không —"),
        error_messages={"invalid_choice": _("Hãy chọn một đơn vị trong danh sách.")},
    )
    subject_member = forms.ModelChoiceField(
        label=_("Đoàn viên bị khiếu nại, tố cáo"),
        queryset=ConcernCase._meta.get_field("subject_member").related_model.objects.all(),  # type: ignore[union-attr]
        required=False,
        empty_label=_("— Không —"),
        error_messages={"invalid_choice": _("Hãy chọn một đoàn viên trong danh sách.")},
    )

    def __init__(self, *args, concern: Concern, units, today: dt.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        offer_only(self.fields["unit"], units)
        offer_only(self.fields["subject_unit"], Unit.objects.filter(pk=concern.unit_id))
        model = ConcernCase._meta.get_field("subject_member").related_model
        offer_only(
            self.fields["subject_member"],
            model.objects.filter(unit_id=concern.unit_id, left_on__isnull=True).order_by("full_name"),  # type: ignore[union-attr]
        )

    def clean_received_on(self) -> dt.date:
        day = self.cleaned_data["received_on"]
        if day > self.today:
            raise forms.ValidationError(_("Ngày nhận đơn không thể sau hôm nay."))
        return day


class CaseStepForm(forms.Form):
    """One step of a case: accept (thụ lý), set its complexity, extend (a denunciation), close it."""

    ACTIONS = [
        ("accept", _("Thụ lý")),
        ("complexity", _("Xác định tính chất")),
        ("extend", _("Gia hạn")),
        ("close", _("Kết thúc")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    on = VNDateField(label=_("Ngày"), required=False)
    complexity = forms.ChoiceField(
        label=_("Tính chất"), choices=ConcernCase.Complexity.choices, required=False
    )
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=ConcernCase.Outcome.choices, required=False)
    result = forms.CharField(
        label=_("Nội dung giải quyết"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_TEXT}),
    )

    def __init__(self, *args, today: dt.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict:
        data = super().clean() or {}
        action = data.get("action")
        if action in ("accept", "close"):
            day = data.get("on")
            if day is None and "on" not in self.errors:
                self.add_error("on", _("Hãy nhập ngày."))
            elif day and day > self.today:
                self.add_error("on", _("Ngày không thể sau hôm nay."))
        if action == "complexity" and not data.get("complexity"):
            self.add_error("complexity", _("Hãy chọn tính chất vụ việc."))
        if action == "close":
            if not data.get("outcome"):
                self.add_error("outcome", _("Hãy chọn kết quả."))
            if not (data.get("result") or "").strip():
                self.add_error(
                    "result", _("Hãy ghi nội dung giải quyết (người gửi đọc được bằng mã tra cứu).")
                )
        return data
