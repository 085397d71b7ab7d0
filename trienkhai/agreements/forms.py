"""Forms of dialogues and collective agreements."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from trienkhai.core.forms import VNDateField, offer_only
from trienkhai.orgs.models import today

from .models import (
    TERM_FIELDS,
    CollectiveAgreement,
    Dialogue,
    DialogueTopic,
    count_better_terms,
    suggested_grade,
    term_problem,
    vote_problem,
)


class UnitScopedForm(forms.ModelForm):
    def __init__(self, *args, units=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offer_only(self.fields["unit"], units)


class DialogueForm(UnitScopedForm):
    held_on = VNDateField(label=_("Ngày đối thoại"))
    topics = forms.MultipleChoiceField(
        label=_("Nội dung đối thoại"), choices=DialogueTopic.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Dialogue
        fields = ["unit", "held_on", "kind", "topics", "workers", "result"]
        widgets = {"result": forms.Textarea(attrs={"rows": 3})}

    def clean_held_on(self):
        on = self.cleaned_data["held_on"]
        if on > today():
            raise forms.ValidationError(_("Ngày đối thoại không được ở tương lai."))
        return on


class AgreementForm(UnitScopedForm):
    signed_on = VNDateField(label=_("Ngày ký"))
    effective_from = VNDateField(label=_("Có hiệu lực từ"))
    expires_on = VNDateField(label=_("Hết hạn ngày"))
    filed_on = VNDateField(
        label=_("Ngày gửi cơ quan chuyên môn về lao động cấp tỉnh"),
        required=False,
    )
    grade = forms.ChoiceField(
        label=_("Xếp loại chất lượng"),
        choices=[("", _("— Theo số điều khoản có lợi hơn luật —")), *CollectiveAgreement.Grade.choices],
        required=False,
        help_text=_("Để trống: loại A khi có lợi hơn luật ở 4–5 nội dung, B ở 3, C ở 1–2, D khi không có."),
    )

    class Meta:
        model = CollectiveAgreement
        fields = [
            "unit",
            "scope",
            "title",
            "employer",
            "signed_on",
            "effective_from",
            "expires_on",
            "workers",
            "voters",
            "votes_for",
            "filed_on",
            *TERM_FIELDS,
            "grade",
            "note",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 2}) for name in (*TERM_FIELDS, "note")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["filed_on"].help_text = _(
            "Người sử dụng lao động gửi trong %(days)s ngày kể từ ngày ký (Điều 77 Bộ luật Lao động 2019)."
        ) % {"days": settings.AGREEMENT_FILING_DAYS}
        self.fields["voters"].help_text = _(
            "Doanh nghiệp: toàn bộ người lao động; ngành: thành viên ban lãnh đạo các tổ chức đại diện."
        )
        self.fields["votes_for"].help_text = _(
            "Thỏa ước chỉ được ký khi trên %(share)s%% biểu quyết tán thành (Điều 76 Bộ luật Lao động 2019)."
        ) % {"share": settings.AGREEMENT_ADOPTION_PERCENT}

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        signed, start, end = data.get("signed_on"), data.get("effective_from"), data.get("expires_on")
        if start and end and end <= start:
            self.add_error("expires_on", _("Ngày hết hạn phải sau ngày có hiệu lực."))
        if signed and start and start < signed:
            self.add_error("effective_from", _("Thỏa ước có hiệu lực từ ngày ký trở đi."))
        if start and end and end > start and (problem := term_problem(start, end)):
            self.add_error("expires_on", problem)
        if vote := vote_problem(data.get("voters"), data.get("votes_for")):
            self.add_error("votes_for", vote)
        filed = data.get("filed_on")
        if filed and signed and filed < signed:
            self.add_error("filed_on", _("Ngày gửi thỏa ước không được trước ngày ký."))
        if filed and filed > today():
            self.add_error("filed_on", _("Ngày gửi thỏa ước không được ở tương lai."))
        if not data.get("grade"):
            data["grade"] = suggested_grade(count_better_terms(data))
        return data
