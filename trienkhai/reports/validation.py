"""Check a submission's values against its form: types, built-in ranges, required boxes, rules.

Values are kept as typed (`raw`); this module only says what is wrong, in Vietnamese, per field key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from trienkhai.core.uploads import policy, refusal
from trienkhai.lib.docread import check_attachment
from trienkhai.lib.vn import format_decimal

from . import expressions as rule_eval
from .models import Indicator, ReportForm

YES = {"co", "có", "yes", "1", "true"}
NO = {"khong", "không", "no", "0", "false"}
THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")

# What evidence may be, by content (the extensions allowed are a setting; each must also be one of these).
EVIDENCE_KINDS = ("pdf", "docx", "xlsx", "pptx", "doc", "jpeg", "png")
DEFAULT_EXTENSIONS = [".jpg", ".jpeg", ".png", ".pdf", ".doc", ".docx", ".xls", ".xlsx"]


def parse_number(text: str) -> Decimal | None:
    """Vietnamese style first: "1.234.567" and "12,5"; "12.5" is accepted too. None when unreadable."""
    s = text.strip().replace(" ", "").replace("\u00a0", "")
    if not s:
        return None
    if "," in s and "." in s:
        s = s.replace(".", "").replace(",", ".")
    elif "," in s:
        s = s.replace(",", ".")
    elif THOUSANDS.match(s):
        s = s.replace(".", "")
    try:
        value = Decimal(s)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


@dataclass
class Checked:
    numbers: dict[str, Decimal | None] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # field key -> message
    rule_errors: list[str] = field(default_factory=list)
    # While typing: a broken plausibility rule, per figure it names. The value is kept and stored as a
    # number (it may be a figure typed before the other); submit refuses it.
    rule_hints: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.rule_errors


# Figures and targets are stored as DecimalField(max_digits=20, decimal_places=4): sixteen digits before the
# comma. A larger number (1e20, 2^63, 1e309, all of which Decimal reads) is refused with a message, not
# left for the database to reject.
MAX_NUMBER = Decimal(10) ** 16


def too_large(number: Decimal) -> str | None:
    """The Vietnamese message for a number too large to store, or None."""
    if abs(number) < MAX_NUMBER:
        return None
    return _("Số quá lớn: tối đa 16 chữ số trước dấu phẩy.")


def check_indicator(indicator: Indicator, raw: str) -> tuple[Decimal | None, str | None]:
    """(number, error). An empty value is not an error here; `required` is judged on submit."""
    text = (raw or "").strip()
    if not text:
        return None, None
    kind = indicator.kind
    if kind == Indicator.Kind.TEXT:
        return None, None
    if kind == Indicator.Kind.YESNO:
        low = text.lower()
        if low in YES:
            return Decimal(1), None
        if low in NO:
            return Decimal(0), None
        return None, _("Chọn Có hoặc Không.")
    if kind == Indicator.Kind.CHOICE:
        if indicator.choices and text not in indicator.choices:
            return None, _("Giá trị không nằm trong danh sách lựa chọn.")
        return None, None
    number = parse_number(text)
    if number is None:
        return None, _("Không phải là số: «%(v)s».") % {"v": text[:40]}
    if number < 0:
        return None, _("Không được là số âm.")
    if message := too_large(number):
        return None, message
    if kind == Indicator.Kind.INTEGER and number != number.to_integral_value():
        return None, _("Phải là số nguyên (không có phần thập phân).")
    if kind == Indicator.Kind.PERCENT and number > 100:
        return None, _("Tỷ lệ phải từ 0 đến 100%.")
    if indicator.max_value is not None and number > indicator.max_value:
        return None, _("Vượt giá trị tối đa: đã nhập %(v)s, tối đa %(max)s%(unit)s.") % {
            "v": format_decimal(number, 4),
            "max": format_decimal(indicator.max_value, 4),
            "unit": f" {indicator.unit_of_measure}" if indicator.unit_of_measure else "",
        }
    return number, None


def check(form: ReportForm, values: dict[str, str], *, final: bool) -> Checked:
    """Check all values. `final` (on submit) also requires required fields and applies the rules."""
    result = Checked()
    indicators = list(form.indicators.all())
    for ind in indicators:
        raw = values.get(ind.code, "")
        number, error = check_indicator(ind, raw)
        result.numbers[ind.code] = number
        if error:
            result.errors[ind.code] = error
        elif final and ind.required and not (raw or "").strip():
            result.errors[ind.code] = _("Chưa nhập chỉ tiêu bắt buộc này.")
    if final:
        for nar in form.narratives.all():
            if nar.required and not (values.get(nar.key) or "").strip():
                result.errors[nar.key] = _("Chưa nhập kết quả thực hiện cho nhóm nhiệm vụ này.")
    # The same rules as typed (a hint beside the figure) and on submit (a refusal).
    for rule in form.rules.all():
        if rule_eval.holds(rule.expression, result.numbers) is False:
            if final:
                result.rule_errors.append(rule.message)
            for code in rule_eval.names(rule.expression):
                (result.errors if final else result.rule_hints).setdefault(code, rule.message)
    return result


def allowed_extensions() -> list[str]:
    return [e.lower() for e in getattr(settings, "REPORT_UPLOAD_EXTENSIONS", DEFAULT_EXTENSIONS)]


def check_upload(upload: UploadedFile) -> str | None:
    """A Vietnamese message when the file may not be attached, else None."""
    # A file posted in a form always has a name and a size (the stubs type both optional).
    name, size = upload.name or "", upload.size or 0
    ext = Path(name).suffix.lower()
    if ext not in allowed_extensions():
        return _("Không nhận tệp «%(name)s»: chỉ nhận các loại %(exts)s.") % {
            "name": name,
            "exts": ", ".join(allowed_extensions()),
        }
    limit = int(getattr(settings, "REPORT_UPLOAD_MAX_BYTES", settings.UPLOAD_MAX_BYTES))
    if size > limit:
        return _("Tệp «%(name)s» quá lớn (%(size)s MB); tối đa %(max)s MB.") % {
            "name": name,
            "size": f"{size / 1048576:.1f}".replace(".", ","),
            "max": f"{limit / 1048576:.0f}",
        }
    # The content must be what the name says, as for uploaded documents: no empty "pdf", no HTML named
    # .pdf, no macro document renamed .docx, no zip bomb.
    data = upload.read(limit + 1)
    upload.seek(0)
    problem = check_attachment(data, name)
    if problem:
        return _("Không nhận tệp «%(name)s»: %(problem)s") % {"name": name, "problem": problem}
    return refusal(upload, policy(EVIDENCE_KINDS, max_bytes=limit))
