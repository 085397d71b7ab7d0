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

from trienkhai.orgs.models import Unit

from .grades import GRADE_LABELS, GRADES
from .grades import GRADE_LABELS_VI as GRADE_LABELS_VI  # re-exported: compose and workflow read it here

GRADE_CHOICES = list(GRADE_LABELS.items())


class FrozenSetError(Exception):
    """A change to a criteria set that scoring has started on."""


FROZEN_MESSAGE = _(
    "Bộ tiêu chí đã khóa vì việc chấm điểm đã bắt đầu; muốn thay đổi, hãy sao chép sang năm sau."
)


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
        constraints = [models.UniqueConstraint(fields=["owner", "year"], name="criteria_set_once_a_year")]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

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
