"""Reporting: report forms with indicators and rules, periods, submissions and their review.

A `ReportForm` belongs to a plan and says what each receiving unit reports and how often. A `Submission`
is one unit's report for one period; its values are rows (`SubmissionValue`) so that every change of
every figure is kept in history.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords  # type: ignore[import-untyped]

from trienkhai.core.jobs import IMPORT_CRASHED, Job
from trienkhai.core.models import StatusEvent
from trienkhai.lib.vn import fold, format_date

if TYPE_CHECKING:  # a lazy gettext string's type exists for the checker only
    from django_stubs_ext import StrOrPromise


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF = "half", _("6 tháng")
    NINE = "nine", _("9 tháng")
    YEAR = "year", _("Năm")
    THEMATIC = "thematic", _("Chuyên đề")
    ADHOC = "adhoc", _("Đột xuất")


def deadline_refusal(due: dt.date, closes: dt.date) -> str:
    """Why a deadline before the closing day is refused, in the words the pages and the demo show."""
    return str(
        _(
            "Hạn nộp %(due)s sớm hơn ngày kỳ báo cáo kết thúc (ngày chốt số liệu %(closes)s): "
            "hạn nộp phải từ ngày %(closes)s trở đi (Điều 12 Nghị định 09/2019/NĐ-CP)."
        )
        % {"due": format_date(due), "closes": format_date(closes)}
    )


class ReportForm(models.Model):
    """What the units that received a plan report, how often and by when."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="report_forms")
    title = models.CharField(_("tên biểu mẫu"), max_length=255)
    period_kind = models.CharField(
        _("kỳ báo cáo"), max_length=16, choices=PeriodKind.choices, default=PeriodKind.YEAR
    )
    # Deadlines are data: N days after the closing date, or explicit dates per period ("2026-Y1": ISO date).
    deadline_days = models.PositiveIntegerField(_("hạn nộp sau ngày chốt số liệu (ngày)"), default=5)
    deadline_overrides = models.JSONField(_("hạn nộp riêng theo kỳ"), default=dict, blank=True)
    # A thematic or ad-hoc report (báo cáo chuyên đề, đột xuất) has no calendar period: the body that asks
    # for it sets the figures' window, their closing day and the deadline (Decree 09/2019/NĐ-CP leaves them
    # to the request), so they are data of the form.
    opens_on = models.DateField(_("số liệu tính từ ngày"), null=True, blank=True)
    closes_on = models.DateField(_("ngày chốt số liệu"), null=True, blank=True)
    due_on = models.DateField(_("hạn nộp"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Since when the stored subtree totals (SubtreeTotal) of this form hold every approved report: set by
    # `rebuild_totals`, and when a form is created empty (its totals are kept from its first approval).
    # Until then, or after the daily check found drift, the results pages compute from the reports.
    totals_kept_since = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("biểu mẫu báo cáo")
        verbose_name_plural = _("biểu mẫu báo cáo")
        ordering = ["plan", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def report_name(self) -> str:
        """The report as a sentence names it: "Báo cáo năm" stays, "Kết quả quý" becomes "Báo cáo Kết
        quả quý" (never "Báo cáo Báo cáo ...")."""
        return self.title if fold(self.title).startswith("bao cao") else f"Báo cáo {self.title}"

    def field_labels(self) -> dict[str, str]:
        """Label of every field key of the form: indicator codes and narrative keys."""
        labels = {i.code: i.label for i in self.indicators.all()}
        labels.update({n.key: str(n.group) for n in self.narratives.select_related("group")})
        return labels

    @property
    def is_editable(self) -> bool:
        """Indicators may change until the first unit submits."""
        return not self.submissions.exclude(status=Submission.Status.DRAFT).exists()

    @property
    def has_own_dates(self) -> bool:
        from trienkhai.lib.periods import OWN_DATES

        return self.period_kind in OWN_DATES

    def clean(self) -> None:
        """A deadline may not fall before its period's closing day: the figures of a period cannot be due
        before they are counted (the closing day is settings.REPORT_CLOSING_DAY, or the form's own for a
        thematic or ad-hoc report)."""
        from trienkhai.lib.periods import parse_key, period_for

        if self.has_own_dates:
            if self.closes_on is None:
                raise ValidationError({"closes_on": _("Báo cáo chuyên đề, đột xuất cần ngày chốt số liệu.")})
            if self.due_on is None:
                raise ValidationError({"due_on": _("Báo cáo chuyên đề, đột xuất cần hạn nộp.")})
            if self.opens_on and self.opens_on > self.closes_on:
                raise ValidationError(
                    {"opens_on": _("Ngày bắt đầu tính số liệu phải trước ngày chốt số liệu.")}
                )
            if self.due_on < self.closes_on:
                raise ValidationError({"due_on": deadline_refusal(self.due_on, self.closes_on)})
        else:
            self.opens_on = self.closes_on = self.due_on = None
        for text in sorted(self.deadline_overrides or {}):
            try:
                kind, year, index = parse_key(text)
                due = dt.date.fromisoformat(self.deadline_overrides[text])
            except (TypeError, ValueError):
                raise ValidationError(_("Hạn nộp riêng “%(key)s” không hợp lệ.") % {"key": text}) from None
            if kind != self.period_kind:
                continue
            closes = period_for(kind, year, index)[1]
            if due < closes:
                raise ValidationError(deadline_refusal(due, closes))

    def period(self, year: int, index: int) -> tuple[dt.date, dt.date]:
        """First and last day of the figures of period (year, index): the calendar's, or the form's own."""
        from trienkhai.lib.periods import period_for

        start, end = period_for(self.period_kind, year, index)
        if self.has_own_dates and self.closes_on:
            return self.opens_on or start, self.closes_on
        return start, end

    def current_period(self, on: dt.date) -> tuple[int, int]:
        """(year, index) of the period running on `on`; a thematic or ad-hoc report has just its own."""
        from trienkhai.lib.periods import period_containing

        if self.has_own_dates and self.closes_on:
            return self.closes_on.year, 1
        return period_containing(self.period_kind, on)

    def deadline(self, year: int, index: int) -> dt.date:
        from trienkhai.lib.periods import deadline_for

        if self.has_own_dates and self.due_on:
            return self.due_on
        return deadline_for(
            self.period_kind, year, index, days_after=self.deadline_days, overrides=self.deadline_overrides
        )


class Indicator(models.Model):
    """One figure of a report form, and how it rolls up the tree (`aggregation`, as data)."""

    class Kind(models.TextChoices):
        INTEGER = "integer", _("Số nguyên")
        DECIMAL = "decimal", _("Số thập phân")
        PERCENT = "percent", _("Tỷ lệ %")
        YESNO = "yesno", _("Có/Không")
        CHOICE = "choice", _("Lựa chọn")
        TEXT = "text", pgettext_lazy("indicator type", "Văn bản")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Cộng tổng")
        AVERAGE = "avg", _("Trung bình cộng")
        WEIGHTED = "wavg", _("Trung bình có trọng số")
        MIN = "min", _("Nhỏ nhất")
        MAX = "max", _("Lớn nhất")
        COUNT_YES = "count_yes", _("Đếm số đơn vị trả lời Có / số đã trả lời")
        LATEST = "latest", _("Giá trị kỳ gần nhất (cộng các đơn vị)")
        NONE = "none", _("Không tổng hợp")

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(_("mã chỉ tiêu"), max_length=40)
    label = models.CharField(_("tên chỉ tiêu"), max_length=255)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    kind = models.CharField(_("kiểu dữ liệu"), max_length=16, choices=Kind.choices, default=Kind.INTEGER)
    required = models.BooleanField(_("bắt buộc"), default=True)
    choices = models.JSONField(_("các lựa chọn"), default=list, blank=True)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    group = models.ForeignKey(
        "plans.TaskGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
        verbose_name=_("nhóm nhiệm vụ"),
    )
    # A register that answers this figure ("members.total"), as data: see reports/sources.py.
    source = models.CharField(_("lấy số liệu từ sổ"), max_length=40, blank=True)
    aggregation = models.CharField(
        _("cách tổng hợp lên cấp trên"), max_length=16, choices=Aggregation.choices, default=Aggregation.SUM
    )
    # The largest plausible value (a score out of 100: 100); a figure above it is refused as typed and on
    # submit. Empty: no bound beyond the kind's own (a rate is at most 100%).
    max_value = models.DecimalField(
        _("giá trị tối đa"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    # For a weighted average: the code of the indicator of the same form that weighs each unit's value
    # (a rate weighted by `total_members`).
    weight_code = models.CharField(_("chỉ tiêu làm trọng số"), max_length=40, blank=True)

    class Meta:
        ordering = ["form", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["form", "code"], name="indicator_code_unique")]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs) -> None:
        # Sensible rules for kinds that cannot be added up, when the form left the default.
        if self.kind in (self.Kind.TEXT, self.Kind.CHOICE):
            self.aggregation = self.Aggregation.NONE
        elif self.kind == self.Kind.YESNO and self.aggregation == self.Aggregation.SUM:
            self.aggregation = self.Aggregation.COUNT_YES
        elif self.kind == self.Kind.PERCENT and self.aggregation == self.Aggregation.SUM:
            self.aggregation = self.Aggregation.AVERAGE
        super().save(*args, **kwargs)

    @classmethod
    def default_aggregation(cls, kind: str) -> str:
        """The rule an indicator of this kind gets when none is chosen."""
        rules: dict[str, str] = {
            cls.Kind.TEXT: cls.Aggregation.NONE,
            cls.Kind.CHOICE: cls.Aggregation.NONE,
            cls.Kind.YESNO: cls.Aggregation.COUNT_YES,
            cls.Kind.PERCENT: cls.Aggregation.AVERAGE,
        }
        return rules.get(kind, cls.Aggregation.SUM)

    @property
    def is_numeric(self) -> bool:
        return self.kind in (self.Kind.INTEGER, self.Kind.DECIMAL, self.Kind.PERCENT)

    @property
    def rolls_up(self) -> bool:
        return self.aggregation != self.Aggregation.NONE

    def clean(self) -> None:
        """Which rule fits which kind: text and choices do not add up, yes/no is counted, a weighted
        average names a numeric indicator of the same form as its weight."""
        from django.core.exceptions import ValidationError

        A, K = self.Aggregation, self.Kind
        if self.kind in (K.TEXT, K.CHOICE) and self.aggregation != A.NONE:
            raise ValidationError({"aggregation": _("Chỉ tiêu dạng chữ hoặc lựa chọn không tổng hợp được.")})
        if self.kind == K.YESNO and self.aggregation not in (A.COUNT_YES, A.NONE):
            raise ValidationError({"aggregation": _("Chỉ tiêu Có/Không được tổng hợp bằng cách đếm số Có.")})
        if self.kind == K.PERCENT and self.aggregation == A.SUM:
            raise ValidationError({"aggregation": _("Không cộng dồn tỷ lệ %: hãy chọn trung bình.")})
        if self.kind != K.YESNO and self.aggregation == A.COUNT_YES:
            raise ValidationError({"aggregation": _("Chỉ đếm số Có cho chỉ tiêu kiểu Có/Không.")})
        if self.aggregation == A.WEIGHTED:
            weight = (
                self.form.indicators.filter(code=self.weight_code).exclude(pk=self.pk).first()
                if self.weight_code and self.form_id
                else None
            )
            if weight is None or not weight.is_numeric:
                raise ValidationError(
                    {"weight_code": _("Hãy chọn một chỉ tiêu dạng số của biểu mẫu này làm trọng số.")}
                )
        elif self.weight_code:
            self.weight_code = ""

    @property
    def unit_suffix(self) -> str:
        """The unit of measure to print after the label, unless the label already ends with it
        ("Kinh phí đã chi (đồng)" is not followed by a second "(đồng)")."""
        uom = self.unit_of_measure.strip()
        if not uom or self.label.rstrip().lower().endswith(f"({uom.lower()})"):
            return ""
        return uom

    @property
    def is_money(self) -> bool:
        """An amount in đồng ("Kinh phí đã chi (đồng)"): it dwarfs counts, so charts leave it to tables."""
        return (
            self.unit_of_measure.strip().lower() == "đồng"
            or "(đồng)" in self.label
            or "kinh phí" in self.label.lower()
        )


class Rule(models.Model):
    """A plausibility check written as data. A federation picks its kind from a list and names the figures
    by their labels (`subject`, `other` are indicator codes kept behind the labels); the `expression` the
    checker evaluates is made from them (`new_members <= total_members`). Kind "expression" is the
    advanced form, a formula typed by hand."""

    class Kind(models.TextChoices):
        AT_MOST = "at_most", _("Không lớn hơn một số")
        AT_LEAST = "at_least", _("Không nhỏ hơn một số")
        NOT_ABOVE = "not_above", _("Không lớn hơn một chỉ tiêu khác")
        SCORE_OUT_OF = "score_out_of", _("Điểm chấm trên thang N điểm")
        EXPRESSION = "expression", _("Biểu thức tự viết (nâng cao)")

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("loại quy tắc"), max_length=16, choices=Kind.choices, default=Kind.EXPRESSION)
    subject = models.CharField(_("chỉ tiêu được kiểm tra"), max_length=40, blank=True)
    other = models.CharField(_("chỉ tiêu so sánh"), max_length=40, blank=True)
    bound = models.DecimalField(_("giới hạn"), max_digits=20, decimal_places=4, null=True, blank=True)
    expression = models.CharField(_("biểu thức"), max_length=500)
    message = models.CharField(_("thông báo khi vi phạm"), max_length=255)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["form", "position", "pk"]

    def __str__(self) -> str:
        return self.expression

    @staticmethod
    def build_expression(kind: str, subject: str, other: str, bound: Any) -> str:
        """The checker's formula for a rule picked from the list."""
        number = format(bound.normalize(), "f") if bound is not None else ""
        formulas: dict[str, str] = {
            Rule.Kind.AT_MOST: f"{subject} <= {number}",
            Rule.Kind.SCORE_OUT_OF: f"{subject} <= {number}",
            Rule.Kind.AT_LEAST: f"{subject} >= {number}",
            Rule.Kind.NOT_ABOVE: f"{subject} <= {other}",
        }
        return formulas[kind]

    @staticmethod
    def default_message(kind: str, subject: str, other: str, bound: Any) -> str:
        """The message a user reads, naming the figures by their labels."""
        from trienkhai.lib.vn import format_decimal

        number = format_decimal(bound, 4) if bound is not None else ""
        texts: dict[str, StrOrPromise] = {
            Rule.Kind.AT_MOST: _("«%(a)s» không được lớn hơn %(n)s."),
            Rule.Kind.AT_LEAST: _("«%(a)s» không được nhỏ hơn %(n)s."),
            Rule.Kind.NOT_ABOVE: _("«%(a)s» không được lớn hơn «%(b)s»."),
            Rule.Kind.SCORE_OUT_OF: _("«%(a)s» là điểm chấm trên thang %(n)s điểm: tối đa %(n)s."),
        }
        return str(texts[kind] % {"a": subject, "b": other, "n": number})

    def describe(self, labels: dict[str, str]) -> str:
        """The rule in words, by the labels of its figures; a hand-written formula as it stands."""
        if self.kind == self.Kind.EXPRESSION:
            return self.expression
        return self.default_message(
            self.kind, labels.get(self.subject, self.subject), labels.get(self.other, self.other), self.bound
        )


class Narrative(models.Model):
    """A free-text box for one task group of the plan ("kết quả thực hiện nhóm nhiệm vụ 1")."""

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="narratives")
    group = models.ForeignKey("plans.TaskGroup", on_delete=models.CASCADE, related_name="+")
    required = models.BooleanField(_("bắt buộc"), default=False)

    class Meta:
        ordering = ["form", "group__position"]
        constraints = [models.UniqueConstraint(fields=["form", "group"], name="narrative_group_unique")]

    @property
    def key(self) -> str:
        return f"nar-{self.pk}"


class SubmissionQuerySet(models.QuerySet):
    def submitted(self) -> SubmissionQuerySet:
        return self.exclude(status=Submission.Status.DRAFT)

    def overdue(self, *, on) -> SubmissionQuerySet:
        """Not yet submitted and past the deadline."""
        return self.filter(status=Submission.Status.DRAFT, deadline__lt=on)


class Submission(models.Model):
    """One unit's report on one form for one period."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã nộp")
        RETURNED = "returned", _("Bị trả lại")
        RESUBMITTED = "resubmitted", _("Đã nộp lại")
        APPROVED = "approved", _("Đã duyệt")

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="submissions")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="report_submissions")
    year = models.PositiveIntegerField(_("năm"))
    index = models.PositiveSmallIntegerField(_("kỳ số"), default=1)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    deadline = models.DateField(_("hạn nộp"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    # Optimistic locking: every save carries the version it was read with; a stale one is a conflict,
    # unless every save since that version came from the same open page (`last_client`, a random id per
    # page load): then it is the user's own autosave still in flight, not somebody else's change.
    lock_version = models.PositiveIntegerField(default=0)
    last_client = models.CharField(max_length=32, blank=True, editable=False)
    client_base = models.PositiveIntegerField(default=0, editable=False)
    first_submitted_at = models.DateTimeField(_("nộp lần đầu lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    is_late = models.BooleanField(_("nộp muộn"), null=True, blank=True)  # set at the first submission
    entered_on_behalf = models.BooleanField(_("cấp trên nhập thay"), default=False)
    review_comment = models.TextField(_("ý kiến chung của người duyệt"), blank=True)
    field_comments = models.JSONField(_("ý kiến theo chỉ tiêu"), default=dict, blank=True)
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["-year", "-index", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "unit", "year", "index"], name="submission_once_per_period"
            )
        ]
        indexes = [models.Index(fields=["form", "year", "index", "status"])]

    def __str__(self) -> str:
        return f"{self.form} — {self.unit} — {self.period_label}"

    @property
    def period_label(self) -> str:
        from .period_names import period_name

        return period_name(self.form.period_kind, self.year, self.index)

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def awaits_review(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.RESUBMITTED)

    def accepts_save(self, *, lock_version: int, client: str) -> bool:
        """Whether a save read at `lock_version` from page `client` may be written over what is stored:
        nobody saved since, or only that same page did (its own autosave, answered after it posted)."""
        if lock_version == self.lock_version:
            return True
        own_run = bool(client) and client == self.last_client
        return own_run and self.client_base <= lock_version < self.lock_version

    def note_save(self, *, lock_version: int, client: str) -> None:
        """Record that page `client` saved over version `lock_version` (see `accepts_save`)."""
        if not client or client != self.last_client:
            self.client_base = lock_version
        self.last_client = client


class SubmissionValue(models.Model):
    """One figure or narrative of a submission, kept as typed; `number` is set when it parses."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    key = models.CharField(max_length=48)  # an indicator code, or "nar-<narrative id>"
    raw = models.TextField(blank=True)
    number = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    # For an indicator filled in from a register: the register's figure when the value was last saved,
    # and why the unit's figure differs from it (the reviewer sees both).
    source_value = models.CharField(max_length=40, blank=True)
    override_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "key"], name="submission_value_unique")]


class Evidence(models.Model):
    """A photo or minutes attached to a submission."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp"), upload_to="reports/%Y/%m/")
    name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]


class SubmissionEvent(StatusEvent):
    """Every state change of a submission: who, when, from what to what, and why."""

    STATUS = Submission.Status

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")


class Target(models.Model):
    """What a unit is expected to reach on one indicator in one period (`index` 0: the whole year of a
    form reported more often). Set by hand, or allocated from the parent's target (`allocated_from`)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="report_targets")
    year = models.PositiveIntegerField(_("năm"))
    index = models.PositiveSmallIntegerField(_("kỳ số (0: cả năm)"), default=0)
    value = models.DecimalField(_("chỉ tiêu giao"), max_digits=20, decimal_places=4)
    allocated_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="allocations"
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ tiêu giao")
        verbose_name_plural = _("chỉ tiêu giao")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "year", "index"], name="target_once_per_period"
            )
        ]
        indexes = [models.Index(fields=["unit", "year", "index"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit_id} {self.year}/{self.index}: {self.value}"


class SubtreeTotal(models.Model):
    """The stored figures of one indicator over a unit's whole subtree in one period, for the default view
    (as reported: the tree at the period's end; approved reports only). The columns are the combinable
    parts of `results.Agg`; within one period each unit has one report, so "latest" is the sum itself
    (latest = total, latest_n = n) and needs no column of its own. Kept by `results.stored` in the
    approving and reopening transactions and on restructuring (docs/decisions/0002-stored-totals.md);
    `trienkhai rebuild_totals` recomputes them, `trienkhai check_totals` compares them with the engine."""

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    index = models.PositiveSmallIntegerField()
    key = models.CharField(max_length=48)  # the indicator code
    n = models.PositiveIntegerField(default=0)
    total = models.DecimalField(max_digits=32, decimal_places=4, default=0)
    low = models.DecimalField(max_digits=20, decimal_places=4, null=True)
    high = models.DecimalField(max_digits=20, decimal_places=4, null=True)
    wsum = models.DecimalField(max_digits=44, decimal_places=8, default=0)
    wden = models.DecimalField(max_digits=32, decimal_places=4, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["form", "unit", "year", "index", "key"], name="subtree_total_once_per_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.form_id} {self.unit_id} {self.year}/{self.index} {self.key}: {self.n}"


class ImportJob(Job):
    """One Excel file of reports being checked, previewed and then imported (all or nothing), on the task
    worker. The file is kept until the job ends; what the check found is stored for the preview page."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ kiểm tra")
        CHECKING = "checking", _("Đang kiểm tra")
        FAILED = "failed", _("Có lỗi, chưa nhập")
        READY = "ready", _("Đã kiểm tra, chờ xác nhận")
        IMPORTING = "importing", _("Đang nhập")
        DONE = "done", _("Đã nhập")

    ACTIVE_STATES = (State.QUEUED, State.CHECKING, State.IMPORTING)
    FAILED_STATE = State.FAILED
    CRASH_MESSAGE = IMPORT_CRASHED

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="import_jobs")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+")  # the scope
    year = models.PositiveIntegerField(default=0)  # read from the file
    index = models.PositiveSmallIntegerField(default=0)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=255)
    # What the check found, kept for the commit (excel.keep): the commit never reads the file again. Named
    # by a random token; `digest` is the sha256 of those bytes, which hold the file's own sha256 and the
    # form's fingerprint as checked; they may be used until `checked_until`.
    checked = models.FileField(upload_to="imports/checked/", blank=True)
    digest = models.CharField(max_length=64, blank=True)
    checked_until = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    errors = models.JSONField(default=list, blank=True)  # [{sheet, row, column, message}]
    preview = models.JSONField(default=list, blank=True)  # the rows that would change, as shown
    summary = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    @property
    def progress_text(self) -> str:
        if self.state == self.State.IMPORTING:
            return str(_("Đang nhập số liệu (tất cả hoặc không dòng nào)…"))
        if self.progress_total:
            return str(
                _("Đang kiểm tra dòng %(done)s/%(total)s")
                % {"done": self.progress_done, "total": self.progress_total}
            )
        return str(_("Đang chờ kiểm tra tệp…"))

    @property
    def failure_text(self) -> str:
        return "; ".join(str(e.get("message", "")) for e in self.errors[:3])

    @classmethod
    def failure_fields(cls, message: str) -> dict[str, Any]:
        # The job page lists the problems of a failed file; a crash is one problem of the whole file.
        return {
            "errors": [{"sheet": "", "row": 0, "column": "", "message": message}],
            "finished_at": timezone.now(),
        }
