"""Forms of the register and of founding new CĐCS."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from trienkhai.core.forms import VNDateField
from trienkhai.core.uploads import policy, refusal
from trienkhai.lib.vn import fold
from trienkhai.orgs.models import Unit, UnitQuerySet, today

from . import rules
from .importer import CARD, NAME_BAD, SEXES, _phone
from .models import (
    AdmissionRequest,
    Application,
    FoundingCase,
    LeaveReason,
    Member,
    PauseReason,
    SubjectRequest,
)


def clean_name(value: str) -> str:
    name = " ".join(value.split())
    if NAME_BAD.search(name) or not any(ch.isalpha() for ch in name):
        raise forms.ValidationError(_("Họ và tên chỉ gồm chữ (không có chữ số hay ký hiệu)."))
    return name


def clean_birth_year(value: int) -> int:
    year = today().year
    if not year - 80 <= value <= year - 15:
        raise forms.ValidationError(_("Năm sinh phải cho tuổi từ 15 đến 80."))
    return value


ID_NUMBER = re.compile(r"\d{12}")
# The application scan goes through the project's one upload policy (core.uploads).
SCAN_KINDS = ("pdf", "jpeg", "png")


def clean_scan(upload):
    if upload:
        problem = refusal(upload, policy(SCAN_KINDS))
        if problem:
            raise forms.ValidationError(problem)
    return upload


class MemberForm(forms.ModelForm):
    joined_on = VNDateField(label=_("Ngày vào công đoàn"))
    birth_date = VNDateField(label=_("Ngày sinh (nếu biết đủ ngày)"), required=False)
    card_issued_on = VNDateField(label=_("Ngày cấp thẻ đoàn viên"), required=False)
    # Never rendered with its value: the number is shown only on demand and each showing is logged.
    id_number = forms.CharField(
        label=_("Số định danh cá nhân (CCCD, 12 chữ số)"),
        required=False,
        max_length=20,
        help_text=_(
            "Để trống nếu không đổi. Chỉ cán bộ quản lý đoàn viên xem được, mỗi lần xem đều ghi nhật ký."
        ),
    )

    class Meta:
        model = Member
        fields = [
            "full_name",
            "birth_date",
            "birth_year",
            "sex",
            "ethnicity",
            "education",
            "id_number",
            "card_number",
            "card_issued_on",
            "union_position",
            "joined_on",
            "phone",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["birth_year"].required = False
        self.fields["birth_year"].help_text = _("Ghi năm sinh khi không biết đủ ngày sinh.")
        self.initial["id_number"] = ""

    def clean_full_name(self) -> str:
        return clean_name(self.cleaned_data["full_name"])

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data.get("birth_year")
        return clean_birth_year(year) if year else None

    def clean_birth_date(self) -> dt.date | None:
        born = self.cleaned_data.get("birth_date")
        if born:
            clean_birth_year(born.year)
        return born

    def clean_id_number(self) -> str:
        number = self.cleaned_data["id_number"].replace(" ", "")
        if not number:
            return self.instance.id_number if self.instance.pk else ""
        if not ID_NUMBER.fullmatch(number):
            raise forms.ValidationError(_("Số định danh cá nhân gồm đúng 12 chữ số."))
        if Member.objects.filter(id_number=number).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Số định danh này đã có trong sổ đoàn viên."))
        return number

    def clean(self) -> dict:
        data = super().clean() or {}
        born, year = data.get("birth_date"), data.get("birth_year")
        if born:
            data["birth_year"] = born.year
        elif not year and "birth_year" not in self.errors:
            self.add_error("birth_year", _("Ghi ngày sinh hoặc năm sinh."))
        return data

    def clean_card_number(self) -> str:
        card = self.cleaned_data["card_number"].upper().replace(" ", "")
        if card and not CARD.match(card):
            raise forms.ValidationError(_("Số thẻ chỉ gồm chữ số (4–20 ký tự)."))
        if card and Member.objects.filter(card_number=card).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Số thẻ này đã có trong sổ đoàn viên."))
        return card

    def clean_phone(self) -> str:
        text = self.cleaned_data["phone"].strip()
        if not text:
            return ""
        phone = _phone(text)
        if phone is None:
            raise forms.ValidationError(_("Số điện thoại gồm 10 chữ số, ví dụ 0912345678."))
        return phone

    def clean_joined_on(self) -> dt.date:
        joined = self.cleaned_data["joined_on"]
        if joined > today():
            raise forms.ValidationError(_("Ngày vào công đoàn không được ở tương lai."))
        return joined


ENTRY_ADMIT, ENTRY_RECORD = "admit", "record"


def not_admitted_choices() -> list[tuple[str, object]]:
    return [("", _("Không thuộc trường hợp nào")), *rules.not_admitted()]


class AddMemberForm(MemberForm):
    """Adding a member: a new admission (the signed application and the BCH's decision, tiểu mục 3.1
    Hướng dẫn 38/HD-TLĐ), or a member admitted before, written into the register."""

    entry = forms.ChoiceField(
        label=_("Vào sổ theo cách nào"),
        choices=[
            (ENTRY_ADMIT, _("Kết nạp mới (có đơn và quyết định kết nạp)")),
            (ENTRY_RECORD, _("Ghi vào sổ đoàn viên đã được kết nạp trước đây")),
        ],
        initial=ENTRY_ADMIT,
    )
    application = forms.ChoiceField(
        label=_("Đơn gia nhập công đoàn"), choices=[("", "—"), *Application.choices], required=False
    )
    application_signed = forms.BooleanField(label=_("Đơn đã có chữ ký của người viết đơn"), required=False)
    application_scan = forms.FileField(label=_("Bản chụp đơn (PDF, JPG, PNG)"), required=False)
    admission_decision = forms.CharField(
        label=_("Số quyết định kết nạp của ban chấp hành"), max_length=40, required=False
    )
    not_admitted = forms.ChoiceField(
        label=_("Đối tượng không kết nạp (tiểu mục 1.2 Hướng dẫn 38/HD-TLĐ)"),
        choices=not_admitted_choices,
        required=False,
        help_text=rules.NOT_ADMITTED_NOTE,
    )

    field_order = ["entry"]

    def clean_application_scan(self):
        return clean_scan(self.cleaned_data.get("application_scan"))


class NewMemberForm(AddMemberForm):
    """Adding a member from a unit above CĐCS: which CĐCS too."""

    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("CĐCS"))

    class Meta(MemberForm.Meta):
        fields = ["unit", *MemberForm.Meta.fields]

    def __init__(self, *args, units=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units if units is not None else Unit.objects.none()


class LeaveForm(forms.Form):
    on = VNDateField(label=_("Không còn là đoàn viên từ ngày"))
    reason = forms.ChoiceField(label=_("Lý do"), choices=LeaveReason.choices)


class PauseForm(forms.Form):
    on = VNDateField(label=_("Tạm dừng sinh hoạt từ ngày"))
    reason = forms.ChoiceField(label=_("Lý do"), choices=PauseReason.choices)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)


class ResumeForm(forms.Form):
    on = VNDateField(label=_("Sinh hoạt lại từ ngày"))
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)


class AdmissionRequestForm(forms.ModelForm):
    """An application received by an upper union where the workplace has no CĐCS."""

    birth_date = VNDateField(label=_("Ngày sinh"))
    received_on = VNDateField(label=_("Ngày nhận đơn"))
    application_scan = forms.FileField(label=_("Bản chụp đơn (PDF, JPG, PNG)"), required=False)

    class Meta:
        model = AdmissionRequest
        fields = [
            "full_name",
            "birth_date",
            "sex",
            "workplace",
            "application",
            "application_signed",
            "application_scan",
            "received_on",
        ]

    def clean_full_name(self) -> str:
        return clean_name(self.cleaned_data["full_name"])

    def clean_received_on(self) -> dt.date:
        on = self.cleaned_data["received_on"]
        if on > today():
            raise forms.ValidationError(_("Ngày nhận đơn không được ở tương lai."))
        return on

    def clean_application_scan(self):
        return clean_scan(self.cleaned_data.get("application_scan"))


class AdmissionDecisionForm(forms.Form):
    admit = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[("1", _("Kết nạp")), ("0", _("Không kết nạp"))],
    )
    decided_on = VNDateField(label=_("Ngày quyết định"))
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=40, required=False)
    cdcs = forms.ModelChoiceField(
        label=_("CĐCS nơi đoàn viên sinh hoạt"), queryset=Unit.objects.none(), required=False
    )
    not_admitted = forms.ChoiceField(
        label=_("Đối tượng không kết nạp (tiểu mục 1.2 Hướng dẫn 38/HD-TLĐ)"),
        choices=not_admitted_choices,
        required=False,
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, units=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cdcs"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units if units is not None else Unit.objects.none()


class SubjectRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại yêu cầu"), choices=SubjectRequest.Kind.choices)
    received_on = VNDateField(label=_("Ngày nhận yêu cầu"))
    detail = forms.CharField(label=_("Nội dung"), max_length=500, required=False)

    def clean_received_on(self) -> dt.date:
        on = self.cleaned_data["received_on"]
        if on > today():
            raise forms.ValidationError(_("Ngày nhận yêu cầu không được ở tương lai."))
        return on


class SubjectDoneForm(forms.Form):
    on = VNDateField(label=_("Ngày thực hiện xong"))
    outcome = forms.CharField(label=_("Kết quả"), max_length=500)


class TransferForm(forms.Form):
    """Chuyển sinh hoạt: the receiving CĐCS is picked by name among `units` (the view's scope)."""

    to_unit = forms.ModelChoiceField(
        label=_("CĐCS nơi chuyển đến"),
        queryset=Unit.objects.none(),
        empty_label=_("— Chọn CĐCS —"),
        error_messages={
            "required": _("Hãy chọn CĐCS nơi chuyển đến."),
            "invalid_choice": _("CĐCS này không có trong danh sách bạn được chuyển đến; hãy tìm theo tên."),
        },
    )
    on = VNDateField(label=_("Sinh hoạt tại nơi mới từ ngày"))

    def __init__(self, *args, units: UnitQuerySet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.units = units  # the destinations, for the picker's search
        field = self.fields["to_unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx) theo mẫu"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel .xlsx (dùng tệp mẫu)."))
        limit = int(getattr(settings, "MEMBER_IMPORT_MAX_BYTES", settings.UPLOAD_MAX_BYTES))
        if upload.size > limit:
            raise forms.ValidationError(
                _("Tệp quá lớn; tối đa %(mb)s MB.") % {"mb": f"{limit / 1048576:.0f}"}
            )
        problem = refusal(upload, policy(("xlsx",), max_bytes=limit))
        if problem:
            raise forms.ValidationError(problem)
        return upload


EXPORT_PURPOSES = [
    ("report", _("Báo cáo, thống kê số liệu đoàn viên")),
    ("review", _("Rà soát, đối chiếu danh sách với đơn vị")),
    ("card", _("Cấp, đổi thẻ đoàn viên")),
    ("welfare", _("Chăm lo, thăm hỏi, khen thưởng đoàn viên")),
]


class ExportForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Mục đích xuất danh sách"), choices=EXPORT_PURPOSES)
    note = forms.CharField(label=_("Ghi chú thêm"), max_length=200, required=False)

    def purpose_text(self) -> str:
        label = dict(EXPORT_PURPOSES)[self.cleaned_data["purpose"]]
        note = self.cleaned_data["note"].strip()
        return f"{label}{' — ' + note if note else ''}"


class FoundingCaseForm(forms.ModelForm):
    next_step_on = VNDateField(label=_("Hạn việc tiếp theo"), required=False)

    class Meta:
        model = FoundingCase
        fields = [
            "owner_unit",
            "enterprise",
            "tax_code",
            "address",
            "sector",
            "workers",
            "next_step",
            "next_step_on",
        ]

    def __init__(self, *args, units=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner_unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units if units is not None else Unit.objects.none()

    def clean_tax_code(self) -> str:
        code = self.cleaned_data["tax_code"].strip()
        if code and not re.fullmatch(r"\d{10}(-\d{3})?", code):
            raise forms.ValidationError(_("Mã số thuế gồm 10 chữ số (hoặc 10 chữ số, gạch ngang, 3 chữ số)."))
        return code


class FoundingStepForm(forms.Form):
    on = VNDateField(label=_("Ngày"))
    stage = forms.ChoiceField(
        label=_("Giai đoạn sau bước này"),
        choices=[c for c in FoundingCase.Stage.choices if c[0] != FoundingCase.Stage.FOUNDED],
    )
    note = forms.CharField(label=_("Nội dung"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class FoundingDecisionForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=40)
    decision_on = VNDateField(label=_("Ngày quyết định (ngày CĐCS bắt đầu hoạt động)"))
    code = forms.CharField(label=_("Mã đơn vị của CĐCS mới"), max_length=32)
    name = forms.CharField(label=_("Tên CĐCS"), max_length=255)
    members = forms.CharField(
        label=_("Đoàn viên sáng lập (mỗi người một dòng: họ tên; năm sinh; Nam/Nữ; số thẻ nếu có)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        if not re.fullmatch(r"[A-Z0-9][A-Z0-9.\-]{1,31}", code):
            raise forms.ValidationError(_("Mã đơn vị gồm chữ in, chữ số, dấu chấm hoặc gạch ngang."))
        if Unit.objects.filter(code__iexact=code).exists():
            raise forms.ValidationError(_("Mã đơn vị này đã có."))
        return code

    def clean_decision_on(self) -> dt.date:
        on = self.cleaned_data["decision_on"]
        if on > today():
            raise forms.ValidationError(_("Ngày quyết định không được ở tương lai."))
        return on

    def clean_members(self) -> list[dict]:
        people, problems, cards = [], [], set()
        for number, line in enumerate(self.cleaned_data["members"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            while len(parts) < 4:
                parts.append("")
            name, year, sex, card = parts[:4]
            try:
                name = clean_name(name)
                birth = clean_birth_year(int(year))
            except (forms.ValidationError, ValueError):
                problems.append(_("Dòng %(n)s: họ tên hoặc năm sinh không hợp lệ.") % {"n": number})
                continue
            sex_value = SEXES.get(fold(sex))
            card = card.upper().replace(" ", "")
            if sex_value is None:
                problems.append(_("Dòng %(n)s: giới tính ghi Nam hoặc Nữ.") % {"n": number})
            elif card and (
                not CARD.match(card) or card in cards or Member.objects.filter(card_number=card).exists()
            ):
                problems.append(_("Dòng %(n)s: số thẻ không hợp lệ hoặc đã có trong sổ.") % {"n": number})
            else:
                cards.add(card)
                people.append({"full_name": name, "birth_year": birth, "sex": sex_value, "card_number": card})
        if problems:
            raise forms.ValidationError(problems[:20])
        return people
