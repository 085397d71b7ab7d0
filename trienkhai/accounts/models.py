"""What the sessions page shows of each login: the device, the address, when it began and was last used.

Django's session rows hold none of it (and cannot be searched by user), so one record per session key is
kept beside them: written at login, refreshed at most once a minute (accounts.sessions.touch).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SessionRecordQuerySet(models.QuerySet):
    def active(self) -> SessionRecordQuerySet:
        """Records whose session still exists and has not expired (the project keeps sessions in the
        database, Django's default engine)."""
        live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
        return self.filter(session_key__in=live)


class SessionRecord(models.Model):
    session_key = models.CharField(max_length=40, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_records"
    )
    user_agent = models.CharField(max_length=300, blank=True)
    ip = models.CharField(max_length=45, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)

    objects = SessionRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-last_seen", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} — {self.created_at:%Y-%m-%d %H:%M}"


class RecoveryCode(models.Model):
    """One of the codes that let a user in without their phone (second factor). Only a SHA-256 digest is
    kept: the codes are shown once, at enrolment or when renewed, and each works once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "digest"], name="recovery_code_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user} — {'used' if self.used_at else 'unused'}"


class SecurityEvent(models.Model):
    """The audit trail of second-factor changes: who did what to whose account, when, from where."""

    class Kind(models.TextChoices):
        ENROLLED = "enrolled", _("Bật xác thực hai bước")
        DISABLED = "disabled", _("Tắt xác thực hai bước")
        CODES_RENEWED = "codes_renewed", _("Tạo mã khôi phục mới")
        RECOVERY_USED = "recovery_used", _("Đăng nhập bằng mã khôi phục")
        RESET = "reset", _("Quản trị viên đặt lại xác thực hai bước")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="security_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    ip = models.CharField(max_length=45, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.user}"
