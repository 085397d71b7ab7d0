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
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trienkhai.issuing.models import OutgoingDocument
from trienkhai.members.models import Member, Sex
from trienkhai.orgs.models import Unit
from trienkhai.plans.models import Task

from .grades import GRADE_LABELS, GRADE_ORDER

GRADE_CHOICES = [(code, GRADE_LABELS[code]) for code in GRADE_ORDER]


class Recipient(models.TextChoices):
    UNIT = "unit", _("Tập thể")
    PERSON = "person", _("Cá nhân")
    # Collectives that are not units of the union tree: the enterprise (e.g. "Doanh nghiệp vì người lao
    # động") and the tổ công đoàn inside a CĐCS. Their name is typed; `recipient_unit` is their CĐCS.
    BUSINESS = "business", _("Doanh nghiệp")
    TEAM = "team", _("Tổ công đoàn")


COLLECTIVES = (Recipient.UNIT, Recipient.BUSINESS, Recipient.TEAM)


class AwardKind(models.TextChoices):
    """Loại hình khen thưởng, Luật Thi đua, khen thưởng 2022 Điều 8."""

    MERIT = "cong_trang", _("Theo công trạng và thành tích")
    TOPIC = "chuyen_de", _("Theo đợt (chuyên đề)")
    SUDDEN = "dot_xuat", _("Đột xuất")
    DEDICATION = "cong_hien", _("Quá trình cống hiến")
    SENIORITY = "nien_han", _("Niên hạn")
    FOREIGN = "doi_ngoai", _("Đối ngoại")


class BaseSalary(models.Model):
    """Mức lương cơ sở from a date, with the decree that set it: the money column multiplies it."""

    amount = models.PositiveIntegerField(_("mức lương cơ sở (đồng/tháng)"))
    valid_from = models.DateField(_("áp dụng từ ngày"), unique=True)
    decree = models.CharField(_("văn bản quy định"), max_length=200)

    class Meta:
        verbose_name = _("mức lương cơ sở")
        verbose_name_plural = _("mức lương cơ sở")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.amount} ({self.decree})"

    @classmethod
    def on(cls, day: dt.date) -> BaseSalary | None:
        return cls.objects.filter(valid_from__lte=day).order_by("-valid_from").first()


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
    kind = models.CharField(
        _("loại hình (Luật TĐKT Điều 8)"), max_length=12, choices=AwardKind.choices, default=AwardKind.MERIT
    )
    is_title = models.BooleanField(_("là danh hiệu thi đua"), default=False)
    source = models.CharField(_("căn cứ (văn bản, điều)"), max_length=300, blank=True)
    unit_multiple = models.DecimalField(
        _("tiền thưởng tập thể (hệ số × lương cơ sở)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    person_multiple = models.DecimalField(
        _("tiền thưởng cá nhân (hệ số × lương cơ sở)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    money_source = models.CharField(_("căn cứ tiền thưởng"), max_length=300, blank=True)
    prerequisite = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("phải đạt trước hình thức"),
    )
    prerequisite_years = models.PositiveSmallIntegerField(_("số năm liên tục"), default=0)
    needs_initiative = models.BooleanField(_("cần sáng kiến được công nhận"), default=False)
    yearly_quota = models.PositiveIntegerField(
        _("chỉ tiêu mỗi năm của đơn vị xét"), null=True, blank=True, help_text=_("Để trống: không giới hạn.")
    )
    proposer_quota = models.PositiveIntegerField(
        _("chỉ tiêu mỗi năm của một đơn vị đề nghị"),
        null=True,
        blank=True,
        help_text=_("Để trống: không giới hạn."),
    )
    quota_source = models.CharField(_("căn cứ chỉ tiêu"), max_length=300, blank=True)

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
        """A form for collectives ("unit") also fits an enterprise and a tổ công đoàn."""
        if not self.recipients or self.recipients == recipient:
            return True
        return self.recipients == Recipient.UNIT and recipient in COLLECTIVES

    def multiple_for(self, recipient: str) -> Decimal | None:
        return self.unit_multiple if recipient in COLLECTIVES else self.person_multiple


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
    years = models.PositiveSmallIntegerField(
        _("số năm liên tục"),
        default=1,
        help_text=_("Xếp loại phải đạt trong từng năm này, tính cả năm thành tích."),
    )

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


# Luật TĐKT 2022 chương VII (Xử lý vi phạm), khoản 2: the decision is annulled, the items and the money
# are recovered when (a) achievements were declared dishonestly; (b) false information or forged papers;
# (c) assessed, reviewed or proposed against the law; (d) a competent conclusion, decision or judgment
# finds the recipient did not meet the standard in the period of the achievement.
REVOKE_GROUNDS = [
    ("a", _("Điểm a: gian dối trong kê khai công trạng, thành tích")),
    ("b", _("Điểm b: cung cấp thông tin sai sự thật hoặc làm giả hồ sơ, giấy tờ")),
    ("c", _("Điểm c: thẩm định, xét, duyệt, đề nghị trái quy định của pháp luật")),
    ("d", _("Điểm d: có kết luận, quyết định, bản án xác định không bảo đảm tiêu chuẩn")),
]


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
    person_name = models.CharField(
        _("họ và tên cá nhân (hoặc tên doanh nghiệp, tổ công đoàn)"), max_length=120, blank=True
    )
    person_position = models.CharField(_("chức vụ, đơn vị công tác"), max_length=200, blank=True)
    # The person's identity, copied from the member register when the person is a member.
    member = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("đoàn viên (sổ đoàn viên)"),
    )
    person_birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    person_sex = models.CharField(_("giới tính"), max_length=8, choices=Sex.choices, blank=True)
    women_percent = models.PositiveSmallIntegerField(
        _("tỷ lệ nữ của tập thể (%)"),
        null=True,
        blank=True,
        help_text=_("Để trống: tính từ sổ đoàn viên của đơn vị."),
    )
    initiative = models.CharField(
        _("sáng kiến, giải pháp làm căn cứ"),
        max_length=255,
        blank=True,
        help_text=_("Mỗi sáng kiến chỉ dùng làm căn cứ cho một lần khen thưởng."),
    )
    # The money of the award, fixed when the decision is drafted (Nghị định 98/2023 Điều 54).
    money_multiple = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    money_amount = models.PositiveIntegerField(_("tiền thưởng (đồng)"), null=True, blank=True)
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
    revoke_ground = models.CharField(
        _("căn cứ hủy bỏ (Luật TĐKT 2022 chương VII)"), max_length=12, choices=REVOKE_GROUNDS, blank=True
    )
    recover = models.TextField(_("hiện vật, tiền thưởng phải thu hồi"), blank=True)
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
        return self.recipient_unit.name if self.recipient == Recipient.UNIT else self.person_name

    @property
    def is_collective(self) -> bool:
        return self.recipient in COLLECTIVES

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
        FILE = "file", _("Cập nhật hồ sơ")
        VOTED = "voted", _("Hội đồng biểu quyết")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    verb = models.CharField(max_length=12, choices=Verb.choices)
    note = models.TextField(blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class ProposalFile(models.Model):
    """One document slot of the file of a proposal (Luật TĐKT 2022 Điều 84): tờ trình, báo cáo thành
    tích, biên bản bình xét, proof of the initiative. The council cannot decide with a slot needed and
    not accepted."""

    class Slot(models.TextChoices):
        TO_TRINH = "to_trinh", _("Tờ trình đề nghị khen thưởng")
        BAO_CAO = "bao_cao", _("Báo cáo thành tích")
        BIEN_BAN = "bien_ban", _("Biên bản bình xét của Hội đồng cấp trình")
        SANG_KIEN = "sang_kien", _("Xác nhận sáng kiến, giải pháp")

    class State(models.TextChoices):
        MISSING = "missing", _("Chưa có")
        RECEIVED = "received", _("Đã nộp, chờ kiểm tra")
        ACCEPTED = "accepted", _("Đạt")
        RETURNED = "returned", _("Cần bổ sung")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="files")
    slot = models.CharField(_("giấy tờ"), max_length=12, choices=Slot.choices)
    state = models.CharField(_("tình trạng"), max_length=10, choices=State.choices, default=State.MISSING)
    reference = models.CharField(_("số, ngày văn bản hoặc ghi chú"), max_length=255, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("giấy tờ trong hồ sơ khen thưởng")
        verbose_name_plural = _("hồ sơ khen thưởng")
        ordering = ["proposal", "pk"]
        constraints = [models.UniqueConstraint(fields=["proposal", "slot"], name="proposal_file_slot_once")]


class CouncilSession(models.Model):
    """A meeting of the Hội đồng thi đua – khen thưởng of `unit`: who was there, a vote per proposal,
    and its minutes (biên bản, an `issuing.OutgoingDocument` of kind `record`). Closing it records each
    proposal's result; the minutes are then issued through issuing."""

    class State(models.TextChoices):
        OPEN = "open", _("Đang họp")
        CLOSED = "closed", _("Đã kết thúc, có biên bản")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    year = models.PositiveIntegerField(_("năm thành tích"))
    held_on = models.DateField(_("ngày họp"))
    chair = models.CharField(_("chủ trì"), max_length=120)
    members_total = models.PositiveSmallIntegerField(_("số thành viên Hội đồng"))
    members_present = models.TextField(
        _("thành viên có mặt"), help_text=_("Mỗi dòng một người: họ tên, chức vụ.")
    )
    state = models.CharField(max_length=8, choices=State.choices, default=State.OPEN)
    minutes = models.ForeignKey(
        OutgoingDocument,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("biên bản họp"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiên họp Hội đồng thi đua – khen thưởng")
        verbose_name_plural = _("phiên họp Hội đồng thi đua – khen thưởng")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Phiên họp Hội đồng TĐKT {self.unit} ngày {self.held_on:%d/%m/%Y}"

    @property
    def present(self) -> list[str]:
        return [line.strip() for line in self.members_present.splitlines() if line.strip()]


class CouncilVote(models.Model):
    """The vote of a session on one proposal: approved when the agreeing votes are more than half of the
    members present (quy chế làm việc của Hội đồng; ví dụ, không lấy từ văn bản)."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="votes")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="votes")
    agree = models.PositiveSmallIntegerField(_("đồng ý"))
    disagree = models.PositiveSmallIntegerField(_("không đồng ý"), default=0)
    abstain = models.PositiveSmallIntegerField(_("không biểu quyết"), default=0)
    approved = models.BooleanField(_("kết quả: đồng ý khen thưởng"))

    class Meta:
        ordering = ["session", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "proposal"], name="council_vote_once_per_session")
        ]


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
    """Create the forms of the catalogue (`defaults`) that are missing, by name, with their rules, and the
    base salary when there is none (a fresh or flushed database: migration 0002 seeds them, but a test
    that empties the tables takes them away). Forms a federation edited are left as they are."""
    from .defaults import BASE_SALARIES, FORMS, MONEY, RULES

    existing = set(AwardForm.objects.values_list("name", flat=True))
    created: dict[str, AwardForm] = {}
    for row in FORMS:
        if row["name"] in existing:
            continue
        data = {k: v for k, v in row.items() if k != "prerequisite"}
        if data.get("unit_multiple") is not None or data.get("person_multiple") is not None:
            data.setdefault("money_source", MONEY)
        created[row["name"]] = AwardForm.objects.create(**data)
    for row in FORMS:
        if row["name"] in created and row.get("prerequisite"):
            form = created[row["name"]]
            form.prerequisite = AwardForm.objects.filter(name=row["prerequisite"]).first()
            form.save(update_fields=["prerequisite"])
    for name, grade, applies, text, blocking, years in RULES:
        if name in created:
            EligibilityRule.objects.create(
                form=created[name],
                min_grade=grade,
                applies_to=applies,
                text=text,
                blocking=blocking,
                years=years,
            )
    if not BaseSalary.objects.exists():
        for amount, since, decree in BASE_SALARIES:
            BaseSalary.objects.create(amount=amount, valid_from=dt.date.fromisoformat(since), decree=decree)
