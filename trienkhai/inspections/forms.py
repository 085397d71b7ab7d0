"""Forms of inspection plans, visit records, recommendations and their answers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from trienkhai.core.forms import VNDateField
from trienkhai.core.names import display_name
from trienkhai.lib.vn import format_date
from trienkhai.orgs.models import Unit, UnitKind, today

from . import rules
from .models import (
    UNIT_TARGETS,
    Committee,
    CommitteeMember,
    InspectionPlan,
    Recommendation,
    TeamMember,
    Visit,
)
from .workflow import CommitteeEntry, TeamEntry

MAX_TOPICS = 30
MAX_FILES = 5


def grassroots_below(unit: Unit):  # noqa: ANN201
    """The CĐCS a unit may inspect: grassroots units in its subtree today."""
    on = today()
    return (
        Unit.objects.subtree_of([unit.pk], on=on)
        .filter(kind__in=[UnitKind.GRASSROOTS, UnitKind.GUILD])
        .active_on(on)
        .order_by("name")
    )


def units_to_inspect(unit: Unit):  # noqa: ANN201
    """The unions a unit may inspect: itself ("cùng cấp", where the process allows) and every union
    below it today, CĐCS and upper-level unions alike."""
    on = today()
    return Unit.objects.subtree_of([unit.pk], on=on).active_on(on).order_by("name")


class PlanForm(forms.ModelForm):
    topics_text = forms.CharField(
        label=_("Nội dung kiểm tra"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi dòng một nội dung."),
        max_length=5000,
    )
    starts_on = VNDateField(label=_("Từ ngày"))
    ends_on = VNDateField(label=_("Đến ngày"))
    units = forms.ModelMultipleChoiceField(
        label=_("Tổ chức công đoàn được kiểm tra"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        required=False,
    )

    class Meta:
        model = InspectionPlan
        fields = ["process", "committee", "title", "topics_text", "starts_on", "ends_on", "units"]

    def __init__(self, *args, unit: Unit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        units = self.fields["units"]
        assert isinstance(units, forms.ModelMultipleChoiceField)
        units.queryset = units_to_inspect(unit) | Unit.objects.filter(
            pk__in=self.instance.visits.values("unit_id") if self.instance.pk else []
        )
        committee = self.fields["committee"]
        assert isinstance(committee, forms.ModelChoiceField)
        committee.queryset = Committee.objects.filter(unit=unit)
        committee.help_text = _("Thành viên đoàn được chọn từ ủy viên ủy ban kiểm tra.")
        if self.instance.pk:
            self.initial.setdefault("topics_text", "\n".join(self.instance.topics))
            self.initial.setdefault("units", [v.unit_id for v in self.instance.visits.all()])

    def clean_topics_text(self) -> str:
        topics = [t.strip() for t in self.cleaned_data["topics_text"].splitlines() if t.strip()]
        if not topics:
            raise forms.ValidationError(_("Hãy ghi ít nhất một nội dung kiểm tra."))
        if len(topics) > MAX_TOPICS:
            raise forms.ValidationError(_("Nhiều nhất %(n)s nội dung.") % {"n": MAX_TOPICS})
        self.instance.topics = topics
        return self.cleaned_data["topics_text"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
        if start and end and (end - start).days > 366:
            self.add_error("ends_on", _("Một đợt kiểm tra không kéo dài quá một năm."))
        process = rules.process(data.get("process") or rules.CHARTER)
        chosen_units = list(data.get("units") or [])
        for u in chosen_units:
            target = rules.UNIT_SAME if u.pk == self.unit.pk else rules.UNIT_BELOW
            if not process.allows(target):
                self.add_error(
                    "units",
                    _("%(p)s không áp dụng cho %(t)s (%(a)s): %(u)s.")
                    % {
                        "p": process.name,
                        "t": str(rules.TARGET_LABELS[target]).lower(),
                        "a": process.article,
                        "u": u.name,
                    },
                )
        has_persons = (
            bool(self.instance.pk) and self.instance.visits.exclude(target__in=UNIT_TARGETS).exists()
        )
        if not chosen_units and not has_persons:
            self.add_error("units", _("Hãy chọn ít nhất một tổ chức công đoàn."))
        if self.instance.pk and data.get("units") is not None:
            chosen = {u.pk for u in data["units"]}
            kept = [
                v.unit.name
                for v in self.instance.visits.filter(target__in=UNIT_TARGETS).select_related("unit")
                if v.unit_id not in chosen and (v.is_recorded or v.recommendations.exists())
            ]
            if kept:
                self.add_error(
                    "units",
                    _("Không bỏ được đơn vị đã có biên bản hoặc kiến nghị: %(names)s.")
                    % {"names": ", ".join(kept)},
                )
        return data


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Họ và tên"), max_length=120, required=False)
    position = forms.CharField(label=_("Chức vụ, đơn vị"), max_length=255, required=False)
    role = forms.ChoiceField(
        label=_("Nhiệm vụ"), choices=TeamMember.Role.choices, initial=TeamMember.Role.MEMBER
    )
    user = forms.ModelChoiceField(
        label=_("Tài khoản (nếu có)"), queryset=get_user_model().objects.none(), required=False
    )
    committee_member = forms.ModelChoiceField(
        label=_("Ủy viên ủy ban kiểm tra"), queryset=CommitteeMember.objects.none(), required=False
    )

    def __init__(self, *args, users=None, committee_members=None, **kwargs) -> None:  # noqa: ANN001
        super().__init__(*args, **kwargs)
        user = self.fields["user"]
        assert isinstance(user, forms.ModelChoiceField)
        if users is not None:
            user.queryset = users
        cm = self.fields["committee_member"]
        assert isinstance(cm, forms.ModelChoiceField)
        if committee_members is not None:
            cm.queryset = committee_members
        # The hook Django documents for a choice's label; the stubs type it as a method only.
        user.label_from_instance = display_name  # type: ignore[assignment]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not (data.get("name") or "").strip() and data.get("committee_member") is not None:
            data["name"] = data["committee_member"].name
            data["position"] = data.get("position") or data["committee_member"].position
            data["user"] = data.get("user") or data["committee_member"].user
        if not (data.get("name") or "").strip() and data.get("user") is not None:
            u = data["user"]
            data["name"] = display_name(u)
        if (data.get("position") or "").strip() and not (data.get("name") or "").strip():
            self.add_error("name", _("Hãy ghi họ tên thành viên."))
        return data


class BaseTeamFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        entries = self.entries()
        if not entries:
            raise forms.ValidationError(_("Đoàn kiểm tra cần ít nhất một thành viên."))
        if sum(e.role == TeamMember.Role.HEAD for e in entries) != 1:
            raise forms.ValidationError(_("Đoàn kiểm tra cần đúng một trưởng đoàn."))

    def entries(self) -> list[TeamEntry]:
        return [
            TeamEntry(
                name=f.cleaned_data["name"].strip(),
                position=f.cleaned_data.get("position", "").strip(),
                role=f.cleaned_data.get("role") or TeamMember.Role.MEMBER,
                user=f.cleaned_data.get("user"),
                committee_member=f.cleaned_data.get("committee_member"),
            )
            for f in self.forms
            if f.cleaned_data and (f.cleaned_data.get("name") or "").strip()
        ]


TeamFormSet = forms.formset_factory(TeamForm, formset=BaseTeamFormSet, extra=2, max_num=15, validate_max=True)


def team_formset(data, *, plan: InspectionPlan | None, users, unit: Unit | None = None) -> BaseTeamFormSet:  # noqa: ANN001
    initial = (
        [
            {
                "name": m.name,
                "position": m.position,
                "role": m.role,
                "user": m.user_id,
                "committee_member": m.committee_member_id,
            }
            for m in plan.team.all()
        ]
        if plan is not None and plan.pk
        else []
    )
    owner = unit or (plan.unit if plan is not None else None)
    members = (
        CommitteeMember.objects.filter(committee__unit=owner) if owner else CommitteeMember.objects.none()
    )
    formset = TeamFormSet(
        data,
        initial=initial,
        prefix="team",
        form_kwargs={"users": users, "committee_members": members.select_related("committee")},
    )
    assert isinstance(formset, BaseTeamFormSet)  # formset_factory's stub forgets the subclass
    return formset


class VisitForm(forms.ModelForm):
    visit_on = VNDateField(label=_("Ngày kiểm tra"))
    recorded_on = VNDateField(
        label=_("Ngày lập biên bản"), required=False, help_text=_("Để trống khi chưa lập biên bản.")
    )

    class Meta:
        model = Visit
        fields = ["visit_on", "attendees", "checked", "findings", "recorded_on"]
        widgets = {
            "attendees": forms.Textarea(attrs={"rows": 3}),
            "checked": forms.Textarea(attrs={"rows": 4}),
            "findings": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "attendees": _("Mỗi dòng một người: họ tên, chức vụ."),
            "checked": _("Mỗi dòng một nội dung."),
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        plan, on = self.instance.plan, data.get("visit_on")
        if on and not plan.starts_on <= on <= plan.ends_on:
            self.add_error(
                "visit_on",
                _("Ngày kiểm tra phải trong thời gian của kế hoạch (từ %(a)s đến %(b)s).")
                % {"a": format_date(plan.starts_on), "b": format_date(plan.ends_on)},
            )
        recorded = data.get("recorded_on")
        if recorded and on and recorded < on:
            self.add_error("recorded_on", _("Biên bản lập từ ngày kiểm tra trở đi."))
        if recorded and not (data.get("findings") or "").strip():
            self.add_error("findings", _("Biên bản cần ghi kết quả kiểm tra."))
        return data


class RecommendationForm(forms.ModelForm):
    deadline = VNDateField(label=_("Thời hạn"))

    class Meta:
        model = Recommendation
        fields = ["text", "deadline", "owner_name"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"owner_name": _("Để trống: Ban Chấp hành công đoàn cơ sở chịu trách nhiệm.")}

    def __init__(self, *args, visit: Visit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.visit = visit

    def clean_deadline(self):  # noqa: ANN201
        deadline = self.cleaned_data["deadline"]
        if deadline < self.visit.visit_on:
            raise forms.ValidationError(
                _("Thời hạn phải từ ngày kiểm tra (%(d)s) trở đi.") % {"d": format_date(self.visit.visit_on)}
            )
        return deadline


class AnswerForm(forms.Form):
    action_taken = forms.CharField(
        label=_("Kết quả thực hiện"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("Hãy ghi kết quả thực hiện kiến nghị.")},
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do mở lại"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": _("Hãy ghi lý do mở lại để đơn vị biết cần làm thêm gì.")},
    )
    deadline = VNDateField(label=_("Thời hạn mới"), required=False, help_text=_("Để trống: giữ thời hạn cũ."))

    def clean_deadline(self):  # noqa: ANN201
        deadline = self.cleaned_data["deadline"]
        if deadline and deadline < today():
            raise forms.ValidationError(_("Thời hạn mới không được ở quá khứ."))
        return deadline


class VisitFinanceForm(forms.ModelForm):
    """The figures of a finance inspection, whole đồng (684/QĐ-TLĐ quy trình 3)."""

    class Meta:
        model = Visit
        fields = ["fin_year", "dues_collected", "funds_collected", "spent", "findings_amount"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        for name in ("dues_collected", "funds_collected", "spent", "findings_amount"):
            value = self.cleaned_data.get(name)
            if value is not None and value < 0:
                self.add_error(name, _("Số tiền không được âm."))
        year = self.cleaned_data.get("fin_year")
        if year is not None and not 2000 <= year <= today().year:
            self.add_error("fin_year", _("Năm tài chính không hợp lệ."))
        return self.cleaned_data


class PersonVisitForm(forms.Form):
    """An officer or member inspected under the plan (where its process allows persons)."""

    target = forms.ChoiceField(label=_("Đối tượng"), choices=[])
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    person_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    person_position = forms.CharField(label=_("Chức vụ"), max_length=255, required=False)
    card_number = forms.CharField(
        label=_("Số thẻ đoàn viên"), max_length=20, required=False, help_text=_("Để nối với sổ đoàn viên.")
    )

    def __init__(self, *args, plan: InspectionPlan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        target = self.fields["target"]
        assert isinstance(target, forms.ChoiceField)
        target.choices = [
            (t, rules.TARGET_LABELS[t]) for t in plan.rule.targets if t in (rules.OFFICER, rules.MEMBER)
        ]
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = units_to_inspect(plan.unit)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["member"] = None
        card, unit = (data.get("card_number") or "").strip(), data.get("unit")
        if card and unit is not None:
            from trienkhai.members.models import Member

            member = Member.objects.filter(card_number=card, unit=unit).first()
            if member is None:
                self.add_error("card_number", _("Không tìm thấy đoàn viên có số thẻ này ở đơn vị đã chọn."))
            data["member"] = member
        return data


class CommitteeForm(forms.ModelForm):
    term_start = VNDateField(label=_("Từ ngày"))
    term_end = VNDateField(label=_("Đến ngày"), required=False)
    elected_on = VNDateField(label=_("Ngày bầu"))

    class Meta:
        model = Committee
        fields = ["term", "term_start", "term_end", "elected_on", "recognised_by"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        start, end = self.cleaned_data.get("term_start"), self.cleaned_data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
        return self.cleaned_data


class CommitteeMemberForm(forms.Form):
    name = forms.CharField(label=_("Họ và tên"), max_length=120, required=False)
    position = forms.CharField(label=_("Chức vụ, đơn vị"), max_length=255, required=False)
    role = forms.ChoiceField(
        label=_("Chức danh"), choices=CommitteeMember.Role.choices, initial=CommitteeMember.Role.MEMBER
    )
    on_bch = forms.BooleanField(label=_("Ủy viên BCH"), required=False)


class BaseCommitteeFormSet(forms.BaseFormSet):
    def entries(self) -> list[CommitteeEntry]:
        return [
            CommitteeEntry(
                name=f.cleaned_data["name"].strip(),
                position=(f.cleaned_data.get("position") or "").strip(),
                role=f.cleaned_data.get("role") or CommitteeMember.Role.MEMBER,
                on_bch=bool(f.cleaned_data.get("on_bch")),
            )
            for f in self.forms
            if f.cleaned_data and (f.cleaned_data.get("name") or "").strip()
        ]

    def clean(self) -> None:
        if any(self.errors):
            return
        if not self.entries():
            raise forms.ValidationError(_("Ủy ban kiểm tra cần ít nhất một ủy viên."))


CommitteeFormSet = forms.formset_factory(
    CommitteeMemberForm, formset=BaseCommitteeFormSet, extra=3, max_num=30, validate_max=True
)


class DisciplineOpenForm(forms.Form):
    target = forms.ChoiceField(label=_("Đối tượng"), choices=list(rules.TARGET_LABELS.items()))
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    person_name = forms.CharField(label=_("Họ và tên (cá nhân)"), max_length=120, required=False)
    person_position = forms.CharField(label=_("Chức vụ"), max_length=255, required=False)
    violation = forms.CharField(label=_("Nội dung vi phạm"), widget=forms.Textarea(attrs={"rows": 3}))
    opened_on = VNDateField(label=_("Ngày bắt đầu xem xét"))

    def __init__(self, *args, authority: Unit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = units_to_inspect(authority)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if (
            data.get("target") in (rules.OFFICER, rules.MEMBER)
            and not (data.get("person_name") or "").strip()
        ):
            self.add_error("person_name", _("Hãy ghi họ tên cá nhân."))
        return data


class DisciplineDecideForm(forms.Form):
    form = forms.ChoiceField(
        label=_("Hình thức kỷ luật"),
        choices=[("", _("Không kỷ luật"))] + list(rules.DISCIPLINE_FORMS.items()),
        required=False,
    )
    decided_on = VNDateField(label=_("Ngày quyết định"))
    decision_ref = forms.CharField(label=_("Số quyết định"), max_length=64, required=False)
    effective_until = VNDateField(
        label=_("Hiệu lực đến ngày"),
        required=False,
        help_text=_("Để trống: theo thời hạn mặc định của hình thức."),
    )


class ConclusionForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung kết luận"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        help_text=_(
            "Mỗi dòng một đoạn: ưu điểm, khuyết điểm, vi phạm (nếu có), trách nhiệm, yêu cầu khắc phục."
        ),
        error_messages={"required": _("Hãy ghi nội dung kết luận.")},
    )
