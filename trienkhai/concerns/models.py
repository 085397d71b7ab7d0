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
