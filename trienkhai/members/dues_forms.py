"""Forms of the dues pages (members/dues_views.py)."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from trienkhai.core.uploads import policy, refusal

from .dues import read_money

MONTH = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")


def parse_month(text: str) -> dt.date | None:
    """ "11/2026" (as typed) or "2026-11" (in a link) → 01/11/2026; None when not a month."""
    text = (text or "").strip()
    found = MONTH.match(text)
    if found:
        month, year = int(found.group(1)), int(found.group(2))
    else:
        iso = re.match(r"^(\d{4})-(\d{1,2})$", text)
        if not iso:
            return None
        year, month = int(iso.group(1)), int(iso.group(2))
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        return None
    return dt.date(year, month, 1)


class MonthField(forms.CharField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Tháng (mm/yyyy)"))
        kwargs.setdefault("max_length", 7)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        month = parse_month(text)
        if month is None:
            raise forms.ValidationError(_("Tháng “%(v)s” không hợp lệ (ví dụ 11/2026).") % {"v": text})
        return month


class DuesRecordForm(forms.Form):
    month = MonthField()
    card_number = forms.CharField(label=_("Số thẻ đoàn viên hoặc họ và tên"), max_length=100)
    salary = forms.CharField(label=_("Tiền lương đóng BHXH (đồng)"), max_length=20)

    def clean_salary(self):
        value = read_money(self.cleaned_data["salary"])
        if value is None or value <= 0:
            raise forms.ValidationError(_("Tiền lương phải là số đồng nguyên lớn hơn 0 (ví dụ 5.500.000)."))
        return value


class DuesUploadForm(forms.Form):
    month = MonthField()
    file = forms.FileField(label=_("Tệp Excel (.xlsx) theo mẫu"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel .xlsx (dùng tệp mẫu)."))
        limit = int(getattr(settings, "MEMBER_IMPORT_MAX_BYTES", settings.UPLOAD_MAX_BYTES))
        problem = refusal(upload, policy(("xlsx",), max_bytes=limit))
        if problem:
            raise forms.ValidationError(problem)
        return upload
