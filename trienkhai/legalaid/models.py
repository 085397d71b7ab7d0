"""Legal aid (tư vấn, hỗ trợ pháp luật): requests, an assigned advisor, case notes, labour-court cases,
outcomes and documents.

A case belongs to the advisor's unit (`unit`): it is seen there and above, nowhere else, because its notes
hold a worker's dispute with an employer. `origin_unit` is the CĐCS the worker came from; report figures
count cases by it (a number, no personal data).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trienkhai.orgs.models import Unit

from . import rules


class DisputeKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Tranh chấp lao động cá nhân (Điều 190)")
    COLLECTIVE_RIGHTS = "collective_rights", _("Tranh chấp lao động tập thể về quyền (Điều 194)")


class Stage(models.TextChoices):
    """The road of a dispute, in order: advice, mediation by a labour mediator, the labour arbitration
    council, the court (Art. 187-190 Bộ luật Lao động 2019)."""

    ADVICE = "advice", _("Tư vấn")
    MEDIATION = "mediation", _("Hòa giải (hòa giải viên lao động)")
    ARBITRATION = "arbitration", _("Hội đồng trọng tài lao động")
    COURT = "court", _("Tòa án")


STAGE_ORDER = [s.value for s in Stage]


def add_months(day: dt.date, months: int) -> dt.date:
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Clock:
    """The limitation period to ask one body (mediator, arbitration, court) to settle the dispute."""

    stage: str
    label: str
    deadline: dt.date
    article: str
    asked_on: dt.date | None  # the day that stage began, if it did
    skipped: bool = False  # not asked, but a later body was: this clock no longer matters

    def days_left(self, on: dt.date) -> int:
        return (self.deadline - on).days

    @property
    def asked_in_time(self) -> bool | None:
        return None if self.asked_on is None else self.asked_on <= self.deadline


class Topic(models.TextChoices):
    WAGES = "wages", _("Tiền lương, phụ cấp, thưởng")
    CONTRACT = "contract", _("Hợp đồng lao động")
    DISMISSAL = "dismissal", _("Kỷ luật, sa thải, chấm dứt hợp đồng")
    INSURANCE = "insurance", _("Bảo hiểm xã hội, bảo hiểm y tế, thất nghiệp")
    ACCIDENT = "accident", _("Tai nạn lao động, bệnh nghề nghiệp")
    HOURS = "hours", _("Thời giờ làm việc, nghỉ ngơi")
    OTHER = "other", _("Khác")


class LegalCase(models.Model):
    class Kind(models.TextChoices):
        ADVICE = "advice", _("Tư vấn")
        SUPPORT = "support", _("Hỗ trợ (làm việc với doanh nghiệp, hòa giải)")
        COURT = "court", _("Đại diện tại tòa án")

    class Status(models.TextChoices):
        NEW = "new", _("Mới tiếp nhận")
        ASSIGNED = "assigned", _("Đã phân công")
        IN_PROGRESS = "in_progress", _("Đang xử lý")
        COURT = "court", _("Đang giải quyết tại tòa")
        CLOSED = "closed", _("Đã kết thúc")

    class Outcome(models.TextChoices):
        ADVISED = "advised", _("Đã tư vấn, người lao động tự giải quyết")
        RESOLVED = "resolved", _("Quyền lợi được bảo đảm")
        PARTIAL = "partial", _("Được bảo đảm một phần")
        LOST = "lost", _("Không thành công")
        WITHDRAWN = "withdrawn", _("Rút yêu cầu")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="legal_cases", verbose_name=_("đơn vị xử lý")
    )
    origin_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="legal_requests",
        verbose_name=_("CĐCS của người lao động"),
    )
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="legal_cases",
        verbose_name=_("người tư vấn"),
    )
    requester = models.CharField(_("người yêu cầu"), max_length=100)
    requester_contact = models.CharField(_("liên hệ"), max_length=100, blank=True)
    workers = models.PositiveIntegerField(_("số người lao động liên quan"), default=1)
    topic = models.CharField(_("lĩnh vực"), max_length=16, choices=Topic.choices)
    kind = models.CharField(_("hình thức"), max_length=12, choices=Kind.choices, default=Kind.ADVICE)
    summary = models.TextField(_("nội dung yêu cầu"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.NEW)
    opened_on = models.DateField(_("ngày tiếp nhận"))
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=12, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("ghi chú kết quả"), blank=True)
    amount_recovered = models.DecimalField(
        _("số tiền người lao động được nhận (đồng)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    # The dispute and its limitation clock (Art. 190, 194 Bộ luật Lao động 2019), from the day the breach
    # was found; empty while the case is advice only.
    dispute_kind = models.CharField(
        _("loại tranh chấp"), max_length=20, choices=DisputeKind.choices, blank=True
    )
    discovered_on = models.DateField(_("ngày phát hiện hành vi vi phạm"), null=True, blank=True)
    # The union acts for the worker: only with the worker's authorisation (a document of kind
    # "authorisation").
    represented = models.BooleanField(_("công đoàn đại diện người lao động"), default=False)
    advisor_qualification = models.CharField(_("trình độ, tư cách người tư vấn"), max_length=32, blank=True)
    advisor_credential = models.CharField(_("số thẻ, chứng chỉ"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vụ việc tư vấn pháp luật")
        verbose_name_plural = _("vụ việc tư vấn pháp luật")
        ordering = ["-opened_on", "-pk"]
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["origin_unit", "opened_on"])]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} — {self.opened_on:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    def advisor_qualification_label(self) -> str:
        return dict(rules.qualifications()).get(self.advisor_qualification, self.advisor_qualification)

    def clocks(self, stages: list[CaseStage] | None = None) -> list[Clock]:
        """The limitation clocks of the dispute, one per body, with the day each was asked (if it was)."""
        if not self.dispute_kind or self.discovered_on is None:
            return []
        started = {s.stage: s.started_on for s in (stages if stages is not None else self.stages.all())}
        furthest = max((STAGE_ORDER.index(s) for s in started), default=-1)
        out = []
        for stage in (Stage.MEDIATION, Stage.ARBITRATION, Stage.COURT):
            rule = rules.LIMITATIONS.get((self.dispute_kind, stage.value))
            if rule is None:
                continue
            out.append(
                Clock(
                    stage.value,
                    str(stage.label),
                    add_months(self.discovered_on, rule.value()),
                    rule.article,
                    started.get(stage.value),
                    skipped=stage.value not in started and STAGE_ORDER.index(stage.value) < furthest,
                )
            )
        return out

    def next_clock(self, on: dt.date, stages: list[CaseStage] | None = None) -> Clock | None:
        """The clock to watch: the nearest deadline still running among the bodies not yet asked, else the
        last one missed; None when every body was asked or there is no dispute recorded."""
        waiting = [c for c in self.clocks(stages) if c.asked_on is None and not c.skipped]
        if not waiting or self.status == self.Status.CLOSED:
            return None
        running = [c for c in waiting if c.deadline >= on]
        return min(running, key=lambda c: c.deadline) if running else max(waiting, key=lambda c: c.deadline)

    def has_authorisation(self) -> bool:
        return self.documents.filter(kind=CaseDocument.Kind.AUTHORISATION).exists()


class CaseStage(models.Model):
    """One step of the dispute's road, with its dates and the body that handled it."""

    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(_("giai đoạn"), max_length=12, choices=Stage.choices)
    started_on = models.DateField(_("ngày bắt đầu (ngày gửi yêu cầu)"))
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    body = models.CharField(_("hòa giải viên, hội đồng trọng tài hoặc tòa án"), max_length=200, blank=True)
    result = models.TextField(_("kết quả"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("giai đoạn giải quyết")
        verbose_name_plural = _("giai đoạn giải quyết")
        ordering = ["started_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "stage"], name="legal_case_one_row_per_stage")]


class CaseNote(models.Model):
    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(_("ghi chú"))

    class Meta:
        ordering = ["at", "pk"]


class CourtCase(models.Model):
    """A labour dispute taken to court (vụ án lao động), with its stages and result."""

    class Stage(models.TextChoices):
        FILED = "filed", _("Đã nộp đơn khởi kiện")
        FIRST = "first", _("Xét xử sơ thẩm")
        APPEAL = "appeal", _("Xét xử phúc thẩm")
        DONE = "done", _("Đã có bản án, quyết định có hiệu lực")

    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="court_cases")
    court = models.CharField(_("tòa án"), max_length=200)
    number = models.CharField(_("số thụ lý"), max_length=60, blank=True)
    filed_on = models.DateField(_("ngày nộp đơn"))
    hearing_on = models.DateField(_("ngày xét xử"), null=True, blank=True)
    stage = models.CharField(_("giai đoạn"), max_length=8, choices=Stage.choices, default=Stage.FILED)
    result = models.TextField(_("kết quả"), blank=True)

    class Meta:
        ordering = ["filed_on", "pk"]


class CaseDocument(models.Model):
    class Kind(models.TextChoices):
        OTHER = "other", _("Tài liệu")
        AUTHORISATION = "authorisation", _("Giấy ủy quyền của người lao động")

    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("loại tài liệu"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(upload_to="legalaid/%Y/%m/")
    name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
