"""Dialogue at the workplace and collective agreements (thỏa ước lao động tập thể, TƯLĐTT).

Periodic dialogue is required by law (Decree 145/2020: at least once a year); each dialogue held is
recorded with its topics. The register of agreements keeps the signing date, the expiry, the terms that
go beyond the legal minimum, and a quality grade; reminders go out before an agreement expires.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trienkhai.orgs.models import Unit


class DialogueTopic(models.TextChoices):
    WAGES = "wages", _("Tiền lương, thưởng")
    HOURS = "hours", _("Thời giờ làm việc, nghỉ ngơi")
    SAFETY = "safety", _("An toàn, vệ sinh lao động")
    WELFARE = "welfare", _("Phúc lợi, bữa ăn ca, nhà ở")
    CONTRACTS = "contracts", _("Hợp đồng, việc làm")
    RULES = "rules", _("Nội quy, kỷ luật lao động")
    AGREEMENT = "agreement", _("Thương lượng thỏa ước lao động tập thể")
    OTHER = "other", _("Khác")


class Dialogue(models.Model):
    class Kind(models.TextChoices):
        PERIODIC = "periodic", _("Định kỳ")
        ON_REQUEST = "on_request", _("Theo yêu cầu của một bên")
        INCIDENT = "incident", _("Khi có vụ việc")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="dialogues", verbose_name=_("CĐCS"))
    held_on = models.DateField(_("ngày đối thoại"))
    kind = models.CharField(_("hình thức"), max_length=12, choices=Kind.choices, default=Kind.PERIODIC)
    topics = models.JSONField(_("nội dung đối thoại"), default=list)
    workers = models.PositiveIntegerField(_("số người lao động tham dự"), default=0)
    result = models.TextField(_("kết quả, cam kết của người sử dụng lao động"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cuộc đối thoại")
        verbose_name_plural = _("cuộc đối thoại")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["unit", "held_on"])]

    def topic_labels(self) -> list[str]:
        labels = dict(DialogueTopic.choices)
        return [str(labels.get(t, t)) for t in self.topics]


# Terms beyond the legal minimum, the areas the confederation grades an agreement on.
TERM_FIELDS = ("wage_terms", "bonus_terms", "hours_terms", "leave_terms", "safety_terms")


class AgreementQuerySet(models.QuerySet):
    def in_force(self, *, on: dt.date) -> AgreementQuerySet:
        return self.filter(effective_from__lte=on, expires_on__gte=on)

    def expiring(self, *, on: dt.date, days: int) -> AgreementQuerySet:
        return self.in_force(on=on).filter(expires_on__lte=on + dt.timedelta(days=days))


class CollectiveAgreement(models.Model):
    class Scope(models.TextChoices):
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        MULTI = "multi", _("Có nhiều doanh nghiệp")
        SECTOR = "sector", _("Ngành")

    class Grade(models.TextChoices):
        A = "A", _("Loại A")
        B = "B", _("Loại B")
        C = "C", _("Loại C")
        D = "D", _("Loại D")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("công đoàn ký")
    )
    scope = models.CharField(_("phạm vi"), max_length=12, choices=Scope.choices, default=Scope.ENTERPRISE)
    title = models.CharField(_("tên thỏa ước"), max_length=255)
    employer = models.CharField(_("người sử dụng lao động"), max_length=255)
    signed_on = models.DateField(_("ngày ký"))
    effective_from = models.DateField(_("có hiệu lực từ"))
    expires_on = models.DateField(_("hết hạn ngày"))
    workers = models.PositiveIntegerField(_("số người lao động được áp dụng"), default=0)
    wage_terms = models.TextField(_("tiền lương (cao hơn quy định)"), blank=True)
    bonus_terms = models.TextField(_("tiền thưởng"), blank=True)
    hours_terms = models.TextField(_("thời giờ làm việc"), blank=True)
    leave_terms = models.TextField(_("nghỉ phép, nghỉ lễ"), blank=True)
    safety_terms = models.TextField(_("an toàn, vệ sinh lao động"), blank=True)
    grade = models.CharField(_("xếp loại chất lượng"), max_length=1, choices=Grade.choices)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("thỏa ước lao động tập thể")
        verbose_name_plural = _("thỏa ước lao động tập thể")
        ordering = ["expires_on", "pk"]
        indexes = [models.Index(fields=["unit", "signed_on"]), models.Index(fields=["expires_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("effective_from")),
                name="agreement_expires_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def better_terms(self) -> int:
        return sum(1 for name in TERM_FIELDS if getattr(self, name).strip())

    def days_left(self, on: dt.date) -> int:
        return (self.expires_on - on).days


def suggested_grade(better_terms: int) -> str:
    """The grade the terms suggest (thresholds are data: AGREEMENT_GRADE_THRESHOLDS, best grade first)."""
    thresholds = getattr(settings, "AGREEMENT_GRADE_THRESHOLDS", {"A": 4, "B": 3, "C": 1})
    for grade, minimum in sorted(thresholds.items()):
        if better_terms >= minimum:
            return grade
    return CollectiveAgreement.Grade.D
