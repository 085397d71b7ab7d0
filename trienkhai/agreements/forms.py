"""Forms of dialogues and collective agreements."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from trienkhai.core.forms import VNDateField, offer_only
from trienkhai.core.uploads import policy, refusal
from trienkhai.lib.vn import format_date
from trienkhai.orgs.models import today

from . import rules
from .models import (
    TERM_FIELDS,
    AgreementChange,
    AgreementGrading,
    CollectiveAgreement,
    Dialogue,
    DialogueTopic,
    WorkerConference,
    count_better_terms,
    quorum_problem,
    request_problem,
    suggested_grade,
    term_problem,
    vote_problem,
)


class CheckboxList(forms.CheckboxSelectMultiple):
    """Checkboxes laid out as one field, its label above: the shared form template treats a widget whose
    input_type is "checkbox" as a single tick box and squeezed the whole list into its label."""

    input_type = "checkbox-list"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["class"] = "small"  # not the select box class the form template adds
        return context

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["type"] = "checkbox"
        option["attrs"]["class"] = "form-check-input me-1"
        return option


class UnitScopedForm(forms.ModelForm):
    def __init__(self, *args, units=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offer_only(self.fields["unit"], units)


MINUTES_KINDS = ("pdf", "docx", "doc", "jpeg", "png")


def minutes_max_bytes() -> int:
    return int(getattr(settings, "DIALOGUE_MINUTES_MAX_BYTES", 10 * 1024 * 1024))


class DialogueForm(UnitScopedForm):
    """A dialogue held, with what Decree 145/2020 asks of it (Art. 38-40): who took part, the notice, the
    request, the signed minutes and the day its main points were made public."""

    held_on = VNDateField(label=_("Ngày đối thoại"))
    topics = forms.MultipleChoiceField(
        label=_("Nội dung đối thoại"), choices=DialogueTopic.choices, widget=CheckboxList
    )
    content_sent_on = VNDateField(label=_("Ngày gửi nội dung đối thoại"), required=False)
    requested_on = VNDateField(
        label=_("Ngày nhận yêu cầu đối thoại (đối thoại theo yêu cầu)"), required=False
    )
    answered_on = VNDateField(label=_("Ngày có văn bản trả lời yêu cầu"), required=False)
    published_on = VNDateField(label=_("Ngày công bố công khai nội dung chính"), required=False)
    minutes = forms.FileField(label=_("Biên bản đối thoại có chữ ký (PDF, Word, ảnh)"), required=False)

    class Meta:
        model = Dialogue
        fields = [
            "unit",
            "held_on",
            "kind",
            "topics",
            "workforce",
            "representatives",
            "representatives_present",
            "legal_rep_present",
            "content_sent_on",
            "requested_on",
            "request_supporters",
            "answered_on",
            "workers",
            "result",
            "published_on",
            "minutes",
        ]
        widgets = {"result": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["representatives"].help_text = _(
            "Tối thiểu theo số người lao động (%(article)s): 3 người dưới 50; 4 từ 50; 9 từ 150; 14 từ 300; "
            "19 từ 500; 24 từ 1.000 người lao động."
        ) % {"article": rules.DIALOGUE_REPRESENTATIVES.article}
        self.fields["representatives_present"].help_text = _(
            "Đối thoại định kỳ cần trên %(p)s%% thành viên đại diện có mặt (%(article)s)."
        ) % {"p": rules.DIALOGUE_QUORUM_PERCENT.value(), "article": rules.DIALOGUE_QUORUM_PERCENT.article}
        self.fields["content_sent_on"].help_text = _(
            "Chậm nhất %(n)s ngày làm việc trước ngày đối thoại định kỳ (%(article)s)."
        ) % {
            "n": rules.DIALOGUE_NOTICE_WORKING_DAYS.value(),
            "article": rules.DIALOGUE_NOTICE_WORKING_DAYS.article,
        }
        self.fields["request_supporters"].help_text = _(
            "Yêu cầu của bên người lao động cần ít nhất %(p)s%% thành viên đại diện đồng ý (%(article)s)."
        ) % {"p": rules.DIALOGUE_REQUEST_PERCENT.value(), "article": rules.DIALOGUE_REQUEST_PERCENT.article}
        self.fields["answered_on"].help_text = _(
            "Chậm nhất %(n)s ngày làm việc kể từ khi nhận yêu cầu (%(article)s)."
        ) % {
            "n": rules.DIALOGUE_ANSWER_WORKING_DAYS.value(),
            "article": rules.DIALOGUE_ANSWER_WORKING_DAYS.article,
        }
        self.fields["published_on"].help_text = _(
            "Chậm nhất %(n)s ngày làm việc sau khi kết thúc đối thoại (%(article)s). %(note)s"
        ) % {
            "n": rules.DIALOGUE_PUBLISH_WORKING_DAYS.value(),
            "article": rules.DIALOGUE_PUBLISH_WORKING_DAYS.article,
            "note": rules.WORKING_DAYS_NOTE,
        }

    def clean_minutes(self):
        upload = self.cleaned_data.get("minutes")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the file already stored
            problem = refusal(upload, policy(MINUTES_KINDS, max_bytes=minutes_max_bytes()))
            if problem:
                raise forms.ValidationError(problem)
        return upload

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        on, kind = data.get("held_on"), data.get("kind")
        if on and on > today():
            self.add_error("held_on", _("Ngày đối thoại không được ở tương lai."))
        for name in ("content_sent_on", "requested_on", "answered_on", "published_on"):
            day = data.get(name)
            if day and day > today():
                self.add_error(name, _("Ngày này không được ở tương lai."))
        sent, published = data.get("content_sent_on"), data.get("published_on")
        if on and sent and sent > on:
            self.add_error("content_sent_on", _("Nội dung đối thoại được gửi trước ngày đối thoại."))
        if on and published and published < on:
            self.add_error("published_on", _("Ngày công bố không được trước ngày đối thoại."))
        requested, answered = data.get("requested_on"), data.get("answered_on")
        if requested and answered and answered < requested:
            self.add_error("answered_on", _("Ngày trả lời không được trước ngày nhận yêu cầu."))
        probe = Dialogue(
            representatives=data.get("representatives"),
            representatives_present=data.get("representatives_present"),
            legal_rep_present=bool(data.get("legal_rep_present")),
            request_supporters=data.get("request_supporters"),
        )
        if kind == Dialogue.Kind.PERIODIC and (problem := quorum_problem(probe)):
            field = "legal_rep_present" if not probe.legal_rep_present else "representatives_present"
            self.add_error(field, problem)
        if kind == Dialogue.Kind.ON_REQUEST:
            if requested is None:
                self.add_error("requested_on", _("Ghi ngày nhận yêu cầu đối thoại."))
            if problem := request_problem(probe):
                self.add_error("request_supporters", problem)
        return data

    def save(self, commit: bool = True) -> Dialogue:
        dialogue = super().save(commit=False)
        upload = self.cleaned_data.get("minutes")
        if "minutes" in self.changed_data and upload:
            dialogue.minutes_name = upload.name[:255]
        if commit:
            dialogue.save()
            self.save_m2m()
        return dialogue


class ConferenceForm(UnitScopedForm):
    """Hội nghị người lao động of the year (Art. 47 Decree 145/2020)."""

    held_on = VNDateField(label=_("Ngày tổ chức"))

    class Meta:
        model = WorkerConference
        fields = ["unit", "held_on", "form", "attendees", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def clean_held_on(self):
        on = self.cleaned_data["held_on"]
        if on > today():
            raise forms.ValidationError(_("Ngày tổ chức không được ở tương lai."))
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
        ) % {"days": rules.FILING_DAYS.value()}
        self.fields["voters"].help_text = _(
            "Doanh nghiệp: toàn bộ người lao động; ngành: thành viên ban lãnh đạo các tổ chức đại diện."
        )
        self.fields["votes_for"].help_text = _(
            "Thỏa ước chỉ được ký khi trên %(share)s%% biểu quyết tán thành (Điều 76 Bộ luật Lao động 2019)."
        ) % {"share": rules.ADOPTION_PERCENT.value()}

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


class ChangeForm(forms.Form):
    """An amendment (Art. 82), an extension (Art. 83 §1) or the carry-over while bargaining (Art. 83 §3)."""

    kind = forms.ChoiceField(label=_("Loại thay đổi"), choices=AgreementChange.Kind.choices)
    on = VNDateField(label=_("Ngày"))
    summary = forms.CharField(
        label=_("Nội dung sửa đổi, bổ sung hoặc tình hình thương lượng"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    voters = forms.IntegerField(label=_("Số người được lấy ý kiến"), min_value=1, required=False)
    votes_for = forms.IntegerField(label=_("Số người biểu quyết tán thành"), min_value=0, required=False)
    new_until = VNDateField(
        label=_("Đến ngày"),
        required=False,
        help_text=_("Kéo dài: ngày hết hạn mới. Tiếp tục thực hiện: để trống là %(n)s ngày sau ngày hết hạn.")
        % {"n": rules.CARRY_OVER_DAYS.value()},
    )
    agreed_otherwise = forms.BooleanField(
        label=_("Các bên có thỏa thuận khác về thời gian tiếp tục thực hiện (Điều 83)"), required=False
    )

    def __init__(self, *args, agreement: CollectiveAgreement, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement

    def clean(self) -> dict:
        data = super().clean() or {}
        a, kind, on, until = self.agreement, data.get("kind"), data.get("on"), data.get("new_until")
        if on is None or kind is None:
            return data
        if on < a.signed_on:
            self.add_error("on", _("Ngày thay đổi không được trước ngày ký thỏa ước."))
        if on > today():
            self.add_error("on", _("Ngày thay đổi không được ở tương lai."))
        needs_vote = kind in (AgreementChange.Kind.AMENDMENT, AgreementChange.Kind.EXTENSION)
        if needs_vote:
            vote = vote_problem(data.get("voters"), data.get("votes_for"))
            if vote is None and data.get("voters") is None:
                vote = _(
                    "Ghi kết quả lấy ý kiến: sửa đổi, bổ sung hay kéo dài thỏa ước đều phải lấy ý kiến như khi "
                    "ký (Điều 76, %(article)s)."
                ) % {
                    "article": rules.AMENDMENT_ARTICLE
                    if kind == "amendment"
                    else rules.CARRY_OVER_DAYS.article
                }
            if vote:
                self.add_error("votes_for", vote)
        if kind == AgreementChange.Kind.EXTENSION:
            window = rules.EXTENSION_WINDOW_DAYS.value()
            if on > a.expires_on or on < a.expires_on - dt.timedelta(days=window):
                self.add_error(
                    "on",
                    _(
                        "Kéo dài thời hạn được thương lượng trong %(n)s ngày trước ngày thỏa ước hết hạn, tức là từ "
                        "%(start)s đến %(end)s (%(article)s)."
                    )
                    % {
                        "n": window,
                        "start": format_date(a.expires_on - dt.timedelta(days=window)),
                        "end": format_date(a.expires_on),
                        "article": rules.EXTENSION_WINDOW_DAYS.article,
                    },
                )
            if until is None or until <= a.expires_on:
                self.add_error(
                    "new_until",
                    _("Ngày hết hạn mới phải sau ngày hết hạn hiện tại (%(d)s).")
                    % {"d": format_date(a.expires_on)},
                )
        if kind == AgreementChange.Kind.CARRY_OVER:
            carry = rules.CARRY_OVER_DAYS.value()
            limit = a.expires_on + dt.timedelta(days=carry)
            if on <= a.expires_on:
                self.add_error(
                    "on",
                    _("Chỉ ghi tiếp tục thực hiện khi thỏa ước đã hết hạn (%(d)s).")
                    % {"d": format_date(a.expires_on)},
                )
            until = until or limit
            if until <= a.expires_on:
                self.add_error("new_until", _("Ngày tiếp tục thực hiện phải sau ngày hết hạn."))
            elif until > limit and not data.get("agreed_otherwise"):
                self.add_error(
                    "new_until",
                    _(
                        "Thỏa ước cũ chỉ tiếp tục thực hiện không quá %(n)s ngày kể từ ngày hết hạn, tức là đến "
                        "%(d)s (%(article)s), trừ khi các bên có thỏa thuận khác."
                    )
                    % {"n": carry, "d": format_date(limit), "article": rules.CARRY_OVER_DAYS.article},
                )
            data["new_until"] = until
        if kind == AgreementChange.Kind.AMENDMENT:
            data["new_until"] = None
        return data


class GradingForm(forms.Form):
    """The grade of one year (A-D), or why it is not graded that year."""

    year = forms.IntegerField(label=_("Năm xếp loại"), min_value=2000, max_value=2100)
    grade = forms.ChoiceField(
        label=_("Xếp loại"),
        choices=[("", _("— Theo số nội dung có lợi hơn luật —")), *CollectiveAgreement.Grade.choices],
        required=False,
    )
    ungraded = forms.ChoiceField(
        label=_("Không xếp loại vì"),
        choices=[("", "—"), *AgreementGrading.Ungraded.choices],
        required=False,
        help_text=rules.GRADING_TEXT,
    )
    note = forms.CharField(label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # Which year's grading the form was shown with, and its version (0: none yet): the optimistic lock.
    lock_year = forms.IntegerField(widget=forms.HiddenInput, required=False)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, agreement: CollectiveAgreement, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement

    def seen_version(self) -> int:
        """The version of the typed year's grading the user saw: 0 when the form was shown for another
        year or with no grading, so saving over an existing grading unseen is a conflict."""
        data = self.cleaned_data
        if data.get("lock_year") != data.get("year"):
            return 0
        return data.get("lock_version") or 0

    def clean(self) -> dict:
        data = super().clean() or {}
        a, year = self.agreement, data.get("year")
        if year is None:
            return data
        if year > today().year:
            self.add_error("year", _("Chưa đến năm %(y)s: không xếp loại trước.") % {"y": year})
        if year < a.effective_from.year:
            self.add_error("year", _("Thỏa ước có hiệu lực từ năm %(y)s.") % {"y": a.effective_from.year})
        if data.get("grade") and data.get("ungraded"):
            self.add_error(
                "ungraded", _("Chọn một xếp loại hoặc một lý do không xếp loại, không chọn cả hai.")
            )
        applied_until = max(a.expires_on, a.carried_until or a.expires_on)
        if applied_until < dt.date(year, 1, 1):
            if data.get("grade"):
                self.add_error(
                    "grade",
                    _("Thỏa ước đã hết hạn ngày %(d)s, trước năm %(y)s: không xếp loại (đã hết hạn).")
                    % {"d": format_date(applied_until), "y": year},
                )
            data["ungraded"] = data.get("ungraded") or AgreementGrading.Ungraded.EXPIRED
        if not data.get("grade") and not data.get("ungraded"):
            data["grade"] = suggested_grade(a.better_terms)
        return data
