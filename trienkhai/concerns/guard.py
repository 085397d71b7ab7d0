"""Bounded abuse of the public form, without an outside captcha: a honeypot field, a minimum time between
showing the form and sending it (a signed token), and rate limits per sender and per CĐCS kept in the
database (`RateCounter`), so they hold across every web process and under concurrent requests.

None of these ever drops a concern silently: what trips a trap or the CĐCS's hourly cap is stored as held
for an officer's review, and the sender is told so (views.public_form).

The sender is known only by a keyed hash of their address: enough to count, useless to identify.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import time

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from trienkhai.accounts.api import client_ip

from .models import RateCounter

TOKEN_SALT = "concerns.form"
MIN_SECONDS = 3  # a person reads and types; a bot posts at once
MAX_AGE = 6 * 3600  # a form left open longer is shown again


def limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def sender_hash(request: HttpRequest) -> str:
    address = client_ip(request) or "unknown"
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def form_token() -> str:
    return signing.dumps(int(time.time()), salt=TOKEN_SALT)


def token_problem(token: str) -> str | None:
    """None when the form was shown by us, long enough ago and not too long ago; else why not."""
    try:
        shown = signing.loads(token, salt=TOKEN_SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return "expired"
    if time.time() - int(shown) < MIN_SECONDS:
        return "too_fast"
    return None


def take(key: str, *, per_hour: int) -> bool:
    """Count one attempt of `key` in the current clock hour; False (nothing counted) when `per_hour` are
    already counted. The check and the count are one conditional UPDATE on the (key, hour) row: on
    PostgreSQL a concurrent request waits for the row and re-checks the condition on the updated count;
    SQLite has one writer at a time. A fixed hour, so at most twice the limit across an hour boundary."""
    key = key[:80]
    window = timezone.now().replace(minute=0, second=0, microsecond=0)
    with transaction.atomic():
        RateCounter.objects.bulk_create([RateCounter(key=key, window=window)], ignore_conflicts=True)
        taken = RateCounter.objects.filter(key=key, window=window, count__lt=per_hour).update(
            count=F("count") + 1
        )
    return taken == 1


def purge(*, before: dt.datetime) -> int:
    deleted, _ = RateCounter.objects.filter(window__lt=before).delete()
    return deleted
