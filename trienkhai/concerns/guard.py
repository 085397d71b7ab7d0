"""Bounded abuse of the public form, without an outside captcha: a honeypot field, a minimum time between
showing the form and sending it (a signed token), and rate limits per sender and per CĐCS kept in the
database (`PublicHit`), so they hold across every web process.

The sender is known only by a keyed hash of their address: enough to count, useless to identify.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import time

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.utils import timezone

from trienkhai.accounts.throttle import client_ip

from .models import PublicHit

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


def over_limit(key: str, *, per_hour: int) -> bool:
    since = timezone.now() - dt.timedelta(hours=1)
    return PublicHit.objects.filter(key=key, at__gte=since).count() >= per_hour


def hit(key: str) -> None:
    PublicHit.objects.create(key=key[:80])


def purge(*, before: dt.datetime) -> int:
    deleted, _ = PublicHit.objects.filter(at__lt=before).delete()
    return deleted
