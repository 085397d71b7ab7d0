"""Inspection and supervision (kiểm tra, giám sát) of the CĐCS by the union above them.

An `InspectionPlan` (kế hoạch kiểm tra) of a unit names the CĐCS it inspects in a period, the topics and
the team (đoàn kiểm tra). Each CĐCS inspected is a `Visit`, whose record (biên bản kiểm tra) says what was
checked and what was found and carries `Recommendation`s (kiến nghị), each with a deadline and an owner.
The CĐCS answers a recommendation with the action taken and evidence; the inspecting unit closes it or
reopens it with a reason. Every state change is a `RecommendationEvent` (who, when, why).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trienkhai.core.models import StatusEvent
from trienkhai.issuing.models import OutgoingDocument
from trienkhai.orgs.models import Unit


class InspectionPlan(models.Model):
    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("Kiểm tra")
        SUPERVISION = "supervision", _("Giám sát")

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

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Visit(models.Model):
    """One CĐCS inspected under a plan, and its record (biên bản kiểm tra)."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="visits")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="inspection_visits", verbose_name=_("CĐCS")
    )
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
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="visit_once_per_plan")]

    def __str__(self) -> str:
        return f"{self.plan} — {self.unit}"

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
