"""Emulation and commendation (thi đua, khen thưởng).

- `Movement` (phong trào thi đua) launched by a unit, with the `SignUp`s (đăng ký thi đua) of the units
  below it;
- `AwardForm` (hình thức khen thưởng) and `EligibilityRule` are data: which forms exist, who decides each
  (the federation at its own level, or a level above to which it is proposed), and the conditions a unit's
  evaluation grade must meet;
- `Proposal` (đề nghị khen thưởng) for a unit or a person, reviewed by the emulation council of the
  deciding unit (Hội đồng thi đua – khen thưởng), and decided by an issued commendation decision (a
  `issuing.OutgoingDocument` of kind `decision`): once the decision is issued the proposal *is* an
  award; it can then only be revoked (thu hồi), with a reason. Every step is a `ProposalEvent`;
- `GoodModel` (mô hình hay, cách làm hiệu quả): proposed by a unit, published by its federation.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trienkhai.issuing.models import OutgoingDocument
from trienkhai.orgs.models import Unit
from trienkhai.plans.models import Task

from .grades import GRADE_LABELS, GRADE_ORDER

GRADE_CHOICES = [(code, GRADE_LABELS[code]) for code in GRADE_ORDER]


class Recipient(models.TextChoices):
    UNIT = "unit", _("Tập thể")
    PERSON = "person", _("Cá nhân")


class AwardForm(models.Model):
    class Level(models.TextChoices):
        OWN = "own", _("Liên đoàn quyết định (cấp mình)")
        UPWARD = "upward", _("Đề nghị cấp trên quyết định")

    name = models.CharField(_("hình thức khen thưởng"), max_length=160, unique=True)
    level = models.CharField(_("thẩm quyền"), max_length=8, choices=Level.choices, default=Level.OWN)
    decided_by = models.CharField(
        _("cấp quyết định"),
        max_length=160,
        blank=True,
        help_text=_("Ví dụ: Tổng Liên đoàn Lao động Việt Nam."),
    )
    recipients = models.CharField(
        _("dành cho"), max_length=8, blank=True, choices=Recipient.choices, help_text=_("Để trống: cả hai.")
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("hình thức khen thưởng")
        verbose_name_plural = _("hình thức khen thưởng")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_upward(self) -> bool:
        return self.level == self.Level.UPWARD

    def fits(self, recipient: str) -> bool:
        return not self.recipients or self.recipients == recipient


class EligibilityRule(models.Model):
    """ "A unit graded below `min_grade` in the year is not eligible for `form`": a warning quoting `text`
    when proposing and reviewing; a refusal only when `blocking`."""

    form = models.ForeignKey(AwardForm, on_delete=models.CASCADE, related_name="rules")
    min_grade = models.CharField(_("xếp loại tối thiểu"), max_length=20, choices=GRADE_CHOICES)
    applies_to = models.CharField(
        _("áp dụng cho"),
        max_length=8,
        blank=True,
        choices=Recipient.choices,
        help_text=_("Để trống: cả hai."),
    )
    text = models.CharField(_("nội dung quy định"), max_length=300)
    blocking = models.BooleanField(_("bắt buộc (không cho đề nghị)"), default=False)
    active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("điều kiện khen thưởng")
        verbose_name_plural = _("điều kiện khen thưởng")
        ordering = ["form", "pk"]

    def __str__(self) -> str:
        return self.text


class Movement(models.Model):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="movements", verbose_name=_("đơn vị phát động")
    )
    title = models.CharField(_("tên phong trào"), max_length=255)
    year = models.PositiveIntegerField(_("năm"))
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    signup_deadline = models.DateField(_("hạn đăng ký thi đua"))
    description = models.TextField(_("nội dung, chỉ tiêu thi đua"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-year", "title", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="movement_dates"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, on: dt.date) -> bool:
        return on <= self.signup_deadline


class SignUp(models.Model):
    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="signups")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    pledges = models.TextField(_("nội dung đăng ký, chỉ tiêu phấn đấu"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        ordering = ["movement", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["movement", "unit"], name="signup_once_per_unit")]


class ProposalQuerySet(models.QuerySet):
    def decided(self) -> ProposalQuerySet:
        """Awards: proposals listed in a commendation decision that has been issued."""
        return self.filter(
            decision__state__in=[OutgoingDocument.State.ISSUED, OutgoingDocument.State.REPLACED]
        )

    def active_awards(self) -> ProposalQuerySet:
        return self.decided().filter(revoked_at__isnull=True)

    def visible_to(self, user) -> ProposalQuerySet:  # noqa: ANN001
        """What the user may see: proposals made by or to their units (and below), and the awards that
        went to their units."""
        units = Unit.objects.visible_to(user).values("pk")
        decided = Q(decision__state__in=[OutgoingDocument.State.ISSUED, OutgoingDocument.State.REPLACED])
        return self.filter(
            Q(proposer_unit__in=units) | Q(council_unit__in=units) | (decided & Q(recipient_unit__in=units))
        )


class Proposal(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đã đề nghị, chờ xét")
        REVIEWED = "reviewed", _("Hội đồng đã xét, đồng ý")
        REJECTED = "rejected", _("Không khen thưởng")

    council_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị xét, quyết định")
    )
    proposer_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị đề nghị")
    )
    year = models.PositiveIntegerField(_("năm thành tích"))
    form = models.ForeignKey(
        AwardForm, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("hình thức khen thưởng")
    )
    recipient = models.CharField(_("khen thưởng cho"), max_length=8, choices=Recipient.choices)
    recipient_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tập thể (hoặc đơn vị của cá nhân)"),
    )
    person_name = models.CharField(_("họ và tên cá nhân"), max_length=120, blank=True)
    person_position = models.CharField(_("chức vụ, đơn vị công tác"), max_length=200, blank=True)
    achievements = models.TextField(_("thành tích"))
    task = models.ForeignKey(
        Task,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("nhiệm vụ của kế hoạch"),
    )
    movement = models.ForeignKey(
        Movement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
        verbose_name=_("phong trào thi đua"),
    )
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    reject_reason = models.TextField(_("lý do không khen thưởng"), blank=True)
    # The commendation decision that lists it (a draft, then issued: the proposal is then an award).
    decision = models.ForeignKey(
        OutgoingDocument,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("quyết định khen thưởng"),
    )
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.TextField(_("lý do thu hồi"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["-year", "council_unit", "form__position", "pk"]
        indexes = [
            models.Index(fields=["council_unit", "status"]),
            models.Index(fields=["recipient_unit", "year"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient="unit") | ~Q(person_name=""), name="person_award_has_a_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form.name}: {self.recipient_name}"

    @property
    def recipient_name(self) -> str:
        return self.person_name if self.recipient == Recipient.PERSON else self.recipient_unit.name

    @property
    def is_decided(self) -> bool:
        return self.decision is not None and self.decision.state != OutgoingDocument.State.DRAFT

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def editable(self) -> bool:
        """Only a proposal not yet reviewed is edited by its proposer; an award never."""
        return self.status == self.Status.PROPOSED and self.decision_id is None

    @property
    def state_label(self) -> str:
        if self.is_revoked:
            return str(_("Đã thu hồi"))
        if self.is_decided:
            return str(_("Đã khen thưởng"))
        if self.decision_id is not None:
            return str(_("Trong dự thảo quyết định"))
        return str(self.get_status_display())


class ProposalEvent(models.Model):
    """The audit trail of a proposal: who did what, when and why (the council's note per review, the
    reason of a rejection or a revocation)."""

    class Verb(models.TextChoices):
        PROPOSED = "proposed", _("Đề nghị")
        EDITED = "edited", _("Sửa đề nghị")
        REVIEWED = "reviewed", _("Hội đồng xét, đồng ý")
        NOTE = "note", _("Hội đồng ghi ý kiến")
        REJECTED = "rejected", _("Không khen thưởng")
        FORWARDED = "forwarded", _("Trình cấp trên")
        IN_DECISION = "in_decision", _("Đưa vào dự thảo quyết định")
        REVOKED = "revoked", _("Thu hồi")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    verb = models.CharField(max_length=12, choices=Verb.choices)
    note = models.TextField(blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class GoodModelQuerySet(models.QuerySet):
    def visible_to(self, user) -> GoodModelQuerySet:  # noqa: ANN001
        """Proposed ones to the units that wrote them and their federation; published ones also to every
        unit below the federation."""
        units = Unit.objects.visible_to(user).values("pk")
        related = Unit.objects.related_to(user).values("pk")
        return self.filter(
            Q(unit__in=units) | Q(federation__in=units) | Q(status="published", federation__in=related)
        )


class GoodModel(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đề xuất, chờ công bố")
        PUBLISHED = "published", _("Đã công bố")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị đề xuất")
    )
    federation = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("liên đoàn công bố")
    )
    year = models.PositiveIntegerField(_("năm"))
    title = models.CharField(_("tên mô hình, cách làm"), max_length=255)
    summary = models.TextField(_("nội dung, cách làm"))
    results = models.TextField(_("hiệu quả"), blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GoodModelQuerySet.as_manager()

    class Meta:
        verbose_name = _("mô hình hay, cách làm hiệu quả")
        verbose_name_plural = _("mô hình hay, cách làm hiệu quả")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.title


def ensure_default_forms() -> None:
    """Create the starting award forms and rules when there are none (a fresh or flushed database: the
    first migration seeds them, but a test that empties the tables takes them away)."""
    from .defaults import FORMS, RULES

    if AwardForm.objects.exists():
        return
    forms = [
        AwardForm.objects.create(name=n, level=lv, decided_by=by, recipients=r, position=pos)
        for n, lv, by, r, pos in FORMS
    ]
    for index, grade, applies, text, blocking in RULES:
        EligibilityRule.objects.create(
            form=forms[index], min_grade=grade, applies_to=applies, text=text, blocking=blocking
        )
