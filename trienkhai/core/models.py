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
