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
from trienkhai.orgs.models import Unit, UnitKind, today
from trienkhai.plans.models import Task

from .models import AwardForm, GoodModel, Movement, Proposal, Recipient

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
            "achievements",
            "movement",
            "task",
        ]
        field_classes = {"task": TaskChoiceField}
        widgets = {"achievements": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "council_unit": _(
                "Liên đoàn có Hội đồng thi đua – khen thưởng xét đề nghị (đơn vị mình hoặc cấp trên)."
            ),
            "recipient_unit": _("Với cá nhân: đơn vị nơi cá nhân công tác."),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        writable = Unit.objects.choosable_by(user)
        related = Unit.objects.related_to(user).active_on(today())
        offer_only(self.fields["proposer_unit"], writable)
        offer_only(self.fields["council_unit"], related.exclude(kind=UnitKind.GRASSROOTS).order_by("name"))
        offer_only(self.fields["recipient_unit"], writable)
        offer_only(self.fields["form"], AwardForm.objects.filter(active=True))
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
        recipient, form = data.get("recipient"), data.get("form")
        if recipient == Recipient.PERSON and not (data.get("person_name") or "").strip():
            self.add_error("person_name", _("Hãy nhập họ và tên cá nhân được đề nghị."))
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
