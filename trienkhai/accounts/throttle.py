"""The client address that django-axes counts failed logins against."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or behind a TLS proxy the address that proxy appended last to X-Forwarded-For.

    Only the last entry is the proxy's own word; anything before it was sent by the client and can be
    forged, so counting by it would let an attacker pick a fresh address for every guess.
    """
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR")
