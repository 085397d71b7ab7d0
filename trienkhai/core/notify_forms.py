"""The forms of the notification settings: the addresses, the code, and the channel table (per kind of
notification up to three channels in order, quiet hours, digest), which a unit's defaults page reuses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .channels.base import vn_phone
from .kinds import CHOOSABLE
from .models import ChannelName

FOLLOW, NONE = "", "none"
RANKS = (1, 2, 3)
TIME_ERROR = _("Giờ không hợp lệ; nhập theo dạng 22:00.")


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ, ví dụ: ten@congdoan.vn.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "placeholder": "ten@congdoan.vn"}),
    )


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("Số điện thoại di động"),
        required=False,
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "tel", "inputmode": "tel", "placeholder": "0912 345 678"}
        ),
    )

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"].strip()
        if raw and not vn_phone(raw):
            raise forms.ValidationError(_("Số điện thoại không hợp lệ: nhập 10 chữ số, ví dụ 0912 345 678."))
        return raw


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác nhận"),
        max_length=6,
        min_length=6,
        error_messages={
            "required": _("Nhập mã 6 chữ số đã gửi đến điện thoại."),
            "min_length": _("Mã có 6 chữ số."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class ChannelTableForm(forms.Form):
    """Per kind: the 1st, 2nd and 3rd channel (the next is used when one fails). The 1st may be "follow the
    defaults" (the kind is left out of the stored choices) or "in the app only" (an empty list)."""

    quiet_start = forms.TimeField(
        label=_("Không làm phiền từ"),
        required=False,
        input_formats=["%H:%M", "%H.%M", "%Hh%M", "%H"],
        error_messages={"invalid": TIME_ERROR},
        widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": _("vd. 22:00"), "inputmode": "numeric"}),
    )
    quiet_end = forms.TimeField(
        label=_("đến"),
        required=False,
        input_formats=["%H:%M", "%H.%M", "%Hh%M", "%H"],
        error_messages={"invalid": TIME_ERROR},
        widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": _("vd. 06:00"), "inputmode": "numeric"}),
    )
    digest = forms.BooleanField(
        label=_("Gộp thành một bản tin mỗi ngày (lúc 07:00) thay cho từng tin"), required=False
    )

    def __init__(self, *args: Any, enabled: list[str], follow_label: str | Any = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(ChannelName.choices)
        offered = [(c, labels[c]) for c in enabled]
        for kind in CHOOSABLE:
            for rank in RANKS:
                first = [(FOLLOW, follow_label or _("Mặc định")), (NONE, _("Chỉ trong ứng dụng"))]
                choices = (first if rank == 1 else [(FOLLOW, "—")]) + offered
                self.fields[f"{kind.code}_{rank}"] = forms.ChoiceField(
                    label=f"{kind.label} — {rank}", choices=choices, required=False
                )

    @staticmethod
    def initial_for(
        channels: dict[str, list[str]], quiet_start: dt.time | None, quiet_end: dt.time | None, digest: bool
    ) -> dict[str, Any]:
        initial: dict[str, Any] = {"quiet_start": quiet_start, "quiet_end": quiet_end, "digest": digest}
        for kind, order in channels.items():
            if not order:
                initial[f"{kind}_1"] = NONE
            for rank, channel in zip(RANKS, order, strict=False):
                initial[f"{kind}_{rank}"] = channel
        return initial

    def rows(self) -> list[dict[str, Any]]:
        """One table row per kind, its three choice boxes."""
        return [
            {"kind": kind, "fields": [self[f"{kind.code}_{rank}"] for rank in RANKS]} for kind in CHOOSABLE
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("quiet_start"), data.get("quiet_end")
        if (start is None) != (end is None):
            self.add_error("quiet_end", _("Nhập cả giờ bắt đầu và giờ kết thúc (hoặc để trống cả hai)."))
        elif start is not None and start == end:
            self.add_error("quiet_end", _("Giờ kết thúc phải khác giờ bắt đầu."))
        return data

    def channels(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for kind in CHOOSABLE:
            first = self.cleaned_data.get(f"{kind.code}_1", FOLLOW)
            if first == FOLLOW:
                continue
            if first == NONE:
                out[kind.code] = []
                continue
            order: list[str] = []
            for rank in RANKS:
                channel = self.cleaned_data.get(f"{kind.code}_{rank}", FOLLOW)
                if channel not in (FOLLOW, NONE) and channel not in order:
                    order.append(channel)
            out[kind.code] = order
        return out
