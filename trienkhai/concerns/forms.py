"""The public concern form, the tracking lookup, and the union's answer."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import CODE_ALPHABET, Concern, ConcernCategory

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
