"""Forms of `issuing`: the header of a document (title, place, date, number code, signer, recipients) and
the choice of units a reminder names. The paragraphs of the body are boxes handled by `editing`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.core.forms import VNDateField
from trienkhai.lib.vn import format_date
from trienkhai.orgs.models import today

from .signers import MODES, Signer

MAX_LINES = 60


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


class HeaderForm(forms.Form):
    title = forms.CharField(
        label=_("Trích yếu nội dung"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    issuer_code = forms.CharField(
        label=_("Ký hiệu đơn vị ban hành"),
        required=False,
        max_length=24,
        help_text=_(
            "Phần sau số văn bản, ví dụ LĐLĐ trong “05/BC-LĐLĐ”. Số thứ tự do sổ văn bản đi cấp khi ban hành."
        ),
    )
    place = forms.CharField(label=_("Địa danh"), required=False, max_length=100)
    date = VNDateField(label=_("Ngày ban hành"), required=False)
    addressees = forms.CharField(
        label=_("Kính gửi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng một nơi nhận."),
    )
    signer_mode = forms.ChoiceField(label=_("Hình thức ký"), choices=MODES, required=False)
    signer_collective = forms.CharField(
        label=_("Thay mặt (TM.)"), required=False, max_length=120, help_text=_("Ví dụ: BAN THƯỜNG VỤ")
    )
    signer_principal = forms.CharField(
        label=_("Ký thay / thừa lệnh / thừa ủy quyền"),
        required=False,
        max_length=120,
        help_text=_("Người đứng đầu, ví dụ: CHỦ TỊCH"),
    )
    signer_position = forms.CharField(label=_("Chức vụ người ký"), required=False, max_length=120)
    signer_name = forms.CharField(label=_("Họ tên người ký"), required=False, max_length=100)
    recipients = forms.CharField(
        label=_("Nơi nhận"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi dòng một nơi nhận; dòng “Lưu: VT, …” được thêm tự động nếu chưa có."),
    )

    def __init__(self, *args, is_dispatch: bool = False, issuing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.issuing = issuing  # the date rules of the register apply when the document takes its number
        if not is_dispatch:
            del self.fields["addressees"]
        else:
            self.fields["title"].label = _("Trích yếu (V/v …)")

    @classmethod
    def initial_from(cls, content: dict) -> dict:
        """The form's values for a stored content dict."""
        parts = content.get("signer_form") or {}
        try:
            date = dt.date.fromisoformat(content.get("date") or "")
        except ValueError:
            date = None
        return {
            "title": content.get("title") or "",
            "issuer_code": content.get("filing_unit") or "",
            "place": content.get("place") or "",
            "date": date,
            "addressees": "\n".join(content.get("addressees") or []),
            "signer_mode": parts.get("mode", ""),
            "signer_collective": parts.get("collective", ""),
            "signer_principal": parts.get("principal", ""),
            "signer_position": parts.get("position", (content.get("signer") or {}).get("title") or ""),
            "signer_name": parts.get("name", (content.get("signer") or {}).get("name") or ""),
            "recipients": "\n".join(content.get("recipients") or []),
        }

    def clean_date(self) -> dt.date | None:
        date = self.cleaned_data.get("date")
        if date is None or not self.issuing:
            return date
        now = today()
        if date > now:
            raise forms.ValidationError(
                _("Ngày ban hành không được sau hôm nay (%(d)s).") % {"d": format_date(now)}
            )
        if date.year != now.year:
            raise forms.ValidationError(
                _("Sổ văn bản đi cấp số theo năm: ngày ban hành phải trong năm %(y)s.") % {"y": now.year}
            )
        return date

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for key in ("recipients", "addressees"):
            if len(_lines(data.get(key) or "")) > MAX_LINES:
                self.add_error(key, _("Nhiều nhất %(n)s dòng.") % {"n": MAX_LINES})
        return data

    def header(self) -> dict:
        """The cleaned values as `workflow` takes them."""
        data = self.cleaned_data
        out = {
            "title": data.get("title") or "",
            "issuer_code": data.get("issuer_code") or "",
            "place": data.get("place") or "",
            "date": data.get("date"),
            "signer": Signer(
                mode=data.get("signer_mode") or "",
                collective=data.get("signer_collective") or "",
                principal=data.get("signer_principal") or "",
                position=data.get("signer_position") or "",
                name=data.get("signer_name") or "",
            ),
            "recipients": _lines(data.get("recipients") or ""),
        }
        if "addressees" in self.fields:
            out["addressees"] = _lines(data.get("addressees") or "")
        return out


class ReminderForm(forms.Form):
    """Which late units the dispatch names, and whether each gets its own dispatch."""

    units = forms.MultipleChoiceField(label=_("Đơn vị cần đôn đốc"), widget=forms.CheckboxSelectMultiple)
    one_each = forms.BooleanField(
        label=_("Mỗi đơn vị một công văn riêng (ban hành cả đợt, số liên tiếp)"), required=False
    )

    def __init__(self, *args, late=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.late = list(late)
        units = self.fields["units"]
        assert isinstance(units, forms.MultipleChoiceField)
        units.choices = [(str(u.unit.pk), f"{u.unit.name} — {u.reason}") for u in self.late]
        units.error_messages["required"] = _("Chọn ít nhất một đơn vị.")
        if not self.is_bound:
            overdue = [str(u.unit.pk) for u in self.late if u.overdue]
            self.initial["units"] = overdue or [str(u.unit.pk) for u in self.late]

    def chosen(self) -> list:
        picked = set(self.cleaned_data["units"])
        return [u for u in self.late if str(u.unit.pk) in picked]


class SignedCopyForm(forms.Form):
    """The signed, stamped copy of an issued document. `current` is the signed copy the officer saw (0 for
    none): the optimistic lock against two officers uploading at once."""

    file = forms.FileField(
        label=_("Tệp bản đã ký, đóng dấu"),
        help_text=_("Bản chụp PDF, ảnh JPEG/PNG hoặc tệp Word .docx."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx"}),
        error_messages={"required": _("Hãy chọn tệp bản đã ký để tải lên.")},
    )
    current = forms.IntegerField(min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)
