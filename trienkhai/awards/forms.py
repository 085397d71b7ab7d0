"""Forms of movements, sign-ups, proposals, the council's review, revocation and good models."""

from __future__ import annotations

from typing import Any

import django_filters  # type: ignore[import-untyped]  # no stubs installed for django-filter
from django import forms
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from trienkhai.core.forms import VNDateField, offer_only
from trienkhai.lib.vn import fold
from trienkhai.members.models import Member
from trienkhai.orgs.models import Unit, UnitKind, today
from trienkhai.plans.models import Task

from .models import (
    REVOKE_GROUNDS,
    AwardForm,
    CouncilSession,
    GoodModel,
    Movement,
    Proposal,
    ProposalFile,
    Recipient,
)

YEAR_MIN, YEAR_MAX = 2000, 2100


def _year_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Năm"),
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        error_messages={
            "min_value": _("Năm phải từ %(limit_value)s trở đi."),
            "max_value": _("Năm không quá %(limit_value)s."),
            "invalid": _("Hãy nhập năm bằng số, ví dụ 2026."),
        },
    )


class MovementForm(forms.ModelForm[Movement]):
    year = _year_field()
    starts_on = VNDateField(label=_("Từ ngày"))
    ends_on = VNDateField(label=_("Đến ngày"))
    signup_deadline = VNDateField(label=_("Hạn đăng ký thi đua"))

    class Meta:
        model = Movement
        fields = ["unit", "title", "year", "starts_on", "ends_on", "signup_deadline", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_only(self.fields["unit"], units)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end, deadline = data.get("starts_on"), data.get("ends_on"), data.get("signup_deadline")
        if start and end and end < start:
            self.add_error("ends_on", _("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
        if deadline and end and deadline > end:
            self.add_error("signup_deadline", _("Hạn đăng ký phải trước khi phong trào kết thúc."))
        return data


class SignUpForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị đăng ký"), queryset=Unit.objects.none())
    pledges = forms.CharField(
        label=_("Nội dung đăng ký, chỉ tiêu phấn đấu"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_only(self.fields["unit"], units)


class TaskChoiceField(forms.ModelChoiceField[Task]):
    """A plan task, labelled with its plan's number (or the start of its title) first."""

    def label_from_instance(self, obj: Task) -> str:
        return f"{obj.plan.number or obj.plan.title[:30]} · {obj}"


class ProposalForm(forms.ModelForm[Proposal]):
    year = _year_field()

    class Meta:
        model = Proposal
        fields = [
            "proposer_unit",
            "council_unit",
            "year",
            "form",
            "recipient",
            "recipient_unit",
            "person_name",
            "person_position",
            "member",
            "person_birth_year",
            "person_sex",
            "women_percent",
            "achievements",
            "initiative",
            "movement",
            "task",
        ]
        field_classes = {"task": TaskChoiceField}
        widgets = {"achievements": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "council_unit": _(
                "Liên đoàn có Hội đồng thi đua – khen thưởng xét đề nghị (đơn vị mình hoặc cấp trên)."
            ),
            "recipient_unit": _(
                "Với cá nhân, doanh nghiệp, tổ công đoàn: CĐCS nơi cá nhân công tác hoặc CĐCS của doanh nghiệp, tổ."
            ),
            "member": _("Chọn nếu là đoàn viên: họ tên, năm sinh, giới tính, đơn vị lấy từ sổ đoàn viên."),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        writable = Unit.objects.choosable_by(user)
        related = Unit.objects.related_to(user).active_on(today())
        offer_only(self.fields["proposer_unit"], writable)
        offer_only(self.fields["council_unit"], related.exclude(kind=UnitKind.GRASSROOTS).order_by("name"))
        offer_only(self.fields["recipient_unit"], writable)
        offer_only(self.fields["form"], AwardForm.objects.filter(active=True))
        offer_only(
            self.fields["member"],
            Member.objects.filter(unit__in=writable.values("pk"), left_on__isnull=True).order_by(
                "unit__name", "search_text"
            ),
        )
        offer_only(self.fields["movement"], Movement.objects.filter(unit__in=related.values("pk")))
        offer_only(
            self.fields["task"],
            Task.objects.filter(plan__owner_unit__in=related.values("pk")).select_related("plan"),
        )
        if not self.is_bound and self.instance.pk is None:
            # A CĐCS proposes to the union directly above it; a federation usually decides itself.
            first = writable.first()
            if first is not None:
                council = first if not first.is_grassroots else first.parent_on(today())
                self.initial.setdefault("proposer_unit", first.pk)
                self.initial.setdefault("recipient_unit", first.pk)
                if council is not None:
                    self.initial.setdefault("council_unit", council.pk)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        on = today()
        proposer, council, recipient_unit = (
            data.get("proposer_unit"),
            data.get("council_unit"),
            data.get("recipient_unit"),
        )
        if (
            proposer
            and council
            and council.pk != proposer.pk
            and council.pk not in {u.pk for u in proposer.ancestors(on)}
        ):
            self.add_error(
                "council_unit", _("Đơn vị xét phải là đơn vị đề nghị hoặc cấp trên của đơn vị đề nghị.")
            )
        if proposer and recipient_unit and proposer.pk != recipient_unit.pk:
            if proposer.pk not in {u.pk for u in recipient_unit.ancestors(on)}:
                self.add_error(
                    "recipient_unit", _("Chỉ đề nghị khen thưởng đơn vị mình hoặc đơn vị cấp dưới.")
                )
        recipient, form, member = data.get("recipient"), data.get("form"), data.get("member")
        if recipient == Recipient.PERSON and member is not None:
            # The member register is the source of the identity (the workflow copies the rest).
            data["person_name"] = (data.get("person_name") or "").strip() or member.full_name
            self.instance.person_name = data["person_name"]
        if recipient == Recipient.PERSON and not (data.get("person_name") or "").strip():
            self.add_error("person_name", _("Hãy nhập họ và tên cá nhân được đề nghị."))
        if recipient in (Recipient.BUSINESS, Recipient.TEAM) and not (data.get("person_name") or "").strip():
            self.add_error("person_name", _("Hãy nhập tên doanh nghiệp hoặc tổ công đoàn được đề nghị."))
        if recipient != Recipient.PERSON:
            data["member"], data["person_birth_year"], data["person_sex"] = None, None, ""
        if recipient == Recipient.UNIT:
            data["person_name"], data["person_position"] = "", ""
        if form and recipient and not form.fits(recipient):
            self.add_error(
                "form", _("Hình thức này chỉ dành cho %(r)s.") % {"r": form.get_recipients_display().lower()}
            )
        return data


class ReviewForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Ý kiến của Hội đồng"),
        choices=[
            ("approve", _("Đồng ý khen thưởng")),
            ("reject", _("Không khen thưởng")),
            ("note", _("Chỉ ghi ý kiến, chưa kết luận")),
        ],
    )
    note = forms.CharField(
        label=_("Ghi chú của Hội đồng (lý do nếu không khen thưởng)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        note = (data.get("note") or "").strip()
        if data.get("verdict") == "reject" and not note:
            self.add_error("note", _("Hãy ghi lý do không khen thưởng."))
        if data.get("verdict") == "note" and not note:
            self.add_error("note", _("Hãy ghi ý kiến."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy ghi lý do.")},
    )


class RevokeForm(ReasonForm):
    """Revocation: the reason, its legal ground (Luật TĐKT 2022 chương VII) and what is recovered."""

    ground = forms.ChoiceField(
        label=_("Căn cứ hủy bỏ, thu hồi (Luật Thi đua, khen thưởng 2022, chương VII)"),
        choices=REVOKE_GROUNDS,
        error_messages={"required": _("Hãy chọn căn cứ thu hồi.")},
    )
    recover = forms.CharField(
        label=_("Hiện vật, tiền thưởng phải thu hồi"),
        required=False,
        max_length=1000,
        help_text=_("Để trống: hiện vật của hình thức và toàn bộ tiền thưởng đã chi."),
    )


class FileForm(forms.Form):
    """The state of one document of the file of a proposal (Luật TĐKT 2022 Điều 84)."""

    slot = forms.ChoiceField(label=_("Giấy tờ"), choices=ProposalFile.Slot.choices)
    state = forms.ChoiceField(label=_("Tình trạng"), choices=ProposalFile.State.choices)
    reference = forms.CharField(label=_("Số, ngày văn bản hoặc ghi chú"), required=False, max_length=255)


class SessionForm(forms.ModelForm[CouncilSession]):
    year = _year_field()
    held_on = VNDateField(label=_("Ngày họp"))
    members_total = forms.IntegerField(
        label=_("Số thành viên Hội đồng"),
        min_value=1,
        max_value=99,
        error_messages={"min_value": _("Hội đồng có ít nhất 1 thành viên."), "invalid": _("Hãy nhập số.")},
    )

    class Meta:
        model = CouncilSession
        fields = ["unit", "year", "held_on", "chair", "members_total", "members_present"]
        widgets = {"members_present": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_only(self.fields["unit"], units)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        present = [x for x in (data.get("members_present") or "").splitlines() if x.strip()]
        total = data.get("members_total")
        if total and len(present) > total:
            self.add_error("members_present", _("Số thành viên có mặt nhiều hơn số thành viên Hội đồng."))
        return data


class VoteForm(forms.Form):
    proposal = forms.ModelChoiceField(label=_("Đề nghị"), queryset=Proposal.objects.none())
    agree = forms.IntegerField(label=_("Đồng ý"), min_value=0, max_value=99)
    disagree = forms.IntegerField(label=_("Không đồng ý"), min_value=0, max_value=99, initial=0)
    abstain = forms.IntegerField(label=_("Không biểu quyết"), min_value=0, max_value=99, initial=0)

    def __init__(self, *args: Any, proposals: QuerySet[Proposal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_only(self.fields["proposal"], proposals)


class GoodModelForm(forms.ModelForm[GoodModel]):
    year = _year_field()

    class Meta:
        model = GoodModel
        fields = ["unit", "year", "title", "summary", "results"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5}), "results": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_only(self.fields["unit"], units)


class AwardFilter(django_filters.FilterSet):
    """The register: search by person, unit, year and form."""

    person = django_filters.CharFilter(label=_("Cá nhân"), method="by_person")
    unit = django_filters.CharFilter(label=_("Đơn vị"), method="by_unit")
    year = django_filters.NumberFilter(label=_("Năm"), field_name="year")
    form = django_filters.ModelChoiceFilter(
        label=_("Hình thức"), queryset=AwardForm.objects.all(), empty_label=_("Tất cả")
    )

    class Meta:
        model = Proposal
        fields = ["person", "unit", "year", "form"]

    def by_person(self, queryset, name, value):  # noqa: ANN001
        q = Q()
        for word in value.split():
            q &= Q(person_name__icontains=word)
        return queryset.filter(q)

    def by_unit(self, queryset, name, value):  # noqa: ANN001
        q = Q()
        for word in fold(value).split():
            q &= Q(recipient_unit__search_text__icontains=word)
        return queryset.filter(q)
