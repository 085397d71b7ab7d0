"""Notify users of something, in-app and on their own channels, at most once per (user, key).

Other apps call `notify(...)`; the key names the event ("plan:12:published:unit:7",
"reminder:submission:40:2026-12-07") so that a retried flow or a second run of the reminder job never
sends the same thing twice. Each new notification is handed to `core.delivery.deliver`, which queues it
on the user's channel (e-mail, Zalo, SMS, web push) for the task worker; nothing is sent inside the flow.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import IntegrityError, transaction

from .delivery import deliver
from .models import Notification

log = logging.getLogger(__name__)


def notify(*, users: Iterable, verb: str, text: str, url: str, key: str) -> int:
    """Create one Notification per user not yet notified under `key`, queue its delivery on the user's
    channels, and return how many were new. Users may repeat; inactive users are skipped."""
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
    for note in created:
        try:
            with transaction.atomic():
                deliver(note)
        except Exception:  # noqa: BLE001 — delivery trouble must never break the flow that notified
            log.exception("queueing the delivery of notification %s failed", note.pk)
    return len(created)
