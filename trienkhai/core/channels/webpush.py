"""Web push (the browser's own notifications, RFC 8030) with VAPID (RFC 8292), the payload encrypted for
the subscription (RFC 8291, aes128gcm) by pywebpush. The push service answers 201 when it took the
message; 404 or 410 means the subscription is gone (the browser unsubscribed or the app was removed: the
subscription is flagged and never used again); 429 and 5xx are an outage (retried, Retry-After honoured);
another 4xx refuses this message."""

from __future__ import annotations

import ipaddress
import json
from urllib.parse import urlparse

from django.conf import settings
from pywebpush import WebPushException, webpush  # type: ignore[import-untyped]  # ships no type information

from .base import ChannelError, HttpAnswer, Message, Sent, status_error


def endpoint_allowed(endpoint: str) -> bool:
    """A push endpoint is an HTTPS address on the internet (the server posts to whatever a browser
    handed in: never to this machine or the federation's own network by name or address), except the
    host:port pairs named in WEBPUSH_INSECURE_HOSTS (the local fake push service)."""
    url = urlparse(endpoint)
    host = (url.hostname or "").lower()
    if url.scheme == "http":
        return f"{host}:{url.port}" in settings.WEBPUSH_INSECURE_HOSTS
    if url.scheme != "https" or not host or "." not in host or host.endswith((".local", ".internal", ".lan")):
        return False
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return True  # a name: push services are public hosts (fcm.googleapis.com, updates.push.services.mozilla.com)
    return address.is_global


class WebPushChannel:
    name = "push"

    def configured(self) -> bool:
        return bool(settings.VAPID_PRIVATE_KEY and settings.VAPID_PUBLIC_KEY)

    def send(self, message: Message) -> Sent:
        """`message.address` is the subscription as the browser gave it (JSON: endpoint and keys)."""
        if not self.configured():
            raise ChannelError("Chưa cấu hình web push (VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY).")
        subscription = json.loads(message.address)
        if not endpoint_allowed(subscription.get("endpoint", "")):
            raise ChannelError("Địa chỉ nhận thông báo đẩy không hợp lệ.", bad_address=True)
        payload = json.dumps(
            {
                "title": message.subject,
                "body": message.text[:240],
                "url": message.link,
                "tag": message.tracking_id,
            },
            ensure_ascii=False,
        )
        try:
            response = webpush(
                subscription,
                data=payload,
                vapid_private_key=settings.VAPID_PRIVATE_KEY,
                vapid_claims={"sub": settings.VAPID_SUBJECT},
                timeout=settings.DELIVERY_TIMEOUT,
                ttl=24 * 3600,
            )
        except WebPushException as exc:
            if exc.response is None:
                raise ChannelError(f"Dịch vụ đẩy không phản hồi: {exc.message}", temporary=True) from exc
            answer = HttpAnswer(
                exc.response.status_code,
                exc.response.content or b"",
                {k.lower(): v for k, v in exc.response.headers.items()},
            )
            if answer.status in (404, 410):
                raise ChannelError(
                    f"Đăng ký nhận thông báo đã hết hạn ({answer.status})", bad_address=True
                ) from exc
            raise status_error(answer, "Dịch vụ đẩy") from exc
        except OSError as exc:  # requests' ConnectionError is an OSError
            raise ChannelError(f"Dịch vụ đẩy không phản hồi: {exc}", temporary=True) from exc
        location = getattr(response, "headers", {}).get("Location", "")
        return Sent(provider_id=location)
