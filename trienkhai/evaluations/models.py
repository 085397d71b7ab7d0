"""Annual evaluation and classification of CĐCS (đánh giá, xếp loại chất lượng hoạt động CĐCS).

A federation owns a criteria set (bộ tiêu chí) per year: groups of criteria with their maximum points, how
each is scored (by hand, or computed from approved report figures), whether evidence is required and
whether it is mandatory; and its classification rules: the lowest score of each grade, the best grade a
unit may reach when a mandatory criterion scored 0, and at most what share of one parent's units may get
the top grade. Everything is data, versioned per year: a set is frozen once scoring starts (copy it to the
next year to change it), so a published year keeps the rules it was graded by.

Each CĐCS has one `Evaluation` a year: it scores itself (tự đánh giá) with evidence and notes, submits; its
parent moderates (thẩm định), changing a score only with a reason the CĐCS sees; the owner classifies
(with quotas) and publishes.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trienkhai.orgs.models import Unit, UnitKind

from .grades import GRADE_LABELS, GRADES
from .grades import GRADE_LABELS_VI as GRADE_LABELS_VI  # re-exported: compose and workflow read it here

GRADE_CHOICES = list(GRADE_LABELS.items())


class FrozenSetError(Exception):
    """A change to a criteria set that scoring has started on."""


FROZEN_MESSAGE = _(
    "Bộ tiêu chí đã khóa vì việc chấm điểm đã bắt đầu; muốn thay đổi, hãy sao chép sang năm sau."
)


class AppliesTo(models.TextChoices):
    """The kind of unit a criteria set scores (guidance gives one table per kind and size: Công đoàn TKV's
    yearly guidance, after Hướng dẫn 392/HD-CĐTKV of 25/9/2019, has Phụ lục 1 for CĐCS with 500 members
    or more, Phụ lục 2 for under 500 and Phụ lục 3 for the upper-level unions)."""

    GRASSROOTS = "grassroots", _("Mọi CĐCS và nghiệp đoàn cơ sở")
    ENTERPRISE = "enterprise", _("CĐCS doanh nghiệp")
    PUBLIC = "public", _("CĐCS cơ quan, đơn vị sự nghiệp")
    GUILD = "guild", _("Nghiệp đoàn cơ sở")
    UPPER = "upper", _("Công đoàn cấp trên trực tiếp cơ sở")


ENTERPRISE_SECTORS = ("state_enterprise", "non_state", "fdi")


def unit_applies(applies_to: str, kind: str, sector: str) -> bool:
    """Whether a unit of `kind` and `sector` is of the kind of unit `applies_to` names."""
    grassroots = kind in (UnitKind.GRASSROOTS, UnitKind.GUILD)
    if applies_to == AppliesTo.GRASSROOTS:
        return grassroots
    if applies_to == AppliesTo.UPPER:
        return not grassroots
    if applies_to == AppliesTo.GUILD:
        return kind == UnitKind.GUILD
    if kind != UnitKind.GRASSROOTS:
        return False
    if applies_to == AppliesTo.PUBLIC:
        return sector == "administrative"
    return sector in ENTERPRISE_SECTORS


class QuotaBase(models.TextChoices):
    ALL = "all", _("Tổng số đơn vị được đánh giá")
    GOOD = "good", _("Số đơn vị đạt từ “Hoàn thành tốt nhiệm vụ” trở lên")


class QuotaRounding(models.TextChoices):
    DOWN = "down", _("Làm tròn xuống")
    NEAREST = "nearest", _("Làm tròn đến số gần nhất")
    AT_LEAST_ONE = "at_least_one", _("Làm tròn xuống nhưng ít nhất 1 đơn vị")


class QuotaScope(models.TextChoices):
    PARENT = "parent", _("Trong từng công đoàn cấp trên trực tiếp")
    POOLED = "pooled", _("Chung toàn bộ đơn vị của bộ tiêu chí")


class CriteriaSetQuerySet(models.QuerySet):
    def visible_to(self, user) -> CriteriaSetQuerySet:
        return self.filter(owner__in=Unit.objects.visible_to(user))


class CriteriaSet(models.Model):
    owner = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="criteria_sets", verbose_name=_("đơn vị đánh giá")
    )
    year = models.PositiveIntegerField(_("năm"))
    title = models.CharField(_("tên bộ tiêu chí"), max_length=255)
    basis = models.TextField(_("căn cứ"), blank=True)
    is_example = models.BooleanField(_("bộ tiêu chí mẫu"), default=False)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    # Condition: the best grade a unit may get when a mandatory criterion scored 0 (empty: no condition).
    mandatory_zero_cap = models.CharField(
        _("xếp loại cao nhất khi có tiêu chí bắt buộc bị 0 điểm"),
        max_length=20,
        choices=GRADE_CHOICES,
        blank=True,
        default="tot",
    )
    # Which units the set scores: a kind and a members band, read on `applies_on` (empty: the day the year
    # is opened). A unit is scored on the first opened set of the year that matches it.
    applies_to = models.CharField(
        _("áp dụng cho"), max_length=12, choices=AppliesTo.choices, default=AppliesTo.GRASSROOTS
    )
    min_members = models.PositiveIntegerField(_("từ số đoàn viên"), null=True, blank=True)
    max_members = models.PositiveIntegerField(_("đến số đoàn viên"), null=True, blank=True)
    applies_on = models.DateField(_("ngày xác định loại hình, số đoàn viên"), null=True, blank=True)
    # Whether a unit founded during the year is evaluated. No TLĐ text found on this: off by default
    # (ví dụ, không lấy từ văn bản); sets made before this setting keep evaluating them.
    evaluate_founded_in_year = models.BooleanField(_("đánh giá cả đơn vị thành lập trong năm"), default=False)
    # Points the emulation council alone scores on top of the self-assessed ones (TKV: 95 + 5, "Điểm
    # thưởng do Hội đồng thi đua khen thưởng Công đoàn TKV chấm tối đa: 05 điểm"). 0: no bonus.
    bonus_max = models.DecimalField(
        _("điểm thưởng tối đa (Hội đồng thi đua chấm)"), max_digits=6, decimal_places=2, default=Decimal(0)
    )
    # Condition: a group scored below this share of its points caps the grade (ví dụ, không lấy từ văn
    # bản: the "dưới 50%" rule is in Quy định 124-QĐ/TW and Nghị định 335/2025, not in a TLĐ text found).
    group_min_share = models.DecimalField(
        _("nhóm tiêu chí phải đạt tối thiểu (% điểm của nhóm)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    group_shortfall_cap = models.CharField(
        _("xếp loại cao nhất khi có nhóm tiêu chí dưới mức tối thiểu"),
        max_length=20,
        choices=GRADE_CHOICES,
        blank=True,
        default="hoan_thanh",
    )
    # Condition: a unit disciplined in the year gets at most this grade (empty: no condition).
    discipline_cap = models.CharField(
        _("xếp loại cao nhất khi bị kỷ luật trong năm"),
        max_length=20,
        choices=GRADE_CHOICES,
        blank=True,
        default="",
    )
    # The quota of a grade with a largest share: of what it is a share, how it rounds, where it counts.
    quota_base = models.CharField(
        _("tỷ lệ tính trên"), max_length=8, choices=QuotaBase.choices, default=QuotaBase.ALL
    )
    quota_rounding = models.CharField(
        _("làm tròn số đơn vị"), max_length=16, choices=QuotaRounding.choices, default=QuotaRounding.DOWN
    )
    quota_scope = models.CharField(
        _("phạm vi tính tỷ lệ"), max_length=8, choices=QuotaScope.choices, default=QuotaScope.PARENT
    )
    due_on = models.DateField(_("hạn tự đánh giá"), null=True, blank=True)
    frozen_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    summary_document = models.ForeignKey(
        "issuing.OutgoingDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CriteriaSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["-year", "owner__name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "year", "title"], name="criteria_set_title_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def matches(self, kind: str, sector: str, members: int | None) -> bool:
        """Whether a unit of this kind, sector and number of members is scored on this set."""
        if not unit_applies(self.applies_to, kind, sector):
            return False
        if members is None:
            return self.min_members is None and self.max_members is None
        if self.min_members is not None and members < self.min_members:
            return False
        return self.max_members is None or members <= self.max_members

    @property
    def has_size_band(self) -> bool:
        return self.min_members is not None or self.max_members is not None

    @property
    def scope_text(self) -> str:
        """Who the set scores, as a sentence for the pages."""
        text = str(self.get_applies_to_display())
        if self.min_members is not None and self.max_members is not None:
            text += f", từ {self.min_members} đến {self.max_members} đoàn viên"
        elif self.min_members is not None:
            text += f", từ {self.min_members} đoàn viên trở lên"
        elif self.max_members is not None:
            text += f", đến {self.max_members} đoàn viên"
        return text

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    def ensure_editable(self) -> None:
        if self.is_frozen:
            raise FrozenSetError(str(FROZEN_MESSAGE))

    def max_total(self) -> Decimal:
        return sum((c.max_points for c in Criterion.objects.filter(group__criteria_set=self)), Decimal(0))


class _FrozenGuard(models.Model):
    """Rows of a criteria set refuse every change once the set is frozen (scoring has started)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        self._refuse_if_frozen()
        return super().delete(*args, **kwargs)

    def owning_set_id(self) -> int:
        raise NotImplementedError

    def _refuse_if_frozen(self) -> None:
        if CriteriaSet.objects.filter(pk=self.owning_set_id(), frozen_at__isnull=False).exists():
            raise FrozenSetError(str(FROZEN_MESSAGE))


class CriteriaGroup(_FrozenGuard):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="groups")
    position = models.PositiveIntegerField(default=0)
    label = models.CharField(_("số thứ tự"), max_length=10)
    title = models.CharField(_("nhóm tiêu chí"), max_length=255)

    class Meta:
        ordering = ["criteria_set", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.label}. {self.title}"

    def owning_set_id(self) -> int:
        return self.criteria_set_id


class Method(models.TextChoices):
    MANUAL = "manual", _("Chấm thủ công")
    RATIO = "ratio", _("Tính từ báo cáo: kết quả / chỉ tiêu giao × điểm tối đa")
    YES = "yes", _("Tính từ báo cáo: có (lớn hơn 0) thì đủ điểm")


class Criterion(_FrozenGuard):
    group = models.ForeignKey(CriteriaGroup, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveIntegerField(default=0)
    code = models.CharField(_("mã"), max_length=10)
    text = models.TextField(_("nội dung tiêu chí"))
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    method = models.CharField(_("cách chấm"), max_length=10, choices=Method.choices, default=Method.MANUAL)
    # For a computed criterion: the report form and indicator code it reads (approved reports only).
    form = models.ForeignKey(
        "reports.ReportForm",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("biểu mẫu báo cáo"),
    )
    indicator_code = models.CharField(_("mã chỉ tiêu báo cáo"), max_length=40, blank=True)
    evidence_required = models.BooleanField(_("phải có minh chứng"), default=False)
    mandatory = models.BooleanField(_("tiêu chí bắt buộc"), default=False)

    class Meta:
        ordering = ["group__position", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"

    def owning_set_id(self) -> int:
        return self.group.criteria_set_id

    @property
    def is_computed(self) -> bool:
        return self.method != Method.MANUAL


class GradeBand(_FrozenGuard):
    """A grade's lowest score, and (optionally) the largest share of one parent's units that may get it."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="bands")
    grade = models.CharField(_("xếp loại"), max_length=20, choices=GRADES)
    min_score = models.DecimalField(_("điểm tối thiểu"), max_digits=6, decimal_places=2)
    max_share = models.DecimalField(
        _("tỷ lệ tối đa trong số CĐCS của một cấp trên (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["criteria_set", "-min_score"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "grade"], name="band_once_per_grade")]

    def owning_set_id(self) -> int:
        return self.criteria_set_id

    @property
    def grade_label(self) -> str:
        return str(GRADE_LABELS[self.grade])


class EvaluationQuerySet(models.QuerySet):
    def published(self) -> EvaluationQuerySet:
        return self.filter(status=Evaluation.Status.PUBLISHED)


class Evaluation(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang tự đánh giá")
        SUBMITTED = "submitted", _("Đã gửi, chờ thẩm định")
        MODERATED = "moderated", _("Đã thẩm định")
        PUBLISHED = "published", _("Đã công bố kết quả")

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="evaluations")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("CĐCS")
    )
    year = models.PositiveIntegerField(_("năm"))
    # The union directly above the CĐCS when the year's evaluation opened: it moderates, and quotas count
    # its units. Kept, so a later restructure does not move a published result.
    parent = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("cấp trên"))
    sector = models.CharField(_("khu vực"), max_length=32, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    self_note = models.TextField(_("tự nhận xét"), blank=True)
    moderation_note = models.TextField(_("nhận xét của cấp trên"), blank=True)
    self_total = models.DecimalField(max_digits=7, decimal_places=2, default=Decimal(0))
    final_total = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    # Scored only by the emulation council of the set's owner, on top of the moderated points.
    bonus_points = models.DecimalField(
        _("điểm thưởng"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    bonus_reason = models.CharField(_("lý do điểm thưởng"), max_length=255, blank=True)
    bonus_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bonus_at = models.DateTimeField(null=True, blank=True)
    # No discipline register exists yet: the moderating parent records it here (issue 19).
    disciplined = models.BooleanField(_("bị kỷ luật trong năm"), default=False)
    discipline_note = models.CharField(_("hình thức, quyết định kỷ luật"), max_length=255, blank=True)
    grade = models.CharField(_("xếp loại"), max_length=20, choices=GRADES, blank=True)
    grade_note = models.CharField(_("lý do xếp loại"), max_length=255, blank=True)
    rank = models.PositiveIntegerField(_("thứ hạng trong cấp trên"), null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking: the self-assessment and moderation pages post the version they were read at,
    # and a save from a page opened before somebody else's save is refused (workflow.EvaluationConflict).
    lock_version = models.PositiveIntegerField(default=0)
    saved_at = models.DateTimeField(null=True, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiếu đánh giá")
        verbose_name_plural = _("phiếu đánh giá")
        ordering = ["-year", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="evaluation_once_a_year")]
        indexes = [models.Index(fields=["criteria_set", "parent"]), models.Index(fields=["year", "status"])]

    def __str__(self) -> str:
        return f"{self.unit} — {self.year}"

    @property
    def grade_label(self) -> str:
        return str(GRADE_LABELS.get(self.grade, ""))

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def grand_total(self) -> Decimal | None:
        """The moderated points and the council's bonus: what grades and ranks."""
        if self.final_total is None:
            return None
        return self.final_total + (self.bonus_points or Decimal(0))

    @property
    def awaits_moderation(self) -> bool:
        return self.status == self.Status.SUBMITTED


def evidence_path(instance: Score, filename: str) -> str:
    return f"evaluations/{instance.evaluation.year}/{instance.evaluation_id}/{filename}"


class Score(models.Model):
    """One criterion of one evaluation: the CĐCS's points with evidence, the parent's points and why."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    self_points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    final_points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    # For a computed criterion: the figure and target it was computed from, as text for the page.
    computed_from = models.CharField(max_length=255, blank=True)
    evidence = models.TextField(_("minh chứng"), blank=True)
    evidence_file = models.FileField(_("tệp minh chứng"), upload_to=evidence_path, blank=True, max_length=255)
    note = models.TextField(_("ghi chú"), blank=True)
    reason = models.TextField(_("lý do điều chỉnh"), blank=True)

    class Meta:
        ordering = ["criterion__group__position", "criterion__position", "criterion__pk"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="score_once_per_criterion")
        ]

    @property
    def adjusted(self) -> bool:
        return self.final_points is not None and self.final_points != (self.self_points or Decimal(0))

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence.strip() or self.evidence_file)
