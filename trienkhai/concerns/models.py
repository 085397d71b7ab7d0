"""Workers' concerns (tâm tư, nguyện vọng): a public form per CĐCS, a tracking code, a response deadline
per category, and escalation up the tree when the CĐCS does not answer in time.

A concern is filed at a CĐCS (`unit`) and must be answered by `handler`: the CĐCS first, then, each time
the deadline passes, the union directly above the previous handler. The submitter follows it with the
tracking code alone (no account); the code is a random secret, never an id.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trienkhai.orgs.models import Unit

# No 0/O, 1/I/L: a code read aloud over the phone or copied from a note must survive.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code() -> str:
    """A tracking code such as TT-7K3M-9QX2 (about 40 bits: not guessable within the lookup limit)."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"TT-{chars[:4]}-{chars[4:]}"


def new_box_key() -> str:
    return secrets.token_urlsafe(9)


# The categories a new install starts with (migration 0002 writes the same list), with their deadlines.
DEFAULT_CATEGORIES = [
    ("Tiền lương, thưởng, phụ cấp", 7),
    ("Thời giờ làm việc, nghỉ ngơi, tăng ca", 7),
    ("An toàn, vệ sinh lao động", 3),
    ("Hợp đồng lao động, bảo hiểm xã hội", 10),
    ("Kỷ luật, sa thải, đối xử không công bằng", 5),
    ("Bữa ăn ca, nhà ở, đời sống", 10),
    ("Hoạt động công đoàn", 14),
    ("Khác", 10),
]


def ensure_default_categories() -> None:
    """Create the default categories when there are none (a fresh or flushed database)."""
    if not ConcernCategory.objects.exists():
        ConcernCategory.objects.bulk_create(
            ConcernCategory(name=name, sla_days=days, position=i)
            for i, (name, days) in enumerate(DEFAULT_CATEGORIES)
        )


class ConcernCategory(models.Model):
    """A kind of concern with its response deadline in days (data: a federation sets its own)."""

    name = models.CharField(_("loại"), max_length=100)
    sla_days = models.PositiveSmallIntegerField(_("hạn trả lời (ngày)"), default=7)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("loại tâm tư, nguyện vọng")
        verbose_name_plural = _("loại tâm tư, nguyện vọng")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class ConcernBox(models.Model):
    """The public form of one CĐCS: its address carries a random key (printed as a QR code), so that a
    leaked or flooded form can be replaced without touching the unit."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="concern_box")
    key = models.CharField(max_length=24, unique=True, default=new_box_key)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.unit} ({self.key})"


class ConcernQuerySet(models.QuerySet):
    def open(self) -> ConcernQuerySet:
        """Received concerns still waiting for an answer (not those held for review)."""
        S = Concern.Status
        return self.exclude(status__in=[S.ANSWERED, S.CLOSED, S.HELD, S.DISCARDED])

    def held(self) -> ConcernQuerySet:
        return self.filter(status=Concern.Status.HELD)

    def received(self) -> ConcernQuerySet:
        """Concerns taken in as cases: neither waiting for review nor discarded at review."""
        return self.exclude(status__in=[Concern.Status.HELD, Concern.Status.DISCARDED])

    def overdue(self, *, on: dt.date) -> ConcernQuerySet:
        return self.open().filter(due_on__lt=on)

    def plain(self) -> ConcernQuerySet:
        """Concerns that did not become a complaint or denunciation case (their clocks are the law's)."""
        return self.filter(case__isnull=True)


class Concern(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("Đã tiếp nhận")
        IN_PROGRESS = "in_progress", _("Đang xử lý")
        ANSWERED = "answered", _("Đã trả lời")
        CLOSED = "closed", _("Đã kết thúc")
        # Sent past a limit or through a bot trap: stored, not a case until an officer releases it.
        HELD = "held", _("Chờ xem xét")
        DISCARDED = "discarded", _("Không tiếp nhận")

    class HeldReason(models.TextChoices):
        UNIT_LIMIT = "unit_limit", _("Hộp thư nhận quá số ý kiến cho phép trong một giờ")
        TOO_FAST = "too_fast", _("Gửi quá nhanh sau khi mở trang (dấu hiệu máy gửi tự động)")
        HONEYPOT = "honeypot", _("Ô ẩn chống máy gửi tự động có nội dung")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="concerns", verbose_name=_("CĐCS"))
    handler = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="concerns_to_answer", verbose_name=_("đơn vị đang xử lý")
    )
    level = models.PositiveSmallIntegerField(_("số lần chuyển lên cấp trên"), default=0)
    category = models.ForeignKey(ConcernCategory, on_delete=models.PROTECT, verbose_name=_("loại"))
    text = models.TextField(_("nội dung"))
    anonymous = models.BooleanField(_("giấu tên"), default=True)
    name = models.CharField(_("họ tên"), max_length=100, blank=True)
    contact = models.CharField(_("điện thoại hoặc email"), max_length=100, blank=True)
    code = models.CharField(_("mã tra cứu"), max_length=16, unique=True, default=new_code)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.NEW)
    held_reason = models.CharField(
        _("lý do chờ xem xét"), max_length=12, choices=HeldReason.choices, blank=True
    )
    filed_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    due_on = models.DateField(_("hạn trả lời"))
    escalated_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("trả lời"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A keyed hash of the sender's address, for the rate limit only (never the address itself).
    sender_hash = models.CharField(max_length=64, blank=True, db_index=True)

    objects = ConcernQuerySet.as_manager()

    class Meta:
        verbose_name = _("tâm tư, nguyện vọng")
        verbose_name_plural = _("tâm tư, nguyện vọng")
        ordering = ["-filed_at", "-pk"]
        indexes = [
            models.Index(fields=["handler", "status", "due_on"]),
            models.Index(fields=["unit", "filed_at"]),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        S = self.Status
        return self.status not in (S.ANSWERED, S.CLOSED, S.HELD, S.DISCARDED)

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD

    @property
    def is_received(self) -> bool:
        return self.status not in (self.Status.HELD, self.Status.DISCARDED)


class ConcernEvent(models.Model):
    """What happened to a concern. `public` events are shown to the submitter on the tracking page."""

    class Kind(models.TextChoices):
        FILED = "filed", _("Tiếp nhận")
        STATUS = "status", _("Cập nhật")
        ESCALATED = "escalated", _("Chuyển lên cấp trên")
        ANSWERED = "answered", _("Trả lời")
        NOTE = "note", _("Ghi chú nội bộ")

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(blank=True)
    public = models.BooleanField(default=True)

    class Meta:
        ordering = ["at", "pk"]


class RateCounter(models.Model):
    """How many anonymous attempts (a form sent, a code looked up) one key made in one clock hour, kept a
    day for the rate limits. One row per (key, hour), counted up by a conditional UPDATE (guard.take), so
    the check and the count are one statement that concurrent requests cannot both pass."""

    key = models.CharField(max_length=80)
    window = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="rate_counter_once_per_hour")]
        indexes = [models.Index(fields=["window"])]


class CaseClock(models.Model):
    """One clock of the law for complaint and denunciation cases (clocks.DEFAULT_CLOCKS seeds them): a
    federation may change the value, never without the article beside it."""

    class Measure(models.TextChoices):
        CALENDAR = "ngay", _("ngày")
        WORKING = "ngay_lam_viec", _("ngày làm việc")
        TIMES = "lan", _("lần")

    key = models.CharField(max_length=48, unique=True)
    value = models.PositiveSmallIntegerField(_("giá trị"))
    unit = models.CharField(_("đơn vị tính"), max_length=16, choices=Measure.choices)
    article = models.CharField(_("căn cứ"), max_length=255)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("thời hạn khiếu nại, tố cáo")
        verbose_name_plural = _("thời hạn khiếu nại, tố cáo")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key}: {self.value} {self.get_unit_display()} ({self.article})"


def ensure_default_clocks() -> None:
    from .clocks import DEFAULT_CLOCKS

    for d in DEFAULT_CLOCKS:
        CaseClock.objects.get_or_create(
            key=d.key, defaults={"value": d.value, "unit": d.unit, "article": d.article, "note": d.note}
        )


class CaseQuerySet(models.QuerySet):
    def open_on(self, on: dt.date) -> CaseQuerySet:
        """Cases received by `on` and not closed before it (closed that day still counts as open)."""
        return self.filter(received_on__lte=on).filter(
            models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=on)
        )

    def open(self) -> CaseQuerySet:
        return self.filter(closed_on__isnull=True)


class ConcernCase(models.Model):
    """A concern that became a complaint (Luật Khiếu nại 2011) or a denunciation (Luật Tố cáo 2018) case,
    held by `unit` with the clocks the law sets (clocks.py). Its concern no longer escalates one level a
    day: past its limit the law's next step applies (workflow.run_case_clocks)."""

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("Khiếu nại")
        DENUNCIATION = "denunciation", _("Tố cáo")

    class Complexity(models.TextChoices):
        NORMAL = "normal", _("Thông thường")
        COMPLEX = "complex", _("Phức tạp")
        VERY_COMPLEX = "very_complex", _("Đặc biệt phức tạp")

    class Outcome(models.TextChoices):
        SETTLED = "settled", _("Đã giải quyết")
        NOT_ACCEPTED = "not_accepted", _("Không thụ lý")
        WITHDRAWN = "withdrawn", _("Rút đơn")

    concern = models.OneToOneField(Concern, on_delete=models.CASCADE, related_name="case")
    kind = models.CharField(_("loại vụ việc"), max_length=12, choices=Kind.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="concern_cases", verbose_name=_("đơn vị giải quyết")
    )
    received_on = models.DateField(_("ngày nhận đơn"))
    remote = models.BooleanField(_("vùng sâu, vùng xa đi lại khó khăn"), default=False)
    complexity = models.CharField(
        _("tính chất"), max_length=12, choices=Complexity.choices, default=Complexity.NORMAL
    )
    accept_due = models.DateField(_("hạn thụ lý"))
    accepted_on = models.DateField(_("ngày thụ lý"), null=True, blank=True)
    settle_due = models.DateField(_("hạn giải quyết"), null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(_("số lần gia hạn"), default=0)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=12, choices=Outcome.choices, blank=True)
    result = models.TextField(_("nội dung giải quyết"), blank=True)
    # What the case is about: awards wait while a case about the unit or the member is open (api.py).
    subject_unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="concern_cases_about",
        verbose_name=_("đơn vị bị khiếu nại, tố cáo"),
    )
    subject_member = models.ForeignKey(
        "members.Member",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("đoàn viên bị khiếu nại, tố cáo"),
    )
    # The case handlers: the only ones who may read a denouncer's identity (Luật Tố cáo 2018 Art. 47).
    handlers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    # Past the limit: the direct superior told (Luật Tố cáo Art. 38; Luật Khiếu nại Art. 33).
    overdue_on = models.DateField(null=True, blank=True)
    superior = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    superior_due = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("vụ việc khiếu nại, tố cáo")
        verbose_name_plural = _("vụ việc khiếu nại, tố cáo")
        indexes = [models.Index(fields=["unit", "closed_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.concern.code}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def is_denunciation(self) -> bool:
        return self.kind == self.Kind.DENUNCIATION

    def next_due(self) -> dt.date:
        """The clock running now: acceptance until accepted, then settlement."""
        if self.accepted_on is None or self.settle_due is None:
            return self.accept_due
        return self.settle_due

    def is_handler(self, user) -> bool:
        return bool(user.is_authenticated) and self.handlers.filter(pk=user.pk).exists()


class IdentityRead(models.Model):
    """Every read of a denouncer's identity, by whom and when (Luật Tố cáo 2018 Art. 47, 56)."""

    case = models.ForeignKey(ConcernCase, on_delete=models.CASCADE, related_name="identity_reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
