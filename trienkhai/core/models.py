"""What every app shares: the in-app notifications (filled by `trienkhai.core.notify.notify`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message to one user. `key` names the thing notified so it is never sent twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    verb = models.CharField(_("loại"), max_length=32)
    text = models.TextField(_("nội dung"))
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    key = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    emailed = models.BooleanField(default=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        # The table was created by `reports`, where notifications started; it keeps its name.
        db_table = "reports_notification"
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_key")]
        indexes = [models.Index(fields=["user", "read_at"], name="reports_not_user_id_000928_idx")]

    def __str__(self) -> str:
        return f"{self.user} — {self.text[:60]}"


class StatusEvent(models.Model):
    """One state change of a record that moves through statuses (a report, an inspection's
    recommendation): who, when, from what to what, and the text (why, or what was done). A concrete model
    adds the foreign key to its record and names the record's statuses in `STATUS`."""

    STATUS: type[models.TextChoices]

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    comment = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def from_label(self) -> str:
        return self.STATUS(self.from_status).label if self.from_status else ""

    def to_label(self) -> str:
        return self.STATUS(self.to_status).label


class ExportJob(models.Model):
    """An Excel export too large to build during the request (`settings.EXPORT_SYNC_MAX_ROWS`): built on
    the task worker with its progress shown, then offered for download to the user who asked, only them.

    `builder` is the dotted path of a function marked `core.exports.export_builder`; it rebuilds the
    sheets from `params` (ids and dates, never personal data) with the user's own access."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ tạo tệp")
        RUNNING = "running", _("Đang tạo tệp")
        DONE = "done", _("Tệp đã sẵn sàng")
        FAILED = "failed", _("Không tạo được tệp")

    RUNNING_STATES = (State.QUEUED, State.RUNNING)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    builder = models.CharField(max_length=200)
    params = models.JSONField(default=dict, blank=True)
    title = models.CharField(max_length=255)  # what is exported, as the page names it
    filename = models.CharField(max_length=255)
    back_url = models.CharField(max_length=500, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    # Exports may hold personal data: served only through the download view, never from MEDIA_URL.
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.state})"

    @property
    def running(self) -> bool:
        return self.state in self.RUNNING_STATES

    @property
    def percent(self) -> int:
        return min(100, int(100 * self.progress_done / self.progress_total)) if self.progress_total else 0


class WorkerHeartbeat(models.Model):
    """When the task worker of one queue last ran its heartbeat task (`core.tasks.worker_heartbeat`, every
    minute): the db worker keeps no trace of being alive, and /readyz needs one."""

    queue = models.CharField(max_length=32, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.queue}: {self.seen_at:%Y-%m-%d %H:%M:%S}"


class BackupRun(models.Model):
    """One scheduled backup or restore drill (core.backup_runs): when it ran, what it wrote or checked, and
    whether it worked. The administrators' home page shows the age of the last good backup from here."""

    class Kind(models.TextChoices):
        BACKUP = "backup", _("Sao lưu")
        DRILL = "drill", _("Diễn tập khôi phục")

    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.BACKUP)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    ok = models.BooleanField(null=True)  # None while running (or when the worker died during it)
    name = models.CharField(max_length=255, blank=True)  # the archive's name in STORAGES["backups"]
    size = models.BigIntegerField(default=0)
    rows = models.BigIntegerField(default=0)
    files = models.IntegerField(default=0)
    message = models.TextField(blank=True)  # the error, or what the drill compared

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["kind", "ok", "-started_at"], name="core_backuprun_last_ok")]

    def __str__(self) -> str:
        return f"{self.kind} {self.started_at:%Y-%m-%d %H:%M} {'ok' if self.ok else self.ok}"


# --- delivery channels (issue 24): what reaches a user outside the app -----------------------------------


class ChannelName(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    ZNS = "zns", _("Zalo")
    SMS = "sms", _("Tin nhắn SMS")
    PUSH = "push", _("Thông báo đẩy")


class NotificationSettings(models.Model):
    """A user's own choices: where to reach them (an e-mail address and a phone number, each verified),
    which channels per kind of notification in their order (`channels`: {kind: ["zns", "email"]}; a kind
    absent follows the unit's defaults), quiet hours and a daily digest. An address that keeps failing is
    flagged (`*_failing`) and not used until the user enters it again."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_settings"
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    email_failing = models.CharField(max_length=300, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=16, blank=True)
    phone_verified_at = models.DateTimeField(null=True, blank=True)
    phone_failing = models.CharField(max_length=300, blank=True)  # the number itself is wrong (SMS said)
    zns_failing = models.CharField(max_length=300, blank=True)  # the number has no Zalo that takes ZNS
    # The code sent to verify the phone: its hash, when it was sent, wrong tries so far.
    phone_code_hash = models.CharField(max_length=128, blank=True)
    phone_code_sent_at = models.DateTimeField(null=True, blank=True)
    phone_code_tries = models.PositiveSmallIntegerField(default=0)
    channels = models.JSONField(default=dict, blank=True)
    quiet_start = models.TimeField(_("không làm phiền từ"), null=True, blank=True)
    quiet_end = models.TimeField(_("đến"), null=True, blank=True)
    digest = models.BooleanField(_("gộp thành bản tin mỗi ngày"), default=False)
    # Set once the user saved their own quiet hours and digest choice; until then the unit's apply (saving
    # only an address must not drop the federation's quiet hours).
    chose_schedule = models.BooleanField(default=False)
    digest_sent_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cài đặt thông báo")
        verbose_name_plural = _("cài đặt thông báo")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def email_ok(self) -> bool:
        return bool(self.email and self.email_verified_at and not self.email_failing)

    @property
    def phone_ok(self) -> bool:
        return bool(self.phone and self.phone_verified_at and not self.phone_failing)


class PushSubscription(models.Model):
    """One browser (an installed app on a phone) that asked for the browser's own notifications: the push
    service's endpoint and the keys the message is encrypted for. A 404/410 from the push service flags
    it as gone."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    gone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} — {self.endpoint[:60]}"

    def info(self) -> dict[str, object]:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class DeliveryQuerySet(models.QuerySet):
    def due(self) -> DeliveryQuerySet:
        return self.filter(state=Delivery.State.QUEUED)


class Delivery(models.Model):
    """One message on one channel to one address: queued → sent → delivered, or failed (after its
    retries, or at once when retrying cannot help). A failed delivery may have a successor on the user's
    next channel (`fallback_of`)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ gửi")
        SENT = "sent", _("Đã gửi")
        DELIVERED = "delivered", _("Đã đến người nhận")
        FAILED = "failed", _("Không gửi được")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deliveries")
    notification = models.ForeignKey(
        Notification, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("kênh"), max_length=8, choices=ChannelName.choices)
    recipient = models.CharField(_("người nhận"), max_length=300)  # the address as shown (a push: its host)
    kind = models.CharField(
        _("loại"), max_length=32
    )  # core.kinds, or "digest", "verify_email", "verify_phone"
    template = models.CharField(_("mẫu tin"), max_length=64, blank=True)
    subject = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    push = models.ForeignKey(
        PushSubscription, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    provider_id = models.CharField(max_length=300, blank=True)
    fallback_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="fallbacks"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    not_before = models.DateTimeField(null=True, blank=True)  # quiet hours: held until then
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("lượt gửi")
        verbose_name_plural = _("nhật ký gửi thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="delivery_state_next"),
            models.Index(fields=["user", "-created_at"], name="delivery_user_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient} ({self.state})"


class ZaloToken(models.Model):
    """The Zalo OA's tokens (one row): the access token lives ~25 hours; the refresh token is single-use,
    so each renewal stores the new one here (the environment's ZALO_REFRESH_TOKEN only seeds the row)."""

    access_token = models.TextField(blank=True)
    refresh_token = models.TextField(blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Zalo token (hết hạn {self.expires_at})"
