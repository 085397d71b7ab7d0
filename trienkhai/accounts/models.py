"""What the sessions page shows of each login: the device, the address, when it began and was last used.

Django's session rows hold none of it (and cannot be searched by user), so one record per session key is
kept beside them: written at login, refreshed at most once a minute (accounts.sessions.touch).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import models
from django.utils import timezone


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
