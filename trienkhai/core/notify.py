"""Notify users of something, in-app and by e-mail, at most once per (user, key).

Other apps call `notify(...)`; the key names the event ("plan:12:published:unit:7",
"reminder:submission:40:2026-12-07") so that a retried flow or a second run of the reminder job never
sends the same thing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from .models import Notification

log = logging.getLogger(__name__)


def notify(*, users: Iterable, verb: str, text: str, url: str, key: str) -> int:
    """Create one Notification per user not yet notified under `key`, e-mail those with an address,
    and return how many were new. Users may repeat; inactive users are skipped."""
    unique = {u.pk: u for u in users if u is not None and getattr(u, "is_active", True)}
    if not unique:
        return 0
    key = key[:255]
    already = set(Notification.objects.filter(key=key, user_id__in=unique).values_list("user_id", flat=True))
    created: list[Notification] = []
    for user_id, user in unique.items():
        if user_id in already:
            continue
        try:
            # A savepoint per row: a concurrent run that inserted the same (user, key) just loses the race.
            with transaction.atomic():
                created.append(
                    Notification.objects.create(user=user, verb=verb[:32], text=text, url=url[:500], key=key)
                )
        except IntegrityError:
            continue
    emailed = []
    for note in created:
        address = getattr(note.user, "email", "")
        if not address:
            continue
        body = text + (f"\n\n{_absolute(url)}" if url else "")
        try:
            send_mail(text[:120], body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)
            emailed.append(note.pk)
        except Exception:  # noqa: BLE001 — mail trouble must never break the flow that notified
            log.exception("notification e-mail to %s failed", address)
    if emailed:
        Notification.objects.filter(pk__in=emailed).update(emailed=True)
    return len(created)


def _absolute(url: str) -> str:
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    return f"{base}{url}" if base and url.startswith("/") else url
