"""Inspection and supervision (kiểm tra, giám sát) of the CĐCS by the union above them.

An `InspectionPlan` (kế hoạch kiểm tra) of a unit names the CĐCS it inspects in a period, the topics and
the team (đoàn kiểm tra). Each CĐCS inspected is a `Visit`, whose record (biên bản kiểm tra) says what was
checked and what was found and carries `Recommendation`s (kiến nghị), each with a deadline and an owner.
The CĐCS answers a recommendation with the action taken and evidence; the inspecting unit closes it or
reopens it with a reason. Every state change is a `RecommendationEvent` (who, when, why).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trienkhai.core.models import StatusEvent
from trienkhai.issuing.models import OutgoingDocument
from trienkhai.members.models import Member
from trienkhai.orgs.models import Unit

from . import rules

TARGET_CHOICES = [(k, v) for k, v in rules.TARGET_LABELS.items()]
UNIT_TARGETS = (rules.UNIT_BELOW, rules.UNIT_SAME)
MONEY: dict[str, Any] = {"max_digits": 18, "decimal_places": 0, "null": True, "blank": True}


class Committee(models.Model):
    """The Ủy ban kiểm tra of a union for one term (Điều lệ CĐVN 2020 Điều 29): elected by the same-level
    Ban Chấp hành, recognised by the union above; its term follows the BCH's. Its members inspect."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="inspection_committees", verbose_name=_("công đoàn")
    )
    term = models.CharField(_("nhiệm kỳ"), max_length=60, help_text=_("Ví dụ: 2023–2028"))
    term_start = models.DateField(_("từ ngày"))
    term_end = models.DateField(_("đến ngày"), null=True, blank=True)
    elected_on = models.DateField(_("ngày bầu"))
    recognised_by = models.CharField(_("quyết định công nhận"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ủy ban kiểm tra")
        verbose_name_plural = _("ủy ban kiểm tra")
        ordering = ["-term_start", "-pk"]

    def __str__(self) -> str:
        return f"Ủy ban kiểm tra {self.unit.name} nhiệm kỳ {self.term}"

    def active_on(self, on: dt.date) -> bool:
        return self.term_start <= on and (self.term_end is None or on <= self.term_end)


class CommitteeMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chủ nhiệm")
        VICE = "vice", _("Phó Chủ nhiệm")
        MEMBER = "member", _("Ủy viên")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("họ và tên"), max_length=120)
    position = models.CharField(_("chức vụ, đơn vị"), max_length=255, blank=True)
    role = models.CharField(_("chức danh"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    on_bch = models.BooleanField(_("là ủy viên Ban Chấp hành"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["role", "pk"]

    def __str__(self) -> str:
        return f"{self.name} — {self.get_role_display()}"


class InspectionPlan(models.Model):
    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("Kiểm tra")
        SUPERVISION = "supervision", _("Giám sát")

    # Which of the seven processes of 684/QĐ-TLĐ this is (rules.PROCESSES); `kind` follows it.
    process = models.CharField(
        _("loại kiểm tra"), max_length=16, choices=rules.PROCESS_CHOICES, default=rules.CHARTER
    )
    committee = models.ForeignKey(
        Committee,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("ủy ban kiểm tra"),
    )
    # The quyết định kiểm tra at the start, the thông báo kết luận at the end (each through issuing).
    decision = models.ForeignKey(
        OutgoingDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    conclusion = models.ForeignKey(
        OutgoingDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    conclusion_text = models.TextField(_("nội dung kết luận"), blank=True)

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="inspection_plans", verbose_name=_("đơn vị kiểm tra")
    )
    kind = models.CharField(_("hình thức"), max_length=12, choices=Kind.choices, default=Kind.INSPECTION)
    title = models.CharField(_("tên kế hoạch"), max_length=255)
    topics = models.JSONField(_("nội dung kiểm tra"), default=list)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    notice = models.ForeignKey(
        OutgoingDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kế hoạch kiểm tra")
        verbose_name_plural = _("kế hoạch kiểm tra")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="inspection_plan_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.kind = self.Kind.SUPERVISION if self.process == rules.SUPERVISION else self.Kind.INSPECTION
        super().save(*args, **kwargs)

    @property
    def rule(self) -> rules.Process:
        return rules.process(self.process)

    def concluded_on(self) -> dt.date | None:
        """The day its thông báo kết luận was issued; None while there is none."""
        c = self.conclusion
        if c is None or c.state != OutgoingDocument.State.ISSUED:
            return None
        return c.issued_on


class TeamMember(models.Model):
    """One member of the inspection team (đoàn kiểm tra)."""

    class Role(models.TextChoices):
        HEAD = "head", _("Trưởng đoàn")
        DEPUTY = "deputy", _("Phó trưởng đoàn")
        MEMBER = "member", _("Thành viên")
        SECRETARY = "secretary", _("Thư ký")

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="team")
    name = models.CharField(_("họ và tên"), max_length=120)
    position = models.CharField(_("chức vụ, đơn vị"), max_length=255, blank=True)
    role = models.CharField(
        _("nhiệm vụ trong đoàn"), max_length=12, choices=Role.choices, default=Role.MEMBER
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("tài khoản"),
    )
    committee_member = models.ForeignKey(
        CommitteeMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Visit(models.Model):
    """One target inspected under a plan, and its record (biên bản kiểm tra). The target is a union below
    (a CĐCS or an upper-level union), the inspecting union itself, or an officer or member of `unit`, as
    the plan's process allows (rules.Process.targets)."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="visits")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="inspection_visits", verbose_name=_("đơn vị")
    )
    target = models.CharField(_("đối tượng"), max_length=12, choices=TARGET_CHOICES, default=rules.UNIT_BELOW)
    member = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_visits",
        verbose_name=_("đoàn viên"),
    )
    person_name = models.CharField(_("họ và tên"), max_length=120, blank=True)
    person_position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    # A finance inspection (684/QĐ-TLĐ quy trình 3): the year checked, what was collected and spent, and
    # the findings in money (whole đồng).
    fin_year = models.PositiveSmallIntegerField(_("năm tài chính"), null=True, blank=True)
    dues_collected = models.DecimalField(_("đoàn phí đã thu (đồng)"), **MONEY)
    funds_collected = models.DecimalField(_("kinh phí công đoàn đã thu (đồng)"), **MONEY)
    spent = models.DecimalField(_("đã chi (đồng)"), **MONEY)
    findings_amount = models.DecimalField(_("số tiền sai phạm phải xử lý (đồng)"), **MONEY)
    visit_on = models.DateField(_("ngày kiểm tra"))
    attendees = models.TextField(_("thành phần làm việc của CĐCS"), blank=True)
    checked = models.TextField(_("nội dung đã kiểm tra"), blank=True)
    findings = models.TextField(_("kết quả kiểm tra, nhận xét"), blank=True)
    recorded_on = models.DateField(_("ngày lập biên bản"), null=True, blank=True)
    record = models.ForeignKey(
        OutgoingDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("cuộc kiểm tra")
        verbose_name_plural = _("cuộc kiểm tra")
        ordering = ["visit_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "unit"], condition=Q(target__in=UNIT_TARGETS), name="visit_once_per_plan"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} — {self.target_name}"

    @property
    def is_person(self) -> bool:
        return self.target not in UNIT_TARGETS

    @property
    def target_name(self) -> str:
        if self.is_person:
            return f"{self.person_name} ({self.unit.name})"
        return self.unit.name

    @property
    def is_recorded(self) -> bool:
        return self.recorded_on is not None


class RecommendationQuerySet(models.QuerySet):
    def open(self) -> RecommendationQuerySet:
        return self.exclude(status=Recommendation.Status.CLOSED)

    def overdue(self, *, on: dt.date) -> RecommendationQuerySet:
        return self.filter(status=Recommendation.Status.OPEN, deadline__lt=on)


class Recommendation(models.Model):
    """Kiến nghị: what the CĐCS must do by `deadline`. open → answered → closed, or back to open."""

    class Status(models.TextChoices):
        OPEN = "open", _("Chưa thực hiện")
        ANSWERED = "answered", _("Đã báo cáo, chờ xác nhận")
        CLOSED = "closed", _("Đã hoàn thành")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField(_("nội dung kiến nghị"))
    deadline = models.DateField(_("thời hạn"))
    owner_name = models.CharField(_("người chịu trách nhiệm"), max_length=120, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.OPEN)
    action_taken = models.TextField(_("kết quả thực hiện"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        ordering = ["pk"]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return self.text[:80]

    def is_overdue(self, on: dt.date) -> bool:
        return self.status == self.Status.OPEN and self.deadline < on


class RecommendationEvent(StatusEvent):
    """Every state change of a recommendation: who, when, from what to what, and the text (the action
    taken when the CĐCS answers, the reason when the inspecting unit reopens it)."""

    STATUS = Recommendation.Status

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="events")


class Evidence(models.Model):
    """A file the CĐCS attached to an answer (minutes, a photo, a decision)."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="evidence")
    event = models.ForeignKey(
        RecommendationEvent, null=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    file = models.FileField(_("tệp"), upload_to="inspections/%Y/%m/")
    name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]


class DisciplineCaseQuerySet(models.QuerySet):
    def in_progress(self, *, on: dt.date) -> DisciplineCaseQuerySet:
        """Opened on or before `on` and not yet decided or dropped on that day."""
        return self.filter(opened_on__lte=on).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on))

    def in_effect(self, *, on: dt.date) -> DisciplineCaseQuerySet:
        """Decided with a form whose effect runs on `on` (an open end runs for ever)."""
        return self.filter(status=DisciplineCase.Status.DECIDED, effective_from__lte=on).filter(
            Q(effective_until__isnull=True) | Q(effective_until__gte=on)
        )


class DisciplineCase(models.Model):
    """A discipline case (684/QĐ-TLĐ quy trình 5; forms by QĐ 5130/QĐ-TLĐ): about an organisation, an
    officer or a member; in progress until decided (with its form and decision) or dropped."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang xem xét")
        DECIDED = "decided", _("Đã quyết định kỷ luật")
        DROPPED = "dropped", _("Không kỷ luật")

    authority = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="discipline_cases", verbose_name=_("cấp xử lý")
    )
    plan = models.ForeignKey(
        InspectionPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="discipline_cases"
    )
    target = models.CharField(_("đối tượng"), max_length=12, choices=TARGET_CHOICES)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="discipline_targets", verbose_name=_("đơn vị")
    )
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="discipline_cases"
    )
    person_name = models.CharField(_("họ và tên"), max_length=120, blank=True)
    person_position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    violation = models.TextField(_("nội dung vi phạm"))
    opened_on = models.DateField(_("ngày bắt đầu xem xét"))
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    form = models.CharField(
        _("hình thức kỷ luật"), max_length=12, choices=list(rules.DISCIPLINE_FORMS.items()), blank=True
    )
    effective_from = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    effective_until = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)
    decision = models.ForeignKey(
        OutgoingDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_ref = models.CharField(_("số quyết định kỷ luật"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DisciplineCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("vụ việc kỷ luật")
        verbose_name_plural = _("vụ việc kỷ luật")
        ordering = ["-opened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.target_name}: {self.get_status_display()}"

    @property
    def target_name(self) -> str:
        if self.target in UNIT_TARGETS:
            return self.unit.name
        return f"{self.person_name} ({self.unit.name})"
