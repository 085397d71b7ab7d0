"""Forms of legal-aid cases."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from trienkhai.core.forms import VNDateField, offer_only
from trienkhai.core.names import display_name
from trienkhai.orgs.models import today

from . import rules
from .models import STAGE_ORDER, CaseDocument, CourtCase, LegalCase, Stage


class CaseForm(forms.ModelForm):
    opened_on = VNDateField(label=_("Ngày tiếp nhận"))

    discovered_on = VNDateField(label=_("Ngày phát hiện hành vi vi phạm"), required=False)

    class Meta:
        model = LegalCase
        fields = [
            "origin_unit",
            "requester",
            "requester_contact",
            "workers",
            "topic",
            "kind",
            "summary",
            "opened_on",
            "dispute_kind",
            "discovered_on",
            "represented",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, units=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offer_only(self.fields["origin_unit"], units)
        self.fields["origin_unit"].label = _("Đơn vị tiếp nhận (CĐCS của người lao động)")

    def clean_opened_on(self):
        on = self.cleaned_data["opened_on"]
        if on > today():
            raise forms.ValidationError(_("Ngày tiếp nhận không được ở tương lai."))
        return on

    def clean(self) -> dict:
        data = super().clean() or {}
        found = data.get("discovered_on")
        if found and found > today():
            self.add_error("discovered_on", _("Ngày phát hiện không được ở tương lai."))
        if data.get("dispute_kind") and not found:
            self.add_error("discovered_on", _("Ghi ngày phát hiện hành vi vi phạm để tính thời hiệu."))
        return data


class AssignForm(forms.Form):
    advisor = forms.TypedChoiceField(label=_("Người tư vấn"), coerce=int)
    qualification = forms.ChoiceField(
        label=_("Trình độ, tư cách người tư vấn"), required=False, help_text=rules.QUALIFICATIONS_NOTE
    )
    credential = forms.CharField(label=_("Số thẻ, chứng chỉ (nếu có)"), max_length=100, required=False)

    def __init__(self, *args, advisors=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["advisor"]
        assert isinstance(field, forms.TypedChoiceField)  # `fields` is typed as plain Field
        field.choices = [(m.user_id, f"{display_name(m.user)} — {m.unit.name}") for m in advisors]
        qualification = self.fields["qualification"]
        assert isinstance(qualification, forms.ChoiceField)
        qualification.choices = [("", "—"), *rules.qualifications()]


class DisputeForm(forms.ModelForm):
    """The dispute behind the case: its kind and the day the breach was found start the limitation clock
    (Art. 190, 194 Bộ luật Lao động 2019)."""

    discovered_on = VNDateField(label=_("Ngày phát hiện hành vi vi phạm"), required=False)

    class Meta:
        model = LegalCase
        fields = ["dispute_kind", "discovered_on", "represented"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["represented"].help_text = rules.AUTHORISATION_TEXT

    def clean(self) -> dict:
        data = super().clean() or {}
        found = data.get("discovered_on")
        if found and found > today():
            self.add_error("discovered_on", _("Ngày phát hiện không được ở tương lai."))
        if data.get("dispute_kind") and not found:
            self.add_error("discovered_on", _("Ghi ngày phát hiện hành vi vi phạm để tính thời hiệu."))
        return data


class StageForm(forms.Form):
    """A step of the dispute's road: advice → mediation → arbitration → court (a step may be skipped where
    the law allows, never taken backwards)."""

    stage = forms.ChoiceField(label=_("Giai đoạn"), choices=Stage.choices)
    started_on = VNDateField(label=_("Ngày bắt đầu (ngày gửi yêu cầu)"))
    body = forms.CharField(
        label=_("Hòa giải viên lao động, hội đồng trọng tài hoặc tòa án"), max_length=200, required=False
    )
    ended_on = VNDateField(label=_("Ngày kết thúc"), required=False)
    result = forms.CharField(label=_("Kết quả"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case: LegalCase, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.case = case

    def clean(self) -> dict:
        data = super().clean() or {}
        stage, start, end = data.get("stage"), data.get("started_on"), data.get("ended_on")
        if stage is None or start is None:
            return data
        if start > today():
            self.add_error("started_on", _("Ngày bắt đầu không được ở tương lai."))
        if end and end < start:
            self.add_error("ended_on", _("Ngày kết thúc không được trước ngày bắt đầu."))
        recorded = list(self.case.stages.all())
        if any(s.stage == stage for s in recorded):
            self.add_error("stage", _("Giai đoạn này đã được ghi."))
        later = [s for s in recorded if STAGE_ORDER.index(s.stage) > STAGE_ORDER.index(stage)]
        earlier = [s for s in recorded if STAGE_ORDER.index(s.stage) < STAGE_ORDER.index(stage)]
        if later:
            self.add_error(
                "stage",
                _("Vụ việc đã sang giai đoạn «%(s)s»: không ghi lùi về giai đoạn trước.")
                % {"s": later[-1].get_stage_display()},
            )
        if earlier and start < max(s.started_on for s in earlier):
            self.add_error("started_on", _("Giai đoạn sau không bắt đầu trước giai đoạn trước."))
        if stage != Stage.ADVICE and self.case.represented and not self.case.has_authorisation():
            self.add_error(
                "stage",
                _(
                    "Công đoàn đại diện người lao động cần giấy ủy quyền của người lao động (%(article)s): đính "
                    "kèm giấy ủy quyền (loại tài liệu «Giấy ủy quyền») trước khi ghi giai đoạn này."
                )
                % {"article": rules.AUTHORISATION_ARTICLE},
            )
        return data


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Ghi chú"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class CourtForm(forms.ModelForm):
    filed_on = VNDateField(label=_("Ngày nộp đơn"))
    hearing_on = VNDateField(label=_("Ngày xét xử"), required=False)

    class Meta:
        model = CourtCase
        fields = ["court", "number", "filed_on", "hearing_on", "stage", "result"]
        widgets = {"result": forms.Textarea(attrs={"rows": 2})}


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=LegalCase.Outcome.choices)
    closed_on = VNDateField(label=_("Ngày kết thúc"))
    amount = forms.DecimalField(
        label=_("Số tiền người lao động được nhận (đồng)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=0,
    )
    note = forms.CharField(
        label=_("Ghi chú"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Tài liệu (PDF, Word, ảnh)"))
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=CaseDocument.Kind.choices, required=False)
